"""The store contract, asserted the same way on the embedded store and on a real Oxigraph server."""

from __future__ import annotations

from itertools import chain

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from sotekg.coverage import COVERAGE_GRAPH
from sotekg.errors import MalformedRDF, SotekgError, UserError
from sotekg.layout import default_graph_files
from sotekg.namespaces import CODE, COUNTY, graph_iri
from sotekg.rdfio import read_rdf_file, triples_of
from sotekg.store import GRAPH_MEDIA_TYPES, InvalidQuery, QueryTimeout, SelectResult, Store, TooManyRows
from sotekg.store.loading import files_by_graph

MINIMUM_SET = "https://w3id.org/sotekg/code/service-set/sote-centre-minimum"
ORGANISER_CODES = {f"{n:02d}" for n in range(1, 22)} | {"90"}
SCRATCH_TURTLE = """@prefix sk: <https://w3id.org/sotekg/def#> .
<https://w3id.org/sotekg/id/centre/test-1> a sk:SoteCentre ; sk:code "test-1" ; sk:note [ sk:text "blank" ] .
"""


def expected_graph(settings, iri: str) -> Graph:
    """The union of the files the layout puts into one named graph, parsed apart from any store."""
    paths = files_by_graph(default_graph_files(settings))[iri]
    graph = Graph()
    for triple in chain.from_iterable(triples_of(read_rdf_file(path)) for path in paths):
        graph.add(triple)
    return graph


def test_store_holds_every_default_graph_and_nothing_else(store: Store, settings):
    expected = sorted(files_by_graph(default_graph_files(settings)))
    assert {
        graph_iri("ontology"),
        graph_iri("codelists"),
        graph_iri("reference"),
        graph_iri("national"),
    } <= set(expected)
    assert store.graph_names() == sorted([*expected, COVERAGE_GRAPH])  # and the coverage derived from them
    counts = {iri: store.count(iri) for iri in expected}
    assert all(counts.values())
    assert store.count() == sum(counts.values()) + store.count(COVERAGE_GRAPH)


@pytest.mark.parametrize("name", ["ontology", "codelists", "reference"])
def test_a_named_graph_is_its_files(store: Store, settings, name: str):
    iri = graph_iri(name)
    expected = expected_graph(settings, iri)
    assert len(expected) > 100
    assert store.count(iri) == len(expected)
    assert isomorphic(store.graph(iri), expected)


def test_select_rows_are_rdflib_terms(store: Store):
    result = store.query(f"SELECT ?member WHERE {{ <{MINIMUM_SET}> skos:member ?member }} ORDER BY ?member")
    assert isinstance(result, SelectResult)
    assert result.variables == ["member"]
    members = {str(iri).rsplit("/", 1)[-1] for iri in result.column("member")}
    assert len(result) == 10 and len(members) == 10
    assert {"oral-health-care", "e-services", "outpatient-rehabilitation", "primary-health-care"} <= members
    assert all(isinstance(row["member"], URIRef) for row in result)


def test_default_graph_is_the_union_of_named_graphs(store: Store):
    """Organisers come from graph/reference, their status from graph/national: one pattern reaches both."""
    result = store.query("SELECT DISTINCT ?code WHERE { ?o a sk:ServiceOrganiser ; sk:code ?code }")
    assert {str(code) for code in result.column("code")} == ORGANISER_CODES
    assert all(code == Literal(str(code)) for code in result.column("code"))  # plain literals, no xsd:string


def test_unbound_variables_are_absent_from_rows(store: Store):
    result = store.query("SELECT ?a ?b WHERE { VALUES (?a ?b) { (1 UNDEF) (UNDEF 'x'@fi) } }")
    assert result.rows == [{"a": Literal(1)}, {"b": Literal("x", lang="fi")}]


def test_substitutions_bind_rdf_terms(store: Store):
    query = "SELECT ?label WHERE { ?organiser skos:prefLabel ?label FILTER(lang(?label) = ?lang) }"
    result = store.query(query, substitutions={"organiser": COUNTY["09"], "lang": Literal("fi")})
    assert result.rows == [{"label": Literal("Päijät-Hämeen hyvinvointialue", lang="fi")}]


def test_a_hostile_value_stays_a_value(store: Store):
    before = store.count()
    hostile = Literal('09" } } ; DROP ALL ; SELECT * { ?s ?p "')
    result = store.query("SELECT ?o WHERE { ?o sk:code ?code }", substitutions={"code": hostile})
    assert result.rows == []
    with pytest.raises(UserError, match="not a valid RDF term"):
        store.query("SELECT ?o WHERE { ?o ?p ?x }", substitutions={"x": URIRef("urn:a> } ; DROP ALL ; #")})
    assert store.count() == before


def test_a_parameter_inside_a_sub_select_only_group(store: Store):
    query = "SELECT * WHERE { SELECT ?o ?code WHERE { ?o a sk:ServiceOrganiser ; sk:code ?code } }"
    result = store.query(query, substitutions={"o": COUNTY["90"]})
    assert result.rows == [{"o": COUNTY["90"], "code": Literal("90")}]


def test_ask_and_construct(store: Store):
    assert store.query("ASK { county:09 a sk:ServiceOrganiser }") is True
    assert store.query("ASK { county:91 a sk:ServiceOrganiser }") is False
    graph = store.query(
        f"CONSTRUCT {{ <{MINIMUM_SET}> skos:member ?m }} WHERE {{ <{MINIMUM_SET}> skos:member ?m }}"
    )
    assert isinstance(graph, Graph)
    assert len(graph) == 10
    assert set(graph.objects(URIRef(MINIMUM_SET), SKOS.member)) >= {CODE["service-type/oral-health-care"]}


def test_row_cap_is_a_clear_error(store: Store):
    query = f"SELECT ?m WHERE {{ <{MINIMUM_SET}> skos:member ?m }}"
    assert len(store.query(query, max_rows=10)) == 10
    with pytest.raises(TooManyRows, match="more than 9 rows"):
        store.query(query, max_rows=9)
    with pytest.raises(TooManyRows):
        store.query(f"CONSTRUCT WHERE {{ <{MINIMUM_SET}> skos:member ?m }}", max_rows=3)


def test_time_limit_is_a_clear_error(store: Store, slow_query: str):
    with pytest.raises(QueryTimeout, match="limit of 0.2 s"):
        store.query(slow_query, timeout_s=0.2)


def test_engine_refusal_is_invalid_query(store: Store):
    with pytest.raises(InvalidQuery):
        store.query("SELECT ?x WHERE { ?x ?y }")


@pytest.mark.parametrize("media_type", sorted(GRAPH_MEDIA_TYPES))
def test_serialize_graph_round_trips(store: Store, media_type: str):
    iri = graph_iri("ontology")
    data = store.serialize_graph(iri, media_type)
    parsed = Graph().parse(data=data, format={"application/ld+json": "json-ld"}.get(media_type, media_type))
    assert len(parsed) == store.count(iri)
    assert isomorphic(parsed, store.graph(iri))


def test_unknown_graph_is_empty(store: Store):
    assert len(store.graph(graph_iri("region/99"))) == 0
    assert store.count(graph_iri("region/99")) == 0


def test_replace_graph_replaces(store: Store, scratch_graph: str):
    assert store.replace_graph(scratch_graph, SCRATCH_TURTLE) == 4
    assert store.count(scratch_graph) == 4
    assert scratch_graph in store.graph_names()
    new = Graph().parse(data='<urn:x:a> <urn:x:b> "c" .', format="turtle")
    assert store.replace_graph(scratch_graph, new) == 1
    assert isomorphic(store.graph(scratch_graph), new)


def test_bad_data_leaves_the_graph_as_it_was(store: Store, scratch_graph: str):
    store.replace_graph(scratch_graph, SCRATCH_TURTLE)
    before = store.graph(scratch_graph)
    with pytest.raises(MalformedRDF, match="line 2"):
        store.replace_graph(scratch_graph, '<urn:x:a> <urn:x:b> "c" .\n<urn:x:a> <urn:x:b> .')
    assert isomorphic(store.graph(scratch_graph), before)


def test_a_failing_update_request_changes_nothing(store: Store, scratch_graph: str):
    """replace_graph relies on the engine running one update request as one transaction: drop the graph, then
    fail in the same request, and the graph must still be there."""
    store.replace_graph(scratch_graph, SCRATCH_TURTLE)
    before = store.graph(scratch_graph)
    with pytest.raises(SotekgError):
        store._update(f"DROP GRAPH <{scratch_graph}> ; DROP GRAPH <{scratch_graph}/does-not-exist>")
    assert len(before) == 4
    assert isomorphic(store.graph(scratch_graph), before)


def test_load_file_adds(store: Store, scratch_graph: str, tmp_path):
    path = tmp_path / "extra.ttl"
    path.write_text('<urn:x:a> <urn:x:b> "more" .\n', encoding="utf-8")
    store.replace_graph(scratch_graph, SCRATCH_TURTLE)
    assert store.load_file(scratch_graph, path) == 1
    assert store.count(scratch_graph) == 5


def test_bad_graph_iri_is_refused(store: Store):
    with pytest.raises(UserError, match="not a valid graph IRI"):
        store.replace_graph("no scheme> } ; DROP ALL ; #", SCRATCH_TURTLE)


def test_both_stores_give_the_same_answers(embedded_store: Store, remote_store: Store):
    assert embedded_store.graph_names() == remote_store.graph_names()
    assert embedded_store.count() == remote_store.count()
    # ORDER BY a language-tagged literal is left to the engine by SPARQL 1.1 (Virtuoso and Oxigraph differ):
    # order by its text and tag
    select = (
        "SELECT ?o ?label WHERE { ?o a sk:ServiceOrganiser ; skos:prefLabel ?label }"
        " ORDER BY ?o STR(?label) LANG(?label)"
    )
    assert embedded_store.query(select).rows == remote_store.query(select).rows
    construct = "CONSTRUCT { ?o ?p ?v } WHERE { ?o a sk:ServiceOrganiser ; ?p ?v }"
    assert isomorphic(embedded_store.query(construct), remote_store.query(construct))
    national = graph_iri("national")
    assert isomorphic(embedded_store.graph(national), remote_store.graph(national))
