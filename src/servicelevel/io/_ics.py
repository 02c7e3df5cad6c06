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

if TYPE_CHECKING:
    from servicelevel.sla import Deadline

__all__ = ["deadlines_to_ics", "dates_to_ics"]

_PRODID = "-//servicelevel//servicelevel//EN"


def _uid(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:20] + "@servicelevel"


def dates_to_ics(name: str, days: Iterable[dt.date], *, scope: str = "") -> bytes:
    """All-day events named ``name`` on ``days`` (a schedule's occurrences)."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
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
    """One event per deadline that has a due instant, at that instant (UTC in the file)."""
    from icalendar import Calendar, Event

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
