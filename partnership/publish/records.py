"""What the report's record sections share: where each record's entry is, and what backs it.

Pure functions of the package: the anchors of every entry (so text can link an id), the
sources citing each record by stance, each record's evidence in words, and the discrepancies
that concern it. The sections themselves are in chronology.py, register.py and directory.py.
"""

from __future__ import annotations

from collections import defaultdict

from partnership.analysis.evidence import grade_reason, record_evidence, side_label
from partnership.data.load import EvidencePackage

# Record table -> (id column, prefix of its entry's element id). Ids of events, figures and
# questions are their own anchors (id="T35"): they open with a capital, no section id does.
ANCHORED = {
    "events": ("event_id", ""),
    "quantities": ("quantity_id", ""),
    "open_questions": ("question_id", ""),
    "discrepancies": ("discrepancy_id", "disc-"),
    "sources": ("source_id", "src-"),
}
STANCES = ("supports", "contradicts", "mentions")


def actor_anchor(actor_id: str) -> str:
    """Actor ids are lower case like the report's own section ids, hence a prefix."""
    return f"actor-{actor_id}"


def record_anchors(pkg: EvidencePackage) -> tuple[dict[str, str], list[str]]:
    """(every id text may name -> the element id of its entry, ids that two tables share)."""
    anchors: dict[str, str] = {}
    shared = []
    for table, (key, prefix) in ANCHORED.items():
        for ident in pkg.tables[table][key] if table in pkg.tables else []:
            if ident in anchors:
                shared.append(ident)
            anchors[ident] = prefix + ident
    return anchors, sorted(set(shared))


def entry_anchor(record_table: str, record_id: str) -> str | None:
    """The element id of a record's entry, by its table (None for a table without entries)."""
    if record_table == "actors":
        return actor_anchor(record_id)
    return ANCHORED[record_table][1] + record_id if record_table in ANCHORED else None


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
