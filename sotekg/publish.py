"""The resource side's one object: the current lookup index, RDF views of resources, and the write path for
region models (``PUT /regions/{code}/model``, restores) with its version history.

A write goes (the API has parsed the upload within its limits: api/uploads.py): authorise the token for the
region → check it describes only this organiser → validate it against the shapes (``sotekg.validation``) → under the
write lock: keep the replaced model in the history unless it is already its newest version
(``sotekg.history``; the shipped model becomes version 1, a model a killed write left unrecorded is kept too),
replace the named graph in one update request (``Store.replace_graph``: readers of /sparql see the old or the
new model), record the new version, rebuild the lookup index (``sotekg.index``) and swap the reference.
With a persistent store the index is saved beside it after each build and read back at start while the store's
generation, the history and the code are unchanged (``sotekg.saved_index``, decision 0006).
After a write returns, every lookup answers from the new store state, so lookups and /sparql agree. The command
line's imports into a persistent store write their graphs through ``replace_graphs``, so the saved index follows
them too (decision 0007, item 5).

Validation runs before the lock is taken: it reads only the upload and the fixed validation context (shapes,
ontology, code lists, reference and national files), never the store, so its answer does not depend on other
writes; one write at a time then changes the store and the index together.

Representations made on demand — RDF views (the CONSTRUCT queries in ``queries/lookup/rdf/``), a region's
model in a media type — are produced under the same lock and cached on the current snapshot, so they always
match the snapshot whose ETags they are served with.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from . import incremental
from .errors import MalformedRDF, ModelOutOfScope, ModelRejected, NotFoundError
from .history import SHIPPED, UNRECORDED, ModelHistory, Version, history_folder, model_sha256
from .index import LookupIndex, Prepared, build_index, cycle_collection_paused
from .namespaces import SK, region_graph_iri
from .queries import QueryLibrary
from .rdfio import parse_rdf, union_graph
from .saved_index import code_fingerprint, index_tag, save_changes, saved_index_path
from .saved_index import load as load_saved_index
from .saved_index import save as save_index
from .settings import Settings
from .store import Store, serialize_result
from .tokens import TokenRegistry

# sotekg.validation imports pySHACL and pyrudof: imported with the validator, on first use, so that they stay out
# of the API's start-up (issue 5)
if TYPE_CHECKING:
    from .sheet.report import SheetReport
    from .validation import ValidationReport, Validator

NTRIPLES = "application/n-triples"

log = logging.getLogger(__name__)

# kind of RDF view → (query, its parameter, the lookup document whose "iri" the parameter takes)
RDF_VIEWS: dict[str, tuple[str, str | None, str | None]] = {
    "regions": ("lookup/rdf/regions", None, None),
    "services": ("lookup/rdf/services", None, None),
    "region": ("lookup/rdf/region", "region_iri", "region"),
    "region-services": ("lookup/rdf/region-services", "region_iri", "region"),
    "centre": ("lookup/rdf/centre", "centre_iri", "centre"),
    "service-regions": ("lookup/rdf/service-regions", "service_iri", "service-regions"),
    "municipality": ("lookup/rdf/municipality", "municipality_iri", "municipality"),
}


@dataclass(frozen=True)
class PublishResult:
    """What an accepted write did."""

    region: str
    graph: str
    version: Version
    report: ValidationReport

    def to_json(self) -> dict:
        return {
            "region": self.region,
            "graph": self.graph,
            "version": self.version.version,
            "who": self.version.who,
            "when": self.version.when,
            "triples": self.version.triples,
            "conforms": self.report.conforms,
            "warnings": self.report.count("Warning"),
            "infos": self.report.count("Info"),
        }


def single_graph(dataset: Dataset) -> Graph:
    """The triples of an upload that must be one graph; MalformedRDF if it names graphs."""
    named = [g.identifier for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)]
    if named:
        raise MalformedRDF(f"a region model is one graph; the body holds named graph(s) {named[0]}")
    return union_graph(dataset)


def check_scope(graph: Graph, code: str, organiser_iri: str) -> None:
    """ModelOutOfScope if the model gives any of its things an organiser other than region ``code``."""
    for subject, organiser in sorted(graph.subject_objects(SK.organiser)):
        if organiser != URIRef(organiser_iri):
            raise ModelOutOfScope(
                f"the model of region {code} may only describe its own organiser <{organiser_iri}>, but "
                f"<{subject}> has sk:organiser <{organiser}>"
            )


class Catalogue:
    """The current lookup index and the one writer of region models."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        validator: Validator | None = None,
        tokens: TokenRegistry | None = None,
        library: QueryLibrary | None = None,
        history: ModelHistory | None = None,
    ):
        self.store = store
        self.settings = settings
        self.library = library or QueryLibrary(settings.queries_dir)
        self.tokens = tokens or TokenRegistry.from_settings(settings)
        self._temporary_history: Path | None = None
        if history is None:
            folder = history_folder(settings)
            if folder is None:
                folder = self._temporary_history = Path(tempfile.mkdtemp(prefix="sotekg-history-"))
            history = ModelHistory(folder)
        self.history = history
        self._validator = validator
        self._validator_lock = threading.Lock()
        self._lock = threading.RLock()
        # a persistent store keeps the index beside it (sotekg.saved_index): read at start when still valid
        self._saved_path = saved_index_path(store.settings) if store.generation() is not None else None
        self._code = code_fingerprint(self.settings) if self._saved_path else ""
        self._saved_tag: dict | None = None  # the tag the in-memory index is saved under
        self._index = self._saved_index() or self._build(version=1)

    # -- reading --------------------------------------------------------------------------------------------

    @property
    def index(self) -> LookupIndex:
        """The current snapshot (a reader keeps the one it got, whatever writes happen meanwhile)."""
        return self._index

    @property
    def validator(self) -> Validator:
        with self._validator_lock:
            if self._validator is None:
                from .validation import Validator  # deferred: see TYPE_CHECKING above

                self._validator = Validator.from_settings(self.settings)
            return self._validator

    def _under_lock(self, key: tuple, produce) -> Prepared:
        """A representation of the current snapshot made from the store: cached, or made under the write lock
        so the store cannot change between the snapshot and what is read."""
        found = self._index.cached_only(key)
        if found is not None:
            return found
        with self._lock:
            return self._index.cached(key, produce)

    def rdf_view(self, kind: str, key: str | None, media_type: str) -> Prepared:
        """The RDF view of a resource (or a whole list when ``key`` is None) in a media type of
        ``GRAPH_MEDIA_TYPES``."""
        name, parameter, document_kind = RDF_VIEWS[kind]
        values = {}
        if parameter and document_kind:
            document = self._index.document(document_kind, key or "")
            values[parameter] = document["service"]["iri"] if kind == "service-regions" else document["iri"]
        query = self.library.get(name)

        def produce() -> Prepared:
            graph = self.store.query(query.text, substitutions=query.bind(values), max_rows=10**9)
            return Prepared.of(serialize_result(graph, media_type), media_type)

        return self._under_lock(("rdf", kind, key, media_type), produce)

    def require_model(self, code: str) -> None:
        """NotFoundError unless region ``code`` exists and the graph holds a model for it."""
        if self._index.document("region", code)["model"] == "none":
            raise NotFoundError(f"the graph holds no model for region {code}")

    def model(self, code: str, media_type: str) -> Prepared:
        """A region's model (its named graph) in an RDF media type; NotFoundError when there is none."""
        self.require_model(code)
        return self._under_lock(
            ("model", code, media_type),
            lambda: Prepared.of(self.store.serialize_graph(region_graph_iri(code), media_type), media_type),
        )

    def workbook(self, code: str, template: bool = False) -> Prepared:
        """A region's model as a workbook for planners (sotekg.sheet); the empty template with the organiser
        filled in when it has none or ``template`` asks for it."""
        from .sheet import WORKBOOK_MEDIA_TYPE
        from .sheet.workbook import export_workbook  # deferred: openpyxl only when asked for

        has_model = self._index.document("region", code)["model"] != "none" and not template

        def produce() -> Prepared:
            model = Graph()
            if has_model:
                data = self.store.serialize_graph(region_graph_iri(code), NTRIPLES)
                model = single_graph(parse_rdf(data, NTRIPLES, source=f"the model of region {code}"))
            return Prepared.of(export_workbook(model, code, self.settings), WORKBOOK_MEDIA_TYPE)

        return self._under_lock(("workbook", code, has_model), produce)

    def versions(self, code: str) -> list[Version]:
        """The stored versions of a region's model (404 for an unknown region)."""
        self._index.document("region", code)
        return self.history.versions(code)

    def require_version(self, code: str, number: int) -> None:
        """NotFoundError unless region ``code`` exists and has a stored version ``number``."""
        self._index.document("region", code)
        self.history.version(code, number)

    def version_model(self, code: str, number: int, media_type: str) -> Prepared:
        """One stored version of a region's model in an RDF media type."""
        self._index.document("region", code)
        data = self.history.read(code, number)
        graph = single_graph(parse_rdf(data, NTRIPLES, source=f"version {number} of region {code}"))
        return Prepared.of(serialize_result(graph, media_type), media_type)

    # -- validating and writing -----------------------------------------------------------------------------

    def validate(self, dataset: Dataset) -> ValidationReport:
        """Validate a model (any graphs it holds, together) against the shapes and context."""
        return self.validator.validate(dataset)

    def validate_workbook(self, body: bytes) -> SheetReport:
        """Validate an uploaded workbook: its unreadable cells, or the shapes' results, each at its cell."""
        from .sheet.workbook import Limits, read_workbook, validate_conversion

        conversion = read_workbook(body, self.settings, Limits.from_settings(self.settings))
        return validate_conversion(conversion, self.validator)

    def replace_model_from_workbook(self, code: str, body: bytes, authorization: str | None) -> PublishResult:
        """Replace region ``code``'s model by an uploaded workbook, if the token may, every cell can be read and
        the model conforms; else WorkbookRejected with the report at its cells, nothing stored."""
        from .sheet.errors import EmptyWorkbook, WorkbookRejected
        from .sheet.workbook import Limits, read_workbook, validate_conversion

        organiser_iri = self._index.document("region", code)["iri"]
        who = self.tokens.authorize(authorization, code)
        conversion = read_workbook(body, self.settings, Limits.from_settings(self.settings))
        if not conversion.issues and len(conversion.graph) == 0:
            raise EmptyWorkbook("the workbook states nothing: fill in at least one centre")
        check_scope(conversion.graph, code, organiser_iri)
        report = validate_conversion(conversion, self.validator)
        if not report.conforms:
            raise WorkbookRejected(report)
        assert report.shapes is not None  # readable, so the shapes were checked
        return self._publish(code, organiser_iri, conversion.graph, who, "from a workbook", report.shapes)

    def replace_model(self, code: str, model: Dataset, authorization: str | None) -> PublishResult:
        """Replace region ``code``'s model by ``model`` (one graph), if the token may and the model conforms."""
        organiser_iri = self._index.document("region", code)["iri"]
        who = self.tokens.authorize(authorization, code)
        return self._publish(code, organiser_iri, single_graph(model), who, note="")

    def restore(self, code: str, number: int, authorization: str | None) -> PublishResult:
        """Make a stored version the current model again (as a new version), validated like an upload."""
        organiser_iri = self._index.document("region", code)["iri"]
        who = self.tokens.authorize(authorization, code)
        data = self.history.read(code, number)
        graph = single_graph(parse_rdf(data, NTRIPLES, source=f"version {number} of region {code}"))
        return self._publish(code, organiser_iri, graph, who, note=f"restored from version {number}")

    def replace_graphs(self, graphs: Iterable[tuple[str, bytes]]) -> dict[str, int]:
        """Replace named graphs other than region models — an import into the store (``sotekg.ptv.targets``) —
        each by its N-Triples in one transaction, the index following each write as a model's write does: updated
        where it reached when it stays within one organiser (sotekg.incremental), built again otherwise, and saved
        beside a persistent store, so that its next start reads it. The triples each graph now holds."""
        written = {}
        with self._lock:
            for graph_iri, data in graphs:
                if graph_iri.startswith(region_graph_iri("")):
                    raise ValueError(f"<{graph_iri}> is a region model: write it with replace_model")
                current = self.store.serialize_graph(graph_iri, NTRIPLES)
                plan = incremental.plan(self.store, self.library, self._index, graph_iri, current, data)
                replaced = None
                try:
                    written[graph_iri] = self.store.replace_graph(graph_iri, data, NTRIPLES)
                    replaced = plan
                finally:  # whatever happened to the store, the index shows what it now holds
                    self._rebuild(replaced)
        return written

    def _publish(
        self,
        code: str,
        organiser_iri: str,
        graph: Graph,
        who: str,
        note: str,
        report: ValidationReport | None = None,
    ) -> PublishResult:
        """Check scope and shapes (unless ``report`` already has the shapes' verdict on ``graph``), then write."""
        check_scope(graph, code, organiser_iri)
        if report is None:
            report = self.validator.validate(graph)
        if not report.conforms:
            raise ModelRejected(report)
        graph_iri = region_graph_iri(code)
        with self._lock:
            current = self._keep_current_model(code, graph_iri)
            plan = incremental.plan(self.store, self.library, self._index, graph_iri, current, graph, code)
            written = None
            try:
                self.store.replace_graph(graph_iri, graph)
                stored = self.store.serialize_graph(graph_iri, NTRIPLES)
                version = self.history.record(code, stored, who, note)
                written = plan
            finally:  # whatever happened to the store, the index shows what it now holds
                self._rebuild(written)
        return PublishResult(code, graph_iri, version, report)

    def _keep_current_model(self, code: str, graph_iri: str) -> bytes:
        """Keep the model the store holds as a version unless it is the history's newest: the shipped model
        before the first replacement, or one the history missed (a write killed between the store's commit and
        its record, a load from outside the API). Returns the model as it was (N-Triples)."""
        current = self.store.serialize_graph(graph_iri, NTRIPLES)
        if not current.strip():
            return current
        versions = self.history.versions(code)
        if not versions:
            self.history.record(code, current, SHIPPED, note="the model held before the first replacement")
        elif not self._is_version(code, versions[-1], current):
            self.history.record(
                code, current, UNRECORDED, note="the model the store held that the history did not record"
            )
        return current

    def _is_version(self, code: str, version: Version, ntriples: bytes) -> bool:
        """Whether ``ntriples`` is the model of ``version`` (as a graph, when blank-node labels differ)."""
        if model_sha256(ntriples) == version.sha256:
            return True
        if b"_:" not in ntriples:
            return False
        recorded = self.history.read(code, version.version)
        return single_graph(parse_rdf(ntriples, NTRIPLES)).isomorphic(
            single_graph(parse_rdf(recorded, NTRIPLES))
        )

    def _rebuild(self, plan: incremental.Plan | None = None) -> None:
        """The index after a write: updated where the write reached when ``plan`` says what it changed and it
        stayed within its organiser (sotekg.incremental), built from scratch otherwise."""
        version = self._index.version + 1
        if plan is not None:
            modified = self.history.last_modified()
            try:
                with cycle_collection_paused():
                    update = incremental.apply(self.store, self.library, self._index, plan, modified, version)
            except Exception:  # a fault of ours; what it left in the store is read again from scratch
                log.exception("the incremental update of the lookup index failed: building it again")
                update = None
            if update is not None:
                self._index = update.index
                self._save(update.index, modified, update)
                return
        self._index = self._build(version)

    def _saved_index(self) -> LookupIndex | None:
        """The saved index, if it was saved from what the store, the history and the code are now."""
        generation = self.store.generation()
        if self._saved_path is None or generation is None:
            return None
        tag = index_tag(generation, self.history.last_modified(), self._code)
        index = load_saved_index(self._saved_path, tag, version=1)
        if index is not None:
            self._saved_tag = tag
        return index

    def _build(self, version: int) -> LookupIndex:
        """A new index from the store (coverage derived again), saved beside a persistent store under the
        generation the store has after the build (the build's own coverage write renews it)."""
        modified = self.history.last_modified()
        index = build_index(self.store, self.library, modified, version)
        self._save(index, modified)
        return index

    def _save(
        self, index: LookupIndex, modified: dict[str, str], update: incremental.Update | None = None
    ) -> None:
        """Save ``index`` beside a persistent store, under the generation the store has now: in full, or as the
        resources ``update`` changed, appended to what is saved (sotekg.saved_index)."""
        generation = self.store.generation()
        if self._saved_path is None or generation is None:
            return
        tag = index_tag(generation, modified, self._code)
        try:
            if update is not None and self._saved_tag is not None:
                save_changes(
                    self._saved_path, index, update.changed, update.removed, tag, since=self._saved_tag
                )
            else:
                save_index(index, self._saved_path, tag)
        except OSError:  # what is saved no longer matches the store: the next start builds the index again
            log.exception("could not save the lookup index to %s", self._saved_path)
        self._saved_tag = tag  # the in-memory index's; after a failed save the next one is in full

    def close(self) -> None:
        if self._temporary_history is not None:
            shutil.rmtree(self._temporary_history, ignore_errors=True)
