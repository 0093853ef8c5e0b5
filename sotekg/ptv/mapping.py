"""The reviewable PTV mapping tables (``mappings/ptv/``) and the decisions they make.

- ``service-classes.csv``: every PTV service class (``ptvserclass2``) with a decision: ``map`` to one of our
  service types, ``not-sote``, ``coarse`` (too broad: needs a name rule) or ``no-code`` (sote, but no code of ours
  fits). Old ``ptvl`` class URIs are translated to ``ptvserclass2`` through PTV's own table
  (``ptvrel_Finto_ServiceClasses.json``).
- ``name-rules.csv``: ordered regular expressions on a service's Finnish names, deciding its type before its
  classes are looked at.
- ``kind-rules.csv``: ordered rules deciding a service location's centre kind, first match wins: PTV's
  structured fields of the services offered there first (our service types, PTV service classes, ontology terms,
  target groups: ``all`` services or ``any``), names last (the site's own, then its services'). A rule may
  step aside for sites with a given name (``unless_site_name``). A site no rule matches has no kind: it is still a
  location of the services given there.
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
KIND_FIELDS = {"service-type", "service-class", "ontology-term", "target-group", "site-name", "service-name"}
KIND_MATCHES = {"all", "any"}
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
    pattern: re.Pattern[str]
    service_type: str
    note: str

    def describe(self) -> str:
        text = f"name rule {self.line} /{self.pattern.pattern}/"
        return f"{text}: {self.note}" if self.note else text


@dataclass(frozen=True)
class SiteFacts:
    """What the kind rules look at: the site's names and, per mapped service offered there, its values of each
    field (``service-type``, ``service-class``, ``ontology-term``, ``target-group``, ``service-name``)."""

    site_names: tuple[str, ...]
    services: tuple[dict[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class KindRule:
    """One row of kind-rules.csv; ``line`` is its line in the file, for reports."""

    line: int
    field: str
    match: str
    pattern: re.Pattern[str]
    unless_site_name: re.Pattern[str] | None
    centre_kind: str
    note: str

    def matches(self, facts: SiteFacts) -> bool:
        if self.unless_site_name and any(self.unless_site_name.search(name) for name in facts.site_names):
            return False
        if self.field == "site-name":
            return any(self.pattern.search(name) for name in facts.site_names)
        hits = [
            any(self.pattern.search(value) for value in service.get(self.field, ()))
            for service in facts.services
        ]
        return bool(hits) and (all(hits) if self.match == "all" else any(hits))

    def describe(self) -> str:
        text = f"kind rule {self.line} ({self.field} {self.match} /{self.pattern.pattern}/)"
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

    def __init__(
        self,
        classes: dict[str, ClassDecision],
        old_uris: dict[str, str],
        rules: list[NameRule],
        kind_rules: list[KindRule],
    ):
        self.classes = classes
        self.old_uris = old_uris
        self.rules = rules
        self.kind_rules = kind_rules

    @classmethod
    def load(cls, folder: Path) -> MappingTables:
        """Read and check the tables (``mappings/ptv/``; the README there explains them)."""
        return cls(
            _read_classes(folder / "service-classes.csv"),
            _read_old_uris(folder / "ptvrel_Finto_ServiceClasses.json"),
            _read_rules(folder / "name-rules.csv"),
            _read_kind_rules(folder / "kind-rules.csv"),
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
        names = rule_names(service.get("serviceNames"))
        rule = next((rule for rule in self.rules if any(rule.pattern.search(name) for name in names)), None)
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

    def centre_kind(self, facts: SiteFacts) -> KindMapping:
        """The centre kind by the first kind rule that matches the site, and which rule."""
        for rule in self.kind_rules:
            if rule.matches(facts):
                return KindMapping(rule.centre_kind, rule.describe())
        return KindMapping(None, "no kind rule matches: a location of its services, of no known kind")

    def service_facts(self, service: dict, service_types: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        """The values of a service record the kind rules look at (Finnish labels of its ontology terms)."""
        return {
            "service-type": service_types,
            "service-class": tuple(
                notation for c in service.get("serviceClasses") or [] if (notation := self.class_notation(c))
            ),
            "ontology-term": tuple(
                label
                for term in service.get("ontologyTerms") or []
                if (label := localised(term.get("name")).get("fi"))
            ),
            "target-group": tuple(
                group["code"] for group in service.get("targetGroups") or [] if group.get("code")
            ),
            "service-name": tuple(rule_names(service.get("serviceNames"))),
        }


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


def read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except OSError as error:
        raise UserError(f"cannot read mapping table {path}: {error.strerror}") from error


def _read_classes(path: Path) -> dict[str, ClassDecision]:
    classes: dict[str, ClassDecision] = {}
    for line, row in enumerate(read_csv(path), start=2):
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


def _pattern(path: Path, line: int, text: str) -> re.Pattern[str]:
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error as error:
        raise UserError(f"{path}:{line}: bad regular expression: {error}") from error


def _read_rules(path: Path) -> list[NameRule]:
    rules: list[NameRule] = []
    for line, row in enumerate(read_csv(path), start=2):
        if not row["service_type"]:
            raise UserError(f"{path}:{line}: a name rule gives a service type, not-sote or no-code")
        rules.append(NameRule(line, _pattern(path, line, row["pattern"]), row["service_type"], row["note"]))
    return rules


def _read_kind_rules(path: Path) -> list[KindRule]:
    rules: list[KindRule] = []
    for line, row in enumerate(read_csv(path), start=2):
        if row["field"] not in KIND_FIELDS or row["match"] not in KIND_MATCHES or not row["centre_kind"]:
            raise UserError(
                f"{path}:{line}: field must be one of {sorted(KIND_FIELDS)}, match all or any, and a centre kind given"
            )
        unless = _pattern(path, line, row["unless_site_name"]) if row["unless_site_name"] else None
        rules.append(
            KindRule(
                line, row["field"], row["match"], _pattern(path, line, row["pattern"]), unless, row["centre_kind"],
                row["note"],
            )
        )  # fmt: skip
    return rules


def read_municipality_counties(path: Path) -> dict[str, str]:
    """Municipality code → county code, from the project's municipality table (``data/sources/``)."""
    return {row["municipality_code"]: row["county_code"] for row in read_csv(path)}
