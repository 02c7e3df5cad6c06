"""`elapsed` reads instants off a table of open time by local day where the zone keeps one offset.

The table is a shortcut of the bisection route and must agree with it to the
microsecond for every kind of instant a user passes; where it cannot answer
(zones with DST, instants off the table, pauses, years still to be warned
about) the other routes must.
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

from servicelevel import BusinessCalendar, HolidayDataWarning
from servicelevel import strategies as sls
from tests.generators import CN_LUNCH, utc

SH = "Asia/Shanghai"


def _kinds(cal: BusinessCalendar) -> dict[str, Callable[[pendulum.DateTime], Any]]:
    """The same instant as users hold it: each kind takes its own route into `elapsed`."""
    zone = ZoneInfo(cal.tz)
    return {
        "pendulum": lambda t: t.in_timezone(cal.tz),
        "zoneinfo": lambda t: t.in_timezone(cal.tz).replace(tzinfo=zone),
        "UTC datetime": lambda t: dt.datetime.fromisoformat(t.in_timezone("UTC").isoformat()),
        "ISO, local": lambda t: t.in_timezone(cal.tz).naive().isoformat(),
        "ISO, offset": lambda t: t.in_timezone(cal.tz).isoformat(),
        "pandas": lambda t: pd.Timestamp(t.in_timezone("UTC").naive(), tz="UTC").tz_convert(cal.tz),
    }


def _by_windows(cal: BusinessCalendar, a: pendulum.DateTime, b: pendulum.DateTime) -> dt.timedelta:
    """Open time from a to b summed from `windows` (clipped spans), negative when reversed."""
    lo, hi = (a, b) if utc(a) <= utc(b) else (b, a)
    total = sum((utc(e) - utc(s) for s, e in cal.windows(lo, hi)), dt.timedelta(0))
    return total if lo is a else -total


@given(sls.calendars(), st.data())
def test_every_kind_of_instant_agrees_with_the_windows(cal: BusinessCalendar, data: st.DataObject) -> None:
    a = data.draw(sls.instants(cal), "a")
    b = data.draw(st.one_of(sls.instants(cal), st.just(a + dt.timedelta(hours=3))), "b")
    expected = _by_windows(cal, a, b)
    for kind, as_kind in _kinds(cal).items():
        assert cal.elapsed(as_kind(a), as_kind(b)) == expected, kind


class TestHandWorked:
    """CN 5×8 with a lunch break; Sat 14 Feb 2026 is a make-up working day (Spring Festival).

    Fri 13 11:00:00.25 -> 12:00 is 59 min 59.75 s, 13:30 -> 17:30 is 4 h;
    Sat 14 08:30 -> 12:00 is 3 h 30, 13:30 -> 14:00 is 30 min: 8 h 59 min 59.75 s.
    """

    expected = dt.timedelta(hours=8, minutes=59, seconds=59, microseconds=750_000)

    @pytest.mark.parametrize("kind", list(_kinds(CN_LUNCH)))
    def test_each_kind(self, kind: str) -> None:
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN", hours="08:30-12:00,13:30-17:30")
        as_kind = _kinds(cal)[kind]
        a = as_kind(pendulum.datetime(2026, 2, 13, 11, 0, 0, 250_000, tz=SH))
        b = as_kind(pendulum.datetime(2026, 2, 14, 14, tz=SH))
        for _ in range(2):  # the first call builds the index, the second reads the table
            assert cal.elapsed(a, b) == self.expected
            assert cal.elapsed(b, a) == -self.expected
        assert cal._index.spans is not None
        assert cal._index.spans.day_table().count > 300  # the table answered

    def test_a_zone_with_dst_keeps_no_table(self) -> None:
        """Berlin changes its offset twice a year: bisection answers, the same way."""
        cal = BusinessCalendar.preset("5x8", tz="Europe/Berlin", country="DE")
        # Fri 27 Mar 2026 16:00 -> Mon 30 Mar 10:00 (DST began on the Sunday): 1 h + 1 h
        for _ in range(2):
            assert cal.elapsed("2026-03-27T16:00", "2026-03-30T10:00") == dt.timedelta(hours=2)
        assert cal._index.spans is not None
        assert cal._index.spans.day_table().count == 0

    def test_pauses_take_the_general_route(self) -> None:
        """Fri 13 Feb 2026 09:00 -> 17:00 with 10:00-11:30 paused: 8 h - 1 h 30."""
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        cal.elapsed("2026-02-13T09:00", "2026-02-13T10:00")
        paused = [("2026-02-13T10:00", "2026-02-13T11:30")]
        assert cal.elapsed("2026-02-13T09:00", "2026-02-13T17:00", exclude=paused) == dt.timedelta(
            hours=6, minutes=30
        )


def test_pauses_per_row_of_a_column_still_work_once_the_index_exists() -> None:
    """Mon 2 Mar 2026 09:00 + 1 day, 10:00-11:00 paused on the first row: 7 h and 8 h, every call
    (found by review: the table's check asked a Series of pauses for its truth value)."""
    cal = BusinessCalendar.preset("5x8", tz=SH)
    starts = pd.Series(pd.to_datetime(["2026-03-02T09:00", "2026-03-04T09:00"]).tz_localize(SH))
    pauses = pd.Series([[("2026-03-02T10:00", "2026-03-02T11:00")], []])
    for _ in range(2):
        got = cal.elapsed(starts, starts + pd.Timedelta(days=1), exclude=pauses)
        assert got.tolist() == [pd.Timedelta(hours=7), pd.Timedelta(hours=8)]


@pytest.mark.parametrize("kind", ["zoneinfo", "ISO, local", "pandas", "UTC datetime"])
def test_an_assumed_year_still_warns_once(kind: str) -> None:
    """CN 2027's make-up days are unpublished: a span reaching into 2027 warns, by every route."""
    cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
    as_kind = _kinds(cal)[kind]
    at = lambda *args: as_kind(pendulum.datetime(*args, tz=SH))  # noqa: E731
    cal.elapsed(at(2026, 12, 1, 10), at(2026, 12, 2, 10))  # builds 2025-2027; 2026 alone: no warning
    cal.elapsed(at(2026, 12, 1, 10), at(2026, 12, 2, 10))
    # Thu 31 Dec 2026 16:00 -> Mon 4 Jan 2027 10:00 (1 Jan a holiday): 1 h + 1 h
    with pytest.warns(HolidayDataWarning, match="CN 2027"):
        assert cal.elapsed(at(2026, 12, 31, 16), at(2027, 1, 4, 10)) == dt.timedelta(hours=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cal.elapsed(at(2027, 1, 4, 10), at(2027, 1, 4, 12)) == dt.timedelta(hours=2)


# Odd offsets (+05:45: local midnight at 18:15 UTC), windows running into and out of midnight
# (merged across it), a closed day, special hours on a weekend, a half-minute window edge.
KATHMANDU = BusinessCalendar(
    tz="Asia/Kathmandu",
    week={"mon-fri": "00:00-02:00,09:00-13:00,14:00-17:00,21:30-24:00", "sat": "10:00-10:00:30"},
    closed=["2025-03-04"],
    special_hours={"2025-03-09": "06:00-23:59"},
)


@given(sls.instants(KATHMANDU), st.integers(-9 * 86_400_000_000, 9 * 86_400_000_000))
def test_odd_offsets_and_day_rules(a: pendulum.DateTime, span_us: int) -> None:
    b = a + dt.timedelta(microseconds=span_us)
    expected = _by_windows(KATHMANDU, a, b)
    for kind, as_kind in _kinds(KATHMANDU).items():
        assert KATHMANDU.elapsed(as_kind(a), as_kind(b)) == expected, kind
