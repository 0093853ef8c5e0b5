"""The remote store: any SPARQL 1.1 endpoint (Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso).

Queries go through SPARQLWrapper to the query endpoint (``settings.endpoint``); loads and replacements are
SPARQL 1.1 Update requests to the update endpoint (``settings.update_endpoint``, by default the query URL with its
last segment ``query`` or ``sparql`` replaced by ``update``). A replacement is one update request
(``DROP SILENT GRAPH; INSERT DATA``), which the engine runs as one transaction; the Graph Store Protocol's PUT is
not used because Oxigraph server runs it as two steps (clear, then load).

The endpoint must treat its default graph as the union of the named graphs, as the embedded store does:
``oxigraph serve --union-default-graph``; Fuseki ``tdb2:unionDefaultGraph true``; GraphDB and Virtuoso do so by
default. Endpoint URLs come only from settings, never from a request.

Answers are asked for as SPARQL JSON or N-Triples, parsed by pyoxigraph and
collected like the embedded store's, so both stores give the same rows.
"""

from __future__ import annotations

import ast
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

import pyoxigraph as ox
from SPARQLWrapper import POST, POSTDIRECTLY, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from ..errors import UserError
from ..settings import Settings
from . import sparql_text
from .base import QueryLimits, Store, graph_node
from .errors import InvalidQuery, QueryTimeout, StoreUnavailable
from .results import QueryResult, SelectResult, collect, serialize_triples

QUERY_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
BULK_TIMEOUT_S = 300.0  # loads, replacements and whole-graph reads
BULK = QueryLimits(timeout_s=BULK_TIMEOUT_S, max_rows=None)


def derived_update_endpoint(endpoint: str) -> str | None:
    """``…/query`` or ``…/sparql`` → ``…/update`` (Oxigraph server, Fuseki); otherwise None."""
    base, _, last = endpoint.rstrip("/").rpartition("/")
    return f"{base}/update" if last in ("query", "sparql") else None


def checked_url(url: str, what: str) -> str:
    """An http(s) URL, or UserError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserError(f"the {what} must be an http(s) URL, got {url!r}")
    return url


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint reached over HTTP."""

    kind = "remote"

    def __init__(self, settings: Settings):
        super().__init__(settings)
        if not settings.endpoint:
            raise UserError("the remote store needs a query endpoint: set SOTEKG_ENDPOINT or give --endpoint")
        self.endpoint = checked_url(settings.endpoint, "query endpoint")
        update_endpoint = settings.update_endpoint or derived_update_endpoint(self.endpoint)
        self.update_endpoint = checked_url(update_endpoint, "update endpoint") if update_endpoint else None

    def _evaluate(self, sparql: str, limits: QueryLimits) -> QueryResult:
        return collect(self._ask(sparql_text.with_prefixes(sparql), limits.timeout_s), limits.max_rows)

    def _update(self, update: str) -> None:
        if not self.update_endpoint:
            raise UserError(
                f"no update endpoint for {self.endpoint}: set SOTEKG_UPDATE_ENDPOINT or give --update-endpoint"
            )
        self._post(update, update=True, timeout_s=BULK_TIMEOUT_S)

    def graph_names(self) -> list[str]:
        answer = self._evaluate("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", BULK)
        assert isinstance(answer, SelectResult)
        return sorted(str(graph) for graph in answer.column("g"))

    def serialize_graph(self, graph_iri: str, media_type: str = "text/turtle") -> bytes:
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph_node(graph_iri)} {{ ?s ?p ?o }} }}"
        triples = self._ask(query, BULK_TIMEOUT_S)
        return serialize_triples((quad.triple for quad in triples), media_type)  # type: ignore[union-attr]

    # -- HTTP -------------------------------------------------------------------------------------------------

    def _ask(self, query: str, timeout_s: float) -> ox.QuerySolutions | ox.QueryBoolean | ox.QuadParser:
        """Send a query; the answer parsed by pyoxigraph (solutions, a boolean, or quads of a graph)."""
        body, content_type = self._post(query, update=False, timeout_s=timeout_s)
        media_type = content_type.split(";", 1)[0].strip().lower()
        try:
            results_format = ox.QueryResultsFormat.from_media_type(media_type)
            if results_format is not None:
                return ox.parse_query_results(body, format=results_format)
            rdf_format = ox.RdfFormat.from_media_type(media_type)
            if rdf_format is not None:
                return ox.parse(body, format=rdf_format)
        except SyntaxError as error:
            raise StoreUnavailable(f"{self.endpoint} sent an answer that does not parse: {error}") from None
        raise StoreUnavailable(f"{self.endpoint} answered in an unexpected format {content_type!r}")

    def _post(self, text: str, *, update: bool, timeout_s: float) -> tuple[bytes, str]:
        """POST a query or an update; the body and Content-Type of the answer."""
        wrapper = SPARQLWrapper(self.endpoint, updateEndpoint=self.update_endpoint)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(POSTDIRECTLY)
        wrapper.setOnlyConneg(True)
        wrapper.setQuery(text)
        wrapper.queryType = "INSERT" if update else SELECT  # not SPARQLWrapper's guess from the text
        if not update:
            wrapper.addCustomHttpHeader("Accept", QUERY_ACCEPT)
        wrapper.timeout = timeout_s  # type: ignore[assignment]  # setTimeout() would round down to whole seconds
        url = self.update_endpoint if update else self.endpoint
        try:
            response = wrapper.query().response
            return response.read(), response.headers.get("Content-Type", "")
        except QueryBadFormed as error:
            raise InvalidQuery(f"{url} refused the request: {_answer_text(error)}") from None
        except TimeoutError:
            raise QueryTimeout(timeout_s) from None
        except HTTPError as error:
            raise StoreUnavailable(
                f"{url} answered {error.code}: {error.read().decode('utf-8', 'replace')}"
            ) from None
        except URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise QueryTimeout(timeout_s) from None
            raise StoreUnavailable(f"cannot reach {url}: {error.reason}") from None
        except (SPARQLWrapperException, OSError) as error:
            raise StoreUnavailable(f"{url} failed: {_answer_text(error)}") from None


def _answer_text(error: Exception) -> str:
    """The endpoint's own message out of a SPARQLWrapper exception (which holds it as a bytes repr)."""
    message = str(error)
    _, found, answer = message.partition("Response:\n")
    if not found:
        return message
    try:
        return ast.literal_eval(answer).decode("utf-8", "replace").strip()
    except (ValueError, SyntaxError, AttributeError):
        return answer.strip()
