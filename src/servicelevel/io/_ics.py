"""Deadlines and service schedules as iCalendar (RFC 5545), through the `icalendar` library.

So that they land in the calendars people already use: a deadline is an event at
its due instant; a schedule's occurrence an all-day event. UIDs are derived from
the content, so exporting twice gives the same events and calendar clients update
rather than duplicate them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from servicelevel.errors import HorizonExceededError, InvalidInstantError, InvalidOptionError, show

if TYPE_CHECKING:
    from servicelevel.sla import Deadline

__all__ = ["dates_to_ics", "deadlines_to_ics", "schedules_to_ics"]

_PRODID = "-//servicelevel//servicelevel//EN"
_FIRST, _LAST = dt.date(3, 1, 1), dt.date(9996, 12, 31)  # the dates servicelevel computes with


def _text(value: object, what: str, example: str) -> str:
    if not isinstance(value, str):
        raise InvalidOptionError(f"{what}: expected a string such as {example!r}, got {show(value)}")
    return value


def _days(days: object) -> list[dt.date]:
    if isinstance(days, str | bytes | Mapping) or not isinstance(days, Iterable):
        raise InvalidOptionError(
            f"days: expected an iterable of dates such as [datetime.date(2026, 3, 2)], got {show(days)}"
        )
    out = []
    for i, day in enumerate(days):
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise InvalidInstantError(
                f"days[{i}]: expected a datetime.date (an all-day event), "
                f"got {type(day).__name__} {show(day)}"
            )
        if not _FIRST <= day <= _LAST:
            raise HorizonExceededError(
                f"days[{i}]: {day.isoformat()} lies outside the dates servicelevel computes with, "
                f"{_FIRST.isoformat()} to {_LAST.isoformat()}"
            )
        out.append(day)
    return out


def _uid(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:20] + "@servicelevel"


def dates_to_ics(name: str, days: Iterable[dt.date], *, scope: str = "") -> bytes:
    """All-day events named ``name`` on ``days`` (a schedule's occurrences).

    Raises:
        InvalidOptionError: ``name`` or ``scope`` is not a string, ``days`` not an iterable.
        InvalidInstantError: an item of ``days`` is not a ``datetime.date``.
        HorizonExceededError: a day lies outside 0003-01-01 to 9996-12-31.
    """
    return schedules_to_ics({_text(name, "name", "inspection"): days}, scope=scope)


def schedules_to_ics(schedules: Mapping[str, Iterable[dt.date]], *, scope: str = "") -> bytes:
    """One file of all-day events for several schedules: ``{name: days}``, as `dates_to_ics` writes one.

    Raises:
        InvalidOptionError: ``schedules`` is not a mapping of names to iterables of dates, or ``scope``
            is not a string.
        InvalidInstantError: a day is not a ``datetime.date``.
        HorizonExceededError: a day lies outside 0003-01-01 to 9996-12-31.
    """
    from icalendar import Calendar, Event

    scope = _text(scope, "scope", "BJ-2026-017")
    if not isinstance(schedules, Mapping):
        raise InvalidOptionError(
            "schedules: expected a mapping of schedule names to dates such as "
            f"{{'inspection': [datetime.date(2026, 3, 2)]}}, got {show(schedules)}"
        )
    named = [(_text(name, "name", "inspection"), _days(days)) for name, days in schedules.items()]

    cal = Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    for name, days in named:
        for day in days:
            event = Event()
            event.add("uid", _uid(scope, name, day.isoformat()))
            event.add("summary", name)
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("dtstamp", dt.datetime.combine(day, dt.time(), dt.UTC))
            cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def deadlines_to_ics(title: str, deadlines: Mapping[str, Deadline]) -> bytes:
    """One event per deadline that has a due instant, at that instant (UTC in the file).

    Raises:
        InvalidOptionError: ``title`` is not a string, or ``deadlines`` not a mapping of metric
            names to `Deadline` (as `Contract.deadlines` returns).
    """
    from icalendar import Calendar, Event

    from servicelevel.sla import Deadline

    title = _text(title, "title", "P1 reported 2026-02-13")
    if not isinstance(deadlines, Mapping):
        raise InvalidOptionError(
            "deadlines: expected a mapping of metric names to Deadline, as Contract.deadlines returns, "
            f"got {type(deadlines).__name__} {show(deadlines)}"
        )
    for metric, d in deadlines.items():
        if not isinstance(metric, str) or not isinstance(d, Deadline):
            raise InvalidOptionError(
                "deadlines: expected a mapping of metric names to Deadline, as Contract.deadlines returns, "
                f"got the item {show(metric)}: {type(d).__name__} {show(d)}"
            )

    cal = Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    for metric, d in deadlines.items():
        if d.due is None:
            continue
        due = d.due.astimezone(dt.UTC)
        event = Event()
        event.add("uid", _uid(title, metric, due.isoformat()))
        event.add("summary", f"{title}: {metric} due")
        event.add("dtstart", due)
        event.add("dtend", due)
        event.add("dtstamp", due)
        event.add("description", f"{metric} within {d.term} on calendar {d.calendar!r} ({d.level})")
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
