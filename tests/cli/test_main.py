"""The command line's frame (`servicelevel.cli.main`): the parser, the version, exit statuses,
errors and warnings on stderr (text or JSON), ``python -m``, the console script, closed pipes.

Mostly in-process through `main` (output captured, so rich prints plain text); as a real
process where the process itself is the subject.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from servicelevel import cli
from tests.cli.helpers import EXAMPLE, ROOT, run, spawn


def _declared_version() -> str:
    """The version as written once, in servicelevel/__init__.py, which pyproject.toml reads (dynamic)."""
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["dynamic"] == ["version"]
    assert meta["tool"]["hatch"]["version"]["path"] == "src/servicelevel/__init__.py"
    text = (ROOT / "src" / "servicelevel" / "__init__.py").read_text(encoding="utf-8")
    found = re.findall(r'^__version__ = "([^"]+)"$', text, flags=re.MULTILINE)
    assert len(found) == 1, found
    return found[0]


class TestVersion:
    def test_prints_the_package_version(self) -> None:
        """``servicelevel --version``: the version the package declares, status 0 (issue 18 §4)."""
        version = _declared_version()
        r = subprocess.run(
            [sys.executable, "-m", "servicelevel.cli", "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert r.returncode == 0, r.stderr
        assert r.stdout == f"servicelevel {version}\n"

    def test_python_m_servicelevel(self) -> None:
        """``python -m servicelevel --version`` runs the command line too (servicelevel/__main__.py)."""
        version = _declared_version()
        r = subprocess.run(
            [sys.executable, "-m", "servicelevel", "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert r.returncode == 0, r.stderr
        assert r.stdout == f"servicelevel {version}\n"


class TestExitStatus:
    def test_zero_one_two(self, capsys: pytest.CaptureFixture[str]) -> None:
        """0 answered; 1 a contract or input error; 2 a usage error (argparse's) (issue 18 §4)."""
        assert run(capsys, "check", EXAMPLE)[0] == 0
        assert run(capsys, "due", EXAMPLE, "--level", "P9", "--at", "2026-02-13T16:30")[0] == 1
        assert run(capsys, "due", EXAMPLE, "--level", "P1", "--at", "2030-01-01T10:00")[0] == 1
        assert run(capsys, "due", EXAMPLE, "--level", "P1")[0] == 2
        assert run(capsys, "due", EXAMPLE, "--level", "P1", "--at", "2026-02-13T16:30", "--nope")[0] == 2

    def test_documented(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The statuses are in --help, the module docstring and the README's command-line section
        (issue 18 §4)."""
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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("due", "missing.toml", "--level", "P1", "--at", "2026-02-13T16:30"),
            "path: cannot read 'missing.toml'",
        ),
        (("due", EXAMPLE, "--level", "P9", "--at", "2026-02-13T16:30"), "unknown level 'P9'"),
        (
            ("due", EXAMPLE, "--level", "P1", "--at", "yesterday"),
            "'yesterday' is not an ISO 8601 date and time",
        ),
        (("due", EXAMPLE, "--level", "P1", "--at", "2030-01-01T10:00"), "outside the contract's term"),
        (("calendar", "5x8"), "--tz: a notation needs its IANA time zone"),
        (("calendar", "8x25", "--tz", "UTC"), "not a coverage notation"),
        (
            ("calendar", "5x8", "--tz", "UTC", "--month", "2026-13"),
            "--month: expected a month such as 2026-02",
        ),
    ],
)
def test_bad_input_is_one_line_and_status_1(args: tuple[str, ...], message: str) -> None:
    """A wrong contract or input (a ServiceLevelError): status 1; usage errors keep argparse's 2."""
    r = spawn(*args)
    assert r.returncode == 1
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_usage_error_is_one_line_and_status_2() -> None:
    """A required option missing: argparse's message in one line, status 2."""
    r = spawn("due", EXAMPLE)
    assert r.returncode == 2
    assert "the following arguments are required: --level, --at" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


class TestJsonErrors:
    def test_an_error_is_json_on_stderr(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The example's term is 2026-01-01 to 2028-12-31; 2030-01-01 10:00 is read in Asia/Shanghai
        (issue 18 §4)."""
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
        """With --json, an error reworded for an option keeps the library's class (issue 18 §4)."""
        status, _, err = run(capsys, "due", EXAMPLE, "--level", "P9", "--at", "2026-02-13T16:30", "--json")
        assert status == 1
        assert json.loads(err) == {
            "error": {
                "type": "UnknownLevelError",
                "message": "--level: unknown level 'P9'; the contract defines P1, P2, P3",
            }
        }

    def test_a_usage_error_too(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With --json, argparse's usage errors are JSON too (type UsageError), status 2 (issue 18 §4)."""
        status, out, err = run(capsys, "due", EXAMPLE, "--json")
        assert status == 2
        assert out == ""
        assert json.loads(err) == {
            "error": {"type": "UsageError", "message": "the following arguments are required: --level, --at"}
        }

    def test_warnings_are_json_lines(self, capsys: pytest.CaptureFixture[str]) -> None:
        """CN 2028 is not published in the installed holidays package: one warning, as JSON (issue 18 §4)."""
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
        """Without --json, an error is one line of text on stderr (issue 18 §4)."""
        status, _, err = run(capsys, "due", EXAMPLE, "--level", "P9", "--at", "2026-02-13T16:30")
        assert status == 1
        assert err == "servicelevel: error: --level: unknown level 'P9'; the contract defines P1, P2, P3\n"


def test_console_script_installed() -> None:
    """The servicelevel script beside the interpreter runs the command line."""
    exe = Path(sys.executable).parent / "servicelevel"
    r = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0
    assert "check" in r.stdout


def test_output_into_a_closed_pipe_is_quiet() -> None:
    """A reader that goes away (`| head -1`) ends the command quietly: status 0, no traceback."""
    p = subprocess.Popen(
        [sys.executable, "-m", "servicelevel.cli", "calendar", f"{EXAMPLE}#support", "--from", "2026-01-01",
         "--days", "3000", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert p.stdout is not None
    p.stdout.readline()
    p.stdout.close()  # the reader goes away, as `| head -1` does
    _, err = p.communicate(timeout=60)
    assert p.returncode == 0
    assert "Traceback" not in err
