"""Instants into a calendar (calendar/_instants.py): any accepted instant to epoch µs, and what is
refused — naive datetimes, dates, text without a time, pandas' NaT (issue 11, item 6)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from servicelevel import (
    InvalidInstantError,
    MissingInstantError,
    NaiveDatetimeError,
    ServiceLevelError,
)
from tests.conftest import CN_5X8, SH

UTC = dt.UTC


class TestNaive:
    def test_naive_datetime(self) -> None:
        """A naive datetime is refused with a hint how to make it aware, as a ValueError too."""
        with pytest.raises(NaiveDatetimeError, match=r"t: .*naive.*tz='Asia/Shanghai'") as info:
            CN_5X8.add(dt.datetime(2026, 2, 13, 10), dt.timedelta(hours=1))
        assert isinstance(info.value, ValueError)
        assert isinstance(info.value, ServiceLevelError)

    @pytest.mark.parametrize("method", ["is_open", "next_open"])
    def test_naive_everywhere(self, method: str) -> None:
        """is_open and next_open refuse a naive datetime too."""
        with pytest.raises(NaiveDatetimeError):
            getattr(CN_5X8, method)(dt.datetime(2026, 2, 13, 10))

    def test_naive_end_of_elapsed_names_the_field(self) -> None:
        """A naive end of elapsed is refused, naming end."""
        with pytest.raises(NaiveDatetimeError, match=r"^end: "):
            CN_5X8.elapsed("2026-02-13T10:00", dt.datetime(2026, 2, 13, 12))

    def test_windows_checks_its_arguments_at_once(self) -> None:
        """windows() checks its arguments when called, not lazily on iteration."""
        # Not lazily on iteration: the error comes from the call.
        with pytest.raises(NaiveDatetimeError, match=r"^start: "):
            CN_5X8.windows(dt.datetime(2026, 3, 2), "2026-03-03T00:00")


class TestNotInstants:
    def test_date_is_not_an_instant(self) -> None:
        """A date is not an instant, and the error is a TypeError too."""
        with pytest.raises(InvalidInstantError, match="expected an instant, got date") as info:
            CN_5X8.is_open(dt.date(2026, 2, 13))  # type: ignore[arg-type]
        assert isinstance(info.value, TypeError)

    @pytest.mark.parametrize("text", ["2026-02-13", "tomorrow", "13/02/2026 10:00", ""])
    def test_string_without_time(self, text: str) -> None:
        """Each text without a time is refused, pointing to ISO 8601."""
        with pytest.raises(InvalidInstantError, match="ISO 8601"):
            CN_5X8.is_open(text)


class TestMissing:
    """pandas' NaT in scalar calls is a missing instant, in every method (#11, item 6)."""

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
        """NaT given to each scalar method is refused as a missing value (#11)."""
        with pytest.raises(MissingInstantError, match="NaT is a missing value") as info:
            call(CN_5X8)  # type: ignore[operator]
        assert isinstance(info.value, ValueError)

    def test_pandas_timestamp_is_an_instant(self) -> None:
        """A pandas Timestamp with a zone is an instant like any aware datetime (#11)."""
        t = pd.Timestamp("2026-02-13 16:00", tz=SH)
        assert CN_5X8.add(t, dt.timedelta(hours=2)) == dt.datetime(2026, 2, 14, 2, tzinfo=UTC)
