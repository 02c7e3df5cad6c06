"""Times in a ``time_format`` layout read off the text's bytes, where pandas would read them alike.

A ``time_format`` such as ``%d/%m/%Y %H:%M`` is read by pandas' ``strptime``, a regular expression
per cell (about 1.3 µs a row, most of a replay's time on a wide log). The layouts made of numbers
and separators (day, month, four-digit year, hours, minutes, seconds) are read here with numpy,
a field at a time for every cell at once, straight from an Arrow array's bytes (`read_layout`) or
from Python strings as numpy's fixed-width text (`read_strings`, when pyarrow is not installed).
A cell is read here only if pandas' pattern for the format matches it exactly as read here (each
field one run of ASCII digits, in its range, a real date; the separators byte for byte); every
other cell is left to pandas, so every cell gets pandas' answer, the odd ones from pandas itself.
The property test holds the two to the same instants, pandas as the oracle.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["read_layout", "read_strings"]

# the directives read here: (fewest, most digits), and the range pandas' pattern accepts
_FIELDS = {"Y": (4, 4), "m": (1, 2), "d": (1, 2), "H": (1, 2), "M": (1, 2), "S": (1, 2)}
_RANGE = {"m": (1, 12), "d": (1, 31), "H": (0, 23), "M": (0, 59), "S": (0, 59)}
# years every pandas resolution holds (datetime64[ns] spans 1677-09-21 to 2262-04-11)
_YEARS = (1678, 2261)
# days by month, February's leap day added where due
_DAYS_IN = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_DIGIT = re.compile(rb"[0-9]")


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
    >>> str(times[0]), read.tolist()
    ('2016-02-29T01:16:00.000000', [True, False, False])
    """
    layout = _tokens(fmt)
    if layout is None:
        return None
    import pyarrow as pa  # the text is an Arrow array: pyarrow is there

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
    return _read(data, pos, end, ok, *layout)


def read_strings(
    values: npt.NDArray[Any], fmt: str
) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.bool_]] | None:
    """`read_layout` of Python strings (an ``object`` array; missing cells NaT, not read), through
    numpy's fixed-width text: each cell's bytes (ASCII) or code points at a fixed stride. None: a
    layout this does not read, or a cell that is neither text nor missing (a datetime: pandas
    decides).

    >>> import numpy as np
    >>> times, read = read_strings(np.array(["29/2/2016 01:16", None], dtype=object), "%d/%m/%Y %H:%M")
    >>> str(times[0]), read.tolist()
    ('2016-02-29T01:16:00.000000', [True, False])
    """
    layout = _tokens(fmt)
    if layout is None:
        return None
    present = pd.notna(values)
    cells = values[present]
    if len(cells) and pd.api.types.infer_dtype(cells, skipna=False) != "string":
        return None
    try:  # ASCII text as bytes (a quarter of the memory); any other text as code points
        fixed = np.array(cells, dtype=np.bytes_)
        unit: type[np.unsignedinteger[Any]] = np.uint8
    except UnicodeEncodeError:
        fixed, unit = np.array(cells, dtype=np.str_), np.uint32
    width = max(fixed.dtype.itemsize // np.dtype(unit).itemsize, 1)
    length = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
    # numpy's text drops trailing NUL characters: such a cell is pandas' to read
    ok = np.char.str_len(fixed) == length
    units = fixed.view(unit) if len(cells) else np.zeros(0, dtype=unit)
    data = np.concatenate([units, np.zeros(width + len(fmt) * 4 + 8, dtype=unit)])
    pos = np.arange(len(cells), dtype=np.int64) * width
    times_, read_ = _read(data, pos, pos + length, ok, *layout)
    times = np.full(len(values), np.datetime64("NaT", "us"))
    read = np.zeros(len(values), dtype=bool)
    times[present], read[present] = times_, read_
    return times, read


def _read(
    data: npt.NDArray[Any],
    pos: npt.NDArray[np.int64],
    end: npt.NDArray[np.int64],
    ok: npt.NDArray[np.bool_],
    tokens: list[str | bytes],
    iso: bool,
) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.bool_]]:
    """The cells from ``pos`` to ``end`` in ``data`` (bytes or code points, followed by zeros)
    read as ``tokens``: wall times, and which were read (``ok`` on the way in: which may be)."""
    pos = pos.copy()
    values: dict[str, npt.NDArray[np.int32]] = {}
    zero = data.dtype.type(ord("0"))
    n = len(pos)
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
