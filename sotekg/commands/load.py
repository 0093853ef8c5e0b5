"""``sotekg load``: fill a store with the default graphs (ontology, code lists, reference, national, regions).

``--endpoint URL`` pushes them into a remote SPARQL 1.1 store by SPARQL Update (``--update-endpoint`` if it is not
the query URL with ``query``/``sparql`` replaced by ``update``); ``--store-dir DIR`` (re)loads a persistent
embedded store. Each named graph is replaced as a whole, so running it again is safe; graphs it does not name
(a region model stored by ``PUT``) are left as they are — except a region whose file is in data/regions/, which
this command resets to the file. ``--synthetic DIR`` also loads a catalogue written by ``sotekg synth`` into its
``graph/synthetic/region/{code}`` graphs, beside the default data (for scale tests and benchmarks only). A
persistent store's lookup index is built at the end and saved beside it, so that ``sotekg serve`` starts by
reading it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..coverage import COVERAGE_GRAPH
from ..errors import UserError
from ..publish import Catalogue
from ..settings import StoreKind, get_settings
from ..store import load_default_graphs, load_graph_files, open_store
from ..synth import synthetic_graph_files


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "load",
        help="load the default graphs into a remote endpoint or a persistent embedded store",
        description=__doc__.split("\n\n", 1)[1],
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--endpoint", metavar="URL", help="SPARQL 1.1 query endpoint of a remote store")
    target.add_argument("--store-dir", metavar="DIR", type=Path, help="folder of a persistent embedded store")
    parser.add_argument(
        "--update-endpoint", metavar="URL", help="SPARQL 1.1 update endpoint of the remote store"
    )
    parser.add_argument(
        "--synthetic",
        metavar="DIR",
        type=Path,
        help="also load a synthetic catalogue written by sotekg synth",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.update_endpoint and not args.endpoint:
        raise UserError("--update-endpoint goes with --endpoint")
    if args.synthetic and not synthetic_graph_files(args.synthetic):
        raise UserError(f"--synthetic {args.synthetic}: no .ttl files of sotekg synth there")
    if args.endpoint:
        overrides = {
            "store": StoreKind.remote,
            "endpoint": args.endpoint,
            "update_endpoint": args.update_endpoint,
        }
    else:
        overrides = {"store": StoreKind.embedded, "store_dir": args.store_dir}
    settings = get_settings().model_copy(update=overrides)
    store = open_store(settings, fill_empty=False)
    try:
        loaded = load_default_graphs(store, settings)
        if args.synthetic:
            loaded += load_graph_files(store, synthetic_graph_files(args.synthetic))
        if (
            store.generation() is not None
        ):  # a persistent store: its lookup index is built and saved beside it
            Catalogue(store, settings).close()  # now, so that the next start reads it (sotekg.saved_index)
        derived = store.count(COVERAGE_GRAPH)
    finally:
        store.close()
    for graph in loaded:
        files = ", ".join(_shown(path, settings) for path in graph.files)
        print(f"{graph.triples:>8} triples  <{graph.graph}>  from {files}")
    print(f"{derived:>8} triples  <{COVERAGE_GRAPH}>  derived from the graphs above (sotekg.coverage)")
    total = sum(graph.triples for graph in loaded)
    print(f"{total:>8} triples in {len(loaded)} graphs loaded into {args.endpoint or args.store_dir}")
    return 0


def _shown(path: Path, settings) -> str:
    """A file path relative to the project folder when it is inside it (synthetic files may be anywhere)."""
    return str(path.relative_to(settings.root)) if path.is_relative_to(settings.root) else str(path)
