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
    broken = path.read_text().replace('"keywords": [', '"keywords": "not a list", "was": [', 1)
    path.write_text(broken)
    assert any(p.file == "datapackage.json" for p in validate_package(mini_dir))
    monkeypatch.setenv(DESCRIPTOR_VALIDATED_ENV, descriptor_fingerprint(b"other bytes"))
    assert any(p.file == "datapackage.json" for p in validate_package(mini_dir))
    monkeypatch.setenv(DESCRIPTOR_VALIDATED_ENV, descriptor_fingerprint(path.read_bytes()))
    assert not any(p.file == "datapackage.json" for p in validate_package(mini_dir))


def test_the_engine_checks_a_vouched_descriptor_too(mini_dir, monkeypatch):
    """Only the frictionless check is vouched for: what the engine cannot read is always refused."""
    from partnership.data.validate import DESCRIPTOR_VALIDATED_ENV, descriptor_fingerprint

    path = mini_dir / "datapackage.json"
    path.write_text(path.read_text().replace('"type": "date"', '"type": "datum"', 1))
    monkeypatch.setenv(DESCRIPTOR_VALIDATED_ENV, descriptor_fingerprint(path.read_bytes()))
    assert any("type 'datum' is not supported" in m for m in messages(mini_dir))


def resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def field_of(descriptor: dict, table: str, name: str) -> dict:
    return next(f for f in resource(descriptor, table)["schema"]["fields"] if f["name"] == name)


# Descriptors that frictionless may accept but this engine would misread, or that would once
# have crashed it: each is refused with a message about the descriptor.
DESCRIPTOR_CASES = {
    "field not an object": (lambda d: resource(d, "events")["schema"]["fields"].append(3), "every field needs a name"),
    "fields an object": (lambda d: resource(d, "events")["schema"].update(fields={}), "inline schema"),
    "external schema": (lambda d: resource(d, "events").update(schema="schema.json"), "inline schema"),
    "url path": (lambda d: resource(d, "events").update(path="https://example.org/e.csv"), "needs a path"),
    "duplicate resource": (lambda d: resource(d, "actors").update(name="events"), "2 resources have this name"),
    "year type": (lambda d: field_of(d, "events", "date_start").update(type="year"), "type 'year' is not"),
    "dialect": (lambda d: resource(d, "events").update(dialect={"delimiter": ";"}), "dialect is not supported"),
    "latin-1": (lambda d: resource(d, "events").update(encoding="latin-1"), "encoding 'latin-1' is not"),
    "missing values": (
        lambda d: resource(d, "events")["schema"].update(missingValues=["", "NA"]),
        "missingValues ['', 'NA'] is not",
    ),
    "true values": (
        lambda d: field_of(d, "sectors", "in_seed_article").update(trueValues=["yes"]),
        "trueValues is not supported",
    ),
    "enum on a number": (
        lambda d: field_of(d, "quantities", "value").update(constraints={"enum": ["1"]}),
        "constraint 'enum' is not supported on a number field",
    ),
    "repeated enum": (
        lambda d: field_of(d, "events", "phase")["constraints"].update(enum=["founding", "founding"]),
        "enum must be a list of distinct strings",
    ),
    "bad pattern": (lambda d: field_of(d, "events", "event_id")["constraints"].update(pattern="(["), "not a regular"),
    "text minimum": (
        lambda d: field_of(d, "discrepancy_variants", "variant")["constraints"].update(minimum="1"),
        "minimum must be a number",
    ),
    "composite foreign key": (
        lambda d: resource(d, "event_actors")["schema"]["foreignKeys"][0].update(fields=["event_id", "role"]),
        "only single-field foreign keys",
    ),
    "unknown reference": (
        lambda d: resource(d, "event_actors")["schema"]["foreignKeys"][0]["reference"].update(resource="nope"),
        "refers to 'nope', which is not a resource",
    ),
    "reference to no field": (
        lambda d: resource(d, "event_actors")["schema"]["foreignKeys"][0]["reference"].update(fields=["nope"]),
        "refers to events.nope, which is not a field",
    ),
    "colon in a field name": (lambda d: field_of(d, "events", "notes").update(name="a:b"), "without ':'"),
    "rules lose a field": (
        lambda d: resource(d, "events")["schema"]["fields"].remove(field_of(d, "events", "date_end")),
        "the evidence rules need a date field events.date_end",
    ),
    "rules lose a table": (lambda d: d["resources"].remove(resource(d, "citations")), "need a resource 'citations'"),
    "bidi text": (lambda d: d.update(title="Joint \u202eplatform"), "title contains U+202E"),
    "escaped surrogate": (lambda d: d.update(description="\ud800"), "description contains U+D800"),
}


@pytest.mark.parametrize("case", DESCRIPTOR_CASES, ids=list(DESCRIPTOR_CASES))
def test_descriptors_the_engine_cannot_read_are_refused(mini_dir, case):
    import json

    change, expected = DESCRIPTOR_CASES[case]
    path = mini_dir / "datapackage.json"
    descriptor = json.loads(path.read_text())
    change(descriptor)
    path.write_text(json.dumps(descriptor))
    found = messages(mini_dir)
    assert any(m.startswith("datapackage.json:0:-: ") and expected in m for m in found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 100_000, "datapackage.json:0:-: invalid JSON: nested too deeply"),
        ('{"resources": [' * 40 + "]}" * 40, "datapackage.json:0:-: nested more than 32 levels deep"),
        ('{"resources": [], "n": ' + "9" * 5000 + "}", "datapackage.json:0:-: invalid JSON: Exceeds the limit"),
        ('["resources"]', "datapackage.json:0:-: not a data package: no list of resources"),
    ],
    ids=["deeper than the stack", "deep", "huge number", "a list"],
)
def test_hostile_json_is_a_message(mini_dir, text, expected):
    (mini_dir / "datapackage.json").write_text(text)
    assert any(m.startswith(expected) for m in messages(mini_dir)), messages(mini_dir)


def test_single_field_primary_key_needs_no_unique_constraint(mini_dir):
    import json

    path = mini_dir / "datapackage.json"
    descriptor = json.loads(path.read_text())
    del field_of(descriptor, "events", "event_id")["constraints"]["unique"]
    path.write_text(json.dumps(descriptor))
    edit(mini_dir, "events.csv", "E02,2017-11-01", "E01,2017-11-01")
    assert "events.csv:3:event_id: duplicate primary key" in messages(mini_dir)


# --- text the report cannot show -------------------------------------------------------------


def test_every_refused_character_sends_a_file_to_the_careful_reader():
    """The fast reader's byte-level check misses no character the text rule refuses, and lets
    through their neighbours (else ordinary files would all take the slow path)."""
    from partnership.data import csvfile
    from partnership.data.text import UNSHOWABLE, UNSHOWABLE_RE

    columns = ["a", "b"]

    def plain(char: str) -> bool:
        return csvfile._plain_csv(f"a,b\nx{char}y,z\n".encode(), columns) is not None

    refused = {c for lo, hi, _ in UNSHOWABLE for c in range(lo, hi + 1)}
    assert all(UNSHOWABLE_RE.fullmatch(chr(c)) for c in refused)
    assert [hex(c) for c in sorted(refused) if not 0xD800 <= c <= 0xDFFF and plain(chr(c))] == []
    neighbours = {c for lo, hi, _ in UNSHOWABLE for c in (lo - 1, hi + 1)} - refused - {-1, 0x0A, 0x0D, 0x110000}
    assert [hex(c) for c in sorted(neighbours) if UNSHOWABLE_RE.search(chr(c)) or not plain(chr(c))] == []


def test_refused_text_is_located_in_any_field(mini_dir):
    edit(mini_dir, "sectors.csv", "design,Design,Design", 'design,Design,"Des\x07ign"')
    edit(mini_dir, "sectors.csv", "A sector that no event uses.", "A sector\u2066 that no event uses.")
    assert [m for m in messages(mini_dir) if m.startswith("sectors.csv")] == [
        "sectors.csv:2:label_it: contains U+0007, a control character; the report cannot show it faithfully",
        "sectors.csv:5:description: contains U+2066 LEFT-TO-RIGHT ISOLATE, a bidirectional isolate, which "
        "reorders the text shown; the report cannot show it faithfully",
    ]


# --- the fast reader (pandas, after a numpy check of the bytes) against the careful one (csv) ---

LONG_QUOTED = '"' + ", ".join(["a"] * 300) + ' and ""quoted"",\nover two lines"'
BIG_FIELD = "x" * 200_000  # over the csv module's default field size limit
# case: (file, old text, new text (bytes: the whole file's bytes from a function), valid, plain)
READER_CASES = {
    "valid": (None, None, None, True, True),
    "quoted field": ("events.csv", "The two universities sign an agreement.", LONG_QUOTED, True, True),
    "quote inside a field": ("events.csv", "Agreement signed", 'Agreement "signed"', True, False),
    "256 extra fields": ("sectors.csv", "Money matters.", "Money matters." + ",x" * 256, False, False),
    "blank line": ("sectors.csv", "Money matters.\n", "Money matters.\n\n", False, False),
    "windows line ends": ("sectors.csv", None, lambda b: b.replace(b"\n", b"\r\n"), True, False),
    "old mac line ends": ("sectors.csv", None, lambda b: b.replace(b"\n", b"\r"), True, False),
    "byte order mark": ("sectors.csv", None, lambda b: b"\xef\xbb\xbf" + b, True, True),
    "no final newline": ("sectors.csv", None, lambda b: b.rstrip(b"\n"), True, False),
    "line separator": ("sectors.csv", "Money matters.", "Money\u2028matters.", True, True),
    "paragraph separator": ("sectors.csv", "Money matters.", "Money\u2029matters.", True, True),
    "quoted line separator": ("sectors.csv", "Money matters.", '"Money\u2028matters."', True, True),
    "quoted carriage return": ("sectors.csv", "Money matters.", '"Money\r\nmatters."', True, False),
    "tab": ("sectors.csv", "Money matters.", "Money\tmatters.", True, True),
    "next line (C1)": ("sectors.csv", "Money matters.", "Money\u0085matters.", False, False),
    "vertical tab": ("sectors.csv", "Money matters.", "Money\x0bmatters.", False, False),
    "big field": ("sectors.csv", "Money matters.", BIG_FIELD, True, True),
    "big field, windows line ends": (
        "sectors.csv",
        None,
        lambda b: b.replace(b"Money matters.\n", BIG_FIELD.encode() + b"\r\n"),
        True,
        False,
    ),
    "empty required value": ("events.csv", "Agreement signed", "", False, True),
    "unterminated quote": ("sectors.csv", "Money matters.", '"Money matters.', False, False),
}


@pytest.fixture
def python_csv_limit():
    """The csv module's field size limit as Python starts (frictionless raises it when it reads CSV)."""
    import csv

    limit = csv.field_size_limit(131072)
    yield
    csv.field_size_limit(limit)


@pytest.mark.parametrize("case", READER_CASES, ids=list(READER_CASES))
def test_fast_and_careful_readers_agree(mini_dir, monkeypatch, python_csv_limit, case):
    import pandas as pd

    from partnership.data import csvfile, validate

    name, old, new, valid, plain = READER_CASES[case]
    if callable(new):
        path = mini_dir / name
        path.write_bytes(new(path.read_bytes()))
    elif name:
        edit(mini_dir, name, old, new)
    fast = validate.inspect_package(mini_dir)
    monkeypatch.setattr(csvfile, "_fast_frame", lambda raw, columns: None)
    careful = validate.inspect_package(mini_dir)
    assert fast.problems == careful.problems
    assert fast.tables.keys() == careful.tables.keys()
    for table_name, table in fast.tables.items():
        pd.testing.assert_frame_equal(table, careful.tables[table_name], check_exact=True)
    assert valid == (not fast.problems), fast.problems
    if name:  # the numpy check alone (pandas would refuse some of these files too) lets through only plain files
        schema = {res["path"]: res["schema"] for res in fast.descriptor["resources"]}[name]
        found = csvfile._plain_csv((mini_dir / name).read_bytes(), [f["name"] for f in schema["fields"]])
        assert (found is not None) == plain


def test_fast_reader_reads_the_mini_package(mini_dir):
    """The numpy check accepts plain files (else every load would take the slow path)."""
    import json

    from partnership.data.csvfile import _plain_csv

    edit(mini_dir, "events.csv", "The two universities sign an agreement.", LONG_QUOTED)
    for res in json.loads((mini_dir / "datapackage.json").read_text())["resources"]:
        raw = (mini_dir / res["path"]).read_bytes()
        assert _plain_csv(raw, [f["name"] for f in res["schema"]["fields"]]) == raw.count(b"\n") - 1 - (
            res["path"] == "events.csv"
        )
