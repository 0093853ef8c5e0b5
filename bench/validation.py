"""Validation of one region model: ``Validator`` (shapes and context prepared once, rudof engine) against the
naive call (pySHACL on the data merged into a copy of the context, shapes parsed on each call), interleaved, and
a check in the same run that both give the same results."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from sotekg.rdfio import read_rdf_file, union_graph
from sotekg.settings import Settings
from sotekg.validation import ValidationReport, Validator, context_files, grade_by_status, shapes_files
from testsupport.shacl_reference import naive_report, result_keys

from .measure import Row, Sample, timed

TARGET_SPEED_UP = 4.0


def run(settings: Settings, synthetic_region: Path, rounds: int) -> list[Row]:
    build = Sample([timed(lambda: Validator(shapes_files(settings), context_files(settings)))], "s")
    validator = Validator.from_settings(settings)
    context = union_graph(*(read_rdf_file(file.path) for file in context_files(settings)))
    cases = {
        "data/regions/09.ttl": read_rdf_file(settings.data_dir / "regions" / "09.ttl"),
        f"synthetic region ({synthetic_region.name})": read_rdf_file(synthetic_region),
    }
    rows = [Row("validation", "Validator built (shapes, context, rudof session; once per process)", build)]
    for number, (name, data) in enumerate(cases.items()):
        rows.append(_case(settings, validator, context, name, data, max(1, rounds - number)))
    return rows


def _case(
    settings: Settings, validator: Validator, context: Graph, name: str, data: Graph, rounds: int
) -> Row:
    ours: list[float] = []
    naive: list[float] = []
    reports: dict[str, Graph] = {}
    results: list[ValidationReport] = []

    def run_ours() -> None:
        results.append(validator.validate(data))

    def run_naive() -> None:
        shapes = union_graph(*(read_rdf_file(path) for path in shapes_files(settings)))
        reports["naive"] = naive_report(data, shapes, context)

    for number in range(rounds):  # interleaved, the order alternating
        pair = [(run_ours, ours), (run_naive, naive)]
        for action, samples in pair if number % 2 == 0 else reversed(pair):
            samples.append(timed(action))
    shapes = union_graph(*(read_rdf_file(path) for path in shapes_files(settings)))
    graded = grade_by_status(reports["naive"], shapes, union_graph(context, data))  # as every report is
    same = result_keys(results[-1].graph) == result_keys(graded)
    speed_up = Sample(naive, "s").median / Sample(ours, "s").median
    return Row(
        "validation",
        f"{name}, {len(union_graph(data))} triples, {len(results[-1].results)} results",
        Sample(ours, "s"),
        Sample(naive, "s"),
        "naive pySHACL",
        speed_up,
        f"≥ {TARGET_SPEED_UP:g}× faster; identical results",
        speed_up >= TARGET_SPEED_UP and same,
        note=f"engine {validator.engine}; results identical: {'yes' if same else 'NO'}",
    )
