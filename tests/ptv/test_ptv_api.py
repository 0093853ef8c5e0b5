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
    assert all(service["sources"] == ["ptv"] for service in body["services"])
    assert body["missing"] == ["e-services", "home-services-for-families", "preventive-and-outreach-services"]


def test_the_kokkola_site_counts_for_keski_pohjanmaa(client):
    body = client.get("/regions/18/services").json()
    assert [(s["code"], s["centres"]) for s in body["services"]] == [
        ("social-work-and-social-welfare", ["ptv-2b51817a-7459-40ac-8d97-8686e4af1028"])
    ]
