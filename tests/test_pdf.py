"""The PDF edition: the project's report printed by headless Chromium, read back with PDFium
(pypdfium2: the charts are vector drawings, and a pure-Python reader takes seconds per edition
to walk their paths for the text)."""

from __future__ import annotations

import os
import re
import unicodedata

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser  # real Chromium


@pytest.fixture(scope="module", params=["en", "it"])
def pdf_text(request, tmp_path_factory) -> list[str]:
    import pypdfium2

    from partnership.publish.build import default_layout
    from partnership.publish.pdf import write_pdf

    layout = default_layout()
    if not layout.report.is_file() or not layout.state_path.is_file():
        if os.environ.get("CI"):
            pytest.fail("the report is not built: CI must run `make report` before the tests")
        pytest.skip("report not built yet (run `make report`)")
    path = write_pdf(layout, tmp_path_factory.mktemp("pdf") / "report.pdf", request.param)
    document = pypdfium2.PdfDocument(path)
    try:
        # NFKC: the PDF's fonts set "fi" as one ligature glyph; PDFium ends lines with CRLF
        return [
            unicodedata.normalize("NFKC", page.get_textpage().get_text_range()).replace("\r\n", "\n")
            for page in document
        ]
    finally:
        document.close()


def test_the_pdf_has_a_plausible_length_and_every_event(pdf_text):
    import csv

    assert 40 <= len(pdf_text) <= 250, f"{len(pdf_text)} pages"
    text = "\n".join(pdf_text)
    with (ROOT / "data" / "events.csv").open(encoding="utf-8", newline="") as f:
        ids = [row["event_id"] for row in csv.DictReader(f)]
    missing = [i for i in ids if not re.search(rf"(?<![A-Za-z0-9_]){re.escape(i)}(?![A-Za-z0-9_])", text)]
    assert ids and missing == [], f"events missing from the PDF: {missing}"


def test_the_pdf_has_no_sidebar_and_starts_each_part_on_a_new_page(pdf_text):
    text = "\n".join(pdf_text)
    italian = "Cronologia\n" in text
    skip, contents = ("Vai al contenuto", "Indice\n") if italian else ("Skip to the content", "Contents\n")
    assert skip not in text and contents not in text, "no sidebar, no skip link"
    headings = ("Metodologia", "Cronologia", "Registro delle cifre", "Elenco dei soggetti", "Fonti")
    for heading in (
        headings if italian else ("Methodology", "Chronology", "Register of figures", "Directory of actors", "Sources")
    ):
        assert any(page.lstrip().startswith(heading) for page in pdf_text), f"{heading} does not open a page"
