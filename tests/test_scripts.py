"""The README's set-up scripts: scripts/serve.sh hands its options to ``sotekg serve`` (not to the set-up step)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_serve_script_passes_its_options_to_sotekg_serve():
    done = subprocess.run(
        ["bash", "scripts/serve.sh", "--port", "8999", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("usage: sotekg serve"), done.stdout[:500]
    assert "--store-dir" in done.stdout
