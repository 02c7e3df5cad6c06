"""Hypothesis strategies for servicelevel values, for your own property tests.

Importing this module imports hypothesis (an optional extra: ``pip install
servicelevel[test]``); ``import servicelevel`` does not. Through hypothesis'
entry point, ``st.from_type(BusinessCalendar)`` and ``st.from_type(Contract)``
work without importing this module.

Examples:
    >>> from hypothesis import given
    >>> from servicelevel.strategies import calendars, instants
    >>> @given(calendars().flatmap(lambda c: instants(c).map(lambda t: (c, t))))
    ... def test_next_open_is_open(pair):
    ...     cal, t = pair
    ...     assert cal.is_open(cal.next_open(t))
    >>> test_next_open_is_open()
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
from hypothesis import strategies as st

from servicelevel.calendar import BusinessCalendar, Hours
from servicelevel.sla import Contract, Escalation, FaultLevel, Incident, Target
from servicelevel.terms import Days, Term, WorkingDays

__all__ = ["calendars", "contracts", "hours", "incidents", "instants", "terms"]

_ZONES = ("Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC")
_COUNTRIES = {"Asia/Shanghai": "CN", "Europe/Berlin": "DE", "America/New_York": "US", "UTC": None}
_FIRST = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
_LAST = dt.datetime(2026, 9, 30, tzinfo=dt.UTC)  # years whose holiday data is published everywhere


@st.composite
def hours(draw: st.DrawFn) -> Hours:
    """One day's coverage: one or two windows on the quarter hour, sometimes overnight."""
    quarter = 15 * 60 * 1_000_000
    first = draw(st.integers(0, 90)) * quarter
    length = draw(st.integers(4, 48)) * quarter
    spans = [(first, first + length)]
    room = 95 - (first + length) // quarter  # quarters left before 23:45, the last start of the day
    if room >= 2 and draw(st.booleans()):
        second = first + length + draw(st.integers(2, min(8, room))) * quarter
        end = min(second + draw(st.integers(4, 24)) * quarter, first + 96 * quarter)
        if end > second:
            spans.append((second, end))
    return Hours(tuple(spans))


@st.composite
def calendars(draw: st.DrawFn, *, countries: bool = True) -> BusinessCalendar:
    """Calendars a contract might name: presets and weekly schedules, in zones with and without DST."""
    tz = draw(st.sampled_from(_ZONES))
    country = _COUNTRIES[tz] if countries and draw(st.booleans()) else None
    kind = draw(st.sampled_from(["preset", "week"]))
    if kind == "preset":
        name = draw(st.sampled_from(["5x8", "7x18", "7x24", "365x8"]))
        return BusinessCalendar.preset(name, tz=tz, country=country)
    days = draw(
        st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1, unique=True)
    )
    week: dict[str, Any] = {d: draw(hours()) for d in days}
    return BusinessCalendar(tz=tz, week=week, country=country)


def instants(calendar: BusinessCalendar | None = None) -> st.SearchStrategy[pendulum.DateTime]:
    """Instants to the microsecond in 2024 - Sep 2026, in the calendar's zone (UTC without one)."""
    zone = calendar.tz if calendar is not None else "UTC"
    first = int(_FIRST.timestamp()) * 1_000_000
    last = int(_LAST.timestamp()) * 1_000_000
    epoch = pendulum.DateTime(1970, 1, 1, tzinfo=pendulum.UTC)
    return st.integers(first, last).map(lambda u: (epoch + dt.timedelta(microseconds=u)).in_timezone(zone))


def terms(*, business_time: bool = True, periods: bool = True) -> st.SearchStrategy[Term]:
    """Contract terms: business time (1 min - 72 h) and working or calendar days (1 - 30)."""
    options: list[st.SearchStrategy[Term]] = []
    if business_time:
        options.append(st.integers(1, 72 * 60).map(lambda m: dt.timedelta(minutes=m)))
    if periods:
        options.append(st.integers(1, 10).map(WorkingDays))
        options.append(st.integers(1, 30).map(Days))
    return st.one_of(options)


@st.composite
def contracts(draw: st.DrawFn) -> Contract:
    """Contracts with one to three levels over one or two calendars, optionally regions and escalation."""
    names = draw(
        st.lists(st.sampled_from(["hotline", "desk", "support"]), min_size=1, max_size=2, unique=True)
    )
    tz = draw(st.sampled_from(_ZONES))
    cals = {}
    for name in names:
        preset = draw(st.sampled_from(["5x8", "7x24", "7x18"]))
        cals[name] = BusinessCalendar.preset(preset, tz=tz, country=_COUNTRIES[tz])
    levels = []
    for rank in range(1, draw(st.integers(1, 3)) + 1):
        metrics = draw(
            st.lists(st.sampled_from(["response", "on_site", "restore", "resolution", "report"]),
                     min_size=1, max_size=5, unique=True)
        )  # fmt: skip
        targets = {}
        for m in metrics:
            regions = draw(
                st.dictionaries(st.sampled_from(["北京", "上海"]), terms(periods=False), max_size=1)
            )
            targets[m] = Target(within=draw(terms()), calendar=draw(st.sampled_from(names)), regions=regions)
        levels.append(FaultLevel(key=f"P{rank}", rank=rank, name=f"level {rank}", targets=targets))
    escalation = [
        Escalation(level=lv.key, after=dt.timedelta(minutes=m), to="engineer", calendar=names[0])
        for lv in levels
        for m in draw(st.lists(st.integers(15, 600), max_size=2, unique=True))
    ]
    return Contract(
        id=draw(st.from_regex(r"[A-Z]{2}-20[0-9]{2}-[0-9]{3}", fullmatch=True)),
        warnings=draw(st.sampled_from([(), (0.5,), (0.5, 0.75)])),
        calendars=cals,
        levels=levels,
        escalation=escalation,
        reclassify=draw(st.sampled_from(["original", "restart"])),
        reopen=draw(st.sampled_from(["resume", "restart"])),
        reopen_closed=draw(st.booleans()),
    )


@st.composite
def incidents(draw: st.DrawFn, contract: Contract) -> Incident:
    """Incidents under ``contract``, at distinct instants: responses, visits, pauses (some left
    open, some ended by the resolution), reclassifications, restorations, resolutions, reports,
    reopenings and closings — every history one the contract accepts."""
    zone = contract.calendars[0][1].tz
    reported = draw(instants(contract.calendars[0][1]))
    inc = Incident.open(
        contract, level=draw(st.sampled_from([lv.key for lv in contract.levels])), reported_at=reported
    )
    t = reported
    steps = draw(
        st.lists(
            st.sampled_from(
                ["responded", "arrived", "pause", "hold", "reclassify", "restored", "resolved",
                 "reported", "reopened", "closed"]
            ),
            max_size=8,
        )
    )  # fmt: skip
    seen: set[str] = set()  # stop events of the cycle
    paused = resolved = closed = False
    for step in steps:
        t = (t + dt.timedelta(minutes=draw(st.integers(1, 600)))).in_timezone(zone)
        if closed and not (step == "reopened" and contract.reopen_closed):
            break
        if paused and step in ("responded", "arrived", "restored", "reclassify", "reported"):
            inc, paused = inc.resumed(t), False
        elif step in ("pause", "hold") and not resolved and not paused:
            inc, paused = inc.paused(t, reason="waiting for customer"), True
            if step == "pause":  # "hold" leaves it open: to the resolution, or to the end
                t = (t + dt.timedelta(minutes=draw(st.integers(1, 600)))).in_timezone(zone)
                inc, paused = inc.resumed(t), False
        elif step == "reclassify" and not resolved:
            others = [lv.key for lv in contract.levels if lv.key != inc.level]
            if others:
                inc = inc.reclassified(t, draw(st.sampled_from(others)))
        elif step == "reopened" and resolved:
            inc, seen, resolved, closed = inc.reopened(t), set(), False, False
        elif step == "closed" and resolved:
            inc, closed = inc.closed(t), True
        elif step == "reported" and ("restored" in seen or resolved) and "reported_back" not in seen:
            inc = inc.reported(t)
            seen.add("reported_back")
        elif step in ("responded", "arrived", "restored", "resolved") and step not in seen:
            if step == "restored" and resolved:
                continue
            inc = getattr(inc, step)(t)
            seen.add(step)
            if step == "resolved":
                resolved, paused = True, False
    return inc


def _hypothesis_setup_hook() -> None:
    """Registered through hypothesis' entry point: ``st.from_type`` for servicelevel's values."""
    st.register_type_strategy(BusinessCalendar, calendars())
    st.register_type_strategy(Contract, contracts())
