"""SPARQL as text: a lexical scanner and the few safe rewrites the stores need.

The store layer never pastes user values into query text. What it does write:

- a prologue of the predeclared prefixes (``sotekg.namespaces.PREFIXES``) before a query that does not declare them;
- a ``VALUES`` block binding parameters to RDF terms already serialised by pyoxigraph (so escaped and
  validated), at the top of the query's WHERE group and of the sub-SELECTs that take the same values — how both
  stores apply ``substitutions``;
- the update requests that load and replace named graphs.

The scanner knows IRIs, strings, comments, variables and words, so a keyword inside a string or an IRI is never
taken for one. The /sparql guard uses it beside rdflib's parser to find ``SERVICE`` (see sotekg.sparql_protocol).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..errors import UserError
from ..namespaces import PREFIXES

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<variable>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>[^\W\d][\w.\-]*(?::(?:[\w.\-:%]|\\.)*)?|:(?:[\w.\-:%]|\\.)*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_PREFIX_DECLARATION = re.compile(r"([^\W\d][\w.\-]*)?:$")
_VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


@dataclass(frozen=True)
class Token:
    kind: str  # space, comment, iri, string, variable, word, other
    text: str
    start: int

    @property
    def keyword(self) -> str:
        """The upper-cased text of a word (SPARQL keywords are case-insensitive), else ''."""
        return self.text.upper() if self.kind == "word" else ""


def tokens(sparql: str) -> Iterator[Token]:
    """The query's tokens, whitespace and comments left out."""
    for match in _TOKEN.finditer(sparql):
        if match.lastgroup not in ("space", "comment"):
            yield Token(match.lastgroup or "other", match.group(), match.start())


def keywords(sparql: str) -> set[str]:
    """Every keyword-like word of the query outside IRIs, strings and comments, upper-cased."""
    return {token.keyword for token in tokens(sparql) if token.kind == "word" and ":" not in token.text}


def first_keyword(sparql: str) -> str:
    """The first keyword after the prologue (PREFIX and BASE declarations): the query form (``SELECT``, ``ASK``,
    ``CONSTRUCT``, ``DESCRIBE``) or the first operation of an update."""
    for token in tokens(sparql):
        if token.kind == "word" and token.keyword not in ("PREFIX", "BASE") and ":" not in token.text:
            return token.keyword
    return ""


def declared_prefixes(sparql: str) -> set[str]:
    """Prefix names the query declares with ``PREFIX name: <iri>``."""
    names: set[str] = set()
    previous = ""
    for token in tokens(sparql):
        if previous == "PREFIX" and token.kind == "word":
            match = _PREFIX_DECLARATION.match(token.text)
            if match:
                names.add(match.group(1) or "")
        previous = token.keyword
    return names


def with_prefixes(sparql: str) -> str:
    """The query with ``PREFIX`` declarations for the predeclared prefixes it does not declare itself.

    They go on the query's first line, so line numbers in an engine's error message stay right.

    >>> with_prefixes("PREFIX sk: <urn:x#> ASK {}").count("PREFIX sk:")
    1
    """
    declared = declared_prefixes(sparql)
    prologue = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items() if name not in declared)
    return f"{prologue} {sparql}" if prologue else sparql


def bind_values(sparql: str, bindings: Mapping[str, str | Sequence[str]]) -> str:
    """Bind variables by a ``VALUES`` block at the top of the query's WHERE group, repeated in the sub-SELECTs
    that are bound to take the same values.

    ``bindings`` maps a variable name (without ``?``) to a term in N-Triples syntax, as ``str()`` of a pyoxigraph
    term gives it, or to a sequence of them (the variable takes any of the values). The top block joins the whole top-level group, so its triple patterns, OPTIONALs and FILTERs
    see the values. A sub-SELECT is evaluated on its own, before its answer meets the block; when it projects the
    variable, its rows with another value can never join, and the block is repeated at the top of its own WHERE
    group, so that they are not computed at all (an aggregate over a whole catalogue shrinks to one set's rows:
    the coverage matrix, bench/). Where that could change an answer, it is not done: see ``_sub_selects_to_bind``.
    A variable used only inside a sub-SELECT that does not project it is another variable, and is not bound.
    (pyoxigraph's own ``substitutions``, after SEP-0007, also bind inside LIMIT and MINUS, and answer otherwise
    than a VALUES block: tests/test_store_sparql_text.py.)

    >>> bind_values("SELECT ?n WHERE { ?s ?p ?n }", {"s": "<urn:a>"})
    'SELECT ?n WHERE { VALUES (?s) { (<urn:a>) } ?s ?p ?n }'
    >>> bind_values("SELECT ?n { { SELECT ?s (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?s } }", {"s": "<urn:a>"})
    'SELECT ?n { VALUES (?s) { (<urn:a>) } { SELECT ?s (COUNT(*) AS ?n) { VALUES (?s) { (<urn:a>) } ?s ?p ?o } GROUP BY ?s } }'
    """
    if not bindings:
        return sparql
    bad = [name for name in bindings if not _VARIABLE_NAME.match(name)]
    if bad:
        raise UserError(f"not a SPARQL variable name: {bad[0]!r}")
    start, end = _where_group(sparql)
    edits = _values_block(sparql, start, end, bindings)
    for sub_select in _sub_selects_to_bind(sparql, start, end, set(bindings)):
        names = sorted(sub_select.names, key=list(bindings).index)
        edits += _values_block(sparql, sub_select.open, sub_select.close, {n: bindings[n] for n in names})
    for offset, text in sorted(edits, reverse=True):
        sparql = sparql[:offset] + text + sparql[offset:]
    return sparql


def _terms(value: str | Sequence[str]) -> Sequence[str]:
    return (value,) if isinstance(value, str) else value


def _values_block(
    sparql: str, open_brace: int, close_brace: int, bindings: Mapping[str, str | Sequence[str]]
) -> list[tuple[int, str]]:
    """The insertions (offset, text) that put a VALUES block at the top of the group between two braces; a group
    that is one sub-SELECT is wrapped, as the grammar allows nothing beside it."""
    rows = itertools.product(*(_terms(value) for value in bindings.values()))
    block = "VALUES ({}) {{ {} }}".format(
        " ".join(f"?{name}" for name in bindings), " ".join(f"({' '.join(row)})" for row in rows)
    )
    first = next(tokens(sparql[open_brace + 1 : close_brace]), None)
    if first is not None and first.keyword == "SELECT":
        return [(open_brace + 1, f" {block} {{"), (close_brace, "} ")]
    return [(open_brace + 1, f" {block}")]


@dataclass(frozen=True)
class _SubSelect:
    open: int  # offsets of the braces of its WHERE group
    close: int
    names: frozenset[str]  # the bound variables it takes the values of


def _sub_selects_to_bind(sparql: str, start: int, end: int, names: set[str]) -> list[_SubSelect]:
    """The sub-SELECTs in the WHERE group between ``start`` and ``end`` that take the bound values, and which.

    A sub-SELECT takes a bound variable when binding it inside cannot change the query's answer: it projects the
    variable plainly (not ``*``, not ``(… AS ?v)``), assigns it nowhere (``AS ?v``), has no LIMIT or OFFSET (which
    would pick other rows from a smaller input), sits in a sub-SELECT that takes the variable too (or in the top
    group) and not inside MINUS or EXISTS (which drop its variables before the values meet them).
    """
    group = [token for token in tokens(sparql) if start <= token.start <= end]
    partner: dict[int, int] = {}
    opened: list[int] = []
    for index, token in enumerate(group):
        if token.text == "{":
            opened.append(index)
        elif token.text == "}" and opened:
            partner[opened.pop()] = index
    found: list[_SubSelect] = []

    def scan(low: int, high: int, names: set[str]) -> None:
        index = low
        while index < high:
            token = group[index]
            if token.keyword in ("MINUS", "EXISTS") and group[index + 1].text == "{":
                index = partner[index + 1] + 1
                continue
            if token.text == "{" and group[index + 1].keyword == "SELECT":
                where = _sub_select_where(group, index, partner)
                if where is not None:
                    taking = _taking(group, index, where, partner, names)
                    if taking:
                        found.append(
                            _SubSelect(group[where].start, group[partner[where]].start, frozenset(taking))
                        )
                        scan(where, partner[where], taking)
                index = partner[index] + 1
                continue
            index += 1

    scan(0, len(group) - 1, names)
    return found


def _sub_select_where(group: list[Token], brace: int, partner: dict[int, int]) -> int | None:
    """The index of the opening brace of the WHERE group of the sub-SELECT that opens at ``brace``."""
    depth = 0
    for index in range(brace + 2, partner[brace]):
        text = group[index].text
        if text == "{" and depth == 0:
            return index
        depth += (text == "(") - (text == ")")
    return None


def _taking(group: list[Token], brace: int, where: int, partner: dict[int, int], names: set[str]) -> set[str]:
    """Which of ``names`` the sub-SELECT opening at ``brace`` (WHERE group at ``where``) takes the values of."""
    projected: set[str] = set()
    depth = 0
    for token in group[brace + 2 : where]:
        depth += (token.text == "(") - (token.text == ")")
        if token.text == "*" and depth == 0:
            return set()
        if token.kind == "variable" and depth == 0:
            projected.add(token.text[1:])
    frame = group[brace : partner[brace] + 1]
    if {token.keyword for token in group[partner[where] + 1 : partner[brace]]} & {"LIMIT", "OFFSET"}:
        return set()
    assigned = {
        later.text[1:]
        for token, later in pairwise(frame)
        if token.keyword == "AS" and later.kind == "variable"
    }
    return (names & projected) - assigned


def _where_group(sparql: str) -> tuple[int, int]:
    """Offsets of the opening and closing brace of the query's WHERE group."""
    form = ""
    skip_template = False
    depth_paren = depth_brace = 0
    start = -1
    previous = ""
    for token in tokens(sparql):
        if not form and token.keyword in QUERY_FORMS:
            form = token.keyword
            skip_template = form == "CONSTRUCT"
        elif form == "CONSTRUCT" and previous == "CONSTRUCT" and token.keyword == "WHERE":
            raise UserError("parameters cannot be bound in the short form CONSTRUCT WHERE { … }")
        if token.text == "(":
            depth_paren += 1
        elif token.text == ")":
            depth_paren -= 1
        elif token.text == "{" and form and depth_paren == 0:
            if depth_brace == 0 and not skip_template:
                start = token.start
            depth_brace += 1
        elif token.text == "}" and form and depth_paren == 0:
            depth_brace -= 1
            if depth_brace == 0:
                if start >= 0:
                    return start, token.start
                skip_template = False
        previous = token.keyword
    raise UserError("parameters need a query with a WHERE group { … }")


def insert_data(graph: str, ntriples: str, template: bool = False) -> str:
    """An update adding N-Triples to a named graph; ``graph`` is the graph's IRI in N-Triples syntax. With
    ``template``, ``INSERT { … } WHERE {}`` instead of ``INSERT DATA`` (the same triples, each blank-node label a
    fresh blank node): for engines that refuse blank nodes in ``INSERT DATA`` (Virtuoso)."""
    if template:
        return f"INSERT {{ GRAPH {graph} {{\n{ntriples}\n}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH {graph} {{\n{ntriples}\n}} }}"


def replace_graph(graph: str, ntriples: str, template: bool = False) -> str:
    """One update request that drops a named graph and fills it anew: atomic where the engine runs a request as
    one transaction (Oxigraph, Jena TDB2, GraphDB, Virtuoso). ``graph`` is the graph's IRI in N-Triples syntax;
    ``template`` as for ``insert_data``."""
    if not ntriples.strip():  # an empty INSERT DATA is refused by some engines (Virtuoso)
        return f"DROP SILENT GRAPH {graph}"
    return f"DROP SILENT GRAPH {graph} ;\n{insert_data(graph, ntriples, template)}"


def change_graph(graph: str, removed: str, added: str) -> str:
    """One update request that deletes some N-Triples from a named graph and inserts others (no blank nodes:
    ``DELETE DATA`` cannot name them); ``graph`` as for ``insert_data``."""
    parts = [f"DELETE DATA {{ GRAPH {graph} {{\n{removed}\n}} }}" if removed.strip() else ""]
    parts.append(insert_data(graph, added) if added.strip() else "")
    return " ;\n".join(part for part in parts if part)
