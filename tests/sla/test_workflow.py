"""A ticket system's statuses as events (sla/_workflow.py): ServiceNow's vocabulary (New, Active,
Awaiting …, Resolved, Closed; priorities "1 - Critical" … "4 - Low") read through a `Workflow`.

Expected events are written out by the rules of `Workflow.events`; the states by hand on
``examples/contract.toml`` (P1 response 30 min on 7×24, resolution 1 working day on 08:30-17:30).
"""

from __future__ import annotations

import pytest
from attrs import evolve

from servicelevel import (
    ContractError,
    Incident,
    IncidentError,
    InvalidInstantError,
    UnknownLevelError,
    Workflow,
)
from tests.conftest import CONTRACT

SNOW = Workflow(
    statuses={
        "New": "new",
        "Active": "working",
        "Awaiting User Info": "paused",
        "Awaiting Vendor": "paused",
        "Resolved": "resolved",
        "Closed": "closed",
    },
    levels={"1 - Critical": "P1", "2 - High": "P2", "3 - Moderate": "P3"},
)


def kinds(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str | None]]:
    return SNOW.events(rows)[2]


def test_the_rules() -> None:
    """A status log becomes responded, paused, resumed, resolved, reopened and closed events by the workflow's rules."""
    rows = [
        ("10:00", "New", "1 - Critical"),
        ("10:10", "Active", "1 - Critical"),  # first move out of New: responded
        ("10:30", "Awaiting User Info", "1 - Critical"),  # a pause
        ("11:00", "Awaiting Vendor", "1 - Critical"),  # paused -> paused: still one pause
        ("12:00", "Active", "1 - Critical"),  # resumed
        ("12:00", "Active", "1 - Critical"),  # nothing changed
        ("13:00", "Awaiting User Info", "1 - Critical"),
        ("14:00", "Resolved", "1 - Critical"),  # resolved while paused (the pause ends with it)
        ("15:00", "Active", "1 - Critical"),  # after resolution: reopened
        ("16:00", "Resolved", "1 - Critical"),
        ("17:00", "Closed", "1 - Critical"),
    ]
    assert SNOW.events(rows) == (
        "P1",
        "10:00",
        [
            ("responded", "10:10", None),
            ("paused", "10:30", None),
            ("resumed", "12:00", None),
            ("paused", "13:00", None),
            ("resolved", "14:00", None),
            ("reopened", "15:00", None),
            ("resolved", "16:00", None),
            ("closed", "17:00", None),
        ],
    )


def test_levels_and_closing() -> None:
    """Priority changes are reclassifications, and New straight to Closed resolves and closes at once."""
    # a priority change is a reclassification; one made while resolved counts from the reopening
    assert kinds(
        [
            ("t0", "New", "3 - Moderate"),
            ("t1", "Active", "2 - High"),
            ("t2", "Resolved", "2 - High"),
            ("t3", "Resolved", "1 - Critical"),
            ("t4", "Active", "1 - Critical"),
        ]
    ) == [
        ("reclassified", "t1", "P2"),
        ("responded", "t1", None),
        ("resolved", "t2", None),
        ("reopened", "t4", None),
        ("reclassified", "t4", "P1"),
    ]
    # New -> Closed (a duplicate, say): resolved and closed at once, the response implied
    assert kinds([("t0", "New", "2 - High"), ("t1", "Closed", "2 - High")]) == [
        ("responded", "t1", None),
        ("resolved", "t1", None),
        ("closed", "t1", None),
    ]
    # a log that begins after the ticket was taken up: answered at the first row
    assert kinds([("t0", "Awaiting Vendor", "2 - High")]) == [
        ("responded", "t0", None),
        ("paused", "t0", None),
    ]


def test_from_log_under_the_contract() -> None:
    """Incident.from_log reads a log in any row order and judges it under the contract."""
    # P1 reported Mon 2 Mar 10:00, taken up 10:20 (response met: due 10:30), waiting for the user
    # 11:00 → resolved 15:00 while waiting: resolution (1 working day → Tue 3 Mar 17:30) met
    inc = Incident.from_log(
        CONTRACT,
        [
            ("2026-03-02T15:00", "Resolved", "1 - Critical"),  # rows in any order: sorted by time
            ("2026-03-02T10:00", "New", "1 - Critical"),
            ("2026-03-02T11:00", "Awaiting User Info", "1 - Critical"),
            ("2026-03-02T10:20", "Active", "1 - Critical"),
        ],
        workflow=SNOW,
    )
    status = inc.status(at="2026-03-03T09:00")
    assert (status["response"].state, status["resolution"].state) == ("met", "met")
    assert inc.deadlines(at="2026-03-03T09:00")["resolution"].paused[0][1].format("HH:mm") == "15:00"


def test_bad_logs_are_named() -> None:
    """Unknown statuses, levels, instants and actions are refused with the field named."""
    with pytest.raises(
        IncidentError, match=r"status: unknown status 'Pending'; the workflow knows 'New', 'Active'"
    ):
        kinds([("t0", "New", "1 - Critical"), ("t1", "Pending", "1 - Critical")])
    lenient = evolve(SNOW, unknown="working")
    assert lenient.events([("t0", "New", "2 - High"), ("t1", "Pending", "2 - High")])[2] == [
        ("responded", "t1", None)
    ]
    with pytest.raises(UnknownLevelError, match="unknown level '4 - Low'"):
        Incident.from_log(CONTRACT, [("2026-03-02T10:00", "New", "4 - Low")], workflow=SNOW)
    with pytest.raises(IncidentError, match="a ticket needs at least one status row"):
        SNOW.events([])
    with pytest.raises(InvalidInstantError, match=r"rows\[0\]\.time: 'yesterday' is not an ISO 8601"):
        Incident.from_log(CONTRACT, [("yesterday", "New", "1 - Critical")], workflow=SNOW)
    with pytest.raises(IncidentError, match=r"reopen_closed = true"):  # the contract's rule applies
        Incident.from_log(
            CONTRACT,
            [("2026-03-02T10:00", "New", "1 - Critical"), ("2026-03-02T11:00", "Closed", "1 - Critical"),
             ("2026-03-02T12:00", "Active", "1 - Critical")],
            workflow=SNOW,
        )  # fmt: skip
    with pytest.raises(ContractError, match=r"workflow.statuses\['Open'\]: unknown action 'open'"):
        Workflow(statuses={"Open": "open"})
    with pytest.raises(ContractError, match=r"workflow\.unknown: expected one of new, working"):
        Workflow(statuses={"New": "new"}, unknown="sometimes")


class TestUpdateColumn:
    """Issue #29 §3: ``[workflow] updates = { column, values }``: rows marked by a column's value
    (ServiceNow's sys_audit ``fieldname``) tell the customer; their status is read as any row's."""

    FLOW = evolve(SNOW, updates=["work_notes", "comments"], update_column="fieldname")

    def test_marked_rows_are_read_then_told(self) -> None:
        """A marked row's status applies first (R1-R9), then ``updated`` unless resolved or closed."""
        rows = [
            ("t0", "New", "2 - High", "state"),
            ("t1", "Active", "2 - High", "comments"),  # responded, and told at once
            ("t2", "Active", "2 - High", "work_notes"),  # the status repeats: only told
            ("t3", "Awaiting User Info", "2 - High", "comments"),  # a pause, and told at once
            ("t4", "Awaiting User Info", "2 - High", "priority"),  # a value not listed: nothing
            ("t5", "Resolved", "2 - High", "comments"),  # resolved: the clock stops, no update
            ("t6", "Active", "2 - High", "comments"),  # reopened, then told: the new cycle's first
        ]
        assert self.FLOW.events(rows)[2] == [
            ("responded", "t1", None),
            ("updated", "t1", None),
            ("updated", "t2", None),
            ("paused", "t3", None),
            ("updated", "t3", None),
            ("resolved", "t5", None),
            ("reopened", "t6", None),
            ("updated", "t6", None),
        ]
        # a marked first row is the report, then an update (in new)
        assert self.FLOW.events([("t0", "New", "2 - High", "work_notes")])[2] == [("updated", "t0", None)]

    def test_statuses_named_like_values_are_statuses(self) -> None:
        """With a column named, the values are not statuses: a status 'comments' is unknown."""
        with pytest.raises(IncidentError, match=r"status: unknown status 'comments'"):
            self.FLOW.events([("t0", "New", "2 - High", "state"), ("t1", "comments", "2 - High", "comments")])

    def test_from_log_takes_the_column_fourth(self) -> None:
        """`Incident.from_log` rows carry the column's value fourth; three items are refused, named."""
        flow = self.FLOW
        rows = [("2026-03-02T10:00", "New", "1 - Critical", "state"),
                ("2026-03-02T10:20", "Active", "1 - Critical", "work_notes")]  # fmt: skip
        inc = Incident.from_log(CONTRACT, rows, workflow=flow)
        assert [e.kind for e in inc.events] == ["responded", "updated"]
        with pytest.raises(IncidentError, match=r"rows\[0\]: expected \(time, status, level, fieldname\)"):
            Incident.from_log(CONTRACT, [r[:3] for r in rows], workflow=flow)

    def test_refused(self) -> None:
        """An empty list of values, or a column that is no name, is a `ContractError` naming the field."""
        with pytest.raises(
            ContractError, match=r"^workflow\.updates\.values: empty; list the values of column"
        ):
            Workflow(statuses={"New": "new"}, update_column="fieldname")
        with pytest.raises(
            ContractError, match=r"^workflow\.updates\.column: expected the name of the log's"
        ):
            Workflow(statuses={"New": "new"}, updates=["comments"], update_column="")
        # a value may be spelt like a status: it is a value of the column, not a status
        assert Workflow(statuses={"Active": "working"}, updates=["Active"], update_column="f").action(
            "Active"
        ) == ("working")
