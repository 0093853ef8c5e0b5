"""The workbook round trip (issue 17): export then import gives back the same graph, by the mapping tables of
mappings/sheet/; the workbook has its guide, frozen headers and drop-down lists from the code lists; an
organiser without a model gets the empty template."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from sotekg.settings import Settings
from sotekg.sheet.mapping import load_mapping, mapping_folder
from sotekg.sheet.workbook import export_csv_folder, export_workbook, read_workbook

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "regions" / "09.ttl"
SK = "https://w3id.org/sotekg/def#"
DCT = "http://purl.org/dc/terms/"
SETTINGS = Settings()
MAPPING = load_mapping(mapping_folder(SETTINGS))
# The sheets and their data rows for the shipped model, counted by hand in data/regions/09.ttl.
SHIPPED_ROWS = {
    "Malli": 1,  # the organiser's code alone (09.ttl has no description of itself yet)
    "Keskukset": 2,
    "Palvelut": 13,
    "Tiimit": 1,
    "Jäsenet": 10,
    "Toimintamallit": 4,
    "Digipalvelut": 7,
    "Kumppanit": 3,
    "Yhteydet": 4,
    "Tilastot": 3,
    "Muut": 0,
}


def shipped() -> Graph:
    return Graph().parse(SHIPPED)


def workbook_of(graph: Graph, code: str = "09") -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(export_workbook(graph, code, SETTINGS)))


def read_back(workbook: openpyxl.Workbook) -> Graph:
    """The graph of a workbook, which must read without an issue."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    conversion = read_workbook(buffer.getvalue(), SETTINGS)
    assert conversion.issues == []
    return conversion.graph


def data_rows(worksheet) -> list[tuple]:
    return [row for row in worksheet.iter_rows(min_row=3, values_only=True) if any(row)]


def test_export_then_import_is_isomorphic_to_the_shipped_model():
    model = shipped()
    conversion = read_workbook(export_workbook(model, "09", SETTINGS), SETTINGS)
    assert conversion.issues == []
    assert isomorphic(conversion.graph, model)


def test_every_triple_of_the_shipped_model_has_a_column():
    """Nothing of 09.ttl falls back to the sheet of other statements: every predicate is mapped."""
    workbook = workbook_of(shipped())
    counts = {name: len(data_rows(workbook[name])) for name in SHIPPED_ROWS}
    assert counts == SHIPPED_ROWS


def test_the_csv_folder_round_trip_is_isomorphic_too(tmp_path):
    model = shipped()
    files = export_csv_folder(model, "09", SETTINGS, tmp_path)
    assert sorted(path.name for path in files) == sorted(f"{sheet.key}.csv" for sheet in MAPPING.sheets)
    with (tmp_path / "members.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["tunniste", "tiimi"] and rows[1][:2] == ["id", "team"]
    assert len(rows) == 2 + 10
    conversion = read_workbook(tmp_path, SETTINGS)
    assert conversion.issues == []
    assert isomorphic(conversion.graph, model)


def test_the_model_description_goes_on_the_first_data_sheet_and_comes_back():
    """The model's own node (graph/region/09, as the evidence convention describes a source: data/regions/09.ttl
    says it is derived from seed 004) is a row of Malli."""
    model = shipped()
    node = URIRef("https://w3id.org/sotekg/graph/region/09")
    assert (
        node,
        URIRef(SK + "sourceKind"),
        URIRef("https://w3id.org/sotekg/code/source-kind/document-model"),
    ) in model
    model.add((node, URIRef(DCT + "issued"), Literal("2024", datatype=XSD.gYear)))
    workbook = workbook_of(model)
    rows = data_rows(workbook["Malli"])
    assert len(rows) == 1
    assert rows[0][0] == "09"
    assert rows[0][1] == "dcat:Dataset"
    assert rows[0][2].endswith("[document-model]")
    assert data_rows(workbook["Muut"]) == []
    assert isomorphic(read_back(workbook), model)


def test_triples_no_column_holds_exactly_go_to_the_other_sheet_and_come_back():
    model = shipped()
    centre = URIRef("https://w3id.org/sotekg/id/centre/09-sote-keskus")
    extra = [
        (centre, URIRef(SK + "ptvId"), Literal("abc-123")),  # a predicate no column maps
        (centre, SKOS.prefLabel, Literal("Toinen nimi", lang="fi")),  # a second Finnish name
        (URIRef("https://example.org/x"), RDF.type, URIRef(SK + "Centre")),  # a node outside every namespace
    ]
    for triple in extra:
        model.add(triple)
    # a one-value column keeps the first of two Finnish names (by text), the other goes to Muut; so do the
    # Swedish label the name_sv column cannot hold (rdfs:label only, no skos:prefLabel) and a team member's second
    # profession
    member = URIRef("https://w3id.org/sotekg/id/team-member/09-sote-keskus-tiimi-nurse")
    second_profession = (
        member,
        URIRef(SK + "profession"),
        URIRef("https://w3id.org/sotekg/code/profession/physician"),
    )
    swedish = (centre, RDFS.label, Literal("Päijänne-Tavastlands social- och hälsovårdscentraler", lang="sv"))
    for triple in (second_profession, swedish):
        model.add(triple)
    workbook = workbook_of(model)
    other = sorted(data_rows(workbook["Muut"]))
    moved = [*extra, swedish, second_profession]
    assert other == sorted((s.n3(), p.n3(), o.n3()) for s, p, o in moved)
    centres = {row[0]: row for row in data_rows(workbook["Keskukset"])}
    assert centres["09-sote-keskus"][2:5] == (
        "Päijät-Hämeen sote-keskukset (verkosto)",
        "Päijät-Häme sote-centres (network)",
        None,
    )
    members = {row[0]: row for row in data_rows(workbook["Jäsenet"])}
    assert members["09-sote-keskus-tiimi-nurse"][4] == "hoitaja [nurse]"  # "hoitaja" before "lääkäri"
    assert isomorphic(read_back(workbook), model)


def test_an_organiser_without_a_model_gets_the_empty_template():
    workbook = workbook_of(Graph(), "05")
    assert data_rows(workbook["Malli"]) == [("05",) + (None,) * 12]
    for name in SHIPPED_ROWS:
        if name != "Malli":
            assert data_rows(workbook[name]) == [], name
    buffer = io.BytesIO()
    workbook.save(buffer)
    conversion = read_workbook(buffer.getvalue(), SETTINGS)
    assert conversion.issues == []
    assert len(conversion.graph) == 0


def test_guide_headers_and_frozen_rows():
    workbook = workbook_of(shipped())
    assert workbook.sheetnames[0] == "Ohje"
    assert workbook["Listat"].sheet_state == "hidden"
    guide = list(workbook["Ohje"].iter_rows(min_row=5, values_only=True))
    described = {(row[0], row[2], row[3]) for row in guide if row[1]}
    expected = {(s.tab, c.header_fi, c.header_en) for s in MAPPING.sheets for c in s.columns}
    assert len(expected) > 90
    assert described == expected
    services = workbook["Palvelut"]
    assert services.freeze_panes == "B3"
    assert [services.cell(1, i).value for i in (1, 2, 3)] == ["tunniste", "keskus", "palvelu"]
    assert [services.cell(2, i).value for i in (1, 2, 3)] == ["id", "centre", "service"]
    # ids, codes and dates are text, so a spreadsheet keeps "09" and "2024-05" as typed; numbers stay numbers
    assert workbook["Malli"].column_dimensions["A"].number_format == "@"
    assert services.column_dimensions["J"].number_format == "@"  # date
    statistics = workbook["Tilastot"]
    assert statistics["F2"].value == "value" and statistics.column_dimensions["F"].number_format == "General"


def code_labels(scheme: str) -> dict[str, str]:
    graph = Graph().parse(ROOT / "ontology" / "codelists" / f"{scheme}.ttl")
    base = f"https://w3id.org/sotekg/code/{scheme}/"
    return {
        str(code)[len(base) :]: str(label)
        for code, label in graph.subject_objects(SKOS.prefLabel)
        if label.language == "fi" and str(code).startswith(base)
    }


@pytest.mark.parametrize(
    ("tab", "letter", "scheme"),
    [("Palvelut", "C", "service-type"), ("Jäsenet", "E", "profession"), ("Palvelut", "D", "channel")],
)
def test_code_columns_have_drop_down_lists_of_finnish_label_and_code(tab, letter, scheme):
    workbook = workbook_of(shipped())
    validations = [
        v for v in workbook[tab].data_validations.dataValidation if str(v.sqref).startswith(f"{letter}3:")
    ]
    assert len(validations) == 1
    sheet_name, cells = validations[0].formula1.split("!")
    assert sheet_name.strip("'") == "Listat"
    first, last = (part.replace("$", "") for part in cells.split(":"))
    listed = [row[0] for row in workbook["Listat"][f"{first}:{last}"]]
    labels = code_labels(scheme)
    assert len(labels) >= 5
    assert sorted(cell.value for cell in listed) == sorted(
        f"{label} [{code}]" for code, label in labels.items()
    )
    # channels take several values: the list warns instead of refusing "a; b"
    assert validations[0].errorStyle == ("warning" if scheme == "channel" else "stop")
