"""Sector focus: which sectors the events touch, phase by phase.

A matrix of sectors (rows) by phase (columns): the number of events tagged with each sector
in each phase, or (weight="origins") the sum of their independent origins. Sectors the seed
article names are starred and listed first; a sector with no events keeps its row, marked
"no events". A bar on the right gives each sector's total.

Built in named steps: `sector_counts` (the data), `matrix_data` (the cells as a table), `notes`, `finding` and `describe` (footer,
title, alt text), then the drawing of the matrix and of the totals. Words come in the chart's
language (`lang`); sector names stay as the data gives them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from partnership.analysis import tables
from partnership.charts.common import (
    GREY,
    INK,
    OKABE_ITO,
    ChartData,
    empty_axes,
    finish,
    footer_line_count,
    new_figure,
    styled,
)
from partnership.data.load import EvidencePackage
from partnership.i18n import N_, words
from partnership.i18n.numbers import digits
from partnership.i18n.vocabulary import as_of_line, word

SEED_MARK = "★"
RAMP = LinearSegmentedColormap.from_list("white_blue", ["#F2F7FB", OKABE_ITO["blue"]])
ROW_IN = 0.27


def _ordered(summary: pd.DataFrame) -> pd.DataFrame:
    """Seed-article sectors first, then the rest; busiest first; sectors without events last."""
    summary = summary.assign(_has=summary["total"] > 0)
    return summary.sort_values(
        ["_has", "in_seed_article", "total", "sector_id"], ascending=[False, False, False, True], kind="stable"
    ).drop(columns="_has")


@dataclass(frozen=True)
class SectorCounts:
    """The matrix's data: one row per sector in drawing order (tables.sector_summary), and what it leaves out."""

    summary: pd.DataFrame
    phases: list[str]
    weight: str | None
    n_tagged: int  # events with at least one sector
    n_events: int

    @property
    def unit(self) -> str:
        """What a cell counts, as a catalog message (the name of the data's value column)."""
        return N_("events") if self.weight is None else N_("independent origins")

    @property
    def seed(self) -> pd.DataFrame:
        return self.summary[self.summary["in_seed_article"]]


def sector_counts(pkg: EvidencePackage, weight: str | None = None) -> SectorCounts:
    """Events (or their independent origins) per sector and phase, ordered for the chart."""
    links = pkg["event_sectors"]["event_id"]
    return SectorCounts(
        summary=_ordered(tables.sector_summary(pkg, weight)),
        phases=tables.categories(pkg["events"], "phase"),
        weight=weight,
        n_tagged=int(links[links.isin(pkg["events"]["event_id"])].nunique()),
        n_events=len(pkg["events"]),
    )


def matrix_data(counts: SectorCounts, lang: str = "en") -> ChartData:
    """One row per cell, sector by sector in drawing order and phase by phase; empty cells kept."""
    columns = {
        N_("sector id"): N_("The sector's id in data/sectors.csv"),
        N_("sector"): N_("The sector's name (a row of the matrix)"),
        N_("named in the seed article"): N_("true for the sectors the seed article names (starred, listed first)"),
        N_("phase"): N_("The phase (a column of the matrix)"),
        counts.unit: (
            N_("Events tagged with the sector in this phase (the cell)")
            if counts.weight is None
            else N_("Independent origins of the events tagged with the sector in this phase, added up (the cell)")
        ),
        N_("sector total"): (
            N_("The sector's events over all phases (the bar on the right)")
            if counts.weight is None
            else N_("The sector's independent origins over all phases (the bar on the right)")
        ),
    }
    summary = counts.summary
    rows = [
        (sid, label, bool(seed), phase, summary.at[i, phase], summary.at[i, "total"])
        for i, sid, label, seed in zip(
            summary.index, summary["sector_id"], summary["label"], summary["in_seed_article"]
        )
        for phase in counts.phases
    ]
    return ChartData(pd.DataFrame(rows, columns=list(columns)), columns).translated(lang)


def notes(counts: SectorCounts, lang: str = "en") -> list[str]:
    """The footer notes: the star, the weighting, untagged events, empty sectors and phases."""
    w = words(lang)
    summary, phases = counts.summary, counts.phases
    out = [w.gettext("{mark} sector named in the seed article.", mark=SEED_MARK)]
    if counts.weight == "origins":
        out.append(
            w.gettext("Each cell adds up the independent origins (sources after collapsing reprints) of its events.")
        )
    untagged = counts.n_events - counts.n_tagged
    if untagged:
        out.append(
            w.ngettext(
                "{n} event of {total} carries no sector and is not counted.",
                "{n} events of {total} carry no sector and are not counted.",
                untagged,
                total=counts.n_events,
            )
        )
    empty = summary.loc[summary["total"] == 0, "label"].tolist()
    if empty:
        out.append(w.gettext("No events for: {sectors}.", sectors=w.join(empty)))
    empty_phases = [p for p in phases if summary[p].sum() == 0] if len(summary) else phases
    if len(summary) and empty_phases:
        out.append(
            w.ngettext(
                "No sector-tagged events in the {phases} phase.",
                "No sector-tagged events in the {phases} phases.",
                len(empty_phases),
                phases=w.join(word("phase", p, lang) for p in empty_phases),
            )
        )
    return out


def finding(counts: SectorCounts, lang: str = "en") -> str:
    """The title: the leading sector(s) and the seed-article sectors' totals."""
    w = words(lang)
    summary, top = counts.summary, counts.summary.iloc[0]
    if top["total"] == 0:
        return w.gettext("No event is tagged with a sector")
    leaders = summary.loc[summary["total"] == top["total"], "label"].tolist()
    total = digits(top["total"], "g", lang)
    lead = (
        w.gettext("{sector} leads with {total}", sector=top["label"], total=total)
        if len(leaders) == 1
        else w.gettext("{sectors} lead with {total} each", sectors=w.join(leaders), total=total)
    )
    others = counts.seed[counts.seed["sector_id"] != top["sector_id"]]
    seed_text = ", ".join(f"{lab} {digits(tot, 'g', lang)}" for lab, tot in zip(others["label"], others["total"]))
    seed_part = ""
    if seed_text and top["in_seed_article"]:
        seed_part = w.gettext("; other seed-article sectors: {sectors}", sectors=seed_text)
    elif seed_text:
        seed_part = w.gettext("; seed-article sectors: {sectors}", sectors=seed_text)
    if counts.weight is None:
        return w.gettext("{lead} of the {n} sector-tagged events", lead=lead, n=counts.n_tagged) + seed_part
    return w.gettext("Weighted by independent origins, {lead}", lead=lead) + seed_part


def describe(counts: SectorCounts, lang: str = "en") -> str:
    """The alt text: every sector's non-empty cells."""
    w = words(lang)
    summary, phases = counts.summary, counts.phases
    seed, none = w.gettext(" (seed article)"), w.gettext("no events")
    rows = "; ".join(
        f"{lab}{seed if s else ''}: "
        + (", ".join(f"{word('phase', p, lang)} {int(r[p])}" for p in phases if r[p]) or none)
        for lab, s, (_, r) in zip(summary["label"], summary["in_seed_article"], summary.iterrows())
    )
    return w.ngettext(
        "Matrix of {n} sector by {phases} phases showing {unit} per cell, with a bar of totals. "
        "{tagged} of {events} events carry a sector. Per sector: {rows}.",
        "Matrix of {n} sectors by {phases} phases showing {unit} per cell, with a bar of totals. "
        "{tagged} of {events} events carry a sector. Per sector: {rows}.",
        len(summary),
        phases=len(phases),
        unit=w.gettext(counts.unit),
        tagged=counts.n_tagged,
        events=counts.n_events,
        rows=rows,
    )


def _draw_cells(ax: Axes, counts: SectorCounts, lang: str) -> None:
    """The shaded cells with their values (white on dark), and 'no events' across empty rows."""
    matrix = counts.summary[counts.phases].to_numpy(dtype=float)
    vmax = max(matrix.max(), 1)
    cmap = RAMP.with_extremes(bad="white")
    ax.imshow(np.ma.masked_equal(matrix, 0), aspect="auto", cmap=cmap, vmin=0, vmax=vmax, interpolation="nearest")
    for (i, j), value in np.ndenumerate(matrix):
        if value:
            colour = "white" if value > 0.55 * vmax else INK
            ax.text(j, i, digits(value, "g", lang), ha="center", va="center", fontsize=8, color=colour)
    middle = (len(counts.phases) - 1) / 2
    none = words(lang).gettext("no events")
    for i, total in enumerate(counts.summary["total"]):
        if total == 0:
            ax.text(middle, i, none, ha="center", va="center", fontsize=8, style="italic", color=GREY)


def _draw_matrix_axes(ax: Axes, counts: SectorCounts, lang: str) -> None:
    """Sector names (seed ones starred, bold), phases on top, white rules, a line under the seed block."""
    summary, phases = counts.summary, counts.phases
    labels = [f"{SEED_MARK} {lab}" if s else lab for lab, s in zip(summary["label"], summary["in_seed_article"])]
    ax.set_yticks(range(len(summary)), labels)
    for tick, is_seed in zip(ax.get_yticklabels(), summary["in_seed_article"]):
        if is_seed:
            tick.set_fontweight("bold")
    ax.set_xticks(range(len(phases)), [word("phase", p, lang) for p in phases])
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    w = words(lang)
    ax.set_xlabel(w.gettext("Phase (each cell: {unit})", unit=w.gettext(counts.unit)))
    ax.set_ylabel(w.gettext("Sector"))
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(np.arange(-0.5, len(phases)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(summary)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    n_seed = len(counts.seed)
    if 0 < n_seed < len(summary) and summary["in_seed_article"].iloc[:n_seed].all():
        ax.axhline(n_seed - 0.5, color=INK, lw=1)


def _draw_totals(bar_ax: Axes, summary: pd.DataFrame, lang: str) -> None:
    """Each sector's total as a bar (seed-article sectors in orange) with its value."""
    colours = [OKABE_ITO["orange"] if s else OKABE_ITO["blue"] for s in summary["in_seed_article"]]
    bar_ax.barh(range(len(summary)), summary["total"], color=colours, height=0.7)
    for i, total in enumerate(summary["total"]):
        bar_ax.text(total, i, " " + digits(total, "g", lang), va="center", fontsize=8, color=INK)
    bar_ax.set_xlabel(words(lang).gettext("Total"))
    bar_ax.xaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    bar_ax.xaxis.set_label_position("top")
    bar_ax.xaxis.tick_top()
    bar_ax.tick_params(axis="y", left=False, labelleft=False)
    bar_ax.spines["bottom"].set_visible(False)
    bar_ax.spines["right"].set_visible(False)
    bar_ax.set_xlim(0, max(summary["total"].max(), 1) * 1.18)


@styled
def sector_matrix(
    pkg: EvidencePackage, weight: str | None = None, title: str | None = None, lang: str = "en"
) -> Figure:
    """Sector x phase matrix of events (weight=None) or of independent origins (weight="origins")."""
    w = words(lang)
    counts = sector_counts(pkg, weight)
    footer = notes(counts, lang)
    footer_lines = footer_line_count(footer)
    fig = new_figure(1.9 + max(len(counts.summary), 2) * ROW_IN + 0.17 * footer_lines, footer_lines=footer_lines)
    grid = fig.add_gridspec(1, 2, width_ratios=[3.2, 1.3])
    ax = fig.add_subplot(grid[0])
    bar_ax = fig.add_subplot(grid[1], sharey=ax)
    data = matrix_data(counts, lang)
    if counts.summary.empty:
        empty_axes(ax, w.gettext("No sectors in the data package"))
        bar_ax.axis("off")
        alt = w.gettext("An empty chart: the data package lists no sectors.")
        found = title or w.gettext("No sectors to show")
        return finish(fig, found, alt, as_of_line(pkg, lang), pkg.title, footer, data=data, lang=lang)
    _draw_cells(ax, counts, lang)
    _draw_matrix_axes(ax, counts, lang)
    _draw_totals(bar_ax, counts.summary, lang)
    ax.set_ylim(len(counts.summary) - 0.5, -0.5)
    found, alt = title or finding(counts, lang), describe(counts, lang)
    return finish(fig, found, alt, as_of_line(pkg, lang), pkg.title, footer, data=data, lang=lang)
