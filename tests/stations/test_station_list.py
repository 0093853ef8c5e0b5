"""The 2024 Wikipedia list: a graph of its own with its licence, listings that are not centres, each tied to
the 2019 register station of the same site where there is one, and the reconciliation table on the shipped
data (Helsinki checked by hand against both files)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from sotekg.analysis.run import run_named
from sotekg.namespaces import SK, code_iri
from sotekg.stations.listing import LIST_SOURCE, import_list

ROOT = Path(__file__).resolve().parents[2]
LIST = ROOT / "data" / "sources" / "wikipedia-healthcare-2024" / "healthcare_locations.csv"


def imported():
    register = Graph().parse(ROOT / "data" / "stations" / "register.ttl")
    sources = Graph().parse(ROOT / "mappings" / "stations" / "sources.ttl")
    return import_list(LIST, ROOT / "data" / "sources" / "municipalities_2022.csv", register, sources)


def test_the_list_is_its_own_source_with_its_licence_and_never_a_centre():
    graph, report = imported()
    assert (report.rows, report.health_centres, report.listings) == (393, 299, 299)
    assert len(report.matched) == 238 and report.unplaced == []
    assert [item.split(":")[0] for item in report.bad_coordinates] == [
        "line 178 'Ulkomaalaistoimiston terveyspalvelut'",
        "line 346 'Masalan terveysasema'",
    ]
    assert (LIST_SOURCE, SK.sourceKind, URIRef(code_iri("source-kind", "station-list"))) in graph
    assert (LIST_SOURCE, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by-sa/4.0/")) in graph
    assert (LIST_SOURCE, SK.completeFor, None) not in graph
    assert not set(graph.subjects(RDF.type, SK.ServiceLocation))
    assert len(set(graph.subjects(RDF.type, SK.StationListing))) == 299
    shipped = Graph().parse(ROOT / "data" / "stations" / "list-2024.ttl")
    assert set(shipped) == set(graph)


def test_a_listing_is_tied_to_the_register_station_of_the_same_site():
    graph, _ = imported()
    kalasatama = URIRef(
        "https://w3id.org/sotekg/id/listing/wikipedia-2024-091-kalasataman-terveys-ja-hyvinvointikeskus"
    )
    assert list(graph.objects(kalasatama, SKOS.closeMatch)) == [
        URIRef("https://w3id.org/sotekg/id/centre/station-091-kalasataman-terveysasema")
    ]  # a new name at the same street address, Työpajankatu 14 A


def test_the_reconciliation_table(store, settings):
    rows = run_named(store, settings, "analytics/station-list-2024").records()
    assert Counter(row["status"] for row in rows) == {
        "still-listed": 238,
        "not-listed": 37,
        "municipality-not-in-list": 279,
        "new": 61,
    }
    helsinki = {
        (row["status"], row["station"], row["listing"]) for row in rows if row["municipality_code"] == "091"
    }
    assert ("not-listed", "Vuosaaren terveysasema", None) in helsinki
    assert ("new", None, "Vuosaaren terveys- ja hyvinvointikeskus") in helsinki
    assert ("still-listed", "Haagan terveysasema", "Haagan terveysasema") in helsinki
    assert sum(1 for status, *_ in helsinki if status == "still-listed") == 22
