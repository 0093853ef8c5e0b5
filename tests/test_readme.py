"""The README shows real output: each ``$ sotekg …`` and ``$ curl …`` block there is what the command prints today.

``sotekg`` blocks run through the CLI in a scratch folder where ``tests/`` is this repository's (so relative paths
and ``--output`` folders behave as in a checkout); ``curl`` blocks run through the API on both stores, with the
``| python3 -m json.tool --no-ensure-ascii`` step done by the json module the same way.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import matplotlib.image
import pytest
from fastapi.testclient import TestClient

from sotekg import cli
from sotekg.analysis import plots

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```\n\$ ((sotekg|curl) [^\n]+)\n(.*?)```", re.DOTALL)
EXAMPLES = [(command, shown) for command, program, shown in BLOCK.findall(README) if program == "sotekg"]
CURLS = [(command, shown) for command, program, shown in BLOCK.findall(README) if program == "curl"]
JSON_TOOL = ["python3", "-m", "json.tool", "--no-ensure-ascii"]


def test_the_readme_shows_commands_curls_and_pictures():
    assert len(EXAMPLES) >= 6  # stats, validate, two analyst queries, the PTV and the station imports
    assert [urlpath for urlpath, *_ in map(_curl_request, (command for command, _ in CURLS))] == [
        "/regions/09/services",
        "/municipalities/398",
        "/validate",
    ]
    for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / picture).is_file(), picture
    pixels = matplotlib.image.imread(ROOT / "docs" / "img" / "coverage.png")
    assert pixels.shape[:2] == (round((3.2 + 0.3 * 22) * plots.DPI), round((4.5 + 0.45 * 10) * plots.DPI))


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[command for command, _ in EXAMPLES])
def test_shown_command_output_is_real(capsys, monkeypatch, tmp_path, command, shown):
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    (tmp_path / "data").symlink_to(ROOT / "data")  # the health-station register's workbook (read only)
    monkeypatch.chdir(tmp_path)
    status = cli.main(shlex.split(command)[1:])
    assert capsys.readouterr().out == shown
    assert status in (0, 1), status  # 1: a model that does not conform, as the README says


def _curl_request(command: str) -> tuple[str, str, dict[str, str], bytes | None, bool]:
    """(path, method, headers, body, piped through json.tool) of a README curl command line."""
    words = shlex.split(command)
    pipe = words.index("|") if "|" in words else len(words)
    assert words[pipe + 1 :] in ([], JSON_TOOL), command
    words = words[1:pipe]
    method, headers, body, url = "GET", {}, None, None
    while words:
        word = words.pop(0)
        if word == "-s":
            continue
        if word == "-X":
            method = words.pop(0)
        elif word == "-H":
            name, value = words.pop(0).split(": ", 1)
            headers[name] = value
        elif word == "--data-binary":
            body = (ROOT / words.pop(0).removeprefix("@")).read_bytes()
        else:
            assert url is None and word.startswith("localhost:8000/"), command
            url = word.removeprefix("localhost:8000")
    assert url is not None, command
    return url, method, headers, body, pipe < len(shlex.split(command))


@pytest.mark.parametrize(("command", "shown"), CURLS, ids=[_curl_request(command)[0] for command, _ in CURLS])
def test_shown_curl_output_is_real(api_client: TestClient, command, shown):
    path, method, headers, body, json_tool = _curl_request(command)
    answer = api_client.request(method, path, headers=headers, content=body)
    assert answer.status_code == 200, answer.text
    printed = json.dumps(answer.json(), indent=4, ensure_ascii=False) + "\n" if json_tool else answer.text
    assert printed == shown
