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

from servicelevel.errors import ContractError, IncidentError
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
            "workflow.updates: expected a list of the statuses that mark an update to the customer, "
            "such as ['Work notes', 'Customer update']"
        )
    return tuple(dict.fromkeys(value))


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
    an error naming it and the known ones).

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

    def __attrs_post_init__(self) -> None:
        for status in self.updates:
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
        ``update`` for the statuses listed in ``updates``."""
        if status in self.updates:
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

    def events(
        self, rows: Iterable[tuple[Any, Any, Any]]
    ) -> tuple[object, Any, list[tuple[str, Any, str | None]]]:
        """A ticket's status rows — ``(time, status, level)`` in the order they happened — as the
        level it was reported at, the report instant, and the events ``(kind, at, detail)``
        (see `transitions` for the rules)."""
        return transitions((t, self.action(status), self.level(level)) for t, status, level in rows)


def transitions(
    rows: Iterable[tuple[Any, str, object]],
) -> tuple[object, Any, list[tuple[str, Any, str | None]]]:
    """A ticket's rows of ``(time, action, level key)``, in the order they happened, as the level it
    was reported at, the report instant and the events ``(kind, at, detail)``: the one reading of
    a status log, for one ticket and for a table alike.

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
      first row that is an update is also the report, in ``new``.
    """
    it = iter(rows)
    try:
        t0, state, level = next(it)
    except StopIteration:
        raise IncidentError("rows: a ticket needs at least one status row") from None
    reported_level = level  # R1
    out: list[tuple[str, Any, str | None]] = []
    if state == "update":  # R10: the report, in new, and an update
        out.append(("updated", t0, None))
        state = "new"
    responded = state != "new"  # R2
    if state != "new":
        out.append(("responded", t0, None))  # R2: the log begins after the ticket was taken up
    if state == "paused":
        out.append(("paused", t0, None))
    elif state in ("resolved", "closed"):
        out.append(("resolved", t0, None))
        if state == "closed":
            out.append(("closed", t0, None))
    deferred: object = None  # a level changed while resolved: applied if the ticket reopens
    for t, action, new_level in it:
        if action == "update":  # R10: told the customer; nothing else changes
            if state not in ("resolved", "closed"):
                out.append(("updated", t, None))
            continue
        if action == "new" and responded:
            action = "working"  # R3: back to "new" after being taken up: still being worked on
        if new_level is None:
            new_level = level  # R9: a missing level changes nothing
        if state in ("resolved", "closed"):
            if action in ("resolved", "closed"):
                if action == "closed" and state == "resolved":
                    out.append(("closed", t, None))
                    state = "closed"
                if new_level != level:
                    deferred = new_level
                continue
            out.append(("reopened", t, None))  # R8
            state = "working"
            if deferred is not None and deferred != level:
                out.append(("reclassified", t, str(deferred)))
                level = deferred
            deferred = None
        if new_level != level:
            out.append(("reclassified", t, str(new_level)))
            level = new_level
        if action == state:
            continue  # R4: paused -> paused is still one pause
        if not responded:
            out.append(("responded", t, None))  # R2: the first move out of "new"
            responded = True
        if action == "paused":
            out.append(("paused", t, None))  # R4
        elif action == "working" and state == "paused":
            out.append(("resumed", t, None))  # R5
        elif action == "resolved":
            out.append(("resolved", t, None))  # R6
        elif action == "closed":
            out.extend((("resolved", t, None), ("closed", t, None)))  # R7
        state = action
    return reported_level, t0, out


def log_events(
    contract: Contract, rows: Iterable[tuple[Any, str, str]], workflow: Workflow | None
) -> tuple[str, Any, list[tuple[str, Any, str | None]]]:
    """One ticket's status log read through ``workflow`` (by default the contract's): its rows
    checked, sorted by instant (ties in the given order) and turned into the level reported, the
    report instant and the events, by `transitions`."""
    if workflow is None:
        workflow = contract.workflow
        if workflow is None:
            raise IncidentError("workflow: the contract has no [workflow] table; pass workflow=")
    if not isinstance(workflow, Workflow):
        raise IncidentError(f"workflow: expected a Workflow, got {workflow!r}")
    read = []
    for i, row in enumerate(rows):
        if not isinstance(row, tuple | list) or len(row) != 3:
            raise IncidentError(f"rows[{i}]: expected (time, status, level), got {row!r}")
        read.append((us(read_instant(contract, row[0], f"rows[{i}].time")), i, row))
    read.sort(key=lambda r: (r[0], r[1]))
    level, reported, events = workflow.events(r[2] for r in read)
    if not isinstance(level, str):
        raise IncidentError(f"level: expected a level such as 'P1', got {level!r}")
    return level, reported, events
