"""Fuzzing every public entry point: the only exceptions are ServiceLevelErrors, and none is slow.

Arguments are drawn from anything a caller might pass by mistake or on purpose:
None, numbers, text, bytes, dates and datetimes over the whole ``datetime`` range
(naive, in any zone, pendulum, pandas, numpy), durations of any size, containers.
Each call must either answer or raise a `ServiceLevelError`, within a second, on
a fresh calendar and on a warmed one; and the horizon gives the same answer on both.

The gate spans every package (calendar, terms, sla, io, warranty, views and the command line) with
one set of strategies and one bounded call, so it stays one file; its classes follow the packages.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import io
import json
import os
import pathlib
import resource
import sys
import tempfile
import time
import tomllib
import warnings
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
import pendulum
import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import servicelevel as sl
from servicelevel import (
    BusinessCalendar,
    Contract,
    HolidayDataWarning,
    Incident,
    ServiceLevelError,
    load_contract,
)
from servicelevel.cli import main as cli_main
from servicelevel.warranty import ChargeBand, Claim, Schedule, Warranty
from tests.conftest import CONTRACT, EXAMPLE_TEXT, PLAIN_5X8

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
_Y2026 = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
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


_SHARED = [make() for make in CALENDAR_SPECS]  # warmed across examples: one century index each


class TestCalendars:
    @pytest.mark.parametrize("method", sorted(METHODS))
    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(data=st.data())
    def test_calendar_methods(self, method: str, data: st.DataObject) -> None:
        """Each calendar method answers or raises a ServiceLevelError, the same on a fresh and a warmed calendar."""
        spec = data.draw(st.sampled_from(range(len(CALENDAR_SPECS))), label="calendar")
        args = [data.draw(s, label=f"arg{i}") for i, s in enumerate(METHODS[method])]
        fresh = CALENDAR_SPECS[spec]()
        warmed = CALENDAR_SPECS[spec]()
        _call(warmed.is_open, data.draw(st.sampled_from(WARM_AT), label="warm"))
        a = _call(getattr(fresh, method), *args)
        b = _call(getattr(warmed, method), *args)
        assert a == b  # same answer, or the same error, whatever was computed before

    @settings(max_examples=60, deadline=None)
    @given(st.sampled_from(["add", "elapsed"]), anything, st.one_of(st.just(()), anything))
    def test_pauses(self, method: str, t: object, exclude: object) -> None:
        """add and elapsed with any pauses answer or raise a ServiceLevelError."""
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
    def test_constructor(self, **kwargs: Any) -> None:
        """The constructor with any arguments gives a calendar that computes, or a ServiceLevelError."""
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
    def test_named_constructors(self, name: object, tz: object, country: object, hours: object) -> None:
        """preset and parse with any arguments answer or raise a ServiceLevelError."""
        _call(BusinessCalendar.preset, name, tz=tz, country=country, hours=hours)
        _call(BusinessCalendar.parse, name, tz=tz, country=country)

    # Each example builds a century twice (~0.2 s): the cases that matter are written out — either
    # calendar, a span just inside, at and just past the horizon, warmed before, inside and after it —
    # and a few more are drawn.
    @settings(max_examples=6, deadline=None)
    @example(start=_Y2026, years=99.9, warm=_Y2026 + dt.timedelta(days=50 * 365), spec=1)
    @example(start=_Y2026, years=100.0, warm=dt.datetime(1850, 1, 1, tzinfo=dt.UTC), spec=1)
    @example(start=_Y2026, years=100.1, warm=dt.datetime(2450, 1, 1, tzinfo=dt.UTC), spec=1)
    @example(start=_Y2026, years=99.9, warm=dt.datetime(2450, 1, 1, tzinfo=dt.UTC), spec=3)
    @example(start=_Y2026, years=100.1, warm=_Y2026 + dt.timedelta(days=50 * 365), spec=3)
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
        self, start: dt.datetime, years: float, warm: dt.datetime, spec: int
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

    @settings(max_examples=60, deadline=None)
    @given(cal=st.from_type(BusinessCalendar), method=st.sampled_from(sorted(METHODS)), data=st.data())
    def test_registered_calendars_any_arguments(
        self, cal: BusinessCalendar, method: str, data: st.DataObject
    ) -> None:
        """Calendars drawn through st.from_type (the entry point's strategy) answer any arguments or raise a ServiceLevelError."""
        args = [data.draw(s, label=f"arg{i}") for i, s in enumerate(METHODS[method])]
        _call(getattr(cal, method), *args)

    @settings(max_examples=60, deadline=None)
    @given(
        term=st.one_of(
            st.integers(36500, 36530).map(lambda n: f"{n}天"),
            st.integers(1198, 1201).map(lambda n: f"{n}个月"),
            st.integers(26000, 26200).map(lambda n: f"{n}个工作日"),
            st.sampled_from(["99年", "100年", "101年"]),
        ),
        spec=st.sampled_from(range(len(CALENDAR_SPECS))),
        start=st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2030, 1, 1), timezones=st.just(dt.UTC)),
    )
    def test_what_due_answers_can_be_measured(self, term: str, spec: int, start: dt.datetime) -> None:
        """A due that due answers near the horizon can be measured by elapsed, windows and days."""
        # One rule at the horizon: a due that `due` (and so `Contract.deadlines`) answers can be measured
        # from its start by `elapsed` and `windows`, which `Deadline.explain`, the views, `Incident.status`
        # and `evaluate` use (a century's explanation itself takes a second: tests/sla/test_deadline.py).
        cal = _SHARED[spec]
        answered = _call(cal.due, start, term)
        if answered[0] == "ok":
            due = answered[1]
            assert _call(cal.elapsed, start, due)[0] == "ok"
            assert _call(cal.windows, start, due)[0] == "ok"
            assert _call(cal.days, start.date(), due.date())[0] == "ok"  # type: ignore[attr-defined]


class TestTerms:
    @settings(max_examples=300, deadline=None)
    @given(anything, st.one_of(st.sampled_from(["en", "zh"]), anything))
    def test_terms(self, value: object, lang: object) -> None:
        """Reading, writing and building terms and hours from anything answer or raise a ServiceLevelError."""
        _call(sl.parse_term, value)
        _call(sl.format_term, value)
        _call(sl.describe_term, value, lang)
        for cls in (sl.WorkingDays, sl.Days, sl.Months, sl.Years):
            _call(cls, value)
        _call(sl.Hours.parse, value)


toml_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20), st.dates(),
    st.lists(st.text(max_size=5), max_size=2), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)  # fmt: skip


# ---------------------------------------------------------------------------- issue 17 §3, each class kept covered
columns = st.one_of(
    st.lists(st.sampled_from(["P1", "P2", "2026-03-02T10:00", "北京"]), min_size=1, max_size=3).map(
        pd.Series
    ),
    st.lists(st.sampled_from(["P1", "2026-03-02T10:00"]), min_size=1, max_size=3).map(np.array),
    st.just(pd.Series(pd.to_datetime(["2026-03-02T10:00+08:00"]))),
    st.just(pd.Index(["P1"])),
)
one_or_column = st.one_of(st.sampled_from(["P1", "P3", "2026-03-02T10:00"]), columns, anything)


_TICKETS = pd.DataFrame(
    {
        "level": ["P1", "P3", None, "P3"],
        "region": ["北京", None, "上海", "上海"],
        "reported_at": ["2026-03-02T10:00"] * 4,
        "responded_at": ["2026-03-02T10:10", None, "2026-03-02T11:00", "2026-03-02T10:20"],
    }
)
_FRAME = CONTRACT.evaluate(_TICKETS.dropna(subset=["level"]), at="2026-03-02T12:00").assign(
    month=["2026-03", None, "2026-03"]
)


class TestContracts:
    @settings(max_examples=200, deadline=None)
    @given(st.one_of(st.text(max_size=200), anything))
    def test_contract_text(self, text: object) -> None:
        """Any text read as a contract gives a contract or a ServiceLevelError."""
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
    def test_contract_fields(self, path: tuple[Any, ...], value: object) -> None:
        """One field of the example file replaced by any TOML value gives a contract or a ServiceLevelError."""
        doc = tomllib.loads(EXAMPLE_TEXT)
        node: Any = doc
        for key in path[:-1]:
            node = node[key]
        if value is None:
            node.pop(path[-1], None)
        else:
            node[path[-1]] = value
        _call(Contract.from_toml, tomli_w.dumps(doc))

    @settings(max_examples=100, deadline=None)
    @given(
        id_=st.one_of(st.just("X-1"), anything),
        customer=anything,
        vendor=anything,
        name=anything,
        rank=anything,
    )
    def test_contract_values_written_back(
        self, id_: object, customer: object, vendor: object, name: object, rank: object
    ) -> None:
        """Whatever a Contract accepts, to_toml writes and from_toml reads back the same."""
        cal = CALENDAR_SPECS[1]()
        level = _call(
            sl.FaultLevel,
            key="P1",
            name=name,
            rank=rank,
            targets={"response": sl.Target(within="30m", calendar="c")},
        )
        if level[0] != "ok":
            return
        made = _call(
            Contract, id=id_, customer=customer, vendor=vendor, calendars={"c": cal}, levels=[level[1]]
        )
        if made[0] == "ok":
            contract = made[1]
            assert isinstance(contract, Contract)
            written = _call(contract.to_toml)
            assert written[0] == "ok", written
            assert _call(Contract.from_toml, written[1]) == ("ok", contract)

    @settings(max_examples=100, deadline=None)
    @given(level=one_or_column, at=one_or_column, region=st.one_of(st.none(), one_or_column))
    def test_a_column_where_one_value_is_expected(self, level: object, at: object, region: object) -> None:
        """A Series or array given for one level, instant or region is a ServiceLevelError, never pandas' "truth value is ambiguous" (#17)."""
        _call(CONTRACT.deadlines, level, reported_at=at, region=region)
        _call(Incident.open, CONTRACT, level=level, reported_at=at, region=region)
        for lookup in (
            CONTRACT.level,
            CONTRACT.metric,
            CONTRACT.calendar,
            CONTRACT.schedule,
            CONTRACT.instant,
        ):
            _call(lookup, level)
        _call(Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00").status, at)

    @settings(max_examples=100, deadline=None)
    @given(
        by=st.one_of(
            st.sampled_from(["level", "region", "month", ["level"], ["region", "level", "region"]]), anything
        ),
        metric=st.one_of(st.none(), st.sampled_from(["response", "resolution"]), anything),
    )
    def test_compliance_and_its_chart(self, by: object, metric: object) -> None:
        """compliance and its chart answer any grouping or raise a ServiceLevelError, counting every ticket."""
        # compliance(frame, by=anything) and ComplianceChart(table, by, metric): answers or
        # ServiceLevelErrors; every ticket is counted, a missing group under "(missing)".
        from servicelevel.views import ComplianceChart

        table = _call(CONTRACT.compliance, _FRAME, by)
        if table[0] == "ok":
            t = table[1]
            assert isinstance(t, pd.DataFrame)
            for m in ("response", "resolution"):
                assert (
                    t.loc[t["metric"] == m, "tickets"].sum()
                    == (_FRAME[f"{m}_state"] != "not_applicable").sum()
                )
            if isinstance(by, str):
                chart = _call(ComplianceChart, t, by=by, metric=metric)
                if chart[0] == "ok":
                    _call(chart[1]._repr_html_)  # type: ignore[attr-defined]
        _call(ComplianceChart, by, by=metric)


class TestIncidents:
    @settings(max_examples=150, deadline=None)
    @given(
        level=st.one_of(st.sampled_from(["P1", "P2", "P3"]), anything),
        at=anything,
        region=st.one_of(st.none(), anything),
    )
    def test_deadlines_and_incidents(self, level: object, at: object, region: object) -> None:
        """Deadlines and incidents from any level, instant and region answer or raise a ServiceLevelError."""
        _call(CONTRACT.deadlines, level, reported_at=at, region=region)
        outcome = _call(Incident.open, CONTRACT, level=level, reported_at=at, region=region)
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
                st.sampled_from(["responded", "arrived", "restored", "resolved", "reported_back", "paused", "resumed", "reclassified", "record"]),
                st.integers(-60, 3000),
                st.one_of(st.sampled_from(["P1", "P2", "P3", "P9", "called_back"]), anything),
            ),
            max_size=8,
        ),
        at=st.integers(-60, 6000),
    )  # fmt: skip
    def test_event_sequences(self, steps: list[tuple[str, int, object]], at: int) -> None:
        """Any sequence of events applies or raises an IncidentError step by step, and questions always answer."""
        inc = Incident.open(CONTRACT, level="P2", reported_at="2026-03-02T10:00")
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


_W = Warranty(
    starts="2023-06-15",
    term="3年",
    calendar=PLAIN_5X8,
    components={"disk": "5年"},
    consumables=["toner"],
    consumer=True,
)


class TestWarranty:
    @settings(max_examples=200, deadline=None)
    @given(
        on=anything,
        component=st.one_of(st.none(), st.sampled_from(["disk", "toner"]), anything),
        causes=anything,
        events=anything,
    )
    def test_claims(self, on: object, component: object, causes: object, events: object) -> None:
        """Claims from anything are assessed or refused with a ServiceLevelError."""
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
    def test_warranties(self, starts: object, term: object, extension: object) -> None:
        """Warranties from any start, term and extension give a last day or a ServiceLevelError."""
        outcome = _call(Warranty, starts=starts, term=term, extension=extension, calendar=PLAIN_5X8)
        if outcome[0] == "ok":
            w = outcome[1]
            _call(lambda: w.last_day)  # type: ignore[attr-defined]

    @settings(max_examples=150, deadline=None)
    @given(within=anything, cap=st.one_of(st.just("2%"), anything), on=anything, total=anything)
    def test_charges(self, within: object, cap: object, on: object, total: object) -> None:
        """Charge bands and caps from anything answer or raise a ServiceLevelError."""
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
    def test_schedules(self, starts: object, phases: object, start: object, until: object) -> None:
        """Schedules from any phases give occurrences in any window or a ServiceLevelError."""
        outcome = _call(Schedule, name="s", starts=starts, phases=phases)
        if outcome[0] == "ok":
            _call(outcome[1].occurrences, start, until)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- contract files, end to end
# Issue 17 §5, a standing gate: the example contract mutated (a key deleted, a value of another type,
# a huge number, control characters, a path to a shared file) is read by `Contract.from_toml` and
# `load_contract`, written back by `to_toml`, and run through the command line. Only ServiceLevelErrors,
# within bounded time and memory; no control character reaches the terminal; no file outside the
# contract's folder is opened (the library's own data — time zones, packages — aside).
_EXAMPLE_DOC = tomllib.loads(EXAMPLE_TEXT)
SECRET = "SECRET-outside-the-folder"
EVIL = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e\x00"
# what may reach a terminal: no C0 but newline and tab, no DEL, no C1, no bidirectional overrides
_FORBIDDEN = {*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)} - {
    0x0A,
    0x09,
}
_LIBRARY = tuple(
    str(pathlib.Path(p).resolve())
    for p in {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        "/usr/share/zoneinfo",
        "/usr/lib",
        "/etc/localtime",
    }
)
SLOW_FILE = 2.0  # seconds for reading, writing back or one command on one contract


def _folders() -> tuple[pathlib.Path, pathlib.Path]:
    """A contract's folder with a shared statutory file and a link leading out, beside a secret file."""
    root = pathlib.Path(tempfile.mkdtemp(prefix="sl-fuzz-"))
    folder = root / "contract"
    folder.mkdir()
    (root / "outside.toml").write_text(f'[statutory.CN]\nholidays = {{ 2027-03-01 = "{SECRET}" }}\n')
    (folder / "cn-2027.toml").write_text('[statutory.CN]\nholidays = { 2027-03-01 = "site closed" }\n')
    (folder / "sub").mkdir()
    (folder / "link.toml").symlink_to(root / "outside.toml")
    return root, folder


ROOT_DIR, FOLDER = _folders()
PATHS = [
    "cn-2027.toml", "../outside.toml", "sub/../../outside.toml", "link.toml", str(ROOT_DIR / "outside.toml"),
    "/etc/passwd", "/dev/zero", "sub", "missing.toml", "C:\\Windows\\win.ini", "~/.bashrc", "cn-2027.toml\x00x",
    "", "é/../cn-2027.toml",
]  # fmt: skip
HUGE = [
    10**18, -(10**18), 2**63, -(2**63) - 1, 10**400, 1e308, -1e308, float("inf"), float("-inf"), float("nan"),
    "9" * 40, "99999999999年", "1e309小时", "36526天", "9999999个工作日", "-1天", "0分钟",
]  # fmt: skip


def _nodes(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into the document (tables, arrays, values), so any of them can be mutated."""
    out: list[tuple[Any, ...]] = []
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for key, value in items:
        out.append((*prefix, key))
        out.extend(_nodes(value, (*prefix, key)))
    return out


NODES = _nodes(_EXAMPLE_DOC)
swapped = st.one_of(
    toml_values,
    st.lists(toml_values, max_size=2),
    st.dictionaries(st.text(max_size=5), toml_values, max_size=2),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.times(),
)
mutations = st.lists(
    st.one_of(
        st.tuples(st.just("delete"), st.sampled_from(NODES), st.none()),
        st.tuples(st.just("swap"), st.sampled_from(NODES), swapped),
        st.tuples(st.just("huge"), st.sampled_from(NODES), st.sampled_from(HUGE)),
        st.tuples(
            st.just("control"), st.sampled_from(NODES), st.sampled_from([EVIL, "\r\n\t", "\x85\u2066"])
        ),
        st.tuples(
            st.just("path"), st.just(("contract", "statutory")), st.lists(st.sampled_from(PATHS), max_size=2)
        ),
    ),
    min_size=1,
    max_size=3,
)


def _mutate(doc: Any, mutation: tuple[str, tuple[Any, ...], Any]) -> None:
    kind, path, value = mutation
    node = doc
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return  # an earlier mutation removed or replaced the way there
    last = path[-1]
    if isinstance(node, dict):
        if kind != "path" and last not in node:
            return
    elif not (isinstance(node, list) and isinstance(last, int) and last < len(node)):
        return
    if kind == "delete":
        del node[last]
    elif kind == "control":
        old = node[last]
        node[last] = (old if isinstance(old, str) else "") + value
    else:
        node[last] = value


def _text(mutated: list[tuple[str, tuple[Any, ...], Any]]) -> str:
    import copy

    doc = copy.deepcopy(_EXAMPLE_DOC)
    for m in mutated:
        _mutate(doc, m)
    try:
        return tomli_w.dumps(doc)
    except (TypeError, ValueError):  # e.g. nan keys tomli_w cannot write: keep the mutation as text
        return tomli_w.dumps(_EXAMPLE_DOC) + f"\n# {mutated!r}\n"


@contextlib.contextmanager
def _recording_opens() -> Iterator[list[str]]:
    """Every path opened through open, io.open, os.open and Path.open, resolved."""
    opened: list[str] = []

    def note(file: object) -> None:
        if isinstance(file, str | bytes | os.PathLike):
            raw = os.fsdecode(os.fspath(file))
            opened.append(str(pathlib.Path(raw).resolve()) if raw else raw)

    real_open, real_os_open, real_path_open = builtins.open, os.open, pathlib.Path.open

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        note(file)
        return real_open(file, *args, **kwargs)

    def fake_os_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        note(path)
        return real_os_open(path, *args, **kwargs)

    def fake_path_open(self: pathlib.Path, *args: Any, **kwargs: Any) -> Any:
        note(self)
        return real_path_open(self, *args, **kwargs)

    with (
        mock.patch.object(builtins, "open", fake_open),
        mock.patch.object(io, "open", fake_open),
        mock.patch.object(os, "open", fake_os_open),
        mock.patch.object(pathlib.Path, "open", fake_path_open),
    ):
        yield opened


def _inside(opened: list[str]) -> None:
    folder = str(FOLDER.resolve())
    for path in opened:
        assert path == folder or path.startswith(folder + os.sep) or path.startswith(_LIBRARY), path


def _timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, Any]:
    """('ok', value) or ('error', the ServiceLevelError); anything else fails, and so does a slow call."""
    started = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HolidayDataWarning)
            outcome: tuple[str, Any] = ("ok", fn(*args, **kwargs))
    except ServiceLevelError as e:
        outcome = ("error", e)
    took = time.perf_counter() - started
    assert took < SLOW_FILE, f"{getattr(fn, '__name__', fn)} took {took:.2f} s"
    return outcome


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


CLI_RUNS: list[list[str]] = [
    ["check", "{path}", "--json"],
    ["check", "{path}"],
    ["due", "{path}", "--level", "P1", "--at", "2026-02-13T16:30+08:00", "--json"],
    ["due", "{path}", "--level", "P2", "--at", "2026-02-13T16:30", "--explain"],
    ["calendar", "{path}#support", "--from", "2026-02-12", "--days", "3", "--json"],
    ["schedule", "{path}", "--from", "2026-01-01", "--until", "2026-04-01", "--json"],
    ["schedule", "{path}", "--from", "2026-01-01", "--until", "2125-12-31", "--name", "call-back"],
    ["warranty", "{path}", "--on", "2026-06-16", "--event", "acceptance@2023-06-15", "--json"],
]


class TestContractFiles:
    """The example contract mutated, read, written back and run through the command line (#17 §5)."""

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated=mutations)
    def test_mutated_contract_files(self, mutated: list[tuple[str, tuple[Any, ...], Any]]) -> None:
        """from_toml, load_contract and the to_toml round trip on a mutated contract give only ServiceLevelErrors and open no file outside its folder (#17)."""
        text = _text(mutated)
        path = FOLDER / "contract.toml"
        path.write_text(text, encoding="utf-8")
        before = _rss_mb()
        with _recording_opens() as opened:
            read = _timed(Contract.from_toml, text)
            loaded = _timed(load_contract, path)
        _inside(opened)
        assert SECRET not in (str(read[1]) + str(loaded[1]))
        if loaded[0] == "ok":
            contract = loaded[1]
            written = _timed(contract.to_toml)
            assert written[0] == "ok", written[1]  # what was read can be written back
            again = _timed(
                Contract.from_toml, written[1], files={"cn-2027.toml": (FOLDER / "cn-2027.toml").read_text()}
            )
            assert again == ("ok", contract)
        if read[0] == "ok":
            assert loaded[0] == "ok"  # the file says no more than the text
        assert _rss_mb() - before < 200

    @settings(
        max_examples=80,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(mutated=mutations, run=st.sampled_from(CLI_RUNS))
    def test_mutated_contracts_on_the_command_line(
        self,
        mutated: list[tuple[str, tuple[Any, ...], Any]],
        run: list[str],
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Each command on a mutated contract answers (0) or says why not (1), with inert output that names no secret (#17)."""
        path = FOLDER / "contract.toml"
        path.write_text(_text(mutated), encoding="utf-8")
        capsys.readouterr()
        before = _rss_mb()
        with _recording_opens() as opened:
            status = _timed(cli_main, [a.format(path=path) for a in run])
        out, err = capsys.readouterr()
        _inside(opened)
        assert status in (("ok", 0), ("ok", 1)), (status, err)
        if status == ("ok", 1) and "--json" in run:
            assert set(json.loads(err.splitlines()[0])) == {"error"}, err
        elif status == ("ok", 1):
            assert err.startswith("servicelevel: error: "), err
        for c in out + err:
            assert ord(c) not in _FORBIDDEN, f"{c!r} reached the terminal: {(out + err)[:300]!r}"
        assert SECRET not in out + err
        assert _rss_mb() - before < 200
