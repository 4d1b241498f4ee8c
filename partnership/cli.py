"""Command-line entry points. Bad data gives messages and exit 1, never a traceback.

python -m partnership validate [DATA_DIR]
python -m partnership build [--data DIR] [--notebooks DIR] [--out DIR] [--force] [--jobs N]
python -m partnership diff OLD NEW | --rev REVISION [NEW]  [--format text|csv|json]
"""

from __future__ import annotations

import argparse
import sys

from partnership.data.paths import data_dir


def cmd_validate(args: argparse.Namespace) -> int:
    from partnership.data.validate import inspect_package

    args.data_dir = args.data_dir or str(data_dir())
    result = inspect_package(args.data_dir)
    if result.problems:
        for problem in result.problems:
            print(problem)
        print(f"{len(result.problems)} problem(s) in {args.data_dir}", file=sys.stderr)
        return 1
    rows = sum(len(t) for t in result.tables.values())
    meta = result.descriptor
    print(
        f"valid: {args.data_dir}: {len(result.tables)} tables, {rows} rows, "
        f"version {meta.get('version', '?')} of {meta.get('last_updated', '?')}"
    )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from partnership.publish.build import main as build_main  # light: imports pandas/Jupyter only when work is needed

    return build_main(data=args.data, notebooks=args.notebooks, out=args.out, force=args.force, jobs=args.jobs)


def cmd_pdf(args: argparse.Namespace) -> int:
    from partnership.i18n import LANGUAGES
    from partnership.publish.pdf import main as pdf_main

    return pdf_main(out=args.out, dest=args.output, langs=LANGUAGES if args.lang == "all" else (args.lang,))


def cmd_diff(args: argparse.Namespace) -> int:
    import tempfile
    from pathlib import Path

    from partnership.analysis.diff import FORMATS, compare, read_release
    from partnership.data.paths import ROOT
    from partnership.data.revision import RevisionError, checkout_data

    folders = list(args.folders)
    if args.rev is None and len(folders) != 2:
        print("diff: give two data folders, or --rev REVISION and at most one folder", file=sys.stderr)
        return 1
    if args.rev is not None and len(folders) > 1:
        print("diff: with --rev, give at most one folder (the newer side; default: data/)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="partnership-diff-") as tmp:
        if args.rev is None:
            sides = [(Path(f), f) for f in folders]
        else:
            try:
                old = checkout_data(args.rev, ROOT, "data", Path(tmp) / "old")
            except RevisionError as exc:
                print(f"diff: {exc}", file=sys.stderr)
                return 1
            new = folders[0] if folders else str(data_dir())
            sides = [(old, f"{args.rev}:data"), (Path(new), new)]
        for folder, label in sides:
            if not (folder / "datapackage.json").is_file():
                print(f"{label}/datapackage.json:0:-: not found", file=sys.stderr)
                return 1
        diff = compare(*(read_release(folder, label) for folder, label in sides))
    sys.stdout.write(FORMATS[args.format](diff))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m partnership", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    val = sub.add_parser("validate", help="check the data package; one line per problem")
    val.add_argument("data_dir", nargs="?", default=None, help="folder holding datapackage.json")
    val.set_defaults(func=cmd_validate)
    bld = sub.add_parser(
        "build",
        help="validate, run the notebooks, write figures/ and report/index.html (incremental, atomic)",
        description="Validate the data, execute notebooks/0*.ipynb (two at a time), write the executed "
        "notebooks, figures/ and report/index.html. Only what changed is redone; a failed build "
        "leaves the previous outputs untouched.",
    )
    bld.add_argument("--data", metavar="DIR", help="data package folder (default: data/ or $PARTNERSHIP_DATA_DIR)")
    bld.add_argument("--notebooks", metavar="DIR", help="folder of the notebooks to run (default: notebooks/)")
    bld.add_argument(
        "--out",
        metavar="DIR",
        help="where notebooks/, figures/, report/ and .build/ are written (default: the project)",
    )
    bld.add_argument("--force", action="store_true", help="ignore the record of the last build and redo everything")
    bld.add_argument(
        "--jobs", "-j", type=int, default=2, metavar="N", help="notebooks run at the same time (default: 2)"
    )
    bld.set_defaults(func=cmd_build)
    pdf = sub.add_parser(
        "pdf",
        help="print the built report as PDF with headless Chromium (dist/report.pdf, dist/report-it.pdf)",
        description="Print the report of the last build as one PDF (no sidebar, each part on a new page, the "
        "full chronology) with Debian's headless Chromium. Run `build` first.",
    )
    pdf.add_argument("--out", metavar="DIR", help="the folder the build wrote into (default: the project)")
    pdf.add_argument("--output", "-o", metavar="FILE", help="where to write the PDF, with one --lang (default: dist/)")
    pdf.add_argument("--lang", choices=["all", "en", "it"], default="all", help="the edition (default: both)")
    pdf.set_defaults(func=cmd_pdf)
    dif = sub.add_parser(
        "diff",
        help="what changed between two releases of the data: records, grades, origins, statuses",
        description="Compare two data folders (or the data/ folder at a git revision with a folder): the "
        "records added, removed and changed, table by table, then what a reader sees change: grades, "
        "independent origins, both-sides confirmation and discrepancy statuses.",
    )
    dif.add_argument("folders", nargs="*", metavar="FOLDER", help="OLD NEW, or with --rev just NEW (default data/)")
    dif.add_argument("--rev", metavar="REVISION", help="the older side: data/ at this git revision (a commit id)")
    dif.add_argument("--format", choices=["text", "csv", "json"], default="text", help="text (default), csv or json")
    dif.set_defaults(func=cmd_diff)
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
