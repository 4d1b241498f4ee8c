"""The built report opened in headless Chromium (Debian's chromium, driven by Playwright).

Reports checked: one built from the mini fixture, one built from the hostile fixture (both with
the tiny notebooks), and the project's own report/index.html (required when CI=true, since CI
runs `make report` first). For each, at 375 px and 1440 px wide: every image loads, every
#anchor has its target, links are #anchors or http(s), no console error, no request leaves the
file, no horizontal scroll on a phone. The hostile report must execute nothing. To look at
the pages, set PARTNERSHIP_ARTIFACTS to a folder: full-page screenshots go there (they cost
seconds each, so the tests take them only when asked).

These tests never skip for a missing browser: without Chromium they fail and say how to get it.
"""

from __future__ import annotations

import csv
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
from buildhelpers import write_tiny_notebooks
from conftest import ROOT, make_package, project_report, site_pages

pytestmark = pytest.mark.browser  # real Chromium: not in `make test-fast`

ARTIFACTS = os.environ.get("PARTNERSHIP_ARTIFACTS")
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
WIDTHS = (375, 1440)

INSPECT = """async () => {
  const lazy = [...document.images].map(i => (i.servedLoading ??= i.getAttribute('loading')));  // as served, before the line below
  for (const i of document.images) i.loading = 'eager';  // lazy images far down the page load too
  await Promise.all([...document.images].map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  const imgs = [...document.images].map((i, n) => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0, alt: i.alt,
                                                    lazy: lazy[n], sized: i.hasAttribute('width') && i.hasAttribute('height')}));
  const hrefs = [...document.querySelectorAll('[href]')].map(a => a.getAttribute('href'));
  const handlers = [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].filter(a => /^on/i.test(a.name)).map(a => e.tagName + '[' + a.name + ']'));
  const figures = [...document.querySelectorAll('figure')].map(f => ({alt: (f.querySelector('img') || {}).alt || '', caption: (f.querySelector('figcaption') || {}).innerText || ''}));
  const cites = [...document.querySelectorAll('a.cite')].map(a => a.getAttribute('href'));
  const urls = Object.fromEntries([...document.querySelectorAll('li[id^="src-"]')].map(li => {
    const url = li.querySelector('a.url'); return [li.id, url ? url.getAttribute('href') : 'no-link']; }));
  const cells = r => [...r.cells].map(c => c.textContent.trim());
  const tables = [...document.querySelectorAll('main table')].map(t => ({
    heads: [...t.querySelectorAll('thead th')].map(th => th.textContent.trim()),
    first: [...t.querySelectorAll('tbody tr')].map(r => (r.cells[0] || {textContent: ''}).textContent.trim())}));
  const data = [...document.querySelectorAll('details.figure-data')].map(d => ({
    href: d.querySelector('a[download]').getAttribute('href'),
    head: [...d.querySelectorAll('thead th')].map(th => th.textContent),
    rows: [...d.querySelectorAll('tbody tr')].map(r => [...r.cells].map(c => c.textContent))}));
  const sw = document.querySelector('.switch a');
  return {imgs, hrefs, handlers, figures, cites, urls, tables, data, lang: document.documentElement.lang,
          switch: sw ? [sw.getAttribute('href'), sw.getAttribute('hreflang')] : null,
          ids: [...document.querySelectorAll('[id]')].map(e => e.id),
          scripts: document.querySelectorAll('script, iframe, object, embed').length,
          scroll: [document.scrollingElement.scrollWidth, window.innerWidth],
          text: document.body.innerText};
}"""
CODE_NAME = re.compile(r"[a-z0-9]+(_[a-z0-9]+)+")  # n_sources, record_table: a column's code name
CSV_LINK = re.compile(r"(it/)?figures/[0-9]{2}_[a-z0-9_]+\.csv")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    """Build the hostile report (the mini fixture with hostile text in every field, and the tiny
    notebooks); the project's own comes from `make report`."""
    base = tmp_path_factory.mktemp("reports")
    nb = write_tiny_notebooks(base / "nb")
    runs = {}
    for name, overrides in (("hostile", HOSTILE),):
        data = make_package(base / f"{name}-data", overrides)
        runs[name] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "partnership",
                "build",
                "--data",
                str(data),
                "--notebooks",
                str(nb),
                "--out",
                str(base / name),
                "--jobs",
                "1",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    out = {}
    for name, proc in runs.items():
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"{name} build failed:\n{stdout}\n{stderr}"
        out[name] = base / name / "report"
    return out


def report_folder(reports: dict[str, Path], which: str) -> Path:
    """The folder of a built report (its entry page is index.html)."""
    return project_report() if which == "project" else reports[which]


def watched_context(browser, folder: Path, width: int, **options):
    """A browser context in which a request for anything outside the report's folder is refused
    and counted (so are console messages and dialogs, page by page, in `seen`)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    seen = {"requests": [], "console": [], "dialogs": []}
    inside = folder.resolve().as_uri() + "/"

    def route(r):
        u = r.request.url
        if u.startswith(inside) and ".." not in u[len(inside) :]:
            r.continue_()
        else:
            seen["requests"].append(u)
            r.abort()

    context.route("**/*", route)
    return context, seen


def open_page(context, path: Path, seen: dict, page=None):
    """Open `path` in a new watched page of the context, or in `page`, a page it gave before
    (one page for a walk through the site: each file is a new document in it all the same)."""
    if page is None:
        page = context.new_page()
        page.on("console", lambda m: m.type in ("error", "warning") and seen["console"].append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: seen["console"].append(f"pageerror: {e}"))

        def dialog(d):
            seen["dialogs"].append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_timeout(30)  # let anything that would run (it must not) have its turn
    return page


def open_report(browser, path: Path, width: int):
    """One page in its own watched context: (context, page, seen)."""
    context, seen = watched_context(browser, path.parent, width)
    return context, open_page(context, path, seen), seen


def inspect_site(browser, folder: Path) -> tuple[dict[int, dict[str, dict]], dict]:
    """Every page of a report folder opened once in one watched context and inspected at each
    width (resized in place): width -> page name -> what INSPECT found, and what the pages
    requested, logged or popped up."""
    context, seen = watched_context(browser, folder, WIDTHS[0])
    found, page = {width: {} for width in WIDTHS}, None
    try:
        for path in site_pages(folder):
            if page is not None:
                page.set_viewport_size({"width": WIDTHS[0], "height": 900})
            page = open_page(context, path, seen, page)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                found[width][path.relative_to(folder).as_posix()] = page.evaluate(INSPECT)
                if ARTIFACTS:
                    Path(ARTIFACTS).mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(Path(ARTIFACTS) / f"{folder.parent.name}-{path.stem}-{width}.png"))
    finally:
        context.close()
    return found, seen


@pytest.fixture(scope="module")
def walks(browser, reports):
    """Each report's walk, made once for both widths (a page is loaded once, then resized)."""
    done = {}

    def walk(which: str):
        if which not in done:
            done[which] = inspect_site(browser, report_folder(reports, which))
        return done[which]

    return walk


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", ["hostile", "project"])
def test_report_in_a_real_browser(walks, reports, which, width):
    """Every page: images load from the folder, every link lands on a page and an anchor of the
    site (or is http(s), the feed or a chart's CSV), no console error, no request leaves the folder."""
    folder = report_folder(reports, which)
    by_width, seen = walks(which)
    found = by_width[width]
    assert "index.html" in found and len(found) > 5, "an entry page and a page per part"
    assert seen["requests"] == [], "no request leaves the report's folder"
    assert seen["console"] == [], "no console errors or warnings"
    assert seen["dialogs"] == []
    imgs = [i for f in found.values() for i in f["imgs"]]
    assert imgs, "the report shows figures"
    assert all(i["ok"] for i in imgs), f"images that did not load: {[i for i in imgs if not i['ok']]}"
    unsized = [i for i in imgs if not (i["src"].startswith("figures/") and i["lazy"] == "lazy" and i["sized"])]
    assert unsized == [], "images are files of the folder, sized and loaded lazily"
    as_of = {"en": "Data as of:", "it": "Dati aggiornati a:"}
    figures = [(f, as_of[page["lang"]]) for page in found.values() for f in page["figures"]]
    assert all(f["alt"].strip() and said in f["caption"] for f, said in figures), "alt text, caption, data as of"
    ids = {name: set(f["ids"]) for name, f in found.items()}
    for name, f in found.items():
        for href in f["hrefs"]:
            if href.lower().startswith(("http://", "https://")):
                continue
            target, _, anchor = href.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), target)) if target else name
            if target in ("feed.xml", "favicon.svg") or CSV_LINK.fullmatch(target):
                assert (folder / target).is_file(), f"{name}: {href} is not in the folder"
                continue
            assert target in ids, f"{name}: {href} names a page the site does not have"
            assert not anchor or anchor in ids[target], f"{name}: {href} has no target"
        if width == 375:
            scroll_width, inner_width = f["scroll"]
            assert scroll_width <= inner_width, f"{name}: horizontal scroll at 375 px ({scroll_width} > {inner_width})"
        assert f["scripts"] == 0 and f["handlers"] == [], name
    for name, f in found.items():
        for t in f["tables"] if which == "project" else []:  # the tiny notebooks show raw pandas on purpose
            assert t["heads"] and "" not in t["heads"][:1], f"{name}: a table with an index column: {t['heads']}"
            code = [h for h in t["heads"] if CODE_NAME.fullmatch(h)]
            assert not code, f"{name}: headers in code, not words: {code}"
            assert t["first"][:3] != ["0", "1", "2"], f"{name}: a 0..n index column"
        for d in f["data"]:
            with (folder / posixpath.dirname(name) / d["href"]).open(encoding="utf-8", newline="") as fh:
                header, *rows = list(csv.reader(fh))
            assert (d["head"], d["rows"]) == (header, rows), f"{name}: the table of {d['href']} is not its CSV"
    assert any(f["data"] for f in found.values()) or which == "hostile", "charts offer their data"
    english = [n for n in found if not n.startswith("it/")]
    for name in (
        english if which == "project" else []
    ):  # the tiny notebooks have no Italian charts  # every page has its counterpart in the other edition, with the same anchors
        other = f"it/{name}"
        assert other in found, f"{name} has no Italian counterpart"
        assert (found[name]["lang"], found[other]["lang"]) == ("en", "it")
        assert found[name]["switch"] == [other, "it"] and found[other]["switch"] == [f"../{name}", "en"]
        assert set(found[name]["ids"]) == set(found[other]["ids"]), f"{name}: the editions' anchors differ"
    assert len(found) == 2 * len(english), "the Italian edition has no page of its own"
    urls = found["sources.html"]["urls"]
    cites = [c for f in found.values() for c in f["cites"]]
    assert cites and all(c.startswith("sources.html#src-") for c in cites), "citations point at the source list"
    assert all(c.partition("#")[2] in urls for c in cites), "citations point at listed sources"
    assert all(u == "no-link" or u.lower().startswith(("http://", "https://")) for u in urls.values())


HOVERED = ("td", "b", "q", "cite", ".src-pub", ".note", "figcaption")
POINTED_AT = """selector => { for (const el of document.querySelectorAll(selector)) {
  for (const type of ["pointerover", "pointerenter", "mouseover", "mouseenter", "mousemove", "click"]) {
    el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true}));
  } } }"""


def test_hostile_data_executes_nothing_and_shows_as_text(browser, reports):
    folder, text = reports["hostile"], ""
    context, seen = watched_context(browser, folder, 1440)
    page = None
    try:
        for path in site_pages(folder):
            page = open_page(context, path, seen, page)
            found = page.evaluate(INSPECT)
            # point at everything that could carry a handler, in case one slipped through: the mouse
            # itself on the first of each kind, and the events a pointer sends on every one
            for selector in HOVERED:
                first = page.query_selector(selector)
                if first is not None and first.is_visible():
                    first.hover()
            page.evaluate(POINTED_AT, ", ".join(HOVERED))
            page.wait_for_timeout(50)
            assert seen["dialogs"] == [], f"{path.name}: a payload ran"
            assert found["scripts"] == 0 and found["handlers"] == []
            assert all(i["src"].startswith("figures/") for i in found["imgs"]), "no injected <img>"
            assert not [h for h in found["hrefs"] if "javascript" in h.lower()]
            text += found["text"]
    finally:
        context.close()
    assert seen["requests"] == [] and seen["console"] == []
    assert "<script>alert(1)</script>" in text, "the payload is shown as text"
    assert "<img src=x onerror=alert(1)>" in text


def test_a_javascript_source_url_is_not_a_link_in_the_browser(browser, tmp_path):
    from partnership import load_package
    from partnership.publish.report import render_report

    pkg = load_package(make_package(tmp_path / "data"))
    sources = pkg["sources"].copy()
    sources.loc[sources["source_id"] == "s_off_it", "url"] = "javascript:alert(1)"
    pkg.tables["sources"] = sources
    from nbformat import v4

    nb = v4.new_notebook()
    nb.cells.append(v4.new_markdown_cell("# Q\n\nCited [@s_off_it]."))
    path = tmp_path / "index.html"
    path.write_text(render_report(pkg, [("01_q.ipynb", nb)], None, "# Methodology"), encoding="utf-8")
    context, page, seen = open_report(browser, path, 1440)
    try:
        hrefs = page.eval_on_selector_all("[href]", "els => els.map(e => e.getAttribute('href'))")
        entry = page.inner_text("#src-s_off_it")
        page.click("a.cite")
        page.wait_for_timeout(100)
        url_after = page.url
    finally:
        context.close()
    assert not [h for h in hrefs if h.lower().lstrip().startswith("javascript")]
    assert "javascript:alert(1)" in entry, "the address stays visible as text"
    assert url_after.endswith("#src-s_off_it"), "the citation jumps to its source entry"
    assert seen["dialogs"] == [] and seen["requests"] == []
