"""Bad input gets a clear ServiceLevelError naming the field, the value and what is accepted."""

from __future__ import annotations

import datetime as dt

import pytest

from servicelevel import (
    BusinessCalendar,
    CalendarNeverOpenError,
    HolidayDataWarning,
    HorizonExceededError,
    Hours,
    InvalidHoursError,
    InvalidInstantError,
    InvalidWeekError,
    NaiveDatetimeError,
    ServiceLevelError,
    ServiceLevelWarning,
    UnknownCountryError,
    UnknownNotationError,
    UnknownTimezoneError,
)

SH = "Asia/Shanghai"
CN = BusinessCalendar.preset("5x8", tz=SH, country="CN")


class TestInstants:
    def test_naive_datetime(self) -> None:
        """A naive datetime is refused with a hint how to make it aware; it is a ValueError too."""
        with pytest.raises(NaiveDatetimeError, match=r"t: .*naive.*tz='Asia/Shanghai'") as info:
            CN.add(dt.datetime(2026, 2, 13, 10), dt.timedelta(hours=1))
        assert isinstance(info.value, ValueError)
        assert isinstance(info.value, ServiceLevelError)

    @pytest.mark.parametrize("method", ["is_open", "next_open"])
    def test_naive_everywhere(self, method: str) -> None:
        with pytest.raises(NaiveDatetimeError):
            getattr(CN, method)(dt.datetime(2026, 2, 13, 10))

    def test_naive_end_of_elapsed_names_the_field(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^end: "):
            CN.elapsed("2026-02-13T10:00", dt.datetime(2026, 2, 13, 12))

    def test_date_is_not_an_instant(self) -> None:
        with pytest.raises(InvalidInstantError, match="expected an instant, got date") as info:
            CN.is_open(dt.date(2026, 2, 13))  # type: ignore[arg-type]
        assert isinstance(info.value, TypeError)

    @pytest.mark.parametrize("text", ["2026-02-13", "tomorrow", "13/02/2026 10:00", ""])
    def test_string_without_time(self, text: str) -> None:
        with pytest.raises(InvalidInstantError, match="ISO 8601"):
            CN.is_open(text)

    def test_duration_must_be_a_timedelta(self) -> None:
        with pytest.raises(InvalidInstantError, match=r"duration: expected a datetime\.timedelta"):
            CN.add("2026-02-13T10:00", 3600)  # type: ignore[arg-type]

    def test_bad_day(self) -> None:
        with pytest.raises(InvalidInstantError, match="day: expected a date"):
            CN.is_working_day("Friday")

    def test_naive_day(self) -> None:
        with pytest.raises(NaiveDatetimeError):
            CN.is_working_day(dt.datetime(2026, 2, 13))


class TestConstruction:
    def test_unknown_zone(self) -> None:
        with pytest.raises(UnknownTimezoneError, match="tz: 'Asia/Shanghia' is not an IANA"):
            BusinessCalendar.preset("5x8", tz="Asia/Shanghia")

    def test_unknown_country(self) -> None:
        with pytest.raises(UnknownCountryError, match="country: 'XX' is not a country"):
            BusinessCalendar.preset("5x8", tz=SH, country="XX")

    def test_unknown_subdivision(self) -> None:
        with pytest.raises(UnknownCountryError, match=r"subdiv: 'ZZ' is not a subdivision of 'DE'.*BY"):
            BusinessCalendar.preset("5x8", tz="Europe/Berlin", country="DE", subdiv="ZZ")

    def test_country_is_case_insensitive(self) -> None:
        assert BusinessCalendar.preset("5x8", tz=SH, country="cn").country == "CN"

    @pytest.mark.parametrize(
        ("hours", "message"),
        [
            ("25:00-26:00", "not a time of day"),
            ("09:00-25:00", "not a time of day"),
            ("09:60-17:00", "not a time of day"),
            ("24:00-06:00", "24:00 is allowed only as an end"),
            ("09:00-09:00", "empty"),
            ("nine to five", "cannot read the window"),
            ("09-17", "cannot read the time"),
            ("09:00-12:00,11:00-13:00", "overlap"),
            ("", "empty string"),
        ],
    )
    def test_malformed_hours(self, hours: str, message: str) -> None:
        with pytest.raises(InvalidHoursError, match=message) as info:
            BusinessCalendar.preset("5x8", tz=SH, hours=hours)
        assert repr(hours) in str(info.value) or hours == ""
        assert isinstance(info.value, ValueError)

    def test_overnight_is_not_an_error(self) -> None:
        cal = BusinessCalendar.preset("5x8", tz=SH, hours="17:00-09:00")
        assert cal.is_open("2026-03-03T03:00")

    def test_empty_week(self) -> None:
        with pytest.raises(InvalidWeekError, match="the mapping is empty"):
            BusinessCalendar(tz=SH, week={})

    def test_day_named_twice(self) -> None:
        with pytest.raises(InvalidWeekError, match="'mon' is given twice"):
            BusinessCalendar(tz=SH, week={"mon-fri": "09:00-17:00", "mon": "10:00-12:00"})

    def test_unknown_day(self) -> None:
        with pytest.raises(InvalidWeekError, match="unknown day 'funday'"):
            BusinessCalendar(tz=SH, week={"funday": "09:00-17:00"})

    def test_bad_hours_in_week_names_the_day(self) -> None:
        with pytest.raises(InvalidHoursError, match=r"week\['sat'\]"):
            BusinessCalendar(tz=SH, week={"mon-fri": "09:00-17:00", "sat": "10:00-31:00"})

    @pytest.mark.parametrize("text", ["8x25", "5x9", "24/7", "five by eight"])
    def test_unknown_notation(self, text: str) -> None:
        with pytest.raises(UnknownNotationError, match=r"is not a coverage notation.*'5x8', '5×8'") as info:
            BusinessCalendar.parse(text, tz=SH)
        assert isinstance(info.value, ValueError)

    def test_round_the_clock_with_hours(self) -> None:
        with pytest.raises(UnknownNotationError, match="round-the-clock cover and cannot also name hours"):
            BusinessCalendar.parse("7x24 09:00-17:00", tz=SH)

    def test_unknown_preset(self) -> None:
        with pytest.raises(UnknownNotationError, match="unknown preset '8x25'"):
            BusinessCalendar.preset("8x25", tz=SH)


class TestNeverOpen:
    def test_closed_week_raises_instead_of_looping(self) -> None:
        cal = BusinessCalendar(tz=SH, week={"mon-sun": None})
        with pytest.raises(CalendarNeverOpenError, match="never open"):
            cal.add("2026-03-02T10:00", dt.timedelta(hours=1))
        with pytest.raises(CalendarNeverOpenError, match="never open"):
            cal.next_open("2026-03-02T10:00")
        assert cal.elapsed("2026-03-02T00:00", "2026-03-09T00:00").total_seconds() == 0

    def test_open_only_on_special_days(self) -> None:
        """A calendar open only on 2 Mar 2026 runs out of open time after it."""
        cal = BusinessCalendar(tz=SH, week={"mon-sun": "closed"}, special_hours={"2026-03-02": "09:00-17:00"})
        assert cal.add("2026-03-01T10:00", dt.timedelta(hours=8)) == cal.add(
            "2026-03-02T09:00", dt.timedelta(hours=8)
        )
        with pytest.raises(CalendarNeverOpenError, match="no open time after 2026-03-02"):
            cal.add("2026-03-01T10:00", dt.timedelta(hours=9))
        with pytest.raises(CalendarNeverOpenError, match="no open time before 2026-03-02"):
            cal.add("2026-03-02T10:00", dt.timedelta(hours=-2))

    def test_horizon(self) -> None:
        """150 years of 7×24 time cannot be spent within the 100-year horizon."""
        cal = BusinessCalendar.preset("7x24", tz=SH)
        with pytest.raises(HorizonExceededError, match="100 years"):
            cal.add("2026-03-02T10:00", dt.timedelta(days=150 * 365))


class TestHolidayData:
    def test_unpublished_year_warns_once(self) -> None:
        """CN 2027's make-up days are not in the holidays package: warn once, naming 2027."""
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        with pytest.warns(HolidayDataWarning, match=r"CN 2027: .*no make-up working days") as record:
            cal.add("2027-03-01T10:00", dt.timedelta(hours=1))
        cal.add("2027-03-02T10:00", dt.timedelta(hours=1))  # no second warning (filterwarnings=error)
        cal.is_working_day("2027-05-06")
        assert len(record) == 1
        assert issubclass(HolidayDataWarning, ServiceLevelWarning)

    def test_published_years_do_not_warn(self) -> None:
        """filterwarnings=error makes any warning fail this test."""
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        cal.add("2026-12-30T10:00", dt.timedelta(hours=8))  # ends on Thu 31 Dec 2026

    def test_year_outside_the_data(self) -> None:
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        with pytest.warns(HolidayDataWarning, match="no data for CN before 1950"):
            assert cal.is_working_day("1949-10-03")  # a Monday: weekend rule only

    def test_no_country_never_warns(self) -> None:
        BusinessCalendar.preset("5x8", tz=SH).add("2031-03-03T10:00", dt.timedelta(hours=1))


class TestValues:
    def test_hours_built_directly_are_checked(self) -> None:
        with pytest.raises(InvalidHoursError, match=r"Hours\.spans: expected sorted, disjoint"):
            Hours(((5, 3),))

    def test_closed_takes_dates_not_instants(self) -> None:
        with pytest.raises(InvalidInstantError, match="closed: expected a date"):
            BusinessCalendar.preset("5x8", tz=SH, closed=[dt.datetime(2026, 3, 2, tzinfo=dt.UTC)])

    def test_warning_points_at_the_caller(self) -> None:
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        with pytest.warns(HolidayDataWarning) as record:
            cal.is_working_day("2027-03-01")
        assert __file__ == record[0].filename

    def test_windows_checks_its_arguments_at_once(self) -> None:
        """Not lazily on iteration: the error comes from the call."""
        with pytest.raises(NaiveDatetimeError, match=r"^start: "):
            CN.windows(dt.datetime(2026, 3, 2), "2026-03-03T00:00")
