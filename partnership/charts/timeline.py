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

Every drawn event carries gid "event:<event_id>" (also its id in the SVG).
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from partnership.analysis import tables
from partnership.analysis.evidence import GRADES
from partnership.charts.common import (
    GRADE_MEANING,
    GREY,
    INK,
    OKABE_ITO,
    empty_axes,
    finish,
    footer_line_count,
    join_words,
    new_figure,
    plural,
    shorten,
    styled,
)
from partnership.data.load import EvidencePackage

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
DAY = pd.Timedelta(days=1)


def _light(colour, amount=0.5):
    r, g, b = to_rgb(colour)
    return (1 - amount + amount * r, 1 - amount + amount * g, 1 - amount + amount * b)


def grade_style(grade: str, colour) -> dict:
    """How a grade looks: for points (marker, face, edge) and for bars (face, edge, line style)."""
    grade = grade if grade in GRADES else "D"
    face = {"A": colour, "B": _light(colour, 0.45), "C": "white", "D": "white"}[grade]
    return {
        "marker": POINT_MARKER[grade],
        "face": face,
        "edge": colour,
        "linestyle": ":" if grade == "D" else "-",
    }


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


def _lanes(intervals: list[tuple[float, float]]) -> list[int]:
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


def _describe_date(row) -> str:
    start, end, prec = row["date_start"], row["date_end"], str(row["date_precision"])
    if pd.isna(end):
        return f"from {start.day} {start:%b %Y}, end unknown"
    if prec == "day":
        return f"{start.day} {start:%b %Y}"
    if prec == "month":
        return f"{start:%b %Y}"
    if prec == "year":
        return f"{start:%Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def _finding(shown: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> str:
    n = len(shown)
    closed = shown[shown["date_end"].notna()]
    if (end - start).days > 3 * 366:
        same_year = closed[closed["date_start"].dt.year == closed["date_end"].dt.year]
        counts = same_year["date_start"].dt.year.value_counts()
        if counts.empty:
            return f"{plural(n, 'event')} from {start.year} to {end.year}, none dated within a single year"
        top = counts.max()
        years = sorted(int(y) for y in counts[counts == top].index)
        if len(years) == 1:
            return (
                f"{years[0]} stands out: {top} of the {n} events shown between {start.year} and {end.year} "
                f"fall within that year, more than in any other"
            )
        return (
            f"{join_words([str(y) for y in years])} stand out: {top} of the {n} events shown between "
            f"{start.year} and {end.year} fall within each of these years, more than in any other"
        )
    days = int(shown["point"].sum())
    same_month = closed[closed["date_start"].dt.to_period("M") == closed["date_end"].dt.to_period("M")]
    counts = same_month["date_start"].dt.to_period("M").value_counts()
    busiest = ""
    if not counts.empty:
        months = sorted(counts[counts == counts.max()].index)
        names = join_words([m.strftime("%b %Y") for m in months])
        busiest = (
            f"; the busiest month is {names} with {counts.max()}"
            if len(months) == 1
            else f"; the busiest months are {names} with {counts.max()} each"
        )
    return f"{plural(n, 'event')} between {start:%b %Y} and {end:%b %Y}, {days} dated to the day{busiest}"


@styled
def timeline(pkg: EvidencePackage, window=None, milestones=(), show_ids: bool = False, title: str | None = None):
    """Events by phase and kind on one time axis; see the module docstring for the encoding.

    window: (start, end) dates (strings or Timestamps; None for the data's extent).
    milestones: event ids to label above the plot (ignored if not in the window).
    show_ids: write each event's id next to it (for zoomed views).
    title: replaces the computed title (a finding) if given.
    """
    events = tables.events_table(pkg)
    start, end = _window(events, window)
    shown = tables.events_in_window(events, start, end)
    outside = events[~events["event_id"].isin(shown["event_id"])]
    phases = tables.categories(pkg["events"], "phase")
    phase_colour = {p: PHASE_COLOURS[i % len(PHASE_COLOURS)] for i, p in enumerate(phases)}
    x_lo, x_hi = mdates.date2num(start), mdates.date2num(end + DAY)
    span_days = x_hi - x_lo
    plot_in = 9.0 - 1.9  # approximate width of the plotting area, inches

    # --- rows: phase header, then one or more lanes per kind -------------------------------
    rows = []  # (kind of row, phase, label)
    lane_of: dict[str, int] = {}
    empty_phases = []
    for phase in phases:
        in_phase = shown[shown["phase"].astype(object) == phase]
        rows.append(
            (
                "header",
                phase,
                f"{phase.replace('_', ' ').upper()} · "
                + (plural(len(in_phase), "event") if len(in_phase) else "no events in this window"),
            )
        )
        if in_phase.empty:
            empty_phases.append(phase)
            continue
        kinds = in_phase.groupby(in_phase["kind"].astype(object))["date_start"].min().sort_values(kind="stable")
        for kind in kinds.index:
            group = in_phase[in_phase["kind"].astype(object) == kind]
            intervals = []
            for _, ev in group.iterrows():
                lo = max(mdates.date2num(ev["date_start"]), x_lo)
                hi = x_hi if ev["open_end"] else min(mdates.date2num(ev["date_end"] + DAY), x_hi)
                label_days = (len(ev["event_id"]) * 7 * 0.6 / 72) * span_days / plot_in if show_ids else 0
                hi = max(hi, lo + 0.009 * span_days)
                if hi >= x_hi - 0.01 * span_days:  # at the right edge the id goes to the left
                    intervals.append((lo - 0.0045 * span_days - label_days, hi))
                else:
                    intervals.append((lo - 0.0045 * span_days, hi + label_days))
            order = np.argsort([i[0] for i in intervals], kind="stable")
            lanes = _lanes([intervals[i] for i in order])
            first_row = len(rows)
            for lane in range(max(lanes) + 1):
                rows.append(("lane", phase, str(kind).replace("_", " ") if lane == 0 else ""))
            for i, lane in zip(order, lanes):
                lane_of[group.iloc[i]["event_id"]] = first_row + lane

    ms = [m for m in dict.fromkeys(milestones) if m in set(shown["event_id"])]
    missing_ms = [m for m in dict.fromkeys(milestones) if m not in set(shown["event_id"])]

    notes = []
    if shown.empty:
        notes.append("No events fall in this window.")
    notes.append(
        "Points: events dated to the day. Bars: the whole window in which an event happened "
        "(a month, a year, a range of days or an approximate period). Fill and marker show the grade."
    )
    if empty_phases:
        notes.append(
            f"No events in the {join_words(empty_phases)} phase{'s' if len(empty_phases) > 1 else ''} in this window."
        )
    open_ids = list(shown.loc[shown["open_end"], "event_id"])
    if open_ids:
        notes.append(
            f"{plural(len(open_ids), 'event')} with no known end ({', '.join(open_ids)}) "
            f"{'is' if len(open_ids) == 1 else 'are'} drawn open to the right edge."
        )
    if len(outside):
        ids = list(outside["event_id"])
        listed = ", ".join(ids) if len(ids) <= 8 else ", ".join(ids[:8]) + ", …"
        notes.append(f"{plural(len(ids), 'event')} outside {start:%b %Y}–{end:%b %Y} not shown ({listed}).")
    if missing_ms:
        notes.append(
            f"Milestone{'s' if len(missing_ms) > 1 else ''} not in this window or not in the data: "
            f"{', '.join(missing_ms)}."
        )

    n_slots = len(rows)
    plot_h = 0.9 + n_slots * SLOT_IN + len(ms) * LABEL_IN
    legend_h = 0.75
    footer_lines = footer_line_count(notes)
    fig = new_figure(plot_h + legend_h + 0.9 + 0.17 * footer_lines, footer_lines=footer_lines)
    grid = fig.add_gridspec(2, 1, height_ratios=[plot_h, legend_h])
    ax = fig.add_subplot(grid[0])
    legend_ax = fig.add_subplot(grid[1])
    legend_ax.axis("off")
    found = title or (_finding(shown, start, end) if len(shown) else "No events to show in this window")

    if shown.empty and not len(rows):
        empty_axes(ax, "No events in the data package")
    # y: slot i sits at y = -i; milestone labels above, at y = 1, 2, ...
    ax.set_ylim(-(n_slots - 0.4), 0.6 + len(ms))
    ax.set_xlim(x_lo, x_hi)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=5, maxticks=12))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.grid(axis="x", zorder=0)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    yticks, ylabels = [], []
    for i, (kind, phase, label) in enumerate(rows):
        y = -i
        if kind == "header":
            ax.text(
                0.002,
                y,
                label,
                transform=ax.get_yaxis_transform(),
                ha="left",
                va="center",
                fontsize=9,
                fontweight="bold",
                color=phase_colour[phase],
            )
            if i:
                ax.axhline(y + 0.5, color="#CCCCCC", lw=0.8, zorder=1)
        elif label:
            yticks.append(y)
            ylabels.append(label)
    ax.set_yticks(yticks, ylabels)
    ax.set_xlabel("Date (points: known to the day; bars: the window in which the event happened)")

    # --- events ----------------------------------------------------------------------------
    centre = {}
    for _, ev in shown.iterrows():
        eid, y = ev["event_id"], -lane_of[ev["event_id"]]
        colour = phase_colour[str(ev["phase"])]
        style = grade_style(str(ev["grade"]), colour)
        if ev["point"]:
            x = mdates.date2num(ev["date_start"] + DAY / 2)
            line = ax.plot(
                [x],
                [y],
                linestyle="none",
                marker=style["marker"],
                markersize=7,
                markerfacecolor=style["face"] if style["marker"] != "X" else colour,
                markeredgecolor=style["edge"] if style["marker"] != "X" else "white",
                markeredgewidth=1.2 if style["marker"] != "X" else 0.6,
                zorder=4,
            )[0]
            line.set_gid(f"event:{eid}")
            centre[eid] = (x, y, x)
            right = x
        else:
            x0 = max(mdates.date2num(ev["date_start"]), x_lo)
            x1 = x_hi if ev["open_end"] else min(mdates.date2num(ev["date_end"] + DAY), x_hi)
            rect = Rectangle(
                (x0, y - 0.28),
                x1 - x0,
                0.56,
                facecolor=style["face"],
                edgecolor=style["edge"],
                linestyle=style["linestyle"],
                linewidth=1.1,
                zorder=3,
                gid=f"event:{eid}",
            )
            ax.add_patch(rect)
            clipped_right = not ev["open_end"] and mdates.date2num(ev["date_end"] + DAY) > x_hi
            if mdates.date2num(ev["date_start"]) < x_lo:  # starts before the window: say so
                ax.plot([x_lo + 0.005 * span_days], [y], marker="<", color=colour, markersize=5, zorder=4)
            if clipped_right:  # ends after it
                ax.plot([x_hi - 0.005 * span_days], [y], marker=">", color=colour, markersize=5, zorder=4)
            if ev["open_end"]:
                ax.plot([x_hi], [y], marker=">", color=colour, markersize=6, clip_on=False, zorder=4)
                ax.text(
                    x_hi - 0.004 * span_days,
                    y + 0.3,
                    "end unknown",
                    ha="right",
                    va="bottom",
                    fontsize=7,
                    style="italic",
                    color=INK,
                    zorder=5,
                )
            centre[eid] = ((x0 + x1) / 2, y, x1)
            right = x1
        if show_ids:
            at_edge = right >= x_hi - 0.01 * span_days
            left_x = right if ev["point"] else centre[eid][0] - (centre[eid][2] - centre[eid][0])
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

    # --- milestones: labels above the plot, with leader lines ------------------------------
    if ms:
        info = shown.set_index("event_id")
        placed = []
        for eid in ms:
            x, y, _ = centre[eid]
            text = f"{eid} · {_describe_date(info.loc[eid])} · {shorten(info.loc[eid, 'title'], 48)}"
            width_days = len(text) * 8 * 0.56 / 72 * span_days / plot_in
            ha = "left" if x + width_days <= x_hi else "right"
            placed.append((eid, x, y, text, ha))
        lefts = sorted([p for p in placed if p[4] == "left"], key=lambda p: p[1])
        rights = sorted([p for p in placed if p[4] == "right"], key=lambda p: -p[1])
        for level, (_eid, x, y, text, ha) in enumerate(lefts + rights):
            ly = len(ms) - level
            ax.plot([x, x], [ly - 0.3, y + 0.3], color=GREY, lw=0.7, linestyle=(0, (2, 2)), zorder=2)
            ax.text(
                x,
                ly,
                text,
                ha=ha,
                va="center",
                fontsize=8,
                color=INK,
                zorder=6,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
            )
        ax.axhline(0.5, color="#CCCCCC", lw=0.8, zorder=1)

    # --- legend: grade = marker (points) and fill (bars) ----------------------------------
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
        labels.append(f"{g}: {GRADE_MEANING[g]}")
    legend_ax.legend(
        handles,
        labels,
        handler_map={tuple: HandlerTuple(ndivide=None, pad=0.6)},
        loc="center",
        ncols=2,
        title="Confidence grade (point / bar); small arrows: the period runs on beyond the window",
        handlelength=3,
    )

    n_span = int((~shown["point"]).sum())
    phase_counts = [f"{p.replace('_', ' ')} {int((shown['phase'].astype(object) == p).sum())}" for p in phases]
    grade_counts = shown["grade"].astype(str).value_counts()
    alt = (
        f"Timeline from {start:%B %Y} to {end:%B %Y} showing {plural(len(shown), 'event')} in rows by phase "
        f"({', '.join(phase_counts)}) and by kind. {int(shown['point'].sum())} events known to the day are points; "
        f"{n_span} known only to a month, a year, a range or an approximate period are bars covering that period"
        + (f"; {len(open_ids)} with no known end run to the right edge" if open_ids else "")
        + ". "
        "Grades: "
        + ", ".join(f"{g} {int(grade_counts.get(g, 0))}" for g in GRADES)
        + "."
        + (
            " Labelled milestones: "
            + "; ".join(
                f"{eid} ({_describe_date(shown.set_index('event_id').loc[eid])}, "
                f"{shown.set_index('event_id').loc[eid, 'title']})"
                for eid in ms
            )
            + "."
            if ms
            else ""
        )
        + (f" No events in: {join_words(empty_phases)}." if empty_phases else "")
    )
    return finish(fig, found, alt, pkg.as_of, pkg.title, notes)
