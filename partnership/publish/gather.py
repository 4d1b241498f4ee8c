"""Gather one edition's ReportData from a loaded data package, with the analysis layer."""

from __future__ import annotations

from typing import Any

import pandas as pd

from partnership.analysis import tables
from partnership.analysis.evidence import source_origins
from partnership.data.load import EvidencePackage
from partnership.i18n.vocabulary import as_of_line
from partnership.publish import chronology, directory, register
from partnership.publish.records import record_ids
from partnership.publish.report_data import ReportData, Variant


def _value(v: Any) -> str:
    """A cell as text: empty for missing values, ISO date for dates."""
    if v is None:
        return ""
    if isinstance(v, pd.Timestamp):
        return "" if pd.isna(v) else v.strftime("%Y-%m-%d")
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    return str(v)


def _rows(frame: pd.DataFrame) -> list[dict[str, str]]:
    return [{k: _value(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _variants(pkg: EvidencePackage) -> list[Variant]:
    found = tables.variant_sources(pkg)
    return [Variant(str(v.discrepancy_id), int(v.variant), str(v.claim), tuple(v.sources)) for v in found.itertuples()]


def _counts(pkg: EvidencePackage) -> dict:
    """The summary's numbers, all from the analysis layer."""
    t = pkg.tables
    grades = tables.grade_counts(pkg).sum()
    has_log = "discrepancies" in t
    return {
        "events": len(t.get("events", [])),
        "quantities": len(t.get("quantities", [])),
        "actors": len(t.get("actors", [])),
        "sources": len(t["sources"]),
        "origins": int(source_origins(t["sources"]).nunique()),
        "discrepancies": len(t["discrepancies"]) if has_log else 0,
        "open": int(tables.status_counts(pkg).get("open", 0)) if has_log else 0,
        "grades": {str(g): int(n) for g, n in grades.items()},
    }


def gather(pkg: EvidencePackage, lang: str = "en") -> ReportData:
    """Everything the `lang` edition of the report shows of the package."""
    t = pkg.tables
    has_log = "discrepancies" in t
    sources = t["sources"]
    return ReportData(
        lang=lang,
        title=str(pkg.title),
        licence=str(pkg.licence),
        as_of=as_of_line(pkg, lang),
        ids=record_ids(pkg),
        sources=_rows(sources),
        events=chronology.chronology(pkg, lang),
        register=register.register(pkg, lang),
        actors=directory.directory(pkg),
        variants=_variants(pkg) if has_log else [],
        discrepancies=sorted(_rows(t["discrepancies"]), key=lambda r: r["discrepancy_id"]) if has_log else [],
        discrepancy_records=_rows(t["discrepancy_records"]) if has_log and "discrepancy_records" in t else [],
        publishers=dict(zip(sources["source_id"], sources["publisher"].astype(str))),
        questions=sorted(_rows(t["open_questions"]), key=lambda r: r["question_id"]) if "open_questions" in t else [],
        counts=_counts(pkg),
    )
