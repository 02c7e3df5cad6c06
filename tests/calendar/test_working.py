"""Statutory working days (calendar/_working.py): counting and adding them over holidays and
make-up days, within the horizon, and against the holidays package's own functions."""

from __future__ import annotations

import datetime as dt
import random
import warnings

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import BusinessCalendar, HolidayDataWarning, HorizonExceededError, InvalidTermError
from tests.conftest import CN_5X8, SH, fresh_cn_5x8
from tests.generators import calendars

N = 3000


class TestWorkingDays:
    def test_add_working_days_over_the_festival(self, cn: BusinessCalendar) -> None:
        """Adding working days steps onto make-up days and over the festival, both ways."""
        # Fri 13 Feb + 1 = Sat 14 (make-up); + 2 = Tue 24 (15-23 off); Tue 24 - 1 = Sat 14.
        assert dt.date(2026, 2, 14) == cn.add_working_days("2026-02-13", 1)
        assert dt.date(2026, 2, 24) == cn.add_working_days("2026-02-13", 2)
        assert dt.date(2026, 2, 14) == cn.add_working_days(dt.date(2026, 2, 24), -1)
        assert dt.date(2026, 2, 13) == cn.add_working_days(dt.date(2026, 2, 13), 0)

    def test_count(self, cn: BusinessCalendar) -> None:
        """Working days in a span count make-up days and skip the festival; reversed, the count is negative."""
        # [9 Feb, 2 Mar): 9-13 (5) + Sat 14 + 24-27 (4) + Sat 28 = 11; reversed is -11.
        assert cn.working_days("2026-02-09", "2026-03-02") == 11
        assert cn.working_days("2026-03-02", "2026-02-09") == -11
        assert cn.working_days("2026-02-15", "2026-02-15") == 0

    def test_a_whole_year(self, cn: BusinessCalendar) -> None:
        """China had 248 working days in 2025, by the State Council's notice."""
        # China 2025 by the State Council notice: 248 working days.
        #
        # 1 Jan 2025 is a Wednesday: 365 days = 52 weeks + 1, so 104 weekend days and
        # 261 weekdays. Weekdays off: 1 Jan (1); 28-31 Jan, 3-4 Feb (6); 4 Apr (1);
        # 1, 2, 5 May (3); 2 Jun (1); 1-3, 6-8 Oct (6): 18. Make-up days: Sun 26 Jan,
        # Sat 8 Feb, Sun 27 Apr, Sun 28 Sep, Sat 11 Oct: 5. 261 - 18 + 5 = 248.
        assert cn.working_days("2025-01-01", "2026-01-01") == 248

    def test_long_runs_cross_years(self, cn: BusinessCalendar) -> None:
        """500 working days forward and back again is the identity on a working day."""
        far = cn.add_working_days("2024-03-04", 500)
        assert dt.date(2024, 3, 4) == cn.add_working_days(far, -500)
        assert cn.working_days("2024-03-05", far + dt.timedelta(days=1)) == 500

    def test_working_day_is_statutory_whatever_the_coverage(self) -> None:
        """Working days follow the statute, whatever the coverage: a 7×24 Sunday is no working day."""
        # A 7×24 CN calendar is open on Sunday, but Sunday is not a working day; make-up Sat 14 Feb is.
        cal = BusinessCalendar.preset("7x24", tz=SH, country="CN")
        assert cal.is_open("2026-02-15T12:00")
        assert not cal.is_working_day("2026-02-15")
        assert cal.is_working_day("2026-02-14")
        assert not cal.is_working_day("2026-02-17")

    def test_without_country_working_days_are_mon_to_fri(self) -> None:
        """Without a country the working days are Monday to Friday."""
        cal = BusinessCalendar.preset("5x8", tz=SH)
        assert [cal.is_working_day(dt.date(2026, 2, d)) for d in range(9, 16)] == [True] * 5 + [False] * 2

    @pytest.mark.parametrize("n", [1.5, "2", None, True])
    def test_working_days_count_is_not_an_instant(self, n: object) -> None:
        """The number of working days must be a whole number (#11, item 8)."""
        with pytest.raises(InvalidTermError, match=r"^n: expected a whole number"):
            CN_5X8.add_working_days("2026-01-05", n)  # type: ignore[arg-type]

    @given(calendars, st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30)), st.integers(-120, 120))
    def test_working_day_arithmetic(self, cal: BusinessCalendar, day: dt.date, n: int) -> None:
        """Adding n working days lands on a working day n of them away, and counting gives n back."""
        r = cal.add_working_days(day, n)
        one = dt.timedelta(days=1)
        if n == 0:
            assert day == r
        else:
            assert cal.is_working_day(r)
            assert n == cal.working_days(day + one, r + one) if n > 0 else -n == cal.working_days(r, day)


class TestHorizon:
    """The horizon is 36,525 days (100 years) from the start, whatever was computed before (#11, items 2-3)."""

    def test_working_days_far_inside_the_horizon(self) -> None:
        """20,200 working days, about 81 years, is an answer, the holidays package's own (#11)."""
        import holidays

        oracle = holidays.country_holidays("CN").get_nth_working_day(dt.date(2026, 2, 13), 20200)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HolidayDataWarning)  # years after 2026 are assumed
            assert fresh_cn_5x8().add_working_days("2026-02-13", 20200) == oracle

    def test_working_days_fresh_and_warmed(self) -> None:
        """Adding working days past the horizon is refused, fresh and warmed, and just inside it answers (#11)."""
        cal = BusinessCalendar.preset("5x8", tz="Europe/Berlin")  # Mon-Fri, no holidays: 5 of every 7
        with pytest.raises(HorizonExceededError, match=r"n: 30000 working days"):
            cal.add_working_days("2026-01-05", 30000)  # 42,000 days
        cal.working_days("2026-01-01", "2120-01-01")  # warm the index over 94 years
        with pytest.raises(HorizonExceededError):
            cal.add_working_days("2026-01-05", 30000)
        # Mon 2026-01-05 + 26,000 working days: 5,200 whole weeks = 36,400 days, another Monday
        assert cal.add_working_days("2026-01-05", 26000) == dt.date(2026, 1, 5) + dt.timedelta(days=36400)

    def test_working_days_count_horizon(self) -> None:
        """Counting working days over more than the horizon is refused (#11)."""
        with pytest.raises(HorizonExceededError, match="end_day"):
            fresh_cn_5x8().working_days("2026-01-01", "2126-02-01")


class TestAgainstHolidays:
    """CN working days, make-up days included, against the holidays package's own functions."""

    def test_working_days_match_holidays(self) -> None:
        """CN working days, make-up days included, agree with holidays' get_nth_working_day and is_working_day."""
        cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        cn = holidays.country_holidays("CN", years=range(2023, 2028))
        rng = random.Random(3)
        for _ in range(N):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(900))
            n = rng.randrange(1, 60)
            assert cn.get_nth_working_day(day, n) == cal.add_working_days(day, n), (day, n)
            assert cn.get_nth_working_day(day, -n) == cal.add_working_days(day, -n), (day, -n)
            assert cn.is_working_day(day) == cal.is_working_day(day), day

    def test_working_day_count_matches_holidays(self) -> None:
        """Working-day counts agree with holidays' get_working_days_count."""
        cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        cn = holidays.country_holidays("CN", years=range(2023, 2028))
        rng = random.Random(5)
        for _ in range(N // 3):
            a = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(700))
            b = a + dt.timedelta(days=rng.randrange(1, 200))
            # holidays counts [a, b] inclusive; ours is [a, b + 1 day)
            assert cn.get_working_days_count(a, b) == cal.working_days(a, b + dt.timedelta(days=1)), (a, b)
