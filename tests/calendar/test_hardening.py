"""Regressions from the adversarial probe (issue 11): each test failed before its fix.

``CN`` is the issue's ``cal``: 5×8 in Asia/Shanghai with China's statutory days.
"""

from __future__ import annotations

import datetime as dt
import threading
import warnings

import pandas as pd
import pytest

from servicelevel import (
    CIVIL_CODE,
    BusinessCalendar,
    CalendarNeverOpenError,
    Days,
    HolidayDataWarning,
    HorizonExceededError,
    Hours,
    InvalidInstantError,
    InvalidOptionError,
    InvalidTermError,
    InvalidWeekError,
    MissingInstantError,
    ServiceLevelError,
    UnknownCountryError,
    UnknownNotationError,
)

SH = "Asia/Shanghai"
UTC = dt.UTC
CN = BusinessCalendar.preset("5x8", tz=SH, country="CN")


def fresh() -> BusinessCalendar:
    return BusinessCalendar.preset("5x8", tz=SH, country="CN")


def fresh_7x24() -> BusinessCalendar:
    return BusinessCalendar.preset("7x24", tz=SH)


class TestZeroWithPauses:
    """1. ``add(t, 0, exclude=...)`` is ``t``, wherever the pauses lie."""

    @pytest.mark.parametrize(
        "pause",
        [
            ("2026-03-02T09:30", "2026-03-02T10:30"),  # t inside the pause (the probe's case)
            ("2026-03-02T10:00", "2026-03-02T10:30"),  # t at the pause's start
            ("2026-03-02T09:00", "2026-03-02T10:00"),  # t at the pause's end
            ("2026-03-01T09:00", "2026-03-05T10:00"),  # t deep inside a long pause
        ],
    )
    def test_zero_returns_t(self, pause: tuple[str, str]) -> None:
        t = "2026-03-02T10:00"
        assert CN.add(t, dt.timedelta(0), exclude=[pause]) == dt.datetime(2026, 3, 2, 2, tzinfo=UTC)

    def test_zero_at_a_closed_instant_with_pause(self) -> None:
        """Sunday noon stays Sunday noon: zero spends nothing and moves nowhere."""
        t = "2026-03-01T12:00"
        pause = [("2026-03-01T11:00", "2026-03-02T11:00")]
        assert CN.add(t, dt.timedelta(0), exclude=pause) == dt.datetime(2026, 3, 1, 4, tzinfo=UTC)


class TestHorizonIsOneRule:
    """2-3. The horizon is 36,525 days (100 years) from the start, whatever was computed before."""

    def test_working_days_far_inside_the_horizon(self) -> None:
        """20,200 working days (about 81 years) is an answer, the same as the holidays package's own."""
        import holidays

        oracle = holidays.country_holidays("CN").get_nth_working_day(dt.date(2026, 2, 13), 20200)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HolidayDataWarning)  # years after 2026 are assumed
            assert fresh().add_working_days("2026-02-13", 20200) == oracle

    def test_elapsed_over_126_years_fresh_and_warmed(self) -> None:
        cal = fresh()
        with pytest.raises(HorizonExceededError, match=r"end: .* more than 100 years \(36525 days\)"):
            cal.elapsed("1900-01-01T10:00", "2026-02-13T10:00")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HolidayDataWarning)  # CN data starts in 1950
            cal.is_open("1900-01-01T10:00")
        with pytest.raises(HorizonExceededError):
            cal.elapsed("1900-01-01T10:00", "2026-02-13T10:00")

    def test_7x24_boundary_is_exact(self) -> None:
        """On 7×24 business time is real time: 36,525 days is allowed, one microsecond more is not."""
        for cal in (fresh_7x24(), fresh_7x24()):
            t = dt.datetime(2026, 1, 1, tzinfo=UTC)
            limit = dt.timedelta(days=36525)
            assert cal.add(t, limit) == t + limit
            assert cal.elapsed(t, t + limit) == limit
            with pytest.raises(HorizonExceededError):
                cal.add(t, limit + dt.timedelta(microseconds=1))
            with pytest.raises(HorizonExceededError):
                cal.elapsed(t, t + limit + dt.timedelta(microseconds=1))
            cal.is_open(t + dt.timedelta(days=36600))  # warm the index past the horizon for the next turn

    def test_7x24_add_backwards(self) -> None:
        cal = fresh_7x24()
        t = dt.datetime(2026, 1, 1, tzinfo=UTC)
        cal.is_open(t - dt.timedelta(days=36600))
        with pytest.raises(HorizonExceededError):
            cal.add(t, -dt.timedelta(days=36526))
        assert cal.add(t, -dt.timedelta(days=36525)) == t - dt.timedelta(days=36525)

    def test_working_days_fresh_and_warmed(self) -> None:
        cal = BusinessCalendar.preset("5x8", tz="Europe/Berlin")  # Mon-Fri, no holidays: 5 of every 7
        with pytest.raises(HorizonExceededError, match=r"n: 30000 working days"):
            cal.add_working_days("2026-01-05", 30000)  # 42,000 days
        cal.working_days("2026-01-01", "2120-01-01")  # warm the index over 94 years
        with pytest.raises(HorizonExceededError):
            cal.add_working_days("2026-01-05", 30000)
        # Mon 2026-01-05 + 26,000 working days: 5,200 whole weeks = 36,400 days, another Monday
        assert cal.add_working_days("2026-01-05", 26000) == dt.date(2026, 1, 5) + dt.timedelta(days=36400)

    def test_working_days_count_horizon(self) -> None:
        with pytest.raises(HorizonExceededError, match="end_day"):
            fresh().working_days("2026-01-01", "2126-02-01")


class TestRange:
    """7. The ends of ``datetime``'s range: a HorizonExceededError naming the argument, and no state left."""

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
        with pytest.raises(HorizonExceededError, match=rf"^{field}: "):
            call(fresh())  # type: ignore[operator]

    def test_failed_day_leaves_no_state(self) -> None:
        """After a refused day in 9999, an assumed year in range still warns, exactly once."""
        cal = fresh()
        with pytest.raises(HorizonExceededError):
            cal.day(dt.date(9999, 6, 1))
        with pytest.warns(HolidayDataWarning, match="CN 2027"):
            cal.day(dt.date(2027, 6, 1))

    def test_search_near_the_end_of_the_range(self) -> None:
        """A search whose horizon passes year 9999 stops with HorizonExceededError (found by the fuzz tests)."""
        cal = BusinessCalendar(tz=SH, week={"mon-sun": None}, country="CN", makeup_hours="09:00-17:00")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HolidayDataWarning)
            with pytest.raises(HorizonExceededError):
                cal.next_open(dt.datetime(9900, 1, 1, tzinfo=UTC))

    def test_last_supported_day_works(self) -> None:
        cal = BusinessCalendar.preset("7x24", tz=SH)
        assert cal.is_open("9996-12-31T12:00")
        assert cal.is_open("0003-01-01T12:00")


class TestMissing:
    """6. pandas' NaT in scalar calls is a missing instant, in every method."""

    @pytest.mark.parametrize(
        "call",
        [
            lambda c: c.is_open(pd.NaT),
            lambda c: c.next_open(pd.NaT),
            lambda c: c.add(pd.NaT, dt.timedelta(hours=1)),
            lambda c: c.elapsed(pd.NaT, "2026-01-05T10:00"),
            lambda c: c.elapsed("2026-01-05T10:00", pd.NaT),
            lambda c: c.windows(pd.NaT, "2026-01-05T10:00"),
            lambda c: c.due(pd.NaT, "1h"),
            lambda c: c.day(pd.NaT),
            lambda c: list(c.days(pd.NaT, "2026-01-05")),
            lambda c: c.is_working_day(pd.NaT),
            lambda c: c.add_working_days(pd.NaT, 1),
            lambda c: c.working_days("2026-01-05", pd.NaT),
            lambda c: c.period_end(pd.NaT, "3年"),
            lambda c: c.add("2026-01-05T10:00", dt.timedelta(hours=1), exclude=[(pd.NaT, pd.NaT)]),
        ],
    )
    def test_nat(self, call: object) -> None:
        with pytest.raises(MissingInstantError, match="NaT is a missing value") as info:
            call(CN)  # type: ignore[operator]
        assert isinstance(info.value, ValueError)

    def test_pandas_timestamp_is_an_instant(self) -> None:
        """A real pandas Timestamp with a zone is an instant like any aware datetime."""
        t = pd.Timestamp("2026-02-13 16:00", tz=SH)
        assert CN.add(t, dt.timedelta(hours=2)) == dt.datetime(2026, 2, 14, 2, tzinfo=UTC)


class TestArgumentTypes:
    """8. Wrong argument types are ServiceLevelErrors naming the field."""

    @pytest.mark.parametrize(
        ("kwargs", "error", "field"),
        [
            ({"week": None}, InvalidWeekError, "week"),
            ({"week": 5}, InvalidWeekError, "week"),
            ({"week": "mon-fri"}, InvalidWeekError, "week"),
            ({"closed": 5}, InvalidInstantError, "closed"),
            ({"special_hours": 5}, InvalidInstantError, "special_hours"),
            ({"special_hours": "2026-01-01"}, InvalidInstantError, "special_hours"),
            ({"special_hours": [("2026-01-01",)]}, InvalidInstantError, "special_hours"),
            ({"observe_holidays": "no"}, InvalidOptionError, "observe_holidays"),
            ({"observe_holidays": None}, InvalidOptionError, "observe_holidays"),
            ({"country": 5}, UnknownCountryError, "country"),
            ({"country": ""}, UnknownCountryError, "country"),
            ({"subdiv": "BY"}, UnknownCountryError, "subdiv"),
            ({"country": "DE", "subdiv": 5}, UnknownCountryError, "subdiv"),
        ],
    )
    def test_constructor(self, kwargs: dict[str, object], error: type[Exception], field: str) -> None:
        args: dict[str, object] = {"tz": SH, "week": {"mon-fri": "09:00-17:00"}, **kwargs}
        with pytest.raises(error, match=rf"^{field}: "):
            BusinessCalendar(**args)  # type: ignore[arg-type]

    def test_none_means_none_for_overrides(self) -> None:
        """``closed=None`` and ``special_hours=None`` say "no overrides", as the preset's defaults do."""
        cal = BusinessCalendar(tz=SH, week={"mon-fri": "09:00-17:00"}, closed=None, special_hours=None)
        assert cal == BusinessCalendar(tz=SH, week={"mon-fri": "09:00-17:00"})

    def test_preset_name_not_a_string(self) -> None:
        with pytest.raises(UnknownNotationError, match=r"^name: unknown preset \['5x8'\]"):
            BusinessCalendar.preset(["5x8"], tz=SH)  # type: ignore[arg-type]

    @pytest.mark.parametrize("exclude", [5, "2026-01-01T10:00", [5], [("2026-01-01T10:00",)]])
    def test_exclude(self, exclude: object) -> None:
        with pytest.raises(InvalidInstantError, match=r"^exclude: "):
            CN.add("2026-03-02T10:00", dt.timedelta(hours=1), exclude=exclude)  # type: ignore[arg-type]
        with pytest.raises(InvalidInstantError, match=r"^exclude: "):
            CN.elapsed("2026-03-02T10:00", "2026-03-03T10:00", exclude=exclude)  # type: ignore[arg-type]

    @pytest.mark.parametrize("n", [1.5, "2", None, True])
    def test_working_days_count_is_not_an_instant(self, n: object) -> None:
        with pytest.raises(InvalidTermError, match=r"^n: expected a whole number"):
            CN.add_working_days("2026-01-05", n)  # type: ignore[arg-type]


class TestCountries:
    """9 and the smaller items: countries are looked up in the package's registry."""

    @pytest.mark.parametrize("code", ["MON", "JAN", "PUBLIC", "XX"])
    def test_module_names_are_not_countries(self, code: str) -> None:
        with pytest.raises(UnknownCountryError, match=rf"^country: '{code}' is not a country"):
            BusinessCalendar.preset("5x8", tz=SH, country=code)

    @pytest.mark.parametrize(("name", "code"), [("China", "CN"), ("germany", "DE"), ("United States", "US")])
    def test_names_suggest_the_code(self, name: str, code: str) -> None:
        with pytest.raises(UnknownCountryError, match=rf"its code is '{code}'"):
            BusinessCalendar.preset("5x8", tz=SH, country=name)

    def test_alpha3_still_works(self) -> None:
        assert BusinessCalendar.preset("5x8", tz=SH, country="CHN").is_working_day("2026-02-14")


class TestConcurrentWarnings:
    """11. Holiday-data bookkeeping under threads: no crash, one warning per calendar and year."""

    def test_eight_threads(self) -> None:
        calendars = [fresh() for _ in range(40)]
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


class TestSmaller:
    def test_makeup_only_calendar_says_why(self) -> None:
        """Open only on make-up days: it opens on Sat 2026-02-14; from 2027 on (no data) it says so."""
        cal = BusinessCalendar(tz=SH, week={"mon-sun": None}, country="CN", makeup_hours="09:00-17:00")
        assert cal.add("2026-02-13T10:00", dt.timedelta(hours=1)) == dt.datetime(2026, 2, 14, 2, tzinfo=UTC)
        with pytest.raises(CalendarNeverOpenError, match="opens only on make-up working days"):
            cal.add("2027-03-01T10:00", dt.timedelta(hours=1))

    @pytest.mark.parametrize(
        ("spans", "text"),
        [
            (((0, 10),), "00:00-00:00:00.00001"),
            (((0, 1_000_000),), "00:00-00:00:01"),
            (((9 * 3_600_000_000, 9 * 3_600_000_000 + 500_000),), "09:00-09:00:00.5"),
        ],
    )
    def test_hours_repr_shows_seconds_and_microseconds(
        self, spans: tuple[tuple[int, int]], text: str
    ) -> None:
        h = Hours(spans)
        assert repr(h) == f"Hours({text!r})"
        assert Hours.parse(text) == h  # and it reads back

    def test_every_refusal_is_a_service_level_error(self) -> None:
        for call in (
            lambda: BusinessCalendar(tz=SH, week=None),  # type: ignore[arg-type]
            lambda: CN.due("2026-01-05T10:00", "1h", rule=5),  # type: ignore[arg-type]
        ):
            with pytest.raises(ServiceLevelError):
                call()

    def test_civil_code_counting_still_counts(self) -> None:
        """The range checks leave ordinary counting alone: 3 years from 2023-06-15 end on 2026-06-15."""
        assert CN.period_end("2023-06-15", "3年", CIVIL_CODE) == dt.date(2026, 6, 15)


def test_hours_windows_start_within_their_day() -> None:
    """Hours((10:00-22:00), (24:00-01:00)) has no text form ('24:00' starts nothing): refused, like the parser.

    Found by the repr round-trip property test.
    """
    from servicelevel import InvalidHoursError

    hour = 3_600_000_000
    with pytest.raises(InvalidHoursError, match="each window starting before 24:00"):
        Hours(((10 * hour, 22 * hour), (24 * hour, 25 * hour)))
    assert str(Hours(((22 * hour, 30 * hour),))) == "22:00-06:00"  # overnight windows still fine
