"""Command-line entry points. Bad data gives messages and exit 1, never a traceback."""
from __future__ import annotations

import argparse
import sys

from partnership.paths import data_dir


def cmd_validate(args: argparse.Namespace) -> int:
    from partnership.validate import inspect_package

    args.data_dir = args.data_dir or str(data_dir())
    result = inspect_package(args.data_dir)
    if result.problems:
        for problem in result.problems:
            print(problem)
        print(f"{len(result.problems)} problem(s) in {args.data_dir}", file=sys.stderr)
        return 1
    rows = sum(len(t) for t in result.tables.values())
    meta = result.descriptor
    print(f"valid: {args.data_dir}: {len(result.tables)} tables, {rows} rows, "
          f"version {meta.get('version', '?')} of {meta.get('last_updated', '?')}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m partnership", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    val = sub.add_parser("validate", help="check the data package; one line per problem")
    val.add_argument("data_dir", nargs="?", default=None, help="folder holding datapackage.json")
    val.set_defaults(func=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad data: still no traceback for the user
        print(f"internal error: {type(exc).__name__}: {exc} (please report it)", file=sys.stderr)
        return 2
