"""Converters and validators for the fields of `BusinessCalendar`: the boundary checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from servicelevel.calendar._engine import HORIZON_DAYS, HORIZON_YEARS
from servicelevel.calendar._holidays import check_country
from servicelevel.calendar._hours import DAY_NAMES, Hours, HoursLike, Week, to_hours
from servicelevel.calendar._time import US, Instant, to_date, zone
from servicelevel.errors import (
    InvalidInstantError,
    InvalidOptionError,
    InvalidScheduleError,
    InvalidWeekError,
    UnknownCountryError,
)


def to_country(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise UnknownCountryError(
            f"country: expected an ISO 3166-1 code such as 'CN' or 'DE' (or None), got {value!r}"
        )
    return value.strip().upper()


def to_subdiv(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise UnknownCountryError(
            f"subdiv: expected a subdivision code such as 'BY' (or None), got {value!r}"
        )
    return value.strip()


def to_makeup(value: HoursLike) -> Hours | None:
    return None if value is None else to_hours(value, what="makeup_hours")


def calendar_date(d: object, what: str) -> dt.date:
    if isinstance(d, dt.datetime):  # an instant names no date until a zone is chosen
        raise InvalidInstantError(f"{what}: expected a date such as '2026-02-14', got the datetime {d!r}")
    return to_date(d, dt.UTC, what)


def to_closed(value: Iterable[dt.date | str] | None) -> frozenset[dt.date]:
    if value is None:
        return frozenset()
    if isinstance(value, (str, dt.date)):
        value = [value]
    if not isinstance(value, Iterable):
        raise InvalidInstantError(
            "closed: expected dates such as ['2026-12-31'] (or None for none), "
            f"got {type(value).__name__} {value!r}"
        )
    return frozenset(calendar_date(d, "closed") for d in value)


def to_special(
    value: Mapping[dt.date | str, HoursLike] | Iterable[tuple[dt.date, Hours]] | None,
) -> tuple[tuple[dt.date, Hours], ...]:
    if value is None:
        return ()
    if isinstance(value, Mapping):
        items: Iterable[Any] = value.items()
    elif isinstance(value, Iterable) and not isinstance(value, str | bytes):
        items = value
    else:
        raise InvalidInstantError(
            "special_hours: expected a mapping of dates to hours such as {'2026-02-13': '09:00-12:00'} "
            f"(or None for none), got {type(value).__name__} {value!r}"
        )
    out = {}
    for pair in items:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InvalidInstantError(
                "special_hours: expected (date, hours) pairs such as ('2026-02-13', '09:00-12:00'), "
                f"got {pair!r}"
            )
        d, h = pair
        day = calendar_date(d, "special_hours")
        out[day] = to_hours(h, what=f"special_hours[{day.isoformat()}]")
    return tuple(sorted(out.items()))


def to_extra_holidays(value: object) -> tuple[tuple[dt.date, str], ...]:
    """``{date: name}`` of statutory days off the user supplies -> sorted (date, name) pairs."""
    if value is None:
        return ()
    if isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        value = dict(value)  # the stored form, when attrs.evolve converts again
    if not isinstance(value, Mapping):
        raise InvalidScheduleError(
            "extra_holidays: expected a mapping of dates to names such as {'2027-02-06': '春节'}, "
            f"got {type(value).__name__} {value!r}"
        )
    out: dict[dt.date, str] = {}
    for d, name in value.items():
        day = calendar_date(d, "extra_holidays")
        if not isinstance(name, str) or not name.strip():
            raise InvalidScheduleError(
                f"extra_holidays[{day.isoformat()}]: expected the day's name such as '春节', got {name!r}"
            )
        out[day] = name.strip()
    return tuple(sorted(out.items()))


def to_extra_workdays(value: object) -> frozenset[dt.date]:
    """Statutory working days the user supplies (make-up Saturdays, 调休上班日)."""
    if value is None:
        return frozenset()
    if isinstance(value, str | dt.date):
        value = [value]
    if not isinstance(value, Iterable) or isinstance(value, Mapping):
        raise InvalidScheduleError(
            f"extra_workdays: expected dates such as ['2027-02-14'], got {type(value).__name__} {value!r}"
        )
    return frozenset(calendar_date(d, "extra_workdays") for d in value)


def check_bool(_inst: Any, attr: Any, value: object) -> None:
    if type(value) is not bool:
        raise InvalidOptionError(f"{attr.name}: expected True or False, got {type(value).__name__} {value!r}")


def check_tz(_inst: Any, _attr: Any, value: str) -> None:
    zone(value)


def check_country_field(inst: Any, _attr: Any, value: str | None) -> None:
    if value is not None:
        check_country(value, inst.subdiv)
    elif inst.subdiv is not None:
        raise UnknownCountryError(
            f"subdiv: {inst.subdiv!r} given without a country; name the country too, e.g. country='DE'"
        )


def week_repr(week: Week) -> str:
    return repr({DAY_NAMES[i]: str(h) for i, h in enumerate(week) if h})


def to_changes(value: object) -> tuple[tuple[dt.date, Any], ...]:
    """``[(date, calendar), ...]`` or ``{date: calendar}`` -> sorted pairs with distinct dates."""
    from servicelevel.calendar._business import BusinessCalendar

    if value is None:
        return ()
    items = value.items() if isinstance(value, Mapping) else value
    if not isinstance(items, Iterable) or isinstance(items, str | bytes):
        raise InvalidWeekError(
            "changes: expected (date, BusinessCalendar) pairs, e.g. "
            f"[('2026-03-01', BusinessCalendar.preset('7x24', tz=...))], got {value!r}"
        )
    out: dict[dt.date, Any] = {}
    for pair in items:
        if not isinstance(pair, tuple | list) or len(pair) != 2 or not isinstance(pair[1], BusinessCalendar):
            raise InvalidWeekError(f"changes: expected (date, BusinessCalendar) pairs, got {pair!r}")
        day = calendar_date(pair[0], "changes")
        if day in out:
            raise InvalidWeekError(f"changes: {day} is given twice; name each date once")
        out[day] = pair[1]
    return tuple(sorted(out.items(), key=lambda kv: kv[0]))


def horizon_span(what: str, value: object, other: str, other_value: object) -> str:
    return (
        f"{what}: {value!r} is more than {HORIZON_YEARS} years ({HORIZON_DAYS} days) from "
        f"{other} {other_value!r}; servicelevel computes within that horizon"
    )


def duration_us(d: dt.timedelta) -> int:
    if type(d) is dt.timedelta:
        return (d.days * 86_400 + d.seconds) * US + d.microseconds
    if not isinstance(d, dt.timedelta):
        raise InvalidInstantError(
            "duration: expected a datetime.timedelta such as timedelta(hours=2), "
            f"got {type(d).__name__} {d!r}"
        )
    return (d.days * 86_400 + d.seconds) * US + d.microseconds


def pause_spans(
    to_epoch: Callable[[Any, str], int], spans: Iterable[tuple[Instant, Instant]]
) -> list[tuple[int, int]]:
    """Sorted, merged epoch-µs spans from ``exclude=`` pairs of instants."""
    if not isinstance(spans, Iterable) or isinstance(spans, str | bytes):
        raise InvalidInstantError(
            f"exclude: expected (start, end) pairs of instants, got {type(spans).__name__} {spans!r}"
        )
    out = []
    for pair in spans:
        try:
            a, b = pair
        except (TypeError, ValueError):
            raise InvalidInstantError(f"exclude: expected (start, end) pairs, got {pair!r}") from None
        s, e = to_epoch(a, "exclude start"), to_epoch(b, "exclude end")
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
