"""`BusinessCalendar.add` off the table of open time by local day: the common case, in one call.

Where the zone keeps one UTC offset over the indexed years (Asia/Shanghai, UTC, Asia/Tokyo, ...),
a start given as wall time in the calendar's zone — its own zone's datetimes (pendulum or
zoneinfo), ISO text without an offset or with the zone's own — finds its running count of open
time from its fields alone (the day indexes the table: no offset, no search), and the answer is
found the other way: one bisection over the counts at each local midnight, then the place in
that day, built into a `pendulum.DateTime` from the day's date and the µs since its midnight. Any
other aware instant (another offset, another zone, a pandas Timestamp) enters the same table by
its epoch time. No epoch µs is made for the answer, and no zone is asked.

Anything the table cannot answer — a zone with DST, a start or an answer off the table, a
negative budget, an error to raise, a year whose holiday data is still to be warned about — gives
None, and `BusinessCalendar.add` takes its general route, which grows the index, checks the
horizon and raises exactly as before. The table agrees with that route to the microsecond
(``tests/calendar/test_daily.py``).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from typing import TYPE_CHECKING, Any

import pendulum

from servicelevel.calendar._instants import NS_KINDS, PLAIN
from servicelevel.calendar._time import US

if TYPE_CHECKING:
    from servicelevel.calendar._business import BusinessCalendar

__all__ = ["NO_PAUSES", "add_by_days"]

NO_PAUSES: tuple[()] = ()  # ``add``'s default ``exclude``: one identity test for the common case

_timedelta = dt.timedelta
_EPOCH_NAIVE = dt.datetime(1970, 1, 1)
_BUDGETS: dict[dt.timedelta, int] = {}  # budget -> µs, shared by calendars
_CLOCK = [divmod(minute, 60) for minute in range(1440)]  # minute of the day -> (hour, minute)
_minus = dt.datetime.__sub__  # in C even for pendulum's DateTime, whose own `-` is Python
_fromisoformat = dt.datetime.fromisoformat
_DateTime = pendulum.DateTime
_bisect_left = bisect_left
# datetime's own field, read in C: pandas' Timestamp answers ``.tzinfo`` through a Python property
_tzinfo = dt.datetime.__dict__["tzinfo"].__get__


def add_by_days(self: BusinessCalendar, t: Any, duration: Any) -> pendulum.DateTime | None:
    """``add(t, duration)`` for a positive budget, read off the day table; None where it cannot answer.

    `BusinessCalendar.add` calls it first, for a zone that keeps one offset and no pauses.
    Written out in one function on purpose: each call saved would be a twentieth of the whole.
    """
    snap = self._index.spans
    if snap is None or type(duration) is not _timedelta:
        return None
    days = snap.days
    if days is None:
        days = snap.day_table()
    ahead = days.ahead
    if ahead is None:
        if not days.count:  # a zone that changes its offset, or windows off whole seconds
            return None
        ahead = days.look_ahead()
    # The start as (day of the table, second of that day, µs): by its fields where they are
    # wall time in the calendar's zone, else by its epoch time and the zone's one offset.
    kind = type(t)
    if kind is str:
        if len(t) <= 10:  # a date alone is no instant: the general route says so
            return None
        try:
            p = _fromisoformat(t)
        except ValueError:
            return None
        tz = p.tzinfo
        if tz is None:  # local time: its days and seconds since the local epoch, in C
            since = p - _EPOCH_NAIVE
            k, sec, micro = since.days - days.first_day, since.seconds, since.microseconds
        elif tz == days.zone:  # the zone's own offset (timezones of one offset are equal, named or not)
            k = p.toordinal() - days.first
            sec = p.hour * 3600 + p.minute * 60 + p.second
            micro = p.microsecond
        else:  # another offset: the instant in the zone's offset, in C (aware subtraction is exact)
            since = p - days.epoch
            k, sec, micro = since.days - days.first_day, since.seconds, since.microseconds
    elif kind in PLAIN:
        tz = t.tzinfo
        if tz is self._tz or tz is self._zoneinfo:
            k = t.toordinal() - days.first
            sec = t.hour * 3600 + t.minute * 60 + t.second
            micro = t.microsecond
        elif tz is None:  # naive: the general route refuses it
            return None
        else:  # another zone: the instant in the zone's offset, by datetime's own subtraction
            try:
                since = _minus(t, days.epoch)
            except (TypeError, OverflowError):  # a zone that gives no offset, or out of range
                return None
            k, sec, micro = since.days - days.first_day, since.seconds, since.microseconds
    elif kind in NS_KINDS and _tzinfo(t) is not None:
        try:  # pandas' Timestamp: UTC nanoseconds, whatever its zone
            ns: int = t.value
        except OverflowError:  # beyond the nanosecond range: the general route
            return None
        second, nano = divmod(ns + days.offset_ns, 1_000_000_000)
        k, sec = divmod(second, 86_400)
        k -= days.first_day
        micro = nano // 1000
    else:
        return None
    count = days.count
    if k < 0 or k >= count:
        return None
    d = _BUDGETS.get(duration)  # a contract's few budgets, hashed once each: cheaper than the fields
    if d is None:
        d = (duration.days * 86_400 + duration.seconds) * US + duration.microseconds
        if len(_BUDGETS) >= 4096:
            _BUDGETS.clear()
        _BUDGETS[duration] = d
    if d <= 0:
        return None
    cum = days.cum
    # the running count at the start (`DayTable.local`, written out)
    for s, e, before in days.wins[k]:
        if sec < e:
            target = cum[k] + before + d if sec < s else cum[k] + before + (sec - s) * US + micro + d
            break
    else:
        target = cum[k + 1] + d
    # the day that reaches the target: the first midnight whose count is at or past it, less one
    j = _bisect_left(cum, target, k + 1)
    if j > count:  # past the table: the general route grows the index
        return None
    rem = target - cum[j - 1]  # 0 < rem <= the day's open µs
    for upto, shift in ahead[j - 1]:
        if rem <= upto:
            second, micro = divmod(rem + shift, US)
            break
    else:  # unreachable: the day's open time is its last window's upto
        return None
    dates = days.dates
    if second < 86_400:
        ymd = dates[j - 1]
    else:  # due at a window that closes at 24:00: midnight of the next day
        ymd = dates[j]
        second -= 86_400
    pending = self._notes.pending_years  # years to warn about: the general route warns
    if pending is not None:
        y0, y1 = dates[k][0], ymd[0]
        if not (y0 > pending[1] or y1 < pending[0]):
            return None
    minute, second = divmod(second, 60)
    h, mi = _CLOCK[minute]
    return _DateTime(ymd[0], ymd[1], ymd[2], h, mi, second, micro, self._tz)
