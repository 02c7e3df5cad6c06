"""Column kernels on the window index: ``numpy.searchsorted`` over its sorted integer arrays.

A column of epoch-µs instants is answered by the same binary searches as one instant, done by
numpy; rows the snapshot cannot answer (the index must grow, or the answer may cross the
horizon) take the scalar route (`solve`), which grows the index or raises exactly as a scalar
call would. `calendar._vector` (the public column methods) and `calendar._pauses` (pauses as
rounds) are built on these.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from servicelevel.calendar._arrays import I64, Column, Mask, row_error
from servicelevel.calendar._engine import HORIZON_US, WindowIndex
from servicelevel.calendar._index import Spans
from servicelevel.calendar._time import US_PER_DAY
from servicelevel.errors import ServiceLevelError

__all__ = [
    "GROUP_US",
    "add_rows",
    "arrays",
    "elapsed_rows",
    "groups",
    "offsets",
    "one_window",
    "open_before",
    "solve",
]

GROUP_US = 150 * 365 * US_PER_DAY  # rows farther apart than this are indexed a stretch at a time


def arrays(snap: Spans) -> tuple[I64, I64, I64, I64]:
    """The snapshot's lists as int64 arrays, built once per snapshot."""
    got: tuple[I64, I64, I64, I64, I64] | None = snap.arrays
    if got is None:
        got = _build_arrays(snap)
    return got[:4]


def offsets(snap: Spans) -> I64:
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
        s, _, c, ce = arrays(snap)
        got = (_Finder(s, "right"), _Finder(ce, "left"), _Finder(c, "right"))
        snap.finders = got
    return got


def one_window(snap: Spans, lo: int, hi: int) -> int:
    """The window holding all of ``[lo, hi]`` (its position), or -1 where none does.

    Round-the-clock coverage (7×24) is one window for years on end: there the open time before
    ``u`` is ``u`` plus that window's offset, and open time between two instants is their wall-clock
    difference, with no search per row. One bisection of the starts decides it for a whole column.
    """
    i = bisect_right(snap.starts, lo) - 1
    return i if i >= 0 and hi <= snap.ends[i] else -1


def open_before(snap: Spans, u: I64) -> I64:
    s, e, c, _ = arrays(snap)
    if not len(s):
        return np.full(len(u), snap.base, np.int64)
    if len(u) and (w := one_window(snap, int(u.min()), int(u.max()))) >= 0:
        counted: I64 = u + offsets(snap)[w]  # every instant inside one window: its count is its own
        return counted
    i = _finders(snap)[0](u)
    i -= 1
    if int(u.min()) >= s[0]:  # the common case: every instant after the first opening
        out = np.minimum(u, e[i])
        out += offsets(snap)[i]
        return out
    ic = np.maximum(i, 0)
    return np.where(i >= 0, c[ic] + np.minimum(u, e[ic]) - s[ic], snap.base)


def groups(u: I64) -> list[npt.NDArray[np.intp]]:
    """Row positions in stretches short enough to index at once (one stretch, nearly always)."""
    if not len(u):
        return []
    if int(u.max()) - int(u.min()) <= GROUP_US:
        return [np.arange(len(u))]
    bucket = u // GROUP_US
    order = np.argsort(bucket, kind="stable")
    cuts = np.flatnonzero(np.diff(bucket[order])) + 1
    return list(np.split(order, cuts))


def solve(
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
def add_rows(index: WindowIndex, u: I64, d: I64, rows: npt.NDArray[np.intp], column: Column) -> I64:
    """``index.add_us(u[i], d[i])`` for every ``i`` in ``rows`` (an array over all rows)."""

    def vector(idx: npt.NDArray[np.intp]) -> tuple[I64, Mask]:
        whole = len(idx) == len(u)  # every row: no copies
        uu, dd = (u, d) if whole else (u[idx], d[idx])
        if int(np.abs(dd).max()) <= index.max_open and int(uu.max()) - int(uu.min()) <= GROUP_US:
            return _add_group(index, uu, dd)
        res = np.zeros(len(idx), np.int64)
        ok = np.zeros(len(idx), np.bool_)
        live = np.abs(dd) <= index.max_open
        for g in groups(uu[live]):
            pos = np.flatnonzero(live)[g]
            res[pos], ok[pos] = _add_group(index, uu[pos], dd[pos])
        return res, ok

    return solve(len(u), vector, lambda i: index.add_us(int(u[i]), int(d[i])), column, rows)


def _add_group(index: WindowIndex, u: I64, d: I64) -> tuple[I64, Mask]:
    """Forward and backward searches for rows close enough to index at once; ``ok`` where answered."""
    snap = index.cover(int(u.min()), int(u.max()))
    s, _, c, ce = arrays(snap)
    if not len(s):
        return np.zeros(len(u), np.int64), np.zeros(len(u), np.bool_)
    target = open_before(snap, u)
    target += d
    last = len(s) - 1
    if int(d.min()) > 0:  # the common case: every budget forward
        j = _finders(snap)[1](target)
        inside = int(target.max()) <= int(ce[-1])  # every answer lies in the snapshot's windows
        r = offsets(snap)[j if inside else np.minimum(j, last)]
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


def elapsed_rows(index: WindowIndex, lo: I64, hi: I64, rows: npt.NDArray[np.intp]) -> I64:
    """Open µs of ``[lo[i], hi[i])`` for every ``i`` in ``rows`` (``lo <= hi``; zero elsewhere)."""
    if len(rows) == len(lo) and len(lo) and (top := int(hi.max())) - (bottom := int(lo.min())) <= GROUP_US:
        snap = index.cover(bottom, top)  # the common case: one stretch, no copies
        if one_window(snap, bottom, top) >= 0:  # round the clock: open time is wall-clock time
            return hi - lo
        total = open_before(snap, hi)
        total -= open_before(snap, lo)
        return total
    total = np.zeros(len(lo), np.int64)
    for g in groups(lo[rows]):
        pos = rows[g]
        snap = index.cover(int(lo[pos].min()), int(hi[pos].max()))
        total[pos] = open_before(snap, hi[pos]) - open_before(snap, lo[pos])
    return total
