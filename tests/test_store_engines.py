"""What the SPARQL servers do differently, and that the remote store makes the answers equal
(sotekg.store.engines; docs/sparql-servers.md). Each test runs on both servers (``remote_store``)."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from pydantic import SecretStr
from rdflib import Graph
from rdflib.compare import isomorphic

from sotekg.publish import Catalogue
from sotekg.store import SelectResult, Store, StoreUnavailable, open_store
from sotekg.store.engines import STANDARD, VIRTUOSO, VIRTUOSO_SYSTEM_GRAPHS, engine_of

GRAPHS = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def server_graphs(store: Store) -> set[str]:
    """Every graph the server answers with to a plain client (no profile in between)."""
    answer = httpx.post(
        store.settings.endpoint,
        data={"query": GRAPHS},
        headers={"Accept": "application/sparql-results+xml"},
        timeout=60,
    )
    answer.raise_for_status()
    solutions = ox.parse_query_results(answer.content, format=ox.QueryResultsFormat.XML)
    return {solution["g"].value for solution in solutions}


def test_the_server_is_recognised_by_its_server_header(remote_store: Store):
    expected = VIRTUOSO if remote_store.settings.endpoint.endswith("/sparql") else STANDARD
    assert remote_store.engine is expected  # type: ignore[attr-defined]
    assert engine_of("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu") is VIRTUOSO
    assert engine_of("Oxigraph/0.5.0") is STANDARD and engine_of(None) is STANDARD


def test_the_servers_own_graphs_stay_out_of_the_graph_list_and_counts(
    remote_store: Store, embedded_store: Store
):
    own = server_graphs(remote_store) - set(embedded_store.graph_names())
    own = {graph for graph in own if "/graph/test/" not in graph}  # other tests' scratch graphs
    if remote_store.engine is VIRTUOSO:  # type: ignore[attr-defined]
        assert own == set(VIRTUOSO_SYSTEM_GRAPHS)  # found on a fresh Virtuoso 7.2.5
    else:
        assert own == set()
    assert not own & set(remote_store.graph_names())
    ours = [graph for graph in remote_store.graph_names() if "/graph/test/" not in graph]
    assert ours == embedded_store.graph_names()
    assert sum(remote_store.count(graph) for graph in ours) == embedded_store.count()


def test_a_construct_is_a_graph_and_counts_are_integers_on_every_server(remote_store: Store):
    """Virtuoso answers a CONSTRUCT with a table to a client that also takes tables: the store asks by form."""
    graph = remote_store.query("CONSTRUCT { ?o a sk:ServiceOrganiser } WHERE { ?o a sk:ServiceOrganiser }")
    assert not isinstance(graph, SelectResult) and len(graph) == 22
    answer = remote_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?o a sk:ServiceOrganiser }")
    assert isinstance(answer, SelectResult)
    assert answer.rows[0]["n"].toPython() == 22 and str(answer.rows[0]["n"].datatype).endswith("#integer")


@pytest.mark.parametrize("triples", [0, 1, 5_000])
def test_graphs_of_any_size_are_replaced_whole(remote_store: Store, triples: int):
    """Virtuoso refuses an INSERT DATA of a few thousand triples: it gets them through its Graph Store
    Protocol endpoint instead, and an empty replacement is a drop."""
    iri = f"https://w3id.org/sotekg/graph/test/engines-{triples}"
    data = "".join(f'<urn:x:s{i}> <urn:x:p> "{i}" .\n' for i in range(triples))
    try:
        assert remote_store.replace_graph(iri, data, "application/n-triples") == triples
        assert remote_store.count(iri) == triples
        assert remote_store.replace_graph(iri, '<urn:x:s> <urn:x:p> "again" .', "application/n-triples") == 1
        assert remote_store.count(iri) == 1
    finally:
        remote_store.replace_graph(iri, "", "application/n-triples")
    assert remote_store.count(iri) == 0 and iri not in remote_store.graph_names()


def test_virtuosos_authenticated_endpoint_takes_credentials_from_settings(
    virtuoso_server: str, virtuoso_store: Store
):
    """Instead of granting updates to the anonymous user: ``/sparql-auth`` with HTTP Digest credentials from
    settings (``endpoint_user``, ``endpoint_password``); without them the server refuses, and says so."""
    iri = "https://w3id.org/sotekg/graph/test/engines-auth"
    endpoint = f"{virtuoso_server}/sparql-auth"
    with_credentials = open_store(
        virtuoso_store.settings.model_copy(
            update={"endpoint": endpoint, "endpoint_user": "dba", "endpoint_password": SecretStr("dba")}
        )
    )
    try:
        assert with_credentials.replace_graph(iri, '<urn:x:a> <urn:x:b> "c" .', "application/n-triples") == 1
        assert virtuoso_store.count(iri) == 1
        without = open_store(virtuoso_store.settings.model_copy(update={"endpoint": endpoint}))
        with pytest.raises(StoreUnavailable, match="answered 401"):
            without.count()
    finally:
        with_credentials.replace_graph(iri, "", "application/n-triples")
    assert virtuoso_store.count(iri) == 0


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("region-services", "09"),
        ("region-services", "17"),
        ("centre", "09-sote-keskus"),
        ("region", "09"),
        ("service-regions", "outpatient-rehabilitation"),
        ("service-regions", "primary-health-care"),
        ("municipality", "905"),
        ("regions", None),
        ("services", None),
    ],
)
def test_rdf_views_are_the_embedded_stores_graphs(remote_store: Store, embedded_store: Store, kind, key):
    """The RDF views (CONSTRUCT with a UNION per kind of fact) give the same graph on every server: on Virtuoso 7
    a UNION beside a ``*`` property path and a negation lost branches until the queries were rewritten."""
    views = []
    for store in (embedded_store, remote_store):
        catalogue = Catalogue(store, store.settings)
        try:
            body = catalogue.rdf_view(kind, key, "application/n-triples").body
        finally:
            catalogue.close()
        views.append(Graph().parse(data=body, format="nt"))
    assert len(views[0]) > 50 and isomorphic(*views)
