"""Query results as tables: one ``ResultTable`` and its renderings (aligned text, CSV, TSV, JSON, NDJSON).

The CLI (``sotekg query``, ``sotekg network``) and the API's ``/queries`` and ``/network`` routes both render
through here, so the same query gives the same rows at every door. Cells are plain Python values converted from
RDF terms once (``cell_value``): IRIs and plain literals as strings, numeric and boolean literals as numbers
and booleans, unbound as ``None``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal
from rdflib.term import Node

from .errors import UserError
from .namespaces import PREFIXES

if TYPE_CHECKING:
    from .store.results import SelectResult

Cell = str | int | float | bool | None

FORMATS = ("table", "csv", "tsv", "json", "ndjson")
MEDIA_TYPES = {
    "table": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "json": "application/json",
    "ndjson": "application/x-ndjson",
}

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_NAMES = (
    "integer int long short byte nonNegativeInteger positiveInteger nonPositiveInteger negativeInteger"
)
INTEGER_TYPES = {
    XSD + name for name in (INTEGER_NAMES + " unsignedInt unsignedLong unsignedShort unsignedByte").split()
}
FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}


def cell_value(term: Node | None) -> Cell:
    """A plain value for an rdflib term; literals keep their meaning (numbers, booleans), not their syntax."""
    if term is None:
        return None
    if isinstance(term, Literal):
        return literal_value(str(term), str(term.datatype or ""))
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def literal_value(lexical: str, datatype: str) -> Cell:
    """The plain value of a literal given its lexical form and datatype IRI (empty for plain strings)."""
    try:
        if datatype in INTEGER_TYPES:
            return int(lexical)
        if datatype in FLOAT_TYPES:
            return float(lexical)
    except ValueError:
        return lexical
    if datatype == XSD + "boolean":
        return lexical in ("true", "1")
    return lexical


@dataclass(frozen=True)
class ResultTable:
    """The rows of a SELECT query: column names in query order and one tuple of cells per row."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @classmethod
    def from_select(cls, result: SelectResult) -> ResultTable:
        """The table of a store's SELECT result, columns in projection order."""
        return cls(
            tuple(result.variables),
            tuple(tuple(cell_value(row.get(name)) for name in result.variables) for row in result.rows),
        )

    def with_sorted_lists(self, lists: Mapping[str, str]) -> ResultTable:
        """The table with the parts of each list cell (``lists``: column → separator, from GROUP_CONCAT) in sorted
        order, and a list with no parts unbound. SPARQL leaves the order of GROUP_CONCAT's parts to the engine
        (Oxigraph and Virtuoso join them differently), and for a group whose values are all unbound Virtuoso
        gives "" where Oxigraph gives no value: this way every store gives the same cells."""
        positions = {
            self.columns.index(column): sep for column, sep in lists.items() if column in self.columns
        }
        if not positions:
            return self

        def tidy(cell: Cell, separator: str) -> Cell:
            if cell == "":
                return None
            if not isinstance(cell, str) or separator == "":  # no separator: no parts to put in order
                return cell
            return separator.join(sorted(cell.split(separator)))

        rows = tuple(
            tuple(tidy(cell, positions[i]) if i in positions else cell for i, cell in enumerate(row))
            for row in self.rows
        )
        return ResultTable(self.columns, rows)

    def records(self) -> list[dict[str, Cell]]:
        """Rows as dictionaries keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Cell]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


def render(table: ResultTable, fmt: str = "table") -> str:
    """The table as text in one of FORMATS; an unknown format is a UserError naming the choices."""
    renderers = {"table": _aligned, "csv": _csv, "tsv": _tsv, "json": _json, "ndjson": _ndjson}
    if fmt not in renderers:
        raise UserError(f"unknown format '{fmt}' (choose one of: {', '.join(FORMATS)})")
    return renderers[fmt](table)


def document(table: ResultTable) -> dict[str, Any]:
    """The JSON document of a table: ``{"columns": [...], "rows": [{column: value}]}``."""
    return {"columns": list(table.columns), "rows": table.records()}


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return str(cell)


def compact_iri(value: str) -> str:
    """``id:source/seed-001`` for a full IRI under a known prefix (the longest matching one)."""
    best = max((ns for ns in PREFIXES.values() if value.startswith(ns)), key=len, default=None)
    if best is None:
        return value
    prefix = next(name for name, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{value[len(best) :]}"


def _aligned(table: ResultTable) -> str:
    texts = [[compact_iri(_text(cell)) for cell in row] for row in table.rows]
    widths = [max([len(name)] + [len(row[i]) for row in texts]) for i, name in enumerate(table.columns)]
    numeric = [
        bool(table.rows)
        and all(
            row[i] is None or (isinstance(row[i], int | float) and not isinstance(row[i], bool))
            for row in table.rows
        )
        for i in range(len(table.columns))
    ]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(cells, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(table.columns), "  ".join("-" * width for width in widths)]
    out += [line(row) for row in texts]
    out.append(f"({len(table.rows)} row{'' if len(table.rows) == 1 else 's'})")
    return "\n".join(out) + "\n"


def _delimited(table: ResultTable, delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([_text(cell) for cell in row] for row in table.rows)
    return buffer.getvalue()


def _csv(table: ResultTable) -> str:
    return _delimited(table, ",")


def _tsv(table: ResultTable) -> str:
    return _delimited(table, "\t")


def _json(table: ResultTable) -> str:
    return json.dumps(document(table), ensure_ascii=False, indent=2) + "\n"


def _ndjson(table: ResultTable) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in table.records())
