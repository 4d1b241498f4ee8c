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


def fixed_pages(has_questions: bool, has_changelog: bool) -> tuple[list[Page], list[Page]]:
    """The pages that every report has: (before the analysis sections, after them)."""
    before = [Page(ENTRY, "summary", "Summary of findings", "parts/summary.html.j2")]
    after = [
        Page("methodology.html", "methodology", "Methodology", "parts/methodology.html.j2", "how sources are graded"),
        Page("chronology.html", "chronology", "Chronology", "parts/chronology.html.j2", "every event in date order"),
        Page("figures.html", "figures", "Register of figures", "parts/register.html.j2", "every reported figure"),
        Page("actors.html", "actors", "Directory of actors", "parts/directory.html.j2", "who is who"),
        Page(
            "discrepancies.html",
            "discrepancies",
            "Discrepancy log",
            "parts/discrepancies.html.j2",
            "where sources disagree",
        ),
    ]
    if has_questions:
        after.append(
            Page(
                "questions.html",
                "open-questions",
                "Open questions",
                "parts/questions.html.j2",
                "what no source settles",
            )
        )
    if has_changelog:
        after.append(
            Page(
                "releases.html", "changelog", "Data releases", "parts/releases.html.j2", "what changed in each version"
            )
        )
    after.append(Page("sources.html", "sources", "Sources", "parts/sources.html.j2", "every source, numbered"))
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
