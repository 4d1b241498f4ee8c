"""Derived tables for readers (partnership/analysis/readable.py): no index, words, whole cells."""

from __future__ import annotations

import pandas as pd

from partnership.analysis import readable, tables


def test_no_index_headers_in_words_booleans_and_dates_at_precision(mini):
    shown = readable.table(tables.event_details(mini, ["E02", "E07", "E01"]))
    frame = shown.frame
    assert list(frame.columns) == ["Event", "Date", "Phase", "Kind", "Title", "Independent origins", "Grade", "Sources"]
    assert list(frame["Date"]) == ["Nov 2017", "c. 1 Mar 2019 – end unknown", "22 Feb 2017"]
    assert list(frame["Event"]) == ["E02", "E07", "E01"], "no 0..n index, the order kept"
    summary = readable.table(tables.sector_summary(mini)).frame
    assert set(summary["In the seed article"]) == {"yes", "no"}
    assert "n_sources" not in repr(readable.table(tables.source_profile(mini)))


def test_a_meaningful_index_becomes_the_first_column_and_pivots_are_named(mini):
    frame = readable.table(tables.grade_counts(mini)).frame
    assert list(frame.columns) == ["Record type", "Grade A", "Grade B", "Grade C", "Grade D"]
    assert list(frame["Record type"]) == ["events", "quantities"]
    assert all(str(c).strip() for c in frame.columns), "no empty header"


def test_nothing_is_cut_and_markdown_is_escaped():
    long = "word " * 80 + "end"
    shown = readable.table(pd.DataFrame({"notes": [long, "a | b *c* [x] <b>"], "ok": [True, False]}))
    md = shown._repr_markdown_()
    assert "end |" in md and "…" not in md and "..." not in md
    assert r"a \| b \*c\* \[x\] \<b\>" in md
    assert md.splitlines()[0] == "| Notes | Ok |" and "| yes |" in md and "| no |" in md
