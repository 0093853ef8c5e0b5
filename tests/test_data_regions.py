"""data/regions/*.ttl (Päijät-Häme's model from seed 004) and SPARQL audits over every data file in the graph layout."""

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from sotekg.layout import default_graph_files
from sotekg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SK = "https://w3id.org/sotekg/def#"
ID = "https://w3id.org/sotekg/id/"
CODE = "https://w3id.org/sotekg/code/"
COUNTY_09 = URIRef("http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/09")
SEED_001 = URIRef(ID + "source/seed-001")
SEED_004 = URIRef(ID + "source/seed-004")

# Seed 004: "moniammatilliseen tiimiin kuuluvat hoitajat, lääkärit, fysioterapeutti, suunterveydenhuollon
# ammattilainen, mielenterveys- ja päihdehoitaja, Case Manager, farmaseutti, sosiaaliohjaaja, geronomi ja
# työkykykoordinaattori" — profession code → sector in the profession code list.
TEAM_09 = {
    "nurse": "health",
    "physician": "health",
    "physiotherapist": "health",
    "oral-health-professional": "health",
    "mental-health-and-substance-abuse-nurse": "health",
    "case-manager": "other",
    "pharmacist": "health",
    "social-counsellor": "social",
    "geronomist": "other",
    "work-ability-coordinator": "other",
}
FAMILY_CENTRE_UNIVERSAL = {
    "maternity-and-child-health-clinic",
    "school-health-care",
    "home-services-for-families",
    "child-guidance-and-family-counselling",
}


def sk(term: str) -> URIRef:
    return URIRef(SK + term)


def slug(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def region() -> Graph:
    return Graph().parse(ROOT / "data" / "regions" / "09.ttl", format="turtle")


@pytest.fixture(scope="module")
def codelists() -> Graph:
    g = Graph()
    for path in sorted((ROOT / "ontology" / "codelists").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """Every file of the default graph layout, each in its named graph."""
    store = ox.Store()
    files = default_graph_files(Settings(root=ROOT))
    assert any(f.path.name == "09.ttl" for f in files)
    for graph_file in files:
        store.load(path=graph_file.path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph_file.graph))
    return store


def _rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [
        tuple(str(term.value) if term is not None else "" for term in solution)
        for solution in store.query(
            query,
            use_default_graph_as_union=True,
            prefixes={"sk": SK, "dct": str(DCTERMS), "skos": str(SKOS)},
        )
    ]


# ---------------------------------------------------------------- Päijät-Häme's model


def test_one_region_level_sote_centre_and_family_centre(region):
    sote = list(region.subjects(RDF.type, sk("SoteCentre")))
    family = list(region.subjects(RDF.type, sk("FamilyCentre")))
    assert sote == [URIRef(ID + "centre/09-sote-keskus")]
    assert family == [URIRef(ID + "centre/09-perhekeskus")]
    for centre in sote + family:
        assert region.value(centre, sk("organiser")) == COUNTY_09
    assert Literal("Päijät-Hämeen sote-keskukset (verkosto)", lang="fi") in set(
        region.objects(sote[0], SKOS.prefLabel)
    )


def test_team_of_ten_professions_with_their_sectors(region, codelists):
    team = region.value(URIRef(ID + "centre/09-sote-keskus"), sk("team"))
    assert team == URIRef(ID + "team/09-sote-keskus-tiimi")
    members = list(region.objects(team, sk("member")))
    assert len(members) == 10
    professions = {slug(region.value(m, sk("profession"))): m for m in members}
    sectors = {
        code: slug(codelists.value(URIRef(f"{CODE}profession/{code}"), sk("sector"))) for code in professions
    }
    assert sectors == TEAM_09
    assert {"social", "health"} <= set(sectors.values())  # a multiprofessional team: social and health
    assert not any(region.objects(None, sk("headcount")))  # the seed gives no headcounts
    assert region.value(team, sk("contactPersonModel")) is not None


def test_offerings_are_those_the_seeds_support(region):
    def offered(centre: str) -> dict[str, URIRef]:
        return {
            slug(region.value(o, sk("serviceType"))): o
            for o in region.objects(URIRef(ID + "centre/" + centre), sk("offers"))
        }

    sote = offered("09-sote-keskus")
    assert set(sote) == {
        "primary-health-care",
        "oral-health-care",
        "mental-health-and-substance-abuse-services",
        "outpatient-rehabilitation",
        "psychophysical-physiotherapy",
        "social-work-and-social-welfare",
        "e-services",
        "free-contraception-under-25",
    }
    assert {
        "home-delivered-services",
        "prevention-of-common-diseases",
        "maternity-and-child-health-clinic",
    }.isdisjoint(sote)  # seed 004 does not name them
    for offering in sote.values():
        assert region.value(offering, DCTERMS.source) == SEED_004
        assert region.value(offering, sk("evidenceBasis")) == URIRef(CODE + "evidence-basis/named-in-source")
    assert region.value(sote["free-contraception-under-25"], sk("ageGroup")) == URIRef(
        CODE + "age-group/under-25"
    )

    family = offered("09-perhekeskus")
    assert set(family) == FAMILY_CENTRE_UNIVERSAL | {"psychophysical-physiotherapy"}
    for service in FAMILY_CENTRE_UNIVERSAL:
        assert region.value(family[service], DCTERMS.source) == SEED_001
        assert region.value(family[service], sk("evidenceBasis")) == URIRef(
            CODE + "evidence-basis/national-finding"
        )
        assert region.value(family[service], DCTERMS.description) is not None


def test_digital_services_hang_off_the_e_services_offering(region):
    e_services = URIRef(ID + "offering/09-sote-keskus-e-services")
    assert region.value(e_services, sk("channel")) == URIRef(CODE + "channel/digital")
    services = set(region.objects(e_services, sk("digitalService")))
    assert len(services) == 7
    names_fi = {
        str(label) for d in services for label in region.objects(d, RDFS.label) if label.language == "fi"
    }
    assert names_fi == {
        "Päijät-Sote-sovellus",
        "Omaolo",
        "Chatbot",
        "Sähköiset lomakkeet",
        "Sähköiset ajanvaraukset",
        "Mobiili-ilmoittautuminen",
        "Terapianavigaattori",
    }
    assert set(region.subjects(RDF.type, sk("DigitalService"))) == services


def test_operating_models_and_the_multi_service_path(region):
    path = URIRef(ID + "operating-model/09-monipalvelupolku")
    assert (path, RDF.type, sk("ServicePath")) in region
    assert "yhteyshenkilön" in str(region.value(path, sk("contactPersonModel")))
    models = {slug(m) for m in region.subjects(RDF.type, sk("OperatingModel"))}
    assert models == {"09-perhekeskuksen-tiimimalli", "09-case-manager", "09-segmentointimalli"}
    assert path in set(region.objects(URIRef(ID + "centre/09-sote-keskus"), sk("operatingModel")))


def test_integration_links_to_the_partners_seed_004_names(region):
    links = {
        slug(region.value(link, sk("partner"))): (
            slug(region.value(link, sk("partnerType"))),
            slug(region.value(link, sk("linkType"))),
        )
        for link in region.subjects(RDF.type, sk("IntegrationLink"))
    }
    assert links == {
        "suomen-diakoniaopisto-theatrum-olga": ("educational-institution", "network-cooperation"),
        "09-jarjestokentta": ("ngo", "network-cooperation"),
        "09-erikoissairaanhoito": ("specialised-care", "referral"),
        "terapiat-etulinjaan": ("university-hospital", "network-cooperation"),
    }


def test_paijat_hame_figures(region):
    contraception = URIRef(ID + "statistic/09-free-contraception-recipients-2023")
    assert region.value(contraception, sk("value")).toPython() == 4458
    assert region.value(contraception, DCTERMS.spatial) == COUNTY_09
    network = URIRef(ID + "statistic/09-contraception-network-members-2023")
    assert region.value(network, sk("value")).toPython() == 100
    assert region.value(network, sk("valueQualifier")) == URIRef(CODE + "value-qualifier/lower-bound")


# ---------------------------------------------------------------- audits over every data graph


def test_every_fact_node_has_source_and_date(store):
    checked = _rows(
        store,
        """
        SELECT (COUNT(DISTINCT ?fact) AS ?n) WHERE {
          VALUES ?type { sk:Statistic sk:StatusAssessment sk:ServiceOffering sk:IntegrationLink }
          ?fact a ?type }""",
    )
    assert int(checked[0][0]) >= 100
    missing = _rows(
        store,
        """
        SELECT ?fact ?type WHERE {
          { VALUES ?type { sk:Statistic sk:TrainingStatistic sk:StatusAssessment sk:ServiceOffering
                           sk:IntegrationLink sk:Team sk:OperatingModel sk:ServicePath sk:DigitalService
                           sk:DevelopmentProject sk:Programme }
            ?fact a ?type }
          UNION
          { VALUES ?type { sk:SoteCentre sk:FamilyCentre sk:OTCentre sk:MeetingPlace }
            GRAPH ?g { ?fact a ?type } }
          FILTER NOT EXISTS { ?fact dct:source ?source . ?fact dct:date ?date }
        }""",
    )
    assert missing == []


def test_every_source_is_a_titled_source_document_and_seed_files_exist(store):
    dangling = _rows(
        store,
        """
        SELECT DISTINCT ?source WHERE {
          ?fact dct:source ?source
          FILTER(STRSTARTS(STR(?source), "https://w3id.org/sotekg/id/source/"))
          FILTER NOT EXISTS { ?source a sk:SourceDocument ; dct:title ?title }
        }""",
    )
    assert dangling == []
    seed_files = [row[0] for row in _rows(store, "SELECT ?file WHERE { ?doc sk:seedFile ?file }")]
    assert len(seed_files) == 5
    real = {path.name for path in (ROOT / "data" / "seeds").glob("*.txt")}
    assert set(seed_files) == real


def test_every_code_used_in_data_exists_in_the_code_lists(store):
    unknown = _rows(
        store,
        """
        SELECT DISTINCT ?code WHERE {
          GRAPH ?g { ?s ?p ?code }
          FILTER(STRSTARTS(STR(?g), "https://w3id.org/sotekg/graph/reference")
              || STRSTARTS(STR(?g), "https://w3id.org/sotekg/graph/national")
              || STRSTARTS(STR(?g), "https://w3id.org/sotekg/graph/region/"))
          FILTER(isIRI(?code) && STRSTARTS(STR(?code), "https://w3id.org/sotekg/code/"))
          FILTER NOT EXISTS { GRAPH <https://w3id.org/sotekg/graph/codelists> { ?code a ?kind } }
        }""",
    )
    assert unknown == []


def test_every_sk_term_used_in_data_is_defined_in_the_ontology(store):
    undefined = _rows(
        store,
        """
        SELECT DISTINCT ?term WHERE {
          GRAPH ?g { { ?s ?term ?o } UNION { ?s a ?term } }
          FILTER(?g != <https://w3id.org/sotekg/graph/ontology> && ?g != <https://w3id.org/sotekg/graph/codelists>)
          FILTER(STRSTARTS(STR(?term), "https://w3id.org/sotekg/def#"))
          FILTER NOT EXISTS { GRAPH <https://w3id.org/sotekg/graph/ontology> { ?term a ?kind } }
        }""",
    )
    assert undefined == []


def test_every_iri_the_region_links_to_is_described_somewhere(store):
    dangling = _rows(
        store,
        """
        SELECT DISTINCT ?target WHERE {
          GRAPH <https://w3id.org/sotekg/graph/region/09> { ?s ?p ?target }
          FILTER(isIRI(?target) && ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>)
          FILTER NOT EXISTS { ?target ?anyP ?anyO }
        }""",
    )
    assert dangling == []
