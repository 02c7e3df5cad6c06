"""`BusinessCalendar`: when is a service covered, and how much covered time lies between two instants.

The class is the value and its public face; the work is done by the pieces
beside it: day rules (`_rules`), the lazily grown window index and its horizon
(`_engine`), holiday-data warnings (`_notes`), working days (`_working`) and
Civil Code counting of terms (`_count`).

The one module over the project's 450-line mark, on purpose: ``elapsed`` and ``add_working_days``
inline their common case (the day table, a bisection in the grown index), ``add`` makes one call
to its own (`_daily`), instead of calling through the pieces: what keeps the scalar route fast
(``make bench``, against businesstimedelta and businesstime in the same run).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar, overload
from zoneinfo import ZoneInfo

import pendulum
from attrs import evolve, field, fields, frozen

from servicelevel import _lazy
from servicelevel._notebook import Notebook
from servicelevel.calendar import _count
from servicelevel.calendar._convert import (
    check_bool,
    check_country_field,
    check_tz,
    duration_us,
    horizon_span,
    pause_spans,
    to_changes,
    to_closed,
    to_country,
    to_extra_holidays,
    to_extra_workdays,
    to_makeup,
    to_special,
    to_subdiv,
    week_repr,
)
from servicelevel.calendar._daily import NO_PAUSES, add_by_days
from servicelevel.calendar._engine import HORIZON_DAYS, HORIZON_US, HORIZON_YEARS, WindowIndex
from servicelevel.calendar._hours import Hours, HoursLike, Week, to_hours, to_week
from servicelevel.calendar._index import Spans
from servicelevel.calendar._instants import NS_KINDS, PLAIN, as_datetime, epoch_us
from servicelevel.calendar._kinds import ArrayArgument, is_array
from servicelevel.calendar._notation import NOTATION_EXAMPLES, PRESETS, read_notation
from servicelevel.calendar._notes import HolidayNotes
from servicelevel.calendar._pauses import PausesSince, add_excluding, paused_open
from servicelevel.calendar._repr import calendar_repr
from servicelevel.calendar._rules import DayInfo, DayRules, PartedRules, assemble
from servicelevel.calendar._time import Instant, check_day, to_date, zone
from servicelevel.calendar._working import WorkingDayIndex
from servicelevel.errors import (
    HorizonExceededError,
    InvalidTermError,
    ServiceLevelError,
    UnknownNotationError,
)
from servicelevel.terms import CIVIL_CODE, CountingRule, Term, parse_term

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd
    import polars as pl

    from servicelevel._lazy import MonthView

    # A column of values: the result of a column call has the same kind (and index).
    Col = TypeVar("Col", npt.NDArray[Any], "pd.Series[Any]", "pd.Index[Any]", pl.Series)

__all__ = ["HORIZON_YEARS", "BusinessCalendar", "DayInfo"]


def _vector() -> ModuleType:
    """The column route (imports numpy): loaded on the first array argument only."""
    from servicelevel.calendar import _vector as vector

    return vector


_EVERY_DAY = "mon-sun"
_fromordinal = dt.date.fromordinal
_bisect_right = bisect_right
_ONE_US = dt.timedelta(microseconds=1)
_fromisoformat = dt.datetime.fromisoformat
_LISTS = frozenset((tuple, list))
# datetime's own field, read in C: pandas' Timestamp answers ``.tzinfo`` through a Python property
_tzinfo = dt.datetime.__dict__["tzinfo"].__get__


@frozen(kw_only=True)
class BusinessCalendar(Notebook):
    """Coverage windows in a time zone, with a country's holidays and make-up days.

    Windows are half-open ``[open, close)`` local wall-clock times; business
    time is real elapsed time inside them. Dated overrides take precedence in
    this order: ``special_hours`` > ``closed`` > ``extra_workdays`` >
    ``extra_holidays`` (a statutory schedule the caller supplies) > the
    country's holidays and make-up working days > the weekly pattern.

    Examples:
        >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        >>> cal.add("2026-02-13T16:00", dt.timedelta(hours=2))  # Fri; Sat 14th is a make-up day
        DateTime(2026, 2, 14, 10, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
        >>> cal.elapsed("2026-02-13T16:00", "2026-02-14T10:00")
        datetime.timedelta(seconds=7200)
        >>> cal.is_working_day(dt.date(2026, 2, 17)), cal.is_working_day(dt.date(2026, 2, 28))
        (False, True)
    """

    tz: str = field(validator=check_tz)
    week: Week = field(converter=to_week, repr=week_repr)
    subdiv: str | None = field(default=None, converter=to_subdiv)
    country: str | None = field(default=None, converter=to_country, validator=check_country_field)
    closed: frozenset[dt.date] = field(factory=frozenset, converter=to_closed)
    special_hours: tuple[tuple[dt.date, Hours], ...] = field(default=(), converter=to_special)
    observe_holidays: bool = field(default=True, validator=check_bool)
    makeup_hours: Hours | None = field(default=None, converter=to_makeup)
    extra_holidays: tuple[tuple[dt.date, str], ...] = field(default=(), converter=to_extra_holidays)
    extra_workdays: frozenset[dt.date] = field(factory=frozenset, converter=to_extra_workdays)
    changes: tuple[tuple[dt.date, BusinessCalendar], ...] = field(default=(), converter=to_changes)
    _tz: pendulum.Timezone = field(init=False, repr=False, eq=False, hash=False)
    _zoneinfo: ZoneInfo = field(init=False, repr=False, eq=False, hash=False)  # users' own zone object
    _rules: DayRules | PartedRules = field(init=False, repr=False, eq=False, hash=False)
    _index: WindowIndex = field(init=False, repr=False, eq=False, hash=False)
    _working: WorkingDayIndex = field(init=False, repr=False, eq=False, hash=False)
    _notes: HolidayNotes = field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        set_ = object.__setattr__
        tz = zone(self.tz)
        notes = HolidayNotes()
        rules, open_days, has_week, longest = assemble(self, tz, notes)
        set_(self, "_tz", tz)
        set_(self, "_zoneinfo", ZoneInfo(self.tz))  # cached by zoneinfo: the object users pass
        set_(self, "_notes", notes)
        set_(self, "_rules", rules)
        set_(self, "_index", WindowIndex(tz, lambda d: rules.hours(d)[0], open_days, has_week, longest))
        set_(self, "_working", WorkingDayIndex(lambda d: rules.statutory(d)[0]))

    def __repr__(self) -> str:
        """What a person would write: ``BusinessCalendar.parse('5x8', tz='Asia/Shanghai', country='CN')``."""
        return calendar_repr(self)

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
        closed: Iterable[dt.date | str] | None = (),
        special_hours: Mapping[dt.date | str, HoursLike] | None = None,
        makeup_hours: HoursLike = None,
        extra_holidays: Mapping[dt.date | str, str] | None = None,
        extra_workdays: Iterable[dt.date | str] | None = None,
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
        key = name.strip().lower() if isinstance(name, str) else None
        if key not in PRESETS:
            try:
                key, hours = read_notation(name, hours)
            except UnknownNotationError:
                raise UnknownNotationError(
                    f"name: unknown preset {name!r}; expected one of {', '.join(PRESETS)} "
                    f"or a notation such as {NOTATION_EXAMPLES}"
                ) from None
        default_hours, observe = PRESETS[key]
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
            extra_holidays=extra_holidays,
            extra_workdays=extra_workdays,
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
        closed: Iterable[dt.date | str] | None = (),
        special_hours: Mapping[dt.date | str, HoursLike] | None = None,
        makeup_hours: HoursLike = None,
        extra_holidays: Mapping[dt.date | str, str] | None = None,
        extra_workdays: Iterable[dt.date | str] | None = None,
    ) -> BusinessCalendar:
        """A calendar from the notations contracts use: ``5×8 08:30-17:30``, ``7x24x365``, ``365天×8小时``.

        Examples:
            >>> BusinessCalendar.parse("365天×8小时", tz="Asia/Shanghai").week[6]
            Hours('09:00-17:00')
            >>> str(BusinessCalendar.parse("5*8 8:30-17:30", tz="Asia/Shanghai").week[0])
            '08:30-17:30'
        """
        preset, hours = read_notation(text, hours)
        return cls.preset(
            preset,
            tz=tz,
            country=country,
            subdiv=subdiv,
            hours=hours,
            closed=closed,
            special_hours=special_hours,
            makeup_hours=makeup_hours,
            extra_holidays=extra_holidays,
            extra_workdays=extra_workdays,
        )

    def switch(self, on: dt.date | str, to: BusinessCalendar) -> BusinessCalendar:
        """This calendar until ``on``, then ``to`` from local midnight of ``on`` ("extended to 7×24").

        Both parts keep one zone; each keeps its own hours, country, holidays
        and overrides. Every method works across the switch, and `day` says
        which part applied (``DayInfo.part``).

        Examples:
            >>> desk = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN").switch(
            ...     "2026-03-01", BusinessCalendar.preset("7x24", tz="Asia/Shanghai", country="CN"))
            >>> desk.add("2026-02-28T16:00", dt.timedelta(hours=3))  # Sat 28 Feb: a make-up day
            DateTime(2026, 3, 1, 2, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
            >>> desk.day("2026-02-28").part, desk.day("2026-03-01").part
            (0, 1)
        """
        return evolve(self, changes=(*self.changes, (on, to)))

    # ------------------------------------------------------------------ the days
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
        info = self._rules.info(d)
        self._notes.warn_years(d.year, d.year)
        return info

    def month(self, year: int, month: int) -> MonthView:
        """One month of the calendar, day by day, as a view: an HTML grid in a notebook, a grid in
        a rich terminal, plain text with ``str`` (see `servicelevel.views.MonthView`)."""
        return _lazy.month_view(self, year, month)

    def days(self, start_day: dt.date | str, end_day: dt.date | str) -> Iterator[DayInfo]:
        """`DayInfo` for each day in ``[start_day, end_day)``."""
        a, b = to_date(start_day, self._tz, "start_day"), to_date(end_day, self._tz, "end_day")
        return (self.day(dt.date.fromordinal(o)) for o in range(a.toordinal(), b.toordinal()))

    # ------------------------------------------------------------------ instants
    _us = epoch_us  # bound as methods: the same cost as writing them here
    _out = as_datetime

    @overload
    def instant(self, t: Instant) -> pendulum.DateTime: ...
    @overload
    def instant(self, t: Col) -> Col: ...
    def instant(self, t: Any) -> Any:
        """``t`` as this calendar reads it, in its zone: an ISO string without offset is local time.

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.instant("2026-02-13T16:30")
            DateTime(2026, 2, 13, 16, 30, 0, tzinfo=Timezone('Asia/Shanghai'))
            >>> cal.instant("2026-02-13T08:30Z")
            DateTime(2026, 2, 13, 16, 30, 0, tzinfo=Timezone('Asia/Shanghai'))
        """
        try:
            return self._out(self._us(t))
        except ArrayArgument:
            return _vector().instant(self, t)

    @overload
    def is_open(self, t: Instant) -> bool: ...
    @overload
    def is_open(self, t: Col) -> Col: ...
    def is_open(self, t: Any) -> Any:
        """Whether coverage is open at ``t`` (windows are ``[open, close)``).

        Over a column of instants, a column of booleans (missing where the instant is).

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.is_open("2026-02-13T16:59:59.999999"), cal.is_open("2026-02-13T17:00")
            (True, False)
        """
        try:
            u = self._us(t)
        except ArrayArgument:
            return _vector().is_open(self, t)
        open_ = self._index.cover(u, u).is_open(u)
        self._notes.used(u, u)
        return open_

    @overload
    def next_open(self, t: Instant) -> pendulum.DateTime: ...
    @overload
    def next_open(self, t: Col) -> Col: ...
    def next_open(self, t: Any) -> Any:
        """``t`` itself when open, else the next opening.

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.next_open("2026-02-15T12:00")  # Spring Festival: next opening Tue 24th
            DateTime(2026, 2, 24, 9, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
        """
        try:
            u = self._us(t)
        except ArrayArgument:
            return _vector().next_open(self, t)
        nxt = self._index.next_start(u)
        self._notes.used(u, nxt)
        return self._out(nxt)

    @overload
    def add(
        self, t: Instant, duration: dt.timedelta, *, exclude: Iterable[tuple[Instant, Instant]] = ()
    ) -> pendulum.DateTime: ...
    @overload
    def add(self, t: Col, duration: Any, *, exclude: Any = ()) -> Col: ...
    @overload
    def add(self, t: Instant, duration: Col, *, exclude: Any = ()) -> Any: ...
    def add(self, t: Any, duration: Any, *, exclude: Any = NO_PAUSES) -> Any:
        """Business-time arithmetic: the instant ``duration`` of open time after ``t``.

        For a positive duration, the earliest ``u`` with ``elapsed(t, u) == duration``
        (a budget spent exactly at closing is due at closing); for a negative
        one, the latest ``u`` with ``elapsed(u, t) == -duration``; zero gives ``t``.
        Open time inside the ``exclude`` spans (clock pauses) does not count.

        Args:
            t: The start: an aware datetime or ISO 8601 text (text without an offset is read in
                the calendar's zone), or a column of them (numpy, pandas, polars).
            duration: Business time (`timedelta`; a column of them), negative to count back.
            exclude: Pauses: ``(start, end)`` pairs of instants, one list per row for a column,
                or `Pauses` (the fast form for columns).

        Returns:
            A `pendulum.DateTime` in the calendar's zone; for a column, a column of the same kind
            and length (numpy: UTC ``datetime64[us]``; pandas and polars: aware in the zone),
            missing where an input is missing.

        Raises:
            NaiveDatetimeError: ``t`` is a datetime without a zone.
            InvalidInstantError: ``t`` or a pause is not an instant, or a pause ends before it starts.
            CalendarNeverOpenError: no open time is left to spend ``duration`` in.
            HorizonExceededError: the answer lies more than 100 years away (benchmarks/run.py
                measures the scalar route against businesstimedelta).
            MismatchedColumnsError: column arguments of different lengths or indexes.

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.add("2026-01-30T13:00", dt.timedelta(hours=4))  # a Friday: due at closing
            DateTime(2026, 1, 30, 17, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
            >>> cal.add("2026-02-02T09:00", dt.timedelta(hours=-1))
            DateTime(2026, 1, 30, 16, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
        """
        if self._index.fixed is not None and (
            exclude is NO_PAUSES or exclude is None or (type(exclude) in _LISTS and not exclude)
        ):
            due = add_by_days(self, t, duration)  # the common case, off the table of open time by day
            if due is not None:
                return due
        try:
            u = self._us(t)
            d = duration_us(duration)
        except (ArrayArgument, ServiceLevelError):
            if is_array(t) or is_array(duration):
                return _vector().add(self, t, duration, exclude)
            raise
        if exclude:
            if isinstance(exclude, PausesSince):  # one clock's growing pauses: bisected, not walked
                r = exclude.add_us(self._index, u, d)
            else:
                r = add_excluding(self._index, u, d, pause_spans(self._us, exclude))
            self._notes.used(u, r)
            return self._out(r)
        snap = self._index.spans
        fast = None
        if d > 0 and snap is not None and snap.valid_lo <= u < snap.valid_hi:
            fast = snap.forward(snap.open_before(u) + d)  # inlined: zones with DST, a budget off the table
        r = self._index.add_us(u, d) if fast is None or fast - u > HORIZON_US else fast
        self._notes.used(u, r)
        return self._out(r)

    @overload
    def elapsed(
        self, start: Instant, end: Instant, *, exclude: Iterable[tuple[Instant, Instant]] = ()
    ) -> dt.timedelta: ...
    @overload
    def elapsed(self, start: Col, end: Any, *, exclude: Any = ()) -> Col: ...
    @overload
    def elapsed(self, start: Instant, end: Col, *, exclude: Any = ()) -> Col: ...
    def elapsed(self, start: Any, end: Any, *, exclude: Any = ()) -> Any:
        """Open time in ``[start, end)``; negative when ``end`` is before ``start``.

        Open time inside the ``exclude`` spans (clock pauses) does not count.

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.elapsed("2026-02-13T09:00", "2026-02-24T10:00")  # Fri, make-up Sat, Tue
            datetime.timedelta(seconds=61200)
        """
        index = self._index
        snap = index.spans
        days = None
        # no pauses given (a column of pauses per row has no truth value: the column route reads it)
        if snap is not None and (exclude is None or (type(exclude) in _LISTS and not exclude)):
            days = snap.days or snap.day_table()
            # The common cases first, off the table of open time by day (empty where the zone
            # changes its offset): both ends as wall time in the calendar's zone (its own zone's
            # datetimes, ISO strings without offset), read by their fields with no offset and no
            # search, or both as pandas Timestamps, by their UTC nanoseconds. Anything else, and
            # anything off the table, takes the routes below.
            kind = type(start)
            ps: Any = None
            pe: Any = None
            ns: tuple[int, int] | None = None
            if kind in PLAIN:
                tz = start.tzinfo
                if (tz is self._tz or tz is self._zoneinfo) and type(end) in PLAIN and end.tzinfo is tz:
                    ps, pe = start, end
            elif kind is str and type(end) is str and len(start) > 10 and len(end) > 10:
                try:
                    ps, pe = _fromisoformat(start), _fromisoformat(end)
                except ValueError:
                    pass
                else:
                    if ps.tzinfo is not None or pe.tzinfo is not None:
                        ps = None
            elif (
                kind in NS_KINDS
                and type(end) is kind
                and _tzinfo(start) is not None
                and _tzinfo(end) is not None
            ):
                try:  # pandas' Timestamp: UTC nanoseconds, whatever its zone
                    ns = start.value, end.value
                except OverflowError:  # beyond the nanosecond range: the routes below
                    ns = None
            if ps is not None:
                fa, fb = days.local(ps), days.local(pe)
                if fa is not None and fb is not None:
                    pending = self._notes.pending_years  # years to warn about: the route below
                    if (
                        pending is None
                        or (ps.year > pending[1] and pe.year > pending[1])
                        or (ps.year < pending[0] and pe.year < pending[0])
                    ):
                        return _ONE_US * (fb - fa)
            elif ns is not None:
                fa, fb = days.at_ns(ns[0]), days.at_ns(ns[1])
                if fa is not None and fb is not None:
                    if self._notes.pending_span is not None:
                        self._notes.used(ns[0] // 1000, ns[1] // 1000)
                    return _ONE_US * (fb - fa)
        try:
            a, b = self._us(start, "start"), self._us(end, "end")
        except ArrayArgument:
            return _vector().elapsed(self, start, end, exclude)
        if days is not None:  # any other kind of instant: the table by epoch µs
            fa = days.at(a)
            if fa is not None:
                fb = days.at(b)
                if fb is not None:  # a table spans far less than the horizon
                    if self._notes.pending_span is not None:
                        self._notes.used(a, b)
                    return _ONE_US * (fb - fa)
        sign = 1
        if b < a:
            a, b, sign = b, a, -1
        if b - a > HORIZON_US:
            raise HorizonExceededError(horizon_span("end", end, "start", start))
        if snap is not None and snap.valid_lo <= a and b < snap.valid_hi:
            # the common case, inlined: open time before b minus open time before a
            starts, ends, cum = snap.starts, snap.ends, snap.cum
            i, j = _bisect_right(starts, a) - 1, _bisect_right(starts, b) - 1
            if i >= 0:
                ea, eb = ends[i], ends[j]
                total = (cum[j] + (b if b < eb else eb) - starts[j]) - (
                    cum[i] + (a if a < ea else ea) - starts[i]
                )
            else:  # before the first window: the general route
                total = index.elapsed_us(a, b)
        else:
            total = index.elapsed_us(a, b)
        if isinstance(exclude, PausesSince):
            total -= exclude.open_us(index, a, b)
        elif exclude:
            total -= paused_open(index, a, b, pause_spans(self._us, exclude))
        if self._notes.pending_span is not None:
            self._notes.used(a, b)
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
        if b - a > HORIZON_US:
            raise HorizonExceededError(horizon_span("end", end, "start", start))
        snap = self._index.cover(a, b - 1)
        self._notes.used(a, b)
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
    @overload
    def due(self, start: Instant, term: Term | str, rule: CountingRule = CIVIL_CODE) -> pendulum.DateTime: ...
    @overload
    def due(self, start: Col, term: Any, rule: CountingRule = CIVIL_CODE) -> Col: ...
    def due(self, start: Any, term: Any, rule: CountingRule = CIVIL_CODE) -> Any:
        """When a contract term counted from ``start`` ends.

        Business time (a `timedelta`) runs from the moment (Civil Code art. 201
        ¶2). Calendar periods (`WorkingDays`, `Days`, `Months`, `Years`) follow
        ``rule``; by default the Civil Code: the start day is not counted, a last
        day on a statutory rest day rolls forward to the next working day, and
        the period ends when coverage closes on its last day (24:00 where
        coverage runs to midnight or there is none that day). ``term`` may be
        text, read by `parse_term`.

        Args:
            start: When the term starts (the report, the notice): an instant or a column of them.
            term: A `Term` or text such as ``"2个工作日"``, ``"4h"``, ``"3 months"``.
            rule: How calendar periods are counted (`CIVIL_CODE` by default, or `INCLUSIVE`, or
                a `CountingRule` of the contract's own, art. 204).

        Returns:
            The instant the term ends, in the calendar's zone (a column for a column).

        Raises:
            InvalidTermError: ``term`` cannot be read.
            NaiveDatetimeError, InvalidInstantError: ``start`` is not an aware instant.
            CalendarNeverOpenError, HorizonExceededError: as for `add`.

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.due("2026-02-13T10:00", "1个工作日")  # Sat 14 Feb is a make-up working day
            DateTime(2026, 2, 14, 17, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
            >>> cal.due("2026-02-13T10:00", "30 min")
            DateTime(2026, 2, 13, 10, 30, 0, tzinfo=Timezone('Asia/Shanghai'))
        """
        try:
            u = self._us(start, "start")
        except ArrayArgument:
            return _vector().due(self, start, term, rule)
        t = parse_term(term) if isinstance(term, str) else term
        r = _count.due(self._index, self.is_working_day, self.add_working_days, u, t, rule)
        self._notes.used(u, r)
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
        day = to_date(start_day, self._tz, "start_day")
        t = parse_term(term) if isinstance(term, str) else term
        return _count.period_end(self.is_working_day, self.add_working_days, day, t, rule)

    # ------------------------------------------------------------------ working days
    @overload
    def is_working_day(self, day: dt.date | str) -> bool: ...
    @overload
    def is_working_day(self, day: Col) -> Col: ...
    def is_working_day(self, day: Any) -> Any:
        """Whether ``day`` is a statutory working day of the calendar's country.

        The country's weekend and public holidays are off, its make-up working
        days are on (Mon–Fri when no country is given), whatever the coverage.

        Examples:
            >>> cal = BusinessCalendar.preset("7x24", tz="Asia/Shanghai", country="CN")
            >>> cal.is_working_day("2026-02-15"), cal.is_working_day("2026-02-14")
            (False, True)
        """
        if is_array(day):
            return _vector().is_working_day(self, day)
        d = to_date(day, self._tz)
        working = self._rules.statutory(d)[0]
        self._notes.warn_years(d.year, d.year)
        return working

    @overload
    def add_working_days(self, day: dt.date | str, n: int) -> dt.date: ...
    @overload
    def add_working_days(self, day: Col, n: Any) -> Col: ...
    def add_working_days(self, day: Any, n: Any) -> Any:
        """The ``n``-th working day after ``day`` (before it when ``n < 0``); ``day`` when 0.

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> cal.add_working_days("2026-02-13", 1), cal.add_working_days("2026-02-14", 1)
            (datetime.date(2026, 2, 14), datetime.date(2026, 2, 24))
        """
        if type(day) is dt.date:
            d = check_day(day)
        elif is_array(day) or is_array(n):
            return _vector().add_working_days(self, day, n)
        else:
            d = to_date(day, self._tz)
        if type(n) is not int:
            raise InvalidTermError(f"n: expected a whole number of working days (an int), got {n!r}")
        if n == 0:
            return d
        o = d.toordinal()
        known = self._working.days
        if known is not None and known[0] <= d.year <= known[1]:  # the common case, inlined
            ords = known[2]
            i = bisect_right(ords, o) + n - 1 if n > 0 else bisect_left(ords, o) + n
            if 0 <= i < len(ords) and abs(ords[i] - o) <= HORIZON_DAYS:
                r = _fromordinal(ords[i])
                self._notes.warn_years(min(d.year, r.year), max(d.year, r.year))
                return r
        r = self._working.add(d, n)
        self._notes.warn_years(min(d.year, r.year), max(d.year, r.year))
        return r

    @overload
    def working_days(self, start_day: dt.date | str, end_day: dt.date | str) -> int: ...
    @overload
    def working_days(self, start_day: Col, end_day: Any) -> Col: ...
    @overload
    def working_days(self, start_day: dt.date | str, end_day: Col) -> Col: ...
    def working_days(self, start_day: Any, end_day: Any) -> Any:
        """How many working days lie in ``[start_day, end_day)`` (negative if reversed).

        Examples:
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> # 9-13 Feb (5), Sat 14 (make-up), 24-27 Feb (4), Sat 28 (make-up): 11
            >>> cal.working_days("2026-02-09", "2026-03-02")
            11
        """
        if is_array(start_day) or is_array(end_day):
            return _vector().working_days(self, start_day, end_day)
        a, b = to_date(start_day, self._tz, "start_day"), to_date(end_day, self._tz, "end_day")
        n = self._working.count(a, b)
        self._notes.warn_years(min(a.year, b.year), max(a.year, b.year))
        return n


def _rebuild(init: dict[str, Any]) -> BusinessCalendar:
    return BusinessCalendar(**init)
