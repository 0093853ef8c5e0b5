"""The kind rules on data they were not written from: the hand-checked evaluation set (tests/ptv/kind_evaluation.py)
gives the precision table docs/ptv.md shows, and every wrong or missing kind is one the docs name."""

from pathlib import Path

from kind_evaluation import EVALUATION, evaluate, precision_table

DOCS = (Path(__file__).resolve().parents[2] / "docs" / "ptv.md").read_text(encoding="utf-8")


def test_the_evaluation_set_is_hand_checked_and_held_out():
    lines = EVALUATION.read_text(encoding="utf-8").splitlines()
    cases = lines[1:]
    assert len(cases) == 25
    vaasa = [line for line in cases if ",vaasa-2018," in line]
    assert len(vaasa) == 24 and all(line[0] in "0123" for line in vaasa)  # the held-out part, ids 0–3
    assert all(line.rsplit(",", 1)[-1].strip() for line in cases)  # each says why its kind is right


def test_precision_per_kind_is_the_one_docs_show():
    results = evaluate()
    assert len(results) == 25
    assert "\n".join("  " + line for line in precision_table(results).splitlines()) in DOCS  # in a list item
    misses = [(case["name"], kind) for case, kind, _ in results if kind != case["expected_kind"]]
    assert misses == [("Laihian vuodeostasto", None)]
    assert "Laihian vuodeostasto" in DOCS
