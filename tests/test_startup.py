"""What ``sotekg serve`` imports before it answers ``/health``: the heavy libraries behind single commands and
routes (plots, network analysis, validation, exports, the SPARQL guard) are imported on first use, not at start
(start-up ≤ 2 s, issue 5; the time itself is measured in bench/startup.py). Also the CLI's per-command import.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from sotekg import cli, commands

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [
    "export",
    "import",
    "load",
    "network",
    "plot",
    "query",
    "serve",
    "sheet",
    "stats",
    "synth",
    "validate",
]

# imported by the routes and commands that use them, never by start-up
DEFERRED = [
    "matplotlib",  # sotekg.analysis.plots: /plots, /network, /queries, sotekg plot
    "networkx",  # sotekg.analysis.network
    "pyshacl",  # sotekg.validation (POST /validate, model writes), sotekg.export.cpsv_ap
    "pyrudof",  # sotekg.shacl_fast
    "jsonschema",  # sotekg.export.hsds
    "openpyxl",  # sotekg.sheet.files: workbooks (GET/PUT /regions/{code}/model, POST /validate), sotekg sheet
    "pyparsing",  # rdflib's SPARQL parser: the /sparql guard (sotekg.sparql_protocol.check_query)
    "sotekg.analysis.plots",
    "sotekg.analysis.network",
    "sotekg.export.cpsv_ap",
    "sotekg.export.hsds",
    "sotekg.validation",
    "sotekg.sheet.workbook",
    "sotekg.commands.validate",
]

PROBE = """
import json, sys
from pathlib import Path
from fastapi.testclient import TestClient
from api.app import create_app
from sotekg.cli import build_parser
from sotekg.settings import Settings, StoreKind

build_parser(["serve", "--help"])  # what `sotekg serve` imports before it runs uvicorn
settings = Settings(root=Path(sys.argv[1]), store=StoreKind.embedded, endpoint=None, store_dir=None)
with TestClient(create_app(settings)) as client:  # the lifespan: store loaded, lookup index built
    health = client.get("/health").json()
    print(json.dumps({"health": health, "loaded": sorted(sys.modules)}))
"""


def test_start_up_to_health_imports_none_of_the_heavy_libraries():
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT)],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.splitlines()[-1])
    assert answer["health"]["status"] == "ok"
    assert answer["health"]["triples"] > 1000
    loaded = set(answer["loaded"])
    assert {"api.routers.plots", "api.routers.validate", "sotekg.publish", "sotekg.commands.serve"} <= loaded
    assert [name for name in DEFERRED if name in loaded] == []


def test_the_command_modules_are_the_commands():
    assert sorted(info.name.rstrip("_") for info in pkgutil.iter_modules(commands.__path__)) == COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_runs_with_only_its_own_module(command, capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main([command, "--help"])
    assert exit.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: sotekg {command} ")


@pytest.mark.parametrize("argv", [["--help"], ["no-such-command"]])
def test_help_and_typos_still_list_every_command(argv, capsys):
    with pytest.raises(SystemExit):
        cli.main(argv)
    out = capsys.readouterr()
    for command in COMMANDS:
        assert command in out.out + out.err
