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

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from buildhelpers import write_tiny_notebooks
from conftest import ROOT, make_package

pytestmark = pytest.mark.browser  # real Chromium: not in `make test-fast`

CHROMIUM = os.environ.get("PARTNERSHIP_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = os.environ.get("PARTNERSHIP_ARTIFACTS")
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
WIDTHS = (375, 1440)

INSPECT = """() => {
  const imgs = [...document.images].map(i => ({src: i.getAttribute('src').slice(0, 22), ok: i.complete && i.naturalWidth > 0, alt: i.alt}));
  const hrefs = [...document.querySelectorAll('[href]')].map(a => a.getAttribute('href'));
  const dangling = hrefs.filter(h => h.startsWith('#') && !document.getElementById(decodeURIComponent(h.slice(1))));
  const external = hrefs.filter(h => !h.startsWith('#'));
  const handlers = [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].filter(a => /^on/i.test(a.name)).map(a => e.tagName + '[' + a.name + ']'));
  const figures = [...document.querySelectorAll('figure')].map(f => ({alt: (f.querySelector('img') || {}).alt || '', caption: (f.querySelector('figcaption') || {}).innerText || ''}));
  const cites = [...document.querySelectorAll('a.cite')].map(a => {
    const entry = document.getElementById(a.getAttribute('href').slice(1));
    const url = entry && entry.querySelector('a.url');
    return url ? url.getAttribute('href') : (entry ? 'no-link' : 'missing');
  });
  return {imgs, dangling, external, handlers, figures, cites,
          scripts: document.querySelectorAll('script, iframe, object, embed').length,
          scroll: [document.scrollingElement.scrollWidth, window.innerWidth],
          text: document.body.innerText};
}"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
            f"(`make browser`, or `apt-get install chromium`; PARTNERSHIP_CHROMIUM points elsewhere)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    """Build the mini and hostile reports (both builds at once), plus the project's own if built."""
    base = tmp_path_factory.mktemp("reports")
    nb = write_tiny_notebooks(base / "nb")
    runs = {}
    for name, overrides in (("mini", None), ("hostile", HOSTILE)):
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
        out[name] = base / name / "report" / "index.html"
    return out


def report_path(reports: dict[str, Path], which: str) -> Path:
    if which != "project":
        return reports[which]
    path = ROOT / "report" / "index.html"
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail("report/index.html is missing: CI must run `make report` before the tests")
        pytest.skip("report/index.html not built yet (run `make report`)")
    return path


def open_report(browser, path: Path, width: int):
    """Open the file with every request recorded (and any that leaves the file refused)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=True)
    seen = {"requests": [], "console": [], "dialogs": []}
    url = path.resolve().as_uri()

    def route(r):
        if r.request.url.split("#")[0] == url:
            r.continue_()
        else:
            seen["requests"].append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type in ("error", "warning") and seen["console"].append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen["console"].append(f"pageerror: {e}"))

    def dialog(d):
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.on(
        "request",
        lambda r: not r.url.startswith("data:") and r.url.split("#")[0] != url and seen["requests"].append(r.url),
    )
    page.goto(url, wait_until="load")
    page.wait_for_timeout(100)  # let anything that would run (it must not) have its turn
    return context, page, seen


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", ["mini", "hostile", "project"])
def test_report_in_a_real_browser(browser, reports, which, width):
    path = report_path(reports, which)
    context, page, seen = open_report(browser, path, width)
    try:
        found = page.evaluate(INSPECT)
        if ARTIFACTS:
            Path(ARTIFACTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(ARTIFACTS) / f"report-{which}-{width}.png"), full_page=True)
    finally:
        context.close()
    assert seen["requests"] == [], "no request leaves the file"
    assert seen["console"] == [], "no console errors or warnings"
    assert seen["dialogs"] == []
    assert found["imgs"], "the report shows figures"
    assert all(i["ok"] for i in found["imgs"]), f"images that did not load: {[i for i in found['imgs'] if not i['ok']]}"
    assert all(i["src"].startswith("data:image/") for i in found["imgs"])
    assert all(f["alt"].strip() and "Data as of:" in f["caption"] for f in found["figures"]), (
        "alt text, caption, data as of"
    )
    assert found["dangling"] == [], "every #anchor link has its target"
    web = [h for h in found["external"] if h.lower().startswith(("http://", "https://"))]
    files = [h for h in found["external"] if h not in web]  # the feed and the charts' CSVs, beside the report
    assert all(re.fullmatch(r"feed\.xml|\.\./figures/[0-9]{2}_[a-z0-9_]+\.csv", h) for h in files), files
    assert all((path.parent / h).is_file() for h in files), "every file the report links to exists"
    assert found["cites"] and "missing" not in found["cites"], "citations point at listed sources"
    assert all(c == "no-link" or c.lower().startswith(("http://", "https://")) for c in found["cites"])
    assert found["scripts"] == 0 and found["handlers"] == []
    if width == 375:
        scroll_width, inner_width = found["scroll"]
        assert scroll_width <= inner_width, f"horizontal scroll at 375 px ({scroll_width} > {inner_width})"


def test_hostile_data_executes_nothing_and_shows_as_text(browser, reports):
    context, page, seen = open_report(browser, reports["hostile"], 1440)
    try:
        found = page.evaluate(INSPECT)
        # hover and click everything that could carry a handler, in case one slipped through
        for selector in ("td", "b", "q", "cite", ".src-pub", ".note", "figcaption"):
            for el in page.query_selector_all(selector)[:20]:
                el.hover()
        page.wait_for_timeout(100)
    finally:
        context.close()
    assert seen["dialogs"] == [], "a payload ran"
    assert found["scripts"] == 0 and found["handlers"] == []
    assert all(i["src"].startswith("data:image/") for i in found["imgs"]), "no injected <img>"
    assert not [h for h in found["external"] if "javascript" in h.lower()]
    text = found["text"]
    assert "<script>alert(1)</script>" in text, "the payload is shown as text"
    assert "<img src=x onerror=alert(1)>" in text
    assert seen["requests"] == [] and seen["console"] == []


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


AXE = ROOT / "tests" / "vendor" / "axe-4.10.2.min.js"  # axe-core 4.10.2 (MPL-2.0), as published on npm


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_accessibility_violation(browser, reports, width):
    """axe-core, every rule and every impact, on the project's report at both widths. The page's
    CSP forbids scripts, so the test context bypasses it to inject axe (the page itself runs none)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(report_path(reports, "project").as_uri(), wait_until="load")
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        found = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')}`)"
        )
    finally:
        context.close()
    assert found == [], found
