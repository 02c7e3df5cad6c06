"""Coverage that changes at a date (domain.md §1: "5×8 热线 … 延长至7×24").

``DESK`` is 5×8 (09:00-17:00, China's working days) until Sat 2026-02-28, then
7×24 from local midnight of Sun 2026-03-01, in Asia/Shanghai (UTC+8).
"""

from __future__ import annotations

import datetime as dt

import pytest

from servicelevel import BusinessCalendar, InvalidWeekError

SH = "Asia/Shanghai"
UTC = dt.UTC
FIVE = BusinessCalendar.preset("5x8", tz=SH, country="CN")
ROUND = BusinessCalendar.preset("7x24", tz=SH, country="CN")
DESK = FIVE.switch("2026-03-01", ROUND)


def sh(*args: int) -> dt.datetime:
    """An instant given in Shanghai wall-clock time, as UTC (UTC+8 all year)."""
    return dt.datetime(*args, tzinfo=UTC) - dt.timedelta(hours=8)  # type: ignore[misc]


class TestAcrossTheSwitch:
    def test_add(self) -> None:
        """Sat 28 Feb (make-up day) 16:00-17:00 is 1 h; from Sun 1 Mar 00:00 round the clock: 2 h more."""
        assert DESK.add("2026-02-28T16:00", dt.timedelta(hours=3)) == sh(2026, 3, 1, 2)

    def test_add_backwards(self) -> None:
        """From Sun 1 Mar 01:00 back 2 h: 1 h to midnight, then Sat 28 Feb closes at 17:00: 16:00."""
        assert DESK.add("2026-03-01T01:00", -dt.timedelta(hours=2)) == sh(2026, 2, 28, 16)

    def test_elapsed(self) -> None:
        """Fri 27 Feb 09:00 to Sun 1 Mar 12:00: 8 h + 8 h (make-up Sat) + 12 h = 28 h."""
        assert DESK.elapsed("2026-02-27T09:00", "2026-03-01T12:00") == dt.timedelta(hours=28)

    def test_windows(self) -> None:
        got = [
            (a.isoformat(), b.isoformat()) for a, b in DESK.windows("2026-02-28T00:00", "2026-03-01T06:00")
        ]
        assert got == [
            ("2026-02-28T09:00:00+08:00", "2026-02-28T17:00:00+08:00"),
            ("2026-03-01T00:00:00+08:00", "2026-03-01T06:00:00+08:00"),
        ]

    def test_day_says_which_part(self) -> None:
        before, after = DESK.day("2026-02-28"), DESK.day("2026-03-01")
        assert (before.part, before.reason, str(before.hours)) == (0, "make-up", "09:00-17:00")
        assert (after.part, after.reason, str(after.hours)) == (1, "weekly", "00:00-24:00")
        assert after.working_day is False  # Sunday: 7×24 coverage, but not a statutory working day

    def test_due_working_day_ends_at_each_parts_close(self) -> None:
        """1 working day from Fri 27 Feb ends Sat 28 at 17:00 (5×8); from Sat 28, Mon 2 Mar at 24:00."""
        assert DESK.due("2026-02-27T10:00", "1个工作日") == sh(2026, 2, 28, 17)
        assert DESK.due("2026-02-28T10:00", "1个工作日") == sh(2026, 3, 3, 0)

    def test_is_open(self) -> None:
        assert not DESK.is_open("2026-02-28T20:00")
        assert DESK.is_open("2026-03-01T03:00")
        assert not DESK.is_open("2026-02-01T03:00")


class TestShape:
    def test_several_switches_in_order(self) -> None:
        """Given out of order, changes are sorted: 5×8, 7×24 from 1 Mar, 5×8 again from 1 Apr."""
        cal = BusinessCalendar(
            tz=SH,
            week={"mon-fri": "09:00-17:00"},
            country="CN",
            changes=[("2026-04-01", FIVE), ("2026-03-01", ROUND)],
        )
        assert [d.isoformat() for d, _ in cal.changes] == ["2026-03-01", "2026-04-01"]
        assert cal.is_open("2026-03-15T03:00")
        assert not cal.is_open("2026-04-05T03:00")
        assert cal.day("2026-04-05").part == 2

    def test_equal_and_hashable(self) -> None:
        assert FIVE.switch("2026-03-01", ROUND) == DESK
        assert hash(FIVE.switch("2026-03-01", ROUND)) == hash(DESK)
        assert DESK != FIVE

    def test_pickles(self) -> None:
        import pickle

        copy = pickle.loads(pickle.dumps(DESK))
        assert copy == DESK
        assert copy.add("2026-02-28T16:00", dt.timedelta(hours=3)) == sh(2026, 3, 1, 2)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            (
                [("2026-03-01", BusinessCalendar.preset("7x24", tz="Europe/Berlin"))],
                "differs from the calendar's zone",
            ),
            ([("2026-03-01", DESK)], "has changes of its own"),
            ([("2026-03-01", "7x24")], "expected \\(date, BusinessCalendar\\) pairs"),
            ([("2026-03-01", ROUND), ("2026-03-01", FIVE)], "given twice"),
            (5, "expected \\(date, BusinessCalendar\\) pairs"),
        ],
    )
    def test_bad_changes(self, changes: object, message: str) -> None:
        with pytest.raises(InvalidWeekError, match=rf"^changes: .*{message}"):
            BusinessCalendar(tz=SH, week={"mon-fri": "09:00-17:00"}, changes=changes)  # type: ignore[arg-type]
