"""Load, validate and analyse a partnership evidence data package (Frictionless, CSV).

The package knows nothing about any particular partnership: all facts live in data/.

The names below are imported on first use, so that `python -m partnership build` can decide
that nothing changed without importing pandas (see partnership/publish/build.py).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from partnership.data.load import DataPackageError, EvidencePackage, load_package
    from partnership.data.validate import Problem, validate_package

__all__ = ["DataPackageError", "EvidencePackage", "Problem", "load_package", "validate_package"]
_WHERE = {
    "DataPackageError": "partnership.data.load",
    "EvidencePackage": "partnership.data.load",
    "load_package": "partnership.data.load",
    "Problem": "partnership.data.validate",
    "validate_package": "partnership.data.validate",
}


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'partnership' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
