"""What SPARQL servers do differently, in one place: the remote store (sotekg.store.remote) asks its server
which engine it is (the ``Server`` header of its first answer) and lets the engine's profile here adjust the
requests, so every engine gives the answers the embedded store gives. Each difference was found by running the
test suite on the engine (tests/conftest.py starts Oxigraph server and Virtuoso 7); docs/sparql-servers.md lists
them for people.

Virtuoso 7 (found on 7.2.5, Debian's ``virtuoso-opensource``):

- it keeps graphs of its own (``virtrdf#`` and two more) in the same store: they would show in ``GRAPH ?g`` and
  in the default graph (the union of all graphs), so every query starts with ``DEFINE input:default-graph-exclude``
  and ``input:named-graph-exclude`` for each of them;
- ``INSERT DATA`` fails past a few thousand triples ("generated SQL text has exceeded 10000 lines", a "code
  vector" limit when split into several operations of one request), and takes about 3 ms a triple: graphs are
  replaced and added through its Graph Store Protocol endpoint (``/sparql-graph-crud``; ``-auth`` with
  credentials) as one N-Triples ``PUT`` or ``POST`` (20,000 triples in about 4 s);
- a POST of ``application/sparql-query`` is never answered: every engine gets form-encoded queries (remote.py).

Oxigraph server: no difference (it is the reference, with ``--union-default-graph``).
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
    query_prologue: str = ""  # put before every query
    graph_store: bool = False  # replace and add graphs through the Graph Store Protocol, not INSERT DATA

    def graph_store_url(self, endpoint: str) -> str:
        """The Graph Store Protocol endpoint beside a query endpoint (Virtuoso: ``/sparql-graph-crud``, or
        ``/sparql-graph-crud-auth`` beside ``/sparql-auth``)."""
        base, _, last = endpoint.rstrip("/").rpartition("/")
        return f"{base}/sparql-graph-crud-auth" if last.endswith("-auth") else f"{base}/sparql-graph-crud"


STANDARD = Engine("SPARQL 1.1")
VIRTUOSO = Engine(
    "Virtuoso",
    query_prologue="".join(
        f"DEFINE input:default-graph-exclude <{graph}>\nDEFINE input:named-graph-exclude <{graph}>\n"
        for graph in VIRTUOSO_SYSTEM_GRAPHS
    ),
    graph_store=True,
)


def engine_of(server_header: str | None) -> Engine:
    """The profile for a server by its ``Server`` header (``Virtuoso/07.20.3229 (Linux) …``)."""
    return VIRTUOSO if (server_header or "").startswith("Virtuoso/") else STANDARD
