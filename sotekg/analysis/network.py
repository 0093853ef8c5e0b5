"""The integration network: a networkx graph of organisers, centres and partners, and the reports on it.

Built from two named queries, ``analytics/network-nodes`` and ``analytics/network-edges``. Every edge has a
``kind``: ``integration-link`` edges are cooperation recorded in the data (an ``sk:IntegrationLink`` from a
centre or an organiser to a partner, with its link type and partner type); all other kinds are *structural*
— they follow from how services are organised (a centre belongs to its organiser, an organiser to its
collaborative area, an OT-centre serves an area), not from a recorded link. Reports keep the two apart:
a family centre's chain to its OT-centre "through modelled links" uses integration links only; its
"structural chain" is family centre → organiser → collaborative area → OT-centre.

Used by ``sotekg network``, ``sotekg plot network`` and the API's ``/network`` routes.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from ..errors import NotFoundError, UserError
from ..namespaces import last_segment
from ..tabular import ResultTable

INTEGRATION = "integration-link"
STRUCTURAL_KINDS = ("organiser", "part-of", "collaborative-area", "serves-area", "university-hospital")
CENTRE_KINDS = ("sote-centre", "family-centre", "service-location", "meeting-place")
# When a node has more than one class, the first kind in this order names it.
KIND_ORDER = (
    "ot-centre",
    "family-centre",
    "sote-centre",
    "meeting-place",
    "service-location",
    "organiser",
    "collaborative-area",
    "university-hospital",
    "partner",
)
REPORTS = ("partners", "gaps", "chains", "chain-gaps", "components")
# Betweenness (Brandes) takes one breadth-first pass per source node over nodes and edges: exact while
# nodes × (nodes + edges) stays within this many steps (a few seconds; a region at N = 1,000 synthetic centres
# is about 2.5 M), else estimated from as many source nodes as the same budget allows (seeded, repeatable).
BETWEENNESS_STEPS = 5_000_000
BETWEENNESS_SEED = 5


@dataclass(frozen=True)
class IntegrationNetwork:
    """The graph (a MultiDiGraph: node attributes kind, label, organiser_code, partner_type; edge attributes
    kind, link_type, partner_type, link) and the reports on it."""

    graph: nx.MultiDiGraph

    @classmethod
    def from_tables(cls, nodes: ResultTable, edges: ResultTable) -> IntegrationNetwork:
        """Build the graph from the rows of ``analytics/network-nodes`` and ``analytics/network-edges``."""
        graph = nx.MultiDiGraph()
        best: dict[str, dict] = {}
        for row in nodes.records():
            node = str(row["node"])
            known = best.get(node)
            if known is None or KIND_ORDER.index(row["kind"]) < KIND_ORDER.index(known["kind"]):
                best[node] = row
        for node in sorted(best):
            row = best[node]
            graph.add_node(
                node,
                kind=row["kind"],
                label=str(row["label"] or last_segment(node)),
                organiser_code=str(row["organiser_code"] or ""),
                partner_type=str(row["partner_type"] or ""),
            )
        for row in edges.records():
            source, target = str(row["source"]), str(row["target"])
            for node in (source, target):
                if node not in graph:
                    graph.add_node(
                        node, kind="other", label=last_segment(node), organiser_code="", partner_type=""
                    )
            graph.add_edge(
                source,
                target,
                key=f"{row['kind']}:{row['link_type'] or ''}:{row['link'] or ''}",
                kind=row["kind"],
                link_type=str(row["link_type"] or ""),
                partner_type=str(row["partner_type"] or ""),
                link=str(row["link"] or ""),
            )
        return cls(graph)

    # ------------------------------------------------------------------ views

    def label(self, node: str) -> str:
        return self.graph.nodes[node]["label"]

    def kind(self, node: str) -> str:
        return self.graph.nodes[node]["kind"]

    def nodes_of(self, *kinds: str) -> list[str]:
        return [node for node, data in self.graph.nodes(data=True) if data["kind"] in kinds]

    def undirected(self, kinds: Iterable[str] | None = None) -> nx.Graph:
        """A simple undirected graph over all nodes, with edges of the given kinds (all kinds by default)."""
        wanted = None if kinds is None else set(kinds)
        simple = nx.Graph()
        simple.add_nodes_from(self.graph.nodes(data=True))
        simple.add_edges_from(
            (u, v) for u, v, kind in self.graph.edges(data="kind") if wanted is None or kind in wanted
        )
        return simple

    def organiser_of(self, node: str) -> str | None:
        """The organiser a centre belongs to (structural edge), or the node itself for an organiser."""
        if self.kind(node) == "organiser":
            return node
        for _, target, kind in self.graph.out_edges(node, data="kind"):
            if kind == "organiser":
                return target
        return None

    def region(self, code: str) -> IntegrationNetwork:
        """One organiser's part of the network: the organiser, its centres, their partners, its collaborative
        area, the area's OT-centre and university hospital. NotFoundError for an unknown organiser code."""
        organisers = [n for n in self.nodes_of("organiser") if self.graph.nodes[n]["organiser_code"] == code]
        if not organisers:
            raise NotFoundError(f"no organiser with code '{code}'")
        organiser = organisers[0]
        members = {organiser} | {n for n in self.graph if self.organiser_of(n) == organiser}
        members |= {target for node in list(members) for _, target in self.graph.out_edges(node)}
        areas = [n for n in members if self.kind(n) == "collaborative-area"]
        for area in areas:
            members |= {
                source for source, _, kind in self.graph.in_edges(area, data="kind") if kind == "serves-area"
            }
            members |= {target for _, target in self.graph.out_edges(area)}
        return IntegrationNetwork(self.graph.subgraph(sorted(members)).copy())

    # ------------------------------------------------------------------ reports

    def partners(self) -> ResultTable:
        """Partners by integration links, organisers linked, degree and betweenness centrality.

        Betweenness is computed on the whole undirected network (integration and structural edges), normalised
        to 0..1; a partner with no links is listed with zeros. It is exact up to ``BETWEENNESS_STEPS``, estimated
        from a seeded sample of source nodes on a larger network (the whole network at N = 1,000 would take
        about ten minutes exactly).
        """
        simple = self.undirected()
        centrality = betweenness(simple)
        targets = {v for _, v, kind in self.graph.edges(data="kind") if kind == INTEGRATION}
        rows = []
        for node in sorted(set(self.nodes_of("partner")) | targets):
            incoming = [
                (source, data)
                for source, _, data in self.graph.in_edges(node, data=True)
                if data["kind"] == INTEGRATION
            ]
            organisers = {self.organiser_of(source) for source, _ in incoming} - {None}
            link_types = sorted({data["link_type"] for _, data in incoming if data["link_type"]})
            partner_type = self.graph.nodes[node]["partner_type"] or ",".join(
                sorted({data["partner_type"] for _, data in incoming if data["partner_type"]})
            )
            rows.append(
                (
                    node,
                    self.label(node),
                    self.kind(node),
                    partner_type,
                    len(incoming),
                    len(organisers),
                    ",".join(link_types),
                    simple.degree(node),
                    round(centrality[node], 4),
                )
            )
        rows.sort(key=lambda row: (-row[4], -row[8], row[1]))
        columns = (
            "partner",
            "label",
            "kind",
            "partner_type",
            "links",
            "organisers",
            "link_types",
            "degree",
            "betweenness",
        )
        return ResultTable(columns, tuple(rows))

    def gaps(self, partner_type: str, known_types: Iterable[str] | None = None) -> ResultTable:
        """Centres with no integration link of their own to a partner of ``partner_type``.

        ``via_organiser`` tells whether the centre's organiser has such a link (which may cover the centre).
        ``known_types``, when given, makes an unknown partner type a UserError naming the choices.
        """
        if known_types is not None and partner_type not in set(known_types):
            choices = ", ".join(sorted(known_types))
            raise UserError(f"unknown partner type '{partner_type}' (partner types: {choices})")

        def links_to_type(node: str) -> bool:
            return any(
                data["kind"] == INTEGRATION
                and (data["partner_type"] or self.graph.nodes[target]["partner_type"]) == partner_type
                for _, target, data in self.graph.out_edges(node, data=True)
            )

        rows = []
        for centre in sorted(self.nodes_of(*CENTRE_KINDS)):
            if links_to_type(centre):
                continue
            organiser = self.organiser_of(centre)
            rows.append(
                (
                    self.graph.nodes[centre]["organiser_code"],
                    centre,
                    self.label(centre),
                    self.kind(centre),
                    partner_type,
                    bool(organiser and links_to_type(organiser)),
                )
            )
        rows.sort(key=lambda row: (row[0], row[2]))
        columns = ("organiser_code", "centre", "label", "kind", "partner_type", "via_organiser")
        return ResultTable(columns, tuple(rows))

    def _area_ot_centre(self, organiser: str) -> tuple[str | None, str | None]:
        for _, area, kind in self.graph.out_edges(organiser, data="kind"):
            if kind == "collaborative-area":
                for ot_centre, _, edge_kind in self.graph.in_edges(area, data="kind"):
                    if edge_kind == "serves-area":
                        return area, ot_centre
                return area, None
        return None, None

    def chains(self) -> ResultTable:
        """For each family centre: the shortest chain to its collaborative area's OT-centre.

        ``modelled_chain`` uses integration links only (either direction) and is empty when the data records no
        such chain; ``structural_chain`` is family centre → organiser → collaborative area → OT-centre.
        """
        integration = self.undirected([INTEGRATION])
        rows = []
        for centre in sorted(self.nodes_of("family-centre")):
            organiser = self.organiser_of(centre)
            area, ot_centre = self._area_ot_centre(organiser) if organiser else (None, None)
            modelled: list[str] = []
            if ot_centre and nx.has_path(integration, centre, ot_centre):
                modelled = nx.shortest_path(integration, centre, ot_centre)
            structural = [n for n in (centre, organiser, area, ot_centre) if n] if ot_centre else []
            rows.append(
                (
                    self.graph.nodes[centre]["organiser_code"],
                    centre,
                    self.label(centre),
                    ot_centre or "",
                    self.label(ot_centre) if ot_centre else "",
                    self._path_text(modelled),
                    len(modelled) - 1 if modelled else None,
                    self._path_text(structural),
                    len(structural) - 1 if structural else None,
                )
            )
        columns = (
            "organiser_code",
            "family_centre",
            "label",
            "ot_centre",
            "ot_centre_label",
            "modelled_chain",
            "modelled_hops",
            "structural_chain",
            "structural_hops",
        )
        return ResultTable(columns, tuple(rows))

    def chain_gaps(self) -> ResultTable:
        """Each organiser: how many family centres it has in the graph and how many reach the area's OT-centre.

        status: ``modelled-chain`` (at least one family centre reaches the OT-centre through recorded
        integration links), ``structural-chain-only`` (family centres exist, but only the structural chain
        connects them) or ``no-family-centre`` (no family centre of the organiser is in the graph: no chain
        can be shown).
        """
        chains = self.chains().records()
        rows = []
        for organiser in sorted(
            self.nodes_of("organiser"), key=lambda n: self.graph.nodes[n]["organiser_code"]
        ):
            code = self.graph.nodes[organiser]["organiser_code"]
            own = [chain for chain in chains if chain["organiser_code"] == code]
            modelled = sum(1 for chain in own if chain["modelled_chain"])
            structural = sum(1 for chain in own if chain["structural_chain"])
            status = "modelled-chain" if modelled else "structural-chain-only" if own else "no-family-centre"
            _, ot_centre = self._area_ot_centre(organiser)
            rows.append(
                (
                    code,
                    self.label(organiser),
                    len(own),
                    modelled,
                    structural,
                    self.label(ot_centre) if ot_centre else "",
                    status,
                )
            )
        columns = (
            "organiser_code",
            "organiser_label",
            "family_centres",
            "modelled_chains",
            "structural_chains",
            "ot_centre_label",
            "status",
        )
        return ResultTable(columns, tuple(rows))

    def components(self, scope: str = "integration") -> ResultTable:
        """Connected components (undirected), largest first. ``scope`` ``integration`` uses recorded
        integration links only — a node alone in its component has no link; ``all`` adds structural edges."""
        if scope not in ("integration", "all"):
            raise UserError(f"unknown scope '{scope}' (choose integration or all)")
        simple = self.undirected([INTEGRATION] if scope == "integration" else None)
        parts = sorted(
            (sorted(part, key=self.label) for part in nx.connected_components(simple)),
            key=lambda part: (-len(part), self.label(part[0])),
        )
        rows = []
        for number, part in enumerate(parts, start=1):
            kinds = Counter(self.kind(node) for node in part)
            rows.append(
                (
                    number,
                    len(part),
                    ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())),
                    "; ".join(self.label(node) for node in part),
                )
            )
        return ResultTable(("component", "size", "kinds", "members"), tuple(rows))

    def report(
        self,
        name: str,
        partner_type: str | None = None,
        scope: str = "integration",
        known_types: Iterable[str] | None = None,
    ) -> ResultTable:
        """One of REPORTS by name (the CLI's and the API's single entry point)."""
        if name == "partners":
            return self.partners()
        if name == "gaps":
            if not partner_type:
                raise UserError("the gaps report needs a partner type (e.g. kela, education, ot-centre)")
            return self.gaps(partner_type, known_types)
        if name == "chains":
            return self.chains()
        if name == "chain-gaps":
            return self.chain_gaps()
        if name == "components":
            return self.components(scope)
        raise NotFoundError(f"no network report named '{name}' (reports: {', '.join(REPORTS)})")

    # ------------------------------------------------------------------ export

    def node_link(self) -> dict:
        """The graph as networkx node-link JSON (``nodes``, ``edges`` with ``source``/``target``)."""
        return nx.node_link_data(self.graph, edges="edges")

    def graphml(self) -> str:
        """The graph as GraphML text, for Gephi, Cytoscape or yEd."""
        buffer = io.BytesIO()
        nx.write_graphml(self.graph, buffer, encoding="utf-8")
        return buffer.getvalue().decode("utf-8")

    def node_link_text(self) -> str:
        return json.dumps(self.node_link(), ensure_ascii=False, indent=2) + "\n"

    def _path_text(self, path: list[str]) -> str:
        return " → ".join(self.label(node) for node in path)


def betweenness(graph: nx.Graph, steps: int = BETWEENNESS_STEPS) -> dict[str, float]:
    """Normalised betweenness centrality of every node: exact when one pass per node fits in ``steps``, else
    estimated from as many source nodes as fit (seeded: the same graph gives the same values)."""
    nodes = graph.number_of_nodes()
    per_source = nodes + graph.number_of_edges()
    if nodes * per_source <= steps:
        return nx.betweenness_centrality(graph, normalized=True)
    sources = max(1, steps // per_source)
    return nx.betweenness_centrality(graph, k=sources, normalized=True, seed=BETWEENNESS_SEED)
