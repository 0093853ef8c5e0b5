"""``sotekg load``: fills a remote endpoint or a persistent embedded store with the default graphs, says what it
loaded, can run again, and fails in one line."""

from __future__ import annotations

import re
import shutil

import pytest

from sotekg import cli
from sotekg.coverage import COVERAGE_GRAPH
from sotekg.namespaces import region_graph_iri
from sotekg.settings import get_settings
from sotekg.store import Store, open_store

LINE = re.compile(r"^\s*(\d+) triples  <([^>]+)>  from (.+)$")


def loaded_counts(output: str) -> dict[str, int]:
    return {match.group(2): int(match.group(1)) for match in map(LINE.match, output.splitlines()) if match}


def test_load_into_an_endpoint_says_what_it_loaded_and_can_run_again(
    remote_store: Store, remote_settings, capsys
):
    before = remote_store.count()
    assert cli.main(["load", "--endpoint", remote_settings.endpoint]) == 0
    output = capsys.readouterr().out
    counts = loaded_counts(output)
    assert set(counts) == set(remote_store.graph_names()) - {COVERAGE_GRAPH}
    derived = re.search(rf"^\s*(\d+) triples  <{COVERAGE_GRAPH}>  derived", output, re.MULTILINE)
    assert derived and int(derived.group(1)) == remote_store.count(COVERAGE_GRAPH) > 22 * 28
    assert counts == {graph: remote_store.count(graph) for graph in counts}
    assert (
        f"{sum(counts.values())} triples in {len(counts)} graphs loaded into {remote_settings.endpoint}"
        in output
    )
    assert remote_store.count() == before  # each graph replaced, nothing doubled


def test_load_store_dir_resets_the_default_graphs(settings, embedded_store: Store, tmp_path, capsys):
    folder = tmp_path / "store"
    region = region_graph_iri("09")
    store = open_store(settings.model_copy(update={"store_dir": folder}))
    store.replace_graph(region, '<urn:x:a> <urn:x:b> "stored model" .')
    store.close()

    assert cli.main(["load", "--store-dir", str(folder)]) == 0
    assert loaded_counts(capsys.readouterr().out)[region] == embedded_store.count(region)
    reloaded = open_store(settings.model_copy(update={"store_dir": folder}))
    try:
        assert reloaded.count(region) == embedded_store.count(region)
        assert reloaded.count() == embedded_store.count()
    finally:
        reloaded.close()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--store-dir", "x", "--update-endpoint", "http://127.0.0.1:9/update"],
            "--update-endpoint goes with",
        ),
        (["--endpoint", "file:///etc/passwd"], "must be an http(s) URL"),
        (["--endpoint", "http://127.0.0.1:{port}/query"], "cannot reach http://127.0.0.1:"),
        # any endpoint not named …/query takes its updates itself (Virtuoso's /sparql)
        (["--endpoint", "http://127.0.0.1:{port}/custom"], "cannot reach http://127.0.0.1:"),
    ],
)
def test_errors_are_one_line(arguments, message, unused_port: int, capsys):
    assert cli.main(["load", *[a.format(port=unused_port) for a in arguments]]) == 2
    error = capsys.readouterr().err
    assert message in error
    assert len(error.strip().splitlines()) == 1 and "Traceback" not in error


def test_a_target_is_required(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["load"])
    assert exit_.value.code == 2
    assert "one of the arguments --endpoint --store-dir is required" in capsys.readouterr().err


@pytest.fixture
def project_without_national_data(tmp_path, monkeypatch, settings):
    """A copy of the project's ontology and reference data, without data/national.ttl."""
    shutil.copytree(settings.ontology_dir, tmp_path / "ontology")
    (tmp_path / "data").mkdir()
    shutil.copy(settings.data_dir / "reference.ttl", tmp_path / "data")
    monkeypatch.setenv("SOTEKG_ROOT", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_a_missing_file_is_an_error_not_skipped(project_without_national_data, capsys):
    assert cli.main(["load", "--store-dir", str(project_without_national_data / "store")]) == 2
    error = capsys.readouterr().err
    assert "missing graph file(s): " in error and "national.ttl" in error
