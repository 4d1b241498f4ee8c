"""Charts draw from the data they are given, label their axes, and say what is missing.

Expected values are worked out by hand from tests/fixtures/mini (see the CSVs there), not read
back from the code under test.
"""

from __future__ import annotations

from dataclasses import replace

import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from partnership import charts
from partnership.analysis import tables
from partnership.charts import network, quantities, sectors
from partnership.charts.common import alt_text, chart_meta, figure_texts
from partnership.charts.timeline import lay_out_rows, milestone_labels, pack_lanes, select


@pytest.fixture(scope="module")
def empty(mini):
    return replace(mini, tables={name: t.iloc[0:0].copy() for name, t in mini.tables.items()})


def by_gid(fig, prefix: str) -> dict:
    """Artists whose gid starts with prefix, keyed by the rest of the gid."""
    found = {}
    for artist in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix)):
        found[artist.get_gid()[len(prefix) :]] = artist
    return found


CHARTS = {
    "timeline": lambda p: charts.timeline(p, milestones=["E01"]),
    "timeline_window": lambda p: charts.timeline(p, window=("2017-02-01", "2018-04-30"), show_ids=True),
    "sector_matrix": lambda p: charts.sector_matrix(p),
    "sector_matrix_origins": lambda p: charts.sector_matrix(p, weight="origins"),
    "actor_network": lambda p: charts.actor_network(p),
    "ownership": lambda p: charts.ownership(p, "co_x"),
    "reported_figures": lambda p: charts.reported_figures(p),
    "sources_profile": charts.sources_profile,
    "reprint_clusters": charts.reprint_clusters,
    "independent_support": charts.independent_support,
    "grade_distribution": charts.grade_distribution,
    "discrepancy_status": charts.discrepancy_status,
}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chart_has_title_labels_alt_text_and_as_of_footer(name, mini):
    fig = CHARTS[name](mini)
    meta = chart_meta(fig)
    assert meta["title"] and fig._suptitle is not None
    assert fig._suptitle.get_text().replace("\n", " ") == meta["title"]
    assert len(alt_text(fig)) > 40
    assert meta["as_of"] == mini.as_of
    texts = figure_texts(fig)
    assert any(mini.as_of in t for t in texts), "footer must carry the package's as-of line"
    for ax in fig.axes:
        has_ticks = ax.get_xticks().size or ax.get_yticks().size
        drawn = ax.axison and has_ticks and (ax.lines or ax.patches or ax.images or ax.collections)
        if drawn and name != "actor_network":
            assert ax.get_xlabel() or ax.get_ylabel() or ax.get_title(), f"unlabelled axes in {name}"


def test_the_as_of_line_comes_from_the_package_not_the_clock(mini):
    pkg = replace(mini, version="9.9.9", last_updated="1999-01-02")
    fig = charts.grade_distribution(pkg)
    assert any("v9.9.9, updated 1999-01-02" in t for t in figure_texts(fig))


# --- timeline ---------------------------------------------------------------------------------


def test_timeline_draws_every_event_once(mini):
    fig = charts.timeline(mini)
    assert sorted(by_gid(fig, "event:")) == sorted(mini["events"]["event_id"])


def test_timeline_uses_the_events_it_is_given(mini):
    subset = tables.restrict_events(mini, ["E01", "E06"])
    fig = charts.timeline(subset)
    assert sorted(by_gid(fig, "event:")) == ["E01", "E06"]


def test_month_precision_is_a_span_covering_exactly_that_month(mini):
    e02 = by_gid(charts.timeline(mini), "event:")["E02"]  # E02: 2017-11, month precision
    assert isinstance(e02, Rectangle)
    assert e02.get_x() == pytest.approx(mdates.date2num(pd.Timestamp("2017-11-01")))
    assert e02.get_x() + e02.get_width() == pytest.approx(mdates.date2num(pd.Timestamp("2017-12-01")))


def test_year_range_and_approximate_dates_are_spans_day_dates_are_points(mini):
    drawn = by_gid(charts.timeline(mini), "event:")
    e03 = drawn["E03"]  # 2012, year precision
    assert isinstance(e03, Rectangle)
    assert e03.get_width() == pytest.approx(366)  # 2012 is a leap year
    e04 = drawn["E04"]  # 17-22 Apr 2018, range: six whole days
    assert isinstance(e04, Rectangle) and e04.get_width() == pytest.approx(6)
    e01 = drawn["E01"]  # 22 Feb 2017, day precision
    assert isinstance(e01, Line2D)
    assert e01.get_xdata()[0] == pytest.approx(mdates.date2num(pd.Timestamp("2017-02-22 12:00")))


def test_unknown_end_is_drawn_open_to_the_edge_and_said(mini):
    fig = charts.timeline(mini)
    e07 = by_gid(fig, "event:")["E07"]  # starts 2019-03-01, no end
    ax = fig.axes[0]
    assert e07.get_x() + e07.get_width() == pytest.approx(ax.get_xlim()[1])
    texts = " ".join(figure_texts(fig))
    assert "end unknown" in texts and "E07" in texts and "no known end" in texts


def test_marker_follows_the_grade(mini):
    drawn = by_gid(charts.timeline(mini), "event:")
    # E01 is grade A (two official origins, one per side); E06 is grade D (low-reliability only)
    assert drawn["E01"].get_marker() == "o"
    assert drawn["E01"].get_markerfacecolor() == drawn["E01"].get_markeredgecolor()  # filled
    assert drawn["E06"].get_marker() == "X"
    # E02 is grade C (three URLs, one origin): an open bar; E05 is D: dotted outline
    assert drawn["E02"].get_facecolor()[:3] == (1.0, 1.0, 1.0)
    assert drawn["E05"].get_linestyle() == ":"


def test_milestones_are_labelled_and_missing_ones_reported(mini):
    fig = charts.timeline(mini, milestones=["E01", "E02", "Z99"])
    texts = figure_texts(fig)
    assert any(t.startswith("E01 · 22 Feb 2017 · Agreement signed") for t in texts)
    assert any(t.startswith("E02 · Nov 2017") for t in texts)
    assert any("Z99" in t and "not in this window" in t for t in texts)


def test_a_window_keeps_only_overlapping_events_and_counts_the_rest(mini):
    fig = charts.timeline(mini, window=("2017-02-01", "2018-04-30"))
    # overlapping Feb 2017 - Apr 2018: E01 (Feb 2017), E02 (Nov 2017), E04 (Apr 2018)
    assert sorted(by_gid(fig, "event:")) == ["E01", "E02", "E04"]
    assert any("4 events outside Feb 2017–Apr 2018 not shown" in t for t in figure_texts(fig))


def test_an_empty_phase_is_shown_and_named(edge):
    fig = charts.timeline(edge)
    texts = figure_texts(fig)
    assert any("OPERATION · no events in this window" in t for t in texts)
    assert any("No events in the operation phase" in t for t in texts)
    assert "operation" in alt_text(fig)


def test_rows_are_phases_then_kinds_earliest_first(mini):
    rows = lay_out_rows(select(mini))
    assert [label for _, _, label in rows.rows] == [
        "BACKGROUND · 2 events",
        "construction",  # E03, 2012
        "exhibition",  # E05, 2016
        "FOUNDING · 3 events",
        "agreement",  # E01, Feb 2017
        "launch",  # E02, Nov 2017
        "exhibition",  # E04, Apr 2018
        "OPERATION · 1 event",
        "programme",
        "AFTERMATH · 1 event",
        "default",
    ]
    assert rows.lane_of == {"E03": 1, "E05": 2, "E01": 4, "E02": 5, "E04": 6, "E07": 8, "E06": 10}


def test_overlapping_events_of_a_kind_take_extra_lanes():
    # (0, 5) and (1, 2) overlap; (6, 7) fits after the first, (3, 4) after the second
    assert pack_lanes([(0, 5), (1, 2), (6, 7), (3, 4)]) == [0, 1, 0, 1]


def test_milestone_labels_say_approximate_and_open_dates(mini):
    texts = figure_texts(charts.timeline(mini, milestones=["E05", "E07"]))
    assert any(t.startswith("E05 · c. 20 Mar – 15 Apr 2016 · Pavilion shown") for t in texts)
    assert any(t.startswith("E07 · c. 1 Mar 2019 – end unknown · Joint courses") for t in texts)


def test_a_milestone_label_near_the_right_edge_runs_left(mini):
    x = mdates.date2num(pd.Timestamp("2021-06-18 12:00"))  # E06, 18 Jun 2021
    near_edge = select(mini, ("2021-01-01", "2021-06-30"), ["E06"])
    assert milestone_labels(near_edge, {"E06": (x, -3.0, x)}) == [
        (x, -3.0, "E06 · 18 Jun 2021 · Bond default", "right")
    ]
    with_room = select(mini, ("2021-01-01", "2022-12-31"), ["E06"])
    assert milestone_labels(with_room, {"E06": (x, -3.0, x)})[0][3] == "left"


# --- sectors ----------------------------------------------------------------------------------


def _matrix_cells(fig) -> dict:
    ax = fig.axes[0]
    image = next(a for a in ax.get_children() if isinstance(a, AxesImage))
    data = image.get_array().filled(0)
    rows = [t.get_text().lstrip("★ ").strip() for t in ax.get_yticklabels()]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    return {(r, c): data[i, j] for i, r in enumerate(rows) for j, c in enumerate(cols)}


def test_sector_matrix_counts_events_per_sector_and_phase(mini):
    cells = _matrix_cells(charts.sector_matrix(mini))
    # event_sectors: design <- E01, E02, E04 (founding) and E07 (operation); robotics <- E02; finance <- E06
    assert cells[("Design", "founding")] == 3
    assert cells[("Design", "operation")] == 1
    assert cells[("Robotics", "founding")] == 1
    assert cells[("Finance and debt", "aftermath")] == 1
    assert sum(cells.values()) == len(mini["event_sectors"])


def test_sector_matrix_can_weight_by_independent_origins(mini):
    cells = _matrix_cells(charts.sector_matrix(mini, weight="origins"))
    # design/founding: E01 has 2 origins, E02 1 (its three URLs share one origin), E04 2
    assert cells[("Design", "founding")] == 5


def test_seed_sectors_are_starred_and_empty_sectors_listed(mini):
    fig = charts.sector_matrix(mini)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "★ Design" in labels and "★ Robotics" in labels and "Finance and debt" in labels
    texts = figure_texts(fig)
    assert "no events" in texts
    assert any("No events for: Unused sector" in t for t in texts)


def test_sector_counts_and_title(mini):
    counts = sectors.sector_counts(mini)
    assert list(counts.summary["sector_id"]) == ["design", "robotics", "finance", "unused"]  # seed first
    assert (counts.n_tagged, counts.n_events) == (5, 7)  # E03 and E05 carry no sector
    assert sectors.finding(counts) == (
        "Design leads with 4 of the 5 sector-tagged events; other seed-article sectors: Robotics 1"
    )


# --- actors and money -------------------------------------------------------------------------


def test_network_links_actors_that_share_events(mini):
    graph = charts.actor_graph(mini)
    # E01: person_p, uni_a, uni_b; E07: uni_a, uni_b. co_x and site_s share no event with anyone.
    assert sorted(graph.nodes) == ["person_p", "uni_a", "uni_b"]
    assert graph["uni_a"]["uni_b"]["weight"] == 2
    assert graph["person_p"]["uni_a"]["weight"] == 1
    fig = charts.actor_network(mini)
    assert len(fig.axes[0].collections[0].get_offsets()) == 3
    assert any("share no event" in t for t in figure_texts(fig))


def test_a_tie_at_the_top_is_not_reported_as_a_single_leader(mini):
    # person_p, uni_a and uni_b are each linked to the two others
    title = chart_meta(charts.actor_network(mini))["title"]
    assert title.startswith("Pat Example, Alpha University and Beta University share events with the most actors")
    # E01 (2017) and E06 (2021) alone: one event in each year
    title = chart_meta(charts.timeline(tables.restrict_events(mini, ["E01", "E06"])))["title"]
    assert title.startswith("2017 and 2021 stand out: 1 of the 2 events")


def test_network_ranks_partners_then_events_and_names_who_is_left_out(mini):
    graph = charts.actor_graph(mini)
    # two partners each; uni_a (E01, E02, E07) and uni_b (E01, E05, E07) take part in more events
    assert network.ranked(graph) == ["uni_a", "uni_b", "person_p"]
    assert network.left_out(mini, graph) == (["co_x", "site_s"], 0)


def test_network_layout_is_deterministic(mini):
    first = charts.actor_network(mini).axes[0].collections[0].get_offsets()
    second = charts.actor_network(mini).axes[0].collections[0].get_offsets()
    assert (first == second).all()


def test_ownership_draws_every_share_with_its_sources(edge):
    fig = charts.ownership(edge, "co_x")
    bars = by_gid(fig, "quantity:")
    assert bars["F03_1"].get_width() == pytest.approx(60)
    assert bars["F05_1"].get_width() == pytest.approx(30)
    assert bars["F05_1:range"].get_width() == pytest.approx(10)  # 30-40: the range is drawn, not averaged
    texts = " ".join(figure_texts(fig))
    assert "s_off_cn, s_off_it" in texts and "30–40%" in texts
    assert "Sources give different values for: share_x" in texts


def test_ownership_of_an_unknown_record_says_so(mini):
    fig = charts.ownership(mini, "site_s")
    assert "No reported shares" in chart_meta(fig)["title"]


def test_reported_figures_put_all_values_side_by_side_with_sources(mini):
    fig = charts.reported_figures(mini, topics=["site_area"])
    markers = by_gid(fig, "quantity:")
    assert {k: m.get_xdata()[0] for k, m in markers.items()} == {"F01_1": 23000, "F01_2": 22000}
    texts = " ".join(figure_texts(fig))
    assert "23,000 m²" in texts and "s_news_it, s_reprint1" in texts and "s_news_int" in texts
    assert "D01 open" in texts
    # 23,000 m2 is as of 7 Feb 2018 and 22,000 m2 as of 25 Feb 2018: different days, not a conflict
    assert chart_meta(fig)["title"] == "Site area: 2 different values, reported for different dates"


def test_values_that_may_refer_to_the_same_date_conflict(edge):
    fig = charts.reported_figures(edge, topics=["share_x", "price"])  # 60% and 30-40%, neither dated
    assert chart_meta(fig)["title"].startswith("Sources conflict on 1 of the 2 figures shown")
    assert any("2 conflicting values" in t for t in figure_texts(fig))


def test_a_quantity_range_is_drawn_from_value_to_value_high(mini):
    fig = charts.reported_figures(mini, topics=["tracks"])
    line = by_gid(fig, "quantity:")["F04_1:range"]
    assert list(line.get_xdata()) == [5, 6]
    assert any("5–6" in t for t in figure_texts(fig))


def test_money_in_two_currencies_is_never_on_one_axis(edge):
    fig = charts.reported_figures(edge, topics=["price"])
    markers = by_gid(fig, "quantity:")
    assert markers["F02_1"].axes is not markers["F06_1"].axes
    assert {markers["F02_1"].axes.get_xlabel(), markers["F06_1"].axes.get_xlabel()} == {"EUR million", "CNY million"}
    assert "not compared" in chart_meta(fig)["title"]


def test_panel_heads_say_how_reports_relate(mini, edge):
    (site,) = quantities.panels_of(quantities.select_figures(mini, topics=["site_area"]))
    assert quantities.panel_head(site, {"D01": "open"}) == (
        "Site area — 2 reports, 2 values for different dates · discrepancy D01 open"
    )
    eur, cny = quantities.panels_of(quantities.select_figures(edge, topics=["price"]))
    assert (eur.currency, cny.currency) == ("EUR", "CNY")
    assert quantities.panel_head(eur, {}) == (
        "Price paid — 2 reports, in 2 different units or currencies, not compared (1 in EUR here)"
    )


@pytest.mark.parametrize(
    ("unit", "currency", "word", "expected"),
    [("money", "EUR", "million", "EUR million"), ("m2", "", "thousand", "thousand m²"), ("percent", "", "", "%")],
)
def test_axis_label_carries_scale_unit_and_currency(unit, currency, word, expected):
    assert quantities.unit_label(unit, currency, word) == expected


def test_row_text_says_an_approximate_date_to_its_month():
    row = pd.Series(
        {"quantity_id": "F9", "text": "~5", "grade": "C", "measure": "m", "sources": "s_a s_b"}
        | {"as_of": pd.Timestamp("2018-02-14"), "as_of_precision": "approximate"}
    )
    assert quantities.row_text(row, show_measure=False) == "F9 · ~5 (as of c. Feb 2018) · grade C · s_a, s_b"


def test_topics_asked_for_but_absent_are_named(mini):
    fig = charts.reported_figures(mini, topics=["site_area", "no_such_topic"])
    assert any("No figures in the data for: no_such_topic" in t for t in figure_texts(fig))


# --- evidence ---------------------------------------------------------------------------------


def test_sources_profile_counts_originals_and_reprints(mini):
    fig = charts.sources_profile(mini)
    language_ax = fig.axes[0]
    labels = [t.get_text() for t in language_ax.get_yticklabels()]
    widths = {}
    for patch in language_ax.patches:
        widths.setdefault(round(patch.get_y() + patch.get_height() / 2), []).append(patch.get_width())
    per_label = {labels[y]: sum(w) for y, w in widths.items()}
    # mini sources: it = s_news_it, s_off_it, s_reprint1, s_reprint2; en = s_low, s_news_int; zh = s_off_cn
    assert per_label == {"Italian (it)": 4, "English (en)": 2, "Chinese (zh)": 1, "German (de)": 0}
    assert "2 are reprints" in chart_meta(fig)["title"]


def test_reprint_clusters_follow_chains_to_the_origin(mini):
    fig = charts.reprint_clusters(mini)
    assert "s_news_it" in chart_meta(fig)["title"]
    assert any("s_reprint1, s_reprint2" in t for t in figure_texts(fig))  # s_reprint2 copies s_reprint1


def test_independent_support_counts_single_origin_claims(mini):
    fig = charts.independent_support(mini)
    # one origin: events E02, E05, E06, E07; figures F01_1 (two URLs, one origin), F01_2, F02_1, F04_1
    assert chart_meta(fig)["title"].startswith("8 of 12 claims")


def test_grade_distribution_bars_match_the_rubric(mini):
    fig = charts.grade_distribution(mini)
    heights = {k: b.get_height() for k, b in by_gid(fig, "grade:").items()}
    # events: A E01; B E03, E04 (contested); C E02, E07; D E05, E06 (see test_evidence)
    assert [heights[f"events:{g}"] for g in "ABCD"] == [1, 2, 2, 2]
    # figures: A F03_1; C F02_1; D F01_1, F01_2 (open discrepancy, one origin), F04_1 (low only)
    assert [heights[f"quantities:{g}"] for g in "ABCD"] == [1, 0, 1, 3]


def test_discrepancy_status_counts(mini):
    assert chart_meta(charts.discrepancy_status(mini))["title"] == "1 of 1 logged discrepancies are open"


# --- nothing to show --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_empty_inputs_still_draw_and_say_so(name, empty):
    fig = CHARTS[name](empty)
    title = chart_meta(fig)["title"].lower()
    assert any(word in title for word in ("no ", "none", "0 of", "empty")), title
    assert alt_text(fig)
    assert figure_texts(fig)
    fig.canvas.draw()  # and paints without error
