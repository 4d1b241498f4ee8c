"""One validator for the data package: schema checks plus the evidence rules.

The schema (types, required, unique, enum, pattern, keys) is read from datapackage.json, whose
own structure is checked with the `frictionless` library. The rows are checked here, column by
column with pandas, rather than row by row with frictionless: the same checks, about two orders
of magnitude faster on a large package (see `make bench`). `frictionless validate` stays a
cross-check in the tests. A file is read with pandas' C parser when a numpy pass over its bytes
shows it is plainly well formed, else with the csv module, whose errors the messages quote.

Every problem is reported as `file:row:column: message`. Row 1 is the header row, so the first
data row is row 2; row 0 means the file as a whole; column `-` means no single column.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
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
    expected = [f["name"] for f in fields]
    frame = _fast_frame(raw, expected)
    if frame is None:
        frame, problems = _careful_frame(name, raw, expected)
        if frame is None:
            return None, problems
    problems = []
    typed = {}
    for spec in fields:
        typed[spec["name"]], col_problems = _check_column(name, frame[spec["name"]], spec)
        problems += col_problems
    return pd.DataFrame(typed, index=frame.index), problems


def _fast_frame(raw: bytes, columns: list[str]) -> pd.DataFrame | None:
    """The table read by pandas' C parser (several times faster than the csv module), or None.

    None unless `_plain_csv` finds the file plainly well formed, so that both readers give the
    same strings; anything else goes to `_careful_frame`, whose messages say what is wrong.
    Columns are object dtype, "" for empty fields, as from the csv module.
    """
    rows = _plain_csv(raw, columns)
    if rows is None:
        return None
    try:
        frame = pd.read_csv(
            io.BytesIO(raw),
            header=0,
            names=columns,
            index_col=False,
            dtype=object,
            encoding="utf-8",
            keep_default_na=False,
            na_filter=False,
            engine="c",
        )
    except ValueError:  # includes UnicodeDecodeError and pandas' ParserError
        return None
    return frame if frame.shape == (rows, len(columns)) else None


# Characters that str.splitlines (and so the csv module) takes for line breaks but pandas does
# not, and NUL. Control characters are counted first; these UTF-8 sequences are looked for after
# a memchr for their first byte.
_ODD_CONTROLS = (b"\r", b"\x00", b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e")
_ODD_SEQUENCES = {b"\xc2": (b"\xc2\x85",), b"\xe2": (b"\xe2\x80\xa8", b"\xe2\x80\xa9")}
_COMMA, _NEWLINE, _QUOTE = ord(","), ord("\n"), ord('"')


def _plain_csv(raw: bytes, columns: list[str]) -> int | None:
    """The number of data rows if raw is plainly well formed, else None.

    Plainly well formed: the expected header, unquoted; a final newline and no other line break
    than newline; quotes only around whole fields; no blank row; exactly len(columns) fields in
    every row. Checked with numpy on the bytes, a few passes, reusing one scratch array (fresh
    arrays of this size cost more in page faults than the comparisons themselves).
    """
    n = len(columns)
    if not 2 <= n <= 256 or not raw.endswith(b"\n"):
        return None
    first = raw.index(b"\n")
    try:
        header = raw[:first].decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if '"' in header or header.split(",") != columns:
        return None
    if any(lead in raw and any(seq in raw for seq in seqs) for lead, seqs in _ODD_SEQUENCES.items()):
        return None
    data = np.frombuffer(raw, np.uint8)
    scratch = np.empty(len(data), dtype=bool)
    ends = np.flatnonzero(np.equal(data, _NEWLINE, out=scratch))  # row ends, once those in quotes are dropped
    if np.count_nonzero(np.less(data, 32, out=scratch)) > len(ends) and any(c in raw for c in _ODD_CONTROLS):
        return None
    quotes = np.flatnonzero(np.equal(data, _QUOTE, out=scratch)) if b'"' in raw else np.zeros(0, dtype=np.intp)
    is_comma = np.equal(data, _COMMA, out=scratch).view(np.uint8)
    quoted = np.zeros(len(ends), dtype=np.int64)  # commas inside quotes, per row
    if len(quotes):
        opens, closes = quotes[0::2], quotes[1::2]
        if len(opens) != len(closes):
            return None
        before, after = data[opens - 1], data[closes + 1]
        # A quote opens a field (after a comma or newline) or continues one (a doubled quote "").
        if not ((before == _COMMA) | (before == _NEWLINE) | np.r_[False, opens[1:] == closes[:-1] + 1]).all():
            return None
        if not ((after == _COMMA) | (after == _NEWLINE) | np.r_[closes[:-1] + 1 == opens[1:], False]).all():
            return None
        ends = ends[np.searchsorted(quotes, ends) % 2 == 0]  # an even number of quotes before it
        in_quotes = _quoted_commas(raw, is_comma, quotes)
        quoted = np.bincount(np.searchsorted(ends, opens), weights=in_quotes, minlength=len(ends)).astype(np.int64)
    # Separators per row, known modulo 256 only (a uint8 reduceat is ~20x faster than a wider
    # one): all equal to n - 1 modulo 256 and summing to exactly rows * (n - 1) means all n - 1.
    separators = np.add.reduceat(is_comma, np.r_[0, ends[:-1] + 1], dtype=np.uint8) - quoted
    if (separators % 256 != n - 1).any() or np.count_nonzero(is_comma) - quoted.sum() != len(ends) * (n - 1):
        return None  # a row with too few or too many fields (a blank row has none)
    return len(ends) - 1


def _quoted_commas(raw: bytes, is_comma: np.ndarray, quotes: np.ndarray) -> np.ndarray:
    """Exact number of commas between each opening quote and its closing quote."""
    counts = np.add.reduceat(is_comma, quotes, dtype=np.uint8)[0::2].astype(np.int64)  # modulo 256
    opens, closes = quotes[0::2], quotes[1::2]
    for i in np.flatnonzero(closes - opens > 255).tolist():  # the few long quoted fields
        counts[i] = raw.count(b",", int(opens[i]), int(closes[i]))
    return counts


def _careful_frame(name: str, raw: bytes, columns: list[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table read with the csv module, or the problems that make it unreadable."""
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
    if header != columns:
        return None, _header_problems(name, header, columns)
    if set(map(len, body)) - {len(columns)}:  # only then look for the rows (the common case is fast)
        return None, [
            Problem(name, i + 2, "-", f"row has {len(r)} fields, header has {len(columns)}" if r else "blank row")
            for i, r in enumerate(body)
            if len(r) != len(columns)
        ]
    return pd.DataFrame(body, columns=columns, dtype=object), []


def _header_problems(name: str, header: list[str], expected: list[str]) -> list[Problem]:
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    problems = [Problem(name, 1, c, "required column is missing") for c in missing]
    problems += [Problem(name, 1, c or "-", "column not in the schema") for c in extra]
    if not problems:
        problems.append(Problem(name, 1, "-", f"columns out of order; expected {', '.join(expected)}"))
    return problems


def _rows(mask: pd.Series) -> list[int]:
    """Row numbers where mask is true (every table has the default index 0, 1, 2, ...)."""
    return (np.flatnonzero(mask.to_numpy()) + 2).tolist()


def _report(name: str, column: str, rows: list[int], message) -> list[Problem]:
    """Problems for the first rows of one check, then one line counting the rest."""
    problems = [Problem(name, r, column, message(r) if callable(message) else message) for r in rows[:MAX_PER_CHECK]]
    if len(rows) > MAX_PER_CHECK:
        rest = len(rows) - MAX_PER_CHECK
        problems.append(Problem(name, rows[MAX_PER_CHECK], column, f"... and {rest} more rows with the same problem"))
    return problems


def _check_column(name: str, raw: pd.Series, spec: dict) -> tuple[pd.Series, list[Problem]]:
    """Type one column of strings and report the values its schema refuses; empty becomes NaN."""
    col, kind = spec["name"], spec.get("type", "string")
    cons = spec.get("constraints", {})
    strings = raw.to_numpy()
    empty = pd.Series(strings == "", index=raw.index)  # numpy compares objects ~5x faster than pandas
    problems = _report(name, col, _rows(empty), "required value is empty") if cons.get("required") else []
    present = ~empty
    values = (
        pd.Series(np.where(empty, np.nan, strings), index=raw.index, name=col, dtype=object) if empty.any() else raw
    )
    if kind == "date":
        typed = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
        bad = present & typed.isna()
        problems += _report(name, col, _rows(bad), lambda r: f"not a valid date (YYYY-MM-DD): {raw[r - 2]!r}")
    elif kind in ("number", "integer"):
        typed = pd.to_numeric(values, errors="coerce")
        bad = present & (typed.isna() | typed.isin([math.inf, -math.inf]))
        if kind == "integer":
            bad |= _mismatches(raw, present, r"[+-]?\d+", distinct=False)
            typed = typed.where(~bad).astype("Int64")
        else:
            typed = typed.astype("float64")
        problems += _report(name, col, _rows(bad), lambda r: f"not a valid {kind}: {raw[r - 2]!r}")
        for bound, op in (("minimum", typed.lt), ("maximum", typed.gt)):
            if bound in cons:
                out = op(cons[bound]).fillna(False).astype(bool)
                problems += _report(
                    name,
                    col,
                    _rows(out),
                    f"below the {bound} {cons[bound]}" if bound == "minimum" else f"above the {bound} {cons[bound]}",
                )
    elif kind == "boolean":
        typed = raw.map(dict.fromkeys(TRUE_VALUES, True) | dict.fromkeys(FALSE_VALUES, False))
        bad = present & typed.isna()
        problems += _report(name, col, _rows(bad), lambda r: f"not a boolean (true/false): {raw[r - 2]!r}")
        typed = typed.astype("boolean")
    else:
        typed = values
        if "pattern" in cons:
            bad = _mismatches(raw, present, cons["pattern"], distinct=bool(cons.get("unique")))
            problems += _report(
                name, col, _rows(bad), lambda r: f"{raw[r - 2]!r} does not match the pattern {cons['pattern']}"
            )
        if "enum" in cons:
            codes = pd.Index(cons["enum"]).get_indexer(values)  # -1 for empty and unknown values
            typed = pd.Series(pd.Categorical.from_codes(codes, categories=cons["enum"]), index=raw.index, name=col)
            bad = present & typed.isna()  # values outside the categories become NaN
            allowed = ", ".join(cons["enum"])
            problems += _report(name, col, _rows(bad), lambda r: f"{raw[r - 2]!r} is not one of: {allowed}")
    if cons.get("unique"):
        dup = present & raw.duplicated(keep="first")
        problems += _report(name, col, _rows(dup), lambda r: f"duplicate value {raw[r - 2]!r}")
    return typed, problems


def _mismatches(raw: pd.Series, present: pd.Series, pattern: str, distinct: bool) -> pd.Series:
    """Present values that `re.fullmatch` refuses (as `Series.str.fullmatch`, but a C-level loop).

    Values known to be distinct are matched one by one; other columns usually repeat a few
    values (codes, numbers), so each distinct value is matched once.
    """
    keep = present.to_numpy()
    values = raw.to_numpy()[keep]
    fullmatch = re.compile(pattern).fullmatch
    if distinct:
        ok = np.fromiter(map(fullmatch, values), dtype=bool, count=len(values))
    else:
        codes, uniques = pd.factorize(values)
        ok = np.fromiter(map(fullmatch, uniques), dtype=bool, count=len(uniques))[codes]
    bad = np.zeros(len(raw), dtype=bool)
    bad[keep] = ~ok
    return pd.Series(bad, index=raw.index)


# --- keys -------------------------------------------------------------------------------------


def _notna(column: pd.Series) -> pd.Series:
    """column.notna(), ~3x faster on the object columns of these tables, which hold only strings
    and NaN: NaN is the one value not equal to itself."""
    if column.dtype != object:
        return column.notna()
    values = column.to_numpy()
    return pd.Series(values == values, index=column.index)


def _objects(column: pd.Series) -> pd.Series:
    """The column as Python objects, for comparing values across tables whatever their dtype."""
    return column if column.dtype == object else column.astype(object)


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
            dup = table.duplicated(pk, keep="first") & np.logical_and.reduce([_notna(table[c]) for c in pk])
            problems += _report(name, "+".join(pk), _rows(dup), "duplicate primary key")
        for fk in schema.get("foreignKeys", []):
            target = tables.get(fk["reference"]["resource"] or res["name"])
            if target is None:
                continue
            (src_col,), (dst_col,) = fk["fields"], fk["reference"]["fields"]
            values = _objects(table[src_col])
            bad = _notna(values) & ~values.isin(_objects(target[dst_col]))
            ref = f"{fk['reference']['resource'] or res['name']}.{dst_col}"
            problems += _report(
                name, src_col, _rows(bad), lambda r, values=values, ref=ref: f"{values[r - 2]!r} not found in {ref}"
            )
    return problems


# --- evidence rules beyond the schema ---------------------------------------------------------
# Enum columns stay categorical here: comparing them with a string compares integer codes.


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
        have = t["discrepancy_variants"]["discrepancy_id"]
        have = have[_notna(have)]
        lonely = ~t["discrepancies"]["discrepancy_id"].isin(have)
        problems += _report(
            "discrepancies.csv", "discrepancy_id", _rows(lonely), "discrepancy has no variant with a source"
        )
    return problems


def _event_dates(ev: pd.DataFrame) -> list[Problem]:
    name, start, end, prec = "events.csv", ev["date_start"], ev["date_end"], ev["date_precision"]
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
    money = q["unit"] == "money"
    has_currency = _notna(q["currency"])
    problems = _report(name, "currency", _rows(money & ~has_currency), "a money figure needs a currency")
    problems += _report(
        name,
        "currency",
        _rows(~money & has_currency & q["unit"].notna()),
        "currency given for a figure whose unit is not money",
    )
    inverted = q["value_high"].notna() & q["value"].notna() & (q["value_high"] < q["value"])
    problems += _report(name, "value_high", _rows(inverted), "value_high is below value")
    half = q["as_of"].notna() != q["as_of_precision"].notna()
    problems += _report(name, "as_of_precision", _rows(half), "as_of and as_of_precision must be given together")
    return problems


def _syndication_cycles(src: pd.DataFrame) -> list[Problem]:
    ids = src["source_id"]
    parent = dict(zip(ids, src["syndicated_from"]))
    bad_rows = []
    reprinted = ids.isin(ids[_notna(src["syndicated_from"])])  # the others start no walk
    for i in np.flatnonzero(reprinted.to_numpy()).tolist():
        sid = ids.iat[i]
        cur = parent.get(sid)
        seen = {sid}
        while isinstance(cur, str) and cur in parent:
            if cur in seen:
                bad_rows.append(i + 2)
                break
            seen.add(cur)
            cur = parent[cur]
    return _report(
        "sources.csv", "syndicated_from", bad_rows, "syndicated_from leads back to this source (a reprint cycle)"
    )


def _record_references(t: dict[str, pd.DataFrame]) -> list[Problem]:
    problems: list[Problem] = []
    ids = {table: t[table][key] for table, key in RECORD_KEYS.items() if table in t}
    for table_name in ("citations", "quantities", "discrepancy_records"):
        if table_name not in t:
            continue
        df = t[table_name]
        missing = np.zeros(len(df), dtype=bool)
        for target, known in ids.items():
            in_target = (df["record_table"] == target).to_numpy()
            missing[in_target] = ~df["record_id"][in_target].isin(known).to_numpy()  # each row looked up once
        missing = pd.Series(missing, index=df.index) & _notna(df["record_id"])
        problems += _report(
            f"{table_name}.csv",
            "record_id",
            _rows(missing),
            lambda r, df=df: f"{df['record_id'][r - 2]!r} not found in {df['record_table'][r - 2]}",
        )
    return problems


def _uncited_records(t: dict[str, pd.DataFrame]) -> list[Problem]:
    if "citations" not in t:
        return []
    cit = t["citations"]
    supports = cit["stance"] == "supports"
    problems: list[Problem] = []
    for table, key in RECORD_KEYS.items():
        if table not in t:
            continue
        cited = cit["record_id"][supports & (cit["record_table"] == table)]
        bad = _notna(t[table][key]) & ~t[table][key].isin(cited)
        problems += _report(f"{table}.csv", key, _rows(bad), "record has no supporting citation")
    if {"events", "event_actors"} <= t.keys():
        bad = _notna(t["events"]["event_id"]) & ~t["events"]["event_id"].isin(t["event_actors"]["event_id"])
        problems += _report("events.csv", "event_id", _rows(bad), "event has no actor")
    return problems
