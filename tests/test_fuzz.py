"""Fuzzing every public entry point: the only exceptions are ServiceLevelErrors, and none is slow.

Arguments are drawn from anything a caller might pass by mistake or on purpose:
None, numbers, text, bytes, dates and datetimes over the whole ``datetime`` range
(naive, in any zone, pendulum, pandas, numpy), durations of any size, containers.
Each call must either answer or raise a `ServiceLevelError`, within a second, on
a fresh calendar and on a warmed one; and the horizon gives the same answer on both.
"""

from __future__ import annotations

import datetime as dt
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import servicelevel as sl
from servicelevel import BusinessCalendar, HolidayDataWarning, ServiceLevelError

SLOW = 1.0  # seconds: the bound for any single call

aware = st.datetimes(timezones=st.timezones())
instants_any = st.one_of(
    st.datetimes(),  # naive
    aware,
    aware.map(lambda t: pendulum.instance(t)),
    aware.filter(lambda t: 1700 <= t.year <= 2200).map(pd.Timestamp),
    st.just(pd.NaT),
    st.datetimes(min_value=dt.datetime(1700, 1, 1), max_value=dt.datetime(2200, 1, 1)).map(np.datetime64),
    st.datetimes().map(lambda t: t.isoformat()),
    aware.map(lambda t: t.isoformat()),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.binary(max_size=8),
    st.dates(),
    st.timedeltas(),
    instants_any,
    st.sampled_from(["5x8", "7x24", "09:00-17:00", "2026-02-14", "1个工作日", "CN", "mon-fri", "closed"]),
)
anything = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.tuples(scalars, scalars),
    st.lists(st.tuples(scalars, scalars), max_size=3),
    st.dictionaries(st.text(max_size=8), scalars, max_size=3),
    st.dictionaries(st.dates(), scalars, max_size=2),
)
durations = st.one_of(st.timedeltas(), anything)

CALENDAR_SPECS: list[Callable[[], BusinessCalendar]] = [
    lambda: BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN"),
    lambda: BusinessCalendar.preset("7x24", tz="Europe/Berlin"),
    lambda: BusinessCalendar(tz="America/New_York", week={"fri": "22:00-06:00", "sat": "10:00-14:00"}),
    lambda: BusinessCalendar(tz="Australia/Lord_Howe", week={"mon-sun": "01:00-03:00"}),
    lambda: BusinessCalendar(tz="UTC", week={"mon-sun": None}, special_hours={"2026-03-02": "09:00-10:00"}),
    lambda: BusinessCalendar(
        tz="Asia/Shanghai", week={"mon-sun": None}, country="CN", makeup_hours="09:00-17:00"
    ),
]
WARM_AT = ["2026-02-13T10:00", "1950-06-01T10:00", "2400-01-01T10:00"]

METHODS: dict[str, tuple[st.SearchStrategy[Any], ...]] = {
    "is_open": (anything,),
    "next_open": (anything,),
    "add": (anything, durations),
    "elapsed": (anything, anything),
    "windows": (anything, anything),
    "due": (anything, anything),
    "period_end": (anything, anything),
    "day": (anything,),
    "days": (anything, anything),
    "is_working_day": (anything,),
    "add_working_days": (anything, st.one_of(st.integers(), anything)),
    "working_days": (anything, anything),
}


def _call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, object]:
    """Outcome of a call: ('ok', value) or ('error', error class); anything else fails the test."""
    started = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HolidayDataWarning)
            value = fn(*args, **kwargs)
            if hasattr(value, "__next__"):  # days() and windows() are lazy: take a few
                value = [x for _, x in zip(range(3), value, strict=False)]
        outcome: tuple[str, object] = ("ok", value)
    except ServiceLevelError as e:
        outcome = ("error", type(e))
    took = time.perf_counter() - started
    assert took < SLOW, f"{fn.__name__}{args!r} took {took:.2f} s"
    return outcome


@pytest.mark.parametrize("method", sorted(METHODS))
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_calendar_methods(method: str, data: st.DataObject) -> None:
    spec = data.draw(st.sampled_from(range(len(CALENDAR_SPECS))), label="calendar")
    args = [data.draw(s, label=f"arg{i}") for i, s in enumerate(METHODS[method])]
    fresh = CALENDAR_SPECS[spec]()
    warmed = CALENDAR_SPECS[spec]()
    _call(warmed.is_open, data.draw(st.sampled_from(WARM_AT), label="warm"))
    a = _call(getattr(fresh, method), *args)
    b = _call(getattr(warmed, method), *args)
    assert a == b  # same answer, or the same error, whatever was computed before


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["add", "elapsed"]), anything, st.one_of(st.just(()), anything))
def test_pauses(method: str, t: object, exclude: object) -> None:
    cal = CALENDAR_SPECS[0]()
    other: object = dt.timedelta(hours=3) if method == "add" else "2026-03-04T10:00"
    _call(getattr(cal, method), t, other, exclude=exclude)


@settings(max_examples=150, deadline=None)
@given(
    tz=st.one_of(st.sampled_from(["Asia/Shanghai", "Europe/Berlin", "UTC"]), anything),
    week=st.one_of(st.just({"mon-fri": "09:00-17:00"}), anything),
    country=st.one_of(st.none(), st.sampled_from(["CN", "DE", "US", "MON", "China"]), anything),
    subdiv=st.one_of(st.none(), st.just("BY"), anything),
    closed=st.one_of(st.just(()), anything),
    special_hours=st.one_of(st.none(), anything),
    observe_holidays=st.one_of(st.booleans(), anything),
    makeup_hours=st.one_of(st.none(), st.just("09:00-12:00"), anything),
)
def test_constructor(**kwargs: Any) -> None:
    outcome = _call(BusinessCalendar, **kwargs)
    if outcome[0] == "ok":
        cal = outcome[1]
        assert isinstance(cal, BusinessCalendar)
        _call(cal.add, "2026-03-02T10:00", dt.timedelta(hours=5))
        _call(cal.elapsed, "2026-03-02T10:00", "2026-03-09T10:00")


@settings(max_examples=150, deadline=None)
@given(
    name=st.one_of(st.sampled_from(["5x8", "7×24", "365天×8小时", "5×8 08:30-17:30"]), anything),
    tz=st.one_of(st.just("Asia/Shanghai"), anything),
    country=st.one_of(st.none(), st.just("CN"), anything),
    hours=st.one_of(st.none(), st.just("08:30-12:00,13:30-17:30"), anything),
)
def test_named_constructors(name: object, tz: object, country: object, hours: object) -> None:
    _call(BusinessCalendar.preset, name, tz=tz, country=country, hours=hours)
    _call(BusinessCalendar.parse, name, tz=tz, country=country)


@settings(max_examples=300, deadline=None)
@given(anything, st.one_of(st.sampled_from(["en", "zh"]), anything))
def test_terms(value: object, lang: object) -> None:
    _call(sl.parse_term, value)
    _call(sl.format_term, value)
    _call(sl.describe_term, value, lang)
    for cls in (sl.WorkingDays, sl.Days, sl.Months, sl.Years):
        _call(cls, value)
    _call(sl.Hours.parse, value)


@settings(max_examples=60, deadline=None)
@given(
    start=st.datetimes(
        min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2300, 1, 1), timezones=st.just(dt.UTC)
    ),
    years=st.floats(90, 110),
    warm=st.datetimes(
        min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2500, 1, 1), timezones=st.just(dt.UTC)
    ),
    spec=st.sampled_from([1, 3]),
)
def test_horizon_same_fresh_and_warmed(
    start: dt.datetime, years: float, warm: dt.datetime, spec: int
) -> None:
    """Near the 100-year horizon, a fresh calendar and one warmed anywhere give the same answer."""
    span = dt.timedelta(days=365.25 * years)
    fresh, warmed = CALENDAR_SPECS[spec](), CALENDAR_SPECS[spec]()
    _call(warmed.is_open, warm)
    _call(warmed.elapsed, warm, warm + dt.timedelta(days=3000))
    for method, args in (
        ("elapsed", (start, start + span)),
        ("add", (start, span / 5)),
        ("add", (start, -span / 5)),
        ("working_days", (start.date(), (start + span).date())),
        ("add_working_days", (start.date(), int(years * 250))),
    ):
        assert _call(getattr(fresh, method), *args) == _call(getattr(warmed, method), *args), method


# ---------------------------------------------------------------------------- the SLA layer
from servicelevel import Contract, Incident  # noqa: E402

EXAMPLE = Contract.from_toml(
    (__import__("pathlib").Path(__file__).resolve().parent.parent / "examples" / "contract.toml").read_text(
        encoding="utf-8"
    )
)
toml_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20), st.dates(),
    st.lists(st.text(max_size=5), max_size=2), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), anything))
def test_contract_text(text: object) -> None:
    _call(Contract.from_toml, text)


@settings(max_examples=200, deadline=None)
@given(
    path=st.sampled_from(
        [
            ("contract", "id"), ("contract", "valid_from"), ("contract", "warnings"), ("contract", "reclassify"),
            ("calendars", "hotline", "coverage"), ("calendars", "hotline", "tz"), ("calendars", "desk", "changes"),
            ("calendars", "support", "closed"), ("calendars", "support", "special_hours"),
            ("levels", 0, "key"), ("levels", 0, "response"), ("levels", 0, "on_site", "regions"),
            ("levels", 1, "resolution", "within"), ("levels", 1, "resolution", "rule"), ("escalation", 0, "after"),
        ]
    ),
    value=toml_values,
)  # fmt: skip
def test_contract_fields(path: tuple[Any, ...], value: object) -> None:
    """One field of the example file replaced by any TOML value: a contract or a ContractError."""
    import tomllib

    import tomli_w

    text = (
        __import__("pathlib").Path(__file__).resolve().parent.parent / "examples" / "contract.toml"
    ).read_text(encoding="utf-8")
    doc = tomllib.loads(text)
    node: Any = doc
    for key in path[:-1]:
        node = node[key]
    if value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value
    _call(Contract.from_toml, tomli_w.dumps(doc))


@settings(max_examples=150, deadline=None)
@given(
    level=st.one_of(st.sampled_from(["P1", "P2", "P3"]), anything),
    at=anything,
    region=st.one_of(st.none(), anything),
)
def test_deadlines_and_incidents(level: object, at: object, region: object) -> None:
    _call(EXAMPLE.deadlines, level, reported_at=at, region=region)
    outcome = _call(Incident.open, EXAMPLE, level=level, reported_at=at, region=region)
    if outcome[0] == "ok":
        inc = outcome[1]
        assert isinstance(inc, Incident)
        _call(inc.status, at)
        _call(inc.paused, at, reason="x")
        _call(inc.reclassified, at, level)


@settings(max_examples=150, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["responded", "arrived", "restored", "resolved", "reported", "paused", "resumed", "reclassified", "record"]),
            st.integers(-60, 3000),
            st.one_of(st.sampled_from(["P1", "P2", "P3", "P9", "called_back"]), anything),
        ),
        max_size=8,
    ),
    at=st.integers(-60, 6000),
)  # fmt: skip
def test_event_sequences(steps: list[tuple[str, int, object]], at: int) -> None:
    """Any sequence of events: each step applies or raises an IncidentError; questions always answer."""
    inc = Incident.open(EXAMPLE, level="P2", reported_at="2026-03-02T10:00")
    base = inc.reported_at
    for kind, minutes, extra in steps:
        t = base + dt.timedelta(minutes=minutes)
        if kind == "reclassified":
            outcome = _call(inc.reclassified, t, extra)
        elif kind == "record":
            outcome = _call(inc.record, extra, t)
        elif kind == "paused":
            outcome = _call(inc.paused, t, reason="waiting")
        else:
            outcome = _call(getattr(inc, kind), t)
        if outcome[0] == "ok":
            assert isinstance(outcome[1], Incident)
            inc = outcome[1]
    when = base + dt.timedelta(minutes=at)
    for question in (inc.status, inc.breaches, inc.warnings, inc.escalations, inc.deadlines):
        assert _call(question, when)[0] == "ok" or when < base


@settings(max_examples=80, deadline=None)
@given(cal=st.from_type(BusinessCalendar), method=st.sampled_from(sorted(METHODS)), data=st.data())
def test_registered_calendars_any_arguments(cal: BusinessCalendar, method: str, data: st.DataObject) -> None:
    """Calendars drawn through st.from_type (the entry point's strategy), any arguments."""
    args = [data.draw(s, label=f"arg{i}") for i, s in enumerate(METHODS[method])]
    _call(getattr(cal, method), *args)


# ---------------------------------------------------------------------------- the warranty layer
from servicelevel.warranty import ChargeBand, Claim, Schedule, Warranty  # noqa: E402

_PLAIN = BusinessCalendar.preset("5x8", tz="Asia/Shanghai")
_W = Warranty(
    starts="2023-06-15",
    term="3年",
    calendar=_PLAIN,
    components={"disk": "5年"},
    consumables=["toner"],
    consumer=True,
)


@settings(max_examples=200, deadline=None)
@given(
    on=anything,
    component=st.one_of(st.none(), st.sampled_from(["disk", "toner"]), anything),
    causes=anything,
    events=anything,
)
def test_claims(on: object, component: object, causes: object, events: object) -> None:
    outcome = _call(Claim, on=on, component=component, causes=causes, events=events)
    if outcome[0] == "ok":
        _call(_W.assess, outcome[1])
    _call(_W.is_valid, on)
    _call(_W.remedies, on, repaired_on=events if not isinstance(events, list) else None)


@settings(max_examples=150, deadline=None)
@given(
    starts=anything,
    term=st.one_of(st.sampled_from(["3年", "6个月"]), anything),
    extension=st.one_of(st.none(), anything),
)
def test_warranties(starts: object, term: object, extension: object) -> None:
    outcome = _call(Warranty, starts=starts, term=term, extension=extension, calendar=_PLAIN)
    if outcome[0] == "ok":
        w = outcome[1]
        _call(lambda: w.last_day)  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None)
@given(within=anything, cap=st.one_of(st.just("2%"), anything), on=anything, total=anything)
def test_charges(within: object, cap: object, on: object, total: object) -> None:
    _call(ChargeBand, within=within, cap=cap)
    bands = (ChargeBand(within="3年", cap="2%"),)
    from servicelevel.warranty import charge_cap

    _call(charge_cap, _W, bands, on, total)


@settings(max_examples=150, deadline=None)
@given(
    starts=st.one_of(st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)), anything),
    phases=st.one_of(
        st.just([{"every": "1个月"}]),
        st.lists(
            st.dictionaries(st.sampled_from(["every", "for", "times"]), scalars, max_size=3), max_size=3
        ),
        anything,
    ),
    start=anything,
    until=anything,
)
def test_schedules(starts: object, phases: object, start: object, until: object) -> None:
    outcome = _call(Schedule, name="s", starts=starts, phases=phases)
    if outcome[0] == "ok":
        _call(outcome[1].occurrences, start, until)  # type: ignore[attr-defined]
