"""Updates every N hours over tables (frames/_updates.py): the hand-worked histories of
tests/sla/test_update_status.py through `Contract.evaluate` (an ``updates=`` long table) and
`Contract.replay` (the log's "Work notes" rows), and the update tables refused."""

from __future__ import annotations

import attrs
import pandas as pd
import pytest

from servicelevel import (
    Contract,
    ContractError,
    FaultLevel,
    Incident,
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


# ServiceNow's sys_audit, flattened: a row per field changed (``fieldname``), the state column
# repeating the current state; work notes and customer-visible comments tell the customer
AUDIT = attrs.evolve(
    UPDATES,
    workflow=attrs.evolve(UPDATES.workflow, updates=["work_notes", "comments"], update_column="fieldname"),
)
AUDIT_LOG = [
    # INC1, P2 (every 2 h on the 7×24 hotline, from the response to the resolution), read at 18:00:
    # responded 09:20; told 11:00 (work notes) and 12:00 (a comment on the row that pauses it);
    # 13:00 a priority row (not listed: nothing); resumed 14:00; resolved 17:00 with a comment (the
    # clock stops then: no update). Silences 09:20-11:00 1 h 40, 11:00-12:00 1 h, 12:00-17:00 less
    # the pause 12:00-14:00 3 h: the update due 16:00 (14:00 + 2 h) missed. 1 missed, longest 3 h,
    # breached, nothing owed now (stopped).
    ("INC1", "2026-03-02T09:00", "New", "state"),
    ("INC1", "2026-03-02T09:20", "Active", "state"),
    ("INC1", "2026-03-02T11:00", "Active", "work_notes"),
    ("INC1", "2026-03-02T12:00", "Waiting", "comments"),
    ("INC1", "2026-03-02T13:00", "Waiting", "priority"),
    ("INC1", "2026-03-02T14:00", "Active", "state"),
    ("INC1", "2026-03-02T17:00", "Resolved", "comments"),
    # INC2, P2, reopened: responded with a comment 09:10, resolved 10:00, reopened with a comment
    # 11:00 (the new cycle's clock runs from the reopening, the comment its first update), silent
    # to 18:00: 7 h, updates due 13:00, 15:00 and 17:00 missed; owed now since 13:00; longest 7 h.
    ("INC2", "2026-03-02T09:00", "New", "state"),
    ("INC2", "2026-03-02T09:10", "Active", "comments"),
    ("INC2", "2026-03-02T10:00", "Resolved", "state"),
    ("INC2", "2026-03-02T11:00", "Active", "comments"),
]


def test_replay_reads_update_rows_by_a_column() -> None:
    """`replay` with ``updates = { column, values }`` reads a marked row's status, then the update;
    `Incident.from_log` reads the same rows alike (given: INC1 two, INC2's new cycle one)."""
    log = pd.DataFrame(AUDIT_LOG, columns=["number", "sys_created_on", "state", "fieldname"]).assign(
        priority="2"
    )
    out = AUDIT.replay(log, ticket="number", time="sys_created_on", status="state", level="priority",
                       at="2026-03-02T18:00")  # fmt: skip
    assert out["update_state"].tolist() == ["breached", "breached"]
    assert out["update_missed"].tolist() == [1, 3]
    assert out["update_longest"].tolist() == [pd.Timedelta(hours=3), pd.Timedelta(hours=7)]
    assert pd.isna(out.loc["INC1", "update_due"])
    assert out.loc["INC1", "update_stopped"] == pd.Timestamp("2026-03-02T17:00", tz="Asia/Shanghai")
    assert pd.isna(out.loc["INC2", "update_stopped"])  # its new cycle runs
    assert out.loc["INC2", "update_due"] == pd.Timestamp("2026-03-02T13:00", tz="Asia/Shanghai")
    assert out.loc["INC2", "reopened"] == 1
    for number, given in (("INC1", 2), ("INC2", 1)):
        rows = [(t, s, "2", f) for n, t, s, f in AUDIT_LOG if n == number]
        told = Incident.from_log(AUDIT, rows).updates(at="2026-03-02T18:00")
        assert told is not None
        assert told.given == given, number
        assert_update_row(out, number, told)


def test_replay_names_a_missing_update_column() -> None:
    """A log without the column the contract's ``updates`` reads: the column named, as the contract's."""
    log = pd.DataFrame(AUDIT_LOG, columns=["number", "sys_created_on", "state", "field"]).assign(priority="2")
    with pytest.raises(
        InvalidTableError,
        match=r"^workflow\.updates\.column: the contract's \[workflow\] updates read column 'fieldname', "
        r"which the log lacks \(did you mean 'field'\?\)",
    ):
        AUDIT.replay(log, ticket="number", time="sys_created_on", status="state", level="priority",
                     at="2026-03-02T18:00")  # fmt: skip


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
    stopped = frame.at[label, "update_stopped"]
    assert (pd.isna(stopped) and want.stopped_at is None) or stopped == pd.Timestamp(want.stopped_at), (
        label,
        stopped,
        want,
    )
