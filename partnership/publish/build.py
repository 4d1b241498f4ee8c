"""`python -m partnership build`: validate -> execute the notebooks -> figures/ and the report (report/, a static site).

Steps, each printed with its duration:
1. plan: hash every step's inputs and compare with the record of the last good build
   (OUT/.build/state.json). Nothing changed and every output on disk is the one recorded ->
   "up to date", no other work (this path imports neither pandas nor Jupyter).
2. validate the data package (the same validator as `python -m partnership validate`); on bad
   data print its file:row:column lines and stop before anything is written. Meanwhile the
   kernels of the first notebooks start (they run nothing until the data is known to be valid).
   When no notebook needs to run and the data, the package, requirements.txt and the Python
   version are those of the last good build, what that build read of the data for the report
   (OUT/.build/report-data.pickle, report_data.ReportData) is used instead: nothing is loaded
   or validated again, and neither pandas nor Jupyter is imported (a prose edit).
3. execute the notebooks that need it (notebooks/0*.ipynb), in this one process with nbclient,
   `jobs` at a time (default 2), longest first (durations recorded by the last build, else a guess
   from the notebook file), each kernel started in the notebooks folder with
   PARTNERSHIP_DATA_DIR set, PARTNERSHIP_FIGURES_DIR pointing at its own staging folder,
   PARTNERSHIP_DESCRIPTOR_VALIDATED set to the fingerprint of the datapackage.json just validated
   (so load_package in the kernel skips the frictionless descriptor check, ~1 s a kernel) and
   the explorer's widgets off (they would store random ids).
4. assemble figures/ (the new figures of the re-run notebooks plus the recorded figures of the
   others, each language's edition in its sub-folder, figures/it/) and render the report's
   pages (report/index.html and the rest; the Italian edition in report/it/), all in the staging
   folder OUT/.build/staging.
5. only when everything above succeeded: move the executed notebooks, figures/ and the report
   into place, then write the record. A failed build changes none of them and exits 1, naming
   the notebook, the cell and the error line.

What each step reads (its inputs, hashed with SHA-256):
- a notebook: its code cells (source and tags) and kernel name, every file in the data folder,
  the package files the notebooks can import (partnership/ without the build-only files listed
  in BUILD_ONLY), requirements.txt, the Python version and BUILD_FORMAT. Its prose (markdown
  and raw cells, notebook metadata) is hashed apart: when only the prose changed, no kernel
  starts; the new prose goes into the recorded executed copy ("prose only") and the report is
  rendered again;
- the report: every executed notebook and figure, the data, METHODOLOGY.md, the whole package
  (templates included), requirements.txt and BUILD_FORMAT.
A notebook also runs again when its executed copy or one of its figures on disk is not the one
recorded (edited by hand, deleted).

Executed notebooks keep only the metadata the build needs (KEPT_METADATA): no interpreter
version or other detail of the machine that ran them.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
import platform
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from partnership.data import paths
from partnership.i18n import (  # the report's editions: English in report/, the others in report/<lang>/
    LANGUAGES,
    SOURCE,
)
from partnership.publish.parallel import run_all

if TYPE_CHECKING:  # imported where notebooks run: a build with none to run needs no event loop
    import asyncio

BUILD_FORMAT = "2"  # bump when the build would write different bytes from the same inputs
NOTEBOOK_GLOB = "0*.ipynb"
BUILD_ONLY = {"publish", "cli.py", "__main__.py"}  # never imported by notebooks
KERNEL_NAME = "python3"
CELL_TIMEOUT = 600  # seconds per cell before the build gives up on a notebook
STATE_NAME = "state.json"
REPORT_DATA_NAME = "report-data.pickle"  # what the report read of the data (kept_report_data)
# What an executed notebook keeps of its metadata: the kernel to run it with, the language's
# name and the project's own key (e.g. {"report": false}).
KEPT_METADATA = ("kernelspec", "partnership")
PROSE_INPUT = "prose"  # the one input a notebook can change without being executed again


class BuildError(Exception):
    """The build cannot go on; the message says why and what to do."""


# --- where things are -------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Inputs (data, notebooks, project root) and the output folder the build owns parts of."""

    data: Path
    notebooks: Path
    out: Path
    root: Path = paths.ROOT

    @property
    def out_notebooks(self) -> Path:
        return self.out / "notebooks"

    @property
    def figures(self) -> Path:
        return self.out / "figures"

    @property
    def report_dir(self) -> Path:
        return self.out / "report"

    @property
    def report(self) -> Path:
        """The entry page."""
        return self.report_dir / "index.html"

    @property
    def build_dir(self) -> Path:
        return self.out / ".build"

    @property
    def state_path(self) -> Path:
        return self.build_dir / STATE_NAME

    @property
    def staging(self) -> Path:
        return self.build_dir / "staging"

    @property
    def methodology(self) -> Path:
        return self.root / "METHODOLOGY.md"


def default_layout(
    data: str | Path | None = None, notebooks: str | Path | None = None, out: str | Path | None = None
) -> Layout:
    return Layout(
        data=Path(data).resolve() if data else paths.data_dir().resolve(),
        notebooks=Path(notebooks).resolve() if notebooks else paths.NOTEBOOKS_DIR,
        out=Path(out).resolve() if out else paths.ROOT,
    )


def _show(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path) if Path.cwd() in path.parents or path == Path.cwd() else str(path)
    except ValueError:
        return str(path)


# --- hashing (cheap: no pandas, no Jupyter) -----------------------------------------------------


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    return _digest(path.read_bytes())


def files_digest(files: dict[str, Path]) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(f"{name}\0{file_digest(files[name])}\n".encode())
    return h.hexdigest()


def data_files(data: Path) -> dict[str, Path]:
    """Every file directly in the data folder (sub-folders are scratch space, not data)."""
    if not data.is_dir():
        raise BuildError(f"data folder not found: {_show(data)}")
    return {p.name: p for p in data.iterdir() if p.is_file()}


def package_files(root: Path, for_notebooks: bool) -> dict[str, Path]:
    """The package's files (code, style, templates); for notebooks, without the build-only ones."""
    pkg = root / "partnership"
    out = {}
    for p in pkg.rglob("*"):
        rel = p.relative_to(pkg)
        if not p.is_file() or "__pycache__" in rel.parts or p.suffix in (".pyc", ".pyo"):
            continue
        if for_notebooks and rel.parts[0] in BUILD_ONLY:
            continue
        out[rel.as_posix()] = p
    return out


def report_files(folder: Path) -> dict[str, Path]:
    """Every file of an output folder (report/, figures/ with its it/), by path inside it."""
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def notebook_digests(path: Path) -> dict[str, str]:
    """Hashes of what a notebook asks to run ("source": code cells, their tags, the kernel) and of
    its prose ("prose": every other cell and the metadata); outputs are never hashed."""
    try:
        nb = json.loads(path.read_bytes())
        code = [[_joined(c.get("source", "")), (c.get("metadata") or {}).get("tags", [])] for c in _code_cells(nb)]
        prose = [[c.get("cell_type"), _joined(c.get("source", "")), c.get("metadata", {})] for c in nb["cells"]]
        kernel = (nb.get("metadata") or {}).get("kernelspec", {}).get("name", "")
        meta = kept_metadata(nb.get("metadata") or {})
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BuildError(f"{_show(path)} is not a readable notebook ({exc})") from None
    return {
        "source": _digest(json.dumps([kernel, code], ensure_ascii=False).encode()),
        PROSE_INPUT: _digest(json.dumps([meta, prose], ensure_ascii=False, sort_keys=True).encode()),
    }


def _code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c.get("cell_type") == "code"]


def kept_metadata(metadata: dict) -> dict:
    """A notebook's metadata without machine details: see KEPT_METADATA."""
    kept = {k: metadata[k] for k in KEPT_METADATA if k in metadata}
    language = (metadata.get("language_info") or {}).get("name")
    if language:
        kept["language_info"] = {"name": language}
    return kept


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


# --- the record of the last good build ----------------------------------------------------------


def load_state(layout: Layout) -> dict:
    try:
        state = json.loads(layout.state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("format") == BUILD_FORMAT else {}


def _write_atomic(path: Path, data: bytes) -> None:
    """The file whole or not at all (a build cut short leaves the previous one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_json_atomic(path: Path, obj: dict) -> None:
    _write_atomic(path, (json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))


# --- planning -----------------------------------------------------------------------------------


@dataclass
class NotebookStep:
    name: str
    source: Path
    inputs: dict[str, str]
    run: bool = False
    reason: str = ""
    prose_only: bool = False  # not run: its new prose goes into the recorded executed copy


@dataclass
class Plan:
    layout: Layout
    notebooks: list[NotebookStep]
    common: dict[str, str]  # digests shared by every step
    report_inputs: str | None  # None when it can only be known after executing
    report_fresh: bool
    figures_fresh: bool
    state: dict

    @property
    def to_run(self) -> list[NotebookStep]:
        return [s for s in self.notebooks if s.run]

    @property
    def to_reprose(self) -> list[NotebookStep]:
        return [s for s in self.notebooks if s.prose_only]

    @property
    def nothing_to_do(self) -> bool:
        return not self.to_run and not self.to_reprose and self.report_fresh and self.figures_fresh

    @property
    def data_as_recorded(self) -> bool:
        """Every notebook's record was made from these exact data files (validated then)."""
        records = self.state.get("notebooks", {})
        return bool(records) and all(
            records.get(s.name, {}).get("inputs", {}).get("data") == self.common["data"] for s in self.notebooks
        )


def results_digest(path: Path) -> str:
    """Hash of a notebook's code cells with their outputs: what a run gave, without the prose.

    Where executed notebooks are written over their sources, a prose edit changes the file but
    not this, so the recorded outputs can still be trusted and the notebook need not run."""
    try:
        nb = json.loads(path.read_bytes())
        ran = [[_joined(c.get("source", "")), c.get("outputs", []), c.get("execution_count")] for c in _code_cells(nb)]
    except (ValueError, KeyError, TypeError, AttributeError):
        return ""
    return _digest(json.dumps(ran, ensure_ascii=False, sort_keys=True).encode())


def _outputs_match(layout: Layout, record: dict) -> str:
    """Why a notebook's recorded outputs are not on disk as recorded ('' when they are)."""
    executed = layout.out_notebooks / record.get("name", "")
    if not executed.is_file():
        return "executed notebook differs from the record"
    if file_digest(executed) != record.get("output") and results_digest(executed) != record.get("results"):
        return "executed notebook differs from the record"
    for fig, digest in record.get("figures", {}).items():
        p = layout.figures / fig
        if not p.is_file() or file_digest(p) != digest:
            return f"figure {fig} differs from the record"
    return ""


def report_digest(
    layout: Layout, common: dict[str, str], notebook_outputs: dict[str, str], figures: dict[str, str]
) -> str:
    parts = {
        "common": common,
        "notebooks": dict(sorted(notebook_outputs.items())),
        "figures": dict(sorted(figures.items())),
        "methodology": {
            path.name: file_digest(path) if path.is_file() else ""
            for path in (methodology_path(layout, lang) for lang in LANGUAGES)
        },
    }
    return _digest(json.dumps(parts, sort_keys=True).encode())


def _decide(step: NotebookStep, rec: dict | None, layout: Layout, force: bool) -> None:
    """Whether a notebook runs, gets its new prose only, or stays as recorded; and why."""
    if force or rec is None:
        step.run, step.reason = True, "forced" if force else "new"
        return
    why = _outputs_match(layout, rec)
    changed = [k for k in step.inputs if rec.get("inputs", {}).get(k) != step.inputs[k]]
    if why or set(changed) - {PROSE_INPUT}:
        names = {"source": "notebook code", "package": "package code", PROSE_INPUT: "prose"}
        step.run, step.reason = True, why or " and ".join(names.get(k, k) for k in changed) + " changed"
    elif changed:
        step.prose_only, step.reason = True, "prose only"


def make_plan(layout: Layout, force: bool = False) -> Plan:
    """Decide what must run, from hashes alone."""
    if not layout.notebooks.is_dir():
        raise BuildError(f"notebooks folder not found: {_show(layout.notebooks)}")
    sources = sorted(layout.notebooks.glob(NOTEBOOK_GLOB))
    if not sources:
        raise BuildError(f"no notebooks ({NOTEBOOK_GLOB}) in {_show(layout.notebooks)}")
    req = layout.root / "requirements.txt"
    common = {
        "format": BUILD_FORMAT,
        "data": files_digest(data_files(layout.data)),
        "requirements": file_digest(req) if req.is_file() else "",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }
    nb_package = files_digest(package_files(layout.root, for_notebooks=True))
    all_package = files_digest(package_files(layout.root, for_notebooks=False))
    state = {} if force else load_state(layout)
    records = state.get("notebooks", {})
    steps = []
    for src in sources:
        step = NotebookStep(src.name, src, {**common, "package": nb_package, **notebook_digests(src)})
        _decide(step, records.get(src.name), layout, force)
        steps.append(step)

    report_common = {**common, "package": all_package}
    names = {s.name for s in steps}
    recorded_figs = {f for n, r in records.items() if n in names for f in r.get("figures", {})}
    on_disk = set(report_files(layout.figures)) if layout.figures.is_dir() else set()
    figures_fresh = not force and on_disk == recorded_figs and set(records) == names
    report_inputs, report_fresh = None, False
    if not any(s.run or s.prose_only for s in steps):
        report_inputs = report_digest(
            layout,
            report_common,
            {n: records[n]["output"] for n in names},
            {f: d for n in names for f, d in records[n].get("figures", {}).items()},
        )
        rec = state.get("report", {})
        report_fresh = (
            rec.get("inputs") == report_inputs
            and layout.report_dir.is_dir()
            and files_digest(report_files(layout.report_dir)) == rec.get("output")
        )
    return Plan(layout, steps, report_common, report_inputs, report_fresh, figures_fresh, state)


# --- executing notebooks ------------------------------------------------------------------------


@dataclass
class Executed:
    step: NotebookStep
    seconds: float
    path: Path | None = None  # the executed notebook in staging
    figures_dir: Path | None = None
    error: str = ""
    failed_copy: Path | None = None


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _read_notebook(path: Path):
    """Read a notebook; cells without an id get a stable one (nbformat would invent random ids)."""
    import nbformat

    raw = json.loads(path.read_bytes())
    if raw.get("nbformat") == 4 and raw.get("nbformat_minor", 0) >= 5:
        for i, cell in enumerate(raw.get("cells", [])):
            cell.setdefault("id", f"cell-{i}")
    return nbformat.reads(json.dumps(raw), as_version=4)


def describe_cell_error(nb, cell_index: int | None, exc: BaseException) -> str:
    """'cell N, line L: <source line> / Ename: message' from a failed execution."""
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc).strip().splitlines()[-1] if str(exc).strip() else "")
    if cell_index is None:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return f"{type(exc).__name__}: {first}"
    cell = nb.cells[cell_index]
    lines = [f"cell {cell_index + 1} of {len(nb.cells)}"]
    tb = _ANSI.sub("", getattr(exc, "traceback", "") or "")
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            tb = _ANSI.sub("", "\n".join(out.get("traceback", [])))
    at = re.findall(r"(?:Cell In\s*\[\d*\]|Input In \[\d*\]), line (\d+)", tb)
    source_lines = _joined(cell.get("source", "")).splitlines()
    where = ""
    if at:
        n = int(at[-1])
        lines[0] += f", line {n}"
        if 0 < n <= len(source_lines):
            where = source_lines[n - 1].strip()
    elif source_lines:
        where = source_lines[0].strip()
    frames = re.findall(r"File (\S+?):(\d+), in (\S+)", tb)
    inner = ""
    if frames:
        file, line, func = frames[-1]
        inner = f" (raised in {file}:{line}, in {func})"
    out = lines[0] + (f": {where}" if where else "")
    return out + f"\n      {ename}: {evalue}{inner}"


def kernel_env(layout: Layout, step: NotebookStep, descriptor_fingerprint: str | None) -> dict[str, str]:
    """The environment of a notebook's kernel.

    PARTNERSHIP_DESCRIPTOR_VALIDATED tells load_package in the kernel that the build has checked
    this exact datapackage.json with frictionless (the kernel then skips that ~1 s check; any other
    descriptor bytes are checked in full). JPY_SESSION_NAME is dropped and the explorer's widgets
    are switched off: widgets would store random model ids in the executed notebook.
    """
    from partnership.data.validate import DESCRIPTOR_VALIDATED_ENV

    env = {k: v for k, v in os.environ.items() if k not in ("JPY_SESSION_NAME", DESCRIPTOR_VALIDATED_ENV)}
    env.update(
        {
            "PARTNERSHIP_DATA_DIR": str(layout.data),
            "PARTNERSHIP_FIGURES_DIR": str(layout.staging / "run" / Path(step.name).stem),
            "PARTNERSHIP_EXPLORER_WIDGETS": "0",
            "PYTHONHASHSEED": "0",  # set iteration order, hence any output built from a set, is stable
        }
    )
    if descriptor_fingerprint:
        env[DESCRIPTOR_VALIDATED_ENV] = descriptor_fingerprint
    return env


def read_descriptor_fingerprint(data: Path) -> str | None:
    """The fingerprint of datapackage.json as the validator computes it (None if unreadable)."""
    from partnership.data.validate import descriptor_fingerprint

    try:
        raw = (data / "datapackage.json").read_bytes()
    except OSError:
        return None
    return descriptor_fingerprint(raw)


def schedule(steps: list[NotebookStep], state: dict) -> list[NotebookStep]:
    """Longest first, so that the workers finish together.

    By each notebook's duration in the last build that ran it (when all of them are known), else
    by a guess from the notebook file: the charts it shows (image outputs, the slow part), then
    its size.
    """
    records = state.get("notebooks", {})
    seconds = {s.name: records.get(s.name, {}).get("seconds") for s in steps}
    if all(isinstance(v, (int, float)) for v in seconds.values()):
        cost = {name: (v,) for name, v in seconds.items()}
    else:
        cost = {s.name: _guess_cost(s.source) for s in steps}
    return sorted(steps, key=lambda s: (tuple(-c for c in cost[s.name]), s.name))


def _guess_cost(path: Path) -> tuple[int, int]:
    try:
        raw = path.read_bytes()
    except OSError:
        return 0, 0
    return raw.count(b'"image/png"'), len(raw)


class NotebookRunner:
    """Executes notebooks with nbclient in one event loop, `jobs` at a time.

    Kernels are started ahead of their notebook: `prestart()` launches the first `jobs` while
    the caller validates the data (a kernel runs nothing before `run()`), and each notebook's
    kernel is shut down in the background once its last cell ran, so the next notebook's
    kernel need not wait for it.
    """

    def __init__(self, steps: list[NotebookStep], layout: Layout, jobs: int, descriptor_fingerprint: str | None):
        self.steps = steps
        self.layout = layout
        self.jobs = max(1, jobs)
        self.fingerprint = descriptor_fingerprint
        import asyncio

        self.loop = asyncio.new_event_loop()
        self.started: dict[str, asyncio.Task] = {}  # step name -> task starting its kernel manager
        self.used: set[str] = set()  # steps whose kernel _execute_one took over (and shuts down)
        self.shutdowns: list[asyncio.Task] = []

    def _start(self, step: NotebookStep) -> asyncio.Task:
        if step.name not in self.started:
            self.started[step.name] = self.loop.create_task(self._start_kernel(step))
        return self.started[step.name]

    async def _start_kernel(self, step: NotebookStep):
        from jupyter_client.manager import AsyncKernelManager

        km = AsyncKernelManager(kernel_name=KERNEL_NAME)
        await km.start_kernel(
            env=kernel_env(self.layout, step, self.fingerprint),
            cwd=str(step.source.parent),
            transport_encryption="auto",
        )
        return km

    def prestart(self) -> None:
        """Launch the kernels of the first notebooks (returns once their processes are started)."""
        first = [self._start(s) for s in self.steps[: self.jobs]]
        if first:
            self.loop.run_until_complete(self._wait(first))

    def run(self, on_done) -> list[Executed]:
        import asyncio

        async def run_all():
            sem = asyncio.Semaphore(self.jobs)
            return await asyncio.gather(*(self._execute_one(s, sem, on_done) for s in self.steps))

        return self.loop.run_until_complete(run_all())

    async def _execute_one(self, step: NotebookStep, sem: asyncio.Semaphore, on_done) -> Executed:
        import asyncio

        import nbformat
        from nbclient import NotebookClient

        layout = self.layout
        async with sem:
            t0 = time.perf_counter()
            fig_dir = layout.staging / "run" / Path(step.name).stem
            fig_dir.mkdir(parents=True, exist_ok=True)
            try:
                nb = _read_notebook(step.source)
            except Exception as exc:  # unreadable JSON or not a notebook
                result = Executed(step, time.perf_counter() - t0, error=f"cannot read the notebook: {exc}")
                on_done(result)
                return result
            current: list[int | None] = [None]

            def on_cell_start(cell, cell_index):
                current[0] = cell_index

            result = Executed(step, 0.0)
            km = client = None
            try:
                self.used.add(step.name)
                km = await self._start(step)
                client = NotebookClient(
                    nb,
                    km=km,
                    kernel_name=KERNEL_NAME,
                    record_timing=False,
                    timeout=CELL_TIMEOUT,
                    resources={"metadata": {"path": str(step.source.parent)}},
                    on_cell_start=on_cell_start,
                )
                await client.async_execute()
            except Exception as exc:
                result.error = describe_cell_error(nb, current[0], exc)
                failed = layout.build_dir / "failed" / step.name
                failed.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(nb, str(failed))
                result.failed_copy = failed
            else:
                nb.metadata = nbformat.from_dict(kept_metadata(nb.metadata))
                out = layout.staging / "notebooks" / step.name
                out.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(nb, str(out))
                result.path, result.figures_dir = out, fig_dir
            finally:
                if km is not None:
                    self.shutdowns.append(asyncio.ensure_future(self._shutdown(km, client)))
            result.seconds = time.perf_counter() - t0
        on_done(result)
        return result

    @staticmethod
    async def _wait(tasks) -> None:
        import asyncio

        await asyncio.wait(tasks)

    @staticmethod
    async def _shutdown(km, client) -> None:
        try:
            if client is not None and client.kc is not None:
                client.kc.stop_channels()
            await km.shutdown_kernel(now=True)  # the notebook is done: nothing in the kernel to save
        except Exception:  # a kernel that is already gone
            pass

    def close(self) -> None:
        """Shut down the kernels no notebook took over (an aborted build), wait for all shutdowns."""
        loop = self.loop
        try:
            for name, task in self.started.items():
                if name in self.used:
                    continue
                if not task.done():
                    loop.run_until_complete(self._wait([task]))
                if not task.cancelled() and task.exception() is None:
                    self.shutdowns.append(loop.create_task(self._shutdown(task.result(), None)))
            pending = [t for t in self.shutdowns if not t.done()]
            if pending:
                loop.run_until_complete(self._wait(pending))
        finally:
            loop.close()


# --- the build ----------------------------------------------------------------------------------


class Progress:
    """One line per step with its duration."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def line(self, step: str, what: str, seconds: float | None = None) -> None:
        took = f"{seconds:6.1f} s" if seconds is not None else ""
        print(f"{step:<9} {what:<58} {took}".rstrip(), file=self.stream, flush=True)


@dataclass
class BuildResult:
    status: str  # "up to date", "built", "failed", "invalid data"
    executed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _lock(layout: Layout):
    layout.build_dir.mkdir(parents=True, exist_ok=True)
    handle = open(layout.build_dir / "lock", "w")  # noqa: SIM115 (held open for the whole build)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise BuildError(
            f"another build is running in {_show(layout.out)} (lock: {_show(layout.build_dir / 'lock')})"
        ) from None
    return handle


def _record_last(layout: Layout, state: dict, result: BuildResult) -> None:
    state = dict(state)
    state["format"] = BUILD_FORMAT
    state["last_build"] = {"status": result.status, "executed": result.executed, "failed": result.failed}
    _write_json_atomic(layout.state_path, state)


def build(layout: Layout, force: bool = False, jobs: int = 2, progress: Progress | None = None) -> BuildResult:
    """Run the build; see the module docstring. Raises BuildError for problems that stop it."""
    progress = progress or Progress()
    t_start = time.perf_counter()
    t0 = time.perf_counter()
    plan = make_plan(layout, force=force)
    if plan.nothing_to_do:
        result = BuildResult("up to date")
        _record_last(layout, plan.state, result)
        n = len(plan.notebooks)
        progress.line("plan", f"inputs hashed, {n} notebook{'s' * (n != 1)}", time.perf_counter() - t0)
        print(
            f"up to date: nothing changed since the last build, nothing to do ({time.perf_counter() - t_start:.2f} s)",
            flush=True,
        )
        return result
    prose = f", {len(plan.to_reprose)} prose only" if plan.to_reprose else ""
    progress.line(
        "plan", f"{len(plan.to_run)} of {len(plan.notebooks)} notebooks to run{prose}", time.perf_counter() - t0
    )

    # 2'. Nothing to run, and data, package and interpreter as in the last good build: the data
    # it validated and gathered for the report is reused, so neither the package nor pandas loads.
    kept = None if plan.to_run else kept_report_data(layout, plan.common)
    if kept is not None:
        progress.line("validate", f"{_show(layout.data)}: unchanged since the last good build", 0.0)
        lock = _lock(layout)
        try:
            return _build_locked(plan, kept, None, jobs, progress, t_start)
        finally:
            lock.close()

    # 2. validate: before anything is written. The first kernels start meanwhile (they run
    # nothing until the data is known to be valid; an aborted build shuts them down).
    t0 = time.perf_counter()
    fingerprint = read_descriptor_fingerprint(layout.data)
    runner = NotebookRunner(schedule(plan.to_run, load_state(layout)), layout, jobs, fingerprint)
    try:
        runner.prestart()
        from partnership.data.load import DataPackageError, load_package
        from partnership.data.validate import DESCRIPTOR_VALIDATED_ENV

        # The build checks the descriptor in full, unless the last good build checked these exact
        # data files (the rows are checked every time).
        inherited = os.environ.pop(DESCRIPTOR_VALIDATED_ENV, None)
        if plan.data_as_recorded and fingerprint:
            os.environ[DESCRIPTOR_VALIDATED_ENV] = fingerprint
        try:
            pkg = load_package(layout.data)
        except DataPackageError as exc:
            for problem in exc.problems:
                print(problem, flush=True)
            print(
                f"{len(exc.problems)} problem(s) in {_show(layout.data)}: nothing was built",
                file=sys.stderr,
                flush=True,
            )
            return BuildResult("invalid data")
        finally:
            os.environ.pop(DESCRIPTOR_VALIDATED_ENV, None)
            if inherited is not None:
                os.environ[DESCRIPTOR_VALIDATED_ENV] = inherited
        if read_descriptor_fingerprint(layout.data) != fingerprint:
            raise BuildError(
                f"{_show(layout.data / 'datapackage.json')} changed during the build; nothing was written, "
                "run the build again"
            )
        rows = sum(len(t) for t in pkg.tables.values())
        progress.line(
            "validate", f"{_show(layout.data)}: {len(pkg.tables)} tables, {rows} rows", time.perf_counter() - t0
        )

        lock = _lock(layout)
        try:
            return _build_locked(plan, pkg, runner, jobs, progress, t_start)
        finally:
            lock.close()
    finally:
        runner.close()


def _build_locked(
    plan: Plan, source, runner: NotebookRunner | None, jobs: int, progress: Progress, t_start: float
) -> BuildResult:
    layout = plan.layout
    if layout.staging.exists():
        shutil.rmtree(layout.staging)
    layout.staging.mkdir(parents=True)
    try:
        return _build_staged(plan, source, runner, jobs, progress, t_start)
    finally:
        shutil.rmtree(layout.staging, ignore_errors=True)


def _build_staged(
    plan: Plan, source, runner: NotebookRunner | None, jobs: int, progress: Progress, t_start: float
) -> BuildResult:
    """Steps 3-5 in the staging folder; the outputs are touched only in the last one.

    source: the loaded data package, or (nothing to run) each edition's data as the last good
    build gathered it (kept_report_data)."""
    layout = plan.layout
    executed = _execute(plan, runner, progress)
    failures = [r for r in executed if r.error]
    if failures:
        return _report_failures(plan, executed, failures)
    by_name = {r.step.name: r for r in executed}
    t0 = time.perf_counter()
    by_name.update({s.name: _reprose(s, layout) for s in plan.to_reprose})
    final_figs, owners, new_records = _assemble_figures(plan, by_name)
    staged_report, warnings, gathered = _render_report(plan, source, by_name, final_figs, owners, progress, t0)
    t0 = time.perf_counter()
    _commit(plan, by_name, final_figs, staged_report, new_records)
    if gathered is not source:
        keep_report_data(layout, plan.common, gathered)
    result = BuildResult("built", [r.step.name for r in executed], [], warnings)
    _record_last(layout, layout_state(plan, new_records), result)
    progress.line("write", f"notebooks, {_show(layout.figures)}/, {_show(layout.report)}", time.perf_counter() - t0)
    reprosed = len(plan.to_reprose)
    unchanged = len(plan.notebooks) - len(executed) - reprosed
    print(
        f"built in {time.perf_counter() - t_start:.1f} s: {len(executed)} notebook{'s' * (len(executed) != 1)} "
        f"executed ({jobs} at a time), {reprosed} prose only, {unchanged} unchanged, report written",
        flush=True,
    )
    return result


def _execute(plan: Plan, runner: NotebookRunner | None, progress: Progress) -> list[Executed]:
    """3. Run the notebooks that need it, longest first; listed in notebook order."""
    if runner is None:
        return []

    def done(r: Executed) -> None:
        progress.line("execute", f"{r.step.name} ({r.step.reason})" + (" FAILED" if r.error else ""), r.seconds)

    order = {s.name: i for i, s in enumerate(plan.notebooks)}
    return sorted(runner.run(done), key=lambda r: order[r.step.name])


def _report_failures(plan: Plan, executed: list[Executed], failures: list[Executed]) -> BuildResult:
    result = BuildResult("failed", [r.step.name for r in executed if not r.error], [r.step.name for r in failures])
    for r in failures:
        print(f"error: {_show(r.step.source)}: {r.error}", file=sys.stderr, flush=True)
        if r.failed_copy:
            print(f"      the executed notebook with the error: {_show(r.failed_copy)}", file=sys.stderr, flush=True)
    _record_last(plan.layout, plan.state, result)
    print(
        f"build failed: {len(failures)} of {len(plan.notebooks)} notebooks failed; the previous notebooks, "
        f"figures and report are untouched",
        file=sys.stderr,
        flush=True,
    )
    return result


def _reprose(step: NotebookStep, layout: Layout) -> Executed:
    """The recorded executed copy with the notebook's new prose (cells and metadata), its code
    cells' outputs kept; written as nbformat writes, i.e. the bytes a full run would give."""
    t0 = time.perf_counter()
    source = json.loads(step.source.read_bytes())
    recorded = json.loads((layout.out_notebooks / step.name).read_bytes())
    ran = iter(_code_cells(recorded))
    with_ids = source.get("nbformat") == 4 and source.get("nbformat_minor", 0) >= 5
    cells = []
    for i, cell in enumerate(source["cells"]):
        cell = {**cell, "metadata": {k: v for k, v in (cell.get("metadata") or {}).items() if k != "trusted"}}
        if with_ids:
            cell.setdefault("id", f"cell-{i}")
        if isinstance(cell.get("source"), str):
            cell["source"] = cell["source"].splitlines(True)
        if cell.get("cell_type") == "code":
            prior = next(ran)
            cell["outputs"], cell["execution_count"] = prior.get("outputs", []), prior.get("execution_count")
        cells.append(cell)
    language = (recorded.get("metadata") or {}).get("language_info")  # what the kernel said when it ran
    metadata = {**(source.get("metadata") or {}), **({"language_info": language} if language else {})}
    nb = {**source, "cells": cells, "metadata": kept_metadata(metadata)}
    text = json.dumps(nb, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False)
    out = layout.staging / "notebooks" / step.name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return Executed(step, time.perf_counter() - t0, path=out)


def _assemble_figures(plan: Plan, by_name: dict[str, Executed]) -> tuple[Path, dict[str, list[str]], dict[str, dict]]:
    """4a. The figures folder as it will be: new figures of re-run notebooks, recorded ones of
    the rest; and each notebook's new record. Files are named by their path in the folder
    ('it/NAME.png' for the Italian edition); a notebook owns the figures whose sidecar is at the top."""
    layout = plan.layout
    records = plan.state.get("notebooks", {})
    final_figs = layout.staging / "figures"
    final_figs.mkdir()
    owners: dict[str, list[str]] = {}
    new_records: dict[str, dict] = {}
    made_by: dict[str, str] = {}
    for step in plan.notebooks:
        r = by_name.get(step.name)
        ran = r is not None and r.figures_dir is not None
        # The figures of a notebook that did not run are the recorded ones: the plan checked each
        # file against its recorded digest, so they are linked (not copied) and not hashed again.
        recorded = {} if ran else records[step.name].get("figures", {})
        files = report_files(r.figures_dir) if ran else {f: layout.figures / f for f in recorded}
        nb_path = r.path if r is not None else layout.out_notebooks / step.name
        for fname, src in files.items():
            if fname in made_by:
                raise BuildError(f"figure file {fname} is made by both {made_by[fname]} and {step.name}")
            made_by[fname] = step.name
            (final_figs / fname).parent.mkdir(parents=True, exist_ok=True)
            _place(src, final_figs / fname, link=not ran)
        owners[step.name] = sorted({Path(f).stem for f in files if f.endswith(".json") and "/" not in f})
        new_records[step.name] = {
            "name": step.name,
            "inputs": step.inputs,
            "output": file_digest(nb_path),
            "results": results_digest(nb_path),
            "figures": {f: recorded.get(f) or file_digest(final_figs / f) for f in sorted(files)},
        }
        seconds = round(r.seconds, 1) if ran else records.get(step.name, {}).get("seconds")
        if seconds is not None:
            new_records[step.name]["seconds"] = seconds  # for scheduling the next build (longest first)
    return final_figs, owners, new_records


def _place(src: Path, dest: Path, link: bool) -> None:
    """A figure file into the staged folder: a hard link to a file the build will not write
    again (where the file system allows), else a copy."""
    if link:
        try:
            os.link(src, dest)
            return
        except OSError:
            pass
    shutil.copyfile(src, dest)


def _render_report(
    plan: Plan,
    source,
    by_name: dict[str, Executed],
    final_figs: Path,
    owners: dict[str, list[str]],
    progress: Progress,
    t0: float,
) -> tuple[Path, list[str], dict]:
    """4b. The report, in staging, from the executed notebooks as they will be; with what each
    edition read of the data (`source` itself when it was given that)."""
    from partnership.publish import report as report_mod

    layout = plan.layout
    notebooks = []
    for step in plan.notebooks:
        path = by_name[step.name].path if step.name in by_name else layout.out_notebooks / step.name
        notebooks.append((step.name, json.loads(path.read_bytes())))
    descriptor, changelog = report_texts(layout)
    changelog_path = layout.data / "CHANGELOG.md"
    staged_report = layout.staging / "report" / "index.html"

    def edition(lang: str) -> tuple[dict[str, int], list[str], object]:
        """One edition, written into the staged report (by the process that rendered it, so that
        the pages need not pass between processes); its files' sizes, warnings and the data it
        gathered (None when it was given the kept data)."""
        warnings: list[str] = []
        prepared = report_mod.prepare(
            source[lang] if isinstance(source, dict) else source,
            notebooks,
            edition_figures(final_figs, lang),
            methodology_text(layout, lang),
            owners,
            descriptor.get("description", ""),
            warnings,
            changelog,
            lang,
        )
        files = report_mod.render_site(prepared)
        report_mod.write_site(staged_report.parent, files)
        gathered = None if isinstance(source, dict) else prepared.data
        return {path: len(data) for path, data in files.items()}, warnings, gathered

    report_mod.keep_compiled_templates(layout.build_dir / "templates")
    try:
        editions = run_all(edition, LANGUAGES)  # side by side when a core is free
    except report_mod.ReportError as exc:
        raise BuildError(f"the report cannot be written: {exc}") from None
    sizes = {path: size for written, _, _ in editions for path, size in written.items()}
    warnings = [w for _, said, _ in editions for w in said]
    if changelog_path.is_file():
        _write_feed(changelog_path, changelog, descriptor, staged_report.parent / "feed.xml")
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr, flush=True)
    pages = [f for f in sizes if f.endswith(".html")]
    size_kb = sum(sizes[f] for f in pages) / 1024
    progress.line(
        "report",
        f"{_show(layout.report)}: {len(pages)} pages ({size_kb:,.0f} KB), {sum(map(len, owners.values()))} figures",
        time.perf_counter() - t0,
    )
    gathered = source if isinstance(source, dict) else {lang: data for lang, (_, _, data) in zip(LANGUAGES, editions)}
    return staged_report, warnings, gathered


def _report_data_key(common: dict[str, str]) -> str:
    return _digest(json.dumps(common, sort_keys=True).encode())


def keep_report_data(layout: Layout, common: dict[str, str], gathered: dict) -> None:
    """Keep what each edition read of the data (report_data.ReportData), keyed by the inputs it
    came from (data files, package, requirements, interpreter), for the next prose-only rebuild."""
    blob = pickle.dumps({"key": _report_data_key(common), "editions": gathered}, protocol=pickle.HIGHEST_PROTOCOL)
    _write_atomic(layout.build_dir / REPORT_DATA_NAME, blob)


def kept_report_data(layout: Layout, common: dict[str, str]) -> dict | None:
    """Each edition's data as kept by the last good build, if it came from these exact inputs
    (None otherwise: the package is then loaded and validated as usual). The file is the build's
    own, written beside its record, like the executed notebooks it trusts."""
    try:
        kept = pickle.loads((layout.build_dir / REPORT_DATA_NAME).read_bytes())
    except Exception:  # missing, cut short or from another version of the code: read the data again
        return None
    if not isinstance(kept, dict) or kept.get("key") != _report_data_key(common):
        return None
    editions = kept.get("editions")
    return editions if isinstance(editions, dict) and set(editions) == set(LANGUAGES) else None


def edition_figures(figures: Path, lang: str) -> Path:
    """Where an edition's charts are: figures/ for English, figures/<lang>/ for the others."""
    return figures if lang == SOURCE else figures / lang


def methodology_path(layout: Layout, lang: str) -> Path:
    """An edition's methodology: METHODOLOGY.md, METHODOLOGY.<lang>.md."""
    return layout.methodology if lang == SOURCE else layout.methodology.with_suffix(f".{lang}.md")


def methodology_text(layout: Layout, lang: str) -> str:
    path = methodology_path(layout, lang)
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def report_texts(layout: Layout) -> tuple[dict, str]:
    """What every edition reads besides notebooks, figures and methodology: the data's
    descriptor and its CHANGELOG.md (each empty when missing)."""
    try:
        descriptor = json.loads((layout.data / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        descriptor = {}
    changelog_path = layout.data / "CHANGELOG.md"
    changelog = changelog_path.read_text(encoding="utf-8") if changelog_path.is_file() else ""
    return descriptor, changelog


def _write_feed(path: Path, changelog: str, descriptor: dict, dest: Path) -> None:
    """report/feed.xml from the data's changelog (read once, for the report and the feed)."""
    from partnership.publish.feed import ChangelogError, atom_feed

    name, title = descriptor.get("name", "data-package"), descriptor.get("title", "Data package")
    try:
        feed = atom_feed(changelog, name, title, path=_show(path))
        dest.write_text(feed, encoding="utf-8")
    except ChangelogError as exc:
        raise BuildError(f"the feed cannot be written: {exc}") from None


def _commit(
    plan: Plan, by_name: dict[str, Executed], final_figs: Path, staged_report: Path, new_records: dict[str, dict]
) -> None:
    """5. Only now touch the outputs: notebooks, then figures/, then the report."""
    layout = plan.layout
    for step in plan.notebooks:
        if step.name in by_name and notebook_digests(step.source) != {
            k: step.inputs[k] for k in ("source", PROSE_INPUT)
        }:
            raise BuildError(f"{_show(step.source)} changed during the build; nothing was written, run the build again")
    layout.out_notebooks.mkdir(parents=True, exist_ok=True)
    for name, r in by_name.items():
        os.replace(r.path, layout.out_notebooks / name)
        (layout.build_dir / "failed" / name).unlink(missing_ok=True)  # an old failure is no longer news
    old_figs = layout.staging / "figures.old"
    if layout.figures.exists():
        os.replace(layout.figures, old_figs)
    os.replace(final_figs, layout.figures)
    old_report = layout.staging / "report.old"
    if layout.report_dir.exists():
        os.replace(layout.report_dir, old_report)
    os.replace(staged_report.parent, layout.report_dir)


def layout_state(plan: Plan, new_records: dict[str, dict]) -> dict:
    """The record of a good build: each notebook's inputs and outputs, the report's."""
    layout = plan.layout
    report_inputs = report_digest(
        layout,
        plan.common,
        {n: rec["output"] for n, rec in new_records.items()},
        {f: d for rec in new_records.values() for f, d in rec["figures"].items()},
    )
    return {
        "format": BUILD_FORMAT,
        "notebooks": new_records,
        "report": {"inputs": report_inputs, "output": files_digest(report_files(layout.report_dir))},
    }


def main(
    data: str | None = None, notebooks: str | None = None, out: str | None = None, force: bool = False, jobs: int = 2
) -> int:
    """The `build` command: exit 0 when built or up to date, 1 otherwise."""
    try:
        layout = default_layout(data, notebooks, out)
        result = build(layout, force=force, jobs=jobs)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0 if result.status in ("built", "up to date") else 1
