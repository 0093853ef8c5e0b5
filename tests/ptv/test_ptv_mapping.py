"""The mapping tables: complete, consistent with our code lists, and deciding the cases they were written for."""

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from sotekg.errors import UserError
from sotekg.namespaces import code_iri
from sotekg.ptv.mapping import MappingTables, SiteFacts

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
    used_types |= {rule.service_type for rule in tables.rules} - {"not-sote", "no-code"}
    used_kinds = {rule.centre_kind for rule in tables.kind_rules}
    named_types = {
        code
        for rule in tables.kind_rules
        if rule.field == "service-type"
        for code in rule.pattern.pattern.strip("^$()").split("|")
    }
    assert named_types and named_types <= service_types, named_types - service_types
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


def facts(site: str, *services: dict[str, tuple[str, ...]]) -> SiteFacts:
    return SiteFacts((site,), services)


DENTAL = {
    "service-type": ("oral-health-care",),
    "service-class": ("P5.10",),
    "service-name": ("Hammaslääkäri",),
}
SCHOOL_WELFARE = {"service-type": ("social-work-and-social-welfare",), "service-name": ("Koulukuraattori",)}
PRIMARY = {
    "service-type": ("primary-health-care",),
    "service-class": ("P5.1",),
    "service-name": ("Vastaanotto",),
}


@pytest.mark.parametrize(
    ("site", "kind", "rule"),
    [
        (facts("Puheterapian polikliininen vastaanotto - Pääterveysasema"), "rehabilitation-unit", 16),
        (facts("Perheneuvola"), "family-centre-site", 18),
        (facts("Isäneuvola"), "maternity-and-child-health-clinic", 19),
        (
            facts("Purohovi", {"ontology-term": ("palveluasuminen (asumispalvelut)",)}),
            "housing-services-unit",
            3,
        ),
        # structured fields before the name: a dental clinic named after its street is still a dental clinic
        (facts("Kauppakatu 5", DENTAL), "dental-clinic", 7),
        # ... but a health centre that lists only its dental services stays a health station
        (facts("Keskustan terveyskeskus", DENTAL), "health-station", 20),
        # a school where student welfare is given is a location of that service, of no kind
        (facts("Keskuskoulu", SCHOOL_WELFARE), None, None),
        # a service point giving nurse appointments is not a health station unless the data says so
        (facts("Asiointipiste", PRIMARY), None, None),
        (
            facts("Asiointipiste", {**PRIMARY, "ontology-term": ("terveyskeskuspalvelut",)}),
            "health-station",
            14,
        ),
    ],
)
def test_centre_kinds(tables, site, kind, rule):
    decided = tables.centre_kind(site)
    assert decided.kind == kind, decided.reason
    assert (
        decided.reason.startswith(f"kind rule {rule} (")
        if rule
        else decided.reason.startswith("no kind rule")
    )


def test_a_broken_table_is_a_user_error(tmp_path):
    for name in ("service-classes.csv", "ptvrel_Finto_ServiceClasses.json"):
        (tmp_path / name).write_bytes((TABLES / name).read_bytes())
    (tmp_path / "kind-rules.csv").write_bytes((TABLES / "kind-rules.csv").read_bytes())
    (tmp_path / "name-rules.csv").write_text(
        "pattern,service_type,note\n(unclosed,oral-health-care,\n", encoding="utf-8"
    )
    with pytest.raises(UserError, match=r"name-rules.csv:2: bad regular expression"):
        MappingTables.load(tmp_path)
    (tmp_path / "name-rules.csv").write_bytes((TABLES / "name-rules.csv").read_bytes())
    (tmp_path / "kind-rules.csv").write_text(
        "field,match,pattern,unless_site_name,centre_kind,note\nsite-colour,any,x,,dental-clinic,\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=r"kind-rules.csv:2: field must be one of"):
        MappingTables.load(tmp_path)
