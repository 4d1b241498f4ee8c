"""What the report's record sections share: what backs each record.

Pure functions of the package: each anchored table's ids, the sources citing each record by
stance, each record's evidence in words, and the discrepancies that concern it. Where each
entry is lives in entries.py; the sections themselves in chronology.py, register.py and
directory.py.
"""

from __future__ import annotations

from collections import defaultdict

from partnership.analysis.evidence import grade_reason, record_evidence, side_label
from partnership.data.load import EvidencePackage
from partnership.publish.entries import ANCHORED, STANCES


def record_ids(pkg: EvidencePackage) -> dict[str, list[str]]:
    """Each anchored table's ids in table order (for the tables the package has)."""
    return {table: list(pkg.tables[table][key]) for table, (key, _) in ANCHORED.items() if table in pkg.tables}


def citing_sources(pkg: EvidencePackage, record_table: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """record id -> stance -> the sources citing it with that stance, sorted."""
    cit = pkg["citations"]
    cit = cit[cit["record_table"].astype(object) == record_table]
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: {s: [] for s in STANCES})
    for rid, sid, stance in zip(cit["record_id"], cit["source_id"], cit["stance"].astype(object)):
        out[rid][stance].append(sid)
    return {rid: {s: tuple(sorted(set(ids))) for s, ids in by.items()} for rid, by in out.items()}


def evidence_words(pkg: EvidencePackage, record_table: str) -> dict[str, dict]:
    """record id -> its grade, the rule that gave it, its independent origins and its sides."""
    ev = record_evidence(pkg, record_table)
    return {
        rid: {
            "grade": str(r.grade),
            "grade_text": grade_reason(r.n_origins, r.official, r.all_low, r.contested, r.unverified),
            "n_origins": int(r.n_origins),
            "both_sides": bool(r.both_sides),
            "sides": side_label(r.italian_side, r.chinese_side),
        }
        for rid, r in zip(ev.index, ev.itertuples())
    }


def discrepancies_of(pkg: EvidencePackage) -> dict[tuple[str, str], list[str]]:
    """(record table, record id) -> the discrepancies that concern it, sorted."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    if "discrepancy_records" in pkg.tables:
        recs = pkg["discrepancy_records"]
        for did, table, rid in zip(recs["discrepancy_id"], recs["record_table"].astype(object), recs["record_id"]):
            out[table, rid].add(did)
    if "discrepancies" in pkg.tables:
        q = pkg["quantities"]
        for qid, did in zip(q["quantity_id"], q["discrepancy_id"]):
            if isinstance(did, str):
                out["quantities", qid].add(did)
    return {k: sorted(v) for k, v in out.items()}
