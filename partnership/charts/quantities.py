"""Figures as reported: ownership shares, and every competing value of a figure side by side.

Nothing is converted, averaged or picked: each row is one row of the quantities table, drawn
in its own unit and currency, with its comparator (~ about, > more than, ≥ at least, ≤ up to),
its range when the source gives one (value to value_high), its grade and its sources.
Grade is shown as in the timeline: A filled, B light, C open, D a cross.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from partnership.analysis import tables
from partnership.charts.common import (
    INK,
    OKABE_ITO,
    WIDTH,
    empty_axes,
    finish,
    fit_wrap,
    footer_line_count,
    join_words,
    new_figure,
    plural,
    shorten,
    styled,
)
from partnership.charts.timeline import grade_style
from partnership.data.load import EvidencePackage

COLOUR = OKABE_ITO["blue"]
LINE_IN = 0.19  # one text line in the label column, inches
TEXT_FONT = 8


def _marker(ax, x, y, grade, colour=COLOUR, size=7, gid=None):
    st = grade_style(str(grade), colour)
    cross = st["marker"] == "X"
    line = ax.plot(
        [x],
        [y],
        linestyle="none",
        marker=st["marker"],
        markersize=size,
        markerfacecolor=colour if cross else st["face"],
        markeredgecolor="white" if cross else st["edge"],
        markeredgewidth=0.6 if cross else 1.3,
        zorder=4,
    )[0]
    if gid:
        line.set_gid(gid)
    return line


def as_of_text(date, precision) -> str:
    """When a figure applies, as precisely as known: '17 Apr 2018', 'Apr 2018', '2018', 'c. Feb 2018'."""
    if pd.isna(date):
        return ""
    precision = str(precision)
    if precision == "day":
        return f"{date.day} {date:%b %Y}"
    if precision == "month":
        return f"{date:%b %Y}"
    if precision == "year":
        return f"{date:%Y}"
    return f"c. {date:%b %Y}"


def _row_text(row, show_measure: bool) -> str:
    measure = f": {row['measure']}" if show_measure else ""
    sources = row["sources"].split()
    listed = ", ".join(sources) if sources else "no supporting source"
    when = as_of_text(row["as_of"], row["as_of_precision"])
    when = f" (as of {when})" if when else ""
    return f"{row['quantity_id']} · {row['text']}{when} · grade {row['grade']}{measure} · {listed}"


def topic_name(group: pd.DataFrame) -> str:
    """What a topic measures: its rows' shared `measure`, or the topic key when they differ."""
    measures = group["measure"].unique()
    return str(measures[0]) if len(measures) == 1 else humanise(group["topic"].iloc[0])


def humanise(key: str) -> str:
    """'bovisa_purchase_price' -> 'Bovisa purchase price'."""
    text = str(key).replace("_", " ")
    return text[:1].upper() + text[1:]


def _scale(xmax: float) -> tuple[float, str]:
    """Axis scale for big numbers: (divisor, word)."""
    for size, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if xmax >= 10 * size:
            return size, word
    return 1.0, ""


def _draw_rows(ax, text_ax, rows: pd.DataFrame, labels: list[str], xmax: float):
    """One row per figure: a marker (or range line) on ax and its label in text_ax. Returns y of rows."""
    ys, y = [], 0.0
    for (_, row), label in zip(rows.iterrows(), labels):
        lines = label.count("\n") + 1
        y_row = y + (lines - 1) / 2
        ys.append(y_row)
        value, high = float(row["value"]), row["value_high"]
        gid = f"quantity:{row['quantity_id']}"
        if pd.notna(high):
            ax.plot(
                [value, float(high)],
                [y_row, y_row],
                color=COLOUR,
                lw=2.2,
                solid_capstyle="butt",
                zorder=3,
                gid=f"{gid}:range",
            )
            ax.plot(
                [value, float(high)], [y_row, y_row], linestyle="none", marker="|", markersize=9, color=COLOUR, zorder=3
            )
        _marker(ax, value, y_row, row["grade"], gid=gid)
        comparator = str(row["comparator"])
        if comparator in ("more_than", "at_least", "up_to"):
            direction = -1 if comparator == "up_to" else 1
            ax.annotate(
                "",
                xy=(value + direction * 0.08 * xmax, y_row),
                xytext=(value, y_row),
                arrowprops={"arrowstyle": "->", "color": COLOUR, "lw": 1.2},
                zorder=3,
            )
        elif comparator == "approximately":
            ax.annotate(
                "~",
                (value, y_row),
                xytext=(-7, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=11,
                color=COLOUR,
                fontweight="bold",
            )
        text_ax.text(0.0, y_row, label, ha="left", va="center", fontsize=TEXT_FONT, color=INK, linespacing=1.15)
        y += lines + 0.45
    return ys, y - 0.45


def _figure_height(blocks: list[int], notes: list[str]) -> float:
    return 1.5 + sum(blocks) * LINE_IN + 0.17 * footer_line_count(notes)


@styled
def ownership(pkg: EvidencePackage, record_id: str, title: str | None = None):
    """Every reported share (quantity kind 'share') describing one record, e.g. a joint company."""
    name = tables.record_label(pkg, "actors", record_id)
    rows = tables.shares_of(pkg, record_id)
    notes = [
        "Each bar is one reported figure, with the topic it belongs to; figures are shown as the sources "
        "give them, none is picked."
    ]
    if rows.empty:
        fig = new_figure(3.0, footer_lines=footer_line_count(notes))
        ax = fig.add_subplot()
        empty_axes(ax, f"No share of {name} is reported in the data")
        return finish(
            fig,
            title or f"No reported shares for {name}",
            f"An empty chart: the data holds no share figure for {name}.",
            pkg.as_of,
            pkg.title,
            notes,
        )
    per_topic = rows.groupby("topic", sort=False).agg(
        values=("text", lambda s: sorted(set(s))), n=("quantity_id", "size"), value=("value", "max")
    )
    agreeing = per_topic[per_topic["values"].map(len) == 1]
    disagreeing = per_topic[per_topic["values"].map(len) > 1]
    if rows["value_high"].notna().any():
        notes.append("A line from value to value_high is a range given by the source.")
    if len(disagreeing):
        notes.append(f"Sources give different values for: {join_words(list(disagreeing.index))}.")

    labels = [fit_wrap(f"{m} [{t}]", OWN_LABEL_IN, 9) for m, t in zip(rows["measure"], rows["topic"])]
    lines = [lab.count("\n") + 1 for lab in labels]
    texts = [fit_wrap(_row_text(r, False), OWN_TEXT_IN, TEXT_FONT) for _, r in rows.iterrows()]
    text_rows = [t.count("\n") + 1 for t in texts]
    per_row = [max(a, b) for a, b in zip(lines, text_rows)]
    fig = new_figure(_figure_height([p + 0.6 for p in per_row], notes) + 0.6, footer_lines=footer_line_count(notes))
    grid = fig.add_gridspec(1, 2, width_ratios=[OWN_RATIO, 1.0])
    ax = fig.add_subplot(grid[0])
    text_ax = fig.add_subplot(grid[1], sharey=ax)
    text_ax.axis("off")
    y, ys = 0.0, []
    for i, (_, row) in enumerate(rows.iterrows()):
        y_row = y + (per_row[i] - 1) / 2
        ys.append(y_row)
        high = row["value_high"] if pd.notna(row["value_high"]) else row["value"]
        st = grade_style(str(row["grade"]), COLOUR)
        ax.barh(
            y_row,
            float(row["value"]),
            height=0.6,
            color=st["face"],
            edgecolor=COLOUR,
            linestyle=st["linestyle"],
            lw=1.2,
            gid=f"quantity:{row['quantity_id']}",
        )
        if high != row["value"]:
            ax.barh(
                y_row,
                float(high) - float(row["value"]),
                left=float(row["value"]),
                height=0.6,
                color="white",
                edgecolor=COLOUR,
                hatch="///",
                lw=1.0,
                gid=f"quantity:{row['quantity_id']}:range",
            )
        ax.text(float(high) + 1.5, y_row, row["text"], va="center", fontsize=9, color=INK)
        text_ax.text(0.0, y_row, texts[i], ha="left", va="center", fontsize=TEXT_FONT, color=INK, linespacing=1.15)
        y += per_row[i] + 0.6
    ax.set_yticks(ys, labels)
    ax.set_ylim(y - 0.6 + 0.2, -0.8)
    ax.set_xlim(0, 115)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("Share (%)")
    ax.axvline(100, color=LIGHT_LINE, lw=0.8, zorder=0)
    ax.tick_params(axis="y", length=0)
    ax.set_title("Reported share", fontsize=9, loc="left")
    text_ax.set_title("Id · value · grade · sources", fontsize=9, loc="left")

    distinct_total = agreeing["value"].sum() if len(disagreeing) == 0 else None
    stakes = " and ".join(f"{v[0]}" for v in per_topic["values"])
    if title:
        found = title
    elif distinct_total is not None and len(per_topic) > 1:
        found = (
            f"Reported stakes in {name}: {stakes}"
            + (
                f", adding up to {distinct_total:g}%"
                if abs(distinct_total - 100) < 1e-9
                else f", adding up to {distinct_total:g}%, not 100%"
            )
            + f" ({plural(len(rows), 'figure')}, "
            f"{plural(rows['sources'].str.split().explode().nunique(), 'source')})"
        )
    elif len(disagreeing):
        found = f"Reported shares of {name} differ: {join_words([' / '.join(v) for v in disagreeing['values']])}"
    else:
        found = f"Reported share of {name}: {stakes} ({plural(len(rows), 'figure')})"
    alt = (
        f"Bar chart of {plural(len(rows), 'reported share')} of {name}. "
        + "; ".join(
            f"{r['quantity_id']}: {r['measure']}, {r['text']}, grade {r['grade']}, sources {r['sources'] or 'none'}"
            for _, r in rows.iterrows()
        )
        + "."
    )
    return finish(fig, found, alt, pkg.as_of, pkg.title, notes)


LIGHT_LINE = "#BBBBBB"
OWN_RATIO = 1.25  # width of the bars (with their labels) against the text column
OWN_LABEL_IN = 2.6  # the y labels (measure and topic) left of the bars
OWN_TEXT_IN = (WIDTH - 0.4 - OWN_LABEL_IN) / (OWN_RATIO + 1) * 0.92
FIG_RATIO = (1.0, 1.45)  # dot panel against text column in reported_figures
FIG_TEXT_IN = (WIDTH - 0.3) * FIG_RATIO[1] / sum(FIG_RATIO) * 0.88


@styled
def reported_figures(
    pkg: EvidencePackage,
    topics: list[str] | None = None,
    units: list[str] | None = None,
    exclude_topics: list[str] | None = None,
    min_reports: int = 2,
    title: str | None = None,
):
    """Every value reported for each topic, side by side with its sources, one panel per topic.

    topics: the topics to show, in that order (default: every topic reported at least
    `min_reports` times). units: keep only these units (e.g. ["money"], ["m2", "km2"]);
    exclude_topics: leave these out (e.g. those already shown in another chart).
    A topic whose figures come in different units or currencies gets one panel per unit or
    currency: amounts are never put on a common axis, let alone converted.
    """
    rows = tables.figure_variants(pkg, topics, min_reports)
    if units is not None:
        rows = rows[rows["unit"].astype(object).isin(list(units))]
    if exclude_topics:
        rows = rows[~rows["topic"].isin(list(exclude_topics))]
    disc = {}
    if "discrepancies" in pkg.tables:
        disc = pkg["discrepancies"].set_index("discrepancy_id")["status"].astype(object)
    notes = [
        "Markers: ● exact, ~ about; an arrow means 'more than' or 'at least' (→) or 'up to' (←); "
        "a line is a range. Fill shows the grade (A filled, B light, C open, D cross). Values in their own "
        "unit and currency, never converted; 'as of' is the date a figure refers to, so values of different "
        "dates may differ without contradicting each other."
    ]
    wanted = list(dict.fromkeys(topics)) if topics is not None else []
    absent = [t for t in wanted if t not in set(rows["topic"])]
    if absent:
        notes.append(f"No figures in the data for: {', '.join(absent)}.")
    rows = rows.assign(_unit=rows["unit"].astype(object).astype(str), _cur=rows["currency"].astype(object).fillna(""))
    panels = []  # (topic, unit, currency, rows of that topic in that unit and currency)
    for topic in dict.fromkeys(rows["topic"]):
        whole = rows[rows["topic"] == topic]
        for key in dict.fromkeys(zip(whole["_unit"], whole["_cur"])):
            panels.append((topic, key, whole, whole[(whole["_unit"] == key[0]) & (whole["_cur"] == key[1])]))
    if not panels:
        fig = new_figure(3.0, footer_lines=footer_line_count(notes))
        ax = fig.add_subplot()
        empty_axes(
            ax, "No figure is reported more than once" if topics is None else "None of these figures is in the data"
        )
        return finish(
            fig,
            title or "No competing figures to show",
            "An empty chart: no topic has figures to compare.",
            pkg.as_of,
            pkg.title,
            notes,
        )
    if any(len(set(zip(w["_unit"], w["_cur"]))) > 1 for _, _, w, _ in panels):
        notes.append("A topic reported in different units or currencies is split into one panel per unit or currency.")

    heads, labels, blocks = [], [], []
    for _topic, (unit, cur), whole, group in panels:
        show_measure = whole["measure"].nunique() > 1
        labels.append([fit_wrap(_row_text(r, show_measure), FIG_TEXT_IN, TEXT_FONT) for _, r in group.iterrows()])
        ids = whole["discrepancy_id"].dropna().astype(str).unique()
        tag = "; ".join(f"{d} {disc.get(d, '')}".strip() for d in ids)
        n_values = int(whole["n_values"].iloc[0])
        split = len(group) < len(whole)
        n_units = int(whole["n_units"].iloc[0])
        conflict = bool(whole["conflict"].iloc[0])
        head = (
            f"{topic_name(whole)} — {plural(len(whole), 'report')}"
            + (", " if len(whole) > 1 or n_units > 1 else "")
            + (
                f"in {n_units} different units or currencies, not compared"
                if n_units > 1 and n_values == 1
                else ""
                if len(whole) == 1
                else "all give the same value"
                if n_values == 1
                else f"{n_values} conflicting values"
                if conflict
                else f"{n_values} values for different dates"
            )
            + (f" ({len(group)} in {cur or unit} here)" if split else "")
            + (f" · discrepancy {tag}" if tag else "")
        )
        heads.append(fit_wrap(head, WIDTH - 0.5, 9, "bold"))
        n_lines = sum(lab.count("\n") + 1.45 for lab in labels[-1])
        blocks.append(n_lines + 1.4 + 1.1 * (heads[-1].count("\n") + 1))
    fig = new_figure(_figure_height(blocks, notes) + 0.3, footer_lines=footer_line_count(notes))
    grid = fig.add_gridspec(len(panels), 2, height_ratios=blocks, width_ratios=list(FIG_RATIO))
    for i, (_topic, (unit, cur), _whole, group) in enumerate(panels):
        ax = fig.add_subplot(grid[i, 0])
        text_ax = fig.add_subplot(grid[i, 1], sharey=ax)
        text_ax.axis("off")
        xmax = float(np.nanmax(np.r_[group["value"].to_numpy(float), group["value_high"].to_numpy(float)]))
        xmax = xmax if xmax > 0 else 1.0
        _, bottom = _draw_rows(ax, text_ax, group, labels[i], xmax)
        ax.set_ylim(bottom + 0.7, -0.8)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_xlim(0, xmax * 1.2)
        ax.grid(axis="x")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=unit == "count"))
        size, word = _scale(xmax)
        if unit == "money":
            unit_label = " ".join(w for w in (cur, word) if w)
        else:
            unit_label = " ".join(w for w in (word, tables.UNIT_LABEL.get(unit, unit) or unit) if w)
        ax.set_xlabel(unit_label, fontsize=8, labelpad=1)
        ax.xaxis.set_major_formatter(lambda v, _pos, size=size: f"{v / size:,.4g}")
        ax.tick_params(axis="x", labelsize=7.5)
        ax.set_title(heads[i], fontsize=9, loc="left", pad=4, fontweight="bold")

    topics_shown = list(dict.fromkeys(p[0] for p in panels))
    wholes = {p[0]: p[2] for p in panels}
    differ = [t for t in topics_shown if int(wholes[t]["n_values"].iloc[0]) > 1]
    conflict = [t for t in differ if bool(wholes[t]["conflict"].iloc[0])]
    # the widest conflict: only between figures in the same unit and currency
    spread = []
    for topic, _, whole, group in panels:
        low, high = float(group["value"].min()), float(group["value"].max())
        if topic in conflict and len(group) > 1 and low > 0 and high > low:
            lo_row, hi_row = group.loc[group["value"].idxmin()], group.loc[group["value"].idxmax()]
            spread.append((high / low, topic, whole, lo_row["text"], hi_row["text"]))
    if title:
        found = title
    elif len(topics_shown) == 1:
        whole = wholes[topics_shown[0]]
        n_values = int(whole["n_values"].iloc[0])
        found = f"{topic_name(whole)}: "
        if int(whole["n_units"].iloc[0]) > 1 and n_values == 1:
            found += f"{plural(len(whole), 'report')} in different units or currencies, not compared"
        elif n_values == 1:
            found += f"{plural(len(whole), 'report')}, all giving {whole['text'].iloc[0]}"
        elif spread:
            found += f"{n_values} conflicting values reported, from {spread[0][3]} to {spread[0][4]}"
        else:
            found += f"{n_values} different values, reported for different dates"
    else:
        found = f"Sources conflict on {len(conflict)} of the {len(topics_shown)} figures shown"
        if len(differ) > len(conflict):
            found += f", and {len(differ) - len(conflict)} more differ between dates"
        if spread:
            _, topic, whole, low_text, high_text = max(spread, key=lambda s: (s[0], s[1]))
            found += f"; the widest conflict is on {shorten(topic_name(whole), 60)}, from {low_text} to {high_text}"
    alt = (
        f"Dot plots of {plural(len(rows), 'reported figure')} for {plural(len(topics_shown), 'topic')}, each value "
        f"with its sources. "
        + " ".join(
            f"{topic_name(wholes[t])}: "
            + "; ".join(
                f"{r['text']} ({r['quantity_id']}, {r['sources'] or 'no source'})" for _, r in wholes[t].iterrows()
            )
            + "."
            for t in topics_shown
        )
    )
    return finish(fig, found, alt, pkg.as_of, pkg.title, notes)
