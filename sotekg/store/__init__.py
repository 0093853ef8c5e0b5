"""The store: where the graph lives. One contract (``Store``), two implementations, chosen by ``settings.store``.

- ``EmbeddedStore`` (default): pyoxigraph in process, filled from ontology/ and data/ at start; persistent with
  ``store_dir`` — a folder that already holds data is opened as it is (the stored models are the truth), only an
  empty store is filled with the default graphs.
- ``RemoteStore``: any SPARQL 1.1 endpoint; fill it with ``sotekg load --endpoint URL``.

``open_store(settings)`` is how the API and the CLI get one. See sotekg.store.base for the contract,
sotekg.store.results for the neutral result form.
"""

from __future__ import annotations

from ..errors import InvalidQuery, QueryTimeout, StoreUnavailable, TooManyRows
from ..settings import Settings, StoreKind
from .base import Store
from .embedded import EmbeddedStore
from .loading import LoadedGraph, load_default_graphs, load_graph_files
from .remote import RemoteStore
from .results import GRAPH_MEDIA_TYPES, SELECT_MEDIA_TYPES, QueryResult, SelectResult, serialize_result

__all__ = [
    "GRAPH_MEDIA_TYPES",
    "SELECT_MEDIA_TYPES",
    "EmbeddedStore",
    "InvalidQuery",
    "LoadedGraph",
    "QueryResult",
    "QueryTimeout",
    "RemoteStore",
    "SelectResult",
    "Store",
    "StoreUnavailable",
    "TooManyRows",
    "load_default_graphs",
    "load_graph_files",
    "open_store",
    "serialize_result",
]


def open_store(settings: Settings, *, fill_empty: bool = True) -> Store:
    """The store ``settings`` asks for. An embedded store that is empty is filled with the default graphs
    (unless ``fill_empty`` is False); a remote store is used as it is."""
    if settings.store == StoreKind.remote:
        return RemoteStore(settings)
    store = EmbeddedStore(settings)
    if fill_empty and store.is_empty():
        try:
            load_default_graphs(store, settings)
        except Exception:
            store.close()
            raise
    return store
