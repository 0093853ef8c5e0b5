"""The mapping tables of mappings/sheet/ (decision 0005) are consistent: every sk: predicate and class they name is
in the ontology, every code list exists, every reference points at a sheet or a known prefix, and every sheet has
one id column."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from sotekg.settings import Settings
from sotekg.sheet.mapping import load_mapping, mapping_folder

ROOT = Path(__file__).resolve().parents[2]
MAPPING = load_mapping(mapping_folder(Settings()))
ONTOLOGY = Graph().parse(ROOT / "ontology" / "sotekg.ttl")
SK = "https://w3id.org/sotekg/def#"


def declared(term: URIRef, kinds: tuple[URIRef, ...]) -> bool:
    return any((term, RDF.type, kind) in ONTOLOGY for kind in kinds)


def test_the_tables_name_only_terms_the_ontology_declares():
    columns = [column for sheet in MAPPING.sheets for column in sheet.columns]
    assert len(MAPPING.sheets) == 11 and len(columns) > 90
    own = {p for column in columns for p in column.predicates if str(p).startswith(SK)}
    assert len(own) >= 20
    properties = (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
    assert sorted(p for p in own if not declared(p, properties)) == []
    classes = {c for sheet in MAPPING.sheets for c in sheet.classes if str(c).startswith(SK)}
    assert len(classes) >= 12
    assert sorted(c for c in classes if not declared(c, (OWL.Class,))) == []


def test_code_lists_and_references_exist():
    sheets = {sheet.key for sheet in MAPPING.sheets}
    for sheet in MAPPING.sheets:
        assert [c.key for c in sheet.columns if c.kind in ("id", "subject")][:1] in (["id"], ["subject"]), (
            sheet.key
        )
        for column in sheet.columns:
            if column.kind == "code":
                assert (ROOT / "ontology" / "codelists" / f"{column.target}.ttl").is_file(), column
            if column.kind == "inverse":
                assert column.target in sheets, column
            if column.kind == "ref" and column.target:
                assert column.target in sheets or MAPPING.namespace(column.target), column
            if column.kind == "text":
                assert column.lang in ("fi", "en", "sv"), column
