"""``servicelevel check`` and ``servicelevel due`` (`servicelevel.cli._contract`): a contract
shown as tables and JSON, the deadlines of one fault as a table, explained, JSON and iCalendar.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.cli.helpers import EXAMPLE, run, spawn


def test_check() -> None:
    """check: the levels table with regional targets, the workflow table, and the same as JSON."""
    r = spawn("check", EXAMPLE)
    assert r.returncode == 0, r.stderr
    assert "P1 重大故障" in r.stdout
    assert "北京: 2h" in r.stdout
    # every escalation step listed (§3 of the domain notes: P1 to the system engineer after 30 min,
    # the general manager after 8 h), not only the count
    steps = [line.split() for line in r.stdout.splitlines() if "after the report" in line]
    assert len(steps) == 12
    assert steps[0][:5] == ["P1", "30m", "after", "the", "report"]
    assert steps[4][:3] == ["P1", "8h", "after"]
    assert "general manager" in " ".join(steps[4])
    data = json.loads(spawn("check", EXAMPLE, "--json").stdout)
    assert [lv["key"] for lv in data["levels"]] == ["P1", "P2", "P3"]
    # the workflow table of examples/contract.toml: 8 statuses, unknown ones are errors
    assert "workflow: 8 statuses; any other status: an error" in r.stdout
    assert "Awaiting User Info" in r.stdout
    assert data["workflow"]["statuses"]["Awaiting Vendor"] == "paused"
    assert data["workflow"]["levels"]["4 - Low"] == "P3"
    # the example's P1 visit: 2 h in 北京, 4 h in 乌鲁木齐 on its own calendar (issue #29 §1)
    assert data["levels"][0]["targets"]["on_site"]["regions"] == {
        "北京": "2h",
        "乌鲁木齐": {"within": "4h", "calendar": "xinjiang"},
    }
    assert "乌鲁木齐: 4h" in r.stdout
    assert "(xinjiang)" in r.stdout
    # issue #29 §3: P1 tells the customer every 2 hours; the log's update rows
    assert "P1 updates the customer every 2h (hotline), from responded to resolved" in r.stdout
    assert "update rows (the status stays): Work notes, Customer update" in r.stdout
    assert data["levels"][0]["update"] == {
        "every": "2h",
        "calendar": "hotline",
        "starts": ["responded"],
        "stop": ["resolved"],
    }
    assert data["levels"][1]["update"] is None
    assert data["workflow"]["updates"] == ["Work notes", "Customer update"]


def test_check_shows_an_update_column(tmp_path: Path) -> None:
    """check: a workflow whose update rows are marked by a column's values shows the column and them."""
    text = (
        Path(EXAMPLE)
        .read_text(encoding="utf-8")
        .replace(
            'updates = ["Work notes", "Customer update"]',
            'updates = { column = "fieldname", values = ["work_notes", "comments"] }',
        )
    )
    path = tmp_path / "contract.toml"
    path.write_text(text, encoding="utf-8")
    r = spawn("check", str(path))
    assert r.returncode == 0, r.stderr
    assert "update rows: column fieldname = work_notes, comments (the row's status is read too)" in r.stdout
    data = json.loads(spawn("check", str(path), "--json").stdout)
    assert data["workflow"]["updates"] == {"column": "fieldname", "values": ["work_notes", "comments"]}


def test_check_shows_goals(tmp_path: Path) -> None:
    """Issue #27: a target's goal (``goal = "95%"``) is shown in its cell and in the JSON as 0.95."""
    text = (
        Path(EXAMPLE)
        .read_text(encoding="utf-8")
        .replace(
            'response   = { within = "30分钟", calendar = "hotline" }',
            'response   = { within = "30分钟", calendar = "hotline", goal = "95%" }',
            1,
        )
    )
    (tmp_path / "contract.toml").write_text(text, encoding="utf-8")
    r = spawn("check", str(tmp_path / "contract.toml"))
    assert r.returncode == 0, r.stderr
    assert "goal 95%" in r.stdout
    data = json.loads(spawn("check", str(tmp_path / "contract.toml"), "--json").stdout)
    assert data["levels"][0]["targets"]["response"]["goal"] == 0.95
    assert data["levels"][0]["targets"]["on_site"]["goal"] is None


def test_bad_toml(tmp_path: Path) -> None:
    """A file that is not TOML: status 1 and the line of the mistake."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[contract\nid = 1\n", encoding="utf-8")
    r = spawn("check", str(bad))
    assert r.returncode == 1
    assert "TOML:" in r.stderr
    assert "line 1" in r.stderr


class TestCheckShowsTheWarranty:
    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """check says the warranty's term, start event and its date, extension and last day (issue 18 §4)."""
        status, out, _ = run(capsys, "check", EXAMPLE)
        assert status == 0
        assert (
            "warranty: 3 years from acceptance (2023-06-15), extended by 6 months; "
            "last covered day 2026-12-15; 2 charge bands"
        ) in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """check --json has the warranty's start, term, extension and last day (issue 18 §4)."""
        status, out, _ = run(capsys, "check", EXAMPLE, "--json")
        assert status == 0
        assert json.loads(out)["warranty"] == {
            "starts": "acceptance",
            "term": "3 years",
            "extension": "6 months",
            "last_day": "2026-12-15",
        }


def test_due_json() -> None:
    """Example B + C: P1 in 北京 reported Fri 2026-02-13 16:30 (hand-worked in tests/sla/test_deadline.py)."""
    r = spawn("due", EXAMPLE, "--level", "P1", "--at", "2026-02-13T16:30+08:00", "--region", "北京", "--json")
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
    """due --explain: the table in plain text when piped, and why a deadline falls on a make-up day."""
    r = spawn("due", EXAMPLE, "--level", "P1", "--at", "2026-02-13T16:30+08:00", "--explain")
    assert r.returncode == 0, r.stderr
    assert "Sat 2026-02-14 17:30" in r.stdout
    assert "make-up working day" in r.stdout
    assert "\x1b[" not in r.stdout  # plain text when piped


def test_due_in_a_region_on_its_own_calendar() -> None:
    """due --region 乌鲁木齐: P1's visit on xinjiang, its due in Ürümqi time with the offset said
    (reported Fri 18:00 Beijing = 16:00 there: 1 h that day, 3 h Mon 08:00-11:00 → Mon 11:00 +06:00);
    the dues on Beijing's clocks keep the report's offset unsaid."""
    r = spawn("due", EXAMPLE, "--level", "P1", "--at", "2026-03-06T18:00+08:00", "--region", "乌鲁木齐")
    assert r.returncode == 0, r.stderr
    assert "xinjiang" in r.stdout
    assert "Mon 2026-03-09 11:00 +06:00" in r.stdout
    assert "Fri 2026-03-06 18:30 " in r.stdout  # the response, 30 min on the hotline: no offset
    assert "18:30 +08:00" not in r.stdout


def test_due_ics(tmp_path: Path) -> None:
    """The deadlines as iCalendar events at their due instants (UTC), read back with icalendar."""
    from icalendar import Calendar

    ics = tmp_path / "due.ics"
    r = spawn(
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


def test_check_shows_the_money_terms() -> None:
    """check: each target's penalty under its term, the monthly cap (10 % of 200000) and the
    availability promises with their credit bands, as the example contract writes them."""
    r = spawn("check", EXAMPLE)
    assert r.returncode == 0, r.stderr
    assert "penalty: 1000" in r.stdout
    assert "penalties: currency CNY, monthly fee 200,000, at most 20,000.00 a month" in r.stdout
    assert "availability his 医院信息系统: 99.9% a month; credits below 99.9%: 5%" in r.stdout
    data = json.loads(spawn("check", EXAMPLE, "--json").stdout)
    assert (
        data["levels"][0]["targets"]["resolution"]["penalty"]
        == "500 per started 1h late, at most 5000 per ticket"
    )
    assert data["levels"][1]["targets"]["resolution"]["penalty"] is None
    assert data["penalties"] == {"currency": "CNY", "monthly_fee": "200000", "monthly_cap": "20000.00"}


def test_check_json_lists_availability() -> None:
    """check --json: each [availability.NAME] with its target, period, credits and fee."""
    data = json.loads(spawn("check", EXAMPLE, "--json").stdout)
    his = data["availability"]["his"]
    assert (his["target"], his["period"], his["fee"]) == ("99.9%", "month", "200000")
    assert his["credits"][0] == {"below": "99.9%", "credit": "5%"}
    assert data["availability"]["lis"]["credits"] == []


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda t: t.replace("[[amendments]]", "[amendments]"), "amendments"),
        (lambda t: t.replace("from = 2026-07-01", "from = 2026-07-01T00:00:00"), "amendments[0].from"),
        (lambda t: t.replace("from = 2026-07-01", 'from = "2026-07-01"'), "amendments[0].from"),
        (lambda t: t.replace('reason = "补充协议第3条"', 'reason = "补充协议第3条"\nnote = 1'), "amendments[0]"),
        (lambda t: t.replace("warnings = [0.5, 0.75]", 'warnings = "0.5"'), "contract.warnings"),
        (lambda t: t.replace("warnings = [0.5, 0.75]", 'warnings = [0.5, "-1h before"]'), "contract.warnings[1]"),
        (lambda t: t.replace("warnings = [0.5, 0.75]", 'warnings = [0.5, "150%"]'), "contract.warnings[1]"),
    ],
)  # fmt: skip
def test_check_json_names_hostile_amendments_and_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: object, path: str
) -> None:
    """check --json on a file with a bad amendment or warning: status 1, the path named, no traceback."""
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    changed = edit(text)  # type: ignore[operator]
    assert changed != text
    (tmp_path / "c.toml").write_text(changed, encoding="utf-8")
    status, out, err = run(capsys, "check", str(tmp_path / "c.toml"), "--json")
    assert status == 1
    assert f"{path}: " in err
    assert "Traceback" not in out + err
