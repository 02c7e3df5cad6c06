"""Text columns as Arrow arrays, and times in a ``time_format`` layout read off their bytes: every
cell read there is read as pandas reads it (pandas is the oracle), the others are pandas' own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import BusinessCalendar, load_contract
from servicelevel.frames._text import arrow_text, read_layout, time_column
from tests.frames.logs import KW, LOG

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


@pytest.mark.parametrize(
    "dtype",
    ["str", pd.StringDtype("python"), pd.StringDtype("pyarrow"), object, pd.ArrowDtype(pa.large_string())],
)
def test_text_of_every_dtype_is_one_arrow_array(dtype: object) -> None:
    """Text held as pandas str (either storage), object or an Arrow dtype is the same Arrow text."""
    got = arrow_text(pd.Series(["INC0000045", None, "INC0000046"], dtype=dtype))  # type: ignore[call-overload]
    assert got.to_pylist() == ["INC0000045", None, "INC0000046"]


def test_columns_that_are_not_text_have_no_arrow_text() -> None:
    """Numbers, datetimes in an object column, Arrow numbers: pandas reads those."""
    assert arrow_text(pd.Series([1, 2])) is None
    assert arrow_text(pd.Series([pd.Timestamp("2026-03-05", tz=TZ)], dtype=object)) is None
    assert arrow_text(pd.Series([1, 2], dtype=pd.ArrowDtype(pa.int64()))) is None


class _Found:
    def __init__(self) -> None:
        self.rows: dict[int, str] = {}

    def add(self, rows: object, message: str) -> None:
        """Note each row's first message."""
        for r in np.asarray(rows).tolist():
            self.rows.setdefault(r, message)


@pytest.mark.parametrize("dtype", ["str", object, "category"])
def test_time_column_reads_each_dtype_alike_and_names_bad_rows(dtype: str) -> None:
    """A time column in a layout, as text, object or categories: the same instants, the same bad rows
    (a doubled space is pandas' to read; 30 February is refused in every row holding it)."""
    cal = BusinessCalendar.preset("7x24", tz=TZ)
    cells = ["5/3/2026 10:00", "30/2/2026 10:00", "5/3/2026  10:00", None, "30/2/2026 10:00"]
    log = pd.DataFrame({"t": pd.Series(cells, dtype=dtype)})  # type: ignore[call-overload]
    found = _Found()
    got = time_column(log, "t", cal, "%d/%m/%Y %H:%M", found)
    # 10:00 in Shanghai (UTC+8) is 02:00 UTC
    want = np.datetime64("2026-03-05T02:00", "us")
    assert got[0] == want
    assert got[2] == want
    assert np.isnat(got[[1, 3, 4]]).all()
    assert sorted(found.rows) == [1, 4]
    assert found.rows[1] == (
        "t: '30/2/2026 10:00' does not match the format '%d/%m/%Y %H:%M' in Asia/Shanghai (or is not a "
        "time of that day: a clock change)"
    )


def test_without_pyarrow_pandas_reads_the_layout_and_the_replay_is_the_same() -> None:
    """With pyarrow blocked (pandas' str then holds Python strings) the replay of a log in a layout
    is the table it is with pyarrow."""
    root = Path(__file__).resolve().parents[2]
    code = """
import sys
sys.modules["pyarrow"] = None
import pandas as pd
from servicelevel import load_contract
from servicelevel.frames._text import arrow_text
from tests.frames.logs import KW, LOG
log = LOG.assign(sys_updated_at=pd.to_datetime(LOG["sys_updated_at"]).dt.strftime("%d/%m/%Y %H:%M"))
assert arrow_text(log["sys_updated_at"]) is None, "pyarrow is blocked"
c = load_contract("examples/contract.toml")
print(c.replay(log, **KW, at="2026-03-20T00:00", time_format="%d/%m/%Y %H:%M").to_csv())
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=False)
    assert run.returncode == 0, run.stderr
    contract = load_contract(root / "examples" / "contract.toml")
    log = LOG.assign(sys_updated_at=pd.to_datetime(LOG["sys_updated_at"]).dt.strftime("%d/%m/%Y %H:%M"))
    want = contract.replay(log, **KW, at="2026-03-20T00:00", time_format="%d/%m/%Y %H:%M")
    assert run.stdout == want.to_csv() + "\n"
