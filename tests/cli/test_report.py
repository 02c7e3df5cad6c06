"""``servicelevel report`` (`cli._report`): a month from CSV files on the terminal, as JSON, and as
HTML and Excel files that are never written over without --force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import EXAMPLE, run
from tests.frames.test_penalties import _tickets


@pytest.fixture
def tickets_csv(tmp_path: Path) -> str:
    path = tmp_path / "tickets.csv"
    _tickets().to_csv(path)
    return str(path)


def test_the_month_on_the_terminal_and_as_json(capsys: pytest.CaptureFixture[str], tickets_csv: str) -> None:
    """March of the tickets in `tests.frames.test_penalties`: 8,000.00 CNY payable, 9 breaches."""
    status, out, err = run(capsys, "report", EXAMPLE, "--tickets", tickets_csv, "--month", "2026-03")
    assert status == 0, err
    assert "penalties payable" in out
    assert "8,000.00 CNY" in out
    assert "breaches (9)" in out
    # March is judged by the terms signed (补充协议第3条 is from July); P1 promises updates and none
    # were given: the terminal says both
    assert "terms: terms signed" in out
    assert "no --updates table given" in out
    status, out, _ = run(capsys, "report", EXAMPLE, "--tickets", tickets_csv, "--month", "2026-03", "--json")
    data = json.loads(out)
    assert data["penalties_payable"] == "8000.00"
    assert data["breaches"][0]["late"] == 3600.0
    assert data["terms"]["contract"] == "BJ-2026-017"


def test_updates_given_are_read(capsys: pytest.CaptureFixture[str], tickets_csv: str, tmp_path: Path) -> None:
    """--updates CSV (ticket, at): T2 told at 12:00 and 14:00, P1 misses 132 updates, not 134 (worked in
    tests/frames/test_report.py); the terminal shows the update promise's table."""
    told = tmp_path / "updates.csv"
    told.write_text("ticket,at\nT2,2026-03-02T12:00\nT2,2026-03-02T14:00\n", encoding="utf-8")
    args = ("report", EXAMPLE, "--tickets", tickets_csv, "--month", "2026-03", "--updates", str(told))
    status, out, err = run(capsys, *args)
    assert status == 0, err
    assert "updates to the customer" in out
    assert "no --updates table given" not in out
    status, out, _ = run(capsys, *args, "--json")
    assert [(u["level"], u["breached"], u["missed"]) for u in json.loads(out)["updates"]] == [("P1", 3, 132)]


def test_files_are_written_and_kept(
    capsys: pytest.CaptureFixture[str], tickets_csv: str, tmp_path: Path
) -> None:
    """--html and --xlsx write the files; a second run refuses to replace them unless --force."""
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    args = [
        "report",
        EXAMPLE,
        "--tickets",
        tickets_csv,
        "--month",
        "2026-03",
        "--html",
        str(html),
        "--xlsx",
        str(xlsx),
    ]
    assert run(capsys, *args)[0] == 0
    assert html.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert xlsx.read_bytes()[:2] == b"PK"  # a zip, as .xlsx files are
    status, _, err = run(capsys, *args)
    assert status == 1
    assert "--html: " in err
    assert "exists; pass --force to replace it" in err
    assert run(capsys, *args, "--force")[0] == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--month", "2026-13"], "--month: expected a month such as '2026-03'"),
     (["--month", "2026-03", "--ticket-column", "id"], "--ticket-column: "),
     (["--month", "2026-03", "--at", "soon"], "--at: ")],
)  # fmt: skip
def test_bad_options_are_named(
    capsys: pytest.CaptureFixture[str], tickets_csv: str, extra: list[str], message: str
) -> None:
    """A month that is not one, a missing ticket column, a bad instant: one line naming the option."""
    status, _, err = run(capsys, "report", EXAMPLE, "--tickets", tickets_csv, *extra)
    assert status == 1
    assert message in err
    assert "Traceback" not in err


def test_an_amendment_within_the_month_is_named(capsys: pytest.CaptureFixture[str], tickets_csv: str) -> None:
    """July 2026: 补充协议第3条 takes effect on its first day: the month's terms are the amendment's;
    the terminal names them, as --json and --html do."""
    status, out, err = run(capsys, "report", EXAMPLE, "--tickets", tickets_csv, "--month", "2026-07")
    assert status == 0, err
    assert "terms: amendment 补充协议第3条, from 2026-07-01" in out
