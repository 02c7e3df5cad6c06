"""Columns of instants read fast (frames/_times.py): ISO text by pyarrow's reader where it agrees
with the calendar's, and pyarrow's aware timestamps as the instants they are."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import NaiveDatetimeError, load_contract

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")  # with a ServiceNow-style [workflow]
COLUMNS = {"ticket": "ticket", "time": "time", "status": "status", "level": "priority"}

_FRAGMENTS = ["2026", "-", "01", "05", "T", " ", "10", ":", "00", "30", ".", "5", "123456", "1234567",
              "+08:00", "-05:30", "Z", "+0800", "+08", ",", "t"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 28), st.integers(0, 2), st.sampled_from(_FRAGMENTS)), max_size=3))
def test_arrow_reads_only_the_iso_layouts_and_the_same_instants(edits: list[tuple[int, int, str]]) -> None:
    """The fast reader of ISO text (pyarrow's parser and a check of the layout on the bytes) takes
    a cell only where the layout `_ISO` + `_OFFSET` describes it, and reads the instant pandas
    reads; any other cell sends the column to the slower readers."""
    import re

    from servicelevel.frames._times import _ISO, _OFFSET, _arrow_utc

    text = list("2026-01-05T10:00:30.123+08:00")
    for where, how, piece in edits:  # delete, insert or replace a fragment
        k = min(where, len(text) - 1)
        if how == 0 and text:
            del text[k]
        elif how == 1:
            text.insert(where, piece)
        elif text:
            text[k] = piece
    cell = "".join(text)
    got = _arrow_utc(pd.Series(["2026-03-02T10:00+08:00", cell], dtype="str"))
    if got is None:
        return
    assert re.fullmatch(_ISO + _OFFSET, cell), cell
    # the standard library's reader, which spans years 1-9999 (pandas' nanoseconds do not)
    aware = dt.datetime.fromisoformat(cell).astimezone(dt.UTC).replace(tzinfo=None)
    want = np.datetime64(aware, "us")
    assert got[1] == want


def test_arrow_refuses_layouts_the_regex_does_not_describe() -> None:
    """Layouts pyarrow reads but `_ISO` + `_OFFSET` does not describe: hour only, offsets without a
    colon or minutes; text without an offset (arrow would read it as UTC)."""
    from servicelevel.frames._times import _arrow_utc

    for cell in ["2026-01-05T10+08:00", "2026-01-05T10:00+0800", "2026-01-05T10:00+08", "2026-01-05T10:00"]:
        assert _arrow_utc(pd.Series(["2026-03-02T10:00+08:00", cell], dtype="str")) is None, cell
    assert _arrow_utc(pd.Series(["2026-03-02T10:00+08:00", None], dtype="str")) is None  # caller drops gaps
    got = _arrow_utc(pd.Series(["2026-03-02T10:00+08:00", "2026-03-02 02:00:00.5Z"], dtype="str"))
    assert got is not None
    assert got.tolist() == [dt.datetime(2026, 3, 2, 2), dt.datetime(2026, 3, 2, 2, 0, 0, 500_000)]


class TestArrowTimestamps:
    """``convert_dtypes(dtype_backend="pyarrow")`` of aware columns: ``timestamp[us, tz=…][pyarrow]``."""

    def tickets(self) -> pd.DataFrame:
        # P1 reported 10:00 Shanghai; responded 10:20 (due 10:30: met) and 10:40 (breached); the
        # second written in UTC (02:40Z = 10:40+08:00): an arrow column keeps one zone per column
        reported = pd.to_datetime(["2026-03-02T10:00+08:00"] * 2, utc=True).tz_convert("Asia/Shanghai")
        responded = pd.to_datetime(["2026-03-02T10:20+08:00", "2026-03-02T02:40Z"], utc=True)
        return pd.DataFrame({"level": ["P1", "P1"], "reported_at": reported, "responded_at": responded})

    def test_evaluate_reads_aware_arrow_columns_as_the_instants_they_are(self) -> None:
        """evaluate gives on the arrow columns what it gives on pandas' own aware columns."""
        arrow = self.tickets().convert_dtypes(dtype_backend="pyarrow")
        assert str(arrow["reported_at"].dtype).endswith(", tz=Asia/Shanghai][pyarrow]")
        got = CONTRACT.evaluate(arrow, at="2026-03-02T12:00")
        assert got["response_state"].tolist() == ["met", "breached"]
        # due 10:00 + 30 min on the 7×24 hotline = 10:30+08:00
        assert got["response_due"].tolist() == [pd.Timestamp("2026-03-02T10:30+08:00")] * 2

    def test_microsecond_arrow_columns_and_missing_cells(self) -> None:
        """A µs arrow column with a missing cell reads the cell as missing (the response still open)."""
        frame = self.tickets()
        frame.loc[1, "responded_at"] = pd.NaT
        arrow = frame.astype({"reported_at": "timestamp[us, tz=Asia/Shanghai][pyarrow]",
                              "responded_at": "timestamp[us, tz=UTC][pyarrow]"})  # fmt: skip
        got = CONTRACT.evaluate(arrow, at="2026-03-02T10:25")
        assert got["response_state"].tolist() == ["met", "running"]

    def test_replay_reads_an_aware_arrow_time_column(self) -> None:
        """replay's time column as an aware arrow timestamp: the same result as from ISO text."""
        text = pd.DataFrame({
            "ticket": ["T1", "T1", "T1"],
            "time": ["2026-03-02T10:00+08:00", "2026-03-02T10:20+08:00", "2026-03-02T15:00+08:00"],
            "status": ["New", "Active", "Resolved"],
            "priority": ["1 - Critical"] * 3,
        })  # fmt: skip
        arrow = text.assign(time=pd.to_datetime(text["time"], utc=True)).convert_dtypes(
            dtype_backend="pyarrow"
        )
        assert str(arrow["time"].dtype).endswith(", tz=UTC][pyarrow]")
        expected = CONTRACT.replay(text, **COLUMNS, at="2026-03-02T18:00")
        got = CONTRACT.replay(arrow, **COLUMNS, at="2026-03-02T18:00")
        # response met at 10:20 (due 10:30), resolution at 15:00 within one working day: by hand
        assert got["response_state"].tolist() == ["met"]
        assert got["resolution_state"].tolist() == ["met"]
        assert got["response_due"].tolist() == expected["response_due"].tolist()

    def test_a_zoneless_arrow_timestamp_is_refused_as_naive(self) -> None:
        """timestamp[us][pyarrow] has no zone: refused as naive datetimes are, naming the column."""
        arrow = self.tickets().assign(
            reported_at=pd.Series(pd.to_datetime(["2026-03-02T10:00"] * 2)).astype("timestamp[us][pyarrow]")
        )
        with pytest.raises(NaiveDatetimeError, match=r"^reported_at: the column has no time zone"):
            CONTRACT.evaluate(arrow, at="2026-03-02T12:00")
