"""Lookup documents: the JSON bodies of the resource API (``/regions``, ``/centres``, ``/services``,
``/municipalities``), built by pure functions from the rows of the lookup queries (``queries/lookup/*.rq``).

No store and no HTTP here: ``sotekg.index`` runs the queries and hands their rows to :func:`build_documents`;
the tests can feed rows from any store. Field names follow the API contract (DESIGN.md, "API contract (v1)").

Conventions in every document:

- a thing has ``iri`` and a short ``id`` / ``code`` (the last path segment of its IRI, the code-list slug);
- names are language maps ``{"fi": …, "sv": …, "en": …}`` (skos:prefLabel preferred over rdfs:label);
- where a fact comes from says ``graph`` (the named graph) and ``origin``: ``region-model`` (graph/region/{code},
  the organiser's own model), ``ptv`` (graph/ptv/{code}, imported PTV service locations), ``national``;
- unknown is not empty: an organiser with no centre in the graph gets ``"model": "none"`` and ``null`` coverage,
  never an empty list that would read as "offers nothing".

Coverage (``/regions/{code}/services``, ``/services/{code}/regions``) is read from the derived assessments
(``lookup/coverage``, the graph ``graph/coverage`` that ``sotekg.coverage`` derives): each organiser × service
type is offered, absent, not-described or unknown, with its evidence. Nothing here decides a state. Required
sets: the sote-centre minimum set (seed 003) and the family-centre services found in every responding region
(seed 001).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rdflib.term import Identifier

from .coverage import STATES, with_broader
from .namespaces import GRAPH, SK, last_segment, region_graph_iri
from .tabular import ResultTable

Row = Mapping[str, Identifier]
Document = dict[str, Any]

REQUIRED_SETS = ("sote-centre-minimum", "family-centre-universal")
LANGUAGE_ORDER = ("fi", "sv", "en")
ORIGIN_ORDER = ("region-model", "ptv", "national", "reference")
SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
CENTRE_CLASS = str(SK.Centre)
OT_CENTRE_CLASS = str(SK.OTCentre)
STATE_FIELDS = {"absent": "missing", "not-described": "notDescribed", "unknown": "unknown"}


@lru_cache(maxsize=1024)  # a store holds a few dozen graphs; documents ask about them over and over
def graph_origin(graph: str) -> str:
    """``region-model``, ``ptv``, ``national``, ``reference`` or ``other`` for a named graph's IRI."""
    name = graph[len(str(GRAPH)) :] if graph.startswith(str(GRAPH)) else ""
    if name.startswith("region/"):
        return "region-model"
    if name.startswith("ptv/"):
        return "ptv"
    return name if name in ("national", "reference") else "other"


# The code of a code-list concept: a few hundred IRIs, each asked for once per offering.
_code = lru_cache(maxsize=4096)(last_segment)


def _origin_order(origin: str) -> int:
    return ORIGIN_ORDER.index(origin) if origin in ORIGIN_ORDER else len(ORIGIN_ORDER)


def origins(origins: Iterable[str]) -> list[str]:
    """Distinct origins, the region's own model first."""
    return sorted(set(origins), key=_origin_order)


def origin_rank(graph: str) -> tuple[int, str]:
    """Sort key of a graph: the region's own model first, then PTV, national, reference, others."""
    return (_origin_order(graph_origin(graph)), graph)


def _language_map(names: Mapping[str, str]) -> dict[str, str]:
    """A language map in the order fi, sv, en, then the others (untagged last)."""
    order = [lang for lang in LANGUAGE_ORDER if lang in names] + sorted(set(names) - set(LANGUAGE_ORDER))
    return {lang: names[lang] for lang in order}


def _text(row: Row, name: str) -> str | None:
    value = row.get(name)
    return None if value is None else str(value)


class Labels:
    """Labels of every IRI by language, from ``lookup/labels`` rows; skos:prefLabel wins over rdfs:label."""

    def __init__(self, rows: Iterable[Row]):
        preferred: dict[str, dict[str, str]] = {}
        fallback: dict[str, dict[str, str]] = {}
        for row in rows:
            label = row["label"]
            language = getattr(label, "language", None) or ""
            target = preferred if str(row["property"]) == SKOS_PREF_LABEL else fallback
            names = target.setdefault(str(row["node"]), {})
            if language not in names or str(label) < names[language]:  # deterministic when a language repeats
                names[language] = str(label)
        self._labels: dict[str, dict[str, str]] = {}
        for iri in preferred.keys() | fallback.keys():
            self._labels[iri] = _language_map({**fallback.get(iri, {}), **preferred.get(iri, {})})

    def of(self, iri: str | None) -> dict[str, str]:
        """The language map of ``iri`` (empty when it has no label)."""
        return dict(self._labels.get(iri, {})) if iri else {}

    def code(self, iri: str | None) -> dict[str, Any] | None:
        """``{"code": slug, "label": {…}}`` for a code-list concept, or None."""
        return {"code": last_segment(iri), "label": self.of(iri)} if iri else None


@dataclass(frozen=True)
class LookupRows:
    """The answers of the lookup queries, one list of rows per query, and what the store and history add."""

    labels: list[Row]
    organisers: list[Row]
    municipalities: list[Row]
    centres: list[Row]
    offerings: list[Row]
    service_types: list[Row]
    teams: list[Row]
    links: list[Row]
    coverage: list[Row]
    graphs: list[str] = field(default_factory=list)  # named graphs holding at least one triple
    modified: Mapping[str, str] = field(
        default_factory=dict
    )  # region code → time its model was last replaced


QUERY_NAMES = {
    "labels": "lookup/labels",
    "organisers": "lookup/organisers",
    "municipalities": "lookup/municipalities",
    "centres": "lookup/centres",
    "offerings": "lookup/offerings",
    "service_types": "lookup/service-types",
    "teams": "lookup/teams",
    "links": "lookup/links",
    "coverage": "lookup/coverage",
}


@dataclass(frozen=True)
class Documents:
    """Every lookup document, keyed the way the routes ask for them (a saved index, sotekg.saved_index, reads the
    keyed ones from their JSON on first use)."""

    regions: list[Document]
    region_details: Mapping[str, Document]
    region_services: Mapping[str, Document]
    centres: Mapping[str, Document]
    services: list[Document]
    service_sets: list[Document]
    service_regions: Mapping[str, Document]
    municipalities: Mapping[str, Document]


# ----------------------------------------------------------------------------------------------- intermediate


@dataclass
class _Organiser:
    iri: str
    code: str
    type: str | None = None
    area: str | None = None
    area_code: str | None = None
    hospital: str | None = None
    municipality_count: int | None = None
    status: str | None = None
    date: str | None = None
    source: str | None = None


@dataclass
class _Offering:
    iri: str
    graph: str
    service: str | None = None
    channels: set[str] = field(default_factory=set)
    evidence: set[str] = field(default_factory=set)
    code: str | None = None  # the service type's code, once read


@dataclass
class _Centre:
    iri: str
    types: set[str] = field(default_factory=set)
    graphs: set[str] = field(default_factory=set)
    organiser: str | None = None
    areas: set[str] = field(default_factory=set)
    municipalities: set[str] = field(default_factory=set)
    serves: set[str] = field(default_factory=set)
    kind: str | None = None
    part_of: str | None = None
    offerings: dict[str, _Offering] = field(default_factory=dict)  # by IRI, in IRI order once read
    by_code: dict[str, list[_Offering]] = field(default_factory=dict)  # offerings by service code, once read
    id: str = field(init=False)  # the last segment of the IRI

    def __post_init__(self) -> None:
        self.id = last_segment(self.iri)  # made once: the documents ask for it over and over

    @property
    def type_iri(self) -> str:
        specific = sorted(self.types - {CENTRE_CLASS})
        return specific[0] if specific else CENTRE_CLASS

    @property
    def graph(self) -> str:
        return min(self.graphs, key=origin_rank)

    @property
    def is_ot_centre(self) -> bool:
        return OT_CENTRE_CLASS in self.types


@dataclass
class _ServiceType:
    iri: str
    code: str
    broader: str | None = None
    sets: set[str] = field(default_factory=set)


class LinkedRows:
    """The rows read into linked records, with the helpers every document builder shares."""

    def __init__(self, rows: LookupRows):
        self.labels = Labels(rows.labels)
        self.graphs = set(rows.graphs)
        self.modified = rows.modified
        self.organisers = self._organisers(rows.organisers)
        self.by_organiser_iri = {o.iri: o for o in self.organisers.values()}
        self.centres = self._centres(rows.centres)
        self._offerings(rows.offerings)
        for centre in self.centres.values():  # in IRI order, whatever the order of the rows
            centre.offerings = dict(sorted(centre.offerings.items()))
            for offering in centre.offerings.values():
                if offering.service is not None:
                    offering.code = _code(offering.service)
                    centre.by_code.setdefault(offering.code, []).append(offering)
        self._refs: dict[str, Document] = {}
        self.service_types, self.sets = self._service_types(rows.service_types)
        self._broader = {code: s.broader for code, s in self.service_types.items() if s.broader}
        self.teams = _group(rows.teams, "centre")
        self.links = _group(rows.links, "from")
        self.assessments = _assessments(rows.coverage)
        self.municipality_rows = rows.municipalities
        self.municipalities_of = _group(_unique(rows.municipalities, "municipality"), "organiser")
        self._by_organiser: dict[str, list[_Centre]] = {}
        self._by_area: dict[str, list[_Centre]] = {}
        for centre in self.centres.values():
            if centre.is_ot_centre:
                for area in centre.areas:
                    self._by_area.setdefault(area, []).append(centre)
            elif centre.organiser:
                self._by_organiser.setdefault(centre.organiser, []).append(centre)

    @staticmethod
    def _organisers(rows: Iterable[Row]) -> dict[str, _Organiser]:
        organisers: dict[str, _Organiser] = {}
        for row in rows:
            code = str(row["code"])
            organiser = organisers.setdefault(code, _Organiser(iri=str(row["organiser"]), code=code))
            organiser.type = _text(row, "kind") or organiser.type
            organiser.area = _text(row, "area") or organiser.area
            organiser.area_code = _text(row, "area_code") or organiser.area_code
            organiser.hospital = _text(row, "hospital") or organiser.hospital
            if row.get("municipality_count") is not None:
                organiser.municipality_count = int(row["municipality_count"])
            organiser.status = _text(row, "status") or organiser.status
            organiser.date = _text(row, "date") or organiser.date
            organiser.source = min(filter(None, (_text(row, "source"), organiser.source)), default=None)
        return dict(sorted(organisers.items()))

    @staticmethod
    def _centres(rows: Iterable[Row]) -> dict[str, _Centre]:
        centres: dict[str, _Centre] = {}
        for row in rows:
            centre = centres.setdefault(str(row["centre"]), _Centre(iri=str(row["centre"])))
            centre.types.add(str(row["type"]))
            centre.graphs.add(str(row["graph"]))
            centre.organiser = _text(row, "organiser") or centre.organiser
            centre.kind = _text(row, "kind") or centre.kind
            centre.part_of = _text(row, "part_of") or centre.part_of
            for name, target in (
                ("area", centre.areas),
                ("municipality", centre.municipalities),
                ("serves_municipality", centre.serves),
            ):
                if row.get(name) is not None:
                    target.add(str(row[name]))
        return dict(sorted(centres.items()))

    def _offerings(self, rows: Iterable[Row]) -> None:
        for row in rows:
            centre = self.centres.get(str(row["centre"]))
            if centre is None:  # offers something but is not typed as a centre: not a lookup resource
                continue
            iri, graph = str(row["offering"]), str(row["graph"])
            offering = centre.offerings.setdefault(iri, _Offering(iri=iri, graph=graph))
            if graph != offering.graph:
                offering.graph = min(offering.graph, graph, key=origin_rank)
            offering.service = _text(row, "service") or offering.service
            if row.get("channel") is not None:
                offering.channels.add(_code(str(row["channel"])))
            if row.get("evidence") is not None:
                offering.evidence.add(_code(str(row["evidence"])))

    @staticmethod
    def _service_types(rows: Iterable[Row]) -> tuple[dict[str, _ServiceType], dict[str, dict[str, Any]]]:
        services: dict[str, _ServiceType] = {}
        sets: dict[str, dict[str, Any]] = {}
        for row in rows:
            code = str(row["code"])
            service = services.setdefault(code, _ServiceType(iri=str(row["service"]), code=code))
            if row.get("broader") is not None:
                service.broader = last_segment(str(row["broader"]))
            if row.get("set_code") is not None:
                set_code = str(row["set_code"])
                service.sets.add(set_code)
                entry = sets.setdefault(set_code, {"iri": str(row["set"]), "source": None, "members": set()})
                entry["members"].add(code)
                entry["source"] = _text(row, "set_source") or entry["source"]
        return dict(sorted(services.items())), dict(sorted(sets.items()))

    # -- shared pieces ----------------------------------------------------------------------------------------

    def organiser_code(self, iri: str | None) -> str | None:
        organiser = self.by_organiser_iri.get(iri or "")
        return organiser.code if organiser else None

    def region_ref(self, iri: str | None) -> Document | None:
        organiser = self.by_organiser_iri.get(iri or "")
        if organiser is None:
            return None
        return {"code": organiser.code, "iri": organiser.iri, "name": self.labels.of(organiser.iri)}

    def area_ref(self, iri: str | None, code: str | None = None) -> Document | None:
        if not iri:
            return None
        return {"code": code or last_segment(iri), "iri": iri, "name": self.labels.of(iri)}

    def centre_ref(self, centre: _Centre, relation: str | None = None) -> Document:
        """A centre as other documents name it (made once per centre; each caller gets its own copy)."""
        base = self._refs.get(centre.iri)
        if base is None:
            base = self._refs[centre.iri] = {
                "id": centre.id,
                "iri": centre.iri,
                "type": last_segment(centre.type_iri),
                "name": self.labels.of(centre.iri),
                "graph": centre.graph,
                "origin": graph_origin(centre.graph),
            }
        ref = dict(base)
        if relation:
            ref["relation"] = relation
        return ref

    def organiser_centres(self, organiser_iri: str) -> list[_Centre]:
        """The organiser's own centres (own model and PTV), OT-centres left out."""
        return self._by_organiser.get(organiser_iri, [])

    def area_centres(self, area_iri: str | None) -> list[_Centre]:
        """The OT-centres serving a collaborative area."""
        return self._by_area.get(area_iri, []) if area_iri else []

    def has_model(self, code: str) -> bool:
        return region_graph_iri(code) in self.graphs

    def ancestors(self, code: str) -> set[str]:
        """The service type and every broader one."""
        return set(with_broader(code, self._broader))

    def links_from(self, iri: str) -> list[Document]:
        """Integration links from a centre or an organiser, with partner, partner type and link type."""
        grouped: dict[str, Document] = {}
        for row in self.links.get(iri, []):
            link = str(row["link"])
            partner = _text(row, "partner")
            entry = grouped.setdefault(
                link,
                {
                    "link": link,
                    "name": self.labels.of(link),
                    "partner": None
                    if partner is None
                    else {"id": last_segment(partner), "iri": partner, "name": self.labels.of(partner)},
                    "partnerType": None,
                    "linkType": self.labels.code(_text(row, "link_type")),
                    "graph": str(row["graph"]),
                    "origin": graph_origin(str(row["graph"])),
                },
            )
            partner_type = self.labels.code(_text(row, "partner_type"))
            if partner_type and (
                entry["partnerType"] is None or partner_type["code"] < entry["partnerType"]["code"]
            ):
                entry["partnerType"] = partner_type
        return [grouped[key] for key in sorted(grouped)]


# ----------------------------------------------------------------------------------------------- documents


def build_documents(rows: LookupRows) -> Documents:
    """Every lookup document from the rows of the lookup queries."""
    graph = LinkedRows(rows)
    summaries = {code: region_summary(graph, organiser) for code, organiser in graph.organisers.items()}
    return Documents(
        regions=list(summaries.values()),
        region_details={
            code: region_detail(graph, graph.organisers[code], summaries[code]) for code in summaries
        },
        region_services={
            code: region_services(graph, organiser) for code, organiser in graph.organisers.items()
        },
        centres={centre.id: centre_document(graph, centre) for centre in graph.centres.values()},
        services=[service_document(graph, service) for service in graph.service_types.values()],
        service_sets=[service_set_document(graph, code, entry) for code, entry in graph.sets.items()],
        service_regions={
            code: service_regions(graph, service) for code, service in graph.service_types.items()
        },
        municipalities=municipality_documents(graph),
    )


def region_summary(graph: LinkedRows, organiser: _Organiser) -> Document:
    """One item of ``GET /regions``."""
    labels = graph.labels
    area = graph.area_ref(organiser.area, organiser.area_code)
    if area is not None and organiser.hospital:
        area["universityHospital"] = {
            "id": last_segment(organiser.hospital),
            "iri": organiser.hospital,
            "name": labels.of(organiser.hospital),
        }
    status = None
    if organiser.status:
        status = {
            "status": last_segment(organiser.status),
            "label": labels.of(organiser.status),
            "date": organiser.date,
            "source": organiser.source,
        }
    return {
        "code": organiser.code,
        "iri": organiser.iri,
        "type": last_segment(organiser.type) if organiser.type else None,
        "name": labels.of(organiser.iri),
        "collaborativeArea": area,
        "soteCentreStatus": status,
        "municipalityCount": organiser.municipality_count,
        "model": "present" if graph.has_model(organiser.code) else "none",
        "modelModified": graph.modified.get(organiser.code),
    }


def region_detail(graph: LinkedRows, organiser: _Organiser, summary: Document) -> Document:
    """``GET /regions/{code}``: the summary, its municipalities, its centres and the OT-centre of its area,
    and the organiser's own integration links."""
    municipalities = [
        {
            "code": str(row["code"]),
            "iri": str(row["municipality"]),
            "name": graph.labels.of(str(row["municipality"])),
        }
        for row in graph.municipalities_of.get(organiser.iri, [])
    ]
    centres = [graph.centre_ref(c, "organiser") for c in graph.organiser_centres(organiser.iri)]
    centres += [graph.centre_ref(c, "collaborative-area") for c in graph.area_centres(organiser.area)]
    return {
        **summary,
        "municipalities": sorted(municipalities, key=lambda m: m["code"]),
        "centres": centres,
        "partners": graph.links_from(organiser.iri),
    }


def _group(rows: Iterable[Row], key: str) -> dict[str, list[Row]]:
    """Rows by the value of one variable (rows where it is unbound are left out)."""
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        if row.get(key) is not None:
            grouped.setdefault(str(row[key]), []).append(row)
    return grouped


def _unique(rows: Iterable[Row], key: str) -> list[Row]:
    seen: dict[str, Row] = {}
    for row in rows:
        seen.setdefault(str(row[key]), row)
    return list(seen.values())


@dataclass
class _Assessment:
    state: str
    evidence: dict[str, Document] = field(default_factory=dict)  # by evidence IRI


def _assessments(rows: Iterable[Row]) -> dict[tuple[str, str], _Assessment]:
    """The derived assessments by (organiser IRI, service code), each with its evidence items (a row per
    language of an item's qualifier)."""
    found: dict[tuple[str, str], _Assessment] = {}
    for row in rows:
        key = (str(row["organiser"]), _code(str(row["service"])))
        assessment = found.setdefault(key, _Assessment(_code(str(row["state"]))))
        evidence = _text(row, "evidence")
        if evidence is None:
            continue
        entry = assessment.evidence.get(evidence)
        if entry is None:
            locations = row.get("locations")
            entry = assessment.evidence[evidence] = {
                "source": str(row["source"]),
                "kind": _code(str(row["kind"])) if row.get("kind") is not None else None,
                "date": _text(row, "date"),
                "earliestDate": _text(row, "earliest"),
                "issued": _text(row, "issued"),
                "complete": str(row["complete"]) == "true",
                "locations": None if locations is None else int(locations),
                "preReform": str(row["pre_reform"]) == "true",
                "qualifier": None,
            }
        qualifier = row.get("qualifier")
        if qualifier is not None:
            language = getattr(qualifier, "language", None) or ""
            entry["qualifier"] = _language_map({**(entry["qualifier"] or {}), language: str(qualifier)})
    return found


def _shares(required: set[str], states: Mapping[str, str]) -> Document:
    """Required services by state: ``missing`` (absent per a complete source), ``notDescribed``, ``unknown``;
    ``coverage`` the offered share, ``known`` the share whose state is offered or absent."""
    document: Document = {"required": sorted(required)}
    for state, name in STATE_FIELDS.items():
        document[name] = sorted(code for code in required if states.get(code, "unknown") == state)
    offered = sum(1 for code in required if states.get(code) == "offered")
    known = offered + len(document["missing"])
    document["coverage"] = round(offered / len(required), 4) if required else 1.0
    document["known"] = round(known / len(required), 4) if required else 1.0
    return document


def _evidence(assessment: _Assessment | None) -> list[Document]:
    return [assessment.evidence[key] for key in sorted(assessment.evidence)] if assessment else []


def offered_summary(offered_by: Iterable[Document]) -> Document:
    """The centres, channels and sources of an offered service, from its ``offeredBy`` entries."""
    offered_by = list(offered_by)
    return {
        "centres": sorted({entry["centre"] for entry in offered_by}),
        "channels": sorted(set().union(*(entry["channels"] for entry in offered_by))),
        "sources": origins(entry["origin"] for entry in offered_by),
    }


def region_services(graph: LinkedRows, organiser: _Organiser) -> Document:
    """``GET /regions/{code}/services``: the services the organiser offers — by which centres and channels, from
    which graphs — each with its evidence, and against each required set and their union which required services
    are absent (``missing``), not described or unknown, with the offered and the known share. The states come
    from the derived assessments; ``labels`` names every required service."""
    centres = graph.organiser_centres(organiser.iri)
    by_service: dict[str, list[tuple[_Centre, _Offering]]] = {}
    centre_graphs: set[str] = set()
    for centre in centres:
        centre_graphs |= centre.graphs
        for code, offerings in centre.by_code.items():
            for covered in graph.ancestors(code):  # a narrower service type offers the broader one too
                by_service.setdefault(covered, []).extend((centre, offering) for offering in offerings)
    states = {
        code: assessment.state
        for (organiser_iri, code), assessment in graph.assessments.items()
        if organiser_iri == organiser.iri
    }
    services = []
    for code in sorted(code for code, state in states.items() if state == "offered"):
        offers = sorted(by_service.get(code, []), key=lambda pair: (pair[0].id, pair[1].iri))
        offered_by = [
            {
                "centre": centre.id,
                "graph": offering.graph,
                "origin": graph_origin(offering.graph),
                "channels": sorted(offering.channels),
                "evidence": sorted(offering.evidence),
            }
            for centre, offering in offers
        ]
        services.append(
            {
                "code": code,
                "label": graph.labels.of(graph.service_types[code].iri),
                "state": "offered",
                **offered_summary(offered_by),
                "offeredBy": offered_by,
                "evidence": _evidence(graph.assessments.get((organiser.iri, code))),
            }
        )
    has_model = graph.has_model(organiser.code)
    sets = {}
    union: set[str] = set()
    for set_code in REQUIRED_SETS:
        members = set(graph.sets.get(set_code, {}).get("members", set()))
        union |= members
        sets[set_code] = {**_shares(members, states), "source": graph.sets.get(set_code, {}).get("source")}
    graphs = sorted(
        centre_graphs | ({region_graph_iri(organiser.code)} if has_model else set()), key=origin_rank
    )
    return {
        "region": organiser.code,
        "name": graph.labels.of(organiser.iri),
        "model": "present" if has_model else "none",
        "graphs": [{"graph": g, "origin": graph_origin(g)} for g in graphs],
        "services": services,
        **_shares(union, states),
        "sets": sets,
        "assessments": [
            {
                "code": code,
                "label": graph.labels.of(graph.service_types[code].iri),
                "state": states.get(code, "unknown"),
                "required": code in union,
                "evidence": _evidence(graph.assessments.get((organiser.iri, code))),
            }
            for code in sorted(
                union | {code for code, state in states.items() if state in ("offered", "absent")}
            )
        ],
        "labels": {code: graph.labels.of(graph.service_types[code].iri) for code in sorted(union)},
    }


def centre_document(graph: LinkedRows, centre: _Centre) -> Document:
    """``GET /centres/{id}``: type, region, services, teams with professions, partners, channels."""
    labels = graph.labels
    services = []
    for offering in sorted(centre.offerings.values(), key=lambda o: (o.service or "", o.iri)):
        services.append(
            {
                "code": offering.code,
                "label": labels.of(offering.service),
                "offering": offering.iri,
                "channels": sorted(offering.channels),
                "evidence": sorted(offering.evidence),
                "graph": offering.graph,
                "origin": graph_origin(offering.graph),
            }
        )
    area = next(iter(sorted(centre.areas)), None)
    served_regions = [o.code for o in graph.organisers.values() if area and o.area == area]
    municipality = next(iter(sorted(centre.municipalities)), None)
    return {
        **graph.centre_ref(centre),
        "kind": labels.code(centre.kind),
        "region": graph.region_ref(centre.organiser),
        "collaborativeArea": graph.area_ref(area),
        "servedRegions": served_regions if centre.is_ot_centre else None,
        "municipality": None
        if municipality is None
        else {"code": last_segment(municipality), "iri": municipality, "name": labels.of(municipality)},
        "servesMunicipalities": sorted(last_segment(m) for m in centre.serves),
        "partOf": last_segment(centre.part_of) if centre.part_of else None,
        "services": services,
        "channels": sorted(set().union(*(o.channels for o in centre.offerings.values()))),
        "teams": _teams(graph, centre.iri),
        "partners": graph.links_from(centre.iri),
    }


def _teams(graph: LinkedRows, centre_iri: str) -> list[Document]:
    """A centre's teams by IRI, each member as a profession entry, by code and label, then member IRI (whatever
    the order of the rows)."""
    teams: dict[str, dict[str, Document]] = {}
    for row in graph.teams.get(centre_iri, []):
        members = teams.setdefault(str(row["team"]), {})
        member = _text(row, "member")
        if member is None:
            continue
        profession = _text(row, "profession")
        entry = members.setdefault(
            member,
            {
                "code": last_segment(profession) if profession else None,
                "label": graph.labels.of(profession) or graph.labels.of(member),
                "sector": None,
                "headcount": None,
            },
        )
        entry["sector"] = graph.labels.code(_text(row, "sector")) or entry["sector"]
        if row.get("headcount") is not None:
            entry["headcount"] = int(row["headcount"])
    return [
        {
            "iri": team,
            "name": graph.labels.of(team),
            "professions": [
                entry
                for _, entry in sorted(
                    members.items(), key=lambda item: (item[1]["code"] or "", str(item[1]["label"]), item[0])
                )
            ],
        }
        for team, members in sorted(teams.items())
    ]


def service_document(graph: LinkedRows, service: _ServiceType) -> Document:
    """One item of ``GET /services``: a service type code with labels and set membership."""
    narrower = sorted(s.code for s in graph.service_types.values() if s.broader == service.code)
    return {
        "code": service.code,
        "iri": service.iri,
        "label": graph.labels.of(service.iri),
        "broader": service.broader,
        "narrower": narrower,
        "sets": sorted(service.sets),
    }


def service_set_document(graph: LinkedRows, code: str, entry: Mapping[str, Any]) -> Document:
    """A service set (skos:Collection) with its members and source."""
    return {
        "code": code,
        "iri": entry["iri"],
        "label": graph.labels.of(entry["iri"]),
        "source": entry["source"],
        "required": code in REQUIRED_SETS,
        "members": sorted(entry["members"]),
    }


def service_regions(graph: LinkedRows, service: _ServiceType) -> Document:
    """``GET /services/{code}/regions``: the organisers that offer the service (or a narrower one) with the
    centres that do, every organiser's assessment with its evidence, and the OT-centres that offer it to a whole
    collaborative area."""
    wanted = {code for code in graph.service_types if service.code in graph.ancestors(code)}
    regions = []
    assessments = []
    for organiser in graph.organisers.values():
        assessment = graph.assessments.get((organiser.iri, service.code))
        state = assessment.state if assessment else "unknown"
        assessments.append(
            {
                "code": organiser.code,
                "name": graph.labels.of(organiser.iri),
                "state": state,
                "evidence": _evidence(assessment),
            }
        )
        if state != "offered":
            continue
        offering_centres = []
        for centre in graph.organiser_centres(organiser.iri):
            codes = sorted(wanted & centre.by_code.keys())
            if codes:
                offered = [offering for code in codes for offering in centre.by_code[code]]
                offering_centres.append(
                    {
                        **graph.centre_ref(centre),
                        "services": codes,
                        "channels": sorted(set().union(*(o.channels for o in offered))),
                    }
                )
        regions.append(
            {
                "code": organiser.code,
                "iri": organiser.iri,
                "name": graph.labels.of(organiser.iri),
                "centres": offering_centres,
                "sources": origins(c["origin"] for c in offering_centres),
                "evidence": _evidence(assessment),
            }
        )
    area_centres = []
    for centre in graph.centres.values():
        if centre.is_ot_centre and not wanted.isdisjoint(centre.by_code):
            areas = sorted(centre.areas)
            area_centres.append(
                {
                    **graph.centre_ref(centre, "collaborative-area"),
                    "collaborativeAreas": [graph.area_ref(a) for a in areas],
                    "regions": [o.code for o in graph.organisers.values() if o.area in centre.areas],
                }
            )
    by_state = {state: [a["code"] for a in assessments if a["state"] == state] for state in STATES}
    return {
        "service": service_document(graph, service),
        "regions": regions,
        "areaCentres": area_centres,
        "assessments": assessments,
        "states": by_state,
    }


def municipality_documents(graph: LinkedRows) -> dict[str, Document]:
    """``GET /municipalities/{code}``: the organiser and the centres serving the municipality; an Åland
    municipality is outside the reform and says so."""
    comments: dict[str, dict[str, str]] = {}
    for row in graph.municipality_rows:
        comment = row.get("comment")
        if comment is not None:
            comments.setdefault(str(row["municipality"]), {})[getattr(comment, "language", None) or ""] = str(
                comment
            )
    documents: dict[str, Document] = {}
    for row in _unique(graph.municipality_rows, "municipality"):
        iri = str(row["municipality"])
        organiser_iri = _text(row, "organiser")
        part_of = _text(row, "part_of")
        centres = []
        if organiser_iri:
            for centre in graph.organiser_centres(organiser_iri):
                if iri in centre.municipalities:
                    centres.append(graph.centre_ref(centre, "located-in"))
                elif iri in centre.serves:
                    centres.append(graph.centre_ref(centre, "serves"))
                elif not centre.municipalities and not centre.serves:
                    centres.append(graph.centre_ref(centre, "organiser"))
            organiser = graph.by_organiser_iri.get(organiser_iri)
            centres += [
                graph.centre_ref(c, "collaborative-area")
                for c in graph.area_centres(organiser.area if organiser else None)
            ]
        document: Document = {
            "code": str(row["code"]),
            "iri": iri,
            "name": graph.labels.of(iri),
            "region": graph.region_ref(organiser_iri),
            "partOf": None
            if part_of is None
            else {"code": last_segment(part_of), "iri": part_of, "name": graph.labels.of(part_of)},
            "outsideReform": organiser_iri is None,
            "centres": centres,
        }
        if organiser_iri is None:
            document["note"] = _language_map(comments.get(iri, {}))
        documents[document["code"]] = document
    return dict(sorted(documents.items()))


# ----------------------------------------------------------------------------------------------- tables


def _words(values: Iterable[str] | None) -> str:
    return " ".join(values or [])


def regions_table(items: Iterable[Document]) -> ResultTable:
    """``GET /regions`` as CSV: one row per region."""
    columns = (
        "code",
        "iri",
        "name_fi",
        "name_sv",
        "name_en",
        "collaborative_area",
        "status",
        "status_date",
        "status_source",
        "model",
        "model_modified",
    )
    rows = []
    for item in items:
        status = item["soteCentreStatus"] or {}
        area = item["collaborativeArea"] or {}
        rows.append(
            (
                item["code"],
                item["iri"],
                *(item["name"].get(lang) for lang in LANGUAGE_ORDER),
                area.get("code"),
                status.get("status"),
                status.get("date"),
                status.get("source"),
                item["model"],
                item["modelModified"],
            )
        )
    return ResultTable(columns, tuple(rows))


def services_table(items: Iterable[Document]) -> ResultTable:
    """``GET /services`` as CSV: one row per service type; sets space-separated."""
    columns = ("code", "iri", "label_fi", "label_sv", "label_en", "broader", "sets")
    return ResultTable(
        columns,
        tuple(
            (
                item["code"],
                item["iri"],
                *(item["label"].get(lang) for lang in LANGUAGE_ORDER),
                item["broader"],
                _words(item["sets"]),
            )
            for item in items
        ),
    )


def evidence_text(items: Iterable[Document]) -> str:
    """Evidence items in one cell: ``kind date`` (``earliest/latest`` for a range), ``complete`` where the source
    describes all of the organiser's services, ``; ``-separated."""
    parts = []
    for item in items:
        dates = item["date"] or "undated"
        if item["earliestDate"] and item["earliestDate"] != item["date"]:
            dates = f"{item['earliestDate']}/{item['date']}"
        parts.append(
            " ".join(
                filter(None, (item["kind"] or "source", dates, "complete" if item["complete"] else None))
            )
        )
    return "; ".join(parts)


def region_services_table(document: Document) -> ResultTable:
    """``GET /regions/{code}/services`` as CSV: one row per required or assessed service with its state
    (offered / absent / not-described / unknown) and evidence — so the gaps are in the table too."""
    columns = (
        "region",
        "service",
        "label_fi",
        "label_en",
        "status",
        "centres",
        "channels",
        "sources",
        "evidence",
    )
    offered = {item["code"]: item for item in document["services"]}
    rows = []
    for assessment in document["assessments"]:
        item = offered.get(assessment["code"], {})
        rows.append(
            (
                document["region"],
                assessment["code"],
                assessment["label"].get("fi"),
                assessment["label"].get("en"),
                assessment["state"],
                _words(item.get("centres")),
                _words(item.get("channels")),
                _words(item.get("sources")),
                evidence_text(assessment["evidence"]),
            )
        )
    return ResultTable(columns, tuple(rows))


def service_regions_table(document: Document) -> ResultTable:
    """``GET /services/{code}/regions`` as CSV: one row per region and centre offering the service."""
    columns = (
        "service",
        "region",
        "region_name_fi",
        "centre",
        "centre_type",
        "services",
        "channels",
        "origin",
    )
    service = document["service"]["code"]
    rows = [
        (
            service,
            region["code"],
            region["name"].get("fi"),
            centre["id"],
            centre["type"],
            _words(centre["services"]),
            _words(centre["channels"]),
            centre["origin"],
        )
        for region in document["regions"]
        for centre in region["centres"]
    ]
    return ResultTable(columns, tuple(rows))
