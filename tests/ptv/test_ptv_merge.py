"""Merging an import with what a target holds: same input changes nothing, newer records replace older ones."""

from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from sotekg.namespaces import SK, county_iri
from sotekg.ptv.importer import centre_iri, import_records
from sotekg.ptv.merge import merge_imports
from sotekg.ptv.reader import read_paths
from sotekg.ptv.source import undated_recording

VAASA = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ptv" / "vaasa-2018"
GERBY = "325f24cb-e861-41a3-b1b2-a437545aa3b8"


def isomorphic(a: Graph, b: Graph) -> bool:
    """Isomorphism of graphs without blank nodes (the import makes none): the same triples."""
    assert not any(isinstance(term, BNode) for triple in a for term in triple)
    return set(a) == set(b)


def test_the_same_input_again_gives_the_same_graph(vaasa, vaasa_records, tables, counties, vaasa_source):
    again = import_records(vaasa_records, tables, counties, vaasa_source)
    assert all(isomorphic(vaasa.graphs[c], again.graphs[c]) for c in vaasa.graphs)
    merged, report = merge_imports(vaasa.graphs, again.graphs)
    assert (len(report.added), len(report.replaced), len(report.kept)) == (0, 0, 100)
    assert all(isomorphic(vaasa.graphs[c], merged[c]) for c in vaasa.graphs)


def import_folder(folder: Path, tables, counties):
    """Import files that do not describe themselves (an undated recording)."""
    records = read_paths([folder])
    return import_records(records, tables, counties, undated_recording(records.versions()))


def test_a_newer_record_replaces_the_older_and_an_older_one_does_not(vaasa, tables, counties, gerby_copy):
    newer = import_folder(gerby_copy("Gerbyn terveysasema (uusi)", "2019-03-01T10:00:00"), tables, counties)
    merged, report = merge_imports(vaasa.graphs, newer.graphs)
    assert (report.added, report.replaced, report.kept) == ([], [f"ptv-{GERBY}"], [])
    g, gerby = merged["17"], centre_iri(GERBY)
    assert {str(x) for x in g.objects(gerby, SKOS.prefLabel) if x.language == "fi"} == {
        "Gerbyn terveysasema (uusi)"
    }
    assert g.value(gerby, DCTERMS.modified).toPython().year == 2019
    assert len(set(g.objects(gerby, SK.offers))) == 1
    # the same shape of record, and the description of its own source (undated files); nothing else touched
    assert len(g) == len(vaasa.graphs["17"]) + 6
    older = import_folder(gerby_copy("Vanha nimi", "2016-01-01T00:00:00"), tables, counties)
    again, report = merge_imports(merged, older.graphs)
    assert report.kept == [f"ptv-{GERBY}"]
    assert (gerby, SKOS.prefLabel, Literal("Vanha nimi", lang="fi")) not in again["17"]
    assert isomorphic(again["17"], merged["17"])


def test_the_newer_of_two_versions_in_one_input_wins(tables, counties, gerby_copy):
    folders = [
        gerby_copy("Uudempi", "2019-03-01T10:00:00"),
        gerby_copy("Vanhempi", "2018-12-01T10:00:00"),
    ]
    records = read_paths(folders)
    result = import_records(records, tables, counties, undated_recording(records.versions()))
    labels = {
        str(x) for x in result.graphs["17"].objects(centre_iri(GERBY), SKOS.prefLabel) if x.language == "fi"
    }
    assert labels == {"Uudempi"}


def test_a_record_that_moved_leaves_its_old_county(vaasa, tables, counties, gerby_copy):
    moved = import_folder(gerby_copy("Gerbyn terveysasema", "2019-03-01T10:00:00", "272"), tables, counties)
    merged, report = merge_imports(vaasa.graphs, moved.graphs)
    gerby = centre_iri(GERBY)
    assert report.replaced == [f"ptv-{GERBY}"]
    assert (gerby, None, None) not in merged["17"]
    assert (gerby, SK.organiser, URIRef(county_iri("18"))) in merged["18"]
    assert not any(str(s).startswith(str(gerby)) for s in merged["17"].subjects())
