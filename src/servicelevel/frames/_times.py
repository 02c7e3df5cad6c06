"""Columns of instants read fast, as UTC ``datetime64[us]``: pyarrow's aware timestamps, and ISO
8601 text by pyarrow's or pandas' parser where that gives exactly what the calendar's reader gives
(anything else is left to `frames._input.instant_column`'s row-by-row reading)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from servicelevel.calendar import BusinessCalendar
from servicelevel.frames._judge import NAT, Times

__all__ = ["arrow_instants", "iso_text"]


def arrow_instants(s: pd.Series[Any]) -> Times | None:
    """A pyarrow timestamp column with a zone (``timestamp[us, tz=…][pyarrow]``, as
    ``convert_dtypes(dtype_backend="pyarrow")`` makes of aware datetimes) as UTC ``datetime64[us]``:
    arrow holds them as UTC integers, the instants they are. None for any other column."""
    if not isinstance(s.dtype, pd.ArrowDtype) or getattr(s.dtype.pyarrow_dtype, "tz", None) is None:
        return None  # a zoneless arrow timestamp (kind "M") is refused as naive by the caller
    import pyarrow as pa

    # to µs as the pandas route does (below a microsecond is dropped); a missing cell is NaT
    micro = pa.array(s).cast(pa.timestamp("us", tz="UTC"), safe=False).cast(pa.int64())
    return micro.fill_null(NAT.astype(np.int64).item()).to_numpy().view("datetime64[us]")  # type: ignore[no-any-return]


# ISO 8601 text that `datetime.fromisoformat` and pandas read alike: date, hours and minutes, optional
# seconds and fraction, an optional offset. Anything else takes the calendar's own reader, row by row.
_ISO = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
_OFFSET = r"(?:Z|[+-]\d{2}:\d{2})"


def iso_text(s: pd.Series[Any], cal: BusinessCalendar) -> Times | None:
    """A text column read by pandas' vectorised ISO 8601 parser, where that gives exactly what the
    calendar's reader gives: every cell plain ISO text, all with an offset, or all without (local
    time in the calendar's zone, outside any clock change). None: read it row by row."""
    if not (s.dtype == object or isinstance(s.dtype, pd.StringDtype)) or not len(s):
        return None
    text = s.astype("string")
    present = text.notna()
    if not present.any():
        return None
    cells = text[present]
    utc = _arrow_utc(cells)
    if utc is not None:
        out = np.full(len(s), NAT)
        out[present.to_numpy()] = utc
        return out
    try:
        if cells.str.fullmatch(_ISO + _OFFSET).all():
            parsed = pd.to_datetime(cells, format="ISO8601", utc=True)
        elif cells.str.fullmatch(_ISO).all():
            naive = pd.to_datetime(cells, format="ISO8601")
            parsed = naive.dt.tz_localize(cal.tz, ambiguous="NaT", nonexistent="NaT")
            if parsed.isna().any():
                return None  # a clock change: the calendar's own rule for such local times applies
        else:
            return None
    except (ValueError, OverflowError):  # out of pandas' range, say: the calendar's reader decides
        return None
    out = np.full(len(s), NAT)
    out[present.to_numpy()] = (
        parsed.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[us]")
    )
    return out


def _arrow_utc(cells: pd.Series[Any]) -> Times | None:
    """ISO text with offsets as UTC µs by pyarrow's parser, about ten times faster than pandas' on a
    log's worth of rows. None where pyarrow is missing, refuses a cell (an impossible date, text
    without an offset: pandas and then the row-by-row reader decide and name it), or reads a
    layout `_ISO` + `_OFFSET` does not describe (``T10+08``, ``+0800``)."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pyarrow comes with servicelevel[columns]
        return None
    try:
        text = pa.array(cells.array, type=pa.string())
        if isinstance(text, pa.ChunkedArray):
            text = text.combine_chunks()
        # the layout first: arrow takes ten times as long to refuse naive text as to read it
        if not _iso_layout(text):
            return None
        # arrow parses a timestamp with a zone only from text with an offset: naive text is refused
        parsed = pc.cast(text, pa.timestamp("us", tz="UTC"))
    except pa.ArrowException:  # any refusal: pandas' parser, then the row-by-row reader, decide
        return None
    # UTC µs as integers: arrow keeps timestamps in UTC whatever the zone, and numpy has no zones
    return parsed.cast(pa.int64()).to_numpy(zero_copy_only=False).view("datetime64[us]")  # type: ignore[no-any-return]


def _iso_layout(text: Any) -> bool:
    """Whether every cell of an arrow text array that arrow read as an instant is laid out as `_ISO`
    + `_OFFSET`: separators at their places, minutes given, the offset ``Z`` or ``±hh:mm``. Read
    off the array's bytes (a regex over a log's worth of cells costs five times the parse)."""
    if text.null_count:
        return False
    offsets_buf, data_buf = text.buffers()[1:]
    if data_buf is None:
        return False
    offs = np.frombuffer(offsets_buf, dtype=np.int32)[text.offset : text.offset + len(text) + 1]
    data = np.frombuffer(data_buf, dtype=np.uint8)
    starts, ends = offs[:-1], offs[1:]
    if not len(starts) or (ends - starts).min() < len("2026-01-05T10:00Z"):
        return False
    at = data[starts + 10]
    sign = data[ends - 6]
    return bool(
        (data[starts + 4] == ord("-")).all()
        and (data[starts + 7] == ord("-")).all()
        and ((at == ord("T")) | (at == ord(" "))).all()
        and (data[starts + 13] == ord(":")).all()
        and (
            (data[ends - 1] == ord("Z"))
            | (((sign == ord("+")) | (sign == ord("-"))) & (data[ends - 3] == ord(":")))
        ).all()
    )
