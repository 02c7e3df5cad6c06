"""The lazily grown window index of a calendar and the business-time arithmetic on it.

Open windows are expanded from the day rules a run of local years at a time
into an immutable `Spans` snapshot; growing builds a new snapshot and swaps it
in under a lock, so readers never see a half-built index. Every query is a
binary search on the snapshot. A computation may reach at most
`HORIZON_YEARS` from where it starts.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from servicelevel.calendar._hours import Hours
from servicelevel.calendar._index import Spans
from servicelevel.calendar._time import (
    EPOCH_ORDINAL,
    US_PER_DAY,
    date_start_us,
    fixed_offset,
    local_to_us,
)
from servicelevel.errors import CalendarNeverOpenError, HorizonExceededError

__all__ = ["HORIZON_YEARS", "WindowIndex"]

HORIZON_YEARS = 100
"""How far (in years) a computation may search for open time before giving up."""

MIN_YEAR, MAX_YEAR = 2, 9997  # stay clear of datetime's limits, with a margin year


def utc_year(u: int) -> int:
    return dt.date.fromordinal(EPOCH_ORDINAL + u // US_PER_DAY).year


class WindowIndex:
    """Open windows of a calendar, grown on demand; ``spans`` is the current snapshot."""

    __slots__ = ("fixed", "has_week", "hours", "lock", "open_days", "spans", "tz")

    def __init__(
        self,
        tz: dt.tzinfo,
        hours: Callable[[dt.date], Hours],
        open_days: tuple[dt.date, dt.date] | None,
        has_week: bool,
    ) -> None:
        self.tz, self.hours, self.open_days, self.has_week = tz, hours, open_days, has_week
        self.lock = threading.RLock()
        self.spans: Spans | None = None
        # (lo, hi, offset): the zone's one UTC offset over the years of ``spans``, if it has one
        self.fixed: tuple[int, int, int] | None = None

    # ------------------------------------------------------------------ growing
    def _expand(self, y_lo: int, y_hi: int) -> list[tuple[int, int]]:
        tz = self.tz
        out: list[tuple[int, int]] = []
        for o in range(dt.date(y_lo, 1, 1).toordinal(), dt.date(y_hi + 1, 1, 1).toordinal()):
            hours = self.hours(dt.date.fromordinal(o))
            if not hours.spans:
                continue
            base = (o - EPOCH_ORDINAL) * US_PER_DAY
            for s, e in hours.spans:
                us_s, us_e = local_to_us(tz, base + s), local_to_us(tz, base + e)
                if us_e > us_s:  # a window wholly inside a DST gap vanishes
                    out.append((us_s, us_e))
        return out

    def _build(self, y_lo: int, y_hi: int, old: Spans | None) -> Spans:
        if y_lo < MIN_YEAR or y_hi > MAX_YEAR:
            raise HorizonExceededError(
                f"the computation would need the calendar beyond the years {MIN_YEAR}-{MAX_YEAR}"
            )
        if old is None:
            windows = self._expand(y_lo, y_hi)
        elif y_lo < old.y_lo:
            windows = self._expand(y_lo, old.y_lo - 1) + old.windows()
        else:
            windows = old.windows() + self._expand(old.y_hi + 1, y_hi)
        # Windows starting in the year before y_lo may reach up to a day into it
        # (overnight, plus an hour of DST); answers are exact from two days in.
        valid_lo = date_start_us(self.tz, dt.date(y_lo, 1, 1)) + 2 * US_PER_DAY
        valid_hi = date_start_us(self.tz, dt.date(y_hi + 1, 1, 1))
        return Spans(y_lo, y_hi, valid_lo, valid_hi, windows)

    def _store(self, snap: Spans) -> Spans:
        """Publish a grown snapshot, noting whether the zone keeps one offset throughout it."""
        lo, hi = snap.valid_lo - 2 * US_PER_DAY, snap.valid_hi
        off = fixed_offset(self.tz, lo, hi)
        self.fixed = None if off is None else (lo, hi, off)
        self.spans = snap
        return snap

    def ensure(self, u: int, *, origin: int | None = None) -> Spans:
        """A snapshot exact at ``u`` (grown as needed, within the horizon from ``origin``)."""
        snap = self.spans
        if snap is not None and snap.valid_lo <= u < snap.valid_hi:
            return snap
        with self.lock:
            snap = self.spans
            year = utc_year(u)
            origin_year = year if origin is None else utc_year(origin)
            if abs(year - origin_year) > HORIZON_YEARS:
                self.horizon(origin_year)
            if snap is None:
                snap = self._build(year - 1, year + 1, None)
            while u < snap.valid_lo:
                snap = self._build(snap.y_lo - 1, snap.y_hi, snap)
            while u >= snap.valid_hi:
                snap = self._build(snap.y_lo, snap.y_hi + 1, snap)
            return self._store(snap)

    def grow(self, snap: Spans, forward: bool, origin: int, missing: int) -> Spans:
        """Grow ``snap`` by enough years to hold ``missing`` more open µs."""
        with self.lock:
            current = self.spans
            if (
                current is not None
                and current.y_lo <= snap.y_lo
                and current.y_hi >= snap.y_hi
                and current is not snap
            ):
                snap = current
            if self.open_days is not None:
                first, last = self.open_days
                if (forward and snap.y_hi >= last.year) or (not forward and snap.y_lo <= first.year):
                    raise CalendarNeverOpenError(self.never_open_message(forward))
            years = snap.y_hi - snap.y_lo + 1
            per_year = snap.total // years if snap.total else 0
            step = 1 if per_year == 0 else max(1, min(HORIZON_YEARS, missing // per_year + 1))
            origin_year = utc_year(origin)
            if forward:
                if snap.y_hi + 1 > origin_year + HORIZON_YEARS + 1:
                    self.horizon(origin_year)
                snap = self._build(snap.y_lo, min(snap.y_hi + step, origin_year + HORIZON_YEARS + 1), snap)
            else:
                if snap.y_lo - 1 < origin_year - HORIZON_YEARS - 1:
                    self.horizon(origin_year)
                snap = self._build(max(snap.y_lo - step, origin_year - HORIZON_YEARS - 1), snap.y_hi, snap)
            return self._store(snap)

    def horizon(self, origin_year: int) -> None:
        if self.open_days is not None or not self.has_week:
            raise CalendarNeverOpenError(self.never_open_message(True))
        raise HorizonExceededError(
            f"the computation needs open time more than {HORIZON_YEARS} years from {origin_year}; "
            "check the duration and the calendar's hours"
        )

    def never_open_message(self, forward: bool) -> str:
        first, last = self.open_days or (dt.date.max, dt.date.min)
        if first > last:
            where = "is never open: its week has no hours and special_hours opens no day"
        else:
            where = (
                f"has no open time {'after' if forward else 'before'} "
                f"{(last if forward else first).isoformat()}: its week has no hours, and "
                "only special_hours opens days"
            )
        return f"calendar {where}; give the week some hours, e.g. week={{'mon-fri': '09:00-17:00'}}"

    # ------------------------------------------------------------------ arithmetic
    def add_us(self, u: int, d: int) -> int:
        """The instant ``d`` µs of open time after ``u`` (before it when ``d < 0``)."""
        if d == 0:
            return u
        snap = self.ensure(u)
        if d > 0:
            while True:
                target = snap.open_before(u) + d
                r = snap.forward(target)
                if r is not None:
                    return r
                snap = self.grow(snap, True, u, target - snap.total)
        while True:
            target = snap.open_before(u) + d
            r = snap.backward(target)
            if r is not None and r >= snap.valid_lo:
                return r
            snap = self.grow(snap, False, u, -target)

    def elapsed_us(self, a: int, b: int) -> int:
        """Open µs in ``[a, b)`` for ``a <= b``."""
        self.ensure(a)
        snap = self.ensure(b, origin=a)
        return snap.open_before(b) - snap.open_before(a)

    def add_excluding(self, u: int, d: int, paused: list[tuple[int, int]]) -> int:
        """Spend ``d`` from ``u``, walking over the (sorted, merged) pauses in order."""
        remaining, cursor = abs(d), u
        if d > 0:
            for s, e in paused:
                if e <= cursor:
                    continue
                if s > cursor:
                    available = self.elapsed_us(cursor, s)
                    if available >= remaining:
                        break
                    remaining -= available
                cursor = e
            return self.add_us(cursor, remaining)
        for s, e in reversed(paused):
            if s >= cursor:
                continue
            if e < cursor:
                available = self.elapsed_us(e, cursor)
                if available >= remaining:
                    break
                remaining -= available
            cursor = s
        return self.add_us(cursor, -remaining)

    def paused_open(self, a: int, b: int, paused: list[tuple[int, int]]) -> int:
        """Open µs of ``[a, b)`` that fall inside the pauses."""
        total = 0
        for s, e in paused:
            s, e = max(s, a), min(e, b)
            if s < e:
                total += self.elapsed_us(s, e)
        return total

    def last_close(self, start: int, end: int) -> int:
        """When coverage closes for the last time in ``[start, end)``; ``end`` if never, or past it."""
        self.ensure(start)
        snap = self.ensure(end - 1, origin=start)
        i = snap.next_index(end) - 1
        if i < 0 or snap.ends[i] <= start or snap.ends[i] >= end:
            return end
        return snap.ends[i]
