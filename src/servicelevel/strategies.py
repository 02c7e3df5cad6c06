"""Hypothesis strategies for servicelevel values, for your own property tests.

Importing this module imports hypothesis (an optional extra: ``pip install
'servicelevel[hypothesis]'``; without it, an `ImportError` says so); ``import servicelevel``
does not. Through hypothesis' entry point (`servicelevel._hypothesis`),
``st.from_type(BusinessCalendar)``, ``st.from_type(Contract)`` and
``st.from_type(Incident)`` work without importing this module: it is loaded the
first time one of them is drawn. ``import hypothesis`` alone imports nothing of
servicelevel.

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

import attrs
import pendulum

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as exc:  # the optional extra: say which one
    if exc.name != "hypothesis":
        raise
    raise ImportError(
        "servicelevel.strategies needs hypothesis, which is not installed: "
        "pip install 'servicelevel[hypothesis]'",
        name=exc.name,
    ) from None

from servicelevel._drawn import amendment, before_warnings, money_terms, penalty_rules, services
from servicelevel.calendar import BusinessCalendar, Hours
from servicelevel.sla import (
    Amendment,
    Contract,
    Escalation,
    FaultLevel,
    Incident,
    Target,
    UpdateTarget,
)
from servicelevel.terms import Days, Months, Term, WorkingDays, Years
from servicelevel.warranty import Warranty

__all__ = ["calendars", "contracts", "hours", "incidents", "instants", "terms"]

_ZONES = ("Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC")
_COUNTRIES = {"Asia/Shanghai": "CN", "Europe/Berlin": "DE", "America/New_York": "US", "UTC": None}
_FIRST = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
_LAST = dt.datetime(2026, 9, 30, tzinfo=dt.UTC)  # years whose holiday data is published everywhere
_EPOCH = pendulum.DateTime(1970, 1, 1, tzinfo=pendulum.UTC)

# The calendars a contract draws, widest coverage first: 5×8 ⊆ 7×18 ⊆ 7×24.
_PRESETS = ("7x24", "7x18", "5x8")
_METRICS = ("response", "on_site", "restore", "resolution", "report")
# How each metric is counted, as contracts write it: answered in minutes, on site in hours, fixed
# in hours or working days, the written report in working or calendar days.
_KINDS: dict[str, tuple[str, ...]] = {
    "response": ("minutes",),
    "on_site": ("hours",),
    "restore": ("hours",),
    "resolution": ("hours", "working_days"),
    "report": ("working_days", "days"),
}
_LEVEL_NAMES = {1: "critical", 2: "major", 3: "minor"}


@st.composite
def hours(draw: st.DrawFn) -> Hours:
    """One day's coverage: one or two windows on the quarter hour, sometimes overnight (no knobs)."""
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
    """Calendars a contract might name: presets and weekly schedules, in zones with and without DST.

    Knobs:
        countries: whether a calendar may observe its zone's country's holidays (CN, DE, US).
    """
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
    """Instants to the microsecond in 2024 - Sep 2026, in the calendar's zone (UTC without one).

    Knobs:
        calendar: the calendar whose zone the instants are shown in.
    """
    zone = calendar.tz if calendar is not None else "UTC"
    return _between(zone, int(_FIRST.timestamp()) * 1_000_000, int(_LAST.timestamp()) * 1_000_000)


def _between(zone: str, first: int, last: int) -> st.SearchStrategy[pendulum.DateTime]:
    """Instants from ``first`` to ``last`` (epoch µs, both included), shown in ``zone``."""
    return st.integers(first, last).map(lambda u: (_EPOCH + dt.timedelta(microseconds=u)).in_timezone(zone))


def _ladder(kind: str, n: int) -> st.SearchStrategy[list[Term]]:
    """``n`` terms of one ``kind``, from the strictest (the most severe level's) to the loosest."""
    bounds = {"minutes": (1, 8 * 60), "hours": (1, 72), "working_days": (1, 10), "days": (1, 30)}[kind]
    make: Any = {
        "minutes": lambda m: dt.timedelta(minutes=m),
        "hours": lambda h: dt.timedelta(hours=h),
        "working_days": WorkingDays,
        "days": Days,
    }[kind]
    values = st.lists(st.integers(*bounds), min_size=n, max_size=n).map(sorted)
    return values.map(lambda vs: [make(v) for v in vs])


@st.composite
def _warranties(draw: st.DrawFn, calendars: dict[str, BusinessCalendar]) -> Warranty:
    """A warranty on one of ``calendars``: from a date or from the (dated) acceptance."""
    start = draw(st.dates(dt.date(2022, 1, 1), dt.date(2025, 12, 31)))
    term: Term = draw(st.one_of(st.integers(1, 5).map(Years), st.integers(6, 60).map(Months)))
    from_acceptance = draw(st.booleans())
    return Warranty(
        starts="acceptance" if from_acceptance else start,
        dates={"acceptance": start} if from_acceptance else None,
        term=term,
        extension=draw(st.one_of(st.none(), st.integers(1, 12).map(Months))),
        calendar=calendars[draw(st.sampled_from(sorted(calendars)))],
    )


def terms(*, business_time: bool = True, periods: bool = True) -> st.SearchStrategy[Term]:
    """Contract terms: business time (1 min - 72 h) and working or calendar days (1 - 30).

    Knobs:
        business_time: include business time (`datetime.timedelta`).
        periods: include working days (1 - 10) and calendar days (1 - 30).
    """
    options: list[st.SearchStrategy[Term]] = []
    if business_time:
        options.append(st.integers(1, 72 * 60).map(lambda m: dt.timedelta(minutes=m)))
    if periods:
        options.append(st.integers(1, 10).map(WorkingDays))
        options.append(st.integers(1, 30).map(Days))
    return st.one_of(options)


@st.composite
def contracts(
    draw: st.DrawFn,
    *,
    max_levels: int = 3,
    regions: bool = True,
    escalation: bool = True,
    validity: bool | None = None,
    warranty: bool | None = None,
    availability: bool | None = None,
    penalties: bool | None = None,
    amendments: bool | None = None,
    warnings: bool | None = None,
    region_calendars: bool | None = None,
    updates: bool | None = None,
) -> Contract:
    """Contracts such as people sign: stricter promises for more severe faults.

    One to ``max_levels`` fault levels P1, P2… (rank 1 the most severe), each with one to five
    of the metrics response, on_site, restore, resolution and report, over one or two preset
    calendars (5×8, 7×18, 7×24) in one zone. Each metric is counted the same way at every level
    (business time, working days or calendar days) and its term never grows with severity: a
    P1 response is never looser than a P3 response, in every region. Where the term is business
    time, a more severe level's calendar covers at least as much (7×24 ⊇ 7×18 ⊇ 5×8); terms
    counted in days use one calendar for the metric at every level.

    Knobs:
        max_levels: the most fault levels (1 or more; default 3).
        regions: whether the contract names the regions 北京 and 上海 (`regions`) and a metric may
            carry a per-region override for them, ordered by
            severity like the term itself.
        escalation: whether levels may carry escalation steps (to "engineer" after 15 min - 10 h; with
            ``warnings``, to "manager" some minutes before a metric's due).
        validity: the contract's term (``valid_from``/``valid_until``, one to three years from a
            day in mid-2023 to mid-2026): ``True`` always, ``False`` never, ``None`` (default) sometimes.
        warranty: a warranty (1 - 5 years or 6 - 60 months from a date or from acceptance, sometimes
            extended by 1 - 12 months): ``True`` always, ``False`` never, ``None`` (default) sometimes.
        availability: availability targets for one or two services (``[availability.NAME]``: a
            target of 95 - 99.99 %, a period, one of the contract's calendars, planned outages
            sometimes excluded, up to three credit bands from the target down, sometimes a fee):
            ``True`` always, ``False`` never, ``None`` (default) sometimes.
        penalties: penalties on some targets (a fixed sum per breach and/or an amount per started,
            whole or pro rata unit of 30 min - 4 h, sometimes a cap) and ``[penalties]`` (CNY, USD
            or JPY, sometimes a monthly fee and a cap of 5 - 20 % of it): ``True`` always, ``False``
            never, ``None`` (default) sometimes.
        amendments: an amendment from a day in 2026 changing one metric's terms at every level
            alike (``servicelevel._drawn``): ``True`` always, ``False`` never, ``None`` sometimes.
        warnings: warnings before the due (issue #29 §2) beside the contract's shares of the budget:
            a "before" point on the contract, a target's own list, an escalation step counted back
            from a metric's due — each shorter than the business-time budgets it applies to:
            ``True`` always, ``False`` never, ``None`` (default) sometimes.
        region_calendars: whether the regions' overrides count on a calendar of their own (``site``,
            a preset in a zone drawn apart, at every level: severity still orders the dues), as
            Ürümqi's site on Xinjiang time: ``True`` always (with ``regions``), ``False`` never,
        updates: an update every 30 min - 8 h on some levels (``update``, from the response where
            the level promises one, else from the report): ``True`` always, ``False`` never,
            ``None`` (default) sometimes.
    """
    if max_levels < 1:
        raise ValueError(f"max_levels: expected at least 1, got {max_levels!r}")
    names = draw(
        st.lists(st.sampled_from(["hotline", "desk", "support"]), min_size=1, max_size=2, unique=True)
    )
    tz = draw(st.sampled_from(_ZONES))
    presets = {name: draw(st.sampled_from(_PRESETS)) for name in names}
    cals = {name: BusinessCalendar.preset(p, tz=tz, country=_COUNTRIES[tz]) for name, p in presets.items()}
    widest = sorted(names, key=lambda name: _PRESETS.index(presets[name]))
    own = regions and (region_calendars or (region_calendars is None and draw(st.booleans())))
    if own:  # after the others: the first calendar stays the contract's home
        zone = draw(st.sampled_from(_ZONES))
        cals["site"] = BusinessCalendar.preset(
            draw(st.sampled_from(_PRESETS)), tz=zone, country=_COUNTRIES[zone]
        )
    n = draw(st.integers(1, max_levels))
    chosen = [
        draw(st.lists(st.sampled_from(_METRICS), min_size=1, max_size=len(_METRICS), unique=True))
        for _ in range(n)
    ]
    targets: list[dict[str, Target]] = [{} for _ in range(n)]
    for metric in _METRICS:
        ranks = [i for i in range(n) if metric in chosen[i]]
        if not ranks:
            continue
        kind = draw(st.sampled_from(_KINDS[metric]))
        within = draw(_ladder(kind, len(ranks)))
        where = draw(st.lists(st.sampled_from(["北京", "上海"]), max_size=1 if regions else 0, unique=True))
        overrides = {region: draw(_ladder(kind, len(ranks))) for region in where}
        if isinstance(within[0], dt.timedelta):  # wider coverage for the more severe levels
            picks = st.lists(st.integers(0, len(widest) - 1), min_size=len(ranks), max_size=len(ranks))
            on = [widest[i] for i in sorted(draw(picks))]
        else:
            on = [draw(st.sampled_from(names))] * len(ranks)
        for j, i in enumerate(ranks):
            targets[i][metric] = Target(
                within=within[j],
                calendar=on[j],
                regions={
                    r: {"within": ladder[j], "calendar": "site"} if own else ladder[j]
                    for r, ladder in overrides.items()
                },
            )
    levels = [
        FaultLevel(key=f"P{i + 1}", rank=i + 1, name=_LEVEL_NAMES.get(i + 1, f"level {i + 1}"), targets=t)
        for i, t in enumerate(targets)
    ]
    if updates or (updates is None and draw(st.booleans())):  # 每N小时通报进展 on some levels
        levels = [
            attrs.evolve(lv, update=UpdateTarget(
                every=dt.timedelta(minutes=30 * draw(st.integers(1, 16))),
                calendar=draw(st.sampled_from(names)),
                starts="responded" if "response" in lv.targets else "reported",
            )) if (updates and i == 0) or draw(st.booleans()) else lv  # True: the first level at least
            for i, lv in enumerate(levels)
        ]  # fmt: skip
    steps = [
        Escalation(level=lv.key, after=dt.timedelta(minutes=m), to="engineer", calendar=names[0])
        for lv in levels
        for m in draw(st.lists(st.integers(15, 600), max_size=2 if escalation else 0, unique=True))
    ]
    valid_from = valid_until = None
    if validity or (validity is None and draw(st.booleans())):
        first = draw(st.dates(dt.date(2023, 7, 1), dt.date(2026, 6, 30)))
        valid_from = first.replace(day=min(first.day, 28))  # a day every year has
        valid_until = valid_from.replace(year=valid_from.year + draw(st.integers(1, 3))) - dt.timedelta(
            days=1
        )
    promised = None
    if warranty or (warranty is None and draw(st.booleans())):
        promised = draw(_warranties(cals))
    served = {}
    if availability or (availability is None and draw(st.booleans())):
        served = draw(services(cals))
    terms = None
    if penalties or (penalties is None and draw(st.booleans())):
        terms = draw(money_terms())
        levels = [
            attrs.evolve(
                lv,
                targets={m: attrs.evolve(t, penalty=draw(penalty_rules())) for m, t in lv.targets.items()},
            )
            for lv in levels
        ]
        if terms.currency == "JPY":  # the services' fees in whole yen
            served = {
                k: attrs.evolve(a, fee=None if a.fee is None else a.fee.to_integral_value())
                for k, a in served.items()
            }
    shares = draw(st.sampled_from([(), (0.5,), (0.5, 0.75)]))
    if warnings or (warnings is None and draw(st.booleans())):
        levels, shares, steps = draw(before_warnings(levels, shares, steps, escalation))
    amended: list[Amendment] = []
    if amendments or (amendments is None and draw(st.booleans())):  # after the warnings: it keeps them
        amended = [amendment(draw, levels, valid_from, valid_until)]
    return Contract(
        amendments=amended,
        id=draw(st.from_regex(r"[A-Z]{2}-20[0-9]{2}-[0-9]{3}", fullmatch=True)),
        valid_from=valid_from,
        valid_until=valid_until,
        warnings=shares,
        calendars=cals,
        levels=levels,
        escalation=steps,
        reclassify=draw(st.sampled_from(["original", "restart"])),
        reopen=draw(st.sampled_from(["resume", "restart"])),
        reopen_closed=draw(st.booleans()),
        warranty=promised,
        regions=("北京", "上海") if regions else (),  # the sites the overrides may name
        availability_targets=served,
        penalty_terms=terms,
    )


@st.composite
def incidents(draw: st.DrawFn, contract: Contract, *, max_events: int = 8) -> Incident:
    """Incidents under ``contract``, at distinct instants: responses, visits, pauses (some left
    open, some ended by the resolution), reclassifications, restorations, resolutions, reports,
    updates to the customer, reopenings and closings — every history one the contract accepts.

    Reported within the contract's term (``valid_from`` to ``valid_until``, in its first
    calendar's zone) and from 2024 to September 2026, in one of its regions or none; events
    1 minute to 10 hours apart.

    Knobs:
        contract: the contract the incidents are under (``st.from_type(Incident)`` draws one
            from `contracts` first).
        max_events: the most steps drawn (each may record an event, or two for a pause).
    """
    zone = contract.home_calendar.tz
    first, last = int(_FIRST.timestamp()) * 1_000_000, int(_LAST.timestamp()) * 1_000_000
    if contract.valid_from is not None:
        opens = pendulum.datetime(*contract.valid_from.timetuple()[:3], tz=zone)
        first = max(first, int(opens.timestamp()) * 1_000_000)
    if contract.valid_until is not None:
        ends = pendulum.datetime(*contract.valid_until.timetuple()[:3], tz=zone).add(days=1)
        last = min(last, int(ends.timestamp()) * 1_000_000 - 1)
    if first > last:
        raise ValueError(
            f"contract: its term {contract.valid_from} to {contract.valid_until} lies outside "
            "2024-01-01 to 2026-09-30, the years incidents are drawn in"
        )
    reported = draw(_between(zone, first, last))
    inc = Incident.open(
        contract,
        level=draw(st.sampled_from([lv.key for lv in contract.levels])),
        reported_at=reported,
        region=draw(st.sampled_from([None, *contract.known_regions])),
    )
    t = reported
    steps = draw(
        st.lists(
            st.sampled_from(
                ["responded", "arrived", "pause", "hold", "reclassify", "restored", "resolved",
                 "reported", "reopened", "closed", "update"]
            ),
            max_size=max_events,
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
        elif step == "update":  # the customer told how it goes (any number of times)
            inc = inc.updated(t)
        elif step == "reopened" and resolved:
            inc, seen, resolved, closed = inc.reopened(t), set(), False, False
        elif step == "closed" and resolved:
            inc, closed = inc.closed(t), True
        elif step == "reported" and ("restored" in seen or resolved) and "reported_back" not in seen:
            inc = inc.reported_back(t)
            seen.add("reported_back")
        elif step in ("responded", "arrived", "restored", "resolved") and step not in seen:
            if step == "restored" and resolved:
                continue
            inc = getattr(inc, step)(t)
            seen.add(step)
            if step == "resolved":
                resolved, paused = True, False
    return inc
