"""The report renderer on its own (no kernel): structure, citations, figures, escaping, determinism.

Notebooks here are built in memory with the outputs a kernel would give, so these tests take
well under a second each; tests/test_build.py and tests/test_report_browser.py run real builds.
"""

from __future__ import annotations

import base64
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, make_package

from partnership import load_package
from partnership.analysis import readable, tables
from partnership.publish.markup import is_http, sanitize_html
from partnership.publish.report import ReportError, prepare, render_report, render_site

PNG = base64.b64decode(  # a 1x1 white PNG
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
)
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def notebook(*cells, name_meta=None):
    from nbformat import v4

    nb = v4.new_notebook()
    for kind, text, outputs in cells:
        if kind == "md":
            nb.cells.append(v4.new_markdown_cell(text))
        else:
            cell = v4.new_code_cell(text)
            cell.outputs = outputs
            nb.cells.append(cell)
    if name_meta is not None:
        nb.metadata["partnership"] = name_meta
    return nb


def display(data: dict, metadata: dict | None = None):
    from nbformat import v4

    return v4.new_output("display_data", data=data, metadata=metadata or {})


def write_figure(folder: Path, name: str, notebook: str, **meta) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.png").write_bytes(PNG)
    side = {
        "name": name,
        "title": "A title",
        "alt": "An alt text",
        "caption": "A caption.",
        "as_of": "data package v9, updated 2099-01-01",
        "notebook": notebook,
    }
    side.update(meta)
    (folder / f"{name}.json").write_text(json.dumps(side))


@pytest.fixture
def pkg(mini_dir):
    return load_package(mini_dir)


@pytest.fixture
def hostile_pkg(tmp_path):
    return load_package(make_package(tmp_path / "hostile", ROOT / "tests" / "fixtures" / "hostile"))


def basic_notebooks():
    from nbformat import v4

    one = notebook(
        ("md", "# First question [@s_off_it]\n\nWhy? Because [@s_news_it; @s_reprint1] and see D01.", None),
        (
            "code",
            "secret_code_marker = 1",
            [v4.new_output("execute_result", data={"text/plain": "42"}, execution_count=1)],
        ),
        ("code", "show()", [display({"image/png": base64.b64encode(PNG).decode(), "text/plain": "<Exported>"})]),
        ("md", "## What we found\n\nFirst finding [@s_off_cn].\n\nMore detail.", None),
    )
    two = notebook(("md", "# Second question\n\nText.", None), ("md", "## What we found\n\nSecond finding.", None))
    explore = notebook(("md", "# Explorer\n\nWidgets.", None))
    return [("01_first.ipynb", one), ("02_second.ipynb", two), ("06_explore.ipynb", explore)]


def render(pkg, tmp_path, notebooks=None, **kw):
    figs = tmp_path / "figures"
    if not figs.exists():
        write_figure(figs, "01_chart", "01_first.ipynb")
    return render_report(
        pkg,
        notebooks or basic_notebooks(),
        figs,
        "# Methodology: how\n\n## Grades\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        **kw,
    )


class Page(HTMLParser):
    """Collects ids, links, images, scripts and every attribute of a rendered page."""

    def __init__(self, text: str):
        super().__init__()
        self.ids, self.hrefs, self.imgs, self.tags, self.attrs, self.h = [], [], [], [], [], []
        self.links = []  # <link>: (rel, href)
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        d = dict(attrs)
        self.attrs += attrs
        if "id" in d:
            self.ids.append(d["id"])
        if tag == "a" and "href" in d:
            self.hrefs.append(d["href"])
        if tag == "img":
            self.imgs.append(d)
        if tag == "link":
            self.links.append((d.get("rel"), d.get("href")))
        if re.fullmatch(r"h[1-6]", tag):
            self.h.append(int(tag[1]))


def test_structure_sections_toc_and_anchors(pkg, tmp_path):
    html = render(pkg, tmp_path)
    page = Page(html)
    assert page.h.count(1) == 1, "one H1: the title"
    assert "secret_code_marker" not in html, "no code in the report"
    assert "In [" not in html and "Out[" not in html, "no prompts"
    assert [i for i in page.ids if i.startswith("sec-") and not i.endswith("-h")] == [
        "sec-01-first",
        "sec-02-second",
    ], "01 and 02 are sections, the explorer is not"
    assert "Explorer" not in html
    for anchor in ("summary", "methodology", "discrepancies", "open-questions", "sources"):
        assert anchor in page.ids
    internal = [h[1:] for h in page.hrefs if h.startswith("#")]
    assert internal and all(a in page.ids for a in internal), "every #anchor has a target"
    assert len(page.ids) == len(set(page.ids)), "ids are unique"
    assert all(h.startswith("#") or is_http(h) for h in page.hrefs)
    assert '<pre class="output">42</pre>' in html


def render_files(pkg, tmp_path, notebooks=None, **kw):
    figs = tmp_path / "figures"
    if not figs.exists():
        write_figure(figs, "01_chart", "01_first.ipynb")
    methodology = "# Methodology: how\n\n## Grades\n\nSee [the summary](#summary) and E01.\n"
    files = {}
    for lang in ("en", "it"):  # both editions: each page links to its counterpart
        files.update(render_site(prepare(pkg, notebooks or basic_notebooks(), figs, methodology, lang=lang, **kw)))
    return files


def test_the_site_has_a_page_per_part_and_every_link_lands_on_a_file_and_an_anchor(pkg, tmp_path):
    files = render_files(pkg, tmp_path)
    pages = {f: Page(b.decode("utf-8")) for f, b in files.items() if f.endswith(".html")}
    assert {"index.html", "01-first.html", "02-second.html", "chronology.html", "sources.html"} <= set(pages)
    assert "06-explore.html" not in pages
    crossing = 0
    for name, page in pages.items():
        assert page.h.count(1) == 1, f"{name}: one H1"
        assert "script" not in page.tags and "iframe" not in page.tags
        root = "../" if name.startswith("it/") else ""
        assert page.links == [("icon", root + "favicon.svg")], "the only linked file is the site's icon"
        for img in page.imgs:
            assert img["src"] in files and img["src"].startswith("figures/"), f"{name}: {img['src']}"
            assert img.get("loading") == "lazy" and img.get("width") and img.get("height")
        for href in page.hrefs:
            if is_http(href):
                continue
            target, _, anchor = href.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), target)) if target else name
            assert target in files, f"{name}: link to {href}, which the site does not have"
            if anchor and target.endswith(".html"):
                assert anchor in pages[target].ids, f"{name}: {href} has no target"
            crossing += target != name
    assert crossing, "pages link to each other"
    assert files["figures/01_chart.png"] == (tmp_path / "figures" / "01_chart.png").read_bytes()
    assert files["favicon.svg"].startswith(b"<svg")
    assert 'href="chronology.html#E01"' in files["methodology.html"].decode(), "a record id links to its page"
    assert 'href="index.html#summary"' in files["methodology.html"].decode(), "an #anchor in prose finds its page"


def test_offline_and_self_contained(pkg, tmp_path):
    html = render(pkg, tmp_path)
    page = Page(html)
    assert "script" not in page.tags and "iframe" not in page.tags
    assert page.links == [("icon", "favicon.svg")]
    assert page.imgs and all(img["src"].startswith("figures/") for img in page.imgs), "images are files beside the page"
    assert not any("loading" in img for img in page.imgs), "the single document (for print) loads every image"
    assert not re.search(r"""(src|href)\s*=\s*["']?//""", html), "no protocol-relative resources"
    assert "@import" not in html and "url(" not in html.split("</style>")[0], "the CSS fetches nothing"
    assert "default-src 'none'" in html, "a Content-Security-Policy forbids scripts and network requests"


def test_citations_are_numbered_links_in_order_of_first_use(pkg, tmp_path):
    html = render(pkg, tmp_path)
    cites = re.findall(r'<a class="cite" href="#src-([a-z0-9_]+)">(\d+)</a>', html)
    first = {}
    for sid, n in cites:
        first.setdefault(sid, int(n))
        assert first[sid] == int(n), "a source keeps its number"
    assert list(first.values()) == list(range(1, len(first) + 1)), "numbered in reading order"
    assert list(first)[:4] == ["s_off_cn", "s_off_it", "s_news_it", "s_reprint1"], "the summary comes first"
    entry = re.search(r'<li id="src-s_news_it"><span class="src-no">\[(\d+)\]</span>', html)
    assert entry and entry.group(1) == "3", "the list number is the citation number"
    listed = re.findall(r'<li id="src-([a-z0-9_]+)"><span class="src-no">\[(\d+)\]', html)
    assert [int(n) for _, n in listed] == list(range(1, len(listed) + 1)), "the list is in citation order"
    for group in re.findall(r'<span class="cites">\[(.*?)\]</span>', html):
        numbers = [int(n) for n in re.findall(r">(\d+)</a>", group)]
        assert numbers == sorted(numbers), "[2, 3], never [3, 2]"
    assert '<a class="xref" href="#disc-D01">D01</a>' in html
    for sid in pkg["sources"]["source_id"]:
        assert f'id="src-{sid}"' in html, "every source is listed"
    assert '<a class="url" href="https://example.it/news/1" rel="noopener noreferrer">' in html


def test_unknown_citation_is_an_error(pkg, tmp_path):
    nbs = [("01_x.ipynb", notebook(("md", "# X\n\nSee [@no_such_source].", None)))]
    with pytest.raises(ReportError, match="no_such_source"):
        render(pkg, tmp_path, nbs)


def test_summary_takes_the_first_paragraph_of_what_we_found(pkg, tmp_path):
    html = render(pkg, tmp_path)
    summary = html.split('id="summary"')[1].split("</section>")[0]
    assert "First finding" in summary and "Second finding" in summary
    assert "More detail" not in summary
    assert "7 events" in summary and "7 sources" in summary, "counts come from the data"
    assert "1 logged discrepancy (1 still open)" in summary


def test_figures_have_caption_alt_and_as_of(pkg, tmp_path):
    html = render(pkg, tmp_path)
    fig = re.search(r'<figure class="chart" id="fig-01-chart">(.*?)</figure>', html, re.S)
    assert fig, "the exported figure is shown where the notebook showed it"
    body = fig.group(1)
    assert 'alt="An alt text"' in body and "A caption." in body
    assert "Data as of: data package v9, updated 2099-01-01." in body
    assert 'src="figures/01_chart.png"' in body
    assert html.index("fig-01-chart") < html.index("First finding", html.index('id="sec-01-first"'))


def test_exported_figure_not_shown_in_notebook_is_placed_before_findings(pkg, tmp_path):
    write_figure(tmp_path / "figures", "01_other", "01_first.ipynb", title="Other")
    html = render(pkg, tmp_path)
    section = html.split('id="sec-01-first"')[1].split("</section>")[0]
    assert "fig-01-other" in section
    assert section.index("fig-01-other") < section.index("What we found")


def test_image_that_is_not_an_exported_figure_is_left_out(pkg, tmp_path):
    other = base64.b64encode(PNG + b"x").decode()
    nbs = [("01_first.ipynb", notebook(("md", "# T", None), ("code", "x", [display({"image/png": other})])))]
    warnings = []
    html = render(pkg, tmp_path, nbs, warnings=warnings)
    assert other not in html
    assert any("not an exported figure" in w for w in warnings)


def test_figure_without_alt_text_is_an_error(pkg, tmp_path):
    write_figure(tmp_path / "figures", "01_chart", "01_first.ipynb", alt="")
    with pytest.raises(ReportError, match="alt"):
        render(pkg, tmp_path)


def test_deterministic(pkg, tmp_path):
    assert render(pkg, tmp_path) == render(pkg, tmp_path)


def test_methodology_and_discrepancy_log(pkg, tmp_path):
    html = render(pkg, tmp_path)
    method = html.split('id="methodology"')[1].split("</section>")[0]
    assert (
        "<h2" in method
        and "<h3>Grades</h3>" in method
        and '<div class="table-wrap" tabindex="0" role="region" aria-label="Table: Grades"><table>' in method
    )
    log = html.split('id="discrepancies"')[1].split("</section>")[0]
    assert 'id="disc-D01"' in log and "23000 square metres" in log and "22000 square metres" in log
    assert "#src-s_news_it" in log and "#src-s_news_int" in log, "each variant links to its sources"
    assert "Both kept." in log and 'actors <a href="#actor-site_s">site_s</a>' in log


# --- escaping -------------------------------------------------------------------------------------


def test_hostile_data_is_text(hostile_pkg, tmp_path):
    nbs = [
        (
            "01_first.ipynb",
            notebook(
                (
                    "md",
                    "# Hostile [@s_low]\n\n<script>alert(2)</script> and [x](javascript:alert(3))\n\nA [y](javascript:alert(3)) and ![i](https://example.org/i.png)",
                    None,
                ),
                ("code", "", [display({"text/markdown": "Title: " + hostile_pkg["events"]["title"][0]})]),
                (
                    "code",
                    "",
                    [
                        display(
                            {
                                "text/html": f"<div onclick=alert(4)><style>body{{}}</style>{IMG}<b>kept</b><a href='javascript:alert(5)'>j</a><a href='https://example.org/ok'>ok</a></div>"
                            }
                        )
                    ],
                ),
            ),
        )
    ]
    html = render(hostile_pkg, tmp_path, nbs)
    page = Page(html)
    assert "script" not in page.tags
    assert all(img["src"].startswith("figures/") for img in page.imgs), "no injected <img>"
    assert not [a for a, _ in page.attrs if a.startswith("on")], "no event-handler attribute"
    assert not [h for h in page.hrefs if not (h.startswith(("#", "figures/")) or is_http(h))], "no javascript: link"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, "the payload shows as text"
    assert "https://example.org/i.png" not in html, "no remote image from prose"
    assert "<b>kept</b>" in html and 'href="https://example.org/ok"' in html
    assert "body{}" not in html, "style elements from outputs are dropped with their content"


def test_a_javascript_url_in_the_sources_never_becomes_a_link(pkg, tmp_path):
    sources = pkg["sources"].copy()
    sources.loc[sources["source_id"] == "s_news_it", "url"] = "javascript:alert(1)"
    sources.loc[sources["source_id"] == "s_low", "url"] = "JaVaScRiPt:alert(2)"
    sources.loc[sources["source_id"] == "s_off_cn", "url"] = "data:text/html,<script>alert(3)</script>"
    pkg.tables["sources"] = sources
    html = render(pkg, tmp_path)
    assert not re.search(r'href="(?!#|https?://|favicon\.svg")', html), "only #anchors and http(s) links"
    assert "javascript:alert(1)" in html, "the address is still shown, as text"
    entry = re.search(r'<li id="src-s_news_it">.*?</li>', html, re.S).group(0)
    assert '<span class="url nolink">javascript:alert(1)</span>' in entry


@pytest.mark.parametrize(
    "fragment, kept, gone",
    [
        ("<table><tr><td onclick='x()'>1</td></tr></table>", "<td>1</td>", "onclick"),
        ("<script>alert(1)</script>text", "text", "alert"),
        ("<svg/onload=alert(1)>inside</svg>after", "after", "onload"),
        ("<svg><script>alert(1)</script></svg>after", "after", "alert"),
        ("<a href='javascript:alert(1)'>x</a>", ">x</a>", "href"),
        ("<a href='https://example.org/'>x</a>", 'href="https://example.org/" rel="noopener noreferrer"', "javascript"),
        ("<a href='#sources'>x</a>", ">x</a>", "href"),
        ("<iframe src='https://example.org'>in</iframe>out", "out", "iframe"),
        ("<table><tr><th colspan='2' style='color:red'>h</th></tr></table>", 'colspan="2"', "style"),
        ("<p title='\"><script>'>t</p>", "<p>t</p>", "script"),
        ("a &lt;b&gt; & c", "a &lt;b&gt; &amp; c", "<b>"),
    ],
)
def test_sanitizer(fragment, kept, gone):
    out = sanitize_html(fragment)
    assert kept in out and gone not in out


def test_is_http():
    assert is_http("https://example.org/a?b=c") and is_http("HTTP://EXAMPLE.ORG")
    for url in (
        "javascript:alert(1)",
        " javascript:x",
        "data:text/html,x",
        "//example.org",
        "ftp://x",
        'https://x/"><script>',
        "mailto:a@b",
    ):
        assert not is_http(url)


def test_real_methodology_renders(pkg, tmp_path):
    text = (ROOT / "METHODOLOGY.md").read_text(encoding="utf-8")
    html = render_report(pkg, basic_notebooks(), tmp_path / "none", text)
    assert "The confidence grade" in html.split('id="methodology"')[1]


@pytest.mark.parametrize("how", ["metadata", "mime-metadata", "text"])
def test_a_scaled_copy_of_an_exported_figure_is_matched_by_name(pkg, tmp_path, how):
    scaled = base64.b64encode(PNG + b"scaled").decode()  # not the file's bytes
    data = {
        "image/png": scaled,
        "text/plain": "Exported('01_chart': 01_chart.png, 01_chart.svg, 01_chart.json)" if how == "text" else "<x>",
    }
    meta = {
        "metadata": {"partnership": {"figure": "01_chart"}},
        "mime-metadata": {"image/png": {"width": 900, "figure": "01_chart"}},
        "text": {},
    }[how]
    nbs = [
        (
            "01_first.ipynb",
            notebook(("md", "# T", None), ("code", "x", [display(data, meta)]), ("md", "## What we found\n\nX.", None)),
        )
    ]
    warnings = []
    html = render(pkg, tmp_path, nbs, warnings=warnings)
    section = html.split('id="sec-01-first"')[1]
    assert warnings == [] and section.index("fig-01-chart") < section.index("What we found")
    assert scaled not in html, "the report shows the exported file, not the notebook's copy"


def test_summary_of_a_findings_list_keeps_its_bold_lead_ins(pkg, tmp_path):
    found = (
        "## What we found\n\n*Figures as of data package v1.0.0.*\n\n"
        "- **Design dominates.** Of 7 events, 4 carry design [@s_off_it].\n"
        "- **Money is rare.** One price is reported.\n\nA closing paragraph."
    )
    nbs = [("01_first.ipynb", notebook(("md", "# First", None), ("md", found, None)))]
    html = render(pkg, tmp_path, nbs)
    summary = html.split('id="summary"')[1].split("</section>")[0]
    assert "<li>Design dominates.</li>" in summary and "<li>Money is rare.</li>" in summary
    assert "Figures as of" not in summary and "carry design" not in summary and "closing" not in summary
    section = html.split('id="sec-01-first"')[1]
    assert "Of 7 events, 4 carry design" in section, "the section keeps the whole text"


def test_the_releases_are_listed_and_the_feed_is_linked(pkg, tmp_path):
    changelog = "# Changelog\n\n## 1.1.0 — 2099-02-01\n\nFixed D01.\n\n## 1.0.0 — 2099-01-01\n\nFirst release.\n"
    page = render(pkg, tmp_path, changelog=changelog)
    assert '<link rel="alternate" type="application/atom+xml" href="feed.xml"' in page
    section = re.search(r'<section id="changelog".*?</section>', page, re.S).group(0)
    assert "<h3>1.1.0 — 2099-02-01</h3>" in section and section.index("1.1.0") < section.index("1.0.0")
    assert '<a class="xref" href="#disc-D01">D01</a>' in section, "record ids in the changelog are links"
    assert '<a href="#changelog">Data releases</a>' in page
    assert "feed.xml" not in render(pkg, tmp_path), "no changelog, no feed link"


# --- the record sections: chronology, register of figures, directory of actors -----------------

# The mini fixture's events as a reader must see their dates (written out here, not computed).
DATES = {
    "E01": "22 Feb 2017",
    "E02": "Nov 2017",
    "E03": "2012",
    "E04": "17–22 Apr 2018",
    "E05": "c. 20 Mar – 15 Apr 2016",
    "E06": "18 Jun 2021",
    "E07": "c. 1 Mar 2019 – end unknown",
}


def part(html: str, ident: str) -> str:
    """The element with this id, up to the next element of the same kind (enough to search in)."""
    start = html.index(f'id="{ident}"')
    tag = html.rfind("<", 0, start)
    name = re.match(r"<(\w+)", html[tag:]).group(1)
    return html[tag : html.index(f"</{name}>", start)]


def test_every_event_has_an_anchored_chronology_entry_with_its_date_at_precision(pkg, tmp_path):
    html = render(pkg, tmp_path)
    chron = html.split('id="chronology"')[1].split('id="figures"')[0]
    assert set(DATES) == set(pkg["events"]["event_id"])
    for eid, date in DATES.items():
        entry = part(chron, eid)
        assert f'<time class="when">{date}</time>' in entry, eid
    phases = re.findall(r'<section class="phase" id="chronology-(\w+)"', chron)
    assert phases == ["background", "founding", "operation", "aftermath"], "phases in the schema's order"
    founding = part(chron, "chronology-founding")
    assert re.findall(r'<li class="event" id="(\w+)"', founding) == ["E01", "E02", "E04"], "date order"


def test_chronology_entry_shows_evidence_in_words_actors_sectors_sources_and_discrepancies(pkg, tmp_path):
    html = render(pkg, tmp_path)
    e01 = part(html, "E01")
    assert "Agreement signed" in e01 and "The two universities sign an agreement." in e01
    assert "Grade A: two or more independent origins, at least one of them official" in e01
    assert "2 independent origins" in e01 and "confirmed by both sides" in e01 and "not confirmed" not in e01
    for actor in ("person_p", "uni_a", "uni_b"):
        assert f'href="#actor-{actor}"' in e01
    assert "Design" in e01 and '<a class="cite" href="#src-s_off_cn">' in e01
    assert '<a class="xref" href="#F02_1">F02_1</a>' in e01, "the figures about the event"
    e04 = part(html, "E04")
    assert "contested, so one grade lower" in e04 and "contradicted by" in e04 and "#src-s_low" in e04
    assert "not confirmed by both sides (Italian side only)" in e04
    assert "unverified: rests on memory" in part(html, "E05")


def test_directory_names_in_three_languages_and_links_that_resolve(pkg, tmp_path):
    html = render(pkg, tmp_path)
    page = Page(html)
    ids = set(page.ids)
    for aid in pkg["actors"]["actor_id"]:
        assert f"actor-{aid}" in ids
    actor_links = [h for h in page.hrefs if h.startswith("#actor-")]
    assert actor_links and all(h[1:] in ids for h in actor_links)
    uni_b = part(html, "actor-uni_b") + html.split('id="actor-uni_b"')[1].split("</dd>")[0]
    assert '<span lang="zh-Hans">贝塔大学</span>' in uni_b
    uni_a = html.split('id="actor-uni_a"')[1].split("</dd>")[0]
    assert '<span lang="it">Università Alpha</span>' in uni_a
    assert '<a class="xref" href="#E01">E01</a> <span class="role">(signatory)</span>' in uni_a
    assert '<a class="xref" href="#E07">E07</a> <span class="role">(host)</span>' in uni_a
    assert 'part of <a href="#actor-uni_b">Beta University</a>' in html.split('id="actor-co_x"')[1].split("</dd>")[0]


def test_register_puts_competing_figures_side_by_side(pkg, tmp_path):
    html = render(pkg, tmp_path)
    reg = html.split('id="figures"')[1].split("</section>")[0]
    groups = re.findall(r"<tbody>(.*?)</tbody>", reg, re.S)
    area = next(g for g in groups if "Site area" in g)
    assert 'id="F01_1"' in area and 'id="F01_2"' in area
    assert "values differ, not in conflict" in area, "23,000 and 22,000 m² are reported for different days"
    f01 = part(reg, "F01_1")
    assert "23,000 m²" in f01 and "7 Feb 2018" in f01 and '<a href="#actor-site_s">Example Site</a>' in f01
    assert '<a class="xref" href="#disc-D01">D01</a>' in f01
    f02 = part(reg, "F02_1")
    assert "EUR 50 million" in f02 and "money (EUR)" in f02 and "price" in f02 and "not stated" in f02
    assert "5–6" in part(reg, "F04_1")
    for qid in pkg["quantities"]["quantity_id"]:
        assert f'<tr id="{qid}">' in reg


def test_record_ids_in_prose_link_to_their_entries(pkg, tmp_path):
    prose = "# Ids\n\nThe agreement (E01), the area (F01_1, D01), the owner (Q01) and [@s_news_it]."
    html = render(pkg, tmp_path, [("01_first.ipynb", notebook(("md", prose, None)))])
    section = html.split('id="sec-01-first"')[1].split("</section>")[0]
    for ident, anchor in (("E01", "E01"), ("F01_1", "F01_1"), ("D01", "disc-D01"), ("Q01", "Q01")):
        assert f'<a class="xref" href="#{anchor}">{ident}</a>' in section
    page = Page(html)
    xrefs = re.findall(r'<a class="xref" href="#([^"]+)"', html)
    assert xrefs and set(xrefs) <= set(page.ids), "every id link has its target"
    assert 'id="Q01"' in html.split('id="open-questions"')[1]


@pytest.mark.parametrize(
    "text, bad", [("See E99.", "E99"), ("Area F01_9.", "F01_9"), ("Log D02", "D02"), ("Q09?", "Q09")]
)
def test_an_id_of_a_record_that_does_not_exist_is_an_error(pkg, tmp_path, text, bad):
    nbs = [("01_x.ipynb", notebook(("md", f"# X\n\n{text}", None)))]
    with pytest.raises(ReportError, match=bad):
        render(pkg, tmp_path, nbs)


def test_words_not_shaped_like_record_ids_stay_text(pkg, tmp_path):
    nbs = [("01_x.ipynb", notebook(("md", "# X\n\nThe G20, a 4K screen, E1 and `E99` in code.", None)))]
    html = render(pkg, tmp_path, nbs)
    assert "The G20, a 4K screen, E1 and <code>E99</code> in code." in html


def test_language_marks(pkg, tmp_path):
    sources = pkg["sources"].copy()
    sources.loc[sources["source_id"] == "s_off_cn", "title"] = "啟迪控股聲明"
    sources.loc[sources["source_id"] == "s_news_int", "publisher"] = "World Wire (世界新闻)"
    pkg.tables["sources"] = sources
    nbs = [("01_x.ipynb", notebook(("md", "# X\n\nThe name 贝塔大学 is Chinese.", None)))]
    html = render(pkg, tmp_path, nbs)
    assert 'The name <span lang="zh-Hans">贝塔大学</span> is Chinese.' in html
    assert '<cite><span lang="zh-Hant">啟迪控股聲明</span></cite>' in html, "traditional script"
    assert '<cite><span lang="it">Accordo firmato</span></cite>' in html
    assert 'World Wire (<span lang="zh-Hans">世界新闻</span>)' in html
    assert "<cite>Universities open a hub</cite>" in html, "English is the page's language"


def test_scrollable_regions_are_reachable_and_headers_not_empty(pkg, tmp_path):
    html = render(pkg, tmp_path)
    wraps = re.findall(r'<div class="table-wrap"[^>]*>', html)
    assert wraps
    for w in wraps:
        assert 'tabindex="0"' in w and 'role="region"' in w and re.search(r'aria-label="[^"]+"', w)
    assert not re.search(r"<th[^>]*>\s*</th>", html), "no empty table header"
    assert '<meta name="description"' not in html, "no description, no empty meta"
    described = render(pkg, tmp_path, description="What the data says.")
    assert '<meta name="description" content="What the data says.">' in described


def test_record_sections_cite_after_the_methodology_in_page_order(pkg, tmp_path):
    html = render(pkg, tmp_path)
    numbers = {}
    for sid, n in re.findall(r'<a class="cite" href="#src-([a-z0-9_]+)">(\d+)</a>', html):
        numbers.setdefault(sid, int(n))
    chron = html.split('id="chronology"')[1]
    first_new = re.search(r'href="#src-([a-z0-9_]+)"', chron).group(1)
    assert first_new in numbers
    listed = re.findall(r'<li id="src-([a-z0-9_]+)"><span class="src-no">\[(\d+)\]', html)
    assert [int(n) for _, n in listed] == list(range(1, len(listed) + 1))
    assert "Also in the data package, not cited above" not in html, "every mini source is cited somewhere"


def test_shared_ids_between_tables_are_an_error(pkg, tmp_path):
    events = pkg["events"].copy()
    events.loc[events["event_id"] == "E07", "event_id"] = "Q01"
    pkg.tables["events"] = events
    pkg.tables["event_actors"] = pkg["event_actors"][pkg["event_actors"]["event_id"] != "E07"]
    with pytest.raises(ReportError, match="Q01"):
        render(pkg, tmp_path)


def test_reader_tables_have_no_index_column_link_ids_and_cite_sources(pkg, tmp_path):
    from nbformat import v4

    shown = readable.table(tables.event_details(pkg, ["E01", "E04"]))
    out = v4.new_output("display_data", data={"text/markdown": shown._repr_markdown_(), "text/plain": repr(shown)})
    nbs = [("01_first.ipynb", notebook(("md", "# T\n\n## The milestones", None), ("code", "x", [out])))]
    html = render(pkg, tmp_path, nbs)
    section = html.split('id="sec-01-first"')[1].split("</section>")[0]
    assert 'aria-label="Table: The milestones"' in section
    assert '<a class="xref" href="#E01">E01</a>' in section and '<a class="cite" href="#src-s_off_cn">' in section
    assert "<th>Event</th>" in section and "<th></th>" not in section and "<td>0</td>" not in section
    assert "22 Feb 2017" in section and "s_off_cn" not in Page(section).ids


def test_a_figure_offers_the_data_behind_it(pkg, tmp_path):
    figs = tmp_path / "figures"
    columns = [{"name": "Sector", "description": "The sector."}, {"name": "Events", "description": "How many."}]
    write_figure(figs, "01_chart", "01_first.ipynb", data={"path": "01_chart.csv", "columns": columns})
    (figs / "01_chart.csv").write_text("Sector,Events\nDesign <b>,3\nRobotics,1\n", encoding="utf-8")
    page = render(pkg, tmp_path)
    figure = re.search(r'<figure class="chart" id="fig-01-chart">.*?</figure>', page, re.S).group(0)
    assert "<details" in figure and "(2 rows)" in figure
    assert 'href="figures/01_chart.csv"' in figure and "Design &lt;b&gt;" in figure
    (figs / "01_chart.csv").unlink()
    with pytest.raises(ReportError, match="01_chart.csv"):
        render(pkg, tmp_path)


def test_the_italian_edition_speaks_italian_and_marks_the_records_english_text(pkg, tmp_path):
    files = render_files(pkg, tmp_path)
    chrono = files["it/chronology.html"].decode("utf-8")
    assert chrono.startswith('<!DOCTYPE html>\n<html lang="it">')
    assert '<h2 id="chronology-h">Cronologia</h2>' in chrono and "Every event of the data package" not in chrono
    assert '<strong class="event-title" lang="en">' in chrono, "record titles stay English, and say so"
    assert 'href="../chronology.html" hreflang="en" lang="en">English</a>' in chrono
    assert 'href="it/chronology.html" hreflang="it" lang="it">Italiano</a>' in files["chronology.html"].decode("utf-8")
    english = {f for f in files if f.endswith(".html") and not f.startswith("it/")}
    assert {f"it/{f}" for f in english} == {f for f in files if f.startswith("it/") and f.endswith(".html")}
