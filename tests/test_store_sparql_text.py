"""The SPARQL scanner and rewrites the stores rely on: keywords inside strings, IRIs and comments are not
keywords; bound values land at the top of the WHERE group, and in the sub-SELECTs where that cannot change an
answer (each rule has a case; where a sub-SELECT does not project the variable, or has LIMIT, or sits in MINUS, the
answer would change if the values went in)."""

from __future__ import annotations

import doctest

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql.parser import parseQuery

from sotekg.errors import UserError
from sotekg.namespaces import PREFIXES
from sotekg.store import sparql_text
from sotekg.store.sparql_text import bind_values, declared_prefixes, keywords, with_prefixes


def test_keywords_ignore_strings_iris_comments_and_names():
    query = """# SERVICE in a comment
    SELECT ?service WHERE { ?s sk:SERVICE "SERVICE { }" ; <http://x/SERVICE#a> 'LOAD' ; ex:x ?load }"""
    assert "SERVICE" not in keywords(query) and "LOAD" not in keywords(query)
    assert {"SELECT", "WHERE"} <= keywords(query)
    assert "SERVICE" in keywords("select * { service<http://e/sparql> { ?s ?p ?o } }")


def test_declared_prefixes():
    assert declared_prefixes("PREFIX sk: <urn:a#> prefix : <urn:b> SELECT * { ?s ?p 'PREFIX x: <y>' }") == {
        "sk",
        "",
    }


def test_with_prefixes_adds_only_what_is_missing_on_the_first_line():
    query = "PREFIX sk: <urn:mine#>\nSELECT * WHERE { ?s a sk:Thing }"
    prefixed = with_prefixes(query)
    assert prefixed.endswith(query)
    assert prefixed.count("\n") == query.count("\n")
    assert "PREFIX sk: <https" not in prefixed
    assert prefixed.count("PREFIX ") == len(PREFIXES)
    parseQuery(prefixed)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT ?n WHERE { ?s ?p ?n }", "SELECT ?n WHERE { VALUES (?s) { (<urn:a>) } ?s ?p ?n }"),
        (
            "SELECT (EXISTS { ?s ?p 1 } AS ?e) { ?s ?p ?o }",
            "SELECT (EXISTS { ?s ?p 1 } AS ?e) { VALUES (?s) { (<urn:a>) } ?s ?p ?o }",
        ),
        (
            "CONSTRUCT { ?s ?p '{' } WHERE { ?s ?p ?o }",
            "CONSTRUCT { ?s ?p '{' } WHERE { VALUES (?s) { (<urn:a>) } ?s ?p ?o }",
        ),
        ("ASK { ?s ?p ?o }", "ASK { VALUES (?s) { (<urn:a>) } ?s ?p ?o }"),
        (
            "SELECT * { SELECT ?s { ?s ?p ?o } }",
            "SELECT * { VALUES (?s) { (<urn:a>) } { SELECT ?s { VALUES (?s) { (<urn:a>) } ?s ?p ?o } } }",
        ),
    ],
)
def test_bind_values_at_the_top_of_the_where_group(query, expected):
    bound = bind_values(query, {"s": "<urn:a>"})
    assert bound == expected
    parseQuery(bound)


SUB_SELECT_DATA = "@prefix : <urn:x:> . :a :p 1 , 2 . :b :p 3 . :a :q :b . :b :q :a ."
# name: (query, how many VALUES blocks bind ?s: the top one and one per sub-SELECT that takes the value)
SUB_SELECT_CASES = {
    "aggregate": ("SELECT ?s ?n WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s :p ?o } GROUP BY ?s } }", 2),
    "in OPTIONAL": (
        "SELECT ?s ?n WHERE { ?s :q ?t OPTIONAL { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s :p ?o } GROUP BY ?s } } }",
        2,
    ),
    "chain": (
        "SELECT ?s ?n WHERE { { SELECT ?s ?n WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s :p ?o } GROUP BY ?s } } } }",
        3,
    ),
    "groups that are sub-SELECTs": (
        "SELECT * WHERE { SELECT ?s ?n WHERE { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s :p ?o } GROUP BY ?s } }",
        3,
    ),
    "not projected": ("SELECT ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?s :p ?o } } }", 1),
    "broken chain": (
        "SELECT ?n WHERE { { SELECT ?n WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s :p ?o } GROUP BY ?s } } } }",
        1,
    ),
    "star": ("SELECT ?s ?o WHERE { { SELECT * WHERE { ?s :p ?o } } }", 1),
    "LIMIT": ("SELECT ?s ?o WHERE { { SELECT ?s ?o WHERE { ?s :p ?o } ORDER BY DESC(?o) LIMIT 1 } }", 1),
    "assigned": ("SELECT ?s ?o WHERE { { SELECT ?s ?o WHERE { ?t :p ?o BIND(?t AS ?s) } } }", 1),
    "MINUS in a group of its own": (
        "SELECT ?s ?x WHERE { ?s :q ?t OPTIONAL { ?t :p ?x MINUS { { SELECT ?s ?x WHERE { ?s :p ?x } } } } }",
        1,
    ),
    "NOT EXISTS": (
        "SELECT ?s ?x WHERE { ?s :q ?t OPTIONAL { ?t :p ?x FILTER NOT EXISTS { { SELECT ?s ?x WHERE { ?s :p ?x } } } } }",
        1,
    ),
}
# where pyoxigraph's substitutions (SEP-0007) bind ?s inside too, and answer otherwise than a VALUES block (they
# refuse a query that does not project the variable)
SUBSTITUTIONS_DIFFER = {"LIMIT", "MINUS in a group of its own"}


@pytest.fixture(scope="module")
def small_store() -> ox.Store:
    store = ox.Store()
    store.load(SUB_SELECT_DATA.encode(), ox.RdfFormat.TURTLE)
    return store


def answer(store: ox.Store, query: str, **options) -> list[tuple]:
    solutions = store.query(query, prefixes={"": "urn:x:"}, **options)
    return sorted(tuple(str(term) if term is not None else None for term in row) for row in solutions)


def top_block_only(query: str) -> str:
    """The query with the VALUES block at the top of its WHERE group alone: the meaning to keep."""
    head, brace, body = query.partition("WHERE {")
    if body.lstrip().startswith("SELECT"):
        return f"{head}{brace} VALUES (?s) {{ (<urn:x:a>) }} {{{body[:-1]}}} }}"
    return f"{head}{brace} VALUES (?s) {{ (<urn:x:a>) }} {body}"


@pytest.mark.parametrize(("query", "blocks"), SUB_SELECT_CASES.values(), ids=SUB_SELECT_CASES.keys())
def test_bind_values_repeats_the_block_only_where_the_answer_stays(small_store, query, blocks):
    bound = bind_values(query, {"s": "<urn:x:a>"})
    parseQuery(bound)
    assert bound.count("VALUES (?s) { (<urn:x:a>) }") == blocks
    expected = answer(small_store, top_block_only(query))
    assert answer(small_store, bound) == expected
    assert expected or "LIMIT" in query, "the case has no answer to compare"


def test_pyoxigraph_substitutions_would_answer_otherwise(small_store):
    """Why the stores write VALUES blocks instead of passing pyoxigraph's ``substitutions``."""
    differ = set()
    for name, (query, _) in SUB_SELECT_CASES.items():
        if "?s" not in query.split("WHERE")[0]:
            continue
        substituted = answer(small_store, query, substitutions={ox.Variable("s"): ox.NamedNode("urn:x:a")})
        if substituted != answer(small_store, top_block_only(query)):
            differ.add(name)
    assert differ == SUBSTITUTIONS_DIFFER


@pytest.mark.parametrize(
    ("query", "bindings", "message"),
    [
        ("CONSTRUCT WHERE { ?s ?p ?o }", {"s": "<urn:a>"}, "short form"),
        ("SELECT * FROM <urn:g>", {"s": "<urn:a>"}, "WHERE group"),
        ("SELECT * { ?s ?p ?o }", {"s) {} } ; DROP ALL #": "<urn:a>"}, "not a SPARQL variable name"),
    ],
)
def test_bind_values_refuses(query, bindings, message):
    with pytest.raises(UserError, match=message):
        bind_values(query, bindings)


def test_the_examples_in_the_docstrings():
    result = doctest.testmod(sparql_text)
    assert result.attempted >= 3
    assert result.failed == 0
