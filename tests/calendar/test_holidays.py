"""Statutory holidays and make-up working days (calendar/_holidays.py): countries and subdivisions
looked up in the holidays package, and schedules the caller supplies (issue 10: extra_holidays and
extra_workdays).

The installed holidays package has China's schedule up to 2026 only, so 2027 is the year a user
fills in from the State Council's notice. The dates below are an illustrative schedule, not the real
2027 one: Sat 2027-02-20 a make-up working day, Mon 2027-03-01 a day off ("site closed").
"""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

from servicelevel import (
    INCLUSIVE,
    BusinessCalendar,
    HolidayDataWarning,
    InvalidScheduleError,
    ServiceLevelError,
    UnknownCountryError,
)
from tests.conftest import SH, at, sh

H = dt.timedelta(hours=1)

SUPPLIED = {"extra_workdays": ["2027-02-20"], "extra_holidays": {"2027-03-01": "site closed"}}
CAL = BusinessCalendar.preset("5x8", tz=SH, country="CN", **SUPPLIED)  # type: ignore[arg-type]


class TestCountries:
    """Countries are looked up in the package's registry (#11, item 9)."""

    def test_unknown_country(self) -> None:
        """An unknown country is refused."""
        with pytest.raises(UnknownCountryError, match="country: 'XX' is not a country"):
            BusinessCalendar.preset("5x8", tz=SH, country="XX")

    def test_unknown_subdivision(self) -> None:
        """An unknown subdivision is refused, listing the country's."""
        with pytest.raises(UnknownCountryError, match=r"subdiv: 'ZZ' is not a subdivision of 'DE'.*BY"):
            BusinessCalendar.preset("5x8", tz="Europe/Berlin", country="DE", subdiv="ZZ")

    def test_country_is_case_insensitive(self) -> None:
        """A country code is read in any case."""
        assert BusinessCalendar.preset("5x8", tz=SH, country="cn").country == "CN"

    @pytest.mark.parametrize("code", ["MON", "JAN", "PUBLIC", "XX"])
    def test_module_names_are_not_countries(self, code: str) -> None:
        """Names of modules in the holidays package are not countries (#11)."""
        with pytest.raises(UnknownCountryError, match=rf"^country: '{code}' is not a country"):
            BusinessCalendar.preset("5x8", tz=SH, country=code)

    @pytest.mark.parametrize(("name", "code"), [("China", "CN"), ("germany", "DE"), ("United States", "US")])
    def test_names_suggest_the_code(self, name: str, code: str) -> None:
        """A country's name is refused with its code suggested (#11)."""
        with pytest.raises(UnknownCountryError, match=rf"its code is '{code}'"):
            BusinessCalendar.preset("5x8", tz=SH, country=name)

    def test_alpha3_still_works(self) -> None:
        """A three-letter code still works (#11)."""
        assert BusinessCalendar.preset("5x8", tz=SH, country="CHN").is_working_day("2026-02-14")

    def test_bavarian_epiphany(self) -> None:
        """In Bavaria Epiphany is a state holiday that business time skips."""
        # DE-BY: Tue 6 Jan 2026 (Heilige Drei Könige) is a state holiday.
        #
        # Mon 5 Jan 16:00 + 2 h: 1 h on Monday, none on the 6th, 1 h on Wed 7 Jan: 10:00.
        cal = BusinessCalendar.preset("5x8", tz="Europe/Berlin", country="DE", subdiv="BY")
        assert not cal.is_working_day("2026-01-06")
        assert at("2026-01-07T10:00", "Europe/Berlin") == cal.add("2026-01-05T16:00", 2 * H)

    def test_other_states_work_on_epiphany(self) -> None:
        """Other German states work on Epiphany."""
        cal = BusinessCalendar.preset("5x8", tz="Europe/Berlin", country="DE", subdiv="BE")
        assert cal.is_working_day("2026-01-06")


class TestMakeUpSaturday:
    def test_is_a_working_day(self) -> None:
        """A supplied make-up Saturday is a working day for adding and counting (#10)."""
        assert CAL.is_working_day("2027-02-20")
        # Fri 19 Feb + 1 working day is the supplied make-up Saturday, not Mon 22 Feb
        assert CAL.add_working_days("2027-02-19", 1) == dt.date(2027, 2, 20)
        assert CAL.working_days("2027-02-15", "2027-02-22") == 6  # Mon-Fri and the Saturday

    def test_opens_with_make_up_hours_and_ends_a_working_day_term(self) -> None:
        """A supplied make-up Saturday opens with working-day hours and ends a working-day term at close (#10)."""
        # 1个工作日 from Fri 19 Feb 10:00: the make-up Saturday, ending when 5×8 closes, 17:00.
        assert CAL.is_open("2027-02-20T10:00")
        assert CAL.due("2027-02-19T10:00", "1个工作日") == sh(2027, 2, 20, 17, 0)
        info = CAL.day("2027-02-20")
        assert (info.reason, str(info.hours), info.working_day, info.supplied) == (
            "make-up",
            "09:00-17:00",
            True,
            True,
        )


class TestSuppliedDayOff:
    def test_rolls_a_warranty_forward(self) -> None:
        """A supplied day off rolls a period's last day forward, unless inclusive (#10)."""
        # 3 years from 2024-03-01 end on Mon 2027-03-01 (art. 202); supplied as a day off, Tue 2 March (art.
        # 203).
        plain = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HolidayDataWarning)
            assert plain.period_end("2024-03-01", "3年") == dt.date(2027, 3, 1)
        assert CAL.period_end("2024-03-01", "3年") == dt.date(2027, 3, 2)
        assert CAL.period_end("2024-03-01", "3年", INCLUSIVE) == dt.date(2027, 2, 28)  # no roll in that rule

    def test_closes_coverage_with_the_users_name(self) -> None:
        """A supplied day off closes coverage and carries the user's name for it (#10)."""
        assert not CAL.is_open("2027-03-01T10:00")
        info = CAL.day("2027-03-01")
        assert (info.reason, info.holiday, info.working_day, info.supplied) == (
            "holiday",
            "site closed",
            False,
            True,
        )

    def test_round_the_clock_coverage_stays_open(self) -> None:
        """7×24 coverage stays open on a supplied day off, which is still no working day (#10)."""
        # 7×24 does not observe holidays for coverage; the statutory answer still follows the schedule.
        cal = BusinessCalendar.preset("7x24", tz=SH, country="CN", **SUPPLIED)  # type: ignore[arg-type]
        assert cal.is_open("2027-03-01T10:00")
        assert not cal.is_working_day("2027-03-01")


class TestPrecedence:
    def test_special_and_closed_beat_the_schedule(self) -> None:
        """Special hours and closed days beat the supplied schedule, which still decides working days (#10)."""
        cal = BusinessCalendar.preset(
            "5x8",
            tz=SH,
            country="CN",
            closed=["2027-02-20"],
            special_hours={"2027-03-01": "09:00-12:00"},
            **SUPPLIED,
        )  # type: ignore[arg-type]
        assert cal.day("2027-02-20").reason == "closed"
        assert cal.day("2027-02-20").working_day  # coverage closed, statutorily still a working day
        assert cal.day("2027-03-01").reason == "special"
        assert not cal.day("2027-03-01").working_day

    def test_workday_overrides_the_package(self) -> None:
        """A supplied workday overrides a day off in the package (#10)."""
        # Mon 2026-02-16 is in the package's Spring Festival days off; supplied as a workday it opens.
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN", extra_workdays=["2026-02-16"])
        assert cal.day("2026-02-16").reason == "make-up"
        assert cal.is_working_day("2026-02-16")

    def test_a_day_both_ways_is_refused(self) -> None:
        """A day supplied both as a workday and as a holiday is refused (#10)."""
        with pytest.raises(
            InvalidScheduleError, match=r"^extra_workdays: 2027-02-20 is also in extra_holidays"
        ) as e:
            BusinessCalendar.preset(
                "5x8", tz=SH, country="CN", extra_workdays=["2027-02-20"], extra_holidays={"2027-02-20": "x"}
            )
        assert isinstance(e.value, ServiceLevelError)
        assert isinstance(e.value, ValueError)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"extra_holidays": ["2027-01-01"]}, r"^extra_holidays: expected a mapping of dates to names"),
            (
                {"extra_holidays": {"2027-01-01": ""}},
                r"^extra_holidays\[2027-01-01\]: expected the day's name",
            ),
            ({"extra_holidays": {"tomorrow": "x"}}, r"^extra_holidays: expected a date"),
            ({"extra_workdays": 5}, r"^extra_workdays: expected dates"),
        ],
    )
    def test_bad_schedules(self, kwargs: dict[str, object], message: str) -> None:
        """Each malformed supplied schedule is refused with its field named (#10)."""
        with pytest.raises(ServiceLevelError, match=message):
            BusinessCalendar.preset("5x8", tz=SH, country="CN", **kwargs)  # type: ignore[arg-type]


class TestSuppliedYears:
    def test_a_supplied_year_counts_as_published(self) -> None:
        """A year with a supplied schedule is not warned about; the next one still is (#10)."""
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN", **SUPPLIED)  # type: ignore[arg-type]
        cal.add("2027-06-01T10:00", dt.timedelta(hours=30))  # filterwarnings=error: no warning for 2027
        assert cal.working_days("2027-01-01", "2027-12-31") > 0
        with pytest.warns(HolidayDataWarning, match="CN 2028"):
            cal.is_working_day("2028-03-01")
