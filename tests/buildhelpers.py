"""Tiny notebooks and a build runner for the build, report and browser tests.

The tests build against the mini fixture and these two small notebooks (a few seconds), not the
real notebooks. 01_tiny shows data in every way a notebook can (a pandas table, markdown, raw
HTML, printed text) and exports two figures whose captions and alt text come from the data, so
hostile data reaches every path of the report, and an Italian edition of one in figures/it/.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nbformat imports jsonschema, whose IRI grammars take a second or more to build:
    import nbformat  # the helpers import it when called, so merely collecting their tests costs nothing

ROOT = Path(__file__).resolve().parents[1]

SETUP = """\
import json
import matplotlib
from IPython.display import HTML, Image, Markdown, display
from matplotlib.figure import Figure
from partnership import load_package
from partnership.data.paths import figures_dir

pkg = load_package()
ev = pkg["events"].sort_values("event_id").reset_index(drop=True)
src = pkg["sources"].sort_values("source_id").reset_index(drop=True)
out = figures_dir()
out.mkdir(parents=True, exist_ok=True)"""

TABLE = """ev[["event_id", "title", "summary"]].head(4)"""

SHOW = """\
display(Markdown("First event: " + ev["title"][0] + " - " + src["publisher"][0]))
display(HTML("<p>" + ev["summary"][0] + "</p>"))
print("Place:", ev["place"].dropna().iloc[0])"""

FIGURES = """\
def sidecar(name, title, alt, caption, folder=out):
    (folder / f"{name}.json").write_text(json.dumps(
        {"name": name, "title": title, "alt": alt, "caption": caption, "as_of": pkg.as_of, "notebook": "01_tiny"},
        ensure_ascii=False, indent=1, sort_keys=True))

fig = Figure(figsize=(4, 2.5), dpi=50)
ax = fig.add_subplot()
ax.bar(range(len(ev)), range(1, len(ev) + 1))
ax.set_title(ev["title"][0])
fig.savefig(out / "01_tiny_bars.png", format="png", metadata={"Software": None})
sidecar("01_tiny_bars", "Events, one bar each: " + ev["title"][0], "A bar chart with one bar per event; the first is " + ev["title"][0],
        "Bars count events [@s_off_it]. " + ev["summary"][0])
display(Image(filename=str(out / "01_tiny_bars.png")))
(out / "it").mkdir(exist_ok=True)  # the Italian edition, as partnership.charts.export writes it
fig.savefig(out / "it" / "01_tiny_bars.png", format="png", metadata={"Software": None})
sidecar("01_tiny_bars", "Eventi, una barra ciascuno", "Un grafico a barre", "Le barre contano gli eventi.", out / "it")

with matplotlib.rc_context({"svg.hashsalt": "tiny", "svg.fonttype": "none"}):
    fig2 = Figure(figsize=(4, 2.5))
    fig2.add_subplot().plot([1, 3, 2])
    fig2.savefig(out / "01_tiny_line.svg", format="svg", metadata={"Date": None})
sidecar("01_tiny_line", "A line", "A line that goes up then down", src["title"][0])"""


def tiny_notebook(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    from nbformat import v4

    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for i, (kind, text) in enumerate(cells):
        cell = v4.new_markdown_cell(text) if kind == "md" else v4.new_code_cell(text)
        cell.id = f"tiny-{i}"
        nb.cells.append(cell)
    return nb


def write_tiny_notebooks(folder: Path, broken: bool = False) -> Path:
    """Write 01_tiny.ipynb and 02_tiny.ipynb (02 raises ZeroDivisionError on cell 2, line 2, if broken)."""
    import nbformat

    folder.mkdir(parents=True, exist_ok=True)
    one = tiny_notebook(
        [
            (
                "md",
                "# Tiny one: does the build work?\n\nA question citing [@s_off_it] and [@s_news_it; @s_reprint1], about D01.",
            ),
            ("code", SETUP),
            ("code", TABLE),
            ("code", SHOW),
            ("code", FIGURES),
            (
                "md",
                "## What we found\n\nThe build works [@s_off_cn].\n\nA second paragraph that the summary leaves out.",
            ),
        ]
    )
    two = tiny_notebook(
        [
            ("md", "# Tiny two\n\nArithmetic, no data."),
            ("code", "x = 6 * 7\n1 / 0\nx" if broken else "x = 6 * 7\nx"),
            ("md", "## What we found\n\nForty-two."),
        ]
    )
    nbformat.write(one, str(folder / "01_tiny.ipynb"))
    nbformat.write(two, str(folder / "02_tiny.ipynb"))
    return folder


def run_build(data: Path, notebooks: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """`python -m partnership build ...` as a user types it, from out's parent folder, run in this
    process (a new interpreter would add only its start-up; the tests about a fresh interpreter's
    imports start one themselves)."""
    from partnership.cli import main

    args = ["build", "--data", str(data), "--notebooks", str(notebooks), "--out", str(out), *extra]
    stdout, stderr = io.StringIO(), io.StringIO()
    out.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.chdir(out.parent), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(args)
    return subprocess.CompletedProcess(args, code, stdout.getvalue(), stderr.getvalue())


def last_build(out: Path) -> dict:
    """The build's own record of what it did last (OUT/.build/state.json)."""
    return json.loads((out / ".build" / "state.json").read_text())["last_build"]


def output_bytes(out: Path) -> dict[str, bytes]:
    """Every file the build wrote (notebooks, figures, report), by relative path."""
    files = {}
    for sub in ("notebooks", "figures", "report"):
        for p in sorted((out / sub).rglob("*")):
            if p.is_file():
                files[p.relative_to(out).as_posix()] = p.read_bytes()
    return files


def report_bytes(out: Path) -> bytes:
    """Every page of the report a build wrote into `out`, joined in name order (the report is a
    site: a section's prose is on its own page)."""
    return b"\n".join(p.read_bytes() for p in sorted((out / "report").rglob("*.html")))
