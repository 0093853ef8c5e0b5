"""The declarative mapping between a region model and a workbook: the tables in ``mappings/sheet/`` read into
:class:`Mapping` (decision 0005), and the :class:`Vocabulary` its drop-down lists and checks draw on.

``sheets.csv`` has one row per sheet (its tab name, titles, the namespace of its row ids and the classes of its
rows), ``columns.csv`` one row per column (headers, kind, predicates, target, language, several values,
required, help texts), ``prefixes.csv`` the prefixes both use. Export and import (sotekg.sheet.convert) read the
same objects; nothing about a sheet is written in Python.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..layout import ontology_files, reference_files
from ..rdfio import read_rdf_file, union_graph
from ..settings import Settings

KINDS = ("id", "type", "text", "date", "number", "code", "ref", "inverse", "subject", "predicate", "object")
SEPARATOR = ";"  # between the values of a column that takes several


@dataclass(frozen=True)
class Column:
    """One column of a sheet: which triples of a row's node its cells hold."""

    sheet: str
    key: str
    header_fi: str
    header_en: str
    kind: str  # one of KINDS
    predicates: tuple[
        URIRef, ...
    ]  # a text column may write the same value with several (prefLabel and label)
    target: str  # code: the code list; ref/inverse: a sheet key or a namespace IRI
    lang: str | None
    multiple: bool
    required: bool
    help_fi: str
    help_en: str

    @property
    def predicate(self) -> URIRef:
        return self.predicates[0]

    def headers(self) -> tuple[str, str, str]:
        return (self.header_fi, self.header_en, self.key)


@dataclass(frozen=True)
class Sheet:
    """One sheet: a row per node whose IRI is ``subject`` + the row's id and whose class is one of ``classes``."""

    key: str
    tab: str
    title_fi: str
    title_en: str
    subject: str  # namespace of the row ids ("" for the sheet of other statements)
    classes: tuple[URIRef, ...]
    help_fi: str
    help_en: str
    columns: tuple[Column, ...]

    @property
    def triples_sheet(self) -> bool:
        """The sheet of statements no other column holds, one triple a row."""
        return not self.subject

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def node(self, local_id: str) -> URIRef:
        return URIRef(self.subject + local_id)


@dataclass(frozen=True)
class Mapping:
    """Every sheet with its columns, in workbook order, and the prefixes of the tables."""

    sheets: tuple[Sheet, ...]
    prefixes: dict[str, str]

    def sheet(self, key: str) -> Sheet:
        return next(sheet for sheet in self.sheets if sheet.key == key)

    def find_sheet(self, name: str) -> Sheet | None:
        """The sheet with this tab name or key (case and surrounding spaces ignored)."""
        wanted = name.strip().casefold()
        return next((s for s in self.sheets if wanted in (s.tab.casefold(), s.key.casefold())), None)

    def expand(self, curie: str) -> str:
        """``prefix:local`` → IRI; ValueError for an unknown prefix."""
        prefix, _, local = curie.partition(":")
        if prefix not in self.prefixes:
            raise ValueError(f"unknown prefix {prefix!r} in {curie!r}")
        return self.prefixes[prefix] + local

    def compact(self, iri: str) -> str | None:
        """The shortest ``prefix:local`` for an IRI whose local part is a plain name, else None."""
        best = None
        for prefix, namespace in self.prefixes.items():
            local = iri[len(namespace) :]
            plain = local and all(c.isalnum() or c in "-_." for c in local)
            if iri.startswith(namespace) and plain and (best is None or len(local) < len(best[1])):
                best = (prefix, local)
        return None if best is None else f"{best[0]}:{best[1]}"

    def namespace(self, target: str) -> str:
        """The namespace of a ref target: a sheet's row namespace, or a namespace given as a CURIE."""
        sheet = next((s for s in self.sheets if s.key == target), None)
        return sheet.subject if sheet else self.expand(target)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=4)
def load_mapping(folder: Path) -> Mapping:
    """Read ``sheets.csv``, ``columns.csv`` and ``prefixes.csv`` from ``folder``; ValueError names a bad row."""
    prefixes = {row["prefix"]: row["namespace"] for row in _rows(folder / "prefixes.csv")}
    partial = Mapping((), prefixes)
    columns: dict[str, list[Column]] = {}
    for number, row in enumerate(_rows(folder / "columns.csv"), start=2):
        if row["kind"] not in KINDS:
            raise ValueError(f"columns.csv line {number}: unknown kind {row['kind']!r}")
        columns.setdefault(row["sheet"], []).append(
            Column(
                sheet=row["sheet"],
                key=row["column"],
                header_fi=row["header_fi"],
                header_en=row["header_en"],
                kind=row["kind"],
                predicates=tuple(URIRef(partial.expand(p)) for p in row["predicate"].split()),
                target=row["target"],
                lang=row["lang"] or None,
                multiple=row["multiple"] == "yes",
                required=row["required"] == "yes",
                help_fi=row["help_fi"],
                help_en=row["help_en"],
            )
        )
    sheets = tuple(
        Sheet(
            key=row["sheet"],
            tab=row["tab"],
            title_fi=row["title_fi"],
            title_en=row["title_en"],
            subject=partial.expand(row["subject"]) if row["subject"] else "",
            classes=tuple(URIRef(partial.expand(c)) for c in row["classes"].split()),
            help_fi=row["help_fi"],
            help_en=row["help_en"],
            columns=tuple(columns.pop(row["sheet"], [])),
        )
        for row in _rows(folder / "sheets.csv")
    )
    if columns:
        raise ValueError(f"columns.csv names sheets that sheets.csv lacks: {sorted(columns)}")
    return Mapping(sheets, prefixes)


def mapping_folder(settings: Settings) -> Path:
    return settings.root / "mappings" / "sheet"


@dataclass(frozen=True)
class Choice:
    """One entry of a drop-down list: the text a cell shows (``label [token]``) and the IRI it stands for."""

    token: str
    label: str
    iri: URIRef

    @property
    def text(self) -> str:
        return f"{self.label} [{self.token}]" if self.label else self.token


class Vocabulary:
    """What the workbook's lists and checks know from the context graphs (ontology, code lists, reference and
    national data): the codes of each code list, the labels of classes, and which nodes exist already."""

    def __init__(self, context: Graph, mapping: Mapping):
        self.context = context
        self.mapping = mapping
        self._schemes: dict[str, dict[str, Choice]] = {}
        self._namespaces: dict[str, dict[str, Choice]] = {}

    def label(self, node: URIRef) -> str:
        """The Finnish label of a node (prefLabel, then label), else ""."""
        for predicate in (SKOS.prefLabel, RDFS.label):
            for label in self.context.objects(node, predicate):
                if isinstance(label, Literal) and label.language == "fi":
                    return str(label)
        return ""

    def codes(self, scheme: str) -> dict[str, Choice]:
        """The codes of code list ``scheme`` (``ontology/codelists/{scheme}.ttl``) by their notation."""
        if scheme not in self._schemes:
            namespace = self.mapping.expand(f"code:{scheme}/")
            scheme_iri = URIRef(self.mapping.expand(f"code:{scheme}"))
            concepts = [c for c in self.context.subjects(SKOS.inScheme, scheme_iri) if isinstance(c, URIRef)]
            self._schemes[scheme] = {
                str(c)[len(namespace) :]: Choice(str(c)[len(namespace) :], self.label(c), c)
                for c in sorted(concepts)
                if str(c).startswith(namespace)
            }
        return self._schemes[scheme]

    def classes(self, sheet: Sheet) -> dict[str, Choice]:
        """A sheet's classes by their prefixed name."""
        return {
            token: Choice(token, self.label(cls), cls)
            for cls in sheet.classes
            if (token := self.mapping.compact(str(cls)) or str(cls))
        }

    def named(self, namespace: str) -> dict[str, Choice]:
        """Nodes of the context in ``namespace`` with a label (organisers, source documents) by local id."""
        if namespace not in self._namespaces:
            found: dict[str, Choice] = {}
            for subject in set(self.context.subjects(RDF.type, None)):
                local = str(subject)[len(namespace) :]
                if str(subject).startswith(namespace) and local and "/" not in local:
                    found[local] = Choice(local, self.label(subject), URIRef(subject))
            self._namespaces[namespace] = dict(sorted(found.items()))
        return self._namespaces[namespace]

    def knows(self, node: URIRef) -> bool:
        """Whether the context describes ``node`` (a national partner, a digital service, …)."""
        return (node, None, None) in self.context


def _context_graph(paths: Iterable[Path]) -> Graph:
    return union_graph(*(read_rdf_file(path) for path in paths))


@lru_cache(maxsize=2)
def _vocabulary(folder: Path, paths: tuple[Path, ...], stamp: tuple[float, ...]) -> Vocabulary:
    return Vocabulary(_context_graph(paths), load_mapping(folder))


def vocabulary(settings: Settings) -> Vocabulary:
    """The vocabulary of ``settings``' context files, parsed once while they are unchanged."""
    paths = tuple(graph_file.path for graph_file in ontology_files(settings) + reference_files(settings))
    stamp = tuple(path.stat().st_mtime for path in paths)
    return _vocabulary(mapping_folder(settings), paths, stamp)
