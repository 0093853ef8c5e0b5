"""Validation of a service model against the SHACL shapes in ``shapes/``: the core behind ``sotekg validate`` and
``POST /validate``.

A :class:`Validator` parses the shapes and the context graphs (ontology, code lists, reference and national data:
``sotekg.layout``) once, and then validates many data graphs. Each call adds the data's triples to the context
graph, runs pySHACL's pre-harvested shapes over it (SHACL Core, no inference, so ``sh:class`` follows the
``rdfs:subClassOf`` triples of the ontology), reads the results, and removes exactly the added triples again.
A model conforms when no result is a violation (pySHACL's ``allow_warnings``).

Two engines give the same results: pySHACL, the reference, and rudof (sotekg.shacl_fast), several times faster,
the default (``engine="auto"``) whenever it supports the shapes; tests/test_validation_speed_path.py checks that
they agree on every shape example and shipped region model. Data that rudof is known to judge differently, or
fails on, is validated by pySHACL.

Severity by status is decided here, and only here (``grade_by_status``): a shape that names
``sk:severityBeforeImplementation`` (the sote-centre minimum services) gives that severity and its
``sk:messageBeforeImplementation`` to a centre whose organiser's latest sote-centre status is not "implemented";
its own ``sh:severity`` otherwise. SHACL Core cannot make a severity depend on the data, and this keeps one shape
per rule instead of two complementary ones.

Results carry their message in every language the shape gives; :meth:`ValidationReport.to_json` and
:meth:`ValidationReport.to_text` pick one (``fi`` or ``en``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import pyshacl
from pyshacl.graph_abstraction import DataGraph
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from .layout import GraphFile, ontology_files, reference_files
from .namespaces import PREFIXES, SH, SK, code_iri
from .rdfio import read_rdf_file, triples_of
from .settings import Settings, get_settings
from .shacl_fast import EngineError, RudofEngine, set_conforms

SEVERITY_NAMES: dict[Node, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
SEVERITY_ORDER = ["Violation", "Warning", "Info"]
LANGUAGES = ("fi", "en")
IMPLEMENTED = URIRef(code_iri("status", "implemented"))
STATUS_PATH = (SK.organiser, SK.latestStatusAssessment, SK.status)
_PATH_OPERATORS = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}

_TEXT = {
    "fi": {
        "conforms": "Malli on muotojen mukainen.",
        "not_conforms": "Malli ei ole muotojen mukainen.",
        "counts": "virheitä: {Violation}, varoituksia: {Warning}, huomautuksia: {Info}",
        "Violation": "VIRHE",
        "Warning": "VAROITUS",
        "Info": "HUOMAUTUS",
        "path": "polku",
        "value": "arvo",
        "shape": "muoto",
    },
    "en": {
        "conforms": "The model conforms to the shapes.",
        "not_conforms": "The model does not conform to the shapes.",
        "counts": "violations: {Violation}, warnings: {Warning}, infos: {Info}",
        "Violation": "VIOLATION",
        "Warning": "WARNING",
        "Info": "INFO",
        "path": "path",
        "value": "value",
        "shape": "shape",
    },
}


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL validation result, in terms a person or a program can read without the report graph."""

    severity: str  # "Violation" | "Warning" | "Info"
    focus_node: Node
    path: str | None  # a predicate IRI, or a SPARQL property path with <IRI>s for a complex SHACL path
    path_text: str | None  # the same path with prefixed names, for people
    value: Node | None
    source_shape: Node
    messages: Mapping[str, str]  # language ("" when untagged) → message
    focus_labels: Mapping[str, str]  # language → label of the focus node, if it has one
    referrer: tuple[Node, Node] | None = None  # (subject, predicate) pointing at a blank focus node

    def message(self, lang: str) -> str:
        """The message in ``lang``, else in English, Finnish, untagged or any language."""
        for key in (lang, "en", "fi", ""):
            if key in self.messages:
                return self.messages[key]
        return next(iter(self.messages.values()), "")

    def focus_label(self, lang: str) -> str | None:
        for key in (lang, "fi", "en", ""):
            if key in self.focus_labels:
                return self.focus_labels[key]
        return next(iter(self.focus_labels.values()), None)

    def to_json(self, lang: str) -> dict[str, str | None]:
        return {
            "severity": self.severity,
            "focusNode": _node_json(self.focus_node),
            "path": self.path,
            "value": None if self.value is None else _node_json(self.value),
            "message": self.message(lang),
            "sourceShape": _node_json(self.source_shape),
        }


@dataclass(frozen=True)
class ValidationReport:
    """The results of one validation, and the SHACL report graph they were read from."""

    results: tuple[ValidationResult, ...]
    graph: Graph
    prefixes: Mapping[str, str]

    @property
    def conforms(self) -> bool:
        return self.count("Violation") == 0

    def count(self, severity: str) -> int:
        return sum(1 for result in self.results if result.severity == severity)

    def to_json(self, lang: str = "en") -> dict:
        """``{conforms, violations, warnings, infos, results:[{severity, focusNode, path, value, message,
        sourceShape}]}`` with messages in ``lang``."""
        return {
            "conforms": self.conforms,
            "violations": self.count("Violation"),
            "warnings": self.count("Warning"),
            "infos": self.count("Info"),
            "results": [result.to_json(lang) for result in self.results],
        }

    def to_text(self, lang: str = "en") -> str:
        """A readable report grouped by focus node, the most severe first."""
        words = _TEXT[lang if lang in _TEXT else "en"]
        lines = [
            words["conforms"] if self.conforms else words["not_conforms"],
            words["counts"].format(**{s: self.count(s) for s in SEVERITY_ORDER}),
        ]
        groups: dict[Node, list[ValidationResult]] = {}
        for result in self.results:
            groups.setdefault(result.focus_node, []).append(result)
        for focus, results in groups.items():
            label = results[0].focus_label(lang)
            name = self.compact(focus)
            if results[0].referrer:
                name = " ".join(self.compact(term) for term in results[0].referrer) + f" [{name}]"
            lines += ["", f"{label} ({name})" if label else name]
            for result in results:
                lines.append(
                    f"  {words[result.severity]}  {words['shape']} {self.compact(result.source_shape)}"
                )
                details = []
                if result.path_text:
                    details.append(f"{words['path']} {result.path_text}")
                if result.value is not None and result.value != result.focus_node:
                    details.append(f"{words['value']} {self.compact(result.value)}")
                if details:
                    lines.append("    " + ", ".join(details))
                lines.append("    " + result.message(lang))
        return "\n".join(lines) + "\n"

    def compact(self, node: Node) -> str:
        return _compact(node, self.prefixes)


def _node_json(node: Node) -> str:
    """An IRI as itself, a blank node as ``_:id``, a literal in N-Triples form (``"99"^^<…#integer>``)."""
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        return node.n3()
    return str(node)


def _compact(node: Node, prefixes: Mapping[str, str]) -> str:
    if isinstance(node, URIRef):
        for prefix, namespace in prefixes.items():
            local = str(node)[len(namespace) :]
            if str(node).startswith(namespace) and local and all(c.isalnum() or c in "-_." for c in local):
                return f"{prefix}:{local}"
        return f"<{node}>"
    if isinstance(node, Literal):
        quoted = Literal(str(node)).n3()
        if node.language:
            return f"{quoted}@{node.language}"
        return f"{quoted}^^{_compact(node.datatype, prefixes)}" if node.datatype else quoted
    return f"_:{node}"


def render_path(graph: Graph, path: Node, name: Callable[[URIRef], str]) -> str:
    """A SHACL property path as SPARQL property path text; ``name`` writes one IRI."""
    if isinstance(path, URIRef):
        return name(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _grouped(graph, inverse, name)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return (
            "("
            + "|".join(render_path(graph, member, name) for member in Collection(graph, alternatives))
            + ")"
        )
    for predicate, operator in _PATH_OPERATORS.items():
        inner = graph.value(path, predicate)
        if inner is not None:
            return _grouped(graph, inner, name) + operator
    return "/".join(_grouped(graph, member, name) for member in Collection(graph, path))


def _grouped(graph: Graph, path: Node, name: Callable[[URIRef], str]) -> str:
    text = render_path(graph, path, name)
    return text if isinstance(path, URIRef) or text.startswith("(") or "/" not in text else f"({text})"


class Readable(Protocol):
    """A graph (or layers of graphs) to follow a path in: the objects of a subject and predicate."""

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]: ...


def grade_by_status(report: Graph, shapes: Graph, data: Readable) -> Graph:
    """Give the results of a shape with ``sk:severityBeforeImplementation`` that severity and the shape's
    ``sk:messageBeforeImplementation`` when the focus centre's organiser's latest sote-centre status
    (``sk:organiser/sk:latestStatusAssessment/sk:status`` in ``data``) is not "implemented" or is unknown; then
    set ``sh:conforms``. Changes ``report`` in place and returns it."""
    for result in list(report.objects(None, SH.result)):
        shape = report.value(result, SH.sourceShape)
        severity = shapes.value(shape, SK.severityBeforeImplementation)
        if severity is None or IMPLEMENTED in _follow(data, report.value(result, SH.focusNode), STATUS_PATH):
            continue
        report.set((result, SH.resultSeverity, severity))
        report.remove((result, SH.resultMessage, None))
        report.addN(
            (result, SH.resultMessage, message, report)
            for message in shapes.objects(shape, SK.messageBeforeImplementation)
        )
    set_conforms(report)
    return report


def _follow(data: Readable, start: Node | None, path: tuple[URIRef, ...]) -> set[Node]:
    nodes = {start} - {None}
    for predicate in path:
        nodes = {value for node in nodes for value in data.objects(node, predicate)}
    return nodes


def _addtriples_of(target: Graph, source: Graph) -> None:
    target.addN((s, p, o, target) for s, p, o in triples_of(source))


def shapes_files(settings: Settings) -> list[Path]:
    """Every shapes file: the hand-written mandatory and recommended shapes and the generated ones."""
    return sorted(settings.shapes_dir.glob("*.ttl"))


def context_files(settings: Settings) -> list[GraphFile]:
    """The graphs a region model is validated with: ontology, code lists, reference and national data."""
    return ontology_files(settings) + reference_files(settings)


def _modified(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else -1.0


@lru_cache(maxsize=4)
def _shared_validator(
    shapes: tuple[tuple[Path, float], ...], context: tuple[tuple[GraphFile, float], ...]
) -> Validator:
    return Validator([path for path, _ in shapes], [graph_file for graph_file, _ in context])


class Validator:
    """Validates data graphs against shapes parsed once, together with context graphs parsed once.

    Safe to share between threads (validations take turns).
    """

    def __init__(self, shapes: Iterable[Path], context: Iterable[GraphFile], *, engine: str = "auto"):
        """``engine``: ``"pyshacl"`` (the reference), ``"rudof"``, or ``"auto"`` (rudof if it supports the
        shapes, else pySHACL)."""
        if engine not in ("auto", "pyshacl", "rudof"):
            raise ValueError(f"unknown SHACL engine {engine!r}")
        self.shapes_graph = Graph()
        for path in shapes:
            _addtriples_of(self.shapes_graph, read_rdf_file(path))
        self._shapes = pyshacl.ShapesGraph(self.shapes_graph, logger=logging.getLogger(__name__))
        self._shape_list = list(self._shapes.shapes)  # harvest once
        self._working = Graph()  # the context; data is added to it for one validation at a time
        for graph_file in context:
            _addtriples_of(self._working, read_rdf_file(graph_file.path))
        self.prefixes: dict[str, str] = dict(PREFIXES)
        self._lock = threading.Lock()
        if engine == "rudof" and not RudofEngine.supports(self.shapes_graph):
            raise ValueError("these shapes tell blank nodes from IRIs: only pySHACL can run them")
        use_rudof = engine != "pyshacl" and RudofEngine.supports(self.shapes_graph)
        self._rudof = RudofEngine(self.shapes_graph, self._working) if use_rudof else None

    @property
    def engine(self) -> str:
        """The engine that validates: ``"rudof"`` or ``"pyshacl"``."""
        return "pyshacl" if self._rudof is None else "rudof"

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Validator:
        """The project's shapes with the full context of ``settings`` (default: the environment).

        Built once and shared while the shapes and context files are unchanged (their modification times are
        part of the key), so the API and repeated CLI calls in one process do not parse them again.
        """
        settings = settings or get_settings()
        shapes = tuple((path, _modified(path)) for path in shapes_files(settings))
        context = tuple((graph_file, _modified(graph_file.path)) for graph_file in context_files(settings))
        return _shared_validator(shapes, context)

    @property
    def shape_iris(self) -> list[URIRef]:
        """The named shapes (those a result can name as its source shape)."""
        return sorted(shape.node for shape in self._shape_list if isinstance(shape.node, URIRef))

    @contextmanager
    def _with_data(self, data: Graph) -> Iterator[DataGraph]:
        """The context with ``data`` added; afterwards exactly the added triples are removed again."""
        with self._lock:
            added = [triple for triple in triples_of(data) if triple not in self._working]
            self._working.addN((s, p, o, self._working) for s, p, o in added)
            try:
                yield DataGraph.from_rdflib(self._working)
            finally:
                for triple in added:
                    self._working.remove(triple)

    def validate(self, data: Graph) -> ValidationReport:
        """Validate ``data`` (a Graph, or a Dataset whose graphs are all taken) with the context."""
        prefixes = {
            **self.prefixes,
            **{p: str(ns) for p, ns in data.namespaces() if p and p not in self.prefixes},
        }
        report_graph = self._report_with_rudof(data)
        if report_graph is None:
            results, report_graph = self._validate_with_pyshacl(data, prefixes)
        else:
            layers = _Layers([*(data.graphs() if isinstance(data, Dataset) else [data]), self._working])
            grade_by_status(report_graph, self.shapes_graph, layers)
            results = [
                _read_result(report_graph, node, layers, prefixes)
                for node in report_graph.objects(None, SH.result)
            ]
        results.sort(
            key=lambda r: (
                SEVERITY_ORDER.index(r.severity),
                str(r.focus_node),
                str(r.source_shape),
                r.path or "",
                str(r.value),
            )
        )
        return ValidationReport(tuple(results), report_graph, prefixes)

    def _report_with_rudof(self, data: Graph) -> Graph | None:
        """rudof's report graph, or None if rudof is not used, is known to judge this data differently, or fails
        on it (pySHACL answers then)."""
        if self._rudof is None:
            return None
        try:
            with self._lock:
                return self._rudof.report(data)
        except EngineError as error:
            logging.getLogger(__name__).warning("rudof failed, pySHACL validates instead: %s", error)
            return None

    def _validate_with_pyshacl(
        self, data: Graph, prefixes: Mapping[str, str]
    ) -> tuple[list[ValidationResult], Graph]:
        with self._with_data(data) as union:
            runner = pyshacl.Validator(
                union,
                shacl_graph=self.shapes_graph,
                options={
                    "inference": "none",
                    "inplace": True,
                    "allow_warnings": True,
                    "allow_infos": True,
                    "logger": self._shapes.logger,
                },
            )
            runner.shacl_graph = self._shapes  # reuse the shapes harvested in the constructor
            _conforms, report_graph, _text = runner.run()
            grade_by_status(report_graph, self.shapes_graph, union)
            results = [
                _read_result(report_graph, node, union, prefixes)
                for node in report_graph.objects(None, SH.result)
            ]
        return results, report_graph

    def focus_nodes(self, data: Graph) -> dict[URIRef, set[Node]]:
        """For each named shape, the nodes of ``data`` plus context it targets."""
        with self._with_data(data) as union:
            return {
                shape.node: set(shape.focus_nodes(union))
                for shape in self._shape_list
                if isinstance(shape.node, URIRef)
            }


class _Layers:
    """The data graphs and the context, read one after another: where rudof's results find labels and referrers
    (pySHACL's find them in the union it validated)."""

    def __init__(self, graphs: Iterable[Graph]):
        self._graphs = list(graphs)

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        for graph in self._graphs:
            yield from graph.objects(subject, predicate)

    def subject_predicates(self, obj: Node) -> Iterator[tuple[Node, Node]]:
        for graph in self._graphs:
            yield from graph.subject_predicates(obj)


def _labels(graph: DataGraph | _Layers, node: Node) -> dict[str, str]:
    labels: dict[str, str] = {}
    for predicate in (SKOS.prefLabel, RDFS.label):
        for label in graph.objects(node, predicate):
            if isinstance(label, Literal):
                labels.setdefault(label.language or "", str(label))
    return labels


def _required(report: Graph, result: Node, predicate: URIRef) -> Node:
    value = report.value(result, predicate)
    if value is None:
        raise ValueError(f"pySHACL result without {predicate}")
    return value


def _read_result(
    report: Graph, node: Node, data: DataGraph | _Layers, prefixes: Mapping[str, str]
) -> ValidationResult:
    focus = _required(report, node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    messages: dict[str, str] = {}
    for message in report.objects(node, SH.resultMessage):
        messages.setdefault(getattr(message, "language", None) or "", str(message))
    return ValidationResult(
        severity=SEVERITY_NAMES.get(_required(report, node, SH.resultSeverity), "Violation"),
        focus_node=focus,
        path=None
        if path is None
        else render_path(report, path, lambda iri: str(iri) if path == iri else f"<{iri}>"),
        path_text=None if path is None else render_path(report, path, lambda iri: _compact(iri, prefixes)),
        value=report.value(node, SH.value),
        source_shape=_required(report, node, SH.sourceShape),
        messages=messages,
        focus_labels=_labels(data, focus),
        referrer=next(data.subject_predicates(focus), None) if isinstance(focus, BNode) else None,
    )
