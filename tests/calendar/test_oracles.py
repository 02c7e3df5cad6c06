"""servicelevel against independent libraries on thousands of random cases.

- businesstimedelta (its own 5×8 engine; no make-up days, so on a US calendar);
- the holidays package's own working-day functions, make-up days included (CN).
"""

from __future__ import annotations

import datetime as dt
import random

import businesstimedelta as btd
import holidays
import pendulum
import pytest

from servicelevel import BusinessCalendar
from tests.generators import utc

N = 3000


@pytest.fixture(scope="module")
def us_5x8() -> tuple[BusinessCalendar, btd.Rules]:
    us = holidays.country_holidays("US", years=range(2023, 2028))
    rules = btd.Rules(
        [
            btd.WorkDayRule(start_time=dt.time(9), end_time=dt.time(17), working_days=[0, 1, 2, 3, 4]),
            btd.HolidayRule(us),
        ]
    )
    return BusinessCalendar.preset("5x8", tz="UTC", country="US"), rules


def _naive(rng: random.Random) -> dt.datetime:
    """A random instant 2024-2026 on a whole minute (businesstimedelta's resolution is seconds)."""
    return dt.datetime(2024, 1, 2) + dt.timedelta(minutes=rng.randrange(3 * 365 * 24 * 60 - 40 * 24 * 60))


def test_add_matches_businesstimedelta(us_5x8: tuple[BusinessCalendar, btd.Rules]) -> None:
    """Same due instant, except that we are due at closing where it jumps to the next opening."""
    cal, rules = us_5x8
    rng = random.Random(20261122)
    for _ in range(N):
        start = _naive(rng)
        delta = dt.timedelta(minutes=rng.randrange(1, 200 * 60))
        theirs = (start + btd.BusinessTimeDelta(rules, hours=0, seconds=int(delta.total_seconds()))).replace(
            tzinfo=None
        )
        ours = cal.add(pendulum.instance(start, tz="UTC"), delta).naive()
        if ours != theirs:
            # A budget spent at closing: ours is the closing time, theirs the next opening.
            assert not cal.is_open(pendulum.instance(ours, tz="UTC")), (start, delta, ours, theirs)
            assert pendulum.instance(theirs, tz="UTC") == utc(
                cal.next_open(pendulum.instance(ours, tz="UTC"))
            )


def test_elapsed_matches_businesstimedelta(us_5x8: tuple[BusinessCalendar, btd.Rules]) -> None:
    cal, rules = us_5x8
    rng = random.Random(7)
    for _ in range(N):
        a = _naive(rng)
        b = a + dt.timedelta(minutes=rng.randrange(60 * 24 * 30))
        theirs = rules.difference(a, b).timedelta
        assert theirs == cal.elapsed(pendulum.instance(a, tz="UTC"), pendulum.instance(b, tz="UTC")), (a, b)


def test_working_days_match_holidays() -> None:
    """CN working days, make-up days included, against holidays' get_nth_working_day."""
    cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
    cn = holidays.country_holidays("CN", years=range(2023, 2028))
    rng = random.Random(3)
    for _ in range(N):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(900))
        n = rng.randrange(1, 60)
        assert cn.get_nth_working_day(day, n) == cal.add_working_days(day, n), (day, n)
        assert cn.get_nth_working_day(day, -n) == cal.add_working_days(day, -n), (day, -n)
        assert cn.is_working_day(day) == cal.is_working_day(day), day


def test_working_day_count_matches_holidays() -> None:
    cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
    cn = holidays.country_holidays("CN", years=range(2023, 2028))
    rng = random.Random(5)
    for _ in range(N // 3):
        a = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(700))
        b = a + dt.timedelta(days=rng.randrange(1, 200))
        # holidays counts [a, b] inclusive; ours is [a, b + 1 day)
        assert cn.get_working_days_count(a, b) == cal.working_days(a, b + dt.timedelta(days=1)), (a, b)
