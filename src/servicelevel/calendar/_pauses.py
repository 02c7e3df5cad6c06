"""Pause arithmetic: open time that does not count while a clock stands still.

One rule, two twins. The scalar walk (`add_excluding`, `paused_open`) follows one clock's pauses
in order. The column rounds (`add_rounds`, `open_in_rounds`) hold many clocks' pauses as
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

__all__ = ["Pauses", "add_excluding", "add_rounds", "open_in_rounds", "paused_open"]

_NONE = -(1 << 63)  # NaT's integer: this row has no k-th pause


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
