"""``sotekg export --profile cpsv-ap|hsds``: the default graph (organisers, region models, OT-centres, imported PTV
service locations) in an exchange format.

``cpsv-ap``: EU CPSV-AP 3.2 as RDF (Turtle by default, ``--format`` for N-Triples, JSON-LD, RDF/XML).
``hsds``: Open Referral HSDS 3.0 as one JSON object of tables (organization, service, location,
service_at_location, schedule, taxonomy, taxonomy_term). ``--check`` validates the result against the official
schemas copied into reference/ (the CPSV-AP 3.2.0 SHACL shapes, the HSDS 3.0.1 JSON Schemas) and fails if it
does not conform. Reads the embedded store, or ``--endpoint URL`` / ``--store-dir DIR``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UserError
from ..export import PROFILES
from ..export.cpsv_ap import check, cpsv_ap_graph
from ..export.hsds import count_objects, dumps, hsds_document, validation_errors
from ..queries import QueryLibrary
from ..rdfio import FORMAT_NAMES
from ..settings import StoreKind, get_settings
from ..store import GRAPH_MEDIA_TYPES, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export the graph as CPSV-AP 3.2 (RDF) or Open Referral HSDS 3.0 (JSON)",
        description=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("--profile", required=True, choices=PROFILES, help="the exchange format")
    parser.add_argument(
        "--output", metavar="FILE", type=Path, help="write to FILE (default: standard output)"
    )
    parser.add_argument("--format", default="turtle", help="RDF format of cpsv-ap (turtle, nt, json-ld, xml)")
    parser.add_argument("--check", action="store_true", help="validate against the official schemas")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--endpoint", metavar="URL", help="SPARQL 1.1 query endpoint of a remote store")
    target.add_argument("--store-dir", metavar="DIR", type=Path, help="a persistent embedded store")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    media_type = FORMAT_NAMES.get(args.format.lower(), args.format)
    if args.profile == "cpsv-ap" and media_type not in GRAPH_MEDIA_TYPES:
        raise UserError(f"unsupported --format {args.format!r}; use turtle, nt, json-ld or xml")
    if args.endpoint:
        settings = settings.model_copy(update={"store": StoreKind.remote, "endpoint": args.endpoint})
    elif args.store_dir:
        settings = settings.model_copy(update={"store": StoreKind.embedded, "store_dir": args.store_dir})
    library = QueryLibrary(settings.queries_dir)
    store = open_store(settings)
    try:
        if args.profile == "cpsv-ap":
            graph = cpsv_ap_graph(store, library)
            problems = [] if not args.check else _cpsv_ap_problems(graph, settings.root)
            body = graph.serialize(format=media_type, encoding="utf-8")
            summary = f"{len(graph)} triples"
        else:
            document = hsds_document(store, library)
            problems = validation_errors(document, settings.root) if args.check else []
            body = dumps(document).encode("utf-8")
            summary = ", ".join(f"{count} {table}" for table, count in count_objects(document))
    finally:
        store.close()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        raise UserError(f"the {args.profile} export does not conform to the official schemas", code=1)
    if args.output:
        args.output.write_bytes(body)
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    checked = " (conforms to the official schemas)" if args.check else ""
    print(f"{args.profile}: {summary}{checked}", file=sys.stderr)
    return 0


def _cpsv_ap_problems(graph, root: Path) -> list[str]:
    conforms, _report, text = check(graph, root)
    return [] if conforms else [text]
