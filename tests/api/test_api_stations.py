"""The health stations in the region and municipality documents: each with its years and the register as
its source, never among the region's centres (the centres and coverage stay what they were)."""

from __future__ import annotations

from api.schemas import Municipality, RegionDetail


def test_a_region_lists_its_stations_with_their_years_and_source(client):
    region = client.get("/regions/14").json()
    RegionDetail.model_validate(region)
    stations = region["stations"]
    assert stations["source"]["kind"] == "station-register"
    assert stations["source"]["license"] == "https://opensource.org/license/mit"
    assert stations["source"]["years"] == [2013, 2019]
    by_id = {item["id"]: item for item in stations["items"]}
    assert len(by_id) == 30
    valtimo = by_id["station-541-valtimon-terveysasema"]  # Valtimo (911) merged into Nurmes (541) in 2020
    assert (valtimo["municipality"], valtimo["firstYear"], valtimo["lastYear"]) == ("541", 2013, 2019)
    assert valtimo["opened"] is None and valtimo["closed"] is None
    assert not any(centre["id"].startswith("station-") for centre in region["centres"])


def test_a_municipality_lists_its_own_stations(client):
    nurmes = client.get("/municipalities/541").json()
    Municipality.model_validate(nurmes)
    assert [item["name"]["fi"] for item in nurmes["stations"]["items"]] == [
        "Nurmeksen terveysasema",
        "Valtimon terveysasema",
    ]
    halsua = client.get("/municipalities/074").json()  # no station of its own: it used Veteli's
    assert halsua["stations"]["items"] == [] and halsua["stations"]["source"]["kind"] == "station-register"
    assert client.get("/municipalities/035").json()["stations"] is None  # Åland: outside the register


def test_a_closed_station_says_when(client):
    lahti = {item["id"]: item for item in client.get("/regions/09").json()["stations"]["items"]}
    assert lahti["station-398-nastolan-terveysasema"]["firstYear"] == 2013  # Nastola (532) merged into Lahti
    closed = [item for item in lahti.values() if item["closed"] is not None]
    assert closed and all(item["closed"] == item["lastYear"] + 1 for item in closed)
