"""Columns of labels (tickets, statuses, levels) read into integer codes, each distinct value once."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.errors import show

__all__ = ["factorize"]


class _Rows(Protocol):
    def add(self, rows: Any, message: str) -> None: ...


def factorize(column: pd.Series[Any], name: str, bad: _Rows) -> tuple[npt.NDArray[np.intp], Any]:
    """Codes and distinct values of ``column`` (-1: missing). A cell no table holds as a label (a
    list, a dict) is a bad row, named with what it is, and read as missing."""
    try:
        return pd.factorize(column, use_na_sentinel=True)
    except TypeError:  # an unhashable cell: found one by one, only on this bad route
        odd = np.array([not isinstance(v, Hashable) for v in column], dtype=bool)
        for i in np.flatnonzero(odd).tolist():
            value = column.iloc[i]
            bad.add([i], f"{name}: expected text or a number, got {type(value).__name__} {show(value)}")
        return pd.factorize(column.where(~odd, None), use_na_sentinel=True)
