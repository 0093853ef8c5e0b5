"""The lookup index saved beside a persistent store (sotekg.saved_index, decision 0006): a restart reads it only
when the store's generation, the model history and the code are what they were when it was saved, and then serves
exactly the bytes a rebuild would; any write, through the API or behind its back, makes the next start rebuild.
A write killed with SIGKILL at each of its steps (a child process, bounded in time) leaves a store whose next start
serves what a rebuild from scratch serves, reading the saved index only when the kill came after its save."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

import sotekg.publish
from api.paging import Page, list_page
from sotekg.index import LookupIndex, build_index
from sotekg.publish import Catalogue
from sotekg.queries import QueryLibrary
from sotekg.rdfio import parse_rdf
from sotekg.saved_index import FILE_NAME, code_fingerprint, index_tag
from sotekg.settings import Settings
from sotekg.store import EmbeddedStore, open_store
from tests.trust.trust_models import MODEL_A, SHIPPED_09

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = QueryLibrary(ROOT / "queries")
REGION_09 = "https://w3id.org/sotekg/graph/region/09"
TOKEN = "saved-index-test-token"
WRITER = f"Bearer {TOKEN}"
# a centre added behind the API's back (as another `sotekg load` would): what a rebuilt index must show
EXTRA_CENTRE = """
@prefix sk: <https://w3id.org/sotekg/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/sotekg/id/centre/09-saved-index-test> a sk:SoteCentre ;
    rdfs:label "Tallennetun indeksin testikeskus (synthetic)"@fi ;
    sk:organiser <http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/09> .
"""


@pytest.fixture
def persistent(settings: Settings, tmp_path: Path) -> Settings:
    """Settings of a persistent store filled with the shipped data."""
    persistent = settings.model_copy(
        update={"store_dir": tmp_path / "store", "history_dir": None, "token": SecretStr(TOKEN)}
    )
    open_store(persistent).close()
    return persistent


def catalogue(settings: Settings, builds: list[int], monkeypatch: pytest.MonkeyPatch) -> Catalogue:
    """A Catalogue as the API makes one at start, counting the index builds it does."""
    original = sotekg.publish.build_index

    def counted(*args, **kwargs) -> LookupIndex:
        builds.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(sotekg.publish, "build_index", counted)
    return Catalogue(open_store(settings), settings)


class Restarts:
    """Start a Catalogue on the persistent store as the API does, closing the one before; count index builds."""

    def __init__(self, settings: Settings, monkeypatch: pytest.MonkeyPatch):
        self.settings, self.monkeypatch = settings, monkeypatch
        self.running: Catalogue | None = None

    def __call__(self) -> tuple[Catalogue, int]:
        self.stop()
        builds: list[int] = []
        self.running = catalogue(self.settings, builds, self.monkeypatch)
        return self.running, len(builds)

    def stop(self) -> None:
        if self.running is not None:
            self.running.close()
            self.running.store.close()
            self.running = None


@pytest.fixture
def restart(persistent: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Restarts]:
    restarts = Restarts(persistent, monkeypatch)
    yield restarts
    restarts.stop()


def answers(index: LookupIndex) -> dict:
    """Every answer an index serves from its snapshot: each resource's bytes and ETag, the lists' default pages
    and a second page, and the documents of the lists."""
    found: dict = {key: (p.body, p.etag) for key, p in index.prepared.items()}
    for kind in ("regions", "services"):
        for page in (Page(), Page(page=2, per_page=5)):
            prepared, total = list_page(index, kind, page)
            found[(kind, page)] = (prepared.body, prepared.etag, total)
    found["lists"] = (index.documents.regions, index.documents.services, index.documents.service_sets)
    return found


def saved_tag(settings: Settings) -> dict:
    """The tag in the saved index's header (for a failure's message)."""
    with (settings.store_dir / FILE_NAME).open("rb") as file:
        file.readline()
        return json.loads(file.read(int(file.readline().split()[0])))["tag"]


def tag_now(catalogue: Catalogue) -> dict:
    generation = catalogue.store.generation() or ""
    return index_tag(generation, catalogue.history.last_modified(), code_fingerprint(catalogue.settings))


def rebuilt(settings: Settings, catalogue: Catalogue) -> LookupIndex:
    """The index built from scratch from the store the catalogue holds."""
    return build_index(catalogue.store, LIBRARY, catalogue.history.last_modified(), version=1)


def assert_the_next_start_reads_it(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, check: Callable[[LookupIndex], None]
) -> None:
    """After a command wrote into the persistent store of ``settings``: a start reads the saved index instead of
    building one, it answers byte for byte as a rebuild does, and ``check`` holds for it."""
    restarts = Restarts(settings, monkeypatch)
    try:
        started, builds = restarts()
        assert builds == 0, f"the start rebuilt: saved {saved_tag(settings)}, now {tag_now(started)}"
        check(started.index)
        assert answers(started.index) == answers(rebuilt(settings, started))
    finally:
        restarts.stop()


def test_a_restart_reads_the_saved_index_and_serves_the_same_bytes(persistent, restart):
    first, builds = restart()
    assert builds == 1  # nothing saved yet
    assert (persistent.store_dir / FILE_NAME).is_file()
    saved = answers(first.index)
    assert len([key for key in saved if key[0] == "centre"]) >= 10  # the shipped centres are in it

    second, builds = restart()
    assert builds == 0, "the restart rebuilt the index instead of reading the saved one"
    assert answers(second.index) == saved
    assert answers(second.index) == answers(rebuilt(persistent, second))
    region = second.index.document("region", "09")  # documents parse from the saved bytes on demand
    assert region["code"] == "09" and region["model"] == "present"
    assert second.index.documents.centres.keys() == first.index.documents.centres.keys()


def test_a_write_behind_the_apis_back_is_seen_at_the_next_start(persistent, restart):
    first, _ = restart()
    assert "09-saved-index-test" not in first.index.documents.centres
    restart.stop()
    store = EmbeddedStore(persistent)  # as `sotekg load` would: the store alone, no catalogue
    try:
        generation = store.generation()
        store.load_file(REGION_09, _turtle(persistent.store_dir.parent, EXTRA_CENTRE))
        assert store.generation() != generation
    finally:
        store.close()

    second, builds = restart()
    assert builds == 1, "the store changed, yet the saved index was used"
    assert second.index.document("centre", "09-saved-index-test")["region"]["code"] == "09"
    assert answers(second.index) == answers(rebuilt(persistent, second))
    third, builds = restart()
    assert builds == 0  # saved again after the rebuild
    assert answers(third.index) == answers(second.index)


def test_a_published_model_is_in_the_saved_index(persistent, restart):
    first, _ = restart()
    first.replace_model("09", parse_rdf(MODEL_A, "text/turtle"), WRITER)
    after_write = answers(first.index)
    services = first.index.document("centre", "09-sote-keskus")["services"]
    assert any(s["offering"].endswith("09-sote-keskus-trust-a-0") for s in services)

    second, builds = restart()
    assert builds == 0
    assert answers(second.index) == after_write
    regions = {region["code"]: region for region in second.index.documents.regions}
    assert regions["09"]["modelModified"]  # the history's time is in the saved lists


def test_a_changed_history_or_code_makes_the_next_start_rebuild(persistent, restart, monkeypatch):
    first, _ = restart()
    first.replace_model("09", parse_rdf(SHIPPED_09, "text/turtle"), WRITER)
    newest = max((persistent.store_dir / "history" / "09").glob("*.json"))
    newest.with_suffix(".nt").unlink()
    newest.unlink()  # the history lost its newest version: modelModified changes

    second, builds = restart()
    assert builds == 1
    assert answers(second.index) == answers(rebuilt(persistent, second))

    monkeypatch.setattr("sotekg.saved_index.CODE_FILES", ("sotekg/index.py",))  # as if the code changed
    _, builds = restart()
    assert builds == 1


def test_an_unreadable_saved_index_is_rebuilt(persistent, restart):
    first, _ = restart()
    expected = answers(first.index)
    path = persistent.store_dir / FILE_NAME
    path.write_bytes(path.read_bytes()[:-100])  # cut short (the writer itself replaces files whole)
    second, builds = restart()
    assert builds == 1
    assert answers(second.index) == expected


def test_the_generation_changes_with_writes_only(persistent):
    store = EmbeddedStore(persistent)
    try:
        generation = store.generation()
        assert generation and store.generation() == generation
        store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        assert store.generation() == generation
        store.replace_graph("https://w3id.org/sotekg/graph/test/generation", EXTRA_CENTRE)
        changed = store.generation()
        assert changed != generation
    finally:
        store.close()
    reopened = EmbeddedStore(persistent)
    try:
        assert reopened.generation() == changed
    finally:
        reopened.close()
    in_memory = EmbeddedStore(persistent.model_copy(update={"store_dir": None}))
    assert in_memory.generation() is None


def _turtle(folder: Path, text: str) -> Path:
    path = folder / "extra.ttl"
    path.write_text(text, encoding="utf-8")
    return path


# -- kill -9 at each step of a write ---------------------------------------------------------------------------

# A child process opens the persistent store as the API does, arms one kill point, PUTs MODEL_A and SIGKILLs
# itself there: the store, the history, the generation and the saved index are left as a crash at that step leaves
# them. The kill points wrap the real functions (no hook in the code under test).
CHILD = """
import os, signal, sys
from pydantic import SecretStr
import sotekg.files, sotekg.incremental, sotekg.index, sotekg.publish
from sotekg.publish import Catalogue
from sotekg.settings import Settings
from sotekg.rdfio import parse_rdf
from sotekg.store import EmbeddedStore, Store, open_store

store_dir, step, token, graph = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
model = sys.stdin.buffer.read()
settings = Settings(store_dir=store_dir, token=SecretStr(token))
catalogue = Catalogue(open_store(settings), settings)
catalogue.validator  # built before the kill point is armed


def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def kill_after(owner, name):
    original = getattr(owner, name)

    def wrapped(*args, **kwargs):
        result = original(*args, **kwargs)
        die()
        return result

    setattr(owner, name, wrapped)


def kill_before(owner, name):
    setattr(owner, name, die)


def kill_before_replacing(name):
    original = os.replace

    def replace(source, target):
        if os.path.basename(target) == name:
            die()
        return original(source, target)

    sotekg.files.os.replace = replace


points = {
    "generation renewed": lambda: kill_after(EmbeddedStore, "_renew_generation"),
    "model committed": lambda: kill_after(Store, "replace_graph"),
    "version recorded": lambda: kill_before(sotekg.incremental, "apply"),
    "coverage derived": lambda: kill_after(sotekg.incremental, "refresh_organiser"),
    "index updated": lambda: kill_before(sotekg.publish, "save_changes"),
    "journal written": lambda: kill_before_replacing("lookup-index.journal"),
    "index saved": lambda: kill_after(sotekg.publish, "save_changes"),
    "rebuild: version recorded": lambda: kill_before(sotekg.publish, "build_index"),
    "rebuild: coverage derived": lambda: kill_after(sotekg.index, "refresh_coverage"),
    "rebuild: index built": lambda: kill_before(sotekg.publish, "save_index"),
    "rebuild: index file written": lambda: kill_before_replacing("lookup-index"),
    "rebuild: index saved": lambda: kill_after(sotekg.publish, "save_index"),
}
points[step]()
if graph == "model":
    catalogue.replace_model("09", parse_rdf(model, "text/turtle"), f"Bearer {token}")
else:  # an import into the store (N-Triples of the graph)
    catalogue.replace_graphs([(graph, model)])
print("the write finished without reaching its kill point", file=sys.stderr)
sys.exit(3)
"""
CHILD_TIMEOUT_S = 180.0
# step → whether the next start may read the saved index, whether the store holds the write (an import records no
# version: at "version recorded" its graph is written and the index not yet updated)
KILL_POINTS = {
    "generation renewed": (False, False),
    "model committed": (False, True),
    "version recorded": (False, True),
    "coverage derived": (False, True),
    "index updated": (False, True),
    "journal written": (False, True),
    "index saved": (True, True),
    "rebuild: version recorded": (False, True),
    "rebuild: coverage derived": (False, True),
    "rebuild: index built": (False, True),
    "rebuild: index file written": (False, True),
    "rebuild: index saved": (True, True),
}
# the steps of a write that is followed incrementally (MODEL_A: offerings of Päijät-Häme's own centre), and of one
# that rebuilds the index (MODEL_A with a service type's label: shared, sotekg.incremental)
SHARED_LABEL = (
    b"\n<https://w3id.org/sotekg/code/service-type/home-delivered-services> "
    b'<http://www.w3.org/2000/01/rdf-schema#label> "Kotiin vietavat palvelut (synthetic)"@fi .\n'
)


# an import into the store that is followed incrementally: a PTV location of organiser 17 renamed in its county graph
PTV_17 = "https://w3id.org/sotekg/graph/ptv/17"
PTV_LOCATION = "ptv-0447794b-bb9b-487a-93fc-4c3dbfc5b086"
RENAMED = "Asiakasmaksutoimisto (synthetic)"


def renamed_location() -> bytes:
    graph = Graph().parse(ROOT / "data/ptv/17.ttl")
    graph.set(
        (
            URIRef(f"https://w3id.org/sotekg/id/centre/{PTV_LOCATION}"),
            SKOS.prefLabel,
            Literal(RENAMED, lang="fi"),
        )
    )
    return graph.serialize(format="nt", encoding="utf-8")


def holds_the_write(index: LookupIndex, graph: str) -> bool:
    if graph == "model":
        services = index.document("centre", "09-sote-keskus")["services"]
        return any(s["offering"].endswith("09-sote-keskus-trust-a-0") for s in services)
    return index.document("centre", PTV_LOCATION)["name"]["fi"] == RENAMED


@pytest.mark.parametrize(
    ("step", "graph"),
    [(step, "model") for step in KILL_POINTS]
    + [(step, PTV_17) for step in KILL_POINTS if not step.startswith("rebuild")],
)
def test_kill_9_at_each_step_of_a_write_leaves_an_index_equal_to_a_rebuild(persistent, restart, step, graph):
    """A PUT of a model (followed, or rebuilt when it relabels a service type) and an import into the store
    (followed), killed at each step: the next start reads the saved index only where it is whole, and serves what
    a rebuild serves."""
    started, _ = restart()  # the shipped data, its index saved
    before = answers(started.index)
    restart.stop()
    if graph == "model":
        written = MODEL_A + SHARED_LABEL if step.startswith("rebuild") else MODEL_A
    else:
        written = renamed_location()
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(persistent.store_dir), step, TOKEN, graph],
        input=written,
        cwd=ROOT,
        env={name: value for name, value in os.environ.items() if not name.startswith("SOTEKG_")},
        capture_output=True,
        timeout=CHILD_TIMEOUT_S,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()[-2000:]

    reads_saved, holds_a = KILL_POINTS[step]
    after, builds = restart()
    assert builds == (0 if reads_saved else 1), (
        f"after a kill at {step!r}: {saved_tag(persistent)} vs {tag_now(after)}"
    )
    assert holds_the_write(after.index, graph) is holds_a
    assert answers(after.index) == answers(rebuilt(persistent, after))
    assert (answers(after.index) == before) is not holds_a
    _, builds = restart()
    assert builds == 0  # whichever way it came, the index is saved again for the next start
    assert not list(persistent.store_dir.glob(f".{FILE_NAME}.*")), "a killed save left its temporary file"
