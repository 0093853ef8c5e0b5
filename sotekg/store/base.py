"""The store contract: one small abstract class, two implementations (embedded pyoxigraph, remote SPARQL).

Everything that reads or writes the graph goes through ``Store``: the API, the CLI, validation, the named-query
library. Implementations provide four primitives — evaluate a query, run an update, list graphs, serialise a
graph — and this class builds the public methods on them, so both stores behave the same:

- ``query(sparql, substitutions=…)``: SELECT → ``SelectResult``, ASK → ``bool``, CONSTRUCT/DESCRIBE →
  ``rdflib.Graph`` (see sotekg.store.results). Values are bound as RDF terms serialised by pyoxigraph, never
  pasted as raw text. The SPARQL
  default graph is the union of all named graphs; ``FROM`` is ignored (use ``GRAPH``). The prefixes of
  ``sotekg.namespaces.PREFIXES`` are predeclared. A time limit and a row cap apply (settings
  ``query_timeout_s``, ``max_result_rows``, or per call).
- ``replace_graph(iri, data)``: parse and check the data first, then drop and refill the graph in one update
  request — one transaction, so readers see the old graph or the new one, never a mix or nothing.
- ``load_file``, ``graph``, ``serialize_graph``, ``graph_names``, ``count``, ``clear``, ``close``.
- ``generation()``: a token that changes with every write, where the store can keep one (persistent embedded).

Errors: sotekg.errors.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Identifier

from ..errors import UserError
from ..rdfio import parse_quads, read_quads_file
from ..settings import Settings
from . import sparql_text
from .results import QueryResult, SelectResult
from .terms import ntriples, to_oxigraph, to_oxigraph_triples


@dataclass(frozen=True)
class QueryLimits:
    """How long a query may run and how many rows it may give (``None``: no cap); ``public`` marks a query
    anyone sent (``/sparql``), which a store may run apart from the application's own."""

    timeout_s: float
    max_rows: int | None
    public: bool = False


class Store(ABC):
    """The graph store. Subclasses implement the ``_``-prefixed primitives."""

    kind: ClassVar[str]

    def __init__(self, settings: Settings):
        self.settings = settings

    # -- primitives -------------------------------------------------------------------------------------------

    @abstractmethod
    def _evaluate(self, sparql: str, limits: QueryLimits) -> QueryResult:
        """Evaluate a query over the union default graph, with the predeclared prefixes, within ``limits``."""

    @abstractmethod
    def _update(self, update: str) -> None:
        """Run a SPARQL Update request as one transaction."""

    @abstractmethod
    def graph_names(self) -> list[str]:
        """IRIs of the named graphs that hold at least one triple, sorted."""

    @abstractmethod
    def serialize_graph(self, graph_iri: str, media_type: str = "text/turtle") -> bytes:
        """One named graph in a media type of ``GRAPH_MEDIA_TYPES`` (empty if the graph does not exist)."""

    # -- the contract -----------------------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Identifier | Sequence[Identifier]] | None = None,
        timeout_s: float | None = None,
        max_rows: int | None = None,
        public: bool = False,
    ) -> QueryResult:
        """Answer a SPARQL query; ``substitutions`` binds variables (name without ``?``) to rdflib terms (a
        sequence of terms: any of them);
        ``public`` for a query text from outside (see ``QueryLimits``).

        Both stores bind the same way: a ``VALUES`` block of pyoxigraph-serialised terms at the top of the WHERE
        group, repeated in the sub-SELECTs that project the variable (sotekg.store.sparql_text.bind_values), so a
        parameter need not be projected, and an aggregate in a sub-SELECT counts only the bound value's rows.
        """
        bound = {
            name.lstrip("?$"): str(to_oxigraph(term))
            if isinstance(term, Identifier)
            else tuple(str(to_oxigraph(each)) for each in term)
            for name, term in (substitutions or {}).items()
        }
        limits = QueryLimits(
            timeout_s=timeout_s or self.settings.query_timeout_s,
            max_rows=max_rows or self.settings.max_result_rows,
            public=public,
        )
        return self._evaluate(sparql_text.bind_values(sparql, bound), limits)

    def graph(self, graph_iri: str) -> Graph:
        """One named graph as an rdflib Graph (empty if it does not exist)."""
        return Graph().parse(data=self.serialize_graph(graph_iri, "application/n-triples"), format="nt")

    def replace_graph(
        self, graph_iri: str, data: bytes | str | Graph, media_type: str = "text/turtle"
    ) -> int:
        """Replace a named graph atomically by RDF data (bytes or text in ``media_type``, or a Graph); returns the
        number of triples. Bad data raises before the store is touched."""
        if isinstance(data, Graph):
            triples = to_oxigraph_triples(data.triples((None, None, None)))
        else:
            quads, _ = parse_quads(data, media_type, source=f"data for <{graph_iri}>")
            triples = [quad.triple for quad in quads]
        return self._replace_triples(graph_iri, triples)

    def change_graph(self, graph_iri: str, removed: str, added: str) -> None:
        """Delete some triples from a named graph and insert others, in one update request (N-Triples text without
        blank nodes): a derived graph that changes in a few lines (sotekg.coverage)."""
        if removed.strip() or added.strip():
            self._update(sparql_text.change_graph(str(graph_node(graph_iri)), removed, added))

    def load_file(self, graph_iri: str, path: Path) -> int:
        """Add the triples of an RDF file (format by extension) to a named graph; returns how many were read."""
        triples = [quad.triple for quad in read_quads_file(path)]
        self._add_triples(graph_iri, triples)
        return len(triples)

    def count(self, graph_iri: str | None = None) -> int:
        """Number of triples in one named graph, or in all named graphs together."""
        hidden = ", ".join(f"<{graph}>" for graph in self.hidden_graphs)
        result = self.query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            + (f"FILTER (?g NOT IN ({hidden})) }}" if hidden else "}"),
            substitutions={"g": URIRef(graph_iri)} if graph_iri else None,
        )
        assert isinstance(result, SelectResult)
        return int(str(result.rows[0]["n"]))

    def is_empty(self) -> bool:
        """Whether no named graph holds a triple (asked without counting them)."""
        return not self.query("ASK { GRAPH ?g { ?s ?p ?o } }")

    def clear(self) -> None:
        """Remove every graph."""
        self._update("DROP ALL")

    def close(self) -> None:
        """Release what the store holds (threads, files, connections)."""

    @property
    def several_values(self) -> bool:
        """Whether a query may bind a variable to several values (sotekg.store.engines)."""
        return True

    @property
    def hidden_graphs(self) -> tuple[str, ...]:
        """Graphs the server keeps for itself, left out of ``graph_names`` and ``count`` (sotekg.store.engines)."""
        return ()

    def generation(self) -> str | None:
        """A token naming what the store holds, for work saved beside it (the lookup index, sotekg.saved_index):
        equal tokens read at two moments mean nothing was written in between. None when the store cannot tell —
        in memory nothing outlives the process, and a remote endpoint has other writers."""
        return None

    # -- shared helpers ---------------------------------------------------------------------------------------

    def replace_graph_from_files(self, graph_iri: str, paths: list[Path]) -> int:
        """Replace a named graph by the triples of RDF files (format by extension): how a store is filled before it
        serves (sotekg load, start-up); the number of triples. A file that does not parse raises before the graph
        changes."""
        triples = [quad.triple for path in paths for quad in read_quads_file(path)]
        return self._replace_triples(graph_iri, triples)

    insert_template = False  # write INSERT { … } WHERE {} rather than INSERT DATA (sparql_text.insert_data)

    def _add_triples(self, graph_iri: str, triples: list[ox.Triple]) -> None:
        """Add triples to a named graph in one update request."""
        node = str(graph_node(graph_iri))
        self._update(sparql_text.insert_data(node, ntriples(triples), self.insert_template))

    def _replace_triples(self, graph_iri: str, triples: list[ox.Triple]) -> int:
        """Drop and refill a named graph in one update request; the number of triples."""
        node = str(graph_node(graph_iri))
        self._update(sparql_text.replace_graph(node, ntriples(triples), self.insert_template))
        return len(triples)


def graph_node(graph_iri: str) -> ox.NamedNode:
    """A graph IRI as a pyoxigraph node (its ``str()`` is N-Triples syntax); UserError if it is not an absolute IRI."""
    try:
        return ox.NamedNode(graph_iri)
    except ValueError as error:
        raise UserError(f"not a valid graph IRI {graph_iri!r}: {error}") from None
