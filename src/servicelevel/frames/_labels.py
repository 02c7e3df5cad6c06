"""Columns of labels (tickets, statuses, levels) read into integer codes, each distinct value once."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.errors import show

__all__ = ["factorize", "region_codes", "ticket_rows"]


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


def ticket_rows(named: pd.Series[Any], tickets: pd.Index[Any], bad: _Rows) -> npt.NDArray[np.intp]:
    """The row of the tickets each value of ``named`` (a long table's ``ticket`` column) names (-1:
    none); a value naming no ticket is a bad row, told what a ticket is named by in this table: its
    row position where the table has no index of its own (a polars table, or pandas' default), else
    its index label (the column given as ``ticket=``, or the index)."""
    where: npt.NDArray[np.intp] = tickets.get_indexer(pd.Index(named))
    missing = np.flatnonzero(where < 0)
    if not len(missing):
        return where
    if isinstance(tickets, pd.RangeIndex) and tickets.name is None:
        expected = (
            f"expected a row position of the tickets, 0 to {len(tickets) - 1}: a table without an index "
            "(a polars table) names its tickets by position, unless evaluate(ticket='<column>') names the "
            "column whose values the pauses use"
        )
    else:
        what = "the ticket column" if tickets.name is None else f"the ticket column {str(tickets.name)!r}"
        sample = ", ".join(show(v.item() if isinstance(v, np.generic) else v, 20) for v in tickets[:3])
        expected = (
            f"expected a value of {what} (the tickets' index: {sample}{', …' if len(tickets) > 3 else ''})"
        )
    for i in missing.tolist():
        value = named.iloc[i]
        value = value.item() if isinstance(value, np.generic) else value  # 1, not np.int64(1)
        bad.add([i], f"ticket: {show(value, 40)} is not a ticket in the table; {expected}")
    return where
