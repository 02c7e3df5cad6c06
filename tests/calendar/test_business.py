"""`BusinessCalendar` (calendar/_business.py), its public face on examples taken from real clauses
(../shared/domain.md): adding and measuring business time, what is open, pauses, and the calendar
as a value.

Each expected value is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pendulum

from servicelevel import BusinessCalendar
from tests.conftest import SH, at

H = dt.timedelta(hours=1)
UTC = dt.UTC


class TestSpringFestival2026:
    """CN 2026: 15-23 Feb off; Sat 14 Feb and Sat 28 Feb are make-up working days."""

    def test_budget_runs_into_make_up_saturday(self, cn: BusinessCalendar) -> None:
        """A budget left at Friday's close runs into the make-up Saturday."""
        # Fri 13th 16:00 + 2 h: 1 h on Friday (to 17:00), 1 h on make-up Sat 14th (09:00-10:00).
        assert at("2026-02-14T10:00") == cn.add("2026-02-13T16:00", 2 * H)

    def test_budget_jumps_the_festival(self, cn: BusinessCalendar) -> None:
        """A budget left at the make-up Saturday's close jumps the festival."""
        # Sat 14th 16:00 + 2 h: 1 h to 17:00, then 15-23 Feb are closed, so Tue 24th 10:00.
        assert at("2026-02-24T10:00") == cn.add("2026-02-14T16:00", 2 * H)

    def test_elapsed_across_the_festival(self, cn: BusinessCalendar) -> None:
        """Elapsed time across the festival counts the Friday, the make-up Saturday and the Tuesday after."""
        # Fri 13th 09:00 to Tue 24th 10:00: 8 h (Fri) + 8 h (Sat 14th) + 1 h (Tue) = 17 h.
        assert cn.elapsed("2026-02-13T09:00", "2026-02-24T10:00") == 17 * H

    def test_days_closed_and_open(self, cn: BusinessCalendar) -> None:
        """The festival's days are closed, and the make-up Saturdays open 09:00-17:00."""
        # Holidays 16-20 and 23 Feb are closed; the make-up Saturdays are open 09:00-17:00.
        for day in ("2026-02-16", "2026-02-17", "2026-02-20", "2026-02-23"):
            assert not cn.is_open(f"{day}T10:00"), day
        assert cn.is_open("2026-02-14T09:00")
        assert cn.is_open("2026-02-28T16:59")
        assert not cn.is_open("2026-02-21T10:00")  # an ordinary Saturday inside the break

    def test_next_open_after_festival(self, cn: BusinessCalendar) -> None:
        """From inside the festival the next opening is the Tuesday after it."""
        # From Sun 15th noon the next opening is Tue 24th 09:00.
        assert at("2026-02-24T09:00") == cn.next_open("2026-02-15T12:00")

    def test_next_open_is_t_itself_when_open(self, cn: BusinessCalendar) -> None:
        """next_open of an open instant is that instant, to the microsecond."""
        t = at("2026-02-13T10:17:03.000004")
        assert t == cn.next_open(t)


class TestEndpoints:
    """Windows are [open, close); a budget spent at closing is due at closing."""

    def test_due_at_closing_not_next_opening(self, cn: BusinessCalendar) -> None:
        """A budget spent exactly at closing is due at closing, not at the next opening."""
        # Fri 2026-01-30 13:00 + 4 h = Fri 17:00 (not Mon 09:00).
        assert at("2026-01-30T17:00") == cn.add("2026-01-30T13:00", 4 * H)

    def test_closing_instant_is_closed(self, cn: BusinessCalendar) -> None:
        """The opening instant is open and the closing instant is closed."""
        assert cn.is_open("2026-01-30T16:59:59.999999")
        assert not cn.is_open("2026-01-30T17:00")
        assert cn.is_open("2026-01-30T09:00")

    def test_one_microsecond_before_closing(self, cn: BusinessCalendar) -> None:
        """Microseconds add exactly across the close, with no rounding."""
        # 16:59:59.999999 + 1 µs = 17:00 exactly: microsecond arithmetic, no rounding.
        assert at("2026-01-30T17:00") == cn.add("2026-01-30T16:59:59.999999", dt.timedelta(microseconds=1))
        assert at("2026-02-02T09:00:00.000001") == cn.add(
            "2026-01-30T16:59:59.999999", dt.timedelta(microseconds=2)
        )

    def test_start_while_closed(self, cn: BusinessCalendar) -> None:
        """A budget started on a closed weekend starts counting at the next opening."""
        # Sat 2026-01-31 (ordinary weekend) 12:00 + 30 min = Mon 2 Feb 09:30.
        assert at("2026-02-02T09:30") == cn.add("2026-01-31T12:00", dt.timedelta(minutes=30))

    def test_zero_returns_t(self, cn: BusinessCalendar) -> None:
        """Adding zero returns the instant itself, even when closed."""
        assert at("2026-01-31T12:00") == cn.add("2026-01-31T12:00", dt.timedelta(0))

    def test_negative_goes_back(self, cn: BusinessCalendar) -> None:
        """A negative duration goes back to the latest instant with that much open time after it."""
        # Mon 2 Feb 09:00 - 1 h = Fri 30 Jan 16:00; Mon 10:00 - 1 h = Mon 09:00 (the latest).
        assert at("2026-01-30T16:00") == cn.add("2026-02-02T09:00", -H)
        assert at("2026-02-02T09:00") == cn.add("2026-02-02T10:00", -H)

    def test_elapsed_is_negative_when_reversed(self, cn: BusinessCalendar) -> None:
        """Elapsed time is negative when the end is before the start."""
        assert cn.elapsed("2026-01-30T17:00", "2026-01-30T14:00") == -3 * H


class TestLunchBreak:
    """'服务时间 … 每天8:30至17:30' with a lunch break: 08:30-12:00 and 13:30-17:30 (7.5 h a day)."""

    cal = BusinessCalendar.preset("5x8", tz=SH, country="CN", hours="08:30-12:00,13:30-17:30")

    def test_budget_skips_lunch(self) -> None:
        """A budget skips the lunch break."""
        # 11:00 + 2 h: 1 h to 12:00, lunch, 1 h from 13:30 = 14:30.
        assert at("2026-03-03T14:30") == self.cal.add("2026-03-03T11:00", 2 * H)

    def test_due_at_lunch(self) -> None:
        """A budget spent at noon is due at the start of lunch."""
        # 11:00 + 1 h is due at 12:00, the start of lunch.
        assert at("2026-03-03T12:00") == self.cal.add("2026-03-03T11:00", H)

    def test_windows_clip(self) -> None:
        """The open windows are clipped to the span asked about."""
        spans = list(self.cal.windows("2026-03-03T10:00", "2026-03-03T14:00"))
        assert [
            (at("2026-03-03T10:00"), at("2026-03-03T12:00")),
            (at("2026-03-03T13:30"), at("2026-03-03T14:00")),
        ] == spans

    def test_parse_the_contract_notation(self) -> None:
        """The contract's notation with two windows parses to the same calendar."""
        assert self.cal == BusinessCalendar.parse("5×8 08:30-12:00,13:30-17:30", tz=SH, country="CN")


class TestOvernight:
    """'22:00-06:00' is one window belonging to the day it starts."""

    cal = BusinessCalendar(tz=SH, week={"mon-fri": "22:00-06:00"}, country="CN")

    def test_spans_midnight(self) -> None:
        """An overnight window counts across midnight into the next night."""
        # Tue 2026-03-03 23:00 + 8 h: 7 h to Wed 06:00, then 1 h from Wed 22:00 = Wed 23:00.
        assert at("2026-03-04T23:00") == self.cal.add("2026-03-03T23:00", 8 * H)

    def test_friday_night_runs_into_saturday(self) -> None:
        """Friday's night window runs into Saturday morning; Saturday night is closed."""
        # Fri 6 Mar 22:00-Sat 06:00 is open; Saturday night is not.
        assert self.cal.is_open("2026-03-07T05:59")
        assert not self.cal.is_open("2026-03-07T22:30")

    def test_holiday_closes_the_window_starting_on_it(self) -> None:
        """A holiday closes the window starting on it, not the one running into it."""
        # Thu 1 Oct 2026 (National Day): Wed 30 Sep's window runs to 06:00 on the 1st.
        #
        # No window starts on the 1st itself.
        assert self.cal.is_open("2026-10-01T03:00")
        assert not self.cal.is_open("2026-10-01T23:00")

    def test_a_night_lasts_eight_hours(self) -> None:
        """One overnight window is eight hours of business time."""
        assert self.cal.elapsed("2026-03-03T12:00", "2026-03-04T12:00") == 8 * H


class TestDaylightSaving:
    """Europe/Berlin 2026: spring forward Sun 29 Mar 02:00->03:00, fall back Sun 25 Oct 03:00->02:00."""

    nights = BusinessCalendar(tz="Europe/Berlin", week={"mon-sun": "00:00-06:00"})

    def test_short_night(self) -> None:
        """The night the clocks spring forward lasts 5 real hours."""
        # 00:00-06:00 on 29 Mar lasts 5 real hours.
        assert self.nights.elapsed("2026-03-29T00:00", "2026-03-29T12:00") == 5 * H

    def test_long_night(self) -> None:
        """The night the clocks fall back lasts 7 real hours."""
        # 00:00-06:00 on 25 Oct lasts 7 real hours.
        assert self.nights.elapsed("2026-10-25T00:00", "2026-10-25T12:00") == 7 * H

    def test_add_across_the_gap(self) -> None:
        """Adding across the spring-forward gap adds real time."""
        # 29 Mar 01:30 + 1 h = 03:30 local: 01:30 CET (00:30Z) + 1 h real = 01:30Z = 03:30 CEST.
        assert at("2026-03-29T03:30", "Europe/Berlin") == self.nights.add("2026-03-29T01:30", H)

    def test_boundary_in_the_gap_moves_to_its_end(self) -> None:
        """A window boundary inside the gap moves to the gap's end."""
        # '02:30-05:00' on 29 Mar: 02:30 does not exist, so the window opens at 03:00 CEST: 2 h.
        cal = BusinessCalendar(tz="Europe/Berlin", week={"sun": "02:30-05:00"})
        assert cal.elapsed("2026-03-29T00:00", "2026-03-29T12:00") == 2 * H
        assert at("2026-03-29T03:00", "Europe/Berlin") == cal.next_open("2026-03-29T00:00")

    def test_ambiguous_boundary_takes_first_occurrence(self) -> None:
        """A window boundary at a repeated time takes its first occurrence."""
        # '02:30-05:00' on 25 Oct opens at the first 02:30 (CEST, 00:30Z).
        #
        # It closes at 05:00 CET (04:00Z): 3.5 h.
        cal = BusinessCalendar(tz="Europe/Berlin", week={"sun": "02:30-05:00"})
        assert dt.timedelta(hours=3.5) == cal.elapsed("2026-10-25T00:00", "2026-10-25T12:00")
        # (aware datetimes at an ambiguous local time never equal another zone's: PEP 495)
        opens = cal.next_open("2026-10-25T00:00")
        assert pendulum.datetime(2026, 10, 25, 0, 30, tz="UTC") == opens.in_timezone("UTC")

    def test_inputs_in_any_zone(self) -> None:
        """The same instant given in UTC, a stdlib zone or with an offset gives the same answer, in the calendar's zone."""
        expected = self.nights.add("2026-03-29T01:30", H)
        assert expected == self.nights.add(dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC), H)
        assert expected == self.nights.add(
            dt.datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Berlin")), H
        )
        assert expected == self.nights.add("2026-03-29T01:30+01:00", H)
        assert expected.timezone_name == "Europe/Berlin"


class TestValueBehaviour:
    def test_pickle_and_copy(self, cn: BusinessCalendar) -> None:
        """A pickled or copied calendar is equal and computes the same, without its index."""
        # Calendars travel to worker processes: pickled, they compute the same.
        import copy
        import pickle

        cn.add("2026-02-13T16:00", 2 * H)  # grow the index first: it must not travel
        for clone in (pickle.loads(pickle.dumps(cn)), copy.deepcopy(cn)):
            assert cn == clone
            assert at("2026-02-14T10:00") == clone.add("2026-02-13T16:00", 2 * H)

    def test_equal_calendars_hash_equal(self) -> None:
        """A calendar parsed from notation equals and hashes like the same preset."""
        a = BusinessCalendar.parse("5×8 9:00-17:00", tz=SH, country="CN")
        b = BusinessCalendar.preset("5x8", tz=SH, country="cn")
        assert a == b
        assert hash(a) == hash(b)
        assert 1 == len({a, b})
