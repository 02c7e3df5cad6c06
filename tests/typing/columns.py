"""Checked by ``mypy --strict`` in ``make test`` (not run): scalar and column calls keep precise types."""

from __future__ import annotations

import datetime as dt
from typing import Any, assert_type

import numpy as np
import numpy.typing as npt
import pandas as pd
import pendulum
import polars as pl

from servicelevel import BusinessCalendar

cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
hour = dt.timedelta(hours=1)
array: npt.NDArray[Any] = np.array(["2026-02-13T08:00"], dtype="datetime64[us]")
series: pd.Series[Any] = pd.Series(pd.to_datetime(["2026-02-13T08:00Z"]))
polars_series = pl.Series([dt.datetime(2026, 2, 13, 8, tzinfo=dt.UTC)])

assert_type(cal.add("2026-02-13T16:00", hour), pendulum.DateTime)
assert_type(cal.elapsed("2026-02-13T16:00", "2026-02-14T10:00"), dt.timedelta)
assert_type(cal.is_open("2026-02-13T16:00"), bool)
assert_type(cal.due("2026-02-13T16:00", "1个工作日"), pendulum.DateTime)
assert_type(cal.add_working_days(dt.date(2026, 2, 13), 1), dt.date)
assert_type(cal.working_days("2026-02-09", "2026-03-02"), int)

assert_type(cal.add(array, hour), npt.NDArray[Any])
assert_type(cal.add(series, hour), pd.Series[Any])
assert_type(cal.add(polars_series, hour), pl.Series)
assert_type(cal.elapsed(series, series), pd.Series[Any])
assert_type(cal.is_open(array), npt.NDArray[Any])
assert_type(cal.next_open(series), pd.Series[Any])
assert_type(cal.due(series, ["30分钟", "1个工作日"]), pd.Series[Any])
assert_type(cal.instant(polars_series), pl.Series)
