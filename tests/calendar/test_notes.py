"""Holiday-data warnings (calendar/_notes.py): said once per calendar and year, only when a result
touches a year whose statutory data was assumed, and pointing at the caller."""

from __future__ import annotations

import datetime as dt
import threading
import warnings

import pytest

from servicelevel import BusinessCalendar, HolidayDataWarning, HorizonExceededError, ServiceLevelWarning
from tests.conftest import SH, fresh_cn_5x8


class TestHolidayData:
    def test_unpublished_year_warns_once(self) -> None:
        """An unpublished year is warned about once, naming it."""
        # CN 2027's make-up days are not in the holidays package: warn once, naming 2027.
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        with pytest.warns(HolidayDataWarning, match=r"CN 2027: .*no make-up working days") as record:
            cal.add("2027-03-01T10:00", dt.timedelta(hours=1))
        cal.add("2027-03-02T10:00", dt.timedelta(hours=1))  # no second warning (filterwarnings=error)
        cal.is_working_day("2027-05-06")
        assert len(record) == 1
        assert issubclass(HolidayDataWarning, ServiceLevelWarning)

    def test_published_years_do_not_warn(self) -> None:
        """Published years give no warning."""
        # filterwarnings=error makes any warning fail this test.
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        cal.add("2026-12-30T10:00", dt.timedelta(hours=8))  # ends on Thu 31 Dec 2026

    def test_year_outside_the_data(self) -> None:
        """A year before the package's data is warned about, and the weekend rule answers."""
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        with pytest.warns(HolidayDataWarning, match="no data for CN before 1950"):
            assert cal.is_working_day("1949-10-03")  # a Monday: weekend rule only

    def test_no_country_never_warns(self) -> None:
        """A calendar without a country never warns."""
        BusinessCalendar.preset("5x8", tz=SH).add("2031-03-03T10:00", dt.timedelta(hours=1))

    def test_warning_points_at_the_caller(self) -> None:
        """The warning points at the caller's line."""
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        with pytest.warns(HolidayDataWarning) as record:
            cal.is_working_day("2027-03-01")
        assert __file__ == record[0].filename

    def test_failed_day_leaves_no_state(self) -> None:
        """After a day refused in 9999, an assumed year in range still warns, exactly once (#11, item 7)."""
        cal = fresh_cn_5x8()
        with pytest.raises(HorizonExceededError):
            cal.day(dt.date(9999, 6, 1))
        with pytest.warns(HolidayDataWarning, match="CN 2027"):
            cal.day(dt.date(2027, 6, 1))


class TestConcurrentWarnings:
    """Holiday-data bookkeeping under threads: no crash, one warning per calendar and year (#11, item 11)."""

    def test_eight_threads(self) -> None:
        """Eight threads on forty calendars give one warning per calendar and year, and no error (#11)."""
        calendars = [fresh_cn_5x8() for _ in range(40)]
        errors: list[BaseException] = []
        barrier = threading.Barrier(8)

        def work(k: int) -> None:
            barrier.wait()
            for i, cal in enumerate(calendars):
                try:
                    cal.is_open(f"2027-0{1 + (i + k) % 9}-0{1 + k % 9}T10:00")
                    cal.add("2027-03-02T10:00", dt.timedelta(hours=k + 1))
                    cal.is_working_day(f"2028-0{1 + k % 9}-01")
                except BaseException as e:  # pragma: no cover - the regression
                    errors.append(e)

        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        assert errors == []
        texts = [str(w.message) for w in record if issubclass(w.category, HolidayDataWarning)]
        assert sum(t.startswith("CN 2027:") for t in texts) == len(calendars)
        assert sum(t.startswith("CN 2028:") for t in texts) == len(calendars)
