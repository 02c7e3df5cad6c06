"""BusinessCalendar on examples taken from real clauses (../shared/domain.md).

Each expected value is worked out by hand in the test's docstring or comment.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pendulum
import pytest

from servicelevel import BusinessCalendar, Hours

SH = "Asia/Shanghai"
H = dt.timedelta(hours=1)


def at(text: str, tz: str = SH) -> pendulum.DateTime:
    return pendulum.parse(text, tz=tz)  # type: ignore[return-value]


@pytest.fixture(scope="module")
def cn() -> BusinessCalendar:
    return BusinessCalendar.preset("5x8", tz=SH, country="CN")


class TestSpringFestival2026:
    """CN 2026: 15-23 Feb off; Sat 14 Feb and Sat 28 Feb are make-up working days."""

    def test_budget_runs_into_make_up_saturday(self, cn: BusinessCalendar) -> None:
        """Fri 13th 16:00 + 2 h: 1 h on Friday (to 17:00), 1 h on make-up Sat 14th (09:00-10:00)."""
        assert at("2026-02-14T10:00") == cn.add("2026-02-13T16:00", 2 * H)

    def test_budget_jumps_the_festival(self, cn: BusinessCalendar) -> None:
        """Sat 14th 16:00 + 2 h: 1 h to 17:00, then 15-23 Feb are closed, so Tue 24th 10:00."""
        assert at("2026-02-24T10:00") == cn.add("2026-02-14T16:00", 2 * H)

    def test_elapsed_across_the_festival(self, cn: BusinessCalendar) -> None:
        """Fri 13th 09:00 to Tue 24th 10:00: 8 h (Fri) + 8 h (Sat 14th) + 1 h (Tue) = 17 h."""
        assert cn.elapsed("2026-02-13T09:00", "2026-02-24T10:00") == 17 * H

    def test_days_closed_and_open(self, cn: BusinessCalendar) -> None:
        """Holidays 16-20 and 23 Feb are closed; the make-up Saturdays are open 09:00-17:00."""
        for day in ("2026-02-16", "2026-02-17", "2026-02-20", "2026-02-23"):
            assert not cn.is_open(f"{day}T10:00"), day
        assert cn.is_open("2026-02-14T09:00")
        assert cn.is_open("2026-02-28T16:59")
        assert not cn.is_open("2026-02-21T10:00")  # an ordinary Saturday inside the break

    def test_next_open_after_festival(self, cn: BusinessCalendar) -> None:
        """From Sun 15th noon the next opening is Tue 24th 09:00."""
        assert at("2026-02-24T09:00") == cn.next_open("2026-02-15T12:00")

    def test_next_open_is_t_itself_when_open(self, cn: BusinessCalendar) -> None:
        t = at("2026-02-13T10:17:03.000004")
        assert t == cn.next_open(t)

    def test_day_explains_itself(self, cn: BusinessCalendar) -> None:
        """The 14th is a make-up day with the regular 09:00-17:00; the 17th a named holiday."""
        sat = cn.day("2026-02-14")
        assert (sat.reason, str(sat.hours), sat.working_day) == ("make-up", "09:00-17:00", True)
        tue = cn.day(dt.date(2026, 2, 17))
        assert (tue.reason, tue.hours, tue.working_day) == ("holiday", Hours(()), False)
        assert tue.holiday is not None
        assert "Chinese New Year" in tue.holiday


class TestEndpoints:
    """Windows are [open, close); a budget spent at closing is due at closing."""

    def test_due_at_closing_not_next_opening(self, cn: BusinessCalendar) -> None:
        """Fri 2026-01-30 13:00 + 4 h = Fri 17:00 (not Mon 09:00)."""
        assert at("2026-01-30T17:00") == cn.add("2026-01-30T13:00", 4 * H)

    def test_closing_instant_is_closed(self, cn: BusinessCalendar) -> None:
        assert cn.is_open("2026-01-30T16:59:59.999999")
        assert not cn.is_open("2026-01-30T17:00")
        assert cn.is_open("2026-01-30T09:00")

    def test_one_microsecond_before_closing(self, cn: BusinessCalendar) -> None:
        """16:59:59.999999 + 1 µs = 17:00 exactly: microsecond arithmetic, no rounding."""
        assert at("2026-01-30T17:00") == cn.add("2026-01-30T16:59:59.999999", dt.timedelta(microseconds=1))
        assert at("2026-02-02T09:00:00.000001") == cn.add(
            "2026-01-30T16:59:59.999999", dt.timedelta(microseconds=2)
        )

    def test_start_while_closed(self, cn: BusinessCalendar) -> None:
        """Sat 2026-01-31 (ordinary weekend) 12:00 + 30 min = Mon 2 Feb 09:30."""
        assert at("2026-02-02T09:30") == cn.add("2026-01-31T12:00", dt.timedelta(minutes=30))

    def test_zero_returns_t(self, cn: BusinessCalendar) -> None:
        assert at("2026-01-31T12:00") == cn.add("2026-01-31T12:00", dt.timedelta(0))

    def test_negative_goes_back(self, cn: BusinessCalendar) -> None:
        """Mon 2 Feb 09:00 - 1 h = Fri 30 Jan 16:00; Mon 10:00 - 1 h = Mon 09:00 (the latest)."""
        assert at("2026-01-30T16:00") == cn.add("2026-02-02T09:00", -H)
        assert at("2026-02-02T09:00") == cn.add("2026-02-02T10:00", -H)

    def test_elapsed_is_negative_when_reversed(self, cn: BusinessCalendar) -> None:
        assert cn.elapsed("2026-01-30T17:00", "2026-01-30T14:00") == -3 * H


class TestLunchBreak:
    """'服务时间 … 每天8:30至17:30' with a lunch break: 08:30-12:00 and 13:30-17:30 (7.5 h a day)."""

    cal = BusinessCalendar.preset("5x8", tz=SH, country="CN", hours="08:30-12:00,13:30-17:30")

    def test_budget_skips_lunch(self) -> None:
        """11:00 + 2 h: 1 h to 12:00, lunch, 1 h from 13:30 = 14:30."""
        assert at("2026-03-03T14:30") == self.cal.add("2026-03-03T11:00", 2 * H)

    def test_due_at_lunch(self) -> None:
        """11:00 + 1 h is due at 12:00, the start of lunch."""
        assert at("2026-03-03T12:00") == self.cal.add("2026-03-03T11:00", H)

    def test_windows_clip(self) -> None:
        spans = list(self.cal.windows("2026-03-03T10:00", "2026-03-03T14:00"))
        assert [
            (at("2026-03-03T10:00"), at("2026-03-03T12:00")),
            (at("2026-03-03T13:30"), at("2026-03-03T14:00")),
        ] == spans

    def test_parse_the_contract_notation(self) -> None:
        assert self.cal == BusinessCalendar.parse("5×8 08:30-12:00,13:30-17:30", tz=SH, country="CN")


class TestOvernight:
    """'22:00-06:00' is one window belonging to the day it starts."""

    cal = BusinessCalendar(tz=SH, week={"mon-fri": "22:00-06:00"}, country="CN")

    def test_spans_midnight(self) -> None:
        """Tue 2026-03-03 23:00 + 8 h: 7 h to Wed 06:00, then 1 h from Wed 22:00 = Wed 23:00."""
        assert at("2026-03-04T23:00") == self.cal.add("2026-03-03T23:00", 8 * H)

    def test_friday_night_runs_into_saturday(self) -> None:
        """Fri 6 Mar 22:00-Sat 06:00 is open; Saturday night is not."""
        assert self.cal.is_open("2026-03-07T05:59")
        assert not self.cal.is_open("2026-03-07T22:30")

    def test_holiday_closes_the_window_starting_on_it(self) -> None:
        """Thu 1 Oct 2026 (National Day): Wed 30 Sep's window runs to 06:00 on the 1st.

        No window starts on the 1st itself.
        """
        assert self.cal.is_open("2026-10-01T03:00")
        assert not self.cal.is_open("2026-10-01T23:00")

    def test_a_night_lasts_eight_hours(self) -> None:
        assert self.cal.elapsed("2026-03-03T12:00", "2026-03-04T12:00") == 8 * H


class TestDaylightSaving:
    """Europe/Berlin 2026: spring forward Sun 29 Mar 02:00->03:00, fall back Sun 25 Oct 03:00->02:00."""

    nights = BusinessCalendar(tz="Europe/Berlin", week={"mon-sun": "00:00-06:00"})

    def test_short_night(self) -> None:
        """00:00-06:00 on 29 Mar lasts 5 real hours."""
        assert self.nights.elapsed("2026-03-29T00:00", "2026-03-29T12:00") == 5 * H

    def test_long_night(self) -> None:
        """00:00-06:00 on 25 Oct lasts 7 real hours."""
        assert self.nights.elapsed("2026-10-25T00:00", "2026-10-25T12:00") == 7 * H

    def test_add_across_the_gap(self) -> None:
        """29 Mar 01:30 + 1 h = 03:30 local: 01:30 CET (00:30Z) + 1 h real = 01:30Z = 03:30 CEST."""
        assert at("2026-03-29T03:30", "Europe/Berlin") == self.nights.add("2026-03-29T01:30", H)

    def test_boundary_in_the_gap_moves_to_its_end(self) -> None:
        """'02:30-05:00' on 29 Mar: 02:30 does not exist, so the window opens at 03:00 CEST: 2 h."""
        cal = BusinessCalendar(tz="Europe/Berlin", week={"sun": "02:30-05:00"})
        assert cal.elapsed("2026-03-29T00:00", "2026-03-29T12:00") == 2 * H
        assert at("2026-03-29T03:00", "Europe/Berlin") == cal.next_open("2026-03-29T00:00")

    def test_ambiguous_boundary_takes_first_occurrence(self) -> None:
        """'02:30-05:00' on 25 Oct opens at the first 02:30 (CEST, 00:30Z).

        It closes at 05:00 CET (04:00Z): 3.5 h.
        """
        cal = BusinessCalendar(tz="Europe/Berlin", week={"sun": "02:30-05:00"})
        assert dt.timedelta(hours=3.5) == cal.elapsed("2026-10-25T00:00", "2026-10-25T12:00")
        # (aware datetimes at an ambiguous local time never equal another zone's: PEP 495)
        opens = cal.next_open("2026-10-25T00:00")
        assert pendulum.datetime(2026, 10, 25, 0, 30, tz="UTC") == opens.in_timezone("UTC")

    def test_inputs_in_any_zone(self) -> None:
        """The same instant in UTC, in a stdlib zone, and in an ISO string with an offset."""
        expected = self.nights.add("2026-03-29T01:30", H)
        assert expected == self.nights.add(dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC), H)
        assert expected == self.nights.add(
            dt.datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Berlin")), H
        )
        assert expected == self.nights.add("2026-03-29T01:30+01:00", H)
        assert expected.timezone_name == "Europe/Berlin"


class TestPresets:
    def test_7x18_is_open_on_holidays(self) -> None:
        """'提供7×18小时服务受理': every day 06:00-24:00, Spring Festival included."""
        cal = BusinessCalendar.preset("7x18", tz=SH, country="CN")
        assert cal.is_open("2026-02-17T23:59")
        assert not cal.is_open("2026-02-17T05:59")
        assert at("2026-02-17T06:00") == cal.next_open("2026-02-17T02:00")
        assert cal.elapsed("2026-02-17T00:00", "2026-02-18T00:00") == 18 * H

    def test_7x24_is_wall_clock(self) -> None:
        cal = BusinessCalendar.parse("7x24x365", tz=SH)
        assert at("2026-02-20T10:00") == cal.add("2026-02-13T10:00", 7 * 24 * H)

    def test_365x8_every_day(self) -> None:
        cal = BusinessCalendar.parse("365天×8小时", tz=SH, country="CN")
        assert cal.elapsed("2026-02-17T00:00", "2026-02-18T00:00") == 8 * H

    @pytest.mark.parametrize("text", ["5x8", "5×8", "5*8", "5 X 8", "５×８", "5x8h"])
    def test_notations_for_5x8(self, text: str) -> None:
        assert BusinessCalendar.preset("5x8", tz=SH) == BusinessCalendar.parse(text, tz=SH)

    @pytest.mark.parametrize("text", ["7x24", "7×24", "7*24", "7x24x365", "7×24小时"])
    def test_notations_for_7x24(self, text: str) -> None:
        assert BusinessCalendar.preset("7x24", tz=SH) == BusinessCalendar.parse(text, tz=SH)

    def test_working_day_is_statutory_whatever_the_coverage(self) -> None:
        """A 7×24 CN calendar is open on Sunday, but Sunday is not a working day; make-up Sat 14 Feb is."""
        cal = BusinessCalendar.preset("7x24", tz=SH, country="CN")
        assert cal.is_open("2026-02-15T12:00")
        assert not cal.is_working_day("2026-02-15")
        assert cal.is_working_day("2026-02-14")
        assert not cal.is_working_day("2026-02-17")

    def test_without_country_working_days_are_mon_to_fri(self) -> None:
        cal = BusinessCalendar.preset("5x8", tz=SH)
        assert [cal.is_working_day(dt.date(2026, 2, d)) for d in range(9, 16)] == [True] * 5 + [False] * 2


class TestOverrides:
    """Precedence: special_hours > closed > holidays and make-up days > the weekly pattern."""

    cal = BusinessCalendar(
        tz=SH,
        week={"mon-fri": "09:00-17:00", "sat": "10:00-12:00"},
        country="CN",
        closed=["2026-03-02", dt.date(2026, 2, 14), dt.date(2026, 3, 3)],
        special_hours={"2026-03-02": "09:00-12:00", dt.date(2026, 2, 17): "10:00-12:00"},
    )

    def test_special_beats_closed(self) -> None:
        assert (
            self.cal.day("2026-03-02").reason,
            str(self.cal.day("2026-03-02").hours),
        ) == ("special", "09:00-12:00")

    def test_closed_beats_make_up_day(self) -> None:
        assert self.cal.day("2026-02-14").reason == "closed"
        assert not self.cal.is_open("2026-02-14T10:00")
        assert self.cal.is_working_day("2026-02-14")  # still a statutory working day

    def test_special_beats_holiday(self) -> None:
        assert self.cal.is_open("2026-02-17T11:00")
        assert not self.cal.is_open("2026-02-17T09:30")

    def test_make_up_day_uses_working_day_hours(self) -> None:
        """Sat 28 Feb is a make-up working day: Monday's 09:00-17:00, not Saturday's 10:00-12:00."""
        assert self.cal.day("2026-02-28").reason == "make-up"
        assert self.cal.elapsed("2026-02-28T00:00", "2026-03-01T00:00") == 8 * H

    def test_ordinary_saturday_keeps_its_hours(self) -> None:
        assert self.cal.elapsed("2026-03-07T00:00", "2026-03-08T00:00") == 2 * H

    def test_closed_weekday(self) -> None:
        assert not self.cal.is_open("2026-03-03T10:00")


class TestWorkingDays:
    def test_add_working_days_over_the_festival(self, cn: BusinessCalendar) -> None:
        """Fri 13 Feb + 1 = Sat 14 (make-up); + 2 = Tue 24 (15-23 off); Tue 24 - 1 = Sat 14."""
        assert dt.date(2026, 2, 14) == cn.add_working_days("2026-02-13", 1)
        assert dt.date(2026, 2, 24) == cn.add_working_days("2026-02-13", 2)
        assert dt.date(2026, 2, 14) == cn.add_working_days(dt.date(2026, 2, 24), -1)
        assert dt.date(2026, 2, 13) == cn.add_working_days(dt.date(2026, 2, 13), 0)

    def test_count(self, cn: BusinessCalendar) -> None:
        """[9 Feb, 2 Mar): 9-13 (5) + Sat 14 + 24-27 (4) + Sat 28 = 11; reversed is -11."""
        assert cn.working_days("2026-02-09", "2026-03-02") == 11
        assert cn.working_days("2026-03-02", "2026-02-09") == -11
        assert cn.working_days("2026-02-15", "2026-02-15") == 0

    def test_a_whole_year(self, cn: BusinessCalendar) -> None:
        """China 2025 by the State Council notice: 248 working days.

        1 Jan 2025 is a Wednesday: 365 days = 52 weeks + 1, so 104 weekend days and
        261 weekdays. Weekdays off: 1 Jan (1); 28-31 Jan, 3-4 Feb (6); 4 Apr (1);
        1, 2, 5 May (3); 2 Jun (1); 1-3, 6-8 Oct (6): 18. Make-up days: Sun 26 Jan,
        Sat 8 Feb, Sun 27 Apr, Sun 28 Sep, Sat 11 Oct: 5. 261 - 18 + 5 = 248.
        """
        assert cn.working_days("2025-01-01", "2026-01-01") == 248

    def test_long_runs_cross_years(self, cn: BusinessCalendar) -> None:
        """500 working days forward and back again is the identity on a working day."""
        far = cn.add_working_days("2024-03-04", 500)
        assert dt.date(2024, 3, 4) == cn.add_working_days(far, -500)
        assert cn.working_days("2024-03-05", far + dt.timedelta(days=1)) == 500


class TestPauses:
    """A clock pause (e.g. waiting for the customer) does not spend the budget."""

    def test_add_skips_paused_open_time(self, cn: BusinessCalendar) -> None:
        """Mon 2 Mar 09:00 + 4 h with 10:00-11:00 paused: 09-10 and 11-14 = 4 h, due 14:00."""
        paused = [("2026-03-02T10:00", "2026-03-02T11:00")]
        assert at("2026-03-02T14:00") == cn.add("2026-03-02T09:00", 4 * H, exclude=paused)
        assert cn.elapsed("2026-03-02T09:00", "2026-03-02T14:00", exclude=paused) == 4 * H

    def test_pause_crossing_into_further_pauses(self, cn: BusinessCalendar) -> None:
        """09:00 + 2 h, paused 10:00-10:30 and 11:00-16:00: 09-10, 10:30-11, 16-16:30 = 2 h."""
        paused = [("2026-03-02T11:00", "2026-03-02T16:00"), ("2026-03-02T10:00", "2026-03-02T10:30")]
        assert at("2026-03-02T16:30") == cn.add("2026-03-02T09:00", 2 * H, exclude=paused)

    def test_pause_outside_coverage_changes_nothing(self, cn: BusinessCalendar) -> None:
        paused = [("2026-02-28T18:00", "2026-03-01T23:00")]
        assert at("2026-03-02T10:00") == cn.add("2026-02-28T16:00", 2 * H, exclude=paused)

    def test_pause_starting_just_before_the_due_time(self, cn: BusinessCalendar) -> None:
        """Regression: a pause from 1 µs before the unpaused due time, for 2 h, moves it by 2 h."""
        paused = [("2026-03-02T09:59:59.999999", "2026-03-02T11:59:59.999999")]
        assert at("2026-03-02T12:00") == cn.add("2026-03-02T09:00", H, exclude=paused)

    def test_pauses_going_back(self, cn: BusinessCalendar) -> None:
        """Mon 2 Mar 14:00 - 4 h with 10:00-11:00 paused: 14-11 (3 h) and 10-09 (1 h): 09:00."""
        paused = [("2026-03-02T10:00", "2026-03-02T11:00")]
        assert at("2026-03-02T09:00") == cn.add("2026-03-02T14:00", -4 * H, exclude=paused)


class TestOtherCountries:
    def test_bavarian_epiphany(self) -> None:
        """DE-BY: Tue 6 Jan 2026 (Heilige Drei Könige) is a state holiday.

        Mon 5 Jan 16:00 + 2 h: 1 h on Monday, none on the 6th, 1 h on Wed 7 Jan: 10:00.
        """
        cal = BusinessCalendar.preset("5x8", tz="Europe/Berlin", country="DE", subdiv="BY")
        assert not cal.is_working_day("2026-01-06")
        assert at("2026-01-07T10:00", "Europe/Berlin") == cal.add("2026-01-05T16:00", 2 * H)

    def test_other_states_work_on_epiphany(self) -> None:
        cal = BusinessCalendar.preset("5x8", tz="Europe/Berlin", country="DE", subdiv="BE")
        assert cal.is_working_day("2026-01-06")


class TestExplaining:
    def test_days_lists_reasons(self, cn: BusinessCalendar) -> None:
        """13-16 Feb 2026: an ordinary Friday, a make-up Saturday, a rest Sunday, New Year's Eve."""
        reasons = [(d.date.day, d.reason, d.working_day) for d in cn.days("2026-02-13", "2026-02-17")]
        assert [
            (13, "weekly", True),
            (14, "make-up", True),
            (15, "weekly", False),
            (16, "holiday", False),
        ] == reasons

    def test_7x18_names_the_holiday_it_stays_open_on(self) -> None:
        cal = BusinessCalendar.preset("7x18", tz=SH, country="CN")
        info = cal.day("2026-10-01")
        assert ("weekly", "06:00-24:00", False) == (info.reason, str(info.hours), info.working_day)
        assert info.holiday is not None

    def test_full_width_hours(self) -> None:
        """Hours as Chinese contracts type them: '8：30～17：30'."""
        cal = BusinessCalendar.preset("5x8", tz=SH, hours="8：30～17：30")
        assert "08:30-17:30" == str(cal.week[0])


class TestValueBehaviour:
    def test_pickle_and_copy(self, cn: BusinessCalendar) -> None:
        """Calendars travel to worker processes: pickled, they compute the same."""
        import copy
        import pickle

        cn.add("2026-02-13T16:00", 2 * H)  # grow the index first: it must not travel
        for clone in (pickle.loads(pickle.dumps(cn)), copy.deepcopy(cn)):
            assert cn == clone
            assert at("2026-02-14T10:00") == clone.add("2026-02-13T16:00", 2 * H)

    def test_equal_calendars_hash_equal(self) -> None:
        a = BusinessCalendar.parse("5×8 9:00-17:00", tz=SH, country="CN")
        b = BusinessCalendar.preset("5x8", tz=SH, country="cn")
        assert a == b
        assert hash(a) == hash(b)
        assert 1 == len({a, b})


class TestLocalStrings:
    """ISO strings without offset are read in the calendar's zone, by the same DST rules."""

    cal = BusinessCalendar.preset("7x24", tz="Europe/Berlin")

    def test_time_in_the_gap_moves_to_its_end(self) -> None:
        """'2026-03-29T02:30' does not exist in Berlin: it is read as 03:00 CEST (01:00Z)."""
        assert pendulum.datetime(2026, 3, 29, 1, 0, tz="UTC") == self.cal.next_open("2026-03-29T02:30")

    def test_repeated_time_is_its_first_occurrence(self) -> None:
        """'2026-10-25T02:30' happens twice: the first is 00:30Z; one hour later is 01:30Z."""
        later = self.cal.add("2026-10-25T02:30", H)
        assert pendulum.datetime(2026, 10, 25, 1, 30, tz="UTC") == later.in_timezone("UTC")
