"""The evidence rules beyond the schema: what a Table Schema cannot say about this package.

Dates are ordered and match their precision; money carries a currency (and only money does);
a range's high value is not below its value; every record is supported by a citation and
every event has an actor; citations, figures and discrepancy links point at existing records
(record_table names the table, which a foreign key cannot express); reprint chains have no
cycle; every discrepancy has a variant.

The rules read typed columns (enum columns stay categorical: comparing them with a string
compares integer codes), so `NEEDS` lists the fields and types they rely on and
`needs_problems` refuses a descriptor without them before any rule runs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partnership.data.problems import Problem, notna, report, rows

RECORD_KEYS = {"events": "event_id", "actors": "actor_id", "quantities": "quantity_id"}
_REFERENCE = {"record_table": "string", "record_id": "string"}
NEEDS: dict[str, dict[str, str]] = {
    "events": {"event_id": "string", "date_start": "date", "date_end": "date", "date_precision": "string"},
    "actors": {"actor_id": "string"},
    "quantities": {
        "quantity_id": "string",
        **_REFERENCE,
        "value": "number",
        "value_high": "number",
        "unit": "string",
        "currency": "string",
        "as_of": "date",
        "as_of_precision": "string",
    },
    "sources": {"source_id": "string", "syndicated_from": "string"},
    "citations": {**_REFERENCE, "stance": "string"},
    "event_actors": {"event_id": "string"},
    "discrepancies": {"discrepancy_id": "string"},
    "discrepancy_variants": {"discrepancy_id": "string"},
    "discrepancy_records": _REFERENCE,
}


def needs_problems(descriptor: dict, file: str) -> list[Problem]:
    """Problems in file (the descriptor, already known to be well formed) for every resource or
    field of `NEEDS` it lacks; the rules name each table's file NAME.csv, so that is its path."""
    resources = {res["name"]: res for res in descriptor["resources"]}
    problems = []
    for table, needed in NEEDS.items():
        if resources.get(table, {}).get("path") != f"{table}.csv":
            problems.append(Problem(file, 0, "-", f"the evidence rules need a resource {table!r} at {table}.csv"))
            continue
        fields = {f["name"]: f.get("type", "string") for f in resources[table]["schema"]["fields"]}
        for name, kind in needed.items():
            if fields.get(name) != kind:
                problems.append(Problem(file, 0, "-", f"the evidence rules need a {kind} field {table}.{name}"))
    return problems


def check_rules(t: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every rule over the typed tables that could be read (a missing table skips its rules)."""
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
        have = have[notna(have)]
        lonely = ~t["discrepancies"]["discrepancy_id"].isin(have)
        problems += report(
            "discrepancies.csv", "discrepancy_id", rows(lonely), "discrepancy has no variant with a source"
        )
    return problems


def _event_dates(ev: pd.DataFrame) -> list[Problem]:
    name, start, end, prec = "events.csv", ev["date_start"], ev["date_end"], ev["date_precision"]
    both = start.notna() & end.notna()
    problems = report(name, "date_end", rows(both & (end < start)), "date_end is before date_start")
    checks = {
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
    for level, (ok, message) in checks.items():
        bad = (prec == level) & start.notna() & ~ok.fillna(False).astype(bool)
        problems += report(name, "date_precision", rows(bad), message)
    return problems


def _quantity_units(q: pd.DataFrame) -> list[Problem]:
    name = "quantities.csv"
    money = q["unit"] == "money"
    has_currency = notna(q["currency"])
    problems = report(name, "currency", rows(money & ~has_currency), "a money figure needs a currency")
    problems += report(
        name,
        "currency",
        rows(~money & has_currency & q["unit"].notna()),
        "currency given for a figure whose unit is not money",
    )
    inverted = q["value_high"].notna() & q["value"].notna() & (q["value_high"] < q["value"])
    problems += report(name, "value_high", rows(inverted), "value_high is below value")
    half = q["as_of"].notna() != q["as_of_precision"].notna()
    problems += report(name, "as_of_precision", rows(half), "as_of and as_of_precision must be given together")
    return problems


def _syndication_cycles(src: pd.DataFrame) -> list[Problem]:
    ids = src["source_id"]
    parent = dict(zip(ids, src["syndicated_from"]))
    bad_rows = []
    reprinted = ids.isin(ids[notna(src["syndicated_from"])])  # the others start no walk
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
    return report(
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
        missing = pd.Series(missing, index=df.index) & notna(df["record_id"])
        problems += report(
            f"{table_name}.csv",
            "record_id",
            rows(missing),
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
        bad = notna(t[table][key]) & ~t[table][key].isin(cited)
        problems += report(f"{table}.csv", key, rows(bad), "record has no supporting citation")
    if {"events", "event_actors"} <= t.keys():
        bad = notna(t["events"]["event_id"]) & ~t["events"]["event_id"].isin(t["event_actors"]["event_id"])
        problems += report("events.csv", "event_id", rows(bad), "event has no actor")
    return problems
