"""The analyst routes: ``/queries``, ``/network`` and ``/plots``, on both stores (``api_client``)."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app

QUERY_URL = "/queries/analytics/coverage-matrix"


@pytest.fixture(scope="module")
def api_client(store):
    """The API over each store, built once for this module (the routes here only read)."""
    with TestClient(create_app(store.settings, store=store)) as client:
        yield client


def test_list_queries_describes_every_query(api_client):
    response = api_client.get("/queries")
    assert response.status_code == 200
    described = {query["name"]: query for query in response.json()["queries"]}
    assert {"analytics/coverage-matrix", "analytics/ot-centres", "qc/synthetic-data-violation"} <= set(
        described
    )
    parameters = described["analytics/trained-practitioners"]["parameters"]
    assert parameters == [
        {"name": "method", "required": False, "type": "string", "default": None},
        {"name": "age_group", "required": False, "type": "string", "default": None},
    ]
    assert "training" in described["analytics/trained-practitioners"]["tags"]


def test_run_a_named_query_as_json(api_client):
    response = api_client.get(QUERY_URL, params={"service_set": "family-centre-universal"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["query"] == "analytics/coverage-matrix"
    assert body["parameters"] == {"service_set": "family-centre-universal"}
    assert body["columns"][:2] == ["organiser_code", "organiser_label"]
    assert len(body["rows"]) == 22 * 4
    assert {row["status"] for row in body["rows"] if row["organiser_code"] == "09"} == {"offered"}


@pytest.mark.parametrize(
    ("how", "media_type"),
    [({"params": {"format": "csv"}}, "text/csv"), ({"headers": {"Accept": "text/csv"}}, "text/csv")],
)
def test_csv_by_format_or_accept(api_client, how, media_type):
    response = api_client.get("/queries/analytics/sote-centre-status", **how)
    assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 22 and {row["date"] for row in rows} == {"2023-10"}


def test_ndjson_and_tsv(api_client):
    ndjson = api_client.get("/queries/analytics/ot-centres", params={"format": "ndjson"})
    assert len([json.loads(line) for line in ndjson.text.splitlines()]) == 22
    tsv = api_client.get("/queries/analytics/ot-centres", headers={"Accept": "text/tab-separated-values"})
    assert tsv.text.splitlines()[0].split("\t")[0] == "area"


@pytest.mark.parametrize(
    ("url", "params", "status", "error", "detail"),
    [
        (
            "/queries/analytics/no-such-query",
            {},
            404,
            "not_found",
            "no query named 'analytics/no-such-query'",
        ),
        ("/queries/analytics/organisers-missing-service", {"servic": "x"}, 400, "bad_request", "'servic'"),
        ("/queries/analytics/organisers-missing-service", {"service": ""}, 400, "bad_request", "'service'"),
        (QUERY_URL, {"format": "xml"}, 400, "bad_request", "unknown format 'xml'"),
        ("/network/gaps", {"partner_type": "kel"}, 400, "bad_request", "unknown partner type 'kel'"),
        ("/network/partners", {"region": "99"}, 404, "not_found", "no organiser with code '99'"),
        ("/network/components", {"scope": "everything"}, 400, "bad_request", "unknown scope"),
        ("/network/graph", {"format": "dot"}, 400, "bad_request", "unknown format 'dot'"),
        ("/plots/coverage.svg", {"service_set": "nothing"}, 400, "bad_request", "unknown service set"),
        ("/plots/network/99.svg", {}, 404, "not_found", "no organiser with code '99'"),
        ("/plots/coverage.gif", {}, 422, "invalid_request", "fmt"),
        ("/plots/coverage.svg", {"lang": "sv"}, 422, "invalid_request", "lang"),
    ],
)
def test_errors_are_json_and_name_the_problem(api_client, url, params, status, error, detail):
    response = api_client.get(url, params=params)
    assert response.status_code == status
    body = response.json()
    assert body["error"] == error and detail in body["detail"]


def test_unacceptable_media_type_is_406(api_client):
    response = api_client.get(QUERY_URL, headers={"Accept": "image/png"})
    assert response.status_code == 406 and response.json()["error"] == "not_acceptable"


def test_network_reports(api_client):
    chain_gaps = api_client.get("/network/chain-gaps").json()
    assert chain_gaps["report"] == "chain-gaps" and len(chain_gaps["rows"]) == 22
    chains = api_client.get("/network/chains", params={"region": "09"}).json()
    assert [row["structural_hops"] for row in chains["rows"]] == [3]
    gaps = api_client.get("/network/gaps", params={"partner_type": "ngo", "region": "09"}).json()
    assert [row["centre"].rsplit("/", 1)[-1] for row in gaps["rows"]] == ["09-perhekeskus"]
    assert gaps["partner_type"] == "ngo" and gaps["region"] == "09"
    partners = api_client.get("/network/partners", params={"format": "csv"})
    assert partners.text.splitlines()[0].startswith("partner,label,kind,partner_type,links")
    components = api_client.get("/network/components", params={"scope": "all"}).json()
    assert sum(1 for row in components["rows"] if "collaborative-area 1" in row["kinds"]) == 5


def test_network_graph_as_node_link_and_graphml(api_client):
    node_link = api_client.get("/network/graph", params={"region": "09"})
    assert node_link.headers["content-type"].startswith("application/json")
    data = node_link.json()
    assert {node["kind"] for node in data["nodes"]} >= {
        "organiser",
        "sote-centre",
        "family-centre",
        "partner",
    }
    graphml = api_client.get("/network/graph", headers={"Accept": "application/graphml+xml"})
    assert graphml.headers["content-type"].startswith("application/graphml+xml")
    graph = nx.read_graphml(io.BytesIO(graphml.content))
    assert sum(1 for _, kind in graph.nodes(data="kind") if kind == "organiser") == 22


def test_plots(api_client):
    svg = api_client.get("/plots/coverage.svg", params={"lang": "en"})
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "? unknown" in svg.text and "Päijät-Häme wellbeing services county" in svg.text
    png = api_client.get("/plots/network/09.png")
    assert png.headers["content-type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
