"""The health-station register import (sotekg.stations): the rows read, every municipality correction and its
rows, the stations and their evidence, and the shipped graph being the import of the shipped workbook.

The expected corrections below were checked by hand against the workbook and the 2022 municipality list
(data/sources/municipalities_2022.csv): Savukoski is 742, Merikarvia 484, Seinäjoki 743, Pieksämäki 593.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from sotekg.namespaces import SK, code_iri, county_iri, municipality_iri
from sotekg.ptv.targets import FolderTarget, held_graphs
from sotekg.stations.importer import REGISTER_SOURCE, StationInputs, import_register, station_iri
from sotekg.stations.links import add_links, station_ptv_pairs
from sotekg.stations.register import read_register

ROOT = Path(__file__).resolve().parents[2]
WORKBOOK = ROOT / "data" / "stations" / "health_stations_Finland_13-19.xlsx"
SHIPPED = ROOT / "data" / "stations" / "register.ttl"
SHIPPED_IMPORT_TIME = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)

# (kind, recorded code and name as the register writes them (padded), placed code) → rows "year:row"
EXPECTED_CORRECTIONS = {
    ("code-contradicts-name", "724 'Savukoski'", "742"): ["2016:350", "2017:448", "2018:441", "2019:320"],
    ("code-contradicts-name", "494 'Merikarvia'", "484"): ["2013:355", "2014:352", "2015:350"],
    ("code-contradicts-name", "846 'Seinäjoki'", "743"): [
        "2016:472", "2016:473", "2016:474", "2017:450", "2017:451", "2017:452",
    ],
    ("code-contradicts-name", "594 'Pieksämäki'", "593"): ["2016:373", "2017:364"],
    ("code-contradicts-name", "595 'Pieksämäki'", "593"): ["2016:374", "2017:365"],
    ("merged", "911 'Valtimo'", "541"): [f"{y}:{r}" for y, r in zip(range(2013, 2020), (398, 395, 393, 320, 531, 524, 473))],
    ("merged", "099 'Honkajoki'", "214"): ["2013:112", "2014:111", "2015:111", "2016:386", "2017:75", "2018:73", "2019:350"],
    ("merged", "164 'Jalasjärvi'", "301"): ["2013:189", "2014:188", "2015:188", "2016:97"],
    ("merged", "301 'Jalasjärvi'", "301"): ["2017:226", "2018:105", "2019:100"],
    ("merged", "174 'Juankoski'", "297"): ["2013:226", "2014:225", "2015:225", "2016:239"],
    ("merged", "476 'Maaninka'", "297"): ["2013:319", "2014:316"],
    ("merged", "283 'Hämeenkoski'", "098"): ["2013:21", "2014:21", "2015:21"],
    ("merged", "532 'Nastola'", "398"): ["2013:99", "2014:98", "2015:98"],
    ("merged", "442 'Luvia'", "051"): ["2013:94", "2014:93", "2015:93", "2016:183"],
    ("merged", "423 'Tarvasjoki'", "423"): ["2013:297", "2014:294"],
    ("merged", "413 'Lavia'", "609"): ["2013:357", "2014:354"],
    ("merged", "319 'Köyliö'", "783"): ["2013:327", "2014:324", "2015:323"],
}  # fmt: skip


@lru_cache(maxsize=1)
def imported() -> tuple[Graph, object]:
    from sotekg.settings import Settings

    inputs = StationInputs.load(Settings(root=ROOT))
    register = read_register(WORKBOOK)
    graph, report = import_register(
        register, inputs.places, inputs.forms, inputs.geocodes, inputs.sources, SHIPPED_IMPORT_TIME
    )
    report.ptv_pairs, report.ptv_unlinked = station_ptv_pairs(
        graph, held_graphs(FolderTarget(ROOT / "data" / "ptv")).values()
    )
    add_links(graph, report.ptv_pairs)
    return graph, report


def test_rows_per_year_are_the_registers():
    register = read_register(WORKBOOK)
    assert register.years() == {2013: 598, 2014: 589, 2015: 582, 2016: 567, 2017: 561, 2018: 554, 2019: 551}
    assert register.stray == [
        "sheet 2014 row 596 (column 24: https://web.archive.org/web/20141130185204/"
        + "http://kfem.fi/index.php/sv/social-halsovard.html)"
    ]


def test_every_correction_of_a_municipality_is_reported_with_its_rows():
    _, report = imported()
    found = {
        (c.kind, c.recorded, c.placed): rows
        for c, rows in report.corrections.items()
        if c.kind in ("merged", "code-contradicts-name")
    }
    assert len(found) == len(EXPECTED_CORRECTIONS) == 17
    assert found == EXPECTED_CORRECTIONS
    assert report.unplaced == []
    padded = {c.recorded: c.placed for c in report.corrections if c.kind == "leading-zeros"}
    assert padded["20 'Akaa'"] == "020" and padded["5 'Alajärvi'"] == "005"
    assert sum(len(rows) for c, rows in report.corrections.items() if c.kind == "leading-zeros") == 553
    trimmed = {c.recorded for c in report.corrections if c.kind == "whitespace"}
    assert trimmed == {"061 'Forssa '", "61 'Forssa '", "50 'Eura '"}


def test_a_merger_is_followed_to_the_registers_later_rows_where_it_has_them():
    _, report = imported()
    luvia = next(reason for reason in report.followed if reason.startswith("Luvia"))
    assert report.followed[luvia] == "the register itself records 'Luvian terveysasema' from 2017 under 051"
    valtimo = next(reason for reason in report.followed if reason.startswith("Valtimo"))
    assert "[register-notes]" in valtimo and "merger list alone" in report.followed[valtimo]


def test_stations_are_one_centre_each_however_many_years_with_todays_organiser():
    graph, report = imported()
    centres = set(graph.subjects(RDF.type, SK.ServiceLocation))
    assert len(centres) == len(report.stations) == 744
    assert sum(1 for s in report.stations if s.last == 2019) == 551
    assert sum(1 for s in report.stations if s.first == 2013) == 598
    assert {s.county for s in report.stations} == {f"{n:02d}" for n in range(1, 22)} | {"90"}
    savukoski = station_iri("742", "Savukosken terveysasema")
    assert (savukoski, SK.organiser, URIRef(county_iri("21"))) in graph
    assert (savukoski, SK.municipality, URIRef(municipality_iri("742"))) in graph
    assert (savukoski, SK.firstYearSeen, Literal("2013", datatype=XSD.gYear)) in graph
    assert len(list(graph.objects(savukoski, SK.stationYear))) == 7
    valtimo = station_iri("541", "Valtimon terveysasema")
    assert (valtimo, SK.organiser, URIRef(county_iri("14"))) in graph  # Nurmes is Pohjois-Karjala's
    organisers = {
        str(graph.value(graph.value(year, SK.historicalOrganiser), DCTERMS.source))
        for year in graph.objects(valtimo, SK.stationYear)
    }
    assert organisers == {str(REGISTER_SOURCE)}


def test_a_closed_station_says_when_and_its_evidence_is_dated_by_its_last_year():
    graph, _ = imported()
    ylamaa = station_iri("405", "Ylämaan terveysasema")  # closed at the end of 2013 (the register's notes)
    assert (ylamaa, SK.lastYearSeen, Literal("2013", datatype=XSD.gYear)) in graph
    assert (ylamaa, SK.closedYear, Literal("2014", datatype=XSD.gYear)) in graph
    offerings = list(graph.objects(ylamaa, SK.offers))
    assert len(offerings) == 1
    assert (offerings[0], SK.serviceType, URIRef(code_iri("service-type", "primary-health-care"))) in graph
    assert (offerings[0], DCTERMS.date, Literal("2013", datatype=XSD.gYear)) in graph
    assert (offerings[0], DCTERMS.source, REGISTER_SOURCE) in graph


def test_the_register_is_a_station_register_source_never_complete():
    graph, _ = imported()
    assert (REGISTER_SOURCE, SK.sourceKind, URIRef(code_iri("source-kind", "station-register"))) in graph
    assert (REGISTER_SOURCE, SK.completeFor, None) not in graph
    assert (REGISTER_SOURCE, DCTERMS.license, URIRef("https://opensource.org/license/mit")) in graph
    assert graph.value(REGISTER_SOURCE, DCTERMS.issued) == Literal("2025-03-24", datatype=XSD.date)


def test_coordinates_come_from_the_authors_geocoding_in_wgs84():
    graph, report = imported()
    assert report.geocoded == 545 and report.ambiguous_geocodes == []
    toijala = station_iri("020", "Toijalan terveysasema")
    geo = graph.value(toijala, URIRef("https://schema.org/geo"))
    latitude = float(graph.value(geo, URIRef("https://schema.org/latitude")))
    longitude = float(graph.value(geo, URIRef("https://schema.org/longitude")))
    assert 61.16 < latitude < 61.18 and 23.86 < longitude < 23.88  # Akaantie 2, Toijala


def test_the_shipped_graph_is_the_import_of_the_shipped_workbook():
    graph, _ = imported()
    shipped = Graph().parse(SHIPPED)
    assert len(shipped) == len(graph) > 70_000
    assert set(shipped) == set(graph)


@pytest.mark.parametrize("bad", ["not-a-workbook.xlsx"])
def test_a_file_that_is_not_a_workbook_is_refused_with_its_name(tmp_path, bad):
    from sotekg.errors import UserError

    path = tmp_path / bad
    path.write_text("station;year\n", encoding="utf-8")
    with pytest.raises(UserError, match="not-a-workbook.xlsx: not a readable xlsx workbook"):
        read_register(path)


def test_a_station_and_a_ptv_location_of_the_same_site_are_linked_not_merged():
    graph, report = imported()
    pairs = {(p.station, p.ptv_name, p.basis) for p in report.ptv_pairs}
    assert pairs == {
        ("station-399-laihian-terveysasema", "Laihian terveysasema", "municipality, address and name"),
        ("station-905-gerbyn-terveysasema", "Gerbyn terveysasema", "municipality, address and name"),
        (
            "station-905-kirkkopuistikon-terveysasema",
            "Kirkkopuistikon terveysasema",
            "municipality, address and name",
        ),
        (
            "station-905-ristinummen-terveysasema",
            "Ristinummen terveysasema",
            "municipality, address and name",
        ),
        (
            "station-905-tammikaivon-terveysasema",
            "Tammikaivon terveysasema",
            "municipality, address and name",
        ),
        ("station-905-vahankyron-terveysasema", "Vähänkyrön terveysasema", "municipality, address and name"),
    }
    assert report.ptv_unlinked == []  # every PTV health station of the recording has its register station
    gerby = station_iri("905", "Gerbyn terveysasema")
    ptv = URIRef("https://w3id.org/sotekg/id/centre/ptv-325f24cb-e861-41a3-b1b2-a437545aa3b8")
    assert list(graph.objects(gerby, SKOS.closeMatch)) == [ptv]
    assert (ptv, None, None) not in graph  # the PTV record stays in its own graph, untouched
    # Gerby's child health clinic is at the same address but another unit: not linked
    assert not any(p.ptv.startswith("ptv-8dced9d7") for p in report.ptv_pairs)


def test_likely_renames_are_reported_not_merged():
    graph, report = imported()
    assert (
        "'Persupalvelukeskus Honkajoki' (last 2015) → 'Peruspalvelukeskus Honkajoki' (first 2016), 214"
        in (report.successors)
    )  # a typo corrected in the register in 2016: two stations by the register's names, one closed, one opened
    assert (
        "'Palosaaren terveysasema' (last 2014) → 'Tammikaivon terveysasema' (first 2015), 905"
        in report.successors
    )
    assert len(report.successors) == 117
    old = station_iri("214", "Persupalvelukeskus Honkajoki")
    assert (old, SK.closedYear, Literal("2016", datatype=XSD.gYear)) in graph
