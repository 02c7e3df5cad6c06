"""Running the command line in tests: in-process through `main`, or as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from servicelevel.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "contract.toml")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(status, stdout, stderr); argparse's usage errors exit, and their status is returned too."""
    try:
        status = main(list(args))
    except SystemExit as e:
        status = int(e.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def spawn(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m servicelevel.cli ARGS`` as a user runs it: a real process, its output and status."""
    return subprocess.run(
        [sys.executable, "-m", "servicelevel.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def lines(text: str) -> list[str]:
    """The lines of ``text``, without trailing spaces and the blank lines around it."""
    return [line.rstrip() for line in text.strip().splitlines()]
