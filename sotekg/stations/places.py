"""Place a register row in a municipality of the 2022 list (the list `data/reference.ttl` is built from), and say
how: each correction is named, nothing is guessed silently.

The register writes each year's codes without leading zeros. In order: the name is trimmed; the code is padded
to three digits; a municipality merged since (``data/sources/municipality_mergers_2015-2021.csv``) goes to its
successor; a code whose 2022 name is the recorded name is kept; a code that contradicts its name yields to the
name when the name is one municipality of the 2022 list; anything else is not placed, with the reason.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Merger:
    former_code: str
    former_name: str
    successor_code: str
    successor_name: str
    effective: str
    source: str


@dataclass(frozen=True)
class Correction:
    """One kind of change to a recorded municipality; the report counts the rows that share it."""

    kind: str  # leading-zeros, whitespace, merged, code-contradicts-name
    recorded: str  # "code 'name'" as the register writes it
    placed: str  # the 2022 code
    reason: str


@dataclass(frozen=True)
class Placement:
    code: str | None  # the 2022 municipality code, None when not placed
    corrections: tuple[Correction, ...]
    reason: str = ""  # why it was not placed


@dataclass
class Places:
    names: dict[str, str]  # 2022 code → Finnish name
    counties: dict[str, str]  # 2022 code → county code
    mergers: dict[str, Merger]  # former code → merger

    @classmethod
    def load(cls, municipalities_csv: Path, mergers_csv: Path) -> Places:
        with municipalities_csv.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        with mergers_csv.open(encoding="utf-8") as handle:
            mergers = {row["former_code"]: Merger(**row) for row in csv.DictReader(handle)}
        return cls(
            {row["municipality_code"]: row["name_fi"] for row in rows},
            {row["municipality_code"]: row["county_code"] for row in rows},
            mergers,
        )

    def _codes_named(self, name: str) -> list[str]:
        return [code for code, known in self.names.items() if known.casefold() == name.casefold()]

    def place(self, recorded_code: str, recorded_name: str) -> Placement:
        recorded = f"{recorded_code.strip()} {recorded_name.strip()!r}"
        corrections: list[Correction] = []
        name = recorded_name.strip()
        if name != recorded_name:
            corrections.append(
                Correction(
                    "whitespace", f"{recorded_code} {recorded_name!r}", "", "spaces around the name trimmed"
                )
            )
        code = recorded_code.strip()
        if not code.isdigit() or len(code) > 3:
            return Placement(None, tuple(corrections), f"municipality code {recorded_code!r} is not a number")
        if len(code) < 3:
            padded = code.zfill(3)
            corrections.append(
                Correction("leading-zeros", recorded, padded, f"{code} written without leading zeros")
            )
            code = padded
        recorded = f"{code} {name!r}"
        merger = self._merger(code, name)
        if merger is not None:
            corrections.append(
                Correction(
                    "merged",
                    recorded,
                    merger.successor_code,
                    f"{merger.former_name} ({merger.former_code}) merged into {merger.successor_name} "
                    f"({merger.successor_code}) on {merger.effective} [{merger.source}]",
                )
            )
            return self._placed(merger.successor_code, corrections)
        if self.names.get(code, "").casefold() == name.casefold():
            return self._placed(code, corrections)
        by_name = self._codes_named(name)
        if len(by_name) == 1:
            held = self.names.get(code) or (self.mergers[code].former_name if code in self.mergers else None)
            corrections.append(
                Correction(
                    "code-contradicts-name",
                    recorded,
                    by_name[0],
                    f"code {code} is {held or 'no municipality of 2022'}; {name} is {by_name[0]}: the name wins",
                )
            )
            return self._placed(by_name[0], corrections)
        return Placement(
            None,
            tuple(corrections),
            f"code {code} ({self.names.get(code, 'not in the 2022 list')}) and name {name!r} "
            "name no single municipality of the 2022 list or merger",
        )

    def _merger(self, code: str, name: str) -> Merger | None:
        """A merger whose former name is the recorded name, recorded under the former or the successor's code."""
        for merger in self.mergers.values():
            if merger.former_name.casefold() == name.casefold() and code in (
                merger.former_code,
                merger.successor_code,
            ):
                return merger
        return None

    def _placed(self, code: str, corrections: list[Correction]) -> Placement:
        if code not in self.counties:
            return Placement(None, tuple(corrections), f"municipality {code} is not in the 2022 list")
        return Placement(code, tuple(corrections))
