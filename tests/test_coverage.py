"""Coverage that claims no more than its sources (issue 12, docs/decisions/0003-coverage-evidence.md).

The rules of ``sotekg.coverage`` on the shipped data, checked by hand against the data files, and every door —
``/regions/{code}/services`` (JSON, CSV, RDF), ``/services/{code}/regions``, the named queries
``coverage-matrix``, ``organisers-missing-service`` and ``coverage-evidence``, the coverage picture — giving the
same state for every organiser × service type as the derived graph, on the shipped data and on a synthetic
catalogue.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.namespace import RDF

from api.app import create_app
from sotekg.coverage import COVERAGE_GRAPH, STATES, derive, read_evidence, to_ntriples
from sotekg.namespaces import SK
from sotekg.queries import QueryLibrary
from sotekg.settings import Settings
from sotekg.store import Store, load_graph_files, open_store
from sotekg.synth import synthetic_graph_files, write_catalogue

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = QueryLibrary(ROOT / "queries")
ORGANISERS = {f"{n:02d}" for n in range(1, 22)} | {"90"}
SURVEY = "https://w3id.org/sotekg/id/source/family-centre-survey-2024"
FAMILY_CENTRE_UNIVERSAL = {
    "child-guidance-and-family-counselling",
    "home-services-for-families",
    "maternity-and-child-health-clinic",
    "school-health-care",
}
SYMBOLS = dict(zip(STATES, ("✓", "✗", "–", "?"), strict=True))

State = dict[tuple[str, str], str]


def derived_states(store: Store) -> State:
    """(organiser code, service code) → state, read from the derived graph itself."""
    rows = store.query(LIBRARY.get("lookup/coverage").text, max_rows=10**9).rows  # type: ignore[union-attr]
    return {
        (str(r["organiser"]).rsplit("/", 1)[-1], str(r["service"]).rsplit("/", 1)[-1]): str(
            r["state"]
        ).rsplit("/", 1)[-1]
        for r in rows
    }


# ----------------------------------------------------------------------------------------------- the rules


@pytest.fixture(scope="module")
def states(embedded_store: Store) -> State:
    return derived_states(embedded_store)


def test_every_organiser_and_service_type_is_assessed_once(states):
    assert {organiser for organiser, _ in states} == ORGANISERS
    services = {service for _, service in states}
    assert len(services) == 28 and len(states) == 22 * 28


def test_the_shipped_data_claims_no_absence(states):
    # no source on disk is complete for an organiser: the Vaasa recording is a sample, seed 004 a document
    assert "absent" not in states.values()


def test_paijat_hame_says_what_seed_004_states_and_what_it_leaves_undescribed(states):
    mine = {service: state for (organiser, service), state in states.items() if organiser == "09"}
    offered = {service for service, state in mine.items() if state == "offered"}
    assert offered == {
        "primary-health-care",
        "oral-health-care",
        "mental-health-and-substance-abuse-services",
        "outpatient-rehabilitation",
        "psychophysical-physiotherapy",
        "social-work-and-social-welfare",
        "e-services",
        "free-contraception-under-25",
        "contraception-and-sexual-health",
        *FAMILY_CENTRE_UNIVERSAL,
    }
    assert {state for service, state in mine.items() if service not in offered} == {"not-described"}


def test_etela_and_keski_pohjanmaa_one_location_each_claim_nothing_absent(states):
    # one PTV location each, the survey's four, and primary health care from the register's health stations
    for organiser, located in (("16", {"school-health-care"}), ("18", {"social-work-and-social-welfare"})):
        mine = {service: state for (code, service), state in states.items() if code == organiser}
        offered = located | FAMILY_CENTRE_UNIVERSAL | {"primary-health-care"}
        assert {s for s, state in mine.items() if state == "offered"} == offered
        assert {state for s, state in mine.items() if s not in offered} == {"unknown"}


def test_every_organiser_offers_primary_health_care_on_the_station_register(states):
    # the register's 2019 sheet lists health stations in each of the 22 organisers' municipalities (checked by
    # hand: from 8 in Kanta-Häme's to 59 in Varsinais-Suomi's), so none is left unknown — and none absent
    assert {
        organiser for (organiser, service), state in states.items() if service == "primary-health-care"
    } == (ORGANISERS)
    assert {state for (_, service), state in states.items() if service == "primary-health-care"} == {
        "offered"
    }


def test_etela_pohjanmaa_primary_health_care_offered_on_pre_reform_station_evidence(embedded_store):
    (assessment,) = [
        a
        for a in derive(read_evidence(embedded_store, LIBRARY))
        if a.organiser_code == "16" and a.service_code == "primary-health-care"
    ]
    assert assessment.state == "offered"
    (register,) = assessment.evidence
    assert register.source == "https://w3id.org/sotekg/id/source/health-station-register"
    assert register.kind == "station-register" and not register.complete and register.pre_reform
    # 37 stations of South Ostrobothnia's municipalities in the workbook's 2013–2019 sheets (Jalasjärvi's
    # under Kurikka), counted by hand; the last closed after 2015 (e.g. Evijärvi's), most were open in 2019
    assert register.locations == 37
    assert register.earliest == "2015" and register.latest == "2019"


def test_the_survey_finding_holds_for_every_organiser_with_its_qualifier(embedded_store, states):
    for organiser in ORGANISERS:
        for service in FAMILY_CENTRE_UNIVERSAL:
            assert states[(organiser, service)] == "offered"
    assessments = derive(read_evidence(embedded_store, LIBRARY))
    survey = [item for a in assessments for item in a.evidence if item.source == SURVEY]
    assert len(survey) == 22 * 4
    assert {(item.kind, item.latest, item.complete, item.locations) for item in survey} == {
        ("national-survey", "2024", False, None)
    }
    assert {item.qualifier["fi"] for item in survey} == {
        "Kyselyn havainto kaikista vastanneista järjestäjistä (21/22 vastasi); vastaamatonta ei nimetä."
    }


def test_pohjanmaa_maternity_clinics_offered_on_pre_reform_ptv_evidence(embedded_store):
    (assessment,) = [
        a
        for a in derive(read_evidence(embedded_store, LIBRARY))
        if a.organiser_code == "17" and a.service_code == "maternity-and-child-health-clinic"
    ]
    assert assessment.state == "offered"
    (ptv,) = [item for item in assessment.evidence if item.source != SURVEY]
    assert ptv.locations == 11 and not ptv.complete and ptv.pre_reform
    assert ptv.source == "https://w3id.org/sotekg/id/source/ptv-recording-vaasa-2018"
    assert ptv.kind == "ptv-recording" and ptv.issued == "2018-08-07"  # when the recording was made
    assert ptv.earliest.startswith("2017") and ptv.latest.startswith("2017")


def test_the_stored_graph_is_the_derivation_of_the_store(embedded_store):
    stored = embedded_store.serialize_graph(COVERAGE_GRAPH, "application/n-triples").decode().splitlines()
    assert sorted(stored) == to_ntriples(derive(read_evidence(embedded_store, LIBRARY))).splitlines()


def test_the_sources_are_the_shipped_ones_never_the_derived_evidence(store):
    """graph/coverage states the kind of every evidence item's source; lookup/coverage-sources leaves the derived
    graph out, so the derivation never reads its own last answer (on every store)."""
    rows = LIBRARY.rows(store, "lookup/coverage-sources")
    graph = "https://w3id.org/sotekg/graph/"
    found = {
        (str(r["graph"]).removeprefix(graph), str(r["source"]), str(r["kind"]).rsplit("/", 1)[1])
        for r in rows
    }
    source = "https://w3id.org/sotekg/id/source/"
    assert found == {
        ("national", f"{source}family-centre-survey-2024", "national-survey"),
        ("ptv/16", f"{source}ptv-recording-vaasa-2018", "ptv-recording"),
        ("ptv/17", f"{source}ptv-recording-vaasa-2018", "ptv-recording"),
        ("ptv/18", f"{source}ptv-recording-vaasa-2018", "ptv-recording"),
        ("region/09", f"{graph}region/09", "document-model"),
        ("stations/list-2024", f"{source}wikipedia-health-stations-2024", "station-list"),
        ("stations/register", f"{source}health-station-register", "station-register"),
    }
    derived = store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{COVERAGE_GRAPH}> {{ ?item <{SK.sourceKind}> ?kind }} }}"
    )
    assert int(derived.rows[0]["n"]) > 100  # the evidence items of 22 × 28 assessments


# ----------------------------------------------------------------------------------------------- the doors


def door_states(client: TestClient) -> dict[str, State]:
    """Every door's (organiser, service) → state, over HTTP."""
    doors: dict[str, State] = {
        "regions-json": {},
        "regions-csv": {},
        "regions-rdf": {},
        "service-regions": {},
    }
    doors |= {"coverage-matrix": {}, "organisers-missing-service": {}, "coverage-evidence": {}}
    services = [s["code"] for s in client.get("/services", params={"per_page": 500}).json()["services"]]
    for organiser in sorted(ORGANISERS):
        body = client.get(f"/regions/{organiser}/services").json()
        for assessment in body["assessments"]:
            doors["regions-json"][(organiser, assessment["code"])] = assessment["state"]
        for set_document in body["sets"].values():  # the lists agree with the assessments
            for field, state in (
                ("missing", "absent"),
                ("notDescribed", "not-described"),
                ("unknown", "unknown"),
            ):
                for code in set_document[field]:
                    assert doors["regions-json"][(organiser, code)] == state
        table = client.get(f"/regions/{organiser}/services", headers={"Accept": "text/csv"}).text
        for row in csv.DictReader(io.StringIO(table)):
            doors["regions-csv"][(organiser, row["service"])] = row["status"]
        graph = Graph().parse(
            data=client.get(f"/regions/{organiser}/services", headers={"Accept": "text/turtle"}).content,
            format="turtle",
        )
        for node in graph.subjects(RDF.type, SK.CoverageAssessment):
            key = (organiser, str(graph.value(node, SK.serviceType)).rsplit("/", 1)[-1])
            doors["regions-rdf"][key] = str(graph.value(node, SK.coverageState)).rsplit("/", 1)[-1]
    for service in services:
        for assessment in client.get(f"/services/{service}/regions").json()["assessments"]:
            doors["service-regions"][(assessment["code"], service)] = assessment["state"]
        missing = client.get(
            "/queries/analytics/organisers-missing-service", params={"service": service}
        ).json()
        for row in missing["rows"]:
            doors["organisers-missing-service"][(row["organiser_code"], service)] = row["status"]
    for service_set in ("sote-centre-minimum", "family-centre-universal", "family-centre-common"):
        matrix = client.get("/queries/analytics/coverage-matrix", params={"service_set": service_set}).json()
        for row in matrix["rows"]:
            doors["coverage-matrix"][(row["organiser_code"], row["service_code"])] = row["status"]
    for organiser in sorted(ORGANISERS):  # one organiser a request: each well within a request's time limit
        evidence = client.get(
            "/queries/analytics/coverage-evidence", params={"region": organiser, "format": "csv"}
        ).text
        for row in csv.DictReader(io.StringIO(evidence)):
            doors["coverage-evidence"][(row["__region"], row["__service"])] = row["__status"]
    return doors


def assert_doors_agree(client: TestClient, store: Store) -> State:
    derived = derived_states(store)
    assert len(derived) == 22 * 28
    doors = door_states(client)
    for door, found in doors.items():
        assert found, door
        assert {key: derived[key] for key in found} == found, door
    # the doors that answer for every pair answer for every pair
    for door in ("service-regions", "coverage-evidence"):
        assert set(doors[door]) == set(derived), door
    offered_or_absent = {key for key, state in derived.items() if state in ("offered", "absent")}
    assert offered_or_absent <= set(doors["regions-json"]) == set(doors["regions-csv"])
    assert {k for k, s in derived.items() if s != "offered"} == set(doors["organisers-missing-service"])
    # the picture draws one symbol per cell (its text elements), and each once in its legend
    svg = client.get("/plots/coverage.svg", params={"service_set": "sote-centre-minimum"}).text
    minimum = {k: s for k, s in doors["coverage-matrix"].items() if k[1] in minimum_set(client)}
    assert len(minimum) == 22 * 10
    for state, symbol in SYMBOLS.items():
        assert svg.count(f">{symbol}<") == sum(1 for s in minimum.values() if s == state), state
        assert svg.count(f">{symbol} ") == 1, state
    return derived


def minimum_set(client: TestClient) -> set[str]:
    sets = client.get("/services", params={"per_page": 500}).json()["sets"]
    return set(next(s for s in sets if s["code"] == "sote-centre-minimum")["members"])


def test_every_door_agrees_on_the_shipped_data(embedded_store):
    with TestClient(create_app(embedded_store.settings, store=embedded_store)) as client:
        derived = assert_doors_agree(client, embedded_store)
    assert set(derived.values()) == {"offered", "not-described", "unknown"}


@pytest.fixture(scope="module")
def synthetic_store(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The shipped data and a small synthetic catalogue (3 centres per organiser) in a store of its own."""
    folder = tmp_path_factory.mktemp("synthetic-coverage")
    write_catalogue(settings, folder, regions=22, centres_per_region=3, seed=11)
    store = open_store(settings)
    load_graph_files(store, synthetic_graph_files(folder))
    yield store
    store.close()


def test_every_door_agrees_on_a_synthetic_catalogue(synthetic_store):
    with TestClient(create_app(synthetic_store.settings, store=synthetic_store)) as client:
        derived = assert_doors_agree(client, synthetic_store)
    # every organiser now has a model of its own, complete for it: what it lacks is absent, and nothing unknown
    assert set(derived.values()) == {"offered", "absent"}
    assert sum(1 for state in derived.values() if state == "absent") > 22
