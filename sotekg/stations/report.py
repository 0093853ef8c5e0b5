"""The station import's report: what was read and imported, every correction of a recorded municipality (with
the rows it touched), every row that could not be placed and why, gaps in a station's years, coordinates."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from .places import Correction


@dataclass(frozen=True)
class Unplaced:
    where: str  # sheet and row
    station: str
    recorded: str
    reason: str


@dataclass(frozen=True)
class ImportedStation:
    id: str
    name: str
    municipality: str
    county: str
    first: int
    last: int


@dataclass
class StationReport:
    rows: dict[int, int] = field(default_factory=dict)
    stations: list[ImportedStation] = field(default_factory=list)
    corrections: dict[Correction, list[str]] = field(default_factory=dict)
    unplaced: list[Unplaced] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)
    followed: dict[str, str] = field(default_factory=dict)  # merger reason → what the later rows show
    forms: Counter = field(default_factory=Counter)
    unmapped_types: dict[str, list[str]] = field(default_factory=dict)
    gaps: list[tuple[str, str]] = field(default_factory=list)
    successors: list[str] = field(default_factory=list)
    ptv_pairs: list = field(default_factory=list)  # links.Pair
    ptv_unlinked: list[str] = field(default_factory=list)
    geocoded: int = 0
    ambiguous_geocodes: list[str] = field(default_factory=list)

    def counties(self) -> dict[str, int]:
        return dict(sorted(Counter(station.county for station in self.stations).items()))

    def corrections_of(self, kind: str) -> list[tuple[Correction, list[str]]]:
        return sorted(
            ((c, rows) for c, rows in self.corrections.items() if c.kind == kind),
            key=lambda item: (item[0].placed, item[0].recorded),
        )

    def to_dict(self) -> dict:
        return {
            "rows": {str(year): count for year, count in self.rows.items()},
            "stations": {"count": len(self.stations), "counties": self.counties()},
            "corrections": [
                {**asdict(correction), "rows": rows}
                for kind in ("merged", "code-contradicts-name", "whitespace", "leading-zeros")
                for correction, rows in self.corrections_of(kind)
            ],
            "followed": self.followed,
            "unplaced": [asdict(item) for item in self.unplaced],
            "strayRows": self.stray,
            "organiserForms": dict(sorted(self.forms.items())),
            "unmappedOrganiserTypes": self.unmapped_types,
            "gaps": [{"station": station, "years": years} for station, years in self.gaps],
            "sameAddressSuccessors": self.successors,
            "ptvPairs": [asdict(pair) for pair in self.ptv_pairs],
            "ptvUnlinked": self.ptv_unlinked,
            "geocoded": self.geocoded,
            "ambiguousGeocodes": self.ambiguous_geocodes,
        }

    def text(self) -> str:
        read = ", ".join(f"{year}: {count}" for year, count in self.rows.items())
        counties = ", ".join(f"{code}: {count}" for code, count in self.counties().items())
        opened = sum(1 for s in self.stations if s.first > min(self.rows))
        closed = sum(1 for s in self.stations if s.last < max(self.rows))
        lines = [
            f"Read: {sum(self.rows.values())} rows ({read})",
            f"Imported stations: {len(self.stations)} (opened within the years {opened}, closed {closed})",
            f"  by organiser today: {counties}",
            "  organisers of the time by form: "
            + ", ".join(f"{form} {count}" for form, count in sorted(self.forms.items())),
            "Corrections of recorded municipalities (recorded → placed, rows):",
        ]
        for kind in ("merged", "code-contradicts-name", "whitespace"):
            for correction, rows in self.corrections_of(kind):
                lines.append(
                    f"  {kind} {correction.recorded} → {correction.placed or '-'}: {correction.reason}; "
                    f"{len(rows)} row(s): {', '.join(rows)}"
                )
                if correction.reason in self.followed:
                    lines.append(f"    followed: {self.followed[correction.reason]}")
        padded = self.corrections_of("leading-zeros")
        lines.append(
            f"  leading-zeros: {sum(len(rows) for _, rows in padded)} row(s) whose code lacks its leading zeros, "
            "padded to three digits (code → code: rows):"
        )
        entries = [f"{c.recorded.split()[0]}→{c.placed}: {len(rows)}" for c, rows in padded]
        lines += ["    " + ", ".join(entries[i : i + 8]) for i in range(0, len(entries), 8)]
        lines.append(f"Skipped, cells only outside the register's columns: {len(self.stray)} row(s)")
        lines += [f"  {where}" for where in self.stray]
        lines.append(f"Not placed: {len(self.unplaced)} row(s)")
        lines += [f"  {u.where} {u.station!r} ({u.recorded}): {u.reason}" for u in self.unplaced]
        lines.append(
            f"Organiser types not in mappings/stations/organiser-forms.csv: {len(self.unmapped_types)}"
        )
        lines += [f"  {t!r}: {', '.join(rows)}" for t, rows in sorted(self.unmapped_types.items())]
        lines.append(f"Years missing between a station's first and last year: {len(self.gaps)} station(s)")
        lines += [f"  {station}: {years}" for station, years in self.gaps]
        lines.append(
            f"Same address, one name last listed the year before another is first listed: {len(self.successors)} "
            "pair(s), likely renamed; kept as the register names them (each pair in --report-json)"
        )
        lines.append(
            f"Coordinates (OpenStreetMap via the authors' geocoding, ODbL): {self.geocoded} station(s); "
            f"names geocoded but shared by two stations, left without: {len(self.ambiguous_geocodes)}"
        )
        lines += [f"  {name}" for name in self.ambiguous_geocodes]
        lines.append(
            f"Linked to a PTV service location of the same site (skos:closeMatch): {len(self.ptv_pairs)} pair(s)"
        )
        lines += [
            f"  {p.station} {p.station_name!r} = {p.ptv} {p.ptv_name!r} ({p.municipality}, {p.address}: {p.basis})"
            for p in self.ptv_pairs
        ]
        lines.append(f"PTV health stations without a station of the same site: {len(self.ptv_unlinked)}")
        lines += [f"  {item}" for item in self.ptv_unlinked]
        return "\n".join(lines)
