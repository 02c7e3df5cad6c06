"""The window index: growing by extension equals building afresh, and growth stays bounded.

These test private modules on purpose: they mirror `calendar/_index.py` and `calendar/_engine.py`.
"""

from __future__ import annotations

import datetime as dt
import time

from hypothesis import given
from hypothesis import strategies as st

from servicelevel import BusinessCalendar
from servicelevel.calendar._index import Spans

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
    """Windows split at two cuts (by start), the middle built first, then the rest added in front and behind.

    Overlaps across the cuts (overnight windows over the year's end) must merge exactly as a
    fresh build merges them.
    """
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


def test_far_request_starts_afresh() -> None:
    """12. Used in 2026, then asked about 2026+400: the index holds what that query needs, not 400 years."""
    cal = BusinessCalendar.preset("365x8", tz="Europe/Berlin")
    cal.is_open("2026-06-01T10:00")
    started = time.perf_counter()
    assert cal.is_open("2426-06-01T10:00")  # 365×8: every day 09:00-17:00
    took = time.perf_counter() - started
    snap = cal._index.spans
    assert snap is not None
    assert snap.y_hi - snap.y_lo <= 4
    assert took < 1.0  # the issue measured 15 s here; a fresh three-year index is milliseconds


def test_growing_a_year_at_a_time_is_linear() -> None:
    """Asking about one year further each time adds that year only (the old lists are copied, not rebuilt)."""
    cal = BusinessCalendar.preset("365x8", tz="Europe/Berlin")
    for year in range(2026, 2126):
        cal.is_open(f"{year}-06-01T10:00")
    snap = cal._index.spans
    assert snap is not None
    assert snap.y_lo <= 2026
    assert snap.y_hi >= 2125
    # every day of the century has its one window (no DST gap at 09:00 or 17:00 in Berlin)
    assert len(snap.starts) == (dt.date(snap.y_hi + 1, 1, 1) - dt.date(snap.y_lo, 1, 1)).days
    assert cal.elapsed("2026-06-01T00:00", "2026-06-08T00:00") == dt.timedelta(hours=56)


@given(
    st.sampled_from(
        [
            "Asia/Shanghai",
            "Europe/Moscow",
            "Asia/Pyongyang",
            "America/Caracas",
            "Europe/Berlin",
            "Asia/Kathmandu",
            "Pacific/Apia",
        ]
    ),
    st.integers(0, 20 * 366),
    st.integers(-12 * 3600, 36 * 3600),
)
def test_midnights_and_local_days_by_offset_equal_the_zone_rules(name: str, day: int, second: int) -> None:
    """`WindowIndex.midnight_us` / `local_day` (subtraction where the zone keeps one offset) give
    what the zone's rules give, across offset changes (Moscow 2011/2014, Pyongyang 2015/2018,
    Caracas 2007/2016, Apia skipping 30 Dec 2011) and DST."""
    from servicelevel.calendar._time import date_start_us, local_date

    cal = BusinessCalendar.preset("5x8", tz=name)
    index = cal._index
    d = dt.date(2006, 1, 1) + dt.timedelta(days=day)
    index.cover(date_start_us(index.tz, d) - 3 * 86_400_000_000, date_start_us(index.tz, d) + 86_400_000_000)
    assert index.midnight_us(d) == date_start_us(index.tz, d)
    u = date_start_us(index.tz, d) + second * 1_000_000
    for v in (u - 1, u):  # the last µs of a day and the first of the next, at midnight
        assert index.local_day(v) == local_date(index.tz, v)
