"""Text columns read as Arrow arrays, whatever pandas holds them as; times in a given layout
read off the text's bytes.

pandas 3 holds text as its ``str`` dtype, backed by pyarrow when pyarrow is installed (as
``servicelevel[columns]`` installs it), by Python strings when not, and older frames hold
``object`` columns. One Arrow array serves them all: taken as it is from an Arrow-backed column,
built once (a few ms for a log's worth of rows) from Python strings.

A ``time_format`` such as ``%d/%m/%Y %H:%M`` is read by pandas' ``strptime``, a regular expression
per cell (about 1.3 µs a row, most of a replay's time on a wide log). `read_layout` reads the
layouts made of numbers and separators (day, month, four-digit year, hours, minutes, seconds)
straight from the Arrow array's bytes with numpy, and leaves every cell it does not read to
pandas: a cell is read here only if pandas' pattern for the format matches it exactly as read
here (each field one run of ASCII digits, in its range, a real date; the separators byte for
byte), so every cell gets pandas' answer, the odd ones from pandas itself.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.frames._input import BadRows, instant_column
from servicelevel.frames._judge import NAT, Times

if TYPE_CHECKING:
    from servicelevel.calendar import BusinessCalendar

__all__ = ["arrow_text", "read_layout", "time_column"]

# the directives read here: (fewest, most digits), and the range pandas' pattern accepts
_FIELDS = {"Y": (4, 4), "m": (1, 2), "d": (1, 2), "H": (1, 2), "M": (1, 2), "S": (1, 2)}
_RANGE = {"m": (1, 12), "d": (1, 31), "H": (0, 23), "M": (0, 59), "S": (0, 59)}
# years every pandas resolution holds (datetime64[ns] spans 1677-09-21 to 2262-04-11)
_YEARS = (1678, 2261)
_DAYS_IN = np.array(
    [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
)  # by month; February's leap day added
_DIGIT = re.compile(rb"[0-9]")


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
    layout = read_layout(text, fmt) if text is not None else None
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
        aware = parsed.dt.tz_localize(cal.tz, ambiguous="NaT", nonexistent="NaT")
    utc: Times = aware.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[us]")
    bad = np.isnat(utc) & s.notna().to_numpy()
    for i in np.flatnonzero(bad).tolist():
        rows.add(
            [i],
            f"{name}: {s.iloc[i]!r} does not match the format {fmt!r} in {cal.tz} (or is not a "
            "time of that day: a clock change)",
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
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)):
            return None  # an Arrow column of numbers or dates: not text
        if kind != text.type or pa.types.is_string_view(kind):
            text = text.cast(pa.large_string())
    except (pa.ArrowException, TypeError, ValueError):
        return None
    return text


def _tokens(fmt: str) -> tuple[list[str | bytes], bool] | None:
    """The layout as directives (``"d"``) and separators (``b"/"``), and whether pandas reads it as
    ISO 8601 (then it takes its ISO parser, whose fields are read here only zero-padded). None:
    a layout read by pandas alone (another directive, a repeated one, a text zone, no date, two
    numbers with nothing between them, separators holding digits, ``%`` or whitespace other
    than a space)."""
    out: list[str | bytes] = []
    for part in re.split(r"(%.)", fmt):
        if part.startswith("%"):
            if part[1:] not in _FIELDS or part[1:] in out:
                return None
            if out and isinstance(out[-1], str):
                return None
            out.append(part[1:])
        elif part:
            if not part.isascii() or _DIGIT.search(part.encode()) or re.search(r"[^\S ]|%", part):
                return None
            out.append(part.encode())
    if not {"Y", "m", "d"} <= set(out):
        return None
    # pandas' own test (`format_is_iso`): a prefix of ISO 8601's layout with one date separator
    iso = any(
        f"%Y{sep}%m{sep}%d{tsep}%H:%M:%S{tail}".startswith(fmt)
        for sep in (" ", "/", "\\", "-", ".", "")
        for tsep in (" ", "T")
        for tail in ("", "%z", ".%f", ".%f%z")
    )
    return out, iso


def read_layout(text: Any, fmt: str) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.bool_]] | None:
    """Wall times (naive ``datetime64[us]``) of the cells of an Arrow text array laid out as
    ``fmt``, and which cells were read (the others, missing ones included, are NaT and left to
    pandas). None: a layout this does not read (see `_tokens`).

    >>> import pyarrow as pa
    >>> times, read = read_layout(pa.array(["29/2/2016 01:16", "30/2/2016 01:16", None]), "%d/%m/%Y %H:%M")
    >>> times[0], read.tolist()
    (np.datetime64('2016-02-29T01:16:00.000000'), [True, False, False])
    """
    layout = _tokens(fmt)
    if layout is None:
        return None
    import pyarrow as pa  # the text is an Arrow array: pyarrow is there

    tokens, iso = layout
    n = len(text)
    offsets_buf, data_buf = text.buffers()[1:3]
    wide = pa.types.is_large_string(text.type)
    offs = np.frombuffer(offsets_buf, dtype=np.int64 if wide else np.int32)[text.offset : text.offset + n + 1]
    # zero bytes after the data: a cell read past its end reads them or the next cell, and is
    # refused below (its reading does not end at its end), never out of bounds
    raw = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    data: npt.NDArray[np.uint8] = np.concatenate([raw, np.zeros(len(fmt) * 4 + 8, dtype=np.uint8)])
    pos: npt.NDArray[np.int64] = offs[:-1].astype(np.int64)
    end: npt.NDArray[np.int64] = offs[1:].astype(np.int64)
    ok = np.ones(n, dtype=bool)
    if text.null_count:
        ok &= ~np.asarray(text.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    values: dict[str, npt.NDArray[np.int32]] = {}
    zero = np.uint8(ord("0"))
    for token in tokens:
        if isinstance(token, bytes):  # a separator, byte for byte
            for byte in token:
                ok &= data[pos] == byte
                pos += 1
            continue
        fewest, most = _FIELDS[token]
        if iso:  # pandas' ISO parser: read here only as zero-padded, which both read alike
            fewest = most
        value = np.zeros(n, dtype=np.int32)
        for k in range(most):
            c = data[pos] - zero  # a digit's value; any other byte wraps round to 10 or more
            digit = (c < 10) & (pos < end)
            if k < fewest:
                ok &= digit
            value = np.where(digit, value * 10 + c, value)
            pos += digit
        # the run of digits ends here (a field is one whole run: pandas' pattern cannot split it)
        ok &= (data[pos] - zero >= 10) | (pos >= end)
        values[token] = value
    ok &= pos == end  # the whole cell, nothing after
    for name, (lo, hi) in _RANGE.items():
        if name in values:
            ok &= (values[name] >= lo) & (values[name] <= hi)
    year, month, day = values["Y"], values["m"], values["d"]
    ok &= (year >= _YEARS[0]) & (year <= _YEARS[1])
    # a real date: 30 February is pandas' to refuse
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    ok &= day <= _DAYS_IN[np.clip(month, 1, 12)] + ((month == 2) & leap)
    # days since 1970-01-01 by the proleptic Gregorian calendar (H. Hinnant's days_from_civil)
    y = year.astype(np.int64) - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    days = era * 146_097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719_468
    seconds = days * 86_400
    for name, scale in (("H", 3600), ("M", 60), ("S", 1)):
        if name in values:
            seconds += values[name] * scale
    us = (seconds * 1_000_000).view("datetime64[us]")
    return np.where(ok, us, np.datetime64("NaT", "us")), ok
