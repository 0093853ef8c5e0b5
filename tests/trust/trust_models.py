"""The region models the trust tests write: two conforming variants of the shipped Päijät-Häme model (09).

``MODEL_A`` is the shipped model plus a few synthetic offerings, ``MODEL_B`` the shipped model plus many, so
that writing B takes a measurable time and A and B differ in every answer the tests compare (triple count,
services, model). Every added offering is marked ``sk:synthetic true``; the tests put the shipped model back.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_09 = (ROOT / "data/regions/09.ttl").read_bytes()
REGION_09_GRAPH = "https://w3id.org/sotekg/graph/region/09"
TURTLE = {"Content-Type": "text/turtle"}


def with_synthetic_offerings(count: int, service: str, tag: str) -> bytes:
    """The shipped 09 model plus ``count`` synthetic offerings of service type ``service`` at its sote-centre."""
    extra = "".join(
        f"""
centre:09-sote-keskus sk:offers offering:09-sote-keskus-trust-{tag}-{number} .
offering:09-sote-keskus-trust-{tag}-{number} a sk:ServiceOffering ;
    sk:serviceType service:{service} ;
    sk:channel channel:home-delivered ;
    dct:description "Luottamustestien synteettinen palvelu {tag}-{number} (synthetic)"@fi ;
    sk:evidenceBasis evidence:named-in-source ;
    sk:synthetic true ;
    dct:date "2023"^^xsd:gYear ; dct:source source:seed-004 .
"""
        for number in range(count)
    )
    return SHIPPED_09 + extra.encode("utf-8")


MODEL_A = with_synthetic_offerings(2, "home-delivered-services", "a")
MODEL_B = with_synthetic_offerings(40, "prevention-of-common-diseases", "b")


def turtle_graph(data: bytes) -> Graph:
    return Graph().parse(data=data, format="turtle")


def ntriples_lines(data: bytes) -> frozenset[str]:
    """The set of N-Triples lines of a blank-node-free graph: equal sets, equal graphs."""
    return frozenset(line.strip() for line in data.decode("utf-8").splitlines() if line.strip())


def canonical_lines(graph: Graph) -> frozenset[str]:
    return ntriples_lines(graph.serialize(format="nt", encoding="utf-8"))
