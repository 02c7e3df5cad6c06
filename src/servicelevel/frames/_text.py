"""A log's time column read the way its dtype is fastest, and text columns as Arrow arrays.

pandas 3 holds text as its ``str`` dtype, backed by pyarrow when pyarrow is installed (as
``servicelevel[columns]`` installs it), by Python strings when not, and older frames hold
``object`` columns. An Arrow array is taken as it is from an Arrow-backed column and built once
(a few ms for a log's worth of rows) from Python strings when pyarrow is there; without it the
strings are read as they are. Times in a ``time_format`` layout are read off either by
`frames._layout` (pandas reads the cells it alone can); a categorical column has each distinct
value read once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from servicelevel.frames._input import BadRows, instant_column
from servicelevel.frames._judge import NAT, Times
from servicelevel.frames._layout import read_layout, read_strings

if TYPE_CHECKING:
    from servicelevel.calendar import BusinessCalendar

__all__ = ["arrow_text", "time_column"]


class _Rows(Protocol):
    def add(self, rows: Any, message: str) -> None: ...


def time_column(log: pd.DataFrame, name: str, cal: BusinessCalendar, fmt: str | None, rows: _Rows) -> Times:
    """A log's time column as UTC ``datetime64[us]``: aware datetimes, ISO text, or text in ``fmt``
    (read in the calendar's zone). Bad cells are noted in ``rows``. A categorical column has each
    of its values read once."""
    s = log[name]
    if not isinstance(s.dtype, pd.CategoricalDtype):
        return _times(s, name, cal, fmt, rows)
    codes = s.cat.codes.to_numpy()
    found = BadRows(pd.RangeIndex(len(s.cat.categories)))
    distinct = _times(pd.Series(s.cat.categories), name, cal, fmt, found)
    for k, message in found.bad.items():  # a bad value is bad in every row that holds it
        rows.add(np.flatnonzero(codes == k), message)
    return np.where(codes >= 0, distinct[np.maximum(codes, 0)] if len(distinct) else NAT, NAT)


def _times(s: pd.Series[Any], name: str, cal: BusinessCalendar, fmt: str | None, rows: _Rows) -> Times:
    """`time_column` of a column that is not categorical."""
    if fmt is None:
        evaluate_rows = BadRows(pd.RangeIndex(len(s)))
        out = instant_column(s.to_frame(name), name, cal, evaluate_rows, True)
        for pos, message in evaluate_rows.bad.items():
            if "is not an ISO 8601" in message:
                value = s.iloc[int(pos)]  # type: ignore[call-overload]
                message = (
                    f"{name}: {value!r} is not ISO 8601 text such as '2026-03-02T10:00+08:00'; for another "
                    "layout pass time_format= (e.g. '%d/%m/%Y %H:%M')"
                )
            rows.add([int(pos)], message)  # type: ignore[call-overload]
        return out
    text = arrow_text(s)
    if text is not None:
        layout = read_layout(text, fmt)
    elif s.dtype.kind == "O" or isinstance(s.dtype, pd.StringDtype):  # Python strings: no pyarrow
        layout = read_strings(s.to_numpy(dtype=object), fmt)
    else:
        layout = None
    if layout is None:
        parsed = pd.to_datetime(s, format=fmt, errors="coerce")
    else:  # the cells read off the bytes; pandas reads the others, as it would have read them all
        naive, read = layout
        rest = np.flatnonzero(~read & s.notna().to_numpy())
        if len(rest):
            other = pd.to_datetime(s.iloc[rest], format=fmt, errors="coerce")
            naive[rest] = other.to_numpy().astype("datetime64[us]")
        parsed = pd.Series(naive)
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):  # the format holds an offset (%z)
        aware = parsed
    else:
        # the calendar's rule for local times at a clock change, as naive ISO text reads them: a
        # repeated time is its first occurrence (pandas: True = the DST side), a skipped one the
        # end of the gap (docs/semantics.md §6)
        first = np.ones(len(parsed), dtype=bool)
        aware = parsed.dt.tz_localize(cal.tz, ambiguous=first, nonexistent="shift_forward")
    utc: Times = aware.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[us]")
    bad = np.isnat(utc) & s.notna().to_numpy()
    for i in np.flatnonzero(bad).tolist():
        rows.add(
            [i],
            f"{name}: {s.iloc[i]!r} does not match the format {fmt!r}",
        )
    return utc


def arrow_text(column: pd.Series[Any]) -> Any:
    """The column as one Arrow ``string``/``large_string`` array (missing cells null), or None
    where pyarrow is missing or a cell is not text (a datetime, a number: pandas decides)."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow comes with servicelevel[columns]
        return None
    dtype = column.dtype
    try:
        if isinstance(dtype, pd.ArrowDtype) or (
            isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"
        ):
            text = pa.array(column.array)  # the column's own chunks, no copy
        elif dtype.kind == "O" or isinstance(dtype, pd.StringDtype):
            text = pa.array(column.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
        else:
            return None
        if isinstance(text, pa.ChunkedArray):
            text = text.combine_chunks()
        kind = text.type.value_type if pa.types.is_dictionary(text.type) else text.type
        # string views came with pyarrow 16; older ones have none to look for
        is_view = getattr(pa.types, "is_string_view", lambda _: False)(kind)
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or is_view):
            return None  # an Arrow column of numbers or dates: not text
        if kind != text.type or is_view:
            text = text.cast(pa.large_string())
    except (pa.ArrowException, TypeError, ValueError):
        return None
    return text
