"""Derived tables as a reader sees them: whole, in words, the same in JupyterLab and the report.

`table(frame)` drops a plain 0..n index (a meaningful one becomes the first column), names
the columns in words, writes booleans as yes/no, dates at their precision (dates.py), numbers
as people write them, and cuts nothing. It is shown as a markdown table, so the report reads
it as prose: source ids become numbered citations ([@id] in JupyterLab) and record ids link
to their entries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from partnership.analysis.dates import as_of_label, date_label, day_text
from partnership.i18n.numbers import format_number

HEADERS = {
    "actor_id": "Actor",
    "as_of": "As of",
    "both_sides": "Both sides",
    "conflict": "Values conflict",
    "date": "Date",
    "dimension": "Counted by",
    "discrepancy_id": "Discrepancy",
    "event_id": "Event",
    "in_seed_article": "In the seed article",
    "n_events": "Events",
    "n_origins": "Independent origins",
    "n_originals": "Originals",
    "n_partners": "Actors shared events with",
    "n_reprints": "Number of reprints",
    "n_sources": "Sources (URLs)",
    "n_values": "Distinct values",
    "n_variants": "Versions",
    "name_en": "Name",
    "origin_id": "Origin",
    "quantity_id": "Figure",
    "question_id": "Id",
    "record_id": "Record",
    "record_table": "Record type",
    "records": "Records concerned",
    "reprint_publishers": "Reprinted by",
    "reprints": "Reprinted as",
    "resolution_note": "Resolution",
    "sector_id": "Sector id",
    "table": "Table",
    "text": "Value",
    "variants": "Versions and their sources",
}
# Header of a column from a pivot, by the name of the pivoted column: "Grade A", "Origins: 4+".
PIVOTED = {"grade": "Grade {}", "bucket": "Origins: {}"}
SOURCE_COLUMNS = frozenset({"sources", "origins", "origin_id", "reprints"})
_MARKDOWN = re.compile(r"([\\`*\[\]<>|$~])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


@dataclass(frozen=True)
class ReadableTable:
    """A table of text with headers in words; `cites` are the positions of the columns of source ids."""

    frame: pd.DataFrame
    cites: tuple[int, ...] = ()

    def _repr_markdown_(self) -> str:
        heads = list(self.frame.columns)
        numeric = [_is_number(self.frame.iloc[:, i]) for i in range(len(heads))]
        lines = ["| " + " | ".join(_escape(h) for h in heads) + " |"]
        lines.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
        for row in self.frame.itertuples(index=False):
            cells = [_cite(v) if i in self.cites else _escape(v) for i, v in enumerate(row)]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def _is_number(column: pd.Series) -> bool:
    return bool(len(column)) and all(re.fullmatch(r"[0-9.,]+( (million|billion))?|", v) for v in column)


def _escape(text: str) -> str:
    text = " ".join(str(text).split())
    return _MARKDOWN.sub(lambda m: "\\" + m.group(), text)


def _cite(ids: str) -> str:
    keys = ids.replace(",", " ").split()
    return "[" + "; ".join(f"@{k}" for k in keys) + "]" if keys else ""


def _cell(value: object) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return day_text(value)
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def _header(column: object, pivoted: str | None) -> str:
    if pivoted in PIVOTED and column not in HEADERS:
        return PIVOTED[pivoted].format(column)
    words = HEADERS.get(str(column), str(column).replace("_", " "))
    return words[:1].upper() + words[1:]


def _dates_in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """date_start, date_end and date_precision as one date at its precision; as_of likewise."""
    if {"date_start", "date_precision"} <= set(frame.columns):
        end = frame["date_end"] if "date_end" in frame.columns else frame["date_start"]
        text = [date_label(s, e, p) for s, e, p in zip(frame["date_start"], end, frame["date_precision"])]
        frame.insert(frame.columns.get_loc("date_start"), "date", text)
        frame = frame.drop(columns=[c for c in ("date_start", "date_end", "date_precision") if c in frame.columns])
    if {"as_of", "as_of_precision"} <= set(frame.columns):
        frame["as_of"] = [as_of_label(d, p) for d, p in zip(frame["as_of"], frame["as_of_precision"])]
        frame = frame.drop(columns="as_of_precision")
    return frame


def table(frame: pd.DataFrame, headers: Mapping[str, str] | None = None) -> ReadableTable:
    """A derived table for readers (module docstring); `headers` overrides column names."""
    pivoted = frame.columns.name
    plain_index = isinstance(frame.index, pd.RangeIndex) and frame.index.name is None
    out = frame.copy() if plain_index else frame.reset_index()
    out.columns = [str(c) for c in out.columns]
    out = _dates_in_words(out)
    cites = tuple(i for i, c in enumerate(out.columns) if c in SOURCE_COLUMNS)
    text = pd.DataFrame({c: [_cell(v) for v in out[c]] for c in out.columns}, index=range(len(out)))
    text.columns = [(headers or {}).get(c) or _header(c, pivoted) for c in text.columns]
    return ReadableTable(text, cites)
