"""``servicelevel calendar`` and ``servicelevel schedule`` (`servicelevel.cli._calendar`): days
and month grids, the days servicelevel computes with, schedules' dates, their stated limits
(lazy dates, at most 100,000 listed and 10,000 in one iCalendar file) and ``--ics``.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from icalendar import Calendar

from servicelevel.cli import main
from tests.cli.helpers import EXAMPLE, run, spawn


def test_calendar() -> None:
    """A notation with --country as JSON (the 2026 Spring Festival), and a contract calendar's change."""
    r = spawn(
        "calendar",
        "5x8",
        "--tz",
        "Asia/Shanghai",
        "--country",
        "CN",
        "--from",
        "2026-02-13",
        "--days",
        "4",
        "--json",
    )
    assert r.returncode == 0, r.stderr
    days = json.loads(r.stdout)["days"]
    assert [(d["date"], d["reason"], d["hours"]) for d in days] == [
        ("2026-02-13", "weekly", "09:00-17:00"),
        ("2026-02-14", "make-up", "09:00-17:00"),
        ("2026-02-15", "weekly", ""),  # Sunday, inside the festival: closed by the weekly pattern
        ("2026-02-16", "holiday", ""),
    ]
    r = spawn("calendar", f"{EXAMPLE}#desk", "--from", "2026-02-28", "--days", "2")
    assert r.returncode == 0, r.stderr
    assert "from change 1" in r.stdout


def test_calendar_marks_supplied_days_and_warns_in_one_line() -> None:
    """A --workday is marked supplied and needs no warning; an unpublished year warns in one line."""
    r = spawn(
        "calendar", "5x8", "--tz", "Asia/Shanghai", "--country", "CN", "--from", "2027-02-19", "--days", "2",
        "--workday", "2027-02-20", "--json",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    days = json.loads(r.stdout)["days"]
    assert [(d["date"], d["reason"], d["supplied"]) for d in days] == [
        ("2027-02-19", "weekly", False),
        ("2027-02-20", "make-up", True),
    ]
    assert r.stderr == ""  # 2027 is supplied: no HolidayDataWarning
    r = spawn(
        "calendar", "5x8", "--tz", "Asia/Shanghai", "--country", "CN", "--from", "2028-02-19", "--days", "1"
    )
    assert r.returncode == 0
    assert r.stderr.startswith("servicelevel: warning: CN 2028:")
    assert len(r.stderr.strip().splitlines()) == 1


def test_calendar_month_grid() -> None:
    """--month: a grid from Mon to Sun in plain text when piped, and every day of the month as JSON."""
    # piped (not a terminal): the grid in plain text, no colour codes
    r = spawn("calendar", f"{EXAMPLE}#support", "--month", "2026-02")
    assert r.returncode == 0, r.stderr
    assert "\x1b[" not in r.stdout
    header = next(line for line in r.stdout.splitlines() if "Mon" in line and "Sun" in line)
    assert [c.strip() for c in header.strip("│ ").split("│")] == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]
    assert "make-up" in r.stdout  # Sat 14 Feb 2026 (调休)
    assert "08:30-17:30" in r.stdout
    r = spawn("calendar", f"{EXAMPLE}#support", "--month", "2026-02", "--json")
    days = json.loads(r.stdout)["days"]
    assert len(days) == 28
    assert days[13] == {"date": "2026-02-14", "hours": "08:30-17:30", "reason": "make-up", "holiday": None,
                        "working_day": True, "part": 0, "supplied": False}  # fmt: skip


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
        """--month with --from or --days is a usage error naming them, status 2 (issue 18 §4)."""
        status, out, err = run(capsys, "calendar", "5x8", "--tz", "UTC", "--month", "2026-02", *extra)
        assert status == 2
        assert out == ""
        assert err == (
            f"servicelevel: error: --month: not allowed with {clash} (a month grid shows the whole month)\n"
        )

    def test_days_still_default_to_fourteen(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --month or --days, calendar shows fourteen days (issue 18 §4)."""
        status, out, _ = run(capsys, "calendar", "7x24", "--tz", "UTC", "--from", "2026-02-01", "--json")
        assert status == 0
        days = [d["date"] for d in json.loads(out)["days"]]
        assert (days[0], days[-1], len(days)) == ("2026-02-01", "2026-02-14", 14)


class TestRanges:
    """The days and months servicelevel shows, stated when a command asks for others (issue 17)."""

    def test_calendar_days_past_the_last_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Old code: an OverflowError traceback from 9996-12-01 + 3660 days (issue 17)."""
        status, _, err = run(
            capsys, "calendar", "5x8", "--tz", "Asia/Shanghai", "--from", "9996-12-01", "--days", "3660"
        )
        assert status == 1
        assert err == (
            "servicelevel: error: --days: expected at most 30 days from 9996-12-01 "
            "(servicelevel shows days up to 9996-12-30), got 3660\n"
        )

    def test_calendar_first_day_out_of_range(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--from past the last day shown (9996-12-30) is refused, stating the range (issue 17)."""
        status, _, err = run(
            capsys, "calendar", "5x8", "--tz", "Asia/Shanghai", "--from", "9999-12-30", "--days", "1"
        )
        assert status == 1
        assert "--from: expected a day from 0003-01-01 to 9996-12-30, got 9999-12-30" in err

    def test_calendar_month_states_the_range(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Old code: 'expected a year such as 2026' for a year that is one (issue 17)."""
        status, _, err = run(capsys, "calendar", "5x8", "--tz", "Asia/Shanghai", "--month", "9996-12")
        assert status == 1
        assert "--month: expected a month from 0004-01 to 9995-12, got '9996-12'" in err
        status, out, _ = run(capsys, "calendar", "5x8", "--tz", "Asia/Shanghai", "--month", "9995-12")
        assert status == 0
        assert "December 9995" in out or "9995" in out

    def test_schedule_until_before_from(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Old code: exit 0 and an empty table (issue 17)."""
        status, out, err = run(capsys, "schedule", EXAMPLE, "--from", "2026-05-01", "--until", "2026-01-01")
        assert status == 1
        assert out == ""
        assert "--until: 2026-01-01 is before --from 2026-05-01" in err


def test_schedule_json_and_ics(tmp_path: Path) -> None:
    """One schedule's dates as JSON and the same dates in an --ics file; an unknown --name is status 1."""
    ics = tmp_path / "visits.ics"
    r = spawn(
        "schedule",
        EXAMPLE,
        "--name",
        "inspection",
        "--from",
        "2026-02-01",
        "--until",
        "2026-03-31",
        "--ics",
        str(ics),
        "--json",
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {
        "inspection": ["2026-02-02", "2026-02-24", "2026-03-02", "2026-03-16", "2026-03-30"]
    }
    from icalendar import Calendar

    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert [e.decoded("dtstart").isoformat() for e in events] == json.loads(r.stdout)["inspection"]
    bad = spawn("schedule", EXAMPLE, "--name", "audit", "--from", "2026-02-01", "--until", "2026-03-31")
    assert bad.returncode == 1
    assert "unknown schedule 'audit'" in bad.stderr


def _daily(tmp_path: Path, schedules: int) -> Path:
    """The example contract with ``schedules`` more schedules visiting more than daily (no rolling)."""
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    for i in range(schedules):
        text += f'\n[[schedules]]\nname = "daily-{i}"\nstarts = 2026-01-01\nphases = [{{ every = "1天", times = 366 }}]\n'
    path = tmp_path / "daily.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_century_of_daily_visits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """By hand: one visit a day (and more) from 2026-01-01 to 2125-12-31 is 36,524 days. It took 21 s
    and 565 MB; it is one quick pass now (issue 17 §3)."""
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
    """Three daily schedules over a century: 3 × 36,524 dates, more than the 100,000 one listing
    holds (issue 17 §3)."""
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


@pytest.mark.slow  # about 7 s: ten thousand events through icalendar
def test_an_ics_file_holds_at_most_ten_thousand_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """28 years of daily visits (10,227 days from 2026-01-01 to 2053-12-31) do not go into one file;
    27 years (9,862 days, to 2052-12-31) do (issue 17 §3)."""
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
    (+30: 4 Feb, +60: 6 Mar); call-backs monthly (5 Feb, 5 Mar) (issue 17 §3)."""
    target = tmp_path / "all.ics"
    assert main(["schedule", EXAMPLE, "--from", "2026-02-01", "--until", "2026-03-10", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert (
        main(["schedule", EXAMPLE, "--from", "2026-02-01", "--until", "2026-03-10", "--ics", str(target)])
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
