"""How well each record is supported: independent origins, both-sides confirmation, a grade.

The rubric (also in METHODOLOGY.md):
  D  unverified (rests on memory, not a source), or every origin is low-reliability
  A  two or more independent origins, at least one of them official
  B  two or more independent origins
  C  one origin
  A contested record (a source contradicts it, the curator marked it uncertain, or it is a
  figure in an open discrepancy) drops one grade (A->B, B->C, C->D).
"""

from __future__ import annotations

import pandas as pd

from partnership.data.load import EvidencePackage
from partnership.i18n import N_

GRADES = ["A", "B", "C", "D"]
OFFICIAL_KINDS = {"official", "press_release"}
GRADE_DTYPE = pd.CategoricalDtype(GRADES, ordered=True)


def source_origins(sources: pd.DataFrame) -> pd.Series:
    """Map each source_id to its origin: follow syndicated_from until an original is reached."""
    parent = dict(zip(sources["source_id"], sources["syndicated_from"]))
    origins = {}
    for sid in sources["source_id"]:
        seen, cur = {sid}, sid
        while isinstance(parent.get(cur), str) and parent[cur] in parent and parent[cur] not in seen:
            cur = parent[cur]
            seen.add(cur)
        origins[sid] = cur
    return pd.Series(origins, name="origin_id").rename_axis("source_id")


BASE_RULES = {
    "A": N_("two or more independent origins, at least one of them official"),
    "B": N_("two or more independent origins, none official"),
    "C": N_("a single origin"),
}
SIDES = (N_("both sides"), N_("Italian side only"), N_("Chinese side only"), N_("neither side"))
# grade_reason's other words; the report translates a reason part by part ("; " between parts)
UNVERIFIED, UNSUPPORTED, ALL_LOW, CONTESTED = (
    N_("unverified: rests on memory, not on a source seen"),
    N_("no supporting source"),
    N_("every origin is of low reliability"),
    N_("contested, so one grade lower"),
)


def _base(n_origins: int, official: bool) -> str:
    return "A" if n_origins >= 2 and official else "B" if n_origins >= 2 else "C"


def grade(n_origins: int, official: bool, all_low: bool, contested: bool, unverified: bool = False) -> str:
    """The rubric above, as one pure function."""
    if unverified or all_low or n_origins == 0:
        return "D"
    base = _base(n_origins, official)
    return GRADES[min(GRADES.index(base) + 1, 3)] if contested else base


def grade_reason(n_origins: int, official: bool, all_low: bool, contested: bool, unverified: bool = False) -> str:
    """Why `grade` gave what it gave, in the rubric's words (a reader sees the rule, not a letter)."""
    if unverified:
        return UNVERIFIED
    if n_origins == 0:
        return UNSUPPORTED
    if all_low:
        return ALL_LOW
    rule = BASE_RULES[_base(n_origins, official)]
    return f"{rule}; {CONTESTED}" if contested else rule


def side_label(italian: bool, chinese: bool) -> str:
    """Which sides a record's supporting origins come from, in words (one of SIDES)."""
    return SIDES[0] if italian and chinese else SIDES[1] if italian else SIDES[2] if chinese else SIDES[3]


def record_evidence(pkg: EvidencePackage, record_table: str) -> pd.DataFrame:
    """One row per record of `record_table` (events or quantities) with its support and grade."""
    key = {"events": "event_id", "quantities": "quantity_id", "actors": "actor_id"}[record_table]
    records = pkg[record_table]
    sources = pkg["sources"].set_index("source_id")
    origins = source_origins(pkg["sources"])
    cit = pkg["citations"]
    cit = cit[cit["record_table"].astype(object) == record_table]
    sup = cit[cit["stance"].astype(object) == "supports"].copy()
    sup["origin_id"] = sup["source_id"].map(origins)
    sup["origin_kind"] = sup["origin_id"].map(sources["kind"].astype(object))
    sup["origin_side"] = sup["origin_id"].map(sources["side"].astype(object))
    sup["origin_low"] = sup["origin_id"].map(sources["reliability"].astype(object)) == "low"
    per = sup.groupby("record_id").agg(
        n_sources=("source_id", "nunique"),
        n_origins=("origin_id", "nunique"),
        origins=("origin_id", lambda s: " ".join(sorted(set(s)))),
        official=("origin_kind", lambda s: bool(set(s) & OFFICIAL_KINDS)),
        italian_side=("origin_side", lambda s: "italian" in set(s)),
        chinese_side=("origin_side", lambda s: "chinese" in set(s)),
        all_low=("origin_low", "all"),
    )
    against = cit[cit["stance"].astype(object) == "contradicts"].groupby("record_id").size()
    out = pd.DataFrame(index=pd.Index(records[key], name="record_id")).join(per)
    out["n_sources"] = out["n_sources"].fillna(0).astype(int)
    out["n_origins"] = out["n_origins"].fillna(0).astype(int)
    out["origins"] = out["origins"].fillna("")
    for col in ("official", "italian_side", "chinese_side"):
        out[col] = out[col].astype("boolean").fillna(False).astype(bool)
    out["all_low"] = out["all_low"].astype("boolean").fillna(False).astype(bool)
    out["both_sides"] = out["italian_side"] & out["chinese_side"]
    out["n_contradicting"] = against.reindex(out.index).fillna(0).astype(int).to_numpy()
    contested = out["n_contradicting"] > 0
    unverified = pd.Series(False, index=out.index)
    if "certainty" in records:
        certainty = records.set_index(key)["certainty"].astype(object).reindex(out.index)
        contested |= certainty == "uncertain"
        unverified = certainty == "unverified"
    if "discrepancy_id" in records and "discrepancies" in pkg.tables:
        status = pkg["discrepancies"].set_index("discrepancy_id")["status"].astype(object)
        open_ids = set(status[status == "open"].index)
        contested |= records.set_index(key)["discrepancy_id"].reindex(out.index).isin(open_ids)
    out["contested"] = contested.astype(bool)
    out["unverified"] = unverified.astype(bool)
    out["grade"] = pd.Series(
        [
            grade(n, o, low, c, u)
            for n, o, low, c, u in zip(
                out["n_origins"], out["official"], out["all_low"], out["contested"], out["unverified"]
            )
        ],
        index=out.index,
        dtype=GRADE_DTYPE,
    )
    return out


def claims(pkg: EvidencePackage) -> pd.DataFrame:
    """Events and quantities in one table of graded claims (what the report calls a claim)."""
    frames = []
    for table in ("events", "quantities"):
        ev = record_evidence(pkg, table).reset_index()
        ev.insert(0, "record_table", table)
        frames.append(ev)
    out = pd.concat(frames, ignore_index=True)
    out["grade"] = out["grade"].astype(GRADE_DTYPE)
    return out
