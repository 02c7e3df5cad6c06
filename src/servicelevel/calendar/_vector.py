"""Business-time arithmetic on whole columns: one ``numpy.searchsorted`` per step.

The window index is already sorted integer arrays, so a column of instants is
answered by the same binary searches as one instant, done by numpy. Rows the
snapshot cannot answer (the index must grow, or the answer may cross the
horizon) take the scalar route, which grows the index or raises exactly as a
scalar call would; then the rest are tried again on the grown index. Results
therefore equal the scalar methods row by row, to the microsecond.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from servicelevel.calendar import _count
from servicelevel.calendar._arrays import (
    I64,
    Column,
    Mask,
    dates,
    durations,
    instants,
    per_row,
    raise_first,
    row_error,
)
from servicelevel.calendar._convert import duration_us, horizon_span, pause_spans
from servicelevel.calendar._engine import HORIZON_DAYS, HORIZON_US, WindowIndex
from servicelevel.calendar._kernels import add_rows, arrays, elapsed_rows, groups, solve
from servicelevel.calendar._pauses import Pauses, add_rounds, open_in_rounds
from servicelevel.calendar._time import EPOCH_ORDINAL, US, US_PER_DAY, local_date, offset_us, to_date
from servicelevel.errors import HorizonExceededError, InvalidTermError, ServiceLevelError
from servicelevel.terms import CountingRule, Term, parse_term

if TYPE_CHECKING:
    from servicelevel.calendar._business import BusinessCalendar

__all__ = [
    "add",
    "add_working_days",
    "due",
    "elapsed",
    "instant",
    "is_open",
    "is_working_day",
    "next_open",
    "working_days",
]

_fromordinal = dt.date.fromordinal


def _excluded(cal: BusinessCalendar, exclude: Any, column: Column) -> Pauses | None:
    """The rows' pauses as rounds (`Pauses`, as given or from pairs per row), or None when none."""
    if exclude is None or (isinstance(exclude, tuple | list) and not exclude):
        return None
    if isinstance(exclude, Pauses):
        exclude.check(column.n)
        return exclude if exclude.starts else None
    spans = per_row(exclude, column, "exclude")
    out: list[list[tuple[int, int]]] = []
    for i, row in enumerate(spans):
        try:
            out.append([] if row is None else pause_spans(cal._us, row))
        except ServiceLevelError as exc:
            raise row_error(exc, column.label(i)) from exc
    return Pauses.of_epoch(out) if any(out) else None


def add(cal: BusinessCalendar, t: Any, duration: Any, exclude: Any) -> Any:
    """`BusinessCalendar.add` over columns: ``t`` and/or ``duration`` arrays, ``exclude`` per row."""
    column = Column.of(t, duration)
    u, miss_u = instants(t, cal._us, column, "t")
    d, miss_d = durations(duration, duration_us, column, "duration")
    missing = miss_u | miss_d
    pauses = _excluded(cal, exclude, column)
    index = cal._index
    rows = np.flatnonzero(~missing)
    if pauses is not None:
        out = add_rounds(index, u, d, rows, pauses, column)
    else:
        out = add_rows(index, u, d, rows, column)
    _used(cal, u, out, missing)
    return column.instants(out, missing, cal.tz)


def elapsed(cal: BusinessCalendar, start: Any, end: Any, exclude: Any) -> Any:
    """`BusinessCalendar.elapsed` over columns."""
    column = Column.of(start, end)
    a, miss_a = instants(start, cal._us, column, "start")
    b, miss_b = instants(end, cal._us, column, "end")
    missing = miss_a | miss_b
    back = b < a
    backward = bool(back.any())  # mostly none: the columns are read as they are, not copied
    lo, hi = (np.minimum(a, b), np.maximum(a, b)) if backward else (a, b)
    if not len(lo) or int(hi.max()) - int(lo.min()) > HORIZON_US:  # else no row can be that long
        raise_first(
            ~missing & (hi - lo > HORIZON_US),
            column,
            lambda i: HorizonExceededError(
                horizon_span("end", b[i].astype("datetime64[us]"), "start", a[i].astype("datetime64[us]"))
            ),
        )
    index = cal._index
    rows = np.flatnonzero(~missing)
    total = elapsed_rows(index, lo, hi, rows)
    pauses = _excluded(cal, exclude, column)
    if pauses is not None:
        total -= open_in_rounds(index, lo, hi, rows, pauses)
    _used(cal, lo, hi, missing)
    if backward:
        total = np.where(back, -total, total)
    return column.durations(total, missing)


def instant(cal: BusinessCalendar, t: Any) -> Any:
    column = Column.of(t)
    u, missing = instants(t, cal._us, column, "t")
    return column.instants(u, missing, cal.tz)


def is_open(cal: BusinessCalendar, t: Any) -> Any:
    column = Column.of(t)
    u, missing = instants(t, cal._us, column, "t")
    out = np.zeros(len(u), np.bool_)
    rows = np.flatnonzero(~missing)
    for g in groups(u[rows]):
        pos = rows[g]
        snap = cal._index.cover(int(u[pos].min()), int(u[pos].max()))
        s, e, _, _ = arrays(snap)
        if len(s):
            i = np.searchsorted(s, u[pos], "right") - 1
            out[pos] = (i >= 0) & (u[pos] < e[np.maximum(i, 0)])
    _used(cal, u, u, missing)
    return column.values(out, missing)


def next_open(cal: BusinessCalendar, t: Any) -> Any:
    column = Column.of(t)
    u, missing = instants(t, cal._us, column, "t")
    index = cal._index

    def vector(idx: npt.NDArray[np.intp]) -> tuple[I64, Mask]:
        res = np.zeros(len(idx), np.int64)
        ok = np.zeros(len(idx), np.bool_)
        for g in groups(u[idx]):
            uu = u[idx[g]]
            snap = index.cover(int(uu.min()), int(uu.max()))
            s, e, _, _ = arrays(snap)
            if not len(s):
                continue
            i = np.searchsorted(s, uu, "right")
            prev = np.maximum(i - 1, 0)
            inside = (i > 0) & (uu < e[prev])
            nxt = s[np.minimum(i, len(s) - 1)]
            found = (i < len(s)) & (nxt < snap.valid_hi) & (nxt - uu <= HORIZON_US)
            res[g] = np.where(inside, uu, nxt)
            ok[g] = inside | found
        return res, ok

    out = solve(len(u), vector, lambda i: index.next_start(int(u[i])), column, np.flatnonzero(~missing))
    _used(cal, u, out, missing)
    return column.instants(out, missing, cal.tz)


def _local_days(tz: dt.tzinfo, index: WindowIndex, u: I64) -> I64:
    """Local date of each instant, as days since the epoch (DST zones by a table of the zone's changes)."""
    if not len(u):
        return u
    lo, hi = int(u.min()), int(u.max())
    fixed = index.fixed
    if fixed is not None and fixed[0] <= lo and hi < fixed[1]:
        return (u + fixed[2]) // US_PER_DAY
    first, last = lo // US - 86_400, hi // US + 86_400
    changes: list[int] = []
    offsets = [offset_us(tz, first)]
    prev = first
    for second in range(first + 86_400, last + 86_400, 86_400):
        off = offset_us(tz, second)
        if off != offsets[-1]:
            a, b = prev, second  # the change lies in (a, b]: find its second by bisection
            while b - a > 1:
                mid = (a + b) // 2
                if offset_us(tz, mid) == offsets[-1]:
                    a = mid
                else:
                    b = mid
            changes.append(b * US)
            offsets.append(off)
        prev = second
    where = np.searchsorted(np.array(changes, np.int64), u, "right")
    return (u + np.array(offsets, np.int64)[where]) // US_PER_DAY


def due(cal: BusinessCalendar, start: Any, term: Any, rule: CountingRule) -> Any:
    """`BusinessCalendar.due` over columns: one term for every row, or one per row."""
    column = Column.of(start, term)
    u, missing = instants(start, cal._us, column, "start")
    if isinstance(term, str | dt.timedelta) or not (hasattr(term, "__len__") or hasattr(term, "__iter__")):
        terms: Sequence[Any] = [term]
        which = np.zeros(len(u), np.intp)
    else:
        row_terms = per_row(term, column, "term")
        keys: dict[Any, int] = {}
        codes = np.zeros(len(u), np.intp)
        for i, item in enumerate(row_terms):
            if item is None or (isinstance(item, float) and item != item):
                missing[i] = True
                continue
            try:
                codes[i] = keys.setdefault(item, len(keys))
            except TypeError:
                raise row_error(
                    InvalidTermError(f"term: expected a term, got {item!r}"), column.label(i)
                ) from None
        terms, which = list(keys), codes
    out = np.zeros(len(u), np.int64)
    index = cal._index
    for k, raw in enumerate(terms):
        rows = np.flatnonzero(~missing & (which == k))
        if not len(rows):
            continue
        try:
            t: Term = parse_term(raw) if isinstance(raw, str) else raw
            _count.check(t, rule)
            if isinstance(t, dt.timedelta) and t <= dt.timedelta(0):
                raise InvalidTermError(f"term: a term must be longer than zero, got {t!r}")
        except ServiceLevelError as exc:
            raise row_error(exc, column.label(int(rows[0]))) from exc
        if isinstance(t, dt.timedelta):
            d = np.full(len(u), duration_us(t), np.int64)
            out[rows] = add_rows(index, u, d, rows, column)[rows]
            continue
        # a calendar period depends on the start's local date only: once per date
        days = _local_days(cal._index.tz, index, u[rows])
        uniq, first, inverse = np.unique(days, return_index=True, return_inverse=True)
        ends = np.zeros(len(uniq), np.int64)
        for j, row in enumerate(first):
            i = int(rows[row])
            try:
                ends[j] = _count.due(index, cal.is_working_day, cal.add_working_days, int(u[i]), t, rule)
            except ServiceLevelError as exc:
                raise row_error(exc, column.label(i)) from exc
        out[rows] = ends[inverse.ravel()]
    # a period is counted once per start date: rows earlier that day may fall due past the horizon
    raise_first(
        ~missing & (out - u > HORIZON_US),
        column,
        lambda i: HorizonExceededError(
            _count.past_horizon(
                terms[int(which[i])], local_date(cal._index.tz, int(u[i])), int(out[i] - u[i])
            )
        ),
    )
    _used(cal, u, out, missing)
    return column.instants(out, missing, cal.tz)


def _used(cal: BusinessCalendar, a: I64, b: I64, missing: Mask) -> None:
    """Holiday-data warnings for the years the answered rows touch."""
    if cal._notes.pending_span is None or missing.all():
        return
    if not missing.any():  # every row answered: no copies of the columns
        cal._notes.used(int(min(a.min(), b.min())), int(max(a.max(), b.max())))
        return
    keep = ~missing
    lo = int(min(a[keep].min(), b[keep].min()))
    hi = int(max(a[keep].max(), b[keep].max()))
    cal._notes.used(lo, hi)


# ---------------------------------------------------------------------- working days
def _ordinals(cal: BusinessCalendar, day_lo: int, day_hi: int) -> I64:
    """The calendar's working days (ordinals) covering the days ``day_lo..day_hi`` since the epoch."""
    y_lo = _fromordinal(day_lo + EPOCH_ORDINAL).year
    y_hi = _fromordinal(day_hi + EPOCH_ORDINAL).year
    lo, hi, ords = cal._working.cover(y_lo, y_hi)
    cached = cal._working.arrays
    if cached is None or cached[0] != (lo, hi):
        cached = ((lo, hi), np.array(ords, np.int64))
        cal._working.arrays = cached
    arr: I64 = cached[1]
    return arr


def _warn_days(cal: BusinessCalendar, a: I64, b: I64, missing: Mask) -> None:
    """Holiday-data warnings for the years of the answered rows' days."""
    if cal._notes.pending_years is None or missing.all():
        return
    keep = ~missing
    lo = int(min(a[keep].min(), b[keep].min())) + EPOCH_ORDINAL
    hi = int(max(a[keep].max(), b[keep].max())) + EPOCH_ORDINAL
    cal._notes.warn_years(_fromordinal(lo).year, _fromordinal(hi).year)


def _day_of(cal: BusinessCalendar) -> Callable[[Any, str], dt.date]:
    return lambda d, what: to_date(d, cal._tz, what)


def is_working_day(cal: BusinessCalendar, day: Any) -> Any:
    column = Column.of(day)
    days, missing = dates(day, _day_of(cal), column, "day")
    out = np.zeros(len(days), np.bool_)
    keep = ~missing
    if keep.any():
        ords = _ordinals(cal, int(days[keep].min()), int(days[keep].max()))
        o = days + EPOCH_ORDINAL
        if len(ords):
            out = ords[np.minimum(np.searchsorted(ords, o), len(ords) - 1)] == o
    _warn_days(cal, days, days, missing)
    return column.values(out & keep, missing)


def add_working_days(cal: BusinessCalendar, day: Any, n: Any) -> Any:
    column = Column.of(day, n)
    days, missing = dates(day, _day_of(cal), column, "day")
    if isinstance(n, int) and not isinstance(n, bool):
        counts = np.full(len(days), n, np.int64)
    else:
        arr = np.asarray(n.to_numpy() if hasattr(n, "to_numpy") else n).ravel()
        column.check(n, "n")
        if arr.dtype.kind not in "iu":
            raise InvalidTermError(f"n: expected whole numbers of working days (integers), got {arr.dtype}")
        counts = arr.astype(np.int64)
    out = days.copy()
    rows = np.flatnonzero(~missing & (counts != 0))
    if len(rows):
        o = days + EPOCH_ORDINAL
        span = int(np.abs(counts[rows]).max()) // 200 + 1
        lo = int(days[rows].min()) - 366 * span
        hi = int(days[rows].max()) + 366 * span
        lo, hi = max(lo, int(days[rows].min()) - HORIZON_DAYS), min(hi, int(days[rows].max()) + HORIZON_DAYS)

        def vector(idx: npt.NDArray[np.intp]) -> tuple[I64, Mask]:
            try:
                ords = _ordinals(cal, lo, hi)
            except HorizonExceededError:
                return np.zeros(len(idx), np.int64), np.zeros(len(idx), np.bool_)
            oo, nn = o[idx], counts[idx]
            i = np.where(nn > 0, np.searchsorted(ords, oo, "right") + nn - 1, np.searchsorted(ords, oo) + nn)
            good = (i >= 0) & (i < len(ords))
            r = ords[np.clip(i, 0, max(len(ords) - 1, 0))] if len(ords) else oo
            # the answer must lie inside the years indexed, or more working days could be missing
            good &= np.abs(r - oo) <= HORIZON_DAYS
            return r - EPOCH_ORDINAL, good

        def scalar(i: int) -> int:
            return cal.add_working_days(_fromordinal(int(o[i])), int(counts[i])).toordinal() - EPOCH_ORDINAL

        res = solve(len(days), vector, scalar, column, rows)
        out[rows] = res[rows]
    _warn_days(cal, days, out, missing)
    return column.dates(out, missing)


def working_days(cal: BusinessCalendar, start_day: Any, end_day: Any) -> Any:
    column = Column.of(start_day, end_day)
    a, miss_a = dates(start_day, _day_of(cal), column, "start_day")
    b, miss_b = dates(end_day, _day_of(cal), column, "end_day")
    missing = miss_a | miss_b
    raise_first(
        ~missing & (np.abs(b - a) > HORIZON_DAYS),
        column,
        lambda i: HorizonExceededError(
            f"end_day: {_fromordinal(int(b[i]) + EPOCH_ORDINAL)} is more than {HORIZON_DAYS} days "
            f"from start_day {_fromordinal(int(a[i]) + EPOCH_ORDINAL)}"
        ),
    )
    out = np.zeros(len(a), np.int64)
    keep = ~missing
    if keep.any():
        ords = _ordinals(cal, int(min(a[keep].min(), b[keep].min())), int(max(a[keep].max(), b[keep].max())))
        out = np.searchsorted(ords, b + EPOCH_ORDINAL) - np.searchsorted(ords, a + EPOCH_ORDINAL)
    _warn_days(cal, a, b, missing)
    return column.values(np.where(keep, out, 0).astype(np.int64), missing)
