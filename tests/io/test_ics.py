"""Deadlines and service schedules as iCalendar (io/_ics.py): refusals are ServiceLevelErrors
naming the argument (issue 17), and the dates written read back."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import (
    HorizonExceededError,
    InvalidInstantError,
    InvalidOptionError,
    ServiceLevelError,
)
from servicelevel.io import dates_to_ics, deadlines_to_ics, schedules_to_ics
from servicelevel.warranty import Schedule
from tests.conftest import CONTRACT


class TestIcs:
    """Old code let TypeError, AttributeError and OverflowError out of the iCalendar writers."""

    DAY = dt.date(2026, 3, 2)

    @pytest.mark.parametrize(
        ("args", "kind", "message"),
        [
            (("inspection", ["2026-03-02"]), InvalidInstantError, r"days\[0\]: expected a datetime\.date \(an all-day event\), got str '2026-03-02'"),
            (("inspection", [dt.datetime(2026, 3, 2, 9)]), InvalidInstantError, r"days\[0\]: expected a datetime\.date .*got datetime"),
            (("inspection", 5), InvalidOptionError, r"days: expected an iterable of dates .*got 5"),
            (("inspection", "2026-03-02"), InvalidOptionError, r"days: expected an iterable of dates"),
            ((5, [DAY]), InvalidOptionError, r"name: expected a string such as 'inspection', got 5"),
            (("inspection", [dt.date.max]), HorizonExceededError, r"days\[0\]: 9999-12-31 lies outside the dates servicelevel computes with, 0003-01-01 to 9996-12-31"),
        ],
    )  # fmt: skip
    def test_dates_to_ics(self, args: tuple[object, object], kind: type[Exception], message: str) -> None:
        """Bad days, names and dates out of range are refused by dates_to_ics with the field named (#17)."""
        with pytest.raises(kind, match=message) as info:
            dates_to_ics(*args)  # type: ignore[arg-type]
        assert isinstance(info.value, ServiceLevelError)

    def test_dates_to_ics_scope(self) -> None:
        """A scope that is not text is refused (#17)."""
        with pytest.raises(InvalidOptionError, match=r"scope: expected a string .*got None"):
            dates_to_ics("inspection", [self.DAY], scope=None)  # type: ignore[arg-type]

    def test_dates_to_ics_reads_good_input(self) -> None:
        """Dates from any iterable become all-day events (#17)."""
        data = dates_to_ics("inspection", iter([self.DAY]), scope="S-1")
        assert b"DTSTART;VALUE=DATE:20260302" in data

    @pytest.mark.parametrize(
        ("title", "deadlines", "message"),
        [
            ("t", [1], r"deadlines: expected a mapping of metric names to Deadline, .*got list \[1\]"),
            ("t", None, r"deadlines: expected a mapping of metric names to Deadline, .*got NoneType None"),
            ("t", {"response": 5}, r"deadlines: expected a mapping .*got the item 'response': int 5"),
            (5, {}, r"title: expected a string such as 'P1 reported 2026-02-13', got 5"),
        ],
    )  # fmt: skip
    def test_deadlines_to_ics(self, title: object, deadlines: object, message: str) -> None:
        """Bad deadlines and titles are refused by deadlines_to_ics with the field named (#17)."""
        with pytest.raises(InvalidOptionError, match=message) as info:
            deadlines_to_ics(title, deadlines)  # type: ignore[arg-type]
        assert isinstance(info.value, ServiceLevelError)

    def test_deadlines_to_ics_refuses_a_non_text_key(self) -> None:
        """Deadlines become one event each, and a key that is not text is refused (#17)."""
        contract = CONTRACT
        d = contract.deadlines("P1", reported_at="2026-02-13T16:30+08:00")
        assert deadlines_to_ics("t", d).count(b"BEGIN:VEVENT") == 3
        with pytest.raises(InvalidOptionError, match=r"got the item 5: Deadline"):
            deadlines_to_ics("t", {5: d["response"]})  # type: ignore[dict-item]

    def test_schedules_to_ics_is_dates_to_ics_for_one(self) -> None:
        """schedules_to_ics of one schedule is the file dates_to_ics writes (#17 §3)."""
        days = [dt.date(2026, 3, 2), dt.date(2026, 3, 16)]
        assert schedules_to_ics({"visit": days}, scope="X") == dates_to_ics("visit", days, scope="X")


@settings(max_examples=60, deadline=None)
@given(
    st.dates(dt.date(2000, 1, 1), dt.date(2080, 1, 1)),
    st.sampled_from(["1周", "2周", "1个月", "3个月", "半年"]),
    st.integers(30, 800),
)
def test_ics_parses_back_to_the_same_dates(start: dt.date, every: str, days: int) -> None:
    """A schedule's dates written as iCalendar parse back to the same dates with distinct UIDs."""
    from icalendar import Calendar

    s = Schedule(name="visit", starts=start, phases=[{"every": every}])
    dates = s.occurrences(start, start + dt.timedelta(days=days))
    parsed = Calendar.from_ical(dates_to_ics("visit", dates))
    back = [e.decoded("dtstart") for e in parsed.walk("VEVENT")]
    assert back == dates
    assert len({str(e["uid"]) for e in parsed.walk("VEVENT")}) == len(dates)
