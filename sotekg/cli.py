"""The ``sotekg`` command line: one entry point whose sub-commands live in ``sotekg/commands/``.

Each module there exposes ``register(subparsers)``, which adds its sub-command (named like the module, without a
trailing ``_``) and sets ``func`` on the parser; ``func(args)`` returns the process exit code. Only the module of
the sub-command being run is imported: together they import pySHACL, matplotlib, networkx…, about a second that
``sotekg serve`` would otherwise spend before it answers (start-up, issue 5). Errors the core raises on purpose
(``sotekg.errors``: the user's input, or a store that cannot answer) are printed as one line, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from . import commands
from .errors import SotekgError


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; when ``argv`` starts with a sub-command, with that one only, else (help, a typo) with all."""
    parser = argparse.ArgumentParser(
        prog="sotekg",
        description="Knowledge graph of Finland's future health and social services centres.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = {info.name.rstrip("_"): info.name for info in pkgutil.iter_modules(commands.__path__)}
    command = argv[0] if argv else None
    for name in [modules[command]] if command in modules else sorted(modules.values()):
        importlib.import_module(f"{commands.__name__}.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except SotekgError as error:
        print(f"sotekg {args.command}: {error}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader (e.g. `| head`) went away: stop quietly, as Unix tools do
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
