"""Day rules (calendar/_rules.py): the hours of each date and whether it is a working day, by one
precedence (special_hours > closed > holidays and make-up days > the weekly pattern), and coverage
that changes at a date (domain.md §1: "5×8 热线 … 延长至7×24").

``DESK`` is 5×8 (09:00-17:00, China's working days) until Sat 2026-02-28, then 7×24 from local
midnight of Sun 2026-03-01, in Asia/Shanghai (UTC+8).
"""

from __future__ import annotations

import datetime as dt

from servicelevel import BusinessCalendar, Hours
from tests.conftest import CN_5X8, CN_7X24, SH, at, sh

H = dt.timedelta(hours=1)
DESK = CN_5X8.switch("2026-03-01", CN_7X24)


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
        """Special hours beat a closed day."""
        assert (
            self.cal.day("2026-03-02").reason,
            str(self.cal.day("2026-03-02").hours),
        ) == ("special", "09:00-12:00")

    def test_closed_beats_make_up_day(self) -> None:
        """A closed day beats a make-up day for coverage, which stays a statutory working day."""
        assert self.cal.day("2026-02-14").reason == "closed"
        assert not self.cal.is_open("2026-02-14T10:00")
        assert self.cal.is_working_day("2026-02-14")  # still a statutory working day

    def test_special_beats_holiday(self) -> None:
        """Special hours beat a holiday."""
        assert self.cal.is_open("2026-02-17T11:00")
        assert not self.cal.is_open("2026-02-17T09:30")

    def test_make_up_day_uses_working_day_hours(self) -> None:
        """A make-up Saturday takes the working days' hours, not Saturday's."""
        # Sat 28 Feb is a make-up working day: Monday's 09:00-17:00, not Saturday's 10:00-12:00.
        assert self.cal.day("2026-02-28").reason == "make-up"
        assert self.cal.elapsed("2026-02-28T00:00", "2026-03-01T00:00") == 8 * H

    def test_ordinary_saturday_keeps_its_hours(self) -> None:
        """An ordinary Saturday keeps its own hours."""
        assert self.cal.elapsed("2026-03-07T00:00", "2026-03-08T00:00") == 2 * H

    def test_closed_weekday(self) -> None:
        """A closed weekday is closed."""
        assert not self.cal.is_open("2026-03-03T10:00")


class TestExplaining:
    def test_day_explains_itself(self, cn: BusinessCalendar) -> None:
        """day() gives a make-up day's reason and hours, and a holiday's name."""
        # The 14th is a make-up day with the regular 09:00-17:00; the 17th a named holiday.
        sat = cn.day("2026-02-14")
        assert (sat.reason, str(sat.hours), sat.working_day) == ("make-up", "09:00-17:00", True)
        tue = cn.day(dt.date(2026, 2, 17))
        assert (tue.reason, tue.hours, tue.working_day) == ("holiday", Hours(()), False)
        assert tue.holiday is not None
        assert "Chinese New Year" in tue.holiday

    def test_days_lists_reasons(self, cn: BusinessCalendar) -> None:
        """days() gives each day's reason and whether it is a working day."""
        # 13-16 Feb 2026: an ordinary Friday, a make-up Saturday, a rest Sunday, New Year's Eve.
        reasons = [(d.date.day, d.reason, d.working_day) for d in cn.days("2026-02-13", "2026-02-17")]
        assert [
            (13, "weekly", True),
            (14, "make-up", True),
            (15, "weekly", False),
            (16, "holiday", False),
        ] == reasons

    def test_7x18_names_the_holiday_it_stays_open_on(self) -> None:
        """A 7×18 calendar names the holiday it stays open on."""
        cal = BusinessCalendar.preset("7x18", tz=SH, country="CN")
        info = cal.day("2026-10-01")
        assert ("weekly", "06:00-24:00", False) == (info.reason, str(info.hours), info.working_day)
        assert info.holiday is not None

    def test_7x18_is_open_on_holidays(self) -> None:
        """7×18 is open 06:00-24:00 every day, the Spring Festival included."""
        # '提供7×18小时服务受理': every day 06:00-24:00, Spring Festival included.
        cal = BusinessCalendar.preset("7x18", tz=SH, country="CN")
        assert cal.is_open("2026-02-17T23:59")
        assert not cal.is_open("2026-02-17T05:59")
        assert at("2026-02-17T06:00") == cal.next_open("2026-02-17T02:00")
        assert cal.elapsed("2026-02-17T00:00", "2026-02-18T00:00") == 18 * H


class TestAcrossTheSwitch:
    """Coverage that changes at a date: ``DESK`` is 5×8 until Sat 2026-02-28, 7×24 from Sun 1 March."""

    def test_add(self) -> None:
        """Adding across the switch spends the last 5×8 hour, then runs round the clock."""
        # Sat 28 Feb (make-up day) 16:00-17:00 is 1 h; from Sun 1 Mar 00:00 round the clock: 2 h more.
        assert DESK.add("2026-02-28T16:00", dt.timedelta(hours=3)) == sh(2026, 3, 1, 2)

    def test_add_backwards(self) -> None:
        """Going back across the switch returns into the 5×8 part."""
        # From Sun 1 Mar 01:00 back 2 h: 1 h to midnight, then Sat 28 Feb closes at 17:00: 16:00.
        assert DESK.add("2026-03-01T01:00", -dt.timedelta(hours=2)) == sh(2026, 2, 28, 16)

    def test_elapsed(self) -> None:
        """Elapsed time across the switch counts each part's coverage."""
        # Fri 27 Feb 09:00 to Sun 1 Mar 12:00: 8 h + 8 h (make-up Sat) + 12 h = 28 h.
        assert DESK.elapsed("2026-02-27T09:00", "2026-03-01T12:00") == dt.timedelta(hours=28)

    def test_windows(self) -> None:
        """The windows across the switch come from each part."""
        got = [
            (a.isoformat(), b.isoformat()) for a, b in DESK.windows("2026-02-28T00:00", "2026-03-01T06:00")
        ]
        assert got == [
            ("2026-02-28T09:00:00+08:00", "2026-02-28T17:00:00+08:00"),
            ("2026-03-01T00:00:00+08:00", "2026-03-01T06:00:00+08:00"),
        ]

    def test_day_says_which_part(self) -> None:
        """day() says which part a date falls in, with that part's reason and hours."""
        before, after = DESK.day("2026-02-28"), DESK.day("2026-03-01")
        assert (before.part, before.reason, str(before.hours)) == (0, "make-up", "09:00-17:00")
        assert (after.part, after.reason, str(after.hours)) == (1, "weekly", "00:00-24:00")
        assert after.working_day is False  # Sunday: 7×24 coverage, but not a statutory working day

    def test_due_working_day_ends_at_each_parts_close(self) -> None:
        """A working-day term ends at the close of the part its last day falls in."""
        # 1 working day from Fri 27 Feb ends Sat 28 at 17:00 (5×8); from Sat 28, Mon 2 Mar at 24:00.
        assert DESK.due("2026-02-27T10:00", "1个工作日") == sh(2026, 2, 28, 17)
        assert DESK.due("2026-02-28T10:00", "1个工作日") == sh(2026, 3, 3, 0)

    def test_is_open(self) -> None:
        """Openness follows the part in force."""
        assert not DESK.is_open("2026-02-28T20:00")
        assert DESK.is_open("2026-03-01T03:00")
        assert not DESK.is_open("2026-02-01T03:00")


class TestSwitches:
    def test_several_switches_in_order(self) -> None:
        """Changes given out of order are sorted, and each part applies from its date."""
        # Given out of order, changes are sorted: 5×8, 7×24 from 1 Mar, 5×8 again from 1 Apr.
        cal = BusinessCalendar(
            tz=SH,
            week={"mon-fri": "09:00-17:00"},
            country="CN",
            changes=[("2026-04-01", CN_5X8), ("2026-03-01", CN_7X24)],
        )
        assert [d.isoformat() for d, _ in cal.changes] == ["2026-03-01", "2026-04-01"]
        assert cal.is_open("2026-03-15T03:00")
        assert not cal.is_open("2026-04-05T03:00")
        assert cal.day("2026-04-05").part == 2

    def test_equal_and_hashable(self) -> None:
        """A switched calendar equals and hashes like the same switch built again."""
        assert CN_5X8.switch("2026-03-01", CN_7X24) == DESK
        assert hash(CN_5X8.switch("2026-03-01", CN_7X24)) == hash(DESK)
        assert DESK != CN_5X8

    def test_pickles(self) -> None:
        """A switched calendar pickles and computes the same."""
        import pickle

        copy = pickle.loads(pickle.dumps(DESK))
        assert copy == DESK
        assert copy.add("2026-02-28T16:00", dt.timedelta(hours=3)) == sh(2026, 3, 1, 2)
