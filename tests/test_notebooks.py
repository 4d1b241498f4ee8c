"""The analysis notebooks follow the contract and their prose cites what exists in data/.

(nbval checks their outputs; this checks their form and their citations, without running them.)
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT

from partnership import load_package

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0[1-5]_*.ipynb"))
RECORD_ID = re.compile(r"(?<![\w@])([TE][0-9]{2}[a-z]?|[A-Z][0-9]{2}_[0-9]{1,2}|D[0-9]{2}|Q[0-9]{2})(?![\w])")


@pytest.fixture(scope="module")
def known():
    pkg = load_package(ROOT / "data")
    records = set(pkg["events"]["event_id"]) | set(pkg["quantities"]["quantity_id"])
    records |= set(pkg["discrepancies"]["discrepancy_id"]) | set(pkg["open_questions"]["question_id"])
    return set(pkg["sources"]["source_id"]), records


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def is_pins(cell) -> bool:
    """The hidden cell that pins the findings' numbers (see partnership/analysis/findings.py)."""
    return "remove-cell" in (cell.get("metadata") or {}).get("tags", []) and "findings.pin(" in text(cell)


def shown(path):
    """The cells a reader sees: everything but the hidden pin cell."""
    return [c for c in cells(path) if not is_pins(c)]


def text(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_the_five_analysis_notebooks_exist():
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_opens_with_a_question_and_closes_with_findings(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    first, last = shown(path)[0], shown(path)[-1]
    assert first["cell_type"] == "markdown" and text(first).startswith("# ") and "**Question:**" in text(first)
    assert last["cell_type"] == "markdown" and text(last).startswith("## What we found")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_code_is_thin_and_uses_the_package(path):
    code = [text(c) for c in cells(path) if c["cell_type"] == "code"]
    joined = "\n".join(code)
    assert "pkg = load_package()" in joined  # no path: PARTNERSHIP_DATA_DIR decides
    assert "def " not in joined and "class " not in joined and "import matplotlib" not in joined
    assert all(len(text(c).splitlines()) <= 10 for c in shown(path) if c["cell_type"] == "code")
    pins = [text(c) for c in cells(path) if is_pins(c)]
    assert len(pins) == 1, "one hidden cell pins the findings' numbers"
    setup, _, entries = pins[0].partition("findings.pin({")
    assert len(setup.strip().splitlines()) <= 10, "the pin cell's set-up stays short"
    entries = entries.strip().removesuffix("})").strip().splitlines()
    assert entries and all(re.fullmatch(r'\s*"[^"]+": .+,', line) for line in entries), "one pin per line"
    for name in re.findall(r'"([0-9]{2}_[a-z0-9_]+)"', joined):
        assert name.startswith(path.name[:3]), f"figure {name} should carry the notebook number"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_prose_cites_sources_and_records_that_exist(path, known):
    sources, records = known
    prose = "\n".join(text(c) for c in cells(path) if c["cell_type"] == "markdown")
    cited = re.findall(r"\[@([a-z0-9_]+)\]", prose)
    assert set(cited) <= sources, set(cited) - sources
    assert set(RECORD_ID.findall(prose)) <= records, set(RECORD_ID.findall(prose)) - records
    findings = text(shown(path)[-1])
    assert RECORD_ID.search(findings) or cited, "findings must point at records or sources"
