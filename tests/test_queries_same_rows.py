"""One named query, three doors, the same rows: the CLI (``--format json``), the API (``/queries/…``) and a plain
SPARQL client (SPARQLWrapper against the live ``/sparql`` endpoint, the parameter written in by hand)."""

from __future__ import annotations

import json

import httpx
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from sotekg import cli
from sotekg.analysis.run import query_library
from sotekg.tabular import literal_value

CASES = [
    ("analytics/coverage-matrix", {"service_set": "family-centre-universal"}),
    ("analytics/trained-practitioners", {"method": "ipc-n"}),
    ("analytics/ot-centres", {}),
]


def by_hand(query_text: str, values: dict[str, str], variables: dict[str, str]) -> str:
    """The query with each parameter fixed by a VALUES line written into its WHERE group, as an analyst pasting
    the file into another tool would do it."""
    lines = [f'VALUES ?{variables[name]} {{ "{value}" }}' for name, value in values.items()]
    head, brace, body = query_text.partition("WHERE {")
    assert brace, "the query has no 'WHERE {'"
    return head + brace + "\n  " + "\n  ".join(lines) + body


def plain_rows(document: dict) -> list[dict]:
    """SPARQL JSON results as plain rows: literals by their datatype, unbound as None."""
    names = document["head"]["vars"]
    rows = []
    for binding in document["results"]["bindings"]:
        row = {}
        for name in names:
            term = binding.get(name)
            if term is None:
                row[name] = None
            elif term["type"] == "literal":
                row[name] = literal_value(term["value"], term.get("datatype", ""))
            else:
                row[name] = term["value"]
        rows.append(row)
    return rows


def canonical(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)


@pytest.mark.parametrize(("name", "values"), CASES, ids=[name for name, _ in CASES])
def test_cli_api_and_a_plain_sparql_client_agree(capsys, store, settings, live_server, name, values):
    argv = ["query", name, "--format", "json"] + [f"--param={k}={v}" for k, v in values.items()]
    if store.kind == "remote":
        argv += ["--endpoint", store.settings.endpoint]
    assert cli.main(argv) == 0
    from_cli = json.loads(capsys.readouterr().out)

    from_api = httpx.get(f"{live_server}/queries/{name}", params=values, timeout=30).json()

    query = query_library(settings).get(name)
    client = SPARQLWrapper(f"{live_server}/sparql")
    client.setQuery(by_hand(query.text, values, {p.name: p.variable for p in query.parameters}))
    client.setReturnFormat(JSON)
    from_sparql = plain_rows(client.queryAndConvert())

    assert from_cli["rows"], "the query gave no rows: nothing was compared"
    assert from_api["columns"] == from_cli["columns"]
    assert canonical(from_api["rows"]) == canonical(from_cli["rows"]) == canonical(from_sparql)
