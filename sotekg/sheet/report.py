"""The report on a workbook: every message at its cell (sheet, row, column), in Finnish and English.

Two kinds of entries: the cells the import could not read (sotekg.sheet.convert's issues: unknown code, duplicate
id, reference to a missing row, empty required cell, …), and the SHACL results of the model it gives
(sotekg.validation), each placed at the row of its focus node and the column of its path's first predicate. When
cells cannot be read the model is incomplete, so its shapes are not checked: the report lists those cells only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ..validation import LANGUAGES, SEVERITY_ORDER, ValidationReport, ValidationResult
from .convert import Cell, Conversion, Issue

FIRST_IRI = re.compile(r"^\(*<([^>]+)>")  # a complex path's first predicate

# The import's messages; {value}, {first}, {scheme}, {target} come from the issue.
PROBLEMS: dict[str, dict[str, str]] = {
    "required": {
        "fi": "Pakollinen solu on tyhjä.",
        "en": "A required cell is empty.",
    },
    "bad_id": {
        "fi": "Tunniste {value!r} ei kelpaa: käytä kirjaimia, numeroita, pisteitä, viivoja ja alaviivoja.",
        "en": "The id {value!r} is not valid: use letters, digits, dots, hyphens and underscores.",
    },
    "duplicate_id": {
        "fi": "Tunniste {value!r} on jo käytössä rivillä {first}.",
        "en": "The id {value!r} is already used on row {first}.",
    },
    "unknown_code": {
        "fi": "Tuntematon koodi {value!r} koodistossa {scheme}.",
        "en": "Unknown code {value!r} in code list {scheme}.",
    },
    "bad_type": {
        "fi": "Tuntematon laji {value!r}: valitse luettelosta.",
        "en": "Unknown kind {value!r}: choose one from the list.",
    },
    "missing_row": {
        "fi": "Välilehdellä {target} ei ole riviä, jonka tunniste on {value!r}.",
        "en": "The sheet {target} has no row with the id {value!r}.",
    },
    "bad_reference": {
        "fi": "Viittaus {value!r} ei ole tunniste, etuliitteellinen nimi (county:09) eikä <IRI>.",
        "en": "The reference {value!r} is neither an id, a prefixed name (county:09) nor an <IRI>.",
    },
    "bad_date": {
        "fi": "Päiväys {value!r} ei kelpaa: kirjoita vuosi (2024), kuukausi (2024-05) tai päivä (2024-05-31).",
        "en": "The date {value!r} is not valid: write a year (2024), a month (2024-05) or a day (2024-05-31).",
    },
    "bad_number": {
        "fi": "Arvo {value!r} ei ole luku.",
        "en": "The value {value!r} is not a number.",
    },
    "bad_term": {
        "fi": "{value!r} ei ole RDF-termi N-Triples-muodossa.",
        "en": "{value!r} is not an RDF term in N-Triples form.",
    },
    "unknown_column": {
        "fi": "Tuntematon tai toistuva sarakeotsikko {value!r}.",
        "en": "Unknown or repeated column header {value!r}.",
    },
    "missing_column": {
        "fi": "Pakollinen sarake {value!r} puuttuu.",
        "en": "The required column {value!r} is missing.",
    },
    "unknown_sheet": {
        "fi": "Tuntematon välilehti {value!r}.",
        "en": "Unknown sheet {value!r}.",
    },
}

_TEXT = {
    "fi": {
        "conforms": "Malli on muotojen mukainen.",
        "not_conforms": "Malli ei ole muotojen mukainen.",
        "unreadable": "Työkirjan kaikkia soluja ei voitu lukea; korjaa ne, niin malli tarkistetaan muotoja vasten.",
        "counts": "virheitä: {Violation}, varoituksia: {Warning}, huomautuksia: {Info}",
        "row": "rivi",
        "column": "sarake",
        "outside": "työkirjan ulkopuolella",
        "Violation": "VIRHE",
        "Warning": "VAROITUS",
        "Info": "HUOMAUTUS",
    },
    "en": {
        "conforms": "The model conforms to the shapes.",
        "not_conforms": "The model does not conform to the shapes.",
        "unreadable": "Some cells of the workbook cannot be read; fix them and the model is checked against the shapes.",
        "counts": "violations: {Violation}, warnings: {Warning}, infos: {Info}",
        "row": "row",
        "column": "column",
        "outside": "outside the workbook",
        "Violation": "VIOLATION",
        "Warning": "WARNING",
        "Info": "INFO",
    },
}


@dataclass(frozen=True)
class SheetMessage:
    """One entry of the report: where (cell, node), how severe, and what, in every language."""

    severity: str
    cell: Cell | None
    node: str | None
    messages: Mapping[str, str]
    path: str | None = None
    value: str | None = None
    source_shape: str | None = None

    def to_json(self, lang: str) -> dict:
        cell = self.cell
        return {
            "severity": self.severity,
            "sheet": cell.tab if cell else None,
            "row": cell.row if cell else None,
            "column": cell.column if cell else None,
            "header": {"fi": cell.header_fi, "en": cell.header_en} if cell and cell.column else None,
            "cell": cell.reference if cell else None,
            "node": self.node,
            "message": self.messages.get(lang) or next(iter(self.messages.values()), ""),
            "messages": dict(self.messages),
            "path": self.path,
            "value": self.value,
            "sourceShape": self.source_shape,
        }


def _issue_message(issue: Issue, nodes: Mapping[tuple[str, int], str]) -> SheetMessage:
    texts = PROBLEMS[issue.problem]
    return SheetMessage(
        "Violation",
        issue.cell,
        nodes.get((issue.cell.sheet, issue.cell.row)),
        {lang: texts[lang].format(**issue.args) for lang in LANGUAGES},
        value=issue.args.get("value"),
    )


def _curie(names: NamespaceManager, node: Node) -> str:
    """``prefix:local`` by the mapping's prefixes, else the IRI."""
    try:
        return names.curie(str(node), generate=False)
    except (KeyError, ValueError):
        return str(node)


def _first_predicate(result: ValidationResult) -> URIRef | None:
    """The predicate a result's path starts with (the first of an alternative), or None (an inverse path)."""
    if result.path is None:
        return None
    match = FIRST_IRI.match(result.path)
    if match:
        return URIRef(match.group(1))
    return None if result.path.startswith(("^", "(", "<")) else URIRef(result.path)


def _shape_message(
    result: ValidationResult, conversion: Conversion, report: ValidationReport
) -> SheetMessage:
    focus: Node = result.focus_node
    if result.referrer:  # a blank focus node: its row is that of the node pointing at it
        focus = result.referrer[0]
    return SheetMessage(
        result.severity,
        conversion.locate(focus, _first_predicate(result)),
        report.compact(result.focus_node),
        {lang: result.message(lang) for lang in LANGUAGES},
        path=result.path_text,
        value=None if result.value is None else report.compact(result.value),
        source_shape=report.compact(result.source_shape),
    )


@dataclass(frozen=True)
class SheetReport:
    """What is wrong with a workbook, at its cells; ``shapes`` is None when unreadable cells kept the model from
    being checked against the shapes."""

    entries: tuple[SheetMessage, ...]
    shapes: ValidationReport | None

    @classmethod
    def of(cls, conversion: Conversion, shapes: ValidationReport | None) -> SheetReport:
        if conversion.issues:
            names = conversion.graph.namespace_manager
            nodes = {(cell.sheet, cell.row): _curie(names, node) for node, cell in conversion.rows.items()}
            entries = [_issue_message(issue, nodes) for issue in conversion.issues]
            entries.sort(
                key=lambda e: (e.cell.tab, e.cell.row, e.cell.column or "") if e.cell else ("", 0, "")
            )
            return cls(tuple(entries), None)
        assert shapes is not None
        entries = [_shape_message(result, conversion, shapes) for result in shapes.results]
        entries.sort(
            key=lambda e: (
                SEVERITY_ORDER.index(e.severity),
                (e.cell.tab, e.cell.row, e.cell.column or "") if e.cell else ("~", 0, ""),
            )
        )
        return cls(tuple(entries), shapes)

    @property
    def conforms(self) -> bool:
        return self.count("Violation") == 0

    def count(self, severity: str) -> int:
        return sum(1 for entry in self.entries if entry.severity == severity)

    def to_json(self, lang: str = "fi") -> dict:
        """``{conforms, readable, violations, warnings, infos, results:[{severity, sheet, row, column, header,
        cell, node, message, messages, path, value, sourceShape}]}``."""
        return {
            "conforms": self.conforms,
            "readable": self.shapes is not None,
            "violations": self.count("Violation"),
            "warnings": self.count("Warning"),
            "infos": self.count("Info"),
            "results": [entry.to_json(lang) for entry in self.entries],
        }

    def to_text(self, lang: str = "fi") -> str:
        """One line per entry, ``Tab!C5 (rivi 5, sarake C "otsikko")  VIRHE  message``, with the node."""
        words = _TEXT[lang if lang in _TEXT else "en"]
        if self.shapes is None:
            head = words["unreadable"]
        else:
            head = words["conforms"] if self.conforms else words["not_conforms"]
        lines = [head, words["counts"].format(**{s: self.count(s) for s in SEVERITY_ORDER})]
        for entry in self.entries:
            cell = entry.cell
            if cell is None:
                where = words["outside"]
            else:
                where = f"{cell.reference} ({words['row']} {cell.row}"
                if cell.column:
                    header = cell.header_fi if lang == "fi" else cell.header_en
                    where += f", {words['column']} {cell.column}" + (f' "{header}"' if header else "")
                where += ")"
            lines += ["", f"{where}  {words[entry.severity]}"]
            if entry.node:
                lines.append(f"  {entry.node}" + (f"  {entry.path}" if entry.path else ""))
            lines.append("  " + (entry.messages.get(lang) or next(iter(entry.messages.values()), "")))
        return "\n".join(lines) + "\n"
