"""Updates every N hours over tables (frames/_updates.py): the hand-worked histories of
tests/sla/test_update_status.py through `Contract.evaluate` (an ``updates=`` long table) and
`Contract.replay` (the log's "Work notes" rows), and the update tables refused."""

from __future__ import annotations

import pandas as pd
import pytest

from servicelevel import (
    Contract,
    ContractError,
    FaultLevel,
    InvalidOptionError,
    InvalidRowsError,
    InvalidTableError,
    Target,
    UpdateStatus,
    UpdateTarget,
    Workflow,
)
from tests.conftest import HOTLINE, RULES_CONTRACT
from tests.sla.test_update_status import TOLD, UPDATES, Told


def _check(out: pd.DataFrame, t: Told) -> None:
    row = out.iloc[0]
    assert (row["update_state"], row["update_missed"]) == (t.state, t.missed), t.name
    assert row["update_longest"] == pd.Timedelta(t.longest), t.name
    want = pd.NaT if t.due is None else pd.Timestamp(t.due, tz="Asia/Shanghai")
    assert (pd.isna(row["update_due"]) and pd.isna(want)) or row["update_due"] == want, t.name


@pytest.mark.parametrize(
    "t", [t for t in TOLD if not any(k == "reopened" for k, _ in t.events)], ids=lambda t: t.name
)
def test_evaluate(t: Told) -> None:
    """`evaluate` with the updates as a long table (and the pauses as one) gives the same answers."""
    first = {}
    for kind, when in t.events:
        first.setdefault(kind, when)
    row = {"level": t.level, "reported_at": t.reported,
           "responded_at": first.get("responded"), "resolved_at": first.get("resolved")}  # fmt: skip
    updates = pd.DataFrame(
        [{"ticket": 0, "at": when} for kind, when in t.events if kind == "updated"], columns=["ticket", "at"]
    )
    pauses = pd.DataFrame(
        [{"ticket": 0, "start": a, "end": b or None} for a, b in t.pauses], columns=["ticket", "start", "end"]
    )
    _check(UPDATES.evaluate(pd.DataFrame([row]), at=t.at, pauses=pauses, updates=updates), t)


@pytest.mark.parametrize("t", [t for t in TOLD if t.log], ids=lambda t: t.name)
def test_replay(t: Told) -> None:
    """`replay` of the ticket's log, its "Work notes" rows read as updates (R10), agrees."""
    label = t.level.removeprefix("P")
    log = pd.DataFrame([{"id": "T1", "at": time, "status": s, "priority": label} for time, s in t.log])
    _check(UPDATES.replay(log, ticket="id", time="at", status="status", level="priority", at=t.at), t)


def test_levels_without_a_promise() -> None:
    """Where the ticket's level promises no updates the columns are empty and the state
    not_applicable; a contract without any promise gets no update columns."""
    tickets = pd.DataFrame(
        {"level": ["P2"], "reported_at": ["2026-03-02T09:00"], "resolved_at": ["2026-03-02T10:00"]}
    )
    assert not any(c.startswith("update_") for c in RULES_CONTRACT.evaluate(tickets).columns)
    only_p3 = UPDATES.evaluate(tickets.assign(level="P3"))
    assert only_p3["update_state"].iloc[0] == "not_applicable"  # resolved without a response
    mixed = pd.DataFrame({"level": ["P2", "P3"], "reported_at": ["2026-03-02T09:00"] * 2,
                          "resolved_at": ["2026-03-02T10:00"] * 2})  # fmt: skip
    plain = UPDATES.evaluate(mixed)
    assert plain["update_missed"].tolist() == [0, 0]


class TestRefused:
    def test_bad_update_rows_named_together(self) -> None:
        """An update before the report, one of no ticket, one without an instant: every row named."""
        tickets = pd.DataFrame({"level": ["P2"], "reported_at": ["2026-03-02T09:00"]})
        updates = pd.DataFrame({"ticket": [0, 7, 0], "at": ["2026-03-02T08:00", "2026-03-02T10:00", None]})
        with pytest.raises(InvalidRowsError, match=r"3 update rows are invalid") as exc:
            UPDATES.evaluate(tickets, at="2026-03-02T12:00", updates=updates)
        assert "before the ticket was reported" in exc.value.rows[0]
        assert "needs its instant" in exc.value.rows[2]

    def test_missing_column(self) -> None:
        """An update table without ``at`` names the column and what the table holds."""
        tickets = pd.DataFrame({"level": ["P2"], "reported_at": ["2026-03-02T09:00"]})
        with pytest.raises(InvalidTableError, match=r"^updates: no column 'at'"):
            UPDATES.evaluate(
                tickets, at="2026-03-02T12:00", updates=pd.DataFrame({"ticket": [0], "when": ["x"]})
            )

    def test_no_promise_to_judge(self) -> None:
        """Updates given to a contract whose levels promise none are refused, not ignored."""
        tickets = pd.DataFrame({"level": ["P2"], "reported_at": ["2026-03-02T09:00"]})
        updates = pd.DataFrame({"ticket": [0], "at": ["2026-03-02T10:00"]})
        with pytest.raises(InvalidOptionError, match=r"^updates: no level of the contract promises updates"):
            RULES_CONTRACT.evaluate(tickets, at="2026-03-02T12:00", updates=updates)

    def test_open_clock_needs_at(self) -> None:
        """An update clock still running needs ``at``, as every metric's does: here the response is
        answered (its metric stopped) but the resolution, which stops the update clock, never came."""
        answered = Contract(
            id="u", calendars={"hotline": HOTLINE},
            levels=[FaultLevel(key="P2", targets={"response": Target(within="30m", calendar="hotline")},
                               update=UpdateTarget(every="2h", calendar="hotline"))],
        )  # fmt: skip
        tickets = pd.DataFrame({"level": ["P2"], "reported_at": ["2026-03-02T09:00"],
                                "responded_at": ["2026-03-02T09:10"]})  # fmt: skip
        with pytest.raises(InvalidTableError, match=r"^at: tickets have metrics not stopped yet \(update\)"):
            answered.evaluate(tickets)

    def test_a_status_and_an_update_at_once(self) -> None:
        """A status listed both with an action and as an update is refused."""
        with pytest.raises(ContractError, match=r"^workflow\.updates: 'Active' is also a status"):
            Workflow(statuses={"New": "new", "Active": "working"}, updates=["Active"])


def assert_update_row(frame: pd.DataFrame, label: object, want: UpdateStatus | None) -> None:
    """The table's update columns in row ``label`` say what `Incident.updates` says (None: the
    level promises none)."""
    state = frame.at[label, "update_state"]
    if want is None:
        assert state == "not_applicable", label
        assert pd.isna(frame.at[label, "update_missed"]), label
        return
    assert state == want.state, (label, state, want)
    assert frame.at[label, "update_missed"] == want.missed, (label, want)
    assert frame.at[label, "update_longest"].to_pytimedelta() == want.longest, (label, want)
    due = frame.at[label, "update_due"]
    assert (pd.isna(due) and want.due is None) or due == pd.Timestamp(want.due), (label, due, want)
