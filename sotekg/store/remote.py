"""The remote store: any SPARQL 1.1 endpoint (Oxigraph server and Virtuoso 7 tested; Fuseki, GraphDB untested).

Queries go to the query endpoint (``settings.endpoint``) and updates to the update endpoint
(``settings.update_endpoint``, else derived: a URL ending in ``/query`` → ``…/update``, as Oxigraph server and
Fuseki name them; any other URL — Virtuoso's ``/sparql`` — takes updates itself). What every engine accepts,
found by testing (docs/sparql-servers.md):

- a query is a form-encoded POST (``query=…``, SPARQL 1.1 Protocol §2.1.2): Virtuoso 7 never answers a POST with
  ``Content-Type: application/sparql-query`` (it waits for more body), and a POST has no URL length limit;
- an update is a form-encoded POST (``update=…``, §2.2.1);
- with ``settings.endpoint_user`` and ``endpoint_password``, requests carry HTTP Digest credentials (Virtuoso's
  authenticated ``/sparql-auth``), otherwise none.

A replacement is one update request (``DROP SILENT GRAPH; INSERT DATA``), which the engine runs as one
transaction; the Graph Store Protocol's PUT is not used because Oxigraph server runs it as two steps.
The endpoint must treat its default graph as the union of the named graphs, as the embedded store does:
``oxigraph serve --union-default-graph``; Virtuoso does so by default; Fuseki ``tdb2:unionDefaultGraph true``.
Endpoint URLs come only from settings, never from a request.

Answers are asked for as SPARQL results (JSON; XML from Virtuoso) or N-Triples, parsed by pyoxigraph and collected like the embedded store's
(sotekg.store.results), so both stores give the same rows; what an engine answers differently (Virtuoso's
``xsd:int`` counts) is made equal in one place, sotekg.store.engines.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox

from ..errors import InvalidQuery, QueryTimeout, StoreUnavailable, UserError
from ..settings import Settings
from . import sparql_text
from .base import QueryLimits, Store, graph_node
from .engines import STANDARD, Engine, engine_of
from .results import QueryResult, SelectResult, collect, serialize_triples
from .terms import ntriples

GRAPH_ACCEPT = "application/n-triples"  # CONSTRUCT, DESCRIBE: asked for by form (Virtuoso would send a table)
BULK_TIMEOUT_S = 300.0  # loads, replacements and whole-graph reads
BULK = QueryLimits(timeout_s=BULK_TIMEOUT_S, max_rows=None)
CONNECT_TIMEOUT_S = 5.0
MAX_ERROR_CHARS = 2000  # of an endpoint's error text, in our message


def derived_update_endpoint(endpoint: str) -> str:
    """``…/query`` → ``…/update`` (Oxigraph server, Fuseki); any other endpoint takes its updates itself
    (Virtuoso's ``/sparql``)."""
    base, _, last = endpoint.rstrip("/").rpartition("/")
    return f"{base}/update" if last == "query" else endpoint


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
        self.update_endpoint = checked_url(
            settings.update_endpoint or derived_update_endpoint(self.endpoint), "update endpoint"
        )
        auth = None
        if settings.endpoint_user and settings.endpoint_password:
            auth = httpx.DigestAuth(settings.endpoint_user, settings.endpoint_password.get_secret_value())
        self._client = httpx.Client(auth=auth, follow_redirects=False)
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """The server's profile (sotekg.store.engines), asked once: the ``Server`` header of an ``ASK {}``."""
        if self._engine is None:
            self._engine = engine_of(self._post("ASK {}", update=False, timeout_s=CONNECT_TIMEOUT_S)[2])
        return self._engine

    def _evaluate(self, sparql: str, limits: QueryLimits) -> QueryResult:
        return collect(self._ask(sparql_text.with_prefixes(sparql), limits.timeout_s), limits.max_rows)

    def _replace_triples(self, graph_iri: str, triples: list[ox.Triple]) -> int:
        if not self.engine.graph_store(len(triples)):
            return super()._replace_triples(graph_iri, triples)
        self._send_graph("PUT", graph_iri, triples)
        return len(triples)

    def _add_triples(self, graph_iri: str, triples: list[ox.Triple]) -> None:
        if not self.engine.graph_store(len(triples)):
            return super()._add_triples(graph_iri, triples)
        self._send_graph("POST", graph_iri, triples)

    def _update(self, update: str) -> None:
        self._post(update, update=True, timeout_s=BULK_TIMEOUT_S)

    @property
    def hidden_graphs(self) -> tuple[str, ...]:
        return self.engine.system_graphs

    @property
    def several_values(self) -> bool:
        return self.engine.several_values

    @property
    def insert_template(self) -> bool:  # type: ignore[override]
        return self.engine.insert_template

    def graph_names(self) -> list[str]:
        # GROUP BY, not DISTINCT: the same graphs, but Virtuoso answers in 0.07 s instead of 22 s
        answer = self._evaluate("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", BULK)
        assert isinstance(answer, SelectResult)
        return sorted(str(graph) for graph in answer.column("g") if str(graph) not in self.hidden_graphs)

    def serialize_graph(self, graph_iri: str, media_type: str = "text/turtle") -> bytes:
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph_node(graph_iri)} {{ ?s ?p ?o }} }}"
        triples = self._ask(query, BULK_TIMEOUT_S)
        return serialize_triples((quad.triple for quad in triples), media_type)  # type: ignore[union-attr]

    # -- HTTP -------------------------------------------------------------------------------------------------

    def _ask(self, query: str, timeout_s: float) -> ox.QuerySolutions | ox.QueryBoolean | ox.QuadParser:
        """Send a query; the answer parsed by pyoxigraph (solutions, a boolean, or quads of a graph)."""
        graph = sparql_text.first_keyword(query) in ("CONSTRUCT", "DESCRIBE")
        body, content_type, _ = self._post(
            query,
            update=False,
            timeout_s=timeout_s,
            accept=GRAPH_ACCEPT if graph else self.engine.results_media_type,
        )
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

    def _post(
        self, text: str, *, update: bool, timeout_s: float, accept: str = STANDARD.results_media_type
    ) -> tuple[bytes, str, str]:
        """POST a query or an update, form-encoded; the body, Content-Type and Server header of the answer."""
        url = self.update_endpoint if update else self.endpoint
        form = {"update": text} if update else {"query": text}
        headers = {} if update else {"Accept": accept}
        response = self._request("POST", url, timeout_s, data=form, headers=headers)
        return response.content, response.headers.get("content-type", ""), response.headers.get("server", "")

    def _send_graph(self, method: str, graph_iri: str, triples: list[ox.Triple]) -> None:
        """Replace (PUT) or add to (POST) a named graph through the Graph Store Protocol, as N-Triples."""
        self._request(
            method,
            self.engine.graph_store_url(self.endpoint),
            BULK_TIMEOUT_S,
            params={"graph-uri": str(graph_node(graph_iri).value)},
            content=ntriples(triples).encode("utf-8"),
            headers={"Content-Type": "application/n-triples"},
        )

    def _request(self, method: str, url: str, timeout_s: float, **request: Any) -> httpx.Response:
        """One HTTP request to the server; its response, or the store error it stands for."""
        timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, CONNECT_TIMEOUT_S))
        try:
            response = self._client.request(method, url, timeout=timeout, **request)
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise StoreUnavailable(f"cannot reach {url}: {error}") from None
        except httpx.TimeoutException:
            raise QueryTimeout(timeout_s) from None
        except httpx.HTTPError as error:
            raise StoreUnavailable(f"{url} failed: {error}") from None
        if response.status_code == 400:
            raise InvalidQuery(f"{url} refused the request: {_error_text(response)}")
        if not response.is_success:
            raise StoreUnavailable(f"{url} answered {response.status_code}: {_error_text(response)}")
        return response

    def close(self) -> None:
        self._client.close()


def _error_text(response: httpx.Response) -> str:
    return response.text.strip()[:MAX_ERROR_CHARS]
