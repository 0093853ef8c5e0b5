"""``sotekg validate``: reports, JSON, languages, formats and exit codes (0 conforms, 1 not, 2 unreadable)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sotekg.cli import main
from sotekg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).parent / "shapes"
TEAM_WITHOUT_SOCIAL = EXAMPLES / "TeamSocialProfessionShape" / "invalid-001.ttl"
TEAM_VALID = EXAMPLES / "TeamSocialProfessionShape" / "valid-001.ttl"


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(["validate", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_shipped_region_model_conforms_with_its_listed_warnings(capsys):
    region = Settings().data_dir / "regions" / "09.ttl"
    expected = json.loads((Path(__file__).parent / "expected_warnings.json").read_text(encoding="utf-8"))
    code, out, _ = run(capsys, str(region))
    assert code == 0
    assert out.startswith("Malli on muotojen mukainen.\n")
    assert f"virheitä: 0, varoituksia: {len(expected['data/regions/09.ttl'])}, huomautuksia: 0" in out


def test_violation_report_is_grouped_by_focus_node_in_finnish(capsys):
    code, out, _ = run(capsys, str(TEAM_WITHOUT_SOCIAL))
    assert code == 1
    lines = out.splitlines()
    assert lines[:2] == ["Malli ei ole muotojen mukainen.", "virheitä: 1, varoituksia: 0, huomautuksia: 0"]
    group = lines.index("Esimerkkitiimi (ex:team)")
    assert lines[group + 1] == "  VIRHE  muoto shp:TeamSocialProfessionShape"
    assert lines[group + 2] == "    polku sk:member/sk:profession/sk:sector"
    assert (
        lines[group + 3] == "    Moniammatillisessa tiimissä on oltava vähintään yksi sosiaalialan ammatti."
    )


def test_report_in_english(capsys):
    code, out, _ = run(capsys, "--lang", "en", str(TEAM_WITHOUT_SOCIAL))
    assert code == 1
    assert out.startswith("The model does not conform to the shapes.\nviolations: 1, warnings: 0, infos: 0\n")
    assert "    A multiprofessional team must have at least one social-sector profession.\n" in out


def test_json_report(capsys):
    code, out, _ = run(
        capsys, "--json", "--lang", "en", str(EXAMPLES / "OrganiserCodeShape" / "invalid-003.ttl")
    )
    assert code == 1
    assert json.loads(out) == {
        "conforms": False,
        "violations": 1,
        "warnings": 0,
        "infos": 0,
        "results": [
            {
                "severity": "Violation",
                "focusNode": "https://example.org/organiser",
                "path": "https://w3id.org/sotekg/def#code",
                "value": '"99"^^<http://www.w3.org/2001/XMLSchema#integer>',
                "message": 'An organiser must have exactly one code, as a string (e.g. "09").',
                "sourceShape": "https://w3id.org/sotekg/shapes#OrganiserCodeShape",
            }
        ],
    }


def test_warnings_alone_conform(capsys):
    code, out, _ = run(capsys, "--json", str(EXAMPLES / "ModelFactSourceShape" / "invalid-001.ttl"))
    report = json.loads(out)
    assert code == 0
    assert (report["conforms"], report["violations"], report["warnings"]) == (True, 0, 1)
    assert report["results"][0]["message"].startswith("Keskuksen, palvelutarjonnan, tiimin")


def test_files_together_make_one_model(capsys, tmp_path: Path):
    """The organiser in one file, its collaborative area in another: valid only together."""
    organiser, area = (
        (EXAMPLES / "OrganiserCodeShape" / "valid-001.ttl").read_text(encoding="utf-8").split("\nex:area ")
    )
    prefixes = organiser[: organiser.index("\nex:organiser")]
    (tmp_path / "organiser.ttl").write_text(organiser, encoding="utf-8")
    (tmp_path / "area.ttl").write_text(prefixes + "\nex:area " + area, encoding="utf-8")
    assert run(capsys, str(tmp_path / "organiser.ttl"))[0] == 1
    assert run(capsys, str(tmp_path / "organiser.ttl"), str(tmp_path / "area.ttl"))[0] == 0


def test_trig_graphs_are_merged(capsys, tmp_path: Path):
    turtle = TEAM_WITHOUT_SOCIAL.read_text(encoding="utf-8")
    head, body = turtle.split("\n\n", 1)
    trig = tmp_path / "model.trig"
    trig.write_text(f"{head}\n\n<https://example.org/graph> {{\n{body}}}\n", encoding="utf-8")
    code, out, _ = run(capsys, "--lang", "en", str(trig))
    assert code == 1
    assert "shape shp:TeamSocialProfessionShape" in out


def test_jsonld_by_extension_and_format_option(capsys, tmp_path: Path):
    model = {
        "@context": {"sk": "https://w3id.org/sotekg/def#", "dct": "http://purl.org/dc/terms/"},
        "@id": "https://example.org/offering",
        "@type": "sk:ServiceOffering",
        "dct:source": {"@id": "https://example.org/source"},
        "dct:date": {"@value": "2023", "@type": "http://www.w3.org/2001/XMLSchema#gYear"},
    }
    source = {"@id": "https://example.org/source", "@type": "https://w3id.org/sotekg/def#SourceDocument"}
    text = json.dumps({"@graph": [model, source], "@context": model.pop("@context")})
    (tmp_path / "model.jsonld").write_text(text, encoding="utf-8")
    (tmp_path / "model.txt").write_text(text, encoding="utf-8")
    for argv in ([str(tmp_path / "model.jsonld")], ["--format", "json-ld", str(tmp_path / "model.txt")]):
        code, out, _ = run(capsys, "--json", *argv)
        report = json.loads(out)
        assert code == 1
        assert [r["sourceShape"].rsplit("#", 1)[1] for r in report["results"]] == ["OfferingServiceTypeShape"]


def test_malformed_turtle_gives_one_line_with_file_and_line(capsys, tmp_path: Path):
    bad = tmp_path / "broken-model.ttl"
    bad.write_text(
        '@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n', encoding="utf-8"
    )
    code, out, err = run(capsys, str(bad))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"sotekg validate: {bad}, line 3, column 11: ")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.ttl"], "missing.ttl: cannot read"),
        (["model.txt"], "cannot tell the RDF format"),
        (["--format", "csv", "model.ttl"], "unsupported RDF format 'csv'"),
    ],
)
def test_unreadable_input_exits_2(capsys, tmp_path: Path, monkeypatch, argv: list[str], message: str):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.txt").write_text("", encoding="utf-8")
    (tmp_path / "model.ttl").write_text("", encoding="utf-8")
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err and err.count("\n") == 1


def test_valid_example_conforms_without_results(capsys):
    code, out, _ = run(capsys, "--json", str(TEAM_VALID))
    assert code == 0
    assert json.loads(out) == {"conforms": True, "violations": 0, "warnings": 0, "infos": 0, "results": []}
