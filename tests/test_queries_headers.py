"""Every analyst and quality-check query has a complete grlc header and parses as SPARQL as it stands."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from sotekg.queries import QueryLibrary

QUERIES = Path(__file__).resolve().parent.parent / "queries"
LIBRARY = QueryLibrary(QUERIES)
MINE = [query for query in LIBRARY if query.name.split("/")[0] in ("analytics", "qc")]
ALLOWED_KEYS = {"summary", "description", "tags", "defaults", "enumerate"}


def test_the_library_holds_the_analyst_and_qc_queries():
    names = {query.name for query in MINE}
    assert len([n for n in names if n.startswith("analytics/")]) >= 13
    assert len([n for n in names if n.startswith("qc/")]) >= 5
    assert {
        "analytics/coverage-matrix",
        "analytics/facts-without-source",
        "qc/fact-without-source-or-date-violation",
    } <= names


@pytest.mark.parametrize("query", MINE, ids=lambda q: q.name)
def test_header_is_complete(query):
    assert set(query.header) <= ALLOWED_KEYS, f"unknown header keys {set(query.header) - ALLOWED_KEYS}"
    assert query.summary and len(query.summary) < 120
    assert len(query.description) > 60
    assert query.tags and all(tag == tag.lower() for tag in query.tags)
    names = {p.name for p in query.parameters}
    assert set(query.defaults) <= names, "a default for a parameter the query does not have"
    assert set(query.enumerate) <= names, "an enumerated parameter the query does not have"
    for parameter in query.parameters:
        assert parameter.name.replace("_", " ") in query.description.replace("_", " "), (
            f"the description does not explain parameter '{parameter.name}'"
        )


@pytest.mark.parametrize("query", MINE, ids=lambda q: q.name)
def test_query_is_valid_sparql_as_it_stands(query):
    """Copied into another SPARQL tool unchanged, the file parses: it declares every prefix it uses."""
    result = ox.Store().query(query.text)
    assert isinstance(result, ox.QuerySolutions)
    parameter_columns = {p.variable for p in query.parameters}
    projected = {variable.value for variable in result.variables}
    assert parameter_columns <= projected, (
        "every parameter is projected, so a result row shows the value used"
    )


@pytest.mark.parametrize("query", [q for q in MINE if q.name.startswith("qc/")], ids=lambda q: q.name)
def test_quality_checks_follow_the_violation_convention(query):
    assert query.name.endswith("-violation")
    assert "qc" in query.tags
    assert "Must return no rows" in query.description
    assert not query.parameters
