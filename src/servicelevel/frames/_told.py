"""The long table of updates given (``ticket``, ``at``) that `evaluate` takes as ``updates=``,
read and checked: each update's ticket row and epoch µs (`servicelevel.frames._updates` judges them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.errors import InvalidTableError
from servicelevel.frames._input import BadRows, instant_column, pandas_in
from servicelevel.frames._labels import ticket_rows

if TYPE_CHECKING:
    from servicelevel.calendar import BusinessCalendar

__all__ = ["read_updates"]

I64 = npt.NDArray[np.int64]


def read_updates(
    table: Any, tickets: pd.DataFrame, cal: BusinessCalendar, reported: Any
) -> tuple[npt.NDArray[np.intp], I64]:
    """A long table of updates (``ticket``, ``at``) checked: each update's ticket row and epoch µs,
    in the table's order (`judge_updates` orders those it counts); every bad row raised together
    (`InvalidRowsError`)."""
    none = (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.int64))
    if table is None:
        return none
    frame, _ = pandas_in(table, "updates: expected a pandas or polars DataFrame with columns ticket, at")
    if not len(frame):
        return none
    for col in ("ticket", "at"):
        if col not in frame.columns:
            raise InvalidTableError(
                f"updates: no column {col!r}; expected a long table with columns ticket (the ticket's "
                "index label) and at (when the customer was told how it goes)"
            )
    bad = BadRows(frame.index)
    when = instant_column(frame, "at", cal, bad, True)
    where = _rows(frame["ticket"], tickets.index, bad)
    bad.add(np.flatnonzero(np.isnat(when)), "at: an update needs its instant")
    u = when.view(np.int64)
    # a row naming no ticket, or with no instant, was named above: what this says of it is not
    # read, a row keeping its first message
    early = u < reported.view(np.int64)[where]
    bad.add(np.flatnonzero(early), "at: the update is before the ticket was reported")
    bad.raise_invalid("update")
    return where, u


def _rows(named: pd.Series[Any], tickets: pd.Index[Any], bad: BadRows) -> npt.NDArray[np.intp]:
    """`ticket_rows`, straight from the numbers where the tickets are numbered 0, 1, … and every
    update names one of them (a hash lookup of millions of labels is a third of reading them)."""
    values = named.to_numpy()
    plain = isinstance(tickets, pd.RangeIndex) and tickets.start == 0 and tickets.step == 1
    if (
        plain
        and values.dtype.kind in "iu"
        and len(values)
        and 0 <= values.min()
        and values.max() < len(tickets)
    ):
        return values.astype(np.intp, copy=False)
    return ticket_rows(named, tickets, bad)
