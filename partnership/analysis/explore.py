"""The interactive explorer's logic: filter the events, describe the selection, render it, export it.

Everything here is a pure function of the package and the filter values, so the explorer
notebook (notebooks/06_explore.ipynb) only creates widgets and wires them to these calls, and
the tests can check every rule without a browser.

Filter rules (`filter_events`)
------------------------------
- A filter left as None (or an empty list) does not restrict anything.
- Within one filter the values are alternatives (sectors=["design", "robotics"]: an event in
  either sector); different filters must all hold (sector AND actor AND phase ...).
- sectors / actors: the event is linked to one of them in event_sectors / event_actors
  (exactly that actor: picking a university does not pull in its units).
- phases: the event's phase.
- min_grade: the event's confidence grade is this grade or better (A is best; see
  METHODOLOGY.md). "D" therefore keeps everything; None or "" means no grade filter.
- languages / sides: at least one source that *supports* the event (stance "supports") is in
  one of these languages and, when both filters are given, the *same* source is also from one
  of these sides. The item's own language and side count, not those of the item it reprints.
- start / end (a date range; either end may be open): an event is kept when its uncertainty
  span [date_start, date_end] overlaps the range. A missing date_end means the end is unknown
  and the span runs on without limit (same rule as `tables.events_in_window`). Each kept event
  is marked in the `in_range` column: "inside" when the whole span lies in the range, "partly
  inside" when only part of it does (a month-precision event cut by the range, a year, an open
  end), and "" when no date range was given.

Unknown values (a sector or actor id that does not exist, a grade outside A-D, a language,
side or phase outside the schema's lists, an unreadable date, start after end) raise
`ValueError` naming the bad value and the allowed ones.

The result (`RESULT_COLUMNS`) has one row per matching event, sorted by date_start, date_end
(unknown ends last) and event_id, with the dates as text at their precision (`date_label`),
the actors' and sectors' names, the grade, the independent origins and the citations (all
cited sources: supporting ones first, then contradicting, then mentioning), whose ids, URLs
and stances are kept in three aligned space-separated columns.

The notebook and its stored outputs
-----------------------------------
Widgets carry random model ids, and nbclient would store every widget's state in the notebook's
metadata. So the notebook builds widgets only when a Jupyter server runs its kernel
(`widgets_enabled`); batch runs (the build, nbval) store the default view instead: the count
line, the timeline and the table of every event, as plain HTML and PNG outputs that are the
same bytes on every run. In JupyterLab the same outputs are shown with display ids, and each
widget change updates them in place (`results_head_html`, `timeline_bundle`,
`results_table_html`).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import os
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from partnership.analysis.evidence import GRADES, record_evidence
from partnership.data.load import EvidencePackage

RESULT_COLUMNS = [
    "event_id",
    "when",
    "date_start",
    "date_end",
    "date_precision",
    "in_range",
    "title",
    "phase",
    "kind",
    "actors",
    "sectors",
    "grade",
    "n_origins",
    "origins",
    "source_ids",
    "source_urls",
    "citation_stances",
]
STANCE_ORDER = {"supports": 0, "contradicts": 1, "mentions": 2}
LANGUAGE_NAMES = {"it": "Italian", "en": "English", "zh": "Chinese", "de": "German"}  # ISO 639-1
GRADE_CHOICES = [("any grade", ""), ("A only", "A"), ("B or better", "B"), ("C or better", "C")]
CSV_NAME = "partnership_events_selection.csv"
WIDGETS_ENV = "PARTNERSHIP_EXPLORER_WIDGETS"
INSIDE, PARTLY = "inside", "partly inside"
NOWRAP = "; white-space: nowrap"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # not locale-bound
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- dates ------------------------------------------------------------------------------------


def _is_missing(value) -> bool:
    """None, NaN or NaT (a scalar that stands for 'no value'); lists and strings are values."""
    return value is None or (pd.api.types.is_scalar(value) and not isinstance(value, str) and bool(pd.isna(value)))


def _month(day: pd.Timestamp, with_year: bool = True) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}" if with_year else MONTHS[day.month - 1]


def _whole_months(start: pd.Timestamp, end: pd.Timestamp) -> bool:
    return start.day == 1 and end == end + pd.offsets.MonthEnd(0)


def _span_text(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """A closed span of days in its most compact exact form: whole years, whole months, or days."""
    if start == end:
        return f"{start:%Y-%m-%d}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year} – {end.year}"
    if _whole_months(start, end):
        if (start.year, start.month) == (end.year, end.month):
            return _month(start)
        if start.year == end.year:
            return f"{_month(start, False)} – {_month(end)}"
        return f"{_month(start)} – {_month(end)}"
    return f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"


def date_label(start, end, precision: str) -> str:
    """An event's dates as text at their precision.

    day "2017-02-22"; month "Nov 2017"; year "2012"; range "2018-04-17 – 2018-04-22";
    approximate: "c. " and the window in its most compact exact form ("c. 2016-04-02",
    "c. Sep – Nov 2017", "c. 2016-12-01 – 2017-02-21"): the window is never narrowed to a
    single guessed month. An unknown end is said: "c. 2019-03-01 – end unknown".
    """
    start = pd.Timestamp(start)
    precision = str(precision)
    prefix = "c. " if precision == "approximate" else ""
    if _is_missing(end):
        return f"{prefix}{start:%Y-%m-%d} – end unknown"
    end = pd.Timestamp(end)
    if precision == "day":
        return f"{start:%Y-%m-%d}"
    if precision == "range":
        return f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"
    return prefix + _span_text(start, end)  # month "Nov 2017", year "2012", approximate "c. ..."


def _as_day(value, name: str) -> pd.Timestamp | None:
    """A filter date: None, a date/datetime/Timestamp, or a 'YYYY-MM-DD' string."""
    if _is_missing(value):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            if not _ISO_DAY.match(text):
                raise ValueError
            return pd.Timestamp(dt.date.fromisoformat(text))
        except ValueError:
            raise ValueError(f"{name}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2018-04-17") from None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return pd.Timestamp(value).normalize()
    raise ValueError(f"{name}: {value!r} is not a date; give a datetime.date or a YYYY-MM-DD string")


# --- filter -----------------------------------------------------------------------------------


def _chosen(values, name: str, allowed: Iterable[str]) -> set[str] | None:
    """The set of chosen values, or None for 'no filter'; unknown values raise ValueError."""
    if _is_missing(values):
        return None
    if isinstance(values, str) or not isinstance(values, Iterable):
        values = [values]
    chosen = {str(v) for v in values}
    if not chosen:
        return None
    allowed = list(allowed)
    unknown = sorted(chosen - set(allowed))
    if unknown:
        shown = ", ".join(repr(u) for u in unknown)
        raise ValueError(f"unknown {name} {shown}; allowed: {', '.join(allowed) or '(none)'}")
    return chosen


def _enum(frame: pd.DataFrame, column: str) -> list[str]:
    col = frame[column]
    if isinstance(col.dtype, pd.CategoricalDtype):
        return [str(c) for c in col.cat.categories]
    return sorted(str(v) for v in col.dropna().unique())


def _citations(pkg: EvidencePackage) -> pd.DataFrame:
    """Event citations with their source's URL, language and side, in display order."""
    cit = pkg["citations"]
    cit = cit[cit["record_table"].astype(object) == "events"][["record_id", "source_id", "stance"]].copy()
    src = pkg["sources"].set_index("source_id")
    cit["stance"] = cit["stance"].astype(object)
    cit["url"] = cit["source_id"].map(src["url"].astype(object))
    cit["language"] = cit["source_id"].map(src["language"].astype(object))
    cit["side"] = cit["source_id"].map(src["side"].astype(object))
    cit["order"] = cit["stance"].map(STANCE_ORDER)
    return cit.sort_values(["record_id", "order", "source_id"], kind="stable")


def _joined(frame: pd.DataFrame, key: str, value: str) -> dict[str, str]:
    return {k: "; ".join(sorted(set(g[value].astype(str)), key=str.casefold)) for k, g in frame.groupby(key)}


def filter_events(
    pkg: EvidencePackage,
    sectors=None,
    actors=None,
    phases=None,
    start=None,
    end=None,
    min_grade=None,
    languages=None,
    sides=None,
) -> pd.DataFrame:
    """The events that pass every filter, one row each (columns RESULT_COLUMNS).

    The filter rules are in this module's docstring. Raises ValueError for an unknown value.
    """
    events = pkg["events"]
    ev_sectors, ev_actors = pkg["event_sectors"], pkg["event_actors"]
    want_sectors = _chosen(sectors, "sector", sorted(pkg["sectors"]["sector_id"]))
    want_actors = _chosen(actors, "actor", sorted(pkg["actors"]["actor_id"]))
    want_phases = _chosen(phases, "phase", _enum(events, "phase"))
    want_languages = _chosen(languages, "language", _enum(pkg["sources"], "language"))
    want_sides = _chosen(sides, "side", _enum(pkg["sources"], "side"))
    if min_grade == "":
        min_grade = None
    if not _is_missing(min_grade) and min_grade not in GRADES:
        raise ValueError(f"unknown grade {min_grade!r}; allowed: {', '.join(GRADES)} (A is best)")
    lo, hi = _as_day(start, "start"), _as_day(end, "end")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"start {lo:%Y-%m-%d} is after end {hi:%Y-%m-%d}")

    evidence = record_evidence(pkg, "events")
    cit = _citations(pkg)
    keep = pd.Series(True, index=events.index)
    if want_sectors is not None:
        keep &= events["event_id"].isin(ev_sectors.loc[ev_sectors["sector_id"].isin(want_sectors), "event_id"])
    if want_actors is not None:
        keep &= events["event_id"].isin(ev_actors.loc[ev_actors["actor_id"].isin(want_actors), "event_id"])
    if want_phases is not None:
        keep &= events["phase"].astype(object).isin(want_phases)
    if not _is_missing(min_grade):
        grade = events["event_id"].map(evidence["grade"].astype(object))
        keep &= grade.map(GRADES.index) <= GRADES.index(min_grade)
    if want_languages is not None or want_sides is not None:
        ok = cit["stance"] == "supports"
        if want_languages is not None:
            ok &= cit["language"].isin(want_languages)
        if want_sides is not None:
            ok &= cit["side"].isin(want_sides)
        keep &= events["event_id"].isin(cit.loc[ok, "record_id"])
    ends, open_end = events["date_end"], events["date_end"].isna()
    if lo is not None:
        keep &= open_end | (ends >= lo)
    if hi is not None:
        keep &= events["date_start"] <= hi
    chosen = events[keep].sort_values(["date_start", "date_end", "event_id"], na_position="last", kind="stable")

    actor_names = ev_actors.merge(pkg["actors"][["actor_id", "name_en"]], on="actor_id")
    sector_labels = ev_sectors.merge(pkg["sectors"][["sector_id", "label_en"]], on="sector_id")
    names, labels = _joined(actor_names, "event_id", "name_en"), _joined(sector_labels, "event_id", "label_en")
    cited = {k: g for k, g in cit.groupby("record_id")}
    rows = []
    for ev in chosen.itertuples(index=False):
        c = cited.get(ev.event_id, cit.iloc[:0])
        open_ended = _is_missing(ev.date_end)
        inside = (lo is None or ev.date_start >= lo) and (hi is None or (not open_ended and ev.date_end <= hi))
        rows.append(
            {
                "event_id": ev.event_id,
                "when": date_label(ev.date_start, ev.date_end, ev.date_precision),
                "date_start": f"{ev.date_start:%Y-%m-%d}",
                "date_end": "" if open_ended else f"{ev.date_end:%Y-%m-%d}",
                "date_precision": str(ev.date_precision),
                "in_range": "" if lo is None and hi is None else INSIDE if inside else PARTLY,
                "title": str(ev.title),
                "phase": str(ev.phase),
                "kind": str(ev.kind),
                "actors": names.get(ev.event_id, ""),
                "sectors": labels.get(ev.event_id, ""),
                "grade": str(evidence.at[ev.event_id, "grade"]),
                "n_origins": int(evidence.at[ev.event_id, "n_origins"]),
                "origins": str(evidence.at[ev.event_id, "origins"]),
                "source_ids": " ".join(c["source_id"].astype(str)),
                "source_urls": " ".join(c["url"].astype(str)),
                "citation_stances": " ".join(c["stance"].astype(str)),
            }
        )
    out = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    out["n_origins"] = out["n_origins"].astype(int)
    return out.reset_index(drop=True)


# --- describing and exporting the selection ---------------------------------------------------


def origins_of(result: pd.DataFrame) -> list[str]:
    """The distinct independent origins the selected events rest on, sorted."""
    return sorted({o for cell in result["origins"] for o in str(cell).split()})


def summary(result: pd.DataFrame) -> str:
    """'N events match, resting on M independent origins.' (M: distinct origins over all rows)."""
    n, m = len(result), len(origins_of(result))
    line = (
        f"{n} {'event matches' if n == 1 else 'events match'}, resting on "
        f"{m} independent {'origin' if m == 1 else 'origins'}."
    )
    partly = int((result["in_range"] == PARTLY).sum())
    if partly:
        line += f" {partly} of them {'is' if partly == 1 else 'are'} only partly inside the date range."
    return line


def to_csv(result: pd.DataFrame) -> bytes:
    """The selection as CSV: UTF-8, '\\n' line ends, columns RESULT_COLUMNS; same rows, same bytes."""
    buf = io.StringIO()
    result[RESULT_COLUMNS].to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def csv_data_uri(result: pd.DataFrame) -> str:
    """The CSV export as a data: URI (for a download link that needs no server)."""
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(to_csv(result)).decode("ascii")


# --- HTML for the notebook --------------------------------------------------------------------


def _e(text) -> str:
    return html.escape("" if _is_missing(text) else str(text), quote=True)


def _citation_links(row) -> str:
    ids, urls, stances = row["source_ids"].split(), row["source_urls"].split(), row["citation_stances"].split()
    parts = []
    for sid, url, stance in zip(ids, urls, stances):
        label = _e(sid)
        if url.startswith(("http://", "https://")):
            label = f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{label}</a>'
        if stance != "supports":
            label += f" ({_e(stance)})"
        parts.append(label)
    return "<br>".join(parts)


def _grade_tip(row) -> str:
    n = int(row["n_origins"])
    return f"{n} independent {'origin' if n == 1 else 'origins'}: {row['origins'] or 'none'}"


def results_head_html(result: pd.DataFrame, as_of: str = "") -> str:
    """The count line and the CSV download link, as HTML."""
    stamp = f' <span style="color: #555555">({_e(as_of)})</span>' if as_of else ""
    link = (
        f'<a class="explore-csv" download="{CSV_NAME}" href="{csv_data_uri(result)}">'
        f"Download these {len(result)} rows as CSV</a>"
    )
    return f'<p><b class="explore-count">{_e(summary(result))}</b>{stamp}</p>\n<p>{link}</p>'


def results_table_html(result: pd.DataFrame) -> str:
    """The selection as an HTML table: text escaped, citations as links to their sources."""
    if result.empty:
        return '<p class="explore-empty">No event matches these filters: loosen one of them.</p>'
    with_range = (result["in_range"] != "").any()
    head = (
        ["Event", "When"]
        + (["Date range"] if with_range else [])
        + ["Title", "Phase", "Actors", "Sectors", "Grade", "Origins", "Citations"]
    )
    th = "".join(f'<th style="text-align: left">{h}</th>' for h in head)
    short = {i for i, h in enumerate(head) if h in {"Event", "When", "Grade", "Origins", "Citations"}}
    body = []
    for _, row in result.iterrows():
        span = f"{row['date_start']} to {row['date_end'] or 'unknown'} ({row['date_precision']})"
        cells = [
            _e(row["event_id"]),
            f'<span title="{_e(span)}">{_e(row["when"])}</span>',
            *([_e(row["in_range"])] if with_range else []),
            _e(row["title"]),
            _e(row["phase"]),
            _e(row["actors"]),
            _e(row["sectors"]),
            f'<span title="{_e(_grade_tip(row))}">{_e(row["grade"])}</span>',
            _e(row["n_origins"]),
            _citation_links(row),
        ]
        tds = "".join(
            f'<td style="text-align: left; vertical-align: top{NOWRAP if i in short else ""}">{c}</td>'
            for i, c in enumerate(cells)
        )
        body.append(f'<tr data-event="{_e(row["event_id"])}">{tds}</tr>')
    return (
        '<div style="max-height: 560px; overflow: auto">\n<table class="explore-results">\n'
        f"<thead><tr>{th}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n</div>"
    )


def problem_html(problem: Exception) -> str:
    """A filter value the explorer cannot use, said plainly (shown instead of the count line)."""
    return f'<p><b class="explore-count explore-problem">Cannot filter: {_e(problem)}</b></p>'


# --- widgets: options, values, and when to show them ------------------------------------------


def filter_options(pkg: EvidencePackage) -> dict[str, list[tuple[str, object]]]:
    """(label, value) choices for each filter widget, with the number of events per choice.

    Sectors and actors are listed when at least one event uses them, sorted by label; phases,
    languages and sides in the schema's order.
    """
    events, ev_sectors, ev_actors = pkg["events"], pkg["event_sectors"], pkg["event_actors"]
    n_sector = ev_sectors.drop_duplicates().groupby("sector_id")["event_id"].nunique()
    n_actor = ev_actors.groupby("actor_id")["event_id"].nunique()
    sectors = pkg["sectors"].set_index("sector_id")["label_en"]
    actors = pkg["actors"].set_index("actor_id")["name_en"]
    cit = _citations(pkg)
    sup = cit[cit["stance"] == "supports"]
    n_lang = sup.groupby("language")["record_id"].nunique()
    n_side = sup.groupby("side")["record_id"].nunique()
    n_phase = events["phase"].astype(object).value_counts()

    def listed(counts: pd.Series, labels: pd.Series) -> list[tuple[str, object]]:
        items = [(f"{labels.get(k, k)} ({int(n)})", k) for k, n in counts.items() if n > 0]
        return sorted(items, key=lambda item: (item[0].casefold(), item[1]))

    return {
        "sectors": listed(n_sector, sectors),
        "actors": listed(n_actor, actors),
        "phases": [(f"{p} ({int(n_phase.get(p, 0))})", p) for p in _enum(events, "phase")],
        "min_grade": list(GRADE_CHOICES),
        "languages": [
            (f"{LANGUAGE_NAMES.get(c, c)} ({int(n_lang.get(c, 0))})", c) for c in _enum(pkg["sources"], "language")
        ],
        "sides": [(f"{s} ({int(n_side.get(s, 0))})", s) for s in _enum(pkg["sources"], "side")],
    }


FILTERS = ["sectors", "actors", "phases", "start", "end", "min_grade", "languages", "sides"]


def filter_values(controls: Mapping[str, object]) -> dict[str, object]:
    """The keyword arguments of `filter_events` read from widgets (anything with `.value`)."""
    unknown = sorted(set(controls) - set(FILTERS))
    if unknown:
        raise ValueError(f"unknown filter {', '.join(unknown)}; allowed: {', '.join(FILTERS)}")
    return {name: control.value for name, control in controls.items()}


def make_controls(pkg: EvidencePackage) -> dict:
    """One ipywidgets control per filter (keys FILTERS), each with CSS class explore-<name>."""
    import ipywidgets as widgets

    options = filter_options(pkg)
    style = {"description_width": "110px"}

    def pick(name: str, label: str) -> widgets.SelectMultiple:
        return widgets.SelectMultiple(
            options=options[name], description=label, rows=6, style=style, layout=widgets.Layout(width="360px")
        )

    controls = {
        "sectors": pick("sectors", "Sectors"),
        "actors": pick("actors", "Actors"),
        "phases": pick("phases", "Phases"),
        "start": widgets.DatePicker(description="From", style=style),
        "end": widgets.DatePicker(description="To", style=style),
        "min_grade": widgets.Dropdown(options=options["min_grade"], value="", description="Minimum grade", style=style),
        "languages": pick("languages", "Source language"),
        "sides": pick("sides", "Source side"),
    }
    for name, control in controls.items():
        control.add_class(f"explore-{name}")
    return controls


def controls_box(controls: Mapping[str, object]):
    """The controls laid out in three rows (what the notebook displays)."""
    import ipywidgets as widgets

    c = controls
    dates = widgets.VBox([c["start"], c["end"], c["min_grade"]])
    return widgets.VBox(
        [
            widgets.HBox([c["sectors"], c["actors"]]),
            widgets.HBox([c["phases"], dates]),
            widgets.HBox([c["languages"], c["sides"]]),
        ]
    )


def widgets_enabled(environ: Mapping[str, str] | None = None) -> bool:
    """Whether to build live widgets: only when a Jupyter server runs the kernel.

    A Jupyter server (JupyterLab, Notebook 7) gives its kernels the JPY_SESSION_NAME variable;
    batch runs (the build's nbclient, nbval) do not. Building widgets there would store random
    widget model ids in the notebook, so batch runs show the static default view instead.
    PARTNERSHIP_EXPLORER_WIDGETS=1 (or 0) forces the choice, e.g. for another front end.
    """
    environ = os.environ if environ is None else environ
    forced = environ.get(WIDGETS_ENV, "").strip()
    if forced in {"0", "1"}:
        return forced == "1"
    return bool(environ.get("JPY_SESSION_NAME"))


NO_WIDGETS_NOTE = (
    "<p><i>The filter controls are live widgets: they appear here when this notebook runs in "
    "JupyterLab (<code>make lab</code>). Without a running kernel you see the default view below: "
    "every event, unfiltered.</i></p>"
)


# --- the timeline of the selection ------------------------------------------------------------


def timeline_figure(pkg: EvidencePackage, result: pd.DataFrame, start=None, end=None):
    """The charts part's timeline (partnership.charts.timeline) drawn for the selected events only.

    start / end: the date filter, used as the chart's window (None: the selection's extent).
    Returns a matplotlib Figure that is not registered with pyplot.
    """
    from partnership.analysis.tables import restrict_events
    from partnership.charts import timeline

    lo, hi = _as_day(start, "start"), _as_day(end, "end")
    n = len(result)
    title = f"The {n} {'event' if n == 1 else 'events'} of this selection" if n else "No event matches these filters"
    window = None if lo is None and hi is None else (lo, hi)
    return timeline(restrict_events(pkg, result["event_id"]), window=window, title=title)


def timeline_bundle(pkg: EvidencePackage, result: pd.DataFrame, start=None, end=None) -> dict[str, str]:
    """The selection's timeline as a display bundle: PNG plus its alt text (or a note if empty)."""
    if result.empty:
        note = "No timeline: no event matches these filters."
        return {"text/html": f"<p><i>{note}</i></p>", "text/plain": note}
    from partnership.charts import alt_text

    fig = timeline_figure(pkg, result, start, end)
    return {"image/png": base64.b64encode(figure_png(fig)).decode("ascii"), "text/plain": alt_text(fig)}


def figure_png(fig) -> bytes:
    """The figure as PNG bytes, identical run to run (no software or date metadata)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
