"""Merging an import with what a target holds: same input changes nothing, newer records replace older ones."""

from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from sotekg.namespaces import SK, county_iri
from sotekg.ptv.importer import centre_iri
from sotekg.ptv.merge import MergeReport, Staging
from sotekg.ptv.reader import PtvInput
from sotekg.ptv.targets import import_records

GERBY = "325f24cb-e861-41a3-b1b2-a437545aa3b8"


def isomorphic(a: Graph, b: Graph) -> bool:
    """Isomorphism of graphs without blank nodes (the import makes none): the same triples."""
    assert not any(isinstance(term, BNode) for triple in a for term in triple)
    return set(a) == set(b)


def merge(
    held: dict[str, Graph], folders: list[Path], tables, counties
) -> tuple[dict[str, Graph], MergeReport]:
    """Import files that do not describe themselves (an undated recording) into a target holding ``held``: the
    county graphs afterwards and what happened to each record."""
    staging = Staging()
    for county, graph in held.items():
        staging.load_graph(county, graph)
    staging.index_held()
    import_records(PtvInput(folders), tables, counties, None, staging)
    return {county: staging.graph(county) for county in sorted(staging.counties)}, staging.report


def test_the_same_input_again_gives_the_same_graph(vaasa, vaasa_records, tables, counties, vaasa_source):
    again = import_records(vaasa_records, tables, counties, vaasa_source)
    assert set(vaasa.graphs) == set(again.graphs) == {"16", "17", "18"}
    assert all(isomorphic(vaasa.graphs[c], again.graphs[c]) for c in vaasa.graphs)
    staging = Staging()
    for county, graph in vaasa.graphs.items():
        staging.load_graph(county, graph)
    staging.index_held()
    import_records(vaasa_records, tables, counties, vaasa_source, staging)
    report = staging.report
    assert (len(report.added), len(report.replaced), len(report.kept)) == (0, 0, 100)
    assert staging.changed == set()
    assert all(isomorphic(vaasa.graphs[c], staging.graph(c)) for c in vaasa.graphs)


def test_a_newer_record_replaces_the_older_and_an_older_one_does_not(vaasa, tables, counties, gerby_copy):
    newer = gerby_copy("Gerbyn terveysasema (uusi)", "2019-03-01T10:00:00")
    merged, report = merge(vaasa.graphs, [newer], tables, counties)
    assert (report.added, report.replaced, report.kept) == ([], [f"ptv-{GERBY}"], [])
    g, gerby = merged["17"], centre_iri(GERBY)
    assert {str(x) for x in g.objects(gerby, SKOS.prefLabel) if x.language == "fi"} == {
        "Gerbyn terveysasema (uusi)"
    }
    assert g.value(gerby, DCTERMS.modified).toPython().year == 2019
    assert len(set(g.objects(gerby, SK.offers))) == 1
    # the same shape of record, and the description of its own source (undated files); nothing else touched
    assert len(g) == len(vaasa.graphs["17"]) + 6
    older = gerby_copy("Vanha nimi", "2016-01-01T00:00:00")
    again, report = merge(merged, [older], tables, counties)
    assert (report.added, report.replaced, report.kept) == ([], [], [f"ptv-{GERBY}"])
    assert (gerby, SKOS.prefLabel, Literal("Vanha nimi", lang="fi")) not in again["17"]
    assert isomorphic(again["17"], merged["17"])  # not even the older source's description


def test_the_newer_of_two_versions_in_one_input_wins(tables, counties, gerby_copy):
    folders = [
        gerby_copy("Uudempi", "2019-03-01T10:00:00"),
        gerby_copy("Vanhempi", "2018-12-01T10:00:00"),
    ]
    result = import_records(PtvInput(folders), tables, counties, None)
    labels = {
        str(x) for x in result.graphs["17"].objects(centre_iri(GERBY), SKOS.prefLabel) if x.language == "fi"
    }
    assert labels == {"Uudempi"}
    assert [site.name for site in result.report.imported] == ["Uudempi"]


def test_a_record_that_moved_leaves_its_old_county(vaasa, tables, counties, gerby_copy):
    moved = gerby_copy("Gerbyn terveysasema", "2019-03-01T10:00:00", "272")
    merged, report = merge(vaasa.graphs, [moved], tables, counties)
    gerby = centre_iri(GERBY)
    assert report.replaced == [f"ptv-{GERBY}"]
    assert (gerby, None, None) not in merged["17"]
    assert (gerby, SK.organiser, URIRef(county_iri("18"))) in merged["18"]
    assert not any(str(s).startswith(str(gerby)) for s in merged["17"].subjects())
    assert not any(str(o).startswith(f"{gerby}#") for o in merged["17"].objects())
