"""The live harvest (``--from-api``) against a replay server on 127.0.0.1 (tests/ptv/replay.py): retries with
back-off on 429, 5xx and timeouts, ``--since``, the checkpoint, a kill in the middle and its resumption (the same
graph as an uninterrupted harvest), and a failed page that leaves the harvest incomplete — said in the report
and in the evidence."""

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS
from replay import Replay, ReplayData, replay_server

from sotekg import cli
from sotekg.errors import UserError
from sotekg.namespaces import SK, county_iri
from sotekg.ptv.client import STATE_FILE, PtvHarvester
from sotekg.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
FAST = {"SOTEKG_PTV_TIMEOUT_S": "0.5", "SOTEKG_PTV_BACKOFF_S": "0.01", "SOTEKG_PTV_MAX_ATTEMPTS": "4"}
COUNTRY_SOURCE = "https://w3id.org/sotekg/id/source/ptv-harvest-Country-"
CHANNELS = "/api/v11/ServiceChannel/list/area/Municipality/code/905"


@pytest.fixture(scope="module")
def national() -> ReplayData:
    """Three copies of the recording: 720 service channels (705 in Vaasa, 18 pages of 40), 975 services."""
    return ReplayData(copies=3, page_size=40)


@pytest.fixture
def fast_settings(monkeypatch):
    for name, value in FAST.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def harvest_args(base: str, folder: Path, out: Path, area: str = "Country") -> list[str]:
    return ["import", "ptv", "--from-api", "--area", area, "--api-base", base, "--interval", "0",
            "--concurrency", "4", "--download-dir", str(folder), "--output", str(out)]  # fmt: skip


def read_folder(folder: Path) -> dict[str, Graph]:
    return {path.stem: Graph().parse(path) for path in sorted(folder.glob("*.ttl"))}


def inject_faults(replay: Replay) -> None:
    """A 429, two 500s, a 503 and two timeouts on channel pages, a 502 on the first service batch."""
    replay.faults.update({
        (CHANNELS, "1"): [429, 500],
        (CHANNELS, "5"): ["timeout"],
        (CHANNELS, "9"): [503, "timeout"],
        ("/api/v11/ServiceChannel/list/area/Municipality/code/399", "1"): [500],
        ("/api/v11/Service/list", None): [502],
    })  # fmt: skip


def test_back_off_doubles_and_a_request_that_keeps_failing_is_recorded(national, tmp_path):
    replay = Replay(national)
    replay.faults[(CHANNELS, "1")] = [500, 503]
    replay.faults[(CHANNELS, "2")] = [500] * 3
    replay.faults[(CHANNELS, "3")] = [429]  # Retry-After: 0, so the back-off of a first retry
    sleeps: list[float] = []
    with replay_server(replay) as base:
        harvester = PtvHarvester(
            base, tmp_path, interval_s=0, max_attempts=3, backoff_s=1.0, sleep=sleeps.append
        )
        try:
            state = harvester.harvest(["Municipality:905"], None, date(2026, 12, 1))
        finally:
            harvester.close()
    # page 1: 1 s, 2 s, then it answers; page 2: 1 s, 2 s, then the harvester gives up; page 3: 1 s
    assert sorted(sleeps) == [1.0, 1.0, 1.0, 2.0, 2.0]
    assert state.failed == {"channels Municipality:905 page 2": "HTTP 500 after 3 tries"}
    assert not state.complete and state.page_counts == {"Municipality:905": 18}
    assert len(state.pages_done["Municipality:905"]) == 17
    assert "Harvest INCOMPLETE: 1 request(s) failed" in state.summary()


def test_since_becomes_the_date_parameter_and_the_harvest_is_complete_for_nobody(
    national, tmp_path, fast_settings
):
    replay = Replay(national)
    with replay_server(replay) as base:
        args = harvest_args(base, tmp_path / "dl", tmp_path / "out", "Municipality:905")
        assert cli.main([*args, "--since", "2020-01-01"]) == 0
    dates = {query.get("date", [None])[0] for path, query in replay.requests if "/ServiceChannel/" in path}
    assert dates == {"2020-01-01T00:00:00"}
    graph = read_folder(tmp_path / "out")["17"]
    (source,) = set(graph.subjects(SK.sourceKind, None))
    assert str(source).endswith("-since-2020-01-01")
    assert (source, SK.completeFor, None) not in graph  # an incremental harvest is no evidence of absence


def test_an_interrupted_national_harvest_ends_with_the_same_graph(national, tmp_path, fast_settings, capsys):
    """One harvest of the whole country with faults injected runs through; another, with the same faults, is
    killed in the middle (SIGKILL) and run again: both end with the same county graphs, complete for all 22
    organisers."""
    replay = Replay(national)
    inject_faults(replay)
    with replay_server(replay) as base:
        assert cli.main(harvest_args(base, tmp_path / "a", tmp_path / "out-a")) == 0
        assert "Harvest complete: 326 page(s) of channels in 309 area(s), " in capsys.readouterr().out
        seen = len(replay.requests)
        assert seen >= 309 + 17 + 9 + 7  # every area, the pages, service batches, organisations, retries
        inject_faults(replay)
        folder = tmp_path / "b"
        child = subprocess.Popen(
            [sys.executable, "-m", "sotekg.cli", *harvest_args(base, folder, tmp_path / "out-b")[:-2]],
            env={**os.environ, **FAST, "SOTEKG_PTV_REQUEST_INTERVAL_S": "0"},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            state = (
                json.loads((folder / STATE_FILE).read_text("utf-8"))
                if (folder / STATE_FILE).is_file()
                else {}
            )
            if sum(len(pages) for pages in state.get("pages_done", {}).values()) >= 150:
                child.send_signal(signal.SIGKILL)
                break
            time.sleep(0.02)
        assert child.wait(timeout=30) == -signal.SIGKILL, "the harvest ended before it could be killed"
        killed = json.loads((folder / STATE_FILE).read_text("utf-8"))
        assert 150 <= sum(len(pages) for pages in killed["pages_done"].values()) < 326
        assert not list(folder.glob("services-*.json"))  # killed among the channel pages
        replay.requests.clear()
        assert cli.main(harvest_args(base, folder, tmp_path / "out-b")) == 0
        resumed = [
            query.get("page", ["-"])[0] for path, query in replay.requests if "/ServiceChannel/" in path
        ]
    assert len(resumed) < 326  # the pages that had arrived are not asked again
    assert "Harvest complete" in capsys.readouterr().out
    first, second = read_folder(tmp_path / "out-a"), read_folder(tmp_path / "out-b")
    assert first.keys() == second.keys() == {"16", "17", "18"}
    assert all(set(first[county]) == set(second[county]) for county in first)
    graph = first["17"]
    (source,) = set(graph.subjects(SK.sourceKind, None))
    assert str(source).startswith(COUNTRY_SOURCE)
    assert graph.value(source, SK.sourceKind) == URIRef(
        "https://w3id.org/sotekg/code/source-kind/ptv-harvest"
    )
    organisers = set(graph.objects(source, SK.completeFor))
    assert len(organisers) == 22 and URIRef(county_iri("90")) in organisers  # Helsinki too
    assert len(set(graph.subjects(SK.organiser, URIRef(county_iri("17"))))) == 3 * 98
    assert all((centre, DCTERMS.source, source) in graph for centre in graph.subjects(SK.organiser, None))


def test_a_page_that_keeps_failing_leaves_the_harvest_incomplete_until_run_again(
    national, tmp_path, fast_settings, capsys
):
    replay = Replay(national)
    county_17 = "/api/v11/ServiceChannel/list/area/WellbeingServiceCounty/code/17"
    replay.faults[(county_17, "7")] = [500] * 4  # every try of this run
    with replay_server(replay) as base:
        args = harvest_args(base, tmp_path / "dl", tmp_path / "out", "WellbeingServiceCounty:17")
        assert cli.main(args) == 0
        out = capsys.readouterr().out
        assert "Harvest INCOMPLETE: 1 request(s) failed — channels WellbeingServiceCounty:17 page 7" in out
        graph = read_folder(tmp_path / "out")["17"]
        (source,) = set(graph.subjects(SK.sourceKind, None))
        assert (source, SK.completeFor, None) not in graph
        partial = len(set(graph.subjects(SK.organiser, None)))
        assert 0 < partial < 3 * 98
        assert cli.main(args) == 0  # the server answers page 7 now
        assert "Harvest complete" in capsys.readouterr().out
    graph = read_folder(tmp_path / "out")["17"]
    assert set(graph.objects(source, SK.completeFor)) == {URIRef(county_iri("17"))}
    assert len(set(graph.subjects(SK.organiser, URIRef(county_iri("17"))))) == 3 * 98


def test_a_checkpoint_of_another_harvest_is_refused(national, tmp_path):
    with replay_server(Replay(national)) as base:
        harvester = PtvHarvester(base, tmp_path, interval_s=0)
        try:
            harvester.harvest(["Municipality:152"], None, date(2026, 12, 1))
            with pytest.raises(UserError, match="belongs to another harvest"):
                harvester.harvest(["Municipality:905"], None, date(2026, 12, 1))
        finally:
            harvester.close()


def test_a_bad_area_is_one_line(capsys):
    assert cli.main(["import", "ptv", "--from-api", "--area", "Kunta 905"]) == 2
    assert "--area must be Country or TYPE:CODE" in capsys.readouterr().err
