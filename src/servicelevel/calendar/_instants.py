"""Instants in and out of a calendar: any accepted instant to epoch µs, and epoch µs to a DateTime.

The two hot conversions of every scalar call, by the shortest exact route for
the common kinds. `BusinessCalendar` binds them as its ``_us`` and ``_out``
methods (assigned in the class body, so calling them costs what a method
written there would).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pendulum

from servicelevel.calendar._kinds import ArrayArgument, is_array
from servicelevel.calendar._time import (
    EPOCH_ORDINAL,
    FIRST_DAY,
    LAST_DAY,
    US,
    US_PER_DAY,
    Instant,
    to_us,
    us_to_datetime,
)

if TYPE_CHECKING:
    from servicelevel.calendar._business import BusinessCalendar

__all__ = ["NS_KINDS", "PLAIN", "as_datetime", "epoch_us"]

_TWO_DAYS = 2 * US_PER_DAY
_EPOCH_NAIVE = dt.datetime(1970, 1, 1)
_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_FIRST_DAY, _LAST_DAY = FIRST_DAY + dt.timedelta(days=1), LAST_DAY - dt.timedelta(days=1)  # any offset
_FIRST_US = (FIRST_DAY.toordinal() - EPOCH_ORDINAL) * US_PER_DAY
_LAST_US = (LAST_DAY.toordinal() + 1 - EPOCH_ORDINAL) * US_PER_DAY
_DateTime = pendulum.DateTime
PLAIN = frozenset((dt.datetime, pendulum.DateTime))  # not pandas' Timestamp, whose NaT has no fields
NS_KINDS: set[type] = set()  # pandas' Timestamp: ``.value`` is UTC nanoseconds
_fromisoformat = dt.datetime.fromisoformat
_YMD: dict[int, tuple[int, int, int]] = {}  # days since the epoch -> (year, month, day), shared


def _ymd(days: int) -> tuple[int, int, int]:
    d = dt.date.fromordinal(EPOCH_ORDINAL + days)
    if len(_YMD) > 400_000:  # about a millennium of days; plenty for any working set
        _YMD.clear()
    _YMD[days] = ymd = (d.year, d.month, d.day)
    return ymd


def epoch_us(self: BusinessCalendar, t: Instant, what: str = "t") -> int:
    """Epoch µs of an instant, by the shortest exact route for the common kinds.

    Plain and pendulum datetimes convert by integer arithmetic on their
    fields and UTC offset (in the calendar's own zone without even asking
    the zone, where it keeps one offset); ISO strings are read once by
    `datetime.fromisoformat`. Everything else, and every error, takes
    `to_us`.
    """
    kind = type(t)
    if kind is str:
        if len(t) > 10:  # type: ignore[arg-type]
            try:
                parsed = _fromisoformat(t)  # type: ignore[arg-type]
            except ValueError:
                return to_us(t, self._tz, what)
            if parsed.tzinfo is None:
                since = parsed - _EPOCH_NAIVE  # exact, in C; its fields beat ``// timedelta`` threefold
                local = (since.days * 86_400 + since.seconds) * US + since.microseconds
                fixed = self._index.fixed
                # away from the edges of the one-offset stretch no other reading of the local time exists
                if fixed is not None and fixed[0] + _TWO_DAYS <= local - fixed[2] < fixed[1] - _TWO_DAYS:
                    return local - fixed[2]
            else:
                try:
                    since = parsed - _EPOCH_UTC  # aware subtraction is exact, in C
                except OverflowError:  # an offset that takes it out of datetime's range
                    return to_us(t, self._tz, what)
                u = (since.days * 86_400 + since.seconds) * US + since.microseconds
                if _FIRST_US <= u < _LAST_US:  # bounds on the integer: no date object made
                    return u
    elif kind in PLAIN:  # datetime and pendulum.DateTime, not pandas' Timestamp or NaT
        d: dt.datetime = t  # type: ignore[assignment]
        local = (
            (d.toordinal() - EPOCH_ORDINAL) * 86_400 + d.hour * 3600 + d.minute * 60 + d.second
        ) * US + d.microsecond
        fixed = self._index.fixed
        tzinfo = d.tzinfo
        if fixed is not None and (tzinfo is self._tz or tzinfo is self._zoneinfo):
            u = local - fixed[2]
            if fixed[0] <= u < fixed[1]:
                return u
        off = d.utcoffset()
        if off is not None:
            u = local - ((off.days * 86_400 + off.seconds) * US + off.microseconds)
            if _FIRST_US <= u < _LAST_US:
                return u
    elif kind in NS_KINDS:
        if t.tzinfo is not None:  # type: ignore[union-attr]
            try:
                ns: int = t.value  # type: ignore[union-attr]  # UTC nanoseconds since the epoch
                u = ns // 1000
            except OverflowError:  # a non-ns Timestamp beyond the ns range: fields route
                pass
            else:
                if _FIRST_US <= u < _LAST_US:
                    return u
    elif kind.__name__ == "Timestamp" and kind.__module__ == "pandas":
        NS_KINDS.add(kind)  # learnt here, so pandas is never imported for it
        return epoch_us(self, t, what)
    elif is_array(t):
        raise ArrayArgument
    return to_us(t, self._tz, what)


def as_datetime(self: BusinessCalendar, u: int) -> pendulum.DateTime:
    """A `pendulum.DateTime` in the calendar's zone (by arithmetic where the offset is fixed)."""
    fixed = self._index.fixed
    if fixed is not None and fixed[0] <= u < fixed[1]:
        days, rest = divmod(u + fixed[2], US_PER_DAY)
        ymd = _YMD.get(days)
        if ymd is None:
            ymd = _ymd(days)
        seconds, micro = divmod(rest, US)
        h, seconds = divmod(seconds, 3600)
        mi, sec = divmod(seconds, 60)
        return _DateTime(ymd[0], ymd[1], ymd[2], h, mi, sec, micro, self._tz)
    return us_to_datetime(self._tz, u)
