"""Shared fixtures: a small valid package (tests/fixtures/mini + the real schema) in a tmp dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
