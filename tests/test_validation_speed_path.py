"""The fast validation path gives exactly the reference results (the differential test of issue 5).

For every shape example under tests/shapes/, every shipped region model, a small synthetic region and a few
awkward inputs, three validations must agree result for result (severity, focus node, source shape, path, value,
messages) and on ``sh:conforms``: pySHACL called the plain way (testsupport.shacl_reference.naive_report: the
data merged into a copy of the context, then graded by status as every report is:
sotekg.validation.grade_by_status), ``Validator`` on pySHACL, and ``Validator`` on rudof (sotekg.shacl_fast).
Examples use the ontology and code lists as context (as tests/test_shapes.py does); region models the full
context. No timing here: bench/ measures the speed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from sotekg.layout import GraphFile, ontology_files, region_files
from sotekg.namespaces import SH
from sotekg.rdfio import parse_rdf, read_rdf_file, union_graph
from sotekg.settings import Settings
from sotekg.synth import write_catalogue
from sotekg.validation import Validator, context_files, grade_by_status, shapes_files
from testsupport.shacl_reference import naive_report, result_keys

SETTINGS = Settings()
EXAMPLES = sorted((Path(__file__).parent / "shapes").glob("*/*.ttl"))
REGIONS = [file.path for file in region_files(SETTINGS)]
PREFIXES = """@prefix ex: <https://example.org/> . @prefix sk: <https://w3id.org/sotekg/def#> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix county: <http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/> .
@prefix servicetype: <https://w3id.org/sotekg/code/service-type/> .
"""
# Inputs no example has; rudof_handles says whether the fast engine takes them or leaves them to pySHACL.
AWKWARD = {
    "centres-part-of-each-other": (
        """ex:a a sk:SoteCentre ; sk:partOf ex:b ; sk:organiser county:10 ; skos:prefLabel "A"@fi ;
             sk:offers [ sk:serviceType servicetype:oral-health-care ] .
           ex:b a sk:SoteCentre ; sk:partOf ex:a ; sk:organiser county:10 ; skos:prefLabel "B"@fi .""",
        True,
    ),
    "blank-node-centre-and-team": (
        """[] a sk:FamilyCentre ; sk:organiser county:01 ; skos:prefLabel "Perhekeskus"@fi ;
             sk:team [ a sk:Team ; rdfs:label "tiimi" ; sk:member [ a sk:TeamMember ] ] .""",
        True,
    ),
    "untagged-label-and-wrong-datatype": ('ex:p a sk:Partner ; rdfs:label "Kela" ; sk:code 99 .', True),
    "literal-where-a-code-belongs": (
        'ex:o a sk:ServiceOffering ; sk:serviceType "primary-health-care" .',
        False,
    ),
    "literal-offering": ('ex:c a sk:FamilyCentre ; sk:organiser county:02 ; sk:offers "neuvola" .', False),
    "ill-typed-date": (
        'ex:s a sk:Statistic ; dct:date "someday"^^xsd:date ; dct:source ex:nowhere .',
        False,
    ),
}


@pytest.fixture(scope="module")
def engines() -> dict[str, dict]:
    """Per context ("examples": ontology and code lists; "full"): shapes and context graphs and both Validators."""
    shapes = union_graph(*(read_rdf_file(path) for path in shapes_files(SETTINGS)))
    found = {}
    for name, files in (("examples", ontology_files(SETTINGS)), ("full", context_files(SETTINGS))):
        found[name] = {
            "shapes": shapes,
            "context": union_graph(*(read_rdf_file(file.path) for file in files)),
            "pyshacl": Validator(shapes_files(SETTINGS), files, engine="pyshacl"),
            "rudof": Validator(shapes_files(SETTINGS), files, engine="rudof"),
        }
    return found


@pytest.fixture(scope="module")
def synthetic_region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    written = write_catalogue(
        SETTINGS, tmp_path_factory.mktemp("synthetic"), regions=1, centres_per_region=12
    )
    return written[0].path


def assert_all_agree(data: Graph, engines: dict) -> None:
    naive = naive_report(data, engines["shapes"], engines["context"])
    expected = result_keys(grade_by_status(naive, engines["shapes"], union_graph(engines["context"], data)))
    reports = {engine: engines[engine].validate(data) for engine in ("pyshacl", "rudof")}
    for engine, report in reports.items():
        assert result_keys(report.graph) == expected, engine
        assert report.conforms == all(severity != SH.Violation for severity, *_ in expected), engine
        assert [c.toPython() for c in report.graph.objects(None, SH.conforms)] == [report.conforms], engine
    assert reports["rudof"].to_json("fi") == reports["pyshacl"].to_json("fi")
    assert reports["rudof"].to_text("en") == reports["pyshacl"].to_text("en")


def test_cases_were_collected():
    assert len(EXAMPLES) >= 60 and len(REGIONS) >= 1


def test_the_project_validator_runs_on_rudof():
    assert Validator.from_settings(SETTINGS).engine == "rudof"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_shape_example(engines: dict, path: Path):
    assert_all_agree(read_rdf_file(path), engines["examples"])


@pytest.mark.parametrize("path", REGIONS, ids=lambda p: p.name)
def test_shipped_region_model(engines: dict, path: Path):
    data = read_rdf_file(path)
    assert engines["full"]["rudof"]._rudof.handles(data)
    assert_all_agree(data, engines["full"])


def test_synthetic_region(engines: dict, synthetic_region: Path):
    data = read_rdf_file(synthetic_region)
    assert len(data) > 1000
    assert_all_agree(data, engines["full"])


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_awkward_input(engines: dict, name: str):
    text, rudof_handles = AWKWARD[name]
    data = parse_rdf(
        PREFIXES + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + text, "text/turtle"
    )
    assert engines["full"]["rudof"]._rudof.handles(data) is rudof_handles
    assert_all_agree(data, engines["full"])


def test_shapes_that_tell_blank_nodes_from_iris_stay_with_pyshacl(tmp_path: Path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix sk: <https://w3id.org/sotekg/def#> .\n"
        "<urn:x:S> a sh:NodeShape ; sh:targetClass sk:Centre ; sh:nodeKind sh:IRI .\n"
    )
    context = [GraphFile("urn:x:g", SETTINGS.ontology_dir / "sotekg.ttl")]
    assert Validator([shapes], context).engine == "pyshacl"
    with pytest.raises(ValueError, match="only pySHACL"):
        Validator([shapes], context, engine="rudof")
