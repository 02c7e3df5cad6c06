"""An incident's update clock (sla/_update_status.py): `Incident.updated` and `Incident.updates`.

The hand-worked histories below are run through `Incident` here and through `Contract.evaluate`
and `Contract.replay` in tests/frames/test_updates.py: one rule, every path. ``UPDATES`` is
RULES_CONTRACT (tests/conftest.py) with an update owed every 2 hours: P2 on the 7×24 hotline from
the response, P3 on the CN 5×8 support calendar (09:00-17:00 on China's working days); the log's
"Work notes" rows are updates. Mon 2 Mar 2026 is a working day in China, Asia/Shanghai.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import attrs
import pytest

from servicelevel import FaultLevel, Incident, IncidentError, Target, UpdateTarget, Workflow
from tests.conftest import RULES_CONTRACT
from tests.conftest import at as wall

UPDATES = attrs.evolve(
    RULES_CONTRACT,
    levels=[
        attrs.evolve(RULES_CONTRACT.level("P2"), update=UpdateTarget(every="2h", calendar="hotline")),
        FaultLevel(
            key="P3",
            targets={
                "response": Target(within="30m", calendar="hotline"),
                "resolution": Target(within="4h", calendar="support"),
            },
            update=UpdateTarget(every="2h", calendar="support"),
        ),
    ],
    workflow=Workflow(
        statuses=dict(RULES_CONTRACT.workflow.statuses),  # type: ignore[union-attr]
        levels={"2": "P2", "3": "P3"},
        updates=["Work notes"],
    ),
)


@dataclass
class Told:
    """A ticket's history and the update promise a person worked out for it at ``at``."""

    name: str
    level: str
    reported: str
    events: list[tuple[str, str]]
    at: str
    state: str
    due: str | None  # the update owed now (last checkpoint + 2 h), while the clock runs
    missed: int
    longest: dt.timedelta
    log: list[tuple[str, str]] = field(default_factory=list)  # (time, status); the level's label
    pauses: list[tuple[str, str]] = field(default_factory=list)  # for evaluate's pauses table


H, M = dt.timedelta(hours=1), dt.timedelta(minutes=1)
TOLD = [
    Told(
        # Responded 09:20: silences 09:20-11:00 (1 h 40), 11:00-13:00 (2 h: given at its due instant,
        # in time), 13:00-14:00 resolved (1 h). None missed: met.
        "kept", "P2", "2026-03-02T09:00",
        [("responded", "2026-03-02T09:20"), ("updated", "2026-03-02T11:00"), ("updated", "2026-03-02T13:00"),
         ("resolved", "2026-03-02T14:00")],
        "2026-03-02T18:00", "met", None, 0, 2 * H,
        log=[("2026-03-02T09:00", "New"), ("2026-03-02T09:20", "Active"), ("2026-03-02T11:00", "Work notes"),
             ("2026-03-02T13:00", "Work notes"), ("2026-03-02T14:00", "Resolved")],
    ),
    Told(
        # The arithmetic: responded 10:00, then silent until 17:00 — 7 h owes updates at 12:00,
        # 14:00 and 16:00: 3 missed; the one owed now was due at 12:00; breached.
        "seven silent hours", "P2", "2026-03-02T09:00", [("responded", "2026-03-02T10:00")],
        "2026-03-02T17:00", "breached", "2026-03-02T12:00", 3, 7 * H,
        log=[("2026-03-02T09:00", "New"), ("2026-03-02T10:00", "Active")],
    ),
    Told(
        # Paused 10:00-13:00 (waiting for the customer), told at 11:00 in the pause (the status stays
        # Waiting) and at 13:30. Silences without the pause: 09:20-10:00 (40 min), 13:00-13:30 (30
        # min), 13:30-14:00 (30 min). Owed now: 13:30 + 2 h = 15:30.
        "told while paused", "P2", "2026-03-02T09:00",
        [("responded", "2026-03-02T09:20"), ("paused", "2026-03-02T10:00"), ("updated", "2026-03-02T11:00"),
         ("resumed", "2026-03-02T13:00"), ("updated", "2026-03-02T13:30")],
        "2026-03-02T14:00", "running", "2026-03-02T15:30", 0, 40 * M,
        log=[("2026-03-02T09:00", "New"), ("2026-03-02T09:20", "Active"), ("2026-03-02T10:00", "Waiting"),
             ("2026-03-02T11:00", "Work notes"), ("2026-03-02T13:00", "Active"), ("2026-03-02T13:30", "Work notes")],
        pauses=[("2026-03-02T10:00", "2026-03-02T13:00")],
    ),
    Told(
        # Paused from 10:00, asked at 12:00 in the pause: 40 min of silence counted (09:20-10:00), so
        # the update is owed 1 h 20 after the pause ends — with the pause up to 12:00, at 13:20.
        "in a pause", "P2", "2026-03-02T09:00", [("responded", "2026-03-02T09:20"), ("paused", "2026-03-02T10:00")],
        "2026-03-02T12:00", "paused", "2026-03-02T13:20", 0, 40 * M,
        log=[("2026-03-02T09:00", "New"), ("2026-03-02T09:20", "Active"), ("2026-03-02T10:00", "Waiting")],
        pauses=[("2026-03-02T10:00", "")],
    ),
    Told(
        # P3 on 09:00-17:00: taken up at 13:00, told 15:00 (2 h: in time), then owed at 17:00, the
        # closing time, and told at 18:00: late though no business time passed after 17:00 (1
        # missed). Resolved Tue 10:00: 1 h of silence (09:00-10:00). Longest silence 2 h.
        "late after closing", "P3", "2026-03-02T13:00",
        [("responded", "2026-03-02T13:00"), ("updated", "2026-03-02T15:00"), ("updated", "2026-03-02T18:00"),
         ("resolved", "2026-03-03T10:00")],
        "2026-03-03T12:00", "breached", None, 1, 2 * H,
        log=[("2026-03-02T13:00", "Active"), ("2026-03-02T15:00", "Work notes"), ("2026-03-02T18:00", "Work notes"),
             ("2026-03-03T10:00", "Resolved")],
    ),
    Told(
        # Reopened 11:00 after a resolution at 10:00: the clock runs again from the reopening with a
        # fresh silence; at 14:00, 3 h of it: the update due 13:00 was missed.
        "reopened", "P2", "2026-03-02T09:00",
        [("responded", "2026-03-02T09:10"), ("resolved", "2026-03-02T10:00"), ("reopened", "2026-03-02T11:00")],
        "2026-03-02T14:00", "breached", "2026-03-02T13:00", 1, 3 * H,
        log=[("2026-03-02T09:00", "New"), ("2026-03-02T09:10", "Active"), ("2026-03-02T10:00", "Resolved"),
             ("2026-03-02T11:00", "Active")],
    ),
    Told(
        # Resolved at 09:30 straight from New (the log's first move out of New is also the
        # response, R2): the clock stopped as it would start, so nothing was owed.
        "resolved at once", "P2", "2026-03-02T09:00",
        [("responded", "2026-03-02T09:30"), ("resolved", "2026-03-02T09:30")],
        "2026-03-02T12:00", "not_applicable", None, 0, dt.timedelta(0),
        log=[("2026-03-02T09:00", "New"), ("2026-03-02T09:30", "Resolved")],
    ),
    Told(
        # Nobody answered yet: the update clock waits for the response.
        "pending", "P2", "2026-03-02T09:00", [], "2026-03-02T09:10", "pending", None, 0, dt.timedelta(0),
        log=[("2026-03-02T09:00", "New")],
    ),
]  # fmt: skip
IDS = [t.name for t in TOLD]


@pytest.mark.parametrize("t", TOLD, ids=IDS)
def test_incident(t: Told) -> None:
    """`Incident.updates` gives the hand-worked state, due, updates missed and longest silence."""
    inc = Incident.from_events(UPDATES, level=t.level, reported_at=t.reported, events=t.events)
    got = inc.updates(at=t.at)
    assert got is not None
    assert (got.state, got.missed, got.longest) == (t.state, t.missed, t.longest)
    assert got.due == (None if t.due is None else wall(t.due))


@pytest.mark.parametrize("t", [t for t in TOLD if t.log], ids=lambda t: t.name)
def test_incident_from_log(t: Told) -> None:
    """The same histories read from their status logs (update rows: "Work notes", R10) agree."""
    label = t.level.removeprefix("P")
    inc = Incident.from_log(UPDATES, [(time, status, label) for time, status in t.log])
    got = inc.updates(at=t.at)
    assert got is not None
    assert (got.state, got.missed, got.longest) == (t.state, t.missed, t.longest)
    assert got.due == (None if t.due is None else wall(t.due))


class TestRecording:
    def test_each_update_is_kept_with_its_note(self) -> None:
        """Updates repeat (no "already recorded"), keep their note and count as given."""
        inc = Incident.open(UPDATES, level="P2", reported_at="2026-03-02T09:00").responded("2026-03-02T09:10")
        inc = inc.updated("2026-03-02T10:00", note="replaced the disk").updated("2026-03-02T11:00")
        assert [(e.kind, e.detail) for e in inc.events[1:]] == [
            ("updated", "replaced the disk"),
            ("updated", None),
        ]
        got = inc.updates(at="2026-03-02T11:30")
        assert got is not None
        assert (got.given, got.last) == (2, wall("2026-03-02T11:00"))

    def test_before_the_report(self) -> None:
        """An update before the fault was reported is refused as any event is."""
        inc = Incident.open(UPDATES, level="P2", reported_at="2026-03-02T09:00")
        with pytest.raises(IncidentError, match=r"updated at .*: before the fault was reported"):
            inc.updated("2026-03-02T08:00")

    def test_after_closing(self) -> None:
        """Nothing but a reopening follows a closed ticket, updates included."""
        inc = Incident.open(UPDATES, level="P2", reported_at="2026-03-02T09:00")
        inc = inc.resolved("2026-03-02T10:00").closed("2026-03-02T10:05")
        with pytest.raises(IncidentError, match=r"updated at .*: the incident was closed"):
            inc.updated("2026-03-02T11:00")

    def test_record_names_the_method(self) -> None:
        """``record("updated")`` points to `Incident.updated`."""
        inc = Incident.open(UPDATES, level="P2", reported_at="2026-03-02T09:00")
        with pytest.raises(IncidentError, match=r"kind: 'updated' has its own method .*updated\)"):
            inc.record("updated", "2026-03-02T10:00")

    def test_no_promise_no_status(self) -> None:
        """A level without an update promise answers None."""
        inc = Incident.open(RULES_CONTRACT, level="P2", reported_at="2026-03-02T09:00")
        assert inc.updated("2026-03-02T10:00").updates(at="2026-03-02T11:00") is None


class TestNextChange:
    def test_the_next_missed_update_is_a_change(self) -> None:
        """Responded 10:00, silent: the update owed at 12:00 is missed from 12:00:00.000001 (before the
        resolution's due 13:00, 4 h of 09:00-17:00); at 13:30 the next is missed at 14:00:00.000001."""
        inc = Incident.open(UPDATES, level="P2", reported_at="2026-03-02T09:00").responded("2026-03-02T10:00")
        assert inc.next_change(at="2026-03-02T11:00") == wall("2026-03-02T12:00").add(microseconds=1)
        assert inc.next_change(at="2026-03-02T13:30") == wall("2026-03-02T14:00").add(microseconds=1)

    def test_a_pause_holds_it(self) -> None:
        """Paused, the silence does not grow: the update clock changes nothing until the next event."""
        inc = (
            Incident.open(UPDATES, level="P3", reported_at="2026-03-02T09:00")
            .responded("2026-03-02T09:05")
            .resolved("2026-03-02T09:10")
            .reopened("2026-03-02T09:20")
            .paused("2026-03-02T09:30")
        )
        got = inc.updates(at="2026-03-02T12:00")
        assert got is not None
        assert got.state == "paused"
        # the resolution's due moves with the pause too: nothing changes while paused
        assert inc.next_change(at="2026-03-02T12:00") is None
