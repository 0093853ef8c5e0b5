"""``sotekg plot``: pictures for reports, as SVG or PNG.

    sotekg plot coverage --output coverage.svg                     the coverage matrix as a heatmap
    sotekg plot coverage --service-set family-centre-universal --lang en --output fc.png
    sotekg plot network --region 09 --output 09.svg                one organiser's integration network
    sotekg plot map --measure stations --year 2013 --output map.png the county map (coverage, stations, status)

The format follows the output file's extension (``--format`` overrides it). See sotekg.analysis.plots.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..analysis import PICTURE_FORMATS, plots
from ..analysis.run import coverage_picture, map_picture, network_picture, query_library
from ..errors import UserError
from .query import add_store_arguments, open_store_from, write_output

DEFAULT_SERVICE_SET = "sote-centre-minimum"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plot",
        help="draw the coverage matrix or an organiser's integration network as SVG or PNG",
        description="Draw a picture from the graph: 'coverage' (organisers × services heatmap) or 'network' "
        "(one organiser's integration network, needs --region).",
    )
    parser.add_argument("picture", choices=("coverage", "network", "map"), help="which picture")
    parser.add_argument(
        "--measure", choices=("coverage", "stations", "status"), default="coverage", help="what the map shows"
    )
    parser.add_argument("--year", type=int, help="year of the stations map (default: the register's last)")
    parser.add_argument("--region", help="organiser code for the network picture, e.g. 09")
    parser.add_argument(
        "--service-set",
        default=DEFAULT_SERVICE_SET,
        help=f"service set of the coverage matrix (default {DEFAULT_SERVICE_SET})",
    )
    parser.add_argument("--lang", choices=plots.LANGUAGES, default="fi", help="label language (default fi)")
    parser.add_argument(
        "--format", choices=tuple(PICTURE_FORMATS), help="svg or png (default: from --output, else svg)"
    )
    parser.add_argument("--output", type=Path, help="write to this file instead of standard output")
    add_store_arguments(parser)
    parser.set_defaults(func=run)


def picture_format(fmt: str | None, output: Path | None) -> str:
    """``--format``, else the output file's extension, else svg."""
    if fmt:
        return fmt
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in PICTURE_FORMATS else "svg"


def _region_services(store, settings) -> dict:
    """The ``/regions/{code}/services`` documents, built as the API's lookup index builds them."""
    from ..index import build_index  # deferred: only the coverage map needs it

    return build_index(store, query_library(settings), {}, 0).documents.region_services


def run(args: argparse.Namespace) -> int:
    fmt = picture_format(args.format, args.output)
    if args.picture == "network" and not args.region:
        raise UserError("the network picture needs --region CODE (e.g. --region 09)")
    settings, store = open_store_from(args)
    try:
        if args.picture == "coverage":
            picture = coverage_picture(store, settings, args.service_set, fmt, args.lang)
        elif args.picture == "map":
            picture = map_picture(
                store,
                settings,
                args.measure,
                fmt,
                args.lang,
                region_services=_region_services(store, settings) if args.measure == "coverage" else None,
                service_set=args.service_set,
                year=args.year,
            )
        else:
            picture = network_picture(store, settings, args.region, fmt, args.lang)
    finally:
        store.close()
    write_output(picture, args.output)
    return 0
