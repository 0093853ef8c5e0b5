"""``/regions``, ``/regions/{code}``, ``/regions/{code}/services``: contents from the shipped data, paging,
ETags and 304, and every representation (JSON, JSON-LD, Turtle, N-Triples, CSV) holding the same regions."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from sotekg.namespaces import SK

ALL_CODES = sorted({f"{n:02d}" for n in range(1, 22)} | {"90"})
COUNTY = "http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/"


def test_regions_lists_the_22_organisers(client):
    response = client.get("/regions")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["total"] == 22 and response.headers["x-total-count"] == "22"
    regions = {region["code"]: region for region in body["regions"]}
    assert sorted(regions) == ALL_CODES
    assert all(set(region["name"]) == {"fi", "sv", "en"} for region in regions.values())
    assert regions["90"]["name"]["fi"] == "Helsingin kaupunki"
    assert regions["09"]["collaborativeArea"]["code"] == "etela-suomi"
    expected = {"09": "implementation-ongoing", "90": "implemented", "11": "definition-ongoing"}
    for code, status in expected.items():
        assert regions[code]["soteCentreStatus"] == {
            **regions[code]["soteCentreStatus"],
            "status": status,
            "date": "2023-10",
            "source": "https://w3id.org/sotekg/id/source/seed-001",
        }


def test_paging_gives_pages_and_the_total(client):
    first = client.get("/regions", params={"per_page": 5}).json()
    assert [r["code"] for r in first["regions"]] == ALL_CODES[:5] and first["total"] == 22
    last = client.get("/regions", params={"per_page": 5, "page": 5}).json()
    assert [r["code"] for r in last["regions"]] == ["21", "90"] and last["page"] == 5
    assert client.get("/regions", params={"per_page": 5, "page": 6}).json()["regions"] == []
    for bad in (
        {"page": 0},
        {"per_page": 0},
        {"per_page": 501},
        {"page": "x"},
        {"modified_since": "yesterday"},
    ):
        response = client.get("/regions", params=bad)
        assert 400 <= response.status_code < 500 and set(response.json()) == {"error", "detail"}, bad


def test_etag_and_304(client):
    response = client.get("/regions/09/services")
    etag = response.headers["etag"]
    assert etag.startswith('"') and response.headers["cache-control"]
    again = client.get("/regions/09/services", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get("/regions/09/services", headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get("/regions/09/services", headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    assert client.get("/regions/19/services").headers["etag"] != etag


def test_conditional_get_over_real_http(live_server):
    """The same ETag and 304 through uvicorn and a real HTTP client."""
    with httpx.Client(base_url=live_server, timeout=10) as http:
        first = http.get("/regions/09/services")
        assert first.status_code == 200 and first.json()["region"] == "09"
        again = http.get("/regions/09/services", headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.headers["etag"] == first.headers["etag"]
        assert http.get("/regions/91").status_code == 404


def regions_in(graph: Graph) -> list[str]:
    return sorted(str(s).removeprefix(COUNTY) for s in graph.subjects(RDF.type, SK.ServiceOrganiser))


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")],
)
def test_rdf_representations_hold_the_same_22(client, accept, fmt):
    response = client.get("/regions", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.content, format=fmt)
    assert regions_in(graph) == ALL_CODES
    status = graph.value(graph.value(URIRef(COUNTY + "90"), SK.latestStatusAssessment), SK.status)
    assert str(status).endswith("/status/implemented")
    assert response.headers["etag"] != client.get("/regions").headers["etag"]


def test_csv_holds_the_same_22(client):
    response = client.get("/regions", headers={"Accept": "text/csv"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["code"] for row in rows] == ALL_CODES
    assert {row["code"]: row["status"] for row in rows}["11"] == "definition-ongoing"


def test_unacceptable_media_type_is_406(client):
    response = client.get("/regions/09", headers={"Accept": "application/xml"})
    assert response.status_code == 406 and response.json()["error"] == "not_acceptable"
    assert client.get("/regions/09", headers={"Accept": "text/csv"}).status_code == 406  # not a table


def test_region_detail(client):
    region = client.get("/regions/09").json()
    centres = {centre["id"]: centre for centre in region["centres"]}
    assert {"09-sote-keskus", "09-perhekeskus"} <= set(centres)
    assert (
        centres["09-sote-keskus"]["type"] == "SoteCentre"
        and centres["09-perhekeskus"]["type"] == "FamilyCentre"
    )
    assert centres["ot-etela-suomi"]["relation"] == "collaborative-area"
    assert len(region["municipalities"]) == 10
    assert "398" in {m["code"] for m in region["municipalities"]}


@pytest.mark.parametrize("code", ["91", "99", "9", "009", "ab", "09x", "%00", "0" * 300])
def test_unknown_region_codes_are_404(client, code):
    for path in (f"/regions/{code}", f"/regions/{code}/services", f"/regions/{code}/model"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"] == "not_found"


@pytest.mark.parametrize("accept", ["application/json", "text/csv", "application/xml", "image/png"])
def test_an_unknown_resource_is_404_whatever_the_accept(client, accept):
    """Existence is decided before negotiation: a client never learns "406" about a thing that is not there."""
    for path in (
        "/regions/99",
        "/regions/99/services",
        "/regions/99/model",
        "/regions/19/model",
        "/regions/09/model/history/999",
        "/centres/no-such-centre",
        "/municipalities/000",
    ):
        response = client.get(path, headers={"Accept": accept})
        assert (response.status_code, response.json()["error"]) == (404, "not_found"), (path, accept)


def test_region_services_for_09(client):
    services = client.get("/regions/09/services").json()
    by_code = {service["code"]: service for service in services["services"]}
    assert by_code["oral-health-care"]["centres"] == ["09-sote-keskus"]
    assert by_code["maternity-and-child-health-clinic"]["centres"] == ["09-perhekeskus"]
    # seed 004 does not describe three minimum-set services: its model is derived from a document, so they are
    # "not described", not "missing" (docs/decisions/0003-coverage-evidence.md)
    assert services["sets"]["sote-centre-minimum"]["missing"] == []
    assert services["sets"]["sote-centre-minimum"]["notDescribed"] == [
        "home-delivered-services",
        "prevention-of-common-diseases",
        "preventive-and-outreach-services",
    ]
    assert services["sets"]["sote-centre-minimum"]["coverage"] == 0.7
    assert services["sets"]["family-centre-universal"]["missing"] == []
    assert services["notDescribed"] == services["sets"]["sote-centre-minimum"]["notDescribed"]
    assert services["coverage"] == pytest.approx(10 / 13, abs=1e-4)
    assert services["known"] == pytest.approx(10 / 13, abs=1e-4)


def test_region_without_model_knows_the_survey_finding_and_the_station_register_only(client):
    services = client.get("/regions/19/services").json()
    assert services["model"] == "none"
    assert [s["code"] for s in services["services"]] == [
        "child-guidance-and-family-counselling",
        "home-services-for-families",
        "maternity-and-child-health-clinic",
        "primary-health-care",  # the register's health stations, pre-reform
        "school-health-care",
    ]
    assert services["missing"] == [] and len(services["unknown"]) == 8
    assert client.get("/regions/19/model").status_code == 404


def test_region_services_csv_shows_the_gaps(client):
    rows = list(
        csv.DictReader(io.StringIO(client.get("/regions/09/services", headers={"Accept": "text/csv"}).text))
    )
    status = {row["service"]: row["status"] for row in rows}
    assert status["home-delivered-services"] == "not-described" and status["oral-health-care"] == "offered"
    # the 13 required, and psychophysical physiotherapy, free contraception and (through it) contraception
    assert len(rows) == 16
    evidence = {row["service"]: row["evidence"] for row in rows}
    assert evidence["oral-health-care"] == "document-model 2023"
    assert evidence["school-health-care"] == "document-model 2024; national-survey 2024"


def test_region_model_in_every_media_type(client):
    turtle = client.get("/regions/09/model")
    assert turtle.headers["content-type"].startswith("text/turtle")
    expected = Graph().parse("data/regions/09.ttl")
    assert Graph().parse(data=turtle.content, format="turtle").isomorphic(expected)
    jsonld = client.get("/regions/09/model", headers={"Accept": "application/ld+json"})
    assert Graph().parse(data=jsonld.content, format="json-ld").isomorphic(expected)
    # application/json on an RDF resource: the same JSON-LD, compacted with its context
    as_json = client.get("/regions/09/model", headers={"Accept": "application/json"})
    assert as_json.headers["content-type"].startswith("application/ld+json")
    assert as_json.content == jsonld.content
    document = as_json.json()
    assert document["@context"]["sk"] == "https://w3id.org/sotekg/def#"
    centre = next(node for node in document["@graph"] if node["@id"] == "id:centre/09-sote-keskus")
    assert centre["rdf:type"] == [{"@id": "sk:SoteCentre"}] and "sk:offers" in centre
    nt = client.get("/regions/09/model", headers={"Accept": "application/n-triples"})
    assert len(list(ox.parse(nt.content, ox.RdfFormat.N_TRIPLES))) == len(expected)
    assert (
        client.get("/regions/09/model", headers={"If-None-Match": turtle.headers["etag"]}).status_code == 304
    )


def test_rdf_view_of_region_services_holds_the_offerings(client):
    graph = Graph().parse(
        data=client.get("/regions/09/services", headers={"Accept": "text/turtle"}).content, format="turtle"
    )
    body = client.get("/regions/09/services").json()
    offerings = {
        str(graph.value(offering, SK.serviceType)).rsplit("/", 1)[-1]
        for offering in graph.subjects(RDF.type, SK.ServiceOffering)
    }
    offered_by_centres = {s["code"] for s in body["services"] if s["centres"]}
    assert offerings <= offered_by_centres and len(offerings) == 12  # the rest through a narrower type
    states = {
        str(graph.value(a, SK.serviceType)).rsplit("/", 1)[-1]: str(graph.value(a, SK.coverageState)).rsplit(
            "/", 1
        )[-1]
        for a in graph.subjects(RDF.type, SK.CoverageAssessment)
    }
    assert {code for code, state in states.items() if state == "offered"} == {
        s["code"] for s in body["services"]
    }
    assert {code for code, state in states.items() if state == "not-described"} >= set(body["notDescribed"])
    assert len(list(graph.subjects(RDF.type, SK.Evidence))) >= len(states)


def test_json_is_compact_utf8(client):
    body = client.get("/regions/09").content
    assert "Päijät-Häme".encode() in body and json.loads(body)["code"] == "09"
