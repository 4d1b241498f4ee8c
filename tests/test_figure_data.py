"""The report's "data behind this chart" fragment: the right row count, an accessible table, all text escaped."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from partnership import charts
from partnership.charts.output import export
from partnership.publish.figure_data import figure_data_html

HOSTILE = '<script>alert("x")</script>'
FRAGMENT_TAGS = {
    "details",
    "summary",
    "div",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "dl",
    "dt",
    "dd",
    "p",
    "a",
}


def sidecar(columns: list[str], title: str = "A chart", path: str = "01_chart.csv") -> dict:
    return {
        "name": path.removesuffix(".csv"),
        "title": title,
        "data": {"path": path, "columns": [{"name": c, "description": f"what {c} holds"} for c in columns]},
    }


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each cell, as the browser would read them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_cell = tag in ("td", "th")
        if self._in_cell:
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def parse(fragment: str) -> Tags:
    tags = Tags()
    tags.feed(fragment)
    tags.close()
    return tags


def test_the_summary_counts_the_rows_not_the_lines():
    text = 'a,b\n1,"two\nlines"\n3,4\n'  # a quoted value may hold a line break: still two rows
    html = figure_data_html(text, sidecar(["a", "b"]))
    assert "<summary>Data behind this chart (2 rows)</summary>" in html
    assert parse(html).tags.count(("tr", {})) == 3  # the header row and two data rows
    one = figure_data_html("a,b\n1,2\n", sidecar(["a", "b"]))
    assert "(1 row)" in one and "(0 rows)" in figure_data_html("a,b\n", sidecar(["a", "b"]))


def test_the_table_is_accessible_and_has_no_index_column():
    html = figure_data_html("event id,grade\nE01,A\nE02,C\n", sidecar(["event id", "grade"], title="Grades"))
    tags = parse(html)
    names = [t for t, _ in tags.tags]
    assert names[:2] == ["details", "summary"] and "caption" in names
    headers = [a for t, a in tags.tags if t == "th"]
    assert headers == [{"scope": "col"}, {"scope": "col"}]
    assert tags.cells == ["event id", "grade", "E01", "A", "E02", "C"]  # the CSV's cells, nothing added
    region = next(a for t, a in tags.tags if t == "div")
    assert region["tabindex"] == "0" and region["role"] == "region" and region["aria-label"] == "Data behind: Grades"
    assert "<dt>grade</dt><dd>what grade holds</dd>" in html


def test_the_download_link_takes_the_prefix():
    meta = sidecar(["a"], path="04_figures_money.csv")
    links = [a for t, a in parse(figure_data_html("a\n1\n", meta)).tags if t == "a"]
    assert links == [{"href": "figures/04_figures_money.csv", "download": None}]
    links = [a for t, a in parse(figure_data_html("a\n1\n", meta, href_prefix="../it/figures/")).tags if t == "a"]
    assert links[0]["href"] == "../it/figures/04_figures_money.csv"


def test_hostile_text_stays_text():
    columns = [HOSTILE, "b"]
    text = f'"{HOSTILE.replace(chr(34), chr(34) * 2)}",b\n"<img src=x onerror=alert(1)>","a ""quoted"" & \'odd\'"\n'
    meta = sidecar(columns, title=f'Title "{HOSTILE}"')
    meta["data"]["columns"][1]["description"] = "<b>bold</b>"
    html = figure_data_html(text, meta)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    tags = parse(html)
    assert {t for t, _ in tags.tags} <= FRAGMENT_TAGS
    assert tags.cells == [HOSTILE, "b", "<img src=x onerror=alert(1)>", "a \"quoted\" & 'odd'"]
    region = next(a for t, a in tags.tags if t == "div")
    assert region["aria-label"] == f'Data behind: Title "{HOSTILE}"'


@pytest.mark.parametrize("path", ["javascript:alert(1)", "../secret.csv", "01_chart.csv?x=1", "", "01_Chart.CSV"])
def test_a_data_path_that_is_not_a_figure_csv_is_refused(path):
    with pytest.raises(ValueError, match="not a figure's CSV file name"):
        figure_data_html("a\n1\n", sidecar(["a"], path=path))


def test_a_csv_that_is_not_what_the_sidecar_describes_is_refused():
    with pytest.raises(ValueError, match="not the columns its sidecar describes"):
        figure_data_html("b,a\n1,2\n", sidecar(["a", "b"]))
    with pytest.raises(ValueError, match="line 3 has 1 values for 2 columns"):
        figure_data_html("a,b\n1,2\n3\n", sidecar(["a", "b"]))
    with pytest.raises(ValueError, match="no 'data' entry"):
        figure_data_html("a\n1\n", {"title": "old sidecar"})


def test_an_exported_chart_gives_one_table_row_per_csv_row(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERSHIP_FIGURES_DIR", str(tmp_path))
    fig = charts.timeline(mini, milestones=["E01"])
    export(fig, "02_timeline_test")
    meta = json.loads((tmp_path / "02_timeline_test.json").read_text(encoding="utf-8"))
    html = figure_data_html((tmp_path / "02_timeline_test.csv").read_text(encoding="utf-8"), meta)
    n = len(charts.chart_data(fig).table)
    assert f"({n} rows)" in html and parse(html).tags.count(("tr", {})) == n + 1
    assert 'href="figures/02_timeline_test.csv" download' in html
