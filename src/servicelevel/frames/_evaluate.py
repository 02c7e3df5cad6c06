"""A contract over a table of tickets: dues, states, margins and time spent per metric.

`evaluate` computes, for every ticket row, what `Incident.status` computes for one incident (due,
state, business time to spare), but a column at a time on the calendars' column API. The table is
read and checked into each metric's clocks by `frames._tickets` and judged by `frames._judge`;
here the answer is put together beside the columns the caller keeps. pandas is needed (polars
frames go through it); nothing here is imported until a contract evaluates a table.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from servicelevel.errors import InvalidOptionError, InvalidTableError, show
from servicelevel.frames._input import BadRows, metric_columns, pandas_in, polars_out
from servicelevel.frames._tickets import check_event_columns, clocks, event_columns, prepare
from servicelevel.frames._updates import evaluate_updates
from servicelevel.frames._versions import (
    add_penalty_versions,
    add_warned_versions,
    judge_versions,
    version_of_rows,
)

if TYPE_CHECKING:
    from servicelevel.sla import Contract

__all__ = ["evaluate"]


def evaluate(
    contract: Contract,
    tickets: Any,
    *,
    at: Any = None,
    pauses: Any = None,
    reclassifications: Any = None,
    out_of_term: bool = False,
    keep: Sequence[str] | None = None,
    ticket: str | None = None,
    updates: Any = None,
) -> Any:
    """See `Contract.evaluate`."""
    tickets, back_to_polars = pandas_in(tickets, "tickets: expected a pandas or polars DataFrame")
    if ticket is not None:
        tickets = _by_ticket(tickets, ticket)
    if tickets.index.has_duplicates:
        counts = tickets.index.value_counts()
        twice = counts[counts > 1]
        label = twice.index[0]
        raise InvalidTableError(
            f"tickets: the ticket label {label!r} is used {int(twice.iloc[0])} times"
            + (f" (and {len(twice) - 1} more labels are used more than once)" if len(twice) > 1 else "")
            + "; each row is one ticket: give the table a unique index"
        )
    check_event_columns(contract, tickets)
    kept = _kept(contract, tickets, keep)
    home = contract.home_calendar
    table, paused, at64, metrics = prepare(contract, tickets, at, pauses, reclassifications, out_of_term)
    out = tickets[kept]  # a new frame (copy-on-write): no deep copy of the input
    bad = BadRows(tickets.index)  # rows past the horizon, reported together
    in_level = {lv.key: table.level(lv.key) for lv in contract.levels}
    regions = None if table.region is None else table.region.to_numpy(dtype=object)
    columns: dict[str, Any] = {}
    version = version_of_rows(contract, table.reported)  # the terms in force at each report
    for metric in metrics:
        metric_clocks = clocks(table, metric, paused)
        judged = judge_versions(
            contract, metric.name, in_level, regions, metric_clocks, at64, bad.add, version
        )
        # each metric's columns built at once, so its working arrays (states as text) are freed
        # before the next metric's are made: a million tickets' peak is ~200 MB lower for it
        metric_columns(columns, metric.name, judged, home.tz)
        add_penalty_versions(columns, contract, metric.name, in_level, judged, version)
        add_warned_versions(
            columns, contract, metric.name, in_level, judged, metric_clocks, at64, version, regions
        )
        del judged, metric_clocks
    bad.raise_if_any()
    evaluate_updates(columns, contract, table, paused, updates, tickets, at64)  # 每N小时通报进展
    if table.outside.any():
        columns["out_of_term"] = table.outside
    # the input's columns beside the new ones, as they are: inserting them one by one copies
    # the frame's blocks (~140 MB more at a million tickets) and takes four times as long
    for name in [c for c in columns if c in out.columns]:  # a kept column of that name: in its place
        out[name] = columns.pop(name)
    joined = pd.concat([out, pd.DataFrame(columns, index=out.index, copy=False)], axis=1)
    joined.columns = pd.Index(joined.columns, dtype=out.columns.dtype if len(out.columns) else None)
    joined.attrs = out.attrs  # as the frame selected from the tickets carries them
    out = joined
    if back_to_polars:  # polars keeps no index: the tickets named by `ticket=` come back as a column
        return polars_out(out.reset_index(drop=isinstance(out.index, pd.RangeIndex)))
    return out


def _by_ticket(tickets: pd.DataFrame, ticket: object) -> pd.DataFrame:
    """The tickets indexed by the column ``ticket`` names (what the pauses' ``ticket`` then holds)."""
    if not isinstance(ticket, str) or not ticket:
        raise InvalidOptionError(
            f"ticket: expected the name of the column naming each ticket, got {show(ticket)}"
        )
    if ticket not in tickets.columns:
        close = difflib.get_close_matches(ticket, [str(c) for c in tickets.columns], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        columns = ", ".join(map(str, tickets.columns))
        raise InvalidTableError(f"ticket: no column {ticket!r} in the tickets{hint}; it has {columns}")
    return tickets.set_index(ticket)


def _kept(contract: Contract, tickets: pd.DataFrame, keep: Sequence[str] | None) -> list[Any]:
    """The input columns the result keeps: level, region, the instants, and those named in ``keep``."""
    inputs = {"level", "region", *event_columns(contract)}
    out = [c for c in tickets.columns if c in inputs]
    if keep is None:
        return out
    if isinstance(keep, str) or not all(isinstance(k, str) for k in keep):
        raise InvalidOptionError(f"keep: expected a list of column names, got {keep!r}")
    for name in keep:
        if name not in tickets.columns:
            close = difflib.get_close_matches(name, [str(c) for c in tickets.columns], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InvalidTableError(f"keep: no column {name!r} in the tickets{hint}")
        if name not in out:
            out.append(name)
    return out
