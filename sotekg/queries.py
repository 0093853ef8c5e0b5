"""The named-query library: ``.rq`` files under ``queries/`` with a grlc ``#+`` header and BASIL parameters.

One file is one question. The header (``#+ summary:``, ``#+ description:``, ``#+ tags:``, ``#+ defaults:``,
``#+ enumerate:``) is YAML after the ``#+`` marks. Parameters follow the BASIL convention:

- ``?_name``   required, ``?__name`` optional;
- a suffix says the term type: ``_iri`` an IRI, ``_integer`` / ``_decimal`` / ``_boolean`` / ``_date`` a typed
  literal, anything else a plain string literal.

Values are bound as RDF terms (``bind``), never pasted into query text; the store decides how to apply them
(pyoxigraph substitutions, or safe serialised terms for a remote endpoint). The CLI, the API and the lookup
index read queries through this module only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from rdflib import XSD, Literal, URIRef
from rdflib.term import Identifier

from .errors import NotFoundError, UserError
from .store.results import SelectResult

if TYPE_CHECKING:
    from .store.base import Store

ALL_ROWS = 10**9  # no row cap: the application's own queries read every row

PARAM_PATTERN = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9_]*)")
TYPED_SUFFIXES = {
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "boolean": XSD.boolean,
    "date": XSD.date,
}
IRI_PATTERN = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+$", re.IGNORECASE)
# ``(GROUP_CONCAT(expression; SEPARATOR="…") AS ?column)``: the expression may hold one level of parentheses
GROUP_CONCAT_PATTERN = re.compile(
    r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?"
    r"(?:;\s*SEPARATOR\s*=\s*(?P<quote>[\"'])(?P<separator>.*?)(?P=quote))?\s*\)\s*AS\s+[?$](?P<column>\w+)",
    re.IGNORECASE,
)
GROUP_CONCAT_SEPARATOR = " "  # SPARQL's default


class ParameterError(UserError):
    """A named query's parameter is missing, unknown or not of its type."""


@dataclass(frozen=True)
class Parameter:
    """One BASIL parameter of a named query."""

    variable: str  # the SPARQL variable without '?', e.g. "_region_iri"
    name: str  # the public name, e.g. "region_iri"
    required: bool

    @property
    def kind(self) -> str:
        """``iri``, one of TYPED_SUFFIXES, or ``string``."""
        suffix = self.name.rsplit("_", 1)[-1] if "_" in self.name else ""
        if suffix == "iri":
            return "iri"
        return suffix if suffix in TYPED_SUFFIXES else "string"

    def term(self, value: str) -> Identifier:
        """The RDF term for a user-given value, or ParameterError naming the parameter."""
        kind = self.kind
        if kind == "iri":
            if not IRI_PATTERN.match(value):
                raise ParameterError(f"parameter '{self.name}' must be an absolute IRI, got {value!r}")
            return URIRef(value)
        if kind == "string":
            return Literal(value)
        literal = Literal(value, datatype=TYPED_SUFFIXES[kind])
        if literal.ill_typed:
            raise ParameterError(f"parameter '{self.name}' must be an {kind}, got {value!r}")
        return literal


@dataclass(frozen=True)
class NamedQuery:
    """One ``.rq`` file: its text, header metadata and parameters."""

    name: str
    path: Path
    text: str
    header: dict = field(hash=False)

    @property
    def summary(self) -> str:
        return str(self.header.get("summary", ""))

    @property
    def description(self) -> str:
        return str(self.header.get("description", "")).strip()

    @property
    def tags(self) -> list[str]:
        return [str(tag) for tag in self.header.get("tags", [])]

    @property
    def defaults(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for item in self.header.get("defaults", []) or []:
            merged.update({str(k): str(v) for k, v in item.items()})
        return merged

    @property
    def enumerate(self) -> list[str]:
        return [str(name) for name in self.header.get("enumerate", []) or []]

    @cached_property
    def parameters(self) -> list[Parameter]:
        body = _strip_comments(self.text)
        seen: dict[str, Parameter] = {}
        for underscores, name in PARAM_PATTERN.findall(body):
            variable = underscores + name
            if name not in seen:
                seen[name] = Parameter(variable=variable, name=name, required=underscores == "_")
        return list(seen.values())

    @cached_property
    def lists(self) -> dict[str, str]:
        """The columns that join several values with GROUP_CONCAT, each with its separator."""
        return {
            found["column"]: GROUP_CONCAT_SEPARATOR if found["quote"] is None else found["separator"]
            for found in GROUP_CONCAT_PATTERN.finditer(_strip_comments(self.text))
        }

    def bind(self, values: dict[str, str]) -> dict[str, Identifier]:
        """Map user values (by public name) to ``{variable: term}``; defaults fill gaps.

        Raises ParameterError for an unknown name, a missing required parameter or a badly typed value.
        """
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            expected = ", ".join(sorted(known)) or "none"
            raise ParameterError(
                f"unknown parameter '{unknown[0]}' for query '{self.name}' (parameters: {expected})"
            )
        merged = {**self.defaults, **values}
        bound: dict[str, Identifier] = {}
        for parameter in self.parameters:
            if parameter.name in merged and merged[parameter.name] != "":
                bound[parameter.variable] = parameter.term(merged[parameter.name])
            elif parameter.required:
                raise ParameterError(f"query '{self.name}' needs parameter '{parameter.name}'")
        return bound

    def describe(self) -> dict:
        """A JSON-ready description for ``--list`` and ``GET /queries``."""
        return {
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "tags": self.tags,
            "parameters": [
                {"name": p.name, "required": p.required, "type": p.kind, "default": self.defaults.get(p.name)}
                for p in self.parameters
            ],
        }


def _strip_comments(text: str) -> str:
    """Query text without comment lines (so parameter names in the header are not counted)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def parse_header(text: str) -> dict:
    """The YAML held in the ``#+`` lines at the top of a query file."""
    lines = [line.lstrip()[2:] for line in text.splitlines() if line.lstrip().startswith("#+")]
    if not lines:
        return {}
    try:
        header = yaml.safe_load("\n".join(line.removeprefix(" ") for line in lines))
    except yaml.YAMLError as error:
        raise UserError(f"bad #+ header: {error}") from error
    if not isinstance(header, dict):
        raise UserError("the #+ header must be a mapping of keys (summary, description, tags, …)")
    return header


def load_query(path: Path, name: str | None = None) -> NamedQuery:
    """Read one query file; ``name`` defaults to the file stem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UserError(f"cannot read query file {path}: {error.strerror}") from error
    try:
        header = parse_header(text)
    except UserError as error:
        raise UserError(f"{path}: {error}") from error
    return NamedQuery(name=name or path.stem, path=path, text=text, header=header)


class QueryLibrary:
    """All named queries under a folder, by name. Sub-folders (``lookup/``, ``qc/``) become name prefixes."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._queries = {
            self._name_of(path): load_query(path, self._name_of(path))
            for path in sorted(folder.rglob("*.rq"))
        }

    def _name_of(self, path: Path) -> str:
        return path.relative_to(self.folder).with_suffix("").as_posix()

    def __iter__(self):
        return iter(self._queries.values())

    def __len__(self) -> int:
        return len(self._queries)

    def names(self) -> list[str]:
        return list(self._queries)

    def get(self, name: str) -> NamedQuery:
        try:
            return self._queries[name]
        except KeyError:
            raise NotFoundError(f"no query named '{name}'") from None

    def rows(self, store: Store, name: str, **bound: Identifier | Sequence[Identifier]) -> list:
        """Every row of a SELECT query the application runs for itself (the lookup index, the coverage, a write's
        update): no row cap, the index's time limit; ``bound`` binds variables (a sequence: any of its values)."""
        result = store.query(
            self.get(name).text,
            substitutions=bound or None,
            timeout_s=store.settings.index_query_timeout_s,
            max_rows=ALL_ROWS,
        )
        if not isinstance(result, SelectResult):
            raise UserError(f"query {name} must be a SELECT query")
        return result.rows
