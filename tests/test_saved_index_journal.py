"""The journal of the saved lookup index (sotekg.saved_index, decision 0006): a write appends the resources it
changed; a restart reads the base and applies the records, and serves exactly the index that was in memory. A
record cut short, a damaged record, a journal left beside another base or a record that does not follow what is
saved never yields a wrong index: the tag it would end at is not reached, and the state before stays readable.

The indexes are real: built from the embedded store with the shipped data; each write is simulated by replacing,
adding or removing a few prepared resources as an incremental build would (marked as test changes)."""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest

import sotekg.saved_index
from sotekg.errors import NotFoundError
from sotekg.index import JSON, RESOURCE_FIELDS, LookupIndex, Prepared, build_index, json_bytes
from sotekg.queries import QueryLibrary
from sotekg.saved_index import JOURNAL_FRACTION, index_tag, journal_path, load, save, save_changes
from sotekg.store import Store

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = QueryLibrary(ROOT / "queries")
Key = tuple[str, str]


@pytest.fixture(scope="module")
def base(embedded_store: Store) -> LookupIndex:
    return build_index(embedded_store, LIBRARY, {}, version=1)


def tag(step: int) -> dict:
    return index_tag(f"generation-{step}", {"09": f"2026-12-02T0{step}:00:00+00:00"}, "code")


def changed_index(
    index: LookupIndex, changes: dict[Key, dict[str, Any]], removed: set[Key], regions: list | None = None
) -> LookupIndex:
    """``index`` with the documents of ``changes`` replaced or added, ``removed`` gone and, when given, another
    regions list: a new snapshot sharing the untouched prepared resources, as an incremental build makes one."""
    prepared = {key: value for key, value in index.prepared.items() if key not in removed}
    prepared.update({key: Prepared.of(json_bytes(document), JSON) for key, document in changes.items()})
    fields = {}
    for kind, field in RESOURCE_FIELDS.items():
        documents = {
            key: value for key, value in getattr(index.documents, field).items() if (kind, key) not in removed
        }
        documents.update({key: document for (of, key), document in changes.items() if of == kind})
        fields[field] = documents
    if regions is not None:
        fields["regions"] = regions
    return LookupIndex(replace(index.documents, **fields), index.version + 1, index.coverage_offers, prepared)


def marked(index: LookupIndex, kind: str, key: str, step: int) -> dict[str, Any]:
    """A copy of a document with a test change in it."""
    document = copy.deepcopy(index.document(kind, key))
    document["testChange"] = f"write {step} of the journal test (synthetic)"
    return document


def content(index: LookupIndex) -> dict:
    """What a snapshot serves: every resource's bytes and ETag, the keys of each kind, and the lists."""
    documents = index.documents
    return {
        "prepared": {key: (value.body, value.etag) for key, value in index.prepared.items()},
        "keys": {kind: sorted(getattr(documents, field)) for kind, field in RESOURCE_FIELDS.items()},
        "lists": (documents.regions, documents.services, documents.service_sets),
    }


@pytest.fixture
def writes(base: LookupIndex) -> list[tuple[LookupIndex, set[Key], set[Key]]]:
    """Three writes after ``base``: each the new index, the keys it changed or added and the keys it removed."""
    centres = sorted(base.documents.centres)
    first = changed_index(
        base,
        {
            ("centre", centres[0]): marked(base, "centre", centres[0], 1),
            ("region", "09"): marked(base, "region", "09", 1),
        },
        set(),
        regions=[
            {**region, "testChange": "write 1 (synthetic)"} if region["code"] == "09" else region
            for region in base.documents.regions
        ],
    )
    new_centre = {**marked(first, "centre", centres[1], 2), "id": "09-journal-test-centre"}
    second = changed_index(
        first, {("centre", "09-journal-test-centre"): new_centre}, {("centre", centres[1])}
    )
    third = changed_index(second, {("municipality", "398"): marked(second, "municipality", "398", 3)}, set())
    return [
        (first, {("centre", centres[0]), ("region", "09")}, set()),
        (second, {("centre", "09-journal-test-centre")}, {("centre", centres[1])}),
        (third, {("municipality", "398")}, set()),
    ]


def saved_with_records(path: Path, base: LookupIndex, writes: list) -> None:
    save(base, path, tag(0))
    for step, (index, changed, removed) in enumerate(writes, start=1):
        assert save_changes(path, index, changed, removed, tag(step), since=tag(step - 1)) is True


def test_a_base_and_its_records_load_as_the_index_in_memory(tmp_path, base, writes, monkeypatch):
    path = tmp_path / "lookup-index"
    save(base, path, tag(0))
    base_bytes = path.read_bytes()
    for step, (index, changed, removed) in enumerate(writes, start=1):
        assert save_changes(path, index, changed, removed, tag(step), since=tag(step - 1)) is True
    assert path.read_bytes() == base_bytes, "a write rewrote the base"
    assert journal_path(path).stat().st_size < len(base_bytes) / 4  # three records of a few resources

    parsed: list[int] = []
    loads = orjson.loads
    monkeypatch.setattr(sotekg.saved_index.orjson, "loads", lambda text: parsed.append(1) or loads(text))
    loaded = load(path, tag(3), version=7)
    assert loaded is not None
    assert len(parsed) == 1 + 3, "applying the records parsed more than the base's header and their own"
    monkeypatch.undo()

    last, centres = writes[-1][0], sorted(base.documents.centres)
    assert content(loaded) == content(last)
    assert loaded.version == 7
    assert loaded.document("centre", centres[0])["testChange"] == "write 1 of the journal test (synthetic)"
    assert loaded.document("municipality", "398")["testChange"] == "write 3 of the journal test (synthetic)"
    assert loaded.document("centre", "09-journal-test-centre")["id"] == "09-journal-test-centre"
    assert [r.get("testChange") for r in loaded.items("regions") if r["code"] == "09"] == [
        "write 1 (synthetic)"
    ]
    with pytest.raises(NotFoundError, match=f"no centre with id '{centres[1]}'"):
        loaded.resource("centre", centres[1])
    with pytest.raises(NotFoundError):
        loaded.document("centre", centres[1])
    assert centres[1] not in loaded.documents.centres and centres[1] not in list(loaded.documents.centres)
    assert len(loaded.documents.centres) == len(base.documents.centres)  # one removed, one added
    assert loaded.resource("region", "09") == last.resource("region", "09")

    assert load(path, tag(2), version=1) is None  # a state the journal passed through is not the saved one
    assert load(path, tag(0), version=1) is None


def test_a_record_cut_short_is_ignored_and_the_state_before_it_stays_readable(tmp_path, base, writes):
    path = tmp_path / "lookup-index"
    saved_with_records(path, base, writes)
    journal = journal_path(path)
    journal.write_bytes(journal.read_bytes()[:-5])  # as a crash in the middle of the last append leaves it

    assert load(path, tag(3), version=1) is None
    before = load(path, tag(2), version=1)
    assert before is not None and content(before) == content(writes[1][0])

    # the next write cannot append after a torn record: it saves in full, and the journal goes
    third, changed, removed = writes[2]
    assert save_changes(path, third, changed, removed, tag(3), since=tag(2)) is False
    assert not journal.exists()
    assert content(load(path, tag(3), version=1)) == content(third)


def test_a_damaged_record_is_not_applied(tmp_path, base, writes):
    path = tmp_path / "lookup-index"
    saved_with_records(path, base, writes)
    journal = journal_path(path)
    data = bytearray(journal.read_bytes())
    data[-3] ^= 0xFF  # a byte of the last record's body, its length intact: its CRC-32 no longer matches
    journal.write_bytes(bytes(data))
    assert load(path, tag(3), version=1) is None


def test_a_journal_left_beside_another_base_is_ignored(tmp_path, base, writes):
    path = tmp_path / "lookup-index"
    first, changed, removed = writes[0]
    save(base, path, tag(0))
    assert save_changes(path, first, changed, removed, tag(1), since=tag(0)) is True
    left = journal_path(path).read_bytes()
    save(base, path, tag(0))  # a new base, under the same tag even
    assert not journal_path(path).exists()
    journal_path(path).write_bytes(
        left
    )  # as a crash between the base's rename and the journal's removal leaves it

    assert load(path, tag(1), version=1) is None
    assert content(load(path, tag(0), version=1)) == content(base)
    # the next write replaces the journal of the other base with one of its own
    assert save_changes(path, first, changed, removed, tag(1), since=tag(0)) is True
    assert content(load(path, tag(1), version=1)) == content(first)


def test_changes_to_a_state_that_is_not_saved_are_saved_in_full(tmp_path, base, writes):
    """A write whose previous save failed: its changes alone would make a wrong index, so the index is saved whole."""
    path = tmp_path / "lookup-index"
    save(base, path, tag(0))
    second, changed, removed = writes[1]  # the first write's record never reached the file
    assert save_changes(path, second, changed, removed, tag(2), since=tag(1)) is False
    assert not journal_path(path).exists()
    assert content(load(path, tag(2), version=1)) == content(second)
    assert save_changes(tmp_path / "nothing-saved", second, changed, removed, tag(2), since=tag(1)) is False
    assert content(load(tmp_path / "nothing-saved", tag(2), version=1)) == content(second)


def test_the_journal_is_folded_into_the_base_past_its_share_of_the_base(tmp_path, base):
    path = tmp_path / "lookup-index"
    save(base, path, tag(0))
    municipalities = sorted(base.documents.municipalities)
    assert len(municipalities) >= 100  # each record is large: every municipality changed
    index, results, journal_sizes = base, [], []
    for step in range(1, 7):
        keys = {("municipality", key) for key in municipalities}
        index = changed_index(index, {key: marked(index, *key, step) for key in keys}, set())
        base_size = path.stat().st_size
        results.append(save_changes(path, index, keys, set(), tag(step), since=tag(step - 1)))
        assert content(load(path, tag(step), version=1)) == content(index)
        if not results[-1]:
            break
        journal_sizes.append(journal_path(path).stat().st_size / base_size)
    assert results[0] is True and results[-1] is False, results
    assert not journal_path(path).exists()
    assert 0 < max(journal_sizes) <= JOURNAL_FRACTION  # the journal never passed its share of the base
    step += 1
    index = changed_index(index, {("region", "09"): marked(index, "region", "09", step)}, set())
    assert save_changes(path, index, {("region", "09")}, set(), tag(step), since=tag(step - 1)) is True
    assert content(load(path, tag(step), version=1)) == content(index)


def test_a_record_that_does_not_follow_the_one_before_ends_what_is_applied(tmp_path, base, writes):
    """Two writers' records on one base (which save_changes never makes: it checks ``since``) are not chained."""
    (first, changed_1, removed_1), (second, changed_2, removed_2) = writes[0], writes[1]
    one, other = tmp_path / "one" / "lookup-index", tmp_path / "other" / "lookup-index"
    one.parent.mkdir(), other.parent.mkdir()
    save(base, one, tag(0))
    other.write_bytes(one.read_bytes())  # the same base, its id included
    assert save_changes(one, first, changed_1, removed_1, tag(1), since=tag(0)) is True
    assert (
        save_changes(other, second, changed_2, removed_2, tag(2), since=tag(0)) is True
    )  # from base, not first
    journal_path(one).write_bytes(journal_path(one).read_bytes() + journal_path(other).read_bytes())

    assert load(one, tag(2), version=1) is None
    assert content(load(one, tag(1), version=1)) == content(first)


def test_a_failed_append_leaves_the_journal_as_it_was(tmp_path, base, writes, monkeypatch):
    path = tmp_path / "lookup-index"
    saved_with_records(path, base, writes[:2])
    before = journal_path(path).read_bytes()
    write = sotekg.saved_index.os.write

    def half(handle: int, data: bytes) -> int:  # as a full disk cuts a write short
        return write(handle, data[: len(data) // 2])

    monkeypatch.setattr(sotekg.saved_index.os, "write", half)
    third, changed, removed = writes[2]
    with pytest.raises(OSError, match="short write"):
        save_changes(path, third, changed, removed, tag(3), since=tag(2))
    monkeypatch.undo()
    assert journal_path(path).read_bytes() == before
    assert content(load(path, tag(2), version=1)) == content(writes[1][0])
    # the writer's index is the third now; what is saved is the second: the next write saves in full
    fourth = changed_index(third, {("region", "09"): marked(third, "region", "09", 4)}, set())
    assert save_changes(path, fourth, {("region", "09")}, set(), tag(4), since=tag(3)) is False
    assert content(load(path, tag(4), version=1)) == content(fourth)
