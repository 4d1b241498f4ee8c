"""What changed between two releases of a data package: records, then what a reader sees.

Records are compared as the CSV text holds them (so a change of spelling is a change), table by
table, by each table's primary key: added, removed, and each changed field with its old and new
value. Then the derived changes a reader cares about: each claim's grade, its number of
independent origins, its both-sides confirmation, and each discrepancy's status.

Every change is one `Change` row, so the same comparison gives the text summary, CSV and JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from partnership.analysis.evidence import claims
from partnership.data.load import DataPackageError, EvidencePackage, load_package

# the derived fields compared, with the words a reader sees
DERIVED = {"grade": "grade", "n_origins": "independent origins", "both_sides": "confirmed by both sides"}


@dataclass(frozen=True)
class Change:
    """One difference: section "package", "record" or "derived"; key "" for a whole table."""

    section: str
    table: str
    key: str
    change: str  # added | removed | changed
    field: str = ""
    old: str = ""
    new: str = ""


@dataclass
class Release:
    """One side of a comparison: where it came from, its metadata, its tables as text."""

    label: str
    version: str
    last_updated: str
    keys: dict[str, list[str]]
    tables: dict[str, list[dict[str, str]]]
    package: EvidencePackage | None = None
    problem: str = ""


@dataclass
class Diff:
    old: Release
    new: Release
    changes: list[Change] = field(default_factory=list)

    def of(self, section: str) -> list[Change]:
        return [c for c in self.changes if c.section == section]


def read_release(folder: Path, label: str) -> Release:
    """A data folder's tables as text, and its typed package when it validates."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    keys, tables = {}, {}
    for resource in descriptor["resources"]:
        pk = resource["schema"].get("primaryKey", [])
        keys[resource["name"]] = [pk] if isinstance(pk, str) else list(pk)
        text = (folder / resource["path"]).read_text(encoding="utf-8-sig")
        tables[resource["name"]] = list(csv.DictReader(io.StringIO(text, newline="")))
    release = Release(label, str(descriptor.get("version", "")), str(descriptor.get("last_updated", "")), keys, tables)
    try:
        release.package = load_package(folder)
    except DataPackageError as exc:
        release.problem = str(exc.problems[0])
    return release


def compare(old: Release, new: Release) -> Diff:
    """Every change from `old` to `new`: package metadata, records, derived values."""
    diff = Diff(old, new)
    for name, value_old, value_new in (
        ("version", old.version, new.version),
        ("last_updated", old.last_updated, new.last_updated),
    ):
        if value_old != value_new:
            diff.changes.append(Change("package", "datapackage.json", "", "changed", name, value_old, value_new))
    for table in sorted(set(old.tables) | set(new.tables)):
        diff.changes += _table_changes(table, old, new)
    if old.package is not None and new.package is not None:
        diff.changes += _derived_changes(old.package, new.package)
    return diff


def _table_changes(table: str, old: Release, new: Release) -> list[Change]:
    if table not in old.tables or table not in new.tables:
        return [Change("package", table, "", "added" if table in new.tables else "removed")]
    key = new.keys[table]
    before = {_key(row, key): row for row in old.tables[table]}
    after = {_key(row, key): row for row in new.tables[table]}
    changes = [Change("record", table, k, "removed") for k in before if k not in after]
    changes += [Change("record", table, k, "added") for k in after if k not in before]
    for k in before.keys() & after.keys():
        a, b = before[k], after[k]
        for col in list(dict.fromkeys([*a, *b])):
            if a.get(col) != b.get(col):
                changes.append(Change("record", table, k, "changed", col, a.get(col) or "", b.get(col) or ""))
    return sorted(changes, key=lambda c: (c.change != "added", c.change != "removed", c.key, c.field))


def _key(row: dict[str, str], key: list[str]) -> str:
    return " / ".join(row.get(k, "") for k in key)


def _derived_changes(old: EvidencePackage, new: EvidencePackage) -> list[Change]:
    changes = []
    before, after = _derived(old), _derived(new)
    for table, record in sorted(before.index.union(after.index)):
        for col, words in DERIVED.items():
            a = _cell(before, (table, record), col)
            b = _cell(after, (table, record), col)
            if a != b:
                changes.append(Change("derived", table, record, "changed", words, a, b))
    status_old = _statuses(old)
    status_new = _statuses(new)
    for d in sorted(status_old.keys() | status_new.keys()):
        if status_old.get(d, "") != status_new.get(d, ""):
            changes.append(
                Change("derived", "discrepancies", d, "changed", "status", status_old.get(d, ""), status_new.get(d, ""))
            )
    return changes


def _derived(pkg: EvidencePackage) -> pd.DataFrame:
    return claims(pkg).set_index(["record_table", "record_id"])


def _cell(frame: pd.DataFrame, index: tuple[str, str], col: str) -> str:
    if index not in frame.index:
        return ""
    value = frame.at[index, col]
    return ("yes" if value else "no") if col == "both_sides" else str(value)


def _statuses(pkg: EvidencePackage) -> dict[str, str]:
    d = pkg["discrepancies"]
    return dict(zip(d["discrepancy_id"].astype(str), d["status"].astype(str)))


# --- output -------------------------------------------------------------------------------------


def summary_lines(diff: Diff) -> list[str]:
    """Counts per table and per derived value: the few lines a changelog entry quotes."""
    lines = []
    counts = Counter((c.table, c.change) for c in diff.of("record"))
    changed_records = Counter(
        c.table for c in {(c.table, c.key): c for c in diff.of("record") if c.change == "changed"}.values()
    )
    for table in sorted({t for t, _ in counts}):
        parts = [
            f"{counts[(table, 'added')]} added",
            f"{counts[(table, 'removed')]} removed",
            f"{changed_records[table]} changed",
        ]
        lines.append(f"{table}: " + ", ".join(parts))
    derived = Counter(c.field for c in diff.of("derived"))
    for words in [*DERIVED.values(), "status"]:
        if derived[words]:
            what = "discrepancy statuses" if words == "status" else words
            lines.append(f"{what}: {derived[words]} changed")
    return lines or ["no change"]


def as_text(diff: Diff) -> str:
    """A short reading: the package line, each table's changes, then what changes for a reader."""
    out = [
        f"{diff.old.label} (version {diff.old.version}, {diff.old.last_updated}) -> "
        f"{diff.new.label} (version {diff.new.version}, {diff.new.last_updated})"
    ]
    for c in diff.of("package"):
        out.append(f"  {c.table}: {c.field + ': ' if c.field else ''}{_arrow(c)}")
    records = diff.of("record")
    out.append("")
    out.append("Records" + ("" if records else ": no change"))
    for table in sorted({c.table for c in records}):
        rows = [c for c in records if c.table == table]
        out.append(f"  {table}")
        out += [f"    {_record_line(c)}" for c in rows]
    out.append("")
    if diff.old.package is None or diff.new.package is None:
        problem = diff.old.problem or diff.new.problem
        out.append(f"What a reader sees: not computed (a side does not validate: {problem})")
    else:
        derived = diff.of("derived")
        out.append("What a reader sees" + ("" if derived else ": no change"))
        for c in derived:
            out.append(f"  {c.table} {c.key}: {c.field} {_arrow(c)}")
    out.append("")
    out.append("Summary: " + "; ".join(summary_lines(diff)))
    return "\n".join(out) + "\n"


def _record_line(c: Change) -> str:
    mark = {"added": "+", "removed": "-", "changed": "~"}[c.change]
    return f"{mark} {c.key}" + (f"  {c.field}: {_arrow(c)}" if c.change == "changed" else "")


def _arrow(c: Change) -> str:
    if c.change != "changed":
        return c.change
    return f"{c.old or '(empty)'!s} -> {c.new or '(empty)'!s}"


def as_csv(diff: Diff) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(Change.__dataclass_fields__), lineterminator="\n")
    writer.writeheader()
    writer.writerows(asdict(c) for c in diff.changes)
    return buf.getvalue()


def as_json(diff: Diff) -> str:
    sides = {
        side: {"label": r.label, "version": r.version, "last_updated": r.last_updated}
        for side, r in (("old", diff.old), ("new", diff.new))
    }
    body = {**sides, "summary": summary_lines(diff), "changes": [asdict(c) for c in diff.changes]}
    return json.dumps(body, indent=1, ensure_ascii=False) + "\n"


FORMATS = {"text": as_text, "csv": as_csv, "json": as_json}
