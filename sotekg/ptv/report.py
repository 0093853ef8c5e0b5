"""The import report: what was imported, what was skipped as not health or social services, and everything
sote-looking that could not be mapped (with the PTV id and the reason), as text for people or a dict for JSON.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class ImportedSite:
    county: str
    ptv_id: str
    name: str
    kind: str | None
    service_types: tuple[str, ...]
    kind_reason: str  # the kind rule that decided, or why none did


@dataclass(frozen=True)
class ReportItem:
    """One record the import did not turn into our model, and why."""

    category: str
    ptv_id: str
    name: str
    reason: str


@dataclass
class ImportReport:
    records: dict[str, int] = field(default_factory=dict)
    imported: list[ImportedSite] = field(default_factory=list)
    not_sote: list[ReportItem] = field(default_factory=list)
    unmapped: list[ReportItem] = field(default_factory=list)
    channels: list[ReportItem] = field(default_factory=list)

    def counties(self) -> dict[str, int]:
        """Imported service locations per county code."""
        return dict(sorted(Counter(site.county for site in self.imported).items()))

    def kind_rules(self) -> dict[str, int]:
        """How many sites each kind rule decided (by its line in kind-rules.csv), in the table's order."""
        counts = Counter(site.kind_reason.split(" (", 1)[0] for site in self.imported if site.kind)
        return dict(sorted(counts.items(), key=lambda item: int(item[0].rsplit(" ", 1)[1])))

    def unmapped_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(item.category for item in self.unmapped).items()))

    def to_dict(self) -> dict:
        return {
            "records": self.records,
            "imported": {
                "count": len(self.imported),
                "counties": self.counties(),
                "kindRules": self.kind_rules(),
                "sites": [asdict(site) for site in self.imported],
            },
            "notSote": {"count": len(self.not_sote), "items": [asdict(item) for item in self.not_sote]},
            "unmapped": {
                "count": len(self.unmapped),
                "categories": self.unmapped_counts(),
                "items": [asdict(item) for item in self.unmapped],
            },
            "otherChannels": [asdict(item) for item in self.channels],
        }

    def text(self) -> str:
        read = ", ".join(f"{count} {kind}" for kind, count in self.records.items())
        counties = ", ".join(f"{code}: {count}" for code, count in self.counties().items()) or "none"
        kinds = Counter(site.kind or "(no kind)" for site in self.imported)
        lines = [
            f"Read: {read}",
            f"Imported service locations: {len(self.imported)} (by county {counties})",
            "  kinds: " + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())),
            "  decided by kind rule (line: sites): "
            + (
                ", ".join(f"{rule.rsplit(' ', 1)[1]}: {n}" for rule, n in self.kind_rules().items()) or "none"
            ),
            f"Skipped, not health or social services: {len(self.not_sote)} service locations",
        ]
        lines.append(
            f"Unmapped: {len(self.unmapped)}"
            + (
                " (" + ", ".join(f"{cat} {n}" for cat, n in self.unmapped_counts().items()) + ")"
                if self.unmapped
                else ""
            )
        )
        lines += [f"  {item.category} {item.ptv_id} {item.name!r}: {item.reason}" for item in self.unmapped]
        if self.channels:
            lines.append(f"Phone, e-service and web-page channels: {len(self.channels)}")
            lines += [
                f"  {item.category} {item.ptv_id} {item.name!r}: {item.reason}" for item in self.channels
            ]
        return "\n".join(lines)
