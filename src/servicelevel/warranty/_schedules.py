"""Service schedules (巡检 / 回访, domain.md §6): "every two weeks for three months, then monthly".

Within a phase that starts on P, occurrences fall on P + k × every for k ≥ 1 while
they stay inside the phase (its last day included); the next phase counts from
where the previous one ended. Months are added to P directly (the corresponding
day, or the month's last), never step by step, so the rhythm does not drift.
Only occurrences are rolled to a working day, each on its own, never a phase
boundary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

from attrs import evolve, field, frozen

from servicelevel._notebook import Notebook
from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import WarrantyError
from servicelevel.terms import Days, Months, Term, Years
from servicelevel.warranty._warranty import event_day, read_day, read_event_dates, read_period

__all__ = ["Phase", "Schedule"]

Roll = Literal["none", "next_working_day", "previous_working_day"]
_MAX_DAYS = 36_525  # the horizon: 100 years of occurrences at most


def _every(value: object) -> Term:
    return read_period(value, "every")


def _for(value: object) -> Term | None:
    return None if value is None else read_period(value, "for")


def _times(value: object) -> int:
    if type(value) is not int or not 1 <= value <= 366:
        raise WarrantyError(f"times: expected a whole number of visits per period, 1 to 366, got {value!r}")
    return value


@frozen(kw_only=True)
class Phase(Notebook):
    """Occurrences ``every`` so often, ``for`` so long (None: until the end of time).

    ``times`` > 1 spreads that many visits evenly over each ``every`` ("at least
    three times a quarter": ``every="3个月", times=3``; "twice a month":
    ``every="1个月", times=2``): the j-th visit of a period [s, e) falls on
    s + round(j × (e - s) / times) days (halves to even), the last on e.
    """

    every: Term = field(converter=_every)
    for_: Term | None = field(default=None, converter=_for)
    times: int = field(default=1, converter=_times)


def _shift(day: dt.date, term: Term, k: int) -> dt.date:
    """``day`` + k × ``term``: days added, months and years to the corresponding day (or the month's last)."""
    if isinstance(term, Days):
        return day + dt.timedelta(days=term.n * k)
    if not isinstance(term, Months | Years):  # pragma: no cover - the converters refuse others
        raise WarrantyError(f"schedule: {term!r} is not days, months or years")
    months = (term.n * 12 if isinstance(term, Years) else term.n) * k
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise WarrantyError(f"schedule: {k} × {term} from {day} leaves the calendar's range")
    following = dt.date(year + (month0 == 11), (month0 + 1) % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month0 + 1, min(day.day, last))


def _first_period(phase: Phase, phase_start: dt.date, lo: dt.date) -> int:
    """The first k ≥ 1 whose period ends on or after ``lo`` (earlier periods lie wholly before it)."""
    every = phase.every
    k = 1
    if isinstance(every, Days):
        k = (lo - phase_start).days // every.n
    elif isinstance(every, Months | Years):
        months = every.n * 12 if isinstance(every, Years) else every.n
        k = ((lo.year - phase_start.year) * 12 + lo.month - phase_start.month) // months - 1
    k = max(k, 1)
    while k > 1 and _shift(phase_start, every, k - 1) >= lo:
        k -= 1
    while _shift(phase_start, every, k) < lo:
        k += 1
    return k


def _phase_days(
    phase: Phase, phase_start: dt.date, end: dt.date | None, lo: dt.date, hi: dt.date
) -> Iterator[dt.date]:
    """The unrolled days of one phase within ``[lo, hi]``, in order (a day may repeat)."""
    if end is not None and end < lo:
        return
    k = _first_period(phase, phase_start, lo)
    while True:
        period_start = _shift(phase_start, phase.every, k - 1)
        period_end = _shift(phase_start, phase.every, k)
        if (end is not None and period_end > end) or period_start > hi:
            return
        length, times = (period_end - period_start).days, phase.times
        if times > length:  # the visits step by less than a day: every day from the first visit's
            offsets: Iterable[int] = range(round(length / times), length + 1)
        else:
            offsets = (round(j * length / times) for j in range(1, times + 1))
        for offset in offsets:
            day = period_start + dt.timedelta(days=offset)
            if lo <= day <= hi:
                yield day
        k += 1


def _phases(value: Iterable[Phase | Mapping[str, Any]]) -> tuple[Phase, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WarrantyError(
            f"phases: expected a list such as [{{'every': '2周', 'for': '3个月'}}], got {value!r}"
        )
    out = []
    for i, p in enumerate(value):
        if isinstance(p, Phase):
            out.append(p)
        elif isinstance(p, Mapping):
            extra = set(p) - {"every", "for", "times"}
            if extra or "every" not in p:
                raise WarrantyError(
                    f"phases[{i}]: expected {{'every': …, 'for': …, 'times': …}}, got {dict(p)!r}"
                )
            out.append(Phase(every=p["every"], for_=p.get("for"), times=p.get("times", 1)))
        else:
            raise WarrantyError(f"phases[{i}]: expected a Phase or a mapping, got {p!r}")
    if not out:
        raise WarrantyError("phases: give at least one phase, e.g. [{'every': '1个月'}]")
    for i, p in enumerate(out[:-1]):
        if p.for_ is None:
            raise WarrantyError(f"phases[{i}]: only the last phase may run without 'for'")
    return tuple(out)


def _starts(value: object) -> dt.date | str:
    if isinstance(value, str) and not value[:1].isdigit():
        return value  # a contract event, dated later
    return read_day(value, "starts")


@frozen(kw_only=True)
class Schedule(Notebook):
    """A named service schedule, anchored to a date or a contract event, optionally rolled to working days.

    Examples:
        >>> from servicelevel import BusinessCalendar
        >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        >>> s = Schedule(name="inspection", starts="2026-01-05", calendar=cal, roll="next_working_day",
        ...              phases=[{"every": "2周", "for": "3个月"}, {"every": "1个月"}])
        >>> [d.isoformat() for d in s.occurrences("2026-02-01", "2026-03-01")]  # 16 Feb: Spring Festival
        ['2026-02-02', '2026-02-24']
    """

    name: str
    starts: dt.date | str = field(converter=_starts)
    phases: tuple[Phase, ...] = field(converter=_phases)
    roll: Roll = "none"
    calendar: BusinessCalendar | None = None
    dates: tuple[tuple[str, dt.date], ...] = field(default=(), converter=read_event_dates)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise WarrantyError(f"name: expected a schedule name such as 'inspection', got {self.name!r}")
        if self.roll not in ("none", "next_working_day", "previous_working_day"):
            raise WarrantyError(
                f"roll: expected 'none', 'next_working_day' or 'previous_working_day', got {self.roll!r}"
            )
        if self.roll != "none" and not isinstance(self.calendar, BusinessCalendar):
            raise WarrantyError(
                f"calendar: rolling to working days needs a BusinessCalendar, got {self.calendar!r}"
            )

    def with_event(self, name: str, day: dt.date | str) -> Schedule:
        return evolve(self, dates={**dict(self.dates), name: day})

    @property
    def start_day(self) -> dt.date:
        """The day the schedule starts (`WarrantyError` while its start event has no date)."""
        return event_day(self.starts, self.dates, "schedule")

    def _roll(self, day: dt.date) -> dt.date:
        cal = self.calendar
        if self.roll == "none" or cal is None or cal.is_working_day(day):
            return day
        return cal.add_working_days(day, 1 if self.roll == "next_working_day" else -1)

    def occurrences(self, start: dt.date | str, until: dt.date | str) -> list[dt.date]:
        """The (rolled) occurrences in ``[start, until]``, in order, each day once.

        ``until`` lies at most 100 years after the schedule starts, so the answer has at most
        36,526 days (one a day); the work is bounded by the window too: only the periods that can
        reach it are visited, and a period visited more often than daily costs a step a day.
        """
        return list(self.iter_occurrences(start, until))

    def iter_occurrences(self, start: dt.date | str, until: dt.date | str) -> Iterator[dt.date]:
        """`occurrences`, produced one day at a time (arguments are checked before the first)."""
        a, b = read_day(start, "start"), read_day(until, "until")
        first = self.start_day
        if (b - first).days > _MAX_DAYS:
            raise WarrantyError(f"until: {b} is more than 100 years after the schedule starts ({first})")
        if b < a:
            return iter(())
        lo, hi = self._raw_bounds(max(a, first), b)
        return self._dates(first, a, b, lo, hi)

    def _raw_bounds(self, a: dt.date, b: dt.date) -> tuple[dt.date, dt.date]:
        """The days whose occurrences can roll into ``[a, b]``: after the last working day before
        ``a`` (rolled forward), before the first working day after ``b`` (rolled back)."""
        cal, one = self.calendar, dt.timedelta(days=1)
        if cal is None or self.roll == "none":
            return a, b
        if self.roll == "next_working_day":
            return cal.add_working_days(a, -1) + one, b
        return a, cal.add_working_days(b, 1) - one

    def _dates(self, first: dt.date, a: dt.date, b: dt.date, lo: dt.date, hi: dt.date) -> Iterator[dt.date]:
        last: dt.date | None = None
        phase_start = first
        for phase in self.phases:
            end = _shift(phase_start, phase.for_, 1) if phase.for_ is not None else None
            for day in _phase_days(phase, phase_start, end, lo, hi):
                rolled = self._roll(day)
                if a <= rolled <= b and rolled != last:  # rolled days keep their order: repeats are adjacent
                    yield rolled
                    last = rolled
            if end is None or end > hi:
                return
            phase_start = end
