"""`add` read off the table of open time by local day (calendar/_daily.py).

Every kind of start a user passes gives the answer of the general route (a bisection over the
merged windows, the route zones with DST take) and of the windows themselves, to the microsecond,
in zones with and without DST and across make-up days; what the table cannot answer (negative
budgets, errors, years still to be warned about) still comes out of the general route as before.

These read private state on purpose (the general route, whether the table answered): they mirror
`calendar/_daily.py`.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import (
    BusinessCalendar,
    HolidayDataWarning,
    InvalidInstantError,
    NaiveDatetimeError,
)
from servicelevel import strategies as sls
from servicelevel.calendar._daily import add_by_days
from tests.conftest import SH
from tests.generators import utc

US = dt.timedelta(microseconds=1)


def _kinds(cal: BusinessCalendar) -> dict[str, Callable[[pendulum.DateTime], Any]]:
    """The same instant as users hold it: each kind enters the table its own way."""
    zone = ZoneInfo(cal.tz)
    return {
        "pendulum": lambda t: t.in_timezone(cal.tz),
        "zoneinfo": lambda t: t.in_timezone(cal.tz).replace(tzinfo=zone),
        "pendulum, UTC": lambda t: t.in_timezone("UTC"),
        "zoneinfo, another zone": lambda t: t.in_timezone("Asia/Kolkata").replace(
            tzinfo=ZoneInfo("Asia/Kolkata")
        ),
        "UTC datetime": lambda t: dt.datetime.fromisoformat(t.in_timezone("UTC").isoformat()),
        "ISO, local": lambda t: t.in_timezone(cal.tz).naive().isoformat(),
        "ISO, the zone's offset": lambda t: t.in_timezone(cal.tz).isoformat(),
        "ISO, Z": lambda t: t.in_timezone("UTC").naive().isoformat() + "Z",
        "ISO, another offset": lambda t: t.in_timezone("America/Sao_Paulo").isoformat(),
        "pandas": lambda t: pd.Timestamp(t.in_timezone("UTC").naive(), tz="UTC").tz_convert(cal.tz),
    }


def _general(cal: BusinessCalendar, t: pendulum.DateTime, d: dt.timedelta) -> pendulum.DateTime:
    """The general route: the start to epoch µs, a bisection over the windows, the answer built back."""
    return cal._out(cal._index.add_us(cal._us(t), d // US))


def _open(cal: BusinessCalendar, a: pendulum.DateTime, b: pendulum.DateTime) -> dt.timedelta:
    """Open time in ``[a, b)`` summed from the clipped windows (no table involved)."""
    return sum((utc(e) - utc(s) for s, e in cal.windows(a, b)), dt.timedelta(0))


budgets = st.one_of(
    st.integers(1, 60).map(lambda h: dt.timedelta(hours=h)),
    st.integers(1, 60 * 3_600_000_000).map(lambda us: dt.timedelta(microseconds=us)),
)


class TestAgreesWithTheGeneralRoute:
    @given(sls.calendars(), st.data())
    def test_every_kind_of_start(self, cal: BusinessCalendar, data: st.DataObject) -> None:
        """Every kind of start gives the general route's answer, and the windows up to it hold the budget."""
        t = data.draw(sls.instants(cal), "t")
        d = data.draw(budgets, "d")
        with warnings.catch_warnings():  # sparse calendars reach years whose data is assumed
            warnings.simplefilter("ignore", HolidayDataWarning)
            cal.add(t, d)  # builds the index: the calls below read its table where it has one
            expected = _general(cal, t, d)
            for kind, as_kind in _kinds(cal).items():
                got = cal.add(as_kind(t), d)
                assert type(got) is pendulum.DateTime, kind
                assert got.tzinfo is cal._tz, kind
                assert (utc(got), got.fold) == (utc(expected), expected.fold), kind
            # the answer is the earliest instant by which d of open time has passed
            assert _open(cal, t, expected) == d
            assert _open(cal, t, expected - US) < d

    @given(sls.instants(BusinessCalendar.preset("5x8", tz=SH, country="CN")), budgets)
    def test_the_table_answers_in_a_zone_of_one_offset(self, t: pendulum.DateTime, d: dt.timedelta) -> None:
        """In a zone of one offset the table answers, and agrees with the general route."""
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN", hours="08:30-12:00,13:30-17:30")
        cal.add(t, d)
        assert cal._index.spans is not None
        expected = _general(cal, t, d)
        got = add_by_days(cal, t.in_timezone(SH).naive().isoformat(), d)
        assert got is not None  # the table answered: starts in 2024-Sep 2026, answers well inside
        assert (type(got), got) == (pendulum.DateTime, expected)


class TestHandWorked:
    """China's 5×8: Sat 14 Feb 2026 is a make-up working day before the Spring Festival."""

    @pytest.mark.parametrize("kind", list(_kinds(BusinessCalendar.preset("5x8", tz=SH))))
    def test_into_the_make_up_saturday(self, kind: str) -> None:
        """Fri 13 Feb 16:00 + 2 h: 1 h on Friday, 1 h on the make-up Saturday, due Sat 10:00."""
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        t = _kinds(cal)[kind](pendulum.datetime(2026, 2, 13, 16, tz=SH))
        for _ in range(2):  # the first call builds the index, the second reads the table
            assert cal.add(t, dt.timedelta(hours=2)) == pendulum.datetime(2026, 2, 14, 10, tz=SH)

    def test_lunch_breaks_and_microseconds(self) -> None:
        """Fri 11:00:00.25 + 8 h 59 min 59.75 s over two lunch breaks is due Sat 14:00."""
        # Fri 13 Feb 11:00:00.25 -> 12:00 is 59 min 59.75 s, 13:30 -> 17:30 is 4 h;
        # Sat 14 (make-up) 08:30 -> 12:00 is 3 h 30, 13:30 -> 14:00 is 30 min: 8 h 59 min 59.75 s.
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN", hours="08:30-12:00,13:30-17:30")
        d = dt.timedelta(hours=8, minutes=59, seconds=59, microseconds=750_000)
        for _ in range(2):
            got = cal.add("2026-02-13T11:00:00.25", d)
            assert got == pendulum.datetime(2026, 2, 14, 14, tz=SH)
        assert cal._index.spans is not None
        assert cal._index.spans.days is not None
        assert cal._index.spans.days.ahead is not None  # the table answered

    def test_due_when_a_window_closes_at_midnight(self) -> None:
        """7×18: Mon 23:00 + 1 h is due at the window's close, 24:00, shown as Tue 00:00."""
        cal = BusinessCalendar.preset("7x18", tz=SH, country="CN")
        for _ in range(2):
            got = cal.add("2026-03-02T23:00", dt.timedelta(hours=1))
            assert (type(got), got) == (pendulum.DateTime, pendulum.datetime(2026, 3, 3, 0, tz=SH))

    def test_ends_of_windows_to_the_microsecond(self) -> None:
        """One µs before closing + 1 µs is due at closing (17:00), not at the next opening."""
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        for _ in range(2):
            got = cal.add("2026-02-13T16:59:59.999999", US)
            assert got == pendulum.datetime(2026, 2, 13, 17, tz=SH)


class TestTheGeneralRouteStill:
    """What the table does not answer comes out of the general route, once the table exists."""

    def _warm(self) -> BusinessCalendar:
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        cal.add("2026-02-02T09:00", dt.timedelta(hours=1))
        cal.add("2026-02-02T09:00", dt.timedelta(hours=1))
        return cal

    def test_negative_and_zero_budgets(self) -> None:
        """Mon 2 Feb 09:00 - 1 h is Fri 30 Jan 16:00; + 0 is the start itself."""
        cal = self._warm()
        assert cal.add("2026-02-02T09:00", dt.timedelta(hours=-1)) == pendulum.datetime(
            2026, 1, 30, 16, tz=SH
        )
        assert cal.add("2026-02-02T09:30", dt.timedelta(0)) == pendulum.datetime(2026, 2, 2, 9, 30, tz=SH)

    def test_a_pandas_timedelta(self) -> None:
        """A pandas Timedelta budget (a timedelta subclass) is spent like the timedelta it equals."""
        cal = self._warm()
        assert cal.add("2026-02-13T16:00", pd.Timedelta(hours=2)) == pendulum.datetime(2026, 2, 14, 10, tz=SH)

    @pytest.mark.parametrize(
        ("t", "d", "error"),
        [
            ("2026-02-13", dt.timedelta(hours=1), InvalidInstantError),
            ("13/02/2026 10:00", dt.timedelta(hours=1), InvalidInstantError),
            (dt.datetime(2026, 2, 13, 10), dt.timedelta(hours=1), NaiveDatetimeError),
            ("2026-02-13T10:00", "2h", InvalidInstantError),
        ],
    )
    def test_errors(self, t: Any, d: Any, error: type[Exception]) -> None:
        """A date alone, text that is no ISO instant, a naive datetime, a budget that is no timedelta: refused."""
        with pytest.raises(error):
            self._warm().add(t, d)

    def test_pauses(self) -> None:
        """Pauses take the general route: Fri 13 Feb 09:00 + 7 h with 10:00-11:00 paused is due 17:00."""
        cal = self._warm()
        got = cal.add(
            "2026-02-13T09:00", dt.timedelta(hours=7), exclude=[("2026-02-13T10:00", "2026-02-13T11:00")]
        )
        assert got == pendulum.datetime(2026, 2, 13, 17, tz=SH)

    def test_an_assumed_year_still_warns_once(self) -> None:
        """An answer in CN 2027 (data unpublished) warns once, then the table answers there too."""
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        for _ in range(2):  # builds 2025-2027: 2026 alone warns about nothing
            assert cal.add("2026-12-01T10:00", dt.timedelta(hours=1)) == pendulum.datetime(
                2026, 12, 1, 11, tz=SH
            )
        # Thu 31 Dec 2026 16:00 + 2 h: 1 h to 17:00; Fri 1 Jan 2027 a holiday, then the weekend;
        # Mon 4 Jan 09:00 + 1 h
        with pytest.warns(HolidayDataWarning, match="CN 2027"):
            got = cal.add("2026-12-31T16:00", dt.timedelta(hours=2))
        assert got == pendulum.datetime(2027, 1, 4, 10, tz=SH)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert cal.add("2027-01-04T10:00", dt.timedelta(hours=2)) == pendulum.datetime(
                2027, 1, 4, 12, tz=SH
            )
