"""Verdict agreement with an independent reader: frictionless against this validator.

Both judge every case of the bad-input corpus and valid variants of the mini package that
stress the CSV reader (byte order mark, line ends, separators and quotes inside fields). Their
verdicts (valid or not) must agree, except for the cases in OUR_RULES, where this package asks
for more than a Table Schema can say, or reads CSV more strictly; each says why frictionless
cannot see it, and must really be a case frictionless accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, make_package

from partnership.data.validate import validate_package

CASES = sorted(p for p in (ROOT / "tests" / "bad_input").iterdir() if p.is_dir())
LONG = "x" * 200_000


def swap(old: str, new: str) -> Callable[[bytes], bytes]:
    def change(raw: bytes) -> bytes:
        assert old.encode() in raw, f"fixture changed: {old!r}"
        return raw.replace(old.encode(), new.encode(), 1)

    return change


# name: (file of the mini package, change of its bytes); all valid, unless listed in OUR_RULES
VARIANTS: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "byte order mark": ("sectors.csv", lambda raw: b"\xef\xbb\xbf" + raw),
    "windows line ends": ("events.csv", lambda raw: raw.replace(b"\n", b"\r\n")),
    "old mac line ends": ("sectors.csv", lambda raw: raw.replace(b"\n", b"\r")),
    "no final newline": ("sectors.csv", lambda raw: raw.rstrip(b"\n")),
    "line separator in a field": ("sectors.csv", swap("Money matters.", "Money\u2028matters.")),
    "paragraph separator in a field": ("events.csv", swap("Agreement signed", "Agreement\u2029signed")),
    "quoted newlines": ("events.csv", swap("The platform is launched.", '"The platform\nis\r\nlaunched."')),
    "quoted commas and quotes": ("sources.csv", swap("Reprint.", '"Reprint, of ""Nasce""."')),
    "text beyond ASCII": ("sectors.csv", swap("Money matters.", "Denaro\u00a0\u2013 \u91d1\u878d \U0001f4b0.")),
    "a long field": ("events.csv", swap("Courses run at the site; end unknown.", LONG)),
    "next line (C1) in a field": ("sectors.csv", swap("Money matters.", "Money\u0085matters.")),
    "tab export": ("sectors.csv", lambda raw: raw.replace(b",", b"\t")),
}

SHOWN = "text the report cannot show faithfully (partnership.data.text); frictionless accepts any character"
OUR_RULES = {
    "citation_to_missing_record": "record_id points into the table record_table names, which a foreign key cannot express",
    "end_before_start": "date order is a rule across two columns",
    "precision_mismatch": "dates against their precision is a rule across three columns",
    "money_without_currency": "a currency for money figures is a rule across two columns",
    "range_inverted": "value_high against value is a rule across two columns",
    "reprint_cycle": "a cycle along syndicated_from spans rows",
    "uncited_event": "a supporting citation for every record is a reference in the other direction",
    "nul_byte": SHOWN,
    "bidi_override": SHOWN,
    "c1_control": SHOWN,
    "replacement_character": SHOWN,
    "next line (C1) in a field": SHOWN,
    "semicolon_export": "frictionless guesses the delimiter when the descriptor names no dialect; the "
    "Table Dialect default, and this package's, is the comma",
    "tab export": "frictionless guesses the delimiter (see semicolon_export)",
    "header_spaces": "frictionless strips spaces around header names; here a header must be exact",
}


def frictionless_valid(pkg: Path, changed: set[str]) -> bool:
    """frictionless's verdict on the package at pkg, which differs from the mini package (valid
    for frictionless, see test_validate.py) only in the files named in changed.

    A resource's verdict depends only on its own file and on the files its foreign keys refer
    to; so unless the descriptor changed, only those resources are validated (5x faster).
    """
    from frictionless import Package, validate

    if "datapackage.json" in changed:
        return validate(pkg / "datapackage.json").valid
    package = Package(str(pkg / "datapackage.json"))
    names = {r.name for r in package.resources if r.path in changed}
    names |= {r.name for r in package.resources for fk in r.schema.foreign_keys if fk["reference"]["resource"] in names}
    return all(package.get_resource(name).validate().valid for name in names)


def changed_files(case: Path) -> set[str]:
    names = {p.name for p in case.iterdir()} - {"EXPECT", "REMOVE"}
    return names | set((case / "REMOVE").read_text().split() if (case / "REMOVE").exists() else [])


def verdicts(pkg: Path, changed: set[str]) -> tuple[bool, bool]:
    return frictionless_valid(pkg, changed), not validate_package(pkg)


def assert_agree(name: str, theirs: bool, ours: bool, valid: bool) -> None:
    if name in OUR_RULES:
        assert theirs and not ours, f"{name} is listed in OUR_RULES, but frictionless: {theirs}, ours: {ours}"
    else:
        assert theirs == ours == valid, f"{name}: frictionless valid: {theirs}, ours: {ours}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_verdicts_agree(case: Path, tmp_path: Path):
    changed = changed_files(case)
    assert_agree(case.name, *verdicts(make_package(tmp_path / "pkg", case), changed), valid=False)


@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
def test_valid_variant_verdicts_agree(variant: str, mini_dir: Path):
    name, change = VARIANTS[variant]
    path = mini_dir / name
    path.write_bytes(change(path.read_bytes()))
    assert_agree(variant, *verdicts(mini_dir, {name}), valid=True)


def test_every_listed_difference_is_a_case():
    assert set(OUR_RULES) <= {c.name for c in CASES} | set(VARIANTS)
