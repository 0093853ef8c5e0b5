"""Nothing let in through SPARQL: ``/sparql`` and ``/queries`` are read-only whatever the store.

Table-driven, on both stores: updates (every SPARQL Update form, and the protocol's update parameters),
``SERVICE`` anywhere (top level, lower case, by variable, SILENT, in a subquery inside OPTIONAL), ``LOAD`` of
files and URLs, and dataset clauses (``FROM``/``FROM NAMED``, ``default-graph-uri``/``named-graph-uri``: refused
rather than ignored, since the default graph is the union of the named graphs) are refused by the guard before the
store sees them. Every URL in these queries points at a recording server on 127.0.0.1, and the remote store — a
real Oxigraph server that would follow ``SERVICE`` and ``LOAD`` — must never contact it. Over-long and deeply
nested queries are clear 4xx errors, a query past the time limit or the row cap is stopped with 422, and the
store holds the same triples afterwards. ``/queries/{name}`` runs only the files in ``queries/`` and binds its
parameters as RDF terms: SPARQL in a parameter value stays a literal. On the embedded store, public queries
hold slots of their own, so queries running past their limit cannot hold up the application's.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import WRITER_TOKEN, bearer
from fastapi.testclient import TestClient
from pydantic import SecretStr
from trust_models import MODEL_A, REGION_09_GRAPH, TURTLE

from api.app import create_app
from sotekg.settings import Settings
from sotekg.store import QueryTimeout, Store
from sotekg.store.embedded import PUBLIC_QUERY_SLOTS

LIMITS = {"max_query_chars": 20_000, "query_timeout_s": 0.3, "max_result_rows": 5}


def refused_queries(url: str) -> list[tuple[str, str, int, str]]:
    """(case, query, status, error) of every query the guard must refuse; ``url`` is the recording server."""
    triple = "<https://example.org/a> <https://example.org/p> <https://example.org/b>"
    graph = "<https://w3id.org/sotekg/graph/region/09>"
    update, service, dataset = (
        (403, "update_not_allowed"),
        (403, "service_not_allowed"),
        (400, "dataset_not_supported"),
    )
    cases = [
        ("INSERT DATA", f"INSERT DATA {{ GRAPH {graph} {{ {triple} }} }}", *update),
        (
            "INSERT DATA after PREFIX",
            f"PREFIX ex: <https://example.org/> INSERT DATA {{ {triple} }}",
            *update,
        ),
        ("DELETE DATA", f"DELETE DATA {{ GRAPH {graph} {{ {triple} }} }}", *update),
        ("DELETE WHERE", "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", *update),
        ("DELETE/INSERT WHERE", f"DELETE {{ ?s ?p ?o }} INSERT {{ {triple} }} WHERE {{ ?s ?p ?o }}", *update),
        ("WITH", f"WITH {graph} DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", *update),
        ("LOAD a file", "LOAD <file:///etc/passwd>", *update),
        ("LOAD a URL into a graph", f"LOAD SILENT <{url}/data.ttl> INTO GRAPH {graph}", *update),
        ("CLEAR ALL", "CLEAR ALL", *update),
        ("CLEAR GRAPH", f"CLEAR GRAPH {graph}", *update),
        ("DROP ALL", "DROP ALL", *update),
        ("DROP GRAPH", f"DROP SILENT GRAPH {graph}", *update),
        ("CREATE", "CREATE GRAPH <https://example.org/new>", *update),
        ("ADD", f"ADD {graph} TO <https://example.org/copy>", *update),
        ("MOVE", f"MOVE {graph} TO <https://example.org/moved>", *update),
        ("COPY", f"COPY {graph} TO <https://example.org/copy>", *update),
        ("SERVICE", f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", *service),
        ("service, lower case", f"select * where {{ service <{url}/sparql> {{ ?s ?p ?o }} }}", *service),
        ("SERVICE SILENT", f"SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}", *service),
        (
            "SERVICE by variable",
            f"SELECT * WHERE {{ BIND(<{url}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
            *service,
        ),
        (
            "SERVICE in a subquery in OPTIONAL",
            f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SELECT ?s WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }} }} }}",
            *service,
        ),
        ("SERVICE in ASK", f"ASK {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", *service),
        ("FROM a file", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", *dataset),
        ("FROM a URL", f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}", *dataset),
        ("FROM NAMED", f"SELECT * FROM NAMED <{url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", *dataset),
        ("CONSTRUCT FROM", f"CONSTRUCT {{ ?s ?p ?o }} FROM <{url}/g> WHERE {{ ?s ?p ?o }}", *dataset),
        (
            "a query, then an update",
            f"SELECT * WHERE {{ ?s ?p ?o }} ; INSERT DATA {{ {triple} }}",
            400,
            "query_syntax",
        ),
        ("too long", "SELECT * WHERE { ?s ?p ?o } #" + "x" * 20_000, 413, "query_too_long"),
        (
            "5,000 nested groups",
            "SELECT * WHERE " + "{" * 5_000 + " ?s ?p ?o " + "}" * 5_000,
            400,
            "query_syntax",
        ),
        (
            "800 nested OPTIONALs",
            "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 800 + "}" * 800 + " }",
            400,
            "query_syntax",
        ),
        (
            "5,000 nested parentheses",
            "ASK { FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ") }",
            400,
            "query_syntax",
        ),
    ]
    return cases


@pytest.fixture
def writable_settings_embedded(embedded_store: Store, tmp_path) -> Settings:
    return embedded_store.settings.model_copy(
        update={"token": SecretStr(WRITER_TOKEN), "history_dir": tmp_path / "history", "query_timeout_s": 2.0}
    )


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store.settings.model_copy(update=LIMITS), store=store)) as client:
        yield client


def test_every_refused_form_is_stopped_before_the_store(client, store, recording_server):
    url, contacted = recording_server
    before = store.count()
    cases = refused_queries(url)
    for case, query, status, error in cases:
        answers = [
            client.get("/sparql", params={"query": query}),
            client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"}),
            client.post("/sparql", data={"query": query}),
        ]
        for answer in answers:
            assert (answer.status_code, answer.json()["error"]) == (status, error), (case, answer.text)
    assert len(cases) == 31
    assert contacted == [], "a SERVICE, LOAD or FROM URL was fetched"
    assert store.count() == before


def test_updates_through_the_protocol_are_refused(client, store):
    before = store.count()
    update = "DROP ALL"
    answers = [
        client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"}),
        client.post("/sparql", data={"update": update}),
        client.get("/sparql", params={"update": update}),
        client.post("/sparql", data={"query": "ASK {}", "using-graph-uri": "https://example.org/g"}),
    ]
    assert [(a.status_code, a.json()["error"]) for a in answers] == [(403, "update_not_allowed")] * 4
    for parameter in ("default-graph-uri", "named-graph-uri"):
        answer = client.get("/sparql", params={"query": "ASK {}", parameter: "file:///etc/passwd"})
        assert (answer.status_code, answer.json()["error"]) == (400, "dataset_not_supported")
    assert store.count() == before


def test_describe_and_iri_functions_fetch_nothing(client, recording_server):
    url, contacted = recording_server
    described = client.get(
        "/sparql", params={"query": f"DESCRIBE <{url}/thing>"}, headers={"Accept": "text/turtle"}
    )
    assert described.status_code == 200 and described.text.strip() == ""
    bound = client.get("/sparql", params={"query": f'SELECT ?x WHERE {{ BIND(IRI("{url}/x") AS ?x) }}'})
    assert bound.json()["results"]["bindings"] == [{"x": {"type": "uri", "value": f"{url}/x"}}]
    assert contacted == []


def test_long_queries_are_stopped_with_504_and_big_answers_with_422(client, store, slow_query):
    before = store.count()
    timed_out = client.get("/sparql", params={"query": slow_query})
    assert (timed_out.status_code, timed_out.json()["error"]) == (504, "query_timeout")
    assert "0.3 s" in timed_out.json()["detail"]
    too_many = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"})  # cap: 5
    assert (too_many.status_code, too_many.json()["error"]) == (422, "too_many_rows")
    within = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
    assert within.status_code == 200 and len(within.json()["results"]["bindings"]) == 5
    assert store.count() == before


def test_named_queries_run_only_library_files(client):
    for path in (
        "/queries/../../etc/passwd",
        "/queries/%2e%2e/%2e%2e/etc/passwd",
        "/queries/analytics/coverage-matrix.rq",
        "/queries/file:///etc/passwd",
    ):
        answer = client.get(path)
        assert answer.status_code == 404, (path, answer.text)
    arbitrary = client.get("/queries/analytics/services-by-channel", params={"query": "DROP ALL"})
    assert (arbitrary.status_code, arbitrary.json()["error"]) == (400, "bad_request")
    assert "unknown parameter 'query'" in arbitrary.json()["detail"]


def test_sparql_in_a_parameter_stays_a_literal(client, store):
    before = store.count()
    baseline = client.get("/queries/analytics/services-by-channel", params={"region": "09"}).json()
    assert baseline["rows"] and {row["__region"] for row in baseline["rows"]} == {"09"}
    injection = '09" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #'
    injected = client.get("/queries/analytics/services-by-channel", params={"region": injection})
    assert injected.status_code == 200, injected.text
    assert injected.json()["rows"] == [] and injected.json()["parameters"] == {"region": injection}
    bad_iri = client.get("/queries/lookup/rdf/centre", params={"centre_iri": "https://x> } ; DROP ALL ; <y"})
    assert bad_iri.status_code == 400, bad_iri.text
    assert store.count() == before


def test_runaway_public_queries_leave_the_application_its_own_queries(
    embedded_store, writable_settings_embedded
):
    """pyoxigraph cannot stop a query, so public queries past their limit keep running; they hold only the
    public slots. With every public slot held (as by runaway queries), /sparql answers 422 at its limit while
    lookups, RDF views and a write — whose index rebuild queries the store — still work."""
    store = embedded_store
    held = [store._public_slots.acquire(timeout=5) for _ in range(PUBLIC_QUERY_SLOTS)]
    saved = store.serialize_graph(REGION_09_GRAPH, "application/n-triples")
    try:
        assert held == [True] * PUBLIC_QUERY_SLOTS
        with pytest.raises(QueryTimeout):
            store.query("ASK {}", timeout_s=0.2, public=True)
        assert store.query("ASK { GRAPH ?g { ?s ?p ?o } }", timeout_s=5) is True
        with TestClient(create_app(writable_settings_embedded, store=store)) as client:
            refused = client.get("/sparql", params={"query": "ASK {}"})
            assert (refused.status_code, refused.json()["error"]) == (504, "query_timeout")
            assert client.get("/regions/09/services", headers={"Accept": "text/turtle"}).status_code == 200
            written = client.put("/regions/09/model", content=MODEL_A, headers={**TURTLE, **bearer()})
            assert written.status_code == 200, written.text
            services = {service["code"] for service in client.get("/regions/09/services").json()["services"]}
            assert "home-delivered-services" in services
    finally:
        for _ in held:
            store._public_slots.release()
        store.replace_graph(REGION_09_GRAPH, saved, "application/n-triples")
