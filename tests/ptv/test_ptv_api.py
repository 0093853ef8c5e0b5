"""The shipped PTV import in the API: ``GET /regions/17/services`` answers from Vaasa's service locations."""

import pytest
from fastapi.testclient import TestClient

from api.app import create_app


@pytest.fixture(scope="module")
def client(embedded_store):
    with TestClient(create_app(embedded_store.settings, store=embedded_store)) as test_client:
        yield test_client


def test_pohjanmaa_services_come_from_the_ptv_sites(client):
    body = client.get("/regions/17/services").json()
    assert body["graphs"] == [{"graph": "https://w3id.org/sotekg/graph/ptv/17", "origin": "ptv"}]
    services = {service["code"]: service for service in body["services"]}
    assert "ptv-325f24cb-e861-41a3-b1b2-a437545aa3b8" in services["primary-health-care"]["centres"]  # Gerby
    assert len(services["maternity-and-child-health-clinic"]["centres"]) == 11
    assert len(services["oral-health-care"]["centres"]) == 9
    assert all(service["sources"] == ["ptv"] for service in body["services"] if service["centres"])
    # one city's 2017–2018 records are a sample, not the county's whole service: they show what exists and
    # never what is missing (docs/decisions/0003-coverage-evidence.md)
    assert body["missing"] == [] and body["notDescribed"] == []
    assert body["unknown"] == ["e-services", "preventive-and-outreach-services"]
    maternity = services["maternity-and-child-health-clinic"]["evidence"]
    (ptv,) = [
        item
        for item in maternity
        if item["source"] != "https://w3id.org/sotekg/id/source/family-centre-survey-2024"
    ]
    assert ptv["locations"] == 11 and ptv["complete"] is False and ptv["preReform"] is True
    assert ptv["date"].startswith("2017") and ptv["earliestDate"].startswith("2017")
    assert ptv["kind"] == "ptv-recording" and ptv["issued"] == "2018-08-07"  # when it was made, not imported


def test_the_kokkola_site_counts_for_keski_pohjanmaa(client):
    body = client.get("/regions/18/services").json()
    assert [(s["code"], s["centres"]) for s in body["services"] if s["centres"]] == [
        ("social-work-and-social-welfare", ["ptv-2b51817a-7459-40ac-8d97-8686e4af1028"])
    ]
    # one mediation office in Kokkola claims nothing absent; the register's health stations (listed as evidence,
    # not as today's centres) show primary health care offered before the reform
    assert body["missing"] == [] and body["notDescribed"] == [] and len(body["unknown"]) == 7
    primary = next(s for s in body["services"] if s["code"] == "primary-health-care")
    assert [(e["kind"], e["preReform"], e["complete"]) for e in primary["evidence"]] == [
        ("station-register", True, False)
    ]


def test_etela_pohjanmaa_claims_nothing_absent_from_one_school_nurse(client):
    body = client.get("/regions/16/services").json()
    assert [s["code"] for s in body["services"] if s["centres"]] == ["school-health-care"]
    assert body["missing"] == [] and body["notDescribed"] == []
    assert {a["state"] for a in body["assessments"]} == {"offered", "unknown"}
