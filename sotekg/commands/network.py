"""``sotekg network``: reports on the integration network of centres, organisers and partners (networkx).

    sotekg network partners                      partners by links, degree and betweenness centrality
    sotekg network gaps --partner-type kela      centres with no link of their own to a Kela partner
    sotekg network chains                        family centre → OT-centre chains (modelled and structural)
    sotekg network chain-gaps                    organisers and whether any chain exists
    sotekg network components [--scope all]      connected components
    sotekg network export --format graphml       the graph for Gephi / Cytoscape (or node-link JSON)

``--region CODE`` narrows any report to one organiser's part of the network. See sotekg.analysis.network.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..analysis.network import REPORTS
from ..analysis.run import load_network, partner_type_codes
from ..errors import UserError
from ..tabular import FORMATS, render
from .query import add_store_arguments, open_store_from, write_output

EXPORT_FORMATS = ("graphml", "node-link")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "network",
        help="integration-network reports: partner centrality, gaps, OT-centre chains, components, export",
        description="Analyse the graph of centres, organisers and partners built from integration links "
        "(recorded in the data) and structural edges (centre → organiser → collaborative area → OT-centre).",
    )
    parser.add_argument("report", choices=REPORTS + ("export",), help="which report (or export the graph)")
    parser.add_argument("--partner-type", help="partner type code for the gaps report, e.g. kela, education")
    parser.add_argument(
        "--scope",
        choices=("integration", "all"),
        default="integration",
        help="components: integration links only (default) or all edges",
    )
    parser.add_argument(
        "--region", help="only this organiser's part of the network (two-digit code, e.g. 09)"
    )
    parser.add_argument(
        "--format",
        choices=FORMATS + EXPORT_FORMATS,
        default=None,
        help="table|csv|tsv|json|ndjson for reports (default table); graphml|node-link for export (default graphml)",
    )
    parser.add_argument("--output", help="write to this file instead of standard output")
    add_store_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    output = Path(args.output) if args.output else None
    settings, store = open_store_from(args)
    try:
        network = load_network(store, settings)
        known_types = partner_type_codes(store, settings) if args.report == "gaps" else None
    finally:
        store.close()
    if args.region:
        network = network.region(args.region)
    if args.report == "export":
        fmt = args.format or "graphml"
        if fmt not in EXPORT_FORMATS:
            raise UserError(f"export writes {' or '.join(EXPORT_FORMATS)}, not {fmt}")
        write_output(network.graphml() if fmt == "graphml" else network.node_link_text(), output)
        return 0
    fmt = args.format or "table"
    if fmt not in FORMATS:
        raise UserError(f"reports are written as {', '.join(FORMATS)}; use 'export' for {fmt}")
    table = network.report(
        args.report, partner_type=args.partner_type, scope=args.scope, known_types=known_types
    )
    write_output(render(table, fmt), output)
    return 0
