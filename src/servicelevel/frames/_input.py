"""Tables in and out: instant columns, the long tables beside the tickets, bad rows, polars.

What every reading of a table shares. A column of instants is read as the calendar reads one
instant (aware datetimes, pyarrow's aware timestamps and ISO text fast by `frames._times`;
anything else row by row). The long tables of pauses and reclassifications are
checked against the tickets they name. Bad rows are collected and raised together
(`InvalidRowsError`), and polars frames come in and go back out through pandas. This module is
imported only when a contract reads a table, so pandas is imported at its top.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from attrs import fields, frozen

from servicelevel.calendar import BusinessCalendar, Pauses
from servicelevel.errors import (
    InvalidRowsError,
    InvalidTableError,
    NaiveDatetimeError,
    ServiceLevelError,
)
from servicelevel.frames._judge import NAT, Paused, Times
from servicelevel.frames._labels import ticket_rows
from servicelevel.frames._times import arrow_instants, iso_text
from servicelevel.sla import STATES

if TYPE_CHECKING:
    from servicelevel.sla import Contract

__all__ = [
    "LogColumns",
    "SHOWN",
    "BadRows",
    "at_us",
    "at_utc",
    "instant_column",
    "metric_columns",
    "pandas_in",
    "polars_out",
    "read_pauses",
    "read_reclassifications",
    "states_from_codes",
    "to64",
]

SHOWN = 20  # bad rows listed in a message (all are in ``InvalidRowsError.rows``)


class BadRows:
    """Bad rows found so far: index label -> message, raised together at the end."""

    def __init__(self, index: pd.Index[Any]) -> None:
        self.index = index
        self.bad: dict[object, str] = {}
        self._at: dict[object, int] = {}  # each bad label's first position, to list them in order

    def label(self, p: int) -> object:
        """Row ``p``'s label as the caller knows it: 11, not np.int64(11)."""
        return self.index[p].item() if isinstance(self.index[p], np.generic) else self.index[p]

    def add(self, positions: npt.NDArray[np.intp] | Sequence[int], message: str) -> None:
        """Note the rows at ``positions`` as bad; a row keeps the first message it was given."""
        for p in np.asarray(positions).tolist():
            label = self.label(int(p))
            self.bad.setdefault(label, message)
            self._at.setdefault(label, int(p))

    def raise_if_any(self) -> None:
        """Raise for the bad ticket rows, in table order; nothing if there are none."""
        if not self.bad:
            return
        self.bad = dict(sorted(self.bad.items(), key=lambda item: self._at[item[0]]))  # in table order
        shown = "; ".join(f"row {label!r}: {msg}" for label, msg in list(self.bad.items())[:SHOWN])
        more = f" (and {len(self.bad) - SHOWN} more)" if len(self.bad) > SHOWN else ""
        raise InvalidRowsError(
            f"{len(self.bad)} ticket rows cannot be evaluated: {shown}{more}; "
            "InvalidRowsError.rows maps every bad row to its message",
            self.bad,
        )

    def raise_invalid(self, kind: str) -> None:
        """Raise for the bad rows of a long table (``kind``: pause, reclassification), as found."""
        if self.bad:
            shown = "; ".join(f"{kind} row {k!r}: {v}" for k, v in list(self.bad.items())[:SHOWN])
            raise InvalidRowsError(f"{len(self.bad)} {kind} rows are invalid: {shown}", self.bad)


@frozen
class LogColumns:
    """The log's columns `replay` was told to read (None: not given)."""

    ticket: str
    time: str
    status: str
    level: str
    order: str | None = None
    reported: str | None = None
    region: str | None = None
    update: str | None = None  # the workflow's update_column (issue #29 §3), not a replay option

    def named(self) -> list[tuple[str, str | None]]:
        """(what, column name) for every column, given or not, in the order replay lists them."""
        return [(f.name, getattr(self, f.name)) for f in fields(LogColumns)]


def pandas_in(table: Any, refusal: str) -> tuple[pd.DataFrame, bool]:
    """A pandas or polars table as pandas, and whether it came as polars (the answer goes back as
    polars); anything else is refused with ``refusal`` and the type given."""
    from_polars = type(table).__module__.partition(".")[0] == "polars"
    if from_polars:
        table = table.to_pandas()
    if not isinstance(table, pd.DataFrame):
        raise InvalidTableError(f"{refusal}, got {type(table).__name__}")
    return table, from_polars


def polars_out(frame: pd.DataFrame) -> Any:
    """A pandas answer as the polars frame of a polars question (the index is not kept)."""
    import polars as pl

    return pl.from_pandas(frame)


def states_from_codes(codes: npt.NDArray[np.int8]) -> Any:
    """Positions in `STATES` as the categorical column of states."""
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories=list(STATES)))


def metric_columns(
    into: dict[str, Any],
    name: str,
    judged: tuple[Times, npt.NDArray[Any], npt.NDArray[np.timedelta64], dict[str, Any]],
    tz: str,
) -> None:
    """One metric's result columns from what `judge_metric` returns: due (in ``tz``), state, margin
    and the time spent (``elapsed``, ``paused``, ``used``) and past the due (``overdue``)."""
    due, state, margin, spent = judged
    into[f"{name}_due"] = pd.DatetimeIndex(due).tz_localize("UTC").tz_convert(tz)
    into[f"{name}_state"] = states_from_codes(state)
    into[f"{name}_margin"] = margin
    for part in ("elapsed", "paused", "used", "overdue"):
        into[f"{name}_{part}"] = spent[part]


def to64(t: dt.datetime) -> np.datetime64:
    """An aware datetime as a UTC ``datetime64[us]``."""
    u = t.astimezone(dt.UTC)
    return np.datetime64(dt.datetime(u.year, u.month, u.day, u.hour, u.minute, u.second, u.microsecond), "us")


def at_utc(contract: Contract, at: Any) -> np.datetime64:
    """``at`` as a UTC ``datetime64[us]`` (NaT: not given), named in errors as the option it is."""
    if at is None:
        return NAT
    try:
        return to64(contract.instant(at))
    except ServiceLevelError as exc:
        raise exc.restated("at") from None


def at_us(contract: Contract, at: Any) -> int | None:
    """``at`` as epoch µs (None: not given), named in errors as the option it is."""
    return None if at is None else int(at_utc(contract, at).astype(np.int64))


def instant_column(
    frame: pd.DataFrame, name: str, cal: BusinessCalendar, rows: BadRows, required: bool
) -> Times:
    """An instant column as UTC ``datetime64[us]`` (NaT where empty); bad cells are noted, not raised."""
    if name not in frame.columns:
        if required:
            raise InvalidTableError(
                f"tickets: no column {name!r}; expected columns level, reported_at, optionally region "
                "and event columns such as responded_at or resolved_at"
            )
        return np.full(len(frame), NAT)
    s = frame[name]
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        utc: Times = s.dt.tz_convert(None).to_numpy().astype("datetime64[us]")  # in UTC, the zone dropped
        return utc
    arrow = arrow_instants(s)
    if arrow is not None:
        return arrow
    if s.dtype.kind == "M":
        raise NaiveDatetimeError(
            f"{name}: the column has no time zone (naive datetimes); localise it first, e.g. "
            f"tickets[{name!r}] = tickets[{name!r}].dt.tz_localize({cal.tz!r})"
        )
    fast = iso_text(s, cal)
    if fast is not None:
        return fast
    values = s.to_numpy(dtype=object)
    try:  # strings and datetime objects, read as the calendar reads them (naive ISO text: local time)
        read: Times = cal.instant(values)
        return read
    except ServiceLevelError:
        pass
    out = np.full(len(s), NAT)
    for i, value in enumerate(values):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        try:
            t = cal.instant(value)
        except ServiceLevelError as exc:
            rows.add([i], str(exc).replace("t: ", f"{name}: ", 1))
            continue
        out[i] = to64(t)
    return out


def _long_table(table: Any, name: str, columns: tuple[str, ...], rest: str) -> pd.DataFrame | None:
    """A long table beside the tickets (pauses, reclassifications): pandas or polars, with its
    columns; None when absent or empty."""
    if table is None:
        return None
    frame, _ = pandas_in(
        table, f"{name}: expected a pandas or polars DataFrame with columns {', '.join(columns)}"
    )
    if not len(frame):
        return None
    for col in columns:
        if col not in frame.columns:
            raise InvalidTableError(
                f"{name}: no column {col!r}; expected a long table with columns ticket (the ticket's "
                f"index label), {rest}"
            )
    return frame


def read_pauses(
    pauses: Any,
    tickets: pd.DataFrame,
    cal: BusinessCalendar,
    at: np.datetime64,
    reported: Times,
    resolved: Times,
) -> Paused:
    """Each ticket's pauses clipped at ``at`` (an open pause runs until the resolution, or ``at``),
    and the tickets paused at ``at``; every bad pause row raised together."""
    pauses = _long_table(
        pauses, "pauses", ("ticket", "start", "end"), "start and end (empty while the pause is open)"
    )
    if pauses is None:
        return Paused.none(len(tickets))
    bad = BadRows(pauses.index)
    start = instant_column(pauses, "start", cal, bad, True)
    end = instant_column(pauses, "end", cal, bad, True)
    where = ticket_rows(pauses["ticket"], tickets.index, bad)
    for i in np.flatnonzero(np.isnat(start)):
        bad.add([int(i)], "start: a pause needs a start")
    for i in np.flatnonzero(~np.isnat(end) & ~np.isnat(start) & (end < start)):
        bad.add([int(i)], "end: the pause ends before it starts")
    known = where >= 0
    rows = np.flatnonzero(known)
    early = ~np.isnat(start[rows]) & (start[rows] < reported[where[rows]])
    for i in rows[early]:
        bad.add([int(i)], "start: the pause starts before the ticket was reported")
    done = resolved[where[rows]]
    late = ~np.isnat(start[rows]) & ~np.isnat(done) & (start[rows] > done)  # at it: a zero pause
    for i in rows[late]:
        bad.add([int(i)], "start: the pause starts after the ticket was resolved; nothing is left to pause")
    ends_late = ~np.isnat(end[rows]) & ~np.isnat(done) & (end[rows] > done)
    for i in rows[ends_late]:
        bad.add([int(i)], "end: the pause ends after the ticket was resolved; the resolution ends a pause")
    open_ = np.isnat(end)
    open_[rows] &= np.isnat(done)  # an open pause of a resolved ticket ended with the resolution
    if open_.any() and np.isnat(at):
        for i in np.flatnonzero(open_):
            bad.add([int(i)], "end: the pause is still open; pass at= to evaluate the tickets at an instant")
    # one ticket's pauses must not overlap (a second pause inside a pause), as in `Incident`
    ok = np.flatnonzero(known & ~np.isnat(start))
    eff = end.copy()
    eff[ok] = np.where(np.isnat(eff[ok]), resolved[where[ok]], eff[ok])  # open: ends with the resolution
    order = ok[np.lexsort((start[ok], where[ok]))]
    same = where[order][1:] == where[order][:-1]
    prev_end = eff[order][:-1]
    overlap = same & (np.isnat(prev_end) | (start[order][1:] < prev_end))
    for i, j in zip(order[1:][overlap].tolist(), order[:-1][overlap].tolist(), strict=True):
        other = bad.label(j)
        bad.add([i], f"start: the pause overlaps the pause of pause row {other!r}; one pause at a time")
    bad.raise_invalid("pause")
    n = len(tickets)
    now = np.zeros(n, dtype=bool)
    w, s, e = where[order], start[order], eff[order]
    if not np.isnat(at):
        begun = s <= at
        w, s, e = w[begun], s[begun], e[begun]
        running = np.isnat(e) | (e > at)
        now[w[running]] = True
        e = np.where(running, at, e)
    keep = e > s
    w, s, e = w[keep], s[keep], e[keep]
    first = np.r_[True, w[1:] != w[:-1]] if len(w) else np.zeros(0, dtype=bool)
    starts_at = np.flatnonzero(first)
    rank = np.arange(len(w)) - np.repeat(starts_at, np.diff(np.r_[starts_at, len(w)]))
    rounds: list[tuple[Times, Times]] = []
    for k in range(int(rank.max()) + 1 if len(rank) else 0):
        sel = rank == k
        rs, re_ = np.full(n, NAT), np.full(n, NAT)
        rs[w[sel]], re_[w[sel]] = s[sel], e[sel]
        rounds.append((rs, re_))
    return Paused(Pauses.from_rounds(rounds, n), now)


def read_reclassifications(
    contract: Contract,
    table: Any,
    tickets: pd.DataFrame,
    cal: BusinessCalendar,
    at: np.datetime64,
    reported: Times,
    resolved: Times,
) -> tuple[npt.NDArray[Any], Times] | None:
    """A long table of reclassifications (``ticket``, ``at``, ``level``), checked: each ticket's
    level in force at ``at``, and its last reclassification up to ``at`` (NaT: none), from which
    ``reclassify = "restart"`` counts the running clocks afresh, as `Incident` does. None: none."""
    table = _long_table(table, "reclassifications", ("ticket", "at", "level"), "at and level (the new level)")
    if table is None:
        return None
    bad = BadRows(table.index)
    when = instant_column(table, "at", cal, bad, True)
    where = ticket_rows(table["ticket"], tickets.index, bad)
    levels = table["level"].to_numpy(dtype=object)
    known = {lv.key for lv in contract.levels}
    for i in range(len(table)):
        if where[i] < 0:
            continue  # named by ticket_rows
        elif levels[i] not in known:
            bad.add(
                [i], f"level: unknown level {levels[i]!r}; the contract defines {', '.join(sorted(known))}"
            )
        elif np.isnat(when[i]):
            bad.add([i], "at: a reclassification needs its instant")
        elif when[i] < reported[where[i]]:
            bad.add([i], "at: the reclassification is before the ticket was reported")
        elif not np.isnat(resolved[where[i]]) and when[i] > resolved[where[i]]:
            bad.add([i], "at: the reclassification is after the ticket was resolved")
    bad.raise_invalid("reclassification")
    current = tickets["level"].to_numpy(dtype=object).copy()
    level_now = current.copy()
    order = np.lexsort((np.arange(len(table)), when.astype(np.int64), where))
    restart = np.full(len(tickets), NAT)
    for i in order.tolist():
        w = int(where[i])
        if levels[i] == current[w]:
            bad.add([i], f"level: the ticket is already of level {levels[i]!r} then")
            continue
        current[w] = levels[i]
        if np.isnat(at) or when[i] <= at:
            level_now[w] = levels[i]
            restart[w] = when[i]
    bad.raise_invalid("reclassification")
    return level_now, restart
