"""The lookup index (sotekg.index, sotekg.lookups) built from each real store: the documents the resource API
serves, checked against the data files by hand (data/reference.ttl, data/national.ttl, data/regions/09.ttl)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import hypothesis
import pytest
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from api.errors import BadParameter
from api.paging import Page, list_page, page_items
from sotekg.errors import NotFoundError
from sotekg.index import RESOURCE_FIELDS, LookupIndex, build_index, json_bytes
from sotekg.lookups import graph_origin
from sotekg.namespaces import SK
from sotekg.queries import QueryLibrary
from sotekg.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = QueryLibrary(ROOT / "queries")

# Seed 001, October 2023, by official code (DESIGN.md lists the regions by name).
DEFINITION_ONGOING = {"03", "05", "07", "11", "13", "14", "21"}
IMPLEMENTED = {"10", "12", "15", "90"}
ALL_CODES = {f"{n:02d}" for n in range(1, 22)} | {"90"}

# data/regions/09.ttl by hand: what the two region-level centres offer. Seed 004 does not describe these three
# minimum-set services; the model is derived from a document, so they are "not described", never "absent".
SOTE_MINIMUM_NOT_DESCRIBED_09 = [
    "home-delivered-services",
    "prevention-of-common-diseases",
    "preventive-and-outreach-services",
]
OFFERED_09 = {
    "primary-health-care",
    "oral-health-care",
    "mental-health-and-substance-abuse-services",
    "outpatient-rehabilitation",
    "psychophysical-physiotherapy",
    "social-work-and-social-welfare",
    "e-services",
    "free-contraception-under-25",
    "contraception-and-sexual-health",  # through its narrower free-contraception-under-25
    "maternity-and-child-health-clinic",
    "school-health-care",
    "home-services-for-families",
    "child-guidance-and-family-counselling",
}
TEAM_09 = {  # seed 004, as modelled in data/regions/09.ttl; sectors come from the profession code list
    "nurse",
    "physician",
    "physiotherapist",
    "oral-health-professional",
    "mental-health-and-substance-abuse-nurse",
    "case-manager",
    "pharmacist",
    "social-counsellor",
    "geronomist",
    "work-ability-coordinator",
}


@pytest.fixture(scope="module")
def index(store: Store) -> LookupIndex:
    return build_index(store, LIBRARY, {}, version=1)


def test_regions_are_the_22_organisers_with_names_areas_and_statuses(index):
    regions = {region["code"]: region for region in index.documents.regions}
    assert set(regions) == ALL_CODES
    assert all(set(region["name"]) == {"fi", "sv", "en"} for region in regions.values())
    assert regions["09"]["name"]["fi"] == "Päijät-Hämeen hyvinvointialue"
    assert regions["09"]["collaborativeArea"]["code"] == "etela-suomi"
    assert regions["19"]["collaborativeArea"]["code"] == "pohjois-suomi"
    assert regions["90"]["type"] == "CityOrganiser" and regions["09"]["type"] == "WellbeingServicesCounty"
    for code, region in regions.items():
        expected = (
            "definition-ongoing"
            if code in DEFINITION_ONGOING
            else "implemented"
            if code in IMPLEMENTED
            else "implementation-ongoing"
        )
        status = region["soteCentreStatus"]
        assert status["status"] == expected, code
        assert status["date"] == "2023-10"
        assert status["source"] == "https://w3id.org/sotekg/id/source/seed-001"
    assert [code for code, region in regions.items() if region["model"] == "present"] == ["09"]


def test_region_detail_has_centres_municipalities_and_the_area_ot_centre(index):
    region = index.document("region", "09")
    centres = {centre["id"]: centre for centre in region["centres"]}
    assert centres["09-sote-keskus"]["type"] == "SoteCentre"
    assert centres["09-perhekeskus"]["type"] == "FamilyCentre"
    assert centres["09-sote-keskus"]["relation"] == "organiser"
    assert centres["ot-etela-suomi"] == {
        **centres["ot-etela-suomi"],
        "type": "OTCentre",
        "relation": "collaborative-area",
        "origin": "national",
    }
    assert set(centres) == {"09-sote-keskus", "09-perhekeskus", "ot-etela-suomi"}
    assert len(region["municipalities"]) == 10 == region["municipalityCount"]
    assert {m["code"]: m["name"]["fi"] for m in region["municipalities"]}["398"] == "Lahti"
    partners = {link["partner"]["id"]: link for link in region["partners"]}
    assert set(partners) == {"suomen-diakoniaopisto-theatrum-olga"}


def test_region_services_exact_coverage_for_both_sets(index):
    services = index.document("region-services", "09")
    offered = {service["code"]: service for service in services["services"]}
    assert set(offered) == OFFERED_09
    assert offered["oral-health-care"]["centres"] == ["09-sote-keskus"]
    assert offered["oral-health-care"]["channels"] == ["physical"]
    assert offered["e-services"]["channels"] == ["digital"]
    assert offered["psychophysical-physiotherapy"]["centres"] == ["09-perhekeskus", "09-sote-keskus"]
    assert offered["contraception-and-sexual-health"]["centres"] == ["09-sote-keskus"]
    assert all(service["sources"] == ["region-model"] for service in services["services"])
    assert {item["kind"] for item in offered["oral-health-care"]["evidence"]} == {"document-model"}
    minimum = services["sets"]["sote-centre-minimum"]
    assert len(minimum["required"]) == 10
    assert minimum["missing"] == [] and minimum["unknown"] == []
    assert minimum["notDescribed"] == SOTE_MINIMUM_NOT_DESCRIBED_09
    assert minimum["coverage"] == pytest.approx(7 / 10) and minimum["known"] == pytest.approx(7 / 10)
    family = services["sets"]["family-centre-universal"]
    assert family["required"] == [
        "child-guidance-and-family-counselling",
        "home-services-for-families",
        "maternity-and-child-health-clinic",
        "school-health-care",
    ]
    assert family["missing"] == [] and family["coverage"] == 1.0
    assert len(services["required"]) == 13  # maternity clinics are in both sets
    assert services["missing"] == [] and services["notDescribed"] == SOTE_MINIMUM_NOT_DESCRIBED_09
    assert services["coverage"] == pytest.approx(10 / 13, abs=1e-4)
    assert services["model"] == "present"


# Seed 001: the family centres of every responding organiser (21 of 22) include these four services.
FAMILY_CENTRE_UNIVERSAL = [
    "child-guidance-and-family-counselling",
    "home-services-for-families",
    "maternity-and-child-health-clinic",
    "school-health-care",
]


def test_a_region_without_a_model_knows_only_the_survey_finding_and_the_station_register(index):
    services = index.document("region-services", "19")
    assert services["model"] == "none" and services["graphs"] == []
    known = sorted([*FAMILY_CENTRE_UNIVERSAL, "primary-health-care"])
    assert [s["code"] for s in services["services"]] == known
    for service in services["services"]:
        assert service["centres"] == []  # a register station is evidence, not one of today's centres
        if service["code"] == "primary-health-care":
            # the register's 2019 sheet lists 47 health stations in Pohjois-Pohjanmaa's municipalities
            assert [(e["kind"], e["preReform"], e["complete"]) for e in service["evidence"]] == [
                ("station-register", True, False)
            ]
            continue
        assert [e["kind"] for e in service["evidence"]] == ["national-survey"]
        assert "21" in service["evidence"][0]["qualifier"]["en"]
    assert len(services["required"]) == 13 and services["missing"] == [] and services["notDescribed"] == []
    assert services["unknown"] == sorted(set(services["required"]) - set(known))
    assert services["coverage"] == services["known"] == pytest.approx(5 / 13, abs=1e-4)


def test_a_region_known_only_from_ptv_gets_offered_services_but_no_absence(index):
    assert "17" in ptv_organisers()
    services = index.document("region-services", "17")
    assert services["model"] == "none"
    assert services["graphs"] == [{"graph": "https://w3id.org/sotekg/graph/ptv/17", "origin": "ptv"}]
    from_ptv = {s["code"] for s in services["services"] if s["sources"] == ["ptv"]}
    assert ptv_services("17") <= from_ptv
    assert {s["code"] for s in services["services"]} - from_ptv <= set(FAMILY_CENTRE_UNIVERSAL)
    assert services["missing"] == [] and services["notDescribed"] == []  # a recording shows no absence


def test_centre_has_team_professions_sectors_partners_and_channels(index):
    centre = index.document("centre", "09-sote-keskus")
    assert centre["type"] == "SoteCentre" and centre["region"]["code"] == "09"
    (team,) = centre["teams"]
    professions = Graph().parse(ROOT / "ontology/codelists/profession.ttl")
    sectors = {
        str(p).rsplit("/", 1)[-1]: str(s).rsplit("/", 1)[-1]
        for p, s in professions.subject_objects(SK.sector)
    }
    assert {p["code"]: p["sector"]["code"] for p in team["professions"]} == {
        code: sectors[code] for code in TEAM_09
    }
    assert {sectors[code] for code in TEAM_09} == {"health", "social", "other"}
    links = {
        link["partner"]["id"]: (link["partnerType"]["code"], link["linkType"]["code"])
        for link in centre["partners"]
    }
    assert links == {
        "09-erikoissairaanhoito": ("specialised-care", "referral"),
        "09-jarjestokentta": ("ngo", "network-cooperation"),
        "terapiat-etulinjaan": ("university-hospital", "network-cooperation"),
    }
    assert centre["channels"] == ["digital", "physical"]
    assert len(centre["services"]) == 8
    with pytest.raises(NotFoundError, match="no centre with id 'nowhere'"):
        index.document("centre", "nowhere")


def test_ot_centre_serves_the_regions_of_its_area(index):
    centre = index.document("centre", "ot-etela-suomi")
    assert centre["region"] is None and centre["collaborativeArea"]["code"] == "etela-suomi"
    assert centre["servedRegions"] == ["01", "02", "03", "04", "09", "10", "11", "90"]


def test_service_code_list_and_who_covers_a_service(index):
    expected = {
        str(code)
        for code in Graph().parse(ROOT / "ontology/codelists/service-type.ttl").objects(None, SKOS.notation)
    }
    assert len(expected) > 20
    assert {service["code"] for service in index.documents.services} == expected
    services = {service["code"]: service for service in index.documents.services}
    assert services["maternity-and-child-health-clinic"]["sets"] == [
        "family-centre-universal",
        "sote-centre-minimum",
    ]
    assert services["psychophysical-physiotherapy"]["broader"] == "outpatient-rehabilitation"
    assert set(services["oral-health-care"]["label"]) >= {"fi", "en"}

    oral = index.document("service-regions", "oral-health-care")
    regions = {region["code"]: region for region in oral["regions"]}
    assert set(regions) == {"09"} | ptv_organisers("oral-health-care")
    assert [centre["id"] for centre in regions["09"]["centres"]] == ["09-sote-keskus"]
    assert regions["09"]["sources"] == ["region-model"]
    assert all(region["sources"] == ["ptv"] for code, region in regions.items() if code != "09")
    assert oral["states"]["unknown"] == sorted(ALL_CODES - {"09"} - ptv_organisers("oral-health-care"))
    assert oral["states"]["absent"] == [] and oral["states"]["not-described"] == []
    rehabilitation = index.document("service-regions", "outpatient-rehabilitation")  # narrower types count
    centres = {c["id"]: c["services"] for c in rehabilitation["regions"][0]["centres"]}
    assert rehabilitation["regions"][0]["code"] == "09"
    assert centres == {
        "09-perhekeskus": ["psychophysical-physiotherapy"],
        "09-sote-keskus": ["outpatient-rehabilitation", "psychophysical-physiotherapy"],
    }
    consultation = index.document("service-regions", "demanding-child-and-family-services-consultation")
    assert consultation["regions"] == [] and len(consultation["areaCentres"]) == 5


def test_municipalities_know_their_organiser_or_that_they_are_outside_the_reform(index):
    lahti = index.document("municipality", "398")
    assert lahti["name"]["fi"] == "Lahti" and lahti["region"]["code"] == "09" and not lahti["outsideReform"]
    relations = {centre["id"]: centre["relation"] for centre in lahti["centres"]}
    assert relations == {
        "09-sote-keskus": "organiser",
        "09-perhekeskus": "organiser",
        "ot-etela-suomi": "collaborative-area",
    }
    mariehamn = index.document("municipality", "478")
    assert mariehamn["outsideReform"] is True and mariehamn["region"] is None and mariehamn["centres"] == []
    assert mariehamn["partOf"]["code"] == "91"
    assert "Åland" in mariehamn["note"]["en"]
    helsinki = index.document("municipality", "091")
    assert helsinki["region"]["code"] == "90"
    assert [c["id"] for c in helsinki["centres"]] == ["ot-etela-suomi"]
    with pytest.raises(NotFoundError):
        index.document("municipality", "999")


def test_prepared_bytes_are_the_documents_with_strong_etags(index):
    prepared = index.resource("region-services", "09")
    assert json.loads(prepared.body) == index.document("region-services", "09")
    assert prepared.etag.startswith('"') and len(prepared.etag) == 34
    assert prepared.etag != index.resource("region-services", "19").etag


def _stdlib_json(document) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def test_json_bytes_are_the_standard_librarys_compact_json_of_every_document(index):
    """json_bytes is orjson's: byte for byte the standard library's compact UTF-8 JSON of each document (the
    only float a document holds is a share rounded to four places, which both write alike)."""
    kinds = index.documents
    documents = [
        *(kinds.regions, kinds.services, kinds.service_sets),
        *(document for field in RESOURCE_FIELDS.values() for document in getattr(kinds, field).values()),
    ]
    assert len(documents) > 400  # 22 organisers twice, 29 service types, 308 municipalities, the centres, …
    assert any("Ä" in text or "ö" in text for text in map(bytes.decode, map(json_bytes, documents)))
    for document in documents:
        assert json_bytes(document) == _stdlib_json(document)


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-(2**63), 2**63 - 1)
        | st.floats(0, 1).map(lambda share: round(share, 4))
        | st.text(st.characters(exclude_categories=("Cs",))),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.text(st.characters(exclude_categories=("Cs",)), max_size=8), children, max_size=4
            )
        ),
        max_leaves=20,
    )
)
def test_json_bytes_equal_the_standard_library_on_document_like_values(value):
    assert json_bytes(value) == _stdlib_json(value)


def test_paging_and_its_limits(index):
    first, total = list_page(index, "regions", Page.checked(1, 5))
    assert total == 22 and [r["code"] for r in json.loads(first.body)["regions"]] == [
        "01",
        "02",
        "03",
        "04",
        "05",
    ]
    last, _ = list_page(index, "regions", Page.checked(5, 5))
    assert [r["code"] for r in json.loads(last.body)["regions"]] == ["21", "90"]
    assert list_page(index, "regions", Page.checked(1, 5))[0] is first  # cached on the snapshot
    with pytest.raises(BadParameter):
        Page.checked(0, 5)
    with pytest.raises(BadParameter):
        Page.checked(1, 10_000)
    with pytest.raises(BadParameter, match="modified_since"):
        Page.checked(modified_since="last tuesday")


def test_modified_since_filters_on_model_replacement_times(store):
    index = build_index(store, LIBRARY, {"09": "2026-11-20T10:00:00+00:00"}, version=2)
    assert index.document("region", "09")["modelModified"] == "2026-11-20T10:00:00+00:00"
    items, total = page_items(index, "regions", Page.checked(modified_since="2026-11-01"))
    assert total == 1 and items[0]["code"] == "09"
    assert page_items(index, "regions", Page.checked(modified_since="2026-11-21T00:00:00Z"))[1] == 0


@functools.cache
def ptv_graph() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "data/ptv").glob("*.ttl")):
        graph.parse(path)
    return graph


def ptv_organisers(service: str | None = None) -> set[str]:
    """Codes of the organisers with a PTV service location in data/ptv/ (offering ``service``, if given)."""
    graph = ptv_graph()
    found = set()
    for centre, organiser in graph.subject_objects(SK.organiser):
        offered = {
            str(graph.value(o, SK.serviceType)).rsplit("/", 1)[-1] for o in graph.objects(centre, SK.offers)
        }
        if service is None or service in offered:
            found.add(str(organiser).rsplit("/", 1)[-1])
    return found


def ptv_services(code: str) -> set[str]:
    """Service codes offered by the PTV service locations of organiser ``code`` in data/ptv/."""
    graph = ptv_graph()
    organiser = URIRef(f"http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/{code}")
    return {
        str(graph.value(offering, SK.serviceType)).rsplit("/", 1)[-1]
        for centre in graph.subjects(SK.organiser, organiser)
        for offering in graph.objects(centre, SK.offers)
    }


def term(value: str) -> URIRef:
    return URIRef(value)


# A PTV service location of Päijät-Häme as an import writes it (test data, in a store of the test's own).
PTV_TEST_LOCATION = """
@prefix sk: <https://w3id.org/sotekg/def#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/sotekg/id/source/ptv-test> a dcat:Dataset ;
    sk:sourceKind <https://w3id.org/sotekg/code/source-kind/ptv-recording> ; dct:issued "2024-05"^^xsd:gYearMonth .
<https://w3id.org/sotekg/id/centre/ptv-test-location> a sk:ServiceLocation ;
    skos:prefLabel "Testin palvelupiste"@fi ;
    sk:organiser <http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/09> ;
    sk:municipality <http://uri.suomi.fi/codelist/jhs/kunta_1_20220101/code/398> ;
    dct:source <https://w3id.org/sotekg/id/source/ptv-test> ; dct:date "2024-03-01"^^xsd:date ;
    sk:offers <https://w3id.org/sotekg/id/offering/ptv-test-home-delivered-services> ,
        <https://w3id.org/sotekg/id/offering/ptv-test-oral-health-care> .
<https://w3id.org/sotekg/id/offering/ptv-test-home-delivered-services>
    sk:serviceType <https://w3id.org/sotekg/code/service-type/home-delivered-services> ;
    sk:channel <https://w3id.org/sotekg/code/channel/physical> .
<https://w3id.org/sotekg/id/offering/ptv-test-oral-health-care>
    sk:serviceType <https://w3id.org/sotekg/code/service-type/oral-health-care> ;
    sk:channel <https://w3id.org/sotekg/code/channel/physical> .
"""


def test_ptv_offerings_are_told_apart_from_the_region_model(settings):
    """A PTV service location (graph/ptv/09) adds a service: coverage counts it, says where it comes from, and
    being a partial source it makes nothing absent."""
    store = open_store(settings)
    try:
        store.replace_graph("https://w3id.org/sotekg/graph/ptv/09", PTV_TEST_LOCATION)
        documents = build_index(store, LIBRARY, {}, version=1).documents
    finally:
        store.close()
    services = {s["code"]: s for s in documents.region_services["09"]["services"]}
    assert services["oral-health-care"]["sources"] == ["region-model", "ptv"]
    assert services["oral-health-care"]["centres"] == ["09-sote-keskus", "ptv-test-location"]
    assert services["home-delivered-services"]["sources"] == ["ptv"]
    assert services["home-delivered-services"]["evidence"] == [
        {
            "source": "https://w3id.org/sotekg/id/source/ptv-test",
            "kind": "ptv-recording",
            "date": "2024-03-01",
            "earliestDate": "2024-03-01",
            "issued": "2024-05",
            "complete": False,
            "locations": 1,
            "preReform": False,
            "qualifier": None,
        }
    ]
    minimum = documents.region_services["09"]["sets"]["sote-centre-minimum"]
    assert minimum["missing"] == []
    assert minimum["notDescribed"] == ["prevention-of-common-diseases", "preventive-and-outreach-services"]
    origins = {g["origin"] for g in documents.region_services["09"]["graphs"]}
    assert origins == {"region-model", "ptv"}
    lahti = {c["id"]: c["relation"] for c in documents.municipalities["398"]["centres"]}
    assert lahti["ptv-test-location"] == "located-in"
    assert {c["id"]: c["relation"] for c in documents.municipalities["016"]["centres"]}.get(
        "ptv-test-location"
    ) is None  # located in Lahti, not Asikkala


@pytest.mark.parametrize(
    ("graph", "origin"),
    [
        ("https://w3id.org/sotekg/graph/region/09", "region-model"),
        ("https://w3id.org/sotekg/graph/ptv/17", "ptv"),
        ("https://w3id.org/sotekg/graph/national", "national"),
        ("https://example.org/graph", "other"),
    ],
)
def test_graph_origin(graph, origin):
    assert graph_origin(graph) == origin


def test_every_lookup_query_is_used_and_has_a_header():
    lookup = [query for query in LIBRARY if query.name.startswith("lookup/")]
    assert len(lookup) == 25  # … lookup/stations (sotekg.station_lists) and five of sotekg.incremental
    for query in lookup:
        assert query.summary and len(query.description) > 60 and "lookup" in query.tags, query.name
        for parameter in query.parameters:
            assert parameter.name.replace("_", " ") in query.description.replace("_", " "), query.name


def test_rdf_types_are_classes_of_the_ontology(index):
    ontology = Graph().parse(ROOT / "ontology/sotekg.ttl")
    classes = {str(c).rsplit("#", 1)[-1] for c in ontology.subjects(RDF.type, None)}
    types = {c["type"] for c in index.documents.centres.values()}
    assert types and types <= classes


def test_every_document_is_byte_identical_to_the_embedded_stores(
    store: Store, embedded_store: Store, index: LookupIndex
):
    """On every server the lookup answers are the same bytes: row order, count datatypes and the server's own
    graphs (Virtuoso keeps three) change nothing (sotekg.store.engines)."""
    embedded = build_index(embedded_store, LIBRARY, {}, version=1)
    keys = set(embedded._prepared)
    assert len(keys) > 400 and set(index._prepared) == keys  # every region, centre, service, municipality
    assert [key for key in sorted(keys) if index._prepared[key].body != embedded._prepared[key].body] == []
    for kind in ("regions", "services"):
        assert json_bytes(index.items(kind)) == json_bytes(embedded.items(kind))
