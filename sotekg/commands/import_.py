"""``sotekg import ptv``: import service locations from the Finnish Service Catalogue (PTV) into one named graph
per county (``graph/ptv/{county}``), with a report of what was imported, skipped and left unmapped.
``sotekg import stations FILE.xlsx``: import the health-station register 2013–2019 into ``graph/stations/register``
(``--output DIR`` writes ``DIR/register.ttl``), with the report of every municipality it reconciled
(docs/stations.md).

Input: PTV open-API JSON files or folders (v8–v11: records, paged envelopes, lists), or ``--from-api --area
Municipality:905`` (or ``--area Country``) to harvest an area from the live v11 API first (concurrent, paced,
retried, resumable from its checkpoint, ``--since`` for changes); the harvest's date and whether it is complete
are recorded as the source of what it imported.
Output: ``--output DIR`` (Turtle files ``DIR/{county}.ttl``), ``--store-dir DIR`` or ``--endpoint URL`` (the
named graphs of a store); with none of them, a dry run that only reports. Records are merged with what the target
holds — a record replaces the held one only when it is newer — unless ``--replace`` rebuilds the county graphs.
The result is validated against the shapes first; if it does not conform nothing is written. ``--strict`` fails
on any unmapped item. Mapping tables: mappings/ptv/ (see its README).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from ..errors import UserError
from ..ptv.client import COUNTRY, PtvHarvester, complete_for, harvest_areas
from ..ptv.mapping import MappingTables, read_csv, read_municipality_counties
from ..ptv.reader import PtvInput
from ..ptv.source import declared_recording, harvest
from ..ptv.targets import FolderTarget, StoreTarget, held_graphs, import_into
from ..publish import Catalogue
from ..settings import Settings, StoreKind, get_settings
from ..stations.importer import StationInputs, import_register
from ..stations.links import add_links, station_ptv_pairs
from ..stations.listing import import_list
from ..stations.register import read_register
from ..stations.targets import LIST_GRAPHS, REGISTER_GRAPHS, import_graph, station_target
from ..store import open_store
from ..validation import Validator


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import service locations from PTV, or the health-station register",
        description=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument(
        "source",
        choices=["ptv", "stations", "station-list"],
        help="what to import from (ptv, stations, station-list)",
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="PTV JSON files or folders; the register's xlsx"
    )
    api = parser.add_argument_group("live API")
    api.add_argument("--from-api", action="store_true", help="download from the live PTV v11 API first")
    api.add_argument(
        "--area",
        metavar="TYPE:CODE",
        help="area to harvest, e.g. Municipality:905 or WellbeingServiceCounty:17; "
        "Country: every municipality",
    )
    api.add_argument("--since", metavar="TIME", help="only channels changed since this ISO date/time")
    api.add_argument(
        "--download-dir",
        metavar="DIR",
        type=Path,
        help="folder for the responses and the checkpoint (default ptv-download/TYPE-CODE)",
    )
    api.add_argument(
        "--concurrency",
        metavar="N",
        type=int,
        help="requests in flight at once (default: settings.ptv_concurrency)",
    )
    api.add_argument("--api-base", metavar="URL", help="PTV API base URL (default: settings.ptv_api_base)")
    api.add_argument(
        "--interval",
        metavar="SECONDS",
        type=float,
        help="pause between requests (default: settings.ptv_request_interval_s)",
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--output", metavar="DIR", type=Path, help="write DIR/{county}.ttl (ptv), DIR/register.ttl (stations)"
    )
    target.add_argument("--store-dir", metavar="DIR", type=Path, help="a persistent embedded store")
    target.add_argument("--endpoint", metavar="URL", help="SPARQL 1.1 query endpoint of a remote store")
    parser.add_argument(
        "--update-endpoint", metavar="URL", help="SPARQL 1.1 update endpoint of the remote store"
    )
    parser.add_argument("--replace", action="store_true", help="rebuild the imported counties' graphs")
    parser.add_argument(
        "--imported-at",
        metavar="TIME",
        help="the import time recorded on the stations' facts (import stations; default: now, UTC)",
    )
    parser.add_argument("--strict", action="store_true", help="fail, writing nothing, on any unmapped item")
    parser.add_argument("--report-json", metavar="FILE", type=Path, help="also write the report as JSON")
    parser.add_argument("--lang", choices=["fi", "en"], default="en", help="language of a shapes report")
    parser.set_defaults(func=run)


def _time(text: str, option: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} {text!r} is not an ISO 8601 date or time") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _input(args: argparse.Namespace, settings: Settings, counties: dict[str, str]):
    """The input to import and its source: files (a recording), or a harvest of the live API first."""
    paths = list(args.paths)
    if not args.from_api:
        if args.area or args.since:
            raise UserError("--area and --since go with --from-api")
        if not paths:
            raise UserError("give PTV JSON files or folders, or --from-api --area TYPE:CODE")
        return PtvInput(paths), declared_recording(paths)
    if not args.area:
        raise UserError(f"--from-api needs --area {COUNTRY} or --area TYPE:CODE")
    areas = harvest_areas(args.area, counties)
    since = _time(args.since, "--since") if args.since else None
    folder = args.download_dir or Path("ptv-download") / args.area.replace(":", "-")
    harvester = PtvHarvester(
        args.api_base or settings.ptv_api_base,
        folder,
        interval_s=settings.ptv_request_interval_s if args.interval is None else args.interval,
        concurrency=args.concurrency or settings.ptv_concurrency,
        max_attempts=settings.ptv_max_attempts,
        timeout_s=settings.ptv_timeout_s,
        backoff_s=settings.ptv_backoff_s,
    )
    try:
        state = harvester.harvest(areas, since, datetime.now(UTC).date())
    finally:
        harvester.close()
    print(state.summary())
    organisers = {  # the 22 service organisers; Åland (91) organises its services otherwise
        row["code"]
        for row in read_csv(settings.data_dir / "sources" / "wellbeing_services_counties.csv")
        if row["kind"] in ("wellbeing_services_county", "city_of_helsinki")
    }
    complete = complete_for(areas, counties, organisers) if state.complete and since is None else set()
    source = harvest(args.area, date.fromisoformat(state.started), complete, since=state.since)
    return PtvInput([*paths, folder]), source


def _open_target_store(args: argparse.Namespace, settings: Settings):
    """The store of ``--endpoint`` or ``--store-dir``, or None."""
    if not (args.endpoint or args.store_dir):
        return None
    overrides = (
        {"store": StoreKind.remote, "endpoint": args.endpoint, "update_endpoint": args.update_endpoint}
        if args.endpoint
        else {"store": StoreKind.embedded, "store_dir": args.store_dir}
    )
    return open_store(settings.model_copy(update=overrides))


def _followed(store) -> Catalogue | None:
    """For a persistent embedded store, the catalogue its writes go through, so that the lookup index saved beside
    it follows the import (``Catalogue.replace_graphs``) and the next start reads it; None otherwise (a remote
    store's server builds its index when it starts: decision 0006)."""
    if store is None or store.generation() is None:
        return None
    return Catalogue(store, store.settings)


def _import_time(args: argparse.Namespace) -> datetime:
    if args.imported_at:
        return _time(args.imported_at, "--imported-at")
    return datetime.now(UTC).replace(microsecond=0)


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    if args.update_endpoint and not args.endpoint:
        raise UserError("--update-endpoint goes with --endpoint")
    if args.source == "stations":
        return run_stations(args, settings)
    if args.source == "station-list":
        return run_station_list(args, settings)
    if args.imported_at:
        raise UserError("--imported-at goes with 'import stations' (a PTV fact carries its record's date)")
    counties = read_municipality_counties(settings.data_dir / "sources" / "municipalities_2022.csv")
    records, source = _input(args, settings, counties)
    tables = MappingTables.load(settings.root / "mappings" / "ptv")
    store = _open_target_store(args, settings)
    try:
        if store is not None:
            target: StoreTarget | FolderTarget | None = StoreTarget(store, catalogue=_followed(store))
        else:
            target = FolderTarget(args.output) if args.output else None
        outcome = import_into(
            records,
            tables,
            counties,
            source,
            target,
            Validator.from_settings(settings),
            replace=args.replace,
            strict=args.strict,
        )
    finally:
        if store is not None:
            store.close()
    return _finish(args, outcome.result.report, outcome.merge, outcome.validation, target, outcome.written)


def _finish(args, report, merge, validation, target, written: list[str]) -> int:
    """Print the report, the merge and what was written (or the shapes report, refusing)."""
    print(report.text())
    if args.report_json:
        args.report_json.write_text(
            json.dumps(report.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8"
        )
    if merge is not None:
        print(merge.text())
    if validation is not None and not validation.conforms:
        print(validation.to_text(args.lang), file=sys.stderr, end="")
        raise UserError("the import does not conform to the shapes: nothing written", code=1)
    if target is None:
        print("Dry run: no --output, --store-dir or --endpoint, nothing written")
    elif not written:
        print("Nothing changed: the target already holds these records")
    for item in written:
        print(f"Wrote {item}")
    return 0


def _ptv_graphs(store, settings: Settings) -> list:
    """The PTV graphs the stations are linked with: the target store's ``graph/ptv/*``, else ``data/ptv/``."""
    target = StoreTarget(store) if store is not None else FolderTarget(settings.data_dir / "ptv")
    return list(held_graphs(target).values())


def _one_file(args: argparse.Namespace, what: str) -> Path:
    if args.from_api or args.area or args.since or args.strict:
        raise UserError("--from-api, --area, --since and --strict go with 'import ptv'")
    if len(args.paths) != 1 or not args.paths[0].is_file():
        raise UserError(f"give {what}: sotekg import {args.source} FILE")
    return args.paths[0]


def run_station_list(args: argparse.Namespace, settings: Settings) -> int:
    """``sotekg import station-list FILE.csv``: the 2024 list into ``graph/stations/list-2024``, compared with
    the register's 2019 stations (the target's register graph, else the shipped one). The list is a snapshot:
    its graph is always rebuilt whole."""
    path = _one_file(args, "the list's CSV file")
    inputs = StationInputs.load(settings)
    store = _open_target_store(args, settings)
    try:
        held = station_target(REGISTER_GRAPHS, store, args.output)
        shipped = FolderTarget(settings.data_dir / "stations", REGISTER_GRAPHS)
        register = (held_graphs(held) if held else {}).get("register") or held_graphs(shipped).get("register")
        if register is None:
            raise UserError("no register graph to compare with: import the stations first")
        graph, report = import_list(
            path, settings.data_dir / "sources" / "municipalities_2022.csv", register, inputs.sources
        )
        target = station_target(LIST_GRAPHS, store, args.output, _followed(store))
        merge, validation, written = import_graph(
            graph, LIST_GRAPHS, target, Validator.from_settings(settings), replace=True
        )
    finally:
        if store is not None:
            store.close()
    return _finish(args, report, merge, validation, target, written)


def run_stations(args: argparse.Namespace, settings: Settings) -> int:
    """``sotekg import stations FILE.xlsx``: the register into ``graph/stations/register``."""
    path = _one_file(args, "the register's xlsx file")
    inputs = StationInputs.load(settings)
    graph, report = import_register(
        read_register(path),
        inputs.places,
        inputs.forms,
        inputs.geocodes,
        inputs.sources,
        _import_time(args),
    )
    store = _open_target_store(args, settings)
    try:
        pairs, unlinked = station_ptv_pairs(graph, _ptv_graphs(store, settings))
        add_links(graph, pairs)
        report.ptv_pairs, report.ptv_unlinked = pairs, unlinked
        target = station_target(REGISTER_GRAPHS, store, args.output, _followed(store))
        merge, validation, written = import_graph(
            graph, REGISTER_GRAPHS, target, Validator.from_settings(settings), replace=args.replace
        )
    finally:
        if store is not None:
            store.close()
    return _finish(args, report, merge, validation, target, written)
