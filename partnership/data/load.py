"""Load the data package into typed pandas DataFrames, refusing data that does not validate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from partnership.data.paths import data_dir as default_data_dir
from partnership.data.validate import Problem, inspect_package


class DataPackageError(Exception):
    """The package has problems; `problems` lists them as file:row:column: message."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:10])
        more = f"\n... and {len(problems) - 10} more" if len(problems) > 10 else ""
        super().__init__(f"{len(problems)} problem(s) in the data package:\n{shown}{more}")


@dataclass
class EvidencePackage:
    """The typed tables of a valid package plus the metadata the charts and report quote."""

    tables: dict[str, pd.DataFrame]
    title: str
    version: str
    last_updated: str
    licence: str

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def as_of(self) -> str:
        """The "data as of" line: the package's own version and date, never the clock."""
        return f"data package v{self.version}, updated {self.last_updated}"


def load_package(data_dir: str | Path | None = None) -> EvidencePackage:
    """Validate and load the package: dates as datetimes, enums as categoricals.

    Without an argument it reads PARTNERSHIP_DATA_DIR, else the project's data/.
    """
    inspection = inspect_package(data_dir if data_dir is not None else default_data_dir())
    if inspection.problems:
        raise DataPackageError(inspection.problems)
    meta = inspection.descriptor
    licences = meta.get("licenses") or [{}]
    return EvidencePackage(
        tables=inspection.tables,
        title=meta.get("title", meta.get("name", "")),
        version=str(meta.get("version", "unversioned")),
        last_updated=str(meta.get("last_updated", "undated")),
        licence=licences[0].get("name", ""),
    )
