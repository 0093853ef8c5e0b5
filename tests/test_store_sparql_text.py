"""The SPARQL scanner and rewrites the stores rely on: keywords inside strings, IRIs and comments are not
keywords; bound values land at the top of the WHERE group."""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql.parser import parseQuery

from sotekg.errors import UserError
from sotekg.namespaces import PREFIXES
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
            "SELECT * { VALUES (?s) { (<urn:a>) } { SELECT ?s { ?s ?p ?o } } }",
        ),
    ],
)
def test_bind_values_at_the_top_of_the_where_group(query, expected):
    bound = bind_values(query, {"s": "<urn:a>"})
    assert bound == expected
    parseQuery(bound)


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
