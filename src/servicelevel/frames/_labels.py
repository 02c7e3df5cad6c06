"""Columns of labels (tickets, statuses, levels) read into integer codes, each distinct value once."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.errors import show

__all__ = ["factorize", "region_codes"]


class _Rows(Protocol):
    def add(self, rows: Any, message: str) -> None: ...


def factorize(column: pd.Series[Any], name: str, bad: _Rows) -> tuple[npt.NDArray[np.intp], Any]:
    """Codes and distinct values of ``column`` (-1: missing). A cell no table holds as a label (a
    list, a dict) is a bad row, named with what it is, and read as missing."""
    try:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
    except TypeError:  # an unhashable cell: found one by one, only on this bad route
        odd = np.array([not isinstance(v, Hashable) for v in column], dtype=bool)
        for i in np.flatnonzero(odd).tolist():
            value = column.iloc[i]
            bad.add([i], f"{name}: expected text or a number, got {type(value).__name__} {show(value)}")
        codes, uniques = pd.factorize(column.where(~odd, None), use_na_sentinel=True)
    if isinstance(uniques, pd.CategoricalIndex):  # the labels as the values they are, whatever held them
        uniques = uniques.categories.take(uniques.codes)
    return codes, uniques


class _Ignored:
    def add(self, rows: Any, message: str) -> None:
        """A cell that is no label is no region either: nothing to name."""


def region_codes(column: pd.Series[Any]) -> tuple[npt.NDArray[np.intp], npt.NDArray[Any]]:
    """The region each row names, as codes into the distinct regions (-1: none: missing, empty, or
    not text), each distinct value looked at once whatever the column's dtype."""
    codes, uniques = factorize(column, "region", _Ignored())
    named = np.array([v if isinstance(v, str) and v else None for v in uniques], dtype=object)
    is_named = np.array([v is not None for v in named] + [False], dtype=bool)  # [-1]: missing
    return np.where(is_named[codes], codes, -1), named
