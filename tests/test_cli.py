"""The command line as a user runs it: a real process, its output and exit status."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "contract.toml")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "servicelevel.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_due_json() -> None:
    """Example B + C: P1 in 北京 reported Fri 2026-02-13 16:30 (hand-worked in tests/sla/test_scenarios.py)."""
    r = run("due", EXAMPLE, "--level", "P1", "--at", "2026-02-13T16:30+08:00", "--region", "北京", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["level"] == "P1"
    assert out["reported_at"] == "2026-02-13T16:30:00+08:00"
    assert out["region"] == "北京"
    assert out["deadlines"]["response"] == {
        "due": "2026-02-13T17:00:00+08:00",
        "term": "30m",
        "calendar": "hotline",
    }
    assert out["deadlines"]["on_site"]["due"] == "2026-02-13T18:30:00+08:00"
    assert out["deadlines"]["resolution"]["due"] == "2026-02-14T17:30:00+08:00"
    assert out["deadlines"]["report"]["due"] is None


def test_due_table_and_explain() -> None:
    r = run("due", EXAMPLE, "--level", "P1", "--at", "2026-02-13T16:30+08:00", "--explain")
    assert r.returncode == 0, r.stderr
    assert "Sat 2026-02-14 17:30" in r.stdout
    assert "make-up working day" in r.stdout
    assert "\x1b[" not in r.stdout  # plain text when piped


def test_check() -> None:
    r = run("check", EXAMPLE)
    assert r.returncode == 0, r.stderr
    assert "P1 重大故障" in r.stdout
    assert "北京: 2h" in r.stdout
    data = json.loads(run("check", EXAMPLE, "--json").stdout)
    assert [lv["key"] for lv in data["levels"]] == ["P1", "P2", "P3"]
    # the workflow table of examples/contract.toml: 8 statuses, unknown ones are errors
    assert "workflow: 8 statuses; any other status: an error" in r.stdout
    assert "Awaiting User Info" in r.stdout
    assert data["workflow"]["statuses"]["Awaiting Vendor"] == "paused"
    assert data["workflow"]["levels"]["4 - Low"] == "P3"
    assert data["levels"][0]["targets"]["on_site"]["regions"] == {"北京": "2h"}


def test_calendar() -> None:
    r = run(
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
    r = run("calendar", f"{EXAMPLE}#desk", "--from", "2026-02-28", "--days", "2")
    assert r.returncode == 0, r.stderr
    assert "from change 1" in r.stdout


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
    r = run(*args)
    assert r.returncode == 1
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_usage_error_is_one_line_and_status_2() -> None:
    r = run("due", EXAMPLE)
    assert r.returncode == 2
    assert "the following arguments are required: --level, --at" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_bad_toml(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[contract\nid = 1\n", encoding="utf-8")
    r = run("check", str(bad))
    assert r.returncode == 1
    assert "TOML:" in r.stderr
    assert "line 1" in r.stderr


def test_console_script_installed() -> None:
    exe = Path(sys.executable).parent / "servicelevel"
    r = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0
    assert "check" in r.stdout


def test_calendar_marks_supplied_days_and_warns_in_one_line() -> None:
    r = run(
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
    r = run(
        "calendar", "5x8", "--tz", "Asia/Shanghai", "--country", "CN", "--from", "2028-02-19", "--days", "1"
    )
    assert r.returncode == 0
    assert r.stderr.startswith("servicelevel: warning: CN 2028:")
    assert len(r.stderr.strip().splitlines()) == 1


def test_warranty_json() -> None:
    """Example contract: accepted 2023-06-15, 3年 + 6个月 → last day Tue 2026-12-15; lightning is excluded."""
    r = run("warranty", EXAMPLE, "--on", "2026-06-16", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {
        "covered": True,
        "until": "2026-12-15",
        "reasons": [{"code": "in_term", "text": "covered: within the warranty until 2026-12-15"}],
    }
    r = run(
        "warranty",
        EXAMPLE,
        "--on",
        "2026-06-16",
        "--cause",
        "lightning",
        "--event",
        "upgrade@2026-01-05",
        "--json",
    )
    out = json.loads(r.stdout)
    assert out["covered"] is False
    assert [x["text"] for x in out["reasons"]] == [
        "cause 'lightning' is excluded (force majeure)",
        "voided on 2026-01-05 by a performance upgrade or change of original characteristics",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--on", "2026-06-16", "--cause", "meteor"), "unknown cause 'meteor'; expected one of misuse"),
        (("--on", "2026-06-16", "--event", "upgrade"), "--event: expected KIND@DATE"),
        (("--on", "someday"), "on: expected a date"),
        (("--on", "2026-06-16", "--total", "1.5e3x"), "total: '1.5e3x' is not an amount"),
    ],
)
def test_warranty_bad_input(args: tuple[str, ...], message: str) -> None:
    r = run("warranty", EXAMPLE, *args)
    assert r.returncode == 1
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_schedule_json_and_ics(tmp_path: Path) -> None:
    ics = tmp_path / "visits.ics"
    r = run(
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
    bad = run("schedule", EXAMPLE, "--name", "audit", "--from", "2026-02-01", "--until", "2026-03-31")
    assert bad.returncode == 1
    assert "unknown schedule 'audit'" in bad.stderr


def test_due_ics(tmp_path: Path) -> None:
    """The deadlines as iCalendar events at their due instants (UTC), read back with icalendar."""
    from icalendar import Calendar

    ics = tmp_path / "due.ics"
    r = run(
        "due",
        EXAMPLE,
        "--level",
        "P1",
        "--at",
        "2026-02-13T16:30+08:00",
        "--region",
        "北京",
        "--ics",
        str(ics),
    )
    assert r.returncode == 0, r.stderr
    events = {
        str(e["summary"]): e.decoded("dtstart") for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    }
    utc = {k.rsplit(": ", 1)[1]: v.astimezone(dt.UTC).isoformat() for k, v in events.items()}
    assert utc == {
        "response due": "2026-02-13T09:00:00+00:00",  # 17:00 in Shanghai
        "on_site due": "2026-02-13T10:30:00+00:00",
        "resolution due": "2026-02-14T09:30:00+00:00",
    }  # the report has no due instant yet: no event


def test_calendar_month_grid() -> None:
    # piped (not a terminal): the grid in plain text, no colour codes
    r = run("calendar", f"{EXAMPLE}#support", "--month", "2026-02")
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
    r = run("calendar", f"{EXAMPLE}#support", "--month", "2026-02", "--json")
    days = json.loads(r.stdout)["days"]
    assert len(days) == 28
    assert days[13] == {"date": "2026-02-14", "hours": "08:30-17:30", "reason": "make-up", "holiday": None,
                        "working_day": True, "part": 0, "supplied": False}  # fmt: skip


def test_output_into_a_closed_pipe_is_quiet() -> None:
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
