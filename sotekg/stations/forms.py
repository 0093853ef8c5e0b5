"""The form of an organiser of the time (municipality, joint authority, cooperation area) from the register's
recorded type and the organiser's name, by the reviewable table ``mappings/stations/organiser-forms.csv``.

A type rule says one municipality or several; for several, the first name rule whose text the name contains
decides, else the type rule's form (an arrangement whose form the name does not tell).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FormRule:
    field: str  # type (the whole recorded type, case-folded) or name (text the name contains, case-folded)
    match: str
    form: str
    reason: str


@dataclass(frozen=True)
class OrganiserForms:
    rules: tuple[FormRule, ...]

    @classmethod
    def load(cls, path: Path) -> OrganiserForms:
        with path.open(encoding="utf-8") as handle:
            return cls(tuple(FormRule(**row) for row in csv.DictReader(handle)))

    def form(self, recorded_type: str, name: str) -> FormRule | None:
        """The rule that decides, or None when the recorded type is not in the table."""
        by_type = next(
            (
                rule
                for rule in self.rules
                if rule.field == "type" and rule.match == recorded_type.strip().casefold()
            ),
            None,
        )
        if by_type is None or by_type.form == "municipality":
            return by_type
        folded = name.casefold()
        return next(
            (rule for rule in self.rules if rule.field == "name" and rule.match in folded),
            by_type,
        )
