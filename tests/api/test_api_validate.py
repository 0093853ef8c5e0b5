"""``POST /validate``: the shapes' verdict on a model sent as Turtle, JSON-LD, N-Triples or TriG, the report as
JSON or as the SHACL report graph, and every kind of bad input answered with its 4xx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.namespace import RDF

from api.app import create_app
from sotekg.namespaces import SH, SK
from sotekg.store import Store

ROOT = Path(__file__).resolve().parent.parent.parent
MODEL = (ROOT / "data/regions/09.ttl").read_bytes()
OFFERING = "https://w3id.org/sotekg/id/offering/09-sote-keskus-oral-health-care"
# data/regions/09.ttl with one offering's service type left out: exactly one violation, of this shape.
INVALID = MODEL.replace(b"    sk:serviceType service:oral-health-care ;\n", b"", 1)


def validate(
    client: TestClient, body: bytes, content_type: str = "text/turtle", lang: str = "fi", **headers: str
):
    return client.post(
        "/validate", params={"lang": lang}, content=body, headers={"Content-Type": content_type, **headers}
    )


def test_the_invalid_model_differs_by_one_line():
    assert len(MODEL) - len(INVALID) == len(b"    sk:serviceType service:oral-health-care ;\n")


def test_the_shipped_model_conforms_with_its_listed_warnings(client):
    report = validate(client, MODEL).json()
    assert report["conforms"] is True and report["violations"] == 0 and report["infos"] == 0
    listed = json.loads((ROOT / "tests/expected_warnings.json").read_text())["data/regions/09.ttl"]
    assert report["warnings"] == len(listed) > 0
    assert {(r["focusNode"], r["sourceShape"]) for r in report["results"]} == {
        (w["focusNode"], w["sourceShape"]) for w in listed
    }
    assert all(r["severity"] == "Warning" for r in report["results"])


def the_violation(report: dict) -> dict:
    assert report["conforms"] is False and report["violations"] == 1
    (violation,) = [r for r in report["results"] if r["severity"] == "Violation"]
    return violation


def test_an_invalid_model_gets_the_exact_violation(client):
    violation = the_violation(validate(client, INVALID, lang="en").json())
    assert violation["sourceShape"] == "https://w3id.org/sotekg/shapes#OfferingServiceTypeShape"
    assert violation["focusNode"] == OFFERING
    finnish = the_violation(validate(client, INVALID).json())
    assert finnish["message"] != violation["message"]  # Finnish by default, English on request


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [("json-ld", "application/ld+json"), ("nt", "application/n-triples"), ("trig", "application/trig")],
)
def test_every_rdf_syntax_gives_the_same_verdict(client, fmt, media_type):
    graph = Graph().parse(data=INVALID, format="turtle")
    if fmt == "trig":  # the model as one named graph of a dataset
        body = b"<https://example.org/upload> {\n" + graph.serialize(format="nt").encode() + b"}\n"
    else:
        body = graph.serialize(format=fmt).encode()
    violation = the_violation(validate(client, body, media_type).json())
    assert (violation["focusNode"], violation["sourceShape"]) == (
        OFFERING,
        "https://w3id.org/sotekg/shapes#OfferingServiceTypeShape",
    )


def test_report_graph_as_turtle(client):
    response = validate(client, INVALID, Accept="text/turtle")
    assert response.headers["content-type"].startswith("text/turtle")
    report = Graph().parse(data=response.content, format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms).toPython() is False
    violations = [
        r for r in report.objects(node, SH.result) if report.value(r, SH.resultSeverity) == SH.Violation
    ]
    assert [str(report.value(r, SH.focusNode)) for r in violations] == [OFFERING]
    assert (None, SK.serviceType, None) not in report  # the report, not the model


def test_malformed_turtle_names_line_and_column(client):
    body = b"@prefix sk: <https://w3id.org/sotekg/def#> .\n\n<https://example.org/a> sk:x <no scheme> .\n"
    response = validate(client, body)
    assert response.status_code == 400 and response.json()["error"] == "malformed_rdf"
    assert "line 3, column" in response.json()["detail"]


@pytest.mark.parametrize("body", [b"", b"   \n", b"@prefix sk: <https://w3id.org/sotekg/def#> .\n"])
def test_an_empty_body_is_400(client, body):
    response = validate(client, body)
    assert response.status_code == 400 and response.json()["error"] == "empty_body"


@pytest.mark.parametrize("content_type", ["text/plain", "application/json-patch+json", ""])
def test_wrong_media_type_is_415(client, content_type):
    response = client.post("/validate", content=MODEL, headers={"Content-Type": content_type})
    assert response.status_code == 415 and response.json()["error"] == "unsupported_media_type"


def test_unacceptable_report_format_is_406(client):
    assert validate(client, MODEL, Accept="image/png").status_code == 406


@pytest.fixture(scope="module")
def small_client(store: Store) -> Iterator[TestClient]:
    """The API with a 4000-byte body limit and a 30-triple upload limit."""
    settings = store.settings.model_copy(update={"max_body_bytes": 4000, "max_upload_triples": 30})
    with TestClient(create_app(settings, store=store)) as test_client:
        yield test_client


def test_oversize_bodies_and_uploads_are_413(small_client):
    response = validate(small_client, MODEL)
    assert len(MODEL) > 4000 and response.status_code == 413 and response.json()["error"] == "body_too_large"
    lines = b"".join(
        b"<https://example.org/s%d> <https://example.org/p> <https://example.org/o> .\n" % n
        for n in range(31)
    )
    response = validate(small_client, lines, "application/n-triples")
    assert (
        len(lines) < 4000
        and response.status_code == 413
        and "more than 30 triples" in response.json()["detail"]
    )
