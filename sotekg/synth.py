"""Synthetic catalogues for scale tests and benchmarks: the core behind ``sotekg synth`` (issue 5).

``write_catalogue`` writes one Turtle file per service organiser, ``{code}.ttl``, shaped like a region model
(data/regions/09.ttl): sote-centres and family centres with offerings from the code lists, multiprofessional
teams with social- and health-sector professions, partners and integration links. Everything is made up and says
so: every node it mints carries ``sk:synthetic true``, lives under ``https://w3id.org/sotekg/id/synthetic/``,
has labels ending in "(synteettinen)" / "(synthetic)" and cites the synthetic source document; each file is
meant for the named graph ``graph/synthetic/region/{code}`` (``synthetic_graph_files``), whose IRI is itself
described as synthetic inside the file. None of it is ever part of the default data (sotekg.layout).

The vocabulary comes from the validation context (ontology, code lists, reference and national data), so the
output follows the code lists as they are and the shapes accept it: a sote-centre of an organiser whose latest
status is "implemented" offers the whole minimum set (a violation otherwise); other organisers each lack a few
minimum-set and near-universal family-centre services in every centre (warnings), so a coverage matrix over the
catalogue has offered and missing cells. The same arguments and ``seed`` give the same files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .layout import GraphFile, ontology_files, reference_files
from .namespaces import CODE, ID, PREFIXES, SK, code_iri, graph_iri, instance_iri, last_segment
from .rdfio import read_rdf_file, union_graph
from .settings import Settings

SYNTHETIC_BASE = f"{ID}synthetic/"
SOURCE_IRI = f"{SYNTHETIC_BASE}source/sotekg-synth"
# the status under which a missing minimum service is a violation (shapes/generated-service-sets.ttl)
IMPLEMENTED = code_iri("status", "implemented")
SECTORS = {"social": code_iri("sector", "social"), "health": code_iri("sector", "health")}
SERVICE_SETS = {
    "sote": code_iri("service-set", "sote-centre-minimum"),
    "family-universal": code_iri("service-set", "family-centre-universal"),
    "family-near-universal": code_iri("service-set", "family-centre-near-universal"),
    "family-common": code_iri("service-set", "family-centre-common"),
}
CENTRE_KINDS = {  # kind → (class, id part, Finnish name, English name)
    "sote": (SK.SoteCentre, "sote-keskus", "Sote-keskus", "Sote-centre"),
    "family": (SK.FamilyCentre, "perhekeskus", "Perhekeskus", "Family centre"),
}
FAMILY_CENTRE_SHARE = 4  # every fourth centre is a family centre
MAX_MISSING_MINIMUM = 3  # a not-yet-implemented organiser lacks 0..3 minimum-set services everywhere
EXTRA_SERVICES = 1  # each centre offers up to this many services beyond its sets
PARTNERS_PER_REGION = 5
LINK_SHARE = 2  # every second centre has an integration link
MINTED_KINDS = ("source", "centre", "offering", "team", "team-member", "partner", "link")
CODE_SCHEMES = ("service-type", "channel", "centre-model", "profession", "partner-type", "link-type")


@dataclass(frozen=True)
class Organiser:
    """A service organiser as the synthetic data needs it."""

    code: str
    iri: str
    name_fi: str
    name_en: str
    implemented: bool
    municipalities: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """The organisers and code-list concepts synthetic models are drawn from (IRIs, sorted)."""

    organisers: tuple[Organiser, ...]
    service_sets: dict[str, tuple[str, ...]]
    services: tuple[str, ...]
    professions: dict[str, tuple[str, ...]]  # sector name → professions
    partner_types: dict[str, tuple[str, str]]  # IRI → (Finnish, English label)
    link_types: tuple[str, ...]
    channels: tuple[str, ...]
    centre_models: tuple[str, ...]


def read_vocabulary(settings: Settings) -> Vocabulary:
    """The organisers (with status and municipalities) and the code lists of the validation context."""
    context = union_graph(
        *(read_rdf_file(f.path) for f in ontology_files(settings) + reference_files(settings))
    )

    def concepts(scheme: str) -> tuple[str, ...]:
        return tuple(sorted(str(c) for c in context.subjects(SKOS.inScheme, URIRef(f"{CODE}{scheme}"))))

    organisers = []
    for iri in sorted(
        context.subjects(RDF.type, SK.ServiceOrganiser), key=lambda o: str(context.value(o, SK.code))
    ):
        status = context.value(context.value(iri, SK.latestStatusAssessment), SK.status)
        organisers.append(
            Organiser(
                code=str(context.value(iri, SK.code)),
                iri=str(iri),
                name_fi=_label(context, iri, "fi"),
                name_en=_label(context, iri, "en"),
                implemented=str(status) == IMPLEMENTED,
                municipalities=tuple(sorted(str(m) for m in context.subjects(SK.organiser, iri))),
            )
        )
    professions = {
        sector: tuple(p for p in concepts("profession") if str(context.value(URIRef(p), SK.sector)) == iri)
        for sector, iri in SECTORS.items()
    }
    return Vocabulary(
        organisers=tuple(organisers),
        service_sets={
            name: tuple(sorted(str(m) for m in context.objects(URIRef(iri), SKOS.member)))
            for name, iri in SERVICE_SETS.items()
        },
        services=concepts("service-type"),
        professions=professions,
        partner_types={
            p: (_label(context, URIRef(p), "fi"), _label(context, URIRef(p), "en"))
            for p in concepts("partner-type")
        },
        link_types=concepts("link-type"),
        channels=concepts("channel"),
        centre_models=concepts("centre-model"),
    )


def _label(graph: Graph, node: Node, lang: str) -> str:
    labels = {
        label.language: str(label)
        for label in graph.objects(node, SKOS.prefLabel)
        if isinstance(label, Literal)
    }
    return labels.get(lang) or labels.get("fi") or last_segment(str(node))


def synthetic_region_graph(code: str) -> str:
    """The named graph of one organiser's synthetic model."""
    return graph_iri(f"synthetic/region/{code}")


def synthetic_graph_files(folder: Path) -> list[GraphFile]:
    """The files ``write_catalogue`` wrote to ``folder``, each with its named graph, in code order."""
    return [GraphFile(synthetic_region_graph(path.stem), path) for path in sorted(folder.glob("*.ttl"))]


class _Triples:
    """Collects pyoxigraph triples, reusing one node object per IRI."""

    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []
        self._nodes: dict[str, ox.NamedNode] = {}
        self.true = ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))

    def node(self, iri: str) -> ox.NamedNode:
        found = self._nodes.get(iri)
        if found is None:
            found = self._nodes[iri] = ox.NamedNode(iri)
        return found

    def add(self, subject: str, predicate: str, obj: str | ox.Literal) -> None:
        value = obj if isinstance(obj, ox.Literal) else self.node(obj)
        self.triples.append(ox.Triple(self.node(subject), self.node(predicate), value))

    def synthetic(self, subject: str, kind: str, date: ox.Literal) -> None:
        """Type, synthetic flag, source and date: what every minted fact node carries."""
        self.add(subject, str(RDF.type), kind)
        self.add(subject, str(SK.synthetic), self.true)
        self.add(subject, str(DCTERMS.source), SOURCE_IRI)
        self.add(subject, str(DCTERMS.date), date)

    def labels(self, subject: str, fi: str, en: str, *predicates: str) -> None:
        for predicate in predicates or (str(SKOS.prefLabel), str(RDFS.label)):
            self.add(subject, predicate, ox.Literal(f"{fi} (synteettinen)", language="fi"))
            self.add(subject, predicate, ox.Literal(f"{en} (synthetic)", language="en"))


def region_triples(
    vocabulary: Vocabulary, organiser: Organiser, centres: int, seed: int, year: str
) -> list[ox.Triple]:
    """One organiser's synthetic model: ``centres`` centres with offerings, teams, partners and links."""
    rng = random.Random(f"{seed}-{organiser.code}")
    out = _Triples()
    date = ox.Literal(year, datatype=ox.NamedNode(str(XSD.gYear)))
    graph = synthetic_region_graph(organiser.code)
    out.add(graph, str(SK.synthetic), out.true)
    out.add(graph, str(DCTERMS.source), SOURCE_IRI)
    out.labels(graph, f"Synteettinen palvelumalli: {organiser.name_fi}", f"Synthetic model: {organiser.name_en}",
               str(RDFS.label))  # fmt: skip
    out.add(SOURCE_IRI, str(RDF.type), str(SK.SourceDocument))
    out.add(SOURCE_IRI, str(SK.synthetic), out.true)
    out.labels(SOURCE_IRI, "sotekg synth -testiaineisto", "sotekg synth test data", str(DCTERMS.title))

    sets = vocabulary.service_sets
    missing = set()  # services no centre of this organiser offers: warnings, never violations
    if not organiser.implemented:
        missing |= set(rng.sample(sets["sote"], rng.randint(0, MAX_MISSING_MINIMUM)))
        missing |= set(rng.sample(sets["family-near-universal"], rng.randint(0, 2)))
    in_sets = {service for members in sets.values() for service in members}
    extras = [service for service in vocabulary.services if service not in in_sets]
    partners = _partners(out, vocabulary, organiser, rng, date)

    for number in range(1, centres + 1):
        kind = "family" if number % FAMILY_CENTRE_SHARE == 0 else "sote"
        cls, id_part, name_fi, name_en = CENTRE_KINDS[kind]
        local = f"synth-{organiser.code}-{id_part}-{number:04d}"
        centre = _minted("centre", local)
        out.synthetic(centre, str(cls), date)
        name = (f"{name_fi} {number}, {organiser.name_fi}", f"{name_en} {number}, {organiser.name_en}")
        out.labels(centre, *name, str(SKOS.prefLabel))
        out.add(centre, str(SK.organiser), organiser.iri)
        if organiser.municipalities:
            out.add(
                centre, str(SK.municipality), organiser.municipalities[number % len(organiser.municipalities)]
            )
        if kind == "sote":
            out.add(centre, str(SK.modelType), rng.choice(vocabulary.centre_models))
            offered = [s for s in sets["sote"] if s not in missing]
        else:
            offered = list(sets["family-universal"])
            offered += [s for s in sets["family-near-universal"] + sets["family-common"] if s not in missing]
        if not organiser.implemented or kind == "family":  # optional services vary from centre to centre
            offered = [s for s in offered if s in sets["family-universal"] or rng.random() > 0.15]
        offered += rng.sample(extras, rng.randint(0, min(EXTRA_SERVICES, len(extras))))
        for service in offered:
            offering = _minted("offering", f"{local}-{last_segment(service)}")
            out.add(centre, str(SK.offers), offering)
            out.synthetic(offering, str(SK.ServiceOffering), date)
            out.add(offering, str(SK.serviceType), service)
            out.add(offering, str(SK.channel), rng.choice(vocabulary.channels))
        _team(out, vocabulary, centre, local, name_fi, name_en, number, rng, date)
        if number % LINK_SHARE == 0 and partners:
            partner, partner_type = rng.choice(partners)
            link = _minted("link", f"{local}-{last_segment(partner)}")
            out.synthetic(link, str(SK.IntegrationLink), date)
            out.labels(
                link, f"Yhteistyö: {name_fi} {number}", f"Cooperation: {name_en} {number}", str(RDFS.label)
            )
            out.add(link, str(SK.linkFrom), centre)
            out.add(link, str(SK.partner), partner)
            out.add(link, str(SK.partnerType), partner_type)
            out.add(link, str(SK.linkType), rng.choice(vocabulary.link_types))
    return out.triples


def _minted(kind: str, local: str) -> str:
    return instance_iri(f"synthetic/{kind}", local)


def _partners(
    out: _Triples, vocabulary: Vocabulary, organiser: Organiser, rng: random.Random, date: ox.Literal
) -> list[tuple[str, str]]:
    """A few partners of the organiser, one per partner type drawn; (partner IRI, partner type IRI)."""
    types = sorted(vocabulary.partner_types)
    partners = []
    for partner_type in rng.sample(types, min(PARTNERS_PER_REGION, len(types))):
        type_fi, type_en = vocabulary.partner_types[partner_type]
        partner = _minted("partner", f"synth-{organiser.code}-{last_segment(partner_type)}")
        out.synthetic(partner, str(SK.Partner), date)
        out.labels(partner, f"{type_fi}, {organiser.name_fi}", f"{type_en}, {organiser.name_en}")
        out.add(partner, str(SK.partnerType), partner_type)
        partners.append((partner, partner_type))
    return partners


def _team(
    out: _Triples,
    vocabulary: Vocabulary,
    centre: str,
    local: str,
    name_fi: str,
    name_en: str,
    number: int,
    rng: random.Random,
    date: ox.Literal,
) -> None:
    """A multiprofessional team: one social- and one or two health-sector professions."""
    team = _minted("team", f"{local}-tiimi")
    out.add(centre, str(SK.team), team)
    out.synthetic(team, str(SK.Team), date)
    out.labels(team, f"Tiimi: {name_fi} {number}", f"Team: {name_en} {number}", str(RDFS.label))
    social, health = vocabulary.professions["social"], vocabulary.professions["health"]
    professions = rng.sample(social, 1) + rng.sample(health, rng.randint(1, min(2, len(health))))
    for profession in professions:
        member = _minted("team-member", f"{local}-tiimi-{last_segment(profession)}")
        out.add(team, str(SK.member), member)
        out.add(member, str(RDF.type), str(SK.TeamMember))
        out.add(member, str(SK.synthetic), out.true)
        out.add(member, str(SK.profession), profession)


@dataclass(frozen=True)
class WrittenRegion:
    """One file ``write_catalogue`` wrote: organiser code, path, named graph and number of triples."""

    code: str
    path: Path
    graph: str
    triples: int


def write_catalogue(
    settings: Settings,
    folder: Path,
    *,
    regions: int,
    centres_per_region: int,
    seed: int = 0,
    year: str = "2025",
) -> list[WrittenRegion]:
    """Write ``{code}.ttl`` for the first ``regions`` organisers (by code) into ``folder``; what was written."""
    vocabulary = read_vocabulary(settings)
    folder.mkdir(parents=True, exist_ok=True)
    prefixes = {
        name: PREFIXES[name] for name in ("rdf", "rdfs", "xsd", "skos", "dct", "sk", "county", "municipality")
    }
    prefixes |= {kind: f"{SYNTHETIC_BASE}{kind}/" for kind in MINTED_KINDS}
    prefixes |= {scheme: f"{CODE}{scheme}/" for scheme in CODE_SCHEMES}
    prefixes["graph"] = synthetic_region_graph("")
    written = []
    for organiser in vocabulary.organisers[:regions]:
        triples = region_triples(vocabulary, organiser, centres_per_region, seed, year)
        path = folder / f"{organiser.code}.ttl"
        ox.serialize(triples, str(path), ox.RdfFormat.TURTLE, prefixes=prefixes)
        written.append(
            WrittenRegion(organiser.code, path, synthetic_region_graph(organiser.code), len(triples))
        )
    return written
