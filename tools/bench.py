"""`make bench`: how fast the build is, against the naive way, and how validation scales.

In one run, with the project's environment:
  (a) the full clean build: `python -m partnership build --force` into a temporary folder
      (the project's notebooks/, figures/ and report/ are not touched);
  (b) the naive way: `jupyter nbconvert --execute --to html` on each notebook in turn;
  (c) a no-op rebuild: the same build again, nothing changed;
  (d) a prose-only rebuild: one markdown cell of a notebook edited, in a copy of the project
      laid out as the real one (executed notebooks written over their sources), three times;
then prints each time, each notebook's execution time (the longest is the critical path), the
ratio (a)/(b) (target <= 0.22), the no-op time (target <= 0.3 s) and the median prose-only
rebuild (target <= 1.0 s). Then it writes synthetic data packages 10x, 100x and 1000x the size
of data/ (every table copied with unique ids, still valid) into a temporary folder and times
loading and validating each (target: 1000x in <= 5 s, growing about linearly). Last, it runs
`make test`'s pytest command and `make test-fast`'s, and prints pytest's own time for each
(targets: <= 75 s and <= 20 s on 2 cores).

Options: --skip-build (no build timings), --skip-scale (no validation timings), --skip-tests,
--scales 10,100,1000, --data DIR (the package to scale; default data/, or the test fixture when
data/ is not valid).
Timings are wall-clock on this machine; they vary a little from run to run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
JUPYTER = str(Path(PY).with_name("jupyter"))


def run(cmd: list[str], env: dict | None = None, cwd: Path = ROOT) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(
            f"bench: command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        )
    return seconds, proc


def valid(data: Path) -> bool:
    from partnership.data.validate import validate_package

    return data.is_dir() and not validate_package(data)


def base_package(requested: str | None, tmp: Path) -> tuple[Path, str]:
    """The package to build from and to scale: data/ if it is valid, else the mini test fixture."""
    if requested:
        return Path(requested).resolve(), requested
    if valid(ROOT / "data"):
        return ROOT / "data", "data/"
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import make_package

    return make_package(tmp / "mini"), "tests/fixtures/mini (data/ is not valid yet)"


def notebooks_dir(tmp: Path) -> tuple[Path, str]:
    nbs = sorted((ROOT / "notebooks").glob("0*.ipynb"))
    if nbs:
        return ROOT / "notebooks", f"notebooks/ ({len(nbs)} notebooks)"
    sys.path.insert(0, str(ROOT / "tests"))
    from buildhelpers import write_tiny_notebooks

    return write_tiny_notebooks(tmp / "tiny"), "the test suite's 2 tiny notebooks (notebooks/ is empty)"


# --- build vs naive ---------------------------------------------------------------------------


def bench_build(data: Path, label: str, tmp: Path) -> None:
    nb_dir, nb_label = notebooks_dir(tmp)
    print(f"build benchmark: {nb_label}, data {label}")
    out = tmp / "out"
    build = [PY, "-m", "partnership", "build", "--data", str(data), "--notebooks", str(nb_dir), "--out", str(out)]
    a, proc = run(build + ["--force"])
    print(f"  (a) full clean build (one process, 2 kernels at a time): {a:7.2f} s")
    for line in proc.stdout.splitlines():
        if line.startswith("execute"):
            name, seconds = line.split()[1], float(line.split()[-2])
            print(f"        {name:<40} {seconds:5.1f} s")

    naive_out, naive_figs = tmp / "naive", tmp / "naive-figures"
    naive_out.mkdir()
    naive_figs.mkdir()
    env = dict(os.environ, PARTNERSHIP_DATA_DIR=str(data), PARTNERSHIP_FIGURES_DIR=str(naive_figs))
    b = 0.0
    for nb in sorted(nb_dir.glob("0*.ipynb")):
        seconds, _ = run(
            [JUPYTER, "nbconvert", "--execute", "--to", "html", "--output-dir", str(naive_out), str(nb)],
            env=env,
            cwd=nb_dir,
        )
        b += seconds
    print(f"  (b) naive: jupyter nbconvert --execute --to html, one by one: {b:7.2f} s")

    c, proc = run(build)
    if "up to date" not in proc.stdout:
        sys.exit(f"bench: the second build was not a no-op:\n{proc.stdout}")
    print(f"  (c) no-op rebuild (nothing changed):                       {c:7.2f} s")
    d = bench_prose_edit(data, nb_dir, tmp / "prose")
    print(f"  (d) prose-only rebuild (one markdown cell edited), median:  {d:7.2f} s")
    print(f"  (a)/(b) = {a / b:.2f}   (target <= 0.22)")
    print(f"  (c)/(a) = {c / a:.3f}  no-op {c:.2f} s (target <= 0.30 s)")
    print(f"  prose-only rebuild {d:.2f} s (target <= 1.0 s)")


def bench_prose_edit(data: Path, nb_dir: Path, project: Path, times: int = 3) -> float:
    """Median wall time of a rebuild after editing one markdown cell, executed copies in place."""
    shutil.copytree(nb_dir, project / "notebooks", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    build = [PY, "-m", "partnership", "build", "--data", str(data), "--notebooks", str(project / "notebooks")]
    build += ["--out", str(project)]
    run(build)
    target = sorted((project / "notebooks").glob("0*.ipynb"))[0]
    seconds = []
    for i in range(times):
        nb = json.loads(target.read_text(encoding="utf-8"))
        cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        cell["source"] = "".join(cell["source"]) + f" (edit {i + 1})"
        target.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        took, proc = run(build)
        if "1 prose only" not in proc.stdout:
            sys.exit(f"bench: a prose edit was not rebuilt as prose only:\n{proc.stdout}")
        seconds.append(took)
    return statistics.median(seconds)


# --- the test suite -------------------------------------------------------------------------------


def bench_tests() -> None:
    """pytest's own time for `make test` and `make test-fast` (their commands, read from the Makefile)."""
    recipes = _make_recipes()
    print("test benchmark: pytest's own time (2 workers)")
    for target, limit in (("test", 75), ("test-fast", 20)):
        cmd = shlex.split(recipes[target].replace("$(PY)", PY))
        _, proc = run(cmd)
        found = re.findall(r" in ([0-9.]+)s", proc.stdout.splitlines()[-1])
        took = float(found[-1]) if found else float("nan")
        print(f"  make {target:<10} {took:7.1f} s  {proc.stdout.splitlines()[-1].strip('= ')}  (target <= {limit} s)")


def _make_recipes() -> dict[str, str]:
    """The pytest line of each Makefile target."""
    recipes, target = {}, None
    for line in (ROOT / "Makefile").read_text().splitlines():
        m = re.match(r"^([a-z-]+):", line)
        if m:
            target = m.group(1)
        elif target and line.startswith("\t$(PY) -m pytest"):
            recipes[target] = line.strip()
    return recipes


# --- validation at scale ----------------------------------------------------------------------


def scaled_package(base: Path, k: int, dest: Path) -> int:
    """Write `base` copied k times with unique ids into dest; return the number of data rows.

    Every identifier (string primary keys that are not enums, the columns that refer to them,
    record_id) gets a suffix
    x<copy>, so copies never collide and every reference stays inside its copy; identifier
    patterns in the schema are widened to accept the suffix. Everything else is unchanged, so
    the package stays valid.
    """
    desc = json.loads((base / "datapackage.json").read_text(encoding="utf-8"))
    id_fields = {"record_id"}
    for res in desc["resources"]:
        schema = res["schema"]
        pk = schema.get("primaryKey") or []
        pk = [pk] if isinstance(pk, str) else pk
        names = {
            f["name"]: f.get("type", "string") == "string" and "enum" not in f.get("constraints", {})
            for f in schema["fields"]
        }
        id_fields |= {f for f in pk if names.get(f)}
        for fk in schema.get("foreignKeys", []):
            id_fields |= set(fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]])
    for res in desc["resources"]:
        for f in res["schema"]["fields"]:
            pattern = f.get("constraints", {}).get("pattern")
            if f["name"] in id_fields and pattern:
                inner = re.sub(r"^\^|\$$", "", pattern)
                f["constraints"]["pattern"] = f"^(?:{inner})(?:x[0-9]+)?$"
    dest.mkdir(parents=True)
    (dest / "datapackage.json").write_text(json.dumps(desc, indent=1), encoding="utf-8")
    rows = 0
    for res in desc["resources"]:
        with open(base / res["path"], newline="", encoding="utf-8-sig") as fh:
            header, *body = list(csv.reader(fh))
        cols = [i for i, name in enumerate(header) if name in id_fields]
        with open(dest / res["path"], "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            for c in range(k):
                suffix = f"x{c}"
                for row in body:
                    row = list(row)
                    for i in cols:
                        if row[i]:
                            row[i] += suffix
                    w.writerow(row)
        rows += len(body) * k
    return rows


def bench_scale(base: Path, label: str, scales: list[int], tmp: Path) -> None:
    from partnership.data.load import load_package

    pkg = load_package(base)  # warms up the imports, which are not what is measured
    base_rows = sum(len(t) for t in pkg.tables.values())
    print(f"validation benchmark: load_package (read, type, validate) of {label} scaled up; imports not counted")
    t0 = time.perf_counter()
    load_package(base)
    prev_rows, prev_t = base_rows, time.perf_counter() - t0
    print(f"  {'1x':>6} {base_rows:>10,} rows {prev_t:8.2f} s")
    for k in scales:
        dest = tmp / f"x{k}"
        rows = scaled_package(base, k, dest)
        t0 = time.perf_counter()
        loaded = load_package(dest)
        seconds = time.perf_counter() - t0
        assert sum(len(t) for t in loaded.tables.values()) == rows
        del loaded
        growth = (seconds / prev_t) / (rows / prev_rows) if prev_t > 0 else float("nan")
        print(
            f"  {str(k) + 'x':>6} {rows:>10,} rows {seconds:8.2f} s  {1e6 * seconds / rows:6.2f} us/row  "
            f"time grew {seconds / prev_t:6.1f}x for {rows / prev_rows:.0f}x the rows (1.0 = linear: {growth:.2f})"
        )
        prev_rows, prev_t = rows, seconds
        shutil.rmtree(dest)
    print("  target: 1000x in <= 5 s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--skip-tests", action="store_true")
    ap.add_argument("--scales", default="10,100,1000")
    ap.add_argument("--data", default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="partnership-bench-") as tmp_name:
        tmp = Path(tmp_name)
        data, label = base_package(args.data, tmp)
        if not args.skip_build:
            bench_build(data, label, tmp)
        if not args.skip_scale:
            bench_scale(data, label, [int(s) for s in args.scales.split(",")], tmp)
    if not args.skip_tests:
        bench_tests()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
