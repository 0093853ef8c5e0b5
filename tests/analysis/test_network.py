"""The integration network: built from the shipped data on both stores, and its reports and exports."""

from __future__ import annotations

import io
import json
from collections import Counter

import networkx as nx
import pytest

from sotekg.analysis.network import BETWEENNESS_SEED, IntegrationNetwork, betweenness
from sotekg.analysis.run import load_network, partner_type_codes
from sotekg.errors import NotFoundError, UserError
from sotekg.tabular import ResultTable

ID = "https://w3id.org/sotekg/id/"
COUNTY = "http://uri.suomi.fi/codelist/jhs/hyvinvointialue_1_20211013/code/"
SOTE_09 = f"{ID}centre/09-sote-keskus"
FAMILY_09 = f"{ID}centre/09-perhekeskus"


@pytest.fixture(scope="module")
def network(store, settings) -> IntegrationNetwork:
    return load_network(store, settings)


def test_the_graph_holds_organisers_centres_and_partners(network):
    kinds = Counter(kind for _, kind in network.graph.nodes(data="kind"))
    assert kinds["organiser"] == 22
    assert kinds["collaborative-area"] == 5 and kinds["ot-centre"] == 5 and kinds["university-hospital"] == 5
    assert kinds["sote-centre"] == 1 and kinds["family-centre"] == 1  # Päijät-Häme's region-level entities
    edge_kinds = Counter(kind for _, _, kind in network.graph.edges(data="kind"))
    assert edge_kinds["integration-link"] == 4  # seed 004: three from the sote-centre, one from the organiser
    assert edge_kinds["collaborative-area"] == 22 and edge_kinds["serves-area"] == 5
    assert edge_kinds["university-hospital"] == 5
    centres = (
        kinds["sote-centre"] + kinds["family-centre"] + kinds["service-location"] + kinds["meeting-place"]
    )
    assert edge_kinds["organiser"] == centres  # every centre belongs to one organiser


def test_partners_by_links_and_centrality(network):
    rows = {row["partner"].rsplit("/", 1)[-1]: row for row in network.partners().records()}
    assert rows["09-erikoissairaanhoito"]["links"] == 1
    assert rows["09-erikoissairaanhoito"]["link_types"] == "referral"
    assert rows["09-jarjestokentta"]["partner_type"] == "ngo"
    assert (
        rows["kela"]["links"] == 0 and rows["kela"]["degree"] == 0
    )  # named in the seeds, linked by no model
    assert all(0.0 <= row["betweenness"] <= 1.0 for row in rows.values())
    assert network.partners().rows[0][4] == 1  # sorted by links, most first


def test_betweenness_is_exact_within_its_budget_and_a_seeded_estimate_beyond_it(network):
    simple = network.undirected()
    exact = nx.betweenness_centrality(simple, normalized=True)
    assert betweenness(simple) == exact  # the shipped network is well within the budget
    per_source = simple.number_of_nodes() + simple.number_of_edges()
    estimate = betweenness(simple, steps=10 * per_source)  # room for ten sources
    assert estimate == nx.betweenness_centrality(simple, k=10, normalized=True, seed=BETWEENNESS_SEED)
    assert estimate == betweenness(simple, steps=10 * per_source) and estimate != exact
    assert set(estimate) == set(simple)


def test_centres_without_a_partner_type(network, store, settings):
    known = partner_type_codes(store, settings)
    assert {"kela", "ngo", "ot-centre"} <= set(known)
    kela = {row["centre"]: row for row in network.gaps("kela", known).records()}
    assert len(kela) == len(
        network.nodes_of("sote-centre", "family-centre", "service-location", "meeting-place")
    )
    assert kela[SOTE_09]["via_organiser"] is False  # no model records a link to Kela
    ngo = set(network.gaps("ngo", known).column("centre"))
    assert FAMILY_09 in ngo and SOTE_09 not in ngo  # the sote-centre links to Päijät-Häme's NGO field
    education = {row["centre"]: row for row in network.gaps("educational-institution", known).records()}
    assert education[FAMILY_09]["via_organiser"] is True  # the organiser's own link to Theatrum Olga
    with pytest.raises(UserError, match="unknown partner type 'kel'.*kela"):
        network.gaps("kel", known)


def test_family_centre_chain_is_structural_only_today(network):
    chains = network.chains().records()
    assert [chain["family_centre"] for chain in chains] == [FAMILY_09]
    chain = chains[0]
    assert chain["ot_centre"] == f"{ID}centre/ot-etela-suomi"
    assert chain["modelled_chain"] == "" and chain["modelled_hops"] is None
    assert chain["structural_hops"] == 3
    assert chain["structural_chain"].split(" → ")[1] == "Päijät-Hämeen hyvinvointialue"


def test_organisers_without_a_chain(network):
    gaps = network.chain_gaps()
    status = dict(zip(gaps.column("organiser_code"), gaps.column("status"), strict=True))
    assert len(status) == 22
    assert status.pop("09") == "structural-chain-only"
    assert set(status.values()) == {"no-family-centre"}  # no other organiser has a model in the graph


def test_connected_components(network):
    integration = network.components("integration").records()
    assert integration[0]["size"] == 4  # the sote-centre and its three partners
    assert integration[0]["kinds"] == "partner 3, sote-centre 1"
    assert sum(row["size"] for row in integration) == network.graph.number_of_nodes()
    structural = network.components("all").records()
    areas = [row for row in structural if "collaborative-area 1" in row["kinds"]]
    assert len(areas) == 5  # one component per collaborative area, each holding its organisers and centres
    south = next(row for row in areas if "Päijät-Hämeen perhekeskus (verkosto)" in row["members"].split("; "))
    assert "organiser 8" in south["kinds"] and "ot-centre 1" in south["kinds"]
    with pytest.raises(UserError, match="unknown scope"):
        network.components("everything")


def test_region_part_of_the_network(network):
    part = network.region("09")
    labels = {part.label(node) for node in part.graph}
    assert {
        "Päijät-Hämeen hyvinvointialue",
        "Etelä-Suomen OT-keskushanke",
        "Helsingin yliopistollinen sairaala",
    } <= labels
    assert "Kela" not in labels and "Lapin hyvinvointialue" not in labels
    assert Counter(part.kind(node) for node in part.graph)["partner"] == 4
    with pytest.raises(NotFoundError, match="'99'"):
        network.region("99")


def test_exports_round_trip(network):
    graph = nx.read_graphml(io.BytesIO(network.graphml().encode("utf-8")))
    assert graph.number_of_nodes() == network.graph.number_of_nodes()
    assert graph.number_of_edges() == network.graph.number_of_edges()
    assert graph.nodes[SOTE_09]["kind"] == "sote-centre"
    node_link = json.loads(network.node_link_text())
    assert len(node_link["nodes"]) == network.graph.number_of_nodes()
    referral = [e for e in node_link["edges"] if e["link_type"] == "referral"]
    assert [(e["source"], e["target"]) for e in referral] == [
        (SOTE_09, f"{ID}partner/09-erikoissairaanhoito")
    ]


def test_report_by_name(network):
    assert network.report("chain-gaps").columns[-1] == "status"
    with pytest.raises(UserError, match="needs a partner type"):
        network.report("gaps")
    with pytest.raises(NotFoundError, match="reports: partners, gaps"):
        network.report("centrality")


def test_a_modelled_chain_is_found_through_integration_links():
    """A family centre that consults a partner which refers on to the OT-centre: the modelled chain has two
    hops and passes the partner; the structural chain is still three hops."""
    nodes = ResultTable(
        ("node", "kind", "label", "organiser_code", "partner_type"),
        (
            ("urn:o", "organiser", "O", "01", None),
            ("urn:area", "collaborative-area", "Area", None, None),
            ("urn:fc", "family-centre", "FC", "01", None),
            ("urn:p", "partner", "P", None, "education"),
            ("urn:ot", "ot-centre", "OT", None, None),
        ),
    )
    edges = ResultTable(
        ("source", "target", "kind", "link_type", "partner_type", "link"),
        (
            ("urn:fc", "urn:o", "organiser", None, None, None),
            ("urn:o", "urn:area", "collaborative-area", None, None, None),
            ("urn:ot", "urn:area", "serves-area", None, None, None),
            ("urn:fc", "urn:p", "integration-link", "consultation", "education", "urn:l1"),
            ("urn:p", "urn:ot", "integration-link", "referral", "ot-centre", "urn:l2"),
        ),
    )
    built = IntegrationNetwork.from_tables(nodes, edges)
    chain = built.chains().records()[0]
    assert chain["modelled_chain"] == "FC → P → OT" and chain["modelled_hops"] == 2
    assert chain["structural_chain"] == "FC → O → Area → OT"
    assert built.chain_gaps().column("status") == ["modelled-chain"]
    assert built.partners().records()[0]["betweenness"] > 0  # P lies on the only FC–OT path
