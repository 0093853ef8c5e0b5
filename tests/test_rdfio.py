"""sotekg.rdfio: every supported format parses to the same triples; bad input gives one-line errors with positions."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from sotekg import rdfio
from sotekg.errors import MalformedRDF, TooLarge, UnsupportedFormat, UserError
from sotekg.rdfio import (
    parse_rdf,
    rdf_format,
    read_rdf_file,
    triples_of,
    union_graph,
)

EX = "https://example.org/"
TURTLE = f"""@prefix ex: <{EX}> .
ex:centre ex:label "Keskus"@fi ; ex:code "09" ; ex:count 3 ; ex:offers [ ex:type ex:oral ] .
"""
SAME_DATA = {
    "text/turtle": TURTLE,
    "application/trig": f"@prefix ex: <{EX}> .\n{{ {TURTLE.split(chr(10), 1)[1]} }}",
    "application/n-triples": (
        f'<{EX}centre> <{EX}label> "Keskus"@fi .\n<{EX}centre> <{EX}code> "09" .\n'
        f'<{EX}centre> <{EX}count> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        f"<{EX}centre> <{EX}offers> _:o .\n_:o <{EX}type> <{EX}oral> .\n"
    ),
    "application/ld+json": (
        f'{{"@context": {{"ex": "{EX}"}}, "@id": "ex:centre", "ex:label": {{"@value": "Keskus", "@language": "fi"}},'
        f' "ex:code": "09", "ex:count": 3, "ex:offers": {{"ex:type": {{"@id": "ex:oral"}}}}}}'
    ),
    "application/rdf+xml": (
        f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="{EX}">'
        f'<rdf:Description rdf:about="{EX}centre"><ex:label xml:lang="fi">Keskus</ex:label><ex:code>09</ex:code>'
        '<ex:count rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">3</ex:count>'
        f'<ex:offers><rdf:Description><ex:type rdf:resource="{EX}oral"/></rdf:Description></ex:offers>'
        "</rdf:Description></rdf:RDF>"
    ),
}


@pytest.mark.parametrize("media_type", sorted(SAME_DATA))
def test_every_format_gives_the_same_triples(media_type: str):
    reference = Graph().parse(data=TURTLE, format="turtle")
    parsed = union_graph(parse_rdf(SAME_DATA[media_type], media_type))
    assert len(parsed) == 5
    assert isomorphic(parsed, reference)
    # plain literals stay untyped, so they equal the literals rdflib parses from the shapes
    assert (URIRef(EX + "centre"), URIRef(EX + "code"), Literal("09")) in parsed


def test_named_graphs_are_kept_and_merged_on_request():
    dataset = parse_rdf(
        f"<{EX}g> {{ <{EX}a> <{EX}b> <{EX}c> }} <{EX}a> <{EX}b> <{EX}d> .", "application/trig"
    )
    names = {str(graph.identifier) for graph in dataset.graphs() if len(graph)}
    assert EX + "g" in names
    assert len(triples_of(dataset)) == 2
    assert len(union_graph(dataset)) == 2


def test_prefixes_of_the_input_are_bound():
    dataset = parse_rdf(TURTLE, "turtle")
    assert dict(dataset.namespaces())["ex"] == URIRef(EX)


@pytest.mark.parametrize(
    ("name", "text", "position", "reason"),
    [
        (
            "bad.ttl",
            f'@prefix ex: <{EX}> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n',
            "line 3, column 11",
            "end of file",
        ),
        ("bad.nt", f"<{EX}a> <{EX}b> <{EX}c> .\n<{EX}a> <{EX}b> c .\n", "line 2,", "object"),
        ("bad.jsonld", f'{{"@id": "{EX}a",\n "{EX}b": 1,\n}}', "line 3, column 1", "Trailing comma"),
        ("bad.trig", f"<{EX}g> {{ <{EX}a> <{EX}b> <{EX}c> .\n", "line 2", ""),
        (
            "bad.rdf",
            (
                f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="{EX}">\n'
                f'<rdf:Description rdf:about="{EX}a"><ex:b>1</ex:c></rdf:Description></rdf:RDF>'
            ),
            "line 2, column 61",
            "ill-formed",
        ),
    ],
)
def test_malformed_input_gives_one_line_with_file_line_and_column(
    tmp_path: Path, name: str, text: str, position: str, reason: str
):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MalformedRDF) as raised:
        read_rdf_file(path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{path}, {position}")
    assert reason in message
    assert isinstance(raised.value, UserError) and raised.value.code == 2


def test_request_body_is_named_in_errors():
    with pytest.raises(MalformedRDF, match=r"^request body, line 1, column \d+: "):
        parse_rdf(b"<https://example.org/a> <https://example.org/b> .", "text/turtle")


def test_remote_jsonld_context_is_refused_not_fetched():
    body = '{"@context": "https://schema.org/", "@id": "https://example.org/a", "name": "x"}'
    with pytest.raises(MalformedRDF, match="remote JSON-LD contexts are not fetched"):
        parse_rdf(body, "application/ld+json")


def test_size_and_triple_guards():
    with pytest.raises(TooLarge, match="more than 4 triples"):
        parse_rdf(TURTLE, "turtle", max_triples=4)
    assert len(parse_rdf(TURTLE, "turtle", max_triples=5)) == 5
    with pytest.raises(TooLarge, match="over the limit of 10 bytes"):
        parse_rdf(TURTLE, "turtle", max_bytes=10)


def test_formats_by_name_media_type_and_extension():
    assert rdf_format("turtle").media_type == "text/turtle"
    assert rdf_format("text/turtle; charset=utf-8").media_type == "text/turtle"
    assert rdf_format("application/json").media_type == "application/ld+json"
    assert rdf_format(path="model.jsonld").media_type == "application/ld+json"
    assert rdf_format(path="model.NQ").media_type == "application/n-quads"
    with pytest.raises(UnsupportedFormat, match="text/csv"):
        rdf_format("text/csv")
    with pytest.raises(UnsupportedFormat, match="model.txt"):
        rdf_format(path="model.txt")


def test_missing_file_is_a_user_error(tmp_path: Path):
    with pytest.raises(UserError, match="missing.ttl: cannot read"):
        read_rdf_file(tmp_path / "missing.ttl")


def test_triple_terms_are_refused():
    with pytest.raises(MalformedRDF, match="triple terms"):
        parse_rdf(f"<< <{EX}a> <{EX}b> <{EX}c> >> <{EX}d> <{EX}e> .", "turtle")


def test_docstring_examples():
    assert doctest.testmod(rdfio, optionflags=doctest.ELLIPSIS).failed == 0


def test_quads_for_oxigraph_keep_graph_names_and_prefixes(tmp_path: Path):
    quads, prefixes = rdfio.parse_quads(f"@prefix ex: <{EX}> .\nex:g {{ ex:a ex:b ex:c }}", "trig")
    assert prefixes == {"ex": EX}
    assert [(q.subject.value, q.graph_name.value) for q in quads] == [(EX + "a", EX + "g")]
    path = tmp_path / "model.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    assert len(rdfio.read_quads_file(path)) == 5
