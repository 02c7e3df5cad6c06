"""Statutory working days as a sorted list of ordinals, grown a run of years at a time."""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from servicelevel.calendar._engine import HORIZON_YEARS, MAX_YEAR, MIN_YEAR
from servicelevel.errors import HorizonExceededError

__all__ = ["WorkingDayIndex"]

_fromordinal = dt.date.fromordinal


class WorkingDayIndex:
    """The working days of the years ``days[0]..days[1]``, as sorted date ordinals in ``days[2]``."""

    __slots__ = ("days", "is_working", "lock")

    def __init__(self, is_working: Callable[[dt.date], bool]) -> None:
        self.is_working = is_working
        self.lock = threading.RLock()
        self.days: tuple[int, int, list[int]] | None = None

    def cover(self, year_lo: int, year_hi: int) -> tuple[int, int, list[int]]:
        days = self.days
        if days is not None and days[0] <= year_lo and year_hi <= days[1]:
            return days
        with self.lock:
            days = self.days
            lo, hi = (year_lo, year_hi) if days is None else (min(year_lo, days[0]), max(year_hi, days[1]))
            if lo < MIN_YEAR or hi > MAX_YEAR:
                raise HorizonExceededError(
                    f"the computation would need working days beyond the years {MIN_YEAR}-{MAX_YEAR}"
                )
            ords = [
                o
                for o in range(dt.date(lo, 1, 1).toordinal(), dt.date(hi + 1, 1, 1).toordinal())
                if self.is_working(dt.date.fromordinal(o))
            ]
            self.days = (lo, hi, ords)
            return self.days

    def add(self, d: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``d`` (before it when ``n < 0``); ``n != 0``."""
        o = d.toordinal()
        span = abs(n) // 200 + 1  # about 250 working days a year anywhere
        lo, hi = (d.year - 1, d.year + span) if n > 0 else (d.year - span, d.year + 1)
        while True:
            if hi - d.year > HORIZON_YEARS + 1 or d.year - lo > HORIZON_YEARS + 1:
                raise HorizonExceededError(
                    f"n: {n} working days from {d} reach more than {HORIZON_YEARS} years away"
                )
            y_lo, y_hi, ords = self.cover(lo, hi)
            # the index holds every working day of y_lo..y_hi, and d lies inside it
            i = bisect_right(ords, o) + n - 1 if n > 0 else bisect_left(ords, o) + n
            if 0 <= i < len(ords):
                return _fromordinal(ords[i])
            lo, hi = (y_lo, y_hi + span) if n > 0 else (y_lo - span, y_hi)

    def count(self, a: dt.date, b: dt.date) -> int:
        """Working days in ``[a, b)`` (negative if reversed)."""
        if abs(b.year - a.year) > HORIZON_YEARS:
            raise HorizonExceededError(f"end_day: {b} is more than {HORIZON_YEARS} years from start_day {a}")
        _, _, ords = self.cover(min(a.year, b.year), max(a.year, b.year))
        return bisect_left(ords, b.toordinal()) - bisect_left(ords, a.toordinal())
