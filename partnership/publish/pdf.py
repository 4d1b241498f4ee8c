"""`python -m partnership pdf`: the whole report as one PDF, printed by headless Chromium.

The PDF is made from what the last build wrote (the executed notebooks, figures/ and the record
of which notebook made which figure): the report is rendered as one document (every link an
#anchor, every image loaded, not lazily), printed with the report's print stylesheet (no
sidebar, each part on a new page, the full chronology) and moved into place only when Chromium
succeeded. The PDF is not committed: Chromium writes its creation time into it, so it is not
byte-reproducible; make it when you need to send one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from partnership.i18n import LANGUAGES, SOURCE
from partnership.publish.build import (
    BuildError,
    Layout,
    default_layout,
    edition_figures,
    load_state,
    methodology_text,
    report_texts,
)  # fmt: skip

CHROMIUM = os.environ.get("PARTNERSHIP_CHROMIUM", "/usr/bin/chromium")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--no-pdf-header-footer",
)  # fmt: skip


def print_document(layout: Layout, lang: str = "en") -> str:
    """One edition of the report as one HTML document, from the last build's outputs."""
    from partnership.data.load import DataPackageError, load_package
    from partnership.publish import report

    state = load_state(layout)
    if not state or not layout.report.is_file():
        raise BuildError("there is no finished build to print: run `make report` first")
    owners = {name: sorted(rec.get("figures", {})) for name, rec in state.get("notebooks", {}).items()}
    notebooks = [(name, json.loads((layout.out_notebooks / name).read_bytes())) for name in sorted(owners)]
    descriptor, changelog = report_texts(layout)
    try:
        pkg = load_package(layout.data)
        prepared = report.prepare(
            pkg,
            notebooks,
            edition_figures(layout.figures, lang),
            methodology_text(layout, lang),
            owners,
            descriptor.get("description", ""),
            [],
            changelog,
            lang,
        )
    except (DataPackageError, report.ReportError) as exc:
        raise BuildError(f"the report cannot be printed: {exc}") from None
    return report.render_document(prepared)


def write_pdf(layout: Layout, dest: Path, lang: str = "en", chromium: str = CHROMIUM) -> Path:
    """Print one edition of the report to `dest` (written whole or not at all)."""
    if not Path(chromium).is_file():
        raise BuildError(f"Chromium not found at {chromium} (`make browser`, or `apt-get install chromium`)")
    document = print_document(layout, lang)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "report.html").write_text(document, encoding="utf-8")
        shutil.copytree(edition_figures(layout.figures, lang), folder / "figures")
        out = folder / "report.pdf"
        run = subprocess.run(
            [chromium, *FLAGS, f"--print-to-pdf={out}", (folder / "report.html").as_uri()],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if run.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            raise BuildError(f"Chromium could not print the report: {run.stderr.strip()[-500:]}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(out), dest.with_suffix(".pdf.part"))
        os.replace(dest.with_suffix(".pdf.part"), dest)
    return dest


def main(out: str | None = None, dest: str | None = None, langs: tuple[str, ...] = LANGUAGES) -> int:
    """The `pdf` command: one PDF per edition (dist/report.pdf, dist/report-it.pdf); exit 0 with
    them written, 1 otherwise. dest: the file, when one edition is asked for."""
    layout = default_layout(out=out)
    for lang in langs:
        name = "report.pdf" if lang == SOURCE else f"report-{lang}.pdf"
        target = Path(dest) if dest and len(langs) == 1 else layout.out / "dist" / name
        try:
            path = write_pdf(layout, target, lang)
        except BuildError as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)
            return 1
        print(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KB)", flush=True)
    return 0
