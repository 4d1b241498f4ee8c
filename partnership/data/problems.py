"""A problem found in the data, and the helpers every check uses to locate and count them.

Every problem is reported as `file:row:column: message`. Row 1 is the header row, so the first
data row is row 2; row 0 means the file as a whole; column `-` means no single column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_PER_CHECK = 20  # problems listed per file, column and check before summarising the rest


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as the check allows."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


def rows(mask: pd.Series) -> list[int]:
    """Row numbers where mask is true (every table has the default index 0, 1, 2, ...)."""
    return (np.flatnonzero(mask.to_numpy()) + 2).tolist()


def report(name: str, column: str, at: list[int], message: str | Callable[[int], str]) -> list[Problem]:
    """Problems for the first rows of one check, then one line counting the rest."""
    problems = [Problem(name, r, column, message(r) if callable(message) else message) for r in at[:MAX_PER_CHECK]]
    if len(at) > MAX_PER_CHECK:
        rest = len(at) - MAX_PER_CHECK
        problems.append(Problem(name, at[MAX_PER_CHECK], column, f"... and {rest} more rows with the same problem"))
    return problems


def notna(column: pd.Series) -> pd.Series:
    """column.notna(), ~3x faster on the object columns of these tables, which hold only strings
    and NaN: NaN is the one value not equal to itself."""
    if column.dtype != object:
        return column.notna()
    values = column.to_numpy()
    return pd.Series(values == values, index=column.index)
