"""The CPSV-AP 3.2 export conforms to the official CPSV-AP 3.2.0 SHACL shapes (pySHACL) and says what it should."""

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from sotekg.export.cpsv_ap import check, cpsv_ap_graph
from sotekg.namespaces import CPSV, CV, SH, code_iri, county_iri, instance_iri
from sotekg.queries import QueryLibrary

ROOT = Path(__file__).resolve().parents[2]
GERBY = "ptv-325f24cb-e861-41a3-b1b2-a437545aa3b8"


@pytest.fixture(scope="module")
def cpsv(embedded_store, settings):
    return cpsv_ap_graph(embedded_store, QueryLibrary(settings.queries_dir))


NOT_A_STATION = "FILTER NOT EXISTS { ?c dct:source/sk:sourceKind <https://w3id.org/sotekg/code/source-kind/station-register> }"


def offerings(store) -> int:
    """Offerings of today's centres: the 2013–2019 health-station register is not exported (docs/stations.md)."""
    query = f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?c sk:offers ?o {NOT_A_STATION} }}"
    return int(store.query(query).rows[0]["n"])


def test_export_conforms_to_the_official_shapes_on_both_stores(store, settings):
    graph = cpsv_ap_graph(store, QueryLibrary(settings.queries_dir))
    conforms, report, _text = check(graph, ROOT)
    assert conforms
    assert list(report.objects(None, SH.result)) == []
    services = set(graph.subjects(RDF.type, CPSV.PublicService))
    assert len(services) == offerings(store) >= 100 + 13 + 5  # PTV sites, Päijät-Häme model, OT-centres


def test_the_shapes_do_find_a_missing_title(cpsv):
    broken = Graph()
    broken += cpsv
    service = URIRef(instance_iri("offering", f"{GERBY}-primary-health-care"))
    broken.remove((service, DCTERMS.title, None))
    conforms, report, _text = check(broken, ROOT)
    assert not conforms
    results = list(report.objects(None, SH.result))
    assert len(results) == 1
    assert report.value(results[0], SH.focusNode) == service
    assert report.value(results[0], SH.resultPath) == DCTERMS.title


def test_organisers_are_public_organisations_with_their_municipalities(cpsv):
    organisations = set(cpsv.subjects(RDF.type, CV.PublicOrganisation))
    assert len(organisations) == 22
    pohjanmaa = URIRef(county_iri("17"))
    assert pohjanmaa in organisations
    assert str(cpsv.value(pohjanmaa, DCTERMS.identifier)) == "17"
    assert Literal("Pohjanmaan hyvinvointialue", lang="fi") in set(cpsv.objects(pohjanmaa, SKOS.prefLabel))
    assert len(set(cpsv.objects(pohjanmaa, DCTERMS.spatial))) == 14


def test_a_ptv_service_with_its_authority_classification_and_channel(cpsv):
    service = URIRef(instance_iri("offering", f"{GERBY}-primary-health-care"))
    assert (service, RDF.type, CPSV.PublicService) in cpsv
    assert str(cpsv.value(service, DCTERMS.identifier)) == f"{GERBY}-primary-health-care"
    assert Literal("perusterveydenhuollon palvelut – Gerbyn terveysasema", lang="fi") in set(
        cpsv.objects(service, DCTERMS.title)
    )
    assert set(cpsv.objects(service, CV.hasCompetentAuthority)) == {URIRef(county_iri("17"))}
    assert set(cpsv.objects(service, CV.isClassifiedBy)) == {
        URIRef(code_iri("service-type", "primary-health-care"))
    }
    (channel,) = cpsv.objects(service, CV.hasChannel)
    assert (channel, RDF.type, CV.Channel) in cpsv
    assert str(cpsv.value(channel, DCTERMS.identifier)) == f"{GERBY}-physical"
    assert cpsv.value(channel, DCTERMS.type) == URIRef(code_iri("channel", "physical"))
    assert cpsv.value(service, DCTERMS.source) == URIRef(instance_iri("source", "ptv-recording-vaasa-2018"))


def test_an_ot_centre_service_answers_to_every_organiser_of_its_area(cpsv):
    (service,) = [s for s in cpsv.subjects(RDF.type, CPSV.PublicService) if "/ot-ita-suomi" in str(s)]
    authorities = {str(a).rsplit("/", 1)[-1] for a in cpsv.objects(service, CV.hasCompetentAuthority)}
    # the KYS area of data/sources/yhteistyoalueet.csv: Pohjois-Savo, Keski-Suomi, Etelä-Savo, Pohjois-Karjala
    assert authorities == {"13", "15", "12", "14"}


def test_integration_links_are_participations_of_their_partners(cpsv):
    participations = set(cpsv.subjects(RDF.type, CV.Participation))
    assert len(participations) == 4
    referral = URIRef(instance_iri("link", "09-esh-lahetteet"))
    assert cpsv.value(referral, CV.role) == URIRef(code_iri("link-type", "referral"))
    partner = cpsv.value(referral, CV.hasParticipant)
    assert str(cpsv.value(partner, DCTERMS.identifier)) == "09-erikoissairaanhoito"
    assert cpsv.value(partner, DCTERMS.title).language == "fi"
    services = set(cpsv.subjects(CV.hasParticipation, referral))
    assert services and all("/09-sote-keskus-" in str(s) for s in services)
