"""Every benchmark module imports (bench/ is run by hand, not by the suite: a module that moved under it — the
Oxigraph server's helper went to testsupport/ — would otherwise break ``python -m bench`` unnoticed)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

MODULES = sorted(path.stem for path in (Path(__file__).resolve().parent.parent / "bench").glob("*.py"))


def test_the_benchmark_modules_are_found():
    assert {"__main__", "writes", "journal", "servers"} <= set(MODULES)


@pytest.mark.parametrize("name", [m for m in MODULES if m != "__main__"])
def test_a_benchmark_module_imports(name):
    module = importlib.import_module(f"bench.{name}")
    assert module.__doc__, f"bench/{name}.py says what it measures"
