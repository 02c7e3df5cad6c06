"""Open time as sorted integer arrays, answered by binary search.

A `Spans` snapshot holds the merged open windows ``[starts[i], ends[i])`` of a
run of local years, in epoch microseconds, with the open time before each
window (``cum``) and up to its end (``cum_end``) on one running count. The
count's origin is arbitrary (it may go negative when years are added in
front); only differences mean anything. Every query is a `bisect` on these
plain lists (ready for numpy's ``searchsorted`` later). Snapshots are
immutable: growing builds a new one from the old lists (copied in C) plus the
new windows, so growth costs Python time only for the years added and readers
never see a half-built index.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Any

from servicelevel.calendar._time import EPOCH_ORDINAL, FIRST_DAY, LAST_DAY, US, US_PER_DAY

_TABLE_YEARS = 40  # a snapshot longer than this answers by bisection only (its day table would be large)
# The days a table may hold: a day inside the dates servicelevel computes with, in any zone's offset
_FIRST_TABLE_DAY = FIRST_DAY.toordinal() + 1 - EPOCH_ORDINAL
_LAST_TABLE_DAY = LAST_DAY.toordinal() - EPOCH_ORDINAL  # the first day not held
_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _merge(windows: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted windows -> starts and ends, overlapping or touching windows merged."""
    starts: list[int] = []
    ends: list[int] = []
    for s, e in windows:
        if ends and s <= ends[-1]:
            if e > ends[-1]:
                ends[-1] = e
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _running(starts: list[int], ends: list[int], base: int) -> tuple[list[int], list[int]]:
    cum: list[int] = []
    cum_end: list[int] = []
    total = base
    for s, e in zip(starts, ends, strict=True):
        cum.append(total)
        total += e - s
        cum_end.append(total)
    return cum, cum_end


class Spans:
    """Merged open windows of local years ``[y_lo, y_hi]``, exact within ``[valid_lo, valid_hi)``."""

    __slots__ = (
        "arrays",
        "base",
        "cum",
        "cum_end",
        "days",
        "ends",
        "finders",
        "offset",
        "starts",
        "valid_hi",
        "valid_lo",
        "y_hi",
        "y_lo",
    )

    def __init__(
        self,
        y_lo: int,
        y_hi: int,
        valid_lo: int,
        valid_hi: int,
        windows: Iterable[tuple[int, int]],
    ) -> None:
        starts, ends = _merge(windows)  # sorted by start
        cum, cum_end = _running(starts, ends, 0)
        self._set(y_lo, y_hi, valid_lo, valid_hi, starts, ends, cum, cum_end)

    def _set(
        self,
        y_lo: int,
        y_hi: int,
        valid_lo: int,
        valid_hi: int,
        starts: list[int],
        ends: list[int],
        cum: list[int],
        cum_end: list[int],
    ) -> None:
        self.y_lo, self.y_hi, self.valid_lo, self.valid_hi = y_lo, y_hi, valid_lo, valid_hi
        self.starts, self.ends, self.cum, self.cum_end = starts, ends, cum, cum_end
        self.base = cum[0] if cum else 0  # the running count before the first window
        self.arrays: Any = None  # the four lists as numpy arrays, built by column calls
        self.finders: Any = None  # bucket tables over them (calendar._vector)
        self.offset: int | None = None  # the zone's one UTC offset over these years, if it keeps one
        self.days: DayTable | None = None  # built on first use by `day_table`

    def day_table(self) -> DayTable:
        """The snapshot's open time by local day (empty where the zone changes its offset)."""
        days = self.days
        if days is None:
            off = self.offset
            days = self.days = (
                _NO_DAYS if off is None or self.y_hi - self.y_lo > _TABLE_YEARS else DayTable(self, off)
            )
        return days

    def extended(
        self,
        y_lo: int,
        y_hi: int,
        valid_lo: int,
        valid_hi: int,
        before: list[tuple[int, int]],
        after: list[tuple[int, int]],
    ) -> Spans:
        """A new snapshot with ``before`` windows (all before ours) and ``after`` ones added."""
        starts, ends, cum, cum_end = self.starts, self.ends, self.cum, self.cum_end
        if after:
            # Old windows that the new ones reach or touch (overnight windows across the
            # year's end) are merged again; those before keep their counts.
            j = bisect_left(ends, after[0][0])
            redo_s, redo_e = _merge([*zip(starts[j:], ends[j:], strict=True), *after])
            base = cum_end[j - 1] if j else (cum[0] if cum else self.base)
            redo_c, redo_ce = _running(redo_s, redo_e, base)
            starts, ends = starts[:j] + redo_s, ends[:j] + redo_e
            cum, cum_end = cum[:j] + redo_c, cum_end[:j] + redo_ce
        if before:
            last_end = max(e for _, e in before)
            k = bisect_right(starts, last_end)
            redo_s, redo_e = _merge(sorted([*before, *zip(starts[:k], ends[:k], strict=True)]))
            length = sum(e - s for s, e in zip(redo_s, redo_e, strict=True))
            anchor = cum[k] if k < len(cum) else (cum[0] if cum else self.base)
            redo_c, redo_ce = _running(redo_s, redo_e, anchor - length)
            starts, ends = redo_s + starts[k:], redo_e + ends[k:]
            cum, cum_end = redo_c + cum[k:], redo_ce + cum_end[k:]
        snap = Spans.__new__(Spans)
        snap._set(y_lo, y_hi, valid_lo, valid_hi, starts, ends, cum, cum_end)
        return snap

    def windows(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends, strict=True))

    def is_open(self, u: int) -> bool:
        i = bisect_right(self.starts, u) - 1
        return i >= 0 and u < self.ends[i]

    def open_before(self, u: int) -> int:
        """The running count of open time at ``u``."""
        i = bisect_right(self.starts, u) - 1
        if i < 0:
            return self.base
        e = self.ends[i]
        return self.cum[i] + (u if u < e else e) - self.starts[i]

    def forward(self, target: int) -> int | None:
        """Earliest instant with ``open_before == target``, or None past the last window."""
        i = bisect_left(self.cum_end, target)
        if i == len(self.cum_end):
            return None
        return self.starts[i] + target - self.cum[i]

    def backward(self, target: int) -> int | None:
        """Latest instant with ``open_before == target``, or None before the first window."""
        i = bisect_right(self.cum, target) - 1
        if i < 0:
            return None
        return self.starts[i] + target - self.cum[i]

    def next_index(self, u: int) -> int:
        """Index of the first window that starts at or after ``u``."""
        return bisect_left(self.starts, u)

    def next_start(self, u: int) -> int | None:
        i = bisect_right(self.starts, u)
        return self.starts[i] if i < len(self.starts) else None

    @property
    def total(self) -> int:
        """Open time in the snapshot."""
        return self.cum_end[-1] - self.base if self.cum_end else 0


class DayTable:
    """A snapshot's open time by local day, for a zone that keeps one UTC offset over it.

    ``cum[k]`` is the snapshot's running count at the local midnight that
    starts day ``k`` (one more entry closes the last day) and ``wins[k]`` that
    day's open windows as ``(start, end, before)``: seconds since that
    midnight, and the open µs of the day before the window. An instant given
    by its local fields then finds its running count with no offset
    arithmetic and no search, and one given since the epoch with divisions by
    one-digit divisors only (CPython divides fastest by a number below 2**30).
    The lookup is written out in both readers (`at` goes through `at_ns`): a
    shared helper would cost a call on the hot path of `BusinessCalendar.elapsed`.
    Only days wholly inside the snapshot's exact range (and a day clear of the
    dates servicelevel computes with, whatever the offset) are held, and only
    for windows on whole seconds (hours are given to the minute; anything finer
    answers by bisection).

    `BusinessCalendar.add` reads the table the other way (`ahead`): from a
    running count to the day that reaches it (a bisection of ``cum``) and the
    place in that day, and builds its answer from the day's date (`dates`).
    """

    __slots__ = ("ahead", "count", "cum", "dates", "epoch", "first", "first_day", "offset_ns", "wins", "zone")

    def __init__(self, snap: Spans, offset: int) -> None:
        self.ahead: list[tuple[tuple[int, int], ...]] | None = None  # built by `look_ahead`
        self.dates: list[tuple[int, int, int]] = []
        d0 = -(-(snap.valid_lo + offset) // US_PER_DAY)  # the first whole local day, since the epoch
        d0 = max(d0, _FIRST_TABLE_DAY)
        d1 = max(d0, min((snap.valid_hi + offset) // US_PER_DAY, _LAST_TABLE_DAY))
        starts, ends = snap.starts, snap.ends
        n = len(starts)
        cum: list[int] = []
        wins: list[tuple[tuple[int, int, int], ...]] = []
        shared: dict[tuple[tuple[int, int, int], ...], tuple[tuple[int, int, int], ...]] = {}
        j = max(bisect_right(starts, d0 * US_PER_DAY - offset) - 1, 0)
        for d in range(d0, d1 + 1):
            lo = d * US_PER_DAY - offset
            cum.append(snap.open_before(lo))
            if d == d1:
                break  # the count closing the last day
            hi = lo + US_PER_DAY
            while j < n and ends[j] <= lo:
                j += 1
            day: list[tuple[int, int, int]] = []
            before, k = 0, j
            while k < n and starts[k] < hi:
                s, e = max(starts[k], lo) - lo, min(ends[k], hi) - lo
                if s % US or e % US:
                    self._none()
                    return
                if e > s:
                    day.append((s // US, e // US, before))
                    before += e - s
                k += 1
            key = tuple(day)
            wins.append(shared.setdefault(key, key))  # days alike share one tuple
        self.first, self.first_day, self.count = EPOCH_ORDINAL + d0, d0, len(wins)
        self.offset_ns = offset * 1000
        self.zone: dt.tzinfo | None = dt.timezone(dt.timedelta(microseconds=offset))  # ISO text's offset
        self.epoch = dt.datetime(1970, 1, 1, tzinfo=self.zone)  # the local epoch, as an instant
        self.cum, self.wins = cum, wins

    def _none(self) -> None:
        self.first = self.first_day = self.count = self.offset_ns = 0
        self.zone, self.epoch = None, _EPOCH_UTC  # never read: there is no day to read
        self.cum, self.wins, self.ahead, self.dates = [], [], None, []

    def look_ahead(self) -> list[tuple[tuple[int, int], ...]]:
        """Each day's windows as ``(upto, shift)``, for `BusinessCalendar.add`; built on first use.

        ``upto`` is the day's open µs up to the window's end and ``shift`` its start (µs since
        midnight) less the open µs before it: the earliest place in the day where ``rem`` µs of
        it have been open is ``rem + shift`` of the first window with ``rem <= upto``. With it
        come `dates`, the ``(year, month, day)`` of each day and of the day after the last.
        """
        shared: dict[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]] = {}
        ahead = []
        for day in self.wins:
            key = tuple((before + (e - s) * US, s * US - before) for s, e, before in day)
            ahead.append(shared.setdefault(key, key))
        fromordinal = dt.date.fromordinal
        self.dates = [
            (d.year, d.month, d.day) for d in map(fromordinal, range(self.first, self.first + self.count + 1))
        ]
        self.ahead = ahead  # last: a reader that sees it sees the dates
        return ahead

    def local(self, d: dt.datetime) -> int | None:
        """The running count at wall time ``d`` (its fields only: any zone is ignored); None off the table."""
        k = d.toordinal() - self.first
        if k < 0 or k >= self.count:
            return None
        t = d.hour * 3600 + d.minute * 60 + d.second
        for s, e, before in self.wins[k]:
            if t < e:
                if t < s:
                    return self.cum[k] + before
                return self.cum[k] + before + (t - s) * US + d.microsecond
        return self.cum[k + 1]

    def at(self, u: int) -> int | None:
        """The running count at epoch µs ``u``; None off the table (the less common route)."""
        return self.at_ns(u * 1000)

    def at_ns(self, ns: int) -> int | None:
        """The running count at epoch nanoseconds ``ns`` (pandas' ``Timestamp.value``); None off the table."""
        second, nano = divmod(ns + self.offset_ns, 1_000_000_000)
        k, t = divmod(second, 86_400)
        k -= self.first_day
        if k < 0 or k >= self.count:
            return None
        for s, e, before in self.wins[k]:
            if t < e:
                if t < s:
                    return self.cum[k] + before
                return self.cum[k] + before + (t - s) * US + nano // 1000
        return self.cum[k + 1]


_NO_DAYS = DayTable.__new__(DayTable)
_NO_DAYS._none()
