"""The bad-input corpus: each case breaks the mini package in one way (see its EXPECT file).

Each must make `python -m partnership validate` exit 1 with a file:row:column message for that
breakage, print no traceback, and leave the package folder exactly as it was. The command runs
in-process (a subprocess per case only added start-up time); one test runs the real command.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, make_package

from partnership.cli import main

CASES = sorted(p for p in (ROOT / "tests" / "bad_input").iterdir() if p.is_dir())


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def assert_reported(case: Path, returncode: int, stdout: str, stderr: str) -> None:
    """Exit 1, no traceback, the EXPECT line, and every line shaped file:row:column: message."""
    expect = (case / "EXPECT").read_text(encoding="utf-8").strip()
    assert returncode == 1, stdout + stderr
    assert "Traceback" not in stderr + stdout and "internal error" not in stderr
    lines = stdout.splitlines()
    assert any(line.startswith(expect) for line in lines), f"expected a line starting {expect!r}, got:\n{stdout}"
    assert all(line.split(":")[1].isdigit() and line.count(":") >= 3 for line in lines), stdout


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_and_nothing_changes(case: Path, tmp_path: Path, capsys, monkeypatch):
    pkg = make_package(tmp_path / "pkg", case)
    before = snapshot(pkg)
    monkeypatch.chdir(tmp_path)
    returncode = main(["validate", str(pkg)])
    out = capsys.readouterr()
    assert_reported(case, returncode, out.out, out.err)
    assert snapshot(pkg) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"], "validation wrote files"


def test_the_command_reports_bad_input_without_a_traceback(tmp_path: Path):
    """The real `python -m partnership validate`, on a file that is not even UTF-8 text."""
    case = ROOT / "tests" / "bad_input" / "utf16_export"
    pkg = make_package(tmp_path / "pkg", case)
    run = subprocess.run(
        [sys.executable, "-m", "partnership", "validate", str(pkg)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert_reported(case, run.returncode, run.stdout, run.stderr)


def test_valid_package_exits_zero_with_one_line(mini_dir: Path, capsys):
    assert main(["validate", str(mini_dir)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("valid:")


def test_missing_data_dir_is_a_message_not_a_traceback(tmp_path: Path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) == 1
    assert "data directory not found" in capsys.readouterr().out
