"""Trust at the edges (issue 17) on the command line: what reaches the terminal, what is written.

Run in-process through `main` (output captured, so rich prints plain text), except where
the bytes on standard output matter.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from decimal import Decimal, localcontext
from pathlib import Path

import pytest

from servicelevel import ServiceLevelError, load_contract
from servicelevel.cli import main

ROOT = Path(__file__).resolve().parent
EXAMPLE = ROOT.parent / "examples" / "contract.toml"
# What a hostile contract might hold: retitle the terminal, ring, clear it, an 8-bit CSI, a bidi override.
EVIL = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string, control characters as \\u escapes."""
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text) + '"'


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    """The example contract with control characters in its id, a level's name, a holiday's name."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('id = "BJ-2026-017"', f"id = {toml_string('BJ' + EVIL)}", 1)
    text = text.replace('name = "重大故障"', f"name = {toml_string('重大' + EVIL)}", 1)
    assert EVIL[:2] not in text  # the escapes went in as TOML escapes
    text += f"\n[statutory.CN]\nholidays = {{ 2026-02-12 = {toml_string('day' + EVIL)} }}\n"
    path = tmp_path / "evil.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def assert_inert(text: str) -> None:
    for c in RAW:
        assert c not in text, f"{c!r} reached the terminal"


class TestControlCharacters:
    def test_check_table(self, evil: Path, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(capsys, "check", str(evil))
        assert status == 0
        assert_inert(out)
        assert "BJ\\x1b]0;pwned\\a\\x1b[2J\\x9b31m\\u202e: 3 levels" in out

    def test_due_table_and_explanation(self, evil: Path, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(
            capsys, "due", str(evil), "--level", "P1", "--at", "2026-02-11T16:30+08:00", "--explain"
        )
        assert status == 0
        assert_inert(out)
        assert "P1 重大\\x1b]0;pwned" in out  # the level's name in the title
        assert "day\\x1b]0;pwned" in out  # the holiday's name in the explanation

    def test_calendar_table_and_month(self, evil: Path, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(capsys, "calendar", f"{evil}#support", "--from", "2026-02-12", "--days", "2")
        assert status == 0
        assert_inert(out)
        assert "day\\x1b]0;pwned" in out  # the holiday's name (the cell wraps after "holiday:")
        status, out, _ = run(capsys, "calendar", f"{evil}#support", "--month", "2026-02")
        assert status == 0
        assert_inert(out)
        assert "\\x1b" in out

    def test_json_is_the_same_data_written_inertly(
        self, evil: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """JSON escapes C0 itself but leaves C1 and bidi controls raw; they are written as \\u escapes."""
        status, out, _ = run(capsys, "check", str(evil), "--json")
        assert status == 0
        assert_inert(out)
        assert json.loads(out)["levels"][0]["name"] == "重大" + EVIL

    def test_error_messages(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An error lists the contract's schedule names unquoted: a name may hold controls too."""
        text = EXAMPLE.read_text(encoding="utf-8")
        text = text.replace('name = "inspection"', f"name = {toml_string('inspection' + EVIL)}", 1)
        path = tmp_path / "names.toml"
        path.write_text(text, encoding="utf-8")
        status, _, err = run(
            capsys, "schedule", str(path), "--name", "nope", "--from", "2026-01-01", "--until", "2026-02-01"
        )
        assert status == 1
        assert_inert(err)
        assert "the contract defines inspection\\x1b]0;pwned" in err
        assert err.count("\n") == 1  # one line


class TestIcsFile:
    ARGS = ("due", str(EXAMPLE), "--level", "P1", "--at", "2026-02-13T16:30+08:00")

    def test_writes_a_new_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        target = tmp_path / "p1.ics"
        status, out, _ = run(capsys, *self.ARGS, "--ics", str(target))
        assert status == 0
        assert "Fri 2026-02-13 17:00" in out  # the table as well
        data = target.read_bytes()
        assert data.startswith(b"BEGIN:VCALENDAR")
        assert data.count(b"BEGIN:VEVENT") == 3
        assert [p.name for p in tmp_path.iterdir()] == ["p1.ics"]  # no temporary file left
        umask = os.umask(0)
        os.umask(umask)
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask

    def test_refuses_an_existing_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        target = tmp_path / "p1.ics"
        target.write_text("my notes", encoding="utf-8")
        status, _, err = run(capsys, *self.ARGS, "--ics", str(target))
        assert status == 1
        assert "exists; pass --force to replace it" in err
        assert target.read_text(encoding="utf-8") == "my notes"
        assert [p.name for p in tmp_path.iterdir()] == ["p1.ics"]

    def test_force_replaces(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        target = tmp_path / "p1.ics"
        target.write_text("old", encoding="utf-8")
        status, _, _ = run(capsys, *self.ARGS, "--ics", str(target), "--force")
        assert status == 0
        assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")

    def test_a_link_is_refused_and_never_followed(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        precious = tmp_path / "precious.txt"
        precious.write_text("keep me", encoding="utf-8")
        link = tmp_path / "p1.ics"
        link.symlink_to(precious)
        status, _, err = run(capsys, *self.ARGS, "--ics", str(link))
        assert status == 1
        assert "exists" in err
        status, _, _ = run(capsys, *self.ARGS, "--ics", str(link), "--force")
        assert status == 0
        assert precious.read_text(encoding="utf-8") == "keep me"  # the link was replaced, not followed
        assert not link.is_symlink()
        assert link.read_bytes().startswith(b"BEGIN:VCALENDAR")

    def test_dash_is_standard_output(self, tmp_path: Path) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "servicelevel.cli", *self.ARGS, "--ics", "-"],
            cwd=tmp_path,  # old code wrote a file named "-" here
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(b"BEGIN:VCALENDAR")
        assert done.stdout.rstrip().endswith(b"END:VCALENDAR")  # the calendar alone, no table after it
        assert list(tmp_path.iterdir()) == []

    def test_schedule_refuses_an_existing_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        target = tmp_path / "visits.ics"
        target.write_text("mine", encoding="utf-8")
        args = (
            "schedule",
            str(EXAMPLE),
            "--from",
            "2026-02-01",
            "--until",
            "2026-03-10",
            "--ics",
            str(target),
        )
        status, _, err = run(capsys, *args)
        assert status == 1
        assert "exists; pass --force to replace it" in err
        assert target.read_text(encoding="utf-8") == "mine"
        status, _, _ = run(capsys, *args, "--force")
        assert status == 0
        assert b"BEGIN:VEVENT" in target.read_bytes()


class TestRanges:
    def test_calendar_days_past_the_last_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Old code: an OverflowError traceback from 9996-12-01 + 3660 days."""
        status, _, err = run(
            capsys, "calendar", "5x8", "--tz", "Asia/Shanghai", "--from", "9996-12-01", "--days", "3660"
        )
        assert status == 1
        assert err == (
            "servicelevel: error: --days: expected at most 30 days from 9996-12-01 "
            "(servicelevel shows days up to 9996-12-30), got 3660\n"
        )

    def test_calendar_first_day_out_of_range(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, _, err = run(
            capsys, "calendar", "5x8", "--tz", "Asia/Shanghai", "--from", "9999-12-30", "--days", "1"
        )
        assert status == 1
        assert "--from: expected a day from 0003-01-01 to 9996-12-30, got 9999-12-30" in err

    def test_calendar_month_states_the_range(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Old code: 'expected a year such as 2026' for a year that is one."""
        status, _, err = run(capsys, "calendar", "5x8", "--tz", "Asia/Shanghai", "--month", "9996-12")
        assert status == 1
        assert "--month: expected a month from 0004-01 to 9995-12, got '9996-12'" in err
        status, out, _ = run(capsys, "calendar", "5x8", "--tz", "Asia/Shanghai", "--month", "9995-12")
        assert status == 0
        assert "December 9995" in out or "9995" in out

    def test_schedule_until_before_from(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Old code: exit 0 and an empty table."""
        status, out, err = run(
            capsys, "schedule", str(EXAMPLE), "--from", "2026-05-01", "--until", "2026-01-01"
        )
        assert status == 1
        assert out == ""
        assert "--until: 2026-01-01 is before --from 2026-05-01" in err

    def test_warranty_total_too_large(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, _, err = run(capsys, "warranty", str(EXAMPLE), "--on", "2027-01-01", "--total", "1e30")
        assert status == 1
        assert "total: expected an amount below 10**24" in err


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # bands reach years not yet published
class TestChargeCap:
    """Old code let decimal.InvalidOperation out of charge_cap."""

    @pytest.mark.parametrize("total", [10**28, "1e30", Decimal("1e24")])
    def test_huge_totals(self, total: int | str | Decimal) -> None:
        contract = load_contract(EXAMPLE)
        with pytest.raises(ServiceLevelError, match=r"total: expected an amount below 10\*\*24") as info:
            contract.charge_cap("2027-01-01", total)
        assert isinstance(info.value, ValueError)

    def test_below_the_limit_is_computed(self) -> None:
        contract = load_contract(EXAMPLE)
        cap = contract.charge_cap("2027-01-01", 10**24 - 1)
        assert cap is not None
        assert cap.amount == (Decimal(10**24 - 1) * cap.rate).quantize(Decimal("0.01"))

    def test_a_narrow_decimal_context(self) -> None:
        """A caller's context with few digits cannot hold the cap to the cent: an error, not a crash."""
        contract = load_contract(EXAMPLE)
        with (
            localcontext(prec=6),
            pytest.raises(ServiceLevelError, match=r"too large to compute to the cent"),
        ):
            contract.charge_cap(dt.date(2027, 1, 1), 12_000_000)
