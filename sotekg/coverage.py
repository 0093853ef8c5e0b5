"""Coverage assessments (issue 12): for every organiser × service type, is the service offered, absent, not
described or unknown — and on what evidence. The rules live here and nowhere else
(docs/decisions/0003-coverage-evidence.md); every door reads their result, the derived named graph
``graph/coverage``.

The evidence comes from the store through four lookup queries (``queries/lookup/coverage-*.rq``, plus the
organisers and service types) and is graded by what its source can prove (DESIGN.md, "Sources beyond the seeds"):

- **offered** — some source shows a centre of the organiser offering the service or a narrower one, or a survey
  finding holds for every responding organiser (with that qualifier: the respondent who did not answer is not
  named);
- **absent** — nothing shows it offered, and a source *complete* for the organiser lacks it: the organiser's own
  published model (a region graph that does not describe itself as something else), or a source that says
  ``sk:completeFor`` the organiser (e.g. a complete PTV harvest of its area);
- **not-described** — nothing shows it offered, no complete source, but the organiser has a service model derived
  from a document (``sk:sourceKind document-model``): the document does not describe the service;
- **unknown** — no source speaks to it. Partial sources (PTV recordings, registers, lists) never make a service
  absent.

A row's source: for a centre in an organiser's model graph (``…/graph/region/{code}``, also
``…/graph/synthetic/region/{code}``) the model itself; otherwise the centre's ``dct:source``. Evidence dated
before 2023-01-01 is *pre-reform*: it describes the organisers of that time and reaches today's organiser through
the municipality. ``refresh`` derives the graph and writes it into the store when it changed; the lookup index
calls it before every build (start-up and every write), ``sotekg load`` and the imports after they write.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from rdflib import URIRef
from rdflib.term import Identifier

from .namespaces import GRAPH, ID, code_iri, graph_iri, last_segment
from .queries import QueryLibrary
from .store.base import Store

COVERAGE_GRAPH = graph_iri("coverage")
DERIVATION = f"{ID}activity/coverage-derivation"
ASSESSMENTS = f"{ID}coverage/"  # an assessment is {ASSESSMENTS}{organiser code}/{service code}
DECISION = "https://w3id.org/sotekg/docs/decisions/0003-coverage-evidence"
STATES = ("offered", "absent", "not-described", "unknown")
REFORM_YEAR = 2023  # the wellbeing services counties took over on 2023-01-01
PUBLISHED_MODEL = "published-model"
DOCUMENT_MODEL = "document-model"
EVIDENCE_QUERIES = {
    "organisers": "lookup/organisers",
    "service_types": "lookup/service-types",
    "offers": "lookup/coverage-offers",
    "sources": "lookup/coverage-sources",
    "findings": "lookup/coverage-findings",
}
MODEL_GRAPH = re.compile(rf"^{re.escape(str(GRAPH))}(?:synthetic/)?region/(?P<code>[0-9]{{2}})$")
SURVEY_QUALIFIER = {
    "fi": "Kyselyn havainto kaikista vastanneista järjestäjistä ({respondents}/{population} vastasi); "
    "vastaamatonta ei nimetä.",
    "en": "A survey finding about every responding organiser ({respondents} of {population} answered); "
    "the one that did not is not named.",
}

Row = Mapping[str, Identifier]


@dataclass(frozen=True)
class Source:
    """A source of evidence as the store describes it."""

    iri: str
    kind: str | None = None  # a source-kind code
    complete_for: frozenset[str] = frozenset()  # organiser IRIs
    date: str | None = None  # the date it describes, else when it was made
    issued: str | None = None  # when it was made (a recording's or harvest's date, not its import)


@dataclass(frozen=True)
class Evidence:
    """One source's part in an assessment."""

    source: str
    kind: str | None
    latest: str | None  # the latest date the evidence describes (ISO 8601: year, year-month, date or time)
    earliest: str | None
    complete: bool  # the source describes all of the organiser's services
    locations: int | None  # centres behind it (None for a survey finding)
    qualifier: Mapping[str, str] | None = None
    issued: str | None = None  # when the source was made

    @property
    def pre_reform(self) -> bool:
        return self.latest is not None and int(self.latest[:4]) < REFORM_YEAR

    @property
    def iri_suffix(self) -> str:
        return hashlib.sha1(self.source.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Assessment:
    organiser: str  # IRI
    organiser_code: str
    service: str  # IRI
    service_code: str
    state: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def iri(self) -> str:
        return assessment_iri(self.organiser_code, self.service_code)


def assessment_iri(organiser_code: str, service_code: str) -> str:
    """The IRI of the assessment of a service type for an organiser, by their codes."""
    return f"{ASSESSMENTS}{organiser_code}/{service_code}"


@dataclass(frozen=True)
class EvidenceRows:
    """The answers of the evidence queries, and the store's named graphs."""

    organisers: list[Row]
    service_types: list[Row]
    offers: list[Row]
    sources: list[Row]
    findings: list[Row]
    graphs: list[str] = field(default_factory=list)
    # the lines of graph/coverage as derived from these rows and written (None: not derived yet)
    derived: frozenset[str] | None = None


def read_evidence(store: Store, library: QueryLibrary) -> EvidenceRows:
    """Run the evidence queries once (all rows, the index's time limit)."""
    answers = {field: library.rows(store, name) for field, name in EVIDENCE_QUERIES.items()}
    return EvidenceRows(**answers, graphs=store.graph_names())


def _text(row: Row, name: str) -> str | None:
    value = row.get(name)
    return None if value is None else str(value)


def _sources(rows: Iterable[Row]) -> dict[str, Source]:
    """Sources by IRI. A source described inside an organiser's model graph counts only as that model (a model
    cannot declare another source complete); every other graph may describe any source."""
    found: dict[str, dict] = {}
    for row in rows:
        iri, graph = str(row["source"]), str(row["graph"])
        model = MODEL_GRAPH.match(graph)
        if model and iri != graph:
            continue
        entry = found.setdefault(iri, {"kind": None, "complete_for": set(), "date": None, "issued": None})
        entry["kind"] = min(filter(None, (entry["kind"], last_segment(str(row["kind"])))))
        if row.get("complete_for") is not None and not model:
            entry["complete_for"].add(str(row["complete_for"]))
        for name, value in (
            ("date", _text(row, "date") or _text(row, "issued")),
            ("issued", _text(row, "issued")),
        ):
            if value and (entry[name] is None or value > entry[name]):
                entry[name] = value
    return {
        iri: Source(iri, e["kind"], frozenset(e["complete_for"]), e["date"], e["issued"])
        for iri, e in sorted(found.items())
    }


def _model_source(
    graph: str, organiser: str, sources: Mapping[str, Source], modified: Mapping[str, str]
) -> Source:
    """An organiser's model graph as a source: as it describes itself, else the organiser's published model —
    complete for the organiser, dated by its last replacement when it states no date."""
    described = sources.get(graph)
    kind = described.kind if described and described.kind else PUBLISHED_MODEL
    match = MODEL_GRAPH.match(graph)
    date = (described.date if described else None) or (modified.get(match["code"]) if match else None)
    complete = frozenset({organiser}) if kind == PUBLISHED_MODEL else frozenset()
    return Source(graph, kind, complete, date, described.issued if described else None)


def derive(rows: EvidenceRows, modified: Mapping[str, str] | None = None) -> list[Assessment]:
    """Every organiser × service type assessment, by the rules of the module docstring; ``modified`` maps region
    codes to their model's last replacement time (sotekg.history), the date of a published model that states
    none."""
    modified = modified or {}
    organisers = {str(r["organiser"]): str(r["code"]) for r in rows.organisers}
    services: dict[str, str] = {}
    broader: dict[str, str] = {}
    for row in rows.service_types:
        services[str(row["service"])] = str(row["code"])
        if row.get("broader") is not None:
            broader[str(row["service"])] = str(row["broader"])
    sources = _sources(rows.sources)
    models: dict[str, Source] = {}  # model graph IRI → the model as a source
    by_code = {code: iri for iri, code in organisers.items()}
    for graph in sorted(rows.graphs):
        match = MODEL_GRAPH.match(graph)
        if match and match["code"] in by_code:
            models[graph] = _model_source(graph, by_code[match["code"]], sources, modified)
    document_models = {
        by_code[MODEL_GRAPH.match(graph)["code"]]: source  # type: ignore[index]
        for graph, source in models.items()
        if source.kind == DOCUMENT_MODEL
    }
    complete: dict[str, list[Source]] = {}
    for source in [*sources.values(), *models.values()]:
        for organiser in source.complete_for:
            if source not in complete.setdefault(organiser, []):
                complete[organiser].append(source)

    offered: dict[tuple[str, str], dict[str, Evidence]] = {}
    for row in rows.offers:
        organiser, service, graph = str(row["organiser"]), str(row["service"]), str(row["graph"])
        if organiser not in organisers or service not in services:
            continue
        if graph in models:
            source = models[graph]
        else:
            iri = _text(row, "centre_source") or graph
            source = sources.get(iri, Source(iri))
        earliest, latest = _text(row, "earliest") or source.date, _text(row, "latest") or source.date
        items = offered.setdefault((organiser, service), {})
        found = items.get(source.iri)
        locations = int(row["locations"])
        if found is not None:  # one source across graphs or rows: add up
            locations += found.locations or 0
            earliest = min(filter(None, (earliest, found.earliest)), default=None)
            latest = max(filter(None, (latest, found.latest)), default=None)
        items[source.iri] = Evidence(
            source.iri,
            source.kind,
            latest,
            earliest,
            organiser in source.complete_for,
            locations,
            None,
            source.issued,
        )
    for row in rows.findings:
        survey, service = str(row["survey"]), str(row["service"])
        if service not in services:
            continue
        numbers = {"respondents": int(row["respondents"]), "population": _text(row, "population") or "?"}
        qualifier = {lang: text.format(**numbers) for lang, text in SURVEY_QUALIFIER.items()}
        described = sources.get(survey, Source(survey))
        date = _text(row, "date") or described.date
        for served in with_broader(service, broader):
            for organiser in organisers:
                offered.setdefault((organiser, served), {})[survey] = Evidence(
                    survey, described.kind, date, date, False, None, qualifier, described.issued
                )

    assessments = []
    for organiser, organiser_code in sorted(organisers.items(), key=lambda item: item[1]):
        for service, service_code in sorted(services.items(), key=lambda item: item[1]):
            items = offered.get((organiser, service))
            model = document_models.get(organiser)
            if items:
                state, evidence = "offered", tuple(items[key] for key in sorted(items))
            elif complete.get(organiser):
                state = "absent"
                evidence = tuple(_silent(source, complete=True) for source in complete[organiser])
            elif model is not None:
                state, evidence = "not-described", (_silent(model, complete=False),)
            else:
                state, evidence = "unknown", ()
            assessments.append(Assessment(organiser, organiser_code, service, service_code, state, evidence))
    return assessments


def with_broader(service: str, broader: Mapping[str, str]) -> list[str]:
    """The service type and every broader one (``broader`` maps a type to its skos:broader; IRIs or codes)."""
    found = [service]
    while broader.get(found[-1]) and broader[found[-1]] not in found:
        found.append(broader[found[-1]])
    return found


def _silent(source: Source, *, complete: bool) -> Evidence:
    """A source that describes the organiser but does not show the service (no location behind it)."""
    return Evidence(source.iri, source.kind, source.date, source.date, complete, 0, None, source.issued)


# ----------------------------------------------------------------------------------------------- the graph

_XSD = "http://www.w3.org/2001/XMLSchema#"
_SK = "https://w3id.org/sotekg/def#"
_DCT = "http://purl.org/dc/terms/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PROV = "http://www.w3.org/ns/prov#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_DATE_TYPES = (
    (re.compile(r"^-?\d{4}$"), "gYear"),
    (re.compile(r"^-?\d{4}-\d{2}$"), "gYearMonth"),
    (re.compile(r"^-?\d{4}-\d{2}-\d{2}$"), "date"),
    (re.compile(r"^-?\d{4}-\d{2}-\d{2}T.+$"), "dateTime"),
)


def _iri(value: str) -> str:
    return f"<{value}>"


def _literal(value: str, datatype: str | None = None, language: str | None = None) -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if language:
        return f'"{text}"@{language}'
    return f'"{text}"^^<{_XSD}{datatype or "string"}>'


def _date(value: str) -> str:
    """A typed date literal by its form; a UTC time as stores keep it (``Z``, not ``+00:00``)."""
    if value.endswith("+00:00") and "T" in value:
        value = value[: -len("+00:00")] + "Z"
    for pattern, datatype in _DATE_TYPES:
        if pattern.match(value):
            return _literal(value, datatype)
    return _literal(value)


def to_ntriples(assessments: Iterable[Assessment]) -> str:
    """The derived graph as sorted N-Triples: the same assessments give the same text."""
    lines = {
        f"{_iri(COVERAGE_GRAPH)} {_iri(_PROV + 'wasGeneratedBy')} {_iri(DERIVATION)} .",
        f"{_iri(DERIVATION)} {_iri(_RDF_TYPE)} {_iri(_PROV + 'Activity')} .",
        f"{_iri(DERIVATION)} {_iri(_RDFS + 'label')} {_literal('Kattavuusarvioiden johtaminen', language='fi')} .",
        f"{_iri(DERIVATION)} {_iri(_RDFS + 'label')} {_literal('Derivation of coverage assessments', language='en')} .",
        f"{_iri(DERIVATION)} {_iri(_DCT + 'conformsTo')} {_iri(DECISION)} .",
    }
    for assessment in assessments:
        subject = _iri(assessment.iri)
        state = code_iri("coverage-state", assessment.state)
        lines |= {
            f"{subject} {_iri(_RDF_TYPE)} {_iri(_SK + 'CoverageAssessment')} .",
            f"{subject} {_iri(_SK + 'organiser')} {_iri(assessment.organiser)} .",
            f"{subject} {_iri(_SK + 'serviceType')} {_iri(assessment.service)} .",
            f"{subject} {_iri(_SK + 'coverageState')} {_iri(state)} .",
            f"{subject} {_iri(_PROV + 'wasGeneratedBy')} {_iri(DERIVATION)} .",
        }
        for item in assessment.evidence:
            node = _iri(f"{assessment.iri}/evidence/{item.iri_suffix}")
            lines |= {
                f"{subject} {_iri(_SK + 'evidence')} {node} .",
                f"{node} {_iri(_RDF_TYPE)} {_iri(_SK + 'Evidence')} .",
                f"{node} {_iri(_DCT + 'source')} {_iri(item.source)} .",
                f"{node} {_iri(_SK + 'complete')} {_literal(str(item.complete).lower(), 'boolean')} .",
                f"{node} {_iri(_SK + 'preReform')} {_literal(str(item.pre_reform).lower(), 'boolean')} .",
            }
            if item.kind:
                lines.add(f"{node} {_iri(_SK + 'sourceKind')} {_iri(code_iri('source-kind', item.kind))} .")
            if item.latest:
                lines.add(f"{node} {_iri(_DCT + 'date')} {_date(item.latest)} .")
            if item.earliest:
                lines.add(f"{node} {_iri(_SK + 'earliestDate')} {_date(item.earliest)} .")
            if item.issued:
                lines.add(f"{node} {_iri(_DCT + 'issued')} {_date(item.issued)} .")
            if item.locations is not None:
                lines.add(f"{node} {_iri(_SK + 'locations')} {_literal(str(item.locations), 'integer')} .")
            for language, text in (item.qualifier or {}).items():
                lines.add(f"{node} {_iri(_SK + 'qualifier')} {_literal(text, language=language)} .")
    return "\n".join(sorted(lines)) + "\n"


def refresh(
    store: Store, library: QueryLibrary | None = None, modified: Mapping[str, str] | None = None
) -> EvidenceRows:
    """Derive the assessments from what the store holds and write ``graph/coverage`` if it changed (the query
    library of the store's settings unless one is given); the evidence rows it read, with the lines written, for
    ``refresh_organiser``."""
    library = library or QueryLibrary(store.settings.queries_dir)
    rows = read_evidence(store, library)
    _, lines = _write(store, rows, modified, held=None)
    return replace(rows, derived=lines)


def refresh_organiser(
    store: Store,
    library: QueryLibrary,
    rows: EvidenceRows,
    organiser: str,
    graphs: Iterable[str],
    modified: Mapping[str, str] | None = None,
) -> tuple[EvidenceRows, set[str]]:
    """After a write that changed only what ``organiser``'s centres state in ``graphs`` (sotekg.incremental):
    ``rows`` (the evidence of the last derivation) with the organiser's offers in those graphs read again — bound
    to the centres and offerings that state offers there, so the cost follows them, not the catalogue — and the
    assessments derived from the result and written where they differ from the lines ``rows`` derived (read
    from the store when it does not know them). The other rows are what the store still holds: the caller has
    checked that the organisers, service types, sources and findings did not change. Returns the new rows and the
    IRIs of the assessments whose triples changed."""
    graphs = sorted(set(graphs))
    offers = [
        row for row in rows.offers if str(row["organiser"]) != organiser or str(row["graph"]) not in graphs
    ]
    if graphs:
        bound: dict = {"organiser": URIRef(organiser), "graph": [URIRef(graph) for graph in graphs]}
        pairs = library.rows(store, "lookup/organiser-offers", **bound)
        if pairs:
            bound["centre"] = sorted({row["centre"] for row in pairs})
            bound["offering"] = sorted({row["offering"] for row in pairs})
            offers += library.rows(store, EVIDENCE_QUERIES["offers"], **bound)
    updated = replace(rows, offers=offers, graphs=store.graph_names())
    changed, lines = _write(store, updated, modified, held=rows.derived)
    return replace(updated, derived=lines), changed


def plain_offers(rows: EvidenceRows) -> list[dict[str, str]]:
    """The offers rows as text (what the derivation reads of them), to keep with a lookup index and save beside
    it (sotekg.saved_index)."""
    return [{name: str(value) for name, value in row.items() if value is not None} for row in rows.offers]


BULK_CHANGE = 1000  # more changed triples than this: the graph is replaced, not changed line by line


def _write(
    store: Store, rows: EvidenceRows, modified: Mapping[str, str] | None, held: frozenset[str] | None
) -> tuple[set[str], frozenset[str]]:
    """Write the assessments derived from ``rows`` into ``graph/coverage`` where they differ from what it holds
    (``held``: its lines, when known; read from the store otherwise); the IRIs of the assessments whose triples
    changed, and the lines it now holds."""
    assessments = derive(rows, modified)
    text = to_ntriples(assessments) if assessments else ""  # a store without organisers: nothing to assess
    wanted = frozenset(text.splitlines())
    if held is None:
        held = frozenset(
            store.serialize_graph(COVERAGE_GRAPH, "application/n-triples").decode("utf-8").splitlines()
        )
    removed, added = sorted(held - wanted), sorted(wanted - held)
    if len(removed) + len(added) > BULK_CHANGE:
        store.replace_graph(COVERAGE_GRAPH, text, "application/n-triples")
    elif removed or added:
        store.change_graph(COVERAGE_GRAPH, "\n".join(removed), "\n".join(added))
    subjects = {line[1 : line.index(">")] for line in (*removed, *added)}
    return {subject.split("/evidence/")[0] for subject in subjects if subject.startswith(ASSESSMENTS)}, wanted
