"""``sotekg synth``: write a synthetic catalogue for scale tests and benchmarks (sotekg.synth).

One Turtle file per service organiser, ``DIR/{code}.ttl``, for the named graph ``graph/synthetic/region/{code}``:
centres, offerings, teams and links in our own vocabulary, every node marked ``sk:synthetic true``. It is never
part of the default data; ``--seed`` makes the output repeatable. Load it beside the default data with
``sotekg load --store-dir DIR --synthetic DIR`` (or ``--endpoint URL --synthetic DIR``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UserError
from ..settings import get_settings
from ..synth import write_catalogue


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "synth",
        help="write a synthetic catalogue (marked sk:synthetic) for scale tests",
        description=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument(
        "--regions", type=int, default=22, metavar="N", help="how many organisers, by code (22)"
    )
    parser.add_argument(
        "--centres-per-region", type=int, default=100, metavar="N", help="centres per organiser (100)"
    )
    parser.add_argument("--output", type=Path, required=True, metavar="DIR", help="folder to write into")
    parser.add_argument("--seed", type=int, default=0, help="random seed: the same seed gives the same files")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.regions <= 22:
        raise UserError(f"--regions must be between 1 and 22, got {args.regions}")
    if not 1 <= args.centres_per_region <= 100_000:
        raise UserError(f"--centres-per-region must be between 1 and 100000, got {args.centres_per_region}")
    if args.output.exists() and not args.output.is_dir():
        raise UserError(f"--output {args.output} is not a folder")
    written = write_catalogue(
        get_settings(),
        args.output,
        regions=args.regions,
        centres_per_region=args.centres_per_region,
        seed=args.seed,
    )
    for region in written:
        print(f"{region.triples:>9} triples  <{region.graph}>  {region.path}")
    print(f"{sum(r.triples for r in written):>9} synthetic triples in {len(written)} files in {args.output}")
    return 0
