"""The report as a small static site: which page holds what, and how pages link to each other.

One page per part (the summary is the entry page, index.html; each analysis notebook, the
methodology, the chronology, the register, the directory, the discrepancy log, the questions,
the releases and the sources have theirs), so a reader on a phone loads only the part asked for.
Every link inside the report goes through `Links.href`: on the site an anchor is reached as
`page.html#anchor`; in the single document (the PDF's source) as `#anchor`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from partnership.i18n import N_, Words

ENTRY = "index.html"


@dataclass(frozen=True)
class Page:
    """One page of the site: its file, the id of its part, its title, and the template of its part."""

    file: str
    ident: str
    title: str
    template: str
    about: str = ""  # one line for the entry page's list of pages
    number: int | None = None  # an analysis section's number
    section: Any = None  # the analysis section's rendered parts (for parts/section.html.j2)


# The parts after the analysis sections: (file, part id, title, part template, one line about it).
RECORD_PAGES = (
    ("methodology.html", "methodology", N_("Methodology"), "methodology", N_("how sources are graded")),
    ("chronology.html", "chronology", N_("Chronology"), "chronology", N_("every event in date order")),
    ("figures.html", "figures", N_("Register of figures"), "register", N_("every reported figure")),
    ("actors.html", "actors", N_("Directory of actors"), "directory", N_("who is who")),
    ("discrepancies.html", "discrepancies", N_("Discrepancy log"), "discrepancies", N_("where sources disagree")),
    ("questions.html", "open-questions", N_("Open questions"), "questions", N_("what no source settles")),
    ("releases.html", "changelog", N_("Data releases"), "releases", N_("what changed in each version")),
    ("sources.html", "sources", N_("Sources"), "sources", N_("every source, numbered")),
)


def fixed_pages(has_questions: bool, has_changelog: bool, w: Words) -> tuple[list[Page], list[Page]]:
    """The pages that every report has, titled in w's language: (before the analysis sections, after them)."""
    before = [Page(ENTRY, "summary", w.gettext("Summary of findings"), "parts/summary.html.j2")]
    skip = {ident for ident, shown in (("open-questions", has_questions), ("changelog", has_changelog)) if not shown}
    after = [
        Page(file, ident, w.word(title), f"parts/{part}.html.j2", w.word(about))
        for file, ident, title, part, about in RECORD_PAGES
        if ident not in skip
    ]
    return before, after


def section_file(ident: str) -> str:
    """An analysis section's page: sec-01-evidence-base -> 01-evidence-base.html."""
    return ident.removeprefix("sec-") + ".html"


class Links:
    """Where each anchor is. single: the whole report is one document, so every link is #anchor."""

    def __init__(self, page_of: Mapping[str, str], single: bool = False):
        self.page_of = dict(page_of)
        self.single = single

    def href(self, anchor: str) -> str:
        """The link to an anchor; an anchor that every page has (main, contents) stays on the page."""
        if self.single or anchor not in self.page_of:
            return "#" + anchor
        return f"{self.page_of[anchor]}#{anchor}"

    def page(self, page: Page) -> str:
        """The link to a page as a whole."""
        return "#" + page.ident if self.single else page.file


def page_map(pages: Iterable[Page], anchors_by_page: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """anchor -> the file of the page it is on (each page's own id included)."""
    out: dict[str, str] = {}
    for page in pages:
        out[page.ident] = page.file
        for anchor in anchors_by_page.get(page.ident, ()):
            out[anchor] = page.file
    return out
