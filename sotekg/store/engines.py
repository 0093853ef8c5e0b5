"""What SPARQL servers do differently, in one place: the remote store (sotekg.store.remote) asks its server
which engine it is (the ``Server`` header of its first answer) and lets the engine's profile here adjust the
requests, so every engine gives the answers the embedded store gives. Each difference was found by running the
test suite on the engine (tests/conftest.py starts Oxigraph server and Virtuoso 7); docs/sparql-servers.md lists
them for people.

Virtuoso 7 (found on 7.2.5, Debian's ``virtuoso-opensource``):

- it keeps graphs of its own (``virtrdf#`` and two more) in the same store, in ``GRAPH ?g`` and in the default
  graph (the union of all graphs). The store's graph list and triple count leave them out (``system_graphs``);
  queries see them, as any client of that server does: they hold no term of ours, so no answer of ours changes.
  (Virtuoso's ``DEFINE input:named-graph-exclude`` would hide them, but then ``GRAPH <iri>`` with a constant
  IRI finds nothing at all on 7.2.5.)
- ``INSERT DATA`` fails past about 1,000–2,000 triples ("generated SQL text has exceeded 10000 lines", a "code
  vector" limit when split into several operations of one request), and takes about 2–3 ms a triple. Graphs up
  to ``max_insert_triples`` (a region's model: hundreds) are replaced in one update request as on any engine —
  one transaction, so readers of ``/sparql`` see the old or the new graph
  (tests/trust/test_concurrent_reads.py); bigger ones (``sotekg load``) through its Graph Store Protocol endpoint
  (``/sparql-graph-crud``; ``-auth`` with credentials) as one N-Triples ``PUT`` or ``POST`` (20,000 triples in
  about 4 s), during which a reader may see the graph empty;
- it refuses blank nodes in ``INSERT DATA`` ("not allowed in a constant clause"): it gets ``INSERT { … }
  WHERE {}``, the same triples, each blank-node label a fresh blank node as in ``INSERT DATA``;
- its SPARQL JSON writer is slow: 3,000 rows take 3.2 s as JSON, 0.7 s as SPARQL XML (0.4 s as CSV, which
  loses datatypes), so SELECT and ASK answers are asked for as SPARQL XML;
- a POST of ``application/sparql-query`` is never answered: every engine gets form-encoded queries (remote.py);
- a query whose VALUES block has several rows, with a ``BIND`` or a projected expression in the query (the
  lookup of labels, ``lookup/labels``), ends the server process ("Server disconnected"): no query binds several
  values on it (``several_values``), so a write on Virtuoso rebuilds the lookup index instead of updating it
  where it reached (sotekg.incremental).

Oxigraph server: no difference (it is the reference, with ``--union-default-graph``).

What Virtuoso answers differently in SPARQL itself (truth values as integers, ``GROUP_CONCAT``, patterns it
evaluates wrongly) needs no profile: the queries are written so that every engine gives the same answer, and
docs/sparql-servers.md lists each case with the query it met.
"""

from __future__ import annotations

from dataclasses import dataclass

VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
)


@dataclass(frozen=True)
class Engine:
    """A SPARQL server's profile: what our requests must say or do differently for it."""

    name: str
    # the server's own graphs, left out of graph lists and counts
    system_graphs: tuple[str, ...] = ()
    # graphs with more triples go through the Graph Store Protocol, not an update request
    max_insert_triples: int | None = None
    # INSERT { … } WHERE {} instead of INSERT DATA (blank nodes)
    insert_template: bool = False
    # what SELECT and ASK answers are asked for in
    results_media_type: str = "application/sparql-results+json"
    # whether a query may bind a variable to several values (a VALUES block of several rows): the lookups a write
    # reads for what it touched (sotekg.incremental) need it
    several_values: bool = True

    def graph_store(self, triples: int) -> bool:
        """Whether a graph of ``triples`` goes through the Graph Store Protocol instead of ``INSERT DATA``."""
        return self.max_insert_triples is not None and triples > self.max_insert_triples

    def graph_store_url(self, endpoint: str) -> str:
        """The Graph Store Protocol endpoint beside a query endpoint (Virtuoso: ``/sparql-graph-crud``, or
        ``/sparql-graph-crud-auth`` beside ``/sparql-auth``)."""
        base, _, last = endpoint.rstrip("/").rpartition("/")
        return f"{base}/sparql-graph-crud-auth" if last.endswith("-auth") else f"{base}/sparql-graph-crud"


STANDARD = Engine("SPARQL 1.1")
VIRTUOSO = Engine(
    "Virtuoso",
    system_graphs=VIRTUOSO_SYSTEM_GRAPHS,
    max_insert_triples=1_000,
    insert_template=True,
    results_media_type="application/sparql-results+xml",
    several_values=False,
)


def engine_of(server_header: str | None) -> Engine:
    """The profile for a server by its ``Server`` header (``Virtuoso/07.20.3229 (Linux) …``)."""
    return VIRTUOSO if (server_header or "").startswith("Virtuoso/") else STANDARD
