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
from servicelevel.calendar._index import Spans
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

_GROUP_US = 150 * 365 * US_PER_DAY  # rows farther apart than this are indexed a stretch at a time
_fromordinal = dt.date.fromordinal


def _arrays(snap: Spans) -> tuple[I64, I64, I64, I64]:
    """The snapshot's lists as int64 arrays, built once per snapshot."""
    got: tuple[I64, I64, I64, I64, I64] | None = snap.arrays
    if got is None:
        got = _build_arrays(snap)
    return got[:4]


def _offsets(snap: Spans) -> I64:
    """``cum - starts`` per window: open time before u is ``min(u, end) + offset``, and the instant
    where the running count reaches ``x`` inside a window is ``x - offset`` (one gather, not two)."""
    got: tuple[I64, I64, I64, I64, I64] | None = snap.arrays
    if got is None:
        got = _build_arrays(snap)
    return got[4]


def _build_arrays(snap: Spans) -> tuple[I64, I64, I64, I64, I64]:
    starts = np.array(snap.starts, np.int64)
    cum = np.array(snap.cum, np.int64)
    got = (starts, np.array(snap.ends, np.int64), cum, np.array(snap.cum_end, np.int64), cum - starts)
    snap.arrays = got
    return got


class _Finder:
    """``numpy.searchsorted`` on one sorted array, by a table of fixed-width buckets.

    Windows are hours apart, so a bucket a little narrower than the gaps holds
    at most a window edge or two: the answer is the bucket's table entry plus
    at most ``steps`` comparisons. That is several times faster than a binary
    search over a million unsorted queries; where the edges crowd (no width
    keeps ``steps`` small) it simply calls `searchsorted`.
    """

    __slots__ = ("a", "lo", "shift", "side", "steps", "table")

    _MAX_STEPS = 2
    _MAX_TABLE = 1 << 22

    def __init__(self, a: I64, side: Any) -> None:
        self.a, self.side, self.steps = a, side, -1
        self.lo, self.shift = 0, 0
        self.table: I64 = a
        if len(a) < 2:
            return
        lo, span = int(a[0]), int(a[-1]) - int(a[0])
        shift = max(int(span // len(a)).bit_length(), 1)
        while shift > 0 and (span >> shift) + 2 <= self._MAX_TABLE:
            edges = lo + (np.arange((span >> shift) + 2, dtype=np.int64) << shift)
            table = np.searchsorted(a, edges, side)
            steps = int(np.diff(table).max())
            if steps <= self._MAX_STEPS:
                self.lo, self.shift, self.steps, self.table = lo, shift, steps, table
                return
            shift -= 1

    def __call__(self, q: I64) -> npt.NDArray[np.intp]:
        a = self.a
        if self.steps < 0 or not len(q) or int(q.min()) < self.lo or int(q.max()) > int(a[-1]):
            return np.searchsorted(a, q, self.side)
        k = q - self.lo
        k >>= self.shift
        i = self.table[k]
        last = len(a) - 1
        for _ in range(self.steps):
            edge = a[np.minimum(i, last)]
            i += ((edge <= q) if self.side == "right" else (edge < q)) & (i <= last)
        return i


def _finders(snap: Spans) -> tuple[_Finder, _Finder, _Finder]:
    """Finders for the snapshot's starts (right), running counts at the ends (left) and starts (right)."""
    got: tuple[_Finder, _Finder, _Finder] | None = snap.finders
    if got is None:
        s, _, c, ce = _arrays(snap)
        got = (_Finder(s, "right"), _Finder(ce, "left"), _Finder(c, "right"))
        snap.finders = got
    return got


def _open_before(snap: Spans, u: I64) -> I64:
    s, e, c, _ = _arrays(snap)
    if not len(s):
        return np.full(len(u), snap.base, np.int64)
    i = _finders(snap)[0](u)
    i -= 1
    if int(u.min()) >= s[0]:  # the common case: every instant after the first opening
        out = np.minimum(u, e[i])
        out += _offsets(snap)[i]
        return out
    ic = np.maximum(i, 0)
    return np.where(i >= 0, c[ic] + np.minimum(u, e[ic]) - s[ic], snap.base)


def _groups(u: I64) -> list[npt.NDArray[np.intp]]:
    """Row positions in stretches short enough to index at once (one stretch, nearly always)."""
    if not len(u):
        return []
    if int(u.max()) - int(u.min()) <= _GROUP_US:
        return [np.arange(len(u))]
    bucket = u // _GROUP_US
    order = np.argsort(bucket, kind="stable")
    cuts = np.flatnonzero(np.diff(bucket[order])) + 1
    return list(np.split(order, cuts))


def _solve(
    n: int,
    vector: Callable[[npt.NDArray[np.intp]], tuple[I64, Mask]],
    scalar: Callable[[int], int],
    column: Column,
    rows: npt.NDArray[np.intp],
) -> I64:
    """Answer ``rows`` by ``vector``; rows it cannot answer by ``scalar`` (which grows or raises)."""
    if not len(rows):
        return np.zeros(n, np.int64)
    if len(rows) == n:
        res, ok = vector(rows)
        if ok.all():  # the common case: every row answered at once
            return res
        out = np.where(ok, res, 0)
        pending = rows[~ok]
    else:
        out = np.zeros(n, np.int64)
        pending = rows
    while len(pending):
        res, ok = vector(pending)
        out[pending[ok]] = res[ok]
        left = pending[~ok]
        if not len(left):
            break
        first = int(left[0])
        try:
            out[first] = scalar(first)
        except ServiceLevelError as exc:
            raise row_error(exc, column.label(first)) from exc
        if len(left) == len(pending):  # the vector route made no progress: finish row by row
            for i in left[1:]:
                try:
                    out[i] = scalar(int(i))
                except ServiceLevelError as exc:
                    raise row_error(exc, column.label(int(i))) from exc
            break
        pending = left[1:]
    return out


# ---------------------------------------------------------------------- instants
def _add_rows(index: WindowIndex, u: I64, d: I64, rows: npt.NDArray[np.intp], column: Column) -> I64:
    """``index.add_us(u[i], d[i])`` for every ``i`` in ``rows`` (an array over all rows)."""

    def vector(idx: npt.NDArray[np.intp]) -> tuple[I64, Mask]:
        whole = len(idx) == len(u)  # every row: no copies
        uu, dd = (u, d) if whole else (u[idx], d[idx])
        if int(np.abs(dd).max()) <= index.max_open and int(uu.max()) - int(uu.min()) <= _GROUP_US:
            return _add_group(index, uu, dd)
        res = np.zeros(len(idx), np.int64)
        ok = np.zeros(len(idx), np.bool_)
        live = np.abs(dd) <= index.max_open
        for g in _groups(uu[live]):
            pos = np.flatnonzero(live)[g]
            res[pos], ok[pos] = _add_group(index, uu[pos], dd[pos])
        return res, ok

    return _solve(len(u), vector, lambda i: index.add_us(int(u[i]), int(d[i])), column, rows)


def _add_group(index: WindowIndex, u: I64, d: I64) -> tuple[I64, Mask]:
    """Forward and backward searches for rows close enough to index at once; ``ok`` where answered."""
    snap = index.cover(int(u.min()), int(u.max()))
    s, _, c, ce = _arrays(snap)
    if not len(s):
        return np.zeros(len(u), np.int64), np.zeros(len(u), np.bool_)
    target = _open_before(snap, u)
    target += d
    last = len(s) - 1
    if int(d.min()) > 0:  # the common case: every budget forward
        j = _finders(snap)[1](target)
        inside = int(target.max()) <= int(ce[-1])  # every answer lies in the snapshot's windows
        r = _offsets(snap)[j if inside else np.minimum(j, last)]
        np.subtract(target, r, out=r)
        if inside and int(snap.ends[-1]) - int(u.min()) <= HORIZON_US:  # none can cross the horizon
            return r, np.ones(len(u), np.bool_)
        ok = j <= last
        ok &= r - u <= HORIZON_US
        return r, ok
    fwd = d > 0
    j = np.where(fwd, np.searchsorted(ce, target, "left"), np.searchsorted(c, target, "right") - 1)
    jc = np.clip(j, 0, last)
    r = s[jc] + target - c[jc]
    ok = np.where(
        fwd,
        (j <= last) & (r - u <= HORIZON_US),
        (j >= 0) & (r >= snap.valid_lo) & (u - r <= HORIZON_US),
    )
    zero = d == 0
    r[zero], ok[zero] = u[zero], True
    return r, ok


def _excluded(cal: BusinessCalendar, exclude: Any, column: Column) -> list[list[tuple[int, int]]] | None:
    """Per-row pause spans in epoch µs, or None when no row has any."""
    if exclude is None or (isinstance(exclude, tuple | list) and not exclude):
        return None
    spans = per_row(exclude, column, "exclude")
    out: list[list[tuple[int, int]]] = []
    for i, row in enumerate(spans):
        try:
            out.append([] if row is None else pause_spans(cal._us, row))
        except ServiceLevelError as exc:
            raise row_error(exc, column.label(i)) from exc
    return out if any(out) else None


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
        paused = np.array([bool(p) for p in pauses], np.bool_)
        plain = rows[~paused[rows]]
        out = _add_rows(index, u, d, plain, column)
        for i in rows[paused[rows]]:
            try:
                out[i] = index.add_excluding(int(u[i]), int(d[i]), pauses[i])
            except ServiceLevelError as exc:
                raise row_error(exc, column.label(int(i))) from exc
    else:
        out = _add_rows(index, u, d, rows, column)
    _used(cal, u, out, missing)
    return column.instants(out, missing, cal.tz)


def elapsed(cal: BusinessCalendar, start: Any, end: Any, exclude: Any) -> Any:
    """`BusinessCalendar.elapsed` over columns."""
    column = Column.of(start, end)
    a, miss_a = instants(start, cal._us, column, "start")
    b, miss_b = instants(end, cal._us, column, "end")
    missing = miss_a | miss_b
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    raise_first(
        ~missing & (hi - lo > HORIZON_US),
        column,
        lambda i: HorizonExceededError(
            horizon_span("end", b[i].astype("datetime64[us]"), "start", a[i].astype("datetime64[us]"))
        ),
    )
    index = cal._index
    rows = np.flatnonzero(~missing)
    if len(rows) == len(a) and len(a) and int(hi.max()) - int(lo.min()) <= _GROUP_US:
        snap = index.cover(int(lo.min()), int(hi.max()))  # the common case: one stretch, no copies
        total = _open_before(snap, hi)
        total -= _open_before(snap, lo)
    else:
        total = np.zeros(len(a), np.int64)
        for g in _groups(lo[rows]):
            pos = rows[g]
            snap = index.cover(int(lo[pos].min()), int(hi[pos].max()))
            total[pos] = _open_before(snap, hi[pos]) - _open_before(snap, lo[pos])
    pauses = _excluded(cal, exclude, column)
    if pauses is not None:
        for i in rows.tolist():
            if pauses[i]:
                total[i] -= index.paused_open(int(lo[i]), int(hi[i]), pauses[i])
    _used(cal, lo, hi, missing)
    back = b < a
    if back.any():
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
    for g in _groups(u[rows]):
        pos = rows[g]
        snap = cal._index.cover(int(u[pos].min()), int(u[pos].max()))
        s, e, _, _ = _arrays(snap)
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
        for g in _groups(u[idx]):
            uu = u[idx[g]]
            snap = index.cover(int(uu.min()), int(uu.max()))
            s, e, _, _ = _arrays(snap)
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

    out = _solve(len(u), vector, lambda i: index.next_start(int(u[i])), column, np.flatnonzero(~missing))
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
            out[rows] = _add_rows(index, u, d, rows, column)[rows]
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

        res = _solve(len(days), vector, scalar, column, rows)
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
