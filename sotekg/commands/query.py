"""``sotekg query``: list and run the named queries of ``queries/`` (or an ad-hoc ``.rq`` file).

    sotekg query --list
    sotekg query analytics/coverage-matrix --param service_set=family-centre-universal --format csv
    sotekg query --file my.rq --output result.json --format json
    sotekg query analytics/sote-centre-status --endpoint http://127.0.0.1:7878/query

Runs on the embedded store by default or on ``--endpoint URL``. Also home of the store and output options the
other analyst commands (``network``, ``plot``) share.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..analysis.run import query_library, run_query
from ..errors import UserError
from ..queries import load_query
from ..settings import Settings, StoreKind, get_settings
from ..store import Store, open_store
from ..tabular import FORMATS, ResultTable, render


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "query",
        help="run a named analyst query (or an ad-hoc .rq file) and print its rows",
        description="Run a named query of queries/ (see --list) or an ad-hoc .rq file on the embedded store "
        "or a remote SPARQL endpoint.",
    )
    parser.add_argument("name", nargs="?", help="query name, e.g. analytics/coverage-matrix (see --list)")
    parser.add_argument("--list", action="store_true", help="list the named queries with their parameters")
    parser.add_argument("--file", type=Path, help="run this .rq file instead of a named query")
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="a query parameter (repeatable)"
    )
    add_output_arguments(parser, FORMATS)
    add_store_arguments(parser)
    parser.set_defaults(func=run)


def add_output_arguments(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    parser.add_argument(
        "--format", choices=formats, default=formats[0], help=f"output format (default {formats[0]})"
    )
    parser.add_argument("--output", type=Path, help="write to this file instead of standard output")


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", help="a remote SPARQL 1.1 query endpoint instead of the embedded store")


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings, with ``--endpoint`` switching to the remote store."""
    settings = get_settings()
    if getattr(args, "endpoint", None):
        settings = settings.model_copy(update={"store": StoreKind.remote, "endpoint": args.endpoint})
    return settings


def open_store_from(args: argparse.Namespace) -> tuple[Settings, Store]:
    settings = settings_from(args)
    return settings, open_store(settings)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["k=v", …]`` as a dict; UserError for an item without ``=``."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UserError(f"--param needs NAME=VALUE, got {pair!r}")
        values[name.strip()] = value
    return values


def write_output(text: str | bytes, output: Path | None) -> None:
    """Text or bytes to ``output``, or to standard output; an unwritable file is a UserError."""
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    try:
        if isinstance(text, bytes):
            output.write_bytes(text)
        else:
            output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UserError(f"cannot write {output}: {error.strerror}") from None
    print(f"wrote {output}", file=sys.stderr)


def library_table(settings: Settings) -> ResultTable:
    """The named queries as a table: name, summary and parameters (``?`` marks an optional one)."""
    rows = []
    for query in query_library(settings):
        described = query.describe()
        parameters = " ".join(
            p["name"] + ("" if p["required"] else "?") + (f"={p['default']}" if p["default"] else "")
            for p in described["parameters"]
        )
        rows.append((query.name, described["summary"], parameters))
    return ResultTable(("name", "summary", "parameters"), tuple(rows))


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if args.list:
        write_output(render(library_table(settings), args.format), args.output)
        return 0
    if bool(args.name) == bool(args.file):
        raise UserError("give a query name or --file FILE (see sotekg query --list)")
    query = load_query(args.file) if args.file else query_library(settings).get(args.name)
    values = parse_params(args.param)
    query.bind(values)  # a wrong or missing parameter fails here, before the store is opened
    store = open_store(settings)
    try:
        table = run_query(store, query, values)
    finally:
        store.close()
    write_output(render(table, args.format), args.output)
    return 0
