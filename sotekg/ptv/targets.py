"""Where an import goes: a folder of Turtle files (``{county}.ttl``) or a store (named graphs ``graph/ptv/{county}``).

``import_into`` is the whole import: load what the target holds into a staging store (unless ``replace``), map
the input record by record into it (``sotekg.ptv.merge``), validate the records taken against the shapes a batch
at a time, stop on ``--strict``, and only then write the county graphs that changed — a result that does not
conform leaves the target untouched, as a ``PUT`` of a region model does.

The targets, :func:`staging_for`, :func:`merge_records` and :func:`write_staged` serve every family of imported
graphs (``sotekg.ptv.merge.GraphFamily``): the health-station imports (``sotekg.stations.targets``) merge,
validate and write through them too.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox
from rdflib import Graph

from ..coverage import refresh as refresh_coverage
from ..errors import UserError
from ..store import Store
from ..validation import ValidationReport, ValidationResult, Validator
from .importer import SiteImport, SiteRecord
from .mapping import MappingTables
from .merge import PTV_GRAPHS, GraphFamily, MergeReport, Staging, records_graph
from .report import ImportReport
from .source import PtvSource

if TYPE_CHECKING:
    from ..publish import Catalogue

NTRIPLES = "application/n-triples"
VALIDATION_BATCH = 1_000  # records validated together: the shapes look at one record at a time


class Target(Protocol):
    family: GraphFamily

    def load_into(self, staging: Staging) -> None: ...

    def write(self, staging: Staging, counties: list[str]) -> list[str]: ...


def turtle_with_header(turtle: bytes, key: str, family: GraphFamily = PTV_GRAPHS) -> bytes:
    header = f"# Named graph <{family.iri(key)}>: {family.origin}. Regenerate it; do not edit by hand.\n"
    return header.encode("utf-8") + turtle


class FolderTarget:
    """``{folder}/{key}.ttl``, one file per graph of the family (PTV: per county graph)."""

    def __init__(self, folder: Path, family: GraphFamily = PTV_GRAPHS):
        self.folder = folder
        self.family = family
        self.pattern = re.compile(rf"^{family.keys}\.ttl$")

    def load_into(self, staging: Staging) -> None:
        if self.folder.is_dir():
            for path in sorted(self.folder.iterdir()):
                if self.pattern.match(path.name):
                    staging.load(path.stem, path.read_bytes(), "text/turtle")

    def write(self, staging: Staging, counties: list[str]) -> list[str]:
        self.folder.mkdir(parents=True, exist_ok=True)
        written = []
        for county in counties:
            path = self.folder / f"{county}.ttl"
            path.write_bytes(turtle_with_header(staging.serialize(county), county, self.family))
            written.append(str(path))
        return written


class StoreTarget:
    """The named graphs of the family in a store (PTV: ``graph/ptv/{county}``), each replaced in one
    transaction. With a ``catalogue`` (a persistent embedded store: ``sotekg.commands.import_``) the writes go
    through it, and the lookup index saved beside the store follows them (``Catalogue.replace_graphs``); without,
    the derived coverage is refreshed after them and a server builds its index when it starts."""

    def __init__(self, store: Store, family: GraphFamily = PTV_GRAPHS, catalogue: Catalogue | None = None):
        self.store = store
        self.family = family
        self.catalogue = catalogue
        self.pattern = re.compile(rf"^{re.escape(family.iri(''))}({family.keys})$")

    def load_into(self, staging: Staging) -> None:
        for name in self.store.graph_names():
            if found := self.pattern.match(name):
                staging.load(found.group(1), self.store.serialize_graph(name, NTRIPLES))

    def write(self, staging: Staging, counties: list[str]) -> list[str]:
        graphs = (
            (self.family.iri(county), staging.serialize(county, ox.RdfFormat.N_TRIPLES))
            for county in counties
        )
        if self.catalogue is not None:
            triples = self.catalogue.replace_graphs(graphs)
        else:
            triples = {iri: self.store.replace_graph(iri, data, NTRIPLES) for iri, data in graphs}
            refresh_coverage(self.store)  # the assessments follow the imported evidence
        return [f"<{iri}> ({count} triples)" for iri, count in triples.items()]


@dataclass
class ImportResult:
    """The staging store (the county graphs after the import), the report and, when validated, the shapes'
    verdict on every record taken."""

    staging: Staging
    report: ImportReport
    validation: ValidationReport | None = None

    @cached_property
    def graphs(self) -> dict[str, Graph]:
        """The county graphs the import changed, as rdflib Graphs (for inspecting small imports)."""
        return {county: self.staging.graph(county) for county in sorted(self.staging.changed)}


def import_records(
    items: Iterable[tuple[str, Any]],
    tables: MappingTables,
    counties: Mapping[str, str],
    source: PtvSource | None,
    staging: Staging | None = None,
    validator: Validator | None = None,
) -> ImportResult:
    """Map ``items`` (read twice: ``PtvInput`` or a list) record by record into ``staging`` (a fresh one: an empty
    target), validating every ``VALIDATION_BATCH`` records taken when a validator is given."""
    # The index of the first pass is tens of thousands of small objects kept to the end, which every full
    # collection of Python's cycle collector would scan again: at ×80 of the Vaasa recording the import took more
    # than twice as long (bench/README.md). The collector is off during the first pass (parsed JSON has no
    # cycles: reference counting frees it), and what it kept is frozen out of the collections of the second pass.
    collecting = gc.isenabled()
    gc.disable()
    try:
        site_import = SiteImport(items, tables, counties, source)
        gc.freeze()
    finally:
        if collecting:
            gc.enable()
    try:
        return _mapped_into(site_import, staging or Staging(), validator)
    finally:
        gc.unfreeze()


def _mapped_into(site_import: SiteImport, staging: Staging, validator: Validator | None) -> ImportResult:
    staging.source = site_import.source
    validation = merge_records(site_import.records(), staging, validator)
    return ImportResult(staging, site_import.report, validation)


def merge_records(
    records: Iterable[SiteRecord], staging: Staging, validator: Validator | None
) -> ValidationReport | None:
    """Put ``records`` into ``staging`` one by one (a record is taken unless the target holds it as new or
    newer), validating the records taken every ``VALIDATION_BATCH``; the verdict on all of them, when a
    validator is given."""
    results: list[ValidationResult] = []
    prefixes: Mapping[str, str] = {}

    def checkpoint() -> None:
        nonlocal prefixes
        taken = staging.flush()
        if validator is not None and taken:
            report = validator.validate(records_graph(taken, staging.source))
            results.extend(report.results)
            prefixes = report.prefixes

    for record in records:
        if staging.put(record) and len(staging.pending) >= VALIDATION_BATCH:
            checkpoint()
    checkpoint()
    return ValidationReport(tuple(results), Graph(), prefixes) if validator is not None else None


def staging_for(
    target: Target | None, replace: bool, family: GraphFamily = PTV_GRAPHS
) -> tuple[Staging, bool]:
    """A staging store holding what ``target`` holds, its records indexed (unless ``replace`` or a dry run),
    and whether it merges."""
    staging = Staging(family=target.family if target is not None else family)
    merging = target is not None and not replace
    if merging:
        target.load_into(staging)  # type: ignore[union-attr]
        staging.index_held()
    return staging, merging


def held_graphs(target: Target) -> dict[str, Graph]:
    """The graphs ``target`` holds, by key, as rdflib Graphs (for reading small families whole)."""
    staging = Staging(family=target.family)
    target.load_into(staging)
    return {key: staging.graph(key) for key in sorted(staging.counties)}


def write_staged(staging: Staging, target: Target | None, validation: ValidationReport | None) -> list[str]:
    """Write the graphs the import changed, only if every record taken conforms (``target`` None: nothing)."""
    if validation is None or not validation.conforms or target is None:
        return []
    return target.write(staging, sorted(staging.changed))


@dataclass
class ImportOutcome:
    result: ImportResult
    merge: MergeReport | None
    validation: ValidationReport | None
    written: list[str]


def import_into(
    items: Iterable[tuple[str, Any]],
    tables: MappingTables,
    counties: Mapping[str, str],
    source: PtvSource | None,
    target: Target | None,
    validator: Validator,
    *,
    replace: bool = False,
    strict: bool = False,
) -> ImportOutcome:
    """Map ``items`` and write the changed county graphs to ``target`` (None: a dry run that writes nothing).

    Raises UserError on ``strict`` with unmapped items. A result that violates the shapes is returned with its
    validation report and nothing written.
    """
    staging, merging = staging_for(target, replace)
    result = import_records(items, tables, counties, source, staging, validator)
    if strict and result.report.unmapped:
        raise UserError(
            f"{len(result.report.unmapped)} unmapped item(s) and --strict: nothing written", code=1
        )
    merge = staging.report if merging else None
    return ImportOutcome(result, merge, result.validation, write_staged(staging, target, result.validation))
