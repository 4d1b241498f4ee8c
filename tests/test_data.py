"""The real data package in data/: valid by both validators, and as complete as the research allows."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT

from partnership import load_package
from partnership.analysis.evidence import record_evidence
from partnership.cli import main

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def pkg():
    return load_package(DATA)


def test_our_validator_passes(capsys):
    assert main(["validate", str(DATA)]) == 0, capsys.readouterr().out[-3000:]


def test_frictionless_passes():
    from frictionless import validate

    report = validate(DATA / "datapackage.json")
    assert report.valid, report.flatten(["type", "message"])[:20]


def test_events_span_2003_to_2025(pkg):
    ev = pkg["events"]
    assert len(ev) >= 90
    years = set(ev["date_start"].dt.year)
    assert min(years) <= 2003 and max(years) >= 2025


def test_every_event_has_actor_and_citation(pkg):
    ev = record_evidence(pkg, "events")
    assert (ev["n_sources"] >= 1).all()
    assert set(pkg["event_actors"]["event_id"]) == set(pkg["events"]["event_id"])


def test_seed_article_sectors_are_present(pkg):
    seed = pkg["sectors"][pkg["sectors"]["in_seed_article"].astype(bool)]
    assert set(seed["sector_id"]) == {"design", "industry_4_0", "robotics", "automotive"}


def test_actors_and_names(pkg):
    actors = pkg["actors"]
    assert len(actors) >= 35
    assert actors["name_zh"].notna().sum() >= 5
    assert actors["name_it"].notna().sum() >= 5


def test_all_thirty_discrepancies_have_variants_and_links(pkg):
    d = pkg["discrepancies"]
    assert sorted(d["discrepancy_id"]) == [f"D{i:02d}" for i in range(1, 31)]
    assert set(pkg["discrepancy_variants"]["discrepancy_id"]) == set(d["discrepancy_id"])
    linked = set(pkg["discrepancy_records"]["discrepancy_id"]) | set(pkg["quantities"]["discrepancy_id"].dropna())
    assert linked == set(d["discrepancy_id"])


def test_conflicting_figures_are_kept_side_by_side(pkg):
    q = pkg["quantities"]
    per_topic = q.groupby("topic")["value"].nunique()
    assert (per_topic >= 2).sum() >= 5
    money = q[q["unit"].astype(object) == "money"]
    assert money["currency"].notna().all() and len(money) >= 5


def test_reprints_lead_to_origins(pkg):
    src = pkg["sources"]
    assert src["syndicated_from"].notna().sum() >= 5
    assert set(src["reliability"].astype(object)) == {"high", "medium", "low"}
    assert set(src["side"].astype(object)) >= {"italian", "chinese"}


def test_unverified_facts_are_marked(pkg):
    assert (pkg["events"]["certainty"].astype(object) == "unverified").any()
    assert pd.Series(pkg["open_questions"]["question_id"]).is_unique
