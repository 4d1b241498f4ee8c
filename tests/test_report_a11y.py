"""Accessibility and comfort of the project's report in headless Chromium: axe-core on one page
of each kind at both widths, dark mode that follows the reader, the register in view on a
desktop screen. They read the report that `make report` wrote."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, pages_of, project_report

pytestmark = pytest.mark.browser  # real Chromium: not in `make test-fast`

WIDTHS = (375, 1440)


AXE = ROOT / "tests" / "vendor" / "axe-4.10.2.min.js"  # axe-core 4.10.2 (MPL-2.0), as published on npm


# One page of each kind: the entry page, an analysis section, and each record part.
PAGE_KINDS = (
    "index.html", "04-actors-and-money.html", "methodology.html", "chronology.html", "figures.html", "actors.html",
    "discrepancies.html", "questions.html", "releases.html", "sources.html",
)  # fmt: skip


def test_every_kind_of_page_is_checked_for_accessibility():
    """The list above keeps up with the site: a new kind of page gets axe too."""
    folder = project_report()
    analysis = {p.name for p in pages_of(folder) if re.match(r"[0-9]{2}-", p.name)}
    assert {p.name for p in pages_of(folder)} - analysis == set(PAGE_KINDS) - analysis


# axe's colour-contrast rule is most of its time (ten pages at 1440 px: 11.7 s with it, 2.3 s
# without). Contrast comes from the colour pairs the stylesheet gives text and its background:
# both editions share them (the same templates and classes, other words), and the stylesheet's
# width queries change the layout only, never a colour and never what is shown
# (test_width_queries_change_no_colour). So contrast is checked once, on the English edition at
# desktop width; every other rule runs at both widths, in both editions.
CONTRAST_CHECKED_AT = ("", 1440)
ONCE_PER_STYLESHEET = ("color-contrast",)


def test_width_queries_change_no_colour():
    """What lets contrast be checked at one width: no rule inside a width query sets a colour or hides anything."""
    css = (ROOT / "partnership" / "publish" / "templates" / "report.css").read_text(encoding="utf-8")
    blocks = re.findall(r"@media[^{]*width[^{]*\{((?:[^{}]*\{[^{}]*\})*[^{}]*)\}", css)
    assert blocks and len(blocks) == len(re.findall(r"@media[^{]*width", css)), "every width query is read whole"
    found = [
        d for b in blocks for d in re.findall(r"(?:color|background|display\s*:\s*none|visibility|opacity)[^;}]*", b)
    ]
    assert found == [], f"a width query changes colours or visibility: check contrast at every width again: {found}"


@pytest.mark.parametrize("edition", ["", "it"])
def test_axe_finds_no_accessibility_violation(browser, edition):
    """axe-core, every rule and every impact (colour contrast: see above), on one page of each
    kind of the project's report at both widths, in both editions: each page is loaded once and
    checked at one width, then resized to the other and checked again. The page's CSP forbids
    scripts, so the test context bypasses it to inject axe (the page itself runs none)."""
    folder = project_report() / edition
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, bypass_csp=True)
    context.add_init_script(script=AXE.read_text(encoding="utf-8"))
    found = {}
    try:
        page = context.new_page()
        for name in PAGE_KINDS:
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
            page.goto((folder / name).as_uri(), wait_until="load")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                once = (edition, width) == CONTRAST_CHECKED_AT
                skipped = {} if once else {rule: {"enabled": False} for rule in ONCE_PER_STYLESHEET}
                options = json.dumps({"resultTypes": ["violations"], "rules": skipped})
                found[f"{name} at {width} px"] = page.evaluate(
                    f"async () => (await axe.run(document, {options})).violations"
                    ".map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')}`)"
                )
    finally:
        context.close()
    assert len(found) == len(PAGE_KINDS) * len(WIDTHS)
    assert {n: v for n, v in found.items() if v} == {}


def luminance(css_colour: str) -> float:
    """Relative luminance (WCAG) of an rgb()/rgba() colour."""
    r, g, b = (int(x) / 255 for x in re.findall(r"[0-9.]+", css_colour)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


COLOURS = """() => {
  const s = e => getComputedStyle(e);
  const img = document.querySelector('figure.chart img');
  return {bg: s(document.body).backgroundColor, ink: s(document.body).color,
          link: s(document.querySelector('main a')).color, card: img ? s(img).backgroundColor : null};
}"""


@pytest.mark.parametrize("edition", ["", "it"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dark_mode_follows_the_reader_and_keeps_charts_on_a_light_card(browser, scheme, edition):
    folder = project_report() / edition
    context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto((folder / "02-timeline.html").as_uri(), wait_until="load")
        c = page.evaluate(COLOURS)
    finally:
        context.close()
    bg, ink, link = luminance(c["bg"]), luminance(c["ink"]), luminance(c["link"])
    if scheme == "dark":
        assert bg < 0.05 and ink > 0.6, f"dark page, light text: {c}"
        assert (link + 0.05) / (bg + 0.05) >= 4.5, "links stay readable"
        assert luminance(c["card"]) > 0.9, "charts (drawn on white) sit on a light card"
    else:
        assert bg > 0.9 and ink < 0.05, f"light page, dark text: {c}"


@pytest.mark.parametrize("edition", ["", "it"])
def test_the_register_fits_a_desktop_screen_without_sideways_scrolling(browser, edition):
    """At 1440 px every column of the register, the grade included, is in view (Italian words are longer)."""
    folder = project_report() / edition
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        page.goto((folder / "figures.html").as_uri(), wait_until="load")
        inner, outer = page.evaluate(
            "() => { const w = document.querySelector('#figures .table-wrap'); return [w.scrollWidth, w.clientWidth]; }"
        )
    finally:
        context.close()
    assert inner <= outer, f"the register scrolls sideways at 1440 px ({inner} > {outer})"
