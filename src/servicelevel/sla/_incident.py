"""An incident: an event history, folded into the state of each promise at an instant.

Every method that records an event returns a new `Incident`; the old one is
unchanged, and an impossible history raises `IncidentError` naming both events
involved before anything is applied. Events may be recorded in any order: the
history is kept sorted by instant (`servicelevel.sla._history`), and the
clocks are folded from it by one rule (`servicelevel.sla._clocks`) that the
table path applies too. Questions take the instant they are asked about
(``at``): nothing reads the clock.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pendulum
from attrs import field, frozen

from servicelevel import _lazy
from servicelevel._notebook import Notebook
from servicelevel.errors import IncidentError
from servicelevel.sla._checks import (
    RawEvents,
    Trusted,
    check_event,
    check_incident,
    event_of_row,
    read_instant,
    to_events,
)
from servicelevel.sla._clocks import NEVER
from servicelevel.sla._contract import Contract
from servicelevel.sla._deadline import Deadline
from servicelevel.sla._history import LIFECYCLE, Event, Events, Fold, RawEvent, check, check_kind, us
from servicelevel.sla._levels import Instant
from servicelevel.sla._penalties import Penalty, penalties_of
from servicelevel.sla._status import Breach, Cycle, EscalationStep, MetricStatus, Reading, ThresholdReached
from servicelevel.sla._update_status import UpdateMethods
from servicelevel.sla._workflow import Workflow, log_events

if TYPE_CHECKING:
    from servicelevel._lazy import IncidentView

__all__ = ["Incident"]

_KEEP: Any = object()  # "not given" for `Incident.replaced`


@frozen(kw_only=True)
class Incident(UpdateMethods, Notebook):
    """A fault under a contract, from its report on: an event history, in any recording order.

    The constructor checks what it is given exactly as the recording methods do (it is how a
    stored incident comes back: see `from_dict` and `from_events`).

    Examples:
        >>> from servicelevel import BusinessCalendar, Contract, FaultLevel, Target
        >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        >>> c = Contract(id="demo", calendars={"support": cal}, levels=[FaultLevel(key="P2", targets={
        ...     "resolution": Target(within="4h", calendar="support")})])
        >>> inc = Incident.open(c, level="P2", reported_at="2026-03-02T09:00")
        >>> inc = inc.paused("2026-03-02T10:00", reason="waiting").resumed("2026-03-02T11:00")
        >>> inc = inc.responded("2026-03-02T09:20")   # learnt late, kept in instant order
        >>> [e.kind for e in inc.events]
        ['responded', 'paused', 'resumed']
        >>> inc.status(at="2026-03-02T12:00")["resolution"].due   # 4 h of work, plus the hour paused
        DateTime(2026, 3, 2, 14, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
    """

    contract: Contract
    level0: str = field(alias="level")  # the level at the report; `level` is the current one
    reported_at: pendulum.DateTime = field(eq=us)  # any Instant in; a DateTime once checked
    region: str | None = None
    events: Events = field(default=(), converter=to_events)  # type: ignore[assignment]  # any sequence in
    out_of_term: bool = False
    _trusted: Any = field(default=None, eq=False, repr=False, alias="_trusted")
    _fold: Fold = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        trusted = self._trusted
        object.__setattr__(self, "_trusted", None)  # `attrs.evolve` of this value checks again
        if isinstance(trusted, Trusted):
            object.__setattr__(self, "_fold", trusted.fold)
            return
        if not isinstance(self.contract, Contract):
            raise IncidentError(f"contract: expected a Contract, got {type(self.contract).__name__}")
        given = self.events.value if isinstance(self.events, RawEvents) else self.events
        reported, outside, events, fold = check_incident(
            self.contract, self.level0, self.reported_at, self.region, self.out_of_term, given
        )
        object.__setattr__(self, "reported_at", reported)
        object.__setattr__(self, "out_of_term", outside)
        object.__setattr__(self, "events", events)
        object.__setattr__(self, "_fold", fold)

    @classmethod
    def open(
        cls,
        contract: Contract,
        *,
        level: str,
        reported_at: Instant,
        region: str | None = None,
        out_of_term: bool = False,
    ) -> Incident:
        """A new incident: a fault of ``level`` reported (the customer's notice) at ``reported_at``."""
        return cls(
            contract=contract,
            level=level,
            reported_at=reported_at,  # type: ignore[arg-type]  # read in the constructor
            region=region,
            out_of_term=out_of_term,
        )

    @classmethod
    def from_events(
        cls,
        contract: Contract,
        *,
        level: str,
        reported_at: Instant,
        events: Iterable[Event | tuple[str, Instant] | tuple[str, Instant, str | None] | Mapping[str, Any]],
        region: str | None = None,
        out_of_term: bool = False,
    ) -> Incident:
        """An incident from a history held as rows — ``(kind, at)``, ``(kind, at, detail)``,
        mappings with those keys, or `Event` values — in any order, checked as recorded.

        Examples:
            >>> from servicelevel import load_contract
            >>> c = load_contract("examples/contract.toml")
            >>> inc = Incident.from_events(c, level="P1", reported_at="2026-03-02T10:00", events=[
            ...     ("resolved", "2026-03-02T15:00"), ("responded", "2026-03-02T10:20")])
            >>> inc.status(at="2026-03-02T16:00")["response"].state
            'met'
        """
        if not isinstance(events, Iterable) or isinstance(events, str | Mapping):
            raise IncidentError(
                f"events: expected a sequence of events such as [('resolved', '…')], got {events!r}"
            )
        return cls(
            contract=contract,
            level=level,
            reported_at=reported_at,  # type: ignore[arg-type]  # read in the constructor
            region=region,
            events=tuple(event_of_row(contract, r, f"events[{i}]") for i, r in enumerate(events)),
            out_of_term=out_of_term,
        )

    @classmethod
    def from_log(
        cls,
        contract: Contract,
        rows: Iterable[tuple[Instant, str, str]] | Iterable[tuple[Instant, str, str, object]],
        *,
        workflow: Workflow | None = None,
        region: str | None = None,
        reported_at: Instant | None = None,
        out_of_term: bool = False,
    ) -> Incident:
        """One ticket from its status log: rows ``(time, status, level)`` — the status and level
        after each update — in the order they happened (sorted by instant here, ties kept in the
        given order), read through ``workflow`` (by default the contract's; see `transitions`).
        Where the workflow names an ``update_column``, each row carries that column's value fourth
        (``(time, status, level, "work_notes")``), as `replay` reads it.
        ``reported_at``: the report instant where the log keeps it apart (`replay`'s ``reported``
        column), else the first row's time; ``region`` as `replay`'s region column.

        Examples:
            >>> from servicelevel import Workflow, load_contract
            >>> c = load_contract("examples/contract.toml")
            >>> wf = Workflow(
            ...     statuses={"New": "new", "Active": "working", "Awaiting User Info": "paused",
            ...               "Resolved": "resolved"},
            ...     levels={"1 - Critical": "P1", "3 - Low": "P3"})
            >>> inc = Incident.from_log(c, [("2026-03-02T10:00", "New", "3 - Low"),
            ...     ("2026-03-02T10:20", "Active", "1 - Critical"),
            ...     ("2026-03-02T11:00", "Awaiting User Info", "1 - Critical"),
            ...     ("2026-03-02T15:00", "Resolved", "1 - Critical")], workflow=wf)
            >>> [(e.kind, e.at.format("HH:mm"), e.detail)
            ...  for e in inc.events]  # doctest: +NORMALIZE_WHITESPACE
            [('reclassified', '10:20', 'P1'), ('responded', '10:20', None),
             ('paused', '11:00', ''), ('resolved', '15:00', None)]
        """
        level, first, events = log_events(contract, rows, workflow)
        at = first if reported_at is None else reported_at
        return cls.from_events(
            contract, level=level, reported_at=at, events=events, region=region, out_of_term=out_of_term
        )

    def __repr__(self) -> str:
        events = [
            (e.kind, e.at.isoformat(), e.detail) if e.detail else (e.kind, e.at.isoformat())
            for e in self.events
        ]
        region = f", region={self.region!r}" if self.region else ""
        return (
            f"Incident(contract={self.contract.id!r}, level={self.level!r}, "
            f"reported_at={self.reported_at.isoformat()!r}{region}, events={events!r})"
        )

    # ------------------------------------------------------------------ recording
    def _make(self, events: Events, fold: Fold) -> Incident:
        return Incident(
            contract=self.contract,
            level=self.level0,
            reported_at=self.reported_at,
            region=self.region,
            events=events,
            out_of_term=self.out_of_term,
            _trusted=Trusted(fold),
        )

    def _with(self, events: Sequence[Event]) -> Incident:
        """The incident with this whole history (sorted, stable), checked from the report on."""
        ordered = sorted(events, key=lambda e: us(e.at))
        fold = check(self.contract, Event("reported", self.reported_at), self.level0, ordered)
        return self._make(Events.of(ordered), fold)

    def _add(self, kind: str, t: Instant, detail: str | None = None) -> Incident:
        e = check_event(self.contract, RawEvent(kind, t, detail), kind)
        u = us(e.at)
        n = len(self.events)
        if not n or u >= self.events.stamp(n - 1):  # the common case: checked in constant time
            fold = self._fold.copy()
            fold.step(self.contract, e)
            return self._make(self.events.appended(e, u), fold)
        i = self.events.bisect(u)  # learnt late: after every event at or before it
        return self._with((*self.events[:i], e, *self.events[i:]))

    def responded(self, t: Instant) -> Incident:
        """The vendor responded (响应)."""
        return self._add("responded", t)

    def arrived(self, t: Instant) -> Incident:
        """An engineer arrived on site (到达现场)."""
        return self._add("arrived", t)

    def restored(self, t: Instant) -> Incident:
        """Service restored (恢复), e.g. by a workaround or a spare device."""
        return self._add("restored", t)

    def resolved(self, t: Instant) -> Incident:
        """The fault is resolved (排除/解决): an open pause ends, clocks still running are settled,
        escalation stops."""
        return self._add("resolved", t)

    def reported_back(self, t: Instant) -> Incident:
        """The written report after recovery was delivered to the customer (the ``reported_back``
        event, which stops the ``report`` metric)."""
        return self._add("reported_back", t)

    def reported(self, t: Instant) -> Incident:
        """Deprecated alias of `reported_back` (its name read like the fault's report)."""
        said = "use Incident.reported_back(t), the written report after recovery (the fault's is reported_at)"
        warnings.warn(f"Incident.reported(t) is deprecated: {said}", DeprecationWarning, stacklevel=2)
        return self.reported_back(t)

    def reopened(self, t: Instant) -> Incident:
        """The resolved fault is back: a new cycle; see the contract's ``reopen`` rule."""
        return self._add("reopened", t)

    def closed(self, t: Instant) -> Incident:
        """The ticket is closed: nothing may follow but a reopening, where the contract allows it."""
        return self._add("closed", t)

    def record(self, kind: str, t: Instant) -> Incident:
        """Any event a metric of the contract names, e.g. ``called_back`` for a ``callback`` metric."""
        if check_kind(kind) in LIFECYCLE:
            raise IncidentError(
                f"kind: {kind!r} has its own method (paused, resumed, reclassified, reopened, closed, "
                "updated); record() takes the events that start and stop clocks, such as 'called_back'"
            )
        return self._add(kind, t)

    def paused(self, t: Instant, *, reason: str = "") -> Incident:
        """The clocks of pausable metrics stop (e.g. waiting for the customer)."""
        return self._add("paused", t, reason)

    def resumed(self, t: Instant) -> Incident:
        """The clocks run again."""
        return self._add("resumed", t)

    def reclassified(self, t: Instant, level: str) -> Incident:
        """The fault is graded anew (severity change); see the contract's ``reclassify`` rule."""
        return self._add("reclassified", t, level)

    # ------------------------------------------------------------------ corrections
    def without(self, event: Event) -> Incident:
        """The incident as if ``event`` (one of `events`: that very event, where several are equal)
        had never been recorded."""
        i = self.events.index_of(event)
        return self._with((*self.events[:i], *self.events[i + 1 :]))

    def replaced(self, event: Event, *, at: Instant = _KEEP, detail: str | None = _KEEP) -> Incident:
        """The incident as if ``event`` had happened at ``at`` (and with ``detail``) all along.

        Examples:
            >>> from servicelevel import load_contract
            >>> c = load_contract("examples/contract.toml")
            >>> inc = Incident.open(c, level="P1", reported_at="2026-03-02T10:00")
            >>> inc = inc.responded("2026-03-02T10:45")
            >>> inc.status(at="2026-03-02T11:00")["response"].state
            'breached'
            >>> fixed = inc.replaced(inc.events[0], at="2026-03-02T10:25")   # the log had a typo
            >>> fixed.status(at="2026-03-02T11:00")["response"].state
            'met'
        """
        i = self.events.index_of(event)
        when = event.at if at is _KEEP else at
        new = check_event(
            self.contract, RawEvent(event.kind, when, event.detail if detail is _KEEP else detail), "at"
        )
        return self._with(self.events.moved(i, new))

    def to_dict(self) -> dict[str, Any]:
        """The incident as JSON types (ISO instants with offsets, contract id, level, region, events)."""
        return _lazy.incident_to_dict(self)

    @classmethod
    def from_dict(cls, contract: Contract, data: Mapping[str, Any]) -> Incident:
        """The incident ``to_dict`` gave, rebuilt under ``contract`` through the same checks."""
        return _lazy.incident_from_dict(contract, data)

    def to_json(self) -> str:
        """`to_dict` as JSON text."""
        return _lazy.incident_to_json(self)

    @classmethod
    def from_json(cls, contract: Contract, text: str | bytes) -> Incident:
        """The incident ``to_json`` gave, rebuilt under ``contract`` through the same checks."""
        return _lazy.incident_from_json(contract, text)

    @property
    def level(self) -> str:
        """The current level, after every reclassification."""
        return self.level_at(None)

    def level_at(self, at: Instant | None) -> str:
        """The level in force at ``at`` (after every reclassification, when None)."""
        return self._reading().level_at(NEVER if at is None else us(read_instant(self.contract, at, "at")))

    def when(self, kind: str, at: Instant | None = None) -> pendulum.DateTime | None:
        """When the first event ``kind`` happened (by ``at``, if given), or None."""
        return self.events.first(kind, NEVER if at is None else us(read_instant(self.contract, at, "at")))

    def _at(self, at: Instant | None) -> int:
        if at is None:
            raise IncidentError("at: give the instant to evaluate the incident at (nothing reads the clock)")
        return us(read_instant(self.contract, at, "at"))

    def _reading(self) -> Reading:
        return Reading(
            self.contract, self.level0, self.reported_at, self.region, self.out_of_term, self.events
        )

    def deadlines(self, at: Instant) -> dict[str, Deadline]:
        """The deadlines of the level in force at ``at``, with the pauses up to ``at``."""
        when = self._at(at)
        reading = self._reading()
        return reading.evaluate(reading.prefix(when), when)[1]

    def status(self, at: Instant) -> dict[str, MetricStatus]:
        """Each promise of the level in force at ``at``, in the cycle in force: due, state, time used
        and left.

        Args:
            at: The instant asked about (nothing reads the clock): an aware datetime or ISO text
                (read in the contract's home zone when it has no offset).

        Returns:
            A `MetricStatus` per metric of the level in force, by metric name; events recorded
            after ``at`` are not seen.

        Raises:
            IncidentError: ``at`` is missing.
            NaiveDatetimeError, InvalidInstantError: ``at`` is not an aware instant.

        Examples:
            >>> from servicelevel import load_contract
            >>> c = load_contract("examples/contract.toml")
            >>> inc = Incident.open(c, level="P1", reported_at="2026-03-02T10:00")
            >>> inc.responded("2026-03-02T10:20").status(at="2026-03-02T11:00")["response"].state
            'met'
        """
        when = self._at(at)
        reading = self._reading()
        return reading.evaluate(reading.prefix(when), when)[0]

    def penalties(self, at: Instant) -> list[Penalty]:
        """What each promise breached by ``at`` costs under its target's ``penalty`` (`Penalty`)."""
        return penalties_of(self._reading().contract, self.level_at(at), self.status(at))

    def cycles(self, at: Instant) -> list[Cycle]:
        """Every cycle up to ``at`` with its result: earlier ones as they stood when reopened.

        Examples:
            >>> from servicelevel import load_contract
            >>> c = load_contract("examples/contract.toml")
            >>> inc = (Incident.open(c, level="P3", reported_at="2026-03-02T10:00")
            ...        .resolved("2026-03-02T11:00").reopened("2026-03-03T09:00"))
            >>> [(cy.index, cy.status["resolution"].state) for cy in inc.cycles(at="2026-03-03T10:00")]
            [(0, 'met'), (1, 'running')]
        """
        return self._reading().cycles(self._at(at))

    def view(self, at: Instant) -> IncidentView:
        """The incident at ``at`` as a notebook view: one lane per metric, coloured and labelled by
        state, with dues, pauses, warnings and escalation steps (see `servicelevel.views`)."""
        return _lazy.incident_view(self, self._reading().dt(self._at(at)))

    def breaches(self, at: Instant) -> list[Breach]:
        """The promises broken by ``at``, in every cycle, each with the business time by which it was
        missed (frozen at the stop or cancelling event)."""
        return self._reading().breaches(self._at(at))

    def warnings(self, at: Instant) -> list[ThresholdReached]:
        """The contract's warning thresholds (e.g. half of each budget), in time order: those reached
        by ``at``, and, for clocks running at ``at``, those still ahead (``planned``)."""
        return self._reading().warnings(self._at(at))

    def escalations(self, at: Instant) -> list[EscalationStep]:
        """Who must be told when: steps due by ``at``, and the planned ones while the fault is open.

        Steps fall at ``after`` of the step's calendar from the report; a step that falls while
        the fault is resolved (before a reopening, or for good) is dropped.
        """
        return self._reading().escalations(self._at(at))

    def next_change(self, at: Instant) -> pendulum.DateTime | None:
        """The first instant after ``at`` at which, if no further event arrives, a metric's state, a
        warning or an escalation step changes (None when nothing will): one timer for an app.

        A clock due at 10:30 is breached from 10:30:00.000001 on (met means by the due instant),
        so that is its change. An event already recorded after ``at`` is a change at its instant.

        Examples:
            >>> from servicelevel import load_contract
            >>> c = load_contract("examples/contract.toml")
            >>> inc = Incident.open(c, level="P1", reported_at="2026-03-02T10:00")
            >>> inc.status(at="2026-03-02T10:10")["response"].due
            DateTime(2026, 3, 2, 10, 30, 0, tzinfo=Timezone('Asia/Shanghai'))
            >>> inc.next_change(at="2026-03-02T10:10")   # the response warning at half of 30 minutes
            DateTime(2026, 3, 2, 10, 15, 0, tzinfo=Timezone('Asia/Shanghai'))
        """
        reading = self._reading()
        u = reading.next_change(self._at(at))
        return None if u is None else reading.dt(u)
