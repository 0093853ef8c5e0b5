"""The kind rules on the hand-checked evaluation set (``tests/fixtures/ptv/kind-evaluation.csv``): sites held out
of the Vaasa recording (ids beginning 0–3, frozen before the kind rules were rewritten from the others) and the v11
sample's health station. ``python tests/ptv/kind_evaluation.py`` prints the precision table of docs/ptv.md."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from sotekg.ptv.mapping import MappingTables, read_municipality_counties
from sotekg.ptv.reader import PtvInput
from sotekg.ptv.targets import import_records

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "ptv"
EVALUATION = FIXTURES / "kind-evaluation.csv"
INPUTS = {  # the input of each evaluation case, and its municipality table
    "vaasa-2018": ([FIXTURES / "vaasa-2018"], None),
    "v11-samples": (
        [FIXTURES / "v11-samples" / "smbackend_municipality_channels.json",
         FIXTURES / "v11-samples" / "smbackend_municipality_services.json"],
        {"1": "09"},  # Testikunta, the anonymised sample's made-up municipality
    ),
}  # fmt: skip


def evaluate() -> list[tuple[dict[str, str], str | None, str]]:
    """(case, the kind the rules gave, the rule's reason) for every case of the evaluation set."""
    tables = MappingTables.load(ROOT / "mappings" / "ptv")
    counties = read_municipality_counties(ROOT / "data" / "sources" / "municipalities_2022.csv")
    cases = list(csv.DictReader(EVALUATION.open(encoding="utf-8")))
    decided: dict[str, tuple[str | None, str]] = {}
    for paths, table in INPUTS.values():
        result = import_records(PtvInput(paths), tables, table or counties, None)
        decided |= {site.ptv_id: (site.kind, site.kind_reason) for site in result.report.imported}
    return [(case, *decided.get(case["ptv_id"], (None, "not imported"))) for case in cases]


def precision_table(results: list[tuple[dict[str, str], str | None, str]]) -> str:
    """Markdown: per kind the sites the rules gave it, how many of them rightly, and the sites left without a kind."""
    given, right = Counter(), Counter()
    expected = Counter(case["expected_kind"] for case, _, _ in results)
    for case, kind, _ in results:
        if kind is not None:
            given[kind] += 1
            right[kind] += kind == case["expected_kind"]
    lines = [
        "| kind | cases | given the kind | of them right | precision | left without a kind |",
        "|---|---|---|---|---|---|",
    ]
    for kind in sorted(set(expected) | set(given)):
        missed = sum(1 for case, got, _ in results if case["expected_kind"] == kind and got is None)
        share = f"{right[kind] / given[kind]:.2f}" if given[kind] else "–"
        lines.append(f"| {kind} | {expected[kind]} | {given[kind]} | {right[kind]} | {share} | {missed} |")
    total_given, total_right = sum(given.values()), sum(right.values())
    lines.append(
        f"| all | {len(results)} | {total_given} | {total_right} | {total_right / total_given:.2f} | "
        f"{sum(1 for _, got, _ in results if got is None)} |"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    outcome = evaluate()
    print(precision_table(outcome))
    for case, kind, reason in outcome:
        if kind != case["expected_kind"]:
            print(
                f"- {case['name']} ({case['ptv_id']}): expected {case['expected_kind']}, got {kind}: {reason}"
            )
