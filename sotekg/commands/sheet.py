"""``sotekg sheet export|import``: an organiser's model as a workbook for planners, and a workbook back as RDF.

``sotekg sheet export --region CODE --output FILE.xlsx`` writes the region's current model (the store's named
graph ``graph/region/CODE``; the embedded store by default, ``--endpoint URL`` / ``--store-dir DIR`` for
another, ``--model FILE`` for a model file) as a workbook: a guide sheet, one sheet per kind, drop-down lists
for code-list columns. An organiser without a model gets the empty template. ``--output DIR`` (no .xlsx)
writes one CSV file per sheet instead.

``sotekg sheet import FILE.xlsx|DIR --output model.ttl`` reads a workbook (or a folder of CSV files) back into
RDF by the same mapping (``mappings/sheet/``, decision 0005). A cell it cannot read is reported at its sheet,
row and column, and nothing is written. ``sotekg validate FILE.xlsx`` also checks the shapes.

Exit code: 0 written, 1 some cells cannot be read, 2 a file cannot be read at all.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import NotFoundError
from ..namespaces import region_graph_iri
from ..rdfio import parse_rdf, read_rdf_file, union_graph
from ..settings import StoreKind, get_settings
from ..sheet.mapping import load_mapping, mapping_folder, vocabulary
from ..sheet.report import SheetReport
from ..sheet.workbook import export_csv_folder, export_workbook, read_workbook
from ..validation import LANGUAGES


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sheet",
        help="a region model as a workbook (.xlsx or CSV files) and back",
        description=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write a region's model (or the empty template) as a workbook")
    export.add_argument("--region", required=True, metavar="CODE", help="organiser code, e.g. 09")
    export.add_argument(
        "--output", required=True, type=Path, metavar="FILE", help="FILE.xlsx, or a folder for CSV files"
    )
    source = export.add_mutually_exclusive_group()
    source.add_argument(
        "--model", type=Path, metavar="FILE", help="export this RDF file instead of the store's"
    )
    source.add_argument("--endpoint", metavar="URL", help="SPARQL 1.1 query endpoint of a remote store")
    source.add_argument("--store-dir", metavar="DIR", type=Path, help="a persistent embedded store")
    export.set_defaults(func=run_export)
    import_ = actions.add_parser("import", help="read a workbook (or CSV folder) into an RDF model")
    import_.add_argument("file", type=Path, metavar="FILE", help="FILE.xlsx or a folder of CSV files")
    import_.add_argument("--output", required=True, type=Path, metavar="FILE", help="write Turtle to FILE")
    import_.add_argument(
        "--lang", choices=LANGUAGES, default="fi", help="language of the messages (default: fi)"
    )
    import_.set_defaults(func=run_import)


def _store_model(args: argparse.Namespace, code: str):
    from ..store import open_store  # deferred: opening a store loads the default graph

    settings = get_settings()
    if args.endpoint:
        settings = settings.model_copy(update={"store": StoreKind.remote, "endpoint": args.endpoint})
    elif args.store_dir:
        settings = settings.model_copy(update={"store": StoreKind.embedded, "store_dir": args.store_dir})
    store = open_store(settings)
    try:
        data = store.serialize_graph(region_graph_iri(code), "application/n-triples")
    finally:
        store.close()
    return union_graph(parse_rdf(data, "application/n-triples", source=f"the model of region {code}"))


def run_export(args: argparse.Namespace) -> int:
    settings = get_settings()
    county = load_mapping(mapping_folder(settings)).expand("county:")
    if args.region not in vocabulary(settings).named(county):
        raise NotFoundError(f"no organiser with the code {args.region!r}")
    model = union_graph(read_rdf_file(args.model)) if args.model else _store_model(args, args.region)
    if args.output.suffix.lower() == ".xlsx":
        args.output.write_bytes(export_workbook(model, args.region, settings))
        written = str(args.output)
    else:
        written = (
            f"{len(export_csv_folder(model, args.region, settings, args.output))} CSV files in {args.output}"
        )
    what = f"{len(model)} triples of region {args.region}'s model" if len(model) else "the empty template"
    print(f"{what} → {written}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    settings = get_settings()
    conversion = read_workbook(args.file, settings)
    if conversion.issues:
        print(SheetReport.of(conversion, None).to_text(args.lang), end="")
        return 1
    args.output.write_bytes(conversion.graph.serialize(format="turtle", encoding="utf-8"))
    print(f"{len(conversion.graph)} triples → {args.output}")
    return 0
