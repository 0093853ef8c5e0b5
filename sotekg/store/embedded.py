"""The embedded store, the default: pyoxigraph in this process, no server needed.

In memory, or on disk with ``store_dir`` (a RocksDB folder one process opens at a time). pyoxigraph has no
per-query time limit and no way to stop a query, so each query runs on its own daemon thread (pyoxigraph
releases the GIL while it evaluates) and the caller stops waiting at the limit. A query that ran out of time
finishes in the background and its answer is dropped. Running queries hold slots: ``QUERY_SLOTS`` for the
application's own queries (lookups, the index after a write) and ``PUBLIC_QUERY_SLOTS`` apart for public ones
(``/sparql``), so public queries that run far past their limit can neither hold up the application's queries nor
burn more than that many threads; a query waits for a slot, and the waiting counts against its own limit. The
threads are daemons, so a query still running never keeps the process from ending.

A persistent store has a generation (``Store.generation``): a random token in ``{store_dir}/generation``, replaced
by a new one (written atomically, sotekg.files) before the first write after the token was last handed out — so
before any change reaches RocksDB, the token anyone may have saved work under is gone. A process killed between
the new token and the write leaves a token no saved work carries: at worst a needless rebuild, never a stale
answer. Every write goes through ``_update`` or ``replace_graph_from_files``, which both renew it; a tool that
writes the RocksDB folder without sotekg (the ``oxigraph`` command) does not, so such a store must be opened once
with ``sotekg load`` or started after deleting ``lookup-index`` and ``triple-count``. The store's triple count
is saved under the generation too (``COUNT_FILE``).
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from pathlib import Path

import pyoxigraph as ox

from ..errors import InvalidQuery, QueryTimeout, SotekgError, UserError
from ..files import write_atomically
from ..namespaces import PREFIXES
from ..rdfio import rdf_format, read_quads_file
from ..settings import Settings
from .base import QueryLimits, Store, graph_node
from .results import QueryResult, collect, serialize_triples

QUERY_SLOTS = 4
PUBLIC_QUERY_SLOTS = 2
GENERATION_FILE = "generation"
# "{generation} {count}": the count of all named graphs' triples at that generation
COUNT_FILE = "triple-count"


class EmbeddedStore(Store):
    """pyoxigraph in process; ``settings.store_dir`` makes it persistent."""

    kind = "embedded"

    def __init__(self, settings: Settings):
        super().__init__(settings)
        folder = settings.store_dir
        try:
            self._store = ox.Store(str(folder)) if folder else ox.Store()
        except OSError as error:
            raise UserError(
                f"cannot open the store folder {folder} (is another process using it?): {error}"
            ) from None
        self._slots = threading.BoundedSemaphore(QUERY_SLOTS)
        self._public_slots = threading.BoundedSemaphore(PUBLIC_QUERY_SLOTS)
        self._generation_lock = threading.Lock()
        self._generation: str | None = None  # the token on disk, once read or written
        self._handed_out = True  # whether the token on disk may be in saved work (a previous process's, too)

    def generation(self) -> str | None:
        if not self.settings.store_dir:
            return None
        with self._generation_lock:
            if self._generation is None:
                path = self.settings.store_dir / GENERATION_FILE
                text = path.read_text(encoding="ascii").strip() if path.is_file() else ""
                if not text:  # a store from before generations, or a crash before the first token
                    self._renew_generation()
                    text = self._generation or ""
                self._generation = text
            self._handed_out = True
            return self._generation

    def _before_write(self) -> None:
        """Renew the generation before a write, unless the current one was never handed out since its renewal."""
        if not self.settings.store_dir:
            return
        with self._generation_lock:
            if self._handed_out:
                self._renew_generation()

    def _renew_generation(self) -> None:
        token = secrets.token_hex(16)
        write_atomically(self.settings.store_dir / GENERATION_FILE, f"{token}\n".encode("ascii"))  # type: ignore[operator]
        self._generation, self._handed_out = token, False

    def _evaluate(self, sparql: str, limits: QueryLimits) -> QueryResult:
        slots = self._public_slots if limits.public else self._slots
        deadline = time.monotonic() + limits.timeout_s
        if not slots.acquire(timeout=limits.timeout_s):
            raise QueryTimeout(limits.timeout_s)
        outcome: list[QueryResult | Exception] = []
        finished = threading.Event()

        def run() -> None:
            try:
                outcome.append(self._answer(sparql, limits.max_rows))
            except Exception as error:  # noqa: BLE001 -- raised by the caller, without this thread's frames
                outcome.append(error.with_traceback(None))
            finally:
                slots.release()
                finished.set()

        threading.Thread(target=run, name="sotekg-query", daemon=True).start()
        if not finished.wait(max(0.0, deadline - time.monotonic())):
            raise QueryTimeout(limits.timeout_s)
        if isinstance(outcome[0], Exception):
            raise outcome[0]
        return outcome[0]

    def _answer(self, sparql: str, max_rows: int | None) -> QueryResult:
        """Evaluate and collect a query on the calling thread; a UserError for what the engine refuses."""
        try:
            return collect(
                self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True), max_rows
            )
        except SotekgError as error:
            failure = error.with_traceback(None)
        except SyntaxError as error:
            failure = InvalidQuery(f"syntax error: {error}")
        except (OSError, RuntimeError, ValueError) as error:
            failure = InvalidQuery(str(error))
        # raised outside the except blocks: pyoxigraph's result objects, held by the frames of the caught
        # exception, must be freed on this thread (they cannot cross threads)
        raise failure

    def _update(self, update: str) -> None:
        self._before_write()
        try:
            self._store.update(update)
        except (SyntaxError, OSError, RuntimeError, ValueError) as error:
            raise InvalidQuery(f"update refused: {error}") from None

    def replace_graph_from_files(self, graph_iri: str, paths: list[Path]) -> int:
        """pyoxigraph's own parser loads the files (each all or nothing): no Python object per triple, several
        times faster than the base class on large files (bench/). One file into an empty graph goes straight in;
        otherwise the files load into a staging graph that one update then moves over the graph, their triples
        sitting there meanwhile — this is for filling a store before it serves. A file that does not parse is
        read again by sotekg.rdfio for its one-line error, and the graph is as it was."""
        target = graph_node(graph_iri)
        self._before_write()
        direct = (
            len(paths) == 1 and next(self._store.quads_for_pattern(None, None, None, target), None) is None
        )
        into = target if direct else ox.NamedNode(f"urn:sotekg:loading:{uuid.uuid4().hex}")
        for path in paths:
            try:
                self._store.load(path=str(path), format=rdf_format(path=path), to_graph=into)
            except SyntaxError:
                if not direct:
                    self._update(f"DROP SILENT GRAPH {into}")
                read_quads_file(path)  # raises the one-line MalformedRDF
                raise
        if not direct:
            self._update(f"MOVE SILENT GRAPH {into} TO {target}")
        return self.count(graph_iri)

    def count(self, graph_iri: str | None = None) -> int:
        """As ``Store.count``; all named graphs together as the store's own length less the default graph's
        triples (no SPARQL: about 2.5 times faster at 2 M triples, and ``/health`` asks for it)."""
        if graph_iri is not None:
            return super().count(graph_iri)
        generation = self.generation()
        if generation is not None:
            counted = self._counted_under(generation)
            if counted is not None:
                return counted
        default = sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        total = len(self._store) - default
        if generation is not None:
            write_atomically(self.settings.store_dir / COUNT_FILE, f"{generation} {total}\n".encode("ascii"))  # type: ignore[operator]
        return total

    def _counted_under(self, generation: str) -> int | None:
        """The triple count saved beside a persistent store under ``generation`` (None when there is none or it
        was saved under another): a restart answers ``/health`` without counting millions of triples again, and
        any write renews the generation first, so a saved count is never older than the store."""
        path = self.settings.store_dir / COUNT_FILE  # type: ignore[operator]
        try:
            saved_generation, total = path.read_text(encoding="ascii").split()
            return int(total) if saved_generation == generation else None
        except (OSError, ValueError):
            return None

    def graph_names(self) -> list[str]:
        return sorted(
            name.value
            for name in self._store.named_graphs()
            if isinstance(name, ox.NamedNode)
            and next(self._store.quads_for_pattern(None, None, None, name), None)
        )

    def serialize_graph(self, graph_iri: str, media_type: str = "text/turtle") -> bytes:
        quads = self._store.quads_for_pattern(None, None, None, graph_node(graph_iri))
        return serialize_triples((quad.triple for quad in quads), media_type)

    def close(self) -> None:
        if self.settings.store_dir:
            self._store.flush()
        del self._store  # releases the RocksDB lock once running queries let go
