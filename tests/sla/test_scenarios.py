"""Examples A-C of the domain notes as scenarios, with the due instants worked by hand.

``CONTRACT`` is ``examples/contract.toml``: Example B's grades with Example C's on-site
times by region, §3's escalation matrix, and a desk hotline extended to 7×24 from
2026-03-01. All times are Asia/Shanghai (UTC+8, no DST); ``sh(...)`` writes them.
Calendars: hotline 7×24; desk 5×8 09:00-17:00 until 2026-02-28, 7×24 from 2026-03-01;
support 5×8 08:30-17:30 on China's working days. In 2026, Sat 14 and Sat 28 February
are make-up working days and 15-23 February are the Spring Festival holiday.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest

from servicelevel import Contract, Incident, OutOfTermError, load_contract

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")


def sh(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz="Asia/Shanghai")  # type: ignore[arg-type]


def utc(t: dt.datetime | None) -> dt.datetime | None:
    return None if t is None else t.astimezone(dt.UTC)


class TestBeforeTheSpringFestival:
    """A critical fault (P1) reported Fri 2026-02-13 16:30, the last working Friday before the festival."""

    def test_beijing(self) -> None:
        d = CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30+08:00", region="北京")
        assert d["response"].due == sh(2026, 2, 13, 17, 0)  # 30 min on 7×24
        assert d["on_site"].due == sh(2026, 2, 13, 18, 30)  # 北京: 2 h (Example C)
        # 1 working day: the start day is not counted (art. 201); the next working day is the
        # make-up Saturday 14 Feb, which ends when support closes, 17:30 (art. 203 ¶2)
        assert d["resolution"].due == sh(2026, 2, 14, 17, 30)
        assert d["report"].due is None  # counted from restoration, which has not happened
        assert d["on_site"].term == dt.timedelta(hours=2)

    def test_elsewhere_takes_the_base_term(self) -> None:
        d = CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30+08:00", region="上海")
        assert d["on_site"].due == sh(2026, 2, 14, 16, 30)  # 24 h round the clock
        assert CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30+08:00")["on_site"].due == sh(
            2026, 2, 14, 16, 30
        )

    def test_general_faults_have_no_on_site_target(self) -> None:
        d = CONTRACT.deadlines("P3", reported_at="2026-02-13T16:30+08:00")
        assert set(d) == {"response", "resolution"}
        # 3 working days: Sat 14 (make-up), then after the festival Tue 24 and Wed 25; close 17:30
        assert d["resolution"].due == sh(2026, 2, 25, 17, 30)

    def test_desk_response_runs_on_5x8_until_the_switch(self) -> None:
        """P2 answers on the desk: 16:50 Fri leaves 10 min; 20 more on the make-up Saturday from 09:00."""
        d = CONTRACT.deadlines("P2", reported_at="2026-02-13T16:50")
        assert d["response"].due == sh(2026, 2, 14, 9, 20)

    def test_explain_names_the_make_up_day(self) -> None:
        e = CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30+08:00")["resolution"].explain()
        assert [i.reason for i in e.days] == ["weekly", "make-up"]
        assert "make-up working day" in str(e)
        assert "art. 203" in str(e)


class TestSwitchTo7x24:
    def test_across_the_switch(self) -> None:
        """Sat 28 Feb (make-up) 16:50: 10 min to 17:00, then 7×24 from Sun 1 Mar 00:00: 00:20."""
        d = CONTRACT.deadlines("P2", reported_at="2026-02-28T16:50")
        assert d["response"].due == sh(2026, 3, 1, 0, 20)

    def test_after_the_switch(self) -> None:
        assert CONTRACT.deadlines("P3", reported_at="2026-03-01T03:00")["response"].due == sh(
            2026, 3, 1, 3, 30
        )


class TestPauses:
    """P1 reported Mon 2026-03-02 10:00; waiting for the customer from Mon 16:00 (or 18:00)."""

    def test_business_time_term_skips_the_pause(self) -> None:
        """on_site 24 h on 7×24: 8 h to Mon 18:00, paused 15 h to Tue 09:00, 16 h more: Wed 01:00."""
        inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00")
        inc = inc.paused("2026-03-02T18:00", reason="waiting for customer").resumed("2026-03-03T09:00")
        st = inc.status(at="2026-03-03T12:00")
        assert st["on_site"].due == sh(2026, 3, 4, 1, 0)
        assert st["response"].due == sh(2026, 3, 2, 10, 30)  # response is not pausable

    def test_working_day_term_moves_by_the_business_time_paused(self) -> None:
        """resolution 1 working day on support: unpaused, Tue 03 Mar 17:30.

        Paused Mon 16:00 - Tue 10:00: 1.5 h (Mon 16:00-17:30) + 1.5 h (Tue 08:30-10:00) of
        support time. Budget: Mon 10:00-17:30 (7.5 h) + Tue 08:30-17:30 (9 h) = 16.5 h;
        spent Mon 10:00-16:00 (6 h), Tue 10:00-17:30 (7.5 h), and 3 h from Wed 08:30: Wed 11:30.
        """
        inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00")
        assert inc.status(at="2026-03-02T10:00")["resolution"].due == sh(2026, 3, 3, 17, 30)
        inc = inc.paused("2026-03-02T16:00", reason="waiting for parts").resumed("2026-03-03T10:00")
        assert inc.status(at="2026-03-03T11:00")["resolution"].due == sh(2026, 3, 4, 11, 30)

    def test_open_pause_is_paused_state(self) -> None:
        inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00").paused("2026-03-02T11:00")
        st = inc.status(at="2026-03-02T12:00")
        assert st["on_site"].state == "paused"
        assert st["response"].state == "breached"  # 30 min passed; response does not pause
        # 1 h counted before the pause, 24 h budget measured with the pause so far
        assert st["on_site"].elapsed == dt.timedelta(hours=1)


class TestReclassification:
    """Reported Mon 2026-03-02 10:00 as P3, found critical at 11:00 (P3 → P1)."""

    def test_new_targets_from_the_original_start(self) -> None:
        inc = Incident.open(CONTRACT, level="P3", reported_at="2026-03-02T10:00").responded(
            "2026-03-02T10:20"
        )
        inc = inc.reclassified("2026-03-02T11:00", "P1")
        st = inc.status(at="2026-03-02T11:30")
        assert inc.level == "P1"
        assert st["response"].state == "met"  # answered at 10:20, within P1's 30 min
        assert st["on_site"].due == sh(2026, 3, 3, 10, 0)  # 24 h from 10:00 (no region)
        assert st["resolution"].due == sh(2026, 3, 3, 17, 30)
        before = inc.status(at="2026-03-02T10:30")
        assert "on_site" not in before  # still P3 then: no on-site target

    def test_restart_option_counts_from_the_reclassification(self) -> None:
        import attrs

        restart = attrs.evolve(CONTRACT, reclassify="restart")
        inc = Incident.open(restart, level="P3", reported_at="2026-03-02T10:00").responded("2026-03-02T10:20")
        inc = inc.reclassified("2026-03-02T11:00", "P1")
        st = inc.status(at="2026-03-02T11:30")
        assert st["on_site"].due == sh(2026, 3, 3, 11, 0)
        assert st["response"].start == sh(2026, 3, 2, 10, 0)  # stopped before the reclassification


class TestEscalationWarningsBreaches:
    def test_escalation_steps(self) -> None:
        """P1 from Mon 10:00: engineer 10:30, manager 11:00, GM 12:00 due by 12:30; 14:00, 18:00 planned."""
        inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00")
        steps = inc.escalations(at="2026-03-02T12:30")
        assert [(s.at.hour, s.at.minute, s.role, s.planned) for s in steps] == [
            (10, 30, "system engineer", False),
            (11, 0, "technical manager", False),
            (12, 0, "department general manager", False),
            (14, 0, "marketing director", True),
            (18, 0, "general manager", True),
        ]
        done = inc.resolved("2026-03-02T13:00").escalations(at="2026-03-02T20:00")
        assert [s.role for s in done] == [
            "system engineer",
            "technical manager",
            "department general manager",
        ]

    def test_warnings_at_half_and_three_quarters(self) -> None:
        inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00")
        got = [
            (w.metric, w.threshold, w.at)
            for w in inc.warnings(at="2026-03-02T10:25")
            if w.metric == "response"
        ]
        assert got == [
            ("response", 0.5, sh(2026, 3, 2, 10, 15)),
            ("response", 0.75, sh(2026, 3, 2, 10, 22, 30)),
        ]

    def test_breach_by_business_time(self) -> None:
        inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00").responded(
            "2026-03-02T10:45"
        )
        (b,) = [b for b in inc.breaches(at="2026-03-02T11:00") if b.metric == "response"]
        assert b.by == dt.timedelta(minutes=15)
        assert inc.status(at="2026-03-02T11:00")["response"].state == "breached"


class TestCivilCodeOn7x24:
    """'restore within 两天' on 7×24 from Fri 2026-02-13 10:00: Days roll past the festival (art. 203)."""

    TOML = """
    [contract]
    id = "roll"
    [calendars.hotline]
    coverage = "7x24"
    tz = "Asia/Shanghai"
    country = "CN"
    [[levels]]
    key = "P1"
    restore = { within = "两天", calendar = "hotline" }
    [[levels]]
    key = "P2"
    restore = { within = "48小时", calendar = "hotline" }
    """

    def test_days_roll_forward_and_hours_do_not(self) -> None:
        c = Contract.from_toml(self.TOML)
        days = c.deadlines("P1", reported_at="2026-02-13T10:00")["restore"]
        # 两天: 14 and 15 Feb (start day not counted); Sun 15 is a rest day inside the festival,
        # so the period ends on the next working day, Tue 24 Feb, at 24:00 (7×24 runs to midnight)
        assert days.due == sh(2026, 2, 25, 0, 0)
        assert any("art. 203" in n and "48小时" in n for n in days.explain().notes)
        assert c.deadlines("P2", reported_at="2026-02-13T10:00")["restore"].due == sh(2026, 2, 15, 10, 0)


class TestContractTerm:
    def test_outside_the_term(self) -> None:
        with pytest.raises(OutOfTermError, match=r"reported_at: 2025-12-31.*2026-01-01 to 2028-12-31"):
            CONTRACT.deadlines("P1", reported_at="2025-12-31T10:00")
        d = CONTRACT.deadlines("P1", reported_at="2025-12-31T10:00", out_of_term=True)
        assert d["response"].out_of_term
        assert d["response"].due == sh(2025, 12, 31, 10, 30)
        with pytest.raises(OutOfTermError):
            Incident.open(CONTRACT, level="P1", reported_at="2029-01-01T10:00")


class TestExampleA:
    """Example A: three grades mixing hours and working days, reported Fri 2026-02-13 16:30.

    hotline is 7×24; support is 5×8 09:00-17:00 on China's working days (Sat 14 Feb is a
    make-up day). Severe and general answer on the hotline; resolution in hours runs on support.
    """

    TOML = """
    [contract]
    id = "example-a"
    [calendars.hotline]
    coverage = "7x24"
    tz = "Asia/Shanghai"
    [calendars.support]
    coverage = "5x8"
    tz = "Asia/Shanghai"
    country = "CN"
    [[levels]]
    key = "minor"
    name = "轻微故障"
    response = { within = "1h", calendar = "hotline" }
    resolution = { within = "1 working day", calendar = "support" }
    [[levels]]
    key = "general"
    name = "一般故障"
    response = { within = "30 min", calendar = "hotline" }
    on_site = { within = "1h", calendar = "hotline" }
    resolution = { within = "6h", calendar = "support" }
    [[levels]]
    key = "severe"
    name = "严重故障"
    response = { within = "15分钟", calendar = "hotline" }
    on_site = { within = "30分钟", calendar = "hotline" }
    resolution = { within = "12小时", calendar = "hotline" }
    """

    def test_due_instants(self) -> None:
        c = Contract.from_toml(self.TOML)
        at = "2026-02-13T16:30"
        minor, general, severe = (c.deadlines(k, reported_at=at) for k in ("minor", "general", "severe"))
        assert minor["response"].due == sh(2026, 2, 13, 17, 30)
        assert minor["resolution"].due == sh(2026, 2, 14, 17, 0)  # the make-up Saturday, at close
        assert "on_site" not in minor
        assert general["response"].due == sh(2026, 2, 13, 17, 0)
        assert general["on_site"].due == sh(2026, 2, 13, 17, 30)
        # 6 h of support time: 16:30-17:00 Fri (0.5 h), then 5.5 h from 09:00 on the make-up Saturday
        assert general["resolution"].due == sh(2026, 2, 14, 14, 30)
        assert severe["response"].due == sh(2026, 2, 13, 16, 45)
        assert severe["on_site"].due == sh(2026, 2, 13, 17, 0)
        assert severe["resolution"].due == sh(2026, 2, 14, 4, 30)  # 12 h round the clock
