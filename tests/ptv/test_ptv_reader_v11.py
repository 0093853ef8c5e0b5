"""Reading PTV JSON in every shape the API returns (v8 and v11), and importing v11 records."""

import json
from datetime import datetime
from pathlib import Path

import pytest
from rdflib import URIRef

from sotekg.errors import UserError
from sotekg.namespaces import SCHEMA, SK, code_iri
from sotekg.ptv.catalogue import Catalogue
from sotekg.ptv.importer import centre_iri
from sotekg.ptv.reader import PtvInput
from sotekg.ptv.targets import import_records

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ptv"
V11 = FIXTURES / "v11-samples"


def test_single_v11_channel_and_id_keyed_services(tables):
    records = Catalogue(tables).scan(
        PtvInput(
            [
                V11 / "aurora_otava_service_channel.json",
                V11 / "aurora_services.json",
                V11 / "aurora_etalukio_service.json",
            ]
        )
    )
    assert list(records.locations) == ["961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f"]
    assert sorted(records.services) == [
        "3668d250-cd80-45c4-abcc-9b2d3a2b3e42",
        "6c00d407-d3fd-4c7e-a373-57be9f3b2cff",
    ]
    assert records.unrecognised == []


def test_paged_envelopes_with_and_without_byte_order_mark(tables):
    records = Catalogue(tables).scan(
        PtvInput(
            [
                V11 / "smbackend_municipality_channels.json",
                V11 / "smbackend_municipality_services.json",
                V11 / "ptvrel_pharmacy_OrganizationServiceChannel.json",
            ]
        )
    )
    assert records.counts()["service channels"] == 3 + 2  # the pharmacy list repeats one channel
    assert records.superseded == 1
    assert len(records.services) == 2
    assert "0001a1c4-6273-424f-8d17-2ac62be89741" in records.locations  # a ServiceLocation


def test_the_newer_of_two_versions_wins(tables, tmp_path):
    old = {"id": "a", "serviceChannelType": "ServiceLocation", "modified": "2018-01-01T00:00:00", "v": "old"}
    new = {**old, "modified": "2019-05-01T10:00:00.123", "v": "new"}
    (tmp_path / "page.json").write_text(
        json.dumps({"pageNumber": 1, "pageCount": 1, "itemList": [new, old]}), encoding="utf-8"
    )
    records = Catalogue(tables).scan(PtvInput([tmp_path]))
    assert records.locations == {"a": datetime(2019, 5, 1, 10, 0, 0, 123000)}
    assert records.superseded == 1


def test_unrecognised_items_are_kept_for_the_report(tables):
    records = Catalogue(tables).scan([("odd.json[0]", {"id": "b", "foo": 1}), ("odd.json[1]", "text")])
    assert records.unrecognised == ["odd.json[0]", "odd.json[1]"]


def test_bad_input_is_a_one_line_user_error(tmp_path):
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError, match="broken.json: not a JSON document"):
        list(PtvInput([tmp_path]))
    with pytest.raises(UserError, match="no such file or folder"):
        PtvInput([tmp_path / "missing"])


def test_v11_envelope_site_imports_with_services_hours_and_kind(tables):
    """The anonymised v11 sample sits in the made-up municipality 1; with the real table it is reported."""
    records = PtvInput(
        [V11 / "smbackend_municipality_channels.json", V11 / "smbackend_municipality_services.json"]
    )
    real = import_records(records, tables, {"905": "17"}, None)
    assert [
        (item.category, item.name, item.reason)
        for item in real.report.unmapped
        if item.ptv_id == "0001a1c4-6273-424f-8d17-2ac62be89741"
    ] == [("site", "Terveysasema", "municipality 1 is not in the municipality table")]
    imported = import_records(records, tables, {"1": "09"}, None)
    g = imported.graphs["09"]
    site = centre_iri("0001a1c4-6273-424f-8d17-2ac62be89741")
    assert (site, SK.centreKind, URIRef(code_iri("centre-kind", "health-station"))) in g
    types = {g.value(offering, SK.serviceType) for offering in g.objects(site, SK.offers)}
    assert types == {URIRef(code_iri("service-type", "oral-health-care"))}
    missing = [
        (item.category, item.ptv_id) for item in imported.report.unmapped if "not in the input" in item.reason
    ]
    assert (
        "service",
        "00096585-c0c8-41a7-8345-07e35afde1b6",
    ) in missing  # Neuvolapalvelut: not in the envelope
    hours = {
        (str(day).removeprefix(str(SCHEMA)), str(g.value(spec, SCHEMA.closes)))
        for spec in g.objects(site, SCHEMA.openingHoursSpecification)
        for day in g.objects(spec, SCHEMA.dayOfWeek)
    }
    assert hours == {("Wednesday", "16:00:00"), ("Friday", "14:00:00")}


def test_v11_channel_whose_services_are_missing_is_reported(tables, counties):
    result = import_records(PtvInput([V11 / "aurora_otava_service_channel.json"]), tables, counties, None)
    site, *services = result.report.unmapped
    assert site.category == "site" and site.name == "Otavan Opisto / Otavia"
    assert "8 linked service record(s) not in the input" in site.reason
    assert [item.category for item in services] == ["service"] * 8
    assert result.graphs == {}


def test_phone_and_web_page_channels_join_the_offerings_of_their_service(vaasa_records, tables, counties):
    result = import_records(
        PtvInput([FIXTURES / "handmade", FIXTURES / "vaasa-2018"]), tables, counties, None
    )
    g = result.graphs["17"]
    phone = URIRef(code_iri("channel", "phone"))
    with_phone = {o for o in g.subjects(SK.channel, phone)}
    assert len(with_phone) == 6  # the primary-health-care offerings of the six health stations
    assert all(str(g.value(o, SK.serviceType)).endswith("/primary-health-care") for o in with_phone)
    assert all((o, SCHEMA.telephone, None) in g for o in with_phone)
    assert {str(t) for o in with_phone for t in g.objects(o, SCHEMA.telephone)} == {"+358401234567"}
    digital = set(g.subjects(SK.channel, URIRef(code_iri("channel", "digital"))))
    assert len(digital) == 9 and all(
        str(g.value(o, SK.serviceType)).endswith("/oral-health-care") for o in digital
    )
    assert {item.reason for item in result.report.channels} == {
        "a phone channel of 6 offering(s)",
        "a digital channel of 9 offering(s)",
    }
    assert json.dumps(result.report.to_dict())  # the report serialises
