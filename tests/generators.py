"""Hypothesis strategies and helpers shared by the test modules (the shipped strategies are
`servicelevel.strategies`; these are the tests' own)."""

from __future__ import annotations

import datetime as dt

import pendulum
from hypothesis import strategies as st

from servicelevel import BusinessCalendar, Incident
from tests.conftest import CN_5X8, CN_7X18, CN_7X24, CN_LUNCH

# DST, a Saturday, an overnight window that merges into the next morning, a state holiday.
BERLIN = BusinessCalendar(
    tz="Europe/Berlin",
    week={"mon-thu": "08:00-12:00,13:00-17:00", "fri": "22:00-09:00", "sat": "02:30-05:00,10:00-14:00"},
    country="DE",
    subdiv="BY",
)
NEW_YORK = BusinessCalendar.preset(
    "5x8", tz="America/New_York", country="US", hours="00:00-02:30,20:00-24:00"
)

CALENDARS = [CN_5X8, CN_LUNCH, CN_7X18, CN_7X24, BERLIN, NEW_YORK]

# 2024-01-03 .. 2026-08-01 UTC in µs: far enough from 2027 (CN data unpublished) for 300 h budgets.
_LO = int(dt.datetime(2024, 1, 3, tzinfo=dt.UTC).timestamp()) * 1_000_000
_HI = int(dt.datetime(2026, 8, 1, tzinfo=dt.UTC).timestamp()) * 1_000_000


def instants(lo: int = _LO, hi: int = _HI) -> st.SearchStrategy[pendulum.DateTime]:
    """Instants with microsecond resolution, in UTC (the calendar converts)."""
    return st.integers(lo, hi).map(
        lambda u: pendulum.DateTime(1970, 1, 1, tzinfo=pendulum.UTC) + dt.timedelta(microseconds=u)
    )


def durations(max_hours: int = 300) -> st.SearchStrategy[dt.timedelta]:
    """Positive durations up to ``max_hours``, some whole hours, most ragged."""
    return st.one_of(
        st.integers(1, max_hours).map(lambda h: dt.timedelta(hours=h)),
        st.integers(1, max_hours * 3_600_000_000).map(lambda us: dt.timedelta(microseconds=us)),
    )


calendars = st.sampled_from(CALENDARS)


def utc(t: dt.datetime) -> dt.datetime:
    """``t`` in UTC: compare instants there, since aware datetimes in different zones compare
    unequal inside a DST repeat (PEP 495), even when they name the same instant."""
    return t.astimezone(dt.UTC)


def distinct_instants(inc: Incident) -> bool:
    """Whether the report and every event of ``inc`` lie at distinct instants (to the µs)."""
    stamps = [inc.reported_at.int_timestamp * 10**6 + inc.reported_at.microsecond] + [
        e.at.int_timestamp * 10**6 + e.at.microsecond for e in inc.events
    ]
    return len(set(stamps)) == len(stamps)


business_time = st.integers(1, 2000 * 3_600_000_000).map(lambda us: dt.timedelta(microseconds=us))
"""Terms in business time: up to 2000 hours, to the microsecond."""
