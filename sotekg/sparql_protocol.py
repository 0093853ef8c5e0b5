"""The SPARQL 1.1 Protocol for queries, without a web framework: api/routers/sparql.py is a thin wrapper.

Reading a request (GET ``?query=``, POST ``application/sparql-query``, POST form), the guard that keeps /sparql
read-only whatever the store, content negotiation, and the SPARQL Service Description. Answers come from
``Store.query`` within the configured time limit and row cap, serialised by sotekg.store.results.

The guard runs before the store sees the query. It parses the query with rdflib's SPARQL parser and scans it
with sotekg.store.sparql_text (which knows strings, IRIs and comments), and refuses with a ``SparqlRefused``
(sotekg.errors) whose ``error_code`` says why; api/errors.py gives each its HTTP status:

====================================================== =======================
what                                                   error
====================================================== =======================
an update (INSERT, DELETE, LOAD, CLEAR, DROP, …)       update_not_allowed
``SERVICE`` (federation) anywhere in the query          service_not_allowed
``FROM`` / ``FROM NAMED``, ``default-graph-uri`` …      dataset_not_supported
a query longer than ``settings.max_query_chars``        query_too_long
a query rdflib cannot parse                             query_syntax
====================================================== =======================

What passes the guard may still be stopped by the store: past ``query_timeout_s`` (``QueryTimeout``) or past
``max_result_rows`` rows (``TooManyRows``) — a clear error, never a silently cut answer. They run as
public queries (``Store.query(public=True)``): the embedded store keeps them apart from the application's own.
The default graph is the union of all named graphs; ``FROM`` is refused rather than silently ignored (use
``GRAPH``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from .errors import SparqlRefused
from .settings import Settings
from .store import GRAPH_MEDIA_TYPES, SELECT_MEDIA_TYPES, Store, serialize_result
from .store.sparql_text import first_keyword, keywords

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
UPDATE_PARAMETERS = {"update", "using-graph-uri", "using-named-graph-uri"}
DATASET_PARAMETERS = {"default-graph-uri", "named-graph-uri"}
QUERY_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
SELECT_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}
GRAPH_ALIASES = {"application/json": "application/ld+json", "application/x-turtle": "text/turtle"}
RESULT_FORMAT_IRIS = [
    FORMATS.SPARQL_Results_JSON,
    FORMATS.SPARQL_Results_XML,
    FORMATS.SPARQL_Results_CSV,
    FORMATS.SPARQL_Results_TSV,
    FORMATS.Turtle,
    FORMATS["N-Triples"],
    FORMATS["JSON-LD"],
    FORMATS.RDF_XML,
]


@dataclass(frozen=True)
class SparqlRequest:
    """A protocol request: the query text, or None when the Service Description is asked for."""

    query: str | None


@dataclass(frozen=True)
class SparqlResponse:
    body: bytes
    content_type: str


def read_request(
    method: str, url_parameters: Iterable[tuple[str, str]], content_type: str | None, body: bytes
) -> SparqlRequest:
    """The query of a GET or POST request (SPARQL 1.1 Protocol §2.1), or SparqlRefused."""
    parameters = list(url_parameters)
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    query_in_body = None
    if method == "POST":
        if media_type == "application/sparql-update":
            raise SparqlRefused("this endpoint is read-only: updates are not accepted", "update_not_allowed")
        if media_type == "application/x-www-form-urlencoded":
            parameters += parse_qsl(_text(body), keep_blank_values=True)
        elif media_type == "application/sparql-query":
            query_in_body = _text(body)
        elif media_type or body:
            raise SparqlRefused(
                f"POST a query as application/sparql-query or application/x-www-form-urlencoded, not {media_type!r}",
                "unsupported_media_type",
            )
    names = {name for name, _ in parameters}
    if names & UPDATE_PARAMETERS:
        raise SparqlRefused("this endpoint is read-only: updates are not accepted", "update_not_allowed")
    if names & DATASET_PARAMETERS:
        raise SparqlRefused(
            "default-graph-uri and named-graph-uri are not supported: the default graph is the union of all "
            "named graphs; use GRAPH <…> { … } to pick one",
            "dataset_not_supported",
        )
    queries = [value for name, value in parameters if name == "query"]
    if query_in_body is not None:
        queries.append(query_in_body)
    if len(queries) > 1:
        raise SparqlRefused("give one query, not several")
    if not queries:
        if method == "POST":
            raise SparqlRefused("no query given", "missing_query")
        return SparqlRequest(None)
    return SparqlRequest(queries[0])


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SparqlRefused(f"the request body is not UTF-8: {error}") from None


def check_query(query: str, max_chars: int) -> str:
    """The guard: the query form (SELECT, ASK, CONSTRUCT, DESCRIBE) of a query /sparql may run, or SparqlRefused."""
    if len(query) > max_chars:
        raise SparqlRefused(
            f"the query has {len(query)} characters; the limit is {max_chars}", "query_too_long"
        )
    if not query.strip():
        raise SparqlRefused("the query is empty", "missing_query")
    if first_keyword(query) in UPDATE_KEYWORDS:
        raise SparqlRefused("this endpoint is read-only: updates are not accepted", "update_not_allowed")
    if "SERVICE" in keywords(query):
        raise SparqlRefused("SERVICE (federated query) is not allowed here", "service_not_allowed")
    # rdflib's SPARQL parser (pyparsing) is imported by the first query, not at the API's start-up (issue 5)
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(query)
    except ParseBaseException as error:
        raise SparqlRefused(f"syntax error: {error}", "query_syntax") from None
    except RecursionError:
        raise SparqlRefused(
            "the query is too deeply nested for the syntax check; split long triple blocks into { … } groups",
            "query_syntax",
        ) from None
    names = _node_names(parsed)
    if "ServiceGraphPattern" in names:
        raise SparqlRefused("SERVICE (federated query) is not allowed here", "service_not_allowed")
    if "DatasetClause" in names:
        raise SparqlRefused(
            "FROM and FROM NAMED are not supported: the default graph is the union of all named graphs; "
            "use GRAPH <…> { … } to pick one",
            "dataset_not_supported",
        )
    return QUERY_FORMS[parsed[1].name]


def _node_names(tree: object) -> set[str]:
    """Names of every rule in an rdflib parse tree."""
    from pyparsing import ParseResults  # imported here, not at start-up: see check_query
    from rdflib.plugins.sparql.parserutils import CompValue

    names: set[str] = set()
    pending = [tree]
    while pending:  # one step per node of the (finite) tree
        node = pending.pop()
        if isinstance(node, CompValue):
            names.add(node.name)
            pending.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            pending.extend(node)
    return names


def negotiate(accept: str | None, offers: Iterable[str], aliases: dict[str, str]) -> str:
    """The offered media type the Accept header prefers (q-values, then our order); the first offer if there is
    no header; SparqlRefused ``not_acceptable`` if nothing offered is acceptable. Aliases (``application/json``) map to an offer."""
    offered = list(offers)
    if not accept or not accept.strip():
        return offered[0]
    ranges = [_media_range(item) for item in accept.split(",") if item.strip()]
    best, best_quality = None, 0.0
    for candidate in [*offered, *aliases]:
        quality = _quality(candidate, ranges)
        if quality > best_quality:
            best, best_quality = candidate, quality
    if best is None:
        raise SparqlRefused(
            f"cannot answer in {accept!r}; this answer is available as {', '.join(offered)}", "not_acceptable"
        )
    return aliases.get(best, best)


def _media_range(item: str) -> tuple[str, float]:
    media_range, *parameters = (part.strip() for part in item.split(";"))
    quality = 1.0
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = min(max(float(value), 0.0), 1.0)
            except ValueError:
                quality = 0.0
    return media_range.lower(), quality


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching ``media_type`` (exact, then ``type/*``, then ``*/*``)."""
    kind = media_type.split("/", 1)[0]
    for pattern in (media_type, f"{kind}/*", "*/*"):
        matching = [quality for media_range, quality in ranges if media_range == pattern]
        if matching:
            return max(matching)
    return 0.0


def content_type(media_type: str) -> str:
    """The Content-Type header for a media type: text types say their charset."""
    textual = media_type.startswith("text/") or media_type.endswith(("json", "xml"))
    return f"{media_type}; charset=utf-8" if textual else media_type


def service_description(endpoint_url: str, graph_names: Iterable[str]) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint: what it speaks and which named graphs it holds."""
    graph = Graph()
    service, dataset, default_graph = BNode(), BNode(), BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint_url)))
    graph.add((service, RDFS.label, Literal("sotekg SPARQL endpoint (read-only)", lang="en")))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for result_format in RESULT_FORMAT_IRIS:
        graph.add((service, SD.resultFormat, result_format))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    for name in graph_names:
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    return graph


def answer(
    store: Store, request: SparqlRequest, accept: str | None, settings: Settings, endpoint_url: str
) -> SparqlResponse:
    """Answer a protocol request: the Service Description, or the checked query's result in the negotiated format."""
    if request.query is None:
        media_type = negotiate(accept, GRAPH_MEDIA_TYPES, GRAPH_ALIASES)
        description = service_description(endpoint_url, store.graph_names())
        return SparqlResponse(serialize_result(description, media_type), content_type(media_type))
    form = check_query(request.query, settings.max_query_chars)
    if form in ("SELECT", "ASK"):
        media_type = negotiate(accept, SELECT_MEDIA_TYPES, SELECT_ALIASES)
    else:
        media_type = negotiate(accept, GRAPH_MEDIA_TYPES, GRAPH_ALIASES)
    result = store.query(
        request.query, timeout_s=settings.query_timeout_s, max_rows=settings.max_result_rows, public=True
    )
    return SparqlResponse(serialize_result(result, media_type), content_type(media_type))
