"""A ticket system's vocabulary mapped to the clocks: statuses to actions, level labels to levels.

The one place where a status log becomes incident events (`Workflow.events`),
so one ticket (`Incident.from_log`) and a whole audit log replayed as a table
cannot read a log differently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from attrs import field, frozen

from servicelevel.errors import ContractError, IncidentError, show
from servicelevel.sla._checks import read_instant
from servicelevel.sla._history import us

if TYPE_CHECKING:
    from servicelevel.sla._contract import Contract

__all__ = ["ACTIONS", "ReplayColumns", "ReplayOptions", "Workflow", "log_events", "transitions"]

Action = Literal["new", "working", "paused", "resolved", "closed"]
ACTIONS: tuple[str, ...] = ("new", "working", "paused", "resolved", "closed")
"""What entering a status means: reported and waiting; being worked on; waiting (clocks paused);
resolved; closed."""


class ReplayColumns(TypedDict):
    """The four columns `Contract.replay` must be told: the ticket, the update's time, and the
    status and level after it."""

    ticket: str
    time: str
    status: str
    level: str


class ReplayOptions(ReplayColumns, total=False):
    """The keyword arguments of `Contract.replay`, listed once: the log's column names and how to
    read it (the table layer takes the same). See `Contract.replay` for each."""

    order: str | None
    reported: str | None
    region: str | None
    at: dt.datetime | str | None
    time_format: str | None
    out_of_term: bool


def _mapping(value: Any, what: str, example: str) -> tuple[tuple[str, str], ...]:
    if isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        value = dict(value)
    if not isinstance(value, Mapping):
        raise ContractError(f"workflow.{what}: expected a table such as {example}, got {value!r}")
    for k, v in value.items():
        if not isinstance(k, str) or not k or not isinstance(v, str) or not v:
            raise ContractError(
                f"workflow.{what}: expected text to text such as {example}, got {k!r} = {v!r}"
            )
    return tuple(value.items())


def _statuses(value: Any) -> tuple[tuple[str, str], ...]:
    return _mapping(value, "statuses", "{'New': 'new', 'Active': 'working'}")


def _levels(value: Any) -> tuple[tuple[str, str], ...]:
    return _mapping(value, "levels", "{'1 - Critical': 'P1'}")


def _updates(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, tuple | list):
        value = None
    if value is None or not all(isinstance(v, str) and v for v in value):
        raise ContractError(
            "workflow.updates: expected a list of the statuses (or, with update_column, the values of "
            "that column) that mark an update to the customer, such as ['Work notes', 'Customer update']"
        )
    return tuple(dict.fromkeys(value))


def _check_column(_inst: Any, _attr: Any, value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value):
        raise ContractError(
            "workflow.updates.column: expected the name of the log's column whose values mark an "
            f"update, such as 'fieldname', got {show(value)}"
        )


def _check_unknown(_inst: Any, _attr: Any, value: Any) -> None:
    if value is not None and value not in ACTIONS:
        raise ContractError(
            f"workflow.unknown: expected one of {', '.join(ACTIONS)} (or nothing: unknown statuses are "
            f"errors), got {value!r}"
        )


@frozen(kw_only=True)
class Workflow:
    """How a ticket system's statuses and level labels map to servicelevel's events and levels.

    ``statuses``: status value -> action (`ACTIONS`); ``levels``: level value
    in the log -> the contract's level key (values not listed must be level
    keys themselves); ``unknown``: the action of a status not listed (None:
    an error naming it and the known ones); ``updates``: the rows that tell
    the customer how it goes (rule R10 of `transitions`) — statuses of their
    own, or, with ``update_column``, the values of that column of the log
    (ServiceNow's sys_audit ``fieldname``: ``work_notes``, ``comments``)
    marking rows whose status is read as any other's.

    Examples:
        >>> wf = Workflow(statuses={"New": "new", "Active": "working", "Awaiting User Info": "paused",
        ...                         "Resolved": "resolved", "Closed": "closed"},
        ...               levels={"1 - Critical": "P1"})
        >>> wf.action("Awaiting User Info"), wf.level("1 - Critical")
        ('paused', 'P1')
        >>> [(e[0], e[1]) for e in wf.events([("t0", "New", "1 - Critical"), ("t1", "Active", "1 - Critical"),
        ...     ("t2", "Awaiting User Info", "1 - Critical"), ("t3", "Resolved", "1 - Critical")])[2]]
        [('responded', 't1'), ('paused', 't2'), ('resolved', 't3')]
    """

    statuses: tuple[tuple[str, str], ...] = field(converter=_statuses)
    levels: tuple[tuple[str, str], ...] = field(default=(), converter=_levels)
    unknown: str | None = field(default=None, validator=_check_unknown)
    updates: tuple[str, ...] = field(default=(), converter=_updates)  # rows that tell the customer
    update_column: str | None = field(default=None, validator=_check_column)

    def __attrs_post_init__(self) -> None:
        if self.update_column is not None and not self.updates:
            raise ContractError(
                f"workflow.updates.values: empty; list the values of column {self.update_column!r} that "
                "mark an update to the customer, such as ['work_notes', 'comments']"
            )
        for status in () if self.update_column is not None else self.updates:
            if any(status == name for name, _ in self.statuses):
                raise ContractError(
                    f"workflow.updates: {status!r} is also a status with an action; an update row "
                    "leaves the status as it was, so list it in one of the two"
                )
        for status, action in self.statuses:
            if action not in ACTIONS:
                raise ContractError(
                    f"workflow.statuses[{status!r}]: unknown action {action!r}; "
                    f"expected one of {', '.join(ACTIONS)}"
                )

    def action(self, status: object) -> str:
        """The action of ``status`` (`IncidentError` naming the known statuses when it has none);
        ``update`` for the statuses listed in ``updates`` (where no ``update_column`` is named)."""
        if self.update_column is None and status in self.updates:
            return "update"
        for name, action in self.statuses:
            if name == status:
                return action
        if self.unknown is not None:
            return self.unknown
        known = ", ".join(repr(n) for n, _ in self.statuses)
        raise IncidentError(f"status: unknown status {status!r}; the workflow knows {known}")

    def level(self, value: object) -> object:
        """The level key of a level label (unlisted values are returned as they are, for the
        contract to check)."""
        for name, key in self.levels:
            if name == value:
                return key
        return value

    def marks(self, value: object) -> bool:
        """Whether a row whose ``update_column`` holds ``value`` tells the customer (False without
        an ``update_column``: the updates are then statuses)."""
        return self.update_column is not None and value in self.updates

    def events(
        self, rows: Iterable[tuple[Any, ...]]
    ) -> tuple[object, Any, list[tuple[str, Any, str | None]]]:
        """A ticket's status rows — ``(time, status, level)``, and the value of ``update_column``
        fourth where one is named, in the order they happened — as the level it was reported at,
        the report instant, and the events ``(kind, at, detail)`` (see `transitions` for the rules).

        Examples:
            >>> wf = Workflow(statuses={"New": "new", "Active": "working", "Resolved": "resolved"},
            ...               updates=["work_notes", "comments"], update_column="fieldname")
            >>> events = wf.events([("t0", "New", "P1", "state"), ("t1", "Active", "P1", "work_notes"),
            ...     ("t2", "Active", "P1", "comments"), ("t3", "Resolved", "P1", "comments")])[2]
            >>> events  # the note with the resolution: the clock stops then  # doctest: +NORMALIZE_WHITESPACE
            [('responded', 't1', None), ('updated', 't1', None), ('updated', 't2', None),
             ('resolved', 't3', None)]
        """
        if self.update_column is None:
            return transitions((t, self.action(status), self.level(level)) for t, status, level in rows)
        return transitions(
            (t, self.action(status), self.level(level), self.marks(value)) for t, status, level, value in rows
        )


def transitions(
    rows: Iterable[tuple[Any, ...]],
) -> tuple[object, Any, list[tuple[str, Any, str | None]]]:
    """A ticket's rows of ``(time, action, level key)``, in the order they happened, as the level it
    was reported at, the report instant and the events ``(kind, at, detail)``: the one reading of
    a status log, for one ticket and for a table alike. A fourth item, where given, says whether
    the row also tells the customer (a workflow's ``update_column``).

    The rules, numbered so that the column reading of a whole log (`servicelevel.frames`) can cite
    the one it implements:

    - R1: the first row is the report: its time the report instant, its level the level reported.
    - R2: leaving ``new`` the first time is the response; a log that begins in another status was
      taken up at its first row.
    - R3: going back to ``new`` after being taken up counts as ``working``.
    - R4: ``paused`` from working begins a pause; from a pause it is still the same pause.
    - R5: ``working`` after a pause resumes it.
    - R6: ``resolved`` resolves (ending a pause).
    - R7: ``closed`` closes, resolving first when the ticket was not resolved.
    - R8: any other status after ``resolved`` or ``closed`` reopens the ticket.
    - R9: a change of level is a reclassification; at a resolved ticket it takes effect when the
      ticket reopens; a missing level (None) changes nothing.
    - R10: an ``update`` row (the workflow's ``updates``) records ``updated``, the customer told how
      it goes, and changes neither status nor level; none is recorded while resolved or closed. A
      first row that is an update is also the report, in ``new``. A row marked by its fourth item
      is read as any other row first (R1-R9), then records ``updated`` at its time unless the
      ticket is then resolved or closed: a note written with the resolution tells of a clock that
      stops at that instant, and one written with a reopening is the new cycle's first.
    """
    it = iter(rows)
    try:
        first = next(it)
    except StopIteration:
        raise IncidentError("rows: a ticket needs at least one status row") from None
    t0, state, level = first[0], first[1], first[2]
    reported_level = level  # R1
    out: list[tuple[str, Any, str | None]] = []
    if state == "update":  # R10: the report, in new, and an update
        out.append(("updated", t0, None))
        state = "new"
    walk = _Walk(state, level, out)
    if state != "new":
        out.append(("responded", t0, None))  # R2: the log begins after the ticket was taken up
    if state == "paused":
        out.append(("paused", t0, None))
    elif state in ("resolved", "closed"):
        out.append(("resolved", t0, None))
        if state == "closed":
            out.append(("closed", t0, None))
    if len(first) > 3 and first[3] and state not in ("resolved", "closed"):
        out.append(("updated", t0, None))  # R10: a marked first row, after its status
    for row in it:
        t, action, new_level = row[0], row[1], row[2]
        if action == "update":  # R10: told the customer; nothing else changes
            if walk.state not in ("resolved", "closed"):
                out.append(("updated", t, None))
            continue
        walk.step(t, action, new_level)
        if len(row) > 3 and row[3] and walk.state not in ("resolved", "closed"):
            out.append(("updated", t, None))  # R10: a marked row, after its status
    return reported_level, t0, out


class _Walk:
    """A ticket's status, level and response as `transitions` walks its rows (R2-R9)."""

    __slots__ = ("deferred", "level", "out", "responded", "state")

    def __init__(self, state: str, level: object, out: list[tuple[str, Any, str | None]]) -> None:
        self.state, self.level, self.out = state, level, out
        self.responded = state != "new"  # R2
        self.deferred: object = None  # a level changed while resolved: applied if the ticket reopens

    def step(self, t: Any, action: str, new_level: object) -> None:
        """One row that is not an update: its events appended to ``out``."""
        out, state, level = self.out, self.state, self.level
        if action == "new" and self.responded:
            action = "working"  # R3: back to "new" after being taken up: still being worked on
        if new_level is None:
            new_level = level  # R9: a missing level changes nothing
        if state in ("resolved", "closed"):
            if action in ("resolved", "closed"):
                if action == "closed" and state == "resolved":
                    out.append(("closed", t, None))
                    self.state = "closed"
                if new_level != level:
                    self.deferred = new_level
                return
            out.append(("reopened", t, None))  # R8
            state = "working"
            if self.deferred is not None and self.deferred != level:
                out.append(("reclassified", t, str(self.deferred)))
                level = self.deferred
            self.deferred = None
        if new_level != level:
            out.append(("reclassified", t, str(new_level)))
            level = new_level
        self.level = level
        if action == state:
            self.state = state
            return  # R4: paused -> paused is still one pause
        if not self.responded:
            out.append(("responded", t, None))  # R2: the first move out of "new"
            self.responded = True
        if action == "paused":
            out.append(("paused", t, None))  # R4
        elif action == "working" and state == "paused":
            out.append(("resumed", t, None))  # R5
        elif action == "resolved":
            out.append(("resolved", t, None))  # R6
        elif action == "closed":
            out.extend((("resolved", t, None), ("closed", t, None)))  # R7
        self.state = action


def log_events(
    contract: Contract, rows: Iterable[tuple[Any, ...]], workflow: Workflow | None
) -> tuple[str, Any, list[tuple[str, Any, str | None]]]:
    """One ticket's status log read through ``workflow`` (by default the contract's): its rows
    checked, sorted by instant (ties in the given order) and turned into the level reported, the
    report instant and the events, by `transitions`. Rows carry the value of the workflow's
    ``update_column`` fourth where it names one."""
    if workflow is None:
        workflow = contract.workflow
        if workflow is None:
            raise IncidentError("workflow: the contract has no [workflow] table; pass workflow=")
    if not isinstance(workflow, Workflow):
        raise IncidentError(f"workflow: expected a Workflow, got {workflow!r}")
    read = []
    column = workflow.update_column
    shape = "(time, status, level)" if column is None else f"(time, status, level, {column})"
    for i, row in enumerate(rows):
        if not isinstance(row, tuple | list) or len(row) != (3 if column is None else 4):
            raise IncidentError(f"rows[{i}]: expected {shape}, got {row!r}")
        read.append((us(read_instant(contract, row[0], f"rows[{i}].time")), i, row))
    read.sort(key=lambda r: (r[0], r[1]))
    level, reported, events = workflow.events(r[2] for r in read)
    if not isinstance(level, str):
        raise IncidentError(f"level: expected a level such as 'P1', got {level!r}")
    return level, reported, events
