"""``sotekg stats``: its numbers equal the same counts made independently with rdflib over the layout's files."""

from __future__ import annotations

import json
from functools import cache

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from sotekg.cli import main
from sotekg.layout import default_graph_files
from sotekg.namespaces import SK
from sotekg.settings import Settings


@cache
def _graphs_by_name() -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for graph_file in default_graph_files(Settings()):
        graphs.setdefault(graph_file.graph, Graph()).parse(graph_file.path, format="turtle")
    return graphs


@cache
def _expected() -> dict:
    graphs = _graphs_by_name()
    union = Graph()
    for graph in graphs.values():
        union += graph
    centre_classes = set(union.transitive_subjects(RDFS.subClassOf, SK.Centre))
    by_class = {str(c).replace(str(SK), "sk:"): len(set(union.subjects(RDF.type, c))) for c in centre_classes}
    offerings = set(union.objects(None, SK.offers))
    return {
        "triples": sum(len(graph) for graph in graphs.values()),
        "organisers": len(set(union.subjects(RDF.type, SK.ServiceOrganiser))),
        "centres": len({s for c in centre_classes for s in union.subjects(RDF.type, c)}),
        "centresByClass": {name: count for name, count in sorted(by_class.items()) if count},
        "serviceTypesOffered": len({t for o in offerings for t in union.objects(o, SK.serviceType)}),
        "namedGraphs": [{"graph": name, "triples": len(graph)} for name, graph in sorted(graphs.items())],
    }


def test_stats_json_equals_independent_counts(capsys):
    assert main(["stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    expected = _expected()
    assert stats == expected
    assert stats["organisers"] == 22  # 21 wellbeing services counties and the City of Helsinki
    assert stats["centresByClass"]["sk:OTCentre"] == 5  # one per collaborative area
    assert {g["graph"] for g in stats["namedGraphs"]} >= {
        "https://w3id.org/sotekg/graph/ontology",
        "https://w3id.org/sotekg/graph/codelists",
        "https://w3id.org/sotekg/graph/reference",
        "https://w3id.org/sotekg/graph/national",
        "https://w3id.org/sotekg/graph/region/09",
    }


def test_stats_text(capsys):
    assert main(["stats"]) == 0
    lines = capsys.readouterr().out.splitlines()
    expected = _expected()
    assert lines[0].split() == ["triples", str(expected["triples"])]
    assert lines[1].split() == ["organisers", "22"]
    assert "  sk:SoteCentre" in "\n".join(lines)
    assert ["service", "types", "offered", str(expected["serviceTypesOffered"])] in [
        line.split() for line in lines
    ]
    graph_lines = [line.split() for line in lines if line.startswith("  graph:")]
    assert [
        "graph:region/09",
        str(len(_graphs_by_name()["https://w3id.org/sotekg/graph/region/09"])),
    ] in graph_lines
    assert len(graph_lines) == len(expected["namedGraphs"])
