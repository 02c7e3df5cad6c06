"""`Contract.penalties` and the ``*_penalty`` columns of `evaluate`, worked by hand on the example
contract (P1: a late visit 1000 per breach; resolution 500 per started hour late, at most 5000 a
ticket; a month at most 10 % of the 200000 fee = 20000). Every figure below is worked in its test's
docstring; `test_evaluate`/`test_replay` check the columns against `Incident.penalties` row by row."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from servicelevel import InvalidOptionError, InvalidTableError
from tests.conftest import CONTRACT

AT = "2026-05-01T00:00+08:00"


def _tickets() -> pd.DataFrame:
    """Four tickets reported Mon 2 Mar 2026 10:00 and one Thu 30 Apr 10:00, all P1 but T4 (P2).

    T1 北京: on site 13:00 (due 12:00: 1000); resolved Wed 4 Mar 10:00 (due Tue 3 Mar 17:30, late
    08:30-10:00 = 1 h 30 min: two hours, 1000). T2 北京: on site 11:00, resolved Tue 11:00: nothing.
    T3 上海: never on site (24 h, due Tue 10:00; settled late by the resolution: 1000); resolved
    Tue 10 Mar 17:00: 44 h 30 min late, 22500 cut to 5000. T4 P2: no penalty at all (missing).
    T5 北京: on site 13:00 on 30 Apr (1000, due in April); resolution due Wed 6 May, open at AT."""
    return pd.DataFrame(
        {"level": ["P1", "P1", "P1", "P2", "P1"],
         "region": ["北京", "北京", "上海", "北京", "北京"],
         "reported_at": ["2026-03-02T10:00+08:00"] * 4 + ["2026-04-30T10:00+08:00"],
         "responded_at": ["2026-03-02T10:10+08:00"] * 4 + ["2026-04-30T10:10+08:00"],
         "arrived_at": ["2026-03-02T13:00+08:00", "2026-03-02T11:00+08:00", None, None, "2026-04-30T13:00+08:00"],
         "resolved_at": ["2026-03-04T10:00+08:00", "2026-03-03T11:00+08:00", "2026-03-10T17:00+08:00", None, None]},
        index=pd.Index(["T1", "T2", "T3", "T4", "T5"], name="ticket"),
    )  # fmt: skip


def test_evaluate_adds_exact_penalty_columns() -> None:
    """``on_site_penalty`` and ``resolution_penalty`` are decimal128(38, 2) columns: the amounts of
    the docstring of `_tickets`; a level without a penalty is missing, a kept promise 0."""
    frame = CONTRACT.evaluate(_tickets(), at=AT)
    assert frame["resolution_penalty"].dtype == pd.ArrowDtype(pa.decimal128(38, 2))
    assert "response_penalty" not in frame.columns  # no level puts a penalty on the response
    got = {
        c: [None if pd.isna(v) else Decimal(v) for v in frame[c]]
        for c in ("on_site_penalty", "resolution_penalty")
    }
    assert got["on_site_penalty"] == [Decimal("1000.00"), 0, Decimal("1000.00"), None, Decimal("1000.00")]
    assert got["resolution_penalty"] == [Decimal("1000.00"), 0, Decimal("5000.00"), None, 0]


def test_a_month_statement_by_hand() -> None:
    """March: T1 1000 + 1000, T3 1000 + 5000 = 8000 from 4 breaches of 2 tickets, under the 20000
    cap; April: T5's visit, 1000 (by the due's month, not the report's)."""
    months = CONTRACT.penalties(CONTRACT.evaluate(_tickets(), at=AT))
    assert [m.isoformat() for m in months["month"]] == ["2026-03-01", "2026-04-01"]
    assert months["charged"].tolist() == [4, 1]
    assert months["tickets"].tolist() == [2, 1]
    for column, want in (("raw", ["8000.00", "1000.00"]), ("cap", ["20000.00"] * 2),
                         ("payable", ["8000.00", "1000.00"]), ("cut", ["0.00", "0.00"])):  # fmt: skip
        assert [Decimal(v) for v in months[column]] == [Decimal(w) for w in want], column
    assert months["currency"].tolist() == ["CNY", "CNY"]


def test_the_monthly_cap_cuts_and_reports_the_cut() -> None:
    """Five P1 tickets of March resolved 44 h 30 min late (as T3): 5 × (1000 visit + 5000) = 30000
    raw; the cap lets 20000 through and reports 10000 cut."""
    t3 = _tickets().loc[["T3"]]
    five = pd.concat([t3] * 5)
    five.index = pd.Index([f"L{i}" for i in range(5)], name="ticket")
    months = CONTRACT.penalties(CONTRACT.evaluate(five, at=AT))
    assert [Decimal(months[c].iloc[0]) for c in ("raw", "cap", "payable", "cut")] == [
        Decimal("30000.00"), Decimal("20000.00"), Decimal("20000.00"), Decimal("10000.00")]  # fmt: skip


def test_which_tickets_make_up_the_total() -> None:
    """``by="ticket"``: each ticket and metric owed, in order of the due, with its late time."""
    items = CONTRACT.penalties(CONTRACT.evaluate(_tickets(), at=AT), by="ticket")
    assert list(zip(items["ticket"], items["metric"], strict=True)) == [
        ("T1", "on_site"), ("T3", "on_site"), ("T1", "resolution"), ("T3", "resolution"), ("T5", "on_site")]  # fmt: skip
    assert [Decimal(v) for v in items["amount"]] == [
        Decimal(x) for x in ("1000", "1000", "1000", "5000", "1000")
    ]
    assert items["late"].iloc[2] == pd.Timedelta(hours=1, minutes=30)
    assert items["late"].iloc[3] == pd.Timedelta(hours=44, minutes=30)


def test_polars_in_polars_out_with_decimal_columns() -> None:
    """A polars table gets ``pl.Decimal`` columns and a polars statement with the same figures."""
    tickets = pl.from_pandas(_tickets().reset_index())
    frame = CONTRACT.evaluate(tickets, at=AT, keep=["ticket"])
    assert frame.schema["resolution_penalty"] == pl.Decimal(38, 2)
    months = CONTRACT.penalties(frame)
    assert isinstance(months, pl.DataFrame)
    assert months["raw"].to_list() == [Decimal("8000.00"), Decimal("1000.00")]
    items = CONTRACT.penalties(frame, by="ticket")
    assert items["ticket"].to_list()[:2] == ["T1", "T3"]


def test_replay_gives_the_same_penalties() -> None:
    """A log of T1 (New 10:00, Active 10:10, Resolved Wed 4 Mar 10:00, no region) owes 1000 for its
    resolution (as T1 above) and 1000 for the visit: none was logged, and the resolution settled
    the 24 h visit (due Tue 10:00) a day late. 2000 in March."""
    log = pd.DataFrame(
        {"number": ["T1"] * 3, "status": ["New", "Active", "Resolved"], "priority": ["1 - Critical"] * 3,
         "at": ["2026-03-02T10:00+08:00", "2026-03-02T10:10+08:00", "2026-03-04T10:00+08:00"]}
    )  # fmt: skip
    frame = CONTRACT.replay(log, ticket="number", time="at", status="status", level="priority", at=AT)
    assert Decimal(frame.at["T1", "resolution_penalty"]) == Decimal("1000.00")
    assert Decimal(frame.at["T1", "on_site_penalty"]) == Decimal("1000.00")
    assert [Decimal(v) for v in CONTRACT.penalties(frame)["payable"]] == [Decimal("2000.00")]


def test_bad_calls_are_named() -> None:
    """An unknown ``by`` and a table that is not an evaluate result are refused, naming what is needed."""
    frame = CONTRACT.evaluate(_tickets(), at=AT)
    with pytest.raises(InvalidOptionError, match=r"by: expected 'month' or 'ticket', got 'year'"):
        CONTRACT.penalties(frame, by="year")  # type: ignore[arg-type]
    with pytest.raises(InvalidTableError, match=r"evaluated: no column on_site_penalty; pass the table"):
        CONTRACT.penalties(_tickets())


def test_a_month_without_charges_has_no_row_but_typed_columns() -> None:
    """T2 alone (all kept): no month is charged; the empty statement keeps its columns."""
    months = CONTRACT.penalties(CONTRACT.evaluate(_tickets().loc[["T2"]], at=AT))
    assert len(months) == 0
    assert list(months.columns)[:4] == ["month", "currency", "charged", "tickets"]
