"""Converters and validators for the fields of `BusinessCalendar`: the boundary checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from servicelevel.calendar._holidays import check_country
from servicelevel.calendar._hours import DAY_NAMES, Hours, HoursLike, Week, to_hours
from servicelevel.calendar._time import to_date, zone
from servicelevel.errors import InvalidInstantError, InvalidWeekError


def to_country(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidWeekError(f"country: expected an ISO code such as 'CN', got {value!r}")
    return value.strip().upper()


def to_subdiv(value: str | None) -> str | None:
    return None if value is None else str(value).strip()


def to_makeup(value: HoursLike) -> Hours | None:
    return None if value is None else to_hours(value, what="makeup_hours")


def calendar_date(d: object, what: str) -> dt.date:
    if isinstance(d, dt.datetime):  # an instant names no date until a zone is chosen
        raise InvalidInstantError(f"{what}: expected a date such as '2026-02-14', got the datetime {d!r}")
    return to_date(d, dt.UTC, what)


def to_closed(value: Iterable[dt.date | str]) -> frozenset[dt.date]:
    if isinstance(value, (str, dt.date)):
        value = [value]
    return frozenset(calendar_date(d, "closed") for d in value)


def to_special(
    value: Mapping[dt.date | str, HoursLike] | Iterable[tuple[dt.date, Hours]],
) -> tuple[tuple[dt.date, Hours], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    out = {}
    for d, h in items:
        day = calendar_date(d, "special_hours")
        out[day] = to_hours(h, what=f"special_hours[{day.isoformat()}]")
    return tuple(sorted(out.items()))


def check_tz(_inst: Any, _attr: Any, value: str) -> None:
    zone(value)


def check_country_field(inst: Any, _attr: Any, value: str | None) -> None:
    if value is not None:
        check_country(value, inst.subdiv)
    elif inst.subdiv is not None:
        raise InvalidWeekError(f"subdiv: {inst.subdiv!r} given without a country; name the country too")


def week_repr(week: Week) -> str:
    return repr({DAY_NAMES[i]: str(h) for i, h in enumerate(week) if h})
