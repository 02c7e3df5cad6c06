"""When a promise falls due (sla/_deadline.py): `Contract.deadlines` on the examples of the domain
notes, the pause rule, and one rule at the horizon.

``CONTRACT`` is ``examples/contract.toml``: Example B's grades with Example C's on-site times by
region, §3's escalation matrix, and a desk hotline extended to 7×24 from 2026-03-01. All times are
Asia/Shanghai (UTC+8, no DST); ``sh(...)`` writes them. Calendars: hotline 7×24; desk 5×8
09:00-17:00 until 2026-02-28, 7×24 from 2026-03-01; support 5×8 08:30-17:30 on China's working
days. In 2026, Sat 14 and Sat 28 February are make-up working days and 15-23 February are the
Spring Festival holiday.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pendulum
import pytest

from servicelevel import Contract, FaultLevel, HorizonExceededError, Incident, Target
from tests.conftest import CN_5X8, CONTRACT, HOTLINE, SH, sh


class TestBeforeTheSpringFestival:
    """A critical fault (P1) reported Fri 2026-02-13 16:30, the last working Friday before the festival."""

    def test_beijing(self) -> None:
        """In 北京 a P1 is due on site within 2 h, and resolved by the make-up Saturday's close."""
        d = CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30+08:00", region="北京")
        assert d["response"].due == sh(2026, 2, 13, 17, 0)  # 30 min on 7×24
        assert d["on_site"].due == sh(2026, 2, 13, 18, 30)  # 北京: 2 h (Example C)
        # 1 working day: the start day is not counted (art. 201); the next working day is the
        # make-up Saturday 14 Feb, which ends when support closes, 17:30 (art. 203 ¶2)
        assert d["resolution"].due == sh(2026, 2, 14, 17, 30)
        assert d["report"].due is None  # counted from restoration, which has not happened
        assert d["on_site"].term == dt.timedelta(hours=2)

    def test_elsewhere_takes_the_base_term(self) -> None:
        """Outside 北京, or with no region, the on-site term is the base 24 h."""
        d = CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30+08:00", region="上海")
        assert d["on_site"].due == sh(2026, 2, 14, 16, 30)  # 24 h round the clock
        assert CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30+08:00")["on_site"].due == sh(
            2026, 2, 14, 16, 30
        )

    def test_general_faults_have_no_on_site_target(self) -> None:
        """A P3 has no on-site target, and its 3 working days jump the festival."""
        d = CONTRACT.deadlines("P3", reported_at="2026-02-13T16:30+08:00")
        assert set(d) == {"response", "resolution"}
        # 3 working days: Sat 14 (make-up), then after the festival Tue 24 and Wed 25; close 17:30
        assert d["resolution"].due == sh(2026, 2, 25, 17, 30)

    def test_desk_response_runs_on_5x8_until_the_switch(self) -> None:
        """A P2 response on the desk runs on 5×8 into the make-up Saturday."""
        # P2 answers on the desk: 16:50 Fri leaves 10 min; 20 more on the make-up Saturday from 09:00.
        d = CONTRACT.deadlines("P2", reported_at="2026-02-13T16:50")
        assert d["response"].due == sh(2026, 2, 14, 9, 20)

    def test_explain_names_the_make_up_day(self) -> None:
        """The explanation of the resolution names the make-up day and art. 203."""
        e = CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30+08:00")["resolution"].explain()
        assert [i.reason for i in e.days] == ["weekly", "make-up"]
        assert "make-up working day" in str(e)
        assert "art. 203" in str(e)


class TestSwitchTo7x24:
    """The desk runs 5×8 until Sat 2026-02-28 and 7×24 from Sun 1 March."""

    def test_across_the_switch(self) -> None:
        """A response due across the switch spends the last 5×8 minutes, then runs round the clock."""
        # Sat 28 Feb (make-up) 16:50: 10 min to 17:00, then 7×24 from Sun 1 Mar 00:00: 00:20.
        d = CONTRACT.deadlines("P2", reported_at="2026-02-28T16:50")
        assert d["response"].due == sh(2026, 3, 1, 0, 20)

    def test_after_the_switch(self) -> None:
        """After the switch a Sunday-night report is answered within 30 minutes of round-the-clock time."""
        assert CONTRACT.deadlines("P3", reported_at="2026-03-01T03:00")["response"].due == sh(
            2026, 3, 1, 3, 30
        )


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
        """A term in days rolls past the festival on 7×24, and a term in hours does not."""
        c = Contract.from_toml(self.TOML)
        days = c.deadlines("P1", reported_at="2026-02-13T10:00")["restore"]
        # 两天: 14 and 15 Feb (start day not counted); Sun 15 is a rest day inside the festival,
        # so the period ends on the next working day, Tue 24 Feb, at 24:00 (7×24 runs to midnight)
        assert days.due == sh(2026, 2, 25, 0, 0)
        assert any("art. 203" in n and "48小时" in n for n in days.explain().notes)
        assert c.deadlines("P2", reported_at="2026-02-13T10:00")["restore"].due == sh(2026, 2, 15, 10, 0)


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
        """Each grade's response, on-site and resolution dues match the hand-worked instants."""
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


class TestPauses:
    """P1 reported Mon 2026-03-02 10:00; waiting for the customer from Mon 16:00 (or 18:00)."""

    def test_business_time_term_skips_the_pause(self) -> None:
        """A term in business time skips the paused span, and an unpausable response does not move."""
        # on_site 24 h on 7×24: 8 h to Mon 18:00, paused 15 h to Tue 09:00, 16 h more: Wed 01:00.
        inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00")
        inc = inc.paused("2026-03-02T18:00", reason="waiting for customer").resumed("2026-03-03T09:00")
        st = inc.status(at="2026-03-03T12:00")
        assert st["on_site"].due == sh(2026, 3, 4, 1, 0)
        assert st["response"].due == sh(2026, 3, 2, 10, 30)  # response is not pausable

    def test_working_day_term_moves_by_the_business_time_paused(self) -> None:
        """A working-day term moves by the business time paused."""
        # resolution 1 working day on support: unpaused, Tue 03 Mar 17:30.
        #
        # Paused Mon 16:00 - Tue 10:00: 1.5 h (Mon 16:00-17:30) + 1.5 h (Tue 08:30-10:00) of
        # support time. Budget: Mon 10:00-17:30 (7.5 h) + Tue 08:30-17:30 (9 h) = 16.5 h;
        # spent Mon 10:00-16:00 (6 h), Tue 10:00-17:30 (7.5 h), and 3 h from Wed 08:30: Wed 11:30.
        inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00")
        assert inc.status(at="2026-03-02T10:00")["resolution"].due == sh(2026, 3, 3, 17, 30)
        inc = inc.paused("2026-03-02T16:00", reason="waiting for parts").resumed("2026-03-03T10:00")
        assert inc.status(at="2026-03-03T11:00")["resolution"].due == sh(2026, 3, 4, 11, 30)

    def test_open_pause_is_paused_state(self) -> None:
        """An open pause shows the pausable clocks as paused, and the response still breaches."""
        inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00").paused("2026-03-02T11:00")
        st = inc.status(at="2026-03-02T12:00")
        assert st["on_site"].state == "paused"
        assert st["response"].state == "breached"  # 30 min passed; response does not pause
        # 1 h counted before the pause, 24 h budget measured with the pause so far
        assert st["on_site"].elapsed == dt.timedelta(hours=1)


CALENDARS = {"support": CN_5X8, "hotline": HOTLINE}
# A century of 5×8 days explained and drawn twice (the deadline's view, the incident's) takes 1-2 s.
SLOW = pytest.mark.slow
AT = "2026-03-02T10:00"


def _contract(term: str, calendar: str) -> Contract:
    target = Target(within=term, calendar=calendar)
    return Contract(
        id="x", calendars=CALENDARS, levels=[FaultLevel(key="P1", targets={"resolution": target})]
    )


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")
class TestAtTheHorizon:
    """One rule at the horizon: what `Contract.deadlines` answers, `explain`, the views,
    `Incident.status` and `evaluate` can explain, show and judge; what they could not, `deadlines`
    refuses."""

    @pytest.mark.parametrize("term", ["36525天", "100年", "1200个月"])
    @pytest.mark.parametrize("calendar", ["support", "hotline"])
    def test_terms_at_the_limit_are_refused_by_deadlines(self, term: str, calendar: str) -> None:
        """Terms a century long are refused by deadlines and by Incident.status."""
        # These were answered (due Mon 2126-03-04 17:00 on 5×8, 36,526 days 7 hours after the report),
        # and then explain(), the views, status and evaluate raised HorizonExceededError.
        contract = _contract(term, calendar)
        with pytest.raises(
            HorizonExceededError, match=r"term: .* counted from 2026-03-0\d falls due .* more than 100 years"
        ):
            contract.deadlines("P1", reported_at=AT)
        with pytest.raises(HorizonExceededError):
            Incident.open(contract, level="P1", reported_at=AT).status(AT)

    @pytest.mark.parametrize(
        ("term", "calendar", "due"),
        [
            # 36,523 days from Mon 2026-03-02: Fri 2126-03-01, at close (17:00 on 5×8)
            pytest.param("36523天", "support", pendulum.datetime(2126, 3, 1, 17, tz=SH), marks=SLOW),
            # 1199 months: Sat 2126-02-02 rolls to Mon 4 February
            pytest.param("1199个月", "support", pendulum.datetime(2126, 2, 4, 17, tz=SH), marks=SLOW),
            # 99 years: Fri 2125-03-02
            pytest.param("99年", "support", pendulum.datetime(2125, 3, 2, 17, tz=SH), marks=SLOW),
            # 36,523 days on 7×24: Fri 2126-03-01, to midnight
            ("36523天", "hotline", pendulum.datetime(2126, 3, 2, tz=SH)),
        ],
    )
    def test_what_deadlines_answers_is_explained_shown_and_judged(
        self, term: str, calendar: str, due: pendulum.DateTime
    ) -> None:
        """A due just inside the horizon is explained, shown, judged by status and evaluated alike."""
        contract = _contract(term, calendar)
        d = contract.deadlines("P1", reported_at=AT)["resolution"]
        assert due == d.due
        explained = d.explain()
        assert explained.windows[-1][1] == due
        assert explained.days[-1].date == due.date() or due.time() == pendulum.time(0)
        assert "data-due" in d._repr_html_()
        incident = Incident.open(contract, level="P1", reported_at=AT)
        assert incident.status(AT)["resolution"].state == "running"
        assert incident.status(due)["resolution"].state == "running"  # [start, due): due is the last instant
        late = due.add(minutes=1)
        assert incident.status(late)["resolution"].state == "breached"
        assert "resolution" in incident.view(at=late)._repr_html_()
        frame = contract.evaluate(pd.DataFrame({"level": ["P1"], "reported_at": [AT]}), at=late)
        assert frame["resolution_due"].iloc[0] == due
        assert frame["resolution_state"].iloc[0] == "breached"
