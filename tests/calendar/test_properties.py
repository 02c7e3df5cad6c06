"""Invariants of business-time arithmetic, checked by hypothesis on several calendars."""

from __future__ import annotations

import datetime as dt
import itertools

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import BusinessCalendar
from tests.generators import CN_5X8, CN_7X18, CN_7X24, calendars, durations, instants, utc

ZERO = dt.timedelta(0)
BERLIN_7X24 = BusinessCalendar.preset("7x24", tz="Europe/Berlin")


@given(calendars, instants(), durations())
def test_elapsed_inverts_add(cal: BusinessCalendar, t: pendulum.DateTime, d: dt.timedelta) -> None:
    """elapsed(t, add(t, d)) == d, to the microsecond."""
    assert d == cal.elapsed(t, cal.add(t, d))


@given(calendars, instants(), durations())
def test_add_is_the_earliest(cal: BusinessCalendar, t: pendulum.DateTime, d: dt.timedelta) -> None:
    """One microsecond before add(t, d) the budget is not yet spent."""
    u = cal.add(t, d)
    assert d > cal.elapsed(t, u - dt.timedelta(microseconds=1))


@given(calendars, instants(), durations())
def test_negative_add_inverts_elapsed(cal: BusinessCalendar, t: pendulum.DateTime, d: dt.timedelta) -> None:
    """elapsed(add(t, -d), t) == d, and the result is the latest such instant."""
    u = cal.add(t, -d)
    assert d == cal.elapsed(u, t)
    assert d > cal.elapsed(u + dt.timedelta(microseconds=1), t)


@given(calendars, instants(), durations(), durations())
def test_add_is_monotone(
    cal: BusinessCalendar, t: pendulum.DateTime, a: dt.timedelta, b: dt.timedelta
) -> None:
    lo, hi = sorted((a, b))
    assert cal.add(t, lo) <= cal.add(t, hi)


@given(calendars, instants(), durations(150), durations(150))
def test_add_composes(cal: BusinessCalendar, t: pendulum.DateTime, a: dt.timedelta, b: dt.timedelta) -> None:
    """add(add(t, a), b) == add(t, a + b) for positive a, b."""
    assert cal.add(t, a + b) == cal.add(cal.add(t, a), b)


@given(calendars, instants(), instants(), instants())
def test_elapsed_is_additive_and_antisymmetric(
    cal: BusinessCalendar, a: pendulum.DateTime, b: pendulum.DateTime, c: pendulum.DateTime
) -> None:
    assert cal.elapsed(a, c) == cal.elapsed(a, b) + cal.elapsed(b, c)
    assert cal.elapsed(a, b) == -cal.elapsed(b, a)


@given(calendars, instants(), durations(24 * 60))
def test_elapsed_is_the_sum_of_windows(
    cal: BusinessCalendar, a: pendulum.DateTime, span: dt.timedelta
) -> None:
    """windows() and elapsed() agree; windows are clipped, ordered, disjoint and open."""
    b = a + span
    spans = list(cal.windows(a, b))
    assert sum((e - s for s, e in spans), ZERO) == cal.elapsed(a, b)
    for (s, e), (s2, _) in itertools.pairwise(spans):
        assert s < e < s2
    for s, e in spans:
        assert a <= s
        assert e <= b
        assert cal.is_open(s)
        assert not cal.is_open(e) or utc(e) == utc(b)


@given(instants(), durations(2000))
def test_7x24_is_wall_clock(t: pendulum.DateTime, d: dt.timedelta) -> None:
    assert t + d == CN_7X24.add(t, d)
    assert d == CN_7X24.elapsed(t, t + d)


@given(instants(), instants())
def test_7x24_across_dst_is_real_time(a: pendulum.DateTime, b: pendulum.DateTime) -> None:
    """In Berlin, round-the-clock cover counts real elapsed time through both DST changes."""
    assert b - a == BERLIN_7X24.elapsed(a, b)
    assert utc(b) == utc(BERLIN_7X24.add(a, b - a))


@given(instants(), instants())
def test_coverage_nests(a: pendulum.DateTime, b: pendulum.DateTime) -> None:
    """5×8 ⊆ 7×18 ⊆ 7×24: open time, and openness, nest."""
    a, b = min(a, b), max(a, b)
    assert CN_5X8.elapsed(a, b) <= CN_7X18.elapsed(a, b) <= CN_7X24.elapsed(a, b) == b - a
    if CN_5X8.is_open(a):
        assert CN_7X18.is_open(a)


@given(calendars, instants())
def test_next_open(cal: BusinessCalendar, t: pendulum.DateTime) -> None:
    """next_open is open, and nothing is open between t and it."""
    u = cal.next_open(t)
    assert cal.is_open(u)
    assert cal.elapsed(t, u) == ZERO


@given(calendars, instants(), durations(100), st.lists(st.tuples(instants(), durations(50)), max_size=4))
def test_pauses(
    cal: BusinessCalendar,
    t: pendulum.DateTime,
    d: dt.timedelta,
    pauses: list[tuple[pendulum.DateTime, dt.timedelta]],
) -> None:
    """With pauses, elapsed(t, add(t, d, exclude), exclude) == d; pauses never make it earlier."""
    spans = [(s, s + length) for s, length in pauses]
    u = cal.add(t, d, exclude=spans)
    assert d == cal.elapsed(t, u, exclude=spans)
    assert cal.add(t, d) <= u
    v = cal.add(t, -d, exclude=spans)
    assert d == cal.elapsed(v, t, exclude=spans)
    assert v <= cal.add(t, -d)


@given(calendars, st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30)), st.integers(-120, 120))
def test_working_day_arithmetic(cal: BusinessCalendar, day: dt.date, n: int) -> None:
    """add_working_days lands on a working day n of them away; working_days counts them back."""
    r = cal.add_working_days(day, n)
    one = dt.timedelta(days=1)
    if n == 0:
        assert day == r
    else:
        assert cal.is_working_day(r)
        assert n == cal.working_days(day + one, r + one) if n > 0 else -n == cal.working_days(r, day)
