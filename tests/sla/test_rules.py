"""One table of hand-worked histories, run through `Incident` and through the tables (issue #26).

Each history is a ticket's events; its expected dues and states are worked by hand below, on
``RULES_CONTRACT`` (tests/conftest.py): P2 = response within 30 minutes on a 7×24 hotline,
resolution within 4 hours on the CN 5×8 support calendar (09:00–17:00 on China's working days,
Asia/Shanghai), reopenings resume the clock. The same answers must come from `Incident.status`,
from `Contract.evaluate` (event columns plus a pauses table) and from `Contract.replay` (a status
log) — one rule, every path (the rule itself: test_clocks.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import pendulum
import pytest

from servicelevel import Incident
from tests.conftest import RULES_CONTRACT
from tests.conftest import at as wall


@dataclass
class History:
    """A ticket's history and what a person worked out for it at ``at``."""

    name: str
    reported: str
    events: list[tuple[str, str]]
    at: str
    want: dict[str, tuple[str, str]]  # metric -> (due, state)
    log: list[tuple[str, str]] = field(default_factory=list)  # (time, status) for replay; [] = none
    # metric -> wall-clock minutes from the due to the stop (or `at`), 0 when met (issue #27)
    overdue: dict[str, int] = field(default_factory=lambda: {"response": 0, "resolution": 0})


HISTORIES = [
    History(
        # 09:00 + 30 min = 09:30, responded 09:20: met. 09:00 + 4 h of 09–17 = 13:00, resolved 12:00: met.
        "kept", "2026-03-02T09:00", [("responded", "2026-03-02T09:20"), ("resolved", "2026-03-02T12:00")],
        "2026-03-02T18:00", {"response": ("2026-03-02T09:30", "met"), "resolution": ("2026-03-02T13:00", "met")},
        log=[("2026-03-02T09:00", "New"), ("2026-03-02T09:20", "Active"), ("2026-03-02T12:00", "Resolved")],
    ),
    History(
        # Paused 10:00–11:00: 1 h before, 3 h after → 14:00; resolved 14:30: breached, 30 min overdue.
        "paused an hour", "2026-03-02T09:00",
        [("responded", "2026-03-02T09:20"), ("paused", "2026-03-02T10:00"), ("resumed", "2026-03-02T11:00"),
         ("resolved", "2026-03-02T14:30")],
        "2026-03-02T18:00", {"response": ("2026-03-02T09:30", "met"), "resolution": ("2026-03-02T14:00", "breached")},
        log=[("2026-03-02T09:00", "New"), ("2026-03-02T09:20", "Active"), ("2026-03-02T10:00", "Waiting"),
             ("2026-03-02T11:00", "Active"), ("2026-03-02T14:30", "Resolved")],
        overdue={"response": 0, "resolution": 30},
    ),
    History(
        # Nobody answered: at 10:00 the response (due 09:30) is breached, 30 min overdue by then; the
        # resolution (13:00) runs, not overdue.
        "not answered", "2026-03-02T09:00", [], "2026-03-02T10:00",
        {"response": ("2026-03-02T09:30", "breached"), "resolution": ("2026-03-02T13:00", "running")},
        log=[("2026-03-02T09:00", "New")], overdue={"response": 30, "resolution": 0},
    ),
    History(
        # Fri 6 Mar 15:00: 2 h to 17:00, then Mon 9 Mar 09:00–11:00 → due Mon 11:00; at Mon 10:00 running.
        "over a weekend", "2026-03-06T15:00", [("responded", "2026-03-06T15:10")], "2026-03-09T10:00",
        {"response": ("2026-03-06T15:30", "met"), "resolution": ("2026-03-09T11:00", "running")},
        log=[("2026-03-06T15:00", "New"), ("2026-03-06T15:10", "Active")],
    ),
    History(
        # Fri 13 Feb 15:00: 2 h to 17:00; Sat 14 Feb is a make-up working day → 09:00–11:00 → Sat 11:00.
        "make-up Saturday", "2026-02-13T15:00", [("responded", "2026-02-13T15:05"), ("resolved", "2026-02-14T10:00")],
        "2026-02-14T12:00", {"response": ("2026-02-13T15:30", "met"), "resolution": ("2026-02-14T11:00", "met")},
        log=[("2026-02-13T15:00", "New"), ("2026-02-13T15:05", "Active"), ("2026-02-14T10:00", "Resolved")],
    ),
    History(
        # Resolved 10:00, reopened 11:00 (resume: the hour between does not count) → 09:00 + 4 h + 1 h
        # = 14:00; at 12:00 the reopened clock runs. The response was met in the first cycle.
        "reopened", "2026-03-02T09:00",
        [("responded", "2026-03-02T09:10"), ("resolved", "2026-03-02T10:00"), ("reopened", "2026-03-02T11:00")],
        "2026-03-02T12:00", {"response": ("2026-03-02T09:30", "met"), "resolution": ("2026-03-02T14:00", "running")},
        log=[("2026-03-02T09:00", "New"), ("2026-03-02T09:10", "Active"), ("2026-03-02T10:00", "Resolved"),
             ("2026-03-02T11:00", "Active")],
    ),
    History(
        # Issue #27: a log whose first row is already resolved was taken up at that row (R2): the
        # response is met at 09:00 with nothing elapsed, in the first cycle. Resolution: 0 h used by
        # 09:00, the reopening gap 09:00–10:00 does not count (resume), so the 4 h run 10:00–14:00
        # → due 14:00, resolved again 11:00: met.
        "first row resolved, then reopened", "2026-03-02T09:00",
        [("responded", "2026-03-02T09:00"), ("resolved", "2026-03-02T09:00"), ("reopened", "2026-03-02T10:00"),
         ("resolved", "2026-03-02T11:00")],
        "2026-03-02T12:00", {"response": ("2026-03-02T09:30", "met"), "resolution": ("2026-03-02T14:00", "met")},
        log=[("2026-03-02T09:00", "Resolved"), ("2026-03-02T10:00", "Active"), ("2026-03-02T11:00", "Resolved")],
    ),
    History(
        # Issue #27, a breach by zero business time: reported Mon 13:00, 4 h of 09–17 → due 17:00, the
        # closing time; resolved 17:45, after closing on its due day. No business time passed after
        # 17:00, so the margin is 0, yet the ticket is breached and 45 min overdue by the wall clock.
        "resolved after closing on its due day", "2026-03-02T13:00",
        [("responded", "2026-03-02T13:10"), ("resolved", "2026-03-02T17:45")],
        "2026-03-02T18:00", {"response": ("2026-03-02T13:30", "met"), "resolution": ("2026-03-02T17:00", "breached")},
        log=[("2026-03-02T13:00", "New"), ("2026-03-02T13:10", "Active"), ("2026-03-02T17:45", "Resolved")],
        overdue={"response": 0, "resolution": 45},
    ),
]  # fmt: skip
IDS = [h.name for h in HISTORIES]


def _check(got: dict[str, tuple[pendulum.DateTime, str]], want: dict[str, tuple[str, str]]) -> None:
    for metric, (due, state) in want.items():
        assert got[metric][1] == state, (metric, got[metric])
        assert got[metric][0] == wall(due), (metric, got[metric])


def _check_overdue(got: dict[str, dt.timedelta], h: History) -> None:
    assert got == {m: dt.timedelta(minutes=v) for m, v in h.overdue.items()}


def _frame_overdue(out: pd.DataFrame, h: History) -> dict[str, dt.timedelta]:
    """The ``*_overdue`` column of the table's one row, per metric, as timedeltas."""
    return {m: pd.Timedelta(out[f"{m}_overdue"].iloc[0]).to_pytimedelta() for m in h.overdue}


@pytest.mark.parametrize("h", HISTORIES, ids=IDS)
def test_incident(h: History) -> None:
    """`Incident.status` gives the hand-worked dues and states."""
    inc = Incident.from_events(RULES_CONTRACT, level="P2", reported_at=h.reported, events=h.events)
    status = inc.status(at=h.at)
    _check({m: (s.due, s.state) for m, s in status.items() if s.due is not None}, h.want)
    _check_overdue({m: status[m].overdue for m in h.overdue}, h)


@pytest.mark.parametrize(
    "h", [h for h in HISTORIES if not any(k == "reopened" for k, _ in h.events)], ids=lambda h: h.name
)
def test_evaluate(h: History) -> None:
    """`Contract.evaluate` (event columns, pauses as a long table) gives the same answers."""
    events = dict(h.events)
    row = {"level": "P2", "reported_at": h.reported,
           "responded_at": events.get("responded"), "resolved_at": events.get("resolved")}  # fmt: skip
    pauses = pd.DataFrame(
        [{"ticket": 0, "start": events["paused"], "end": events["resumed"]}] if "paused" in events else [],
        columns=["ticket", "start", "end"],
    )
    out = RULES_CONTRACT.evaluate(pd.DataFrame([row]), at=h.at, pauses=pauses)
    got = {
        m: (pendulum.instance(out[f"{m}_due"].iloc[0].to_pydatetime()), out[f"{m}_state"].iloc[0])
        for m in h.want
    }
    _check(got, h.want)
    _check_overdue(_frame_overdue(out, h), h)


@pytest.mark.parametrize("h", [h for h in HISTORIES if h.log], ids=lambda h: h.name)
def test_replay(h: History) -> None:
    """`Contract.replay` of the ticket's status log gives the same answers."""
    log = pd.DataFrame([{"id": "T1", "at": t, "status": s, "priority": "2"} for t, s in h.log])
    out = RULES_CONTRACT.replay(log, ticket="id", time="at", status="status", level="priority", at=h.at)
    got = {
        m: (pendulum.instance(out[f"{m}_due"].iloc[0].to_pydatetime()), out[f"{m}_state"].iloc[0])
        for m in h.want
    }
    _check(got, h.want)
    _check_overdue(_frame_overdue(out, h), h)


@pytest.mark.parametrize("h", [h for h in HISTORIES if h.log], ids=lambda h: h.name)
def test_incident_from_log(h: History) -> None:
    """`Incident.from_log` of the same status log (read by `transitions`) gives the same answers."""
    inc = Incident.from_log(RULES_CONTRACT, [(t, s, "2") for t, s in h.log])
    status = inc.status(at=h.at)
    _check({m: (s.due, s.state) for m, s in status.items() if s.due is not None}, h.want)
    _check_overdue({m: status[m].overdue for m in h.overdue}, h)


def test_a_report_column_reads_alike_in_replay_and_from_log() -> None:
    """Issue #27: a ticket opened before its first log row. Reported 08:30 (the report column),
    first row 09:00 already Active (taken up there, R2), resolved 11:00. Response: due 08:30 + 30 min
    = 09:00 on the 7×24 hotline, taken up at 09:00: met. Resolution: 4 h of 09:00–17:00 from 08:30
    (closed until 09:00) → due 13:00, resolved 11:00: met. replay(reported=…) and
    Incident.from_log(reported_at=…) agree."""
    rows = [("2026-03-02T09:00", "Active", "2"), ("2026-03-02T11:00", "Resolved", "2")]
    inc = Incident.from_log(RULES_CONTRACT, rows, reported_at="2026-03-02T08:30")
    status = inc.status(at="2026-03-02T12:00")
    assert (status["response"].due, status["response"].state) == (wall("2026-03-02T09:00"), "met")
    assert (status["resolution"].due, status["resolution"].state) == (wall("2026-03-02T13:00"), "met")
    log = pd.DataFrame(
        [{"id": "T1", "at": t, "st": s, "p": p, "rep": "2026-03-02T08:30"} for t, s, p in rows]
    )
    out = RULES_CONTRACT.replay(
        log, ticket="id", time="at", status="st", level="p", reported="rep", at="2026-03-02T12:00"
    )
    for metric in ("response", "resolution"):
        assert out.loc["T1", f"{metric}_due"] == status[metric].due
        assert out.loc["T1", f"{metric}_state"] == status[metric].state


def test_a_breach_by_zero_business_time_has_zero_margin() -> None:
    """Issue #27: resolved 17:45 after a 17:00 due at closing time: breached with a zero margin (no
    business time after 17:00 on 09:00-17:00), 45 min overdue — in `Incident` and in `evaluate`."""
    events = [("responded", "2026-03-02T13:10"), ("resolved", "2026-03-02T17:45")]
    status = Incident.from_events(RULES_CONTRACT, level="P2", reported_at="2026-03-02T13:00", events=events)
    resolution = status.status(at="2026-03-02T18:00")["resolution"]
    assert (resolution.state, resolution.remaining, resolution.overdue) == (
        "breached",
        dt.timedelta(0),
        dt.timedelta(minutes=45),
    )
    row = {"level": "P2", "reported_at": "2026-03-02T13:00", "responded_at": "2026-03-02T13:10",
           "resolved_at": "2026-03-02T17:45"}  # fmt: skip
    out = RULES_CONTRACT.evaluate(pd.DataFrame([row]), at="2026-03-02T18:00")
    assert out["resolution_state"].iloc[0] == "breached"
    assert out["resolution_margin"].iloc[0] == pd.Timedelta(0)
    assert out["resolution_overdue"].iloc[0] == pd.Timedelta(minutes=45)
