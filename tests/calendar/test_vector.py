"""Column calls equal the scalar methods row by row (numpy, pandas, polars; NaT propagates)."""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelevel import (
    BusinessCalendar,
    CalendarNeverOpenError,
    Days,
    HolidayDataWarning,
    HorizonExceededError,
    InvalidInstantError,
    InvalidTermError,
    MismatchedColumnsError,
    NaiveDatetimeError,
    WorkingDays,
    strategies,
)
from tests.generators import BERLIN, CALENDARS, CN_5X8, utc

pl = pytest.importorskip("polars")

_LO = int(dt.datetime(2024, 1, 3, tzinfo=dt.UTC).timestamp()) * 1_000_000
_HI = int(dt.datetime(2026, 8, 1, tzinfo=dt.UTC).timestamp()) * 1_000_000
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _dt(u: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(microseconds=u)


def _utc_us(x: object) -> int:
    """Epoch µs of a scalar result (a pendulum/pandas/numpy instant)."""
    if isinstance(x, np.datetime64):
        return int(x.astype("datetime64[us]").astype(np.int64))
    ts = pd.Timestamp(x)
    ts = ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo else ts
    return (ts - pd.Timestamp(0)) // pd.Timedelta(microseconds=1)


rows = st.lists(st.one_of(st.none(), st.integers(_LO, _HI)), min_size=1, max_size=40)
budgets = st.integers(-300 * 3_600_000_000, 300 * 3_600_000_000)
# random calendars from the public strategies: DST zones, overnight windows, countries with make-up days
any_calendar = st.one_of(st.sampled_from(CALENDARS), strategies.calendars())


def _numpy(us: list[int | None]) -> np.ndarray:
    return np.array([np.datetime64("NaT", "us") if u is None else np.datetime64(u, "us") for u in us])


def _series(us: list[int | None], tz: str) -> pd.Series:
    s = pd.Series(_numpy(us)).dt.tz_localize("UTC").dt.tz_convert(tz)
    s.index = pd.Index([f"ticket-{i}" for i in range(len(us))])
    return s


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # budgets may reach 2027
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_calendar, rows, st.lists(budgets, min_size=40, max_size=40))
def test_add_equals_scalar_row_by_row(cal: BusinessCalendar, us: list[int | None], ds: list[int]) -> None:
    """`add` over a numpy column equals the scalar `add` row by row, NaT where the start is missing."""
    ds = ds[: len(us)]
    got = cal.add(_numpy(us), np.array(ds, dtype="timedelta64[us]"))
    assert got.dtype == np.dtype("datetime64[us]")
    for u, d, r in zip(us, ds, got, strict=True):
        if u is None:
            assert np.isnat(r)
            continue
        expected = cal.add(_dt(u), dt.timedelta(microseconds=d))
        assert int(r.astype(np.int64)) == _utc_us(expected)


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # budgets may reach 2027
@settings(max_examples=60, deadline=None)
@given(any_calendar, rows, rows)
def test_elapsed_is_open_next_open_equal_scalar(cal: BusinessCalendar, a: list, b: list) -> None:
    """`elapsed`, `is_open` and `next_open` over Series equal the scalar calls row by row and keep the index."""
    b = (b * 40)[: len(a)]
    s_a, s_b = _series(a, cal.tz), _series(b, "UTC")
    spent = cal.elapsed(s_a, s_b)
    opened = cal.is_open(s_a)
    nxt = cal.next_open(s_a)
    assert spent.index.equals(s_a.index)
    assert opened.index.equals(s_a.index)
    assert nxt.index.equals(s_a.index)
    assert str(nxt.dt.tz) == cal.tz
    for i, (u, v) in enumerate(zip(a, b, strict=True)):
        if u is None:
            assert pd.isna(opened.iloc[i])
            assert pd.isna(nxt.iloc[i])
            assert pd.isna(spent.iloc[i])
            continue
        assert bool(opened.iloc[i]) == cal.is_open(_dt(u))
        assert _utc_us(nxt.iloc[i]) == _utc_us(cal.next_open(_dt(u)))
        if v is None:
            assert pd.isna(spent.iloc[i])
        else:
            assert spent.iloc[i].to_pytimedelta() == cal.elapsed(_dt(u), _dt(v))


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(CALENDARS),
    rows,
    st.lists(
        st.sampled_from(["30分钟", "4h", "1个工作日", "3 days", "1 month", "2 working days"]), min_size=40
    ),
)
def test_due_with_a_term_per_row(cal: BusinessCalendar, us: list, terms: list[str]) -> None:
    """`due` with one term per row equals the scalar `due` of each row."""
    terms = terms[: len(us)]
    got = cal.due(_series(us, "UTC"), terms)
    for u, term, r in zip(us, terms, got, strict=True):
        if u is None:
            assert pd.isna(r)
        else:
            assert _utc_us(r) == _utc_us(cal.due(_dt(u), term))


def test_due_one_period_term_over_many_dates_in_a_dst_zone() -> None:
    """A working-days due over starts across Berlin's spring clock change equals the scalar due of each."""
    # Hourly starts across the spring change in Berlin: the local date decides each due.
    starts = pd.date_range("2026-03-27", "2026-04-02", freq="37min", tz="UTC")
    got = BERLIN.due(pd.Series(starts), WorkingDays(2))
    for t, r in zip(starts, got, strict=True):
        assert _utc_us(r) == _utc_us(BERLIN.due(t.to_pydatetime(), WorkingDays(2)))


def test_polars_series_in_and_out() -> None:
    """A polars Series in gives a polars Series out, in the calendar's zone, its name and nulls kept."""
    s = pl.Series("reported", [dt.datetime(2026, 2, 13, 8), None]).dt.replace_time_zone("UTC")
    got = CN_5X8.add(s, dt.timedelta(hours=2))
    assert got.dtype == pl.Datetime("us", "Asia/Shanghai")
    # 16:00 Friday + 2 h: 1 h on Friday, 1 h on the make-up Saturday 14 Feb
    assert got.to_list()[0] == dt.datetime(2026, 2, 14, 10, tzinfo=got.to_list()[0].tzinfo)
    assert got.to_list()[1] is None
    assert got.name == "reported"
    assert CN_5X8.is_open(s).to_list() == [True, None]


def test_naive_columns_are_refused_like_naive_datetimes() -> None:
    """Naive pandas and polars columns are refused, naming the call that localises them."""
    naive = pd.Series(pd.to_datetime(["2026-02-13T10:00"]))
    with pytest.raises(NaiveDatetimeError, match="tz_localize"):
        CN_5X8.add(naive, dt.timedelta(hours=1))
    with pytest.raises(NaiveDatetimeError, match="replace_time_zone"):
        CN_5X8.is_open(pl.Series([dt.datetime(2026, 2, 13, 10)]))


def test_strings_and_objects_read_like_scalars_and_bad_rows_are_named() -> None:
    """ISO text in a column reads as the scalar calls read it; an unreadable cell is named by its row."""
    s = pd.Series(["2026-02-13T16:00", None, "2026-02-13T08:00Z"], index=["a", "b", "c"])
    got = CN_5X8.add(s, dt.timedelta(hours=2))
    assert _utc_us(got["a"]) == _utc_us(CN_5X8.add("2026-02-13T16:00", dt.timedelta(hours=2)))
    assert pd.isna(got["b"])
    with pytest.raises(InvalidInstantError, match=r"row 'b': t: 'tomorrow' is not an ISO 8601"):
        CN_5X8.add(pd.Series(["2026-02-13T16:00", "tomorrow"], index=["a", "b"]), dt.timedelta(hours=1))


def test_horizon_errors_name_the_row() -> None:
    """A budget past the horizon names the row it is in."""
    t = np.array(["2026-02-13T08:00", "2026-02-13T09:00"], dtype="datetime64[us]")
    d = np.array([3_600_000_000, 10**9 * 3_600_000_000], dtype="timedelta64[us]")
    with pytest.raises(HorizonExceededError, match="row 1: "):
        CN_5X8.add(t, d)


def test_durations_columns_nat_and_broadcast() -> None:
    """Duration columns propagate NaT, and a scalar start broadcasts over a column of durations."""
    t = pd.Series(pd.to_datetime(["2026-02-13T08:00Z"] * 3))
    d = pd.Series(pd.to_timedelta(["1h", None, "-1h"]))
    got = CN_5X8.add(t, d)
    assert _utc_us(got[0]) == _utc_us(CN_5X8.add("2026-02-13T08:00Z", dt.timedelta(hours=1)))
    assert pd.isna(got[1])
    assert _utc_us(got[2]) == _utc_us(CN_5X8.add("2026-02-13T08:00Z", dt.timedelta(hours=-1)))
    # a scalar start broadcast over a column of durations
    got = CN_5X8.add("2026-02-13T16:00", np.array([1, 2], dtype="timedelta64[h]"))
    assert got[1] == np.datetime64("2026-02-14T02:00", "us")  # 10:00 in Shanghai, as UTC


def test_pauses_per_row() -> None:
    """``exclude`` takes one list of pauses per row, for `add` and `elapsed` alike."""
    t = pd.Series(pd.to_datetime(["2026-02-13T09:00+08:00", "2026-02-13T09:00+08:00"], utc=True))
    pauses = [[("2026-02-13T10:00", "2026-02-13T11:00")], []]
    got = CN_5X8.add(t, dt.timedelta(hours=2), exclude=pauses)
    assert _utc_us(got[0]) == _utc_us(
        CN_5X8.add("2026-02-13T09:00", dt.timedelta(hours=2), exclude=pauses[0])
    )
    assert _utc_us(got[1]) == _utc_us(CN_5X8.add("2026-02-13T09:00", dt.timedelta(hours=2)))
    spent = CN_5X8.elapsed(t, t + pd.Timedelta(hours=3), exclude=pauses)
    assert list(spent) == [pd.Timedelta(hours=2), pd.Timedelta(hours=3)]


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # 300 working days reach 2027
@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(CALENDARS),
    st.lists(
        st.one_of(st.none(), st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30))), min_size=1, max_size=30
    ),
    st.integers(-300, 300),
)
def test_working_days_equal_scalar(cal: BusinessCalendar, days: list, n: int) -> None:
    """Working-day column calls equal the scalar calls row by row, masked where the date is missing."""
    arr = np.array([np.datetime64("NaT", "D") if d is None else np.datetime64(d, "D") for d in days])
    working = cal.is_working_day(arr)
    moved = cal.add_working_days(arr, n)
    counted = cal.working_days(arr, arr + 45)
    for i, d in enumerate(days):
        if d is None:
            assert working.mask[i]
            assert np.isnat(moved[i])
            assert counted.mask[i]
            continue
        assert bool(working[i]) == cal.is_working_day(d)
        assert moved[i].astype(dt.date) == cal.add_working_days(d, n)
        assert int(counted[i]) == cal.working_days(d, d + dt.timedelta(days=45))


def test_dates_as_pandas_objects_and_polars_dates() -> None:
    """Dates as a pandas object Series or a polars Date Series are read, missing values kept."""
    days = pd.Series([dt.date(2026, 2, 13), dt.date(2026, 2, 14), None], index=[7, 8, 9])
    assert CN_5X8.add_working_days(days, 1).tolist() == [dt.date(2026, 2, 14), dt.date(2026, 2, 24), None]
    assert CN_5X8.is_working_day(days).tolist() == [True, True, pd.NA]
    pdays = pl.Series("d", [dt.date(2026, 2, 13), None])
    assert CN_5X8.add_working_days(pdays, 1).to_list() == [dt.date(2026, 2, 14), None]


def test_holiday_data_warning_for_columns_too() -> None:
    """A column reaching a year without holiday data warns as the scalar call does; one within it does not."""
    cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
    t = np.array(["2027-03-01T01:00"], dtype="datetime64[us]")
    with pytest.warns(HolidayDataWarning, match="2027"):
        cal.add(t, dt.timedelta(hours=1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CN_5X8.add(np.array(["2026-03-02T01:00"], dtype="datetime64[us]"), dt.timedelta(hours=1))


def test_two_arrays_of_different_length_or_index_are_refused() -> None:
    """Two columns of different lengths, or Series with different indexes, are refused."""
    a = pd.Series(pd.to_datetime(["2026-02-13T08:00Z"] * 2), index=[1, 2])
    with pytest.raises(ValueError, match="same length"):
        CN_5X8.elapsed(a, a.iloc[:1])
    with pytest.raises(ValueError, match="index differs"):
        CN_5X8.elapsed(a, a.set_axis([3, 4]))


def test_far_apart_rows_are_indexed_a_stretch_at_a_time() -> None:
    """Rows centuries apart (1900, 2026, 2400) are each answered as the scalar call answers them."""
    cal = BusinessCalendar.preset("5x8", tz="America/New_York", hours="00:00-02:30,20:00-24:00")
    t = np.array(["1900-03-01T01:00", "2026-02-13T08:00", "2400-03-01T01:00"], dtype="datetime64[us]")
    got = cal.add(t, np.timedelta64(5, "h"))
    for u, r in zip(t, got, strict=True):
        start = u.astype(dt.datetime).replace(tzinfo=dt.UTC)
        assert r == np.datetime64(utc(cal.add(start, dt.timedelta(hours=5))).replace(tzinfo=None))


def test_days_term_and_period_dues_with_nat() -> None:
    """A calendar-days term over a Series equals the scalar due, NaT where the start is missing."""
    t = pd.Series([pd.Timestamp("2026-02-10T10:00", tz="Asia/Shanghai"), pd.NaT])
    got = CN_5X8.due(t, Days(3))
    assert _utc_us(got[0]) == _utc_us(CN_5X8.due("2026-02-10T10:00", Days(3)))
    assert pd.isna(got[1])


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.integers(-(10**12), 10**12), min_size=0, max_size=300),
    st.lists(st.integers(-(2 * 10**12), 2 * 10**12), min_size=1, max_size=200),
    st.sampled_from(["left", "right"]),
)
def test_bucket_finder_equals_searchsorted(edges: list[int], queries: list[int], side: str) -> None:
    """The bucket finder behind the column route answers as numpy's `searchsorted`, on either side."""
    # the bucket tables behind the column route answer exactly as numpy's binary search
    from servicelevel.calendar._kernels import _Finder

    a = np.array(sorted(edges), dtype=np.int64)
    q = np.array(queries, dtype=np.int64)
    in_range = q[(q >= a[0]) & (q <= a[-1])] if len(a) else q
    for qs in (q, in_range):
        assert (_Finder(a, side)(qs) == np.searchsorted(a, qs, side)).all()


def test_empty_and_two_dimensional_columns() -> None:
    """Empty columns give empty answers; a two-dimensional array keeps its shape."""
    empty = np.array([], dtype="datetime64[us]")
    assert len(CN_5X8.add(empty, dt.timedelta(hours=1))) == 0
    assert len(CN_5X8.add(pd.Series(empty).dt.tz_localize("UTC"), dt.timedelta(hours=1))) == 0
    assert len(CN_5X8.elapsed(empty, empty)) == 0
    assert len(CN_5X8.is_working_day(np.array([], dtype="datetime64[D]"))) == 0
    grid = np.full((2, 3), np.datetime64("2026-02-13T08:00", "us"))  # 16:00 in Shanghai, a Friday
    got = CN_5X8.add(grid, dt.timedelta(hours=2))
    assert got.shape == (2, 3)
    assert (got == np.datetime64("2026-02-14T02:00", "us")).all()  # Sat 14 Feb 10:00, a make-up day


def test_bad_columns_raise_clear_errors() -> None:
    """Bad durations, instants, counts, pauses and terms in columns raise the scalar errors, naming the row."""
    t = np.array(["2026-02-13T08:00", "2026-02-13T09:00"], dtype="datetime64[us]")
    with pytest.raises(
        InvalidTermError, match="row 1: duration: 1500 ns is not a whole number of microseconds"
    ):
        CN_5X8.add(t, np.array([1000, 1500], dtype="timedelta64[ns]"))
    with pytest.raises(InvalidInstantError, match="got an array of int64"):
        CN_5X8.add(np.array([1, 2]), dt.timedelta(hours=1))
    with pytest.raises(InvalidTermError, match="n: expected whole numbers of working days"):
        CN_5X8.add_working_days(np.array(["2026-02-13"], dtype="datetime64[D]"), np.array([1.5]))
    with pytest.raises(MismatchedColumnsError, match="exclude: expected one entry per row"):
        CN_5X8.add(t, dt.timedelta(hours=1), exclude=[[("2026-02-13T10:00", "2026-02-13T11:00")]])
    with pytest.raises(InvalidInstantError, match="row 0: exclude"):
        CN_5X8.add(t, dt.timedelta(hours=1), exclude=[[("tomorrow", "later")], []])
    with pytest.raises(InvalidTermError, match="row 1: term"):
        CN_5X8.due(t, ["1个工作日", "soon"])
    with pytest.raises(HorizonExceededError, match=r"row 0: t: .* is outside the dates"):
        CN_5X8.add(np.array(["9999-12-31T00:00"], dtype="datetime64[us]"), dt.timedelta(hours=1))


def test_never_open_and_far_budgets_raise_as_the_scalar_call_does() -> None:
    """A calendar that never opens again raises for a column as for the scalar call, the row named."""
    never = BusinessCalendar(
        tz="UTC", week={"mon-sun": "closed"}, special_hours={"2026-02-13": "09:00-10:00"}
    )
    t = np.array(["2026-02-13T08:00", "2026-03-01T00:00"], dtype="datetime64[us]")
    with pytest.raises(CalendarNeverOpenError) as scalar:
        never.add(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.timedelta(minutes=30))
    with pytest.raises(CalendarNeverOpenError, match="row 1: ") as column:
        never.add(t, dt.timedelta(minutes=30))
    assert str(column.value) == f"row 1: {scalar.value}"


_7X24_BERLIN = BusinessCalendar.preset("7x24", tz="Europe/Berlin")
_DESK = CN_5X8.switch("2025-03-01", BusinessCalendar.preset("7x24", tz="Asia/Shanghai", country="CN"))
_HOUR = 3_600_000_000
spans = st.tuples(st.integers(_LO, _HI), st.integers(0, 300 * _HOUR), st.integers(-300 * _HOUR, 300 * _HOUR))


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # budgets may reach 2027
@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([_7X24_BERLIN, _DESK]),
    st.lists(spans, min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(-10 * _HOUR, 10 * _HOUR), st.integers(0, 20 * _HOUR)), max_size=40),
)
def test_round_the_clock_elapsed_is_wall_time_less_pauses(
    cal: BusinessCalendar, rows: list[tuple[int, int, int]], paused: list[tuple[int, int]]
) -> None:
    """Where every row lies in one open window (7×24, or after a switch to it), the column `elapsed`
    (its one-window route, no search) is the wall-clock time less the pauses, and equals the scalar
    call row by row; starts before the switch take the searching route, with the same answers."""
    from servicelevel.calendar._kernels import one_window

    a = np.array([u for u, _, _ in rows], dtype=np.int64)
    b = a + np.array([d for _, _, d in rows], dtype=np.int64)
    # a pause per row where drawn: from its offset after the earlier instant, for its length
    pauses = [
        [(_dt(int(min(x, y)) + o), _dt(int(min(x, y)) + o + n))] if i < len(paused) else []
        for i, (x, y) in enumerate(zip(a, b, strict=True))
        for o, n in [paused[i] if i < len(paused) else (0, 0)]
    ]
    got = cal.elapsed(a.view("datetime64[us]"), b.view("datetime64[us]"), exclude=pauses)
    snap = cal._index.cover(int(min(a.min(), b.min())), int(max(a.max(), b.max())))
    whole = one_window(snap, int(min(a.min(), b.min())), int(max(a.max(), b.max()))) >= 0
    for i, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        scalar = cal.elapsed(_dt(x), _dt(y), exclude=pauses[i])
        assert got[i].astype(dt.timedelta) == scalar
        if whole or cal is _7X24_BERLIN:  # open all the while: wall time, less the pauses inside it
            lo, hi = min(x, y), max(x, y)
            inside = sum(
                max(0, min(int((e - _EPOCH) / dt.timedelta(microseconds=1)), hi)
                    - max(int((s - _EPOCH) / dt.timedelta(microseconds=1)), lo))
                for s, e in pauses[i]
            )  # fmt: skip
            expected = (hi - lo) - inside
            assert int(got[i].astype(np.int64)) == (expected if y >= x else -expected)
