"""`BusinessCalendar`: when is a service covered, and how much covered time lies between two instants."""

from __future__ import annotations

import datetime as dt
import re
import sys
import threading
import unicodedata
import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

import pendulum
from attrs import field, fields, frozen

from servicelevel.calendar._holidays import YearData, check_country, country_weekend, year_data
from servicelevel.calendar._hours import (
    CLOSED,
    DAY_NAMES,
    Hours,
    HoursLike,
    Week,
    to_hours,
    to_week,
)
from servicelevel.calendar._index import Spans
from servicelevel.calendar._time import (
    EPOCH_ORDINAL,
    US,
    US_PER_DAY,
    Instant,
    date_start_us,
    fixed_offset,
    local_date,
    local_to_us,
    to_date,
    to_us,
    us_to_datetime,
    zone,
)
from servicelevel.errors import (
    CalendarNeverOpenError,
    HolidayDataWarning,
    HorizonExceededError,
    InvalidInstantError,
    InvalidWeekError,
    UnknownNotationError,
)
from servicelevel.terms._types import CIVIL_CODE, CountingRule, Term

__all__ = ["HORIZON_YEARS", "BusinessCalendar", "DayInfo"]

HORIZON_YEARS = 100
"""How far (in years) a computation may search for open time before giving up."""

_ONE_US = dt.timedelta(microseconds=1)
_MIN_YEAR, _MAX_YEAR = 2, 9997  # stay clear of datetime's limits, with a margin year
_EVERY_DAY = "mon-sun"

Reason = Literal["weekly", "holiday", "make-up", "closed", "special"]


@frozen
class DayInfo:
    """Why a calendar has the hours it has on one day (for "explain this deadline").

    ``reason`` is one of ``weekly`` (the usual hours of that weekday),
    ``holiday`` (a public holiday closes it), ``make-up`` (a weekend day made a
    working day, 调休上班日), ``closed`` (listed in ``closed``), ``special``
    (listed in ``special_hours``). ``working_day`` is the statutory answer,
    whatever the hours.
    """

    date: dt.date
    hours: Hours
    reason: Reason
    holiday: str | None
    working_day: bool


def _to_country(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidWeekError(f"country: expected an ISO code such as 'CN', got {value!r}")
    return value.strip().upper()


def _to_subdiv(value: str | None) -> str | None:
    return None if value is None else str(value).strip()


def _to_makeup(value: HoursLike) -> Hours | None:
    return None if value is None else to_hours(value, what="makeup_hours")


def _calendar_date(d: object, what: str) -> dt.date:
    if isinstance(d, dt.datetime):  # an instant names no date until a zone is chosen
        raise InvalidInstantError(f"{what}: expected a date such as '2026-02-14', got the datetime {d!r}")
    return to_date(d, dt.UTC, what)


def _to_closed(value: Iterable[dt.date | str]) -> frozenset[dt.date]:
    if isinstance(value, (str, dt.date)):
        value = [value]
    return frozenset(_calendar_date(d, "closed") for d in value)


def _to_special(
    value: Mapping[dt.date | str, HoursLike] | Iterable[tuple[dt.date, Hours]],
) -> tuple[tuple[dt.date, Hours], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    out = {}
    for d, h in items:
        day = _calendar_date(d, "special_hours")
        out[day] = to_hours(h, what=f"special_hours[{day.isoformat()}]")
    return tuple(sorted(out.items()))


def _check_tz(_inst: Any, _attr: Any, value: str) -> None:
    zone(value)


def _check_country(inst: BusinessCalendar, _attr: Any, value: str | None) -> None:
    if value is not None:
        check_country(value, inst.subdiv)
    elif inst.subdiv is not None:
        raise InvalidWeekError(f"subdiv: {inst.subdiv!r} given without a country; name the country too")


def _week_repr(week: Week) -> str:
    return repr({DAY_NAMES[i]: str(h) for i, h in enumerate(week) if h})


class _State:
    """The mutable part behind a frozen calendar: lazily grown indexes."""

    __slots__ = ("assumed", "days", "fixed", "lock", "pending", "pending_span", "pending_years", "spans")

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.spans: Spans | None = None
        # (lo, hi, offset): the zone's one UTC offset over the years of ``spans``, if it has one
        self.fixed: tuple[int, int, int] | None = None
        self.days: tuple[int, int, list[int]] | None = None  # y_lo, y_hi, working-day ordinals
        self.assumed: dict[int, str] = {}  # year -> what was assumed for it
        # years assumed but not yet warned about -> their local bounds in epoch µs
        self.pending: dict[int, tuple[int, int]] = {}
        self.pending_span: tuple[int, int] | None = None  # hull of ``pending``, for a quick test
        self.pending_years: tuple[int, int] | None = None  # the same in years


_NOTATION = re.compile(r"^(\d+)\s*[x×*]\s*(\d+)(?:\s*[x×*]\s*(\d+))?(.*)$")
_PRESETS: dict[str, tuple[str, bool]] = {
    # name: (hours every covered day, do public holidays close it?)
    "5x8": ("09:00-17:00", True),
    "7x18": ("06:00-24:00", False),
    "7x24": ("00:00-24:00", False),
    "365x8": ("09:00-17:00", False),
}
_NOTATION_ALIASES = {
    ("5", "8", None): "5x8",
    ("7", "18", None): "7x18",
    ("7", "24", None): "7x24",
    ("7", "24", "365"): "7x24",
    ("365", "24", None): "7x24",
    ("365", "8", None): "365x8",
    ("7", "8", None): "365x8",
}
_NOTATION_EXAMPLES = (
    "'5x8', '5×8', '5*8', '7x18', '7x24', '7x24x365', '7×24', '365x8', '365天×8小时', "
    "optionally followed by hours such as '5×8 08:30-17:30'"
)


@frozen(kw_only=True)
class BusinessCalendar:
    """Coverage windows in a time zone, with a country's holidays and make-up days.

    Windows are half-open ``[open, close)`` local wall-clock times; business
    time is real elapsed time inside them. Dated overrides take precedence in
    this order: ``special_hours`` > ``closed`` > the country's holidays and
    make-up working days > the weekly pattern.

    Examples:
        >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        >>> cal.add("2026-02-13T16:00", dt.timedelta(hours=2))  # Fri; Sat 14th is a make-up day
        DateTime(2026, 2, 14, 10, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
        >>> cal.elapsed("2026-02-13T16:00", "2026-02-14T10:00")
        datetime.timedelta(seconds=7200)
        >>> cal.is_working_day(dt.date(2026, 2, 17)), cal.is_working_day(dt.date(2026, 2, 28))
        (False, True)
    """

    tz: str = field(validator=_check_tz)
    week: Week = field(converter=to_week, repr=_week_repr)
    subdiv: str | None = field(default=None, converter=_to_subdiv)
    country: str | None = field(default=None, converter=_to_country, validator=_check_country)
    closed: frozenset[dt.date] = field(factory=frozenset, converter=_to_closed)
    special_hours: tuple[tuple[dt.date, Hours], ...] = field(default=(), converter=_to_special)
    observe_holidays: bool = field(default=True)
    makeup_hours: Hours | None = field(default=None, converter=_to_makeup)
    _tz: pendulum.Timezone = field(init=False, repr=False, eq=False, hash=False)
    _special: dict[dt.date, Hours] = field(init=False, repr=False, eq=False, hash=False)
    _makeup: Hours = field(init=False, repr=False, eq=False, hash=False)
    _open_days: tuple[dt.date, dt.date] | None = field(init=False, repr=False, eq=False, hash=False)
    _state: _State = field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "_tz", zone(self.tz))
        set_(self, "_special", dict(self.special_hours))
        set_(self, "_state", _State())
        makeup = self.makeup_hours
        if makeup is None:
            # Make-up days work the hours of a regular working day: the first
            # weekday the country works (Monday almost everywhere) that has hours.
            weekend = country_weekend(self.country, self.subdiv) if self.country else frozenset((5, 6))
            makeup = next((h for i, h in enumerate(self.week) if h and i not in weekend), CLOSED)
        set_(self, "_makeup", makeup)
        bounded: tuple[dt.date, dt.date] | None = None
        if not any(self.week) and not (self.country and self.observe_holidays and makeup):
            open_special = [d for d, h in self.special_hours if h]
            # (max, min) when nothing opens at all: the calendar is never open
            bounded = (open_special[0], open_special[-1]) if open_special else (dt.date.max, dt.date.min)
        set_(self, "_open_days", bounded)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuild from the init fields: the lazily grown indexes (and their
        # lock) stay behind, so calendars pickle for worker processes.
        return _rebuild, ({f.name: getattr(self, f.name) for f in fields(BusinessCalendar) if f.init},)

    # ------------------------------------------------------------------ construction
    @classmethod
    def preset(
        cls,
        name: str,
        *,
        tz: str,
        country: str | None = None,
        subdiv: str | None = None,
        hours: HoursLike = None,
        closed: Iterable[dt.date | str] = (),
        special_hours: Mapping[dt.date | str, HoursLike] | None = None,
        makeup_hours: HoursLike = None,
    ) -> BusinessCalendar:
        """A calendar from a coverage notation.

        ``5x8``: Mon–Fri 09:00–17:00 on the country's working days (public
        holidays closed, make-up working days open). ``7x18``: every day
        06:00–24:00, holidays included. ``7x24``: always. ``365x8``: every day
        09:00–17:00. ``hours`` replaces the hours of any preset.

        Examples:
            >>> BusinessCalendar.preset("5x8", tz="Asia/Shanghai", hours="08:30-12:00,13:30-17:30").week[0]
            Hours('08:30-12:00,13:30-17:30')
        """
        key = name.strip().lower() if isinstance(name, str) else name
        if key not in _PRESETS:
            try:
                key, hours = _read_notation(name, hours)
            except UnknownNotationError:
                raise UnknownNotationError(
                    f"name: unknown preset {name!r}; expected one of {', '.join(_PRESETS)} "
                    f"or a notation such as {_NOTATION_EXAMPLES}"
                ) from None
        default_hours, observe = _PRESETS[key]
        days = "mon-fri" if key == "5x8" else _EVERY_DAY
        return cls(
            tz=tz,
            week={days: to_hours(default_hours if hours is None else hours)},
            country=country,
            subdiv=subdiv,
            closed=closed,
            special_hours=special_hours or {},
            observe_holidays=observe,
            makeup_hours=makeup_hours,
        )

    @classmethod
    def parse(
        cls,
        text: str,
        *,
        tz: str,
        country: str | None = None,
        subdiv: str | None = None,
        hours: HoursLike = None,
        closed: Iterable[dt.date | str] = (),
        special_hours: Mapping[dt.date | str, HoursLike] | None = None,
        makeup_hours: HoursLike = None,
    ) -> BusinessCalendar:
        """A calendar from the notations contracts use: ``5×8 08:30-17:30``, ``7x24x365``, ``365天×8小时``.

        Examples:
            >>> BusinessCalendar.parse("365天×8小时", tz="Asia/Shanghai").week[6]
            Hours('09:00-17:00')
            >>> str(BusinessCalendar.parse("5*8 8:30-17:30", tz="Asia/Shanghai").week[0])
            '08:30-17:30'
        """
        preset, hours = _read_notation(text, hours)
        return cls.preset(
            preset,
            tz=tz,
            country=country,
            subdiv=subdiv,
            hours=hours,
            closed=closed,
            special_hours=special_hours,
            makeup_hours=makeup_hours,
        )

    # ------------------------------------------------------------------ the days
    def _year(self, year: int) -> YearData:
        assert self.country is not None
        yd = year_data(self.country, self.subdiv, year)
        st = self._state
        if yd.assumed is not None and year not in st.assumed:
            st.assumed[year] = yd.assumed
            bounds = (
                date_start_us(self._tz, dt.date(year, 1, 1)),
                date_start_us(self._tz, dt.date(year + 1, 1, 1)),
            )
            st.pending[year] = bounds
            self._pending_changed()
        return yd

    def _statutory(self, day: dt.date) -> tuple[bool, str | None]:
        """Is ``day`` a statutory working day, and the name of its holiday if any."""
        if self.country is None:
            return day.weekday() < 5, None
        yd = self._year(day.year)
        if day in yd.makeup_days:
            return True, None
        name = yd.holidays.get(day)
        if name is not None:
            return False, name
        return day.weekday() not in yd.weekend, None

    def _rule(self, day: dt.date) -> tuple[Hours, Reason, str | None]:
        h = self._special.get(day)
        if h is not None:
            return h, "special", None
        if day in self.closed:
            return CLOSED, "closed", None
        if self.country is not None and self.observe_holidays:
            yd = self._year(day.year)
            name = yd.holidays.get(day)
            if name is not None:
                return CLOSED, "holiday", name
            if day in yd.makeup_days:
                return self._makeup, "make-up", None
        return self.week[day.weekday()], "weekly", None

    def day(self, day: dt.date | str) -> DayInfo:
        """The hours of one day, and why (for explaining a computation).

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> info = cal.day("2026-02-14")
            >>> info.reason, str(info.hours), info.working_day
            ('make-up', '09:00-17:00', True)
            >>> cal.day("2026-02-17").holiday
            'Chinese New Year (Spring Festival)'
        """
        d = to_date(day, self._tz)
        hours, reason, name = self._rule(d)
        working, statutory_name = self._statutory(d)
        self._warn_years(d.year, d.year)
        return DayInfo(d, hours, reason, name or statutory_name, working)

    def days(self, start_day: dt.date | str, end_day: dt.date | str) -> Iterator[DayInfo]:
        """`DayInfo` for each day in ``[start_day, end_day)``."""
        a, b = to_date(start_day, self._tz, "start_day"), to_date(end_day, self._tz, "end_day")
        return (self.day(dt.date.fromordinal(o)) for o in range(a.toordinal(), b.toordinal()))

    # ------------------------------------------------------------------ the window index
    def _expand(self, y_lo: int, y_hi: int) -> list[tuple[int, int]]:
        tz = self._tz
        out: list[tuple[int, int]] = []
        for o in range(dt.date(y_lo, 1, 1).toordinal(), dt.date(y_hi + 1, 1, 1).toordinal()):
            hours = self._rule(dt.date.fromordinal(o))[0]
            if not hours.spans:
                continue
            base = (o - EPOCH_ORDINAL) * US_PER_DAY
            for s, e in hours.spans:
                us_s, us_e = local_to_us(tz, base + s), local_to_us(tz, base + e)
                if us_e > us_s:  # a window wholly inside a DST gap vanishes
                    out.append((us_s, us_e))
        return out

    def _build(self, y_lo: int, y_hi: int, old: Spans | None) -> Spans:
        if y_lo < _MIN_YEAR or y_hi > _MAX_YEAR:
            raise HorizonExceededError(
                f"the computation would need the calendar beyond the years {_MIN_YEAR}-{_MAX_YEAR}"
            )
        if old is None:
            windows = self._expand(y_lo, y_hi)
        elif y_lo < old.y_lo:
            windows = self._expand(y_lo, old.y_lo - 1) + old.windows()
        else:
            windows = old.windows() + self._expand(old.y_hi + 1, y_hi)
        # Windows starting in the year before y_lo may reach up to a day into it
        # (overnight, plus an hour of DST); answers are exact from two days in.
        valid_lo = date_start_us(self._tz, dt.date(y_lo, 1, 1)) + 2 * US_PER_DAY
        valid_hi = date_start_us(self._tz, dt.date(y_hi + 1, 1, 1))
        return Spans(y_lo, y_hi, valid_lo, valid_hi, windows)

    def _store(self, snap: Spans) -> Spans:
        """Publish a grown snapshot, noting whether the zone keeps one offset throughout it."""
        st = self._state
        lo, hi = snap.valid_lo - 2 * US_PER_DAY, snap.valid_hi
        off = fixed_offset(self._tz, lo, hi)
        st.fixed = None if off is None else (lo, hi, off)
        st.spans = snap
        return snap

    def _ensure(self, u: int, *, origin: int | None = None) -> Spans:
        """A snapshot exact at ``u`` (grown as needed, within the horizon from ``origin``)."""
        snap = self._state.spans
        if snap is not None and snap.valid_lo <= u < snap.valid_hi:
            return snap
        with self._state.lock:
            snap = self._state.spans
            year = _utc_year(u)
            origin_year = year if origin is None else _utc_year(origin)
            if abs(year - origin_year) > HORIZON_YEARS:
                self._horizon(origin_year)
            if snap is None:
                snap = self._build(year - 1, year + 1, None)
            while u < snap.valid_lo:
                snap = self._build(snap.y_lo - 1, snap.y_hi, snap)
            while u >= snap.valid_hi:
                snap = self._build(snap.y_lo, snap.y_hi + 1, snap)
            return self._store(snap)

    def _grow(self, snap: Spans, forward: bool, origin: int, missing: int) -> Spans:
        """Grow ``snap`` by enough years to hold ``missing`` more open µs."""
        with self._state.lock:
            current = self._state.spans
            if (
                current is not None
                and current.y_lo <= snap.y_lo
                and current.y_hi >= snap.y_hi
                and current is not snap
            ):
                snap = current
            if self._open_days is not None:
                first, last = self._open_days
                if (forward and snap.y_hi >= last.year) or (not forward and snap.y_lo <= first.year):
                    raise CalendarNeverOpenError(self._never_open_message(forward))
            years = snap.y_hi - snap.y_lo + 1
            per_year = snap.total // years if snap.total else 0
            step = 1 if per_year == 0 else max(1, min(HORIZON_YEARS, missing // per_year + 1))
            origin_year = _utc_year(origin)
            if forward:
                if snap.y_hi + 1 > origin_year + HORIZON_YEARS + 1:
                    self._horizon(origin_year)
                snap = self._build(snap.y_lo, min(snap.y_hi + step, origin_year + HORIZON_YEARS + 1), snap)
            else:
                if snap.y_lo - 1 < origin_year - HORIZON_YEARS - 1:
                    self._horizon(origin_year)
                snap = self._build(max(snap.y_lo - step, origin_year - HORIZON_YEARS - 1), snap.y_hi, snap)
            return self._store(snap)

    def _horizon(self, origin_year: int) -> None:
        if self._open_days is not None or not any(self.week):
            raise CalendarNeverOpenError(self._never_open_message(True))
        raise HorizonExceededError(
            f"the computation needs open time more than {HORIZON_YEARS} years from {origin_year}; "
            "check the duration and the calendar's hours"
        )

    def _never_open_message(self, forward: bool) -> str:
        first, last = self._open_days or (dt.date.max, dt.date.min)
        if first > last:
            where = "is never open: its week has no hours and special_hours opens no day"
        else:
            where = (
                f"has no open time {'after' if forward else 'before'} "
                f"{(last if forward else first).isoformat()}: its week has no hours, and "
                "only special_hours opens days"
            )
        return f"calendar {where}; give the week some hours, e.g. week={{'mon-fri': '09:00-17:00'}}"

    def _warn_years(self, y_lo: int, y_hi: int) -> None:
        """Warn once about each year in ``y_lo..y_hi`` whose holiday data was assumed."""
        years = self._state.pending_years
        if years is not None and y_lo <= years[1] and y_hi >= years[0]:
            pending = self._state.pending
            for year in sorted(pending):
                if y_lo <= year <= y_hi and pending.pop(year, None) is not None:
                    self._pending_changed()
                    warnings.warn(
                        HolidayDataWarning(f"{self.country} {year}: {self._state.assumed[year]}"),
                        stacklevel=_caller_level(),
                    )

    def _pending_changed(self) -> None:
        st = self._state
        bounds = list(st.pending.values())
        st.pending_span = (min(b[0] for b in bounds), max(b[1] for b in bounds)) if bounds else None
        st.pending_years = (min(st.pending), max(st.pending)) if st.pending else None

    def _used(self, a: int, b: int) -> None:
        """Warn about assumed holiday data in the local years that instants ``a``..``b`` touch."""
        span = self._state.pending_span
        if span is not None and (a >= span[0] or b >= span[0]) and (a < span[1] or b < span[1]):
            pending = self._state.pending
            lo, hi = (a, b) if a <= b else (b, a)
            for year, (y_start, y_end) in list(pending.items()):
                if lo < y_end and hi >= y_start:
                    self._warn_years(year, year)

    # ------------------------------------------------------------------ instants
    def _us(self, t: Instant, what: str = "t") -> int:
        """Epoch µs of an instant (faster for the calendar's own zone when it has no DST)."""
        fixed = self._state.fixed
        if fixed is not None and isinstance(t, dt.datetime) and t.tzinfo is self._tz:
            lo, hi, off = fixed
            u = (
                ((t.toordinal() - EPOCH_ORDINAL) * 86_400 + t.hour * 3600 + t.minute * 60 + t.second) * US
                + t.microsecond
                - off
            )
            if lo <= u < hi:
                return u
        return to_us(t, self._tz, what)

    def _out(self, u: int) -> pendulum.DateTime:
        """A `pendulum.DateTime` in the calendar's zone (by arithmetic where the offset is fixed)."""
        fixed = self._state.fixed
        if fixed is not None and fixed[0] <= u < fixed[1]:
            days, rest = divmod(u + fixed[2], US_PER_DAY)
            d = _fromordinal(EPOCH_ORDINAL + days)
            seconds, micro = divmod(rest, US)
            h, seconds = divmod(seconds, 3600)
            mi, sec = divmod(seconds, 60)
            return pendulum.DateTime(d.year, d.month, d.day, h, mi, sec, micro, tzinfo=self._tz)
        return us_to_datetime(self._tz, u)

    def is_open(self, t: Instant) -> bool:
        """Whether coverage is open at ``t`` (windows are ``[open, close)``).

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.is_open("2026-02-13T16:59:59.999999"), cal.is_open("2026-02-13T17:00")
            (True, False)
        """
        u = self._us(t)
        open_ = self._ensure(u).is_open(u)
        self._used(u, u)
        return open_

    def next_open(self, t: Instant) -> pendulum.DateTime:
        """``t`` itself when open, else the next opening.

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.next_open("2026-02-15T12:00")  # Spring Festival: next opening Tue 24th
            DateTime(2026, 2, 24, 9, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
        """
        u = self._us(t)
        snap = self._ensure(u)
        if snap.is_open(u):
            self._used(u, u)
            return self._out(u)
        while (nxt := snap.next_start(u)) is None:
            snap = self._grow(snap, True, u, 0)
        self._used(u, nxt)
        return self._out(nxt)

    def add(
        self, t: Instant, duration: dt.timedelta, *, exclude: Iterable[tuple[Instant, Instant]] = ()
    ) -> pendulum.DateTime:
        """Business-time arithmetic: the instant ``duration`` of open time after ``t``.

        For a positive duration, the earliest ``u`` with ``elapsed(t, u) == duration``
        (a budget spent exactly at closing is due at closing); for a negative
        one, the latest ``u`` with ``elapsed(u, t) == -duration``; zero gives ``t``.
        Open time inside the ``exclude`` spans (clock pauses) does not count.

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.add("2026-01-30T13:00", dt.timedelta(hours=4))  # a Friday: due at closing
            DateTime(2026, 1, 30, 17, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
            >>> cal.add("2026-02-02T09:00", dt.timedelta(hours=-1))
            DateTime(2026, 1, 30, 16, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
        """
        u = self._us(t)
        d = _duration_us(duration)
        if exclude:
            return self._out(self._add_excluding(u, d, _spans(self, exclude)))
        snap = self._state.spans
        if d > 0 and snap is not None and snap.valid_lo <= u < snap.valid_hi:
            r = snap.forward(snap.open_before(u) + d)  # the common case, inlined
            if r is None:
                r = self._add_us(u, d)
        else:
            r = self._add_us(u, d)
        self._used(u, r)
        return self._out(r)

    def _add_us(self, u: int, d: int) -> int:
        if d == 0:
            return u
        snap = self._ensure(u)
        if d > 0:
            while True:
                target = snap.open_before(u) + d
                r = snap.forward(target)
                if r is not None:
                    return r
                snap = self._grow(snap, True, u, target - snap.total)
        while True:
            target = snap.open_before(u) + d
            r = snap.backward(target)
            if r is not None and r >= snap.valid_lo:
                return r
            snap = self._grow(snap, False, u, -target)

    def _add_excluding(self, u: int, d: int, paused: list[tuple[int, int]]) -> int:
        """Spend ``d`` from ``u``, walking over the (sorted, merged) pauses in order."""
        remaining, cursor = abs(d), u
        if d > 0:
            for s, e in paused:
                if e <= cursor:
                    continue
                if s > cursor:
                    available = self._elapsed_us(cursor, s)
                    if available >= remaining:
                        break
                    remaining -= available
                cursor = e
            r = self._add_us(cursor, remaining)
        else:
            for s, e in reversed(paused):
                if s >= cursor:
                    continue
                if e < cursor:
                    available = self._elapsed_us(e, cursor)
                    if available >= remaining:
                        break
                    remaining -= available
                cursor = s
            r = self._add_us(cursor, -remaining)
        self._used(u, r)
        return r

    def _paused_open(self, a: int, b: int, paused: list[tuple[int, int]]) -> int:
        total = 0
        for s, e in paused:
            s, e = max(s, a), min(e, b)
            if s < e:
                total += self._elapsed_us(s, e)
        return total

    def _elapsed_us(self, a: int, b: int) -> int:
        self._ensure(a)
        snap = self._ensure(b, origin=a)
        return snap.open_before(b) - snap.open_before(a)

    def elapsed(
        self, start: Instant, end: Instant, *, exclude: Iterable[tuple[Instant, Instant]] = ()
    ) -> dt.timedelta:
        """Open time in ``[start, end)``; negative when ``end`` is before ``start``.

        Open time inside the ``exclude`` spans (clock pauses) does not count.

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.elapsed("2026-02-13T09:00", "2026-02-24T10:00")  # Fri, make-up Sat, Tue
            datetime.timedelta(seconds=61200)
        """
        a, b = self._us(start, "start"), self._us(end, "end")
        sign = 1
        if b < a:
            a, b, sign = b, a, -1
        snap = self._state.spans
        if snap is not None and snap.valid_lo <= a and b < snap.valid_hi:
            total = snap.open_before(b) - snap.open_before(a)
        else:
            total = self._elapsed_us(a, b)
        if exclude:
            total -= self._paused_open(a, b, _spans(self, exclude))
        self._used(a, b)
        return _ONE_US * (sign * total)

    def windows(self, start: Instant, end: Instant) -> Iterator[tuple[pendulum.DateTime, pendulum.DateTime]]:
        """The open spans within ``[start, end)``, clipped to it, in order.

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN",
            ...                              hours="08:30-12:00,13:30-17:30")
            >>> [(a.format("ddd HH:mm"), b.format("HH:mm")) for a, b in
            ...  cal.windows("2026-02-13T10:00", "2026-02-16T00:00")]
            [('Fri 10:00', '12:00'), ('Fri 13:30', '17:30'), ('Sat 08:30', '12:00'), ('Sat 13:30', '17:30')]
        """
        a, b = self._us(start, "start"), self._us(end, "end")  # errors now, not on iteration
        if b <= a:
            return iter(())
        self._ensure(a)
        snap = self._ensure(b - 1, origin=a)
        self._used(a, b)
        return self._clipped(snap, a, b)

    def _clipped(self, snap: Spans, a: int, b: int) -> Iterator[tuple[pendulum.DateTime, pendulum.DateTime]]:
        starts, ends = snap.starts, snap.ends
        i = max(bisect_right(starts, a) - 1, 0)
        while i < len(starts) and starts[i] < b:
            s, e = max(starts[i], a), min(ends[i], b)
            if s < e:
                yield self._out(s), self._out(e)
            i += 1

    # ------------------------------------------------------------------ contract terms
    def _local_date(self, u: int) -> dt.date:
        return local_date(self._tz, u)

    def due(self, start: Instant, term: Term | str, rule: CountingRule = CIVIL_CODE) -> pendulum.DateTime:
        """When a contract term counted from ``start`` ends.

        Business time (a `timedelta`) runs from the moment (Civil Code art. 201
        ¶2). Calendar periods (`WorkingDays`, `Days`, `Months`, `Years`) follow
        ``rule``; by default the Civil Code: the start day is not counted, a last
        day on a statutory rest day rolls forward to the next working day, and
        the period ends when coverage closes on its last day (24:00 where
        coverage runs to midnight or there is none that day). ``term`` may be
        text, read by `parse_term`.

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.due("2026-02-13T10:00", "1个工作日")  # Sat 14 Feb is a make-up working day
            DateTime(2026, 2, 14, 17, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
            >>> cal.due("2026-02-13T10:00", "30 min")
            DateTime(2026, 2, 13, 10, 30, 0, tzinfo=Timezone('Asia/Shanghai'))
        """
        from servicelevel.terms._count import due
        from servicelevel.terms._parse import parse_term

        u = self._us(start, "start")
        r = due(self, u, parse_term(term) if isinstance(term, str) else term, rule)
        self._used(u, r)
        return self._out(r)

    def period_end(
        self, start_day: dt.date | str, term: Term | str, rule: CountingRule = CIVIL_CODE
    ) -> dt.date:
        """The last day of a calendar period that starts on ``start_day`` (for warranties).

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.period_end("2023-06-15", "3年")  # accepted 2023-06-15, 3-year warranty
            datetime.date(2026, 6, 15)
            >>> from servicelevel import INCLUSIVE
            >>> cal.period_end("2023-06-15", "3 years", INCLUSIVE)
            datetime.date(2026, 6, 14)
        """
        from servicelevel.terms._count import period_end
        from servicelevel.terms._parse import parse_term

        day = to_date(start_day, self._tz, "start_day")
        return period_end(self, day, parse_term(term) if isinstance(term, str) else term, rule)

    # ------------------------------------------------------------------ working days
    def _days(self, year_lo: int, year_hi: int) -> tuple[int, int, list[int]]:
        st = self._state
        days = st.days
        if days is not None and days[0] <= year_lo and year_hi <= days[1]:
            return days
        with st.lock:
            days = st.days
            lo, hi = (year_lo, year_hi) if days is None else (min(year_lo, days[0]), max(year_hi, days[1]))
            if lo < _MIN_YEAR or hi > _MAX_YEAR:
                raise HorizonExceededError(
                    f"the computation would need working days beyond the years {_MIN_YEAR}-{_MAX_YEAR}"
                )
            ords = [
                o
                for o in range(dt.date(lo, 1, 1).toordinal(), dt.date(hi + 1, 1, 1).toordinal())
                if self._statutory(dt.date.fromordinal(o))[0]
            ]
            st.days = (lo, hi, ords)
            return st.days

    def is_working_day(self, day: dt.date | str) -> bool:
        """Whether ``day`` is a statutory working day of the calendar's country.

        The country's weekend and public holidays are off, its make-up working
        days are on (Mon–Fri when no country is given), whatever the coverage.

        Examples:
            >>> cal = BusinessCalendar.preset("7x24", tz="Asia/Shanghai", country="CN")
            >>> cal.is_working_day("2026-02-15"), cal.is_working_day("2026-02-14")
            (False, True)
        """
        d = to_date(day, self._tz)
        working = self._statutory(d)[0]
        self._warn_years(d.year, d.year)
        return working

    def add_working_days(self, day: dt.date | str, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (before it when ``n < 0``); ``day`` when 0.

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.add_working_days("2026-02-13", 1), cal.add_working_days("2026-02-14", 1)
            (datetime.date(2026, 2, 14), datetime.date(2026, 2, 24))
        """
        d = day if type(day) is dt.date else to_date(day, self._tz)
        if type(n) is not int:
            raise InvalidInstantError(f"n: expected a whole number of working days, got {n!r}")
        if n == 0:
            return d
        o = d.toordinal()
        known = self._state.days
        if known is not None and known[0] <= d.year <= known[1]:  # the common case, inlined
            ords = known[2]
            i = bisect_right(ords, o) + n - 1 if n > 0 else bisect_left(ords, o) + n
            if 0 <= i < len(ords):
                r = _fromordinal(ords[i])
                self._warn_years(min(d.year, r.year), max(d.year, r.year))
                return r
        span = abs(n) // 200 + 1  # about 250 working days a year anywhere
        lo, hi = (d.year - 1, d.year + span) if n > 0 else (d.year - span, d.year + 1)
        while True:
            if hi - d.year > HORIZON_YEARS + 1 or d.year - lo > HORIZON_YEARS + 1:
                raise HorizonExceededError(
                    f"n: {n} working days from {d} reach more than {HORIZON_YEARS} years away"
                )
            y_lo, y_hi, ords = self._days(lo, hi)
            # the index holds every working day of y_lo..y_hi, and d lies inside it
            i = bisect_right(ords, o) + n - 1 if n > 0 else bisect_left(ords, o) + n
            if 0 <= i < len(ords):
                r = _fromordinal(ords[i])
                self._warn_years(min(d.year, r.year), max(d.year, r.year))
                return r
            lo, hi = (y_lo, y_hi + span) if n > 0 else (y_lo - span, y_hi)

    def working_days(self, start_day: dt.date | str, end_day: dt.date | str) -> int:
        """How many working days lie in ``[start_day, end_day)`` (negative if reversed).

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> # 9-13 Feb (5), Sat 14 (make-up), 24-27 Feb (4), Sat 28 (make-up): 11
            >>> cal.working_days("2026-02-09", "2026-03-02")
            11
        """
        a, b = to_date(start_day, self._tz, "start_day"), to_date(end_day, self._tz, "end_day")
        if abs(b.year - a.year) > HORIZON_YEARS:
            raise HorizonExceededError(f"end_day: {b} is more than {HORIZON_YEARS} years from start_day {a}")
        _, _, ords = self._days(min(a.year, b.year), max(a.year, b.year))
        self._warn_years(min(a.year, b.year), max(a.year, b.year))
        return bisect_left(ords, b.toordinal()) - bisect_left(ords, a.toordinal())


_fromordinal = dt.date.fromordinal


def _read_notation(text: object, hours: HoursLike) -> tuple[str, HoursLike]:
    """The preset a notation names and the hours to use (written ones, or ``hours``)."""
    if not isinstance(text, str):
        raise UnknownNotationError(f"text: expected a notation such as {_NOTATION_EXAMPLES}, got {text!r}")
    norm = unicodedata.normalize("NFKC", text).strip().lower()
    norm = norm.replace("小时", "").replace("天", "")
    norm = re.sub(r"(?<=\d)\s*(?:hours|hrs|h)(?![a-z])", "", norm)
    m = _NOTATION.match(norm)
    preset = _NOTATION_ALIASES.get((m[1], m[2], m[3])) if m else None
    if m is None or preset is None:
        raise UnknownNotationError(
            f"text: {text!r} is not a coverage notation servicelevel knows; expected {_NOTATION_EXAMPLES}"
        )
    written = m[4].strip(" ()（）:：,，") or None
    if written is not None and hours is not None:
        raise UnknownNotationError(f"text: {text!r} gives hours, and so does hours={hours!r}; give them once")
    if written is not None and preset == "7x24":
        raise UnknownNotationError(f"text: {text!r} is round-the-clock cover and cannot also name hours")
    return preset, written or hours


def _rebuild(init: dict[str, Any]) -> BusinessCalendar:
    return BusinessCalendar(**init)


def _caller_level() -> int:
    """The ``stacklevel`` that points a warning at the first frame outside servicelevel."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith("servicelevel."):
        frame, level = frame.f_back, level + 1
    return level


def _utc_year(u: int) -> int:
    return dt.date.fromordinal(EPOCH_ORDINAL + u // US_PER_DAY).year


def _duration_us(d: dt.timedelta) -> int:
    if type(d) is dt.timedelta:
        return (d.days * 86_400 + d.seconds) * US + d.microseconds
    if not isinstance(d, dt.timedelta):
        raise InvalidInstantError(
            "duration: expected a datetime.timedelta such as timedelta(hours=2), "
            f"got {type(d).__name__} {d!r}"
        )
    return (d.days * 86_400 + d.seconds) * US + d.microseconds


def _spans(cal: BusinessCalendar, spans: Iterable[tuple[Instant, Instant]]) -> list[tuple[int, int]]:
    out = []
    for pair in spans:
        try:
            a, b = pair
        except (TypeError, ValueError):
            raise InvalidInstantError(f"exclude: expected (start, end) pairs, got {pair!r}") from None
        s, e = cal._us(a, "exclude start"), cal._us(b, "exclude end")
        if e < s:
            raise InvalidInstantError(f"exclude: the span ({a!r}, {b!r}) ends before it starts")
        out.append((s, e))
    out.sort()
    merged: list[tuple[int, int]] = []
    for s, e in out:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged
