"""Figures as reported: ownership shares, and every competing value of a figure side by side.

Nothing is converted, averaged or picked: each row is one row of the quantities table, drawn
in its own unit and currency, with its comparator (~ about, > more than, ≥ at least, ≤ up to),
its range when the source gives one (value to value_high), its grade and its sources.
Grade is shown as in the timeline: A filled, B light, C open, D a cross.

Both charts are built in named steps: the rows and panels to draw, their data as a table
(`ownership_data`, `figures_data`: one row per bar or marker), the texts (row labels, panel
heads, notes, title, alt text), then the drawing helpers. Words and numbers come in the
chart's language (`lang`; figures written by partnership.i18n.numbers); measures and topics stay
as the data gives them.
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
    new_figure,
    shorten,
    styled,
)
from partnership.charts.timeline import grade_marker, grade_style
from partnership.data.load import EvidencePackage
from partnership.i18n import N_, NP_, words
from partnership.i18n.numbers import currency_name, digits, format_quantity
from partnership.i18n.vocabulary import as_of_line, word

COLOUR = OKABE_ITO["blue"]
LIGHT_LINE = "#BBBBBB"
LINE_IN = 0.19  # one text line in the label column, inches
TEXT_FONT = 8
OWN_RATIO = 1.25  # width of the bars (with their labels) against the text column
OWN_LABEL_IN = 2.6  # the y labels (measure and topic) left of the bars
OWN_TEXT_IN = (WIDTH - 0.4 - OWN_LABEL_IN) / (OWN_RATIO + 1) * 0.92
FIG_RATIO = (1.0, 1.45)  # dot panel against text column in reported_figures
FIG_TEXT_IN = (WIDTH - 0.3) * FIG_RATIO[1] / sum(FIG_RATIO) * 0.88
FIGURES_NOTE = N_(
    "Markers: ● exact, ~ about; an arrow means 'more than' or 'at least' (→) or 'up to' (←); "
    "a line is a range. Fill shows the grade (A filled, B light, C open, D cross). Values in their own "
    "unit and currency, never converted; 'as of' is the date a figure refers to, so values of different "
    "dates may differ without contradicting each other."
)


# --- texts shared by both charts -----------------------------------------------------------------


def with_text(rows: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The rows with `text`, each figure as written in the language (partnership.i18n.numbers)."""
    currency = rows["currency"].astype(object)
    text = [
        format_quantity(v, h, str(c), str(u), cur if isinstance(cur, str) else None, lang)
        for v, h, c, u, cur in zip(
            rows["value"], rows["value_high"], rows["comparator"].astype(object), rows["unit"].astype(object), currency
        )
    ]
    return rows.assign(text=pd.Series(text, index=rows.index, dtype=object))


def row_text(row: pd.Series, show_measure: bool, lang: str = "en") -> str:
    """'F01_1 · 23,000 m² (as of 7 Feb 2018) · grade D[: measure] · s_news_it, s_reprint1'."""
    w = words(lang)
    measure = f": {row['measure']}" if show_measure else ""
    sources = row["sources"].split()
    listed = ", ".join(sources) if sources else w.gettext("no supporting source")
    when = as_of_label(row["as_of"], row["as_of_precision"], lang=lang)
    when = " " + w.gettext("(as of {date})", date=when) if when else ""
    grade = w.gettext("grade {grade}", grade=row["grade"])
    return f"{row['quantity_id']} · {row['text']}{when} · {grade}{measure} · {listed}"


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
    pkg: EvidencePackage, notes: list[str], message: str, title: str, alt: str, data: ChartData, lang: str
) -> Figure:
    """A small chart that says why it is empty."""
    fig = new_figure(3.0, footer_lines=footer_line_count(notes))
    empty_axes(fig.add_subplot(), message)
    return finish(fig, title, alt, as_of_line(pkg, lang), pkg.title, notes, data=data, lang=lang)


FIGURE_COLUMNS = {
    N_("figure id"): N_("The figure's id in data/quantities.csv"),
    N_("topic"): N_("The topic it reports on (figures of one topic are compared)"),
    N_("measure"): N_("What it measures, in the source's terms"),
    N_("value"): N_("The value as reported, in its own unit and currency (where the bar ends or the marker sits)"),
    N_("value high"): N_("The upper end when the source gives a range; empty otherwise"),
    N_("comparator"): N_("exact, approximately, more_than, at_least or up_to, as the source words it"),
    N_("unit"): N_("The unit of value"),
    N_("currency"): N_("The currency, for money; empty otherwise"),
    N_("as reported"): N_("The figure as text, as the chart writes it"),
    N_("as of"): N_(
        "The date the figure refers to, as precisely as it is known (days as YYYY-MM-DD); empty if unknown"
    ),
    N_("grade"): N_("Confidence grade, A to D (the fill)"),
    N_("sources"): N_("The ids of the sources that support it, space-separated"),
    N_("discrepancy id"): N_("The logged discrepancy the figure belongs to; empty if none"),
}


def _figure_rows(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
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
            "as of": [as_of_label(d, p, iso=True, lang=lang) for d, p in zip(rows["as_of"], rows["as_of_precision"])],
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


def ownership_title(name: str, rows: pd.DataFrame, lang: str = "en") -> str:
    """The stakes and what they add up to, or the values that differ."""
    w = words(lang)
    per_topic = _per_topic(rows)
    disagreeing = per_topic[per_topic["values"].map(len) > 1]
    stakes = w.join(v[0] for v in per_topic["values"])
    figures = w.ngettext("{n} figure", "{n} figures", len(rows))
    if len(disagreeing) == 0 and len(per_topic) > 1:
        total = per_topic["value"].sum()
        adds_up = w.gettext(", adding up to {total}%", total=digits(total, "g", lang))
        if abs(total - 100) >= 1e-9:
            adds_up += w.gettext(", not 100%")
        n_sources = rows["sources"].str.split().explode().nunique()
        return w.gettext(
            "Reported stakes in {name}: {stakes}{adds_up} ({figures}, {sources})",
            name=name,
            stakes=stakes,
            adds_up=adds_up,
            figures=figures,
            sources=w.ngettext("{n} source", "{n} sources", n_sources),
        )
    if len(disagreeing):
        values = w.join(" / ".join(v) for v in disagreeing["values"])
        return w.gettext("Reported shares of {name} differ: {values}", name=name, values=values)
    return w.gettext("Reported share of {name}: {stakes} ({figures})", name=name, stakes=stakes, figures=figures)


def ownership_alt(name: str, rows: pd.DataFrame, lang: str = "en") -> str:
    """Each share with its measure, value, grade and sources."""
    w = words(lang)
    shares = "; ".join(
        w.gettext(
            "{id}: {measure}, {value}, grade {grade}, sources {sources}",
            id=r["quantity_id"],
            measure=r["measure"],
            value=r["text"],
            grade=r["grade"],
            sources=r["sources"] or w.gettext("none"),
        )
        for _, r in rows.iterrows()
    )
    return w.ngettext(
        "Bar chart of {n} reported share of {name}. {shares}.",
        "Bar chart of {n} reported shares of {name}. {shares}.",
        len(rows),
        name=name,
        shares=shares,
    )


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


def ownership_data(rows: pd.DataFrame, lang: str = "en") -> ChartData:
    """One row per share bar, top to bottom (tables.shares_of)."""
    return ChartData(_figure_rows(rows, lang), FIGURE_COLUMNS).translated(lang)


@styled
def ownership(pkg: EvidencePackage, record_id: str, title: str | None = None, lang: str = "en") -> Figure:
    """Every reported share (quantity kind 'share') describing one record, e.g. a joint company."""
    w = words(lang)
    name = tables.record_label(pkg, "actors", record_id)
    rows = with_text(tables.shares_of(pkg, record_id), lang)
    notes = [
        w.gettext(
            "Each bar is one reported figure, with the topic it belongs to; figures are shown as the sources "
            "give them, none is picked."
        )
    ]
    if rows.empty:
        alt = w.gettext("An empty chart: the data holds no share figure for {name}.", name=name)
        message = w.gettext("No share of {name} is reported in the data", name=name)
        found = title or w.gettext("No reported shares for {name}", name=name)
        return _nothing_to_show(pkg, notes, message, found, alt, ownership_data(rows, lang), lang)
    per_topic = _per_topic(rows)
    disagreeing = per_topic[per_topic["values"].map(len) > 1]
    if rows["value_high"].notna().any():
        notes.append(w.gettext("A line from value to value_high is a range given by the source."))
    if len(disagreeing):
        notes.append(w.gettext("Sources give different values for: {topics}.", topics=w.join(disagreeing.index)))

    labels = [fit_wrap(f"{m} [{t}]", OWN_LABEL_IN, 9) for m, t in zip(rows["measure"], rows["topic"])]
    texts = [fit_wrap(row_text(r, False, lang), OWN_TEXT_IN, TEXT_FONT) for _, r in rows.iterrows()]
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
    ax.set_xlabel(w.gettext("Share (%)"))
    ax.axvline(100, color=LIGHT_LINE, lw=0.8, zorder=0)
    ax.tick_params(axis="y", length=0)
    ax.set_title(w.gettext("Reported share"), fontsize=9, loc="left")
    text_ax.set_title(w.gettext("Id · value · grade · sources"), fontsize=9, loc="left")
    found, alt = title or ownership_title(name, rows, lang), ownership_alt(name, rows, lang)
    return finish(fig, found, alt, as_of_line(pkg, lang), pkg.title, notes, data=ownership_data(rows, lang), lang=lang)


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
    lang: str = "en",
) -> pd.DataFrame:
    """The figure variants to show (see tables.figure_variants), with _unit and _cur as text, and
    each figure's text in the language."""
    rows = with_text(tables.figure_variants(pkg, topics, min_reports), lang)
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


def figures_data(panels: list[Panel], lang: str = "en") -> ChartData:
    """One row per marker, panel by panel from the top, with the panel (topic, unit and currency) it is in."""
    columns = {N_("panel"): N_("The panel it is drawn in, counted from the top (one topic in one unit and currency)")}
    columns.update(FIGURE_COLUMNS)
    parts = []
    for number, panel in enumerate(panels, start=1):
        part = _figure_rows(panel.group, lang)
        part.insert(0, "panel", number)
        parts.append(part)
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(columns))
    return ChartData(table, columns).translated(lang)


def figures_notes(rows: pd.DataFrame, topics: list[str] | None, panels: list[Panel], lang: str = "en") -> list[str]:
    """How to read the markers, the topics asked for but absent, and why a topic may be split."""
    w = words(lang)
    notes = [w.gettext(FIGURES_NOTE)]
    absent = [t for t in dict.fromkeys(topics or []) if t not in set(rows["topic"])]
    if absent:
        notes.append(w.gettext("No figures in the data for: {topics}.", topics=", ".join(absent)))
    if any(p.split for p in panels):
        notes.append(
            w.gettext("A topic reported in different units or currencies is split into one panel per unit or currency.")
        )
    return notes


def _agreement(whole: pd.DataFrame, lang: str) -> str:
    """How a topic's reports relate: the same value, conflicting values, values for different dates."""
    w = words(lang)
    n_values, n_units = int(whole["n_values"].iloc[0]), int(whole["n_units"].iloc[0])
    if n_units > 1 and n_values == 1:
        return w.gettext("in {n} different units or currencies, not compared", n=n_units)
    if len(whole) == 1:
        return ""
    if n_values == 1:
        return w.gettext("all give the same value")
    if bool(whole["conflict"].iloc[0]):
        return w.gettext("{n} conflicting values", n=n_values)
    return w.gettext("{n} values for different dates", n=n_values)


def panel_head(panel: Panel, status: dict[str, str], lang: str = "en") -> str:
    """'Site area — 2 reports, 2 values for different dates · discrepancy D01 open' (unwrapped).

    status: discrepancy id -> its status, for the topic's discrepancies.
    """
    w = words(lang)
    whole, agreement = panel.whole, _agreement(panel.whole, lang)
    ids = whole["discrepancy_id"].dropna().astype(str).unique()
    tag = "; ".join(f"{d} {word('status of one discrepancy', status[d], lang)}" if status.get(d) else d for d in ids)
    reports = w.ngettext("{n} report", "{n} reports", len(whole))
    return (
        f"{topic_name(whole)} — {reports}"
        + (f", {agreement}" if agreement else "")
        + (
            " " + w.gettext("({n} in {unit} here)", n=len(panel.group), unit=panel.currency or panel.unit)
            if panel.split
            else ""
        )
        + (" · " + w.gettext("discrepancy {ids}", ids=tag) if tag else "")
    )


SCALES = ((1e9, "billion"), (1e6, "million"), (1e3, "thousand"))
# x axis labels: the unit, or the currency ({currency}: its code, {currency_name}: its name), in a scale
AXIS_UNIT = {
    "m2": "m²",
    "km2": "km²",
    "percent": "%",
    "count": NP_("axis unit", "count"),
    "year": NP_("axis unit", "years"),
}
SCALED_UNIT = {
    "thousand": NP_("axis unit", "thousand {unit}"),
    "million": NP_("axis unit", "million {unit}"),
    "billion": NP_("axis unit", "billion {unit}"),
}
MONEY_UNIT = {
    # Translators: {currency} is a code such as EUR; {currency_name} its name, plural ("euro")
    "": NP_("axis unit", "{currency}"),
    # Translators: {currency} is a code such as EUR; {currency_name} its name, plural ("euro")
    "thousand": NP_("axis unit", "{currency} thousand"),
    # Translators: {currency} is a code such as EUR; {currency_name} its name, plural ("euro")
    "million": NP_("axis unit", "{currency} million"),
    # Translators: {currency} is a code such as EUR; {currency_name} its name, plural ("euro")
    "billion": NP_("axis unit", "{currency} billion"),
}


def unit_label(unit: str, currency: str, scale: str, lang: str = "en") -> str:
    """The x axis label: 'EUR million', 'thousand m²', '%' (scale: '', 'thousand', 'million' or 'billion')."""
    w = words(lang)
    if unit == "money":
        code = currency or "?"
        return w.word(MONEY_UNIT[scale], currency=code, currency_name=currency_name(code, True, lang))
    marked = AXIS_UNIT.get(unit, unit)
    label = marked if isinstance(marked, str) else w.word(marked)
    return w.word(SCALED_UNIT[scale], unit=label) if scale else label


def _scale(xmax: float) -> tuple[float, str]:
    """Axis scale for big numbers: (divisor, '' or its name: thousand, million, billion)."""
    for size, name in SCALES:
        if xmax >= 10 * size:
            return size, name
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


def _one_topic_title(whole: pd.DataFrame, spread: list[tuple[float, str, pd.DataFrame, str, str]], lang: str) -> str:
    w = words(lang)
    n_values, n = int(whole["n_values"].iloc[0]), len(whole)
    if int(whole["n_units"].iloc[0]) > 1 and n_values == 1:
        told = w.ngettext(
            "{n} report in different units or currencies, not compared",
            "{n} reports in different units or currencies, not compared",
            n,
        )
    elif n_values == 1:
        told = w.ngettext(
            "{n} report, all giving {value}", "{n} reports, all giving {value}", n, value=whole["text"].iloc[0]
        )
    elif spread:
        told = w.gettext(
            "{n} conflicting values reported, from {low} to {high}", n=n_values, low=spread[0][3], high=spread[0][4]
        )
    else:
        told = w.gettext("{n} different values, reported for different dates", n=n_values)
    return f"{topic_name(whole)}: {told}"


def figures_title(panels: list[Panel], lang: str = "en") -> str:
    """How many topics conflict (and the widest conflict), or what the one topic's reports say."""
    w = words(lang)
    wholes = {p.topic: p.whole for p in panels}
    differ = [t for t, whole in wholes.items() if int(whole["n_values"].iloc[0]) > 1]
    conflict = [t for t in differ if bool(wholes[t]["conflict"].iloc[0])]
    spread = _spreads(panels, conflict)
    if len(wholes) == 1:
        return _one_topic_title(next(iter(wholes.values())), spread, lang)
    found = w.gettext("Sources conflict on {n} of the {total} figures shown", n=len(conflict), total=len(wholes))
    if len(differ) > len(conflict):
        found += w.gettext(", and {n} more differ between dates", n=len(differ) - len(conflict))
    if spread:
        _, topic, whole, low_text, high_text = max(spread, key=lambda s: (s[0], s[1]))
        found += w.gettext(
            "; the widest conflict is on {topic}, from {low} to {high}",
            topic=shorten(topic_name(whole), 60),
            low=low_text,
            high=high_text,
        )
    return found


def figures_alt(rows: pd.DataFrame, panels: list[Panel], lang: str = "en") -> str:
    """Every value of every topic with its id and sources."""
    w = words(lang)
    wholes = {p.topic: p.whole for p in panels}
    none = w.gettext("no source")
    per_topic = " ".join(
        f"{topic_name(whole)}: "
        + "; ".join(f"{r['text']} ({r['quantity_id']}, {r['sources'] or none})" for _, r in whole.iterrows())
        + "."
        for whole in wholes.values()
    )
    return w.gettext(
        "Dot plots of {figures} for {topics}, each value with its sources. {per_topic}",
        figures=w.ngettext("{n} reported figure", "{n} reported figures", len(rows)),
        topics=w.ngettext("{n} topic", "{n} topics", len(wholes)),
        per_topic=per_topic,
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


def _draw_panel(ax: Axes, text_ax: Axes, panel: Panel, labels: list[str], head: str, lang: str) -> None:
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
    size, scale = _scale(xmax)
    ax.set_xlabel(unit_label(panel.unit, panel.currency, scale, lang), fontsize=8, labelpad=1)
    ax.xaxis.set_major_formatter(lambda v, _pos, size=size: digits(v / size, ",.4g", lang))
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
    lang: str = "en",
) -> Figure:
    """Every value reported for each topic, side by side with its sources, one panel per topic.

    topics: the topics to show, in that order (default: every topic reported at least
    `min_reports` times). units: keep only these units (e.g. ["money"], ["m2", "km2"]);
    exclude_topics: leave these out (e.g. those already shown in another chart).
    A topic whose figures come in different units or currencies gets one panel per unit or
    currency: amounts are never put on a common axis, let alone converted.
    """
    w = words(lang)
    rows = select_figures(pkg, topics, units, exclude_topics, min_reports, lang)
    panels = panels_of(rows)
    notes = figures_notes(rows, topics, panels, lang)
    if not panels:
        message = (
            w.gettext("No figure is reported more than once")
            if topics is None
            else w.gettext("None of these figures is in the data")
        )
        alt = w.gettext("An empty chart: no topic has figures to compare.")
        found = title or w.gettext("No competing figures to show")
        return _nothing_to_show(pkg, notes, message, found, alt, figures_data(panels, lang), lang)
    disc = pkg.tables.get("discrepancies")
    status = {} if disc is None else dict(zip(disc["discrepancy_id"], disc["status"].astype(object)))
    heads, labels, blocks = [], [], []
    for p in panels:
        show_measure = p.whole["measure"].nunique() > 1
        labels.append(
            [fit_wrap(row_text(r, show_measure, lang), FIG_TEXT_IN, TEXT_FONT) for _, r in p.group.iterrows()]
        )
        heads.append(fit_wrap(panel_head(p, status, lang), WIDTH - 0.5, 9, "bold"))
        blocks.append(sum(lab.count("\n") + 1.45 for lab in labels[-1]) + 1.4 + 1.1 * _lines(heads[-1]))
    fig = new_figure(_figure_height(blocks, notes) + 0.3, footer_lines=footer_line_count(notes))
    grid = fig.add_gridspec(len(panels), 2, height_ratios=blocks, width_ratios=list(FIG_RATIO))
    for i, panel in enumerate(panels):
        ax = fig.add_subplot(grid[i, 0])
        text_ax = fig.add_subplot(grid[i, 1], sharey=ax)
        text_ax.axis("off")
        _draw_panel(ax, text_ax, panel, labels[i], heads[i], lang)
    found, alt = title or figures_title(panels, lang), figures_alt(rows, panels, lang)
    return finish(fig, found, alt, as_of_line(pkg, lang), pkg.title, notes, data=figures_data(panels, lang), lang=lang)
