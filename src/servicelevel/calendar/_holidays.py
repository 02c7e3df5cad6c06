"""Statutory holidays and make-up working days of a country, from `holidays`.

Data is loaded a year at a time and cached per process: one country-year costs
a few milliseconds to build and is then shared by every calendar.
"""

from __future__ import annotations

import datetime as dt
import threading
from functools import cache
from typing import Any

from attrs import frozen

from servicelevel.errors import UnknownCountryError


@frozen
class YearData:
    """What the statutory calendar of one country says about one year."""

    year: int
    holidays: dict[dt.date, str]  # public holidays (days off), with their names
    makeup_days: frozenset[dt.date]  # weekend days that are working days (调休上班日)
    weekend: frozenset[int]  # weekday numbers (Mon=0) of the usual rest days
    assumed: str | None  # why the data may be wrong for this year, or None


_lock = threading.Lock()


@cache
def _codes() -> tuple[frozenset[str], dict[str, str]]:
    """The country codes the holidays package supports, and country names -> alpha-2 codes.

    Read from the package's registry rather than by attribute: the ``holidays``
    module also exports names such as ``MON`` or ``PUBLIC`` that are not countries.
    """
    from holidays import registry

    codes: set[str] = set()
    names: dict[str, str] = {}
    for module, entry in registry.COUNTRIES.items():
        class_name, alpha2, alpha3 = entry[0], entry[1], entry[2]
        codes.update((alpha2, alpha3))
        for name in (module, class_name):
            names[_squash(name)] = alpha2
    return frozenset(codes), names


def _squash(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


@cache
def _entity(country: str, subdiv: str | None) -> Any:
    """Validate the country once and return an empty holidays entity for it."""
    import holidays  # deferred: it costs a third of `import servicelevel`, and 7×24 needs none

    codes, names = _codes()
    if country not in codes:
        named = names.get(_squash(country))
        hint = (
            f"; {country!r} looks like the name of a country: its code is {named!r}"
            if named
            else f" (codes starting with {country[:1]!r}: "
            f"{', '.join(sorted(c for c in codes if c[:1] == country[:1])[:12]) or 'none'})"
        )
        raise UnknownCountryError(
            f"country: {country!r} is not a country the holidays package knows; "
            f"expected an ISO 3166-1 code such as 'CN' or 'DE'{hint}"
        )
    entity = holidays.country_holidays(country, years=())
    if subdiv is None:
        return entity
    try:
        return holidays.country_holidays(country, subdiv=subdiv, years=())
    except NotImplementedError:
        raise UnknownCountryError(
            f"subdiv: {subdiv!r} is not a subdivision of {country!r}; expected one of "
            f"{', '.join(map(str, entity.subdivisions))}"
        ) from None


def check_country(country: str, subdiv: str | None) -> None:
    """Raise `UnknownCountryError` unless holidays has data for ``country``/``subdiv``."""
    _entity(country, subdiv)


def country_weekend(country: str, subdiv: str | None) -> frozenset[int]:
    """The weekday numbers (Mon=0) the country usually rests on."""
    return frozenset(_entity(country, subdiv).weekend)


@cache
def _last_published_year(country: str, subdiv: str | None) -> int | None:
    """Last year whose announced make-up working days the holidays package holds.

    Countries that move working days onto weekends (China's 调休) publish each
    year's schedule late in the year before; for them, a later year has only the
    rule-based holidays. Countries without such moves return None.
    """
    entity = _entity(country, subdiv)
    special = getattr(entity, "special_public_holidays", {}) or {}
    # An entry is (month, day, name), or (month, day, from_month, from_day[, from_year]) for a
    # day off moved from a weekend; a year's value is one entry or a tuple of them.
    years = [
        year
        for year, entries in special.items()
        if any(len(e) >= 4 for e in (entries if isinstance(entries[0], tuple) else (entries,)))
    ]
    return max(years) if years else None


@cache
def local_names(country: str, subdiv: str | None, year: int) -> dict[dt.date, str]:
    """The country's holidays of ``year`` named in its own language — the holidays package's
    default language for it (春节 for CN, Karfreitag for DE) — for views that speak the calendar's
    language; `year_data` keeps the names the rest of the library reports (cached)."""
    import holidays

    language = getattr(_entity(country, subdiv), "default_language", None)
    with _lock:
        h = holidays.country_holidays(country, subdiv=subdiv, years=year, language=language)
    return {d: str(name) for d, name in h.items() if d.year == year}


@cache
def year_data(country: str, subdiv: str | None, year: int) -> YearData:
    """Holidays, make-up days and weekend of ``country`` in ``year`` (cached)."""
    import holidays

    entity = _entity(country, subdiv)
    with _lock:  # the holidays entities are not documented as thread-safe
        h = holidays.country_holidays(country, subdiv=subdiv, years=year)
    days = {d: str(name) for d, name in h.items() if d.year == year}
    makeup = frozenset(d for d in getattr(h, "weekend_workdays", ()) if d.year == year)
    assumed: str | None = None
    if not (entity.start_year <= year <= entity.end_year):
        assumed = (
            f"the holidays package has no data for {country} before {entity.start_year} "
            f"or after {entity.end_year}; assumed no public holidays and no make-up "
            "working days, only the weekend"
        )
        days = {}
    else:
        last = _last_published_year(country, subdiv)
        if last is not None and year > last:
            assumed = (
                f"the official {country} holiday schedule for {year} is not in the installed "
                f"holidays package (its last is {last}); assumed the rule-based public holidays "
                "and no make-up working days; upgrade holidays once the schedule is published"
            )
    return YearData(year, days, makeup, frozenset(h.weekend), assumed)
