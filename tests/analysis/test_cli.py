"""The analyst commands: ``sotekg query``, ``sotekg network`` and ``sotekg plot``, run through ``cli.main``."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from sotekg import cli
from sotekg.analysis.run import query_library, run_named
from sotekg.tabular import document


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_shows_names_summaries_and_parameters(capsys, settings):
    code, out, _ = run_cli(capsys, "query", "--list", "--format", "json")
    assert code == 0
    listed = {row["name"]: row for row in json.loads(out)["rows"]}
    assert set(listed) == {query.name for query in query_library(settings)}
    assert listed["analytics/coverage-matrix"]["parameters"] == "service_set=sote-centre-minimum"
    assert listed["analytics/trained-practitioners"]["parameters"] == "method? age_group?"
    assert listed["analytics/ot-centres"]["summary"].startswith("OT-centre of each collaborative area")
    code, table, _ = run_cli(capsys, "query", "--list")
    assert table.splitlines()[0].split() == ["name", "summary", "parameters"]


def test_named_query_to_a_csv_file(capsys, tmp_path, embedded_store, settings):
    target = tmp_path / "status.csv"
    code, out, err = run_cli(
        capsys,
        "query",
        "analytics/sote-centre-status",
        "--param",
        "area=ita-suomi",
        "--format",
        "csv",
        "--output",
        str(target),
    )
    assert code == 0 and out == "" and str(target) in err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    expected = run_named(embedded_store, settings, "analytics/sote-centre-status", {"area": "ita-suomi"})
    assert (
        [row["organiser_code"] for row in rows]
        == expected.column("organiser_code")
        == ["12", "13", "14", "15"]
    )


def test_ad_hoc_query_file_with_a_parameter(capsys, tmp_path):
    query = tmp_path / "organiser.rq"
    query.write_text(
        "#+ summary: organiser by code\n"
        "PREFIX sk: <https://w3id.org/sotekg/def#>\n"
        "SELECT ?_code ?organiser WHERE { ?organiser a sk:ServiceOrganiser ; sk:code ?_code }\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(capsys, "query", "--file", str(query), "--param", "code=90", "--format", "ndjson")
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {"_code": "90", "organiser": "http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/90"}
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["query", "analytics/organisers-missing-service", "--param", "servic=x"],
            "unknown parameter 'servic'",
        ),
        (
            ["query", "analytics/organisers-missing-service", "--param", "service="],
            "needs parameter 'service'",
        ),
        (["query", "analytics/no-such-query"], "no query named 'analytics/no-such-query'"),
        (["query", "analytics/ot-centres", "--param", "region"], "--param needs NAME=VALUE"),
        (["query"], "give a query name or --file"),
        (["query", "--file", "/nonexistent/q.rq"], "cannot read query file"),
        (["network", "gaps"], "needs a partner type"),
        (["network", "gaps", "--partner-type", "kel"], "unknown partner type 'kel'"),
        (["network", "partners", "--region", "99"], "no organiser with code '99'"),
        (["network", "export", "--format", "csv"], "export writes graphml or node-link"),
        (["plot", "network"], "needs --region"),
        (["plot", "coverage", "--service-set", "nothing"], "unknown service set 'nothing'"),
    ],
)
def test_user_errors_are_one_line(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_same_rows_from_a_remote_endpoint(capsys, remote_store, remote_settings, embedded_store, settings):
    code, out, _ = run_cli(
        capsys,
        "query",
        "analytics/coverage-matrix",
        "--format",
        "json",
        "--endpoint",
        remote_settings.endpoint,
    )
    assert code == 0
    assert json.loads(out) == document(run_named(embedded_store, settings, "analytics/coverage-matrix"))


def test_network_reports_and_export(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "network", "chain-gaps", "--format", "json")
    assert code == 0
    rows = json.loads(out)["rows"]
    assert len(rows) == 22
    assert {row["organiser_code"]: row["status"] for row in rows}["09"] == "structural-chain-only"
    target = tmp_path / "09.graphml"
    code, _, _ = run_cli(capsys, "network", "export", "--region", "09", "--output", str(target))
    assert code == 0
    graph = nx.read_graphml(target)
    assert graph.nodes["https://w3id.org/sotekg/id/centre/09-sote-keskus"]["kind"] == "sote-centre"
    code, out, _ = run_cli(capsys, "network", "components", "--scope", "all", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "component,size,kinds,members"


def test_plot_writes_the_format_of_the_file_name(capsys, tmp_path):
    target = tmp_path / "coverage.png"
    assert run_cli(capsys, "plot", "coverage", "--output", str(target))[0] == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, out, _ = run_cli(capsys, "plot", "network", "--region", "09", "--lang", "en")
    assert code == 0 and "<svg" in out and "Integration network" in out
