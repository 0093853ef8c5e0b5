"""``sotekg validate FILE...``: validate a service model against the shapes in shapes/.

The files together are one model (the graphs of a TriG or N-Quads file are merged); it is validated with the
ontology, the code lists and the reference and national data as context (sotekg.validation). The report is
grouped by focus node, in Finnish or English (``--lang``); ``--json`` prints
``{conforms, violations, warnings, infos, results}`` for programs.

A workbook (``FILE.xlsx``) or a folder of CSV files, one per sheet (``sotekg sheet``), is read by the mapping of
``mappings/sheet/``: every message then names its sheet, row and column, and the node it concerns.

Exit code: 0 the model conforms (warnings allowed), 1 it does not, 2 a file cannot be read or parsed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import UserError
from ..rdfio import FORMAT_NAMES, read_rdf_file, union_graph
from ..settings import get_settings
from ..validation import LANGUAGES, Validator


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="validate a service model against the SHACL shapes",
        description=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="RDF file(s) of the model, or one workbook (.xlsx) or folder of CSV files",
    )
    parser.add_argument(
        "--format",
        metavar="FMT",
        help=f"RDF format of the files, by name ({', '.join(sorted(FORMAT_NAMES))}) or media type; "
        "default: by file extension",
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="fi", help="language of the report (default: fi)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(func=run)


def _is_workbook(path: Path) -> bool:
    return path.suffix.lower() == ".xlsx" or path.is_dir()


def run(args: argparse.Namespace) -> int:
    if any(_is_workbook(path) for path in args.files):
        return run_workbook(args)
    model = union_graph(*(read_rdf_file(path, args.format) for path in args.files))
    report = Validator.from_settings(get_settings()).validate(model)
    if args.json:
        print(json.dumps(report.to_json(args.lang), ensure_ascii=False, indent=2))
    else:
        print(report.to_text(args.lang), end="")
    return 0 if report.conforms else 1


def run_workbook(args: argparse.Namespace) -> int:
    from ..sheet.workbook import read_workbook, validate_conversion  # deferred: openpyxl only for workbooks

    if len(args.files) != 1:
        raise UserError("validate one workbook (or one folder of CSV files) at a time")
    settings = get_settings()
    report = validate_conversion(read_workbook(args.files[0], settings), Validator.from_settings(settings))
    if args.json:
        print(json.dumps(report.to_json(args.lang), ensure_ascii=False, indent=2))
    else:
        print(report.to_text(args.lang), end="")
    return 0 if report.conforms else 1
