"""What reaches the terminal and what is written (`servicelevel.cli._terminal`): control
characters from a contract printed escaped in tables, messages and JSON; ``--ics`` files
written whole or not at all, never over an existing file without ``--force``.

In-process through `main` (output captured, so rich prints plain text), except where the
bytes on standard output matter.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import EXAMPLE, run

# What a hostile contract might hold: retitle the terminal, ring, clear it, an 8-bit CSI, a bidi override.
EVIL = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string, control characters as \\u escapes."""
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text) + '"'


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    """The example contract with control characters in its id, a level's name, a holiday's name."""
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    text = text.replace('id = "BJ-2026-017"', f"id = {toml_string('BJ' + EVIL)}", 1)
    text = text.replace('name = "重大故障"', f"name = {toml_string('重大' + EVIL)}", 1)
    assert EVIL[:2] not in text  # the escapes went in as TOML escapes
    text += f"\n[statutory.CN]\nholidays = {{ 2026-02-12 = {toml_string('day' + EVIL)} }}\n"
    path = tmp_path / "evil.toml"
    path.write_text(text, encoding="utf-8")
    return path


def assert_inert(text: str) -> None:
    for c in RAW:
        assert c not in text, f"{c!r} reached the terminal"


class TestControlCharacters:
    def test_check_table(self, evil: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """check prints the control characters of a contract's id escaped (issue 17)."""
        status, out, _ = run(capsys, "check", str(evil))
        assert status == 0
        assert_inert(out)
        assert "BJ\\x1b]0;pwned\\a\\x1b[2J\\x9b31m\\u202e: 3 levels" in out

    def test_due_table_and_explanation(self, evil: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """due --explain prints a level's and a holiday's control characters escaped (issue 17)."""
        status, out, _ = run(
            capsys, "due", str(evil), "--level", "P1", "--at", "2026-02-11T16:30+08:00", "--explain"
        )
        assert status == 0
        assert_inert(out)
        assert "P1 重大\\x1b]0;pwned" in out  # the level's name in the title
        assert "day\\x1b]0;pwned" in out  # the holiday's name in the explanation

    def test_calendar_table_and_month(self, evil: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """calendar's table and month grid print a holiday's control characters escaped (issue 17)."""
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
        """JSON escapes C0 itself but leaves C1 and bidi controls raw; they are written as \\u escapes
        (issue 17)."""
        status, out, _ = run(capsys, "check", str(evil), "--json")
        assert status == 0
        assert_inert(out)
        assert json.loads(out)["levels"][0]["name"] == "重大" + EVIL

    def test_error_messages(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An error lists the contract's schedule names unquoted: a name may hold controls too (issue 17)."""
        text = Path(EXAMPLE).read_text(encoding="utf-8")
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
    ARGS = ("due", EXAMPLE, "--level", "P1", "--at", "2026-02-13T16:30+08:00")

    def test_writes_a_new_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--ics writes a new file whole with open()'s mode, prints the table, leaves no temporary (issue 17)."""
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
        """--ics never overwrites a file without --force; the file stays as it was (issue 17)."""
        target = tmp_path / "p1.ics"
        target.write_text("my notes", encoding="utf-8")
        status, _, err = run(capsys, *self.ARGS, "--ics", str(target))
        assert status == 1
        assert "exists; pass --force to replace it" in err
        assert target.read_text(encoding="utf-8") == "my notes"
        assert [p.name for p in tmp_path.iterdir()] == ["p1.ics"]

    def test_force_replaces(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--ics with --force replaces an existing file (issue 17)."""
        target = tmp_path / "p1.ics"
        target.write_text("old", encoding="utf-8")
        status, _, _ = run(capsys, *self.ARGS, "--ics", str(target), "--force")
        assert status == 0
        assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")

    def test_a_link_is_refused_and_never_followed(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An --ics link is refused; with --force the link is replaced, never followed (issue 17)."""
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
        """--ics - writes the calendar alone to standard output, no file named '-' (issue 17)."""
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
        """schedule --ics refuses an existing file too, and replaces it with --force (issue 17)."""
        target = tmp_path / "visits.ics"
        target.write_text("mine", encoding="utf-8")
        args = (
            "schedule",
            EXAMPLE,
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
