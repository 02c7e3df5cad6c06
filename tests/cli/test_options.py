"""Messages that name the options (`servicelevel.cli._options`): the library's errors about
what an option gave, restated as ``--at: …``; a contract file's own fields keep their names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import EXAMPLE, run


class TestMessagesNameTheOptions:
    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ("due", EXAMPLE, "--level", "P1", "--at", "yesterday"),
                "--at: 'yesterday' is not an ISO 8601 date and time; give one such as '2026-02-13T10:00' "
                "(read in the calendar's zone) or '2026-02-13T10:00+08:00'",
            ),
            (
                ("due", EXAMPLE, "--level", "P1", "--at", "2030-01-01T10:00"),
                "--at: 2030-01-01T10:00:00+08:00 is outside the contract's term (2026-01-01 to 2028-12-31); "
                "pass --out-of-term to compute anyway",
            ),
            (
                ("due", EXAMPLE, "--level", "P1", "--at", "2026-02-13T16:30", "--region", ""),
                "--region: expected a region name such as '北京', got ''",
            ),
            (
                ("warranty", EXAMPLE, "--on", "someday"),
                "--on: expected a date such as '2026-06-16', got 'someday'",
            ),
            (
                ("warranty", EXAMPLE, "--on", "2026-06-16", "--total", "1.5e3x"),
                "--total: '1.5e3x' is not an amount",
            ),
            (
                ("warranty", EXAMPLE, "--on", "2026-06-16", "--event", "upgrade@x"),
                "--event 'upgrade': expected a date such as '2026-06-16', got 'x'",
            ),
            (
                ("schedule", EXAMPLE, "--from", "x", "--until", "2026-01-01"),
                "--from: expected a date such as '2026-06-16', got 'x'",
            ),
            (
                ("calendar", "5x8", "--tz", "UTC", "--workday", "2026-13-01"),
                "--workday: expected a date such as '2026-02-14' (ISO 8601), got '2026-13-01'",
            ),
        ],
    )
    def test_message(self, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str) -> None:
        """A library error about an option's value names the option and says what to type (issue 18 §4)."""
        status, _, err = run(capsys, *args)
        assert status == 1
        assert err == f"servicelevel: error: {message}\n"

    def test_a_contract_files_own_fields_are_kept(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A bad zone in the file is the file's field, not the --tz option (issue 18 §4)."""
        text = (
            Path(EXAMPLE).read_text(encoding="utf-8").replace('tz = "Asia/Shanghai"', 'tz = "Mars/Base"', 1)
        )
        path = tmp_path / "bad.toml"
        path.write_text(text, encoding="utf-8")
        status, _, err = run(capsys, "calendar", f"{path}#hotline", "--from", "2026-02-01")
        assert status == 1
        assert err.startswith(
            "servicelevel: error: calendars.hotline.tz: 'Mars/Base' is not an IANA time zone"
        )
