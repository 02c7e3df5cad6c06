"""Updates every N hours over a table of tickets: ``update_due``, ``_state``, ``_missed``, ``_longest``,
``_stopped``.

The rule is `Incident.updates`' (`update_missed`, `update_verdict`), over columns: each ticket's
checkpoints (its clock's start, the updates given while it ran, its stop or the instant asked
about) are laid end to end, a stretch of tickets of one calendar at a time, each silence counted
between two checkpoints by one call of the calendar's column ``elapsed`` (pauses excluded), the
updates missed summed and the silences maximised per ticket (`numpy.add.reduceat`). The
next update due is the pause rule's (`due_with_pauses`), a column call per calendar and term.
`evaluate` reads the updates from a long table (``updates=``: ``ticket``, ``at``), `replay` from
the log's update rows (``[workflow] updates``); a reopened ticket's clock is folded by
`Incident`'s own fold (`update_clock`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.errors import InvalidOptionError
from servicelevel.frames._input import states_from_codes
from servicelevel.frames._judge import CODES, NAT, Paused, level_masks
from servicelevel.frames._tickets import TicketTable, refuse_unstopped
from servicelevel.frames._told import read_updates
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
    "replay_updates",
    "stopped_column",
    "table_clocks",
    "update_columns",
]

I64 = npt.NDArray[np.int64]
_NA = CODES[5]  # not_applicable: a ticket whose level promises no updates
# rows (or updates) judged at once: a stretch's columns stay a few MB, under the size numpy asks
# the kernel huge pages for
_CHUNK = 1 << 17
_KEY_BITS = 62  # an update's sort key: its row's position and its time since the clock's start


def promises_updates(contract: Contract) -> bool:
    """Whether some level of the contract promises updates (the tables then get update columns)."""
    return any(lv.update is not None for lv in contract.levels)


class UpdateClocks:
    """Every row's update clock: ``start`` and ``stop`` (epoch µs, `NEVER`: none), the updates
    (``mark_row``, ``mark_us``: in any order; only those while it ran count), the pauses and
    whether paused now (`Paused`)."""

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
        paused = Paused.spread([(rows, p.paused) for rows, p in parts], n)
        return cls(start, stop, mark_row, mark_us, paused)


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
    when: I64, paused: Paused, in_level: Mapping[str, npt.NDArray[np.bool_]] | None = None,
) -> UpdateClocks:  # fmt: skip
    """The update clocks of a table of one-cycle tickets: ``events`` its event columns (UTC
    ``datetime64[us]``; events after the instant asked about already removed), ``level_now`` the
    level in force (``in_level``: its rows per level key, where already known), ``where``/``when``
    the updates' rows and epoch µs."""
    reported = events["reported"]
    n = len(reported)
    rep = np.where(np.isnat(reported), NEVER, reported.astype(np.int64))
    start, stop = np.full(n, NEVER, dtype=np.int64), np.full(n, NEVER, dtype=np.int64)
    found: dict[tuple[str, ...], I64] = {}  # levels mostly share their events: each found once
    masks = _promising(contract, level_now, in_level)
    for lv in contract.levels:
        if lv.update is None:
            continue
        for kinds, into in ((lv.update.starts, start), (lv.update.stop, stop)):
            if kinds not in found:
                found[kinds] = _first(events, kinds, rep)
            np.copyto(into, found[kinds], where=masks[lv.key])
    return UpdateClocks(start, stop, where, when, paused)


def _promising(
    contract: Contract, level_now: npt.NDArray[Any], in_level: Mapping[str, npt.NDArray[np.bool_]] | None
) -> Mapping[str, npt.NDArray[np.bool_]]:
    """The rows of each level promising updates: ``in_level`` where given, else read off
    ``level_now`` (factorised once, not compared once per level)."""
    if in_level is not None:
        return in_level
    return level_masks(level_now, [lv.key for lv in contract.levels if lv.update is not None])


def judge_updates(
    contract: Contract, level_now: npt.NDArray[Any], clocks: UpdateClocks, at: I64,
    in_level: Mapping[str, npt.NDArray[np.bool_]] | None = None,
) -> tuple[I64, npt.NDArray[np.int8], I64, I64]:  # fmt: skip
    """Each row's next update due (epoch µs, `NEVER`: none), state (a code of `STATES`), updates
    missed and longest silence (µs; -1 where the level promises none), at ``at`` (epoch µs per
    row, `NO_AT`: none asked), by the rule `Incident.updates` applies. ``in_level``: the rows of
    each level key, where already known (else read off ``level_now``)."""
    n = len(clocks.start)
    due = np.full(n, NEVER, dtype=np.int64)
    state = np.full(n, _NA, dtype=np.int8)
    missed, longest = np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64)
    every = np.zeros(n, dtype=np.int64)
    masks = _promising(contract, level_now, in_level)
    by_calendar: dict[str, npt.NDArray[np.bool_]] = {}
    for lv in contract.levels:
        if lv.update is None:
            continue
        rows = masks[lv.key]
        every[rows] = lv.update.every // np.timedelta64(1, "us").item()
        name = lv.update.calendar
        by_calendar[name] = by_calendar[name] | rows if name in by_calendar else rows
    s, e, a = clocks.start, clocks.stop, at
    ran = (s < NEVER) & (s <= a) & ~((e <= a) & (e <= s))
    for calendar, rows in by_calendar.items():
        missed[rows] = longest[rows] = 0
        # ascending, as `_silences` lays them out
        _silences(
            contract.calendar(calendar), np.flatnonzero(rows & ran), clocks, a, every, missed, longest, due
        )
    promised = missed >= 0
    verdict_ = update_verdict(
        np, start=s, stop=e, at=a, missed=np.maximum(missed, 0), paused=clocks.paused.now, names=CODES
    )
    state[promised] = verdict_[promised]
    return due, state, missed, longest


def _counted(clocks: UpdateClocks, sel: npt.NDArray[np.intp], start: I64, end: I64) -> tuple[I64, I64]:
    """The updates given while the clocks of the rows ``sel`` (ascending) ran, between ``start`` and
    ``end``: each one's position in ``sel`` and its epoch µs, ordered by position, then instant."""
    n, r, u = len(clocks.start), clocks.mark_row, clocks.mark_us
    # each row's run, empty for the rows not in ``sel``: one gather per bound, one filter, a slice
    # of the updates at a time (their temporaries stay small)
    lo, hi = np.full(n, NEVER, dtype=np.int64), np.full(n, -NEVER, dtype=np.int64)
    lo[sel], hi[sel] = start, end
    pos = np.empty(n, dtype=np.int64)
    pos[sel] = np.arange(len(sel))
    # ordered by one key: the position in the high bits, the time since the clock's start in the
    # low ones, where that fits in 62 bits (nearly always: updates come within days of the start)
    shift = _KEY_BITS - len(sel).bit_length()
    keys: list[I64] = [np.zeros(0, dtype=np.int64)]
    for i in range(0, len(r), _CHUNK):
        rows, when = r[i : i + _CHUNK], u[i : i + _CHUNK]
        inside = when >= lo[rows]
        inside &= when <= hi[rows]
        rows = rows[inside]
        since = when[inside]
        since -= lo[rows]
        if len(since) and int(since.max()) >= 1 << shift:
            return _counted_apart(r, u, lo, hi, pos)
        since |= pos[rows] << shift
        keys.append(since)
    key = np.concatenate(keys)
    # sorted only where it is not already (a table sorted by ticket and time, or replay's log:
    # one pass tells), and read back from the keys
    if not bool((key[1:] >= key[:-1]).all()):
        key.sort()
    k = key >> shift
    key &= (1 << shift) - 1
    key += start[k]
    return k, key


def _counted_apart(r: npt.NDArray[np.intp], u: I64, lo: I64, hi: I64, pos: I64) -> tuple[I64, I64]:
    """`_counted` where an update comes too long after its clock's start for one key: the two-key
    sort (a third as fast)."""
    inside = (u >= lo[r]) & (u <= hi[r])
    k, u = pos[r[inside]], u[inside]
    order = np.lexsort((u, k))
    return k[order], u[order]


def _silences(
    cal: BusinessCalendar, sel: npt.NDArray[np.intp], clocks: UpdateClocks, at: I64, every: I64,
    missed: I64, longest: I64, due: I64,
) -> None:  # fmt: skip
    """The rows ``sel`` (clocks that ran, ascending) of one calendar: the updates given while they
    ran, then their silences counted a stretch of rows at a time (`_stretch`), and the next update
    due of those still running."""
    if not len(sel):
        return
    start, end = clocks.start[sel], np.minimum(clocks.stop[sel], at[sel])
    k, u = _counted(clocks, sel, start, end)
    last = np.empty(len(sel), dtype=np.int64)  # each row's checkpoint before its end
    # a stretch of rows at a time: their columns (a few MB) are reused by the allocator from one
    # stretch to the next, where whole columns of millions of checkpoints would each be fresh
    # memory (numpy asks the kernel for huge pages there: their faults cost more than the
    # arithmetic) — and they stay in the CPU's caches
    bounds = np.searchsorted(k, np.arange(0, len(sel) + _CHUNK, _CHUNK)).tolist()
    for i, lo in enumerate(range(0, len(sel), _CHUNK)):
        part = slice(lo, lo + _CHUNK)
        a, b = bounds[i], bounds[i + 1]
        missed[sel[part]], longest[sel[part]], last[part] = _stretch(
            cal, sel[part], start[part], end[part], k[a:b] - lo, u[a:b], clocks, every
        )
    # the next update due while running: the checkpoint before the end (its last update, or the
    # start) plus the term
    running = clocks.stop[sel] > at[sel]
    for every_ in np.unique(every[sel][running]).tolist():
        rows = np.flatnonzero(running & (every[sel] == every_))
        spans = clocks.paused.of_rows(sel[rows])
        got = due_with_pauses(cal, last[rows].astype("datetime64[us]"), _td(every_), CIVIL_CODE, spans, np)
        due[sel[rows]] = np.asarray(got, dtype="datetime64[us]").astype(np.int64)


def _stretch(
    cal: BusinessCalendar, sel: npt.NDArray[np.intp], start: I64, end: I64, k: I64, u: I64,
    clocks: UpdateClocks, every: I64,
) -> tuple[I64, I64, I64]:  # fmt: skip
    """Updates missed, longest silence and the checkpoint before the end of the rows ``sel``, their
    clocks' ``start`` and ``end``, and the updates given while they ran (``k``: the position in
    ``sel``, ``u``: epoch µs; by position, then instant): the checkpoints end to end, each silence
    counted by one column call from the checkpoint before it."""
    # laid out without a sort: the rows ascending, each row's updates (by instant) then its end
    # (an update at the end comes before it); before each checkpoint, the one that began its
    # silence: the clock's start for a row's first
    counts = np.bincount(k, minlength=len(sel))
    tails = np.cumsum(counts)
    tails += np.arange(len(sel))  # each row's end: its updates and the rows before it
    heads = tails - counts  # each row's first checkpoint
    point = np.empty(len(sel) + len(k), dtype=np.int64)
    point[tails] = end
    point[np.arange(len(k)) + k] = u  # the i-th update (of row k) after the k ends before it
    prev = np.empty_like(point)
    prev[1:] = point[:-1]
    prev[heads] = start
    # the pauses and the term of each checkpoint's row, where some row paused, or terms differ
    has_pauses = bool(clocks.paused.pauses.starts)
    terms = every[sel]
    one_term = int(terms.min()) == int(terms.max())  # mostly one a calendar: divided by as one number
    row = np.repeat(sel, counts + 1) if has_pauses or not one_term else None
    excluded = clocks.paused.of_rows(row) if has_pauses and row is not None else None
    term: Any = int(terms[0]) if row is None or one_term else every[row]
    # a silence's business time is the count between its two checkpoints, pauses excluded
    # (business time is additive: it equals the difference of the counts from the start)
    silence = _us(cal.elapsed(prev.view("datetime64[us]"), point.view("datetime64[us]"), exclude=excluded))
    gaps = update_missed(np, since=0, before=silence, every=term, zero=0)
    # the rule counts to a microsecond before the checkpoint: that changes the updates missed
    # only where a silence is a whole number of terms (the count there is the same, or 1 µs
    # less), so it is counted there alone
    exact = np.flatnonzero((gaps > 0) & (gaps * term == silence))
    if len(exact):
        spans = None if excluded is None or row is None else clocks.paused.of_rows(row[exact])
        tick = (point[exact] - 1).view("datetime64[us]")  # after the checkpoint before: the silence is > 0
        before = _us(cal.elapsed(prev[exact].view("datetime64[us]"), tick, exclude=spans))
        part = term if isinstance(term, int) else term[exact]
        gaps[exact] = update_missed(np, since=0, before=before, every=part, zero=0)
    return np.add.reduceat(gaps, heads), np.maximum.reduceat(silence, heads), prev[tails]


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
    in_level = {lv.key: table.level(lv.key) for lv in contract.levels if lv.update is not None}
    clocks = table_clocks(contract, table.events, table.level_now, where, when, paused, in_level)
    if np.isnat(at64):  # an update clock still running cannot be judged without an instant
        promised = np.logical_or.reduce(list(in_level.values()))
        if (promised & (clocks.start < NEVER) & (clocks.stop >= NEVER)).any():
            refuse_unstopped(["update"])
    judged = judge_updates(contract, table.level_now, clocks, at_rows(at64, table.n), in_level)
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
