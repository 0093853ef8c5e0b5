"""Incremental writes (sotekg.incremental, issue 16): after every write of a random sequence, the lookup index the
catalogue updated where the write reached — and the derived coverage graph — are byte for byte what a rebuild from
scratch gives, on the shipped data (N = 0) and beside a synthetic catalogue of 100 centres per organiser; a write
that stays within its organiser is followed incrementally, one that reaches anything shared is rebuilt.

The models are Päijät-Häme's shipped model with edits of the kinds a service designer makes (centres, offerings,
teams, links, labels added, removed or changed; an older version restored) and edits that reach beyond the
organiser (a service type's label, an offer by an OT-centre or another organiser's centre, a blank node). Each
model is validated as an upload is: a model the shapes refuse changes nothing, and that is checked too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr
from rdflib import RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, Namespace, URIRef

import sotekg.incremental
import sotekg.publish
from sotekg.coverage import COVERAGE_GRAPH, derive, plain_offers, read_evidence, to_ntriples
from sotekg.errors import ModelRejected
from sotekg.index import build_index
from sotekg.namespaces import last_segment
from sotekg.publish import Catalogue
from sotekg.queries import QueryLibrary
from sotekg.rdfio import parse_rdf
from sotekg.settings import Settings
from sotekg.store import Store, open_store
from sotekg.store.loading import load_graph_files
from sotekg.synth import synthetic_graph_files, write_catalogue
from tests.test_saved_index import answers

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = QueryLibrary(ROOT / "queries")
SK = Namespace("https://w3id.org/sotekg/def#")
DCT = Namespace("http://purl.org/dc/terms/")
ID = "https://w3id.org/sotekg/id/"
CODE = "https://w3id.org/sotekg/code/"
ORGANISER = URIRef("http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/09")
SOURCE = URIRef(f"{ID}source/seed-004")
YEAR = Literal("2023", datatype=XSD.gYear)
TOKEN = "incremental-test-token"
SHIPPED = Graph().parse(ROOT / "data/regions/09.ttl")
CENTRES = sorted(SHIPPED.subjects(SK.organiser, ORGANISER))
SERVICES = ("primary-health-care", "oral-health-care", "home-delivered-services", "school-health-care",
            "child-guidance-and-family-counselling", "psychophysical-physiotherapy")  # fmt: skip
CHANNELS = ("physical", "phone", "digital")
PROFESSIONS = ("nurse", "physician", "social-counsellor")
MUNICIPALITIES = ("398", "016", "111")  # Lahti, Asikkala, Heinola: Päijät-Häme's
OTHER_CENTRE = URIRef(
    f"{ID}centre/ptv-0447794b-bb9b-487a-93fc-4c3dbfc5b086"
)  # a PTV location of organiser 15


def _offering(model: Graph, centre: URIRef, name: str, service: str, channel: str) -> None:
    offering = URIRef(f"{ID}offering/09-incremental-{name}")
    model.add((centre, SK.offers, offering))
    for p, o in (
        (RDF.type, SK.ServiceOffering),
        (SK.serviceType, URIRef(f"{CODE}service-type/{service}")),
        (SK.channel, URIRef(f"{CODE}channel/{channel}")),
        (SK.evidenceBasis, URIRef(f"{CODE}evidence-basis/named-in-source")),
        (DCT.date, YEAR),
        (DCT.source, SOURCE),
    ):
        model.add((offering, p, o))


def _centre(model: Graph, number: int, municipality: str | None) -> URIRef:
    centre = URIRef(f"{ID}centre/09-incremental-{number}")
    for p, o in (
        (RDF.type, SK.SoteCentre),
        (SKOS.prefLabel, Literal(f"Testikeskus {number} (synthetic)", lang="fi")),
        (SK.organiser, ORGANISER),
        (DCT.date, YEAR),
        (DCT.source, SOURCE),
    ):
        model.add((centre, p, o))
    if municipality:
        model.add((centre, SK.municipality, URIRef(f"{ID}municipality/{municipality}")))
    return centre


def _team(model: Graph, centre: URIRef, name: str, profession: str) -> None:
    team, member = URIRef(f"{ID}team/09-incremental-{name}"), URIRef(f"{ID}team-member/09-incremental-{name}")
    model.add((centre, SK.team, team))
    model.add((team, RDF.type, SK.Team))
    model.add((team, RDFS.label, Literal(f"Tiimi {name} (synthetic)", lang="fi")))
    model.add((team, SK.member, member))
    for p, o in (
        (RDF.type, SK.TeamMember),
        (RDFS.label, Literal(f"Jäsen {name}", lang="fi")),
        (SK.profession, URIRef(f"{CODE}profession/{profession}")),
        (DCT.date, YEAR),
        (DCT.source, SOURCE),
    ):
        model.add((member, p, o))


def _link(model: Graph, centre: URIRef, name: str) -> None:
    link, partner = URIRef(f"{ID}link/09-incremental-{name}"), URIRef(f"{ID}partner/09-incremental-{name}")
    for p, o in (
        (RDF.type, SK.IntegrationLink),
        (RDFS.label, Literal(f"Yhteys {name} (synthetic)", lang="fi")),
        (SK.linkFrom, centre),
        (SK.partner, partner),
        (SK.partnerType, URIRef(f"{CODE}partner-type/specialised-care")),
        (SK.linkType, URIRef(f"{CODE}link-type/referral")),
        (DCT.date, YEAR),
        (DCT.source, SOURCE),
    ):
        model.add((link, p, o))
    model.add((partner, RDF.type, SK.Partner))
    model.add((partner, SKOS.prefLabel, Literal(f"Kumppani {name} (synthetic)", lang="fi")))


def _without(model: Graph, node: URIRef) -> None:
    """Drop a node: its triples and the triples pointing at it."""
    model.remove((node, None, None))
    model.remove((None, None, node))


# An edit: (kind, its numbers). Owned edits stay within organiser 09; shared ones reach beyond it.
OWNED = st.one_of(
    st.tuples(st.just("offering"), st.integers(0, 3), st.integers(0, len(SERVICES) - 1), st.integers(0, 2)),
    st.tuples(st.just("drop-offering"), st.integers(0, 20)),
    st.tuples(st.just("centre"), st.integers(0, 3), st.integers(-1, len(MUNICIPALITIES) - 1)),
    st.tuples(st.just("drop-centre"), st.integers(0, 3)),
    st.tuples(st.just("relabel"), st.integers(0, 1), st.integers(0, 3)),
    st.tuples(st.just("team"), st.integers(0, 1), st.integers(0, len(PROFESSIONS) - 1)),
    st.tuples(st.just("link"), st.integers(0, 1), st.integers(0, 3)),
    st.tuples(st.just("restore"), st.integers(0, 5)),
)
SHARED = st.one_of(
    st.tuples(st.just("service-label"), st.integers(0, len(SERVICES) - 1)),
    st.tuples(st.just("other-organiser"), st.integers(0, len(SERVICES) - 1)),
    st.tuples(st.just("blank-node"), st.integers(0, 1)),
)
STEPS = st.lists(
    st.lists(st.one_of(OWNED, OWNED, OWNED, SHARED), min_size=1, max_size=3), min_size=1, max_size=3
)


def edited(model: Graph, edits: list[tuple], history: list[Graph]) -> Graph:
    """``model`` with ``edits`` applied (a copy)."""
    new = Graph()
    for triple in model:
        new.add(triple)
    for edit in edits:
        kind, *numbers = edit
        if kind == "restore":
            new = Graph()
            for triple in history[numbers[0] % len(history)]:
                new.add(triple)
        elif kind == "offering":
            centres = [*CENTRES, *sorted(set(new.subjects(SK.organiser, ORGANISER)) - set(CENTRES))]
            centre = centres[numbers[0] % len(centres)]
            _offering(
                new,
                centre,
                f"{numbers[0]}-{numbers[1]}-{numbers[2]}",
                SERVICES[numbers[1]],
                CHANNELS[numbers[2]],
            )
        elif kind == "drop-offering":
            offerings = sorted(new.objects(None, SK.offers))
            if offerings:
                _without(new, offerings[numbers[0] % len(offerings)])
        elif kind == "centre":
            municipality = MUNICIPALITIES[numbers[1]] if numbers[1] >= 0 else None
            _offering(
                new,
                _centre(new, numbers[0], municipality),
                f"c{numbers[0]}",
                SERVICES[numbers[0] % 3],
                "physical",
            )
        elif kind == "drop-centre":
            _without(new, URIRef(f"{ID}centre/09-incremental-{numbers[0]}"))
        elif kind == "relabel":
            centre = CENTRES[numbers[0]]
            new.set((centre, SKOS.prefLabel, Literal(f"Uusi nimi {numbers[1]} (synthetic)", lang="fi")))
        elif kind == "team":
            _team(new, CENTRES[numbers[0]], f"{numbers[0]}-{numbers[1]}", PROFESSIONS[numbers[1]])
        elif kind == "link":
            _link(new, CENTRES[numbers[0]], f"{numbers[0]}-{numbers[1]}")
        elif kind == "service-label":
            service = URIRef(f"{CODE}service-type/{SERVICES[numbers[0]]}")
            new.add((service, RDFS.label, Literal("Palvelu (synthetic)", lang="fi")))
        elif kind == "other-organiser":
            _offering(new, OTHER_CENTRE, f"other-{numbers[0]}", SERVICES[numbers[0]], "physical")
        elif kind == "blank-node":
            team = BNode()
            new.add((CENTRES[numbers[0]], SK.team, team))
            new.add((team, RDF.type, SK.Team))
    return new


def assert_same_as_a_rebuild(catalogue: Catalogue) -> None:
    store = catalogue.store
    modified = catalogue.history.last_modified()
    evidence = read_evidence(store, LIBRARY)
    stored = store.serialize_graph(COVERAGE_GRAPH, "application/n-triples").decode("utf-8")
    assert sorted(stored.splitlines()) == to_ntriples(derive(evidence, modified)).splitlines()
    index = catalogue.index
    assert index.coverage_lines == frozenset(stored.splitlines())  # what the next write compares with
    assert sorted(map(json.dumps, index.coverage_offers)) == sorted(map(json.dumps, plain_offers(evidence)))
    rebuilt = build_index(store, LIBRARY, modified, version=index.version)
    ours, theirs = answers(index), answers(rebuilt)
    assert ours.keys() == theirs.keys()
    assert [key for key in ours if ours[key] != theirs[key]] == []


@contextmanager
def followed(applied: list) -> Iterator[None]:
    """Record what each write's incremental update answered (an Update, or None for a rebuild)."""
    original = sotekg.publish.incremental.apply

    def recording(*args, **kwargs):
        update = original(*args, **kwargs)
        applied.append(update)
        return update

    sotekg.publish.incremental.apply = recording
    try:
        yield
    finally:
        sotekg.publish.incremental.apply = original


def run_steps(catalogue: Catalogue, steps: list[list[tuple]], *, path_checked: bool = True) -> None:
    """PUT each step's model; after each, the index equals a rebuild, and an owned-only step was incremental
    (unless ``path_checked`` is False)."""
    model, history = held(catalogue.store, "https://w3id.org/sotekg/graph/region/09"), [SHIPPED]
    for edits in steps:
        previous, new = model, edited(model, edits, history)
        applied: list = []
        before = answers(catalogue.index)
        with followed(applied):
            try:
                catalogue.replace_model(
                    "09", parse_rdf(new.serialize(format="nt"), "application/n-triples"), f"Bearer {TOKEN}"
                )
            except ModelRejected:
                assert answers(catalogue.index) == before  # refused: nothing changed
                continue
        model = new
        history.append(new)
        assert_same_as_a_rebuild(catalogue)
        if path_checked:
            assert applied == expected_path(catalogue.store, previous, new), f"{edits}: {applied}"


def expected_path(store: Store, old: Graph, new: Graph) -> list:
    """What the write's incremental update must answer, from the net change: nothing compared when a model has a
    blank node or the store cannot bind several values (Virtuoso); a rebuild (None) when a changed triple is about
    a shared node; an update otherwise."""
    if not store.several_values or any(
        isinstance(term, BNode) for model in (old, new) for triple in model for term in triple
    ):
        return []
    shared = {URIRef(f"{CODE}service-type/{code}") for code in SERVICES} | {OTHER_CENTRE}
    changed = set(old) ^ set(new)
    return [None] if any(subject in shared for subject, _, _ in changed) else [Followed()]


class Followed:
    """Equal to any incremental update (not None)."""

    def __eq__(self, other: object) -> bool:
        return other is not None

    def __repr__(self) -> str:
        return "an incremental update"


def held(store: Store, graph: str) -> Graph:
    """A named graph as the store holds it."""
    return Graph().parse(
        data=store.serialize_graph(graph, "application/n-triples").decode("utf-8"), format="nt"
    )


@pytest.fixture(scope="module")
def catalogues(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[int, Catalogue]]:
    """A catalogue over the shipped data (N = 0) and one beside 100 synthetic centres per organiser (in memory)."""
    writer = settings.model_copy(update={"token": SecretStr(TOKEN), "store_dir": None, "history_dir": None})
    made = {}
    for n in (0, 100):
        store = open_store(writer)
        if n:
            folder = tmp_path_factory.mktemp("synthetic")
            write_catalogue(writer, folder, regions=22, centres_per_region=n, seed=16)
            load_graph_files(store, synthetic_graph_files(folder))
        made[n] = Catalogue(store, writer)
    yield made
    for catalogue in made.values():
        catalogue.close()
        catalogue.store.close()


EXAMPLES = {
    0: 12,
    100: 3,
}  # random sequences per catalogue: a rebuild beside 100 centres per organiser takes seconds


@pytest.mark.parametrize("n", EXAMPLES)
def test_every_write_leaves_what_a_rebuild_gives(catalogues, n):
    @settings(max_examples=EXAMPLES[n], deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps=STEPS)
    def writes(steps):
        run_steps(catalogues[n], steps)

    writes()


def test_owned_and_shared_writes_on_every_store(store: Store, settings: Settings):
    """The same owned and shared writes on every store (the owners query and the bound lookups answer alike)."""
    writer = settings.model_copy(update={"token": SecretStr(TOKEN)})
    catalogue = Catalogue(store, writer)
    try:
        run_steps(
            catalogue,
            [
                [("centre", 1, 0), ("team", 0, 1)],
                [("service-label", 2)],
                [("drop-centre", 1)],
                [("restore", 0)],
            ],
        )
    finally:
        catalogue.replace_model(
            "09", parse_rdf(SHIPPED.serialize(format="nt"), "application/n-triples"), f"Bearer {TOKEN}"
        )
        catalogue.close()


def test_a_failed_update_is_logged_and_the_index_built_again(settings: Settings, caplog, monkeypatch):
    """A fault in the incremental update, after it changed the coverage graph: the write still leaves what a
    rebuild gives (the coverage lines read again from the store), the fault is logged with its traceback, and
    the next write is followed incrementally again."""
    writer = settings.model_copy(update={"token": SecretStr(TOKEN), "store_dir": None, "history_dir": None})
    store = open_store(writer)
    catalogue = Catalogue(store, writer)

    def failing(*args, **kwargs):
        raise RuntimeError("a planted fault")

    try:
        with monkeypatch.context() as patch:
            patch.setattr(sotekg.incremental, "_touched_rows", failing)
            run_steps(catalogue, [[("offering", 0, 2, 0)]], path_checked=False)
        assert "the incremental update of the lookup index failed" in caplog.text
        assert "RuntimeError: a planted fault" in caplog.text
        run_steps(catalogue, [[("offering", 0, 2, 0), ("offering", 1, 0, 1)]])
    finally:
        catalogue.close()
        store.close()


PTV_17 = "https://w3id.org/sotekg/graph/ptv/17"
PTV_16_CENTRE = URIRef(
    f"{ID}centre/ptv-68a4109a-73ea-40cc-99ff-807ba8a7eae8"
)  # a PTV location of organiser 16
REGISTER = "https://w3id.org/sotekg/graph/stations/register"
STATION = URIRef(f"{ID}centre/station-005-alajarven-terveyskeskus")


def write_graph(catalogue: Catalogue, graph: str, model: Graph) -> list:
    """Replace a named graph as an import does (Catalogue.replace_graphs); what the incremental update answered
    (empty when the write was not planned as one: the index was rebuilt)."""
    applied: list = []
    with followed(applied):
        written = catalogue.replace_graphs([(graph, model.serialize(format="nt", encoding="utf-8"))])
    assert written == {graph: len(model)}
    assert_same_as_a_rebuild(catalogue)
    return applied


def test_an_import_within_one_organiser_is_followed_and_any_other_rebuilt(settings: Settings):
    """Imports write named graphs other than region models: a PTV county graph whose changes are read through one
    organiser (Pohjanmaa's location relabelled, given an offering) is followed incrementally; one that reaches a
    second organiser, or the station register (read whole by lookup/stations), is rebuilt — each leaving what a
    rebuild gives."""
    writer = settings.model_copy(update={"token": SecretStr(TOKEN), "store_dir": None, "history_dir": None})
    store = open_store(writer)
    catalogue = Catalogue(store, writer)
    try:
        ptv = held(store, PTV_17)
        ptv.set((OTHER_CENTRE, SKOS.prefLabel, Literal("Asiakasmaksutoimisto (synthetic)", lang="fi")))
        assert write_graph(catalogue, PTV_17, ptv) == [Followed()]
        assert catalogue.index.document("centre", last_segment(str(OTHER_CENTRE)))["name"]["fi"] == (
            "Asiakasmaksutoimisto (synthetic)"
        )

        _offering(ptv, OTHER_CENTRE, "import-1", "oral-health-care", "physical")
        assert write_graph(catalogue, PTV_17, ptv) == [Followed()]
        offered = catalogue.index.document("service-regions", "oral-health-care")["states"]["offered"]
        assert "17" in offered

        ptv.add((PTV_16_CENTRE, SKOS.altLabel, Literal("Toisen järjestäjän paikka (synthetic)", lang="fi")))
        assert write_graph(catalogue, PTV_17, ptv) == [Followed()]  # read through organiser 16 alone

        ptv.set((OTHER_CENTRE, SKOS.prefLabel, Literal("Asiakasmaksutoimisto", lang="fi")))
        ptv.remove((PTV_16_CENTRE, SKOS.altLabel, None))
        assert write_graph(catalogue, PTV_17, ptv) == []  # organisers 16 and 17 in one write: rebuilt

        register = held(store, REGISTER)
        register.set((STATION, SKOS.prefLabel, Literal("Alajärven terveyskeskus (synthetic)", lang="fi")))
        assert write_graph(catalogue, REGISTER, register) == []  # read by its name: rebuilt
        stations = catalogue.index.document("region", "16")["stations"]  # Etelä-Pohjanmaa
        assert "Alajärven terveyskeskus (synthetic)" in json.dumps(stations, ensure_ascii=False)
    finally:
        catalogue.close()
        store.close()
