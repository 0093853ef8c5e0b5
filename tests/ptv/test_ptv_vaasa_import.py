"""Importing the whole Vaasa 2018 recording (PTV v8): which sites become centres of which county, with what."""

import math
from collections import Counter
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, SKOS, XSD

from sotekg.namespaces import SCHEMA, SK, code_iri, county_iri, municipality_iri
from sotekg.ptv.importer import SiteImport, centre_iri, wgs84

ROOT = Path(__file__).resolve().parents[2]


def names_of_kind(result, county: str, kind: str) -> dict[str, str]:
    return {
        site.ptv_id: site.name
        for site in result.report.imported
        if site.county == county and site.kind == kind
    }


def test_counts_per_county_and_record_counts(vaasa):
    assert vaasa.report.records == {"service channels": 240, "services": 325, "organisations": 3}
    assert vaasa.report.counties() == {"16": 1, "17": 98, "18": 1}
    assert len(vaasa.report.not_sote) == 136
    assert set(vaasa.graphs) == {"16", "17", "18"}


def test_health_stations_of_pohjanmaa(vaasa):
    assert names_of_kind(vaasa, "17", "health-station") == {
        "325f24cb-e861-41a3-b1b2-a437545aa3b8": "Gerbyn terveysasema",
        "e655c858-04ff-473c-9924-75f1e178370f": "Kirkkopuistikon terveysasema",
        "71367797-9a28-4f5e-a278-55a327efa468": "Laihian terveysasema",
        "47b1e897-dac7-4ff6-b5da-c002a5256d01": "Ristinummen terveysasema",
        "cfa06fda-7937-40b2-8d64-f36e9375a235": "Tammikaivon terveysasema",
        "a2f714ff-d0b2-4e57-bdd7-914dd5d36303": "Vähänkyrön terveysasema",
    }


def test_maternity_and_child_health_clinics(vaasa):
    assert sorted(names_of_kind(vaasa, "17", "maternity-and-child-health-clinic").values()) == [
        "Gerbyn lastenneuvola",
        "Isäneuvola",
        "Keskustan lastenneuvola",
        "Laihian lastenneuvola",
        "Laihian äitiys- ja perhesuunnitteluneuvola",
        "Neuvolapsykologi",
        "Ristinummen lastenneuvola",
        "Tammikaivon lastenneuvola",
        "Vähänkyrön lastenneuvola",
        "Vähänkyrön äitiysneuvola",
        "Äitiys- ja perhesuunnitteluneuvola",
    ]


def test_family_centre_dental_clinics_and_mental_health_centres(vaasa):
    assert sorted(names_of_kind(vaasa, "17", "family-centre-site").values()) == [
        "Helmi - kohtauspaikka naisille",
        "Perhekeskus",
        "Perheneuvola",
    ]
    assert sorted(names_of_kind(vaasa, "17", "dental-clinic").values()) == [
        "Gerbyn hammashoitola",
        "Hietalahden hammashoitola",
        "Huutoniemen hammashoitola",
        "Kirkkopuistikon hammashoitola",
        "Malmöntalon hammashoitola",
        "Opetushammashoitola",
        "Ristinummen hammashoitola",
        "Tammikaivon hammashoitola",
        "Vähänkyrön hammashoitola",
    ]
    assert sorted(names_of_kind(vaasa, "17", "mental-health-centre").values()) == [
        "Mielenterveys- ja riippuvuuskeskus Horisontti",
        "Nuorisoasema Klaara",
        "Nuorten päihdepysäkki Haavi",
        "Terveysneuvontapiste Tipsi",
        "Vaasan päihdekeskus",
        "Vähänkyrön mielenterveyspalveluiden vastaanotto",
    ]


def test_every_kind_count(vaasa):
    kinds = Counter((site.county, site.kind) for site in vaasa.report.imported)
    assert kinds == {
        ("17", "school-health-care-unit"): 22,
        ("17", "housing-services-unit"): 15,
        ("17", "maternity-and-child-health-clinic"): 11,
        ("17", "dental-clinic"): 9,
        ("17", "outpatient-clinic"): 8,
        ("17", "health-station"): 6,
        ("17", "mental-health-centre"): 6,
        ("17", "rehabilitation-unit"): 6,
        ("17", "child-welfare-unit"): 4,
        ("17", "family-centre-site"): 3,
        ("17", "day-activity-centre"): 2,
        ("17", "inpatient-ward"): 1,
        ("17", None): 1,  # Laihian vuodeostasto: see test_unmapped_report_is_exact
        ("17", "social-services-office"): 2,
        ("17", "health-promotion-unit"): 1,
        ("17", "home-care-unit"): 1,
        ("18", "social-services-office"): 1,
        ("16", "school-health-care-unit"): 1,
    }


def test_county_follows_the_address_not_the_organisation(vaasa):
    """All 240 channels belong to the City of Vaasa; the Kokkola and Isokyrö sites go to their own counties."""
    kokkola = centre_iri("2b51817a-7459-40ac-8d97-8686e4af1028")
    g18 = vaasa.graphs["18"]
    assert (kokkola, SK.organiser, URIRef(county_iri("18"))) in g18
    assert (kokkola, SK.municipality, URIRef(municipality_iri("272"))) in g18
    assert (kokkola, SKOS.prefLabel, None) in g18
    assert {str(label) for label in g18.objects(kokkola, SKOS.prefLabel)} == {
        "Pohjanmaan sovittelutoimisto - Kokkola",
        "Österbottens medlingsbyrå - Karleby",
    }
    assert (kokkola, None, None) not in vaasa.graphs["17"]
    tervajoki = centre_iri("68a4109a-73ea-40cc-99ff-807ba8a7eae8")
    assert (tervajoki, SK.organiser, URIRef(county_iri("16"))) in vaasa.graphs["16"]
    assert (tervajoki, SK.municipality, URIRef(municipality_iri("152"))) in vaasa.graphs["16"]


def test_gerby_health_station_in_full(vaasa):
    g = vaasa.graphs["17"]
    gerby = centre_iri("325f24cb-e861-41a3-b1b2-a437545aa3b8")
    assert (gerby, RDF.type, SK.ServiceLocation) in g
    assert (gerby, SK.centreKind, URIRef(code_iri("centre-kind", "health-station"))) in g
    assert str(g.value(gerby, DCTERMS.identifier)) == "325f24cb-e861-41a3-b1b2-a437545aa3b8"
    assert (
        gerby,
        PROV.wasDerivedFrom,
        URIRef(
            "https://api.palvelutietovaranto.suomi.fi/api/v11/ServiceChannel/325f24cb-e861-41a3-b1b2-a437545aa3b8"
        ),
    ) in g
    labels = {(label.language, str(label)) for label in g.objects(gerby, SKOS.prefLabel)}
    assert labels == {
        ("fi", "Gerbyn terveysasema"),
        ("sv", "Gerby hälsostation"),
        ("en", "Gerby health center"),
    }
    address = g.value(gerby, SCHEMA.address)
    assert {str(v) for v in g.objects(address, SCHEMA.streetAddress)} == {
        "Mäntymaantie 5",
        "Tallmarksvägen 5",
    }
    assert str(g.value(address, SCHEMA.postalCode)) == "65280"
    assert set(map(str, g.objects(gerby, SCHEMA.telephone))) == {"+35863251711", "+35863252070"}
    offerings = set(g.objects(gerby, SK.offers))
    assert {g.value(o, SK.serviceType) for o in offerings} == {
        URIRef(code_iri("service-type", "primary-health-care"))
    }
    assert {g.value(o, SK.channel) for o in offerings} == {URIRef(code_iri("channel", "physical"))}


def test_gerby_opening_hours(vaasa):
    g = vaasa.graphs["17"]
    gerby = centre_iri("325f24cb-e861-41a3-b1b2-a437545aa3b8")
    hours = {
        (
            frozenset(day.removeprefix(str(SCHEMA)) for day in g.objects(spec, SCHEMA.dayOfWeek)),
            str(g.value(spec, SCHEMA.opens)),
            str(g.value(spec, SCHEMA.closes)),
        )
        for spec in g.objects(gerby, SCHEMA.openingHoursSpecification)
    }
    assert hours == {
        (frozenset({"Monday", "Tuesday", "Wednesday", "Thursday"}), "08:00:00", "16:00:00"),
        (frozenset({"Friday"}), "08:00:00", "14:15:00"),
    }


def test_coordinates_lie_in_vaasa_and_kokkola(vaasa):
    points_17 = [
        (float(g17.value(geo, SCHEMA.latitude)), float(g17.value(geo, SCHEMA.longitude)))
        for g17 in [vaasa.graphs["17"]]
        for geo in g17.subjects(RDF.type, SCHEMA.GeoCoordinates)
    ]
    assert len(points_17) == 96  # two Vaasa sites have no coordinates in PTV
    assert all(62.9 < lat < 63.2 and 21.4 < lon < 22.2 for lat, lon in points_17)
    g18 = vaasa.graphs["18"]
    (geo,) = g18.subjects(RDF.type, SCHEMA.GeoCoordinates)
    assert 63.80 < float(g18.value(geo, SCHEMA.latitude)) < 63.87
    assert 23.08 < float(g18.value(geo, SCHEMA.longitude)) < 23.18


def meridian_latitude(northing: float) -> float:
    """Latitude of a point on TM35FIN's central meridian (27° E), by the GRS80 footpoint-latitude series."""
    a, f, k0 = 6378137.0, 1 / 298.257222101, 0.9996
    e2 = f * (2 - f)
    mu = northing / k0 / (a * (1 - e2 / 4 - 3 * e2**2 / 64 - 5 * e2**3 / 256))
    e1 = (1 - math.sqrt(1 - e2)) / (1 + math.sqrt(1 - e2))
    phi = (
        mu
        + (3 * e1 / 2 - 27 * e1**3 / 32) * math.sin(2 * mu)
        + (21 * e1**2 / 16 - 55 * e1**4 / 32) * math.sin(4 * mu)
        + (151 * e1**3 / 96) * math.sin(6 * mu)
        + (1097 * e1**4 / 512) * math.sin(8 * mu)
    )
    return math.degrees(phi)


def test_coordinate_conversion_against_an_independent_formula():
    """On the central meridian the easting is 500 000 m and the longitude exactly 27° E; the latitude follows
    from the meridian arc alone. PTV writes the northing as 'latitude' and the easting as 'longitude'."""
    for northing in (6_700_000.0, 7_000_862.871):
        lat, lon = wgs84(str(northing), "500000")
        assert abs(lon - 27.0) < 1e-6
        assert abs(lat - meridian_latitude(northing)) < 1e-5
    assert wgs84("7000862.871", "9999999") is None


def test_the_recording_is_the_source_of_every_centre_and_offering(vaasa):
    """One source node, the recording of August 2018 (not the import time); each fact dated by its record."""
    checked = 0
    source = URIRef("https://w3id.org/sotekg/id/source/ptv-recording-vaasa-2018")
    for graph in vaasa.graphs.values():
        assert set(graph.subjects(SK.sourceKind, None)) == {source}
        assert graph.value(source, SK.sourceKind) == URIRef(code_iri("source-kind", "ptv-recording"))
        assert (source, RDF.type, DCAT.Dataset) in graph and (source, RDF.type, SK.SourceDocument) in graph
        assert str(graph.value(source, DCTERMS.issued)) == "2018-08-07"
        assert (source, SK.completeFor, None) not in graph  # a sample
        assert {title.language for title in graph.objects(source, DCTERMS.title)} == {"fi", "en"}
        assert (None, PROV.generatedAtTime, None) not in graph
        nodes = set(graph.subjects(RDF.type, SK.ServiceLocation)) | set(
            graph.subjects(RDF.type, SK.ServiceOffering)
        )
        for node in nodes:
            assert set(graph.objects(node, DCTERMS.source)) == {source}
            modified = graph.value(node, DCTERMS.modified).toPython()
            assert graph.value(node, DCTERMS.date) == Literal(modified.date().isoformat(), datatype=XSD.date)
            assert "2017-09-01" <= str(graph.value(node, DCTERMS.date)) <= "2018-06-30"
            assert any(
                str(o).startswith("https://api.palvelutietovaranto.suomi.fi/api/v11/")
                for o in graph.objects(node, PROV.wasDerivedFrom)
            )
            checked += 1
    assert checked == 100 + sum(len(site.service_types) for site in vaasa.report.imported)


def test_unmapped_report_is_exact(vaasa):
    unmapped = {(item.category, item.ptv_id, item.name) for item in vaasa.report.unmapped}
    assert unmapped == {
        ("site", "07624024-7fe5-4095-b98e-5d412d54373d", "Sosiaaliasiamiehen toimisto"),
        ("site", "ce522805-5246-4dd4-a595-6ca949d6bc30", "Potilasasiamiehen toimisto"),
        ("site", "bc2d60a4-55bb-4cf0-a5a5-ef6307774f07", "Vammais- ja esteettömyysasiamies"),
        ("site", "b1f64ca8-b0f9-4bd2-bb45-06eac0918ef3", "Vaasan Aluetyöterveys"),
        # the ward's name is misspelt in PTV ("vuodeostasto") and only one of its two services is institutional
        # care by its ontology terms: imported as a location of its services, with no kind
        ("site-kind", "1900c58f-ff55-4e64-97c5-35df2f55d3bb", "Laihian vuodeostasto"),
        ("service", "f0ec87e2-cb3e-4e33-961a-42f6373b03c3", "Sosiaaliasiamies"),
        ("service", "0c9e0160-6c37-46ab-8911-4c93087b87e2", "Potilasasiamies"),
        ("service", "c30a7883-6588-4d2b-856d-4cd85cec443c", "Vammais- ja esteettömyysasiamies"),
        ("service", "34df22c9-6a1f-4691-9b22-54cfd1ce0af8", "Merimiesterveydenhuollon palvelut"),
    }


def test_every_unmapped_item_is_explained_by_a_table_note_and_the_readme(vaasa):
    readme = (ROOT / "mappings" / "ptv" / "README.md").read_text(encoding="utf-8")
    assert vaasa.report.unmapped
    for item in vaasa.report.unmapped:
        assert "is no-code:" in item.reason or "/asiamies/:" in item.reason or item.category == "site-kind", (
            item
        )
        assert item.ptv_id in readme, (
            f"{item.name} ({item.ptv_id}) is not explained in mappings/ptv/README.md"
        )


def test_the_import_streams_one_service_location_at_a_time(vaasa_records, tables, counties, vaasa_source):
    """The first record comes out after the index pass and a few channels of the second pass, not after the
    whole input was mapped: the second pass reads only the files that hold service locations."""
    site_import = SiteImport(vaasa_records, tables, counties, vaasa_source)
    second_pass = vaasa_records.restricted(site_import.catalogue.location_origins)
    assert len(second_pass.files) == 240 and len(vaasa_records.files) == 240 + 325 + 3
    records = site_import.records()
    first = next(records)
    assert first.centre == centre_iri(first.centre.rsplit("ptv-", 1)[1])
    assert len(site_import.report.imported) == 1  # nothing else mapped yet
    rest = list(records)
    assert 1 + len(rest) == len(site_import.report.imported) == 100
    assert all((record.centre, RDF.type, SK.ServiceLocation) in record.triples for record in [first, *rest])


def test_every_kind_is_explained_by_the_rule_that_decided_it(vaasa):
    """Each site's kind names its rule; the count per rule is in the report (structured rules decide most)."""
    rules = vaasa.report.kind_rules()
    assert sum(rules.values()) == 99  # every site with a kind
    by_line = {int(rule.rsplit(" ", 1)[1]): count for rule, count in rules.items()}
    assert by_line == {2: 4, 3: 15, 4: 1, 5: 2, 6: 1, 7: 9, 8: 23, 9: 10, 10: 6, 11: 1, 12: 2, 13: 1, 14: 6, 15: 6,
                       19: 1, 24: 3, 28: 8}  # fmt: skip
    structured = sum(count for line, count in by_line.items() if line <= 15)
    assert structured == 87  # lines 2–15 look at PTV's structured fields, 16–28 at names
    gerby = next(site for site in vaasa.report.imported if site.name == "Gerbyn terveysasema")
    assert gerby.kind_reason.startswith("kind rule 14 (ontology-term any /terveyskeskuspalvel|terveysasema/)")
