"""An incident's history (sla/_history.py): events kept in instant order whatever the order of
recording, exact instants across a DST fold, and the refusal of an impossible history.

``CONTRACT`` is ``examples/contract.toml`` (Asia/Shanghai, UTC+8, no DST). Calendars: hotline
7×24; desk 7×24 from 2026-03-01; support 08:30-17:30 on China's working days (no holiday in
March 2026). P1: response 30 min (hotline), on site 24 h (2 h in 北京, hotline), resolution 1
working day (support), report 48 h (hotline). Every expected value below is worked by hand in
the comment beside it.
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from attrs import evolve
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from servicelevel import (
    BusinessCalendar,
    Contract,
    Event,
    FaultLevel,
    Incident,
    IncidentError,
    InvalidInstantError,
    Target,
    UnknownLevelError,
)
from servicelevel.strategies import contracts, incidents
from tests.conftest import CONTRACT, p1, sh
from tests.generators import distinct_instants

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestAnyOrder:
    def test_an_arrival_synced_after_the_remote_restore(self) -> None:
        """An arrival recorded after a later restoration gives the same incident as recording in order."""
        # P1 in 北京 reported Mon 10:00: on site within 2 h on 7×24 → due 12:00. The engineer's
        # arrival at 11:30 reaches the app after the remote restore at 11:00 was recorded.
        late = p1("北京").restored("2026-03-02T11:30").arrived("2026-03-02T11:00")
        in_order = p1("北京").arrived("2026-03-02T11:00").restored("2026-03-02T11:30")
        assert late == in_order
        assert [e.kind for e in late.events] == ["arrived", "restored"]
        on_site = late.status(at="2026-03-02T13:00")["on_site"]
        assert (on_site.state, on_site.due, on_site.met_at) == ("met", sh(2026, 3, 2, 12), sh(2026, 3, 2, 11))
        assert on_site.remaining == 1 * H  # 11:00 → 12:00 left over

    def test_ties_keep_the_order_of_recording(self) -> None:
        """Events at one instant keep their order of recording, and the answers do not depend on it."""
        # events at one instant keep the order they were recorded in (so two orders of the same
        # events at one instant are two histories), and the answers do not depend on it
        a = p1().responded("2026-03-02T10:10").arrived("2026-03-02T10:10")
        b = p1().arrived("2026-03-02T10:10").responded("2026-03-02T10:10")
        assert a != b
        assert a.status(at="2026-03-02T11:00") == b.status(at="2026-03-02T11:00")
        inc = p1().paused("2026-03-02T11:00").resumed("2026-03-02T11:00")
        assert [e.kind for e in inc.events] == ["paused", "resumed"]
        with pytest.raises(IncidentError, match="not paused"):
            p1().resumed("2026-03-02T11:00").paused("2026-03-02T11:00")

    @PROPS
    @given(st.data())
    def test_any_permutation_gives_an_equal_incident(self, data: st.DataObject) -> None:
        """Any permutation of a drawn history's events gives an equal incident with equal status."""
        contract = data.draw(contracts(), label="contract")
        inc = data.draw(incidents(contract), label="incident")
        assume(distinct_instants(inc))
        shuffled = data.draw(st.permutations(inc.events), label="order")
        again = Incident.from_events(
            contract, level=inc.level0, reported_at=inc.reported_at, region=inc.region, events=shuffled
        )
        assert again == inc
        at = (inc.events[-1].at if inc.events else inc.reported_at).add(hours=1)
        assert again.status(at) == inc.status(at)


class TestImpossibleHistories:
    """Each refusal names both events involved, and the incident is unchanged."""

    @pytest.mark.parametrize(
        ("build", "message"),
        [
            (lambda i: i.resolved("2026-03-02T09:00"),
             r"resolved at 2026-03-02T09:00:00\+08:00: before the fault was reported \(reported at "
             r"2026-03-02T10:00:00\+08:00\)"),
            (lambda i: i.paused("2026-03-02T11:00").paused("2026-03-02T12:00"),
             r"paused at 2026-03-02T12:00:00\+08:00: already paused \(paused at 2026-03-02T11:00:00"),
            (lambda i: i.resumed("2026-03-02T11:00"),
             r"resumed at 2026-03-02T11:00:00\+08:00: the incident is not paused; no pause is open since "
             r"it was reported \(reported at 2026-03-02T10:00"),
            (lambda i: i.reported_back("2026-03-02T11:00"),
             r"reported_back at 2026-03-02T11:00:00\+08:00: needs one of restored, resolved first; none "
             r"happened since it was reported \(reported at 2026-03-02T10:00"),
            (lambda i: i.restored("2026-03-02T12:00").reported_back("2026-03-02T11:00"),  # learnt late
             r"reported_back at 2026-03-02T11:00:00\+08:00: needs one of restored, resolved first"),
            (lambda i: i.resolved("2026-03-02T11:00").restored("2026-03-02T12:00"),
             r"restored at 2026-03-02T12:00:00\+08:00: the incident was resolved \(resolved at "
             r"2026-03-02T11:00"),
            (lambda i: i.responded("2026-03-02T11:00").responded("2026-03-02T12:00"),
             r"responded at 2026-03-02T12:00:00\+08:00: already recorded in this cycle \(responded at "
             r"2026-03-02T11:00"),
            (lambda i: i.resolved("2026-03-02T11:00").paused("2026-03-02T12:00"),
             r"paused at 2026-03-02T12:00:00\+08:00: the incident is resolved \(resolved at 2026-03-02T11:00"),
            (lambda i: i.resolved("2026-03-02T11:00").reclassified("2026-03-02T12:00", "P2"),
             r"reclassified at 2026-03-02T12:00:00\+08:00: the incident is resolved \(resolved at"),
            (lambda i: i.reopened("2026-03-02T12:00"),
             r"reopened at 2026-03-02T12:00:00\+08:00: the incident is not resolved since it was reported "
             r"\(reported at 2026-03-02T10:00"),
            (lambda i: i.resolved("2026-03-02T11:00").resolved("2026-03-02T12:00"),
             r"resolved at 2026-03-02T12:00:00\+08:00: already recorded in this cycle \(resolved at "
             r"2026-03-02T11:00:00\+08:00\); reopen it first"),
            (lambda i: i.reclassified("2026-03-02T11:00", "P1"), r"already of level 'P1'"),
            (lambda i: i.record("paused", "2026-03-02T11:00"), r"kind: 'paused' has its own method"),
            (lambda i: i.record("Called Back", "2026-03-02T11:00"), r"kind: expected an event name"),
            (lambda i: i.record("called_back", "2026-03-02T11:00"), r"unknown event kind 'called_back'"),
            # a pause learnt late, inside another pause
            (lambda i: i.paused("2026-03-02T11:00").resumed("2026-03-02T13:00").paused("2026-03-02T12:00"),
             r"already paused"),
        ],
    )  # fmt: skip
    def test_refused(self, build: object, message: str) -> None:
        """Each impossible next event is refused naming both events, and the incident is left unchanged."""
        before = p1()
        with pytest.raises(IncidentError, match=message):
            build(before)  # type: ignore[operator]
        assert before.events == ()

    def test_a_restoration_after_the_resolution_is_refused(self) -> None:
        """A restoration after the resolution is refused, naming the resolution."""
        inc = p1().resolved("2026-03-02T15:00").reported_back("2026-03-03T09:00")
        with pytest.raises(
            IncidentError,
            match=r"restored at 2026-03-03T10:00:00\+08:00: the incident was resolved \(resolved at "
            r"2026-03-02T15:00:00\+08:00\)",
        ):
            inc.restored("2026-03-03T10:00")

    def test_the_constructor_checks_too(self) -> None:
        """The Incident constructor and attrs.evolve check the history as the recording methods do."""
        # a response a month before the report used to show "met"
        with pytest.raises(IncidentError, match="before the fault was reported"):
            Incident(
                contract=CONTRACT,
                level="P1",
                reported_at=sh(2026, 3, 2, 10),
                events=(Event("responded", sh(2026, 2, 2, 10)),),
            )
        with pytest.raises(UnknownLevelError, match="the contract defines P1, P2, P3"):
            Incident(contract=CONTRACT, level="P9", reported_at=sh(2026, 3, 2, 10))
        with pytest.raises(IncidentError, match=r"events\[0\]: expected an Event"):
            Incident(contract=CONTRACT, level="P1", reported_at=sh(2026, 3, 2, 10), events=(("x", 1),))
        ok = Incident(
            contract=CONTRACT,
            level="P1",
            reported_at="2026-03-02T10:00",  # type: ignore[arg-type]
            events=(Event("resolved", sh(2026, 3, 2, 12)), Event("responded", sh(2026, 3, 2, 10, 10))),
        )
        assert ok == p1().responded("2026-03-02T10:10").resolved("2026-03-02T12:00")
        with pytest.raises(IncidentError, match="before the fault was reported"):
            evolve(ok, events=(Event("responded", sh(2026, 2, 2, 10)),))  # evolve checks as well


class TestExactInstants:
    """Europe/Berlin, 25 Oct 2026: clocks go back from 03:00 CEST to 02:00 CET, so 02:00-02:59
    happens twice (+02:00, then +01:00)."""

    BERLIN = Contract(
        id="DE-1",
        calendars={"hotline": BusinessCalendar.preset("7x24", tz="Europe/Berlin")},
        levels=[FaultLevel(key="P1", targets={"response": Target(within="30m", calendar="hotline")})],
    )

    def test_a_response_in_the_second_pass_of_the_fold(self) -> None:
        """A response in the second pass of the fold is measured by instant: 75 minutes later, breached."""
        # reported 02:15+02:00 = 00:15 UTC, due 00:45 UTC = 02:45+02:00; answered 02:30+01:00 = 01:30
        # UTC: 75 min after the report, 45 min late (it used to show met with -45 min remaining).
        inc = Incident.open(self.BERLIN, level="P1", reported_at="2026-10-25T02:15+02:00")
        inc = inc.responded("2026-10-25T02:30+01:00")
        st_ = inc.status(at="2026-10-25T04:00+01:00")["response"]
        assert st_.state == "breached"
        assert st_.remaining == -45 * M
        assert st_.elapsed == 75 * M

    def test_an_event_after_the_report_by_instant_not_by_wall_clock(self) -> None:
        """An event earlier on the wall clock but later as an instant is accepted and met."""
        # 02:10+01:00 (01:10 UTC) is 20 min after 02:50+02:00 (00:50 UTC): accepted, and met
        inc = Incident.open(self.BERLIN, level="P1", reported_at="2026-10-25T02:50+02:00")
        st_ = inc.responded("2026-10-25T02:10+01:00").status(at="2026-10-25T03:00+01:00")["response"]
        assert (st_.state, st_.remaining) == ("met", 10 * M)
        a, b = (
            Event("responded", pendulum.parse("2026-10-25T02:30+02:00")),
            Event(  # type: ignore[arg-type]
                "responded",
                pendulum.parse("2026-10-25T02:30+01:00"),  # type: ignore[arg-type]
            ),
        )
        assert a != b  # equal wall clocks, different instants


class TestSharing:
    def test_histories_branch_without_sharing_a_tail(self) -> None:
        """Incidents recorded from one base each see only their own events, and compare and hash as tuples."""
        # recording shares the list underneath (so n events cost O(n)); two incidents recorded from one
        # must each see only their own events, and equal a tuple of them
        base = p1().responded("2026-03-02T10:10")
        a = base.arrived("2026-03-02T11:00")
        b = base.restored("2026-03-02T11:00").resolved("2026-03-02T12:00")
        c = a.paused("2026-03-02T11:30")
        assert [e.kind for e in base.events] == ["responded"]
        assert [e.kind for e in a.events] == ["responded", "arrived"]
        assert [e.kind for e in b.events] == ["responded", "restored", "resolved"]
        assert [e.kind for e in c.events] == ["responded", "arrived", "paused"]
        assert a.events == (base.events[0], a.events[1])
        assert a.events[-1].kind == "arrived"
        assert a.events[:1] == base.events[:]
        assert hash(a) == hash(p1().responded("2026-03-02T10:10").arrived("2026-03-02T11:00"))


class TestEventsHoldInstants:
    """Issue #27: an Event with a text instant was accepted, then ==, hash and without() failed."""

    def test_an_event_refuses_text_at_construction(self) -> None:
        """An Event refuses a text instant at once, saying where text is read (#27)."""
        with pytest.raises(InvalidInstantError, match=r"^at: an Event holds an aware datetime.*from_events"):
            Event("resolved", "2026-03-02T11:00")  # type: ignore[arg-type]

    def test_rows_with_text_are_read_in_the_contract_zone(self) -> None:
        """The same history as (kind, at) rows reads the text, and its events compare and hash (#27)."""
        inc = Incident.from_events(CONTRACT, level="P1", reported_at="2026-03-02T10:00",
                                   events=[("resolved", "2026-03-02T11:00")])  # fmt: skip
        event = inc.events[0]
        assert event == Event("resolved", sh(2026, 3, 2, 11))
        assert hash(event) == hash(Event("resolved", sh(2026, 3, 2, 11)))
        assert inc.without(event).events == ()

    def test_without_takes_the_very_event_among_equal_ones(self) -> None:
        """Among equal events, without() removes the very one it is given (#27)."""
        # resolved, reopened, resolved all at 11:00: without(events[2]) removes the last one.
        inc = Incident.from_events(CONTRACT, level="P3", reported_at="2026-03-02T10:00", events=[
            ("resolved", "2026-03-02T11:00"), ("reopened", "2026-03-02T11:00"), ("resolved", "2026-03-02T11:00")])  # fmt: skip
        assert [e.kind for e in inc.without(inc.events[2]).events] == ["resolved", "reopened"]


def test_an_impossible_history_names_the_later_event_it_needed() -> None:
    """Issue #27: a written report learnt before the restoration it needs names that restoration
    and its instant (recorded late, or rebuilt from rows alike)."""
    from servicelevel import IncidentError
    from tests.conftest import CONTRACT

    said = (r"reported_back at 2026-03-02T11:00:00\+08:00: needs one of restored, resolved first; .*; "
            r"restored at 2026-03-02T12:00:00\+08:00 comes after it$")  # fmt: skip
    inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00").restored("2026-03-02T12:00")
    with pytest.raises(IncidentError, match=said):
        inc.reported_back("2026-03-02T11:00")
    with pytest.raises(IncidentError, match=said):
        Incident.from_events(CONTRACT, level="P1", reported_at="2026-03-02T10:00",
                             events=[("reported_back", "2026-03-02T11:00"), ("restored", "2026-03-02T12:00")])  # fmt: skip
