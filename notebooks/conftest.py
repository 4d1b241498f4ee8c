"""nbval re-executes the notebooks; it skips one that the last build has just verified.

A notebook whose file is, byte for byte, the executed copy that the last good build recorded
for today's inputs (its code, the data, the package, the Python version; see
partnership/publish/build.py) ran cleanly and gave exactly these outputs. Running it again
under nbval would check the same thing twice: CI builds first and fails on any changed byte.
Any other notebook (edited since, never built here, built from other inputs) runs under nbval
as usual.
"""

from __future__ import annotations

import pytest

from partnership.publish.build import BuildError, default_layout, make_plan

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
