"""Every third-party module the package imports is a direct, pinned dependency, declared twice.

requirements.in pins it (the lock follows from it) and pyproject.toml declares it, so that
`pip install .` elsewhere gets what the code needs, not what happened to be pulled in.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib

from conftest import ROOT

# import name -> distribution name, where they differ
DISTRIBUTION = {"PIL": "pillow"}


def _imported_top_level_modules() -> set[str]:
    found = set()
    for path in (ROOT / "partnership").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"partnership", "__future__"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(text: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[_normal(name)] = version
    return pins


def _needed() -> set[str]:
    return {_normal(DISTRIBUTION.get(m, m)) for m in _imported_top_level_modules()}


def test_every_import_is_pinned_in_requirements_in():
    pins = _pins((ROOT / "requirements.in").read_text())
    missing = sorted(_needed() - set(pins))
    assert not missing, f"imported by partnership/ but not in requirements.in: {missing}"
    assert all(pins.values()), f"unpinned lines in requirements.in: {[n for n, v in pins.items() if not v]}"


def test_every_import_is_declared_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_normal(re.split(r"[<>=~!; ]", d)[0]) for d in project["dependencies"]}
    assert _needed() == declared, f"pyproject dependencies differ from the imports: {sorted(_needed() ^ declared)}"


def test_the_lock_pins_what_requirements_in_pins():
    direct = _pins((ROOT / "requirements.in").read_text())
    lock = _pins((ROOT / "requirements.txt").read_text())
    wrong = {n: (v, lock.get(n)) for n, v in direct.items() if lock.get(n) != v}
    assert not wrong, f"requirements.txt disagrees with requirements.in (in, lock): {wrong}"
