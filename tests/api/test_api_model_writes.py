"""``PUT /regions/{code}/model`` and the model history: tokens and scopes, validation before any change, the
atomic replacement, lookups that agree with ``/sparql`` after a write, versions kept, listed and restored.

Each test gets a fresh app (its own history folder) over the shared store; the region graphs a test may change
are saved before and put back after it, so every other test sees the data as loaded.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from rdflib import Graph

from api.app import create_app
from sotekg.coverage import COVERAGE_GRAPH, derive, read_evidence, to_ntriples
from sotekg.coverage import refresh as refresh_coverage
from sotekg.namespaces import region_graph_iri
from sotekg.queries import QueryLibrary
from sotekg.store import Store

ROOT = Path(__file__).resolve().parent.parent.parent
ORIGINAL = (ROOT / "data/regions/09.ttl").read_bytes()
REGION_09 = "http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/09"
PAIJAT_HAME_TOKEN = "token-for-paijat-hame-only"
ADMIN_TOKEN = "token-for-every-region"
# The shipped model plus one synthetic offering (marked sk:synthetic): the sote-centre now offers
# home-delivered services, so that service leaves the "not described" list.
ADDED_OFFERING = b"""
centre:09-sote-keskus sk:offers offering:09-sote-keskus-home-delivered-services-test .
offering:09-sote-keskus-home-delivered-services-test a sk:ServiceOffering ;
    sk:serviceType service:home-delivered-services ;
    sk:channel channel:home-delivered ;
    sk:evidenceBasis evidence:named-in-source ;
    sk:synthetic true ;
    dct:date "2023"^^xsd:gYear ; dct:source source:seed-004 .
"""
CHANGED = ORIGINAL + ADDED_OFFERING
INVALID = ORIGINAL.replace(b"    sk:serviceType service:oral-health-care ;\n", b"", 1)
# The shipped model without its self-description (derived from seed 004): the organiser's own published model,
# complete for it, so a required service it lacks is absent (docs/decisions/0003-coverage-evidence.md).
PUBLISHED = re.sub(
    rb"<https://w3id.org/sotekg/graph/region/09> a dcat:Dataset ;.*?source:seed-004 \.\n",
    b"",
    ORIGINAL,
    flags=re.DOTALL,
)
OTHER_ORGANISER = ORIGINAL.replace(b"    sk:organiser county:09 ;", b"    sk:organiser county:19 ;", 1)
# A synthetic model for an organiser that has none (19).
MODEL_19 = b"""@prefix sk: <https://w3id.org/sotekg/def#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix county: <http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/> .

<https://w3id.org/sotekg/id/centre/19-test-centre> a sk:SoteCentre ;
    skos:prefLabel "Testikeskus (synteettinen)"@fi ; rdfs:label "Testikeskus (synteettinen)"@fi ;
    sk:organiser county:19 ; sk:synthetic true ;
    sk:offers <https://w3id.org/sotekg/id/offering/19-test-centre-oral-health-care> ;
    dct:date "2025"^^xsd:gYear ; dct:source <https://w3id.org/sotekg/id/source/test-upload> .
<https://w3id.org/sotekg/id/offering/19-test-centre-oral-health-care> a sk:ServiceOffering ;
    sk:serviceType <https://w3id.org/sotekg/code/service-type/oral-health-care> ;
    sk:channel <https://w3id.org/sotekg/code/channel/physical> ; sk:synthetic true ;
    dct:date "2025"^^xsd:gYear ; dct:source <https://w3id.org/sotekg/id/source/test-upload> .
<https://w3id.org/sotekg/id/source/test-upload> a sk:SourceDocument ;
    dct:title "API-testin synteettinen malli"@fi , "Synthetic model of the API tests"@en .
"""
TURTLE = {"Content-Type": "text/turtle"}
LIBRARY = QueryLibrary(ROOT / "queries")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def writer(store: Store, tmp_path: Path) -> Iterator[TestClient]:
    """The API with write tokens (paijat-hame: 09 only; default: every region) and a fresh history folder."""
    tokens = tmp_path / "tokens.toml"
    digest = hashlib.sha256(PAIJAT_HAME_TOKEN.encode()).hexdigest()
    tokens.write_text(f'[tokens.paijat-hame]\nsha256 = "{digest}"\nregions = ["09"]\n', encoding="utf-8")
    settings = store.settings.model_copy(
        update={"token": SecretStr(ADMIN_TOKEN), "tokens_file": tokens, "history_dir": tmp_path / "history"}
    )
    saved = {
        code: store.serialize_graph(region_graph_iri(code), "application/n-triples") for code in ("09", "19")
    }
    try:
        with TestClient(create_app(settings, store=store)) as client:
            yield client
    finally:
        for code, ntriples in saved.items():
            store.replace_graph(region_graph_iri(code), ntriples, "application/n-triples")
        refresh_coverage(store, LIBRARY)  # the assessments of the models as loaded, for every other test


def model(client: TestClient, code: str = "09") -> Graph:
    response = client.get(f"/regions/{code}/model", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="nt")


def model_via_sparql(client: TestClient, code: str = "09") -> Graph:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{region_graph_iri(code)}> {{ ?s ?p ?o }} }}"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="nt")


def turtle(data: bytes) -> Graph:
    return Graph().parse(data=data, format="turtle")


STATION_REGISTER = "https://w3id.org/sotekg/code/source-kind/station-register"  # listed apart, not a centre


def offered_via_sparql(client: TestClient, organiser: str) -> set[tuple[str, str]]:
    """(centre id, service code) of the organiser's centres (OT-centres left out), asked through /sparql; a
    narrower service type offers its broader ones too."""
    query = f"""SELECT ?centre ?code WHERE {{
        ?centre sk:organiser <{organiser}> ; sk:offers/sk:serviceType/skos:broader* ?service .
        ?service skos:notation ?code .
        FILTER NOT EXISTS {{ ?centre a sk:OTCentre }}
        FILTER NOT EXISTS {{ ?centre dct:source/sk:sourceKind <{STATION_REGISTER}> }} }}"""
    response = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    rows = response.json()["results"]["bindings"]
    assert rows
    return {(row["centre"]["value"].rsplit("/", 1)[-1], row["code"]["value"]) for row in rows}


def offered_via_lookup(client: TestClient, code: str) -> set[tuple[str, str]]:
    services = client.get(f"/regions/{code}/services").json()["services"]
    return {(centre, service["code"]) for service in services for centre in service["centres"]}


def assert_unchanged(client: TestClient) -> None:
    original = turtle(ORIGINAL)
    assert model(client).isomorphic(original)
    assert model_via_sparql(client).isomorphic(original)
    assert client.get("/regions/09/model/history").json()["versions"] == []


def test_writes_need_a_token_for_the_region(writer):
    response = writer.put("/regions/09/model", content=CHANGED, headers=TURTLE)
    assert response.status_code == 401 and response.json()["error"] == "unauthorized"
    assert response.headers["www-authenticate"].startswith("Bearer")
    response = writer.put("/regions/09/model", content=CHANGED, headers={**TURTLE, **bearer("guessed")})
    assert response.status_code == 401 and "guessed" not in response.text
    response = writer.put(
        "/regions/19/model", content=MODEL_19, headers={**TURTLE, **bearer(PAIJAT_HAME_TOKEN)}
    )
    assert response.status_code == 403 and response.json()["error"] == "forbidden"
    assert (
        writer.put(
            "/regions/99/model", content=CHANGED, headers={**TURTLE, **bearer(ADMIN_TOKEN)}
        ).status_code
        == 404
    )
    assert_unchanged(writer)


def test_a_non_conforming_model_is_rejected_with_the_report_and_the_stored_model_is_untouched(writer):
    before = writer.get("/regions/09/services")
    response = writer.put(
        "/regions/09/model", content=INVALID, headers={**TURTLE, **bearer(PAIJAT_HAME_TOKEN)}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "model_does_not_conform" and body["report"]["conforms"] is False
    (violation,) = [r for r in body["report"]["results"] if r["severity"] == "Violation"]
    assert violation["sourceShape"] == "https://w3id.org/sotekg/shapes#OfferingServiceTypeShape"
    assert violation["focusNode"] == "https://w3id.org/sotekg/id/offering/09-sote-keskus-oral-health-care"
    assert_unchanged(writer)
    assert writer.get("/regions/09/services").content == before.content


@pytest.mark.parametrize(
    ("body", "content_type", "status", "error"),
    [
        (OTHER_ORGANISER, "text/turtle", 422, "model_out_of_scope"),
        (b"", "text/turtle", 400, "empty_body"),
        (ORIGINAL, "text/plain", 415, "unsupported_media_type"),
        (ORIGINAL, "application/trig", 415, "unsupported_media_type"),
        (
            ORIGINAL + b"\n<https://example.org/a> <https://example.org/b> .\n",
            "text/turtle",
            400,
            "malformed_rdf",
        ),
    ],
    ids=["other-organiser", "empty", "text-plain", "trig", "malformed"],
)
def test_bad_uploads_change_nothing(writer, body, content_type, status, error):
    headers = {"Content-Type": content_type, **bearer(PAIJAT_HAME_TOKEN)}
    response = writer.put("/regions/09/model", content=body, headers=headers)
    assert response.status_code == status and response.json()["error"] == error
    if error == "malformed_rdf":
        assert f"line {len(ORIGINAL.splitlines()) + 2}, column" in response.json()["detail"]
    assert_unchanged(writer)


def test_an_accepted_model_replaces_the_old_one_and_lookups_agree_with_sparql(writer):
    etag_before = writer.get("/regions/09/services").headers["etag"]
    response = writer.put(
        "/regions/09/model", content=CHANGED, headers={**TURTLE, **bearer(PAIJAT_HAME_TOKEN)}
    )
    assert response.status_code == 200
    published = response.json()
    assert (published["region"], published["version"], published["who"], published["conforms"]) == (
        "09",
        2,
        "paijat-hame",
        True,
    )
    changed = turtle(CHANGED)
    assert published["triples"] == len(changed)
    assert model(writer).isomorphic(changed) and model_via_sparql(writer).isomorphic(changed)

    services = writer.get("/regions/09/services")
    assert services.headers["etag"] != etag_before
    body = services.json()
    offered = {service["code"]: service for service in body["services"]}
    assert offered["home-delivered-services"]["centres"] == ["09-sote-keskus"]
    assert offered["home-delivered-services"]["channels"] == ["home-delivered"]
    assert body["sets"]["sote-centre-minimum"]["missing"] == []  # still a model derived from seed 004
    assert body["sets"]["sote-centre-minimum"]["notDescribed"] == [
        "prevention-of-common-diseases",
        "preventive-and-outreach-services",
    ]
    assert body["sets"]["sote-centre-minimum"]["coverage"] == 0.8
    assert offered_via_lookup(writer, "09") == offered_via_sparql(writer, REGION_09)
    assert ("09-sote-keskus", "home-delivered-services") in offered_via_sparql(writer, REGION_09)

    centre = writer.get("/centres/09-sote-keskus").json()
    assert "home-delivered-services" in {s["code"] for s in centre["services"]}
    assert centre["channels"] == ["digital", "home-delivered", "physical"]
    regions = writer.get("/regions", params={"modified_since": published["when"]}).json()
    assert [r["code"] for r in regions["regions"]] == ["09"] and regions["regions"][0]["modelModified"]


def test_history_lists_versions_and_a_restore_brings_the_old_model_back(writer):
    put = writer.put("/regions/09/model", content=CHANGED, headers={**TURTLE, **bearer(PAIJAT_HAME_TOKEN)})
    assert put.status_code == 200
    listed = writer.get("/regions/09/model/history")
    assert (
        writer.get("/regions/09/model/history", headers={"If-None-Match": listed.headers["etag"]}).status_code
        == 304
    )
    versions = listed.json()["versions"]
    assert [(v["version"], v["who"]) for v in versions] == [(1, "shipped"), (2, "paijat-hame")]
    assert all(datetime.fromisoformat(v["when"]).tzinfo is not None for v in versions)
    assert [v["triples"] for v in versions] == [len(turtle(ORIGINAL)), len(turtle(CHANGED))]
    first = writer.get("/regions/09/model/history/1")
    assert first.headers["content-type"].startswith("text/turtle")
    assert turtle(first.content).isomorphic(turtle(ORIGINAL))
    assert turtle(writer.get("/regions/09/model/history/2").content).isomorphic(turtle(CHANGED))
    assert writer.get("/regions/09/model/history/7").status_code == 404

    assert writer.post("/regions/09/model/history/1/restore").status_code == 401
    restored = writer.post("/regions/09/model/history/1/restore", headers=bearer(ADMIN_TOKEN))
    assert (
        restored.status_code == 200
        and restored.json()["version"] == 3
        and restored.json()["who"] == "default"
    )
    assert model(writer).isomorphic(turtle(ORIGINAL)) and model_via_sparql(writer).isomorphic(
        turtle(ORIGINAL)
    )
    versions = writer.get("/regions/09/model/history").json()["versions"]
    assert [(v["version"], v["who"], v["note"]) for v in versions][-1] == (
        3,
        "default",
        "restored from version 1",
    )
    assert versions[0]["sha256"] == versions[2]["sha256"]
    not_described = writer.get("/regions/09/services").json()["sets"]["sote-centre-minimum"]["notDescribed"]
    assert "home-delivered-services" in not_described
    assert offered_via_lookup(writer, "09") == offered_via_sparql(writer, REGION_09)


def test_an_organiser_without_a_model_gets_one(writer):
    assert writer.get("/regions/19/services").json()["model"] == "none"
    response = writer.put("/regions/19/model", content=MODEL_19, headers={**TURTLE, **bearer(ADMIN_TOKEN)})
    assert response.status_code == 200 and response.json()["version"] == 1  # nothing was shipped for 19
    services = writer.get("/regions/19/services").json()
    assert services["model"] == "present"
    assert [(s["code"], s["centres"], s["sources"]) for s in services["services"] if s["centres"]] == [
        ("oral-health-care", ["19-test-centre"], ["region-model"])
    ]
    # its own published model is complete for it: the minimum-set services it lacks are absent (the family-centre
    # four stay offered on the survey's evidence, primary health care on the station register's: evidence of an
    # offering wins over an absence, decision 0003)
    assert services["sets"]["sote-centre-minimum"]["missing"] == [
        "e-services",
        "home-delivered-services",
        "mental-health-and-substance-abuse-services",
        "outpatient-rehabilitation",
        "prevention-of-common-diseases",
        "preventive-and-outreach-services",
        "social-work-and-social-welfare",
    ]
    assert services["unknown"] == [] and services["known"] == 1.0
    assert offered_via_lookup(writer, "19") == offered_via_sparql(
        writer, "http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/19"
    )
    assert model(writer, "19").isomorphic(turtle(MODEL_19))
    assert "19" in {r["code"] for r in writer.get("/services/oral-health-care/regions").json()["regions"]}
    assert [v["who"] for v in writer.get("/regions/19/model/history").json()["versions"]] == ["default"]


def model_lines(client: TestClient) -> frozenset[bytes]:
    """The model's N-Triples lines (the shipped and the changed models have no blank nodes)."""
    response = client.get("/regions/09/model", headers={"Accept": "application/n-triples"})
    return frozenset(response.content.splitlines())


def test_readers_during_writes_see_the_old_or_the_new_answer_never_a_mix(writer):
    old = (writer.get("/regions/09/services").content, model_lines(writer))
    seen: list[tuple[bytes, frozenset[bytes]]] = []
    writing = threading.Event()
    writing.set()

    def read() -> None:
        for _ in range(200):  # bounded, and stops once the writes are done
            seen.append((writer.get("/regions/09/services").content, model_lines(writer)))
            if not writing.is_set():
                return

    reader = threading.Thread(target=read)
    reader.start()
    try:
        changed = writer.put("/regions/09/model", content=CHANGED, headers={**TURTLE, **bearer(ADMIN_TOKEN)})
        new = (writer.get("/regions/09/services").content, model_lines(writer))
        restored = writer.put(
            "/regions/09/model", content=ORIGINAL, headers={**TURTLE, **bearer(ADMIN_TOKEN)}
        )
    finally:
        writing.clear()
        reader.join(timeout=120)
    assert changed.status_code == 200 and restored.status_code == 200
    assert not reader.is_alive() and seen and new != old
    assert {services for services, _ in seen} <= {old[0], new[0]}  # each answer whole: old or new
    assert {lines for _, lines in seen} <= {old[1], new[1]}
    assert writer.get("/regions/09/services").content == old[0]


def test_a_model_changed_outside_the_api_is_kept_before_the_next_write(writer, store):
    headers = {**TURTLE, **bearer(PAIJAT_HAME_TOKEN)}
    assert writer.put("/regions/09/model", content=CHANGED, headers=headers).status_code == 200
    store.replace_graph(
        region_graph_iri("09"), ORIGINAL, "text/turtle"
    )  # e.g. a load, or a crash after commit
    assert writer.put("/regions/09/model", content=CHANGED, headers=headers).status_code == 200
    versions = writer.get("/regions/09/model/history").json()["versions"]
    assert [v["who"] for v in versions] == ["shipped", "paijat-hame", "unrecorded", "paijat-hame"]
    assert versions[2]["sha256"] == versions[0]["sha256"]
    assert writer.put("/regions/09/model", content=CHANGED, headers=headers).status_code == 200
    assert len(writer.get("/regions/09/model/history").json()["versions"]) == 5  # nothing missed this time


def coverage_lines(store: Store) -> list[str]:
    return sorted(store.serialize_graph(COVERAGE_GRAPH, "application/n-triples").decode().splitlines())


def test_a_published_model_makes_what_it_lacks_absent_and_a_restore_brings_the_answer_back(writer, store):
    before = writer.get("/regions/09/services").json()
    assert before["notDescribed"] == [
        "home-delivered-services",
        "prevention-of-common-diseases",
        "preventive-and-outreach-services",
    ]
    put = writer.put("/regions/09/model", content=PUBLISHED, headers={**TURTLE, **bearer(PAIJAT_HAME_TOKEN)})
    assert put.status_code == 200 and put.json()["version"] == 2
    after = writer.get("/regions/09/services").json()
    assert after["missing"] == before["notDescribed"] and after["notDescribed"] == []
    assert after["sets"]["sote-centre-minimum"]["known"] == 1.0
    absent = {a["code"]: a for a in after["assessments"]}["home-delivered-services"]
    assert absent["state"] == "absent"
    assert absent["evidence"] == [
        {
            "source": "https://w3id.org/sotekg/graph/region/09",
            "kind": "published-model",
            "date": put.json()["when"],
            "earliestDate": put.json()["when"],
            "issued": None,
            "complete": True,
            "locations": 0,
            "preReform": False,
            "qualifier": None,
        }
    ]
    matrix = writer.get("/queries/analytics/coverage-matrix").json()
    states = {(row["organiser_code"], row["service_code"]): row["status"] for row in matrix["rows"]}
    assert states[("09", "home-delivered-services")] == "absent"
    history = writer.app.state.catalogue.history
    from_scratch = to_ntriples(derive(read_evidence(store, LIBRARY), history.last_modified()))
    assert coverage_lines(store) == from_scratch.splitlines()

    restored = writer.post("/regions/09/model/history/1/restore", headers=bearer(ADMIN_TOKEN))
    assert restored.status_code == 200
    assert writer.get("/regions/09/services").json() == before
    from_scratch = to_ntriples(derive(read_evidence(store, LIBRARY), history.last_modified()))
    assert coverage_lines(store) == from_scratch.splitlines()
