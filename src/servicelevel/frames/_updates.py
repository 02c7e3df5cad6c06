"""Updates every N hours over a table of tickets: ``update_due``, ``_state``, ``_missed``, ``_longest``,
``_stopped``.

The rule is `Incident.updates`' (`update_missed`, `update_verdict`), over columns: each ticket's
checkpoints (its clock's start, the updates given while it ran, its stop or the instant asked
about) are laid end to end in one long column per calendar, counted from the clock's start by
one call of the calendar's column ``elapsed`` (pauses excluded), and the silences between them
are differences of those counts, summed and maximised per ticket (`numpy.add.reduceat`). The
next update due is the pause rule's (`due_with_pauses`), a column call per calendar and term.
`evaluate` reads the updates from a long table (``updates=``: ``ticket``, ``at``), `replay` from
the log's update rows (``[workflow] updates``); a reopened ticket's clock is folded by
`Incident`'s own fold (`update_clock`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.errors import InvalidOptionError, InvalidTableError
from servicelevel.frames._input import BadRows, instant_column, pandas_in, states_from_codes
from servicelevel.frames._judge import CODES, NAT, Paused
from servicelevel.frames._labels import ticket_rows
from servicelevel.frames._tickets import TicketTable, refuse_unstopped
from servicelevel.sla.engine import NEVER, NO_AT, due_with_pauses, update_clock, update_missed, update_verdict
from servicelevel.terms import CIVIL_CODE

if TYPE_CHECKING:
    from servicelevel.calendar import BusinessCalendar
    from servicelevel.frames._fold import Folded
    from servicelevel.frames._log import LogRead
    from servicelevel.sla import Contract
    from servicelevel.sla.engine import UpdateClock

__all__ = [
    "UpdateClocks",
    "at_rows",
    "evaluate_updates",
    "judge_updates",
    "promises_updates",
    "read_updates",
    "replay_updates",
    "stopped_column",
    "table_clocks",
    "update_columns",
]

I64 = npt.NDArray[np.int64]
_NA = CODES[5]  # not_applicable: a ticket whose level promises no updates


def promises_updates(contract: Contract) -> bool:
    """Whether some level of the contract promises updates (the tables then get update columns)."""
    return any(lv.update is not None for lv in contract.levels)


def read_updates(
    table: Any, tickets: pd.DataFrame, cal: BusinessCalendar, reported: Any
) -> tuple[npt.NDArray[np.intp], I64]:
    """A long table of updates (``ticket``, ``at``) checked: each update's ticket row and epoch µs,
    sorted by ticket and instant; every bad row raised together (`InvalidRowsError`)."""
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
    # the time since the ticket's report (a row naming no ticket, or with no instant, was named
    # above: what this says of it is not read, a row keeping its first message)
    since = u - reported.view(np.int64)[where]
    bad.add(np.flatnonzero(since < 0), "at: the update is before the ticket was reported")
    bad.raise_invalid("update")
    # by ticket, then instant: one sort of one key (the ticket in the high bits, the time since its
    # report in the low ones) where that fits in 62 bits, else the two-key sort (a third as fast)
    shift = 62 - max(len(tickets), 1).bit_length()
    if len(u) and int(since.max()) < (1 << shift):
        order = np.argsort((where.astype(np.int64) << shift) | since, kind="stable")
    else:
        order = np.lexsort((u, where))
    return where[order], u[order]


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


class UpdateClocks:
    """Every row's update clock: ``start`` and ``stop`` (epoch µs, `NEVER`: none), the updates
    (``mark_row``, ``mark_us``: sorted by row and instant; only those while it ran count), the
    pauses and whether paused now (`Paused`)."""

    __slots__ = ("mark_row", "mark_us", "paused", "start", "stop")

    def __init__(
        self, start: I64, stop: I64, mark_row: npt.NDArray[np.intp], mark_us: I64, paused: Paused
    ) -> None:
        self.start, self.stop, self.mark_row, self.mark_us, self.paused = (
            start,
            stop,
            mark_row,
            mark_us,
            paused,
        )

    @classmethod
    def of_clocks(cls, clocks: Sequence[UpdateClock | None]) -> UpdateClocks:
        """From clocks folded one history at a time (`update_clock`; None: no update promised)."""
        start = np.array([NEVER if c is None else c.start for c in clocks], dtype=np.int64)
        stop = np.array([NEVER if c is None else c.stop for c in clocks], dtype=np.int64)
        rows = [i for i, c in enumerate(clocks) if c is not None for _ in c.marks]
        marks = [u for c in clocks if c is not None for u in c.marks]
        now = np.array([c is not None and c.paused_now for c in clocks], dtype=bool)
        paused = Paused.of([[] if c is None else c.excluded for c in clocks], now)
        return cls(start, stop, np.array(rows, dtype=np.intp), np.array(marks, dtype=np.int64), paused)

    @classmethod
    def spread(cls, parts: Sequence[tuple[npt.NDArray[np.intp], UpdateClocks]], n: int) -> UpdateClocks:
        """The clocks of ``n`` rows put together from parts, each the clocks of the rows it names."""
        start, stop = np.full(n, NEVER, dtype=np.int64), np.full(n, NEVER, dtype=np.int64)
        for rows, part in parts:
            start[rows], stop[rows] = part.start, part.stop
        mark_row = np.concatenate([rows[p.mark_row] for rows, p in parts] or [np.zeros(0, np.intp)])
        mark_us = np.concatenate([p.mark_us for _, p in parts] or [np.zeros(0, np.int64)])
        order = np.lexsort((mark_us, mark_row))
        paused = Paused.spread([(rows, p.paused) for rows, p in parts], n)
        return cls(start, stop, mark_row[order], mark_us[order], paused)


def _first(events: dict[str, Any], kinds: Sequence[str], after: I64) -> I64:
    """The first of ``kinds`` at or after ``after`` (epoch µs; `NEVER` where none)."""
    out = np.full(len(after), NEVER, dtype=np.int64)
    for kind in kinds:
        values = events.get(kind)
        if values is None:
            continue
        u = np.where(np.isnat(values), NEVER, values.astype(np.int64))
        out = np.where((u >= after) & (u < out), u, out)
    return out


def table_clocks(
    contract: Contract, events: dict[str, Any], level_now: npt.NDArray[Any], where: npt.NDArray[np.intp],
    when: I64, paused: Paused,
) -> UpdateClocks:  # fmt: skip
    """The update clocks of a table of one-cycle tickets: ``events`` its event columns (UTC
    ``datetime64[us]``; events after the instant asked about already removed), ``level_now`` the
    level in force, ``where``/``when`` the updates' rows and epoch µs (sorted)."""
    reported = events["reported"]
    n = len(reported)
    rep = np.where(np.isnat(reported), NEVER, reported.astype(np.int64))
    start, stop = np.full(n, NEVER, dtype=np.int64), np.full(n, NEVER, dtype=np.int64)
    found: dict[tuple[str, ...], I64] = {}  # levels mostly share their events: each found once
    for lv in contract.levels:
        if lv.update is None:
            continue
        rows = level_now == lv.key
        for kinds, into in ((lv.update.starts, start), (lv.update.stop, stop)):
            if kinds not in found:
                found[kinds] = _first(events, kinds, rep)
            np.copyto(into, found[kinds], where=rows)
    return UpdateClocks(start, stop, where, when, paused)


def judge_updates(
    contract: Contract, level_now: npt.NDArray[Any], clocks: UpdateClocks, at: I64
) -> tuple[I64, npt.NDArray[np.int8], I64, I64]:
    """Each row's next update due (epoch µs, `NEVER`: none), state (a code of `STATES`), updates
    missed and longest silence (µs; -1 where the level promises none), at ``at`` (epoch µs per
    row, `NO_AT`: none asked), by the rule `Incident.updates` applies."""
    n = len(clocks.start)
    due = np.full(n, NEVER, dtype=np.int64)
    state = np.full(n, _NA, dtype=np.int8)
    missed, longest = np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64)
    every = np.zeros(n, dtype=np.int64)
    by_calendar: dict[str, list[npt.NDArray[np.intp]]] = {}
    for lv in contract.levels:
        if lv.update is None:
            continue
        rows = np.flatnonzero(level_now == lv.key)
        every[rows] = lv.update.every // np.timedelta64(1, "us").item()
        by_calendar.setdefault(lv.update.calendar, []).append(rows)
    s, e, a = clocks.start, clocks.stop, at
    ran = (s < NEVER) & (s <= a) & ~((e <= a) & (e <= s))
    for calendar, parts in by_calendar.items():
        sel = np.sort(np.concatenate(parts))  # ascending: `_silences` lays rows out in order
        missed[sel] = longest[sel] = 0
        _silences(contract.calendar(calendar), sel[ran[sel]], clocks, a, every, missed, longest, due)
    promised = missed >= 0
    verdict_ = update_verdict(
        np, start=s, stop=e, at=a, missed=np.maximum(missed, 0), paused=clocks.paused.now, names=CODES
    )
    state[promised] = verdict_[promised]
    return due, state, missed, longest


def _silences(
    cal: BusinessCalendar, sel: npt.NDArray[np.intp], clocks: UpdateClocks, at: I64, every: I64,
    missed: I64, longest: I64, due: I64,
) -> None:  # fmt: skip
    """The rows ``sel`` (clocks that ran) of one calendar: their checkpoints end to end, counted
    by one column call from each clock's start, the silences summed and maximised per row."""
    if not len(sel):
        return
    start, end = clocks.start[sel], np.minimum(clocks.stop[sel], at[sel])
    # the updates of these rows given while their clocks ran, then each row's end
    pos = np.full(len(clocks.start), -1, dtype=np.intp)
    pos[sel] = np.arange(len(sel))
    k = pos[clocks.mark_row] if len(clocks.mark_row) else np.zeros(0, dtype=np.intp)
    keep = k >= 0
    k, u = k[keep], clocks.mark_us[keep]
    inside = (u >= start[k]) & (u <= end[k])
    k, u = k[inside], u[inside]
    # laid out without a sort: the rows ascending (``sel`` is), each row's updates (sorted by
    # instant) then its end; an update at the end comes before it
    counts = np.bincount(k, minlength=len(sel))
    tails = np.cumsum(counts) + np.arange(len(sel))  # each row's end: its updates and rows before it
    offsets = tails - counts  # each row's first checkpoint
    row = np.repeat(np.arange(len(sel)), counts + 1)
    point = np.empty(len(row), dtype=np.int64)
    point[tails] = end
    point[np.arange(len(k)) + k] = u  # the i-th update (of row k) after the k ends before it
    begin = start[row]
    excluded = clocks.paused.of_rows(sel[row])
    t0 = begin.view("datetime64[us]")  # views, not copies: these columns hold millions of rows
    counted = _us(cal.elapsed(t0, point.view("datetime64[us]"), exclude=excluded))
    heads = offsets  # each row's first checkpoint
    since = np.r_[0, counted[:-1]]
    since[heads] = 0
    # the count a microsecond before each checkpoint is the count at it, or 1 µs less; it changes
    # the updates missed only where the silence is a whole number of terms: counted there alone
    terms = np.unique(every[sel])  # mostly one term a calendar: divided by as one number
    term: Any = int(terms[0]) if len(terms) == 1 else every[sel][row]
    silence = counted - since
    before = counted.copy()
    exact = np.flatnonzero((silence > 0) & (silence % term == 0))
    if len(exact):
        p = sel[row[exact]]
        spans = clocks.paused.of_rows(p)
        tick = np.maximum(point[exact] - 1, begin[exact]).astype("datetime64[us]")
        before[exact] = _us(cal.elapsed(t0[exact], tick, exclude=spans))
    gaps = update_missed(np, since=since, before=before, every=term, zero=0)
    missed[sel] = np.add.reduceat(gaps, heads)
    longest[sel] = np.maximum.reduceat(silence, heads)
    # the next update due while running: the last checkpoint before the end, plus the term
    running = clocks.stop[sel] > at[sel]
    prev = np.where(counts > 0, point[np.maximum(tails - 1, 0)], start)  # its last update, or start
    for term in np.unique(every[sel][running]).tolist():
        rows = np.flatnonzero(running & (every[sel] == term))
        spans = clocks.paused.of_rows(sel[rows])
        got = due_with_pauses(cal, prev[rows].astype("datetime64[us]"), _td(term), CIVIL_CODE, spans, np)
        due[sel[rows]] = np.asarray(got, dtype="datetime64[us]").astype(np.int64)


def _us(values: Any) -> I64:
    return np.asarray(values, dtype="timedelta64[us]").view(np.int64)


def _td(term: int) -> Any:
    import datetime as dt

    return dt.timedelta(microseconds=term)


def update_columns(into: dict[str, Any], judged: tuple[I64, npt.NDArray[np.int8], I64, I64], tz: str) -> None:
    """The update columns from `judge_updates`: ``update_due`` (in ``tz``), ``update_state``,
    ``update_missed`` (a nullable integer: empty where the level promises no updates) and
    ``update_longest`` (business time)."""
    due, state, missed, longest = judged
    due64 = np.where(due >= NEVER, NAT, due.astype("datetime64[us]"))
    into["update_due"] = pd.DatetimeIndex(due64).tz_localize("UTC").tz_convert(tz)
    into["update_state"] = states_from_codes(state)
    into["update_missed"] = pd.array(np.where(missed < 0, 0, missed), dtype="Int64")
    into["update_missed"][missed < 0] = pd.NA
    into["update_longest"] = np.where(
        longest < 0, np.timedelta64("NaT", "us"), longest.astype("timedelta64[us]")
    )


def stopped_column(into: dict[str, Any], stop: I64, at: I64, tz: str) -> None:
    """``update_stopped`` (in ``tz``): when the update clock's stop event came, where it came by the
    instant asked about (`UpdateStatus.stopped_at`); empty while it runs, or where the level
    promises no updates. The monthly report counts a stopped clock in the month of its stop."""
    stopped = np.where(stop <= at, stop, NEVER)
    due64 = np.where(stopped >= NEVER, NAT, stopped.astype("datetime64[us]"))
    into["update_stopped"] = pd.DatetimeIndex(due64).tz_localize("UTC").tz_convert(tz)


def at_rows(at: Any, n: int) -> I64:
    """The instant asked about per row, epoch µs (`NO_AT` where none)."""
    values = np.broadcast_to(np.asarray(at, dtype="datetime64[us]"), (n,))
    return np.where(np.isnat(values), NO_AT, values.astype(np.int64))


def evaluate_updates(
    into: dict[str, Any], contract: Contract, table: TicketTable, paused: Paused, updates: Any,
    tickets: pd.DataFrame, at64: np.datetime64,
) -> None:  # fmt: skip
    """`evaluate`'s update columns, where some level promises updates (``updates``: the long table
    of updates given, or None)."""
    if not promises_updates(contract):
        if updates is not None:
            raise InvalidOptionError(
                "updates: no level of the contract promises updates; add update = { every = '2h', "
                "calendar = ... } to a level to judge them"
            )
        return
    where, when = read_updates(updates, tickets, contract.home_calendar, table.reported)
    clocks = table_clocks(contract, table.events, table.level_now, where, when, paused)
    if np.isnat(at64):  # an update clock still running cannot be judged without an instant
        promised = np.isin(table.level_now, [lv.key for lv in contract.levels if lv.update is not None])
        if (promised & (clocks.start < NEVER) & (clocks.stop >= NEVER)).any():
            refuse_unstopped(["update"])
    judged = judge_updates(contract, table.level_now, clocks, at_rows(at64, table.n))
    update_columns(into, judged, contract.home_calendar.tz)
    stopped_column(into, clocks.stop, at_rows(at64, table.n), contract.home_calendar.tz)


def replay_updates(
    into: dict[str, Any], contract: Contract, r: LogRead, table: TicketTable, paused: Paused,
    folded: Folded, level_now: npt.NDArray[Any], when: Any,
) -> None:  # fmt: skip
    """`replay`'s update columns: the one-cycle tickets' clocks read off their table and the log's
    update rows, the others folded from their histories by `update_clock`, judged together."""
    m = r.m
    pos = np.full(m, -1, dtype=np.intp)
    pos[r.simple_idx] = np.arange(len(r.simple_idx))
    k, u = r.cols["update_ticket"], r.cols["update_time"]
    simple = pos[k] >= 0
    simple_clocks = table_clocks(contract, table.events, table.level_now, pos[k[simple]], u[simple], paused)
    histories = dict(r.histories)
    folded_clocks = []
    for row, level, at in zip(folded.rows, folded.levels, folded.whens, strict=True):
        target = contract.level(level).update
        events = [(kind, t) for kind, t, _ in histories[row] if t <= at]
        folded_clocks.append(
            None
            if target is None
            else update_clock(
                target,
                reported=int(r.reported[row]),
                kinds=[e[0] for e in events],
                stamps=[e[1] for e in events],
                at=at,
            )
        )
    clocks = UpdateClocks.spread(
        [
            (r.simple_idx, simple_clocks),
            (np.array(folded.rows, dtype=np.intp), UpdateClocks.of_clocks(folded_clocks)),
        ],
        m,
    )
    at_us = at_rows(when, m)
    update_columns(into, judge_updates(contract, level_now, clocks, at_us), contract.home_calendar.tz)
    stopped_column(into, clocks.stop, at_us, contract.home_calendar.tz)
