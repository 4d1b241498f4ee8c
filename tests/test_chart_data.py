"""The data behind each chart is what the chart draws: checked against the drawn artists and
against values worked out by hand from tests/fixtures/mini and tests/fixtures/edge."""

from __future__ import annotations

from dataclasses import replace

import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from test_charts import CHARTS  # the same charts, drawn the same way

from partnership import charts
from partnership.charts.common import ChartData, chart_data


def by_gid(fig, prefix: str) -> dict:
    return {a.get_gid()[len(prefix) :]: a for a in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix))}


def data(fig) -> pd.DataFrame:
    found = chart_data(fig)
    assert isinstance(found, ChartData), "every chart attaches the data it plotted"
    return found.table


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chart_attaches_described_data_with_readable_columns(name, mini, edge):
    for pkg in (mini, edge):
        found = chart_data(CHARTS[name](pkg))
        assert found is not None and len(found.table) > 0
        assert list(found.table.columns) == list(found.columns)
        assert all("_" not in c for c in found.columns), "column names in words, not code identifiers"


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_an_empty_chart_attaches_an_empty_table_with_the_same_columns(name, mini):
    empty = replace(mini, tables={n: t.iloc[0:0].copy() for n, t in mini.tables.items()})
    full, none = chart_data(CHARTS[name](mini)), chart_data(CHARTS[name](empty))
    assert none is not None and len(none.table) == 0
    assert list(none.columns) == list(full.columns)


# --- timeline -------------------------------------------------------------------------------------


def test_timeline_data_is_one_row_per_drawn_event_with_dates_at_their_precision(mini):
    fig = charts.timeline(mini, milestones=["E01"])
    table = data(fig).set_index("event id")
    drawn = by_gid(fig, "event:")
    assert list(table.index) == ["E03", "E05", "E01", "E02", "E04", "E07", "E06"]  # date order, as drawn
    assert set(table.index) == set(drawn)
    assert table.loc["E02", "date"] == "Nov 2017" and table.loc["E03", "date"] == "2012"
    assert table.loc["E04", "date"] == "2018-04-17 – 2018-04-22"
    assert table.loc["E07", "date"] == "c. 2019-03-01 – end unknown" and table.loc["E07", "last day"] == ""
    assert table.loc["E01", ["date", "drawn as", "grade"]].tolist() == ["2017-02-22", "point", "A"]
    assert table["milestone"].tolist() == [False, False, True, False, False, False, False]
    for eid, row in table.iterrows():
        artist = drawn[eid]
        if row["drawn as"] == "point":
            assert isinstance(artist, Line2D)
            assert artist.get_xdata()[0] == pytest.approx(mdates.date2num(pd.Timestamp(row["first day"])) + 0.5)
        else:
            assert isinstance(artist, Rectangle)
            assert artist.get_x() == pytest.approx(mdates.date2num(pd.Timestamp(row["first day"])))
            if row["last day"]:
                end = mdates.date2num(pd.Timestamp(row["last day"]) + pd.Timedelta(days=1))
                assert artist.get_x() + artist.get_width() == pytest.approx(end)


def test_a_timeline_window_keeps_only_the_events_it_draws(mini):
    fig = charts.timeline(mini, window=("2017-02-01", "2018-04-30"))
    assert data(fig)["event id"].tolist() == ["E01", "E02", "E04"] == sorted(by_gid(fig, "event:"))


# --- sectors --------------------------------------------------------------------------------------


@pytest.mark.parametrize("weight, column", [(None, "events"), ("origins", "independent origins")])
def test_sector_data_is_one_row_per_cell_as_drawn(mini, weight, column):
    fig = charts.sector_matrix(mini, weight=weight)
    table = data(fig)
    image = next(a for a in fig.axes[0].get_children() if isinstance(a, AxesImage))
    drawn = image.get_array().filled(0)
    phases = ["background", "founding", "operation", "aftermath"]
    assert table["sector id"].drop_duplicates().tolist() == ["design", "robotics", "finance", "unused"]
    cells = table.pivot(index="sector id", columns="phase", values=column).loc[table["sector id"].unique(), phases]
    assert (cells.to_numpy() == drawn).all()
    by_cell = table.set_index(["sector id", "phase"])[column]
    expected_design_founding = 3 if weight is None else 5  # E01, E02, E04; their origins 2 + 1 + 2
    assert by_cell[("design", "founding")] == expected_design_founding
    assert (
        table.groupby("sector id")["sector total"].first().to_dict()
        == table.groupby("sector id")[column].sum().to_dict()
    )
    assert table.loc[table["sector id"] == "design", "named in the seed article"].all()


# --- network --------------------------------------------------------------------------------------


def test_network_data_lists_the_drawn_nodes_and_links(mini):
    fig = charts.actor_network(mini)
    table = data(fig)
    nodes, links = table[table["mark"] == "node"], table[table["mark"] == "link"]
    assert nodes["actor id"].tolist() == ["uni_a", "uni_b", "person_p"]  # the ranking: partners, then events
    assert len(nodes) == len(fig.axes[0].collections[0].get_offsets())
    assert nodes.set_index("actor id")["events"].to_dict() == {"uni_a": 3, "uni_b": 3, "person_p": 1}
    pairs = {(a, b): (n, ev) for a, b, n, ev in links[["actor id", "other actor id", "events", "event ids"]].values}
    assert pairs == {
        ("uni_a", "uni_b"): (2, "E01 E07"),
        ("person_p", "uni_a"): (1, "E01"),
        ("person_p", "uni_b"): (1, "E01"),
    }
    assert links["actor type"].isna().all() and nodes["other actor id"].isna().all()


# --- figures --------------------------------------------------------------------------------------


def test_ownership_data_is_one_row_per_share_bar(edge):
    fig = charts.ownership(edge, "co_x")
    table = data(fig).set_index("figure id")
    bars = by_gid(fig, "quantity:")
    assert list(table.index) == ["F03_1", "F05_1"]  # largest first, as drawn top to bottom
    for qid, row in table.iterrows():
        assert bars[qid].get_width() == pytest.approx(row["value"])
    assert table.loc["F05_1", ["value", "value high", "as reported"]].tolist() == [30, 40, "30–40%"]
    assert table.loc["F03_1", "sources"] == "s_off_cn s_off_it" and pd.isna(table.loc["F03_1", "value high"])


def test_reported_figures_data_is_one_row_per_marker_panel_by_panel(mini, edge):
    fig = charts.reported_figures(mini, topics=["site_area"])
    table = data(fig).set_index("figure id")
    markers = {k: m for k, m in by_gid(fig, "quantity:").items() if ":" not in k}
    assert set(table.index) == set(markers)
    for qid, row in table.iterrows():
        assert markers[qid].get_xdata()[0] == pytest.approx(row["value"])
    assert table.loc["F01_1", ["as of", "discrepancy id", "sources"]].tolist() == [
        "2018-02-07",
        "D01",
        "s_news_it s_reprint1",
    ]
    money = data(charts.reported_figures(edge, topics=["price"]))
    assert money[["panel", "figure id", "currency"]].values.tolist() == [[1, "F02_1", "EUR"], [2, "F06_1", "CNY"]]


# --- evidence -------------------------------------------------------------------------------------


def test_grade_data_matches_the_bar_heights(mini):
    fig = charts.grade_distribution(mini)
    heights = {k: b.get_height() for k, b in by_gid(fig, "grade:").items()}
    table = data(fig)
    names = {"Events": "events", "Figures": "quantities"}
    assert {f"{names[c]}:{g}": n for c, g, n in table[["claims", "grade", "count"]].values} == heights
    assert table[table["claims"] == "Events"]["count"].tolist() == [1, 2, 2, 2]  # worked out in test_charts


def test_evidence_data_holds_the_counts_worked_out_by_hand(mini):
    support = data(charts.independent_support(mini)).set_index(["claims", "independent origins"])["count"]
    assert support[("Events", "1")] == 4 and support[("Figures", "1")] == 4  # 8 of 12 claims rest on one origin
    clusters = data(charts.reprint_clusters(mini))
    assert clusters.values.tolist() == [["s_news_it", "Giornale Esempio", 2, 3, "s_reprint1 s_reprint2"]]
    status = data(charts.discrepancy_status(mini))
    assert status.values.tolist() == [["open", 1], ["explained", 0], ["resolved", 0]]
    profile = data(charts.sources_profile(mini))
    language = profile[profile["dimension"] == "language"].set_index("label")["sources"].to_dict()
    assert language == {"Italian (it)": 4, "English (en)": 2, "Chinese (zh)": 1, "German (de)": 0}
