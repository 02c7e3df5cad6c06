"""The monthly report as an Excel workbook (`io._xlsx`), opened again with openpyxl."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import CONTRACT
from tests.frames.test_penalties import _tickets


def test_the_workbook_opens_with_typed_cells(tmp_path: Path) -> None:
    """A sheet per section; money as numbers shown to the fen, lateness as a duration, the due as
    the home zone's wall time; the same figures as the report (March: 8000.00 payable, 9 breaches)."""
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "march.xlsx"
    CONTRACT.report("2026-03", tickets=_tickets()).to_xlsx(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Service levels", "Updates", "Breaches", "Availability", "Terms"]
    summary = {row[0].value: row[1] for row in book["Summary"].iter_rows()}
    assert summary["penalties payable"].value == 8000
    assert summary["penalties payable"].number_format == "#,##0.00"
    assert summary["month"].value == "2026-03"
    breaches = list(book["Breaches"].iter_rows(values_only=True))
    assert breaches[0] == (
        "ticket",
        "level",
        "metric",
        "due (Asia/Shanghai)",
        "late (business time)",
        "penalty",
    )
    assert len(breaches) == 1 + 9
    t1 = breaches[1]  # T1's visit: due 12:00 on 2 Mar, an hour late, 1000
    assert t1[:4] == ("T1", "P1", "on_site", dt.datetime(2026, 3, 2, 12, 0))
    assert t1[4] == dt.timedelta(hours=1)
    assert Decimal(str(t1[5])) == Decimal("1000")
    rates = {(r[0], r[1]): r[6] for r in book["Service levels"].iter_rows(min_row=2, values_only=True)}
    assert rates[("P1", "on_site")] == pytest.approx(1 / 3)
    # P1's update promise (every 2 h): 3 tickets breached, 134 missed, the longest silence T3's
    # 198 h 50 (tests/frames/test_report.py works them), the durations as durations
    updates = list(book["Updates"].iter_rows(values_only=True))
    assert updates[1][:9] == (
        "P1",
        dt.timedelta(hours=2),
        "hotline",
        3,
        0,
        3,
        0,
        134,
        dt.timedelta(hours=198, minutes=50),
    )
    assert book["Updates"]["I2"].number_format == "[h]:mm:ss"


def test_money_follows_the_currencys_minor_unit(tmp_path: Path) -> None:
    """In a contract paid in yen, money cells show no decimals (#,##0), in CNY two (#,##0.00)."""
    openpyxl = pytest.importorskip("openpyxl")
    import attrs

    from servicelevel import PenaltyTerms

    yen = attrs.evolve(
        CONTRACT, penalty_terms=PenaltyTerms(currency="JPY", monthly_fee="200000", monthly_cap="10%")
    )
    path = tmp_path / "yen.xlsx"
    yen.report("2026-03", tickets=_tickets()).to_xlsx(path)
    summary = {row[0].value: row[1] for row in openpyxl.load_workbook(path)["Summary"].iter_rows()}
    assert summary["penalties payable"].value == 8000
    assert summary["penalties payable"].number_format == "#,##0"
