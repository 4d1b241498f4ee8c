"""Timeline of events by phase and kind, with each date drawn as precisely as it is known.

- An event dated to the day is a point (at midday of that day).
- Any other event (month, year, range, approximate) is a bar covering its whole window, from
  the first possible day (00:00) to the end of the last possible day: a month is the month.
- An event with no known end is a bar running to the right edge of the window, with an arrow
  and the words "end unknown".
- Fill and marker show the confidence grade (partnership.analysis.evidence.record_evidence).
- Rows: one block per phase (every phase of the schema, even an empty one, which is labelled
  as such), one row per kind inside it; events that would overlap get extra lanes.
- Milestones (event ids passed in) are labelled above the plot with leader lines.

Every drawn event carries gid "event:<event_id>" (also its id in the SVG). Every word comes in
the chart's language (`lang`), month names on the date axis too; event titles stay as the data gives them.

The chart is built in named steps: `select` (the window and its events), `lay_out_rows`
(phases, kinds, lanes), `notes`, `finding` and `describe` (footer, title, alt text),
`milestone_labels`, `timeline_data` (the events drawn, as a table), then the drawing helpers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from partnership.analysis import tables
from partnership.analysis.dates import DateLike, date_label, month_names, month_text
from partnership.analysis.evidence import GRADES
from partnership.charts.common import (
    GRADE_MEANING,
    GREY,
    INK,
    OKABE_ITO,
    ChartData,
    empty_axes,
    finish,
    footer_line_count,
    new_figure,
    shorten,
    styled,
)
from partnership.data.load import EvidencePackage
from partnership.i18n import N_, words
from partnership.i18n.vocabulary import as_of_line, word

PHASE_COLOURS = [
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["green"],
    OKABE_ITO["purple"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["sky"],
]
POINT_MARKER = {"A": "o", "B": "D", "C": "o", "D": "X"}
SLOT_IN = 0.18  # height of one lane, inches
LABEL_IN = 0.26  # height of one milestone label level, inches
PLOT_IN = 9.0 - 1.9  # approximate width of the plotting area, inches
DAY = pd.Timedelta(days=1)


def _light(colour, amount=0.5):
    r, g, b = to_rgb(colour)
    return (1 - amount + amount * r, 1 - amount + amount * g, 1 - amount + amount * b)


def grade_style(grade: str, colour: str) -> dict:
    """How a grade looks: for points (marker, face, edge) and for bars (face, edge, line style)."""
    grade = grade if grade in GRADES else "D"
    face = {"A": colour, "B": _light(colour, 0.45), "C": "white", "D": "white"}[grade]
    return {
        "marker": POINT_MARKER[grade],
        "face": face,
        "edge": colour,
        "linestyle": ":" if grade == "D" else "-",
    }


# --- data: the window, its events, their rows ---------------------------------------------------


@dataclass(frozen=True)
class TimeAxis:
    """The window on the x axis in matplotlib date numbers (days), from its first to past its last day."""

    lo: float
    hi: float

    @property
    def span(self) -> float:
        return self.hi - self.lo

    def extent(self, ev: pd.Series) -> tuple[float, float]:
        """Where an event's bar starts and ends, cut to the window; an unknown end runs to the edge."""
        x0 = max(mdates.date2num(ev["date_start"]), self.lo)
        x1 = self.hi if ev["open_end"] else min(mdates.date2num(ev["date_end"] + DAY), self.hi)
        return x0, x1


@dataclass(frozen=True)
class Selection:
    """What the timeline shows: the window, the events in it and out of it, the milestones found."""

    start: pd.Timestamp
    end: pd.Timestamp
    shown: pd.DataFrame
    outside: pd.DataFrame
    phases: list[str]
    milestones: list[str]  # asked for and in the window, in the order asked
    missing: list[str]  # asked for but not in the window (or not in the data)

    @property
    def axis(self) -> TimeAxis:
        return TimeAxis(mdates.date2num(self.start), mdates.date2num(self.end + DAY))

    @property
    def open_ids(self) -> list[str]:
        return list(self.shown.loc[self.shown["open_end"], "event_id"])


def _window(events: pd.DataFrame, window) -> tuple[pd.Timestamp, pd.Timestamp]:
    if window is not None:
        start, end = (pd.Timestamp(w) if w is not None else None for w in window)
    else:
        start = end = None
    if start is None:
        start = events["date_start"].min() if len(events) else pd.Timestamp("2000-01-01")
        start = pd.Timestamp(year=start.year, month=1, day=1)
    if end is None:
        last = events["date_end"].fillna(events["date_start"]).max() if len(events) else start
        end = pd.Timestamp(year=last.year, month=12, day=31)
    return start, end


def select(
    pkg: EvidencePackage,
    window: tuple[DateLike | None, DateLike | None] | None = None,
    milestones: Iterable[str] = (),
) -> Selection:
    """The events in the window (default: whole years around the data) and the milestones among them."""
    events = tables.events_table(pkg)
    start, end = _window(events, window)
    shown = tables.events_in_window(events, start, end)
    asked, found = list(dict.fromkeys(milestones)), set(shown["event_id"])
    return Selection(
        start=start,
        end=end,
        shown=shown,
        outside=events[~events["event_id"].isin(shown["event_id"])],
        phases=tables.categories(pkg["events"], "phase"),
        milestones=[m for m in asked if m in found],
        missing=[m for m in asked if m not in found],
    )


def pack_lanes(intervals: list[tuple[float, float]]) -> list[int]:
    """Greedy interval packing: the lane of each interval so that no two in a lane overlap."""
    ends: list[float] = []
    out = []
    for lo, hi in intervals:
        for i, last in enumerate(ends):
            if lo > last:
                ends[i] = hi
                out.append(i)
                break
        else:
            ends.append(hi)
            out.append(len(ends) - 1)
    return out


def claimed(ev: pd.Series, axis: TimeAxis, show_ids: bool) -> tuple[float, float]:
    """The stretch of its lane an event takes: its bar or point, a margin, and its id when shown."""
    lo, hi = axis.extent(ev)
    label_days = (len(ev["event_id"]) * 7 * 0.6 / 72) * axis.span / PLOT_IN if show_ids else 0
    hi = max(hi, lo + 0.009 * axis.span)
    if hi >= axis.hi - 0.01 * axis.span:  # at the right edge the id goes to the left
        return (lo - 0.0045 * axis.span - label_days, hi)
    return (lo - 0.0045 * axis.span, hi + label_days)


@dataclass(frozen=True)
class Rows:
    """The rows from top to bottom: ("header" | "lane", phase, label); and each event's row."""

    rows: list[tuple[str, str, str]]
    lane_of: dict[str, int]
    empty_phases: list[str]


def lay_out_rows(sel: Selection, show_ids: bool = False, lang: str = "en") -> Rows:
    """A header per phase, then a row per kind (earliest first), with extra lanes so nothing overlaps."""
    w = words(lang)
    rows: list[tuple[str, str, str]] = []
    lane_of: dict[str, int] = {}
    empty_phases = []
    axis = sel.axis
    for phase in sel.phases:
        in_phase = sel.shown[sel.shown["phase"].astype(object) == phase]
        n = len(in_phase)
        count = w.ngettext("{n} event", "{n} events", n) if n else w.gettext("no events in this window")
        rows.append(("header", phase, f"{word('phase', phase, lang).upper()} · {count}"))
        if in_phase.empty:
            empty_phases.append(phase)
            continue
        kinds = in_phase.groupby(in_phase["kind"].astype(object))["date_start"].min().sort_values(kind="stable")
        for kind in kinds.index:
            group = in_phase[in_phase["kind"].astype(object) == kind]
            intervals = [claimed(ev, axis, show_ids) for _, ev in group.iterrows()]
            order = np.argsort([i[0] for i in intervals], kind="stable")
            lanes = pack_lanes([intervals[i] for i in order])
            first_row = len(rows)
            for lane in range(max(lanes) + 1):
                rows.append(("lane", phase, word("event kind", kind, lang) if lane == 0 else ""))
            for i, lane in zip(order, lanes):
                lane_of[group.iloc[i]["event_id"]] = first_row + lane
    return Rows(rows, lane_of, empty_phases)


# --- texts: notes, title, alt text, milestone labels ----------------------------------------------


def _when(ev: pd.Series, lang: str = "en") -> str:
    return date_label(ev["date_start"], ev["date_end"], ev["date_precision"], lang=lang)


def notes(sel: Selection, empty_phases: list[str], lang: str = "en") -> list[str]:
    """The footer notes: how to read the chart, and what it leaves out."""
    w = words(lang)
    out = []
    if sel.shown.empty:
        out.append(w.gettext("No events fall in this window."))
    out.append(
        w.gettext(
            "Points: events dated to the day. Bars: the whole window in which an event happened "
            "(a month, a year, a range of days or an approximate period). Fill and marker show the grade."
        )
    )
    if empty_phases:
        phases = w.join(word("phase", p, lang) for p in empty_phases)
        out.append(
            w.ngettext(
                "No events in the {phases} phase in this window.",
                "No events in the {phases} phases in this window.",
                len(empty_phases),
                phases=phases,
            )
        )
    if sel.open_ids:
        out.append(
            w.ngettext(
                "{n} event with no known end ({ids}) is drawn open to the right edge.",
                "{n} events with no known end ({ids}) are drawn open to the right edge.",
                len(sel.open_ids),
                ids=", ".join(sel.open_ids),
            )
        )
    if len(sel.outside):
        ids = list(sel.outside["event_id"])
        listed = ", ".join(ids) if len(ids) <= 8 else ", ".join(ids[:8]) + ", …"
        out.append(
            w.ngettext(
                "{n} event outside {start}–{end} not shown ({ids}).",
                "{n} events outside {start}–{end} not shown ({ids}).",
                len(ids),
                start=month_text(sel.start, lang=lang),
                end=month_text(sel.end, lang=lang),
                ids=listed,
            )
        )
    if sel.missing:
        out.append(
            w.ngettext(
                "Milestone not in this window or not in the data: {ids}.",
                "Milestones not in this window or not in the data: {ids}.",
                len(sel.missing),
                ids=", ".join(sel.missing),
            )
        )
    return out


def _busiest_year(sel: Selection, closed: pd.DataFrame, lang: str) -> str:
    w = words(lang)
    n, start, end = len(sel.shown), sel.start.year, sel.end.year
    same_year = closed[closed["date_start"].dt.year == closed["date_end"].dt.year]
    counts = same_year["date_start"].dt.year.value_counts()
    if counts.empty:
        return w.ngettext(
            "{n} event from {start} to {end}, none dated within a single year",
            "{n} events from {start} to {end}, none dated within a single year",
            n,
            start=start,
            end=end,
        )
    top = counts.max()
    years = sorted(int(y) for y in counts[counts == top].index)
    if len(years) == 1:
        return w.gettext(
            "{year} stands out: {top} of the {n} events shown between {start} and {end} fall within that year, "
            "more than in any other",
            year=years[0],
            top=top,
            n=n,
            start=start,
            end=end,
        )
    return w.gettext(
        "{years} stand out: {top} of the {n} events shown between {start} and {end} fall within each of these "
        "years, more than in any other",
        years=w.join(years),
        top=top,
        n=n,
        start=start,
        end=end,
    )


def _busiest_month(sel: Selection, closed: pd.DataFrame, lang: str) -> str:
    w = words(lang)
    days = int(sel.shown["point"].sum())
    same_month = closed[closed["date_start"].dt.to_period("M") == closed["date_end"].dt.to_period("M")]
    counts = same_month["date_start"].dt.to_period("M").value_counts()
    busiest = ""
    if not counts.empty:
        months = sorted(counts[counts == counts.max()].index)
        names = w.join(month_text(m.start_time, lang=lang) for m in months)
        busiest = w.ngettext(
            "; the busiest month is {months} with {count}",
            "; the busiest months are {months} with {count} each",
            len(months),
            months=names,
            count=counts.max(),
        )
    return w.ngettext(
        "{n} event between {start} and {end}, {days} dated to the day{busiest}",
        "{n} events between {start} and {end}, {days} dated to the day{busiest}",
        len(sel.shown),
        start=month_text(sel.start, lang=lang),
        end=month_text(sel.end, lang=lang),
        days=days,
        busiest=busiest,
    )


def finding(sel: Selection, lang: str = "en") -> str:
    """The title: the busiest year (windows over three years) or month, among events within one."""
    if sel.shown.empty:
        return words(lang).gettext("No events to show in this window")
    closed = sel.shown[sel.shown["date_end"].notna()]
    if (sel.end - sel.start).days > 3 * 366:
        return _busiest_year(sel, closed, lang)
    return _busiest_month(sel, closed, lang)


def describe(sel: Selection, empty_phases: list[str], lang: str = "en") -> str:
    """The alt text: the window, the counts by phase, precision and grade, the milestones."""
    w = words(lang)
    shown = sel.shown
    phase_counts = [f"{word('phase', p, lang)} {int((shown['phase'].astype(object) == p).sum())}" for p in sel.phases]
    grade_counts = shown["grade"].astype(str).value_counts()
    info = shown.set_index("event_id")
    milestones = "; ".join(f"{eid} ({_when(info.loc[eid], lang)}, {info.loc[eid, 'title']})" for eid in sel.milestones)
    n_open = len(sel.open_ids)
    parts = [
        w.ngettext(
            "Timeline from {start} to {end} showing {n} event in rows by phase ({phases}) and by kind.",
            "Timeline from {start} to {end} showing {n} events in rows by phase ({phases}) and by kind.",
            len(shown),
            start=month_text(sel.start, lang=lang, wide=True),
            end=month_text(sel.end, lang=lang, wide=True),
            phases=", ".join(phase_counts),
        ),
        w.gettext(
            "{points} events known to the day are points; {bars} known only to a month, a year, a range or an "
            "approximate period are bars covering that period",
            points=int(shown["point"].sum()),
            bars=int((~shown["point"]).sum()),
        )
        + (w.gettext("; {n} with no known end run to the right edge", n=n_open) if n_open else "")
        + ".",
        w.gettext("Grades: {counts}.", counts=", ".join(f"{g} {int(grade_counts.get(g, 0))}" for g in GRADES)),
    ]
    if sel.milestones:
        parts.append(w.gettext("Labelled milestones: {milestones}.", milestones=milestones))
    if empty_phases:
        parts.append(w.gettext("No events in: {phases}.", phases=w.join(word("phase", p, lang) for p in empty_phases)))
    return " ".join(parts)


def milestone_labels(
    sel: Selection, centre: dict[str, tuple[float, float, float]], lang: str = "en"
) -> list[tuple[float, float, str, str]]:
    """(x, y, text, ha) of each milestone label, top level first.

    A label runs right of its event unless it would pass the right edge; right-running labels
    take the upper levels from the earliest, the others the lower levels from the latest, so
    that no leader line crosses a label.
    """
    axis, info = sel.axis, sel.shown.set_index("event_id")
    placed = []
    for eid in sel.milestones:
        x, y, _ = centre[eid]
        text = f"{eid} · {_when(info.loc[eid], lang)} · {shorten(info.loc[eid, 'title'], 48)}"
        width_days = len(text) * 8 * 0.56 / 72 * axis.span / PLOT_IN
        placed.append((x, y, text, "left" if x + width_days <= axis.hi else "right"))
    lefts = sorted([p for p in placed if p[3] == "left"], key=lambda p: p[0])
    rights = sorted([p for p in placed if p[3] == "right"], key=lambda p: -p[0])
    return lefts + rights


TIMELINE_COLUMNS = {
    N_("event id"): N_("The event's id in data/events.csv"),
    N_("title"): N_("The event's title"),
    N_("phase"): N_("Its phase (the block of rows it is drawn in)"),
    N_("kind"): N_("Its kind (the row it is drawn in)"),
    N_("date"): N_("When it happened, as precisely as it is known (days as YYYY-MM-DD)"),
    N_("date precision"): N_("How precisely the date is known: day, month, year, range or approximate"),
    N_("first day"): N_("The first day it may have happened, YYYY-MM-DD (where its bar starts, if inside the window)"),
    N_("last day"): N_(
        "The last day it may have happened, YYYY-MM-DD (where its bar ends); empty when the end is unknown"
    ),
    N_("drawn as"): N_("point (known to the day) or bar (the window in which it happened)"),
    N_("grade"): N_("Confidence grade, A to D (fill and marker)"),
    N_("milestone"): N_("true when the event is labelled above the plot"),
}


def timeline_data(sel: Selection, lang: str = "en") -> ChartData:
    """One row per event drawn, in date order, with its date as the chart reads it (at its precision).

    Codes (phase, kind, precision, grade) stay as the data writes them; 'drawn as' is in the language."""
    w = words(lang)
    drawn = {True: w.pgettext("drawn as", "point"), False: w.pgettext("drawn as", "bar")}
    shown = sel.shown
    table = pd.DataFrame(
        {
            "event id": shown["event_id"].astype(str),
            "title": shown["title"].astype(str),
            "phase": shown["phase"].astype(str),
            "kind": shown["kind"].astype(str),
            "date": [_when_iso(ev, lang) for _, ev in shown.iterrows()],
            "date precision": shown["date_precision"].astype(str),
            "first day": [f"{d:%Y-%m-%d}" for d in shown["date_start"]],
            "last day": ["" if pd.isna(d) else f"{d:%Y-%m-%d}" for d in shown["date_end"]],
            "drawn as": [drawn[bool(p)] for p in shown["point"]],
            "grade": shown["grade"].astype(str),
            "milestone": shown["event_id"].isin(sel.milestones),
        }
    )
    return ChartData(table.reset_index(drop=True), TIMELINE_COLUMNS).translated(lang)


def _when_iso(ev: pd.Series, lang: str) -> str:
    return date_label(ev["date_start"], ev["date_end"], ev["date_precision"], iso=True, lang=lang)


# --- drawing -------------------------------------------------------------------------------------


def _frame(n_rows: int, n_milestones: int, footer: list[str]) -> tuple[Figure, Axes, Axes]:
    """The figure, sized to its rows, milestone levels and footer: the plot above, the legend below."""
    plot_h = 0.9 + n_rows * SLOT_IN + n_milestones * LABEL_IN
    legend_h = 0.75
    footer_lines = footer_line_count(footer)
    fig = new_figure(plot_h + legend_h + 0.9 + 0.17 * footer_lines, footer_lines=footer_lines)
    grid = fig.add_gridspec(2, 1, height_ratios=[plot_h, legend_h])
    ax = fig.add_subplot(grid[0])
    legend_ax = fig.add_subplot(grid[1])
    legend_ax.axis("off")
    return fig, ax, legend_ax


class DateFormatter(mdates.ConciseDateFormatter):
    """matplotlib's concise date ticks with month names in the chart's language.

    ConciseDateFormatter writes months with strftime's %b, which Python leaves in the C
    locale's English whatever the machine; those names are swapped for the language's here.
    """

    def __init__(self, locator, lang: str = "en"):
        super().__init__(locator)
        self._months = dict(zip(month_names("en"), month_names(lang)))
        self._pattern = re.compile(r"\b(" + "|".join(self._months) + r")\b")

    def _local(self, text: str) -> str:
        return self._pattern.sub(lambda m: self._months[m.group(0)], text)

    def format_ticks(self, values):
        return [self._local(t) for t in super().format_ticks(values)]

    def get_offset(self) -> str:
        return self._local(super().get_offset())


def _draw_axes(ax: Axes, rows: Rows, sel: Selection, phase_colour: dict[str, str], lang: str) -> None:
    """Limits and date ticks; phase headers with rules between the blocks; kind names as y labels."""
    # y: slot i sits at y = -i; milestone labels above, at y = 1, 2, ...
    ax.set_ylim(-(len(rows.rows) - 0.4), 0.6 + len(sel.milestones))
    ax.set_xlim(sel.axis.lo, sel.axis.hi)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=5, maxticks=12))
    ax.xaxis.set_major_formatter(DateFormatter(ax.xaxis.get_major_locator(), lang))
    ax.grid(axis="x", zorder=0)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    yticks, ylabels = [], []
    for i, (kind, phase, label) in enumerate(rows.rows):
        y = -i
        if kind == "header":
            header_kw = {"ha": "left", "va": "center", "fontsize": 9, "fontweight": "bold"}
            ax.text(0.002, y, label, transform=ax.get_yaxis_transform(), color=phase_colour[phase], **header_kw)
            if i:
                ax.axhline(y + 0.5, color="#CCCCCC", lw=0.8, zorder=1)
        elif label:
            yticks.append(y)
            ylabels.append(label)
    ax.set_yticks(yticks, ylabels)
    ax.set_xlabel(words(lang).gettext("Date (points: known to the day; bars: the window in which the event happened)"))


def grade_marker(
    ax: Axes, x: float, y: float, grade: str, colour: str, edgewidth: float = 1.2, gid: str | None = None
) -> Line2D:
    """A point in its grade's look (grade_style); grade D's cross is filled, edged in white."""
    style = grade_style(str(grade), colour)
    cross = style["marker"] == "X"
    line = ax.plot(
        [x],
        [y],
        linestyle="none",
        marker=style["marker"],
        markersize=7,
        markerfacecolor=colour if cross else style["face"],
        markeredgecolor="white" if cross else style["edge"],
        markeredgewidth=0.6 if cross else edgewidth,
        zorder=4,
    )[0]
    if gid:
        line.set_gid(gid)
    return line


def _draw_bar(
    ax: Axes, ev: pd.Series, y: float, axis: TimeAxis, colour: str, style: dict, lang: str
) -> tuple[float, float, float]:
    """An event known to a window: a bar over it, arrows where it runs on past the window's edges."""
    x0, x1 = axis.extent(ev)
    bar_kw = {"facecolor": style["face"], "edgecolor": style["edge"], "linestyle": style["linestyle"]}
    ax.add_patch(
        Rectangle((x0, y - 0.28), x1 - x0, 0.56, linewidth=1.1, zorder=3, gid=f"event:{ev['event_id']}", **bar_kw)
    )
    clipped_right = not ev["open_end"] and mdates.date2num(ev["date_end"] + DAY) > axis.hi
    if mdates.date2num(ev["date_start"]) < axis.lo:  # starts before the window: say so
        ax.plot([axis.lo + 0.005 * axis.span], [y], marker="<", color=colour, markersize=5, zorder=4)
    if clipped_right:  # ends after it
        ax.plot([axis.hi - 0.005 * axis.span], [y], marker=">", color=colour, markersize=5, zorder=4)
    if ev["open_end"]:
        ax.plot([axis.hi], [y], marker=">", color=colour, markersize=6, clip_on=False, zorder=4)
        end_kw = {"ha": "right", "va": "bottom", "fontsize": 7, "style": "italic", "color": INK, "zorder": 5}
        ax.text(axis.hi - 0.004 * axis.span, y + 0.3, words(lang).gettext("end unknown"), **end_kw)
    return (x0 + x1) / 2, y, x1


def _draw_id(ax: Axes, eid: str, centre: tuple[float, float, float], point: bool, axis: TimeAxis) -> None:
    """The event's id right of it, or left of it when it reaches the right edge."""
    x, y, right = centre
    at_edge = right >= axis.hi - 0.01 * axis.span
    left_x = right if point else x - (right - x)
    ax.annotate(
        eid,
        (left_x if at_edge else right, y),
        xytext=(-5 if at_edge else 5, 0),
        textcoords="offset points",
        ha="right" if at_edge else "left",
        va="center",
        fontsize=7,
        color=INK,
        zorder=5,
    )


def _draw_events(ax: Axes, sel: Selection, rows: Rows, phase_colour: dict[str, str], show_ids: bool, lang: str) -> dict:
    """Every shown event in its row, in date order; returns event id -> (centre x, y, right end)."""
    centre, axis = {}, sel.axis
    for _, ev in sel.shown.iterrows():
        eid, y = ev["event_id"], -rows.lane_of[ev["event_id"]]
        colour = phase_colour[str(ev["phase"])]
        if ev["point"]:  # known to the day: at midday
            x = mdates.date2num(ev["date_start"] + DAY / 2)
            grade_marker(ax, x, y, ev["grade"], colour, gid=f"event:{eid}")
            centre[eid] = (x, y, x)
        else:
            centre[eid] = _draw_bar(ax, ev, y, axis, colour, grade_style(str(ev["grade"]), colour), lang)
        if show_ids:
            _draw_id(ax, eid, centre[eid], ev["point"], axis)
    return centre


def _draw_milestones(ax: Axes, labels: list[tuple[float, float, str, str]]) -> None:
    """Milestone labels on levels above the plot, each with a dashed leader line down to its event."""
    for level, (x, y, text, ha) in enumerate(labels):
        ly = len(labels) - level
        ax.plot([x, x], [ly - 0.3, y + 0.3], color=GREY, lw=0.7, linestyle=(0, (2, 2)), zorder=2)
        label_kw = {"fontsize": 8, "color": INK, "zorder": 6}
        ax.text(
            x, ly, text, ha=ha, va="center", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0}, **label_kw
        )
    ax.axhline(0.5, color="#CCCCCC", lw=0.8, zorder=1)


def _draw_legend(legend_ax: Axes, lang: str) -> None:
    """Grade = marker (points) and fill (bars), side by side for each grade."""
    w = words(lang)
    handles, labels = [], []
    for g in GRADES:
        st = grade_style(g, INK)
        point = Line2D(
            [],
            [],
            linestyle="none",
            marker=st["marker"],
            markersize=7,
            markerfacecolor=st["face"] if g != "D" else INK,
            markeredgecolor=st["edge"] if g != "D" else "white",
        )
        bar = Rectangle((0, 0), 1, 1, facecolor=st["face"], edgecolor=st["edge"], linestyle=st["linestyle"])
        handles.append((point, bar))
        labels.append(f"{g}: {w.word(GRADE_MEANING[g])}")
    legend_ax.legend(
        handles,
        labels,
        handler_map={tuple: HandlerTuple(ndivide=None, pad=0.6)},
        loc="center",
        ncols=2,
        title=w.gettext("Confidence grade (point / bar); small arrows: the period runs on beyond the window"),
        handlelength=3,
    )


@styled
def timeline(
    pkg: EvidencePackage,
    window: tuple[DateLike | None, DateLike | None] | None = None,
    milestones: Iterable[str] = (),
    show_ids: bool = False,
    title: str | None = None,
    lang: str = "en",
) -> Figure:
    """Events by phase and kind on one time axis; see the module docstring for the encoding.

    window: (start, end) dates (strings or Timestamps; None for the data's extent).
    milestones: event ids to label above the plot (ignored if not in the window).
    show_ids: write each event's id next to it (for zoomed views).
    title: replaces the computed title (a finding) if given.
    lang: the language of every word drawn ("en", "it").
    """
    sel = select(pkg, window, milestones)
    rows = lay_out_rows(sel, show_ids, lang)
    footer = notes(sel, rows.empty_phases, lang)
    phase_colour = {p: PHASE_COLOURS[i % len(PHASE_COLOURS)] for i, p in enumerate(sel.phases)}
    fig, ax, legend_ax = _frame(len(rows.rows), len(sel.milestones), footer)
    if sel.shown.empty and not rows.rows:
        empty_axes(ax, words(lang).gettext("No events in the data package"))
    _draw_axes(ax, rows, sel, phase_colour, lang)
    centre = _draw_events(ax, sel, rows, phase_colour, show_ids, lang)
    if sel.milestones:
        _draw_milestones(ax, milestone_labels(sel, centre, lang))
    _draw_legend(legend_ax, lang)
    alt = describe(sel, rows.empty_phases, lang)
    found = title or finding(sel, lang)
    data = timeline_data(sel, lang)
    return finish(fig, found, alt, as_of_line(pkg, lang), pkg.title, footer, data=data, lang=lang)
