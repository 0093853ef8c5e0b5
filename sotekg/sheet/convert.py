"""A region model as rows of sheets and back, by the mapping (sotekg.sheet.mapping): the part of the workbook
round trip that knows RDF but no file format (sotekg.sheet.files reads and writes the files).

:func:`graph_to_rows` puts each node of a sheet's classes in its sheet, one row, and each of its triples in the
column that holds it; a triple no column can hold exactly (a second value of a one-value column, a language no
column has, a predicate no sheet maps) goes to the sheet of other statements as N-Triples terms, so that no
triple is lost. :func:`rows_to_graph` reads the rows back and, for each cell it cannot read (an unknown code, a
duplicate id, a reference to a row that does not exist, an empty required cell, a malformed date or number),
records an :class:`Issue` at that cell. It also records where each node and column came from, so that a SHACL
result can be shown at its cell (sotekg.sheet.report).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node
from rdflib.util import from_n3

from .mapping import SEPARATOR, Choice, Column, Mapping, Sheet, Vocabulary

DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
CHOICE_PATTERN = re.compile(r"\[([^\[\]]+)\]\s*$")  # "label [token]": the token
HEADER_ROWS = 2  # Finnish headers, then English headers; data from row 3

RowValues = dict[str, object]  # column key → cell value (str, int, Decimal, date …)


# ---------------------------------------------------------------------------------------------- export


def _literal_text(value: Literal) -> object:
    if value.datatype in (XSD.integer, XSD.int, XSD.long):
        return int(value)
    return str(value)


class _Exporter:
    def __init__(self, graph: Graph, mapping: Mapping, vocabulary: Vocabulary):
        self.graph = graph
        self.mapping = mapping
        self.vocabulary = vocabulary
        self.covered: set[tuple[Node, Node, Node]] = set()

    def iri_text(self, column: Column, iri: URIRef) -> str | None:
        """A cell's text for an IRI: a code's or a named node's choice text, a row id, a CURIE or ``<IRI>``."""
        if column.kind == "code":
            choice = next((c for c in self.vocabulary.codes(column.target).values() if c.iri == iri), None)
            return choice.text if choice else None
        namespace = self.mapping.namespace(column.target) if column.target else ""
        local = str(iri)[len(namespace) :]
        if namespace and str(iri).startswith(namespace) and ID_PATTERN.match(local):
            named = self.vocabulary.named(namespace).get(local)
            return (
                named.text if named and column.target not in {s.key for s in self.mapping.sheets} else local
            )
        return self.mapping.compact(str(iri)) or f"<{iri}>"

    def value_text(self, column: Column, value: Node) -> object | None:
        """The cell text of one object, or None when this column cannot hold it."""
        if column.kind == "text":
            ok = isinstance(value, Literal) and value.language == column.lang and value.datatype is None
            return str(value) if ok else None
        if column.kind == "date":
            ok = isinstance(value, Literal) and value.datatype in DATE_TYPES.values()
            return str(value) if ok and DATE_PATTERN.match(str(value)) else None
        if column.kind == "number":
            ok = isinstance(value, Literal) and value.datatype in (XSD.integer, XSD.decimal)
            return _literal_text(value) if ok else None
        if column.kind in ("code", "ref") and isinstance(value, URIRef):
            return self.iri_text(column, value)
        return None

    def cell(self, sheet: Sheet, node: URIRef, column: Column) -> object | None:
        """The cell of ``node`` in ``column``, marking the triples it holds as covered. A one-value column with
        several candidates holds the first (by text); the rest go to the sheet of other statements."""
        if column.kind == "id":
            return str(node)[len(sheet.subject) :]
        if column.kind == "type":
            classes = [c for c in sheet.classes if (node, RDF.type, c) in self.graph]
            if not classes:
                return None
            self.covered.add((node, RDF.type, classes[0]))
            return self.vocabulary.classes(sheet)[
                self.mapping.compact(str(classes[0])) or str(classes[0])
            ].text
        if column.kind == "inverse":
            parent_namespace = self.mapping.namespace(column.target)
            parents = sorted(
                p for p in self.graph.subjects(column.predicate, node) if str(p).startswith(parent_namespace)
            )
            if not parents:
                return None
            self.covered.add((parents[0], column.predicate, node))
            return str(parents[0])[len(parent_namespace) :]
        # the values every predicate of the column has (a name written as both prefLabel and label)
        common: set[tuple[Node, object]] | None = None
        for predicate in column.predicates:
            pairs = {(o, self.value_text(column, o)) for o in self.graph.objects(node, predicate)}
            held = {pair for pair in pairs if pair[1] is not None}
            common = held if common is None else common & held
        if not common:
            return None
        chosen = sorted(common, key=lambda pair: str(pair[1]))
        if not column.multiple:
            chosen = chosen[:1]
        for predicate in column.predicates:
            self.covered.update((node, predicate, value) for value, _ in chosen)
        texts = [text for _, text in chosen]
        return texts[0] if len(texts) == 1 else f"{SEPARATOR} ".join(str(t) for t in texts)

    def rows(self, sheet: Sheet) -> list[RowValues]:
        nodes = sorted(
            {
                node
                for cls in sheet.classes
                for node in self.graph.subjects(RDF.type, cls)
                if isinstance(node, URIRef)
                and str(node).startswith(sheet.subject)
                and ID_PATTERN.match(str(node)[len(sheet.subject) :])
            }
        )
        rows = []
        for node in nodes:
            if len(sheet.classes) == 1:
                self.covered.add((node, RDF.type, sheet.classes[0]))
            cells = {column.key: self.cell(sheet, node, column) for column in sheet.columns}
            rows.append({key: value for key, value in cells.items() if value is not None})
        return rows


def graph_to_rows(graph: Graph, mapping: Mapping, vocabulary: Vocabulary) -> dict[str, list[RowValues]]:
    """Each sheet's rows (column key → cell value) for ``graph``; the triples no column holds exactly go to the
    sheet of other statements, so that :func:`rows_to_graph` gives back the same graph."""
    exporter = _Exporter(graph, mapping, vocabulary)
    tables = {sheet.key: exporter.rows(sheet) for sheet in mapping.sheets if not sheet.triples_sheet}
    rest = sorted(triple for triple in graph if triple not in exporter.covered)
    for sheet in mapping.sheets:
        if sheet.triples_sheet:
            tables[sheet.key] = [
                {"subject": s.n3(), "predicate": p.n3(), "object": o.n3()} for s, p, o in rest
            ]
    return tables


# ---------------------------------------------------------------------------------------------- import


@dataclass(frozen=True)
class Cell:
    """Where something is in the workbook: sheet, row and (when it concerns one) column."""

    sheet: str
    tab: str
    row: int
    column: str | None = None  # letter
    header_fi: str | None = None
    header_en: str | None = None

    @property
    def reference(self) -> str:
        """``Tab!C5``, or ``Tab!5:5`` for a whole row, as a spreadsheet names it."""
        return f"{self.tab}!{self.column}{self.row}" if self.column else f"{self.tab}!{self.row}:{self.row}"


@dataclass(frozen=True)
class Issue:
    """A cell the import cannot read: ``problem`` names a message of sotekg.sheet.report, ``args`` fill it."""

    cell: Cell
    problem: str
    args: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    """The rows of one sheet as read from a file: the letter of each known column, then the data rows. ``name``
    is the sheet's name in the file (its tab, or the CSV file's name): messages name it."""

    sheet: Sheet
    name: str
    letters: dict[str, str]  # column key → letter
    rows: list[tuple[int, RowValues]]  # (row number, column key → value)
    issues: list[Issue] = field(default_factory=list)  # found while reading the headers

    def cell(self, row: int, column: Column | None = None) -> Cell:
        letter = self.letters.get(column.key) if column else None
        return Cell(
            self.sheet.key,
            self.name,
            row,
            letter,
            column.header_fi if letter and column else None,
            column.header_en if letter and column else None,
        )


@dataclass
class Conversion:
    """A workbook read into RDF: the graph, the issues, and where each node and column is."""

    graph: Graph
    issues: list[Issue]
    rows: dict[Node, Cell]  # node → its row
    columns: dict[tuple[str, URIRef], Cell]  # (sheet, predicate) → the column's header cell

    def locate(self, node: Node, predicate: URIRef | None) -> Cell | None:
        """The cell of ``node``'s value for ``predicate`` (the row when no column holds it), or None."""
        row = self.rows.get(node)
        if row is None:
            return None
        header = self.columns.get((row.sheet, predicate)) if predicate is not None else None
        if header is None:
            return row
        return Cell(row.sheet, row.tab, row.row, header.column, header.header_fi, header.header_en)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def _parts(column: Column, value: object) -> list[str]:
    text = _text(value)
    if not column.multiple:
        return [text] if text else []
    return [part.strip() for part in text.split(SEPARATOR) if part.strip()]


def _token(text: str) -> str:
    """The token of a choice's text (``label [token]``), or the text itself."""
    match = CHOICE_PATTERN.search(text)
    return match.group(1).strip() if match else text


class _Importer:
    def __init__(self, tables: list[Table], mapping: Mapping, vocabulary: Vocabulary):
        self.tables = tables
        self.mapping = mapping
        self.vocabulary = vocabulary
        self.graph = Graph()
        for prefix, namespace in mapping.prefixes.items():
            self.graph.bind(prefix, namespace)
        self.issues: list[Issue] = [issue for table in tables for issue in table.issues]
        self.rows: dict[Node, Cell] = {}
        self.columns: dict[tuple[str, URIRef], Cell] = {}
        self.ids: dict[str, set[str]] = {sheet.key: set() for sheet in mapping.sheets}

    def problem(self, cell: Cell, problem: str, **args: str) -> None:
        self.issues.append(Issue(cell, problem, args))

    def run(self) -> Conversion:
        for table in self.tables:
            for column in table.sheet.columns:
                if column.key in table.letters:
                    for predicate in column.predicates:
                        self.columns.setdefault((table.sheet.key, predicate), table.cell(HEADER_ROWS, column))
        live = [(table, self._rows_with_ids(table)) for table in self.tables]
        for table, rows in live:
            for number, values, node in rows:
                self._row(table, number, values, node)
        return Conversion(self.graph, self.issues, self.rows, self.columns)

    def _rows_with_ids(self, table: Table) -> list[tuple[int, RowValues, URIRef | None]]:
        """The rows that state something, each with its node (None on the sheet of other statements); checks
        ids: present, well formed, not used twice."""
        sheet = table.sheet
        rows = []
        seen: dict[str, int] = {}
        for number, values in table.rows:
            filled = {key for key, value in values.items() if _text(value)}
            if not filled or (filled == {"id"} and not sheet.triples_sheet):
                continue  # an empty row, or a row with an id alone (the template's organiser): states nothing
            if sheet.triples_sheet:
                rows.append((number, values, None))
                continue
            id_column = sheet.column("id")
            local = _text(values.get("id"))
            if not local:
                self.problem(table.cell(number, id_column), "required")
                continue
            if not ID_PATTERN.match(local):
                self.problem(table.cell(number, id_column), "bad_id", value=local)
                continue
            if local in seen:
                self.problem(
                    table.cell(number, id_column), "duplicate_id", value=local, first=str(seen[local])
                )
                continue
            seen[local] = number
            self.ids[sheet.key].add(local)
            node = sheet.node(local)
            self.rows[node] = table.cell(number)
            rows.append((number, values, node))
        return rows

    def _row(self, table: Table, number: int, values: RowValues, node: URIRef | None) -> None:
        sheet = table.sheet
        if node is None:
            self._statement(table, number, values)
            return
        if len(sheet.classes) == 1:
            self.graph.add((node, RDF.type, sheet.classes[0]))
        for column in sheet.columns:
            if column.kind == "id":
                continue
            parts = _parts(column, values.get(column.key))
            cell = table.cell(number, column)
            if not parts:
                if (
                    column.required and column.key in table.letters
                ):  # a missing column is one issue, not one a row
                    self.problem(cell, "required")
                continue
            for part in parts:
                term = self._term(column, part, cell)
                if term is None:
                    continue
                if column.kind == "inverse":
                    self.graph.add((term, column.predicate, node))
                else:
                    self.graph.addN((node, predicate, term, self.graph) for predicate in column.predicates)

    def _term(self, column: Column, text: str, cell: Cell) -> Node | None:
        kind = column.kind
        if kind == "text":
            return Literal(text, lang=column.lang)
        if kind == "date":
            if not DATE_PATTERN.match(text):
                self.problem(cell, "bad_date", value=text)
                return None
            return Literal(text, datatype=DATE_TYPES[len(text)])
        if kind == "number":
            return self._number(text, cell)
        if kind == "type":
            return self._choice(
                self.vocabulary.classes(self.mapping.sheet(column.sheet)), text, cell, "bad_type"
            )
        if kind == "code":
            return self._choice(
                self.vocabulary.codes(column.target), text, cell, "unknown_code", column.target
            )
        return self._reference(column, _token(text), cell)

    def _number(self, text: str, cell: Cell) -> Literal | None:
        try:
            number = Decimal(text.replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            self.problem(cell, "bad_number", value=text)
            return None
        if not number.is_finite():
            self.problem(cell, "bad_number", value=text)
            return None
        if number == number.to_integral_value() and "." not in text and "," not in text:
            return Literal(int(number), datatype=XSD.integer)
        return Literal(number, datatype=XSD.decimal)

    def _choice(
        self, choices: dict[str, Choice], text: str, cell: Cell, problem: str, scheme: str = ""
    ) -> URIRef | None:
        token = _token(text)
        found = choices.get(token) or next((c for c in choices.values() if c.label == text), None)
        if found is None:
            self.problem(cell, problem, value=text, scheme=scheme)
            return None
        return found.iri

    def _reference(self, column: Column, token: str, cell: Cell) -> URIRef | None:
        if token.startswith("<") and token.endswith(">"):
            return URIRef(token[1:-1])
        prefix = token.partition(":")[0]
        if ":" in token and prefix in self.mapping.prefixes:
            return URIRef(self.mapping.expand(token))
        if not column.target or not ID_PATTERN.match(token):
            self.problem(cell, "bad_reference", value=token)
            return None
        node = URIRef(self.mapping.namespace(column.target) + token)
        target_sheet = next((s for s in self.mapping.sheets if s.key == column.target), None)
        if target_sheet is None:
            return node
        known = token in self.ids[target_sheet.key] or (
            column.kind != "inverse" and self.vocabulary.knows(node)
        )
        if not known:
            self.problem(cell, "missing_row", value=token, target=f"{target_sheet.tab} ({target_sheet.key})")
            return None
        return node

    def _statement(self, table: Table, number: int, values: RowValues) -> None:
        terms = []
        for key in ("subject", "predicate", "object"):
            column = table.sheet.column(key)
            text = _text(values.get(key))
            cell = table.cell(number, column)
            if not text:
                self.problem(cell, "required")
                return
            try:
                term = from_n3(text)
            except Exception:  # rdflib raises several kinds for a malformed term  # noqa: BLE001
                term = None
            if term is None or (key != "object" and not isinstance(term, URIRef)):
                self.problem(cell, "bad_term", value=text)
                return
            terms.append(term)
        self.graph.add((terms[0], terms[1], terms[2]))
        self.rows.setdefault(terms[0], table.cell(number))


def rows_to_graph(tables: Iterable[Table], mapping: Mapping, vocabulary: Vocabulary) -> Conversion:
    """Read the tables into RDF; every cell that cannot be read is an issue at that cell."""
    return _Importer(list(tables), mapping, vocabulary).run()
