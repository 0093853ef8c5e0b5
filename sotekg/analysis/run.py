"""The store-facing entry points of analysis: named query → table, store → network, store → picture.

``sotekg query``, ``sotekg network``, ``sotekg plot`` and the API's ``/queries``, ``/network`` and ``/plots``
routes all come through here. Parameters are bound by ``NamedQuery.bind`` as RDF terms and handed to the store
as substitutions, never pasted into the query text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import UserError
from ..queries import NamedQuery, QueryLibrary
from ..settings import Settings
from ..store.base import Store
from ..store.results import SelectResult
from ..tabular import ResultTable
from . import plots
from .network import IntegrationNetwork

NETWORK_MAX_ROWS = 1_000_000  # nodes or edges; N = 1,000 synthetic centres per region make 33 k edges


@lru_cache(maxsize=4)
def _library(folder: Path) -> QueryLibrary:
    return QueryLibrary(folder)


def query_library(settings: Settings) -> QueryLibrary:
    """The named queries under the project's ``queries/`` folder (read once per folder)."""
    return _library(settings.queries_dir)


def run_query(
    store: Store, query: NamedQuery, values: dict[str, str] | None = None, max_rows: int | None = None
) -> ResultTable:
    """Answer one named (or ad-hoc) query with parameter values given by public name.

    A SELECT gives its rows, GROUP_CONCAT lists in sorted order (``ResultTable.with_sorted_lists``); an ASK
    gives one row with column ``ask``. ParameterError names a missing or bad parameter; other query forms are
    a UserError. ``max_rows``: the row cap (default: the settings').
    """
    result = store.query(query.text, substitutions=query.bind(values or {}), max_rows=max_rows)
    if isinstance(result, bool):
        return ResultTable(("ask",), ((result,),))
    if not isinstance(result, SelectResult):
        raise UserError(
            f"query '{query.name}' is not a SELECT or ASK query; run CONSTRUCT and DESCRIBE at /sparql"
        )
    return ResultTable.from_select(result).with_sorted_lists(query.lists)


def run_named(
    store: Store,
    settings: Settings,
    name: str,
    values: dict[str, str] | None = None,
    max_rows: int | None = None,
) -> ResultTable:
    """Answer the named query ``name`` (e.g. ``analytics/coverage-matrix``); NotFoundError if there is none."""
    return run_query(store, query_library(settings).get(name), values, max_rows)


def load_network(store: Store, settings: Settings) -> IntegrationNetwork:
    """The integration network as the store holds it now: every node and edge (up to ``NETWORK_MAX_ROWS``
    each), however many rows a request's query may give — a report needs the whole network."""
    return IntegrationNetwork.from_tables(
        run_named(store, settings, "analytics/network-nodes", max_rows=NETWORK_MAX_ROWS),
        run_named(store, settings, "analytics/network-edges", max_rows=NETWORK_MAX_ROWS),
    )


def partner_type_codes(store: Store, settings: Settings) -> list[str]:
    """The codes of the partner-type code list, to check a ``--partner-type`` value against."""
    codes = run_named(store, settings, "analytics/code-lists").records()
    return sorted(str(row["code"]) for row in codes if row["scheme"] == "partner-type")


def coverage_picture(store: Store, settings: Settings, service_set: str, fmt: str, lang: str) -> bytes:
    """The coverage heatmap of one service set (``sotekg plot coverage``, ``GET /plots/coverage.{fmt}``)."""
    plots.check_options(fmt, lang)
    coverage = run_named(store, settings, "analytics/coverage-matrix", {"service_set": service_set})
    if not coverage.rows:
        raise UserError(f"unknown service set '{service_set}' (see sotekg query analytics/code-lists)")
    return plots.coverage_heatmap(coverage, run_named(store, settings, "analytics/labels"), fmt, lang)


def network_picture(store: Store, settings: Settings, region: str, fmt: str, lang: str) -> bytes:
    """One organiser's integration network (``sotekg plot network``, ``GET /plots/network/{code}.{fmt}``)."""
    plots.check_options(fmt, lang)
    network = load_network(store, settings)
    return plots.network_picture(
        network, region, run_named(store, settings, "analytics/code-lists"), fmt, lang
    )


def map_picture(
    store: Store,
    settings: Settings,
    measure: str,
    fmt: str,
    lang: str,
    *,
    region_services: dict | None = None,
    service_set: str | None = None,
    year: int | None = None,
) -> bytes:
    """The county map (``sotekg plot map``, ``GET /plots/map.{fmt}``). For ``coverage``, ``region_services``
    are the lookup documents of ``GET /regions/{code}/services`` by organiser code."""
    from . import county_map  # deferred, as plots

    plots.check_options(fmt, lang)
    if measure == "coverage":
        if region_services is None:
            raise UserError("the coverage map needs the lookup documents of /regions/{code}/services")
        colouring = county_map.coverage_colouring(
            county_map.coverage_shares(region_services, service_set), service_set or "", lang
        )
    elif measure == "stations":
        by_year = run_named(store, settings, "analytics/health-stations-by-year")
        colouring = county_map.stations_colouring(by_year, year, lang)
    elif measure == "status":
        colouring = county_map.status_colouring(
            run_named(store, settings, "analytics/sote-centre-status"), lang
        )
    else:
        raise UserError(f"unknown measure '{measure}' (choose one of: {', '.join(county_map.MEASURES)})")
    boundaries = county_map.read_boundaries(
        settings.data_dir / "geo" / "wellbeing-services-counties-2026-4500k.geojson"
    )
    return county_map.county_map(boundaries, colouring, fmt, lang)
