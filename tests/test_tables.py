"""Derived tables used by the charts and notebooks, checked against the mini fixture by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from partnership.analysis import tables
from partnership.analysis.dates import as_of_label, date_label


def test_events_table_adds_grades_and_flags(mini):
    ev = tables.events_table(mini).set_index("event_id")
    assert list(tables.events_table(mini)["event_id"]) == ["E03", "E05", "E01", "E02", "E04", "E07", "E06"]  # by date
    assert ev.loc["E07", "open_end"] and not ev.loc["E01", "open_end"]
    assert ev.loc["E01", "point"] and not ev.loc["E02", "point"]
    assert ev.loc["E01", "grade"] == "A" and ev.loc["E02", "n_origins"] == 1


def test_events_in_window_keeps_open_ended_events_running(mini):
    ev = tables.events_table(mini)
    kept = tables.events_in_window(ev, "2020-01-01", "2020-12-31")
    assert list(kept["event_id"]) == ["E07"]  # began 2019, no known end


def test_events_inside_needs_the_whole_span_inside(mini):
    ev = tables.events_table(mini)
    assert list(tables.events_inside(ev, "2017-01-01", "2017-12-31")["event_id"]) == ["E01", "E02"]
    assert list(tables.events_inside(ev, "2017-11-15", "2018-12-31")["event_id"]) == ["E04"]  # E02 starts before
    assert "E07" not in set(tables.events_inside(ev, "2019-01-01", "2030-12-31")["event_id"])  # no known end


def test_sector_phase_matrix_lists_every_sector_and_phase(mini):
    m = tables.sector_phase_matrix(mini)
    assert list(m.index) == ["design", "finance", "robotics", "unused"]
    assert list(m.columns) == ["background", "founding", "operation", "aftermath"]
    assert m.loc["unused"].sum() == 0
    assert m.loc["design"].tolist() == [0, 3, 1, 0]
    with pytest.raises(ValueError):
        tables.sector_phase_matrix(mini, weight="sources")


def test_actor_links_count_shared_events(mini):
    links = tables.actor_links(mini)
    assert links.iloc[0][["actor_a", "actor_b", "n_events", "event_ids"]].tolist() == ["uni_a", "uni_b", 2, "E01 E07"]
    assert len(links) == 3
    summary = tables.actor_summary(mini).set_index("actor_id")
    assert summary.loc["uni_a", "n_events"] == 3 and summary.loc["uni_a", "n_partners"] == 2
    assert summary.loc["site_s", "n_partners"] == 0


def test_figure_variants_flags_disagreement_and_currencies(mini, edge):
    v = tables.figure_variants(mini)
    assert list(v["quantity_id"]) == ["F01_2", "F01_1"]  # site_area is the only topic reported twice
    assert set(v["n_values"]) == {2}
    price = tables.figure_variants(edge, topics=["price"])
    assert set(price["n_units"]) == {2} and set(price["n_values"]) == {1}  # EUR and CNY: not compared
    share = tables.figure_variants(edge, topics=["share_x"])
    assert set(share["n_values"]) == {2} and share["conflict"].all()  # 60% against 30-40%, both undated
    assert not v["conflict"].any()  # 23,000 m2 on 7 Feb 2018, 22,000 m2 on 25 Feb 2018


def test_value_intervals_read_the_comparator():
    assert tables.value_interval(8, None, "exact") == (8, 8)
    assert tables.value_interval(16000, None, "more_than") == (16000, math.inf)
    assert tables.value_interval(50, None, "up_to") == (-math.inf, 50)
    assert tables.value_interval(5, 6, "exact") == (5, 6)
    assert tables.value_interval(100, None, "approximately") == pytest.approx((90, 110))


def test_as_of_windows_follow_their_precision():
    day = pd.Timestamp("2018-02-25")
    assert tables.as_of_window(day, "day") == (day, day)
    assert tables.as_of_window(pd.Timestamp("2018-02-01"), "month")[1] == pd.Timestamp("2018-02-28")
    assert tables.as_of_window(pd.Timestamp("2018-01-01"), "year")[1] == pd.Timestamp("2018-12-31")
    assert tables.as_of_window(day, "approximate") is None and tables.as_of_window(pd.NaT, None) is None


@pytest.mark.parametrize(
    ("start", "end", "precision", "text", "iso"),
    [
        ("2018-04-17", "2018-04-17", "day", "17 Apr 2018", "2018-04-17"),
        ("2017-11-01", "2017-11-30", "month", "Nov 2017", "Nov 2017"),
        ("2004-01-01", "2004-12-31", "year", "2004", "2004"),
        ("2017-02-21", "2017-02-26", "range", "21–26 Feb 2017", "2017-02-21 – 2017-02-26"),
        ("2017-09-01", "2017-11-30", "range", "1 Sep – 30 Nov 2017", "2017-09-01 – 2017-11-30"),  # days, never months
        ("2017-09-01", "2017-11-30", "approximate", "c. Sep – Nov 2017", "c. Sep – Nov 2017"),
        ("2016-12-01", "2017-02-28", "approximate", "c. Dec 2016 – Feb 2017", "c. Dec 2016 – Feb 2017"),
        ("2007-01-01", "2012-12-31", "approximate", "c. 2007 – 2012", "c. 2007 – 2012"),
        ("2016-04-02", "2016-04-02", "approximate", "c. 2 Apr 2016", "c. 2016-04-02"),
        ("2016-03-20", "2016-04-15", "approximate", "c. 20 Mar – 15 Apr 2016", "c. 2016-03-20 – 2016-04-15"),
        ("2019-03-01", None, "approximate", "c. 1 Mar 2019 – end unknown", "c. 2019-03-01 – end unknown"),
        ("2018-04-17", None, "range", "17 Apr 2018 – end unknown", "2018-04-17 – end unknown"),
        ("2017-12-28", "2018-01-03", "range", "28 Dec 2017 – 3 Jan 2018", "2017-12-28 – 2018-01-03"),
    ],
)
def test_dates_are_written_at_their_precision(start, end, precision, text, iso):
    end = pd.Timestamp(end) if end else pd.NaT
    assert date_label(pd.Timestamp(start), end, precision) == text
    assert date_label(pd.Timestamp(start), end, precision, iso=True) == iso


def test_a_figure_date_is_written_at_its_precision():
    assert as_of_label(pd.Timestamp("2018-04-17"), "day") == "17 Apr 2018"
    assert as_of_label(pd.Timestamp("2018-04-01"), "month") == "Apr 2018"
    assert as_of_label(pd.Timestamp("2018-01-01"), "year") == "2018"
    assert as_of_label(pd.Timestamp("2018-02-14"), "approximate") == "c. Feb 2018"  # the day is a guess
    assert as_of_label(pd.NaT, None) == ""
    assert as_of_label(pd.Timestamp("2018-04-17"), "day", iso=True) == "2018-04-17"  # for the charts' CSV
    assert as_of_label(pd.Timestamp("2018-02-14"), "approximate", iso=True) == "c. Feb 2018"


def test_shares_of_a_record(edge):
    s = tables.shares_of(edge, "co_x")
    assert list(s["quantity_id"]) == ["F03_1", "F05_1"]
    assert list(s["text"]) == ["60%", "30–40%"]
    assert s.loc[0, "sources"] == "s_off_cn s_off_it"


def test_source_profile_lists_all_enum_values(mini):
    p = tables.source_profile(mini).set_index(["dimension", "value"])
    assert p.loc[("language", "de"), "n_sources"] == 0
    assert p.loc[("kind", "aggregator")].tolist() == [2, 0, 2]  # both aggregators are reprints
    assert p.xs("side")["n_sources"].sum() == len(mini["sources"])


def test_reprint_clusters(mini):
    c = tables.reprint_clusters(mini)
    assert c[["origin_id", "n_reprints", "reprints"]].values.tolist() == [["s_news_it", 2, "s_reprint1 s_reprint2"]]


def test_support_and_grade_counts(mini):
    support = tables.support_counts(mini)
    assert support.loc["events"].tolist() == [4, 3, 0, 0]  # E02 E05 E06 E07 | E01 E03 E04
    assert support.loc["quantities"].tolist() == [4, 1, 0, 0]
    grades = tables.grade_counts(mini)
    assert grades.loc["events"].tolist() == [1, 2, 2, 2]
    single = tables.single_origin_claims(mini)
    assert single.set_index("record_id").loc["F01_1", "origin_id"] == "s_news_it"
    assert single.set_index("record_id").loc["F01_1", "label"] == "Site area: 23,000 m²"
    assert list(tables.single_origin_claims(mini, phase="founding")["record_id"]) == ["E02"]  # E01, E04: 2 origins
    assert list(tables.single_origin_claims(mini, record_table="quantities")["record_id"]) == [
        "F01_1",
        "F01_2",
        "F02_1",
        "F04_1",
    ]


def test_discrepancy_log_is_readable(mini):
    log = tables.discrepancy_log(mini)
    row = log.iloc[0]
    assert row["discrepancy_id"] == "D01" and row["status"] == "open"
    assert row["n_variants"] == 2 and row["n_sources"] == 2
    assert row["variants"] == "(1) 23000 square metres [s_news_it] | (2) 22000 square metres [s_news_int]"
    assert row["records"] == "site_s"
    assert tables.status_counts(mini).to_dict() == {"open": 1, "explained": 0, "resolved": 0}


def test_restrict_events_keeps_links_consistent(mini):
    sub = tables.restrict_events(mini, ["E02"])
    assert list(sub["events"]["event_id"]) == ["E02"]
    assert set(sub["event_actors"]["event_id"]) == {"E02"}
    assert set(sub["event_sectors"]["event_id"]) == {"E02"}
    assert len(sub["citations"]) == len(mini["citations"])
    assert sub.as_of == mini.as_of


def test_tables_are_deterministic(mini):
    for func in (
        tables.events_table,
        tables.sector_summary,
        tables.actor_links,
        tables.quantity_table,
        tables.source_profile,
        tables.reprint_clusters,
        tables.discrepancy_log,
        tables.claims_table,
    ):
        assert func(mini).equals(func(mini))


def test_compatible_reports_are_not_a_conflict(mini):
    from dataclasses import replace

    q = mini["quantities"].copy()
    heads = q["quantity_id"].isin(["F01_1", "F01_2"])
    q.loc[heads, "as_of"] = pd.NaT  # same (unknown) date
    q.loc[heads, "as_of_precision"] = None
    q.loc[q["quantity_id"] == "F01_1", ["value", "comparator"]] = [20000, "more_than"]  # ">20,000" and "22,000"
    variants = tables.figure_variants(replace(mini, tables={**mini.tables, "quantities": q}))
    assert set(variants["n_values"]) == {2} and not variants["conflict"].any()
    q.loc[q["quantity_id"] == "F01_1", "comparator"] = "up_to"  # "up to 20,000" against "22,000"
    variants = tables.figure_variants(replace(mini, tables={**mini.tables, "quantities": q}))
    assert variants["conflict"].all()
