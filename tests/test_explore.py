"""The explorer on the mini fixture: the filter (partnership.analysis.explore: filters, dates, errors, export)
and its views and controls (partnership.explorer)."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest
from conftest import ROOT

from partnership import explorer, load_package
from partnership.analysis import explore
from partnership.analysis.explore import RESULT_COLUMNS, filter_events

ALL_IN_DATE_ORDER = ["E03", "E05", "E01", "E02", "E04", "E07", "E06"]


def ids(result: pd.DataFrame) -> list[str]:
    return list(result["event_id"])


def by_id(result: pd.DataFrame) -> dict[str, dict]:
    return {row["event_id"]: row for row in result.to_dict("records")}


def add_rows(data_dir, table: str, lines: list[str]) -> None:
    with open(data_dir / f"{table}.csv", "a", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))


# --- no filter, columns, order, dates -----------------------------------------------------------


def test_no_filter_gives_every_event_in_date_order(mini_pkg):
    result = filter_events(mini_pkg)
    assert list(result.columns) == RESULT_COLUMNS
    assert ids(result) == ALL_IN_DATE_ORDER
    assert set(result["in_range"]) == {""}  # no date range: nothing to be inside of


def test_dates_are_shown_at_their_precision(mini_pkg):
    when = {k: v["when"] for k, v in by_id(filter_events(mini_pkg)).items()}
    assert when == {
        "E01": "2017-02-22",  # day
        "E02": "Nov 2017",  # month
        "E03": "2012",  # year
        "E04": "2018-04-17 – 2018-04-22",  # range
        "E05": "c. 2016-03-20 – 2016-04-15",  # approximate window, not narrowed to a guessed month
        "E06": "2021-06-18",
        "E07": "c. 2019-03-01 – end unknown",  # approximate start, no known end
    }


def test_row_carries_names_grade_origins_and_citations(mini_pkg):
    row = by_id(filter_events(mini_pkg))["E04"]
    assert row["title"] == "Show held"
    assert row["actors"] == "X Holdings"
    assert row["sectors"] == "Design"
    assert row["phase"] == "founding"
    assert (row["grade"], row["n_origins"], row["origins"]) == ("B", 2, "s_news_int s_off_it")
    # every cited source, supporting ones first, with aligned URLs and stances
    assert row["source_ids"].split() == ["s_news_int", "s_off_it", "s_low"]
    assert row["source_urls"].split() == [
        "https://example.com/world/2018",
        "https://example.it/ateneo",
        "https://example.org/farm",
    ]
    assert row["citation_stances"].split() == ["supports", "supports", "contradicts"]
    e01 = by_id(filter_events(mini_pkg))["E01"]
    assert e01["actors"] == "Alpha University; Beta University; Pat Example"


# --- each filter alone -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"sectors": ["robotics"]}, ["E02"]),
        ({"sectors": "robotics"}, ["E02"]),  # a single value need not be wrapped in a list
        ({"sectors": ["design", "finance"]}, ["E01", "E02", "E04", "E07", "E06"]),
        ({"sectors": []}, ALL_IN_DATE_ORDER),  # an empty choice does not filter
        ({"actors": ["co_x"]}, ["E04", "E06"]),
        ({"actors": ["person_p"]}, ["E01"]),
        ({"phases": ["background"]}, ["E03", "E05"]),
        ({"phases": ["operation", "aftermath"]}, ["E07", "E06"]),
        ({"min_grade": "A"}, ["E01"]),
        ({"min_grade": "B"}, ["E03", "E01", "E04"]),
        ({"min_grade": "C"}, ["E03", "E01", "E02", "E04", "E07"]),
        ({"min_grade": "D"}, ALL_IN_DATE_ORDER),
        ({"min_grade": ""}, ALL_IN_DATE_ORDER),
        ({"languages": ["zh"]}, ["E01"]),
        ({"languages": ["it"]}, ["E03", "E01", "E02", "E04"]),
        ({"languages": ["de"]}, []),  # an allowed language no source uses
        ({"sides": ["chinese"]}, ["E01"]),
        ({"sides": ["international"]}, ["E03", "E05", "E04", "E07", "E06"]),
    ],
)
def test_single_filter(mini_pkg, kwargs, expected):
    assert ids(filter_events(mini_pkg, **kwargs)) == expected


def test_grade_filter_matches_evidence_grades(mini_pkg):
    from partnership.analysis.evidence import record_evidence

    grades = record_evidence(mini_pkg, "events")["grade"].astype(str)
    for limit in "ABCD":
        expected = {e for e, g in grades.items() if g <= limit}
        assert set(ids(filter_events(mini_pkg, min_grade=limit))) == expected


def test_language_filter_ignores_contradicting_sources(mini_dir):
    add_rows(mini_dir, "citations", ["events,E06,s_off_cn,contradicts,Denies it."])
    pkg = load_package(mini_dir)
    assert ids(filter_events(pkg, languages=["zh"])) == ["E01"]
    assert ids(filter_events(pkg, sides=["chinese"])) == ["E01"]
    assert "s_off_cn" in by_id(filter_events(pkg))["E06"]["source_ids"].split()  # still listed as a citation


def test_language_and_side_must_hold_for_the_same_source(mini_pkg):
    # E03 has an Italian-language source (italian side) and an international source (English),
    # but no Italian-language source from the international side.
    assert ids(filter_events(mini_pkg, languages=["it"], sides=["international"])) == []
    assert ids(filter_events(mini_pkg, languages=["en"], sides=["international"])) == [
        "E03",
        "E05",
        "E04",
        "E07",
        "E06",
    ]


# --- combinations and empty results ----------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"sectors": ["design"], "min_grade": "B"}, ["E01", "E04"]),
        ({"phases": ["founding"], "actors": ["uni_a"]}, ["E01", "E02"]),
        ({"actors": ["uni_b"], "languages": ["en"]}, ["E05", "E07"]),
        ({"sectors": ["design"], "start": "2018-01-01", "sides": ["international"]}, ["E04", "E07"]),
        ({"sectors": ["finance"], "min_grade": "A"}, []),
    ],
)
def test_filters_combine(mini_pkg, kwargs, expected):
    assert ids(filter_events(mini_pkg, **kwargs)) == expected


def test_empty_result_is_a_table_a_line_and_a_header_only_csv(mini_pkg):
    result = filter_events(mini_pkg, sectors=["unused"])  # a sector that exists but no event uses
    assert result.empty and list(result.columns) == RESULT_COLUMNS
    assert explore.summary(result) == "0 events match, resting on 0 independent origins."
    assert "No event matches" in explorer.results_table_html(result)
    assert explore.to_csv(result).decode() == ",".join(RESULT_COLUMNS) + "\n"
    assert "text/html" in explorer.timeline_bundle(mini_pkg, result)


# --- date range ------------------------------------------------------------------------------------


def test_range_that_cuts_a_month_keeps_the_event_partly_inside(mini_pkg):
    result = filter_events(mini_pkg, start="2017-11-15", end="2018-12-31")
    assert ids(result) == ["E02", "E04"]
    marks = {k: v["in_range"] for k, v in by_id(result).items()}
    assert marks == {"E02": "partly inside", "E04": "inside"}
    assert explore.summary(result).endswith("1 of them is only partly inside the date range.")


def test_range_covering_the_whole_month_has_it_inside(mini_pkg):
    result = filter_events(mini_pkg, start="2017-11-01", end="2017-11-30")
    assert ids(result) == ["E02"] and result["in_range"].tolist() == ["inside"]


def test_range_bounds_are_inclusive_days(mini_pkg):
    assert ids(filter_events(mini_pkg, start="2017-11-30", end="2017-11-30")) == ["E02"]
    assert ids(filter_events(mini_pkg, start="2017-02-22", end="2017-02-22")) == ["E01"]
    assert ids(filter_events(mini_pkg, start="2017-02-23", end="2017-10-31")) == []


def test_unknown_end_runs_on(mini_pkg):
    later = filter_events(mini_pkg, start="2030-01-01")  # E07 began in 2019 and may still run
    assert ids(later) == ["E07"] and later["in_range"].tolist() == ["partly inside"]
    open_both = filter_events(mini_pkg, start="2019-01-01")  # an open range holds an open span
    assert by_id(open_both)["E07"]["in_range"] == "inside"
    bounded = filter_events(mini_pkg, start="2020-01-01", end="2020-12-31")
    assert ids(bounded) == ["E07"] and bounded["in_range"].tolist() == ["partly inside"]
    assert "E07" not in ids(filter_events(mini_pkg, end="2019-02-28"))


def test_dates_accept_date_objects_and_open_ends(mini_pkg):
    as_text = filter_events(mini_pkg, start="2018-01-01")
    as_date = filter_events(mini_pkg, start=dt.date(2018, 1, 1), end=None)
    pd.testing.assert_frame_equal(as_text, as_date)
    assert ids(as_text) == ["E04", "E07", "E06"]
    assert ids(filter_events(mini_pkg, end=pd.Timestamp("2012-06-30"))) == ["E03"]


# --- unknown values --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, bad, allowed",
    [
        ({"sectors": ["design", "nope"]}, "'nope'", "design, finance, robotics, unused"),
        ({"actors": ["nobody"]}, "'nobody'", "co_x, person_p, site_s, uni_a, uni_b"),
        ({"sectors": 5}, "'5'", "design, finance, robotics, unused"),
        ({"phases": ["later"]}, "'later'", "background, founding, operation, aftermath"),
        ({"min_grade": "E"}, "'E'", "A, B, C, D"),
        ({"min_grade": "a"}, "'a'", "A, B, C, D"),
        ({"languages": ["fr"]}, "'fr'", "it, en, zh, de"),
        ({"sides": ["swiss"]}, "'swiss'", "italian, chinese, international"),
        ({"start": "2018-02-30"}, "'2018-02-30'", "YYYY-MM-DD"),
        ({"end": "April 2018"}, "'April 2018'", "YYYY-MM-DD"),
        ({"start": 2018}, "2018", "YYYY-MM-DD"),
        ({"start": "2018-05-01", "end": "2018-04-01"}, "start 2018-05-01 is after end 2018-04-01", ""),
    ],
)
def test_unknown_values_raise_a_clear_error(mini_pkg, kwargs, bad, allowed):
    with pytest.raises(ValueError) as err:
        filter_events(mini_pkg, **kwargs)
    message = str(err.value)
    assert bad in message and allowed in message


# --- summary, CSV, HTML ---------------------------------------------------------------------------


def test_summary_counts_distinct_origins_across_the_selection(mini_pkg):
    everything = filter_events(mini_pkg)
    assert explore.origins_of(everything) == ["s_low", "s_news_int", "s_news_it", "s_off_cn", "s_off_it"]
    assert explore.summary(everything) == "7 events match, resting on 5 independent origins."
    # E02 rests on three URLs that are one origin (a press item and two reprints)
    assert (
        explore.summary(filter_events(mini_pkg, sectors=["robotics"]))
        == "1 event matches, resting on 1 independent origin."
    )


def test_csv_export_is_deterministic_and_complete(mini_pkg):
    result = filter_events(mini_pkg, sectors=["design"])
    data = explore.to_csv(result)
    assert data == explore.to_csv(filter_events(mini_pkg, sectors=["design"]))
    assert b"\r" not in data and data.endswith(b"\n")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert [r["event_id"] for r in rows] == ["E01", "E02", "E04", "E07"]
    assert list(rows[0]) == RESULT_COLUMNS
    assert rows[2]["when"] == "2018-04-17 – 2018-04-22"
    assert rows[2]["source_urls"].split()[0] == "https://example.com/world/2018"
    uri = explorer.csv_data_uri(result)
    assert uri.startswith("data:text/csv;charset=utf-8;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == data


def test_html_escapes_text_and_links_only_web_urls(mini_dir):
    events = (mini_dir / "events.csv").read_text(encoding="utf-8")
    (mini_dir / "events.csv").write_text(events.replace("Show held", 'Show <b>held</b> & "closed"'), encoding="utf-8")
    result = filter_events(load_package(mini_dir), actors=["co_x"])
    page = explorer.results_table_html(result)
    assert "Show &lt;b&gt;held&lt;/b&gt; &amp; &quot;closed&quot;" in page and "<b>held" not in page
    assert '<a href="https://example.com/world/2018" target="_blank" rel="noopener noreferrer">s_news_int</a>' in page
    assert "s_low</a> (contradicts)" in page
    tampered = result.copy()
    tampered.loc[:, "source_urls"] = "javascript:alert(1) https://example.it/ateneo https://example.org/farm"
    assert "javascript:" not in explorer.results_table_html(tampered)


def test_head_carries_count_and_download_link(mini_pkg):
    result = filter_events(mini_pkg, phases=["founding"])
    head = explorer.results_head_html(result, mini_pkg.as_of)
    assert "3 events match, resting on 4 independent origins." in head
    assert f'download="{explorer.CSV_NAME}" href="{explorer.csv_data_uri(result)}"' in head
    assert explorer.problem_html(ValueError("unknown phase '<x>'")).count("&lt;x&gt;") == 1


# --- widgets and timeline -------------------------------------------------------------------------


def test_filter_options_list_used_values_with_counts(mini_pkg):
    options = explorer.filter_options(mini_pkg)
    assert options["sectors"] == [
        ("Design (4)", "design"),
        ("Finance and debt (1)", "finance"),
        ("Robotics (1)", "robotics"),
    ]  # 'unused' has no event
    assert ("X Holdings (2)", "co_x") in options["actors"]
    assert [v for _, v in options["phases"]] == ["background", "founding", "operation", "aftermath"]
    assert ("Chinese (1)", "zh") in options["languages"]
    assert [v for _, v in options["min_grade"]] == ["", "A", "B", "C"]
    for name, choices in options.items():  # every choice is a value filter_events accepts
        for _, value in choices:
            if name != "min_grade" or value:
                filter_events(mini_pkg, **{name: value})


def test_controls_feed_the_filter(mini_pkg):
    controls = explorer.make_controls(mini_pkg)
    assert list(controls) == explorer.FILTERS
    assert ids(filter_events(mini_pkg, **explorer.filter_values(controls))) == ALL_IN_DATE_ORDER
    controls["min_grade"].value = "B"
    controls["sectors"].value = ("design",)
    controls["start"].value = dt.date(2018, 1, 1)
    assert ids(filter_events(mini_pkg, **explorer.filter_values(controls))) == ["E04"]
    assert "explore-min_grade" in controls["min_grade"]._dom_classes
    with pytest.raises(ValueError, match="unknown filter"):
        explorer.filter_values({"colour": controls["sides"]})


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({}, False),  # nbclient, nbval: no Jupyter server session
        ({"JPY_SESSION_NAME": "/srv/notebooks/06_explore.ipynb"}, True),  # JupyterLab's kernels
        ({"JPY_SESSION_NAME": "x.ipynb", explorer.WIDGETS_ENV: "0"}, False),
        ({explorer.WIDGETS_ENV: "1"}, True),
    ],
)
def test_widgets_only_with_a_jupyter_server(environ, expected):
    assert explorer.widgets_enabled(environ) is expected


def test_timeline_bundle_is_a_deterministic_png_with_alt_text(mini_pkg):
    result = filter_events(mini_pkg, phases=["founding"])
    bundle = explorer.timeline_bundle(mini_pkg, result)
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png[16:20], "big") == 900  # drawn like the report's figures, shown at its width
    assert bundle["text/plain"].strip()
    assert explorer.timeline_bundle(mini_pkg, result) == bundle


# --- the stored notebook --------------------------------------------------------------------------


def test_stored_notebook_has_no_widget_ids_and_a_default_view():
    nb = json.loads((ROOT / "notebooks" / "06_explore.ipynb").read_text(encoding="utf-8"))
    assert "widgets" not in nb["metadata"]
    assert nb["cells"][0]["cell_type"] == "markdown" and "".join(nb["cells"][0]["source"]).startswith("# ")
    assert nb["cells"][-1]["cell_type"] == "markdown"
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    mimes = {m for o in outputs for m in o.get("data", {})}
    assert "application/vnd.jupyter.widget-view+json" not in mimes
    html = "".join("".join(o["data"].get("text/html", "")) for o in outputs if "data" in o)
    assert 'class="explore-count"' in html and 'class="explore-results"' in html
    assert all(c.get("execution_count") is not None for c in nb["cells"] if c["cell_type"] == "code")
