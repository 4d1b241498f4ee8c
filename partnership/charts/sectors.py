"""Sector focus: which sectors the events touch, phase by phase.

A matrix of sectors (rows) by phase (columns): the number of events tagged with each sector
in each phase, or (weight="origins") the sum of their independent origins. Sectors the seed
article names are starred and listed first; a sector with no events keeps its row, marked
"no events". A bar on the right gives each sector's total.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import MaxNLocator

from partnership.analysis import tables
from partnership.charts.common import (
    GREY,
    INK,
    OKABE_ITO,
    empty_axes,
    finish,
    footer_line_count,
    join_words,
    new_figure,
    plural,
    styled,
)
from partnership.data.load import EvidencePackage

SEED_MARK = "★"
RAMP = LinearSegmentedColormap.from_list("white_blue", ["#F2F7FB", OKABE_ITO["blue"]])
ROW_IN = 0.27


def _ordered(summary):
    """Seed-article sectors first, then the rest; busiest first; sectors without events last."""
    summary = summary.assign(_has=summary["total"] > 0)
    return summary.sort_values(
        ["_has", "in_seed_article", "total", "sector_id"], ascending=[False, False, False, True], kind="stable"
    ).drop(columns="_has")


@styled
def sector_matrix(pkg: EvidencePackage, weight: str | None = None, title: str | None = None):
    """Sector x phase matrix of events (weight=None) or of independent origins (weight="origins")."""
    phases = tables.categories(pkg["events"], "phase")
    summary = _ordered(tables.sector_summary(pkg, weight))
    unit = "events" if weight is None else "independent origins"
    tagged_events = pkg["event_sectors"]["event_id"][pkg["event_sectors"]["event_id"].isin(pkg["events"]["event_id"])]
    n_tagged = int(tagged_events.nunique())
    n_events = len(pkg["events"])
    empty = summary.loc[summary["total"] == 0, "label"].tolist()
    seed = summary[summary["in_seed_article"]]

    notes = [f"{SEED_MARK} sector named in the seed article."]
    if weight == "origins":
        notes.append("Each cell adds up the independent origins (sources after collapsing reprints) of its events.")
    if n_events - n_tagged:
        notes.append(f"{plural(n_events - n_tagged, 'event')} of {n_events} carry no sector and are not counted.")
    if empty:
        notes.append(f"No events for: {join_words(empty)}.")
    empty_phases = [p for p in phases if summary[p].sum() == 0] if len(summary) else phases
    if len(summary) and empty_phases:
        notes.append(
            f"No sector-tagged events in the {join_words(empty_phases)} phase{'s' if len(empty_phases) > 1 else ''}."
        )
    footer = footer_line_count(notes)
    height = 1.9 + max(len(summary), 2) * ROW_IN + 0.17 * footer
    fig = new_figure(height, footer_lines=footer)
    grid = fig.add_gridspec(1, 2, width_ratios=[3.2, 1.3])
    ax = fig.add_subplot(grid[0])
    bar_ax = fig.add_subplot(grid[1], sharey=ax)

    if summary.empty:
        empty_axes(ax, "No sectors in the data package")
        bar_ax.axis("off")
        return finish(
            fig,
            title or "No sectors to show",
            "An empty chart: the data package lists no sectors.",
            pkg.as_of,
            pkg.title,
            notes,
        )

    matrix = summary[phases].to_numpy(dtype=float)
    shown = np.ma.masked_equal(matrix, 0)
    vmax = max(matrix.max(), 1)
    cmap = RAMP.with_extremes(bad="white")
    ax.imshow(shown, aspect="auto", cmap=cmap, vmin=0, vmax=vmax, interpolation="nearest")
    for (i, j), value in np.ndenumerate(matrix):
        if value:
            ax.text(
                j, i, f"{value:g}", ha="center", va="center", fontsize=8, color="white" if value > 0.55 * vmax else INK
            )
    for i, total in enumerate(summary["total"]):
        if total == 0:
            ax.text(
                (len(phases) - 1) / 2, i, "no events", ha="center", va="center", fontsize=8, style="italic", color=GREY
            )
    labels = [f"{SEED_MARK} {lab}" if s else lab for lab, s in zip(summary["label"], summary["in_seed_article"])]
    ax.set_yticks(range(len(summary)), labels)
    for tick, is_seed in zip(ax.get_yticklabels(), summary["in_seed_article"]):
        if is_seed:
            tick.set_fontweight("bold")
    ax.set_xticks(range(len(phases)), [p.replace("_", " ") for p in phases])
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel(f"Phase (each cell: {unit})")
    ax.set_ylabel("Sector")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(np.arange(-0.5, len(phases)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(summary)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    n_seed = len(seed)
    if 0 < n_seed < len(summary) and summary["in_seed_article"].iloc[:n_seed].all():
        ax.axhline(n_seed - 0.5, color=INK, lw=1)

    colours = [OKABE_ITO["orange"] if s else OKABE_ITO["blue"] for s in summary["in_seed_article"]]
    bar_ax.barh(range(len(summary)), summary["total"], color=colours, height=0.7)
    for i, total in enumerate(summary["total"]):
        bar_ax.text(total, i, f" {total:g}", va="center", fontsize=8, color=INK)
    bar_ax.set_xlabel("Total")
    bar_ax.xaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    bar_ax.xaxis.set_label_position("top")
    bar_ax.xaxis.tick_top()
    bar_ax.tick_params(axis="y", left=False, labelleft=False)
    bar_ax.spines["bottom"].set_visible(False)
    bar_ax.spines["right"].set_visible(False)
    bar_ax.set_xlim(0, max(summary["total"].max(), 1) * 1.18)
    ax.set_ylim(len(summary) - 0.5, -0.5)

    top = summary.iloc[0]
    leaders = summary.loc[summary["total"] == top["total"], "label"].tolist()
    lead = (
        f"{top['label']} leads with {top['total']:g}"
        if len(leaders) == 1
        else f"{join_words(leaders)} lead with {top['total']:g} each"
    )
    others = seed[seed["sector_id"] != top["sector_id"]]
    seed_text = ", ".join(f"{lab} {tot:g}" for lab, tot in zip(others["label"], others["total"]))
    seed_part = f"; {'other ' if top['in_seed_article'] else ''}seed-article sectors: {seed_text}" if seed_text else ""
    if title:
        found = title
    elif top["total"] == 0:
        found = "No event is tagged with a sector"
    elif weight is None:
        found = f"{lead} of the {n_tagged} sector-tagged events" + seed_part
    else:
        found = f"Weighted by independent origins, {lead}" + seed_part
    rows = "; ".join(
        f"{lab}{' (seed article)' if s else ''}: "
        + (", ".join(f"{p} {int(r[p])}" for p in phases if r[p]) or "no events")
        for lab, s, (_, r) in zip(summary["label"], summary["in_seed_article"], summary.iterrows())
    )
    alt = (
        f"Matrix of {plural(len(summary), 'sector')} by {len(phases)} phases showing {unit} per cell, with a bar of "
        f"totals. {n_tagged} of {n_events} events carry a sector. Per sector: {rows}."
    )
    return finish(fig, found, alt, pkg.as_of, pkg.title, notes)
