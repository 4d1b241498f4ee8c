"""Figures as reported: ownership shares, and every competing value of a figure side by side.

Nothing is converted, averaged or picked: each row is one row of the quantities table, drawn
in its own unit and currency, with its comparator (~ about, > more than, ≥ at least, ≤ up to),
its range when the source gives one (value to value_high), its grade and its sources.
Grade is shown as in the timeline: A filled, B light, C open, D a cross.

Both charts are built in named steps: the rows and panels to draw, their data as a table
(`ownership_data`, `figures_data`: one row per bar or marker), the texts (row labels, panel
heads, notes, title, alt text), then the drawing helpers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from partnership.analysis import tables
from partnership.analysis.dates import as_of_label
from partnership.charts.common import (
    INK,
    OKABE_ITO,
    WIDTH,
    ChartData,
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
from partnership.charts.timeline import grade_marker, grade_style
from partnership.data.load import EvidencePackage

COLOUR = OKABE_ITO["blue"]
LIGHT_LINE = "#BBBBBB"
LINE_IN = 0.19  # one text line in the label column, inches
TEXT_FONT = 8
OWN_RATIO = 1.25  # width of the bars (with their labels) against the text column
OWN_LABEL_IN = 2.6  # the y labels (measure and topic) left of the bars
OWN_TEXT_IN = (WIDTH - 0.4 - OWN_LABEL_IN) / (OWN_RATIO + 1) * 0.92
FIG_RATIO = (1.0, 1.45)  # dot panel against text column in reported_figures
FIG_TEXT_IN = (WIDTH - 0.3) * FIG_RATIO[1] / sum(FIG_RATIO) * 0.88
FIGURES_NOTE = (
    "Markers: ● exact, ~ about; an arrow means 'more than' or 'at least' (→) or 'up to' (←); "
    "a line is a range. Fill shows the grade (A filled, B light, C open, D cross). Values in their own "
    "unit and currency, never converted; 'as of' is the date a figure refers to, so values of different "
    "dates may differ without contradicting each other."
)


# --- texts shared by both charts -----------------------------------------------------------------


def row_text(row: pd.Series, show_measure: bool) -> str:
    """'F01_1 · 23,000 m² (as of 7 Feb 2018) · grade D[: measure] · s_news_it, s_reprint1'."""
    measure = f": {row['measure']}" if show_measure else ""
    sources = row["sources"].split()
    listed = ", ".join(sources) if sources else "no supporting source"
    when = as_of_label(row["as_of"], row["as_of_precision"])
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


def _lines(text: str) -> int:
    return text.count("\n") + 1


def _figure_height(blocks: list[float], notes: list[str]) -> float:
    return 1.5 + sum(blocks) * LINE_IN + 0.17 * footer_line_count(notes)


def _nothing_to_show(
    pkg: EvidencePackage, notes: list[str], message: str, title: str, alt: str, data: ChartData
) -> Figure:
    """A small chart that says why it is empty."""
    fig = new_figure(3.0, footer_lines=footer_line_count(notes))
    empty_axes(fig.add_subplot(), message)
    return finish(fig, title, alt, pkg.as_of, pkg.title, notes, data=data)


FIGURE_COLUMNS = {
    "figure id": "The figure's id in data/quantities.csv",
    "topic": "The topic it reports on (figures of one topic are compared)",
    "measure": "What it measures, in the source's terms",
    "value": "The value as reported, in its own unit and currency (where the bar ends or the marker sits)",
    "value high": "The upper end when the source gives a range; empty otherwise",
    "comparator": "exact, approximately, more_than, at_least or up_to, as the source words it",
    "unit": "The unit of value",
    "currency": "The currency, for money; empty otherwise",
    "as reported": "The figure as text, as the chart writes it",
    "as of": "The date the figure refers to, as precisely as it is known (days as YYYY-MM-DD); empty if unknown",
    "grade": "Confidence grade, A to D (the fill)",
    "sources": "The ids of the sources that support it, space-separated",
    "discrepancy id": "The logged discrepancy the figure belongs to; empty if none",
}


def _figure_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The columns both charts share, one row per figure, in the order given."""
    return pd.DataFrame(
        {
            "figure id": rows["quantity_id"].astype(str),
            "topic": rows["topic"].astype(str),
            "measure": rows["measure"].astype(str),
            "value": rows["value"].astype(float),
            "value high": rows["value_high"].astype(float),
            "comparator": rows["comparator"].astype(object).astype(str),
            "unit": rows["unit"].astype(object).astype(str),
            "currency": rows["currency"].astype(object).fillna("").astype(str),
            "as reported": rows["text"].astype(str),
            "as of": [as_of_label(d, p, iso=True) for d, p in zip(rows["as_of"], rows["as_of_precision"])],
            "grade": rows["grade"].astype(str),
            "sources": rows["sources"].astype(str),
            "discrepancy id": rows["discrepancy_id"].astype(object).fillna("").astype(str),
        }
    ).reset_index(drop=True)


# --- ownership -----------------------------------------------------------------------------------


def _per_topic(rows: pd.DataFrame) -> pd.DataFrame:
    """Per topic: its distinct values as text (sorted), its number of figures and its largest value."""
    return rows.groupby("topic", sort=False).agg(
        values=("text", lambda s: sorted(set(s))), n=("quantity_id", "size"), value=("value", "max")
    )


def ownership_title(name: str, rows: pd.DataFrame) -> str:
    """The stakes and what they add up to, or the values that differ."""
    per_topic = _per_topic(rows)
    disagreeing = per_topic[per_topic["values"].map(len) > 1]
    stakes = " and ".join(f"{v[0]}" for v in per_topic["values"])
    if len(disagreeing) == 0 and len(per_topic) > 1:
        total = per_topic["value"].sum()
        adds_up = f", adding up to {total:g}%" + ("" if abs(total - 100) < 1e-9 else ", not 100%")
        n_sources = rows["sources"].str.split().explode().nunique()
        return f"Reported stakes in {name}: {stakes}{adds_up} ({plural(len(rows), 'figure')}, {plural(n_sources, 'source')})"
    if len(disagreeing):
        return f"Reported shares of {name} differ: {join_words([' / '.join(v) for v in disagreeing['values']])}"
    return f"Reported share of {name}: {stakes} ({plural(len(rows), 'figure')})"


def ownership_alt(name: str, rows: pd.DataFrame) -> str:
    """Each share with its measure, value, grade and sources."""
    shares = "; ".join(
        f"{r['quantity_id']}: {r['measure']}, {r['text']}, grade {r['grade']}, sources {r['sources'] or 'none'}"
        for _, r in rows.iterrows()
    )
    return f"Bar chart of {plural(len(rows), 'reported share')} of {name}. {shares}."


def _draw_shares(
    ax: Axes, text_ax: Axes, rows: pd.DataFrame, texts: list[str], per_row: list[int]
) -> tuple[list[float], float]:
    """One bar per share (hatched on to value_high for a range), its value and its row text.

    Returns the y of each row and of the last row's end.
    """
    y, ys = 0.0, []
    for i, (_, row) in enumerate(rows.iterrows()):
        y_row = y + (per_row[i] - 1) / 2
        ys.append(y_row)
        value = float(row["value"])
        high = row["value_high"] if pd.notna(row["value_high"]) else row["value"]
        st = grade_style(str(row["grade"]), COLOUR)
        gid = f"quantity:{row['quantity_id']}"
        ax.barh(
            y_row, value, height=0.6, color=st["face"], edgecolor=COLOUR, linestyle=st["linestyle"], lw=1.2, gid=gid
        )
        if high != row["value"]:
            range_kw = {"color": "white", "edgecolor": COLOUR, "hatch": "///", "lw": 1.0}
            ax.barh(y_row, float(high) - value, left=value, height=0.6, gid=f"{gid}:range", **range_kw)
        ax.text(float(high) + 1.5, y_row, row["text"], va="center", fontsize=9, color=INK)
        text_ax.text(0.0, y_row, texts[i], ha="left", va="center", fontsize=TEXT_FONT, color=INK, linespacing=1.15)
        y += per_row[i] + 0.6
    return ys, y - 0.6


def ownership_data(rows: pd.DataFrame) -> ChartData:
    """One row per share bar, top to bottom (tables.shares_of)."""
    return ChartData(_figure_rows(rows), FIGURE_COLUMNS)


@styled
def ownership(pkg: EvidencePackage, record_id: str, title: str | None = None) -> Figure:
    """Every reported share (quantity kind 'share') describing one record, e.g. a joint company."""
    name = tables.record_label(pkg, "actors", record_id)
    rows = tables.shares_of(pkg, record_id)
    notes = [
        "Each bar is one reported figure, with the topic it belongs to; figures are shown as the sources "
        "give them, none is picked."
    ]
    if rows.empty:
        alt = f"An empty chart: the data holds no share figure for {name}."
        message = f"No share of {name} is reported in the data"
        return _nothing_to_show(
            pkg, notes, message, title or f"No reported shares for {name}", alt, ownership_data(rows)
        )
    per_topic = _per_topic(rows)
    disagreeing = per_topic[per_topic["values"].map(len) > 1]
    if rows["value_high"].notna().any():
        notes.append("A line from value to value_high is a range given by the source.")
    if len(disagreeing):
        notes.append(f"Sources give different values for: {join_words(list(disagreeing.index))}.")

    labels = [fit_wrap(f"{m} [{t}]", OWN_LABEL_IN, 9) for m, t in zip(rows["measure"], rows["topic"])]
    texts = [fit_wrap(row_text(r, False), OWN_TEXT_IN, TEXT_FONT) for _, r in rows.iterrows()]
    per_row = [max(_lines(a), _lines(b)) for a, b in zip(labels, texts)]
    fig = new_figure(_figure_height([p + 0.6 for p in per_row], notes) + 0.6, footer_lines=footer_line_count(notes))
    grid = fig.add_gridspec(1, 2, width_ratios=[OWN_RATIO, 1.0])
    ax = fig.add_subplot(grid[0])
    text_ax = fig.add_subplot(grid[1], sharey=ax)
    text_ax.axis("off")
    ys, bottom = _draw_shares(ax, text_ax, rows, texts, per_row)
    ax.set_yticks(ys, labels)
    ax.set_ylim(bottom + 0.2, -0.8)
    ax.set_xlim(0, 115)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("Share (%)")
    ax.axvline(100, color=LIGHT_LINE, lw=0.8, zorder=0)
    ax.tick_params(axis="y", length=0)
    ax.set_title("Reported share", fontsize=9, loc="left")
    text_ax.set_title("Id · value · grade · sources", fontsize=9, loc="left")
    found, alt = title or ownership_title(name, rows), ownership_alt(name, rows)
    return finish(fig, found, alt, pkg.as_of, pkg.title, notes, data=ownership_data(rows))


# --- reported figures: rows and panels -----------------------------------------------------------


@dataclass(frozen=True)
class Panel:
    """One topic's figures in one unit and currency (`whole`: all the topic's figures)."""

    topic: str
    unit: str
    currency: str
    whole: pd.DataFrame
    group: pd.DataFrame

    @property
    def split(self) -> bool:
        """Whether the topic comes in other units or currencies too (drawn in other panels)."""
        return len(self.group) < len(self.whole)


def select_figures(
    pkg: EvidencePackage,
    topics: list[str] | None = None,
    units: Iterable[str] | None = None,
    exclude_topics: Iterable[str] | None = None,
    min_reports: int = 2,
) -> pd.DataFrame:
    """The figure variants to show (see tables.figure_variants), with _unit and _cur as text."""
    rows = tables.figure_variants(pkg, topics, min_reports)
    if units is not None:
        rows = rows[rows["unit"].astype(object).isin(list(units))]
    if exclude_topics:
        rows = rows[~rows["topic"].isin(list(exclude_topics))]
    return rows.assign(_unit=rows["unit"].astype(object).astype(str), _cur=rows["currency"].astype(object).fillna(""))


def panels_of(rows: pd.DataFrame) -> list[Panel]:
    """One panel per topic and unit-and-currency pair, in the rows' order."""
    panels = []
    for topic in dict.fromkeys(rows["topic"]):
        whole = rows[rows["topic"] == topic]
        for unit, cur in dict.fromkeys(zip(whole["_unit"], whole["_cur"])):
            panels.append(Panel(topic, unit, cur, whole, whole[(whole["_unit"] == unit) & (whole["_cur"] == cur)]))
    return panels


def figures_data(panels: list[Panel]) -> ChartData:
    """One row per marker, panel by panel from the top, with the panel (topic, unit and currency) it is in."""
    columns = {"panel": "The panel it is drawn in, counted from the top (one topic in one unit and currency)"}
    columns.update(FIGURE_COLUMNS)
    parts = []
    for number, panel in enumerate(panels, start=1):
        part = _figure_rows(panel.group)
        part.insert(0, "panel", number)
        parts.append(part)
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(columns))
    return ChartData(table, columns)


def figures_notes(rows: pd.DataFrame, topics: list[str] | None, panels: list[Panel]) -> list[str]:
    """How to read the markers, the topics asked for but absent, and why a topic may be split."""
    notes = [FIGURES_NOTE]
    absent = [t for t in dict.fromkeys(topics or []) if t not in set(rows["topic"])]
    if absent:
        notes.append(f"No figures in the data for: {', '.join(absent)}.")
    if any(p.split for p in panels):
        notes.append("A topic reported in different units or currencies is split into one panel per unit or currency.")
    return notes


def _agreement(whole: pd.DataFrame) -> str:
    """How a topic's reports relate: the same value, conflicting values, values for different dates."""
    n_values, n_units = int(whole["n_values"].iloc[0]), int(whole["n_units"].iloc[0])
    if n_units > 1 and n_values == 1:
        return f"in {n_units} different units or currencies, not compared"
    if len(whole) == 1:
        return ""
    if n_values == 1:
        return "all give the same value"
    if bool(whole["conflict"].iloc[0]):
        return f"{n_values} conflicting values"
    return f"{n_values} values for different dates"


def panel_head(panel: Panel, status: dict[str, str]) -> str:
    """'Site area — 2 reports, 2 values for different dates · discrepancy D01 open' (unwrapped).

    status: discrepancy id -> its status, for the topic's discrepancies.
    """
    whole, agreement = panel.whole, _agreement(panel.whole)
    ids = whole["discrepancy_id"].dropna().astype(str).unique()
    tag = "; ".join(f"{d} {status.get(d, '')}".strip() for d in ids)
    return (
        f"{topic_name(whole)} — {plural(len(whole), 'report')}"
        + (f", {agreement}" if agreement else "")
        + (f" ({len(panel.group)} in {panel.currency or panel.unit} here)" if panel.split else "")
        + (f" · discrepancy {tag}" if tag else "")
    )


def unit_label(unit: str, currency: str, word: str) -> str:
    """The x axis label: 'EUR million', 'thousand m²', '%'."""
    if unit == "money":
        return " ".join(w for w in (currency, word) if w)
    return " ".join(w for w in (word, tables.UNIT_LABEL.get(unit, unit) or unit) if w)


def _scale(xmax: float) -> tuple[float, str]:
    """Axis scale for big numbers: (divisor, word)."""
    for size, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if xmax >= 10 * size:
            return size, word
    return 1.0, ""


# --- reported figures: title and alt text --------------------------------------------------------


def _spreads(panels: list[Panel], conflict: list[str]) -> list[tuple[float, str, pd.DataFrame, str, str]]:
    """(high / low, topic, whole, low text, high text) of the panels of conflicting topics.

    Only figures in one unit and currency are compared, so a conflict is measured within a panel.
    """
    spread = []
    for p in panels:
        low, high = float(p.group["value"].min()), float(p.group["value"].max())
        if p.topic in conflict and len(p.group) > 1 and low > 0 and high > low:
            lo_row, hi_row = p.group.loc[p.group["value"].idxmin()], p.group.loc[p.group["value"].idxmax()]
            spread.append((high / low, p.topic, p.whole, lo_row["text"], hi_row["text"]))
    return spread


def _one_topic_title(whole: pd.DataFrame, spread: list[tuple[float, str, pd.DataFrame, str, str]]) -> str:
    n_values = int(whole["n_values"].iloc[0])
    if int(whole["n_units"].iloc[0]) > 1 and n_values == 1:
        told = f"{plural(len(whole), 'report')} in different units or currencies, not compared"
    elif n_values == 1:
        told = f"{plural(len(whole), 'report')}, all giving {whole['text'].iloc[0]}"
    elif spread:
        told = f"{n_values} conflicting values reported, from {spread[0][3]} to {spread[0][4]}"
    else:
        told = f"{n_values} different values, reported for different dates"
    return f"{topic_name(whole)}: {told}"


def figures_title(panels: list[Panel]) -> str:
    """How many topics conflict (and the widest conflict), or what the one topic's reports say."""
    wholes = {p.topic: p.whole for p in panels}
    differ = [t for t, w in wholes.items() if int(w["n_values"].iloc[0]) > 1]
    conflict = [t for t in differ if bool(wholes[t]["conflict"].iloc[0])]
    spread = _spreads(panels, conflict)
    if len(wholes) == 1:
        return _one_topic_title(next(iter(wholes.values())), spread)
    found = f"Sources conflict on {len(conflict)} of the {len(wholes)} figures shown"
    if len(differ) > len(conflict):
        found += f", and {len(differ) - len(conflict)} more differ between dates"
    if spread:
        _, topic, whole, low_text, high_text = max(spread, key=lambda s: (s[0], s[1]))
        found += f"; the widest conflict is on {shorten(topic_name(whole), 60)}, from {low_text} to {high_text}"
    return found


def figures_alt(rows: pd.DataFrame, panels: list[Panel]) -> str:
    """Every value of every topic with its id and sources."""
    wholes = {p.topic: p.whole for p in panels}
    per_topic = " ".join(
        f"{topic_name(whole)}: "
        + "; ".join(f"{r['text']} ({r['quantity_id']}, {r['sources'] or 'no source'})" for _, r in whole.iterrows())
        + "."
        for whole in wholes.values()
    )
    return (
        f"Dot plots of {plural(len(rows), 'reported figure')} for {plural(len(wholes), 'topic')}, each value "
        f"with its sources. {per_topic}"
    )


# --- reported figures: drawing -------------------------------------------------------------------


def _draw_value(ax: Axes, row: pd.Series, y: float, xmax: float) -> None:
    """A figure's marker, its range line, and its comparator (an arrow, or ~ for 'about')."""
    value, high = float(row["value"]), row["value_high"]
    gid = f"quantity:{row['quantity_id']}"
    if pd.notna(high):
        ends = [value, float(high)]
        ax.plot(ends, [y, y], color=COLOUR, lw=2.2, solid_capstyle="butt", zorder=3, gid=f"{gid}:range")
        ax.plot(ends, [y, y], linestyle="none", marker="|", markersize=9, color=COLOUR, zorder=3)
    grade_marker(ax, value, y, row["grade"], COLOUR, edgewidth=1.3, gid=gid)
    comparator = str(row["comparator"])
    if comparator in ("more_than", "at_least", "up_to"):
        direction = -1 if comparator == "up_to" else 1
        arrow = {"arrowstyle": "->", "color": COLOUR, "lw": 1.2}
        ax.annotate("", xy=(value + direction * 0.08 * xmax, y), xytext=(value, y), arrowprops=arrow, zorder=3)
    elif comparator == "approximately":
        tilde_kw = {"ha": "right", "va": "center", "fontsize": 11, "color": COLOUR, "fontweight": "bold"}
        ax.annotate("~", (value, y), xytext=(-7, 0), textcoords="offset points", **tilde_kw)


def _draw_rows(ax: Axes, text_ax: Axes, rows: pd.DataFrame, labels: list[str], xmax: float) -> float:
    """One row per figure: its value on ax, its label in text_ax. Returns the y of the last row's end."""
    y = 0.0
    for (_, row), label in zip(rows.iterrows(), labels):
        y_row = y + (_lines(label) - 1) / 2
        _draw_value(ax, row, y_row, xmax)
        text_ax.text(0.0, y_row, label, ha="left", va="center", fontsize=TEXT_FONT, color=INK, linespacing=1.15)
        y += _lines(label) + 0.45
    return y - 0.45


def _draw_panel(ax: Axes, text_ax: Axes, panel: Panel, labels: list[str], head: str) -> None:
    """A panel's dot plot (its own scale, unit and currency) and its text column."""
    group = panel.group
    xmax = float(np.nanmax(np.r_[group["value"].to_numpy(float), group["value_high"].to_numpy(float)]))
    xmax = xmax if xmax > 0 else 1.0
    bottom = _draw_rows(ax, text_ax, group, labels, xmax)
    ax.set_ylim(bottom + 0.7, -0.8)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlim(0, xmax * 1.2)
    ax.grid(axis="x")
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=panel.unit == "count"))
    size, word = _scale(xmax)
    ax.set_xlabel(unit_label(panel.unit, panel.currency, word), fontsize=8, labelpad=1)
    ax.xaxis.set_major_formatter(lambda v, _pos, size=size: f"{v / size:,.4g}")
    ax.tick_params(axis="x", labelsize=7.5)
    ax.set_title(head, fontsize=9, loc="left", pad=4, fontweight="bold")


@styled
def reported_figures(
    pkg: EvidencePackage,
    topics: list[str] | None = None,
    units: Iterable[str] | None = None,
    exclude_topics: Iterable[str] | None = None,
    min_reports: int = 2,
    title: str | None = None,
) -> Figure:
    """Every value reported for each topic, side by side with its sources, one panel per topic.

    topics: the topics to show, in that order (default: every topic reported at least
    `min_reports` times). units: keep only these units (e.g. ["money"], ["m2", "km2"]);
    exclude_topics: leave these out (e.g. those already shown in another chart).
    A topic whose figures come in different units or currencies gets one panel per unit or
    currency: amounts are never put on a common axis, let alone converted.
    """
    rows = select_figures(pkg, topics, units, exclude_topics, min_reports)
    panels = panels_of(rows)
    notes = figures_notes(rows, topics, panels)
    if not panels:
        message = "No figure is reported more than once" if topics is None else "None of these figures is in the data"
        alt = "An empty chart: no topic has figures to compare."
        return _nothing_to_show(pkg, notes, message, title or "No competing figures to show", alt, figures_data(panels))
    disc = pkg.tables.get("discrepancies")
    status = {} if disc is None else dict(zip(disc["discrepancy_id"], disc["status"].astype(object)))
    heads, labels, blocks = [], [], []
    for p in panels:
        show_measure = p.whole["measure"].nunique() > 1
        labels.append([fit_wrap(row_text(r, show_measure), FIG_TEXT_IN, TEXT_FONT) for _, r in p.group.iterrows()])
        heads.append(fit_wrap(panel_head(p, status), WIDTH - 0.5, 9, "bold"))
        blocks.append(sum(lab.count("\n") + 1.45 for lab in labels[-1]) + 1.4 + 1.1 * _lines(heads[-1]))
    fig = new_figure(_figure_height(blocks, notes) + 0.3, footer_lines=footer_line_count(notes))
    grid = fig.add_gridspec(len(panels), 2, height_ratios=blocks, width_ratios=list(FIG_RATIO))
    for i, panel in enumerate(panels):
        ax = fig.add_subplot(grid[i, 0])
        text_ax = fig.add_subplot(grid[i, 1], sharey=ax)
        text_ax.axis("off")
        _draw_panel(ax, text_ax, panel, labels[i], heads[i])
    found, alt = title or figures_title(panels), figures_alt(rows, panels)
    return finish(fig, found, alt, pkg.as_of, pkg.title, notes, data=figures_data(panels))
