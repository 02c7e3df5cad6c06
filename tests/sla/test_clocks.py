"""The clocks of an incident (sla/_clocks.py): settled at the resolution, carried across reopened
cycles, and judged by one rule (met, breached, settled, running, paused or pending); the same rule
through `Incident` and the tables: test_rules.py.

``CONTRACT`` is ``examples/contract.toml`` (Asia/Shanghai, UTC+8, no DST). Calendars: hotline
7×24; support 08:30-17:30 on China's working days (no holiday in March 2026). P1: response 30 min
(hotline), on site 24 h (2 h in 北京, hotline), resolution 1 working day (support), report 48 h
(hotline). P3: response 30 min (desk), resolution 3 working days (support).
"""

from __future__ import annotations

import datetime as dt

import pytest
from attrs import evolve
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import Contract, Incident, IncidentError
from servicelevel.strategies import contracts, incidents
from tests.conftest import CONTRACT, p1, sh

RESTART = evolve(CONTRACT, reopen="restart")
H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


class TestSettledAtResolution:
    def test_resolve_while_paused(self) -> None:
        """A resolution while paused ends the pause and stops the clock; the due no longer moves."""
        # P3 reported Mon 2 Mar 10:00; paused Tue 3 Mar 08:30; resolved Wed 4 Mar 12:00, still
        # paused: the resolution ends the pause at 12:00 and stops the clock.
        # 3 working days unpaused: Tue, Wed, Thu → Thu 5 Mar 17:30; budget = Mon 7 h 30 + 3 × 9 h =
        # 34 h 30, spent around the pause (Tue 08:30 → Wed 12:00): Mon 7 h 30, Wed 5 h 30,
        # Thu 9 h, Fri 9 h, Mon 9 Mar 3 h 30 → due Mon 9 Mar 12:00. Used: Mon 10:00-17:30 = 7 h 30.
        inc = Incident.open(CONTRACT, level="P3", reported_at="2026-03-02T10:00")
        inc = inc.responded("2026-03-02T10:05").paused("2026-03-03T08:30").resolved("2026-03-04T12:00")
        for at in ("2026-03-04T15:00", "2026-03-20T09:00"):  # the due no longer moves with at
            st_ = inc.status(at=at)["resolution"]
            assert (st_.state, st_.due, st_.met_at) == ("met", sh(2026, 3, 9, 12), sh(2026, 3, 4, 12))
            assert st_.elapsed == dt.timedelta(hours=7, minutes=30)
            assert st_.remaining == dt.timedelta(hours=27)
        assert inc.deadlines(at="2026-03-20T09:00")["resolution"].paused == (
            (sh(2026, 3, 3, 8, 30), sh(2026, 3, 4, 12)),
        )
        with pytest.raises(IncidentError, match=r"resumed at 2026-03-04T13:00:00\+08:00: .* the resolution "):
            inc.resumed("2026-03-04T13:00")

    def test_a_remote_fix_before_the_on_site_due(self) -> None:
        # P1 in 上海: on site within 24 h → due Tue 3 Mar 10:00; fixed remotely Mon 15:00, no visit:
        """A remote fix before the on-site due settles the visit as not applicable and stops the other clocks."""
        # the visit is no longer needed. Response and restoration are implied by the resolution.
        inc = p1("上海").resolved("2026-03-02T15:00")
        status = inc.status(at="2026-03-10T09:00")
        on_site = status["on_site"]
        assert (on_site.state, on_site.settled_at, on_site.met_at) == (
            "not_applicable",
            sh(2026, 3, 2, 15),
            None,
        )
        assert on_site.remaining == 19 * H  # 15:00 Mon → 10:00 Tue on 7×24
        assert status["resolution"].state == "met"
        # response due 10:30, stopped by the resolution at 15:00: 4 h 30 late
        assert status["response"].state == "breached"
        assert status["response"].met_at == sh(2026, 3, 2, 15)
        # the report counts from the resolution: 48 h on 7×24 → Wed 4 Mar 15:00
        assert status["report"].due == sh(2026, 3, 4, 15)
        assert inc.breaches(at="2026-03-10T09:00")[0].by == dt.timedelta(hours=4, minutes=30)

    def test_a_remote_fix_after_the_on_site_due(self) -> None:
        """A remote fix after the on-site due settles the visit as breached by a miss that stops growing."""
        # P1 in 北京: on site by 12:00; nobody came, fixed remotely at 15:00: breached by 3 h, and the
        # miss stays 3 h however late one asks (it used to grow without end).
        inc = p1("北京").responded("2026-03-02T10:10").resolved("2026-03-02T15:00")
        for at in ("2026-03-02T16:00", "2026-04-30T00:00"):
            on_site = inc.status(at=at)["on_site"]
            assert (on_site.state, on_site.settled_at) == ("breached", sh(2026, 3, 2, 15))
            assert on_site.remaining == -3 * H
            (breach,) = [b for b in inc.breaches(at=at) if b.metric == "on_site"]  # (the report is owed)
            assert (breach.by, breach.stopped_at) == (3 * H, sh(2026, 3, 2, 15))


class TestReopening:
    """P3 on the 5×8 support calendar, across a weekend. Reported Thu 5 Mar 10:00, answered 10:05,
    resolved Fri 6 Mar 11:00, reopened Mon 9 Mar 10:00. 3 working days unpaused: Fri, Mon, Tue →
    Tue 10 Mar 17:30; budget Thu 7 h 30 + 3 × 9 h = 34 h 30."""

    def build(self, contract: Contract) -> Incident:
        inc = Incident.open(contract, level="P3", reported_at="2026-03-05T10:00")
        return inc.responded("2026-03-05T10:05").resolved("2026-03-06T11:00").reopened("2026-03-09T10:00")

    def test_resume(self) -> None:
        """Reopening resumes the clock without the time it was resolved, and each cycle keeps its own result."""
        # The time from resolution to reopening does not count: Fri 11:00-17:30 and Mon 08:30-10:00.
        # Spent: Thu 7 h 30, Fri 08:30-11:00 2 h 30 (10 h), Mon 10:00-17:30 7 h 30 (17 h 30), Tue 9 h
        # (26 h 30), Wed 11 Mar 8 h → 16:30.
        inc = self.build(CONTRACT)
        status = inc.status(at="2026-03-09T12:00")
        assert (status["resolution"].state, status["resolution"].due) == ("running", sh(2026, 3, 11, 16, 30))
        assert status["response"].state == "met"  # answered in cycle 0: the result stands
        assert status["response"].cycle == 0
        late = inc.resolved("2026-03-12T10:00")  # Wed 16:30-17:30 + Thu 08:30-10:00 = 2 h 30 late
        cycles = late.cycles(at="2026-03-12T12:00")
        assert [(c.index, c.status["resolution"].state) for c in cycles] == [(0, "met"), (1, "breached")]
        assert cycles[0].reopened_at == sh(2026, 3, 9, 10)
        assert cycles[1].resolved_at == sh(2026, 3, 12, 10)
        (breach,) = late.breaches(at="2026-03-12T12:00")
        assert (breach.cycle, breach.by) == (1, dt.timedelta(hours=2, minutes=30))

    def test_restart(self) -> None:
        """With reopen = "restart" the reopened cycle gets a full budget from the reopening."""
        # A new cycle with a full budget from the reopening: Tue, Wed, Thu → Thu 12 Mar 17:30.
        inc = self.build(RESTART)
        assert inc.status(at="2026-03-09T12:00")["resolution"].due == sh(2026, 3, 12, 17, 30)
        assert inc.resolved("2026-03-12T10:00").status(at="2026-03-12T12:00")["resolution"].state == "met"

    def test_a_breach_in_an_earlier_cycle_is_never_lost(self) -> None:
        """A breach settled in one cycle stays, and the next cycle adds only its own miss."""
        # P1 in 北京, on site due 12:00, nobody came, resolved 15:00 (breached by 3 h), reopened.
        inc = (
            p1("北京").responded("2026-03-02T10:10").resolved("2026-03-02T15:00").reopened("2026-03-03T09:00")
        )
        # cycle 0: settled at 15:00, 3 h late; cycle 1 resumes the same clock, already past its due,
        # and counts its own time only (09:00 → 09:30), so the misses add up to 3 h 30
        on_site = [(b.cycle, b.by) for b in inc.breaches(at="2026-03-03T09:30") if b.metric == "on_site"]
        assert on_site == [(0, 3 * H), (1, 30 * M)]
        assert inc.cycles(at="2026-03-03T09:30")[0].status["on_site"].state == "breached"

    def test_the_report_counts_from_the_last_restoration(self) -> None:
        """After a reopening the written report counts from the last restoration."""
        # P1: a report within 48 h of recovery. Restored Mon 12:00, resolved 13:00, reported Tue
        # 09:00 (met); reopened Wed 09:00, restored again Wed 10:00 → a new report due Fri 10:00.
        inc = p1().restored("2026-03-02T12:00").resolved("2026-03-02T13:00").reported_back("2026-03-03T09:00")
        inc = inc.reopened("2026-03-04T09:00").restored("2026-03-04T10:00")
        report = inc.status(at="2026-03-04T11:00")["report"]
        assert (report.state, report.start, report.due) == ("running", sh(2026, 3, 4, 10), sh(2026, 3, 6, 10))
        assert inc.cycles(at="2026-03-04T11:00")[0].status["report"].state == "met"

    def test_closed(self) -> None:
        """A closed incident refuses events and reopening, unless the contract allows reopening closed ones."""
        done = p1().resolved("2026-03-02T15:00").closed("2026-03-03T09:00")
        with pytest.raises(IncidentError, match=r"reported_back at .*: the incident was closed \(closed at "):
            done.reported_back("2026-03-03T10:00")
        with pytest.raises(IncidentError, match=r"reopen_closed = true"):
            done.reopened("2026-03-04T09:00")
        allowed = evolve(CONTRACT, reopen_closed=True)
        inc = Incident.open(allowed, level="P1", reported_at="2026-03-02T10:00")
        inc = inc.resolved("2026-03-02T15:00").closed("2026-03-03T09:00").reopened("2026-03-04T09:00")
        assert len(inc.cycles(at="2026-03-04T10:00")) == 2
        with pytest.raises(IncidentError, match=r"closed at .*: the incident is not resolved"):
            p1().closed("2026-03-02T11:00")


def _utc(t: dt.datetime | None) -> dt.datetime | None:
    return None if t is None else t.astimezone(dt.UTC)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_dues_and_states_under_any_history(data: st.DataObject) -> None:
    """Pauses never make a due earlier, met means stopped by the due, and states only move forward."""
    # A pause never makes a due instant earlier; met iff the stop event is at or before due;
    # status is monotone in ``at`` (a met or breached metric stays so).
    contract = data.draw(contracts(), label="contract")
    inc = data.draw(incidents(contract), label="incident")
    last = inc.events[-1].at if inc.events else inc.reported_at
    ats = sorted(data.draw(st.lists(st.integers(0, 20 * 24 * 60), min_size=2, max_size=4), label="minutes"))
    order = {"pending": 0, "running": 1, "paused": 1, "met": 2, "breached": 2, "not_applicable": 2}
    previous: dict[str, str] = {}
    for minutes in ats:
        at = inc.reported_at + dt.timedelta(minutes=minutes)
        status = inc.status(at=at)
        for name, s in status.items():
            metric = contract.metric(name)
            stop = inc.when(metric.stop, at)
            if s.state in ("met", "breached") and stop is not None and s.due is not None:
                assert (s.state == "met") == (_utc(stop) <= _utc(s.due))
            # after the last event the level is fixed: states only move forward from there
            # (a reclassification may legitimately turn a breach under the old targets into running)
            if at < last:
                continue
            if name in previous:
                assert order[s.state] >= order[previous[name]], (name, previous[name], s.state)
            previous[name] = s.state
    # pauses never make a due earlier: the same incident without its pauses
    bare = Incident.from_events(
        contract,
        level=inc.level0,
        reported_at=inc.reported_at,
        region=inc.region,
        events=[e for e in inc.events if e.kind not in ("paused", "resumed")],
    )
    at = last + dt.timedelta(days=1)
    with_pauses, without = inc.deadlines(at=at), bare.deadlines(at=at)
    for name, d in with_pauses.items():
        if d.due is not None and without[name].due is not None:
            assert _utc(d.due) >= _utc(without[name].due)
