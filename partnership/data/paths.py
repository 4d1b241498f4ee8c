"""Project paths, in one place so notebooks, the build and the tests agree.

PARTNERSHIP_DATA_DIR and PARTNERSHIP_FIGURES_DIR override the defaults: the build points them
at a staging folder (atomic builds) and the tests at fixtures.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORT_DIR = ROOT / "report"


def data_dir() -> Path:
    """The data package folder in use."""
    return Path(os.environ.get("PARTNERSHIP_DATA_DIR", ROOT / "data"))


def figures_dir() -> Path:
    """Where exported figures go."""
    return Path(os.environ.get("PARTNERSHIP_FIGURES_DIR", ROOT / "figures"))
