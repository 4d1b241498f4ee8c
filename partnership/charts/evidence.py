"""The evidence base and its gaps: sources, reprints, independent support, grades, discrepancies.

Each chart's data (one row per bar or bar segment) comes from a `*_data` step beside it. Every
word comes in the chart's language (`lang`); source ids and publishers stay as the data gives them.
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
    new_figure,
    styled,
)
from partnership.data.load import EvidencePackage
from partnership.i18n import N_, words
from partnership.i18n.vocabulary import as_of_line, word

ORIGINAL, REPRINT = OKABE_ITO["blue"], OKABE_ITO["sky"]
GRADE_COLOURS = dict(zip(GRADES, [OKABE_ITO["blue"], OKABE_ITO["sky"], OKABE_ITO["orange"], OKABE_ITO["vermillion"]]))
TABLE_LABEL = {"events": N_("Events"), "quantities": N_("Figures")}
STATUS_COLOURS = {"open": OKABE_ITO["vermillion"], "explained": OKABE_ITO["orange"], "resolved": OKABE_ITO["green"]}
# the vocabulary field of each dimension the sources are counted by (tables.source_profile)
DIMENSION_FIELD = {"language": "language", "kind": "source kind", "reliability": "reliability", "side": "side"}


def _label(dimension: str, value: str, lang: str) -> str:
    """A value as its bar is labelled: in words, a language with its code ('Italian (it)')."""
    if dimension not in DIMENSION_FIELD:
        return str(value).replace("_", " ")
    text = word(DIMENSION_FIELD[dimension], value, lang)
    return f"{text} ({value})" if dimension == "language" else text


def _table_label(table: str, lang: str) -> str:
    """'Events' or 'Figures': what the claims of a record table are."""
    marked = TABLE_LABEL.get(table)
    return words(lang).word(marked) if marked else table


def _bar_values(ax: Axes, ys: np.ndarray, values: list, fmt=lambda v: f"{v:g}") -> None:
    """Each bar's value written just past its end."""
    for y, v in zip(ys, values):
        ax.text(v, y, " " + fmt(v), va="center", ha="left", fontsize=8, color=INK)


SOURCES_COLUMNS = {
    N_("dimension"): N_("What the sources are counted by: language, kind, reliability or side (one panel each)"),
    N_("value"): N_("The value as the data package writes it"),
    N_("label"): N_("The value as the chart labels its bar"),
    N_("sources"): N_("Listed sources with this value (the whole bar)"),
    N_("originals"): N_("Of these, the items that copy no other listed item (the dark part of the bar)"),
    N_("reprints"): N_("Of these, the items that reprint another listed item (the light part of the bar)"),
}


def sources_data(profile: pd.DataFrame, lang: str = "en") -> ChartData:
    """One row per bar of the source profile, panel by panel (tables.source_profile)."""
    table = pd.DataFrame(
        {
            "dimension": profile["dimension"].astype(str),
            "value": profile["value"].astype(str),
            "label": [_label(d, v, lang) for d, v in zip(profile["dimension"], profile["value"])],
            "sources": profile["n_sources"],
            "originals": profile["n_originals"],
            "reprints": profile["n_reprints"],
        }
    )
    return ChartData(table.reset_index(drop=True), SOURCES_COLUMNS).translated(lang)


def _sources_notes(profile: pd.DataFrame, n: int, lang: str) -> list[str]:
    """What a reprint is, and the values no source has."""
    w = words(lang)
    notes = [
        w.gettext(
            "A reprint is an item that copies another listed item (syndicated_from); it adds no independent support."
        )
    ]
    zero = profile[profile["n_sources"] == 0]
    if len(zero) and n:
        values = "; ".join(
            f"{word('source dimension', dim, lang)} {', '.join(_label(dim, v, lang) for v in grp['value'])}"
            for dim, grp in zero.groupby("dimension", sort=False)
        )
        notes.append(w.gettext("No sources for: {values}.", values=values))
    return notes


def _draw_dimension(ax: Axes, part: pd.DataFrame, dim: str, xmax: float, lang: str) -> None:
    """One dimension's values as bars split into originals and reprints, with their totals."""
    w = words(lang)
    ys = np.arange(len(part))
    ax.barh(ys, part["n_originals"], color=ORIGINAL, label=w.gettext("original"), height=0.7)
    ax.barh(ys, part["n_reprints"], left=part["n_originals"], color=REPRINT, label=w.gettext("reprint"), height=0.7)
    _bar_values(ax, ys, part["n_sources"].tolist())
    ax.set_yticks(ys, [_label(dim, v, lang) for v in part["value"]])
    ax.set_ylim(len(part) - 0.5, -0.5)
    ax.set_xlim(0, xmax * 1.2)
    ax.set_title(w.gettext("By {dimension}", dimension=word("source dimension", dim, lang)), fontsize=10)
    ax.set_xlabel(w.gettext("Sources"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", length=0)


def _sources_texts(profile: pd.DataFrame, dims: list[str], n: int, n_reprints: int, lang: str) -> tuple[str, str]:
    """Title (the main language and the share of reprints) and alt text (every count)."""
    w = words(lang)
    by_lang = profile[profile["dimension"] == "language"].sort_values(["n_sources", "value"], ascending=[False, True])
    top = by_lang.iloc[0]
    by_kind = profile[profile["dimension"] == "kind"].sort_values(["n_sources", "value"], ascending=[False, True])
    found = w.gettext(
        "{sources}: {n} ({share}%) in {language}; {reprints} of another listed item",
        sources=w.ngettext("{n} source", "{n} sources", n),
        n=top["n_sources"],
        share=format(100 * top["n_sources"] / n, ".0f"),
        language=word("language", top["value"], lang),
        reprints=w.ngettext("{n} is a reprint", "{n} are reprints", n_reprints),
    )
    parts = []
    for dim in dims:
        part = profile[profile["dimension"] == dim]
        counts = ", ".join(f"{_label(dim, v, lang)} {c}" for v, c in zip(part["value"], part["n_sources"]))
        parts.append(
            w.gettext("by {dimension}: {counts}", dimension=word("source dimension", dim, lang), counts=counts)
        )
    alt = " ".join(
        [
            w.ngettext(
                "Four bar charts of the {n} source, each bar split into originals and reprints.",
                "Four bar charts of the {n} sources, each bar split into originals and reprints.",
                n,
            ),
            "; ".join(parts)
            + w.gettext(". The most common kind is {kind}.", kind=word("source kind", by_kind.iloc[0]["value"], lang)),
        ]
    )
    return found, alt


@styled
def sources_profile(pkg: EvidencePackage, title: str | None = None, lang: str = "en") -> Figure:
    """Sources by language, kind, reliability and side, each split into originals and reprints."""
    w = words(lang)
    profile = tables.source_profile(pkg)
    src = pkg["sources"]
    n = len(src)
    n_reprints = int(src["syndicated_from"].notna().sum())
    notes = _sources_notes(profile, n, lang)
    dims = list(dict.fromkeys(profile["dimension"]))
    drawn = profile[profile["dimension"].isin(dims[:4])] if n else profile.iloc[0:0]
    heights = [max(len(profile[profile["dimension"] == d]), 1) for d in dims]
    fig = new_figure(
        1.8 + 0.3 * sum(heights) / 2 + 0.9 + 0.17 * footer_line_count(notes), footer_lines=footer_line_count(notes)
    )
    as_of, data = as_of_line(pkg, lang), sources_data(drawn, lang)
    if n == 0:
        ax = fig.add_subplot()
        empty_axes(ax, w.gettext("No sources in the data package"))
        alt = w.gettext("An empty chart: the package lists no sources.")
        found = title or w.gettext("No sources to show")
        return finish(fig, found, alt, as_of, pkg.title, notes, data=data, lang=lang)
    grid = fig.add_gridspec(2, 2, height_ratios=[max(heights[0], heights[1]), max(heights[2:] + [1])])
    xmax = profile["n_sources"].max()
    for i, dim in enumerate(dims[:4]):
        ax = fig.add_subplot(grid[i // 2, i % 2])
        _draw_dimension(ax, profile[profile["dimension"] == dim].reset_index(drop=True), dim, xmax, lang)
        if i == 0:
            ax.legend(loc="lower right", fontsize=8)
    found, alt = _sources_texts(profile, dims, n, n_reprints, lang)
    return finish(fig, title or found, alt, as_of, pkg.title, notes, data=data, lang=lang)


CLUSTER_COLUMNS = {
    N_("origin id"): N_("The source id of an independent origin that is reprinted (one bar)"),
    N_("publisher"): N_("The origin's publisher"),
    N_("reprints"): N_("Listed items that reprint it, directly or through another reprint (the light part of the bar)"),
    N_("items"): N_("Listed items carrying this origin: the origin itself and its reprints (the whole bar)"),
    N_("reprint ids"): N_("The reprints' source ids, space-separated"),
}


def clusters_data(clusters: pd.DataFrame, lang: str = "en") -> ChartData:
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
    return ChartData(table.reset_index(drop=True), CLUSTER_COLUMNS).translated(lang)


@styled
def reprint_clusters(pkg: EvidencePackage, title: str | None = None, lang: str = "en") -> Figure:
    """Each origin that is reprinted, with its reprints: how many URLs repeat one piece of evidence."""
    w = words(lang)
    clusters = tables.reprint_clusters(pkg)
    n_sources = len(pkg["sources"])
    notes = [
        w.gettext(
            "Each bar is one independent origin (dark) followed by the listed items that reprint it, "
            "directly or through another reprint (light)."
        )
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
    as_of, data = as_of_line(pkg, lang), clusters_data(clusters, lang)
    if clusters.empty:
        empty_axes(ax, w.gettext("No source reprints another listed source"))
        found = title or w.ngettext(
            "None of the {n} source reprints another listed item",
            "None of the {n} sources reprints another listed item",
            n_sources,
        )
        alt = w.gettext("An empty chart: no reprints in the source list.")
        return finish(fig, found, alt, as_of, pkg.title, notes, data=data, lang=lang)
    _draw_clusters(ax, text_ax, clusters, labels, lang)
    total = int(clusters["n_reprints"].sum())
    top = clusters.iloc[0]
    found = title or w.gettext(
        "{reprints} of {origins}; {origin} ({publisher}) alone is repeated by {others}",
        reprints=w.ngettext("{n} listed item is a reprint", "{n} listed items are reprints", total),
        origins=w.ngettext("{n} origin", "{n} origins", len(clusters)),
        origin=top["origin_id"],
        publisher=top["publisher"],
        others=w.ngettext("{n} other item", "{n} other items", int(top["n_reprints"])),
    )
    each = [
        w.gettext("{origin} ({publisher}) reprinted by {n}: {reprints}", origin=o, publisher=p, n=n, reprints=r)
        for o, p, n, r in zip(
            clusters["origin_id"],
            clusters["publisher"],
            clusters["n_reprints"],
            clusters["reprints"].str.replace(" ", ", "),
        )
    ]
    alt = w.gettext("Bar chart of reprint clusters: {clusters}.", clusters="; ".join(each))
    return finish(fig, found, alt, as_of, pkg.title, notes, data=data, lang=lang)


def _draw_clusters(ax: Axes, text_ax: Axes, clusters: pd.DataFrame, labels: list[str], lang: str) -> None:
    """Each origin (dark) followed by its reprints (light), with the reprints' ids in the text column."""
    w = words(lang)
    ys = np.arange(len(clusters))
    ax.barh(ys, 1, color=ORIGINAL, height=0.6, label=w.gettext("origin"))
    ax.barh(ys, clusters["n_reprints"], left=1, color=REPRINT, height=0.6, label=w.gettext("reprints"))

    def items(n: int) -> str:
        return w.ngettext("{n} item", "{n} items", int(n))

    _bar_values(ax, ys, (clusters["n_reprints"] + 1).tolist(), fmt=items)
    ax.set_yticks(ys, [f"{o}\n{p}" for o, p in zip(clusters["origin_id"], clusters["publisher"])], fontsize=8)
    ax.set_ylim(len(clusters) - 0.5, -0.5)
    ax.set_xlim(0, (clusters["n_reprints"].max() + 1) * 1.45)
    ax.set_xlabel(w.gettext("Listed items carrying the same origin"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", length=0)
    ax.legend(loc="lower right", fontsize=8)
    for y, lab in zip(ys, labels):
        text_ax.text(0, y, lab, va="center", ha="left", fontsize=8, color=INK)
    text_ax.set_title(w.gettext("Reprints (source ids)"), fontsize=9, loc="left")


SUPPORT_COLUMNS = {
    N_("claims"): N_("Events or figures (one bar each)"),
    N_("independent origins"): N_("How many independent origins support a claim: 1, 2, 3 or 4+ (one part of the bar)"),
    N_("count"): N_("Claims with that many independent origins (the length of that part)"),
    N_("total"): N_("All claims of this kind with at least one origin (the whole bar)"),
}


def support_data(counts: pd.DataFrame, lang: str = "en") -> ChartData:
    """One row per bar segment: record table by origin bucket (tables.support_counts), zeros kept."""
    totals = counts.sum(axis=1)
    rows = [
        (_table_label(t, lang), str(b), int(counts.loc[t, b]), int(totals[t])) for t in counts.index for b in counts
    ]
    return ChartData(pd.DataFrame(rows, columns=list(SUPPORT_COLUMNS)), SUPPORT_COLUMNS).translated(lang)


@styled
def independent_support(pkg: EvidencePackage, title: str | None = None, lang: str = "en") -> Figure:
    """How many independent origins support each claim (events and figures): what rests on one."""
    w = words(lang)
    counts = tables.support_counts(pkg)
    totals = counts.sum(axis=1)
    n = int(totals.sum())
    single = int(counts["1"].sum())
    notes = [
        w.gettext(
            "Independent origins: the distinct sources left once every reprint is traced back to the item it copies."
        )
    ]
    fig = new_figure(3.9 + 0.17 * footer_line_count(notes), footer_lines=footer_line_count(notes))
    ax = fig.add_subplot()
    as_of = as_of_line(pkg, lang)
    if n == 0:
        empty_axes(ax, w.gettext("No events or figures in the data package"))
        alt = w.gettext("An empty chart: no events or figures.")
        found = title or w.gettext("No claims to show")
        return finish(fig, found, alt, as_of, pkg.title, notes, data=support_data(counts[:0], lang), lang=lang)
    _draw_support(ax, counts, totals, lang)
    per = "; ".join(
        w.gettext(
            "{claims} {n} of {total}",
            claims=_table_label(t, lang).lower(),
            n=int(counts.loc[t, "1"]),
            total=int(totals[t]),
        )
        for t in counts.index
    )
    found = title or w.gettext(
        "{n} of {total} claims ({share}%) rest on a single independent origin ({per})",
        n=single,
        total=n,
        share=format(100 * single / n, ".0f"),
        per=per,
    )
    per_table = []
    for t in counts.index:
        with_n = [w.gettext("{n} with {origins}", n=int(counts.loc[t, b]), origins=b) for b in counts.columns]
        per_table.append(f"{_table_label(t, lang)}: {', '.join(with_n)}")
    alt = w.gettext("Stacked bars of claims by number of independent origins. {counts}.", counts="; ".join(per_table))
    return finish(fig, found, alt, as_of, pkg.title, notes, data=support_data(counts, lang), lang=lang)


def _draw_support(ax: Axes, counts: pd.DataFrame, totals: pd.Series, lang: str) -> None:
    """One stacked bar per record table, by number of independent origins, with counts inside."""
    w = words(lang)
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
            label=(
                w.pgettext("legend, independent origins", "{n} origin", n=bucket)
                if bucket == "1"
                else w.pgettext("legend, independent origins", "{n} origins", n=bucket)
            ),
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
    ax.set_yticks(ys, [f"{_table_label(t, lang)} ({tot})" for t, tot in zip(counts.index, totals)])
    ax.set_ylim(len(counts) - 0.5, -0.6)
    ax.set_xlabel(w.gettext("Claims (events or figures), by number of independent origins"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(totals.max(), 1) * 1.02)
    ax.tick_params(axis="y", length=0)
    ax.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), title=w.gettext("Independent origins"))


GRADE_COLUMNS = {
    N_("claims"): N_("Events (plain bars) or figures (hatched bars)"),
    N_("grade"): N_("Confidence grade, A to D (see the methodology)"),
    N_("meaning"): N_("What the grade stands for"),
    N_("count"): N_("Claims of this kind with this grade (the bar's height)"),
}


def grade_data(counts: pd.DataFrame, lang: str = "en") -> ChartData:
    """One row per bar: record table by grade (tables.grade_counts), zeros kept."""
    w = words(lang)
    rows = [
        (_table_label(t, lang), g, w.word(GRADE_MEANING[g]), int(counts.loc[t, g]))
        for t in counts.index
        for g in GRADES
    ]
    return ChartData(pd.DataFrame(rows, columns=list(GRADE_COLUMNS)), GRADE_COLUMNS).translated(lang)


@styled
def grade_distribution(pkg: EvidencePackage, title: str | None = None, lang: str = "en") -> Figure:
    """Confidence grades (A-D) of events and figures side by side."""
    w = words(lang)
    counts = tables.grade_counts(pkg)
    n = int(counts.to_numpy().sum())
    notes = [
        w.gettext(
            "A: two or more independent origins, one official; B: two or more; C: one origin; D: unverified or "
            "low-reliability only. A contested claim drops one grade (see the methodology)."
        )
    ]
    empty_grades = [g for g in GRADES if counts[g].sum() == 0]
    if n and empty_grades:
        notes.append(w.gettext("No claim has grade {grades}.", grades=", ".join(empty_grades)))
    fig = new_figure(3.9 + 0.17 * footer_line_count(notes), footer_lines=footer_line_count(notes))
    ax = fig.add_subplot()
    as_of = as_of_line(pkg, lang)
    if n == 0:
        empty_axes(ax, w.gettext("No events or figures in the data package"))
        alt = w.gettext("An empty chart: no events or figures.")
        found = title or w.gettext("No claims to grade")
        return finish(fig, found, alt, as_of, pkg.title, notes, data=grade_data(counts[:0], lang), lang=lang)
    _draw_grades(ax, counts, lang)
    totals = counts.sum(axis=0)
    modes = [g for g in GRADES if totals[g] == totals.max()]
    fields = {"n": int(totals[modes[0]]), "total": n, "a": int(totals["A"])}
    found = title or (
        w.gettext(
            "Grade {grade} is the most common: {n} of {total} claims; {a} reach grade A", grade=modes[0], **fields
        )
        if len(modes) == 1
        else w.gettext(
            "Grades {grades} are the most common: {n} each of {total} claims; {a} reach grade A",
            grades=w.join(modes),
            **fields,
        )
    )
    alt = w.gettext(
        "Grouped bar chart of confidence grades. {counts}.",
        counts="; ".join(
            f"{_table_label(t, lang)}: " + ", ".join(f"{g} {int(counts.loc[t, g])}" for g in GRADES)
            for t in counts.index
        ),
    )
    return finish(fig, found, alt, as_of, pkg.title, notes, data=grade_data(counts, lang), lang=lang)


def _draw_grades(ax: Axes, counts: pd.DataFrame, lang: str) -> None:
    """Bars per grade: events on the left, figures (hatched) on the right, with their counts."""
    w = words(lang)
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
            label=_table_label(table, lang),
        )
        for grade, bar in zip(GRADES, bars):
            bar.set_gid(f"grade:{table}:{grade}")
        for xi, v in zip(x + (i - 0.5) * width, values):
            ax.text(xi, v, f"{v}", ha="center", va="bottom", fontsize=8, color=INK)
    ax.set_xticks(x, [w.gettext("Grade {grade}", grade=g) for g in GRADES])
    ax.set_ylabel(w.gettext("Claims"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(w.gettext("Confidence grade (left bar: events; right, hatched: figures)"))
    ax.set_ylim(0, counts.to_numpy().max() * 1.18)


STATUS_COLUMNS = {
    N_("status"): N_("Where a logged discrepancy stands: open, explained or resolved (one bar each)"),
    N_("discrepancies"): N_("Logged discrepancies with this status (the bar's length)"),
}


def status_data(counts: pd.Series, lang: str = "en") -> ChartData:
    """One row per bar: discrepancies by status (tables.status_counts), top to bottom; the status as a code."""
    table = pd.DataFrame({"status": [str(s) for s in counts.index], "discrepancies": [int(c) for c in counts]})
    return ChartData(table, STATUS_COLUMNS).translated(lang)


@styled
def discrepancy_status(pkg: EvidencePackage, title: str | None = None, lang: str = "en") -> Figure:
    """How many logged discrepancies are open, explained or resolved."""
    w = words(lang)
    counts = tables.status_counts(pkg)
    n = int(counts.sum())
    notes = [
        w.gettext(
            "Open: unresolved; explained: a likely reason for the difference is known but not confirmed; "
            "resolved: one version is shown to be right."
        )
    ]
    fig = new_figure(2.6 + 0.17 * footer_line_count(notes), footer_lines=footer_line_count(notes))
    ax = fig.add_subplot()
    as_of = as_of_line(pkg, lang)
    if n == 0:
        empty_axes(ax, w.gettext("The discrepancy log is empty"))
        found = title or w.gettext("No discrepancies logged")
        alt = w.gettext("An empty chart: no discrepancies are logged.")
        return finish(fig, found, alt, as_of, pkg.title, notes, data=status_data(counts[:0], lang), lang=lang)
    ys = np.arange(len(counts))
    ax.barh(ys, counts.to_numpy(), color=[STATUS_COLOURS.get(s, GREY) for s in counts.index], height=0.6)
    _bar_values(ax, ys, counts.tolist())
    ax.set_yticks(ys, [word("discrepancy status", s, lang) for s in counts.index])
    ax.set_ylim(len(counts) - 0.5, -0.5)
    ax.set_xlim(0, counts.max() * 1.15)
    ax.set_xlabel(w.gettext("Discrepancies"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", length=0)
    first = counts.index[0]
    found = title or w.gettext(
        "{n} of {total} logged discrepancies are {status}",
        n=int(counts[first]),
        total=n,
        status=word("discrepancy status", first, lang),
    )
    alt = w.ngettext(
        "Bar chart of {n} discrepancy by status: {counts}.",
        "Bar chart of {n} discrepancies by status: {counts}.",
        n,
        counts=", ".join(f"{word('discrepancy status', s, lang)} {int(c)}" for s, c in counts.items()),
    )
    return finish(fig, found, alt, as_of, pkg.title, notes, data=status_data(counts, lang), lang=lang)
