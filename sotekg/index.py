"""The lookup index: the resource API's answers, prepared once from the store (issue 5).

``build_index`` runs the lookup queries (``queries/lookup/*.rq``, through ``sotekg.queries.QueryLibrary``) once,
turns their rows into documents (``sotekg.lookups``) and keeps, per resource, the JSON document and its
prepared bytes with a strong ETag. A route answers with those bytes: no query and no serialisation per request.

A ``LookupIndex`` never changes after it is built. A write builds a new one and swaps the reference (see
``sotekg.publish``), so a reader holds one consistent snapshot. Other representations (CSV, other pages of a
list) are made on first request and cached on the snapshot, so they can never outlive it; RDF views of a
resource are CONSTRUCT queries run by ``sotekg.publish`` and cached here the same way. With a persistent store the
prepared resources are saved beside it and a restart reads them back (``sotekg.saved_index``, decision 0006).
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import orjson

from .coverage import plain_offers
from .coverage import refresh as refresh_coverage
from .errors import NotFoundError
from .lookups import (
    QUERY_NAMES,
    Document,
    Documents,
    LookupRows,
    build_documents,
    region_services_table,
    service_regions_table,
)
from .queries import QueryLibrary
from .station_lists import QUERY_NAME as STATIONS_QUERY
from .station_lists import add_station_lists
from .store import Store
from .tabular import ResultTable, render

JSON = "application/json"
CSV = "text/csv"
CACHE_ENTRIES = 512  # on-demand representations kept per snapshot

# The single resources: kind → the field of Documents that holds them by key.
RESOURCE_FIELDS = {
    "region": "region_details",
    "region-services": "region_services",
    "centre": "centres",
    "service-regions": "service_regions",
    "municipality": "municipalities",
}
# The resources that are tables too (CSV); the resource kinds are the keys of NOT_FOUND.
TABLES: dict[str, Callable[[Document], ResultTable]] = {
    "region-services": region_services_table,
    "service-regions": service_regions_table,
}
NOT_FOUND = {
    "region": "no service organiser with code {key!r} (codes are 01–21 and 90; 91 Åland is outside the reform)",
    "region-services": "no service organiser with code {key!r} (codes are 01–21 and 90)",
    "centre": "no centre with id {key!r}",
    "service-regions": "no service type with code {key!r} (see GET /services)",
    "municipality": "no municipality with code {key!r} (three-digit Statistics Finland code, e.g. 398)",
}


@dataclass(frozen=True)
class Prepared:
    """A response body ready to send: bytes, media type and strong ETag (a hash of the bytes)."""

    body: bytes
    media_type: str
    etag: str

    @classmethod
    def of(cls, body: bytes, media_type: str) -> Prepared:
        return cls(body, media_type, f'"{hashlib.sha256(body).hexdigest()[:32]}"')


def json_bytes(document: Any) -> bytes:
    """The compact UTF-8 JSON of a document (the bytes every JSON lookup answer is): orjson's, byte for byte what
    ``json.dumps(document, ensure_ascii=False, separators=(",", ":"))`` gives for these documents, an order of
    magnitude sooner (bench/README.md, "writes at scale")."""
    return orjson.dumps(document)


class LookupIndex:
    """One immutable snapshot of every lookup document, with prepared JSON bytes and ETags."""

    def __init__(
        self,
        documents: Documents,
        version: int,
        coverage_offers: list[dict[str, str]],
        prepared: Mapping[tuple[str, str], Prepared] | None = None,
        coverage_lines: frozenset[str] | None = None,
    ):
        """``coverage_offers``: the offers rows the coverage of this snapshot was derived from
        (``sotekg.coverage.plain_offers``): a write derives again only what it changed (sotekg.incremental).
        ``prepared``: the JSON of every resource when it is already made (a saved index, sotekg.saved_index); made
        from ``documents`` otherwise. ``coverage_lines``: the derived graph's lines as written with this snapshot,
        when known (a saved index does not keep them: the first write reads them from the store)."""
        self.documents = documents
        self.version = version
        self.coverage_offers = coverage_offers
        self.coverage_lines = coverage_lines
        self._resources: dict[str, Mapping[str, Document]] = {
            kind: getattr(documents, field) for kind, field in RESOURCE_FIELDS.items()
        }
        self._lists: dict[str, list[Document]] = {
            "regions": documents.regions,
            "services": documents.services,
        }
        self._prepared: Mapping[tuple[str, str], Prepared] = (
            prepared
            if prepared is not None
            else {
                (kind, key): Prepared.of(json_bytes(document), JSON)
                for kind, documents_by_key in self._resources.items()
                for key, document in documents_by_key.items()
            }
        )
        self._cache: OrderedDict[tuple, Prepared] = OrderedDict()
        self._cache_lock = threading.Lock()

    @property
    def prepared(self) -> Mapping[tuple[str, str], Prepared]:
        """The prepared JSON of every single resource, by (kind, key)."""
        return self._prepared

    # -- single resources ---------------------------------------------------------------------------------

    def document(self, kind: str, key: str) -> Document:
        """The JSON document of one resource, or NotFoundError with a helpful detail."""
        document = self._resources[kind].get(key)
        if document is None:
            raise NotFoundError(NOT_FOUND[kind].format(key=key))
        return document

    def resource(self, kind: str, key: str) -> Prepared:
        """The prepared JSON of one resource (built with the snapshot)."""
        prepared = self._prepared.get((kind, key))
        if prepared is None:
            raise NotFoundError(NOT_FOUND[kind].format(key=key))
        return prepared

    def resource_csv(self, kind: str, key: str) -> Prepared:
        """A tabular resource (a kind of TABLES) as CSV."""
        document = self.document(kind, key)
        return self.cached(
            (kind, key, "csv"), lambda: Prepared.of(render(TABLES[kind](document), "csv").encode(), CSV)
        )

    def items(self, kind: str) -> list[Document]:
        """Every item of a list (``regions``, ``services``), in order."""
        return self._lists[kind]

    # -- on-demand cache ------------------------------------------------------------------------------------

    def cached(self, key: tuple, produce: Callable[[], Prepared]) -> Prepared:
        """A representation made once per snapshot (the oldest dropped past CACHE_ENTRIES)."""
        with self._cache_lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        prepared = produce()
        with self._cache_lock:
            self._cache[key] = prepared
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return prepared

    def cached_only(self, key: tuple) -> Prepared | None:
        with self._cache_lock:
            return self._cache.get(key)


def read_rows(store: Store, library: QueryLibrary, modified: Mapping[str, str]) -> LookupRows:
    """Run every lookup query once (no row cap: the index needs all rows; the time limit of an index query,
    ``index_query_timeout_s``) and collect what the store knows."""
    answers = {field: library.rows(store, name) for field, name in QUERY_NAMES.items()}
    return LookupRows(**answers, graphs=store.graph_names(), modified=dict(modified))


def build_index(
    store: Store, library: QueryLibrary, modified: Mapping[str, str], version: int
) -> LookupIndex:
    """A new snapshot of the store's lookup answers, after the coverage assessments are derived again from what
    the store holds (``sotekg.coverage``); ``modified`` maps region codes to their model's last replacement time
    (from ``sotekg.history``)."""
    with cycle_collection_paused():
        evidence = refresh_coverage(store, library, modified)
        documents = build_documents(read_rows(store, library, modified))
        stations = library.rows(store, STATIONS_QUERY)
        add_station_lists(documents.region_details, documents.municipalities, stations)
        return LookupIndex(documents, version, plain_offers(evidence), coverage_lines=evidence.derived)


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Building the index (or updating it after a write, sotekg.incremental) makes many small objects and keeps
    most of them: Python's cycle collector would scan them and every live document over and over (about 40 % of
    the build at N = 1,000, bench/). It is off meanwhile and back on right after; reference counting still frees
    everything that is not a cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
