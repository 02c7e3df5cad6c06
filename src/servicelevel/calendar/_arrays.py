"""Columns in and out: numpy, pandas and polars values as epoch-µs integer arrays, and back.

This module imports numpy; the calendar imports it only when a caller passes
an array, so ``import servicelevel`` and the scalar API never load numpy,
pandas or polars. Every converter returns ``(values, missing)``: an ``int64``
array and a boolean mask of the rows that hold no value (NaT, null, None),
which propagate to the result instead of raising.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from servicelevel.calendar._kinds import ARRAY_NAMES, is_array
from servicelevel.calendar._time import EPOCH_ORDINAL, FIRST_DAY, LAST_DAY, US_PER_DAY
from servicelevel.errors import (
    HorizonExceededError,
    InvalidInstantError,
    InvalidTermError,
    MismatchedColumnsError,
    NaiveDatetimeError,
    ServiceLevelError,
)

__all__ = ["Column", "dates", "durations", "instants", "per_row", "raise_first", "row_error"]

I64 = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]
_NAT = np.iinfo(np.int64).min
_FIRST_US = (FIRST_DAY.toordinal() - EPOCH_ORDINAL) * US_PER_DAY
_LAST_US = (LAST_DAY.toordinal() + 1 - EPOCH_ORDINAL) * US_PER_DAY
_FIRST_DAYNO, _LAST_DAYNO = FIRST_DAY.toordinal() - EPOCH_ORDINAL, LAST_DAY.toordinal() - EPOCH_ORDINAL
_PER_UNIT = {
    "us": 1, "ms": 1000, "s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000,
    "D": US_PER_DAY, "W": 7 * US_PER_DAY,
}  # fmt: skip


def _library(x: object) -> str:
    for k in type(x).__mro__:
        root = k.__module__.partition(".")[0]
        if k.__name__ in ARRAY_NAMES.get(root, ()):
            return root
    raise AssertionError(x)  # only called on is_array values


def row_error(exc: ServiceLevelError, label: object) -> ServiceLevelError:
    """The same error, its message prefixed with the row it came from."""
    new = type(exc)(f"row {label!r}: {exc}")
    new.__cause__ = exc
    return new


def raise_first(bad: Mask, column: Column, error: Callable[[int], ServiceLevelError]) -> None:
    """Raise ``error(i)`` for the first row ``i`` marked ``bad``, named by its label; nothing if none is."""
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise row_error(error(i), column.label(i))


class Column:
    """The shape of the first array argument of a call: its length, index and kind, for the result."""

    __slots__ = ("index", "kind", "n", "name", "shape")

    @classmethod
    def of(cls, *args: object) -> Column:
        """The `Column` of the first array among ``args``."""
        for a in args:
            if is_array(a):
                return cls(a)
        raise AssertionError("no array argument")

    def __init__(self, x: Any) -> None:
        self.kind = _library(x)
        self.index: Any = None
        self.name: Any = getattr(x, "name", None)
        self.shape: tuple[int, ...] = tuple(x.shape) if self.kind == "numpy" else (len(x),)
        if self.kind == "pandas":
            import pandas as pd

            if isinstance(x, pd.Series):
                self.index = x.index
            else:
                self.kind = "pandas-index"
        self.n = int(np.prod(self.shape)) if self.shape else 1

    def label(self, i: int) -> object:
        """The label of row ``i`` in the caller's terms (the index label for pandas)."""
        if self.index is not None:
            label = self.index[i]
            return label.item() if isinstance(label, np.generic) else label  # 11, not np.int64(11)
        if self.kind == "numpy" and len(self.shape) > 1:
            return tuple(int(k) for k in np.unravel_index(i, self.shape))
        return i

    def check(self, x: Any, what: str) -> None:
        """A second array argument must have the same length (and index) as the first."""
        if not is_array(x):
            return
        length = int(np.prod(x.shape)) if hasattr(x, "shape") else len(x)
        if length != self.n:
            raise MismatchedColumnsError(
                f"{what}: has {length} rows where the first array argument has {self.n}; "
                "give arrays of the same length, or one scalar to apply to every row"
            )
        if (
            self.index is not None
            and getattr(x, "index", None) is not None
            and not x.index.equals(self.index)
        ):
            raise MismatchedColumnsError(
                f"{what}: its index differs from the first argument's; rows are matched by position, "
                "so align them first (e.g. other.reindex(first.index))"
            )

    # ------------------------------------------------------------------ results
    def instants(self, us: I64, missing: Mask, tz: str) -> Any:
        """Epoch µs as the caller's kind: numpy UTC ``datetime64[us]``, else tz-aware in ``tz``."""
        out = (
            (np.where(missing, _NAT, us) if missing.any() else us).view("datetime64[us]").reshape(self.shape)
        )
        if self.kind == "numpy":
            return out
        if self.kind == "polars":
            import polars as pl

            return pl.Series(self.name or "", out).dt.replace_time_zone("UTC").dt.convert_time_zone(tz)
        import pandas as pd

        index = pd.DatetimeIndex(out).tz_localize("UTC").tz_convert(tz)
        if self.kind == "pandas-index":
            return index.rename(self.name)
        return pd.Series(index, index=self.index, name=self.name)

    def durations(self, us: I64, missing: Mask) -> Any:
        out = (
            (np.where(missing, _NAT, us) if missing.any() else us).view("timedelta64[us]").reshape(self.shape)
        )
        if self.kind == "numpy":
            return out
        if self.kind == "polars":
            import polars as pl

            return pl.Series(self.name or "", out)
        import pandas as pd

        if self.kind == "pandas-index":
            return pd.TimedeltaIndex(out, name=self.name)
        return pd.Series(out, index=self.index, name=self.name)

    def values(self, values: npt.NDArray[Any], missing: Mask) -> Any:
        """Booleans or integers: a masked array from numpy, nullable ones from pandas and polars."""
        if self.kind == "numpy":
            return np.ma.MaskedArray(values.reshape(self.shape), mask=missing.reshape(self.shape))
        if self.kind == "polars":
            import polars as pl

            s = pl.Series(self.name or "", values)
            return s.scatter(np.flatnonzero(missing), None) if missing.any() else s
        import pandas as pd

        dtype = "boolean" if values.dtype == np.bool_ else "Int64"
        arr: Any = pd.array(values, dtype=dtype)  # type: ignore[call-overload]
        arr[missing] = pd.NA
        if self.kind == "pandas-index":
            return pd.Index(arr, name=self.name)
        return pd.Series(arr, index=self.index, name=self.name)

    def dates(self, days: I64, missing: Mask) -> Any:
        """Days since the epoch as dates: numpy ``datetime64[D]``, pandas/polars date columns."""
        out = np.where(missing, _NAT, days).astype("datetime64[D]").reshape(self.shape)
        if self.kind == "numpy":
            return out
        if self.kind == "polars":
            import polars as pl

            return pl.Series(self.name or "", out).cast(pl.Date)
        import pandas as pd

        objects = [
            None if m else EPOCH + dt.timedelta(days=int(d)) for d, m in zip(days, missing, strict=True)
        ]
        if self.kind == "pandas-index":
            return pd.Index(objects, dtype=object, name=self.name)
        return pd.Series(objects, index=self.index, name=self.name, dtype=object)


EPOCH = dt.date(1970, 1, 1)


# ---------------------------------------------------------------------- inputs
def _scale(v: I64, unit: str, count: int) -> I64:
    """Integers in ``count`` ``unit``s -> µs, flooring finer units (as the scalar path does)."""
    if unit == "ns":
        return (v * count) // 1000
    if unit == "us" and count == 1:
        return v
    factor = _PER_UNIT.get(unit)
    if factor is None:
        raise InvalidInstantError(
            f"unit: values in {unit!r} units are not supported; use 'D', 'h', 'm', 's', 'ms', 'us' or 'ns'"
        )
    return v * (factor * count)


def _elementwise(x: Any, convert: Callable[[Any], int], column: Column | None, what: str) -> tuple[I64, Mask]:
    """Convert row by row with the scalar converter (strings, datetimes, objects); None/NaT/NaN missing."""
    seq = x.to_list() if hasattr(x, "to_list") else (x.ravel().tolist() if hasattr(x, "ravel") else list(x))
    out = np.zeros(len(seq), dtype=np.int64)
    missing = np.zeros(len(seq), dtype=np.bool_)
    for i, item in enumerate(seq):
        if _is_missing(item):
            missing[i] = True
            continue
        try:
            out[i] = convert(item)
        except ServiceLevelError as exc:
            raise row_error(exc, column.label(i) if column is not None else i) from exc
    return out, missing


def _polars_ints(x: Any) -> tuple[I64, Mask]:
    """A polars temporal Series as its physical integers (nulls as 0) and its null mask."""
    return x.to_physical().fill_null(0).to_numpy().astype(np.int64), x.is_null().to_numpy()


def _is_missing(item: object) -> bool:
    if item is None:
        return True
    if isinstance(item, float):
        return item != item
    try:
        return bool(item != item)  # NaT, NaN, pandas.NA raises on bool() -> missing too
    except TypeError:
        return True


def _check_range(us: I64, missing: Mask, column: Column, what: str) -> None:
    if not len(us) or (int(us.min()) >= _FIRST_US and int(us.max()) < _LAST_US):
        return
    raise_first(
        ~missing & ((us < _FIRST_US) | (us >= _LAST_US)),
        column,
        lambda i: HorizonExceededError(
            f"{what}: {np.int64(us[i]).astype('datetime64[us]')} UTC is outside the dates "
            f"servicelevel computes with ({FIRST_DAY} to {LAST_DAY})"
        ),
    )


def instants(x: Any, scalar: Callable[[Any, str], int], column: Column, what: str) -> tuple[I64, Mask]:
    """Epoch µs and missing rows of an instant argument; ``scalar`` converts one value (strings…)."""
    if not is_array(x):  # one instant for every row
        if _is_missing(x):
            return np.zeros(column.n, np.int64), np.ones(column.n, np.bool_)
        return np.full(column.n, scalar(x, what), np.int64), np.zeros(column.n, np.bool_)
    column.check(x, what)
    lib = _library(x)
    if lib == "polars":
        import polars as pl

        dtype = x.dtype
        if isinstance(dtype, pl.Datetime):
            if dtype.time_zone is None:
                raise NaiveDatetimeError(
                    f"{what}: a polars Datetime column without a time zone is naive; "
                    "give it one, e.g. s.dt.replace_time_zone('Asia/Shanghai')"
                )
            v, missing = _polars_ints(x)
            us = _scale(v, dtype.time_unit, 1)
        else:
            return _elementwise(x, lambda t: scalar(t, what), column, what)
    elif lib == "pandas":
        import pandas as pd

        dtype = x.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            v = np.asarray(x.array.asi8 if hasattr(x, "array") else x.asi8, dtype=np.int64)
            missing = v == _NAT
            us = _scale(v, dtype.unit, 1)
        elif dtype.kind == "M":
            raise NaiveDatetimeError(
                f"{what}: a pandas datetime column without a time zone is naive; give it one, "
                "e.g. s.dt.tz_localize('Asia/Shanghai'), or convert UTC times with s.dt.tz_localize('UTC')"
            )
        else:
            return _elementwise(x, lambda t: scalar(t, what), column, what)
    else:
        a = np.asarray(x)
        if a.dtype.kind == "M":  # numpy carries no zone: its values are UTC
            unit, count = np.datetime_data(a.dtype)
            v = a.ravel().view(np.int64)
            missing = v == _NAT
            if unit in ("Y", "M"):
                us = a.ravel().astype("datetime64[us]").view(np.int64)
            else:
                us = _scale(v, unit, count)
        elif a.dtype.kind in "OUS":
            return _elementwise(a, lambda t: scalar(t, what), column, what)
        else:
            raise InvalidInstantError(
                f"{what}: expected instants (datetime64, tz-aware datetimes or ISO strings), "
                f"got an array of {a.dtype}"
            )
    if missing.any():
        us = np.where(missing, 0, us)
    _check_range(us, missing, column, what)
    return us, missing


def durations(x: Any, scalar: Callable[[Any], int], column: Column, what: str) -> tuple[I64, Mask]:
    """Microseconds and missing rows of a duration argument (one timedelta, or a column of them)."""
    if isinstance(x, np.timedelta64):
        us, missing = durations(np.array([x]), scalar, Column(np.zeros(1)), what)
        return np.full(column.n, us[0], np.int64), np.full(column.n, missing[0], np.bool_)
    if not is_array(x):
        if _is_missing(x):
            return np.zeros(column.n, np.int64), np.ones(column.n, np.bool_)
        return np.full(column.n, scalar(x), np.int64), np.zeros(column.n, np.bool_)
    column.check(x, what)
    lib = _library(x)
    if lib == "polars":
        import polars as pl

        if not isinstance(x.dtype, pl.Duration):
            return _elementwise(x, scalar, column, what)
        v, missing = _polars_ints(x)
        unit: str = x.dtype.time_unit
    else:
        a = np.asarray(x.to_numpy() if lib == "pandas" else x)
        if a.dtype.kind != "m":
            if a.dtype.kind in "O":
                return _elementwise(a, scalar, column, what)
            raise InvalidTermError(f"{what}: expected durations (timedelta64 or timedelta), got {a.dtype}")
        unit, count = np.datetime_data(a.dtype)
        if unit in ("Y", "M"):
            raise InvalidTermError(f"{what}: durations in months or years have no fixed length")
        v = a.ravel().view(np.int64)
        missing = v == _NAT
        v = v * count
    if unit == "ns":
        raise_first(
            ~missing & (v % 1000 != 0),
            column,
            lambda i: InvalidTermError(
                f"{what}: {v[i]} ns is not a whole number of microseconds, the resolution servicelevel "
                "computes in; round the durations first (e.g. s.dt.round('us'))"
            ),
        )
    us = _scale(v, unit, 1)
    return (np.where(missing, 0, us) if missing.any() else us), missing


def dates(x: Any, scalar: Callable[[Any, str], dt.date], column: Column, what: str) -> tuple[I64, Mask]:
    """Days since the epoch and missing rows of a date argument (datetime64[D], date columns, strings)."""

    def one(d: Any) -> int:
        return scalar(d, what).toordinal() - EPOCH_ORDINAL

    if not is_array(x):
        if _is_missing(x):
            return np.zeros(column.n, np.int64), np.ones(column.n, np.bool_)
        return np.full(column.n, one(x), np.int64), np.zeros(column.n, np.bool_)
    column.check(x, what)
    lib = _library(x)
    if lib == "polars":
        import polars as pl

        if x.dtype == pl.Date:
            days, missing = _polars_ints(x)
        else:
            return _elementwise(x, one, column, what)
    else:
        a = np.asarray(x.to_numpy() if lib == "pandas" else x)
        if a.dtype.kind == "M" and np.datetime_data(a.dtype)[0] == "D":
            v = a.ravel().view(np.int64)
            missing = v == _NAT
            days = v
        elif a.dtype.kind in "OUS":
            return _elementwise(a, one, column, what)
        else:
            raise InvalidInstantError(
                f"{what}: expected dates (datetime64[D], datetime.date objects or ISO strings), "
                f"got {a.dtype}; for instants take their local dates first"
            )
    days = np.where(missing, 0, days)
    raise_first(
        ~missing & ((days < _FIRST_DAYNO) | (days > _LAST_DAYNO)),
        column,
        lambda i: HorizonExceededError(
            f"{what}: {np.int64(days[i]).astype('datetime64[D]')} is outside the dates servicelevel "
            f"computes with ({FIRST_DAY} to {LAST_DAY})"
        ),
    )
    return days, missing


def per_row(x: Any, column: Column, what: str) -> Sequence[Any]:
    """A per-row argument (``exclude``, terms) as a list of one value per row."""
    if is_array(x) and _library(x) != "numpy":
        column.check(x, what)
        return list(x.to_list() if hasattr(x, "to_list") else x)
    seq = list(np.asarray(x, dtype=object).ravel()) if is_array(x) else list(x)
    if len(seq) != column.n:
        raise MismatchedColumnsError(f"{what}: expected one entry per row ({column.n}), got {len(seq)}")
    return seq
