"""``sotekg serve``: run the HTTP API (api/) with uvicorn on the embedded store or a remote endpoint."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..settings import StoreKind, get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="serve the JSON API, /sparql and the web page")
    parser.add_argument("--host", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default 8000)")
    parser.add_argument("--endpoint", help="remote SPARQL 1.1 query endpoint instead of the embedded store")
    parser.add_argument("--store-dir", type=Path, help="folder of a persistent embedded store")
    parser.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    overrides: dict = {}
    if args.host:
        overrides["host"] = args.host
    if args.port:
        overrides["port"] = args.port
    if args.endpoint:
        overrides["store"] = StoreKind.remote
        overrides["endpoint"] = args.endpoint
    if args.store_dir:
        overrides["store_dir"] = args.store_dir
    settings = get_settings().model_copy(update=overrides)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level=args.log_level)
    return 0
