"""``/centres/{id}``, ``/services``, ``/services/{code}/regions``, ``/municipalities/{code}``: contents from the
shipped data (data/regions/09.ttl, data/national.ttl, data/reference.ttl, data/ptv/), 404s, representations."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from api.app import create_app
from sotekg.namespaces import SK

CENTRE = "https://w3id.org/sotekg/id/centre/"


def test_centre_with_team_partners_and_channels(client):
    centre = client.get("/centres/09-sote-keskus").json()
    assert (
        centre["type"] == "SoteCentre"
        and centre["region"]["code"] == "09"
        and centre["origin"] == "region-model"
    )
    (team,) = centre["teams"]
    professions = {p["code"]: p["sector"]["code"] for p in team["professions"]}
    assert len(professions) == 10
    assert professions["social-counsellor"] == "social" and professions["physician"] == "health"
    assert professions["work-ability-coordinator"] == "other"
    links = {link["partner"]["id"]: link["linkType"]["code"] for link in centre["partners"]}
    assert links == {
        "09-erikoissairaanhoito": "referral",
        "09-jarjestokentta": "network-cooperation",
        "terapiat-etulinjaan": "network-cooperation",
    }
    assert {s["code"] for s in centre["services"]} >= {"oral-health-care", "e-services"}
    assert centre["channels"] == ["digital", "physical"]


def test_centre_as_turtle_holds_its_facts(client):
    response = client.get("/centres/09-sote-keskus", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.content, format="turtle")
    centre = URIRef(CENTRE + "09-sote-keskus")
    assert (centre, RDF.type, SK.SoteCentre) in graph
    assert len(list(graph.objects(centre, SK.offers))) == 8
    assert len(list(graph.objects(graph.value(centre, SK.team), SK.member))) == 10


@pytest.mark.parametrize("centre_id", ["nowhere", "09-SOTE-KESKUS", "ot-", "a" * 500])
def test_unknown_centre_is_404(client, centre_id):
    response = client.get(f"/centres/{centre_id}")
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_ptv_service_location_is_a_centre_from_its_graph(client):
    ptv = Graph().parse("data/ptv/17.ttl")
    locations = sorted(ptv.subjects(RDF.type, SK.ServiceLocation))
    assert locations
    centre = client.get(f"/centres/{str(locations[0]).removeprefix(CENTRE)}").json()
    assert (
        centre["type"] == "ServiceLocation" and centre["origin"] == "ptv" and centre["region"]["code"] == "17"
    )
    assert centre["graph"] == "https://w3id.org/sotekg/graph/ptv/17"
    assert len(centre["services"]) == len(list(ptv.objects(locations[0], SK.offers)))


def test_services_is_the_code_list_with_sets(client):
    body = client.get("/services").json()
    codes = {
        str(c) for c in Graph().parse("ontology/codelists/service-type.ttl").objects(None, SKOS.notation)
    }
    assert {service["code"] for service in body["services"]} == codes and body["total"] == len(codes)
    services = {service["code"]: service for service in body["services"]}
    assert services["oral-health-care"]["label"]["fi"] == "suun terveydenhuolto"
    assert services["oral-health-care"]["label"]["en"] == "oral health care"
    assert services["oral-health-care"]["sets"] == ["sote-centre-minimum"]
    sets = {s["code"]: s for s in body["sets"]}
    assert len(sets["sote-centre-minimum"]["members"]) == 10 and sets["sote-centre-minimum"]["required"]
    assert sets["family-centre-universal"]["required"] and not sets["family-centre-common"]["required"]
    rows = list(csv.DictReader(io.StringIO(client.get("/services", headers={"Accept": "text/csv"}).text)))
    assert {row["code"] for row in rows} == codes


def test_who_covers_oral_health_care(client):
    body = client.get("/services/oral-health-care/regions").json()
    regions = {region["code"]: region for region in body["regions"]}
    assert "09" in regions
    assert [c["id"] for c in regions["09"]["centres"]] == ["09-sote-keskus"] and regions["09"]["sources"] == [
        "region-model"
    ]
    states = {a["code"]: a["state"] for a in body["assessments"]}
    assert len(states) == 22 and states["09"] == "offered" and states["19"] == "unknown"
    assert "19" in body["states"]["unknown"] and body["states"]["absent"] == []
    assert [e["kind"] for e in body["regions"][0]["evidence"]] == ["document-model"]
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/services/oral-health-care/regions", headers={"Accept": "text/csv"}).text)
        )
    )
    assert ("09", "09-sote-keskus") in {(row["region"], row["centre"]) for row in rows}
    assert client.get("/services/no-such-service/regions").status_code == 404


@pytest.fixture(scope="module")
def embedded_client(embedded_store) -> Iterator[TestClient]:
    """The API over the embedded store: the reference the other stores' answers are compared with."""
    with TestClient(create_app(embedded_store.settings, store=embedded_store)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")],
)
def test_who_offers_a_service_as_rdf_is_the_embedded_stores_graph(client, embedded_client, accept, fmt):
    """The RDF view of /services/{code}/regions, with a narrower service type (psychophysical physiotherapy under
    outpatient rehabilitation), is the same graph on every store: on Virtuoso 7.2.5 it once held one offering of
    nine (two * paths in one group)."""
    graphs = []
    for http in (client, embedded_client):
        response = http.get("/services/outpatient-rehabilitation/regions", headers={"Accept": accept})
        assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
        graphs.append(Graph().parse(data=response.content, format=fmt))
    graph = graphs[0]
    offerings = set(graph.subjects(RDF.type, SK.ServiceOffering))
    assert len(offerings) == 9
    narrower = URIRef("https://w3id.org/sotekg/id/offering/09-perhekeskus-psychophysical-physiotherapy")
    assert graph.value(narrower, SK.serviceType) == URIRef(
        "https://w3id.org/sotekg/code/service-type/psychophysical-physiotherapy"
    )
    assert (URIRef(CENTRE + "09-perhekeskus"), SK.offers, narrower) in graph
    assert len(set(graph.subjects(RDF.type, SK.CoverageAssessment))) == 22
    assert isomorphic(*graphs)


def test_municipality_lahti(client):
    lahti = client.get("/municipalities/398").json()
    assert lahti["region"]["code"] == "09" and lahti["outsideReform"] is False
    assert {c["id"] for c in lahti["centres"]} == {"09-sote-keskus", "09-perhekeskus", "ot-etela-suomi"}
    graph = Graph().parse(
        data=client.get("/municipalities/398", headers={"Accept": "text/turtle"}).content, format="turtle"
    )
    municipality = URIRef("http://uri.suomi.fi/codelist/jhs/kunta_1_20220101/code/398")
    assert str(graph.value(municipality, SK.organiser)).endswith("/09")


def test_aland_municipality_is_outside_the_reform(client):
    mariehamn = client.get("/municipalities/478")
    assert mariehamn.status_code == 200
    body = mariehamn.json()
    assert body["outsideReform"] is True and body["region"] is None and body["centres"] == []
    assert "Åland" in body["note"]["en"] and body["note"]["fi"]


@pytest.mark.parametrize("code", ["999", "39", "lahti", "0398"])
def test_unknown_municipality_is_404(client, code):
    response = client.get(f"/municipalities/{code}")
    assert response.status_code == 404 and "municipality" in response.json()["detail"]
