"""The analysis notebooks follow the contract and their prose cites what exists in data/.

(nbval checks their outputs; this checks their form and their citations, without running them.)
"""

from __future__ import annotations

import ast
import json
import re

import pytest
from conftest import ROOT

from partnership import load_package
from partnership.publish.lang import edition_cells

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0[1-5]_*.ipynb"))
# Each edition's title cell and findings cell (the report shows one edition's prose at a time).
QUESTION = {"en": "**Question:**", "it": "**Domanda:**"}
FINDINGS = {"en": "## What we found", "it": "## Cosa abbiamo trovato"}
EDITIONS = [(path, lang) for path in NOTEBOOKS for lang in FINDINGS]
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


def shown(path, lang="en"):
    """The cells a reader of edition `lang` sees: that edition's cells, but the hidden pin cell."""
    return [c for _, c in edition_cells(cells(path), lang) if not is_pins(c)]


def _edition_id(case) -> str:
    return f"{case[0].name}-{case[1]}"


def text(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_the_five_analysis_notebooks_exist():
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05"]


@pytest.mark.parametrize("case", EDITIONS, ids=_edition_id)
def test_notebook_opens_with_a_question_and_closes_with_findings(case):
    path, lang = case
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    first, last = shown(path, lang)[0], shown(path, lang)[-1]
    assert first["cell_type"] == "markdown" and text(first).startswith("# ") and QUESTION[lang] in text(first)
    assert last["cell_type"] == "markdown" and text(last).startswith(FINDINGS[lang])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_code_is_thin_and_uses_the_package(path):
    code = [text(c) for c in cells(path) if c["cell_type"] == "code"]
    joined = "\n".join(code)
    assert "pkg = load_package()" in joined  # no path: PARTNERSHIP_DATA_DIR decides
    assert "def " not in joined and "class " not in joined and "import matplotlib" not in joined
    assert all(len(text(c).splitlines()) <= 10 for c in shown(path) if c["cell_type"] == "code")
    pins = [text(c) for c in cells(path) if is_pins(c)]
    assert len(pins) == 1, "one hidden cell pins the findings' numbers"
    setup, _, _ = pins[0].partition("findings.pin(")
    assert len(setup.strip().splitlines()) <= 10, "the pin cell's set-up stays short"
    lines = pins[0].splitlines()
    (call,) = [
        n for n in ast.walk(ast.parse(pins[0])) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "pin"
    ]
    tables = [call.args[0]] + [k.value for k in call.keywords]
    assert tables and all(isinstance(t, ast.Dict) for t in tables), "pins are dict literals in the call"
    for table in tables:  # the English pins, then each other edition's (it=)
        entries = lines[table.lineno : table.end_lineno - 1]
        assert len(entries) == len(table.keys), "one pin per line"
        assert entries and all(re.fullmatch(r'\s*"[^"]+": .+,', line) for line in entries), "one pin per line"
    for name in re.findall(r'"([0-9]{2}_[a-z0-9_]+)"', joined):
        assert name.startswith(path.name[:3]), f"figure {name} should carry the notebook number"


@pytest.mark.parametrize("case", EDITIONS, ids=_edition_id)
def test_prose_cites_sources_and_records_that_exist(case, known):
    path, lang = case
    sources, records = known
    prose = "\n".join(text(c) for c in shown(path, lang) if c["cell_type"] == "markdown")
    cited = re.findall(r"\[@([a-z0-9_]+)\]", prose)
    assert set(cited) <= sources, set(cited) - sources
    assert set(RECORD_ID.findall(prose)) <= records, set(RECORD_ID.findall(prose)) - records
    findings = text(shown(path, lang)[-1])
    assert RECORD_ID.search(findings) or cited, "findings must point at records or sources"
