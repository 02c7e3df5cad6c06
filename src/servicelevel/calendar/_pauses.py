"""Pause arithmetic: open time that does not count while a clock stands still.

One rule, three forms. The scalar walk (`add_excluding`, `paused_open`) follows one clock's pauses
in order. `PauseLine` holds one clock's pauses as they grow (an incident's cycles add the time
from each resolution to its reopening) with the open time inside and between them summed once,
and answers the walk's question by bisection, so the k-th of many questions asked as the line
grows costs log k, not k. The column rounds (`add_rounds`, `open_in_rounds`) hold many clocks' pauses as
*rounds* — round k is the k-th pause of every row — and run one column call per round, so a
million clocks with two pauses each cost three column calls, not a million walks. Both take
each row's pauses sorted and merged; tests hold the twins equal row by row. `BusinessCalendar`'s
``add``/``elapsed`` with ``exclude=`` use them, and the table layer passes its clocks' pauses as
`Pauses`. numpy is imported only by the column twin, so the scalar API needs none.

Why the rounds equal the walk (forward): with the due ``t`` found so far, a pause ``[s, e)`` that
begins before ``t`` (at ``a = max(s, start)``) holds back the open time of ``[a, t)``; that time
is spent again from ``e``, so ``t = add(e, elapsed(a, t))``. Pauses are disjoint and sorted, so
each round moves ``t`` past one more pause exactly as the walk's cursor does. Backward (a
negative duration) is the mirror image, rounds taken last first.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from servicelevel.calendar._convert import pause_spans
from servicelevel.calendar._engine import HORIZON_US, WindowIndex
from servicelevel.calendar._instants import epoch_us
from servicelevel.errors import MismatchedColumnsError, ServiceLevelError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from servicelevel.calendar._arrays import I64, Column
    from servicelevel.calendar._business import BusinessCalendar

__all__ = [
    "PauseLine",
    "Pauses",
    "PausesSince",
    "add_excluding",
    "add_rounds",
    "open_in_rounds",
    "paused_open",
]

_NONE = -(1 << 63)  # NaT's integer: this row has no k-th pause
_FAR = 1 << 62  # a gap past the horizon: the walk spends everything left before it


# ---------------------------------------------------------------------------- one clock: the walk
def add_excluding(index: WindowIndex, u: int, d: int, paused: Sequence[tuple[int, int]]) -> int:
    """Spend ``d`` µs of open time from ``u``, walking over the (sorted, merged) pauses in order."""
    if d == 0:
        return u
    remaining, cursor = abs(d), u
    if d > 0:
        for s, e in paused:
            if e <= cursor:
                continue
            if s > cursor:
                available = index.elapsed_us(cursor, s) if s - cursor <= HORIZON_US else remaining
                if available >= remaining:
                    break
                remaining -= available
            cursor = e
        r = index.add_us(cursor, remaining)
    else:
        for s, e in reversed(paused):
            if s >= cursor:
                continue
            if e < cursor:
                available = index.elapsed_us(e, cursor) if cursor - e <= HORIZON_US else remaining
                if available >= remaining:
                    break
                remaining -= available
            cursor = s
        r = index.add_us(cursor, -remaining)
    if abs(r - u) > HORIZON_US:
        index.horizon(u)
    return r


def paused_open(index: WindowIndex, a: int, b: int, paused: Sequence[tuple[int, int]]) -> int:
    """Open µs of ``[a, b)`` that fall inside the (sorted, merged) pauses."""
    total = 0
    for s, e in paused:
        s, e = max(s, a), min(e, b)
        if s < e:
            total += index.elapsed_us(s, e)
    return total


# ---------------------------------------------------------------------------- one clock, growing
class PauseLine:
    """One clock's pauses in epoch µs, kept sorted and merged as spans are added, with sums.

    Per calendar (its window index), ``inside[j]`` is the open time inside the first ``j`` spans
    and ``between[j]`` the open time between span 0 and span ``j`` outside them (`_FAR` for a
    gap past the horizon). Sums are made when first asked for and kept: spans added after the
    last one (the usual growth) leave every sum made so far standing, one merged into the last
    span or inserted earlier drops the sums from there. Ask through `since`: the spans clipped
    at a clock's start, what `add` and `elapsed` take as ``exclude=``.

    Examples:
        >>> import datetime as dt
        >>> from servicelevel import BusinessCalendar
        >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        >>> nine = 1_772_413_200_000_000  # Mon 2026-03-02 09:00 +08:00 in epoch µs
        >>> line = PauseLine()
        >>> line.insert(nine + 3_600_000_000, nine + 7_200_000_000)  # paused 10:00-11:00
        >>> cal.add("2026-03-02T09:00", dt.timedelta(hours=4), exclude=line.since(nine))
        DateTime(2026, 3, 2, 14, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
    """

    __slots__ = ("_sums", "ends", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self._sums: dict[WindowIndex, tuple[list[int], list[int]]] = {}

    def __len__(self) -> int:
        return len(self.starts)

    def insert(self, s: int, e: int) -> None:
        """Add the span ``[s, e)`` (an empty one is nothing), merging it with those it touches."""
        if e <= s:
            return
        starts, ends = self.starts, self.ends
        n = len(starts)
        if not n or s > ends[-1]:
            starts.append(s)
            ends.append(e)
            return  # every sum made so far stands
        i = bisect_left(ends, s)  # the first span ending at or after s: it touches or follows
        j = bisect_right(starts, e)  # spans from i to j - 1 touch [s, e)
        if i < j:
            s, e = min(s, starts[i]), max(e, ends[j - 1])
        starts[i:j], ends[i:j] = [s], [e]
        for inside, between in self._sums.values():  # what the changed spans summed is gone
            del inside[i + 1 :], between[i:]

    def since(self, lo: int) -> PausesSince:
        """The spans clipped at ``lo`` (a clock's start): pass it as ``exclude=``."""
        return PausesSince(self, lo)

    def sums(self, index: WindowIndex) -> tuple[list[int], list[int]]:
        """``(inside, between)`` on ``index``, summed up to the last span (see the class)."""
        got = self._sums.get(index)
        if got is None:
            got = self._sums[index] = ([0], [])
        inside, between = got
        starts, ends = self.starts, self.ends
        for j in range(len(inside) - 1, len(starts)):
            inside.append(inside[-1] + index.elapsed_us(starts[j], ends[j]))
        for j in range(len(between), len(starts)):
            gap = starts[j] - ends[j - 1] if j else 0
            step = index.elapsed_us(ends[j - 1], starts[j]) if j and gap <= HORIZON_US else _FAR if j else 0
            between.append((between[-1] if j else 0) + step)
        return inside, between

    def before(self, index: WindowIndex, x: int) -> int:
        """Open µs inside the spans before ``x``."""
        j = bisect_left(self.starts, x)  # spans 0 .. j-1 begin before x; all but the last end before it
        if not j:
            return 0
        inside = self.sums(index)[0]
        return inside[j - 1] + index.elapsed_us(self.starts[j - 1], min(self.ends[j - 1], x))


class PausesSince:
    """A `PauseLine` clipped at ``lo``: the pauses of a clock started at ``lo``, as ``exclude=``.

    `add_us` and `open_us` answer exactly as `add_excluding` and `paused_open` over the clipped
    spans (they add the same integers), by bisection over the line's sums.
    """

    __slots__ = ("line", "lo")

    def __init__(self, line: PauseLine, lo: int) -> None:
        self.line, self.lo = line, lo

    def __bool__(self) -> bool:
        return bool(self.line.ends) and self.line.ends[-1] > self.lo

    def spans(self) -> list[tuple[int, int]]:
        """The clipped spans, listed (the walk's form)."""
        lo = self.lo
        return [(max(s, lo), e) for s, e in zip(self.line.starts, self.line.ends, strict=True) if e > lo]

    def open_us(self, index: WindowIndex, a: int, b: int) -> int:
        """`paused_open` of ``[a, b)`` (``a <= b``): the open time in both it and the spans."""
        line, lo = self.line, self.lo
        return line.before(index, max(b, lo)) - line.before(index, max(a, lo))

    def add_us(self, index: WindowIndex, u: int, d: int) -> int:
        """`add_excluding` from ``u``: where the walk breaks is the first span whose gap before it
        holds what is left, found by bisecting the running sum of the gaps."""
        line = self.line
        if d <= 0 or d >= _FAR or u < self.lo:  # counted back, or from before the clip: the walk
            return add_excluding(index, u, d, self.spans())
        starts, ends = line.starts, line.ends
        j0 = bisect_right(ends, u)  # the first span that ends after u
        if j0 == len(starts):
            return add_excluding(index, u, d, ())
        spent = 0  # open time found before span j0
        if starts[j0] > u:
            spent = index.elapsed_us(u, starts[j0]) if starts[j0] - u <= HORIZON_US else d
            if spent >= d:
                return add_excluding(index, u, d, ())
        between = line.sums(index)[1]
        # span j (> j0) has spent + between[j] - between[j0] of open time before it
        j = bisect_left(between, d - spent + between[j0], j0 + 1)
        cursor = ends[j - 1]
        r = index.add_us(cursor, d - spent - (between[j - 1] - between[j0]))
        if abs(r - u) > HORIZON_US:
            index.horizon(u)
        return r


# ---------------------------------------------------------------------------- many clocks: rounds
class Pauses:
    """The pauses of each row of a column, kept as rounds: round k is the k-th pause of every row.

    Pass it as ``exclude=`` to `BusinessCalendar.add` and `BusinessCalendar.elapsed` over
    columns: the same answers as a list of pauses per row, a column call per round instead of a
    walk per row. Build it from one list of ``(start, end)`` pairs per row (`of`), or from rounds
    of UTC ``datetime64[us]`` columns, ``NaT`` where a row has fewer pauses (`from_rounds`; each
    row's pauses must then be sorted and disjoint, as the rounds' order says).

    Examples:
        >>> import numpy as np
        >>> from servicelevel import BusinessCalendar
        >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        >>> starts = np.array(["2026-03-02T01:00", "2026-03-02T01:00"], dtype="datetime64[us]")
        >>> pauses = Pauses.of([[("2026-03-02T10:00", "2026-03-02T11:00")], []], cal)
        >>> cal.add(starts, np.array([4, 4], dtype="timedelta64[h]"), exclude=pauses).tolist()
        [datetime.datetime(2026, 3, 2, 6, 0), datetime.datetime(2026, 3, 2, 5, 0)]
    """

    __slots__ = ("ends", "n", "starts")

    def __init__(self, starts: Sequence[I64], ends: Sequence[I64], n: int) -> None:
        self.starts, self.ends, self.n = list(starts), list(ends), n

    @classmethod
    def of(cls, rows: Sequence[Iterable[tuple[Any, Any]] | None], calendar: BusinessCalendar) -> Pauses:
        """From one iterable of ``(start, end)`` pairs of instants per row (None or empty: no pause),
        read as ``calendar`` reads instants (text without an offset: its zone); each row's pauses
        are sorted and merged here. A bad pair names its row."""
        out: list[list[tuple[int, int]]] = []
        for i, row in enumerate(rows):
            try:
                out.append(
                    [] if row is None else pause_spans(lambda t, what: epoch_us(calendar, t, what), row)
                )
            except ServiceLevelError as exc:
                raise exc.restated(f"exclude[{i}]") from None
        return cls.of_epoch(out)

    @classmethod
    def of_epoch(cls, rows: Sequence[Sequence[tuple[int, int]]]) -> Pauses:
        """From each row's sorted, merged spans in epoch µs."""
        import numpy as np

        n = len(rows)
        starts: list[I64] = []
        ends: list[I64] = []
        for k in range(max((len(r) for r in rows), default=0)):
            s, e = np.full(n, _NONE, np.int64), np.full(n, _NONE, np.int64)
            for i, row in enumerate(rows):
                if len(row) > k:
                    s[i], e[i] = row[k]
            starts.append(s)
            ends.append(e)
        return cls(starts, ends, n)

    @classmethod
    def from_rounds(cls, rounds: Sequence[tuple[Any, Any]], n: int | None = None) -> Pauses:
        """From rounds of UTC ``datetime64[us]`` columns (``NaT``: no k-th pause in that row), for
        ``n`` rows (by default the rounds' length)."""
        import numpy as np

        starts, ends = [], []
        n = -1 if n is None else n
        for k, (s, e) in enumerate(rounds):
            s64 = np.asarray(s, dtype="datetime64[us]").view(np.int64)
            e64 = np.asarray(e, dtype="datetime64[us]").view(np.int64)
            if n < 0:
                n = len(s64)
            if len(s64) != n or len(e64) != n:
                raise MismatchedColumnsError(f"rounds[{k}]: expected {n} rows, got {len(s64)} and {len(e64)}")
            starts.append(s64)
            ends.append(e64)
        return cls(starts, ends, max(n, 0))

    @classmethod
    def combine(cls, parts: Sequence[tuple[npt.NDArray[np.intp], Pauses]], n: int) -> Pauses:
        """The pauses of ``n`` rows put together from parts, each the pauses of the rows it names."""
        import numpy as np

        starts: list[I64] = []
        ends: list[I64] = []
        for rows, part in parts:
            for k, (s, e) in enumerate(zip(part.starts, part.ends, strict=True)):
                if k == len(starts):
                    starts.append(np.full(n, _NONE, np.int64))
                    ends.append(np.full(n, _NONE, np.int64))
                starts[k][rows], ends[k][rows] = s, e
        return cls(starts, ends, n)

    def take(self, rows: npt.NDArray[np.intp]) -> Pauses:
        """The pauses of the rows ``rows``, in that order (rounds no row of them has are dropped)."""

        starts, ends = [], []
        for s, e in zip(self.starts, self.ends, strict=True):
            part = s[rows]
            if (part != _NONE).any():
                starts.append(part)
                ends.append(e[rows])
        return Pauses(starts, ends, len(rows))

    def __len__(self) -> int:
        return self.n

    def __repr__(self) -> str:
        return f"Pauses(<{self.n} rows, {len(self.starts)} rounds>)"

    def rows(self) -> list[list[tuple[int, int]]]:
        """Each row's pauses in epoch µs (the scalar walk's form)."""
        import numpy as np

        out: list[list[tuple[int, int]]] = [[] for _ in range(self.n)]
        for s, e in zip(self.starts, self.ends, strict=True):
            for i in np.flatnonzero(s != _NONE).tolist():
                out[i].append((int(s[i]), int(e[i])))
        return out

    def paused_now(self) -> npt.NDArray[np.bool_]:
        """Rows with any pause at all."""
        import numpy as np

        out = np.zeros(self.n, np.bool_)
        for s in self.starts:
            out |= s != _NONE
        return out

    def check(self, n: int) -> None:
        """Refuse pauses for a column of another length."""
        if self.n != n:
            raise MismatchedColumnsError(f"exclude: pauses for {self.n} rows given with a column of {n}")


def add_rounds(
    index: WindowIndex, u: I64, d: I64, rows: npt.NDArray[np.intp], pauses: Pauses, column: Column
) -> I64:
    """`add_excluding` for every row in ``rows``: the due without pauses, then a round per pause."""
    import numpy as np

    from servicelevel.calendar._arrays import row_error
    from servicelevel.calendar._kernels import add_rows, elapsed_rows

    t = add_rows(index, u, d, rows, column)
    fwd = rows[d[rows] > 0]
    back = rows[d[rows] < 0]
    if len(fwd):
        for s, e in zip(pauses.starts, pauses.ends, strict=True):
            a = np.maximum(s, u)
            pos = fwd[(s[fwd] != _NONE) & (e[fwd] > a[fwd]) & (a[fwd] < t[fwd])]
            if len(pos):
                left = elapsed_rows(index, a, t, pos)
                pos = pos[left[pos] > 0]
                t[pos] = add_rows(index, e, left, pos, column)[pos]
    if len(back):
        for s, e in zip(reversed(pauses.starts), reversed(pauses.ends), strict=True):
            b = np.minimum(e, u)
            pos = back[(s[back] != _NONE) & (s[back] < b[back]) & (b[back] > t[back])]
            if len(pos):
                left = elapsed_rows(index, t, b, pos)
                pos = pos[left[pos] > 0]
                t[pos] = add_rows(index, s, -left, pos, column)[pos]
    for i in rows[np.abs(t[rows] - u[rows]) > HORIZON_US].tolist():
        try:  # past the horizon: the walk raises exactly as one clock would
            add_excluding(index, int(u[i]), int(d[i]), pauses.rows()[i])
        except ServiceLevelError as exc:
            raise row_error(exc, column.label(i)) from exc
    return t


def open_in_rounds(index: WindowIndex, lo: I64, hi: I64, rows: npt.NDArray[np.intp], pauses: Pauses) -> I64:
    """`paused_open` for every row in ``rows``: the open time of ``[lo, hi)`` inside its pauses."""
    import numpy as np

    from servicelevel.calendar._kernels import elapsed_rows

    total = np.zeros(len(lo), np.int64)
    for s, e in zip(pauses.starts, pauses.ends, strict=True):
        a = np.maximum(s, lo)
        b = np.minimum(e, hi)
        pos = rows[(s[rows] != _NONE) & (a[rows] < b[rows])]
        if len(pos):
            total[pos] += elapsed_rows(index, a, b, pos)[pos]
    return total
