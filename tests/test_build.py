"""`python -m partnership build`: incremental, atomic, reproducible, clear on failure.

Each test runs the real command in a separate process against the mini fixture and two tiny
notebooks (tests/buildhelpers.py), into a temporary output folder. What the build did is read
from its own record (OUT/.build/state.json "last_build"), never from timings.
"""

from __future__ import annotations

import json
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from buildhelpers import last_build, output_bytes, report_bytes, run_build, tiny_notebook, write_tiny_notebooks
from conftest import ROOT, make_package

pytestmark = pytest.mark.kernel  # real builds: notebook kernels: not in `make test-fast`

BOTH = ["01_tiny.ipynb", "02_tiny.ipynb"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project built once: data/ (mini), nb/ (tiny notebooks), out/ (the build's outputs)."""
    base = tmp_path_factory.mktemp("built")
    data = make_package(base / "data")
    nb = write_tiny_notebooks(base / "nb")
    out = base / "out"
    run = run_build(data, nb, out)
    assert run.returncode == 0, run.stdout + run.stderr
    return base, run


@pytest.fixture
def project(built, tmp_path):
    """A private copy of the built project, for tests that change it."""
    base, _ = built
    for sub in ("data", "nb", "out"):
        shutil.copytree(base / sub, tmp_path / sub, symlinks=True)
    return tmp_path / "data", tmp_path / "nb", tmp_path / "out"


def state(out: Path) -> dict:
    return json.loads((out / ".build" / "state.json").read_text())


def test_first_build_writes_notebooks_figures_and_report(built):
    import nbformat

    base, run = built
    out = base / "out"
    files = output_bytes(out)
    assert {"notebooks/01_tiny.ipynb", "notebooks/02_tiny.ipynb", "report/index.html"} <= set(files)
    assert {
        "figures/01_tiny_bars.png",
        "figures/01_tiny_bars.json",
        "figures/01_tiny_line.svg",
        "figures/01_tiny_line.json",
    } <= set(files)
    executed = nbformat.reads(files["notebooks/02_tiny.ipynb"].decode(), as_version=4)
    assert executed.cells[1].outputs[0]["data"]["text/plain"] == "42", "the notebook was executed"
    assert "execution" not in executed.cells[1].metadata, "no timing metadata (record_timing=False)"
    lines = run.stdout.splitlines()
    for step in ("plan", "validate", "execute", "report", "write"):
        assert any(line.startswith(step) and line.rstrip().endswith(" s") for line in lines), (
            f"a {step} line with its duration"
        )
    assert lines[-1].startswith("built in ") and "2 notebooks executed" in lines[-1]
    assert sorted(last_build(out)["executed"]) == BOTH


def test_nothing_changed_means_no_work(built):
    base, _ = built
    out = base / "out"
    before = output_bytes(out)
    run = run_build(base / "data", base / "nb", out)
    assert run.returncode == 0, run.stderr
    assert "up to date" in run.stdout, run.stdout
    assert last_build(out) == {"status": "up to date", "executed": [], "failed": []}, "no kernel ran"
    assert output_bytes(out) == before


def test_the_no_op_check_imports_neither_pandas_nor_jupyter(built):
    base, _ = built
    code = (
        "import sys\n"
        "from partnership.cli import main\n"
        f"rc = main(['build', '--data', {str(base / 'data')!r}, '--notebooks', {str(base / 'nb')!r}, '--out', {str(base / 'out')!r}])\n"
        "heavy = [m for m in ('pandas', 'numpy', 'nbclient', 'jupyter_client', 'nbformat', 'matplotlib', 'frictionless') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
        "sys.exit(rc)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "up to date" in run.stdout
    assert "HEAVY []" in run.stdout


def test_two_builds_give_the_same_bytes(built, tmp_path):
    base, _ = built
    run = run_build(base / "data", base / "nb", tmp_path / "again", "--force")
    assert run.returncode == 0, run.stderr
    first, second = output_bytes(base / "out"), output_bytes(tmp_path / "again")
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], f"{name} differs between two builds"
    for name, data in second.items():
        assert str(tmp_path).encode() not in data, f"{name} contains the build's own path"


def test_changing_one_notebook_reruns_only_that_notebook(project):
    import nbformat

    data, nb, out = project
    before = output_bytes(out)
    changed = tiny_notebook(
        [("md", "# Tiny two, changed"), ("code", "x = 7 * 7\nx"), ("md", "## What we found\n\nForty-nine.")]
    )
    nbformat.write(changed, str(nb / "02_tiny.ipynb"))
    run = run_build(data, nb, out)
    assert run.returncode == 0, run.stderr
    assert last_build(out)["executed"] == ["02_tiny.ipynb"]
    assert "02_tiny.ipynb (notebook code and prose changed)" in run.stdout
    after = output_bytes(out)
    assert after["notebooks/01_tiny.ipynb"] == before["notebooks/01_tiny.ipynb"]
    assert all(after[f] == before[f] for f in before if f.startswith("figures/"))
    pages = b"".join(v for k, v in after.items() if k.startswith("report/") and k.endswith(".html"))
    assert b"Forty-nine" in pages and b"Forty-two" not in pages


def test_a_prose_only_edit_starts_no_kernel_and_gives_what_a_full_run_gives(project, tmp_path):
    import nbformat

    data, nb, out = project
    edited = nbformat.read(str(nb / "02_tiny.ipynb"), as_version=4)
    edited.cells[2].source = "## What we found\n\nForty-two, said in other words."
    edited.cells.insert(1, nbformat.v4.new_markdown_cell("A new paragraph before the code."))
    edited.cells[1].id = "tiny-new"
    nbformat.write(edited, str(nb / "02_tiny.ipynb"))
    code = (
        "import sys\n"
        "from partnership.cli import main\n"
        f"rc = main(['build', '--data', {str(data)!r}, '--notebooks', {str(nb)!r}, '--out', {str(out)!r}])\n"
        "print('KERNEL', [m for m in ('nbclient', 'jupyter_client') if m in sys.modules])\n"
        "print('HEAVY', [m for m in ('pandas', 'numpy', 'frictionless') if m in sys.modules])\n"
        "sys.exit(rc)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "02_tiny.ipynb" not in last_build(out)["executed"] and "KERNEL []" in run.stdout, "no kernel started"
    assert "HEAVY []" in run.stdout, "the data as the last build read it: the package is not loaded again"
    assert "unchanged since the last good build" in run.stdout
    assert any(line.startswith("built in") and "1 prose only" in line for line in run.stdout.splitlines())
    report = report_bytes(out)
    assert b"said in other words" in report and b"A new paragraph before the code." in report
    full = run_build(data, nb, tmp_path / "full", "--force")
    assert full.returncode == 0, full.stderr
    assert (out / "notebooks" / "02_tiny.ipynb").read_bytes() == (
        tmp_path / "full" / "notebooks" / "02_tiny.ipynb"
    ).read_bytes(), "the new prose in the recorded copy is what executing the notebook gives"
    assert report == report_bytes(tmp_path / "full")


def test_a_prose_edit_with_the_kept_data_damaged_reads_the_package_again(project):
    import nbformat

    data, nb, out = project
    before = report_bytes(out)
    kept = out / ".build" / "report-data.pickle"
    assert kept.is_file(), "a good build keeps what the report read of the data"
    kept.write_bytes(kept.read_bytes()[:100])
    edited = nbformat.read(str(nb / "02_tiny.ipynb"), as_version=4)
    edited.cells[-1].source += " Said again."
    nbformat.write(edited, str(nb / "02_tiny.ipynb"))
    run = run_build(data, nb, out)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 prose only" in run.stdout and "unchanged since the last good build" not in run.stdout
    assert any(line.startswith("validate") and "tables" in line for line in run.stdout.splitlines())
    assert b"Said again." in report_bytes(out) and report_bytes(out) != before
    again = run_build(data, nb, out)
    assert "up to date" in again.stdout
    edited.cells[-1].source += " And once more."
    nbformat.write(edited, str(nb / "02_tiny.ipynb"))
    third = run_build(data, nb, out)
    assert "unchanged since the last good build" in third.stdout, "the damaged file was written again whole"


def test_a_prose_edit_where_executed_notebooks_are_the_sources_runs_nothing(project):
    """The project's own layout: the build writes executed notebooks over their sources."""
    import nbformat

    data, _, out = project
    in_place = out / "notebooks"
    first = run_build(data, in_place, out)
    assert first.returncode == 0, first.stderr
    edited = nbformat.read(str(in_place / "02_tiny.ipynb"), as_version=4)
    edited.cells[-1].source += "\n\nA sentence added in JupyterLab."
    nbformat.write(edited, str(in_place / "02_tiny.ipynb"))
    run = run_build(data, in_place, out)
    assert run.returncode == 0, run.stderr
    assert "02_tiny.ipynb" not in last_build(out)["executed"] and "1 prose only" in run.stdout
    assert b"A sentence added in JupyterLab." in report_bytes(out)
    edited.cells[1].outputs = []  # outputs cleared by hand: the record no longer holds, so it runs
    nbformat.write(edited, str(in_place / "02_tiny.ipynb"))
    again = run_build(data, in_place, out)
    assert again.returncode == 0, again.stderr
    assert "02_tiny.ipynb" in last_build(out)["executed"]


def test_executed_notebooks_keep_no_machine_details(built):
    base, _ = built
    for name in BOTH:
        raw = (base / "out" / "notebooks" / name).read_text()
        meta = json.loads(raw)["metadata"]
        assert set(meta) <= {"kernelspec", "language_info", "partnership"}, meta
        assert meta.get("language_info", {"name": "python"}) == {"name": "python"}
        assert platform.python_version() not in raw


def test_another_python_runs_the_notebooks_again(project):
    data, nb, out = project
    recorded = state(out)
    for rec in recorded["notebooks"].values():
        rec["inputs"]["python"] = "CPython 3.11.0"
    (out / ".build" / "state.json").write_text(json.dumps(recorded))
    run = run_build(data, nb, out)
    assert run.returncode == 0, run.stderr
    assert sorted(last_build(out)["executed"]) == BOTH
    assert "(python changed)" in run.stdout


def test_changing_the_data_reruns_every_notebook(project):
    data, nb, out = project
    events = data / "events.csv"
    events.write_text(events.read_text().replace("Agreement signed", "Agreement signed again"))
    run = run_build(data, nb, out)
    assert run.returncode == 0, run.stderr
    assert sorted(last_build(out)["executed"]) == BOTH
    assert "(data changed)" in run.stdout
    assert b"Agreement signed again" in report_bytes(out)


def test_an_output_edited_by_hand_is_rebuilt(project):
    data, nb, out = project
    before = output_bytes(out)
    (out / "report" / "index.html").unlink()
    (out / "figures" / "stray.txt").write_text("not made by any notebook")
    run = run_build(data, nb, out)
    assert run.returncode == 0, run.stderr
    assert last_build(out)["executed"] == [], "the report is rewritten without running a kernel"
    assert output_bytes(out) == before, "same report, stray file gone"
    (out / "figures" / "01_tiny_bars.png").write_bytes(b"edited")
    run = run_build(data, nb, out)
    assert last_build(out)["executed"] == ["01_tiny.ipynb"], "the notebook that made the figure runs again"
    assert output_bytes(out) == before


def test_the_italian_edition_of_the_figures_is_carried_recorded_and_checked(project):
    data, nb, out = project
    before = output_bytes(out)
    italian = {"figures/it/01_tiny_bars.png", "figures/it/01_tiny_bars.json"}
    assert italian <= set(before)
    recorded = state(out)["notebooks"]["01_tiny.ipynb"]["figures"]
    assert {"it/01_tiny_bars.png", "it/01_tiny_bars.json"} <= set(recorded) and "01_tiny_bars.png" in recorded
    (out / "figures" / "it" / "stray.txt").write_text("not made by any notebook")
    run = run_build(data, nb, out)
    assert run.returncode == 0, run.stderr
    assert last_build(out)["executed"] == [] and output_bytes(out) == before, "stray file in figures/it/ gone"
    (out / "figures" / "it" / "01_tiny_bars.json").unlink()
    run = run_build(data, nb, out)
    assert last_build(out)["executed"] == ["01_tiny.ipynb"], "a missing Italian figure runs its notebook again"
    assert output_bytes(out) == before


def test_a_failing_notebook_changes_nothing_and_says_where(project):
    import nbformat

    data, nb, out = project
    before = output_bytes(out)
    recorded = state(out)["notebooks"]
    write_tiny_notebooks(nb, broken=True)
    run = run_build(data, nb, out)
    assert run.returncode == 1
    err = run.stderr
    assert "02_tiny.ipynb" in err and "cell 2 of 3, line 2: 1 / 0" in err
    assert "ZeroDivisionError: division by zero" in err
    assert "Traceback" not in err and len(err.splitlines()) < 10, "a message, not a traceback dump"
    assert "untouched" in err
    assert output_bytes(out) == before, "previous notebooks, figures and report untouched"
    assert state(out)["notebooks"] == recorded
    assert last_build(out)["failed"] == ["02_tiny.ipynb"]
    assert not (out / ".build" / "staging").exists()
    kept = nbformat.read(str(out / ".build" / "failed" / "02_tiny.ipynb"), as_version=4)
    assert kept.cells[1].outputs[0]["ename"] == "ZeroDivisionError", "the failed run is kept for inspection"


def test_bad_data_prints_the_validator_lines_and_writes_nothing(tmp_path):
    case = ROOT / "tests" / "bad_input" / "duplicate_id"
    data = make_package(tmp_path / "data", case)
    nb = write_tiny_notebooks(tmp_path / "nb")
    out = tmp_path / "out"
    run = run_build(data, nb, out)
    assert run.returncode == 1
    expect = (case / "EXPECT").read_text().strip()
    assert any(line.startswith(expect) for line in run.stdout.splitlines()), run.stdout
    assert "Traceback" not in run.stderr and "nothing was built" in run.stderr
    assert not out.exists(), "nothing written"


def test_bad_data_keeps_the_previous_outputs(project):
    data, nb, out = project
    before = output_bytes(out)
    events = data / "events.csv"
    events.write_text(events.read_text() + "E99,not a date\n")
    run = run_build(data, nb, out)
    assert run.returncode == 1
    assert "events.csv:9:-: row has 2 fields, header has 11" in run.stdout.splitlines(), run.stdout
    assert output_bytes(out) == before
    assert not (out / ".build" / "staging").exists()


def test_a_missing_notebooks_folder_is_a_clear_error(tmp_path):
    data = make_package(tmp_path / "data")
    run = run_build(data, tmp_path / "nope", tmp_path / "out")
    assert run.returncode == 1
    assert "notebooks folder not found" in run.stderr and "Traceback" not in run.stderr
