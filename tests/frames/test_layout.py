"""Times in a ``time_format`` layout read off the text's bytes (Arrow) or code points (Python
strings): every cell read there is read as pandas reads it (pandas is the oracle), the others are
left to pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel.frames._layout import read_layout, read_strings

pa = pytest.importorskip("pyarrow")

TZ = "Asia/Shanghai"
# layouts people export, pandas' ISO ones among them (which pandas reads by another parser)
LAYOUTS = [
    "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d-%m-%Y", "%H:%M %d/%m/%Y",
    "%d/%m/%Y %Hh%M", "%d %m %Y  %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
]  # fmt: skip
# field texts near and past each range's edges, unpadded, padded, spaced, non-ASCII digits
FIELD = {
    "d": ["1", "5", "05", "29", "30", "31", "32", "0", "00", " 5", "٣"],
    "m": ["1", "2", "02", "09", "12", "13", "0"],
    "Y": ["2016", "2024", "2028", "1600", "2300", "216", "20160"],
    "H": ["0", "00", "9", "09", "23", "24"],
    "M": ["0", "00", "5", "59", "60"],
    "S": ["0", "00", "59", "60", "61"],
}


def _oracle(cell: str, fmt: str) -> np.datetime64:
    """What pandas reads ``cell`` as, in µs (NaT: pandas refuses it)."""
    got = pd.to_datetime(pd.Series([cell], dtype=object), format=fmt, errors="coerce").iloc[0]
    return np.datetime64("NaT", "us") if pd.isna(got) else np.datetime64(got.to_datetime64(), "us")


@st.composite
def cells(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A layout and cells written in it, some of them bent (a space more, a byte after, a lower-case T)."""
    fmt = draw(st.sampled_from(LAYOUTS))
    out = []
    for _ in range(draw(st.integers(1, 12))):
        cell = fmt
        for name, texts in FIELD.items():
            cell = cell.replace(f"%{name}", draw(st.sampled_from(texts)))
        bend = draw(st.sampled_from(["", "", "", "lead", "tail", "digit", "spaces", "t"]))
        cell = {
            "lead": " " + cell, "tail": cell + " ", "digit": cell + "0", "spaces": cell.replace(" ", "  "),
            "t": cell.replace("T", "t"),
        }.get(bend, cell)  # fmt: skip
        out.append(cell)
    return fmt, out


@given(cells())
def test_every_cell_read_is_read_as_pandas_reads_it(drawn: tuple[str, list[str]]) -> None:
    """A cell read off the bytes has the instant pandas' strptime gives it (pandas: the oracle)."""
    fmt, texts = drawn
    got = read_layout(pa.array(texts, type=pa.string()), fmt)
    assert got is not None
    times, read = got
    for i, cell in enumerate(texts):
        if read[i]:
            assert times[i] == _oracle(cell, fmt), (cell, fmt)
        else:
            assert np.isnat(times[i])
    # Python strings (pandas without pyarrow) are read cell for cell as the Arrow bytes are
    strings = read_strings(np.array(texts, dtype=object), fmt)
    assert strings is not None
    assert strings[1].tolist() == read.tolist()
    assert (strings[0][read] == times[read]).all()


def test_a_real_log_s_cells_by_hand() -> None:
    """ServiceNow's export layout, cells worked by hand; the doubtful ones are left to pandas."""
    texts = [
        "29/2/2016 01:16",
        "5/03/2016 9:05",
        "30/2/2016 01:16",
        " 5/3/2016 10:00",
        "5/3/2016  10:00",
        None,
    ]
    times, read = read_layout(pa.array(texts), "%d/%m/%Y %H:%M")  # type: ignore[misc]
    # 2016 is a leap year: 29 February is a date, 30 February is not; a leading space and a
    # doubled space are what pandas' pattern takes and this reading does not
    assert read.tolist() == [True, True, False, False, False, False]
    assert times[0] == np.datetime64("2016-02-29T01:16", "us")
    assert times[1] == np.datetime64("2016-03-05T09:05", "us")
    # large_string arrays (polars' text) read the same
    times2, read2 = read_layout(pa.array(texts, type=pa.large_string()), "%d/%m/%Y %H:%M")  # type: ignore[misc]
    assert read2.tolist() == read.tolist()
    assert times2[0] == times[0]


def test_iso_layouts_are_read_only_zero_padded() -> None:
    """pandas reads ISO layouts by its ISO parser: only zero-padded fields are read here."""
    times, read = read_layout(pa.array(["2026-03-05 10:00", "2026-3-5 10:00"]), "%Y-%m-%d %H:%M")  # type: ignore[misc]
    assert read.tolist() == [True, False]
    assert times[0] == np.datetime64("2026-03-05T10:00", "us")


@pytest.mark.parametrize(
    "fmt",
    ["%d%m%Y", "%d/%m/%Y %H:%M%z", "%d/%m/%y", "%d/%m/%Y %I:%M %p", "%d/%m/%d", "%m/%Y", "%d/%m/%Y\t%H"],
)
def test_layouts_read_by_pandas_alone(fmt: str) -> None:
    """Two numbers with nothing between, zones, two-digit years, AM/PM, a repeated or missing
    field, a tab: pandas reads the whole column."""
    assert read_layout(pa.array(["05/03/2026 10:00"]), fmt) is None


def test_python_strings_by_hand() -> None:
    """Python strings: the same cells read; a trailing NUL, a number or a datetime is pandas' to read."""
    times, read = read_strings(  # type: ignore[misc]
        np.array(["29/2/2016 01:16", "5/3/2016 10:00\x00", None, "北京 5/3/2016 10:00"], dtype=object),
        "%d/%m/%Y %H:%M",
    )
    assert read.tolist() == [True, False, False, False]
    assert times[0] == np.datetime64("2016-02-29T01:16", "us")
    assert read_strings(np.array(["5/3/2016 10:00", 5], dtype=object), "%d/%m/%Y %H:%M") is None
    assert read_strings(np.array([None, None], dtype=object), "%d/%m/%Y %H:%M")[1].tolist() == [False, False]  # type: ignore[index]
