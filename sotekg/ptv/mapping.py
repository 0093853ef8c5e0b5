"""The reviewable PTV mapping tables (``mappings/ptv/``) and the decisions they make.

- ``service-classes.csv``: every PTV service class (``ptvserclass2``) with a decision: ``map`` to one of our
  service types, ``not-sote``, ``coarse`` (too broad: needs a name rule) or ``no-code`` (sote, but no code of ours
  fits). Old ``ptvl`` class URIs are translated to ``ptvserclass2`` through PTV's own table
  (``ptvrel_Finto_ServiceClasses.json``).
- ``name-rules.csv``: ordered regular expressions on Finnish names. ``service`` rules decide a service's type
  before its classes are looked at; ``site`` rules (on the service location's name) and then ``site-service``
  rules (on the names of the services offered there) decide the centre kind.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from .reader import display_name, localised

PTVSERCLASS2 = "http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/"
CLASS_DECISIONS = {"map", "not-sote", "coarse", "no-code"}
RULE_TARGETS = {"service", "site", "site-service"}
NOT_SOTE = "not-sote"
NO_CODE = "no-code"


@dataclass(frozen=True)
class ClassDecision:
    """One row of service-classes.csv."""

    ptv_class: str
    label_fi: str
    decision: str
    service_type: str
    note: str


@dataclass(frozen=True)
class NameRule:
    """One row of name-rules.csv; ``line`` is its line in the file, for reports."""

    line: int
    target: str
    pattern: re.Pattern[str]
    service_type: str
    centre_kind: str
    note: str

    def describe(self) -> str:
        text = f"name rule {self.line} /{self.pattern.pattern}/"
        return f"{text}: {self.note}" if self.note else text


@dataclass(frozen=True)
class ServiceMapping:
    """What one PTV service is to us: ``mapped`` (with service types), ``not-sote`` or ``unmapped``."""

    status: str
    service_types: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class KindMapping:
    """The centre kind inferred for a service location, and which rule gave it (None: no rule matched)."""

    kind: str | None
    reason: str


class MappingTables:
    """The loaded tables. ``MappingTables.load(folder)`` reads and checks the three files."""

    def __init__(self, classes: dict[str, ClassDecision], old_uris: dict[str, str], rules: list[NameRule]):
        self.classes = classes
        self.old_uris = old_uris
        self.rules = rules

    @classmethod
    def load(cls, folder: Path) -> MappingTables:
        return cls(
            _read_classes(folder / "service-classes.csv"),
            _read_old_uris(folder / "ptvrel_Finto_ServiceClasses.json"),
            _read_rules(folder / "name-rules.csv"),
        )

    def class_notation(self, service_class: dict) -> str | None:
        """The ``ptvserclass2`` notation of a service class as PTV writes it (v11 URI, v8 ``ptvl`` URI or code)."""
        uri = service_class.get("uri") or ""
        if uri.startswith(PTVSERCLASS2):
            return uri.removeprefix(PTVSERCLASS2)
        if uri:
            return self.old_uris.get(uri)
        code = service_class.get("code")
        if code and service_class.get("ontologyType") != "PTVL" and code in self.classes:
            return code
        return None

    def map_service(self, service: dict) -> ServiceMapping:
        """Decide a service's types: a service name rule first, then the mapped classes, else report why not."""
        rule = self._first_rule("service", rule_names(service.get("serviceNames")))
        if rule is not None:
            if rule.service_type == NOT_SOTE:
                return ServiceMapping(NOT_SOTE, (), rule.describe())
            if rule.service_type == NO_CODE:
                return ServiceMapping("unmapped", (), rule.describe())
            return ServiceMapping("mapped", (rule.service_type,), rule.describe())
        decisions: list[tuple[str, ClassDecision | None]] = []
        for service_class in service.get("serviceClasses") or []:
            notation = self.class_notation(service_class)
            label = display_name(localised(service_class.get("name")))
            key = notation or service_class.get("uri") or service_class.get("code") or label or "?"
            decisions.append((key, self.classes.get(notation) if notation else None))
        mapped = sorted({row.service_type for _, row in decisions if row and row.decision == "map"})
        if mapped:
            classes = ", ".join(key for key, row in decisions if row and row.decision == "map")
            return ServiceMapping("mapped", tuple(mapped), f"service classes {classes}")
        unresolved = [
            _class_reason(key, row) for key, row in decisions if row is None or row.decision != NOT_SOTE
        ]
        if unresolved:
            return ServiceMapping("unmapped", (), "; ".join(unresolved))
        if not decisions:
            return ServiceMapping("unmapped", (), "no service class and no name rule")
        classes = ", ".join(key for key, _ in decisions)
        return ServiceMapping(NOT_SOTE, (), f"service classes {classes} are not sote")

    def centre_kind(self, site_names: list[str], service_names: list[str]) -> KindMapping:
        """The centre kind by the site's own name, else by the names of the services offered there."""
        for target, names in (("site", site_names), ("site-service", service_names)):
            rule = self._first_rule(target, names)
            if rule is not None:
                return KindMapping(rule.centre_kind, rule.describe())
        return KindMapping(None, "no site or site-service name rule matches")

    def _first_rule(self, target: str, names: list[str]) -> NameRule | None:
        for rule in self.rules:
            if rule.target == target and any(rule.pattern.search(name) for name in names if name):
                return rule
        return None


def rule_names(names: list[dict] | None) -> list[str]:
    """The names name rules look at: every Finnish name and alternative name; any name when none is Finnish."""
    entries = [entry for entry in names or [] if isinstance(entry, dict) and entry.get("value")]
    finnish = [entry["value"] for entry in entries if entry.get("language") == "fi"]
    return finnish or [entry["value"] for entry in entries]


def _class_reason(key: str, row: ClassDecision | None) -> str:
    if row is None:
        return f"service class {key} is not in mappings/ptv/service-classes.csv"
    text = f"service class {key} ({row.label_fi}) is {row.decision}"
    return f"{text}: {row.note}" if row.note else text


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except OSError as error:
        raise UserError(f"cannot read mapping table {path}: {error.strerror}") from error


def _read_classes(path: Path) -> dict[str, ClassDecision]:
    classes: dict[str, ClassDecision] = {}
    for line, row in enumerate(_read_csv(path), start=2):
        decision = ClassDecision(
            row["ptv_class"], row["label_fi"], row["decision"], row["service_type"], row["note"]
        )
        if decision.decision not in CLASS_DECISIONS:
            raise UserError(f"{path}:{line}: decision must be one of {sorted(CLASS_DECISIONS)}")
        if (decision.decision == "map") != bool(decision.service_type):
            raise UserError(f"{path}:{line}: a service type is given exactly when the decision is 'map'")
        if decision.ptv_class in classes:
            raise UserError(f"{path}:{line}: class {decision.ptv_class} appears twice")
        classes[decision.ptv_class] = decision
    return classes


def _read_old_uris(path: Path) -> dict[str, str]:
    try:
        concepts = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, json.JSONDecodeError) as error:
        raise UserError(f"cannot read PTV's service class table {path}: {error}") from error
    return {
        concept["OldUri"]: concept["Notation"]
        for concept in concepts
        if concept.get("OldUri") and concept.get("ConceptType") == "ptvserclass"
    }


def _read_rules(path: Path) -> list[NameRule]:
    rules: list[NameRule] = []
    for line, row in enumerate(_read_csv(path), start=2):
        if row["target"] not in RULE_TARGETS:
            raise UserError(f"{path}:{line}: target must be one of {sorted(RULE_TARGETS)}")
        if (row["target"] == "service") != bool(row["service_type"]) or (row["target"] != "service") != bool(
            row["centre_kind"]
        ):
            raise UserError(f"{path}:{line}: service rules give a service type, site rules a centre kind")
        try:
            pattern = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as error:
            raise UserError(f"{path}:{line}: bad regular expression: {error}") from error
        rules.append(
            NameRule(line, row["target"], pattern, row["service_type"], row["centre_kind"], row["note"])
        )
    return rules


def read_municipality_counties(path: Path) -> dict[str, str]:
    """Municipality code → county code, from the project's municipality table (``data/sources/``)."""
    return {row["municipality_code"]: row["county_code"] for row in _read_csv(path)}
