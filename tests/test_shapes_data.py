"""The shipped data validates: every region model (sotekg.layout.region_files) with the full validation context has
no violations, and its warnings are exactly those listed in tests/expected_warnings.json.

When the data or the shapes change on purpose, regenerate the list and review its diff:

    .venv/bin/python tests/test_shapes_data.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sotekg.layout import region_files
from sotekg.rdfio import read_rdf_file
from sotekg.settings import Settings
from sotekg.validation import ValidationReport, Validator

SETTINGS = Settings()
EXPECTED_FILE = Path(__file__).parent / "expected_warnings.json"
REGION_FILES = region_files(SETTINGS)


def _key(path: Path) -> str:
    return path.relative_to(SETTINGS.root).as_posix()


def warnings_of(report: ValidationReport) -> list[dict[str, str]]:
    return sorted(
        ({"focusNode": str(r.focus_node), "sourceShape": str(r.source_shape)} for r in report.results
         if r.severity == "Warning"),
        key=lambda w: (w["focusNode"], w["sourceShape"]),
    )  # fmt: skip


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator.from_settings(SETTINGS)


def test_region_files_were_collected():
    assert len(REGION_FILES) >= 1
    expected = json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))
    assert set(expected) == {_key(f.path) for f in REGION_FILES}, "regenerate tests/expected_warnings.json"


@pytest.mark.parametrize("region_file", REGION_FILES, ids=lambda f: f.path.name)
def test_region_model_conforms_with_the_listed_warnings(validator: Validator, region_file):
    report = validator.validate(read_rdf_file(region_file.path))
    assert report.count("Violation") == 0, report.to_text("en")
    assert report.conforms
    expected = json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))[_key(region_file.path)]
    assert warnings_of(report) == expected, report.to_text("en")


def write_expected_warnings() -> None:
    validator = Validator.from_settings(SETTINGS)
    expected = {_key(f.path): warnings_of(validator.validate(read_rdf_file(f.path))) for f in REGION_FILES}
    EXPECTED_FILE.write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"wrote {EXPECTED_FILE}: {sum(len(v) for v in expected.values())} warnings in {len(expected)} files"
    )


if __name__ == "__main__":
    write_expected_warnings()
