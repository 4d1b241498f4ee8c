"""What the explorer shows for a selection: the count line and CSV link, the table, the timeline.

HTML is built from escaped text only; citations become links only for http(s) URLs.
"""

from __future__ import annotations

import base64
import html
from typing import TYPE_CHECKING

import pandas as pd

from partnership.analysis.dates import DateLike
from partnership.analysis.explore import as_day, is_missing, summary, to_csv
from partnership.data.load import EvidencePackage

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure  # matplotlib is imported only when a timeline is drawn

CSV_NAME = "partnership_events_selection.csv"
NOWRAP = "; white-space: nowrap"


def csv_data_uri(result: pd.DataFrame) -> str:
    """The CSV export as a data: URI (for a download link that needs no server)."""
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(to_csv(result)).decode("ascii")


def _e(text: object) -> str:
    return html.escape("" if is_missing(text) else str(text), quote=True)


def _citation_links(row: pd.Series) -> str:
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


def _grade_tip(row: pd.Series) -> str:
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


def _row_cells(row: pd.Series, with_range: bool) -> list[str]:
    """One result row's table cells, as HTML; the date span and the origins as hover titles."""
    span = f"{row['date_start']} to {row['date_end'] or 'unknown'} ({row['date_precision']})"
    return [
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
        tds = "".join(
            f'<td style="text-align: left; vertical-align: top{NOWRAP if i in short else ""}">{c}</td>'
            for i, c in enumerate(_row_cells(row, with_range))
        )
        body.append(f'<tr data-event="{_e(row["event_id"])}">{tds}</tr>')
    return (
        '<div style="max-height: 560px; overflow: auto">\n<table class="explore-results">\n'
        f"<thead><tr>{th}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n</div>"
    )


def problem_html(problem: Exception) -> str:
    """A filter value the explorer cannot use, said plainly (shown instead of the count line)."""
    return f'<p><b class="explore-count explore-problem">Cannot filter: {_e(problem)}</b></p>'


def timeline_figure(
    pkg: EvidencePackage, result: pd.DataFrame, start: DateLike | None = None, end: DateLike | None = None
) -> Figure:
    """The charts part's timeline (partnership.charts.timeline) drawn for the selected events only.

    start / end: the date filter, used as the chart's window (None: the selection's extent).
    Returns a matplotlib Figure that is not registered with pyplot.
    """
    from partnership.analysis.tables import restrict_events
    from partnership.charts import timeline

    lo, hi = as_day(start, "start"), as_day(end, "end")
    n = len(result)
    title = f"The {n} {'event' if n == 1 else 'events'} of this selection" if n else "No event matches these filters"
    window = None if lo is None and hi is None else (lo, hi)
    return timeline(restrict_events(pkg, result["event_id"]), window=window, title=title)


def timeline_bundle(
    pkg: EvidencePackage, result: pd.DataFrame, start: DateLike | None = None, end: DateLike | None = None
) -> dict[str, str]:
    """The selection's timeline as a display bundle: PNG plus its alt text (or a note if empty).

    The PNG is rendered as the report's figures are (partnership.charts.output.render: the shared
    style, fixed metadata), at the figure's own dpi: the report's width, with no rescaling to pay
    on each redraw.
    """
    if result.empty:
        note = "No timeline: no event matches these filters."
        return {"text/html": f"<p><i>{note}</i></p>", "text/plain": note}
    from partnership.charts import alt_text
    from partnership.charts.output import render

    fig = timeline_figure(pkg, result, start, end)
    return {"image/png": base64.b64encode(render(fig, "png", dpi=fig.dpi)).decode("ascii"), "text/plain": alt_text(fig)}
