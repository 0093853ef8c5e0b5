"""SPARQL as text: a lexical scanner and the few safe rewrites the stores need.

The store layer never pastes user values into query text. What it does write:

- a prologue of the predeclared prefixes (``sotekg.namespaces.PREFIXES``) before a query that does not declare them;
- a ``VALUES`` block binding parameters to RDF terms already serialised by pyoxigraph (so escaped and
  validated), at the top of the query's WHERE group — how both stores apply ``substitutions``;
- the update requests that load and replace named graphs.

The scanner knows IRIs, strings, comments, variables and words, so a keyword inside a string or an IRI is never
taken for one. The /sparql guard uses it beside rdflib's parser to find ``SERVICE`` (see sotekg.sparql_protocol).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

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


def bind_values(sparql: str, bindings: Mapping[str, str]) -> str:
    """Bind variables by a ``VALUES`` block at the top of the query's WHERE group.

    ``bindings`` maps a variable name (without ``?``) to a term in N-Triples syntax, as ``str()`` of a pyoxigraph
    term gives it. The block joins the whole top-level group, so its triple patterns, OPTIONALs and FILTERs see
    the values; a variable used only inside a sub-SELECT is not bound there.

    >>> bind_values("SELECT ?n WHERE { ?s ?p ?n }", {"s": "<urn:a>"})
    'SELECT ?n WHERE { VALUES (?s) { (<urn:a>) } ?s ?p ?n }'
    """
    if not bindings:
        return sparql
    bad = [name for name in bindings if not _VARIABLE_NAME.match(name)]
    if bad:
        raise UserError(f"not a SPARQL variable name: {bad[0]!r}")
    block = "VALUES ({}) {{ ({}) }}".format(
        " ".join(f"?{name}" for name in bindings), " ".join(bindings.values())
    )
    start, end = _where_group(sparql)
    body = sparql[start + 1 : end]
    first = next(tokens(body), None)
    if first is not None and first.keyword == "SELECT":  # the group is one sub-SELECT: wrap it
        return f"{sparql[: start + 1]} {block} {{{body}}} {sparql[end:]}"
    return f"{sparql[: start + 1]} {block}{body}{sparql[end:]}"


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


def insert_data(graph: str, ntriples: str) -> str:
    """An update adding N-Triples to a named graph; ``graph`` is the graph's IRI in N-Triples syntax."""
    return f"INSERT DATA {{ GRAPH {graph} {{\n{ntriples}\n}} }}"


def replace_graph(graph: str, ntriples: str) -> str:
    """One update request that drops a named graph and fills it anew: atomic where the engine runs a request as
    one transaction (Oxigraph, Jena TDB2, GraphDB). ``graph`` is the graph's IRI in N-Triples syntax."""
    return f"DROP SILENT GRAPH {graph} ;\n{insert_data(graph, ntriples)}"
