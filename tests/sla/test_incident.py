"""`Incident` (sla/_incident.py): recording events, corrections, reclassification, storing it as
values, and the names a newcomer would not trip over (what it says at an instant: test_status.py).

``CONTRACT`` is ``examples/contract.toml`` (Asia/Shanghai, UTC+8, no DST); ``p1()`` opens a P1
fault under it, reported Mon 2026-03-02 10:00. P1: response 30 min and on site 24 h (2 h in 北京)
on the 7×24 hotline, resolution 1 working day on support (08:30-17:30); warnings at 50 % and 75 %.
"""

from __future__ import annotations

import datetime as dt

import cattrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from servicelevel import Event, Incident, IncidentError, UnknownLevelError
from servicelevel.strategies import contracts, incidents
from tests.conftest import CONTRACT, p1, sh
from tests.generators import distinct_instants

OPEN = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00")
M = dt.timedelta(minutes=1)
PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestRecording:
    def test_unknown_level(self) -> None:
        """An unknown level is refused, naming the levels the contract defines."""
        with pytest.raises(UnknownLevelError, match="unknown level 'P9'; the contract defines P1, P2, P3"):
            OPEN.reclassified("2026-03-02T11:00", "P9")
        with pytest.raises(UnknownLevelError):
            Incident.open(CONTRACT, level="P9", reported_at="2026-03-02T10:00")

    def test_at_is_required(self) -> None:
        """Status needs the instant it is asked about: nothing reads the clock."""
        with pytest.raises(IncidentError, match="nothing reads the clock"):
            OPEN.status(at=None)  # type: ignore[arg-type]

    def test_each_step_returns_a_new_incident(self) -> None:
        """Recording an event returns a new incident and leaves the old one unchanged."""
        a = OPEN.responded("2026-03-02T10:10")
        assert OPEN.events == ()
        assert [e.kind for e in a.events] == ["responded"]


class TestCorrections:
    def test_a_correction_turns_a_breach_into_met(self) -> None:
        """Replacing an event's instant re-judges the clock: a late response corrected to on time is met."""
        # P1 response due 10:30; the log said 10:45 (breached by 15 min), the call was at 10:25.
        inc = p1().responded("2026-03-02T10:45")
        assert inc.breaches(at="2026-03-02T11:00")[0].by == 15 * M
        fixed = inc.replaced(inc.events[0], at="2026-03-02T10:25")
        st_ = fixed.status(at="2026-03-02T11:00")["response"]
        assert (st_.state, st_.remaining) == ("met", 5 * M)
        assert fixed == p1().responded("2026-03-02T10:25")

    def test_without_and_detail(self) -> None:
        """Replacing a detail and removing events keep the history possible, or are refused."""
        inc = p1().paused("2026-03-02T11:00", reason="waiting").resumed("2026-03-02T12:00")
        assert inc.replaced(inc.events[0], detail="spare part").events[0].detail == "spare part"
        with pytest.raises(IncidentError, match=r"resumed at .*: the incident is not paused"):
            inc.without(inc.events[0])  # the resume would be left alone
        with pytest.raises(IncidentError, match="is not in the incident's history"):
            inc.without(Event("paused", sh(2026, 3, 2, 9)))
        assert inc.without(inc.events[1]).without(inc.events[0]) == p1()

    @PROPS
    @given(st.data())
    def test_without_then_recording_again_is_the_identity(self, data: st.DataObject) -> None:
        """Removing an event and recording it again gives back the same incident."""
        contract = data.draw(contracts(), label="contract")
        inc = data.draw(incidents(contract), label="incident")
        assume(distinct_instants(inc) and inc.events)
        e = data.draw(st.sampled_from(inc.events), label="event")
        try:
            less = inc.without(e)
        except IncidentError:
            return  # e.g. a pause whose resume would be left alone
        assert (
            Incident.from_events(
                contract,
                level=inc.level0,
                reported_at=inc.reported_at,
                region=inc.region,
                events=(*less.events, e),
            )
            == inc
        )
        if e.kind not in ("paused", "resumed", "reclassified", "reopened", "closed", "updated"):
            assert less.record(e.kind, e.at) == inc


class TestReclassification:
    """Reported Mon 2026-03-02 10:00 as P3, found critical at 11:00 (P3 → P1)."""

    def test_new_targets_from_the_original_start(self) -> None:
        """A reclassified incident takes the new level's targets, counted from the original report."""
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
        """With reclassify = "restart" the new targets count from the reclassification."""
        import attrs

        restart = attrs.evolve(CONTRACT, reclassify="restart")
        inc = Incident.open(restart, level="P3", reported_at="2026-03-02T10:00").responded("2026-03-02T10:20")
        inc = inc.reclassified("2026-03-02T11:00", "P1")
        st = inc.status(at="2026-03-02T11:30")
        assert st["on_site"].due == sh(2026, 3, 3, 11, 0)
        assert st["response"].start == sh(2026, 3, 2, 10, 0)  # stopped before the reclassification


class TestNames:
    """Issue #26: names a newcomer would not trip over."""

    def test_reported_back_records_the_written_report(self) -> None:
        """reported_back(t) records the event that stops the report clock (#26)."""
        inc = p1().restored("2026-03-02T12:00").reported_back("2026-03-02T13:00")
        assert [e.kind for e in inc.events] == ["restored", "reported_back"]
        assert inc.status(at="2026-03-02T14:00")["report"].state == "met"

    def test_reported_is_a_deprecated_alias(self) -> None:
        """The old name reported(t) still works for one release and says what replaces it (#26)."""
        inc = p1().restored("2026-03-02T12:00")
        with pytest.warns(DeprecationWarning, match=r"reported_back\(t\)"):
            old = inc.reported("2026-03-02T13:00")
        assert old == inc.reported_back("2026-03-02T13:00")

    def test_the_constructor_takes_level_as_open_does(self) -> None:
        """Incident(level=...) works as in Incident.open, and level0 stays the first level (#26)."""
        inc = Incident(contract=CONTRACT, level="P1", reported_at=sh(2026, 3, 2, 10))
        assert inc == Incident.open(CONTRACT, level="P1", reported_at=sh(2026, 3, 2, 10))
        assert inc.level0 == inc.level == "P1"


class TestUnstructure:
    def test_unstructure_an_incident(self) -> None:
        """cattrs unstructures an incident with its contract and events."""
        inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00").responded(
            "2026-03-02T10:10"
        )
        data = cattrs.unstructure(inc)
        assert data["level0"] == "P1"
        assert data["contract"]["id"] == "BJ-2026-017"
        assert data["contract"]["warranty"]["term"] == {"n": 3}
        assert [e.kind for e in data["events"]] == ["responded"]
