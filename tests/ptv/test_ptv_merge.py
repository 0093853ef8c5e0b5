"""Merging an import with what a target holds: same input changes nothing, newer records replace older ones."""

from datetime import UTC, datetime
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from sotekg.namespaces import SK, county_iri
from sotekg.ptv.importer import centre_iri, import_records
from sotekg.ptv.merge import merge_imports
from sotekg.ptv.reader import read_paths

VAASA = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ptv" / "vaasa-2018"
GERBY = "325f24cb-e861-41a3-b1b2-a437545aa3b8"
LATER = datetime(2026, 2, 1, tzinfo=UTC)


def isomorphic(a: Graph, b: Graph) -> bool:
    """Isomorphism of graphs without blank nodes (the import makes none): the same triples."""
    assert not any(isinstance(term, BNode) for triple in a for term in triple)
    return set(a) == set(b)


def without_import_time(graph: Graph) -> Graph:
    result = Graph()
    result += graph
    result.remove((None, PROV.generatedAtTime, None))
    return result


def test_the_same_input_again_gives_an_isomorphic_graph(vaasa, vaasa_records, tables, counties):
    again = import_records(vaasa_records, tables, counties, vaasa_imported_at(vaasa))
    assert all(isomorphic(vaasa.graphs[c], again.graphs[c]) for c in vaasa.graphs)
    later = import_records(vaasa_records, tables, counties, LATER)
    assert not isomorphic(vaasa.graphs["17"], later.graphs["17"])
    assert all(
        isomorphic(without_import_time(vaasa.graphs[c]), without_import_time(later.graphs[c]))
        for c in vaasa.graphs
    )
    merged, report = merge_imports(vaasa.graphs, later.graphs)
    assert (len(report.added), len(report.replaced), len(report.kept)) == (0, 0, 100)
    assert all(isomorphic(vaasa.graphs[c], merged[c]) for c in vaasa.graphs)


def vaasa_imported_at(result) -> datetime:
    (time,) = set(result.graphs["17"].objects(None, PROV.generatedAtTime))
    return time.toPython()


def test_a_newer_record_replaces_the_older_and_an_older_one_does_not(vaasa, tables, counties, gerby_copy):
    newer = import_records(
        read_paths([gerby_copy("Gerbyn terveysasema (uusi)", "2019-03-01T10:00:00")]),
        tables,
        counties,
        LATER,
    )
    merged, report = merge_imports(vaasa.graphs, newer.graphs)
    assert (report.added, report.replaced, report.kept) == ([], [f"ptv-{GERBY}"], [])
    g, gerby = merged["17"], centre_iri(GERBY)
    assert {str(x) for x in g.objects(gerby, SKOS.prefLabel) if x.language == "fi"} == {
        "Gerbyn terveysasema (uusi)"
    }
    assert g.value(gerby, DCTERMS.modified).toPython().year == 2019
    assert len(set(g.objects(gerby, SK.offers))) == 1
    assert len(g) == len(vaasa.graphs["17"])  # the same shape of record; nothing else touched
    older = import_records(
        read_paths([gerby_copy("Vanha nimi", "2016-01-01T00:00:00")]), tables, counties, LATER
    )
    again, report = merge_imports(merged, older.graphs)
    assert report.kept == [f"ptv-{GERBY}"]
    assert (gerby, SKOS.prefLabel, Literal("Vanha nimi", lang="fi")) not in again["17"]
    assert isomorphic(again["17"], merged["17"])


def test_the_newer_of_two_versions_in_one_input_wins(tables, counties, gerby_copy):
    folders = [
        gerby_copy("Uudempi", "2019-03-01T10:00:00"),
        gerby_copy("Vanhempi", "2018-12-01T10:00:00"),
    ]
    result = import_records(read_paths(folders), tables, counties, LATER)
    labels = {
        str(x) for x in result.graphs["17"].objects(centre_iri(GERBY), SKOS.prefLabel) if x.language == "fi"
    }
    assert labels == {"Uudempi"}


def test_a_record_that_moved_leaves_its_old_county(vaasa, tables, counties, gerby_copy):
    moved = import_records(
        read_paths([gerby_copy("Gerbyn terveysasema", "2019-03-01T10:00:00", "272")]),
        tables,
        counties,
        LATER,
    )
    merged, report = merge_imports(vaasa.graphs, moved.graphs)
    gerby = centre_iri(GERBY)
    assert report.replaced == [f"ptv-{GERBY}"]
    assert (gerby, None, None) not in merged["17"]
    assert (gerby, SK.organiser, URIRef(county_iri("18"))) in merged["18"]
    assert not any(str(s).startswith(str(gerby)) for s in merged["17"].subjects())
