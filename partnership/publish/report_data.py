"""What the report reads from the data package, as plain values: one edition's ReportData.

Gathered from the package once (gather.py, which needs pandas), it is all the report needs of
the data, so the build can keep it and render the report again after a prose edit without
loading the package or importing pandas.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Variant(NamedTuple):
    """One variant of a discrepancy: its claim and its sources (sorted, each once)."""

    discrepancy_id: str
    variant: int
    claim: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ReportData:
    """One edition's view of the data package (record text as the package gives it)."""

    lang: str
    title: str
    licence: str
    as_of: str  # the "data as of" line, in the edition's language
    ids: dict[str, list[str]]  # each anchored table's ids, in table order (entries.ANCHORED)
    sources: list[dict[str, str]]  # sources.csv's rows as text, in table order
    events: list[dict]  # the chronology: phases, each with its events
    register: list[dict]  # the register of figures: topics, each with its figures
    actors: list[dict]  # the directory of actors
    variants: list[Variant]  # every discrepancy's variants, by discrepancy and variant
    discrepancies: list[dict[str, str]]  # the discrepancy log's rows as text, by id
    discrepancy_records: list[dict[str, str]]  # the records each discrepancy concerns
    publishers: dict[str, str]  # source id -> its publisher
    questions: list[dict[str, str]]  # the open questions' rows as text, by id
    counts: dict  # the summary's numbers: records, sources, origins, discrepancies, grades
