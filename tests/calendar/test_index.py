"""Open time as sorted integer arrays (calendar/_index.py): `Spans` grown by extension equal a fresh
build, and the table of open time by local day that `elapsed` reads agrees with the windows to
the microsecond, for every kind of instant a user passes; where it cannot answer (zones with DST,
instants off the table, pauses, years still to be warned about) the other routes must.

These test a private module on purpose: they mirror `calendar/_index.py`.
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
from servicelevel.calendar._index import Spans
from tests.conftest import CN_LUNCH, SH
from tests.generators import utc

DAY = 86_400_000_000


def _windows(draw_list: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted((s, s + max(length, 1)) for s, length in draw_list)


raw = st.lists(st.tuples(st.integers(0, 60 * DAY), st.integers(1, 2 * DAY)), max_size=40)


def _normal(snap: Spans) -> tuple[list[int], list[int], list[int]]:
    """Windows and counts relative to the first window, so any origin compares equal."""
    base = snap.base
    return snap.starts, snap.ends, [c - base for c in snap.cum]


@given(raw, st.integers(0, 60 * DAY), st.integers(0, 60 * DAY))
def test_extending_equals_building(ws: list[tuple[int, int]], cut1: int, cut2: int) -> None:
    """Windows split at two cuts and grown in front and behind equal the windows built at once."""
    # Windows split at two cuts (by start), the middle built first, then the rest added in front and behind.
    #
    # Overlaps across the cuts (overnight windows over the year's end) must merge exactly as a
    # fresh build merges them.
    windows = _windows(ws)
    lo, hi = min(cut1, cut2), max(cut1, cut2)
    before = [w for w in windows if w[0] < lo]
    middle = [w for w in windows if lo <= w[0] < hi]
    after = [w for w in windows if w[0] >= hi]
    whole = Spans(0, 2, 0, 1, windows)
    grown = Spans(1, 1, 0, 1, middle).extended(0, 2, 0, 1, before, after)
    assert _normal(whole) == _normal(grown)
    for u in range(0, 62 * DAY, DAY // 3):
        for v in (u, u + DAY // 7):
            assert whole.open_before(v) - whole.open_before(u) == grown.open_before(v) - grown.open_before(u)
    assert whole.total == grown.total


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


# Odd offsets (+05:45: local midnight at 18:15 UTC), windows running into and out of midnight
# (merged across it), a closed day, special hours on a weekend, a half-minute window edge.
KATHMANDU = BusinessCalendar(
    tz="Asia/Kathmandu",
    week={"mon-fri": "00:00-02:00,09:00-13:00,14:00-17:00,21:30-24:00", "sat": "10:00-10:00:30"},
    closed=["2025-03-04"],
    special_hours={"2025-03-09": "06:00-23:59"},
)


class TestDayTable:
    @given(sls.calendars(), st.data())
    def test_every_kind_of_instant_agrees_with_the_windows(
        self, cal: BusinessCalendar, data: st.DataObject
    ) -> None:
        """Elapsed time between any two instants, of every kind, is the open time of the windows between them."""
        a = data.draw(sls.instants(cal), "a")
        b = data.draw(st.one_of(sls.instants(cal), st.just(a + dt.timedelta(hours=3))), "b")
        expected = _by_windows(cal, a, b)
        for kind, as_kind in _kinds(cal).items():
            assert cal.elapsed(as_kind(a), as_kind(b)) == expected, kind

    @given(sls.instants(KATHMANDU), st.integers(-9 * 86_400_000_000, 9 * 86_400_000_000))
    def test_odd_offsets_and_day_rules(self, a: pendulum.DateTime, span_us: int) -> None:
        """At an odd offset, with windows across midnight and special days, every kind of instant agrees with the windows."""
        b = a + dt.timedelta(microseconds=span_us)
        expected = _by_windows(KATHMANDU, a, b)
        for kind, as_kind in _kinds(KATHMANDU).items():
            assert KATHMANDU.elapsed(as_kind(a), as_kind(b)) == expected, kind


class TestHandWorked:
    """CN 5×8 with a lunch break; Sat 14 Feb 2026 is a make-up working day (Spring Festival).

    Fri 13 11:00:00.25 -> 12:00 is 59 min 59.75 s, 13:30 -> 17:30 is 4 h;
    Sat 14 08:30 -> 12:00 is 3 h 30, 13:30 -> 14:00 is 30 min: 8 h 59 min 59.75 s.
    """

    expected = dt.timedelta(hours=8, minutes=59, seconds=59, microseconds=750_000)

    @pytest.mark.parametrize("kind", list(_kinds(CN_LUNCH)))
    def test_each_kind(self, kind: str) -> None:
        """Each kind of instant gives the hand-worked elapsed time, from the index and then from the table."""
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
        """A zone with DST keeps no table, and bisection answers the same."""
        # Berlin changes its offset twice a year: bisection answers, the same way.
        cal = BusinessCalendar.preset("5x8", tz="Europe/Berlin", country="DE")
        # Fri 27 Mar 2026 16:00 -> Mon 30 Mar 10:00 (DST began on the Sunday): 1 h + 1 h
        for _ in range(2):
            assert cal.elapsed("2026-03-27T16:00", "2026-03-30T10:00") == dt.timedelta(hours=2)
        assert cal._index.spans is not None
        assert cal._index.spans.day_table().count == 0

    def test_pauses_take_the_general_route(self) -> None:
        """Elapsed time with pauses takes the general route once the table exists."""
        # Fri 13 Feb 2026 09:00 -> 17:00 with 10:00-11:30 paused: 8 h - 1 h 30.
        cal = BusinessCalendar.preset("5x8", tz=SH, country="CN")
        cal.elapsed("2026-02-13T09:00", "2026-02-13T10:00")
        paused = [("2026-02-13T10:00", "2026-02-13T11:30")]
        assert cal.elapsed("2026-02-13T09:00", "2026-02-13T17:00", exclude=paused) == dt.timedelta(
            hours=6, minutes=30
        )


class TestOtherRoutes:
    def test_pauses_per_row_of_a_column_still_work_once_the_index_exists(self) -> None:
        """A column of pauses per row still works once the table exists."""
        # Mon 2 Mar 2026 09:00 + 1 day, 10:00-11:00 paused on the first row: 7 h and 8 h, every call
        # (found by review: the table's check asked a Series of pauses for its truth value).
        cal = BusinessCalendar.preset("5x8", tz=SH)
        starts = pd.Series(pd.to_datetime(["2026-03-02T09:00", "2026-03-04T09:00"]).tz_localize(SH))
        pauses = pd.Series([[("2026-03-02T10:00", "2026-03-02T11:00")], []])
        for _ in range(2):
            got = cal.elapsed(starts, starts + pd.Timedelta(days=1), exclude=pauses)
            assert got.tolist() == [pd.Timedelta(hours=7), pd.Timedelta(hours=8)]

    @pytest.mark.parametrize("kind", ["zoneinfo", "ISO, local", "pandas", "UTC datetime"])
    def test_an_assumed_year_still_warns_once(self, kind: str) -> None:
        """A span reaching into an assumed year warns once, by every route."""
        # CN 2027's make-up days are unpublished: a span reaching into 2027 warns, by every route.
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
