"""docs/analysts.md shows real output: each ``$ sotekg …`` block there is what the command prints today."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import matplotlib.image
import pytest

from sotekg import cli
from sotekg.analysis import plots

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCK = re.compile(r"```\n\$ (sotekg [^\n]+)\n(.*?)```", re.DOTALL)
EXAMPLES = BLOCK.findall((DOCS / "analysts.md").read_text(encoding="utf-8"))


def test_the_page_has_two_outputs_and_a_picture():
    assert len(EXAMPLES) == 2
    assert "![" in (DOCS / "analysts.md").read_text(encoding="utf-8")
    pixels = matplotlib.image.imread(DOCS / "img" / "coverage.png")
    assert pixels.shape[:2] == (round((3.2 + 0.3 * 22) * plots.DPI), round((4.5 + 0.45 * 10) * plots.DPI))


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[command for command, _ in EXAMPLES])
def test_shown_output_is_real(capsys, command, shown):
    assert cli.main(shlex.split(command)[1:]) == 0
    assert capsys.readouterr().out == shown
