"""Shared fixtures: a small valid package (tests/fixtures/mini + the real schema) in a tmp dir.

The nbval hook lives here too, not in notebooks/: two modules named `conftest` shadow each
other's imports. nbval re-executes the notebooks; it skips one that the last build has just verified.

A notebook whose file is, byte for byte, the executed copy that the last good build recorded
for today's inputs (its code, the data, the package, the Python version; see
partnership/publish/build.py) ran cleanly and gave exactly these outputs. Running it again
under nbval would check the same thing twice: CI builds first and fails on any changed byte.
Any other notebook (edited since, never built here, built from other inputs) runs under nbval
as usual.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from partnership.publish.build import BuildError, default_layout, make_plan

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
SCHEMA = ROOT / "data" / "datapackage.json"
EDGE = ROOT / "tests" / "fixtures" / "edge"


def make_package(dest: Path, overrides: Path | None = None) -> Path:
    """Copy the mini fixture and the real schema to dest, then apply a bad-input case if given."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in MINI.glob("*.csv"):
        shutil.copy(f, dest / f.name)
    shutil.copy(SCHEMA, dest / "datapackage.json")
    if overrides is not None:
        for f in overrides.iterdir():
            if f.name == "REMOVE":
                for name in f.read_text().split():
                    (dest / name).unlink()
            elif f.name != "EXPECT":
                shutil.copy(f, dest / f.name)
    return dest


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    return make_package(tmp_path / "mini")


@pytest.fixture
def mini_pkg(mini_dir: Path):
    from partnership import load_package

    return load_package(mini_dir)


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    """The mini package, loaded once per test module (for tests that only read it)."""
    from partnership import load_package

    return load_package(make_package(tmp_path_factory.mktemp("mini")))


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    """The edge-case package: an empty phase, an unknown end, an unused sector, a range."""
    from partnership import load_package

    return load_package(make_package(tmp_path_factory.mktemp("edge"), EDGE))


VERIFIED = "verified by the last build: executed from today's inputs, these exact bytes (.build/state.json)"


def verified_notebooks() -> set[str]:
    """Names of the notebooks whose file is the recorded output of a build from today's inputs."""
    try:
        plan = make_plan(default_layout())
    except BuildError:
        return set()
    return {s.name for s in plan.notebooks if not s.run and not s.prose_only}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("nbval", default=False):
        return
    here = default_layout().notebooks
    verified = verified_notebooks()
    for item in items:
        if item.path.suffix == ".ipynb" and item.path.parent == here and item.path.name in verified:
            item.add_marker(pytest.mark.skip(reason=VERIFIED))


# --- the browser tests' Chromium and the project's built report ------------------------------

CHROMIUM = os.environ.get("PARTNERSHIP_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
            f"(`make browser`, or `apt-get install chromium`; PARTNERSHIP_CHROMIUM points elsewhere)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def project_report() -> Path:
    """report/ as `make report` wrote it (required under CI=true, since CI builds first)."""
    folder = ROOT / "report"
    if not (folder / "index.html").is_file():
        if os.environ.get("CI"):
            pytest.fail("report/index.html is missing: CI must run `make report` before the tests")
        pytest.skip("report/index.html not built yet (run `make report`)")
    return folder


def pages_of(folder: Path) -> list[Path]:
    """The pages of one edition of a report (the folder's own pages), by name."""
    return sorted(folder.glob("*.html"))


def site_pages(folder: Path) -> list[Path]:
    """Every page of a report folder, both editions (report/it/ too)."""
    return sorted(folder.rglob("*.html"))
