"""Result tables: RDF terms become plain values once, and every output format carries the same rows."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode, Literal, URIRef

from sotekg.errors import UserError
from sotekg.store.results import SelectResult
from sotekg.tabular import FORMATS, ResultTable, cell_value, compact_iri, render


def typed(lexical: str, datatype: str) -> Literal:
    return Literal(lexical, datatype=URIRef(f"http://www.w3.org/2001/XMLSchema#{datatype}"))


RESULT = SelectResult(
    variables=["organiser", "code", "centres", "share", "latest", "note"],
    rows=[
        {
            "organiser": URIRef("http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/09"),
            "code": Literal("09"),
            "centres": typed("2", "integer"),
            "share": typed("22.7", "decimal"),
            "latest": typed("true", "boolean"),
            "note": Literal('yli 70 %, "noin"', lang="fi"),
        },
        {"code": Literal("90"), "centres": typed("0", "integer")},
    ],
)


def test_cells_keep_meaning_not_syntax():
    assert cell_value(typed("1548", "integer")) == 1548
    assert cell_value(typed("0.0", "decimal")) == 0.0
    assert cell_value(typed("false", "boolean")) is False
    assert cell_value(typed("2023-10", "gYearMonth")) == "2023-10"
    assert cell_value(typed("not a number", "integer")) == "not a number"
    assert cell_value(URIRef("https://w3id.org/sotekg/id/centre/09-sote-keskus")).endswith("09-sote-keskus")
    assert cell_value(BNode("b0")) == "_:b0"
    assert cell_value(None) is None


def test_list_cells_come_sorted_and_an_empty_list_unbound():
    """GROUP_CONCAT parts in the order SPARQL leaves to the engine become sorted; "" (Virtuoso's answer for a
    group whose values are all unbound) becomes unbound, as Oxigraph answers; other columns are left alone."""
    table = ResultTable(
        ("region", "digital", "phones", "note"),
        (
            ("09", "Omaolo; Chatbot; Sähköiset lomakkeet", "+35863252568 +35863251605", "b; a"),
            ("09", "", None, None),
            ("10", None, "+35863251711", ""),
        ),
    )
    tidy = table.with_sorted_lists({"digital": "; ", "phones": " ", "absent": "; "})
    assert tidy.rows == (
        ("09", "Chatbot; Omaolo; Sähköiset lomakkeet", "+35863251605 +35863252568", "b; a"),
        ("09", None, None, None),
        ("10", None, "+35863251711", ""),
    )
    assert table.with_sorted_lists({}) is table


def test_table_from_a_select_result_keeps_column_order_and_unbound_cells():
    table = ResultTable.from_select(RESULT)
    assert table.columns == ("organiser", "code", "centres", "share", "latest", "note")
    assert table.rows[1] == (None, "90", 0, None, None, None)
    assert table.column("centres") == [2, 0]


def test_every_format_carries_the_same_rows():
    table = ResultTable.from_select(RESULT)
    as_json = json.loads(render(table, "json"))
    assert as_json["columns"] == list(table.columns)
    assert as_json["rows"][0]["share"] == 22.7 and as_json["rows"][0]["latest"] is True
    assert [json.loads(line) for line in render(table, "ndjson").splitlines()] == as_json["rows"]
    rows = list(csv.reader(io.StringIO(render(table, "csv"))))
    assert rows[0] == list(table.columns) and rows[1][5] == 'yli 70 %, "noin"' and rows[2][0] == ""
    assert render(table, "tsv").splitlines()[2].split("\t") == ["", "90", "0", "", "", ""]


def test_aligned_table_is_aligned_and_counts_rows():
    lines = render(ResultTable.from_select(RESULT), "table").splitlines()
    assert lines[0].split() == ["organiser", "code", "centres", "share", "latest", "note"]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].startswith("county:09 ")  # IRIs under a known prefix are shortened for reading
    right_edge = lines[0].index("centres") + len("centres") - 1
    assert (lines[2][right_edge], lines[3][right_edge]) == ("2", "0")  # numbers are right-aligned
    assert lines[-1] == "(2 rows)"


def test_compact_iri_uses_the_longest_known_prefix():
    assert (
        compact_iri("https://w3id.org/sotekg/code/service-type/oral-health-care")
        == "code:service-type/oral-health-care"
    )
    assert compact_iri("https://example.org/x") == "https://example.org/x"


def test_unknown_format_names_the_choices():
    with pytest.raises(UserError, match="unknown format 'xml'.*" + ", ".join(FORMATS)):
        render(ResultTable((), ()), "xml")
