"""Instants and dates read in a zone (calendar/_time.py): time zones by name, local ISO strings by
the zone's DST rules, and the range of dates servicelevel computes with."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from servicelevel import (
    BusinessCalendar,
    Days,
    HorizonExceededError,
    InvalidInstantError,
    NaiveDatetimeError,
    UnknownTimezoneError,
)
from tests.conftest import CN_5X8, SH, fresh_cn_5x8

H = dt.timedelta(hours=1)
UTC = dt.UTC


class TestZones:
    def test_unknown_zone(self) -> None:
        """A zone that is not an IANA name is refused."""
        with pytest.raises(UnknownTimezoneError, match="tz: 'Asia/Shanghia' is not an IANA"):
            BusinessCalendar.preset("5x8", tz="Asia/Shanghia")


class TestLocalStrings:
    """ISO strings without offset are read in the calendar's zone, by the same DST rules."""

    cal = BusinessCalendar.preset("7x24", tz="Europe/Berlin")

    def test_time_in_the_gap_moves_to_its_end(self) -> None:
        """A local time inside the spring-forward gap is read as the gap's end."""
        # '2026-03-29T02:30' does not exist in Berlin: it is read as 03:00 CEST (01:00Z).
        assert pendulum.datetime(2026, 3, 29, 1, 0, tz="UTC") == self.cal.next_open("2026-03-29T02:30")

    def test_repeated_time_is_its_first_occurrence(self) -> None:
        """A repeated local time is read as its first occurrence."""
        # '2026-10-25T02:30' happens twice: the first is 00:30Z; one hour later is 01:30Z.
        later = self.cal.add("2026-10-25T02:30", H)
        assert pendulum.datetime(2026, 10, 25, 1, 30, tz="UTC") == later.in_timezone("UTC")


class TestDays:
    def test_bad_day(self) -> None:
        """A day that is not a date is refused."""
        with pytest.raises(InvalidInstantError, match="day: expected a date"):
            CN_5X8.is_working_day("Friday")

    def test_naive_day(self) -> None:
        """A naive datetime given as a day is refused."""
        with pytest.raises(NaiveDatetimeError):
            CN_5X8.is_working_day(dt.datetime(2026, 2, 13))


class TestRange:
    """The ends of ``datetime``'s range: a HorizonExceededError naming the argument, and no state left (#11, item 7)."""

    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (lambda c: c.is_open("0001-01-01T00:00"), "t"),
            (lambda c: c.is_open("9999-12-31T23:00-05:00"), "t"),
            (lambda c: c.due(dt.datetime.max.replace(tzinfo=UTC), "1个工作日"), "start"),
            (lambda c: c.due(dt.datetime.min.replace(tzinfo=UTC), "1h"), "start"),
            (lambda c: c.day(dt.date(9999, 6, 1)), "day"),
            (lambda c: c.is_working_day(dt.date(1, 1, 1)), "day"),
            (lambda c: c.add_working_days(dt.date(9999, 1, 1), 1), "day"),
            (lambda c: c.period_end("9990-01-01", "5000天"), "term"),
            (lambda c: c.due("2026-01-01T10:00", Days(100_000)), "term"),
            (lambda c: c.period_end("9990-01-01", "20年"), "term"),
            (lambda c: c.next_open(dt.datetime.max.replace(tzinfo=UTC)), "t"),
            (lambda c: c.elapsed("2026-01-01T00:00", dt.datetime.max.replace(tzinfo=UTC)), "end"),
        ],
    )
    def test_refused_with_the_field(self, call: object, field: str) -> None:
        """Each call at the ends of datetime's range is refused, naming the argument (#11)."""
        with pytest.raises(HorizonExceededError, match=rf"^{field}: "):
            call(fresh_cn_5x8())  # type: ignore[operator]

    def test_last_supported_day_works(self) -> None:
        """The first and last supported years still answer (#11)."""
        cal = BusinessCalendar.preset("7x24", tz=SH)
        assert cal.is_open("9996-12-31T12:00")
        assert cal.is_open("0003-01-01T12:00")
