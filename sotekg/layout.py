"""The graph layout on disk: which files make up which named graph of the default data set.

Every store (embedded or remote) is filled from ``default_graph_files()``; nothing else decides what is fact.
Synthetic and example data never appear here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .namespaces import graph_iri, region_graph_iri
from .settings import Settings

RDF_SUFFIX_FORMATS = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".json": "application/ld+json",
    ".trig": "application/trig",
    ".nq": "application/n-quads",
    ".rdf": "application/rdf+xml",
    ".xml": "application/rdf+xml",
}


@dataclass(frozen=True)
class GraphFile:
    """One RDF file and the named graph it is loaded into."""

    graph: str
    path: Path

    @property
    def media_type(self) -> str:
        return RDF_SUFFIX_FORMATS[self.path.suffix.lower()]


def ontology_files(settings: Settings) -> list[GraphFile]:
    """The ontology and the code lists: the context every validation needs."""
    files = [GraphFile(graph_iri("ontology"), settings.ontology_dir / "sotekg.ttl")]
    files += [
        GraphFile(graph_iri("codelists"), path)
        for path in sorted((settings.ontology_dir / "codelists").glob("*.ttl"))
    ]
    return files


def reference_files(settings: Settings) -> list[GraphFile]:
    """Organisers, collaborative areas, municipalities and national seed facts."""
    return [
        GraphFile(graph_iri("reference"), settings.data_dir / "reference.ttl"),
        GraphFile(graph_iri("national"), settings.data_dir / "national.ttl"),
        GraphFile(graph_iri("national"), settings.data_dir / "surveys.ttl"),
    ]


def region_files(settings: Settings) -> list[GraphFile]:
    """One file per organiser's model: ``data/regions/{code}.ttl`` into ``graph/region/{code}``."""
    return [
        GraphFile(region_graph_iri(path.stem), path)
        for path in sorted((settings.data_dir / "regions").glob("*.ttl"))
    ]


def ptv_files(settings: Settings) -> list[GraphFile]:
    """Service locations imported from PTV: ``data/ptv/{code}.ttl`` into ``graph/ptv/{code}`` (docs/ptv.md)."""
    return [
        GraphFile(graph_iri(f"ptv/{path.stem}"), path)
        for path in sorted((settings.data_dir / "ptv").glob("*.ttl"))
    ]


def station_files(settings: Settings) -> list[GraphFile]:
    """Health stations (docs/stations.md): ``data/stations/{name}.ttl`` into ``graph/stations/{name}``: the
    register 2013–2019 (``register``) and the 2024 list (``list-2024``), each a graph of its own."""
    return [
        GraphFile(graph_iri(f"stations/{path.stem}"), path)
        for path in sorted((settings.data_dir / "stations").glob("*.ttl"))
    ]


def default_graph_files(settings: Settings) -> list[GraphFile]:
    """Everything the default store holds, in load order."""
    return (
        ontology_files(settings)
        + reference_files(settings)
        + region_files(settings)
        + ptv_files(settings)
        + station_files(settings)
    )
