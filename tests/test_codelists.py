"""The committed code lists are exactly what scripts/build_codelists.py generates, and hold the seed facts."""

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from scripts import build_codelists

ROOT = Path(__file__).resolve().parent.parent

CODE = "https://w3id.org/sotekg/code/"


def test_committed_codelists_match_generator():
    generated = build_codelists.build()
    assert len(generated) >= 20
    for path, text in generated.items():
        committed = Graph().parse(path, format="turtle")
        assert isomorphic(committed, Graph().parse(data=text, format="turtle")), path.name


def _members(graph: Graph, collection: str) -> set[str]:
    return {
        str(o).rsplit("/", 1)[-1]
        for o in graph.objects(URIRef(CODE + "service-set/" + collection), SKOS.member)
    }


def test_service_sets_hold_the_seed_lists():
    g = Graph().parse(ROOT / "ontology" / "codelists" / "service-set.ttl")
    minimum = _members(g, "sote-centre-minimum")
    assert len(minimum) == 10  # seed 003's list, neuvola and other preventive/outreach services apart
    assert {"oral-health-care", "e-services", "outpatient-rehabilitation"} <= minimum
    assert _members(g, "family-centre-universal") == {
        "maternity-and-child-health-clinic",
        "school-health-care",
        "home-services-for-families",
        "child-guidance-and-family-counselling",
    }
    assert len(_members(g, "family-centre-near-universal")) == 4
    assert len(_members(g, "family-centre-common")) == 7


def test_every_concept_has_finnish_and_english_label():
    g = Graph()
    for path in (ROOT / "ontology" / "codelists").glob("*.ttl"):
        g.parse(path)
    concepts = set(g.subjects(predicate=SKOS.inScheme))
    assert len(concepts) > 100
    for concept in concepts:
        langs = {label.language for label in g.objects(concept, SKOS.prefLabel)}
        assert {"fi", "en"} <= langs, concept
