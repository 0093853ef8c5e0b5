"""Namespaces and IRI builders: the one place that knows our IRI policy (docs/decisions/0001)."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/sotekg/"
SK = Namespace(BASE + "def#")
ID = Namespace(BASE + "id/")
CODE = Namespace(BASE + "code/")
GRAPH = Namespace(BASE + "graph/")
SHAPES = Namespace(BASE + "shapes#")
ORG = Namespace("http://www.w3.org/ns/org#")
CPSV = Namespace("http://purl.org/vocab/cpsv#")
CV = Namespace("http://data.europa.eu/m8g/")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
COUNTY = Namespace("http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/")
MUNICIPALITY = Namespace("http://uri.suomi.fi/codelist/jhs/kunta_1_20220101/code/")

PREFIXES: dict[str, str] = {
    "sk": str(SK),
    "id": str(ID),
    "code": str(CODE),
    "graph": str(GRAPH),
    "shp": str(SHAPES),
    "county": str(COUNTY),
    "municipality": str(MUNICIPALITY),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    "cpsv": str(CPSV),
    "cv": str(CV),
    "schema": str(SCHEMA),
    "sh": str(SH),
}


def code_iri(scheme: str, code: str) -> str:
    """IRI of a code-list concept, e.g. ``code_iri("service-type", "oral-health-care")``."""
    return f"{CODE}{scheme}/{code}"


def county_iri(code: str) -> str:
    """IRI of a service organiser: the JHS county code list URI (``09``, ``90``)."""
    return f"{COUNTY}{code}"


def municipality_iri(code: str) -> str:
    """IRI of a municipality by its three-digit Statistics Finland code."""
    return f"{MUNICIPALITY}{code}"


def instance_iri(kind: str, local_id: str) -> str:
    """IRI of an instance, e.g. ``instance_iri("centre", "09-sote-keskus")``."""
    return f"{ID}{kind}/{local_id}"


def graph_iri(name: str) -> str:
    """IRI of a named graph, e.g. ``graph_iri("region/09")``."""
    return f"{GRAPH}{name}"


def region_graph_iri(code: str) -> str:
    """Named graph holding one organiser's service model."""
    return graph_iri(f"region/{code}")


def last_segment(iri: str) -> str:
    """The API id of an IRI: its last path segment."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
