"""The Open Referral HSDS 3.0 export: every object valid against the HSDS 3.0.1 JSON Schemas (jsonschema, local
$refs only), with the content of the graph; the CLI and ``GET /export/{profile}``."""

import json
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from api.app import create_app
from sotekg import cli
from sotekg.export.hsds import TABLES, hsds_document, hsds_id, validation_errors
from sotekg.namespaces import code_iri, county_iri, instance_iri
from sotekg.queries import QueryLibrary

ROOT = Path(__file__).resolve().parents[2]
GERBY = instance_iri("centre", "ptv-325f24cb-e861-41a3-b1b2-a437545aa3b8")


@pytest.fixture(scope="module")
def hsds(embedded_store, settings):
    return hsds_document(embedded_store, QueryLibrary(settings.queries_dir))


def test_every_object_is_valid_and_alike_on_every_store(store, settings, hsds):
    document = hsds_document(store, QueryLibrary(settings.queries_dir))
    assert list(document) == list(TABLES)
    assert all(document[table] for table in TABLES)
    assert validation_errors(document, ROOT) == []
    # the same document as the embedded store's, object for object and in order (on Virtuoso, service_at_location
    # was empty while a computed truth value came back as xsd:integer)
    for table in TABLES:
        assert document[table] == hsds[table], table


def test_counts_and_unique_ids(hsds, embedded_store):
    today = "FILTER NOT EXISTS { ?c dct:source/sk:sourceKind <https://w3id.org/sotekg/code/source-kind/station-register> }"
    offerings = (
        int(  # of today's centres: the 2013–2019 health-station register is not exported (docs/stations.md)
            embedded_store.query(
                f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?c sk:offers ?o {today} }}"
            ).rows[0]["n"]
        )
    )
    counts = {table: len(hsds[table]) for table in TABLES}
    assert counts["organization"] == 22
    assert counts["service"] == offerings
    assert counts["location"] == 100  # the imported PTV service locations: the only centres with an address
    assert counts["service_at_location"] == 108  # their offerings
    assert counts["taxonomy"] == 3
    ids = Counter(item["id"] for table in TABLES for item in hsds[table])
    assert ids and max(ids.values()) == 1


def test_gerby_health_station_as_location_with_schedule(hsds):
    (location,) = [item for item in hsds["location"] if item["id"] == hsds_id(GERBY)]
    assert location["name"] == "Gerbyn terveysasema"
    assert location["organization_id"] == hsds_id(county_iri("17"))
    assert location["external_identifier"] == "325f24cb-e861-41a3-b1b2-a437545aa3b8"
    assert (round(location["latitude"], 4), round(location["longitude"], 4)) == (63.1314, 21.5950)
    (address,) = location["addresses"]
    assert (address["address_1"], address["postal_code"], address["city"], address["state_province"]) == (
        "Mäntymaantie 5",
        "65280",
        "VAASA",
        "Pohjanmaan hyvinvointialue",
    )
    assert {phone["number"] for phone in location["phones"]} == {"+35863251711", "+35863252070"}
    kind = [a["taxonomy_term_id"] for a in location["attributes"] if a["link_type"] == "centre_kind"]
    assert kind == [hsds_id(code_iri("centre-kind", "health-station"))]
    hours = {
        (s["byday"], s["opens_at"], s["closes_at"])
        for s in hsds["schedule"]
        if s["location_id"] == location["id"]
    }
    assert hours == {("MO,TU,WE,TH", "08:00", "16:00"), ("FR", "08:00", "14:15")}
    links = [link for link in hsds["service_at_location"] if link["location_id"] == location["id"]]
    (service,) = [s for s in hsds["service"] if s["id"] == links[0]["service_id"]]
    assert service["name"] == "perusterveydenhuollon palvelut – Gerbyn terveysasema"
    assert service["last_modified"] == "2017-09-11T00:00:00+00:00"
    assert "Lähde / source: PTV-tallenne: Vaasan kaupungin palvelupaikat" in service["description"]


def test_code_lists_are_taxonomies(hsds):
    assert {t["uri"] for t in hsds["taxonomy"]} == {
        "https://w3id.org/sotekg/code/service-type",
        "https://w3id.org/sotekg/code/centre-kind",
        "https://w3id.org/sotekg/code/channel",
    }
    terms = {term["code"]: term for term in hsds["taxonomy_term"]}
    assert terms["oral-health-care"]["name"] == "suun terveydenhuolto"
    assert terms["psychophysical-physiotherapy"]["parent_id"] == terms["outpatient-rehabilitation"]["id"]
    used = {a["taxonomy_term_id"] for s in hsds["service"] for a in s["attributes"]}
    assert used <= {term["id"] for term in hsds["taxonomy_term"]}


def test_the_schemas_do_find_errors_also_behind_a_ref(hsds):
    broken = {table: [dict(item) for item in items] for table, items in hsds.items()}
    broken["service"][0]["id"] = "not-a-uuid"
    del broken["organization"][0]["name"]
    location = next(item for item in broken["location"] if item.get("addresses"))
    location["addresses"] = [{**location["addresses"][0], "address_type": "somewhere"}]
    errors = validation_errors(broken, ROOT)
    assert len(errors) == 3
    assert any(e.startswith("service[0]: 'not-a-uuid' is not a 'uuid'") for e in errors)
    assert any(e.startswith("organization[0]: 'name' is a required property") for e in errors)
    assert any("'somewhere' is not one of ['physical', 'postal', 'virtual']" in e for e in errors)


def test_cli_writes_checked_exports(tmp_path, capsys):
    hsds_file, cpsv_file = tmp_path / "hsds.json", tmp_path / "cpsv.ttl"
    assert cli.main(["export", "--profile", "hsds", "--check", "--output", str(hsds_file)]) == 0
    assert "22 organization, " in capsys.readouterr().err
    assert len(json.loads(hsds_file.read_text(encoding="utf-8"))["location"]) == 100
    assert cli.main(["export", "--profile", "cpsv-ap", "--check", "--output", str(cpsv_file)]) == 0
    assert "(conforms to the official schemas)" in capsys.readouterr().err
    assert len(Graph().parse(cpsv_file)) > 3000
    assert cli.main(["export", "--profile", "cpsv-ap", "--format", "csv"]) == 2
    assert "unsupported --format 'csv'" in capsys.readouterr().err


@pytest.fixture(scope="module")
def client(embedded_store):
    with TestClient(create_app(embedded_store.settings, store=embedded_store)) as test_client:
        yield test_client


def test_api_export_negotiates_and_refuses_unknown_profiles(client):
    response = client.get("/export/hsds")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    assert len(response.json()["organization"]) == 22
    rdf = client.get("/export/cpsv-ap", headers={"Accept": "application/n-triples"})
    assert rdf.status_code == 200 and rdf.headers["content-type"].startswith("application/n-triples")
    assert len(Graph().parse(data=rdf.text, format="nt")) > 3000
    missing = client.get("/export/dcat")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    refused = client.get("/export/hsds", headers={"Accept": "text/turtle"})
    assert refused.status_code == 406 and refused.json()["error"] == "not_acceptable"
