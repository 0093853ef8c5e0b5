"""Response models of the resource API, for the OpenAPI document (``/docs``) and for tests that check every
served document against them. The routes send prepared bytes (sotekg.index), not these objects: the models
describe the documents of sotekg.lookups, field for field, and tests/api/test_schemas.py keeps them in step.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LanguageMap = dict[str, str]
Origin = Literal["region-model", "ptv", "national", "reference", "other"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Error(Model):
    error: str = Field(description="a stable code, e.g. not_found, unauthorized, model_does_not_conform")
    detail: str = Field(description="what went wrong, in plain words")


class CodeRef(Model):
    code: str = Field(description="the code-list slug")
    label: LanguageMap


class Named(Model):
    code: str
    iri: str
    name: LanguageMap


class UniversityHospital(Model):
    id: str
    iri: str
    name: LanguageMap


class CollaborativeArea(Named):
    universityHospital: UniversityHospital | None = None


class SoteCentreStatus(Model):
    status: str = Field(description="definition-ongoing, implementation-ongoing or implemented")
    label: LanguageMap
    date: str | None = Field(description="the date the assessment describes, e.g. 2023-10")
    source: str | None = Field(description="IRI of the source document, e.g. …/id/source/seed-001")


class RegionSummary(Model):
    code: str = Field(description="official two-digit code: 01–21, 90 (Helsinki)")
    iri: str
    type: str | None = Field(description="WellbeingServicesCounty or CityOrganiser")
    name: LanguageMap
    collaborativeArea: CollaborativeArea | None
    soteCentreStatus: SoteCentreStatus | None
    municipalityCount: int | None
    model: Literal["present", "none"] = Field(description="whether the graph holds the organiser's own model")
    modelModified: str | None = Field(description="when the model was last replaced through the API (UTC)")


class RegionList(Model):
    regions: list[RegionSummary]
    total: int
    page: int
    per_page: int


class CentreRef(Model):
    id: str = Field(description="the last path segment of the centre's IRI")
    iri: str
    type: str = Field(description="SoteCentre, FamilyCentre, OTCentre, ServiceLocation, …")
    name: LanguageMap
    graph: str = Field(description="the named graph the centre comes from")
    origin: Origin
    relation: str | None = Field(
        None, description="organiser, collaborative-area (an OT-centre of the area), located-in or serves"
    )


class Partner(Model):
    id: str
    iri: str
    name: LanguageMap


class Link(Model):
    link: str
    name: LanguageMap
    partner: Partner | None
    partnerType: CodeRef | None
    linkType: CodeRef | None
    graph: str
    origin: Origin


class MunicipalityRef(Named):
    pass


class StationSource(Model):
    id: str
    iri: str
    title: str
    kind: str = Field(description="source-kind code: station-register")
    license: str | None
    years: list[int] = Field(description="the first and last year the source describes")


class Station(Model):
    id: str
    iri: str
    name: LanguageMap
    municipality: str = Field(description="three-digit code of the 2022 municipality it is placed in")
    firstYear: int = Field(description="first year at whose end the register lists it")
    lastYear: int = Field(description="last year at whose end the register lists it")
    opened: int | None = Field(description="the year it first appears, when after the register's first year")
    closed: int | None = Field(description="the first year at whose end it is no longer listed")


class StationList(Model):
    source: StationSource | None
    items: list[Station]


class RegionDetail(RegionSummary):
    municipalities: list[MunicipalityRef]
    centres: list[CentreRef]
    partners: list[Link] = Field(description="integration links of the organiser itself")
    stations: StationList | None = Field(
        None,
        description="health stations of the 2013–2019 register in the organiser's area, with their years",
    )


class Offer(Model):
    centre: str
    graph: str
    origin: Origin
    channels: list[str]
    evidence: list[str]


CoverageState = Literal["offered", "absent", "not-described", "unknown"]


class Evidence(Model):
    source: str = Field(
        description="the source's IRI: an organiser's model graph, a PTV recording, a survey, …"
    )
    kind: str | None = Field(
        description="code of the source-kind list: published-model, document-model, ptv-…"
    )
    date: str | None = Field(description="the latest date the evidence describes (ISO 8601)")
    earliestDate: str | None = Field(description="the earliest date it describes")
    issued: str | None = Field(description="when the source was made (a recording's date, not its import)")
    complete: bool = Field(description="the source describes all of the organiser's services")
    locations: int | None = Field(description="centres behind it (null for a survey finding)")
    preReform: bool = Field(description="dated before 2023-01-01: describes the organisers of that time")
    qualifier: LanguageMap | None = Field(description="what the evidence does not cover, in words")


class OfferedService(Model):
    code: str
    label: LanguageMap
    state: Literal["offered"]
    centres: list[str]
    channels: list[str]
    sources: list[Origin] = Field(description="where the offerings come from: region-model, ptv, …")
    offeredBy: list[Offer]
    evidence: list[Evidence]


class Assessed(Model):
    code: str
    label: LanguageMap
    state: CoverageState
    required: bool
    evidence: list[Evidence]


class Coverage(Model):
    required: list[str]
    missing: list[str] = Field(description="absent per a source complete for the organiser")
    notDescribed: list[str] = Field(description="its document-derived model does not describe them")
    unknown: list[str] = Field(description="no source speaks to them")
    coverage: float = Field(ge=0, le=1, description="offered share of the required services")
    known: float = Field(ge=0, le=1, description="share of the required services offered or absent")
    source: str | None = None


class GraphRef(Model):
    graph: str
    origin: Origin


class RegionServices(Model):
    region: str
    name: LanguageMap
    model: Literal["present", "none"]
    graphs: list[GraphRef]
    services: list[OfferedService] = Field(
        description="the services the organiser offers, with their evidence"
    )
    required: list[str] = Field(description="the union of the required sets")
    missing: list[str] = Field(description="required services absent per a source complete for the organiser")
    notDescribed: list[str]
    unknown: list[str] = Field(description="required services no source speaks to")
    coverage: float = Field(ge=0, le=1)
    known: float = Field(ge=0, le=1)
    sets: dict[str, Coverage] = Field(description="sote-centre-minimum and family-centre-universal")
    assessments: list[Assessed] = Field(
        description="every required, offered or absent service with its state"
    )
    labels: dict[str, LanguageMap] = Field(description="the name of every required service")


class CentreService(Model):
    code: str | None
    label: LanguageMap
    offering: str
    channels: list[str]
    evidence: list[str]
    graph: str
    origin: Origin


class Profession(Model):
    code: str | None
    label: LanguageMap
    sector: CodeRef | None
    headcount: int | None


class Team(Model):
    iri: str
    name: LanguageMap
    professions: list[Profession]


class RegionRef(Named):
    pass


class Centre(CentreRef):
    kind: CodeRef | None
    region: RegionRef | None
    collaborativeArea: Named | None
    servedRegions: list[str] | None = Field(description="for an OT-centre: the organisers of its area")
    municipality: Named | None
    servesMunicipalities: list[str]
    partOf: str | None
    services: list[CentreService]
    channels: list[str]
    teams: list[Team]
    partners: list[Link]


class Service(Model):
    code: str
    iri: str
    label: LanguageMap
    broader: str | None
    narrower: list[str]
    sets: list[str]


class ServiceSet(Model):
    code: str
    iri: str
    label: LanguageMap
    source: str | None
    required: bool = Field(description="whether /regions/{code}/services counts it as required")
    members: list[str]


class ServiceList(Model):
    services: list[Service]
    sets: list[ServiceSet]
    total: int
    page: int
    per_page: int


class OfferingCentre(CentreRef):
    services: list[str]
    channels: list[str]


class CoveringRegion(Model):
    code: str
    iri: str
    name: LanguageMap
    centres: list[OfferingCentre]
    sources: list[Origin]
    evidence: list[Evidence]


class OrganiserAssessment(Model):
    code: str
    name: LanguageMap
    state: CoverageState
    evidence: list[Evidence]


class AreaCentre(CentreRef):
    collaborativeAreas: list[Named | None]
    regions: list[str]


class ServiceRegions(Model):
    service: Service
    regions: list[CoveringRegion]
    areaCentres: list[AreaCentre] = Field(description="OT-centres offering the service to a whole area")
    assessments: list[OrganiserAssessment] = Field(description="every organiser's state, with its evidence")
    states: dict[CoverageState, list[str]] = Field(description="organiser codes by state")


class Municipality(Model):
    code: str
    iri: str
    name: LanguageMap
    region: RegionRef | None
    partOf: Named | None
    outsideReform: bool = Field(description="true for Åland's municipalities")
    centres: list[CentreRef]
    note: LanguageMap | None = None
    stations: StationList | None = Field(
        None, description="health stations of the 2013–2019 register in the municipality, with their years"
    )


class ValidationResult(Model):
    severity: Literal["Violation", "Warning", "Info"]
    focusNode: str
    path: str | None
    value: str | None
    message: str
    sourceShape: str


class ValidationReport(Model):
    conforms: bool
    violations: int
    warnings: int
    infos: int
    results: list[ValidationResult]


class Rejected(Error):
    report: ValidationReport


class WorkbookHeader(Model):
    fi: str | None
    en: str | None


class WorkbookResult(Model):
    """One message about a workbook, at its cell (``sheet``, ``row``, ``column`` letter; ``cell`` as
    ``Palvelut!C11``, or ``Tiimit!3:3`` for a whole row), with the node it concerns."""

    severity: Literal["Violation", "Warning", "Info"]
    sheet: str | None
    row: int | None
    column: str | None
    header: WorkbookHeader | None
    cell: str | None
    node: str | None
    message: str = Field(description="in the language asked for")
    messages: dict[str, str] = Field(description="language → message (fi, en)")
    path: str | None
    value: str | None
    sourceShape: str | None = Field(description="the SHACL shape; null for a cell the import cannot read")


class WorkbookReport(Model):
    conforms: bool
    readable: bool = Field(description="false: some cells cannot be read, so the shapes were not checked yet")
    violations: int
    warnings: int
    infos: int
    results: list[WorkbookResult]


class WorkbookRejected(Error):
    report: WorkbookReport


class Published(Model):
    region: str
    graph: str
    version: int
    who: str = Field(description="the name of the token that wrote it")
    when: str
    triples: int
    conforms: bool
    warnings: int
    infos: int


class Version(Model):
    version: int
    who: str = Field(description="the token's name, or 'shipped' for the model held before the first write")
    when: str
    triples: int
    sha256: str
    note: str


class VersionList(Model):
    region: str
    versions: list[Version]
