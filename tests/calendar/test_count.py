"""Counting a term on a calendar (calendar/_count.py): periods by the PRC Civil Code, arts. 200-204,
on hand-worked examples, and the invariants of counting.

CN calendar, 5×8 09:00-17:00 unless a test says otherwise. Dates checked against the State
Council notices for 2024-2026 (as in the holidays package).
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import (
    CIVIL_CODE,
    INCLUSIVE,
    BusinessCalendar,
    CountingRule,
    Days,
    HorizonExceededError,
    InvalidTermError,
    Months,
    Term,
    WorkingDays,
    Years,
)
from tests.conftest import CN_5X8, CN_7X24, CN_LUNCH, SH, at
from tests.generators import business_time, instants


class TestIssueExamples:
    def test_one_working_day_lands_on_a_make_up_saturday(self) -> None:
        """One working day from a Friday ends at the close of the make-up Saturday after it."""
        # Reported Fri 2026-02-13 10:00; the next working day is Sat 14 (调休上班); closes 17:00.
        assert at("2026-02-14T17:00") == CN_5X8.due("2026-02-13T10:00", WorkingDays(1))

    def test_three_years_from_acceptance(self) -> None:
        """Three years end on the corresponding day, at close (art. 202)."""
        # Accepted 2023-06-15, 3 years: art. 202 corresponding day 2026-06-15 (a Monday).
        assert dt.date(2026, 6, 15) == CN_5X8.period_end("2023-06-15", Years(3))
        assert at("2026-06-15T17:00") == CN_5X8.due("2023-06-15T10:00", Years(3))

    def test_three_years_inclusive(self) -> None:
        """Counted inclusively, three years end the day before, at 24:00, with no roll-forward."""
        # The commercial reading: valid through 2026-06-14 (a Sunday: no roll-forward), to 24:00.
        assert dt.date(2026, 6, 14) == CN_5X8.period_end("2023-06-15", Years(3), INCLUSIVE)
        assert at("2026-06-15T00:00") == CN_5X8.due("2023-06-15T10:00", Years(3), INCLUSIVE)


class TestDocumentedExamples:
    """The worked examples of docs/periods.md."""

    def test_year_end_rolls_to_a_make_up_sunday(self) -> None:
        """A last day on New Year's Day rolls to the make-up Sunday after it (art. 203)."""
        # Mon 2025-12-29 + 3 days: last day Thu 1 Jan 2026 (New Year's Day); 1-3 Jan are off and
        # Sun 4 Jan is a make-up working day, so the period ends Sun 4 Jan at 17:00 (art. 203).
        assert dt.date(2026, 1, 4) == CN_5X8.period_end("2025-12-29", Days(3))
        assert at("2026-01-04T17:00") == CN_5X8.due("2025-12-29T15:00", Days(3))

    def test_leap_day(self) -> None:
        """A month from 31 January ends on the last day of February, 29 in a leap year (art. 202)."""
        # 2024-01-31 + 1 month: February 2024 has no 31st, so its last day, Thu 29 Feb (art. 202).
        assert dt.date(2024, 2, 29) == CN_5X8.period_end("2024-01-31", Months(1))

    def test_from_a_leap_day(self) -> None:
        """A year from 29 February ends on 28 February."""
        # 2024-02-29 + 1 year: 2025 has no 29 Feb, so Fri 28 Feb 2025.
        assert dt.date(2025, 2, 28) == CN_5X8.period_end("2024-02-29", Years(1))

    def test_last_day_inside_the_spring_festival(self) -> None:
        """A last day inside the Spring Festival rolls to the first working day after it."""
        # Thu 2026-02-12 + 5 days: Tue 17 Feb, inside the 15-23 Feb break: ends Tue 24 Feb 17:00.
        assert dt.date(2026, 2, 24) == CN_5X8.period_end("2026-02-12", Days(5))
        assert at("2026-02-24T17:00") == CN_5X8.due("2026-02-12T09:30", Days(5))

    def test_last_day_on_a_make_up_saturday(self) -> None:
        """A last day on a make-up Saturday does not roll."""
        # Fri 2026-02-13 + 15 days: Sat 28 Feb, a make-up working day: no roll-forward.
        assert dt.date(2026, 2, 28) == CN_5X8.period_end("2026-02-13", Days(15))

    def test_ordinary_weekend_rolls_to_monday(self) -> None:
        """A last day on an ordinary Saturday rolls to Monday, due at close."""
        # Mon 2026-03-02 + 5 days: Sat 7 Mar, a rest day: ends Mon 9 Mar 17:00.
        assert at("2026-03-09T17:00") == CN_5X8.due("2026-03-02T11:00", Days(5))

    def test_half_a_year_extension(self) -> None:
        """Half a year from 31 March ends on 30 September."""
        # '延长半年': 6 months from 2026-03-31 → 30 Sep (no 31st), a Wednesday.
        assert dt.date(2026, 9, 30) == CN_5X8.period_end("2026-03-31", "半年")


class TestCloseOfCoverage:
    def test_lunch_break_calendar_closes_at_1730(self) -> None:
        """A period on a calendar with a lunch break ends at its 17:30 close."""
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN", hours="08:30-12:00,13:30-17:30")
        assert at("2026-03-03T17:30") == cal.due("2026-03-02T10:00", "1个工作日")

    def test_round_the_clock_ends_at_midnight(self) -> None:
        """On 7×24 a period ends at 24:00 of its last day."""
        # 7×24: coverage runs to 24:00, so 1 working day from Fri 13 Feb ends at Sun 15 Feb 00:00.
        cal = BusinessCalendar.preset("7x24", tz=SH, country="CN")
        assert at("2026-02-15T00:00") == cal.due("2026-02-13T10:00", WorkingDays(1))

    def test_overnight_window_running_past_midnight(self) -> None:
        """A period on an overnight calendar ends at midnight, inside the last day's window."""
        cal = BusinessCalendar(tz=SH, week={"mon-fri": "17:00-09:00"}, country="CN")
        assert at("2026-03-04T00:00") == cal.due("2026-03-02T10:00", WorkingDays(1))

    def test_no_coverage_on_the_last_day(self) -> None:
        """A last day the calendar closes ends at its 24:00."""
        # Sat 14 Feb is a working day but this calendar closes it: the period ends at its 24:00.
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN", closed=["2026-02-14"])
        assert at("2026-02-15T00:00") == cal.due("2026-02-13T10:00", WorkingDays(1))

    def test_early_close_on_special_hours(self) -> None:
        """A last day with special hours ends at their early close."""
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN", special_hours={"2026-03-03": "09:00-12:00"})
        assert at("2026-03-03T12:00") == cal.due("2026-03-02T10:00", "1 working day")


class TestBusinessTime:
    def test_timedelta_is_counted_from_the_moment(self) -> None:
        """A term in business time is counted from the moment, as add counts it."""
        # '半小时内响应' from Fri 2026-01-30 16:50: 10 min on Friday, 20 on Monday: Mon 09:20.
        assert at("2026-02-02T09:20") == CN_5X8.due("2026-01-30T16:50", "半小时内")
        assert CN_5X8.add("2026-01-30T16:50", dt.timedelta(minutes=30)) == CN_5X8.due(
            "2026-01-30T16:50", dt.timedelta(minutes=30)
        )

    def test_timedelta_has_no_period_end(self) -> None:
        """A term in business time has no period end."""
        with pytest.raises(InvalidTermError, match="business time, counted from the moment"):
            CN_5X8.period_end("2026-03-02", dt.timedelta(hours=4))


class TestRules:
    def test_start_day_counts_for_working_days(self) -> None:
        """Counting the start day, one working day is the start day itself when it is one."""
        assert dt.date(2026, 3, 2) == CN_5X8.period_end("2026-03-02", WorkingDays(1), INCLUSIVE)
        assert dt.date(2026, 3, 3) == CN_5X8.period_end("2026-03-02", WorkingDays(2), INCLUSIVE)
        # on a Sunday the start day is no working day, so the first is Monday
        assert dt.date(2026, 3, 2) == CN_5X8.period_end("2026-03-01", WorkingDays(1), INCLUSIVE)

    def test_inclusive_days_do_not_roll(self) -> None:
        """Counted inclusively, days do not roll and end at 24:00."""
        # Mon 2026-03-02, 7 days counting the start day: Sun 8 Mar, to 24:00.
        assert at("2026-03-09T00:00") == CN_5X8.due("2026-03-02T10:00", Days(7), INCLUSIVE)

    def test_custom_rule(self) -> None:
        """A custom rule may leave the start day out and roll rest days, but end the period at 24:00."""
        rule = CountingRule(roll_forward=True, ends_at="midnight")
        assert at("2026-03-10T00:00") == CN_5X8.due("2026-03-02T10:00", Days(5), rule)
        assert CIVIL_CODE != rule

    def test_bad_rule(self) -> None:
        """A malformed counting rule is refused."""
        with pytest.raises(InvalidTermError, match="ends_at: expected 'close' or 'midnight'"):
            CountingRule(ends_at="noon")  # type: ignore[arg-type]
        with pytest.raises(InvalidTermError, match="rule: expected a CountingRule"):
            CN_5X8.due("2026-03-02T10:00", Days(1), "civil")  # type: ignore[arg-type]

    def test_bad_term(self) -> None:
        """A term that is neither a term nor readable text is refused."""
        with pytest.raises(InvalidTermError, match="term: expected a timedelta, WorkingDays"):
            CN_5X8.due("2026-03-02T10:00", 3)  # type: ignore[arg-type]
        with pytest.raises(InvalidTermError, match="term: cannot read 'soon'"):
            CN_5X8.due("2026-03-02T10:00", "soon")

    def test_civil_code_counting_still_counts(self) -> None:
        """The range checks leave ordinary counting alone (#11)."""
        # The range checks leave ordinary counting alone: 3 years from 2023-06-15 end on 2026-06-15.
        assert CN_5X8.period_end("2023-06-15", "3年", CIVIL_CODE) == dt.date(2026, 6, 15)


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")
class TestDueWithinTheHorizon:
    """`due` answers only what `elapsed` and `windows` can measure: a due at most 36,525 days after
    its start. A period counted from the start *day*, rolled forward and ending at close, may pass it
    although the term itself is within the limit (36525天, 100年, 1200个月): those were answered, and
    explaining, showing or judging the answer then raised."""

    @pytest.mark.parametrize("term", ["36525天", "100年", "1200个月"])
    def test_at_the_limit(self, term: str) -> None:
        """Terms of a century whose due passes the horizon are refused, with the span named."""
        # By hand: from Mon 2026-03-02 10:00, 36,525 days (= 100 years, = 1200 months: 24 leap days,
        # none in 2100) end on Sun 2126-03-03; rolled to Mon 4 March (no CN data for 2126: the weekend
        # only), due at 17:00: 36,526 days 7 hours after the start.
        with pytest.raises(
            HorizonExceededError,
            match=r"^term: .* counted from 2026-03-02 falls due 36526 days, 7:00:00 after its start, "
            r"more than 100 years \(36525 days\)",
        ):
            CN_5X8.due("2026-03-02T10:00", term)

    def test_just_inside(self) -> None:
        """A due just inside the horizon is answered and can be measured."""
        # 36,523 days from Mon 2026-03-02 end on Fri 2126-03-01 (100 years, to Sat 2 March, are 36,524
        # days), due at 17:00: 36,523 days 7 hours after the start.
        due = CN_5X8.due("2026-03-02T10:00", "36523天")
        assert pendulum.datetime(2126, 3, 1, 17, tz=SH) == due
        span = due.timestamp() - pendulum.datetime(2026, 3, 2, 10, tz=SH).timestamp()
        assert dt.timedelta(days=36523, hours=7).total_seconds() == span
        assert CN_5X8.windows("2026-03-02T10:00", due)  # measurable: no HorizonExceededError

    def test_columns_refuse_the_same_rows(self) -> None:
        """Over a column, the row past the horizon is refused by name."""
        # Over a column, the row past the horizon is named. From Tue 2026-03-03, 36,523 days end on
        # Sat 2126-03-02, rolled to Mon 4 March, due at 17:00: 36,525 days 7 hours.
        import pandas as pd

        starts = pd.Series(
            pd.to_datetime(["2026-03-02T10:00+08:00", "2026-03-03T10:00+08:00"]), index=["a", "b"]
        )
        assert list(CN_5X8.due(starts[:1], "36523天")) == [CN_5X8.due("2026-03-02T10:00", "36523天")]
        with pytest.raises(HorizonExceededError, match=r"row 'b'.*falls due 36525 days, 7:00:00 after"):
            CN_5X8.due(starts, "36523天")

    def test_rows_of_one_day_are_judged_each(self) -> None:
        """Rows starting the same day are each measured against the horizon from their own instant."""
        # A period is counted once per start date, but the horizon is measured from each row's instant.
        # 36,525 days from Tue 2026-03-03 end on Mon 2126-03-04, due at 17:00: from 18:00 that is 36,524
        # days 23 hours (inside), from 10:00 36,525 days 7 hours (past the horizon).
        import pandas as pd

        late, early = "2026-03-03T18:00+08:00", "2026-03-03T10:00+08:00"
        assert pendulum.datetime(2126, 3, 4, 17, tz=SH) == CN_5X8.due(late, "36525天")
        with pytest.raises(HorizonExceededError, match="falls due 36525 days, 7:00:00 after"):
            CN_5X8.due(early, "36525天")
        starts = pd.Series(pd.to_datetime([late, early]), index=["late", "early"])
        with pytest.raises(HorizonExceededError, match=r"row 'early'.*falls due 36525 days, 7:00:00 after"):
            CN_5X8.due(starts, "36525天")


calendars = st.sampled_from([CN_5X8, CN_LUNCH, CN_7X24])
periods_short = st.one_of(
    st.integers(1, 60).map(WorkingDays),
    st.integers(1, 60).map(Days),
    st.integers(1, 3).map(Months),
)
rules = st.sampled_from([CIVIL_CODE, INCLUSIVE, CountingRule(roll_forward=False)])


class TestInvariants:
    @given(
        calendars,
        instants(),
        st.one_of(periods_short, business_time.filter(lambda d: d < dt.timedelta(hours=300))),
        rules,
    )
    def test_due_is_never_before_start(
        self, cal: BusinessCalendar, start: pendulum.DateTime, term: Term, rule: CountingRule
    ) -> None:
        """A due is never before its start, whatever the term and rule."""
        assert start <= cal.due(start, term, rule)

    @given(calendars, instants(), st.integers(1, 59), st.sampled_from([WorkingDays, Days]), rules)
    def test_due_is_monotone_in_n(
        self,
        cal: BusinessCalendar,
        start: pendulum.DateTime,
        n: int,
        kind: type[WorkingDays | Days],
        rule: CountingRule,
    ) -> None:
        """One more day or working day is never due earlier."""
        assert cal.due(start, kind(n), rule) <= cal.due(start, kind(n + 1), rule)

    @given(st.dates(dt.date(2024, 1, 1), dt.date(2026, 9, 30)), st.integers(1, 60))
    def test_civil_code_days_never_end_on_a_rest_day(self, day: dt.date, n: int) -> None:
        """Under the Civil Code a period of days always ends on a working day (art. 203)."""
        # Art. 203: under CIVIL_CODE the last day of a Days(n) period is always a working day.
        last = CN_5X8.period_end(day, Days(n))
        assert CN_5X8.is_working_day(last)
        assert last >= day + dt.timedelta(days=n)

    @given(st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30)), st.integers(1, 60))
    def test_working_days_period_has_n_working_days(self, day: dt.date, n: int) -> None:
        """A period of n working days holds exactly n of them after its start day."""
        # The start day excluded, exactly n working days lie in (day, last].
        last = CN_5X8.period_end(day, WorkingDays(n))
        one = dt.timedelta(days=1)
        assert n == CN_5X8.working_days(day + one, last + one)
