"""Real SPARQL clients against a real server: SPARQLWrapper and rdflib's SPARQLStore talk to ``/sparql`` served
by uvicorn over each store, and get the same rows the store API gives."""

from __future__ import annotations

from urllib.error import HTTPError

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from sotekg.namespaces import COUNTY, SK
from sotekg.store import Store

ORGANISERS = (
    "SELECT ?organiser ?code WHERE { ?organiser a sk:ServiceOrganiser ; sk:code ?code } ORDER BY ?code"
)
CONSTRUCT = "CONSTRUCT { ?o sk:code ?code } WHERE { ?o a sk:ServiceOrganiser ; sk:code ?code }"


def expected_rows(store: Store) -> list[tuple[str, str]]:
    rows = [(str(row["organiser"]), str(row["code"])) for row in store.query(ORGANISERS)]
    assert len(rows) == 22
    return rows


def wrapper(live_server: str, query: str, return_format: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{live_server}/sparql")
    client.setQuery(query)
    client.setReturnFormat(return_format)
    client.setTimeout(30)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(live_server: str, store: Store, method: str):
    client = wrapper(live_server, ORGANISERS, JSON)
    client.setMethod(method)
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert [(b["organiser"]["value"], b["code"]["value"]) for b in bindings] == expected_rows(store)


def test_sparqlwrapper_select_xml(live_server: str, store: Store):
    document = wrapper(live_server, ORGANISERS, XML).queryAndConvert()
    codes = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert codes == [code for _, code in expected_rows(store)]


@pytest.mark.parametrize("return_format", [TURTLE, XML])
def test_sparqlwrapper_construct(live_server: str, store: Store, return_format: str):
    converted = wrapper(live_server, CONSTRUCT, return_format).queryAndConvert()
    graph = converted if isinstance(converted, Graph) else Graph().parse(data=converted, format="turtle")
    assert len(graph) == 22
    assert isomorphic(graph, store.query(CONSTRUCT))


def test_sparqlwrapper_update_is_refused(live_server: str, store: Store):
    before = store.count()
    client = wrapper(live_server, "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", JSON)
    client.setMethod(POST)
    client.updateEndpoint = f"{live_server}/sparql"
    with pytest.raises(HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    assert store.count() == before


def test_sparqlwrapper_syntax_error(live_server: str):
    with pytest.raises(QueryBadFormed, match="query_syntax"):
        wrapper(live_server, "SELECT ?x WHERE { ?x ?y }", JSON).query()


def test_rdflib_sparqlstore_query_and_triples(live_server: str, store: Store):
    remote = Graph(store=SPARQLStore(query_endpoint=f"{live_server}/sparql"))
    rows = [(str(row.organiser), str(row.code)) for row in remote.query(ORGANISERS)]
    assert rows == expected_rows(store)
    codes = set(remote.objects(COUNTY["09"], SK.code))
    assert codes == {Literal("09")}
    assert set(remote.triples((COUNTY["09"], None, None))) == set(
        store.query("CONSTRUCT WHERE { county:09 ?p ?o }").triples((None, None, None))
    )
