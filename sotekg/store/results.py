"""Query results in one neutral form, the same from every store, and their serialisations.

- SELECT gives a ``SelectResult``: the projected variable names and a list of rows; a row is a dict from variable
  name (without ``?``) to an rdflib term (``URIRef``, ``BNode`` or ``Literal``); unbound variables are absent.
  Plain literals carry no datatype (``Literal("x")``, not ``xsd:string``), so rows compare equal across stores.
- ASK gives a ``bool``; CONSTRUCT and DESCRIBE give an ``rdflib.Graph``.

Both stores hand pyoxigraph results (evaluated in process, or parsed from a remote endpoint's answer) to
``collect``, which stops at the row cap. Serialisation goes through pyoxigraph: SPARQL JSON is written here and
turned into XML, CSV and TSV by pyoxigraph's own serialisers; graphs are written by pyoxigraph with our prefixes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import TooManyRows, UserError
from ..namespaces import PREFIXES
from ..rdfio import rdflib_term
from .terms import to_oxigraph_triples

_Format = TypeVar("_Format", ox.QueryResultsFormat, ox.RdfFormat)
SELECT_MEDIA_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_MEDIA_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


@dataclass
class SelectResult:
    """The answer to a SELECT query: variable names in projection order and the rows."""

    variables: list[str]
    rows: list[dict[str, Node]] = field(default_factory=list)

    def __iter__(self) -> Iterator[dict[str, Node]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, variable: str) -> list[Node | None]:
        """One variable's values, row by row (``None`` where unbound)."""
        return [row.get(variable) for row in self.rows]


QueryResult = SelectResult | bool | Graph


def collect(
    result: ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple | ox.Quad], max_rows: int | None
) -> QueryResult:
    """Read a pyoxigraph result lazily into the neutral form; TooManyRows as soon as it passes ``max_rows``.

    pyoxigraph's result objects must be freed on the thread that made them, so the overflow is raised only
    after this frame has let go of ``result`` (a traceback keeps its frames' locals alive).
    """
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    collected = (
        _read_solutions(result, max_rows)
        if isinstance(result, ox.QuerySolutions)
        else _read_triples(result, max_rows)
    )
    del result
    if collected is None:
        raise TooManyRows(max_rows)
    return collected


def _read_solutions(result: ox.QuerySolutions, max_rows: int | None) -> SelectResult | None:
    names = [variable.value for variable in result.variables]
    rows: list[dict[str, Node]] = []
    for solution in result:
        if max_rows is not None and len(rows) >= max_rows:
            return None
        rows.append(
            {
                name: rdflib_term(value, "query result")
                for name, value in zip(names, solution)
                if value is not None
            }
        )
    return SelectResult(names, rows)


def _read_triples(result: Iterable[ox.Triple | ox.Quad], max_rows: int | None) -> Graph | None:
    graph = Graph()
    for count, triple in enumerate(result, start=1):
        if max_rows is not None and count > max_rows:
            return None
        graph.add(
            (
                rdflib_term(triple.subject, "query result"),
                rdflib_term(triple.predicate, "query result"),
                rdflib_term(triple.object, "query result"),
            )
        )
    return graph


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    encoded = {"type": "literal", "value": str(term)}
    if term.language:
        encoded["xml:lang"] = term.language
    elif term.datatype:
        encoded["datatype"] = str(term.datatype)
    return encoded


def sparql_json(result: SelectResult | bool) -> dict:
    """The SPARQL 1.1 Query Results JSON document of a SELECT or ASK result."""
    if isinstance(result, bool):
        return {"head": {}, "boolean": result}
    return {
        "head": {"vars": result.variables},
        "results": {
            "bindings": [{name: _json_term(term) for name, term in row.items()} for row in result.rows]
        },
    }


def _format(formats: dict[str, _Format], media_type: str) -> _Format:
    try:
        return formats[media_type]
    except KeyError:
        raise UserError(f"cannot write {media_type!r}; use one of {', '.join(formats)}") from None


def serialize_triples(triples: Iterable[ox.Triple], media_type: str) -> bytes:
    """Triples in one of GRAPH_MEDIA_TYPES, with our prefixes where the format has them; sorted, so Turtle
    groups each subject's triples."""
    ordered = sorted(
        triples, key=lambda triple: (str(triple.subject), str(triple.predicate), str(triple.object))
    )
    data = ox.serialize(ordered, format=_format(GRAPH_MEDIA_TYPES, media_type), prefixes=PREFIXES)
    assert data is not None  # no output file given: the bytes are returned
    return compact_json_ld(data) if media_type == "application/ld+json" else data


def compact_json_ld(expanded: bytes) -> bytes:
    """Expanded JSON-LD (pyoxigraph's) compacted with our prefixes: ``{"@context": PREFIXES, "@graph": […]}``,
    properties, ``@id`` and ``@type`` written as ``prefix:local`` where a prefix fits. Any JSON-LD processor
    expands it back to the same triples (tests/test_store.py)."""
    return json.dumps(
        {"@context": PREFIXES, "@graph": _compacted(json.loads(expanded))},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def _compacted(node: object, key: str = "") -> object:
    if isinstance(node, list):
        return [_compacted(item, key) for item in node]
    if isinstance(node, dict):
        return {_curie(name): _compacted(value, name) for name, value in node.items()}
    if key in ("@id", "@type") and isinstance(node, str):
        return _curie(node)
    return node


def _curie(iri: str) -> str:
    """``prefix:local`` for an IRI under one of PREFIXES (the longest), else the IRI; keywords stay."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and not local.startswith("//") and len(namespace) > len(best):
            best, found = namespace, f"{prefix}:{local}"
    return found if best else iri


def serialize_result(result: QueryResult, media_type: str) -> bytes:
    """A result in a media type of SELECT_MEDIA_TYPES (SELECT, ASK) or GRAPH_MEDIA_TYPES (CONSTRUCT, DESCRIBE)."""
    if isinstance(result, Graph):
        return serialize_triples(to_oxigraph_triples(result), media_type)
    document = json.dumps(sparql_json(result), ensure_ascii=False).encode("utf-8")
    results_format = _format(SELECT_MEDIA_TYPES, media_type)
    if results_format == ox.QueryResultsFormat.JSON:
        return document
    parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
    data = parsed.serialize(format=results_format)
    assert data is not None  # no output file given: the bytes are returned
    return data
