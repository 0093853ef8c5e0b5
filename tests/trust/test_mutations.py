"""Property: no mutation of a valid model gets a 5xx from ``POST /validate``, and a report speaks only of nodes
that are in the posted data.

Hypothesis (bounded, derandomised) starts from a valid model — the shipped Päijät-Häme model or a ``valid-*.ttl``
shape example — and applies one to four mutations: drop triples, swap literals between triples, give a literal a
wrong datatype (``"abc"^^xsd:integer``), break an IRI (a space, no scheme, a ``>``), give a centre a second
organiser or code, strip language tags. The result is posted as Turtle (pretty, with prefixes), as N-Triples, or
as N-Triples sent as Turtle. Then:

- the status is one of 200, 400, 413, 415, 422 — never a 5xx (a fault of ours is a 500 ``internal``);
- a model with a broken IRI is a 400 ``malformed_rdf`` naming the line and column;
- for a 200, every ``focusNode`` of the results is a subject or object IRI of the posted triples; a blank focus
  node (reported as ``_:id`` with the label the parser gave it, which the posted text cannot know) must come from
  a posted model that has blank nodes, and there are never more distinct blank focus nodes than blank nodes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node
from trust_models import ROOT, SHIPPED_09

from api.app import create_app
from sotekg.namespaces import COUNTY, SK
from sotekg.store import Store

Triple = tuple[Node, Node, Node]
Draw = Callable
EXAMPLES = sorted((ROOT / "tests" / "shapes").glob("*/valid-*.ttl"))
ALLOWED = {200, 400, 413, 415, 422}
WRONG_LEXICAL = ["abc", "", "1.5", "2023-13-45", "true?", "99999999999999999999999x"]
WRONG_TYPES = [XSD.integer, XSD.gYear, XSD.gYearMonth, XSD.date, XSD.boolean, XSD.decimal]


def read_bases() -> list[tuple[str, list[Triple]]]:
    bases = [("data/regions/09.ttl", sorted(Graph().parse(data=SHIPPED_09, format="turtle")))]
    for path in EXAMPLES:
        bases.append((str(path.relative_to(ROOT)), sorted(Graph().parse(path, format="turtle"))))
    return bases


BASES = read_bases()


def is_broken(node: Node) -> bool:
    return isinstance(node, URIRef) and (" " in node or ">" in node or ":" not in node)


def drop_triples(draw: Draw, triples: list[Triple]) -> list[Triple]:
    most = max(1, min(len(triples) // 2, 25))
    dropped = draw(st.sets(st.integers(0, len(triples) - 1), min_size=1, max_size=most))
    return [triple for index, triple in enumerate(triples) if index not in dropped]


def swap_literals(draw: Draw, triples: list[Triple]) -> list[Triple]:
    positions = [index for index, (_, _, o) in enumerate(triples) if isinstance(o, Literal)]
    if len(positions) < 2:
        return triples
    first, second = draw(st.lists(st.sampled_from(positions), min_size=2, max_size=2, unique=True))
    swapped = list(triples)
    (s1, p1, o1), (s2, p2, o2) = triples[first], triples[second]
    swapped[first], swapped[second] = (s1, p1, o2), (s2, p2, o1)
    return swapped


def wrong_datatype(draw: Draw, triples: list[Triple]) -> list[Triple]:
    positions = [index for index, (_, _, o) in enumerate(triples) if isinstance(o, Literal)]
    if not positions:
        return triples
    index = draw(st.sampled_from(positions))
    subject, predicate, _ = triples[index]
    wrong = Literal(draw(st.sampled_from(WRONG_LEXICAL)), datatype=draw(st.sampled_from(WRONG_TYPES)))
    return [*triples[:index], (subject, predicate, wrong), *triples[index + 1 :]]


def break_iri(draw: Draw, triples: list[Triple]) -> list[Triple]:
    index = draw(st.integers(0, len(triples) - 1))
    subject, predicate, obj = triples[index]
    how = draw(st.sampled_from(["space", "no scheme", "angle bracket"]))
    iri = str(subject)
    broken = {
        "space": iri.replace("/", "/ ", 1) if "/" in iri else f"{iri} x",
        "no scheme": iri.split("://", 1)[-1].replace(":", "", 1),
        "angle bracket": f"{iri}>x",
    }[how]
    return [*triples[:index], (URIRef(broken), predicate, obj), *triples[index + 1 :]]


def second_organiser(draw: Draw, triples: list[Triple]) -> list[Triple]:
    subjects = sorted({s for s, p, _ in triples if p in (SK.organiser, SK.code)})
    if not subjects:
        return triples
    subject = draw(st.sampled_from(subjects))
    code = draw(st.sampled_from(["19", "09", "90", "99"]))
    return [*triples, (subject, SK.organiser, COUNTY[code]), (subject, SK.code, Literal(code))]


def strip_language(draw: Draw, triples: list[Triple]) -> list[Triple]:
    positions = [index for index, (_, _, o) in enumerate(triples) if isinstance(o, Literal) and o.language]
    if not positions:
        return triples
    index = draw(st.sampled_from(positions))
    subject, predicate, obj = triples[index]
    return [*triples[:index], (subject, predicate, Literal(str(obj))), *triples[index + 1 :]]


MUTATIONS = [drop_triples, swap_literals, wrong_datatype, break_iri, second_organiser, strip_language]


def term_text(node: Node) -> str:
    """N-Triples form of a term, writing IRIs as they are (broken ones too, unlike rdflib)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    assert isinstance(node, Literal)
    return node.n3()


def serialise(triples: list[Triple], how: str) -> tuple[bytes, str]:
    """The body and its Content-Type; pretty Turtle needs rdflib, which refuses broken IRIs."""
    if how == "pretty turtle" and not any(is_broken(term) for triple in triples for term in triple):
        graph = Graph()
        for triple in triples:
            graph.add(triple)
        return graph.serialize(format="turtle", encoding="utf-8"), "text/turtle"
    lines = "".join(f"{term_text(s)} {term_text(p)} {term_text(o)} .\n" for s, p, o in triples)
    return lines.encode("utf-8"), "application/n-triples" if how == "n-triples" else "text/turtle"


@st.composite
def mutated_models(draw: Draw) -> tuple[str, list[str], list[Triple], str]:
    name, triples = draw(
        st.one_of(st.just(BASES[0]), st.sampled_from(BASES))
    )  # the region model half the time
    applied = draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4))
    for mutation in applied:
        if triples:
            triples = mutation(draw, triples)
    how = draw(st.sampled_from(["pretty turtle", "n-triples", "n-triples as turtle"]))
    return name, [mutation.__name__ for mutation in applied], triples, how


@pytest.fixture(scope="module")
def client(embedded_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(embedded_store.settings, store=embedded_store)) as client:
        yield client


def test_the_bases_are_valid_models(client):
    assert len(BASES) > 20 and all(triples for _, triples in BASES)
    body, content_type = serialise(BASES[0][1], "pretty turtle")
    answer = client.post("/validate", content=body, headers={"Content-Type": content_type})
    assert answer.status_code == 200 and answer.json()["conforms"] is True


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=mutated_models())
def test_mutated_models_never_get_a_5xx_and_reports_name_posted_nodes(client, case):
    name, applied, triples, how = case
    body, content_type = serialise(triples, how)
    answer = client.post("/validate?lang=en", content=body, headers={"Content-Type": content_type})
    where = f"{name} after {applied} as {how}: {answer.status_code} {answer.text[:300]}"
    assert answer.status_code in ALLOWED, where
    if any(is_broken(term) for triple in triples for term in triple):
        assert (answer.status_code, answer.json()["error"]) == (400, "malformed_rdf"), where
        assert "line " in answer.json()["detail"] and "column " in answer.json()["detail"], where
        return
    if not triples:
        assert (answer.status_code, answer.json()["error"]) == (400, "empty_body"), where
        return
    assert answer.status_code == 200, where
    named = {str(term) for s, _, o in triples for term in (s, o) if isinstance(term, URIRef)}
    blank = {term for s, _, o in triples for term in (s, o) if isinstance(term, BNode)}
    focus = {result["focusNode"] for result in answer.json()["results"]}
    blank_focus = {node for node in focus if node.startswith("_:")}
    assert focus - blank_focus <= named, f"focus nodes not in the posted data: {focus - blank_focus - named}"
    assert len(blank_focus) <= len(blank), where
    if answer.json()["conforms"] is False:
        assert answer.json()["violations"] > 0 and focus
