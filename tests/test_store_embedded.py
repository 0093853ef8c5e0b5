"""The embedded store on disk: stored models survive a restart; the default files never overwrite them."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from sotekg.errors import UserError
from sotekg.namespaces import region_graph_iri
from sotekg.store import EmbeddedStore, Store, open_store
from sotekg.store.embedded import COUNT_FILE

MODEL = '<https://w3id.org/sotekg/id/centre/09-test> <https://w3id.org/sotekg/def#code> "09-test" .\n'


def test_a_stored_model_survives_restart(settings, tmp_path, embedded_store: Store):
    persistent = settings.model_copy(update={"store_dir": tmp_path / "store"})
    region = region_graph_iri("09")
    store = open_store(persistent)
    assert store.count() == embedded_store.count() > 1000  # an empty folder is filled with the default graphs
    assert store.replace_graph(region, MODEL) == 1
    store.close()

    reopened = open_store(persistent)
    try:
        assert reopened.count(region) == 1  # the stored model, not data/regions/09.ttl loaded over it
        assert isomorphic(reopened.graph(region), Graph().parse(data=MODEL, format="turtle"))
        assert reopened.count() == embedded_store.count() - embedded_store.count(region) + 1
    finally:
        reopened.close()


def test_a_folder_in_use_is_a_clear_error(settings, tmp_path):
    persistent = settings.model_copy(update={"store_dir": tmp_path / "store"})
    store = open_store(persistent)
    try:
        with pytest.raises(UserError, match="cannot open the store folder"):
            open_store(persistent)
    finally:
        store.close()


def test_clear_empties_the_store(settings):
    store = EmbeddedStore(settings)  # not filled: open_store would load the default graphs
    try:
        assert store.count() == 0
        store.replace_graph("urn:x:g1", '<urn:x:a> <urn:x:b> "1" .')
        store.replace_graph("urn:x:g2", '<urn:x:a> <urn:x:b> "2" .')
        assert (store.count(), store.graph_names()) == (2, ["urn:x:g1", "urn:x:g2"])
        store.clear()
        assert (store.count(), store.graph_names()) == (0, [])
    finally:
        store.close()


def test_count_of_all_named_graphs_leaves_out_the_default_graph(settings):
    store = EmbeddedStore(settings.model_copy(update={"store_dir": None}))
    assert store.is_empty() and store.count() == 0
    store._update('INSERT DATA { <urn:s> <urn:p> "in the default graph" }')  # not in any named graph
    assert store.is_empty() and store.count() == 0
    store._update(
        "INSERT DATA { GRAPH <urn:g1> { <urn:s> <urn:p> 1, 2 } GRAPH <urn:g2> { <urn:s> <urn:p> 1 } }"
    )
    assert not store.is_empty()
    assert (store.count(), store.count("urn:g1"), store.count("urn:g2")) == (3, 2, 1)


def test_the_triple_count_is_saved_under_the_generation_and_follows_every_write(settings, tmp_path):
    """A restart answers the count saved under the store's generation (here a planted figure proves it is read,
    not counted again); a write renews the generation, so the count is made again and is right."""
    persistent = settings.model_copy(update={"store_dir": tmp_path / "store"})
    store = open_store(persistent)
    counted = store.count()
    generation = store.generation()
    store.close()
    count_file = tmp_path / "store" / COUNT_FILE
    assert count_file.read_text(encoding="ascii").split() == [generation, str(counted)]

    count_file.write_text(f"{generation} 7\n", encoding="ascii")
    reopened = open_store(persistent)
    try:
        assert reopened.count() == 7  # read, not counted
        assert reopened.replace_graph(region_graph_iri("09"), MODEL) == 1
        after = reopened.count()
        assert after == sum(reopened.count(graph) for graph in reopened.graph_names()) > 1000
        assert count_file.read_text(encoding="ascii").split() == [reopened.generation(), str(after)]
    finally:
        reopened.close()

    count_file.write_text(f"another-generation {after + 5}\n", encoding="ascii")
    again = open_store(persistent)
    try:
        assert again.count() == after  # a count saved under another generation is not used
    finally:
        again.close()
