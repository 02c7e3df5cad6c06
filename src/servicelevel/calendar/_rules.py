"""Day rules: the hours of each date and whether it is a statutory working day.

One precedence, stated once (strongest first): ``special_hours`` > ``closed`` >
the country's holidays and make-up working days > the weekly pattern.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import TYPE_CHECKING, Literal

from attrs import field, frozen

if TYPE_CHECKING:
    from servicelevel.calendar._business import BusinessCalendar

from servicelevel._notebook import Notebook
from servicelevel.calendar._holidays import YearData, country_weekend, local_names, year_data
from servicelevel.calendar._hours import CLOSED, Hours, Week
from servicelevel.calendar._notes import HolidayNotes
from servicelevel.calendar._time import date_start_us
from servicelevel.errors import InvalidScheduleError, InvalidWeekError

__all__ = ["DayInfo", "DayRules", "PartedRules", "Reason", "rules_of"]

Reason = Literal["weekly", "holiday", "make-up", "closed", "special"]


@frozen
class DayInfo(Notebook):
    """Why a calendar has the hours it has on one day (for "explain this deadline").

    ``reason`` is one of ``weekly`` (the usual hours of that weekday),
    ``holiday`` (a public holiday closes it), ``make-up`` (a weekend day made a
    working day, 调休上班日), ``closed`` (listed in ``closed``), ``special``
    (listed in ``special_hours``). ``working_day`` is the statutory answer,
    whatever the hours. ``part`` says which coverage applied on a calendar that
    changes at dates: 0 before the first change, 1 from it, and so on.
    ``supplied`` is true when the statutory answer comes from the caller's
    ``extra_holidays`` or ``extra_workdays`` rather than the holidays package.
    ``local_name`` is the holiday's name in the calendar's own language, the
    language of its country (春节 where ``holiday`` says Chinese New Year
    (Spring Festival)); a supplied holiday's name as written.
    """

    date: dt.date
    hours: Hours
    reason: Reason
    holiday: str | None
    working_day: bool
    part: int = 0
    supplied: bool = False
    local_name: str | None = field(default=None, eq=False, repr=False)


class DayRules:
    """The rules of one calendar, answering per date (holiday data loaded a year at a time)."""

    __slots__ = (
        "closed",
        "country",
        "extra_holidays",
        "extra_workdays",
        "makeup",
        "notes",
        "observe",
        "part",
        "special",
        "subdiv",
        "supplied_years",
        "tz",
        "week",
    )

    def __init__(
        self,
        *,
        tz: dt.tzinfo,
        week: Week,
        country: str | None,
        subdiv: str | None,
        closed: frozenset[dt.date],
        special: dict[dt.date, Hours],
        observe: bool,
        makeup: Hours,
        notes: HolidayNotes,
        part: int = 0,
        extra_holidays: dict[dt.date, str] | None = None,
        extra_workdays: frozenset[dt.date] = frozenset(),
    ) -> None:
        self.tz, self.week, self.country, self.subdiv = tz, week, country, subdiv
        self.closed, self.special, self.observe, self.makeup = closed, special, observe, makeup
        self.notes, self.part = notes, part
        self.extra_holidays = extra_holidays or {}
        self.extra_workdays = extra_workdays
        # a year the caller supplied statutory data for counts as published: no warning
        self.supplied_years = frozenset(d.year for d in (*self.extra_holidays, *extra_workdays))

    def year(self, year: int) -> YearData:
        assert self.country is not None
        yd = year_data(self.country, self.subdiv, year)
        if (
            yd.assumed is not None
            and year not in self.supplied_years
            and year not in self.notes.noted.get(self.country, ())
        ):
            bounds = (
                date_start_us(self.tz, dt.date(year, 1, 1)),
                date_start_us(self.tz, dt.date(year + 1, 1, 1)),
            )
            self.notes.note(self.country, year, f"{self.country} {year}: {yd.assumed}", bounds)
        return yd

    def statutory(self, day: dt.date) -> tuple[bool, str | None]:
        """Is ``day`` a statutory working day, and the name of its holiday if any."""
        if day in self.extra_workdays:
            return True, None
        supplied = self.extra_holidays.get(day)
        if supplied is not None:
            return False, supplied
        if self.country is None:
            return day.weekday() < 5, None
        yd = self.year(day.year)
        if day in yd.makeup_days:
            return True, None
        name = yd.holidays.get(day)
        if name is not None:
            return False, name
        return day.weekday() not in yd.weekend, None

    def hours(self, day: dt.date) -> tuple[Hours, Reason, str | None]:
        """The hours of ``day``, the reason for them and the holiday's name if one closes it."""
        h = self.special.get(day)
        if h is not None:
            return h, "special", None
        if day in self.closed:
            return CLOSED, "closed", None
        if self.observe:  # the caller's schedule: workdays, then days off (both over the package's)
            if day in self.extra_workdays:
                return self.makeup, "make-up", None
            supplied = self.extra_holidays.get(day)
            if supplied is not None:
                return CLOSED, "holiday", supplied
        if self.country is not None and self.observe:
            yd = self.year(day.year)
            name = yd.holidays.get(day)
            if name is not None:
                return CLOSED, "holiday", name
            if day in yd.makeup_days:
                return self.makeup, "make-up", None
        return self.week[day.weekday()], "weekly", None

    def info(self, day: dt.date) -> DayInfo:
        hours, reason, name = self.hours(day)
        working, statutory_name = self.statutory(day)
        supplied = day in self.extra_workdays or day in self.extra_holidays
        holiday = name or statutory_name
        local = holiday
        if holiday is not None and not supplied and self.country is not None:
            local = local_names(self.country, self.subdiv, day.year).get(day, holiday)
        return DayInfo(day, hours, reason, holiday, working, self.part, supplied, local_name=local)


class PartedRules:
    """Day rules that change at dates: each date answered by the part in force on it."""

    __slots__ = ("firsts", "parts")

    def __init__(self, parts: list[tuple[dt.date, DayRules]]) -> None:
        self.firsts = [d.toordinal() for d, _ in parts]  # the first is date.min: the base part
        self.parts = [r for _, r in parts]

    def _part(self, day: dt.date) -> DayRules:
        return self.parts[bisect_right(self.firsts, day.toordinal()) - 1]

    def hours(self, day: dt.date) -> tuple[Hours, Reason, str | None]:
        return self._part(day).hours(day)

    def statutory(self, day: dt.date) -> tuple[bool, str | None]:
        return self._part(day).statutory(day)

    def info(self, day: dt.date) -> DayInfo:
        return self._part(day).info(day)


def rules_of(cal: BusinessCalendar, tz: dt.tzinfo, notes: HolidayNotes, part: int) -> tuple[DayRules, Hours]:
    """The day rules of one calendar (or one part of a changing one), and its make-up hours."""
    makeup = cal.makeup_hours
    if makeup is None:
        # Make-up days work the hours of a regular working day: the first
        # weekday the country works (Monday almost everywhere) that has hours.
        weekend = country_weekend(cal.country, cal.subdiv) if cal.country else frozenset((5, 6))
        makeup = next((h for i, h in enumerate(cal.week) if h and i not in weekend), CLOSED)
    rules = DayRules(
        tz=tz,
        week=cal.week,
        country=cal.country,
        subdiv=cal.subdiv,
        closed=cal.closed,
        special=dict(cal.special_hours),
        observe=cal.observe_holidays,
        makeup=makeup,
        notes=notes,
        part=part,
        extra_holidays=dict(cal.extra_holidays),
        extra_workdays=cal.extra_workdays,
    )
    return rules, makeup


def assemble(
    cal: BusinessCalendar, tz: dt.tzinfo, notes: HolidayNotes
) -> tuple[DayRules | PartedRules, tuple[dt.date, dt.date] | None, bool, int]:
    """The day rules of a calendar and its parts, and what the window index needs to know of them.

    Returns the rules; the first and last day anything can open when only dated
    overrides open the calendar ((max, min) when nothing ever does, None when the
    week or make-up days open it); whether any week has hours; and the longest
    possible day in µs (for refusing budgets no horizon could hold).
    """
    parts = [cal, *(part for _, part in cal.changes)]
    both = sorted({d for d, _ in cal.extra_holidays} & cal.extra_workdays)
    if both:
        raise InvalidScheduleError(
            f"extra_workdays: {both[0].isoformat()} is also in extra_holidays; "
            "a day is either a statutory day off or a working day"
        )
    for _, part in cal.changes:
        if part.tz != cal.tz:
            raise InvalidWeekError(
                f"changes: a part in {part.tz!r} differs from the calendar's zone {cal.tz!r}; "
                "a calendar keeps one zone, so give every part the same tz"
            )
        if part.changes:
            raise InvalidWeekError(
                "changes: a part has changes of its own; list every change on one calendar"
            )
    made = [rules_of(part, tz, notes, i) for i, part in enumerate(parts)]
    rules: DayRules | PartedRules = made[0][0]
    if cal.changes:
        firsts = [dt.date.min, *(d for d, _ in cal.changes)]
        rules = PartedRules(list(zip(firsts, (r for r, _ in made), strict=True)))
    open_days: tuple[dt.date, dt.date] | None = None
    has_week = any(any(part.week) for part in parts)
    pairs = list(zip(parts, (m for _, m in made), strict=True))
    if not has_week and not any(m and part.country and part.observe_holidays for part, m in pairs):
        opening = sorted(
            [d for part in parts for d, h in part.special_hours if h]
            + [d for part, m in pairs if m and part.observe_holidays for d in part.extra_workdays]
        )
        # (max, min) when nothing opens at all: the calendar is never open
        open_days = (opening[0], opening[-1]) if opening else (dt.date.max, dt.date.min)
    longest = max(
        h.duration for part, m in pairs for h in (*part.week, m, *(h for _, h in part.special_hours))
    )
    return rules, open_days, has_week, longest // dt.timedelta(microseconds=1)
