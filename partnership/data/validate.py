"""The schema engine: a Frictionless data package's descriptor, then its tables column by column.

The descriptor's structure is checked with the `frictionless` library, then against what this
engine implements, so that a descriptor asking for more is refused rather than misread: CSV
resources in UTF-8 with a plain relative path and an inline schema; the types string, date
(ISO 8601), number, integer and boolean; the constraints required and unique, enum and pattern
on strings, minimum and maximum on numbers; primary keys and single-field foreign keys.

The rows are checked here, column by column with pandas, rather than row by row with
frictionless: the same checks, about two orders of magnitude faster on a large package (see
`make bench`); `frictionless validate` stays a cross-check in the tests. Files are read by
`partnership.data.csvfile`; the evidence rules beyond the schema are `partnership.data.rules`;
text is checked against `partnership.data.text`. Problems are `file:row:column: message`, row 0
being the file as a whole (see `partnership.data.problems`).
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from partnership.data.csvfile import read_table
from partnership.data.problems import MAX_PER_CHECK, Problem, notna, report, rows
from partnership.data.rules import check_rules, needs_problems
from partnership.data.text import UNSHOWABLE_RE, describe

__all__ = [
    "DESCRIPTOR_VALIDATED_ENV",
    "MAX_PER_CHECK",
    "Inspection",
    "Problem",
    "descriptor_fingerprint",
    "inspect_package",
    "validate_package",
]

DESCRIPTOR = "datapackage.json"
# The build validates the descriptor once (the frictionless metadata check costs ~1 s, mostly
# imports) and passes its fingerprint to the notebook kernels, which then skip that one check.
DESCRIPTOR_VALIDATED_ENV = "PARTNERSHIP_DESCRIPTOR_VALIDATED"
TRUE_VALUES = {"true", "True", "TRUE", "1"}
FALSE_VALUES = {"false", "False", "FALSE", "0"}


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
    result.problems += check_rules(result.tables)
    result.problems.sort()
    return result


# --- descriptor -------------------------------------------------------------------------------


def _read_descriptor(data_dir: Path) -> tuple[dict | None, list[Problem]]:
    path = data_dir / DESCRIPTOR
    if not data_dir.is_dir():
        return None, [Problem(str(data_dir), 0, "-", "data directory not found")]
    if not path.is_file():
        return None, [Problem(DESCRIPTOR, 0, "-", "file not found")]
    try:
        raw = path.read_bytes()
        descriptor = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        return None, [Problem(DESCRIPTOR, 0, "-", f"cannot be read: {exc.strerror}")]
    except UnicodeDecodeError as exc:
        return None, [Problem(DESCRIPTOR, 0, "-", f"not valid UTF-8 ({exc.reason})")]
    except json.JSONDecodeError as exc:
        return None, [Problem(DESCRIPTOR, exc.lineno, "-", f"invalid JSON: {exc.msg}")]
    except RecursionError:
        return None, [Problem(DESCRIPTOR, 0, "-", "invalid JSON: nested too deeply")]
    except ValueError as exc:  # a number with more digits than Python converts
        return None, [Problem(DESCRIPTOR, 0, "-", f"invalid JSON: {exc}")]
    # The engine's own checks come first: frictionless assumes some structure (it raises on a
    # field that is not an object, for one).
    problems = _json_problems(descriptor) or _engine_problems(descriptor)
    if not problems and os.environ.get(DESCRIPTOR_VALIDATED_ENV) != descriptor_fingerprint(raw):
        problems = _frictionless_problems(descriptor)
    if not problems:
        problems = needs_problems(descriptor, DESCRIPTOR)
    return (None if problems else descriptor), problems


def descriptor_fingerprint(raw: bytes) -> str:
    """Content hash of a descriptor; see DESCRIPTOR_VALIDATED_ENV."""
    return hashlib.sha256(raw).hexdigest()


_MAX_DEPTH = 32  # this package's descriptor nests 7 deep; far deeper only strains the checkers


def _json_problems(descriptor: object) -> list[Problem]:
    """The JSON as a whole: an object with a list of resources, not absurdly deep, and every
    string (keys too) showable; walked without recursion, whatever the depth."""
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return [Problem(DESCRIPTOR, 0, "-", "not a data package: no list of resources")]
    problems = []
    todo: list[tuple[str, object, int]] = [("", descriptor, 1)]
    while todo:
        where, value, depth = todo.pop()
        if depth > _MAX_DEPTH:
            return [Problem(DESCRIPTOR, 0, "-", f"nested more than {_MAX_DEPTH} levels deep")]
        if isinstance(value, dict):
            todo += [(f"{where}.{k}" if where else k, v, depth + 1) for k, v in value.items()]
            strings = list(value)
        elif isinstance(value, list):
            todo += [(f"{where}[{i}]", v, depth + 1) for i, v in enumerate(value)]
            strings = []
        else:
            strings = [value] if isinstance(value, str) else []
        for text in strings:
            if match := UNSHOWABLE_RE.search(text):
                message = f"{where or 'a key'} contains {describe(match.group())}; the report cannot show it faithfully"
                problems.append(Problem(DESCRIPTOR, 0, "-", message))
    return sorted(problems)


def _frictionless_problems(descriptor: dict) -> list[Problem]:
    from frictionless import FrictionlessException, Package  # slow import: only when validating

    try:
        errors = list(Package.metadata_validate(descriptor))
    except FrictionlessException as exc:
        return [Problem(DESCRIPTOR, 0, "-", exc.error.message)]
    return [Problem(DESCRIPTOR, 0, "-", e.message) for e in errors]


TYPES = ("string", "date", "number", "integer", "boolean")
CONSTRAINTS = {
    "string": ("required", "unique", "enum", "pattern"),
    "date": ("required", "unique"),
    "number": ("required", "unique", "minimum", "maximum"),
    "integer": ("required", "unique", "minimum", "maximum"),
    "boolean": ("required", "unique"),
}
# Properties that change how a resource, schema or field is read: allowed only with the value
# this engine reads them with (_READ_AS), or not at all (_UNREAD).
_READ_AS = {
    "resource": {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8"},
    "schema": {"missingValues": [""]},
    "field": {"format": "default"},
}
_UNREAD = {
    "resource": ("data", "dialect", "compression", "innerpath", "extrapaths", "scheme"),
    "schema": (),
    "field": ("trueValues", "falseValues", "decimalChar", "groupChar", "bareNumber", "missingValues", "arrayItem"),
}
# A plain relative path: names of letters, digits, '_', '-' and '.', not starting with '.'
# (so no '..', no absolute path, no URL), that stays readable in a file:row:column line.
_PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*")


def _names(value: object) -> list[str] | None:
    """A field list as Table Schema allows it (one name or a list of names), or None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    return None


def _engine_problems(descriptor: dict) -> list[Problem]:
    """What the descriptor asks that this engine does not implement, as descriptor problems."""
    resources = descriptor["resources"]
    names = [res.get("name") if isinstance(res, dict) else None for res in resources]
    by_name = {name: res for name, res in zip(names, resources) if isinstance(name, str)}
    messages: list[str] = []
    for i, (name, res) in enumerate(zip(names, resources)):
        if not isinstance(name, str):
            messages.append(f"resource {i} needs a name")
            continue
        where = f"resource {name!r}"
        if names.count(name) > 1:
            messages.append(f"{where}: {names.count(name)} resources have this name")
        if not isinstance(res.get("path"), str) or not _PLAIN_PATH.fullmatch(res["path"]):
            messages.append(f"{where} needs a path relative to the package folder, without '..'")
        messages += _unsupported(where, "resource", res)
        schema = res.get("schema")
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            messages.append(f"{where} needs an inline schema with a list of fields")
            continue
        messages += _unsupported(where, "schema", schema)
        messages += _schema_problems(where, name, schema, by_name)
    return [Problem(DESCRIPTOR, 0, "-", m) for m in messages]


def _unsupported(where: str, level: str, spec: dict) -> list[str]:
    messages = []
    for key, value in _READ_AS[level].items():
        given = spec.get(key, value)
        if (given.lower() if key == "encoding" and isinstance(given, str) else given) != value:
            messages.append(f"{where}: {key} {given!r} is not supported (only {value!r})")
    return messages + [f"{where}: {key} is not supported" for key in _UNREAD[level] if key in spec]


def _schema_problems(where: str, own: str, schema: dict, resources: dict[str, object]) -> list[str]:
    fields = schema["fields"]
    names = [spec.get("name") if isinstance(spec, dict) else None for spec in fields]
    messages = []
    for spec, name in zip(fields, names):
        if not isinstance(name, str) or not name or ":" in name or not name.isprintable():
            messages.append(f"{where}: every field needs a name, without ':' or invisible characters")
            continue
        if names.count(name) > 1:
            messages.append(f"{where}: field {name!r} appears {names.count(name)} times")
        messages += _field_problems(f"{where}, field {name!r}", spec)
    if messages:
        return messages
    pk = schema.get("primaryKey")
    if pk is not None and not set(_names(pk) or [None]) <= set(names):
        messages.append(f"{where}: primaryKey {pk!r} is not a list of its fields")
    fks = schema.get("foreignKeys", [])
    for fk in fks if isinstance(fks, list) else [fks]:
        messages += [f"{where}: {m}" for m in _foreign_key_problems(fk, names, own, resources)]
    return messages


def _foreign_key_problems(fk: object, names: list, own: str, resources: dict[str, object]) -> list[str]:
    """Why a foreign key is not one this engine checks: one of the resource's fields referring to
    one field of a resource of the package ("" meaning itself)."""
    ref = fk.get("reference") if isinstance(fk, dict) else None
    if not isinstance(ref, dict):
        return ["a foreign key needs fields and a reference"]
    target = ref.get("resource") or own
    mine, theirs = _names(fk.get("fields")), _names(ref.get("fields"))
    if not (mine and theirs and len(mine) == len(theirs) == 1):
        return [f"foreign key {fk.get('fields')!r}: only single-field foreign keys are supported"]
    if not isinstance(target, str) or target not in resources:
        return [f"foreign key {mine[0]!r} refers to {target!r}, which is not a resource of the package"]
    if mine[0] not in names:
        return [f"foreign key {mine[0]!r} is not a field of the resource"]
    schema = resources[target].get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if isinstance(fields, list) and theirs[0] not in [f.get("name") for f in fields if isinstance(f, dict)]:
        return [f"foreign key {mine[0]!r} refers to {target}.{theirs[0]}, which is not a field"]
    return []  # (a target without a list of fields is reported as such)


def _field_problems(where: str, spec: dict) -> list[str]:
    kind = spec.get("type", "string")
    if kind not in TYPES:
        return [f"{where}: type {kind!r} is not supported (only {', '.join(TYPES)})"]
    messages = _unsupported(where, "field", spec)
    cons = spec.get("constraints", {})
    if not isinstance(cons, dict):
        return [*messages, f"{where}: constraints must be an object"]
    for key, value in cons.items():
        if key not in CONSTRAINTS[kind]:
            messages.append(f"{where}: constraint {key!r} is not supported on a {kind} field")
        elif key in ("required", "unique") and not isinstance(value, bool):
            messages.append(f"{where}: {key} must be true or false")
        elif key == "enum" and not (isinstance(value, list) and _names(value) and len(set(value)) == len(value)):
            messages.append(f"{where}: enum must be a list of distinct strings")
        elif key == "pattern" and not _compiles(value):
            messages.append(f"{where}: pattern {value!r} is not a regular expression")
        elif key in ("minimum", "maximum") and (isinstance(value, bool) or not isinstance(value, int | float)):
            messages.append(f"{where}: {key} must be a number")
    return messages


def _compiles(pattern: object) -> bool:
    try:
        re.compile(pattern)
    except (TypeError, re.error, RecursionError, OverflowError):
        return False
    return True


# --- one table --------------------------------------------------------------------------------


def _read_resource(data_dir: Path, resource: dict) -> tuple[pd.DataFrame | None, list[Problem]]:
    name = resource["path"]
    fields = resource["schema"]["fields"]
    path = data_dir / name
    if not path.is_file():
        return None, [Problem(name, 0, "-", "file not found")]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, 0, "-", f"cannot be read: {exc.strerror}")]
    frame, problems = read_table(name, raw, [f["name"] for f in fields])
    if frame is None:
        return None, problems
    typed = {}
    for spec in fields:
        typed[spec["name"]], col_problems = _check_column(name, frame[spec["name"]], spec)
        problems += col_problems
    return pd.DataFrame(typed, index=frame.index), problems


def _check_column(name: str, raw: pd.Series, spec: dict) -> tuple[pd.Series, list[Problem]]:
    """Type one column of strings and report the values its schema refuses; empty becomes NaN."""
    col, kind = spec["name"], spec.get("type", "string")
    cons = spec.get("constraints", {})
    strings = raw.to_numpy()
    empty = pd.Series(strings == "", index=raw.index)  # numpy compares objects ~5x faster than pandas
    problems = report(name, col, rows(empty), "required value is empty") if cons.get("required") else []
    present = ~empty
    values = (
        pd.Series(np.where(empty, np.nan, strings), index=raw.index, name=col, dtype=object) if empty.any() else raw
    )
    if kind == "date":
        typed = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
        bad = present & typed.isna()
        problems += report(name, col, rows(bad), lambda r: f"not a valid date (YYYY-MM-DD): {raw[r - 2]!r}")
    elif kind in ("number", "integer"):
        typed = pd.to_numeric(values, errors="coerce")
        bad = present & (typed.isna() | typed.isin([math.inf, -math.inf]))
        if kind == "integer":
            bad |= _mismatches(raw, present, r"[+-]?[0-9]+", distinct=False)
            typed = typed.where(~bad).astype("Int64")
        else:
            typed = typed.astype("float64")
        problems += report(name, col, rows(bad), lambda r: f"not a valid {kind}: {raw[r - 2]!r}")
        for bound, op in (("minimum", typed.lt), ("maximum", typed.gt)):
            if bound in cons:
                out = op(cons[bound]).fillna(False).astype(bool)
                problems += report(
                    name,
                    col,
                    rows(out),
                    f"below the {bound} {cons[bound]}" if bound == "minimum" else f"above the {bound} {cons[bound]}",
                )
    elif kind == "boolean":
        typed = raw.map(dict.fromkeys(TRUE_VALUES, True) | dict.fromkeys(FALSE_VALUES, False))
        bad = present & typed.isna()
        problems += report(name, col, rows(bad), lambda r: f"not a boolean (true/false): {raw[r - 2]!r}")
        typed = typed.astype("boolean")
    else:
        typed = values
        if "pattern" in cons:
            bad = _mismatches(raw, present, cons["pattern"], distinct=bool(cons.get("unique")))
            problems += report(
                name, col, rows(bad), lambda r: f"{raw[r - 2]!r} does not match the pattern {cons['pattern']}"
            )
        if "enum" in cons:
            codes = pd.Index(cons["enum"]).get_indexer(values)  # -1 for empty and unknown values
            typed = pd.Series(pd.Categorical.from_codes(codes, categories=cons["enum"]), index=raw.index, name=col)
            bad = present & typed.isna()  # values outside the categories become NaN
            allowed = ", ".join(cons["enum"])
            problems += report(name, col, rows(bad), lambda r: f"{raw[r - 2]!r} is not one of: {allowed}")
    if cons.get("unique"):
        dup = present & raw.duplicated(keep="first")
        problems += report(name, col, rows(dup), lambda r: f"duplicate value {raw[r - 2]!r}")
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
        pk = _names(schema.get("primaryKey")) or []
        unique = {f["name"] for f in schema["fields"] if f.get("constraints", {}).get("unique")}
        if len(pk) > 1 or (pk and pk[0] not in unique):  # a unique field reports its own duplicates
            dup = table.duplicated(pk, keep="first") & np.logical_and.reduce([notna(table[c]) for c in pk])
            problems += report(name, "+".join(pk), rows(dup), "duplicate primary key")
        for fk in schema.get("foreignKeys", []):
            target = tables.get(fk["reference"]["resource"] or res["name"])
            if target is None:
                continue
            (src_col,), (dst_col,) = _names(fk["fields"]), _names(fk["reference"]["fields"])
            values = _objects(table[src_col])
            bad = notna(values) & ~values.isin(_objects(target[dst_col]))
            ref = f"{fk['reference']['resource'] or res['name']}.{dst_col}"
            problems += report(
                name, src_col, rows(bad), lambda r, values=values, ref=ref: f"{values[r - 2]!r} not found in {ref}"
            )
    return problems
