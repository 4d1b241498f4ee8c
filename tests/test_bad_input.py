"""The bad-input corpus: each case breaks the mini package in one way (see its EXPECT file).

Each must make `python -m partnership validate` exit 1 with a file:row:column message for that
breakage, print no traceback, and leave the package folder exactly as it was.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, make_package

CASES = sorted(p for p in (ROOT / "tests" / "bad_input").iterdir() if p.is_dir())


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_corpus_is_large_enough():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_and_nothing_changes(case: Path, tmp_path: Path):
    pkg = make_package(tmp_path / "pkg", case)
    before = snapshot(pkg)
    run = subprocess.run(
        [sys.executable, "-m", "partnership", "validate", str(pkg)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    expect = (case / "EXPECT").read_text().strip()
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    lines = run.stdout.splitlines()
    assert any(line.startswith(expect) for line in lines), f"expected a line starting {expect!r}, got:\n{run.stdout}"
    assert all(line.split(":")[1].isdigit() for line in lines), "every line is file:row:column: message"
    assert snapshot(pkg) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"], "validation wrote files"


def test_valid_package_exits_zero_with_one_line(mini_dir: Path):
    run = subprocess.run(
        [sys.executable, "-m", "partnership", "validate", str(mini_dir)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout
    assert run.stdout.count("\n") == 1 and run.stdout.startswith("valid:")


def test_missing_data_dir_is_a_message_not_a_traceback(tmp_path: Path):
    run = subprocess.run(
        [sys.executable, "-m", "partnership", "validate", str(tmp_path / "nope")], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert "data directory not found" in run.stdout and "Traceback" not in run.stderr
