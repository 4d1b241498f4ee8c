"""Evidence logic: origins through reprint chains, both-sides flag, every grade of the rubric."""

from __future__ import annotations

import pytest

from partnership.analysis.evidence import claims, grade, record_evidence, source_origins


def test_reprint_chain_leads_to_its_origin(mini_pkg):
    origins = source_origins(mini_pkg["sources"])
    assert origins["s_reprint2"] == "s_news_it"  # reprint of a reprint
    assert origins["s_reprint1"] == "s_news_it"
    assert origins["s_off_cn"] == "s_off_cn"


def test_three_urls_of_one_press_note_are_one_origin(mini_pkg):
    e02 = record_evidence(mini_pkg, "events").loc["E02"]
    assert (e02["n_sources"], e02["n_origins"]) == (3, 1)
    assert e02["grade"] == "C"


def test_both_sides_needs_an_italian_and_a_chinese_origin(mini_pkg):
    ev = record_evidence(mini_pkg, "events")
    assert ev.loc["E01", "both_sides"]  # Italian official + Chinese official
    assert not ev.loc["E03", "both_sides"]  # Italian + international


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((2, True, False, False), "A"),
        ((3, False, False, False), "B"),
        ((1, True, False, False), "C"),
        ((2, True, True, False), "D"),
        ((2, True, False, False, True), "D"),
        ((0, False, False, False), "D"),
        ((2, True, False, True), "B"),
        ((2, False, False, True), "C"),
        ((1, False, False, True), "D"),
    ],
)
def test_rubric(args, expected):
    assert grade(*args) == expected


def test_grades_on_the_mini_package(mini_pkg):
    ev = record_evidence(mini_pkg, "events")["grade"].astype(str).to_dict()
    assert ev == {"E01": "A", "E02": "C", "E03": "B", "E04": "B", "E05": "D", "E06": "D", "E07": "C"}
    q = record_evidence(mini_pkg, "quantities")
    assert q.loc["F03_1", "grade"] == "A"
    assert q.loc["F01_1", "contested"] and q.loc["F01_1", "grade"] == "D"  # open discrepancy, one origin
    assert q.loc["F04_1", "grade"] == "D"  # low-reliability only


def test_contradiction_is_counted(mini_pkg):
    ev = record_evidence(mini_pkg, "events")
    assert ev.loc["E04", "n_contradicting"] == 1 and ev.loc["E04", "contested"]


def test_claims_table_covers_events_and_quantities(mini_pkg):
    table = claims(mini_pkg)
    assert len(table) == len(mini_pkg["events"]) + len(mini_pkg["quantities"])
    assert set(table["record_table"]) == {"events", "quantities"}
    assert table["grade"].cat.ordered
