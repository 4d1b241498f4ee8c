"""One validator for the data package: schema checks plus the evidence rules.

The schema (types, required, unique, enum, pattern, keys) is read from datapackage.json, whose
own structure is checked with the `frictionless` library. The rows are checked here, column by
column with pandas, rather than row by row with frictionless: the same checks, about two orders
of magnitude faster on a large package (see `make bench`). `frictionless validate` stays a
cross-check in the tests.

Every problem is reported as `file:row:column: message`. Row 1 is the header row, so the first
data row is row 2; row 0 means the file as a whole; column `-` means no single column.
"""
from __future__ import annotations

import csv
import hashlib
import os
import gc
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

DESCRIPTOR = "datapackage.json"
# The build validates the descriptor once (the frictionless metadata check costs ~1 s, mostly
# imports) and passes its fingerprint to the notebook kernels, which then skip that one check.
DESCRIPTOR_VALIDATED_ENV = "PARTNERSHIP_DESCRIPTOR_VALIDATED"
MAX_PER_CHECK = 20  # problems listed per file, column and check before summarising the rest
TRUE_VALUES = {"true", "True", "TRUE", "1"}
FALSE_VALUES = {"false", "False", "FALSE", "0"}
RECORD_KEYS = {"events": "event_id", "actors": "actor_id", "quantities": "quantity_id"}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as the check allows."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


@dataclass
class Inspection:
    """What reading and checking a package gave: its descriptor, typed tables and problems."""

    descriptor: dict | None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def validate_package(data_dir: str | Path) -> list[Problem]:
    """All problems in the package at data_dir, sorted; an empty list means it is valid."""
    return inspect_package(data_dir).problems


def inspect_package(data_dir: str | Path) -> Inspection:
    """Read, type and check every table; never raises for bad data."""
    # Parsing makes millions of small lists and strings, none of them in reference cycles: with
    # the cyclic garbage collector on, its full passes make large packages about 1.5x slower.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _inspect(Path(data_dir))
    finally:
        if was_enabled:
            gc.enable()


def _inspect(data_dir: Path) -> Inspection:
    descriptor, problems = _read_descriptor(data_dir)
    result = Inspection(descriptor, problems=problems)
    if descriptor is None:
        return result
    for resource in descriptor["resources"]:
        table, table_problems = _read_resource(data_dir, resource)
        result.problems += table_problems
        if table is not None:
            result.tables[resource["name"]] = table
    result.problems += _check_keys(descriptor, result.tables)
    result.problems += _check_rules(result.tables)
    result.problems.sort()
    return result


# --- descriptor -------------------------------------------------------------------------------


def _read_descriptor(data_dir: Path) -> tuple[dict | None, list[Problem]]:
    path = data_dir / DESCRIPTOR
    if not data_dir.is_dir():
        return None, [Problem(str(data_dir), 0, "-", "data directory not found")]
    if not path.is_file():
        return None, [Problem(DESCRIPTOR, 0, "-", "file not found")]
    raw = path.read_bytes()
    try:
        descriptor = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return None, [Problem(DESCRIPTOR, 0, "-", f"not valid UTF-8 ({exc.reason})")]
    except json.JSONDecodeError as exc:
        return None, [Problem(DESCRIPTOR, exc.lineno, "-", f"invalid JSON: {exc.msg}")]
    if os.environ.get(DESCRIPTOR_VALIDATED_ENV) == descriptor_fingerprint(raw):
        return descriptor, []  # the build already checked these exact bytes with frictionless
    problems = _descriptor_problems(descriptor)
    return (None if problems else descriptor), problems


def descriptor_fingerprint(raw: bytes) -> str:
    """Content hash of a descriptor; see DESCRIPTOR_VALIDATED_ENV."""
    return hashlib.sha256(raw).hexdigest()


def _descriptor_problems(descriptor: object) -> list[Problem]:
    from frictionless import FrictionlessException, Package  # slow import: only when validating

    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return [Problem(DESCRIPTOR, 0, "-", "not a data package: no list of resources")]
    try:
        errors = list(Package.metadata_validate(descriptor))
    except FrictionlessException as exc:
        return [Problem(DESCRIPTOR, 0, "-", exc.error.message)]
    problems = [Problem(DESCRIPTOR, 0, "-", e.message) for e in errors]
    for i, res in enumerate(descriptor["resources"]):
        if not isinstance(res.get("schema"), dict) or not isinstance(res.get("path"), str):
            problems.append(Problem(DESCRIPTOR, 0, "-", f"resource {i} needs a path and an inline schema"))
    return problems


# --- one table --------------------------------------------------------------------------------


def _read_resource(data_dir: Path, resource: dict) -> tuple[pd.DataFrame | None, list[Problem]]:
    name = resource["path"]
    fields = resource["schema"]["fields"]
    path = data_dir / name
    if not path.is_file():
        return None, [Problem(name, 0, "-", "file not found")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, "-", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})")]
    try:
        rows = list(csv.reader(text.splitlines(keepends=True), strict=True))
    except csv.Error as exc:
        return None, [Problem(name, 0, "-", f"malformed CSV: {exc}")]
    if not rows:
        return None, [Problem(name, 1, "-", "empty file: no header row")]
    header, body = rows[0], rows[1:]
    expected = [f["name"] for f in fields]
    if header != expected:
        return None, _header_problems(name, header, expected)
    if set(map(len, body)) - {len(expected)}:  # only then look for the rows (the common case is fast)
        return None, [
            Problem(name, i + 2, "-", f"row has {len(r)} fields, header has {len(expected)}" if r else "blank row")
            for i, r in enumerate(body)
            if len(r) != len(expected)
        ]
    problems = []
    frame = pd.DataFrame(body, columns=expected, dtype=object)
    typed = {}
    for spec in fields:
        typed[spec["name"]], col_problems = _check_column(name, frame[spec["name"]], spec)
        problems += col_problems
    return pd.DataFrame(typed, index=frame.index), problems


def _header_problems(name: str, header: list[str], expected: list[str]) -> list[Problem]:
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    problems = [Problem(name, 1, c, "required column is missing") for c in missing]
    problems += [Problem(name, 1, c or "-", "column not in the schema") for c in extra]
    if not problems:
        problems.append(Problem(name, 1, "-", f"columns out of order; expected {', '.join(expected)}"))
    return problems


def _rows(mask: pd.Series) -> list[int]:
    return [int(i) + 2 for i in mask[mask].index]


def _report(name: str, column: str, rows: list[int], message) -> list[Problem]:
    """Problems for the first rows of one check, then one line counting the rest."""
    problems = [Problem(name, r, column, message(r) if callable(message) else message) for r in rows[:MAX_PER_CHECK]]
    if len(rows) > MAX_PER_CHECK:
        rest = len(rows) - MAX_PER_CHECK
        problems.append(Problem(name, rows[MAX_PER_CHECK], column, f"... and {rest} more rows with the same problem"))
    return problems


def _check_column(name: str, raw: pd.Series, spec: dict) -> tuple[pd.Series, list[Problem]]:
    col, kind = spec["name"], spec.get("type", "string")
    cons = spec.get("constraints", {})
    empty = raw == ""
    problems = _report(name, col, _rows(empty), "required value is empty") if cons.get("required") else []
    present = ~empty
    if kind == "date":
        typed = pd.to_datetime(raw.where(present), format="%Y-%m-%d", errors="coerce")
        bad = present & typed.isna()
        problems += _report(name, col, _rows(bad), lambda r: f"not a valid date (YYYY-MM-DD): {raw[r - 2]!r}")
    elif kind in ("number", "integer"):
        typed = pd.to_numeric(raw.where(present), errors="coerce")
        bad = present & (typed.isna() | typed.isin([math.inf, -math.inf]))
        if kind == "integer":
            bad |= present & ~raw.str.fullmatch(r"[+-]?\d+").fillna(False).astype(bool)
            typed = typed.where(~bad).astype("Int64")
        else:
            typed = typed.astype("float64")
        problems += _report(name, col, _rows(bad), lambda r: f"not a valid {kind}: {raw[r - 2]!r}")
        for bound, op in (("minimum", typed.lt), ("maximum", typed.gt)):
            if bound in cons:
                out = op(cons[bound]).fillna(False).astype(bool)
                problems += _report(name, col, _rows(out), f"below the {bound} {cons[bound]}" if bound == "minimum" else f"above the {bound} {cons[bound]}")
    elif kind == "boolean":
        typed = raw.map(lambda v: True if v in TRUE_VALUES else False if v in FALSE_VALUES else None)
        bad = present & typed.isna()
        problems += _report(name, col, _rows(bad), lambda r: f"not a boolean (true/false): {raw[r - 2]!r}")
        typed = typed.astype("boolean")
    else:
        typed = raw.where(present)
        if "pattern" in cons:
            bad = present & ~raw.str.fullmatch(cons["pattern"]).astype(bool)
            problems += _report(name, col, _rows(bad), lambda r: f"{raw[r - 2]!r} does not match the pattern {cons['pattern']}")
        if "enum" in cons:
            bad = present & ~raw.isin(cons["enum"])
            allowed = ", ".join(cons["enum"])
            problems += _report(name, col, _rows(bad), lambda r: f"{raw[r - 2]!r} is not one of: {allowed}")
            typed = pd.Categorical(typed.where(~bad), categories=cons["enum"])
            typed = pd.Series(typed, index=raw.index, name=col)
    if cons.get("unique"):
        dup = present & raw.duplicated(keep="first")
        problems += _report(name, col, _rows(dup), lambda r: f"duplicate value {raw[r - 2]!r}")
    return typed, problems


# --- keys -------------------------------------------------------------------------------------


def _check_keys(descriptor: dict, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    problems: list[Problem] = []
    for res in descriptor["resources"]:
        table = tables.get(res["name"])
        if table is None:
            continue
        schema, name = res["schema"], res["path"]
        pk = schema.get("primaryKey") or []
        pk = [pk] if isinstance(pk, str) else pk
        if len(pk) > 1:
            dup = table.duplicated(pk, keep="first") & table[pk].notna().all(axis=1)
            problems += _report(name, "+".join(pk), _rows(dup), "duplicate primary key")
        for fk in schema.get("foreignKeys", []):
            target = tables.get(fk["reference"]["resource"] or res["name"])
            if target is None:
                continue
            (src_col,), (dst_col,) = fk["fields"], fk["reference"]["fields"]
            values = table[src_col].astype(object)
            bad = values.notna() & ~values.isin(set(target[dst_col].dropna().astype(object)))
            ref = f"{fk['reference']['resource'] or res['name']}.{dst_col}"
            problems += _report(name, src_col, _rows(bad), lambda r: f"{values[r - 2]!r} not found in {ref}")
    return problems


# --- evidence rules beyond the schema ---------------------------------------------------------


def _check_rules(t: dict[str, pd.DataFrame]) -> list[Problem]:
    problems: list[Problem] = []
    if "events" in t:
        problems += _event_dates(t["events"])
    if "quantities" in t:
        problems += _quantity_units(t["quantities"])
    if "sources" in t:
        problems += _syndication_cycles(t["sources"])
    problems += _record_references(t)
    problems += _uncited_records(t)
    if {"discrepancies", "discrepancy_variants"} <= t.keys():
        have = set(t["discrepancy_variants"]["discrepancy_id"].dropna())
        lonely = ~t["discrepancies"]["discrepancy_id"].isin(have)
        problems += _report("discrepancies.csv", "discrepancy_id", _rows(lonely), "discrepancy has no variant with a source")
    return problems


def _event_dates(ev: pd.DataFrame) -> list[Problem]:
    name, start, end, prec = "events.csv", ev["date_start"], ev["date_end"], ev["date_precision"].astype(object)
    both = start.notna() & end.notna()
    problems = _report(name, "date_end", _rows(both & (end < start)), "date_end is before date_start")
    rules = {
        "day": (end == start, "day precision needs date_end equal to date_start"),
        "month": (
            (start.dt.day == 1) & (end == start + pd.offsets.MonthEnd(0)),
            "month precision needs date_start on the 1st and date_end on the last day of that month",
        ),
        "year": (
            (start.dt.day_of_year == 1) & (end.dt.month == 12) & (end.dt.day == 31) & (end.dt.year == start.dt.year),
            "year precision needs date_start on 1 January and date_end on 31 December of that year",
        ),
        "range": (end > start, "range precision needs a date_end after date_start"),
    }
    for level, (ok, message) in rules.items():
        bad = (prec == level) & start.notna() & ~ok.fillna(False).astype(bool)
        problems += _report(name, "date_precision", _rows(bad), message)
    return problems


def _quantity_units(q: pd.DataFrame) -> list[Problem]:
    name = "quantities.csv"
    money = q["unit"].astype(object) == "money"
    has_currency = q["currency"].notna()
    problems = _report(name, "currency", _rows(money & ~has_currency), "a money figure needs a currency")
    problems += _report(name, "currency", _rows(~money & has_currency & q["unit"].notna()), "currency given for a figure whose unit is not money")
    inverted = q["value_high"].notna() & q["value"].notna() & (q["value_high"] < q["value"])
    problems += _report(name, "value_high", _rows(inverted), "value_high is below value")
    half = q["as_of"].notna() != q["as_of_precision"].notna()
    problems += _report(name, "as_of_precision", _rows(half), "as_of and as_of_precision must be given together")
    return problems


def _syndication_cycles(src: pd.DataFrame) -> list[Problem]:
    parent = dict(zip(src["source_id"], src["syndicated_from"]))
    bad_rows = []
    for i, sid in src["source_id"].items():
        seen, cur = {sid}, parent.get(sid)
        while isinstance(cur, str) and cur in parent:
            if cur in seen:
                bad_rows.append(int(i) + 2)
                break
            seen.add(cur)
            cur = parent[cur]
    return _report("sources.csv", "syndicated_from", bad_rows, "syndicated_from leads back to this source (a reprint cycle)")


def _record_references(t: dict[str, pd.DataFrame]) -> list[Problem]:
    problems: list[Problem] = []
    ids = {table: set(t[table][key].dropna()) for table, key in RECORD_KEYS.items() if table in t}
    for table_name in ("citations", "quantities", "discrepancy_records"):
        if table_name not in t:
            continue
        df = t[table_name]
        exists = pd.Series(True, index=df.index)
        for target, known in ids.items():
            in_target = df["record_table"].astype(object) == target
            exists &= ~in_target | df["record_id"].isin(known)
        missing = ~exists & df["record_id"].notna()
        problems += _report(
            f"{table_name}.csv", "record_id", _rows(missing),
            lambda r, df=df: f"{df['record_id'][r - 2]!r} not found in {df['record_table'][r - 2]}",
        )
    return problems


def _uncited_records(t: dict[str, pd.DataFrame]) -> list[Problem]:
    if "citations" not in t:
        return []
    cit = t["citations"]
    supported = cit[cit["stance"].astype(object) == "supports"]
    problems: list[Problem] = []
    for table, key in RECORD_KEYS.items():
        if table not in t:
            continue
        cited = set(supported.loc[supported["record_table"].astype(object) == table, "record_id"])
        bad = t[table][key].notna() & ~t[table][key].isin(cited)
        problems += _report(f"{table}.csv", key, _rows(bad), "record has no supporting citation")
    if {"events", "event_actors"} <= t.keys():
        bad = ~t["events"]["event_id"].isin(set(t["event_actors"]["event_id"].dropna()))
        problems += _report("events.csv", "event_id", _rows(bad & t["events"]["event_id"].notna()), "event has no actor")
    return problems
