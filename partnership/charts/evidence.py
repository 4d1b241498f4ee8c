"""The evidence base and its gaps: sources, reprints, independent support, grades, discrepancies.

Each chart's data (one row per bar or bar segment) comes from a `*_data` step beside it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from partnership.analysis import tables
from partnership.analysis.evidence import GRADES
from partnership.charts.common import (
    GRADE_MEANING,
    GREY,
    INK,
    OKABE_ITO,
    ChartData,
    empty_axes,
    finish,
    fit_wrap,
    footer_line_count,
    join_words,
    new_figure,
    plural,
    styled,
)
from partnership.data.load import EvidencePackage

LANGUAGES = {
    "it": "Italian",
    "en": "English",
    "zh": "Chinese",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "ja": "Japanese",
    "ru": "Russian",
    "ko": "Korean",
    "pt": "Portuguese",
}
ORIGINAL, REPRINT = OKABE_ITO["blue"], OKABE_ITO["sky"]
GRADE_COLOURS = dict(zip(GRADES, [OKABE_ITO["blue"], OKABE_ITO["sky"], OKABE_ITO["orange"], OKABE_ITO["vermillion"]]))
TABLE_LABEL = {"events": "Events", "quantities": "Figures"}
STATUS_COLOURS = {"open": OKABE_ITO["vermillion"], "explained": OKABE_ITO["orange"], "resolved": OKABE_ITO["green"]}


def _label(dimension: str, value: str) -> str:
    if dimension == "language":
        return f"{LANGUAGES.get(value, value)} ({value})"
    return str(value).replace("_", " ")


def _bar_values(ax: Axes, ys: np.ndarray, values: list, fmt: str = "{:g}") -> None:
    """Each bar's value written just past its end."""
    for y, v in zip(ys, values):
        ax.text(v, y, " " + fmt.format(v), va="center", ha="left", fontsize=8, color=INK)


SOURCES_COLUMNS = {
    "dimension": "What the sources are counted by: language, kind, reliability or side (one panel each)",
    "value": "The value as the data package writes it",
    "label": "The value as the chart labels its bar",
    "sources": "Listed sources with this value (the whole bar)",
    "originals": "Of these, the items that copy no other listed item (the dark part of the bar)",
    "reprints": "Of these, the items that reprint another listed item (the light part of the bar)",
}


def sources_data(profile: pd.DataFrame) -> ChartData:
    """One row per bar of the source profile, panel by panel (tables.source_profile)."""
    table = pd.DataFrame(
        {
            "dimension": profile["dimension"].astype(str),
            "value": profile["value"].astype(str),
            "label": [_label(d, v) for d, v in zip(profile["dimension"], profile["value"])],
            "sources": profile["n_sources"],
            "originals": profile["n_originals"],
            "reprints": profile["n_reprints"],
        }
    )
    return ChartData(table.reset_index(drop=True), SOURCES_COLUMNS)


def _sources_notes(profile: pd.DataFrame, n: int) -> list[str]:
    """What a reprint is, and the values no source has."""
    notes = ["A reprint is an item that copies another listed item (syndicated_from); it adds no independent support."]
    zero = profile[profile["n_sources"] == 0]
    if len(zero) and n:
        notes.append(
            "No sources for: "
            + "; ".join(
                f"{dim} {', '.join(_label(dim, v) for v in grp['value'])}"
                for dim, grp in zero.groupby("dimension", sort=False)
            )
            + "."
        )
    return notes


def _draw_dimension(ax: Axes, part: pd.DataFrame, dim: str, xmax: float) -> None:
    """One dimension's values as bars split into originals and reprints, with their totals."""
    ys = np.arange(len(part))
    ax.barh(ys, part["n_originals"], color=ORIGINAL, label="original", height=0.7)
    ax.barh(ys, part["n_reprints"], left=part["n_originals"], color=REPRINT, label="reprint", height=0.7)
    _bar_values(ax, ys, part["n_sources"].tolist())
    ax.set_yticks(ys, [_label(dim, v) for v in part["value"]])
    ax.set_ylim(len(part) - 0.5, -0.5)
    ax.set_xlim(0, xmax * 1.2)
    ax.set_title(f"By {dim}", fontsize=10)
    ax.set_xlabel("Sources")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", length=0)


def _sources_texts(profile: pd.DataFrame, dims: list[str], n: int, n_reprints: int) -> tuple[str, str]:
    """Title (the main language and the share of reprints) and alt text (every count)."""
    by_lang = profile[profile["dimension"] == "language"].sort_values(["n_sources", "value"], ascending=[False, True])
    top = by_lang.iloc[0]
    by_kind = profile[profile["dimension"] == "kind"].sort_values(["n_sources", "value"], ascending=[False, True])
    found = (
        f"{plural(n, 'source')}: {top['n_sources']} ({100 * top['n_sources'] / n:.0f}%) in "
        f"{LANGUAGES.get(top['value'], top['value'])}; "
        f"{plural(n_reprints, 'is a reprint', 'are reprints')} "
        f"of another listed item"
    )
    parts = []
    for dim in dims:
        part = profile[profile["dimension"] == dim]
        parts.append(
            f"by {dim}: " + ", ".join(f"{_label(dim, v)} {c}" for v, c in zip(part["value"], part["n_sources"]))
        )
    alt = (
        f"Four bar charts of the {plural(n, 'source')}, each bar split into originals and reprints. "
        + "; ".join(parts)
        + f". The most common kind is {by_kind.iloc[0]['value'].replace('_', ' ')}."
    )
    return found, alt


@styled
def sources_profile(pkg: EvidencePackage, title: str | None = None) -> Figure:
    """Sources by language, kind, reliability and side, each split into originals and reprints."""
    profile = tables.source_profile(pkg)
    src = pkg["sources"]
    n = len(src)
    n_reprints = int(src["syndicated_from"].notna().sum())
    notes = _sources_notes(profile, n)
    dims = list(dict.fromkeys(profile["dimension"]))
    drawn = profile[profile["dimension"].isin(dims[:4])] if n else profile.iloc[0:0]
    heights = [max(len(profile[profile["dimension"] == d]), 1) for d in dims]
    fig = new_figure(
        1.8 + 0.3 * sum(heights) / 2 + 0.9 + 0.17 * footer_line_count(notes), footer_lines=footer_line_count(notes)
    )
    if n == 0:
        ax = fig.add_subplot()
        empty_axes(ax, "No sources in the data package")
        return finish(
            fig,
            title or "No sources to show",
            "An empty chart: the package lists no sources.",
            pkg.as_of,
            pkg.title,
            notes,
            data=sources_data(drawn),
        )
    grid = fig.add_gridspec(2, 2, height_ratios=[max(heights[0], heights[1]), max(heights[2:] + [1])])
    xmax = profile["n_sources"].max()
    for i, dim in enumerate(dims[:4]):
        ax = fig.add_subplot(grid[i // 2, i % 2])
        _draw_dimension(ax, profile[profile["dimension"] == dim].reset_index(drop=True), dim, xmax)
        if i == 0:
            ax.legend(loc="lower right", fontsize=8)
    found, alt = _sources_texts(profile, dims, n, n_reprints)
    return finish(fig, title or found, alt, pkg.as_of, pkg.title, notes, data=sources_data(drawn))


CLUSTER_COLUMNS = {
    "origin id": "The source id of an independent origin that is reprinted (one bar)",
    "publisher": "The origin's publisher",
    "reprints": "Listed items that reprint it, directly or through another reprint (the light part of the bar)",
    "items": "Listed items carrying this origin: the origin itself and its reprints (the whole bar)",
    "reprint ids": "The reprints' source ids, space-separated",
}


def clusters_data(clusters: pd.DataFrame) -> ChartData:
    """One row per bar of the reprint clusters chart (tables.reprint_clusters), largest first."""
    table = pd.DataFrame(
        {
            "origin id": clusters["origin_id"].astype(str),
            "publisher": clusters["publisher"].astype(str),
            "reprints": clusters["n_reprints"].astype(int),
            "items": clusters["n_reprints"].astype(int) + 1,
            "reprint ids": clusters["reprints"].astype(str),
        }
    )
    return ChartData(table.reset_index(drop=True), CLUSTER_COLUMNS)


@styled
def reprint_clusters(pkg: EvidencePackage, title: str | None = None) -> Figure:
    """Each origin that is reprinted, with its reprints: how many URLs repeat one piece of evidence."""
    clusters = tables.reprint_clusters(pkg)
    n_sources = len(pkg["sources"])
    notes = [
        "Each bar is one independent origin (dark) followed by the listed items that reprint it, "
        "directly or through another reprint (light)."
    ]
    rows = max(len(clusters), 1)
    labels = [fit_wrap(", ".join(r.split()), 4.4, 8) for r in clusters["reprints"]] if len(clusters) else []
    lines = sum(max(lab.count("\n") + 1, 1) for lab in labels) if labels else 1
    fig = new_figure(
        1.7 + 0.42 * rows + 0.14 * lines + 0.17 * footer_line_count(notes), footer_lines=footer_line_count(notes)
    )
    grid = fig.add_gridspec(1, 2, width_ratios=[1.0, 1.6])
    ax = fig.add_subplot(grid[0])
    text_ax = fig.add_subplot(grid[1], sharey=ax)
    text_ax.axis("off")
    if clusters.empty:
        empty_axes(ax, "No source reprints another listed source")
        return finish(
            fig,
            title or f"None of the {plural(n_sources, 'source')} reprints another listed item",
            "An empty chart: no reprints in the source list.",
            pkg.as_of,
            pkg.title,
            notes,
            data=clusters_data(clusters),
        )
    _draw_clusters(ax, text_ax, clusters, labels)
    total = int(clusters["n_reprints"].sum())
    top = clusters.iloc[0]
    found = title or (
        f"{plural(total, 'listed item')} {'is a reprint' if total == 1 else 'are reprints'} of "
        f"{plural(len(clusters), 'origin')}; {top['origin_id']} ({top['publisher']}) "
        f"alone is repeated by "
        f"{plural(int(top['n_reprints']), 'other item')}"
    )
    alt = (
        "Bar chart of reprint clusters: "
        + "; ".join(
            f"{o} ({p}) reprinted by {n}: {r.replace(' ', ', ')}"
            for o, p, n, r in zip(
                clusters["origin_id"], clusters["publisher"], clusters["n_reprints"], clusters["reprints"]
            )
        )
        + "."
    )
    return finish(fig, found, alt, pkg.as_of, pkg.title, notes, data=clusters_data(clusters))


def _draw_clusters(ax: Axes, text_ax: Axes, clusters: pd.DataFrame, labels: list[str]) -> None:
    """Each origin (dark) followed by its reprints (light), with the reprints' ids in the text column."""
    ys = np.arange(len(clusters))
    ax.barh(ys, 1, color=ORIGINAL, height=0.6, label="origin")
    ax.barh(ys, clusters["n_reprints"], left=1, color=REPRINT, height=0.6, label="reprints")
    _bar_values(ax, ys, (clusters["n_reprints"] + 1).tolist(), fmt="{:g} items")
    ax.set_yticks(ys, [f"{o}\n{p}" for o, p in zip(clusters["origin_id"], clusters["publisher"])], fontsize=8)
    ax.set_ylim(len(clusters) - 0.5, -0.5)
    ax.set_xlim(0, (clusters["n_reprints"].max() + 1) * 1.45)
    ax.set_xlabel("Listed items carrying the same origin")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", length=0)
    ax.legend(loc="lower right", fontsize=8)
    for y, lab in zip(ys, labels):
        text_ax.text(0, y, lab, va="center", ha="left", fontsize=8, color=INK)
    text_ax.set_title("Reprints (source ids)", fontsize=9, loc="left")


SUPPORT_COLUMNS = {
    "claims": "Events or figures (one bar each)",
    "independent origins": "How many independent origins support a claim: 1, 2, 3 or 4+ (one part of the bar)",
    "count": "Claims with that many independent origins (the length of that part)",
    "total": "All claims of this kind with at least one origin (the whole bar)",
}


def support_data(counts: pd.DataFrame) -> ChartData:
    """One row per bar segment: record table by origin bucket (tables.support_counts), zeros kept."""
    totals = counts.sum(axis=1)
    rows = [
        (TABLE_LABEL.get(t, t), str(b), int(counts.loc[t, b]), int(totals[t])) for t in counts.index for b in counts
    ]
    return ChartData(pd.DataFrame(rows, columns=list(SUPPORT_COLUMNS)), SUPPORT_COLUMNS)


@styled
def independent_support(pkg: EvidencePackage, title: str | None = None) -> Figure:
    """How many independent origins support each claim (events and figures): what rests on one."""
    counts = tables.support_counts(pkg)
    totals = counts.sum(axis=1)
    n = int(totals.sum())
    single = int(counts["1"].sum())
    notes = ["Independent origins: the distinct sources left once every reprint is traced back to the item it copies."]
    fig = new_figure(3.9 + 0.17 * footer_line_count(notes), footer_lines=footer_line_count(notes))
    ax = fig.add_subplot()
    if n == 0:
        empty_axes(ax, "No events or figures in the data package")
        alt = "An empty chart: no events or figures."
        return finish(
            fig, title or "No claims to show", alt, pkg.as_of, pkg.title, notes, data=support_data(counts[:0])
        )
    _draw_support(ax, counts, totals)
    per = "; ".join(
        f"{TABLE_LABEL.get(t, t).lower()} {int(counts.loc[t, '1'])} of {int(totals[t])}" for t in counts.index
    )
    found = title or (f"{single} of {n} claims ({100 * single / n:.0f}%) rest on a single independent origin ({per})")
    alt = (
        "Stacked bars of claims by number of independent origins. "
        + "; ".join(
            f"{TABLE_LABEL.get(t, t)}: " + ", ".join(f"{int(counts.loc[t, b])} with {b}" for b in counts.columns)
            for t in counts.index
        )
        + "."
    )
    return finish(fig, found, alt, pkg.as_of, pkg.title, notes, data=support_data(counts))


def _draw_support(ax: Axes, counts: pd.DataFrame, totals: pd.Series) -> None:
    """One stacked bar per record table, by number of independent origins, with counts inside."""
    ys = np.arange(len(counts))
    colours = [OKABE_ITO["vermillion"], OKABE_ITO["orange"], OKABE_ITO["sky"], OKABE_ITO["blue"]]
    left = np.zeros(len(counts))
    for bucket, colour in zip(counts.columns, colours):
        values = counts[bucket].to_numpy()
        ax.barh(
            ys,
            values,
            left=left,
            color=colour,
            height=0.55,
            label=f"{bucket} origin{'s' if bucket != '1' else ''}",
            edgecolor="white",
        )
        for y, v, lft, tot in zip(ys, values, left, totals):
            if v and v / max(tot, 1) > 0.05:
                ax.text(
                    lft + v / 2,
                    y,
                    f"{v}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if colour in (OKABE_ITO["vermillion"], OKABE_ITO["blue"]) else INK,
                )
        left += values
    ax.set_yticks(ys, [f"{TABLE_LABEL.get(t, t)} ({tot})" for t, tot in zip(counts.index, totals)])
    ax.set_ylim(len(counts) - 0.5, -0.6)
    ax.set_xlabel("Claims (events or figures), by number of independent origins")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(totals.max(), 1) * 1.02)
    ax.tick_params(axis="y", length=0)
    ax.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), title="Independent origins")


GRADE_COLUMNS = {
    "claims": "Events (plain bars) or figures (hatched bars)",
    "grade": "Confidence grade, A to D (see the methodology)",
    "meaning": "What the grade stands for",
    "count": "Claims of this kind with this grade (the bar's height)",
}


def grade_data(counts: pd.DataFrame) -> ChartData:
    """One row per bar: record table by grade (tables.grade_counts), zeros kept."""
    rows = [(TABLE_LABEL.get(t, t), g, GRADE_MEANING[g], int(counts.loc[t, g])) for t in counts.index for g in GRADES]
    return ChartData(pd.DataFrame(rows, columns=list(GRADE_COLUMNS)), GRADE_COLUMNS)


@styled
def grade_distribution(pkg: EvidencePackage, title: str | None = None) -> Figure:
    """Confidence grades (A-D) of events and figures side by side."""
    counts = tables.grade_counts(pkg)
    n = int(counts.to_numpy().sum())
    notes = [
        "A: two or more independent origins, one official; B: two or more; C: one origin; D: unverified or "
        "low-reliability only. A contested claim drops one grade (see the methodology)."
    ]
    empty_grades = [g for g in GRADES if counts[g].sum() == 0]
    if n and empty_grades:
        notes.append(f"No claim has grade {', '.join(empty_grades)}.")
    fig = new_figure(3.9 + 0.17 * footer_line_count(notes), footer_lines=footer_line_count(notes))
    ax = fig.add_subplot()
    if n == 0:
        empty_axes(ax, "No events or figures in the data package")
        alt = "An empty chart: no events or figures."
        return finish(fig, title or "No claims to grade", alt, pkg.as_of, pkg.title, notes, data=grade_data(counts[:0]))
    _draw_grades(ax, counts)
    totals = counts.sum(axis=0)
    modes = [g for g in GRADES if totals[g] == totals.max()]
    common = (
        f"Grade {modes[0]} is the most common" if len(modes) == 1 else f"Grades {join_words(modes)} are the most common"
    )
    found = title or (
        f"{common}: {int(totals[modes[0]])}{' each' if len(modes) > 1 else ''} of {n} claims; "
        f"{int(totals['A'])} reach grade A"
    )
    alt = (
        "Grouped bar chart of confidence grades. "
        + "; ".join(
            f"{TABLE_LABEL.get(t, t)}: " + ", ".join(f"{g} {int(counts.loc[t, g])}" for g in GRADES)
            for t in counts.index
        )
        + "."
    )
    return finish(fig, found, alt, pkg.as_of, pkg.title, notes, data=grade_data(counts))


def _draw_grades(ax: Axes, counts: pd.DataFrame) -> None:
    """Bars per grade: events on the left, figures (hatched) on the right, with their counts."""
    x = np.arange(len(GRADES))
    width = 0.38
    hatches = {"events": "", "quantities": "//"}
    for i, table in enumerate(counts.index):
        values = counts.loc[table].to_numpy()
        bars = ax.bar(
            x + (i - 0.5) * width,
            values,
            width=width * 0.95,
            color=[GRADE_COLOURS[g] for g in GRADES],
            hatch=hatches.get(table, ""),
            edgecolor="white",
            label=TABLE_LABEL.get(table, table),
        )
        for grade, bar in zip(GRADES, bars):
            bar.set_gid(f"grade:{table}:{grade}")
        for xi, v in zip(x + (i - 0.5) * width, values):
            ax.text(xi, v, f"{v}", ha="center", va="bottom", fontsize=8, color=INK)
    ax.set_xticks(x, [f"Grade {g}" for g in GRADES])
    ax.set_ylabel("Claims")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Confidence grade (left bar: events; right, hatched: figures)")
    ax.set_ylim(0, counts.to_numpy().max() * 1.18)


STATUS_COLUMNS = {
    "status": "Where a logged discrepancy stands: open, explained or resolved (one bar each)",
    "discrepancies": "Logged discrepancies with this status (the bar's length)",
}


def status_data(counts: pd.Series) -> ChartData:
    """One row per bar: discrepancies by status (tables.status_counts), top to bottom."""
    table = pd.DataFrame({"status": [str(s) for s in counts.index], "discrepancies": [int(c) for c in counts]})
    return ChartData(table, STATUS_COLUMNS)


@styled
def discrepancy_status(pkg: EvidencePackage, title: str | None = None) -> Figure:
    """How many logged discrepancies are open, explained or resolved."""
    counts = tables.status_counts(pkg)
    n = int(counts.sum())
    notes = [
        "Open: unresolved; explained: a likely reason for the difference is known but not confirmed; "
        "resolved: one version is shown to be right."
    ]
    fig = new_figure(2.6 + 0.17 * footer_line_count(notes), footer_lines=footer_line_count(notes))
    ax = fig.add_subplot()
    if n == 0:
        empty_axes(ax, "The discrepancy log is empty")
        return finish(
            fig,
            title or "No discrepancies logged",
            "An empty chart: no discrepancies are logged.",
            pkg.as_of,
            pkg.title,
            notes,
            data=status_data(counts[:0]),
        )
    ys = np.arange(len(counts))
    ax.barh(ys, counts.to_numpy(), color=[STATUS_COLOURS.get(s, GREY) for s in counts.index], height=0.6)
    _bar_values(ax, ys, counts.tolist())
    ax.set_yticks(ys, [s.replace("_", " ") for s in counts.index])
    ax.set_ylim(len(counts) - 0.5, -0.5)
    ax.set_xlim(0, counts.max() * 1.15)
    ax.set_xlabel("Discrepancies")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", length=0)
    first = counts.index[0]
    found = title or f"{int(counts[first])} of {n} logged discrepancies are {first}"
    alt = (
        f"Bar chart of {plural(n, 'discrepancy', 'discrepancies')} by status: "
        + ", ".join(f"{s} {int(c)}" for s, c in counts.items())
        + "."
    )
    return finish(fig, found, alt, pkg.as_of, pkg.title, notes, data=status_data(counts))
