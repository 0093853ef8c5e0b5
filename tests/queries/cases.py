"""The query cases whose expected results live in this folder, and the script that rewrites them.

Each case is a named query and its parameter values; its expected result is ``<name>[--k=v…].json`` here, in
the ``sotekg.tabular.document`` form (``{"columns": […], "rows": [{…}]}``). After a deliberate change to the
data or a query, rewrite them and review the diff like code:

    .venv/bin/python tests/queries/cases.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

CASES: list[tuple[str, dict[str, str]]] = [
    ("analytics/coverage-matrix", {}),
    ("analytics/coverage-matrix", {"service_set": "family-centre-universal"}),
    ("analytics/coverage-evidence", {"region": "17"}),
    ("analytics/organisers-missing-service", {}),
    ("analytics/organisers-missing-service", {"service": "home-delivered-services"}),
    ("analytics/sote-centre-status", {}),
    ("analytics/sote-centre-status", {"area": "ita-suomi"}),
    ("analytics/family-centre-services", {}),
    ("analytics/team-composition", {}),
    ("analytics/team-composition", {"region": "09"}),
    ("analytics/teams-lacking-sector", {}),
    ("analytics/integration-partners", {}),
    ("analytics/integration-partners", {"link_type": "referral"}),
    ("analytics/ot-centres", {}),
    ("analytics/trained-practitioners", {}),
    ("analytics/trained-practitioners", {"method": "ipc-n"}),
    ("analytics/trained-practitioners", {"age_group": "adults"}),
    ("analytics/remote-rehabilitation", {}),
    ("analytics/remote-rehabilitation", {"therapy": "physiotherapy"}),
    ("analytics/services-by-channel", {}),
    ("analytics/services-by-channel", {"region": "09"}),
    ("analytics/facts-without-source", {}),
    ("analytics/municipality-centres", {}),
    ("analytics/municipality-centres", {"municipality": "398"}),
    ("analytics/labels", {}),
    ("analytics/code-lists", {}),
    ("analytics/network-nodes", {}),
    ("analytics/network-edges", {}),
    ("analytics/health-stations-by-year", {}),
    ("analytics/health-stations-opened-closed", {}),
    ("analytics/municipalities-without-station", {}),
    ("analytics/outsourced-stations", {}),
    ("analytics/station-list-2024", {}),
    ("qc/absent-on-partial-source-violation", {}),
    ("qc/centre-without-organiser-violation", {}),
    ("qc/code-outside-code-list-violation", {}),
    ("qc/fact-without-source-or-date-violation", {}),
    ("qc/integration-link-incomplete-violation", {}),
    ("qc/organiser-status-violation", {}),
    ("qc/synthetic-data-violation", {}),
]


def case_id(name: str, values: dict[str, str]) -> str:
    return name + "".join(f"--{key}={value}" for key, value in sorted(values.items()))


def expected_path(name: str, values: dict[str, str]) -> Path:
    return HERE / f"{case_id(name, values)}.json"


def canonical(document: dict) -> dict:
    """Rows in a stable order, for comparison and for files that diff well: SPARQL leaves the order of equal
    ORDER BY keys open, so rows are sorted. (The parts of a GROUP_CONCAT list come sorted from the code:
    ``ResultTable.with_sorted_lists``, and these files show it.)"""
    rows = sorted(document["rows"], key=lambda row: json.dumps(row, sort_keys=True, ensure_ascii=False))
    return {"columns": list(document["columns"]), "rows": rows}


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from sotekg.analysis.run import run_named
    from sotekg.settings import Settings
    from sotekg.store import open_store
    from sotekg.tabular import document

    settings = Settings(root=ROOT)
    store = open_store(settings)
    try:
        for name, values in CASES:
            path = expected_path(name, values)
            path.parent.mkdir(parents=True, exist_ok=True)
            result = canonical(document(run_named(store, settings, name, values)))
            path.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)} ({len(result['rows'])} rows)")
    finally:
        store.close()


if __name__ == "__main__":
    main()
