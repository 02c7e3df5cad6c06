"""Text columns as Arrow arrays whatever pandas holds them as, and a log's time column read alike
from every dtype, with pyarrow and without."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from servicelevel import BusinessCalendar, load_contract
from servicelevel.frames._text import arrow_text, time_column
from tests.frames.logs import KW, LOG

pa = pytest.importorskip("pyarrow")

TZ = "Asia/Shanghai"


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
    # a time at a clock change is read by the calendar's rule, never refused: only the bad date is
    assert found.rows[1] == "t: '30/2/2026 10:00' does not match the format '%d/%m/%Y %H:%M'"


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
