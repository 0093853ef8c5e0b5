"""The mapping tables: complete, consistent with our code lists, and deciding the cases they were written for."""

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from sotekg.errors import UserError
from sotekg.namespaces import code_iri
from sotekg.ptv.mapping import MappingTables

ROOT = Path(__file__).resolve().parents[2]
TABLES = ROOT / "mappings" / "ptv"


def concepts(scheme: str) -> set[str]:
    graph = Graph().parse(ROOT / "ontology" / "codelists" / f"{scheme}.ttl")
    return {
        str(concept).rsplit("/", 1)[-1]
        for concept in graph.subjects(SKOS.inScheme, URIRef(code_iri(scheme, "")[:-1]))
    }


def test_every_ptv_service_class_has_exactly_one_row(tables):
    ptv = json.loads((TABLES / "ptvrel_Finto_ServiceClasses.json").read_text(encoding="utf-8"))
    notations = {concept["Notation"] for concept in ptv if concept["ConceptType"] == "ptvserclass"}
    assert len(notations) == 229
    assert set(tables.classes) == notations


def test_every_code_in_the_tables_exists_in_our_code_lists(tables):
    service_types, kinds = concepts("service-type"), concepts("centre-kind")
    assert len(service_types) > 20 and len(kinds) > 10
    used_types = {row.service_type for row in tables.classes.values() if row.decision == "map"}
    used_types |= {rule.service_type for rule in tables.rules if rule.target == "service"} - {
        "not-sote",
        "no-code",
    }
    used_kinds = {rule.centre_kind for rule in tables.rules if rule.target != "service"}
    assert used_types and used_types <= service_types, used_types - service_types
    assert used_kinds and used_kinds <= kinds, used_kinds - kinds


def service(name: str, *classes: dict) -> dict:
    return {
        "id": "x",
        "serviceNames": [{"language": "fi", "value": name, "type": "Name"}],
        "serviceClasses": list(classes),
    }


OLD_P5_2 = {"code": "P5.2", "ontologyType": "PTVL", "uri": "http://urn.fi/URN:NBN:fi:au:ptvl:v1040"}
NEW_P5_10 = {"code": "P5.10", "uri": "http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/P5.10"}
OLD_P3_4 = {"code": "P3.4", "ontologyType": "PTVL", "uri": "http://urn.fi/URN:NBN:fi:au:ptvl:v1017"}
OLD_P5 = {"code": "P5", "ontologyType": "PTVL", "uri": "http://urn.fi/URN:NBN:fi:au:ptvl:v1038"}


@pytest.mark.parametrize(
    ("record", "status", "types"),
    [
        (service("Lastenneuvolapalvelut", OLD_P5_2), "mapped", ("maternity-and-child-health-clinic",)),
        (service("Suun terveydenhuolto", NEW_P5_10), "mapped", ("oral-health-care",)),
        (service("Perheneuvola", OLD_P5_2), "mapped", ("child-guidance-and-family-counselling",)),
        (service("Kunnallinen päiväkotihoito", OLD_P3_4), "not-sote", ()),
        (service("Haavanhoito", OLD_P5), "mapped", ("primary-health-care",)),
        (service("Jokin terveyspalvelu", OLD_P5), "unmapped", ()),
        (
            service("Rikosasioiden sovittelu", {"uri": "http://urn.fi/URN:NBN:fi:au:ptvl:v1079"}),
            "mapped",
            ("social-work-and-social-welfare",),
        ),
        (service("Tuntematon", {"uri": "http://example.org/no-such-class"}), "unmapped", ()),
        (service("Ei luokkaa"), "unmapped", ()),
    ],
)
def test_service_decisions(tables, record, status, types):
    mapping = tables.map_service(record)
    assert (mapping.status, mapping.service_types) == (status, types), mapping.reason


def test_old_ptvl_uri_is_translated_through_ptvs_table(tables):
    """The old P7.12 URI (Ulosotto) has no ptvserclass2 successor; the new P7.12 is another class."""
    assert tables.class_notation(OLD_P5_2) == "P5.2"
    assert tables.class_notation({"uri": "http://urn.fi/URN:NBN:fi:au:ptvl:v1089"}) == "P7.12"
    assert (
        tables.class_notation(
            {"code": "P7.12", "ontologyType": "PTVL", "uri": "http://urn.fi/URN:NBN:fi:au:ptvl:v1088"}
        )
        is None
    )


@pytest.mark.parametrize(
    ("site", "services", "kind"),
    [
        (["Puheterapian polikliininen vastaanotto - Pääterveysasema"], [], "rehabilitation-unit"),
        (["Perheneuvola"], [], "family-centre-site"),
        (["Isäneuvola"], [], "maternity-and-child-health-clinic"),
        (["Purohovi"], ["Vammaisten asumispalvelut"], "housing-services-unit"),
        (["Tervajoen päiväkoti"], ["Kunnallinen päiväkotihoito"], None),
    ],
)
def test_centre_kinds(tables, site, services, kind):
    assert tables.centre_kind(site, services).kind == kind


def test_a_broken_table_is_a_user_error(tmp_path):
    for name in ("service-classes.csv", "ptvrel_Finto_ServiceClasses.json"):
        (tmp_path / name).write_bytes((TABLES / name).read_bytes())
    (tmp_path / "name-rules.csv").write_text(
        "target,pattern,service_type,centre_kind,note\nservice,(unclosed,oral-health-care,,\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=r"name-rules.csv:2: bad regular expression"):
        MappingTables.load(tmp_path)
