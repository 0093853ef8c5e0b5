"""Every shape in shapes/ against its example graphs in tests/shapes/<Shape>/ (data-driven).

A valid example must give no result at all. An invalid example declares, in header lines
``# expect: SEVERITY SHAPE FOCUS`` (prefixes ``shp:`` and ``ex:``), exactly the results it must give: a missing
one or any other one fails the case. Generated shape families (``SoteCentreMinimumService-<service>``) share the
folder named by the part before the first hyphen. Examples are validated with the ontology and code lists only,
so each example holds everything it refers to.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from sotekg.layout import ontology_files
from sotekg.namespaces import SH, SHAPES
from sotekg.rdfio import read_rdf_file, union_graph
from sotekg.settings import Settings
from sotekg.validation import Validator, shapes_files

SETTINGS = Settings()
EXAMPLES_DIR = Path(__file__).parent / "shapes"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*/*.ttl"))
EXAMPLE_NAME = re.compile(r"^(valid|invalid)-\d{3}\.ttl$")
EXPECT_LINE = re.compile(r"^# expect: (Violation|Warning|Info) (\S+) (\S+)\s*$")
CURIES = {"shp": str(SHAPES), "ex": "https://example.org/"}

# The SHACL Core vocabulary (W3C SHACL §2–4); anything else (sh:sparql, sh:rule, sh:target …) is not Core.
SHACL_CORE = {
    SH[term]
    for term in [
        "NodeShape",
        "PropertyShape",
        "targetClass",
        "targetNode",
        "targetObjectsOf",
        "targetSubjectsOf",
        "severity",
        "Violation",
        "Warning",
        "Info",
        "message",
        "name",
        "description",
        "deactivated",
        "path",
        "inversePath",
        "alternativePath",
        "zeroOrMorePath",
        "oneOrMorePath",
        "zeroOrOnePath",
        "class",
        "datatype",
        "nodeKind",
        "IRI",
        "BlankNode",
        "Literal",
        "BlankNodeOrIRI",
        "BlankNodeOrLiteral",
        "IRIOrLiteral",
        "minCount",
        "maxCount",
        "minExclusive",
        "minInclusive",
        "maxExclusive",
        "maxInclusive",
        "minLength",
        "maxLength",
        "pattern",
        "flags",
        "languageIn",
        "uniqueLang",
        "equals",
        "disjoint",
        "lessThan",
        "lessThanOrEquals",
        "not",
        "and",
        "or",
        "xone",
        "node",
        "property",
        "qualifiedValueShape",
        "qualifiedMinCount",
        "qualifiedMaxCount",
        "qualifiedValueShapesDisjoint",
        "closed",
        "ignoredProperties",
        "hasValue",
        "in",
        "order",
        "group",
        "defaultValue",
    ]
}


def _expand(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(CURIES[prefix] + local)


def expected_results(path: Path) -> Counter:
    """The (severity, source shape, focus node) results an example declares in its header."""
    expected: Counter = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := EXPECT_LINE.match(line):
            severity, shape, focus = match.groups()
            expected[(severity, _expand(shape), _expand(focus))] += 1
    return expected


def family(shape: URIRef) -> str:
    """The example folder of a shape: its local name up to the first hyphen."""
    return str(shape).removeprefix(str(SHAPES)).split("-", 1)[0]


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator(shapes_files(SETTINGS), ontology_files(SETTINGS))


@pytest.fixture(scope="module")
def shapes_graph(validator: Validator) -> Graph:
    return validator.shapes_graph


def test_examples_were_collected():
    assert len(EXAMPLES) >= 60
    folders = {path.parent.name for path in EXAMPLES}
    assert len(folders) >= 30
    for folder in folders:
        names = [path.name for path in EXAMPLES if path.parent.name == folder]
        assert any(n.startswith("valid-") for n in names) and any(n.startswith("invalid-") for n in names), (
            folder
        )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_example(validator: Validator, path: Path):
    assert EXAMPLE_NAME.match(path.name), "examples are named valid-NNN.ttl or invalid-NNN.ttl"
    expected = expected_results(path)
    if path.name.startswith("invalid-"):
        assert expected, "an invalid example declares its expected results"
        assert any(family(shape) == path.parent.name for _, shape, _ in expected), (
            "it trips its folder's shape"
        )
    else:
        assert not expected, "a valid example expects no results"
    report = validator.validate(read_rdf_file(path))
    actual = Counter((r.severity, r.source_shape, r.focus_node) for r in report.results)
    assert actual == expected, report.to_text("en")
    assert report.conforms == (not any(severity == "Violation" for severity, _, _ in expected))


def test_every_shape_has_valid_and_invalid_examples(validator: Validator):
    shapes = validator.shape_iris
    assert len(shapes) >= 50
    expected_somewhere = set()
    for path in EXAMPLES:
        expected_somewhere |= {shape for _, shape, _ in expected_results(path)}
    exercised = set()
    for path in EXAMPLES:
        if path.name.startswith("valid-"):
            data = union_graph(read_rdf_file(path))
            subjects = set(data.subjects())
            exercised |= {shape for shape, nodes in validator.focus_nodes(data).items() if nodes & subjects}
    for shape in shapes:
        assert (EXAMPLES_DIR / family(shape)).is_dir(), f"no example folder tests/shapes/{family(shape)}/"
        assert shape in expected_somewhere, f"no invalid example trips {shape}"
        assert shape in exercised, f"no valid example has a node {shape} targets"


def test_every_example_folder_names_a_shape(validator: Validator):
    families = {family(shape) for shape in validator.shape_iris}
    assert {path.parent.name for path in EXAMPLES} == families


def test_every_shape_is_named_and_explained_in_finnish_and_english(shapes_graph: Graph, validator: Validator):
    for shape in validator.shape_iris:
        for predicate in (SH.name, SH.message):
            languages = sorted(value.language for value in shapes_graph.objects(shape, predicate))
            assert languages == ["en", "fi"], (shape, predicate)
        assert shapes_graph.value(shape, SH.severity) in (SH.Violation, SH.Warning), shape


@pytest.mark.parametrize(
    ("file_name", "severity"), [("mandatory.ttl", SH.Violation), ("recommended.ttl", SH.Warning)]
)
def test_mandatory_and_recommended_files_hold_one_severity(file_name: str, severity: URIRef):
    graph = union_graph(read_rdf_file(SETTINGS.shapes_dir / file_name))
    severities = list(graph.objects(None, SH.severity))
    assert severities and set(severities) == {severity}
    assert len(severities) == len(
        set(graph.subjects(RDF.type, SH.PropertyShape)) | set(graph.subjects(RDF.type, SH.NodeShape))
    )


def test_shapes_use_shacl_core_only(shapes_graph: Graph):
    used = {
        term
        for triple in shapes_graph
        for term in triple
        if isinstance(term, URIRef) and term.startswith(str(SH))
    }
    assert used, "the shapes graph uses SHACL"
    assert used <= SHACL_CORE, used - SHACL_CORE


def test_shapes_are_well_formed_shacl(shapes_graph: Graph):
    """SHACL-SHACL over the hand-written and code-list shapes and one shape of each generated service-set family
    (the rest differ from it only in the service; the whole file takes too long)."""
    from pyshacl.entrypoints import meta_validate

    sample = Graph()
    for file_name in (
        "mandatory.ttl",
        "recommended.ttl",
        "generated-code-lists.ttl",
        "generated-whole-numbers.ttl",
    ):
        sample += union_graph(read_rdf_file(SETTINGS.shapes_dir / file_name))
    families = {
        family(shape): shape
        for shape in sorted(set(shapes_graph.subjects(SH.targetClass, None)))
        if "-" in shape
    }
    assert len(families) == 3
    for shape in families.values():
        sample += shapes_graph.cbd(shape)
    conforms, _, text = meta_validate(sample, inference="none")
    assert conforms, text
