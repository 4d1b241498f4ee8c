"""Validation rules, one at a time, on the mini package changed in memory-sized steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnership.data.validate import MAX_PER_CHECK, validate_package


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text, f"fixture changed: {old!r} not in {name}"
    path.write_text(text.replace(old, new))


def messages(folder: Path) -> list[str]:
    return [str(p) for p in validate_package(folder)]


def test_mini_package_is_valid(mini_dir):
    assert validate_package(mini_dir) == []


@pytest.mark.parametrize(
    ("dates", "precision", "ok"),
    [
        ("2017-02-22,2017-02-22", "day", True),
        ("2017-02-22,2017-02-23", "day", False),
        ("2017-02-01,2017-02-28", "month", True),
        ("2017-02-01,2017-03-31", "month", False),
        ("2017-01-01,2017-12-31", "year", True),
        ("2017-01-01,2018-12-31", "year", False),
        ("2017-02-21,2017-02-26", "range", True),
        ("2017-02-21,2017-02-21", "range", False),
        ("2017-02-21,", "approximate", True),
        ("2017-02-21,", "month", False),
    ],
)
def test_precision_must_match_dates(mini_dir, dates, precision, ok):
    edit(mini_dir, "events.csv", "E01,2017-02-22,2017-02-22,day", f"E01,{dates},{precision}")
    problems = [m for m in messages(mini_dir) if m.startswith("events.csv:2:date_precision")]
    assert (problems == []) is ok, problems


def test_currency_only_with_money(mini_dir):
    edit(mini_dir, "quantities.csv", "23000,,exact,m2,,", "23000,,exact,m2,EUR,")
    assert "quantities.csv:2:currency: currency given for a figure whose unit is not money" in messages(mini_dir)


def test_as_of_needs_its_precision(mini_dir):
    edit(mini_dir, "quantities.csv", "2018-02-07,day,D01", "2018-02-07,,D01")
    assert any(m.startswith("quantities.csv:2:as_of_precision") for m in messages(mini_dir))


def test_self_reprint_is_a_cycle(mini_dir):
    edit(mini_dir, "sources.csv", "medium,,Original report.", "medium,s_news_it,Original report.")
    assert any(m.startswith("sources.csv:4:syndicated_from") and "cycle" in m for m in messages(mini_dir))


def test_discrepancy_needs_a_variant(mini_dir):
    (mini_dir / "discrepancy_variants.csv").write_text("discrepancy_id,variant,claim,source_id\n")
    assert "discrepancies.csv:2:discrepancy_id: discrepancy has no variant with a source" in messages(mini_dir)


def test_event_needs_an_actor(mini_dir):
    edit(mini_dir, "event_actors.csv", "E02,uni_a,organiser\n", "")
    assert "events.csv:3:event_id: event has no actor" in messages(mini_dir)


def test_contradiction_alone_is_not_support(mini_dir):
    edit(mini_dir, "citations.csv", "events,E07,s_news_int,supports,", "events,E07,s_news_int,contradicts,")
    assert "events.csv:8:event_id: record has no supporting citation" in messages(mini_dir)


def test_quantity_must_point_at_an_existing_record(mini_dir):
    edit(mini_dir, "quantities.csv", "F03_1,actors,co_x", "F03_1,actors,co_y")
    assert "quantities.csv:5:record_id: 'co_y' not found in actors" in messages(mini_dir)


def test_composite_primary_key_duplicates(mini_dir):
    edit(mini_dir, "event_sectors.csv", "E01,design\n", "E01,design\nE01,design\n")
    assert "event_sectors.csv:3:event_id+sector_id: duplicate primary key" in messages(mini_dir)


def test_many_identical_problems_are_summarised(mini_dir):
    rows = "".join(f"E01,nobody{i},signatory\n" for i in range(MAX_PER_CHECK + 5))
    (mini_dir / "event_actors.csv").write_text("event_id,actor_id,role\nE02,uni_a,organiser\n" + rows)
    found = [m for m in messages(mini_dir) if m.startswith("event_actors.csv") and ":actor_id:" in m]
    assert len(found) == MAX_PER_CHECK + 1
    assert found[-1].endswith("... and 5 more rows with the same problem")


def test_frictionless_agrees_on_the_mini_package(mini_dir):
    from frictionless import validate

    assert validate(mini_dir / "datapackage.json").valid


def test_descriptor_check_is_skipped_only_for_the_exact_bytes_validated(mini_dir, monkeypatch):
    from partnership.data.validate import DESCRIPTOR_VALIDATED_ENV, descriptor_fingerprint

    path = mini_dir / "datapackage.json"
    broken = path.read_text().replace('"type": "date"', '"type": "datum"', 1)
    path.write_text(broken)
    assert any(p.file == "datapackage.json" for p in validate_package(mini_dir))
    monkeypatch.setenv(DESCRIPTOR_VALIDATED_ENV, descriptor_fingerprint(b"other bytes"))
    assert any(p.file == "datapackage.json" for p in validate_package(mini_dir))
    monkeypatch.setenv(DESCRIPTOR_VALIDATED_ENV, descriptor_fingerprint(path.read_bytes()))
    assert not any(p.file == "datapackage.json" for p in validate_package(mini_dir))


# --- the fast reader (pandas, after a numpy check of the bytes) against the careful one (csv) ---

LONG_QUOTED = '"' + ", ".join(["a"] * 300) + ' and ""quoted"",\nover two lines"'
READER_CASES = {
    "valid": None,
    "quoted field": ("events.csv", "The two universities sign an agreement.", LONG_QUOTED),
    "quote inside a field": ("events.csv", "Agreement signed", 'Agreement "signed"'),
    "256 extra fields": ("sectors.csv", "Money matters.", "Money matters." + ",x" * 256),
    "short and long rows": ("sectors.csv", "Design of products and spaces.", "Design of products and spaces.,x"),
    "blank line": ("sectors.csv", "Money matters.\n", "Money matters.\n\n"),
    "windows line ends": ("sectors.csv", "\n", "\r\n"),
    "line separator": ("sectors.csv", "Money matters.", "Money\u2028matters."),
    "quoted line separator": ("sectors.csv", "Money matters.", '"Money\u2028matters."'),
    "empty required value": ("events.csv", "Agreement signed", ""),
    "unterminated quote": ("sectors.csv", "Money matters.", '"Money matters.'),
}


@pytest.mark.parametrize("case", READER_CASES, ids=list(READER_CASES))
def test_fast_and_careful_readers_agree(mini_dir, monkeypatch, case):
    import pandas as pd

    from partnership.data import validate

    change = READER_CASES[case]
    if change and change[1] == "\n":
        path = mini_dir / change[0]
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    elif change:
        edit(mini_dir, *change)
    if case == "short and long rows":
        edit(mini_dir, "sectors.csv", "false,Money matters.", "false")
    fast = validate.inspect_package(mini_dir)
    monkeypatch.setattr(validate, "_fast_frame", lambda raw, columns: None)
    careful = validate.inspect_package(mini_dir)
    assert fast.problems == careful.problems
    assert fast.tables.keys() == careful.tables.keys()
    for name, table in fast.tables.items():
        pd.testing.assert_frame_equal(table, careful.tables[name], check_exact=True)
    assert (
        case in ("valid", "quoted field", "quote inside a field", "windows line ends", "quoted line separator")
    ) == (not fast.problems)
    if change:  # the numpy check alone (pandas would refuse some of these files too) lets through only plain files
        schema = {res["path"]: res["schema"] for res in fast.descriptor["resources"]}[change[0]]
        plain = validate._plain_csv((mini_dir / change[0]).read_bytes(), [f["name"] for f in schema["fields"]])
        assert (plain is not None) == (case in ("quoted field", "empty required value"))


def test_fast_reader_reads_the_mini_package(mini_dir):
    """The numpy check accepts plain files (else every load would take the slow path)."""
    import json

    from partnership.data.validate import _plain_csv

    edit(mini_dir, "events.csv", "The two universities sign an agreement.", LONG_QUOTED)
    for res in json.loads((mini_dir / "datapackage.json").read_text())["resources"]:
        raw = (mini_dir / res["path"]).read_bytes()
        assert _plain_csv(raw, [f["name"] for f in res["schema"]["fields"]]) == raw.count(b"\n") - 1 - (
            res["path"] == "events.csv"
        )
