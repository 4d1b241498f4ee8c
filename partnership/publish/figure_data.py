"""The data behind a chart, for the report: a disclosure with the table and a link to its CSV.

`figure_data_html(csv_text, meta)` takes the CSV that partnership.charts.output.export wrote for a
figure and its JSON sidecar (as a dict) and returns an HTML fragment, closed by default so the
report stays short:

    <details class="figure-data">
      <summary>Data behind this chart (N rows)</summary>
      <div class="figure-data-table" tabindex="0" role="region" aria-label="Data behind: TITLE">
        <table><caption>…</caption><thead><tr><th scope="col">…</th>…</tr></thead><tbody>…</tbody></table>
      </div>
      <dl class="figure-data-columns"><dt>column</dt><dd>what it holds</dd>…</dl>
      <p><a href="figures/NN_name.csv" download>Download NN_name.csv</a> (CSV, UTF-8)</p>
    </details>

The wrapper div scrolls a long or wide table on its own, and can take the keyboard focus to do
so (tabindex, with a role and a name for screen readers). Every value from the files is escaped;
the table has no index column: the CSV's columns, in its order, nothing else. The function is
pure (no file access), so the report can call it with files it has already read.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Mapping
from urllib.parse import quote

from partnership.i18n import SOURCE, Words

CSV_NAME = re.compile(r"^[0-9]{2}_[a-z0-9_]+\.csv$")  # what export writes: NN_name.csv, nothing else


def figure_data_html(csv_text: str, meta: Mapping, href_prefix: str = "figures/", w: Words | None = None) -> str:
    """The HTML fragment for one figure's data (see the module docstring).

    csv_text: the figure's NAME.csv as text. meta: its NAME.json sidecar, with "title" and
    "data": {"path", "columns": [{"name", "description"}]}. href_prefix: where the report finds
    the figures folder, put before the CSV's file name in the download link. w: the edition's words.
    Raises ValueError when the sidecar names no CSV file of its own, or the CSV's header is not the
    columns the sidecar describes, or a row has another number of cells.
    """
    data = meta.get("data")
    if not isinstance(data, Mapping):
        raise ValueError("the sidecar has no 'data' entry: export the figure again to write its CSV")
    path = str(data.get("path", ""))
    if not CSV_NAME.match(path):
        raise ValueError(f"the sidecar's data path {path!r} is not a figure's CSV file name (NN_name.csv)")
    columns = [(str(c.get("name", "")), str(c.get("description", ""))) for c in data.get("columns", [])]
    header, rows = _read(csv_text)
    if header != [name for name, _ in columns]:
        raise ValueError(f"{path}: the header {header} is not the columns its sidecar describes")
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise ValueError(f"{path}: line {number} has {len(row)} values for {len(header)} columns")
    title = str(meta.get("title") or meta.get("name") or path)
    w = w or Words(SOURCE)
    count = w.ngettext("{n} row", "{n} rows", len(rows))
    summary = w.gettext("Data behind this chart ({count})", count=count)
    region = w.gettext("Data behind: {title}", title=title)
    caption = w.gettext("{title}: the data plotted, {count}", title=title, count=count)
    download = w.gettext("Download {file}", file=path)
    e = _escape
    head = "".join(f'<th scope="col">{e(name)}</th>' for name in header)
    body = "".join("<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>\n" for row in rows)
    described = "".join(f"<dt>{e(name)}</dt><dd>{e(text)}</dd>" for name, text in columns)
    href = e(href_prefix + quote(path))
    return (
        '<details class="figure-data">\n'
        f"<summary>{e(summary)}</summary>\n"
        f'<div class="figure-data-table" tabindex="0" role="region" aria-label="{e(region)}">\n'
        f"<table>\n<caption>{e(caption)}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n</div>\n"
        f'<dl class="figure-data-columns">{described}</dl>\n'
        f'<p><a href="{href}" download>{e(download)}</a> (CSV, UTF-8)</p>\n'
        "</details>\n"
    )


def _read(csv_text: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the CSV, read as RFC 4180 (a quoted value may hold commas and line breaks)."""
    records = list(csv.reader(io.StringIO(csv_text, newline="")))
    if not records:
        raise ValueError("the CSV is empty: it has not even a header")
    return records[0], records[1:]


def _escape(text: str) -> str:
    """Text for HTML content or a quoted attribute: &, <, >, " and ' escaped."""
    return html.escape(str(text), quote=True)
