"""``/sparql`` through the API on both stores: the SPARQL 1.1 Protocol's three ways in, every result format
holding the same rows, the read-only guard, the limits, and the Service Description."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF
from rdflib.query import Result

from api.app import create_app
from sotekg.namespaces import COUNTY
from sotekg.sparql_protocol import SD
from sotekg.store import Store

ORGANISERS = (
    "SELECT ?organiser ?code WHERE { ?organiser a sk:ServiceOrganiser ; sk:code ?code } ORDER BY ?code"
)
ORGANISER_CODES = [f"{n:02d}" for n in range(1, 22)] + ["90"]
CONSTRUCT = "CONSTRUCT { ?o sk:code ?code ; a sk:ServiceOrganiser } WHERE { ?o a sk:ServiceOrganiser ; sk:code ?code }"
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def codes_from_json(response) -> list[str]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    document = response.json()
    assert document["head"]["vars"] == ["organiser", "code"]
    return [binding["code"]["value"] for binding in document["results"]["bindings"]]


def test_get_post_and_form_give_the_same_rows(api_client: TestClient):
    by_get = codes_from_json(api_client.get("/sparql", params={"query": ORGANISERS}))
    by_post = codes_from_json(
        api_client.post("/sparql", content=ORGANISERS, headers={"Content-Type": "application/sparql-query"})
    )
    by_form = codes_from_json(api_client.post("/sparql", data={"query": ORGANISERS}))
    assert by_get == by_post == by_form == ORGANISER_CODES


def test_every_result_format_holds_the_same_rows(api_client: TestClient, store: Store):
    expected = [(str(row["organiser"]), str(row["code"])) for row in store.query(ORGANISERS)]
    assert len(expected) == 22

    def fetch(accept: str) -> bytes:
        response = api_client.get("/sparql", params={"query": ORGANISERS}, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(accept)
        return response.content

    xml = Result.parse(io.BytesIO(fetch("application/sparql-results+xml")), format="xml")
    assert [(str(row.organiser), str(row.code)) for row in xml] == expected
    table = list(csv.reader(io.StringIO(fetch("text/csv").decode("utf-8"))))
    assert table[0] == ["organiser", "code"] and [tuple(row) for row in table[1:]] == expected
    tsv = ox.parse_query_results(fetch("text/tab-separated-values"), format=ox.QueryResultsFormat.TSV)
    assert [(s["organiser"].value, s["code"].value) for s in tsv] == expected
    assert expected[-1] == (str(COUNTY["90"]), "90")


def test_ask(api_client: TestClient):
    def ask(query: str) -> bool:
        return api_client.get("/sparql", params={"query": query}).json()["boolean"]

    assert ask("ASK { county:09 a sk:ServiceOrganiser }") is True
    assert ask("ASK { county:91 a sk:ServiceOrganiser }") is False
    xml = api_client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert "<boolean>true</boolean>" in xml.text


@pytest.mark.parametrize("media_type", sorted(RDF_FORMATS))
def test_construct_in_every_rdf_format(api_client: TestClient, store: Store, media_type: str):
    expected = store.query(CONSTRUCT)
    assert len(expected) == 44
    response = api_client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": media_type})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    assert isomorphic(Graph().parse(data=response.content, format=RDF_FORMATS[media_type]), expected)


def test_construct_defaults_to_turtle_and_describe_works(api_client: TestClient):
    response = api_client.get("/sparql", params={"query": "DESCRIBE county:09"})
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    described = Graph().parse(data=response.text, format="turtle")
    assert (COUNTY["09"], URIRef("https://w3id.org/sotekg/def#code"), Literal("09")) in described


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/*;q=0.8, application/sparql-results+json;q=0.1", "text/csv"),
        ("application/json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/turtle, text/tab-separated-values;q=0.2", "text/tab-separated-values"),
    ],
)
def test_accept_negotiation_with_q_values(api_client: TestClient, accept: str, expected: str):
    response = api_client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected


def test_nothing_acceptable_is_406(api_client: TestClient):
    response = api_client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/turtle, image/png"}
    )
    assert response.status_code == 406
    assert response.json()["error"] == "not_acceptable"
    assert "application/sparql-results+json" in response.json()["detail"]


def test_predeclared_prefixes_and_the_querys_own(api_client: TestClient):
    own = "PREFIX sk: <urn:not-ours#> SELECT ?o WHERE { ?o a sk:ServiceOrganiser }"
    assert api_client.get("/sparql", params={"query": own}).json()["results"]["bindings"] == []
    ours = "SELECT ?o WHERE { ?o a sk:ServiceOrganiser }"
    assert len(api_client.get("/sparql", params={"query": ours}).json()["results"]["bindings"]) == 22


def test_service_description(api_client: TestClient, store: Store):
    response = api_client.get("/sparql")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    description = Graph().parse(data=response.text, format="turtle")
    service = description.value(predicate=RDF.type, object=SD.Service)
    assert description.value(service, SD.endpoint) == URIRef("http://testserver/sparql")
    assert description.value(service, SD.supportedLanguage) == SD.SPARQL11Query
    assert len(list(description.objects(service, SD.resultFormat))) == 8
    names = sorted(str(name) for name in description.objects(None, SD.name))
    assert names == store.graph_names() and len(names) >= 5


REFUSED = [
    ("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", 403, "update_not_allowed"),
    ("PREFIX x: <urn:x:> DELETE WHERE { ?s ?p ?o }", 403, "update_not_allowed"),
    ("LOAD <file:///etc/passwd> INTO GRAPH <urn:x:g>", 403, "update_not_allowed"),
    ("drop all", 403, "update_not_allowed"),
    ("SELECT * WHERE { ?s ?p ?o } ; DROP ALL", 400, "query_syntax"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", 403, "service_not_allowed"),
    (
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { service silent ?endpoint { ?s ?q ?r } } }",
        403,
        "service_not_allowed",
    ),
    (
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <urn:x:e> { ?s ?p 1 } } }",
        403,
        "service_not_allowed",
    ),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", 400, "dataset_not_supported"),
    (
        "SELECT * FROM NAMED <https://w3id.org/sotekg/graph/reference> WHERE { ?s ?p ?o }",
        400,
        "dataset_not_supported",
    ),
    ("SELECT ?x WHERE { ?x ?y }", 400, "query_syntax"),
    ("", 400, "missing_query"),
]


@pytest.mark.parametrize(("query", "status", "error"), REFUSED, ids=[e for _, _, e in REFUSED])
def test_refused_before_the_store_and_nothing_changes(
    api_client: TestClient, store: Store, query, status, error
):
    before = store.count()
    for response in (
        api_client.get("/sparql", params={"query": query}),
        api_client.post("/sparql", data={"query": query}),
        api_client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"}),
    ):
        assert response.status_code == status, response.text
        assert response.json()["error"] == error
        assert response.json()["detail"]
    assert store.count() == before


def test_syntax_error_gives_the_parsers_message(api_client: TestClient):
    response = api_client.get("/sparql", params={"query": "SELECT ?x WHERE {\n  ?x ?y \n}"})
    assert response.status_code == 400
    assert "line:2" in response.json()["detail"]


@pytest.mark.parametrize(
    ("request_kwargs", "status", "error"),
    [
        ({"data": {"update": "DROP ALL"}}, 403, "update_not_allowed"),
        (
            {"content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
            403,
            "update_not_allowed",
        ),
        ({"content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415, "unsupported_media_type"),
        (
            {"content": b"ASK { \xff }", "headers": {"Content-Type": "application/sparql-query"}},
            400,
            "bad_request",
        ),
        ({"data": {"query": "ASK {}", "default-graph-uri": "urn:x:g"}}, 400, "dataset_not_supported"),
        ({"data": {"query": "ASK {}"}, "params": {"query": "ASK {}"}}, 400, "bad_request"),
        ({"data": {}}, 400, "missing_query"),
    ],
)
def test_bad_protocol_requests(api_client: TestClient, store: Store, request_kwargs, status, error):
    before = store.count()
    response = api_client.post("/sparql", **request_kwargs)
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    assert store.count() == before


def test_update_parameter_on_get_is_refused(api_client: TestClient):
    response = api_client.get("/sparql", params={"update": "DROP ALL"})
    assert (response.status_code, response.json()["error"]) == (403, "update_not_allowed")


@pytest.fixture
def limited_client(store: Store):
    """The API with tight limits: 5 rows, 0.3 s, 200 characters, 2 kB bodies."""
    limits = {"max_result_rows": 5, "query_timeout_s": 0.3, "max_query_chars": 200, "max_body_bytes": 2000}
    with TestClient(create_app(store.settings.model_copy(update=limits), store=store)) as client:
        yield client


def test_row_cap_is_a_clear_error(limited_client: TestClient):
    response = limited_client.get("/sparql", params={"query": ORGANISERS})
    assert response.status_code == 422
    assert response.json() == {
        "error": "too_many_rows",
        "detail": "the answer has more than 5 rows (the cap); add a LIMIT or narrow the query",
    }
    assert (
        len(
            limited_client.get("/sparql", params={"query": ORGANISERS + " LIMIT 5"}).json()["results"][
                "bindings"
            ]
        )
        == 5
    )


def test_time_limit_is_a_clear_error(store: Store, slow_query: str):
    limits = {"query_timeout_s": 0.3, "max_query_chars": 5000}
    with TestClient(create_app(store.settings.model_copy(update=limits), store=store)) as client:
        response = client.post(
            "/sparql", content=slow_query, headers={"Content-Type": "application/sparql-query"}
        )
    assert response.status_code == 504
    assert response.json()["error"] == "query_timeout"
    assert "0.3 s" in response.json()["detail"]


def test_too_long_query_and_body(limited_client: TestClient):
    long_query = "ASK { " + "?s ?p ?o . " * 30 + "}"
    response = limited_client.get("/sparql", params={"query": long_query})
    assert (response.status_code, response.json()["error"]) == (413, "query_too_long")
    response = limited_client.post(
        "/sparql", content=" " * 3000 + "ASK {}", headers={"Content-Type": "application/sparql-query"}
    )
    assert (response.status_code, response.json()["error"]) == (413, "body_too_large")
