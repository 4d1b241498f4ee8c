"""Where each record's entry is on the report's pages, and how its citations are grouped.

Plain values only (no pandas), so that the report can be rendered again from data gathered
by an earlier build (report_data.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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


def record_anchors(ids: Mapping[str, Sequence[str]]) -> tuple[dict[str, str], list[str]]:
    """(every id text may name -> the element id of its entry, ids that two tables share), from
    each anchored table's ids (`ids`: table -> its ids, for the tables the package has)."""
    anchors: dict[str, str] = {}
    shared = []
    for table, (_, prefix) in ANCHORED.items():
        for ident in ids.get(table, ()):
            if ident in anchors:
                shared.append(ident)
            anchors[ident] = prefix + ident
    return anchors, sorted(set(shared))


def entry_anchor(record_table: str, record_id: str) -> str | None:
    """The element id of a record's entry, by its table (None for a table without entries)."""
    if record_table == "actors":
        return actor_anchor(record_id)
    return ANCHORED[record_table][1] + record_id if record_table in ANCHORED else None
