"""The fast SHACL path behind ``sotekg.validation.Validator``: rudof's SHACL engine (Rust, ``pyrudof``) (issue 5).

pySHACL is the reference validator; this engine gives the same results, several times faster, for shapes that
use only what both implement (SHACL Core — see shapes/README.md). tests/test_validation_speed_path.py runs both,
and pySHACL called the plain way (testsupport/shacl_reference.py), on every shape example, every shipped region model and
a set of awkward inputs, and fails on any difference.

One rudof session holds the shapes and the context graphs, loaded once. A validation stages the data on top of
the context, validates, reads the report graph and rolls the data back, so the context is never copied. The
report is made to read like pySHACL's: blank nodes of the data are handed to rudof as skolem IRIs and mapped back
(results name the caller's own blank nodes), a result carries the messages of its shape (rudof may give its own
instead), and ``sh:conforms`` allows warnings and infos as ``Validator`` does.

Where rudof (0.3) is known to differ from pySHACL, the data goes to pySHACL instead (``handles``):

- a literal that rdflib finds ill-typed (``"abc"^^xsd:date``): rudof does not check the lexical form of every
  datatype that ``sh:datatype`` names;
- a literal as the value of a property whose values must meet nested shapes with property constraints
  (``sh:node`` and the like), or whose objects a shape with property constraints targets
  (``sh:targetObjectsOf``): rudof skips property constraints on a literal focus node.

Skolem IRIs are invisible to SHACL Core except to the constraints that tell IRIs from blank nodes or read an
IRI's text (``BLANK_NODE_SENSITIVE``); shapes that use any of them are left to pySHACL (``supports``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
import pyrudof
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from .namespaces import SH
from .rdfio import rdflib_term, triples_of
from .store.terms import ntriples, to_oxigraph_triples

SKOLEM_BASE = "urn:sotekg:skolem:"
BLANK_NODE_SENSITIVE = (SH.nodeKind, SH.pattern, SH.minLength, SH.maxLength)
SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)
NESTED_SHAPES = (SH.node, SH["not"], SH.qualifiedValueShape, *SHAPE_LISTS)
EngineError = pyrudof.RudofError


class RudofEngine:
    """Validates data graphs with rudof against shapes and context loaded once. Not thread-safe: callers take
    turns (``Validator`` holds a lock)."""

    def __init__(self, shapes: Graph, context: Graph):
        self._shapes = shapes
        self._literal_sensitive = _predicates_checked_by_nested_shapes(shapes)
        self._session = pyrudof.Rudof(pyrudof.RudofConfig())
        self._session.read_shacl(
            _ntriples(shapes), pyrudof.ShaclFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict
        )
        self._session.read_data(
            _ntriples(context), pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict
        )

    @staticmethod
    def supports(shapes: Graph) -> bool:
        """Whether results on skolemised blank nodes equal those on the blank nodes for these shapes."""
        return not any((None, predicate, None) in shapes for predicate in BLANK_NODE_SENSITIVE)

    def handles(self, data: Graph) -> bool:
        """Whether ``data`` avoids what rudof is known to judge differently from pySHACL (module docstring)."""
        return self._handles(triples_of(data))

    def _handles(self, triples: set[tuple[Node, Node, Node]]) -> bool:
        return not any(
            isinstance(o, Literal) and (o.ill_typed or p in self._literal_sensitive) for _s, p, o in triples
        )

    def report(self, data: Graph) -> Graph | None:
        """The SHACL validation report graph of ``data`` (a Graph or Dataset) together with the context; None if
        rudof is known to judge this data differently from pySHACL (``handles``)."""
        triples = triples_of(data)
        if not self._handles(triples):
            return None
        blank_nodes: dict[Node, Node] = {}

        def skolem(node: Node) -> Node:
            if isinstance(node, BNode):
                iri = URIRef(f"{SKOLEM_BASE}{node}")
                blank_nodes[iri] = node
                return iri
            return node

        text = _ntriples((skolem(s), p, skolem(o)) for s, p, o in triples)
        self._session.begin_staging()
        try:
            self._session.read_data(
                text, pyrudof.RDFFormat.NTriples, merge=True, reader_mode=pyrudof.ReaderMode.Strict
            )
            self._session.validate_shacl()
            found = self._session.serialize_shacl_validation_results(
                pyrudof.ResultShaclValidationFormat.NTriples
            )
        finally:
            self._session.rollback_staging()
        report = Graph()
        for s, p, o in _without_details(found):
            report.add((blank_nodes.get(s, s), p, blank_nodes.get(o, o)))
        self._as_pyshacl_reports(report)
        return report

    def _as_pyshacl_reports(self, report: Graph) -> None:
        """A result's messages are its shape's ``sh:message`` values when it has any; the report conforms unless
        a result is a violation."""
        results = list(report.objects(None, SH.result))
        for result in results:
            own = set(self._shapes.objects(report.value(result, SH.sourceShape), SH.message))
            if own:
                report.remove((result, SH.resultMessage, None))
                report.addN((result, SH.resultMessage, message, report) for message in own)
        set_conforms(report)


def set_conforms(report: Graph) -> None:
    """``sh:conforms`` of a report graph: true unless a result is a violation (warnings and infos allowed)."""
    conforms = not any(
        (result, SH.resultSeverity, SH.Violation) in report for result in report.objects(None, SH.result)
    )
    for node in list(report.subjects(RDF.type, SH.ValidationReport)):
        report.set((node, SH.conforms, Literal(conforms)))


def _predicates_checked_by_nested_shapes(shapes: Graph) -> set[Node]:
    """The predicates whose literal values would become focus nodes of property constraints: those on the path of
    a property shape whose value nodes meet nested shapes with property constraints, and those whose objects a
    shape with property constraints targets (``sh:targetObjectsOf``)."""
    predicates: set[Node] = set()
    for shape, path in shapes.subject_objects(SH.path):
        if any(_checks_properties(shapes, inner, set()) for inner in _nested(shapes, shape)):
            predicates |= _path_predicates(shapes, path)
    for shape, predicate in shapes.subject_objects(SH.targetObjectsOf):
        if _checks_properties(shapes, shape, set()):
            predicates.add(predicate)
    return predicates


def _checks_properties(shapes: Graph, shape: Node, seen: set[Node]) -> bool:
    """Whether a node that meets ``shape`` is the focus of a property constraint (directly or nested)."""
    if shape in seen:
        return False
    seen.add(shape)
    if (shape, SH.path, None) in shapes or (shape, SH.property, None) in shapes:
        return True
    return any(_checks_properties(shapes, inner, seen) for inner in _nested(shapes, shape))


def _nested(shapes: Graph, shape: Node) -> Iterator[Node]:
    """The shapes that the values of ``shape`` (or its focus node, for a node shape) must also meet."""
    for predicate in NESTED_SHAPES:
        for inner in shapes.objects(shape, predicate):
            if predicate in SHAPE_LISTS:
                yield from Collection(shapes, inner)
            else:
                yield inner


def _path_predicates(shapes: Graph, path: Node) -> set[Node]:
    """The IRIs a SHACL property path is made of (lists, inverse, alternative and repeated paths)."""
    if isinstance(path, URIRef):
        return {path}
    found: set[Node] = set()
    for predicate, inner in shapes.predicate_objects(path):
        if predicate != RDF.rest or inner != RDF.nil:
            found |= _path_predicates(shapes, inner)
    return found


def _without_details(ntriples_text: str) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of rudof's report reachable from its report node without ``sh:detail`` (the nested results
    of ``sh:or``, ``sh:node`` …, which pySHACL leaves out and which can outnumber the results many times), as
    rdflib terms. Parsed by Oxigraph: rdflib's N-Triples parser is the slow part on large reports."""
    by_subject: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = {}
    for quad in ox.parse(ntriples_text, ox.RdfFormat.N_TRIPLES):
        by_subject.setdefault(quad.subject, []).append(quad.triple)  # type: ignore[arg-type]
    report_type = ox.NamedNode(str(SH.ValidationReport))
    detail = ox.NamedNode(str(SH.detail))
    pending = [t.subject for ts in by_subject.values() for t in ts if t.object == report_type]
    seen = set(pending)
    while pending:
        for triple in by_subject.get(pending.pop(), []):  # type: ignore[arg-type]
            if triple.predicate == detail:
                continue
            yield (
                rdflib_term(triple.subject, "rudof report"),
                rdflib_term(triple.predicate, "rudof report"),
                rdflib_term(triple.object, "rudof report"),
            )
            if isinstance(triple.object, ox.BlankNode | ox.NamedNode) and triple.object not in seen:
                seen.add(triple.object)
                pending.append(triple.object)


def _ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    return ntriples(to_oxigraph_triples(triples))
