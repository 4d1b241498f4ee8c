"""`make bench`: how fast the build is, against the naive way, and how validation scales.

In one run, with the project's environment:
  (a) the full clean build: `python -m partnership build --force` into a temporary folder
      (the project's notebooks/, figures/ and report/ are not touched);
  (b) the naive way: `jupyter nbconvert --execute --to html` on each notebook in turn;
  (c) a no-op rebuild: the same build again, nothing changed;
then prints each time and the ratios (a)/(b) (target <= 0.3) and (c)/(a), and the no-op time
(target <= 0.3 s). Then it writes synthetic data packages 10x, 100x and 1000x the size of data/
(every table copied with unique ids, still valid) into a temporary folder and times loading and
validating each (target: 1000x in <= 5 s, growing about linearly).

Options: --skip-build (validation only), --skip-scale (build only), --scales 10,100,1000,
--data DIR (the package to scale; default data/, or the test fixture when data/ is not valid).
Timings are wall-clock on this machine; they vary a little from run to run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
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
    a, _ = run(build + ["--force"])
    print(f"  (a) full clean build (one process, 2 kernels at a time): {a:7.2f} s")

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
    print(f"  (a)/(b) = {a / b:.2f}   (target <= 0.30)")
    print(f"  (c)/(a) = {c / a:.3f}  no-op {c:.2f} s (target <= 0.30 s)")


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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
