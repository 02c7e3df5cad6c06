"""The `schedule` command's bounds (issue 17 §3): lazy dates, a stated most, one iCalendar file."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from icalendar import Calendar

from servicelevel.cli import main
from servicelevel.io import dates_to_ics, schedules_to_ics

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "contract.toml"


def _daily(tmp_path: Path, schedules: int) -> Path:
    """The example contract with ``schedules`` more schedules visiting more than daily (no rolling)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for i in range(schedules):
        text += f'\n[[schedules]]\nname = "daily-{i}"\nstarts = 2026-01-01\nphases = [{{ every = "1天", times = 366 }}]\n'
    path = tmp_path / "daily.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_century_of_daily_visits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """By hand: one visit a day (and more) from 2026-01-01 to 2125-12-31 is 36,524 days. It took 21 s
    and 565 MB; it is one quick pass now."""
    path = _daily(tmp_path, 1)
    began = time.perf_counter()
    status = main(
        [
            "schedule",
            str(path),
            "--name",
            "daily-0",
            "--from",
            "2026-01-01",
            "--until",
            "2125-12-31",
            "--json",
        ]
    )
    took = time.perf_counter() - began
    out = json.loads(capsys.readouterr().out)
    assert status == 0
    assert len(out["daily-0"]) == 36_524
    assert took < 5.0, took


def test_more_than_the_most_dates_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Three daily schedules over a century: 3 × 36,524 dates, more than the 100,000 one listing holds."""
    path = _daily(tmp_path, 3)
    status = main(["schedule", str(path), "--from", "2026-01-01", "--until", "2125-12-31", "--json"])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert (
        "--from/--until: the schedules fall on more than 100,000 dates from 2026-01-01 to 2125-12-31"
        in captured.err
    )
    assert "ask for a shorter window, or one schedule with --name" in captured.err


def test_an_ics_file_holds_at_most_ten_thousand_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """28 years of daily visits (10,227 days from 2026-01-01 to 2053-12-31) do not go into one file;
    27 years (9,862 days, to 2052-12-31) do."""
    path = _daily(tmp_path, 1)
    target = tmp_path / "visits.ics"
    args = ["schedule", str(path), "--name", "daily-0", "--from", "2026-01-01", "--ics", str(target)]
    assert main([*args, "--until", "2053-12-31"]) == 1
    assert "more than 10,000 dates" in capsys.readouterr().err
    assert not target.exists()
    assert main([*args, "--until", "2052-12-31"]) == 0
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert len(events) == (dt.date(2052, 12, 31) - dt.date(2026, 1, 1)).days + 1 == 9_862


def test_all_schedules_go_into_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The example's three schedules from 1 February to 10 March 2026, in one file, each under its
    own name. By hand (all from Mon 5 Jan, rolled to working days): inspection every 2 weeks (2 Feb,
    16 Feb in the Spring Festival → 24 Feb, 2 Mar); site visits three times a quarter of 90 days
    (+30: 4 Feb, +60: 6 Mar); call-backs monthly (5 Feb, 5 Mar)."""
    target = tmp_path / "all.ics"
    assert main(["schedule", str(EXAMPLE), "--from", "2026-02-01", "--until", "2026-03-10", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert (
        main(
            ["schedule", str(EXAMPLE), "--from", "2026-02-01", "--until", "2026-03-10", "--ics", str(target)]
        )
        == 0
    )
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    got: dict[str, list[str]] = {}
    for e in events:
        got.setdefault(str(e["summary"]), []).append(e.decoded("dtstart").isoformat())
    assert got == {name: days for name, days in listed.items() if days}
    assert listed == {
        "inspection": ["2026-02-02", "2026-02-24", "2026-03-02"],
        "site-visit": ["2026-02-04", "2026-03-06"],
        "call-back": ["2026-02-05", "2026-03-05"],
    }


def test_schedules_to_ics_is_dates_to_ics_for_one() -> None:
    days = [dt.date(2026, 3, 2), dt.date(2026, 3, 16)]
    assert schedules_to_ics({"visit": days}, scope="X") == dates_to_ics("visit", days, scope="X")
