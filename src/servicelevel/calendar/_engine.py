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
from typing import NoReturn

from servicelevel.calendar._hours import Hours
from servicelevel.calendar._index import Spans
from servicelevel.calendar._time import (
    EPOCH_ORDINAL,
    FIRST_DAY,
    LAST_DAY,
    US_PER_DAY,
    date_start_us,
    fixed_offset,
    local_date,
    local_to_us,
    offset_us,
)
from servicelevel.errors import CalendarNeverOpenError, HorizonExceededError

__all__ = ["HORIZON_YEARS", "WindowIndex"]

HORIZON_YEARS = 100
"""How far (in years) a computation may reach from where it starts before giving up."""
HORIZON_DAYS = 36_525  # 100 years of 365.25 days: the one measure of the horizon
HORIZON_US = HORIZON_DAYS * US_PER_DAY
_NEAR_YEARS = 3  # a request this close to the index grows it; a farther one starts afresh

MIN_YEAR, MAX_YEAR = FIRST_DAY.year - 1, LAST_DAY.year + 1  # indexes reach a year past the dates


_LAST_ORDINAL = dt.date.max.toordinal()


def utc_year(u: int) -> int:
    """The UTC year of epoch µs ``u``; 0 or 10000 past ``datetime``'s range (which no index reaches)."""
    o = EPOCH_ORDINAL + u // US_PER_DAY
    if o < 1:
        return 0
    if o > _LAST_ORDINAL:
        return 10_000
    return dt.date.fromordinal(o).year


class WindowIndex:
    """Open windows of a calendar, grown on demand; ``spans`` is the current snapshot."""

    __slots__ = ("fixed", "has_week", "hours", "lock", "max_open", "open_days", "spans", "tz")

    def __init__(
        self,
        tz: dt.tzinfo,
        hours: Callable[[dt.date], Hours],
        open_days: tuple[dt.date, dt.date] | None,
        has_week: bool,
        longest_day: int,
    ) -> None:
        self.tz, self.hours, self.open_days, self.has_week = tz, hours, open_days, has_week
        # No day opens longer than its longest hours plus a DST hour: a budget above this
        # bound cannot be spent within the horizon, whatever the days hold.
        self.max_open = (HORIZON_DAYS + 2) * (longest_day + 3600 * 1_000_000)
        self.lock = threading.RLock()
        self.spans: Spans | None = None
        # (lo, hi, offset): the zone's one UTC offset over the years of ``spans``, if it has one
        self.fixed: tuple[int, int, int] | None = None

    # ------------------------------------------------------------------ growing
    def _expand(self, y_lo: int, y_hi: int) -> list[tuple[int, int]]:
        tz, hours_of, fromordinal = self.tz, self.hours, dt.date.fromordinal
        out: list[tuple[int, int]] = []
        first, end = dt.date(y_lo, 1, 1).toordinal(), dt.date(y_hi + 1, 1, 1).toordinal()
        # The zone's UTC offset at UTC midnights from a day before to three days after each
        # day: where all five agree, no transition touches that day's windows (which lie
        # within 14 h before and 2 days after its local midnight), so local time converts
        # by subtraction. Offsets never change twice within a day, so sampling daily is safe.
        offsets = [offset_us(tz, (o - EPOCH_ORDINAL) * 86_400) for o in range(first - 1, first + 4)]
        for o in range(first, end):
            hours = hours_of(fromordinal(o))
            off = offsets[0]
            steady = offsets.count(off) == 5
            offsets.pop(0)
            offsets.append(offset_us(tz, (o + 4 - EPOCH_ORDINAL) * 86_400))
            if not hours.spans:
                continue
            base = (o - EPOCH_ORDINAL) * US_PER_DAY
            if steady:
                out.extend((base + s - off, base + e - off) for s, e in hours.spans)
                continue
            for s, e in hours.spans:
                us_s, us_e = local_to_us(tz, base + s), local_to_us(tz, base + e)
                if us_e > us_s:  # a window wholly inside a DST gap vanishes
                    out.append((us_s, us_e))
        return out

    def _bounds(self, y_lo: int, y_hi: int) -> tuple[int, int]:
        # Windows starting in the year before y_lo may reach up to a day into it
        # (overnight, plus an hour of DST); answers are exact from two days in.
        valid_lo = date_start_us(self.tz, dt.date(y_lo, 1, 1)) + 2 * US_PER_DAY
        return valid_lo, date_start_us(self.tz, dt.date(y_hi + 1, 1, 1))

    def _dated(self, lo: int, hi: int) -> tuple[int, int]:
        """``[lo, hi)`` within the dates servicelevel computes with: the index holds a year more on
        each side, but the one-offset shortcuts that skip the entry checks must not answer there."""
        first = date_start_us(self.tz, FIRST_DAY)
        return max(lo, first), min(hi, date_start_us(self.tz, LAST_DAY + dt.timedelta(days=1)))

    def _build(self, y_lo: int, y_hi: int, old: Spans | None) -> Spans:
        """A snapshot of the years ``y_lo..y_hi``: ``old``'s years plus the missing ones, or fresh."""
        if y_lo < MIN_YEAR or y_hi > MAX_YEAR:
            raise HorizonExceededError(
                f"the computation would need the calendar beyond the years {MIN_YEAR}-{MAX_YEAR}"
            )
        valid_lo, valid_hi = self._bounds(y_lo, y_hi)
        if old is None:
            snap = Spans(y_lo, y_hi, valid_lo, valid_hi, self._expand(y_lo, y_hi))
            off = fixed_offset(self.tz, valid_lo - 2 * US_PER_DAY, valid_hi)
            self.fixed = None if off is None else (*self._dated(valid_lo - 2 * US_PER_DAY, valid_hi), off)
            snap.offset = off
            return snap
        before = self._expand(y_lo, old.y_lo - 1) if y_lo < old.y_lo else []
        after = self._expand(old.y_hi + 1, y_hi) if y_hi > old.y_hi else []
        fixed = self.fixed
        if fixed is not None:  # check only the years added for an offset change
            lo, hi = valid_lo - 2 * US_PER_DAY, valid_hi
            same = (lo >= fixed[0] or fixed_offset(self.tz, lo, fixed[0]) == fixed[2]) and (
                hi <= fixed[1] or fixed_offset(self.tz, fixed[1], hi) == fixed[2]
            )
            self.fixed = (*self._dated(lo, hi), fixed[2]) if same else None
        snap = old.extended(y_lo, y_hi, valid_lo, valid_hi, before, after)
        snap.offset = None if self.fixed is None else self.fixed[2]
        return snap

    def cover(self, lo: int, hi: int) -> Spans:
        """A snapshot exact on ``[lo, hi]``: the current one, grown to it, or a fresh one.

        Growing adds only the missing years; a request far from what is indexed
        starts a fresh snapshot instead, so the index holds what queries need
        and never the years between two distant ones.
        """
        snap = self.spans
        if snap is not None and snap.valid_lo <= lo and hi < snap.valid_hi:
            return snap
        with self.lock:
            snap = self.spans
            if snap is not None and snap.valid_lo <= lo and hi < snap.valid_hi:
                return snap
            y_lo, y_hi = utc_year(lo) - 1, utc_year(hi) + 1
            if snap is None or y_lo > snap.y_hi + _NEAR_YEARS or y_hi < snap.y_lo - _NEAR_YEARS:
                snap = self._build(y_lo, y_hi, None)
            else:
                snap = self._build(min(y_lo, snap.y_lo), max(y_hi, snap.y_hi), snap)
            self.spans = snap
            return snap

    def _grow(self, snap: Spans, forward: bool, origin: int, missing: int) -> Spans:
        """Grow ``snap`` by enough years to hold ``missing`` more open µs, within the horizon."""
        with self.lock:
            current = self.spans
            if current is not None and current.y_lo <= snap.y_lo and current.y_hi >= snap.y_hi:
                snap = current
            if self.open_days is not None:
                first, last = self.open_days
                if (forward and snap.y_hi >= last.year) or (not forward and snap.y_lo <= first.year):
                    raise CalendarNeverOpenError(self.never_open_message(forward))
            if (forward and snap.valid_hi > origin + HORIZON_US) or (
                not forward and snap.valid_lo < origin - HORIZON_US
            ):
                self.horizon(origin, forward)
            years = snap.y_hi - snap.y_lo + 1
            per_year = snap.total // years if snap.total else 0
            step = 1 if per_year == 0 else max(1, min(HORIZON_YEARS, missing // per_year + 1))
            if forward:
                limit = utc_year(origin + HORIZON_US) + 1
                snap = self._build(snap.y_lo, min(snap.y_hi + step, limit), snap)
            else:
                limit = utc_year(origin - HORIZON_US) - 1
                snap = self._build(max(snap.y_lo - step, limit), snap.y_hi, snap)
            self.spans = snap
            return snap

    def horizon(self, origin: int, forward: bool = True) -> NoReturn:
        """Refuse a search for open time that would reach past the horizon from ``origin``."""
        if self.open_days is not None or not self.has_week:
            raise CalendarNeverOpenError(self.never_open_message(forward, origin))
        raise HorizonExceededError(
            f"the computation needs open time more than {HORIZON_YEARS} years "
            f"({HORIZON_DAYS} days) from {local_date(self.tz, origin)}; "
            "check the duration and the calendar's hours"
        )

    def never_open_message(self, forward: bool, origin: int | None = None) -> str:
        side = "after" if forward else "before"
        if self.open_days is None:  # no weekly hours: only make-up working days open it
            where = (
                f"has no open time within {HORIZON_YEARS} years {side} "
                f"{local_date(self.tz, origin) if origin is not None else 'the start'}: its week has no "
                "hours and it opens only on make-up working days (and special_hours), of which the "
                "holidays data lists none there"
            )
        elif self.open_days[0] > self.open_days[1]:
            where = "is never open: its week has no hours and special_hours opens no day"
        else:
            first, last = self.open_days
            where = (
                f"has no open time {side} {(last if forward else first).isoformat()}: its week has no "
                "hours, and only special_hours opens days"
            )
        return f"calendar {where}; give the week some hours, e.g. week={{'mon-fri': '09:00-17:00'}}"

    # ------------------------------------------------------------------ arithmetic
    def add_us(self, u: int, d: int) -> int:
        """The instant ``d`` µs of open time after ``u`` (before it when ``d < 0``).

        The search never reaches more than the horizon from ``u``.
        """
        if d == 0:
            return u
        if abs(d) > self.max_open:
            self.horizon(u, d > 0)
        snap = self.cover(u, u)
        if d > 0:
            while True:
                target = snap.open_before(u) + d
                r = snap.forward(target)
                if r is not None:
                    if r - u > HORIZON_US:
                        self.horizon(u)
                    return r
                snap = self._grow(snap, True, u, target - snap.cum_end[-1] if snap.cum_end else d)
        while True:
            target = snap.open_before(u) + d
            r = snap.backward(target)
            if r is not None and r >= snap.valid_lo:
                if u - r > HORIZON_US:
                    self.horizon(u, False)
                return r
            snap = self._grow(snap, False, u, snap.base - target)

    def next_start(self, u: int) -> int:
        """``u`` when open, else the next opening (within the horizon)."""
        snap = self.cover(u, u)
        if snap.is_open(u):
            return u
        while (nxt := snap.next_start(u)) is None or nxt >= snap.valid_hi:
            snap = self._grow(snap, True, u, 0)
        if nxt - u > HORIZON_US:
            self.horizon(u)
        return nxt

    def elapsed_us(self, a: int, b: int) -> int:
        """Open µs in ``[a, b)`` for ``a <= b`` (the caller checks the horizon)."""
        snap = self.cover(a, b)
        return snap.open_before(b) - snap.open_before(a)

    def midnight_us(self, day: dt.date) -> int:
        """`date_start_us` of ``day``, by subtraction where the zone keeps one offset around it.

        The offset must hold from two days before: a fall-back repeat of that midnight earlier
        (whose first occurrence `date_start_us` takes) lies within 26 hours of it.
        """
        local = (day.toordinal() - EPOCH_ORDINAL) * US_PER_DAY
        fixed = self.fixed
        if fixed is not None:
            u = local - fixed[2]
            if fixed[0] <= u - 2 * US_PER_DAY and u < fixed[1]:
                return u
        return date_start_us(self.tz, day)

    def local_day(self, u: int) -> dt.date:
        """`local_date` of epoch µs ``u``, by addition where the zone keeps one offset there."""
        fixed = self.fixed
        if fixed is not None and fixed[0] <= u < fixed[1]:
            return dt.date.fromordinal((u + fixed[2]) // US_PER_DAY + EPOCH_ORDINAL)
        return local_date(self.tz, u)

    def last_close(self, start: int, end: int) -> int:
        """When coverage closes for the last time in ``[start, end)``; ``end`` if never, or past it."""
        snap = self.cover(start, end - 1)
        i = snap.next_index(end) - 1
        if i < 0 or snap.ends[i] <= start or snap.ends[i] >= end:
            return end
        return snap.ends[i]
