"""What a command-line user sees (issue 18 §4): the version, exit statuses, JSON errors, messages
that name the options, options that cannot go together, the warranty's lines in both languages.

In-process through `main` (output captured, so rich prints plain text), except the version,
which argparse prints and exits on.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from servicelevel import cli
from servicelevel.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "contract.toml")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(status, stdout, stderr); argparse's usage errors exit, and their status is returned too."""
    try:
        status = main(list(args))
    except SystemExit as e:
        status = int(e.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip().splitlines()]


class TestVersion:
    def test_prints_the_package_version(self) -> None:
        """``servicelevel --version``: the version in pyproject.toml, status 0."""
        version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
        r = subprocess.run(
            [sys.executable, "-m", "servicelevel.cli", "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert r.returncode == 0, r.stderr
        assert r.stdout == f"servicelevel {version}\n"


class TestExitStatus:
    def test_zero_one_two(self, capsys: pytest.CaptureFixture[str]) -> None:
        """0 answered; 1 a contract or input error; 2 a usage error (argparse's)."""
        assert run(capsys, "check", EXAMPLE)[0] == 0
        assert run(capsys, "due", EXAMPLE, "--level", "P9", "--at", "2026-02-13T16:30")[0] == 1
        assert run(capsys, "due", EXAMPLE, "--level", "P1", "--at", "2030-01-01T10:00")[0] == 1
        assert run(capsys, "due", EXAMPLE, "--level", "P1")[0] == 2
        assert run(capsys, "due", EXAMPLE, "--level", "P1", "--at", "2026-02-13T16:30", "--nope")[0] == 2

    def test_documented(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The statuses are in --help, the module docstring and the README's command-line section."""
        status, out, _ = run(capsys, "--help")
        assert status == 0
        assert "exit status:" in out
        for line in (
            "0  the answer was printed",
            "1  the contract or the input is wrong",
            "2  the command line is wrong",
        ):
            assert line in out
        doc = cli.__doc__ or ""
        assert "- 1: the contract or the input is wrong" in doc
        assert "- 2: the command line itself is wrong" in doc
        readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
        for said in (
            "exit status 0 for an answer",
            "1 for a wrong contract or input",
            "2 for a wrong command line",
        ):
            assert said in readme


class TestJsonErrors:
    def test_an_error_is_json_on_stderr(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The example's term is 2026-01-01 to 2028-12-31; 2030-01-01 10:00 is read in Asia/Shanghai."""
        status, out, err = run(capsys, "due", EXAMPLE, "--level", "P1", "--at", "2030-01-01T10:00", "--json")
        assert status == 1
        assert out == ""
        assert json.loads(err) == {
            "error": {
                "type": "OutOfTermError",
                "message": "--at: 2030-01-01T10:00:00+08:00 is outside the contract's term "
                "(2026-01-01 to 2028-12-31); pass --out-of-term to compute anyway",
            }
        }

    def test_the_library_class_is_kept(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, _, err = run(capsys, "due", EXAMPLE, "--level", "P9", "--at", "2026-02-13T16:30", "--json")
        assert status == 1
        assert json.loads(err) == {
            "error": {
                "type": "UnknownLevelError",
                "message": "--level: unknown level 'P9'; the contract defines P1, P2, P3",
            }
        }

    def test_a_usage_error_too(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, err = run(capsys, "due", EXAMPLE, "--json")
        assert status == 2
        assert out == ""
        assert json.loads(err) == {
            "error": {"type": "UsageError", "message": "the following arguments are required: --level, --at"}
        }

    def test_warnings_are_json_lines(self, capsys: pytest.CaptureFixture[str]) -> None:
        """CN 2028 is not published in the installed holidays package: one warning, as JSON."""
        status, out, err = run(
            capsys, "calendar", "5x8", "--tz", "Asia/Shanghai", "--country", "CN", "--from", "2028-02-21",
            "--days", "1", "--json",
        )  # fmt: skip
        assert status == 0
        assert [d["date"] for d in json.loads(out)["days"]] == ["2028-02-21"]
        (warning,) = [json.loads(line) for line in err.splitlines()]
        assert warning["warning"]["type"] == "HolidayDataWarning"
        assert warning["warning"]["message"].startswith("CN 2028:")

    def test_without_json_errors_stay_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, _, err = run(capsys, "due", EXAMPLE, "--level", "P9", "--at", "2026-02-13T16:30")
        assert status == 1
        assert err == "servicelevel: error: --level: unknown level 'P9'; the contract defines P1, P2, P3\n"


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
        status, _, err = run(capsys, *args)
        assert status == 1
        assert err == f"servicelevel: error: {message}\n"

    def test_a_contract_files_own_fields_are_kept(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A bad zone in the file is the file's field, not the --tz option."""
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


class TestMonthIsAlone:
    @pytest.mark.parametrize(
        ("extra", "clash"),
        [
            (("--from", "2026-02-01"), "--from"),
            (("--days", "3"), "--days"),
            (("--from", "2026-02-01", "--days", "3"), "--from or --days"),
        ],
    )
    def test_month_with_from_or_days_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], clash: str
    ) -> None:
        status, out, err = run(capsys, "calendar", "5x8", "--tz", "UTC", "--month", "2026-02", *extra)
        assert status == 2
        assert out == ""
        assert err == (
            f"servicelevel: error: --month: not allowed with {clash} (a month grid shows the whole month)\n"
        )

    def test_days_still_default_to_fourteen(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(capsys, "calendar", "7x24", "--tz", "UTC", "--from", "2026-02-01", "--json")
        assert status == 0
        days = [d["date"] for d in json.loads(out)["days"]]
        assert (days[0], days[-1], len(days)) == ("2026-02-01", "2026-02-14", 14)


class TestWarrantyLines:
    """The example: accepted 2023-06-15, 3年 + 6个月 → last day Tue 2026-12-15; disk 5年 → Thu
    2028-06-15; band 1 (2%) from 2026-12-16 for 3年: 2029-12-15 is a Saturday → Mon 2029-12-17."""

    def test_a_claim_not_covered_has_no_free_repair(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(
            capsys, "warranty", EXAMPLE, "--on", "2026-06-16", "--cause", "lightning", "--total", "1200000"
        )
        assert status == 0
        assert lines(out) == [
            "claim on 2026-06-16: not covered",
            "  - cause 'lightning' is excluded (force majeure)",
            "  charge cap: does not apply (the claim is not covered by the warranty)",
        ]
        assert "free" not in out

    def test_not_covered_in_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        args = (
            "warranty",
            EXAMPLE,
            "--on",
            "2026-06-16",
            "--cause",
            "lightning",
            "--total",
            "1200000",
            "--json",
        )
        status, out, _ = run(capsys, *args)
        assert status == 0
        answer = json.loads(out)
        assert answer["covered"] is False
        assert answer["charge_cap"] is None

    def test_a_covered_claim_is_repaired_free(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(capsys, "warranty", EXAMPLE, "--on", "2026-06-16", "--total", "1200000")
        assert status == 0
        assert (
            lines(out)[-1] == "  charge cap: 0.00 (within the warranty (until 2026-12-15): repairs are free)"
        )

    def test_a_component_under_its_own_term_is_repaired_free(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The system's warranty is over on 2027-06-16 (band 1 would cap at 24,000.00), the disk's is not."""
        status, out, _ = run(
            capsys, "warranty", EXAMPLE, "--on", "2027-06-16", "--component", "disk", "--total", "1200000"
        )
        assert status == 0
        assert lines(out) == [
            "claim on 2027-06-16 for disk: covered",
            "  - component 'disk' is under its own term until 2028-06-15",
            "  charge cap: 0.00 (covered until 2028-06-15: repairs are free)",
        ]

    def test_every_line_in_chinese(self, capsys: pytest.CaptureFixture[str]) -> None:
        args = ("warranty", EXAMPLE, "--on", "2026-06-16", "--cause", "lightning", "--total", "1200000")
        status, out, _ = run(capsys, *args, "--lang", "zh")
        assert status == 0
        assert lines(out) == [
            "2026-06-16的报修：不在保修范围内",
            "  - 因雷击造成的损坏不在保修范围内（不可抗力）",
            "  收费上限：不适用（该报修不在保修范围内）",
        ]

    @pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # band 1 ends in 2029
    def test_a_band_in_chinese(self, capsys: pytest.CaptureFixture[str]) -> None:
        """2% of 1,200,000.00 = 24,000.00."""
        status, out, _ = run(
            capsys, "warranty", EXAMPLE, "--on", "2027-06-16", "--total", "1200000", "--lang", "zh"
        )
        assert status == 0
        assert lines(out) == [
            "2027-06-16的报修：不在保修范围内",
            "  - 保修期已于2026-12-15届满",
            "  收费上限：24000.00（第1档：2026-12-16至2029-12-17，不超过合同总额的2%）",
        ]
        status, out, _ = run(
            capsys, "warranty", EXAMPLE, "--on", "2027-06-16", "--component", "disk", "--lang", "zh"
        )
        assert lines(out)[0] == "2027-06-16的报修（部件“disk”）：在保修范围内"


class TestCheckShowsTheWarranty:
    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(capsys, "check", EXAMPLE)
        assert status == 0
        assert (
            "warranty: 3 years from acceptance (2023-06-15), extended by 6 months; "
            "last covered day 2026-12-15; 2 charge bands"
        ) in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(capsys, "check", EXAMPLE, "--json")
        assert status == 0
        assert json.loads(out)["warranty"] == {
            "starts": "acceptance",
            "term": "3 years",
            "extension": "6 months",
            "last_day": "2026-12-15",
        }
