"""Every coded property of the ontology names its code list once (``qb:codeList``), and refuses a foreign code.

The properties and their lists are read from ontology/sotekg.ttl — the one statement the shapes and the quality
check are generated from — so a newly coded property is tested without editing this file. Each one must refuse
``…/code/<list>/no-such-code`` with a violation whose Finnish and English messages name the property and the
list. The issue's measurement is repeated on the shipped model of Päijät-Häme (data/regions/09.ttl): a foreign
code on any coded property it uses, and a word where a statistic's number belongs, make it non-conforming.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from scripts.build_shapes import code_shape_name, coded_properties
from sotekg.layout import ontology_files
from sotekg.namespaces import SH, SHAPES, SK
from sotekg.rdfio import read_rdf_file, union_graph
from sotekg.settings import Settings
from sotekg.validation import Validator, shapes_files

SETTINGS = Settings()
ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = Graph().parse(ROOT / "ontology" / "sotekg.ttl")
CODELISTS = Graph()
for _path in sorted((ROOT / "ontology" / "codelists").glob("*.ttl")):
    CODELISTS.parse(_path)
CODED = coded_properties(ONTOLOGY)
REGION_09 = ROOT / "data" / "regions" / "09.ttl"
EX = "https://example.org/"


def _label(graph: Graph, node: URIRef, lang: str) -> str:
    return next(
        str(label)
        for predicate in (SKOS.prefLabel, RDFS.label)
        for label in graph.objects(node, predicate)
        if label.language == lang
    )


def _foreign(scheme: URIRef) -> URIRef:
    return URIRef(f"{scheme}/no-such-code")


@pytest.fixture(scope="module")
def examples_validator() -> Validator:
    return Validator(shapes_files(SETTINGS), ontology_files(SETTINGS))


def test_coded_properties_were_collected():
    assert len(CODED) >= 23
    bound = dict(CODED)
    code = "https://w3id.org/sotekg/code/"
    assert bound[SK.serviceType] == URIRef(code + "service-type")
    assert bound[SK.evidenceBasis] == URIRef(code + "evidence-basis")
    assert bound[SK.valueQualifier] == URIRef(code + "value-qualifier")
    assert bound[SK.unit] == URIRef(code + "unit")
    assert bound[SK.method] == URIRef(code + "psychosocial-method")
    assert bound[SK.sourceKind] == URIRef(code + "source-kind")
    assert bound[SK.coverageState] == URIRef(code + "coverage-state")


def test_every_concept_valued_property_names_one_existing_code_list():
    """A property whose range is skos:Concept (or a subclass) is coded: it names exactly one concept scheme."""
    concept_classes = {SKOS.Concept} | set(ONTOLOGY.subjects(RDFS.subClassOf, SKOS.Concept))
    concept_valued = {
        prop for prop, range_ in ONTOLOGY.subject_objects(RDFS.range) if range_ in concept_classes
    }
    assert len(concept_valued) >= 23
    bound = [prop for prop, _ in CODED]
    assert len(bound) == len(set(bound)), "a property names one code list"
    assert concept_valued <= set(bound), concept_valued - set(bound)
    for _prop, scheme in CODED:
        assert (scheme, RDF.type, SKOS.ConceptScheme) in CODELISTS, scheme
        assert any(CODELISTS.subjects(SKOS.inScheme, scheme)), f"{scheme} has no concepts"


def test_the_generated_code_list_shapes_are_the_ontologys_bindings():
    shapes = Graph().parse(ROOT / "shapes" / "generated-code-lists.ttl")
    generated = {(prop, shapes.value(SHAPES[code_shape_name(prop)], SH.path)) for prop, _ in CODED}
    assert generated == {(prop, prop) for prop, _ in CODED}
    assert len(set(shapes.subjects(SH.path, None))) == len(CODED) * 2  # each shape and its inScheme test


@pytest.mark.parametrize(("prop", "scheme"), CODED, ids=[str(p).rsplit("#", 1)[-1] for p, _ in CODED])
def test_a_coded_property_refuses_a_foreign_code(examples_validator: Validator, prop: URIRef, scheme: URIRef):
    thing = URIRef(EX + "thing")
    data = Graph()
    data.add((thing, prop, _foreign(scheme)))
    report = examples_validator.validate(data)
    assert not report.conforms
    assert [(r.severity, r.source_shape, r.focus_node, r.value) for r in report.results] == [
        ("Violation", SHAPES[code_shape_name(prop)], thing, _foreign(scheme))
    ]
    result = report.results[0]
    local = "sk:" + str(prop).rsplit("#", 1)[-1]
    for lang in ("fi", "en"):
        message = result.messages[lang]
        assert local in message and _label(ONTOLOGY, prop, lang) in message, message
        assert _label(CODELISTS, scheme, lang) in message, message
    assert result.messages["fi"].startswith("Ominaisuuden ")  # Finnish first, English beside

    concept = min(CODELISTS.subjects(SKOS.inScheme, scheme))
    data.set((thing, prop, concept))
    assert examples_validator.validate(data).results == ()


def _mutants(path: Path) -> list[tuple[URIRef, Graph, tuple]]:
    """One mutant per coded property the model uses: its first (sorted) value replaced by a foreign code."""
    model = union_graph(read_rdf_file(path))
    mutants = []
    for prop, scheme in CODED:
        triples = sorted(model.triples((None, prop, None)))
        if not triples:
            continue
        subject, _, value = triples[0]
        mutant = Graph()
        mutant += model
        mutant.remove((subject, prop, value))
        mutant.add((subject, prop, _foreign(scheme)))
        mutants.append((prop, mutant, (SHAPES[code_shape_name(prop)], subject, _foreign(scheme))))
    return mutants


def test_the_shipped_model_conforms_before_it_is_mutated():
    assert Validator.from_settings(SETTINGS).validate(union_graph(read_rdf_file(REGION_09))).conforms


def test_every_foreign_code_in_the_shipped_model_is_refused():
    """The issue's measurement: 7 of 10 mutants were refused; evidenceBasis, valueQualifier and unit were not."""
    validator = Validator.from_settings(SETTINGS)
    mutants = _mutants(REGION_09)
    assert len(mutants) >= 10
    assert {SK.evidenceBasis, SK.valueQualifier, SK.unit, SK.serviceType, SK.profession} <= {
        prop for prop, _, _ in mutants
    }
    for prop, mutant, expected in mutants:
        report = validator.validate(mutant)
        assert not report.conforms, prop
        found = {(r.source_shape, r.focus_node, r.value) for r in report.results if r.severity == "Violation"}
        assert expected in found, (prop, report.to_text("en"))


def test_a_word_for_a_statistics_number_is_refused():
    """``"viisitoista"`` (fifteen) where the shipped model's statistic has its number."""
    model = union_graph(read_rdf_file(REGION_09))
    statistic, _, number = min(model.triples((None, SK.value, None)))
    assert isinstance(number, Literal) and number.toPython() > 0
    model.set((statistic, SK.value, Literal("viisitoista", lang="fi")))
    report = Validator.from_settings(SETTINGS).validate(model)
    assert not report.conforms
    assert (SHAPES.StatisticValueShape, statistic) in {
        (r.source_shape, r.focus_node) for r in report.results if r.severity == "Violation"
    }, report.to_text("en")


def test_the_quality_check_reads_the_bindings_from_the_ontology():
    text = (ROOT / "queries" / "qc" / "code-outside-code-list-violation.rq").read_text(encoding="utf-8")
    assert "?property qb:codeList ?scheme" in text
    assert "sk:" not in text.split("WHERE", 1)[1], "no property is listed in the query itself"
