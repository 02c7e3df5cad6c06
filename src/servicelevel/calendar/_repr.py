"""A calendar's repr: what a person would write, valid Python that rebuilds an equal calendar.

``BusinessCalendar.parse('5x8 08:30-17:30', tz='Asia/Shanghai', country='CN')`` rather than
the seven `Hours` of its week; dated overrides listed while they are few, counted when many.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from servicelevel.calendar._hours import DAY_NAMES, Hours

if TYPE_CHECKING:
    from servicelevel.calendar._business import BusinessCalendar

_FEW = 3  # overrides listed in full up to this many; more are counted


def _week_runs(week: tuple[Hours, ...]) -> dict[str, str]:
    """``{'mon-fri': '09:00-17:00', 'sat': '10:00-14:00'}``: runs of consecutive days with equal hours."""
    runs: list[tuple[int, int, Hours]] = []
    for i, h in enumerate(week):
        if runs and runs[-1][2] == h and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i, h)
        else:
            runs.append((i, i, h))
    return {
        (DAY_NAMES[a] if a == b else f"{DAY_NAMES[a]}-{DAY_NAMES[b]}"): str(h) for a, b, h in runs if h
    } or {"mon-sun": "closed"}


def _notation(cal: BusinessCalendar) -> str | None:
    """A coverage notation that `BusinessCalendar.parse` turns into this week and holiday rule, if any."""
    week = cal.week
    first = week[0]
    if not first:
        return None
    text = str(first)
    if all(h == first for h in week):
        if text == "00:00-24:00":
            return None if cal.observe_holidays else "7x24"
        if text == "06:00-24:00" and not cal.observe_holidays:
            return "7x18"
        return None if cal.observe_holidays else f"365x8 {text}"
    if all(h == first for h in week[:5]) and not week[5] and not week[6] and cal.observe_holidays:
        return f"5x8 {text}"
    return None


def _listed(name: str, items: list[str]) -> str:
    if len(items) <= _FEW:
        return f"{name}=[{', '.join(items)}]" if name != "special_hours" else f"{name}={{{', '.join(items)}}}"
    return f"{name}=<{len(items)} dates>"


def calendar_repr(cal: BusinessCalendar) -> str:
    head: list[str] = []
    notation = _notation(cal)
    tail = [f"tz={cal.tz!r}"]
    if cal.country is not None:
        tail.append(f"country={cal.country!r}")
    if cal.subdiv is not None:
        tail.append(f"subdiv={cal.subdiv!r}")
    if cal.closed:
        tail.append(_listed("closed", [repr(d.isoformat()) for d in sorted(cal.closed)]))
    if cal.special_hours:
        tail.append(
            _listed(
                "special_hours", [f"{d.isoformat()!r}: {str(h) or 'closed'!r}" for d, h in cal.special_hours]
            )
        )
    if cal.makeup_hours is not None:
        tail.append(f"makeup_hours={str(cal.makeup_hours) or 'closed'!r}")
    if cal.extra_holidays:
        items = [f"{d.isoformat()!r}: {name!r}" for d, name in cal.extra_holidays]
        tail.append(
            f"extra_holidays={{{', '.join(items)}}}"
            if len(items) <= _FEW
            else f"extra_holidays=<{len(items)} dates>"
        )
    if cal.extra_workdays:
        tail.append(_listed("extra_workdays", [repr(d.isoformat()) for d in sorted(cal.extra_workdays)]))
    if notation is not None:
        text = f"BusinessCalendar.parse({notation!r}, {', '.join(tail)})"
    else:
        head.append(f"week={_week_runs(cal.week)!r}")
        if not cal.observe_holidays:
            tail.append("observe_holidays=False")
        text = f"BusinessCalendar({', '.join([tail[0], *head, *tail[1:]])})"
    for day, part in cal.changes:
        text += f".switch({day.isoformat()!r}, {calendar_repr(part)})"
    return text
