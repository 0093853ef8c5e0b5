"""Pictures: the coverage matrix as a heatmap and one organiser's integration network, as SVG or PNG.

Drawn with matplotlib's object API on the Agg canvas (no display, no pyplot state: safe in the API) from query results: ``analytics/coverage-matrix`` and
``analytics/labels`` for the heatmap, ``sotekg.analysis.network`` for the network. Labels are Finnish by
default (``lang="en"`` for English), colours come from the Okabe–Ito colour-blind-safe palette, every picture
has a legend, and the output is byte-for-byte repeatable (fixed SVG ids, no timestamps).
Used by ``sotekg plot`` and the API's ``/plots`` routes.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

import matplotlib
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..coverage import STATES
from ..errors import UserError
from ..tabular import ResultTable
from . import PICTURE_FORMATS
from .network import INTEGRATION, IntegrationNetwork

DPI = 100
LAYOUT_SEED = 7  # a fixed seed: the same network always gets the same picture
LANGUAGES = ("fi", "en")

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky-blue": "#56B4E9",
    "bluish-green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish-purple": "#CC79A7",
    "grey": "#BBBBBB",
}
# The coverage states (sotekg.coverage.STATES), each with a colour and a symbol, so they differ without colour too;
# their names come from the coverage-state code list (analytics/labels).
STATUS_ORDER = STATES
STATUS_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["yellow"], "#E8E8E8")
STATUS_SYMBOLS = ("✓", "✗", "–", "?")

TEXT = {
    "fi": {
        "coverage-title": "Palvelujen kattavuus järjestäjittäin: {service_set}",
        "organiser-axis": "järjestäjä",
        "service-axis": "palvelu",
        "network-title": "Integraatioverkosto: {organiser}",
        "integration-edge": "integraatiolinkki (aineistosta)",
        "structural-edge": "rakenteellinen yhteys",
        "organiser": "järjestäjä",
        "collaborative-area": "yhteistyöalue",
        "university-hospital": "yliopistollinen sairaala",
        "sote-centre": "sote-keskus",
        "family-centre": "perhekeskus",
        "ot-centre": "OT-keskus",
        "meeting-place": "kohtaamispaikka",
        "service-location": "palvelupiste",
        "partner": "kumppani",
        "other": "muu",
    },
    "en": {
        "coverage-title": "Service coverage by organiser: {service_set}",
        "organiser-axis": "organiser",
        "service-axis": "service",
        "network-title": "Integration network: {organiser}",
        "integration-edge": "integration link (from the data)",
        "structural-edge": "structural edge",
        "organiser": "organiser",
        "collaborative-area": "collaborative area",
        "university-hospital": "university hospital",
        "sote-centre": "sote-centre",
        "family-centre": "family centre",
        "ot-centre": "OT-centre",
        "meeting-place": "meeting place",
        "service-location": "service location",
        "partner": "partner",
        "other": "other",
    },
}
NODE_COLOURS = {
    "organiser": OKABE_ITO["blue"],
    "collaborative-area": OKABE_ITO["grey"],
    "university-hospital": OKABE_ITO["reddish-purple"],
    "sote-centre": OKABE_ITO["orange"],
    "family-centre": OKABE_ITO["yellow"],
    "ot-centre": OKABE_ITO["vermillion"],
    "meeting-place": OKABE_ITO["yellow"],
    "service-location": OKABE_ITO["orange"],
    "partner": OKABE_ITO["bluish-green"],
    "other": OKABE_ITO["sky-blue"],
}
STYLE: dict[Any, Any] = {
    "svg.hashsalt": "sotekg",  # fixed element ids: the same picture gives the same bytes
    "svg.fonttype": "none",  # text stays text: searchable, and testable
    "font.family": "DejaVu Sans",
    "font.size": 9,
}


def check_options(fmt: str, lang: str) -> None:
    """UserError naming the choices for an unknown picture format or language."""
    if fmt not in PICTURE_FORMATS:
        raise UserError(f"unknown picture format '{fmt}' (choose one of: {', '.join(PICTURE_FORMATS)})")
    if lang not in LANGUAGES:
        raise UserError(f"unknown language '{lang}' (choose one of: {', '.join(LANGUAGES)})")


def coverage_heatmap(coverage: ResultTable, labels: ResultTable, fmt: str = "svg", lang: str = "fi") -> bytes:
    """The coverage matrix (rows of ``analytics/coverage-matrix`` for one service set) as a heatmap:
    organisers down, services across, one colour per status, with a legend."""
    check_options(fmt, lang)
    records = coverage.records()
    if not records:
        raise UserError("the coverage matrix is empty: is the service set known?")
    names = _label_lookup(labels, lang)
    organisers = sorted({str(r["organiser_code"]) for r in records})
    services = sorted(
        {str(r["service_code"]) for r in records}, key=lambda s: names.get(("service-type", s), s)
    )
    status = {
        (str(r["organiser_code"]), str(r["service_code"])): STATUS_ORDER.index(str(r["status"]))
        for r in records
    }
    matrix = [[status.get((o, s), STATUS_ORDER.index("unknown")) for s in services] for o in organisers]
    service_set = ", ".join(sorted({names.get(("service-set", str(r["_service_set"])), "") for r in records}))
    text = TEXT[lang]
    with matplotlib.rc_context(STYLE):
        figure = _figure(4.5 + 0.45 * len(services), 3.2 + 0.3 * len(organisers))
        axes = figure.subplots()
        axes.imshow(
            matrix, cmap=ListedColormap(STATUS_COLOURS), vmin=0, vmax=len(STATUS_ORDER) - 1, aspect="auto"
        )
        for y, row in enumerate(matrix):
            for x, state in enumerate(row):
                colour = (
                    "white" if state < 2 else "#222222"
                )  # on blue and vermillion, dark on yellow and grey
                axes.text(x, y, STATUS_SYMBOLS[state], ha="center", va="center", fontsize=9, color=colour)
        axes.set_xticks(range(len(services)))
        axes.set_xticklabels(
            [textwrap.fill(names.get(("service-type", s), s), 28, break_on_hyphens=False) for s in services],
            rotation=50,
            ha="right",
            rotation_mode="anchor",
            fontsize=8,
        )
        axes.set_yticks(range(len(organisers)))
        axes.set_yticklabels([f"{o} {names.get(('organiser', o), o)}" for o in organisers])
        axes.vlines(
            [x - 0.5 for x in range(1, len(services))],
            -0.5,
            len(organisers) - 0.5,
            color="white",
            linewidth=1.2,
        )
        axes.hlines(
            [y - 0.5 for y in range(1, len(organisers))],
            -0.5,
            len(services) - 0.5,
            color="white",
            linewidth=1.2,
        )
        axes.set_xlabel(text["service-axis"])
        axes.set_ylabel(text["organiser-axis"])
        axes.set_title(text["coverage-title"].format(service_set=service_set), loc="left", fontsize=11)
        handles = [
            Patch(
                facecolor=colour,
                edgecolor="#555555",
                label=f"{symbol} {names.get(('coverage-state', name), name)}",
            )
            for name, colour, symbol in zip(STATUS_ORDER, STATUS_COLOURS, STATUS_SYMBOLS, strict=True)
        ]
        figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False)
        return _save(figure, fmt)


def network_picture(
    network: IntegrationNetwork, organiser_code: str, codes: ResultTable, fmt: str = "svg", lang: str = "fi"
) -> bytes:
    """One organiser's part of the integration network (``IntegrationNetwork.region``): nodes coloured by
    kind, recorded integration links as solid arrows labelled with their link type (from ``codes``, the rows
    of ``analytics/code-lists``), structural edges dashed."""
    check_options(fmt, lang)
    part = network.region(organiser_code)
    graph = part.graph
    text = TEXT[lang]
    link_labels = {
        str(row["code"]): str(row[f"label_{lang}"] or row["label_fi"] or row["code"])
        for row in codes.records()
        if row["scheme"] == "link-type"
    }
    nodes = sorted(graph)
    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(nodes)
    layout_graph.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in graph.edges()))
    positions = nx.spring_layout(
        layout_graph, seed=LAYOUT_SEED, k=2.2 / max(1, len(nodes)) ** 0.5, iterations=200
    )
    organiser = next(n for n in nodes if part.kind(n) == "organiser")
    integration = sorted({(u, v) for u, v, kind in graph.edges(data="kind") if kind == INTEGRATION})
    structural = sorted({(u, v) for u, v, kind in graph.edges(data="kind") if kind != INTEGRATION})
    edge_labels: dict[tuple[str, str], str] = {}
    for u, v, data in sorted(
        graph.edges(data=True), key=lambda edge: (edge[0], edge[1], edge[2]["link_type"])
    ):
        if data["kind"] == INTEGRATION and data["link_type"]:
            label = link_labels.get(data["link_type"], data["link_type"])
            edge_labels[(u, v)] = f"{edge_labels[(u, v)]}, {label}" if (u, v) in edge_labels else label
    drawing = nx.DiGraph()
    drawing.add_nodes_from(nodes)
    drawing.add_edges_from(integration + structural)
    with matplotlib.rc_context(STYLE):
        figure = _figure(11, 8)
        axes = figure.subplots()
        nx.draw_networkx_edges(
            drawing,
            positions,
            edgelist=structural,
            ax=axes,
            arrows=False,
            width=1.0,
            style="dashed",
            edge_color="#999999",
        )
        nx.draw_networkx_edges(
            drawing,
            positions,
            edgelist=integration,
            ax=axes,
            arrows=True,
            arrowstyle="-|>",
            arrowsize=14,
            width=2.0,
            edge_color="#333333",
            node_size=900,
        )
        nx.draw_networkx_edge_labels(
            drawing,
            positions,
            edge_labels=edge_labels,
            ax=axes,
            font_size=7.5,
            rotate=False,
            bbox={"boxstyle": "round", "fc": "white", "ec": "none"},
        )
        nx.draw_networkx_nodes(
            drawing,
            positions,
            nodelist=nodes,
            ax=axes,
            node_size=900,
            edgecolors="#333333",
            node_color=[NODE_COLOURS.get(part.kind(n), NODE_COLOURS["other"]) for n in nodes],
        )
        for node in nodes:
            axes.annotate(
                textwrap.fill(part.label(node), 26, break_on_hyphens=False),
                positions[node],
                xytext=(0, -20),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=8,
            )
        kinds = sorted({part.kind(n) for n in nodes}, key=list(NODE_COLOURS).index)
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=10,
                markerfacecolor=NODE_COLOURS[kind],
                markeredgecolor="#333333",
                label=text[kind],
            )
            for kind in kinds
        ]
        handles += [
            Line2D([], [], color="#333333", linewidth=2.0, label=text["integration-edge"]),
            Line2D([], [], color="#999999", linewidth=1.0, linestyle="dashed", label=text["structural-edge"]),
        ]
        figure.legend(handles=handles, loc="outside right upper", frameon=False)
        axes.set_title(text["network-title"].format(organiser=part.label(organiser)), loc="left", fontsize=11)
        axes.margins(0.15)
        axes.set_axis_off()
        return _save(figure, fmt)


def _label_lookup(labels: ResultTable, lang: str) -> dict[tuple[str, str], str]:
    """(kind, code) → label in ``lang``, falling back to Finnish (``analytics/labels`` rows)."""
    lookup: dict[tuple[str, str], str] = {}
    for preferred in ("fi", lang):  # the wanted language last, so it wins
        for row in labels.records():
            if row["lang"] == preferred:
                lookup[(str(row["kind"]), str(row["code"]))] = str(row["label"])
    return lookup


def _figure(width: float, height: float) -> Figure:
    """A figure on the Agg canvas, sized in inches, laid out so labels and the legend fit."""
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _save(figure: Figure, fmt: str) -> bytes:
    """The figure's bytes; SVG without a date and PNG without a software stamp, so output repeats exactly."""
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    figure.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    return buffer.getvalue()
