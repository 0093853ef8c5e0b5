"""Reading RDF: the one place where bytes and files from users become rdflib graphs, with one-line errors.

Every door (CLI, API, validation) parses RDF here. Oxigraph's parsers do the reading: they are strict, report
the line and column of a syntax error, and never touch the network (a JSON-LD remote ``@context`` is refused,
not fetched). The quads are then turned into rdflib terms for pySHACL and the report code.

Formats: Turtle, TriG, N-Triples, N-Quads, JSON-LD and RDF/XML, chosen by media type, by a short name
(``--format turtle``) or by file extension (``sotekg.layout.RDF_SUFFIX_FORMATS``).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import MalformedRDF, TooLarge, UnsupportedFormat, UserError
from .layout import RDF_SUFFIX_FORMATS

FORMAT_NAMES: dict[str, str] = {
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "trig": "application/trig",
    "n-triples": "application/n-triples",
    "nt": "application/n-triples",
    "n-quads": "application/n-quads",
    "nq": "application/n-quads",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
    "rdf-xml": "application/rdf+xml",
    "xml": "application/rdf+xml",
}
SUPPORTED_MEDIA_TYPES = sorted(set(FORMAT_NAMES.values()))
MAX_JSON_DEPTH = 100  # JSON-LD nesting levels (arrays and objects); real models nest a handful
_JSON_STRUCTURE = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)  # strings (skipped), brackets
_POSITION_PREFIX = re.compile(r"^Parser error [^:]*:\s*")


def rdf_format(format_or_media_type: str | None = None, path: str | Path | None = None) -> ox.RdfFormat:
    """The Oxigraph format for a short name or media type (parameters such as charset ignored), else for the
    extension of ``path``."""
    if format_or_media_type:
        key = format_or_media_type.split(";", 1)[0].strip().lower()
        media_type = FORMAT_NAMES.get(key, key)
        if media_type in SUPPORTED_MEDIA_TYPES or media_type == "application/json":
            found = ox.RdfFormat.from_media_type(media_type)
            if found is not None:
                return found
        raise UnsupportedFormat(
            f"unsupported RDF format {format_or_media_type!r}; use one of {', '.join(SUPPORTED_MEDIA_TYPES)}"
        )
    if path is not None:
        suffix = Path(path).suffix.lower()
        if suffix in RDF_SUFFIX_FORMATS:
            return rdf_format(RDF_SUFFIX_FORMATS[suffix])
        raise UnsupportedFormat(
            f"{path}: cannot tell the RDF format from the extension {suffix or '(none)'!r}; give the format "
            f"({', '.join(sorted(FORMAT_NAMES))})"
        )
    raise UnsupportedFormat("no RDF format given")


def rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, source: str) -> Node:
    """The rdflib term for an Oxigraph term; ``source`` names the input if the term has no rdflib form."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # rdflib keeps plain literals untyped; xsd:string would otherwise not equal "x" from the shapes
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    raise MalformedRDF(f"{source}: RDF 1.2 triple terms are not supported")


def _graph_name(name: ox.NamedNode | ox.BlankNode) -> URIRef | BNode:
    return URIRef(name.value) if isinstance(name, ox.NamedNode) else BNode(name.value)


def _xml_error(data: bytes | str) -> tuple[int, int, str] | None:
    """Line, column and reason of the first XML well-formedness error (Oxigraph's RDF/XML errors carry none);
    expat also stops entities that expand too far (the "billion laughs")."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        return error.lineno, error.offset + 1, expat.ErrorString(error.code) or str(error)
    return None


def _check_nesting(data: bytes | str, fmt: ox.RdfFormat, source: str) -> None:
    """Refuse, before Oxigraph reads them, inputs that would exhaust its stack or memory: JSON-LD nested deeper
    than ``MAX_JSON_DEPTH`` (its parser recurses per level and a deep enough document crashes the process) and
    RDF/XML whose DTD entities expand beyond expat's amplification limit (Oxigraph would expand them all)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if fmt == ox.RdfFormat.JSON_LD:
        depth = 0
        for match in _JSON_STRUCTURE.finditer(raw):
            token = match.group()
            if token in (b"[", b"{"):
                depth += 1
                if depth > MAX_JSON_DEPTH:
                    raise MalformedRDF(
                        f"{source}: JSON nested deeper than {MAX_JSON_DEPTH} levels (at byte {match.start()})"
                    )
            elif token in (b"]", b"}"):
                depth -= 1
    elif fmt == ox.RdfFormat.RDF_XML and b"<!ENTITY" in raw:
        error = _xml_error(raw)
        if error is not None:
            line, column, reason = error
            raise MalformedRDF(f"{source}, line {line}, column {column}: {reason}")


def _syntax_error(error: SyntaxError, source: str, data: bytes | str, fmt: ox.RdfFormat) -> MalformedRDF:
    reason = _POSITION_PREFIX.sub("", str(error.msg or error)).replace("\n", " ").strip()
    if "LoadDocumentCallback" in reason or "remote context" in reason:
        reason = "remote JSON-LD contexts are not fetched; put the @context inline"
    position = (error.lineno, error.offset or 1) if error.lineno else None
    if position is None and fmt == ox.RdfFormat.RDF_XML:
        xml_error = _xml_error(data)
        position = xml_error[:2] if xml_error else None
    if position:
        return MalformedRDF(f"{source}, line {position[0]}, column {position[1]}: {reason}")
    return MalformedRDF(f"{source}: {reason}")


Prefixes = dict[str, str]


def parse_quads(
    data: bytes | str,
    format_or_media_type: str,
    *,
    source: str = "request body",
    max_bytes: int | None = None,
    max_triples: int | None = None,
) -> tuple[list[ox.Quad], Prefixes]:
    """Parse RDF text into Oxigraph quads (blank nodes renamed apart) and the prefixes it declares.

    ``source`` names the input in error messages (a file name, or "request body").
    """
    fmt = rdf_format(format_or_media_type)
    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    if max_bytes is not None and size > max_bytes:
        raise TooLarge(f"{source}: {size} bytes is over the limit of {max_bytes} bytes")
    _check_nesting(data, fmt, source)
    parser = ox.parse(data, fmt, rename_blank_nodes=True)
    quads = []
    try:
        for quad in parser:
            quads.append(quad)
            if max_triples is not None and len(quads) > max_triples:
                raise TooLarge(f"{source}: more than {max_triples} triples")
    except SyntaxError as error:
        raise _syntax_error(error, source, data, fmt) from None
    return quads, parser.prefixes


def parse_rdf(
    data: bytes | str,
    format_or_media_type: str,
    *,
    source: str = "request body",
    max_bytes: int | None = None,
    max_triples: int | None = None,
) -> Dataset:
    """Parse RDF text into a Dataset whose default graph is the union of its graphs; the input's prefixes are
    bound in its namespace manager. ``source`` names the input in error messages (a file name, or "request body").

    >>> ds = parse_rdf('<https://example.org/a> <https://example.org/b> "c"@fi .', "turtle")
    >>> len(ds)
    1
    >>> parse_rdf("<https://example.org/a> <b> .", "turtle", source="model.ttl")
    Traceback (most recent call last):
    sotekg.errors.MalformedRDF: model.ttl, line 1, column 25: No scheme found in an absolute IRI
    """
    quads, prefixes = parse_quads(
        data, format_or_media_type, source=source, max_bytes=max_bytes, max_triples=max_triples
    )
    dataset = Dataset(default_union=True)
    graphs: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, Graph] = {}
    for name in {quad.graph_name for quad in quads}:
        identifier = DATASET_DEFAULT_GRAPH_ID if isinstance(name, ox.DefaultGraph) else _graph_name(name)
        graphs[name] = dataset.graph(identifier)
    dataset.addN(
        (
            rdflib_term(quad.subject, source),
            rdflib_term(quad.predicate, source),
            rdflib_term(quad.object, source),
            graphs[quad.graph_name],
        )
        for quad in quads
    )
    for prefix, namespace in prefixes.items():
        dataset.bind(prefix, namespace, override=False)
    return dataset


def _read_bytes(path: Path, max_bytes: int | None) -> bytes:
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise TooLarge(f"{path}: {size} bytes is over the limit of {max_bytes} bytes")
        return path.read_bytes()
    except OSError as error:
        raise UserError(f"{path}: cannot read: {error.strerror or error}") from None


def read_rdf_file(
    path: str | Path,
    format_or_media_type: str | None = None,
    *,
    max_bytes: int | None = None,
    max_triples: int | None = None,
) -> Dataset:
    """Parse an RDF file into a Dataset; the format comes from ``format_or_media_type`` or the file extension."""
    path = Path(path)
    fmt = rdf_format(format_or_media_type, path=path)
    return parse_rdf(_read_bytes(path, max_bytes), fmt.media_type, source=str(path), max_triples=max_triples)


def read_quads_file(
    path: str | Path,
    format_or_media_type: str | None = None,
    *,
    max_bytes: int | None = None,
    max_triples: int | None = None,
) -> list[ox.Quad]:
    """Parse an RDF file into Oxigraph quads, for loading a pyoxigraph store without a detour through rdflib."""
    path = Path(path)
    fmt = rdf_format(format_or_media_type, path=path)
    quads, _ = parse_quads(
        _read_bytes(path, max_bytes), fmt.media_type, source=str(path), max_triples=max_triples
    )
    return quads


def triples_of(graph: Graph) -> set[tuple[Node, Node, Node]]:
    """All triples of a Graph, or of every graph of a Dataset (TriG and N-Quads input are merged this way)."""
    graphs = graph.graphs() if isinstance(graph, Dataset) else [graph]
    return {triple for g in graphs for triple in g.triples((None, None, None))}


def union_graph(*graphs: Graph) -> Graph:
    """One Graph holding the triples of every given Graph or Dataset (all their graphs), with their prefixes."""
    union = Graph()
    for graph in graphs:
        for prefix, namespace in graph.namespaces():
            union.bind(prefix, namespace, override=False)
        union.addN((s, p, o, union) for s, p, o in triples_of(graph))
    return union
