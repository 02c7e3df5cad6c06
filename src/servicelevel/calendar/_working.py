"""Statutory working days as a sorted list of ordinals, grown a run of years at a time."""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import Any

from servicelevel.calendar._engine import HORIZON_DAYS, HORIZON_YEARS, MAX_YEAR, MIN_YEAR
from servicelevel.errors import HorizonExceededError

__all__ = ["WorkingDayIndex"]

_fromordinal = dt.date.fromordinal
_NEAR_YEARS = 3  # a request this close to the index grows it; a farther one starts afresh


class WorkingDayIndex:
    """The working days of the years ``days[0]..days[1]``, as sorted date ordinals in ``days[2]``."""

    __slots__ = ("arrays", "days", "is_working", "lock")

    def __init__(self, is_working: Callable[[dt.date], bool]) -> None:
        self.is_working = is_working
        self.lock = threading.RLock()
        self.days: tuple[int, int, list[int]] | None = None
        self.arrays: Any = None  # ((y_lo, y_hi), the ordinals as a numpy array), for column calls

    def _ordinals(self, y_lo: int, y_hi: int) -> list[int]:
        is_working = self.is_working
        return [
            o
            for o in range(dt.date(y_lo, 1, 1).toordinal(), dt.date(y_hi + 1, 1, 1).toordinal())
            if is_working(_fromordinal(o))
        ]

    def cover(self, year_lo: int, year_hi: int) -> tuple[int, int, list[int]]:
        """An index holding every working day of ``year_lo..year_hi`` (added years only are computed)."""
        days = self.days
        if days is not None and days[0] <= year_lo and year_hi <= days[1]:
            return days
        if year_lo < MIN_YEAR or year_hi > MAX_YEAR:
            raise HorizonExceededError(
                f"the computation would need working days beyond the years {MIN_YEAR}-{MAX_YEAR}"
            )
        with self.lock:
            days = self.days
            if days is None or year_lo > days[1] + _NEAR_YEARS or year_hi < days[0] - _NEAR_YEARS:
                new = (year_lo, year_hi, self._ordinals(year_lo, year_hi))
            else:
                lo, hi, ords = days
                before = self._ordinals(year_lo, lo - 1) if year_lo < lo else []
                after = self._ordinals(hi + 1, year_hi) if year_hi > hi else []
                new = (min(lo, year_lo), max(hi, year_hi), before + ords + after)
            self.days = new
            return new

    def add(self, d: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``d`` (before it when ``n < 0``); ``n != 0``.

        The answer must lie within the horizon of ``d``, or `HorizonExceededError`.
        """
        o = d.toordinal()
        y_min = _fromordinal(max(o - HORIZON_DAYS, 1)).year
        y_max = _fromordinal(min(o + HORIZON_DAYS, dt.date.max.toordinal())).year
        span = abs(n) // 200 + 1  # about 250 working days a year anywhere
        lo, hi = (d.year - 1, d.year + span) if n > 0 else (d.year - span, d.year + 1)
        while True:
            lo, hi = max(lo, y_min, MIN_YEAR), min(hi, y_max, MAX_YEAR)
            y_lo, y_hi, ords = self.cover(lo, hi)
            # the index holds every working day of y_lo..y_hi, and d lies inside it
            i = bisect_right(ords, o) + n - 1 if n > 0 else bisect_left(ords, o) + n
            if 0 <= i < len(ords):
                if abs(ords[i] - o) > HORIZON_DAYS:
                    break
                return _fromordinal(ords[i])
            if (n > 0 and y_hi >= min(y_max, MAX_YEAR)) or (n < 0 and y_lo <= max(y_min, MIN_YEAR)):
                break
            lo, hi = (y_lo, y_hi + span) if n > 0 else (y_lo - span, y_hi)
        raise HorizonExceededError(
            f"n: {n} working days from {d} reach more than {HORIZON_YEARS} years ({HORIZON_DAYS} days) away"
        )

    def count(self, a: dt.date, b: dt.date) -> int:
        """Working days in ``[a, b)`` (negative if reversed)."""
        if abs(b.toordinal() - a.toordinal()) > HORIZON_DAYS:
            raise HorizonExceededError(
                f"end_day: {b} is more than {HORIZON_YEARS} years ({HORIZON_DAYS} days) from start_day {a}"
            )
        _, _, ords = self.cover(min(a.year, b.year), max(a.year, b.year))
        return bisect_left(ords, b.toordinal()) - bisect_left(ords, a.toordinal())
