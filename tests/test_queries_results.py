"""Every analyst and quality-check query, run on the shipped data in both stores, gives its expected result.

Two kinds of assertion per case: the whole result equals the reviewed file in tests/queries/ (rewrite with
``python tests/queries/cases.py`` after a deliberate change), and the facts an analyst would check by hand —
counts, codes and statuses from the seed documents — hold, written out below independently of those files.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from sotekg.analysis.run import query_library, run_named
from sotekg.queries import ParameterError
from sotekg.tabular import ResultTable, document

_spec = importlib.util.spec_from_file_location("query_cases", Path(__file__).parent / "queries" / "cases.py")
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)
CASES, canonical, case_id, expected_path = cases.CASES, cases.canonical, cases.case_id, cases.expected_path

ORGANISER_CODES = {f"{n:02d}" for n in range(1, 22)} | {"90"}


def test_every_analytics_and_qc_query_has_a_case(settings):
    covered = {name for name, _ in CASES}
    mine = {q.name for q in query_library(settings) if q.name.split("/")[0] in ("analytics", "qc")}
    assert mine, "no analytics or qc queries found"
    assert mine == covered


@pytest.mark.parametrize(("name", "values"), CASES, ids=[case_id(n, v) for n, v in CASES])
def test_result_equals_the_expected_file(store, settings, name, values):
    expected = json.loads(expected_path(name, values).read_text(encoding="utf-8"))
    actual = canonical(document(run_named(store, settings, name, values)))
    assert actual["columns"] == expected["columns"]
    assert typed(actual["rows"]) == typed(expected["rows"])


def typed(rows: list[dict]) -> list[dict]:
    """Each cell with its JSON type: ``true`` and ``1`` are equal in Python but not in a JSON answer (Virtuoso
    gives a computed truth value as xsd:integer unless the query casts it to xsd:boolean)."""
    return [{key: (type(value).__name__, value) for key, value in row.items()} for row in rows]


def run(store, settings, name: str, **values: str) -> ResultTable:
    return run_named(store, settings, f"analytics/{name}", values)


def test_coverage_matrix_sote_centre_minimum(store, settings):
    table = run(store, settings, "coverage-matrix")
    assert len(table) == 22 * 10
    assert set(table.column("organiser_code")) == ORGANISER_CODES
    # no source on disk is complete for any organiser: nothing is absent (docs/decisions/0003-coverage-evidence.md)
    assert "absent" not in table.column("status")
    states_09 = {r["service_code"]: r["status"] for r in table.records() if r["organiser_code"] == "09"}
    # seed 004 describes no home-delivered, common-disease prevention or outreach service for Päijät-Häme
    assert {code for code, state in states_09.items() if state == "not-described"} == {
        "home-delivered-services",
        "prevention-of-common-diseases",
        "preventive-and-outreach-services",
    }
    assert {state for code, state in states_09.items()} == {"offered", "not-described"}
    rehabilitation = next(
        r
        for r in table.records()
        if r["organiser_code"] == "09" and r["service_code"] == "outpatient-rehabilitation"
    )
    # the sote-centre directly, the family centre via psychophysical physiotherapy
    assert rehabilitation["centres"] == 2
    # an organiser with no model and no PTV record: its maternity clinics on the survey's word, primary health
    # care on the station register's (65 stations of its municipalities in the 2013–2019 sheets, counted by
    # hand), the rest unknown
    states_19 = {
        r["service_code"]: (r["status"], r["centres"]) for r in table.records() if r["organiser_code"] == "19"
    }
    assert states_19.pop("maternity-and-child-health-clinic") == ("offered", 0)  # a survey has no locations
    assert states_19.pop("primary-health-care") == ("offered", 65)
    assert set(states_19.values()) == {("unknown", 0)}


def test_coverage_matrix_family_centre_universal(store, settings):
    table = run(store, settings, "coverage-matrix", service_set="family-centre-universal")
    assert len(table) == 22 * 4
    # seed 001: in every responding organiser's family centre
    assert set(table.column("status")) == {"offered"}


def test_organisers_missing_a_service(store, settings):
    oral = run(store, settings, "organisers-missing-service")  # default: oral-health-care
    assert "09" not in oral.column("organiser_code")
    assert set(oral.column("status")) == {"unknown"}
    home = run(store, settings, "organisers-missing-service", service="home-delivered-services")
    assert {r["organiser_code"]: r["status"] for r in home.records()}["09"] == "not-described"
    coverage = run(store, settings, "coverage-matrix")
    offered = {
        r["organiser_code"]
        for r in coverage.records()
        if r["service_code"] == "home-delivered-services" and r["status"] == "offered"
    }
    assert set(home.column("organiser_code")) == ORGANISER_CODES - offered  # the two queries agree


def test_coverage_evidence_lists_every_item_with_its_source_and_dates(store, settings):
    table = run(store, settings, "coverage-evidence", region="09", service="school-health-care")
    assert [(r["source_kind"], r["latest"], r["complete"], r["pre_reform"]) for r in table.records()] == [
        ("document-model", "2024", False, False),
        ("national-survey", "2024", False, False),
    ]
    unknown = run(store, settings, "coverage-evidence", region="19", service="oral-health-care")
    assert [(r["__status"], r["source"]) for r in unknown.records()] == [("unknown", None)]
    everything = run(store, settings, "coverage-evidence")
    assert len({(r["__region"], r["__service"]) for r in everything.records()}) == 22 * 28


def test_sote_centre_status_october_2023(store, settings):
    table = run(store, settings, "sote-centre-status")
    assert len(table) == 22
    assert Counter(table.column("status")) == {
        "definition-ongoing": 7,
        "implementation-ongoing": 11,
        "implemented": 4,
    }
    assert set(table.column("date")) == {"2023-10"}
    assert set(table.column("source")) == {"https://w3id.org/sotekg/id/source/seed-001"}
    assert all(table.column("latest"))
    implemented = {r["organiser_code"] for r in table.records() if r["status"] == "implemented"}
    assert implemented == {"10", "12", "15", "90"}  # Kymenlaakso, Etelä-Savo, Keski-Suomi, Helsinki
    east = run(store, settings, "sote-centre-status", area="ita-suomi")
    assert sorted(east.column("organiser_code")) == ["12", "13", "14", "15"]


def test_family_centre_services(store, settings):
    table = run(store, settings, "family-centre-services")
    assert set(table.column("organiser_code")) == {"09"}  # the only organiser with a family centre
    assert Counter(table.column("tier")) == {"universal": 4, "near-universal": 4, "common": 7}
    offered = {r["service_code"]: r["basis"] for r in table.records() if r["offered"]}
    assert offered == {
        "maternity-and-child-health-clinic": "national-finding",
        "school-health-care": "national-finding",
        "home-services-for-families": "national-finding",
        "child-guidance-and-family-counselling": "national-finding",
    }


def test_team_composition_and_sectors(store, settings):
    table = run(store, settings, "team-composition", region="09")
    assert len(table) == 10
    assert Counter(table.column("sector")) == {"health": 6, "social": 1, "other": 3}
    assert "social-counsellor" in table.column("profession")
    assert len(run(store, settings, "teams-lacking-sector")) == 0  # the one team has both sectors


def test_integration_partners(store, settings):
    table = run(store, settings, "integration-partners")
    assert Counter(table.column("__link_type")) == {"network-cooperation": 3, "referral": 1}
    assert set(table.column("__region")) == {"09"}
    referral = run(store, settings, "integration-partners", link_type="referral")
    assert referral.column("partner") == ["https://w3id.org/sotekg/id/partner/09-erikoissairaanhoito"]


def test_ot_centres(store, settings):
    table = run(store, settings, "ot-centres")
    assert sorted(table.column("organiser_code")) == sorted(ORGANISER_CODES)
    assert len(set(table.column("ot_centre"))) == 5
    assert set(table.column("university_hospital")) == {"HUS", "KYS", "OYS", "TAYS", "Tyks"}


def test_trained_practitioners(store, settings):
    table = run(store, settings, "trained-practitioners")
    ipc_n = {r["role"]: r["persons"] for r in table.records() if r["__method"] == "ipc-n"}
    assert ipc_n == {"practitioner": 1548, "method-supervisor": 67}  # seed 001
    filtered = run(store, settings, "trained-practitioners", method="ipc-n")
    assert sorted(filtered.column("persons")) == [67, 1548]
    adults = run(store, settings, "trained-practitioners", age_group="adults")
    assert set(adults.column("__age_group")) == {"adults"} and len(adults) >= 5


def test_remote_rehabilitation_shares_add_up(store, settings):
    table = run(store, settings, "remote-rehabilitation")
    assert len(table) == 3 * 3 * 4
    totals: dict[tuple, float] = {}
    for r in table.records():
        totals[(r["form"], r["__therapy"])] = totals.get((r["form"], r["__therapy"]), 0) + r["percent"]
    assert len(totals) == 9 and all(99.5 <= total <= 100.5 for total in totals.values())
    physio = run(store, settings, "remote-rehabilitation", therapy="physiotherapy")
    in_use = {r["form"]: r["percent"] for r in physio.records() if r["stage"] == "in-use"}
    assert in_use["real-time-remote-rehabilitation"] == pytest.approx(22.7)


def test_services_by_channel(store, settings):
    table = run(store, settings, "services-by-channel", region="09")
    by_channel = Counter(table.column("channel"))
    assert by_channel["physical"] == 5 and by_channel["digital"] == 1
    e_services = next(r for r in table.records() if r["service_code"] == "e-services")
    assert "Omaolo" in e_services["digital_services"].split("; ")


def test_municipality_to_centres(store, settings):
    lahti = run(store, settings, "municipality-centres", municipality="398")
    assert {(r["relation"], r["centre"].rsplit("/", 1)[-1]) for r in lahti.records()} == {
        ("organiser", "09-sote-keskus"),
        ("organiser", "09-perhekeskus"),
        ("collaborative-area", "ot-etela-suomi"),
    }
    everyone = run(store, settings, "municipality-centres")
    assert len(set(everyone.column("__municipality"))) == 293  # 309 municipalities less Åland's 16


def test_a_centre_serving_a_neighbour_municipality(store, settings, scratch_graph):
    """All four relations on every store, "serves" from a planted centre (the shipped data has none): a meeting
    place in Asikkala (016) that also serves Lahti (398) is located-in for one and serves the other."""
    place = "https://w3id.org/sotekg/id/centre/test-meeting-place"
    municipality = "http://uri.suomi.fi/codelist/jhs/kunta_1_20220101/code/"
    store.replace_graph(
        scratch_graph,
        f"""@prefix sk: <https://w3id.org/sotekg/def#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <{place}> a sk:MeetingPlace ; skos:prefLabel "Testin kohtaamispaikka"@fi ;
            sk:organiser <http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/09> ;
            sk:municipality <{municipality}016> ; sk:servesMunicipality <{municipality}016>, <{municipality}398> .""",
    )
    lahti = run(store, settings, "municipality-centres", municipality="398")
    assert {(r["relation"], r["centre"].rsplit("/", 1)[-1], r["centre_type"]) for r in lahti.records()} == {
        ("organiser", "09-sote-keskus", "sosiaali- ja terveyskeskus"),
        ("organiser", "09-perhekeskus", "perhekeskus"),
        ("collaborative-area", "ot-etela-suomi", "osaamis- ja tukikeskus"),
        ("serves", "test-meeting-place", "perhekeskuksen kohtaamispaikka"),
    }
    asikkala = run(store, settings, "municipality-centres", municipality="016")
    assert ("located-in", place) in {(r["relation"], r["centre"]) for r in asikkala.records()}
    assert ("serves", place) not in {(r["relation"], r["centre"]) for r in asikkala.records()}


def test_quality_checks_and_audit_are_empty_on_the_shipped_data(store, settings):
    checked = [q.name for q in query_library(settings) if q.name.startswith("qc/")]
    assert checked
    for name in checked + ["analytics/facts-without-source"]:
        assert len(run_named(store, settings, name)) == 0, name


def test_the_audit_says_what_each_fact_lacks(store, settings, scratch_graph):
    """facts-without-source on every store: one row per fact (two sources or two dates make no second row),
    with what it lacks: its source, its date or both."""
    ids = "https://w3id.org/sotekg/id/"
    store.replace_graph(
        scratch_graph,
        f"""@prefix sk: <https://w3id.org/sotekg/def#> . @prefix dct: <http://purl.org/dc/terms/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <{ids}statistic/test-undated> a sk:Statistic ; dct:source <{ids}source/seed-001>, <{ids}source/seed-002> .
        <{ids}team/test-unsourced> a sk:Team ; dct:date "2023", "2024" .
        <{ids}centre/test-bare> a sk:ServiceLocation ; rdfs:label "Testipiste"@fi .
        <{ids}centre/test-complete> a sk:ServiceLocation ; dct:source <{ids}source/seed-001> ; dct:date "2024" .""",
    )
    rows = run(store, settings, "facts-without-source").records()
    assert [(r["graph"], r["fact"], r["fact_type"], r["label"], r["missing"]) for r in rows] == [
        (scratch_graph, f"{ids}centre/test-bare", "ServiceLocation", "Testipiste", "source date"),
        (scratch_graph, f"{ids}statistic/test-undated", "Statistic", None, "date"),
        (scratch_graph, f"{ids}team/test-unsourced", "Team", None, "source"),
    ]


def test_a_wrong_parameter_is_named(store, settings):
    with pytest.raises(ParameterError, match="'servic'"):
        run(store, settings, "organisers-missing-service", servic="oral-health-care")
    with pytest.raises(ParameterError, match="needs parameter 'service'"):
        run(store, settings, "organisers-missing-service", service="")


def test_a_parameter_value_is_a_term_not_query_text(store, settings):
    injected = run(store, settings, "team-composition", region='09" } UNION { ?centre ?p ?o } #')
    assert len(injected) == 0


PLANTED = sorted((Path(__file__).parent / "queries" / "planted").glob("*.ttl"))


def expectations(path: Path) -> list[tuple[str, str, str]]:
    """The ``# expect QUERY COLUMN VALUE`` lines of a planted-violation file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split()[2:5]) for line in lines if line.startswith("# expect ")]


def test_every_quality_check_has_a_planted_violation(settings):
    assert PLANTED, "no planted-violation files found"
    checked = {query for path in PLANTED for query, _, _ in expectations(path)}
    assert {q.name for q in query_library(settings) if q.name.startswith("qc/")} <= checked


@pytest.mark.parametrize("path", PLANTED, ids=[p.stem for p in PLANTED])
def test_a_planted_violation_is_found(store, settings, scratch_graph, path):
    """Each check finds the one thing planted for it (and did not find it before it was planted)."""
    wanted = expectations(path)
    assert wanted, f"{path.name} declares no '# expect' line"
    for query, column, value in wanted:
        assert value not in run_named(store, settings, query).column(column)
    store.replace_graph(scratch_graph, path.read_text(encoding="utf-8"))
    for query, column, value in wanted:
        assert value in run_named(store, settings, query).column(column), f"{query} did not find {value}"


def test_the_code_list_check_covers_every_coded_property_of_the_ontology(store, settings, scratch_graph):
    """A foreign code on each property the ontology binds with qb:codeList is found, with the list it missed."""
    from rdflib import Graph, URIRef

    from scripts.build_shapes import coded_properties

    ontology = Graph().parse(settings.ontology_dir / "sotekg.ttl")
    coded = coded_properties(ontology)
    assert len(coded) >= 23
    planted = Graph()
    for index, (prop, scheme) in enumerate(coded):
        planted.add((URIRef(f"https://example.org/thing-{index}"), prop, URIRef(f"{scheme}/no-such-code")))
    store.replace_graph(scratch_graph, planted)
    found = run_named(store, settings, "qc/code-outside-code-list-violation")
    rows = {
        (prop, scheme) for prop, scheme in zip(found.column("property"), found.column("scheme"), strict=True)
    }
    assert rows == {(str(prop), str(scheme)) for prop, scheme in coded}
