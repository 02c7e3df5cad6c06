"""An incident: an immutable log of events, folded into the state of each promise at an instant.

Every method that records an event returns a new `Incident`; the old one is
unchanged, and an impossible event raises `IncidentError` before anything is
applied. Questions take the instant they are asked about (``at``): nothing
reads the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Literal

import pendulum
from attrs import evolve, frozen

from servicelevel._lazy import html_view
from servicelevel.errors import IncidentError
from servicelevel.sla._contract import Contract, Instant, _check_region
from servicelevel.sla._deadline import Deadline, Span, deadline
from servicelevel.sla._metrics import EVENTS

if TYPE_CHECKING:
    from servicelevel.views import IncidentView

__all__ = ["Breach", "EscalationStep", "Event", "Incident", "MetricStatus", "ThresholdReached"]

State = Literal["pending", "running", "paused", "met", "breached", "not_applicable"]
_ZERO = dt.timedelta(0)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_ONCE = frozenset(EVENTS) - {"reported"}  # stop events happen at most once


@frozen
class Event:
    """One thing that happened: ``kind`` at ``at`` (a pause's reason or a new level in ``detail``)."""

    kind: str
    at: pendulum.DateTime
    detail: str | None = None

    def _repr_html_(self) -> str:
        """The notebook view (see `servicelevel.views`)."""
        return html_view(self)


@frozen(kw_only=True)
class MetricStatus:
    """The state of one promise at an instant.

    ``state``: ``pending`` (its start event has not happened), ``running``,
    ``paused``, ``met`` (stopped at or before ``due``), ``breached`` (stopped
    after ``due``, or still running past it). ``elapsed`` is the business time
    counted so far (pauses excluded), ``budget`` the business time from start to
    due, ``remaining`` = budget - elapsed (negative when over), ``used`` =
    elapsed / budget (above 1 when over).
    """

    metric: str
    state: State
    start: pendulum.DateTime | None
    due: pendulum.DateTime | None
    met_at: pendulum.DateTime | None
    elapsed: dt.timedelta
    budget: dt.timedelta | None
    remaining: dt.timedelta | None
    used: float | None

    def _repr_html_(self) -> str:
        """The notebook view (see `servicelevel.views`)."""
        return html_view(self)


@frozen
class Breach:
    """A promise not kept: ``by`` is the business time by which it was (or is being) missed."""

    metric: str
    due: pendulum.DateTime
    by: dt.timedelta
    stopped_at: pendulum.DateTime | None

    def _repr_html_(self) -> str:
        """The notebook view (see `servicelevel.views`)."""
        return html_view(self)


@frozen
class ThresholdReached:
    """A metric reached ``threshold`` (0.5: half its budget) at ``at``."""

    at: pendulum.DateTime
    metric: str
    threshold: float

    def _repr_html_(self) -> str:
        """The notebook view (see `servicelevel.views`)."""
        return html_view(self)


@frozen
class EscalationStep:
    """Who must be told when: ``planned`` while the step lies after the instant asked about."""

    at: pendulum.DateTime
    role: str
    level: str
    planned: bool

    def _repr_html_(self) -> str:
        """The notebook view (see `servicelevel.views`)."""
        return html_view(self)


def _check_level(contract: Contract, key: str) -> None:
    contract.level(key)  # raises UnknownLevelError naming the known levels


@frozen(kw_only=True)
class Incident:
    """A fault under a contract, from its report on: events, pauses, reclassifications.

    Examples:
        >>> from servicelevel import BusinessCalendar, Contract, FaultLevel, Target
        >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        >>> c = Contract(id="demo", calendars={"support": cal}, levels=[FaultLevel(key="P2", targets={
        ...     "resolution": Target(within="4h", calendar="support")})])
        >>> inc = Incident.open(c, level="P2", reported_at="2026-03-02T09:00")
        >>> inc = inc.paused("2026-03-02T10:00", reason="waiting for customer").resumed("2026-03-02T11:00")
        >>> inc.status(at="2026-03-02T12:00")["resolution"].due   # 4 h of work, plus the hour paused
        DateTime(2026, 3, 2, 14, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
    """

    contract: Contract
    level0: str
    reported_at: pendulum.DateTime
    region: str | None = None
    events: tuple[Event, ...] = ()
    out_of_term: bool = False

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
        _check_level(contract, level)
        _check_region(region)
        start = contract.instant(reported_at)
        outside = contract.check_term(start, out_of_term=out_of_term)
        return cls(contract=contract, level0=level, reported_at=start, region=region, out_of_term=outside)

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
    def _happened(self, kind: str, before: pendulum.DateTime | None = None) -> Event | None:
        for e in self.events:
            if e.kind == kind and (before is None or e.at <= before):
                return e
        return None

    def when(self, kind: str, at: Instant | None = None) -> pendulum.DateTime | None:
        """When the first event ``kind`` happened (by ``at``, if given), or None."""
        e = self._happened(kind, None if at is None else self.contract.instant(at))
        return None if e is None else e.at

    def _add(self, kind: str, t: Instant, detail: str | None = None) -> Incident:
        at = self.contract.instant(t)
        last = self.events[-1].at if self.events else self.reported_at
        if at < self.reported_at:
            raise IncidentError(
                f"{kind}: {at.isoformat()} is before the fault was reported ({self.reported_at.isoformat()})"
            )
        if at < last:
            raise IncidentError(
                f"{kind}: {at.isoformat()} is before the previous event ({self.events[-1].kind} at "
                f"{last.isoformat()}); record events in the order they happened"
            )
        resolved = self._happened("resolved")
        earlier = self._happened(kind) if kind in _ONCE else None
        if earlier is not None:
            raise IncidentError(f"{kind}: already recorded at {earlier.at.isoformat()}")
        if kind == "paused":
            if self._paused_at(None):
                raise IncidentError("paused: the incident is already paused; resume it first")
            if resolved is not None:
                raise IncidentError("paused: the incident is resolved; nothing is left to pause")
        elif kind == "resumed" and not self._paused_at(None):
            raise IncidentError("resumed: the incident is not paused")
        elif kind == "reclassified":
            if not isinstance(detail, str):
                raise IncidentError(f"level: expected a level key such as 'P1', got {detail!r}")
            _check_level(self.contract, detail)
            if detail == self.level:
                raise IncidentError(f"reclassified: the incident is already of level {detail!r}")
            if resolved is not None:
                raise IncidentError("reclassified: the incident is resolved")
        elif kind == "reported_back" and self._happened("restored") is None and resolved is None:
            raise IncidentError(
                "reported: a report after recovery needs the fault restored or resolved first"
            )
        return evolve(self, events=(*self.events, Event(kind, at, detail)))

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
        """The fault is resolved (排除/解决); escalation stops."""
        return self._add("resolved", t)

    def reported(self, t: Instant) -> Incident:
        """The written report after recovery was delivered (the ``reported_back`` event)."""
        return self._add("reported_back", t)

    def record(self, kind: str, t: Instant) -> Incident:
        """Any named event, e.g. ``called_back`` for a contract's own ``callback`` metric."""
        if (
            not isinstance(kind, str)
            or not _NAME.match(kind)
            or kind in ("reported", "paused", "resumed", "reclassified")
        ):
            raise IncidentError(
                f"kind: expected an event name such as 'called_back' (pauses and reclassifications have "
                f"their own methods), got {kind!r}"
            )
        return self._add(kind, t)

    def paused(self, t: Instant, *, reason: str = "") -> Incident:
        """The clocks of pausable metrics stop (e.g. waiting for the customer)."""
        if not isinstance(reason, str):
            raise IncidentError(f"reason: expected text such as 'waiting for customer', got {reason!r}")
        return self._add("paused", t, reason)

    def resumed(self, t: Instant) -> Incident:
        """The clocks run again."""
        return self._add("resumed", t)

    def reclassified(self, t: Instant, level: str) -> Incident:
        """The fault is graded anew (severity change); see the contract's ``reclassify`` rule."""
        return self._add("reclassified", t, level)

    # ------------------------------------------------------------------ folding
    @property
    def level(self) -> str:
        """The current level, after every reclassification."""
        return self.level_at(None)

    def level_at(self, at: pendulum.DateTime | None) -> str:
        level = self.level0
        for e in self.events:
            if e.kind == "reclassified" and (at is None or e.at <= at) and e.detail is not None:
                level = e.detail
        return level

    def _pauses(self, at: pendulum.DateTime) -> tuple[Span, ...]:
        spans: list[Span] = []
        began: pendulum.DateTime | None = None
        for e in self.events:
            if e.at > at:
                break
            if e.kind == "paused":
                began = e.at
            elif e.kind == "resumed" and began is not None:
                if e.at > began:
                    spans.append((began, e.at))
                began = None
        if began is not None and at > began:
            spans.append((began, at))
        return tuple(spans)

    def _start(self, metric_starts: tuple[str, ...], at: pendulum.DateTime) -> pendulum.DateTime | None:
        for kind in metric_starts:
            if kind == "reported":
                return self.reported_at
            e = self._happened(kind, at)
            if e is not None:
                return e.at
        return None

    def _at(self, at: Instant | None) -> pendulum.DateTime:
        if at is None:
            raise IncidentError("at: give the instant to evaluate the incident at (nothing reads the clock)")
        return self.contract.instant(at)

    def deadlines(self, at: Instant) -> dict[str, Deadline]:
        """The deadlines of the level in force at ``at``, with the pauses up to ``at``."""
        when = self._at(at)
        level = self.contract.level(self.level_at(when))
        restart = None
        if self.contract.reclassify == "restart":
            for e in self.events:
                if e.kind == "reclassified" and e.at <= when:
                    restart = e.at
        out: dict[str, Deadline] = {}
        pauses = self._pauses(when)
        for name, target in level.targets:
            metric = self.contract.metric(name)
            start = self._start(metric.starts, when)
            stop = self._happened(metric.stop, when)
            if (
                start is not None
                and restart is not None
                and restart > start
                and (stop is None or stop.at > restart)
            ):
                start = restart  # counted afresh from the reclassification (contract option)
            out[name] = deadline(
                metric=metric,
                target=target,
                calendar=self.contract.calendar(target.calendar),
                start=start,
                region=self.region,
                level=level.key,
                paused=pauses if metric.pausable else (),
                out_of_term=self.out_of_term,
            )
        return out

    def view(self, at: Instant) -> IncidentView:
        """The incident at ``at`` as a notebook view: one lane per metric, coloured and labelled by
        state, with dues, pauses, warnings and escalation steps (see `servicelevel.views`)."""
        from servicelevel.views import IncidentView

        return IncidentView(self, self._at(at))

    def status(self, at: Instant) -> dict[str, MetricStatus]:
        """Each promise of the level in force at ``at``: due, state, time used and left."""
        return self._status(self._at(at))[0]

    def _status(self, when: pendulum.DateTime) -> tuple[dict[str, MetricStatus], dict[str, Deadline]]:
        """The status of each metric at ``when``, and the deadlines it was computed from."""
        out: dict[str, MetricStatus] = {}
        pauses = self._pauses(when)
        deadlines = self.deadlines(when)
        for name, d in deadlines.items():
            metric = self.contract.metric(name)
            cal = self.contract.calendar(d.calendar)
            stop = self._happened(metric.stop, when)
            if d.start is None or d.due is None or d.start > when:
                out[name] = MetricStatus(
                    metric=name, state="pending", start=d.start, due=d.due, met_at=None,
                    elapsed=_ZERO, budget=None, remaining=None, used=None,
                )  # fmt: skip
                continue
            excl = d.paused
            end = stop.at if stop is not None else when
            elapsed = cal.elapsed(d.start, end, exclude=excl) if end > d.start else _ZERO
            budget = cal.elapsed(d.start, d.due, exclude=excl)
            state: State
            if stop is not None:
                state = "met" if stop.at <= d.due else "breached"
            elif when > d.due:
                state = "breached"
            elif metric.pausable and pauses and pauses[-1][1] == when and self._paused_at(when):
                state = "paused"
            else:
                state = "running"
            out[name] = MetricStatus(
                metric=name,
                state=state,
                start=d.start,
                due=d.due,
                met_at=stop.at if stop is not None else None,
                elapsed=elapsed,
                budget=budget,
                remaining=budget - elapsed,
                used=(elapsed / budget) if budget > _ZERO else None,
            )
        return out, deadlines

    def _paused_at(self, when: pendulum.DateTime | None) -> bool:
        """Whether a pause is open at ``when`` (after every event, when None)."""
        state = False
        for e in self.events:
            if when is not None and e.at > when:
                break
            if e.kind == "paused":
                state = True
            elif e.kind == "resumed":
                state = False
        return state

    def breaches(self, at: Instant) -> list[Breach]:
        """The promises broken by ``at``, each with the business time by which it was missed."""
        when = self._at(at)
        out = []
        statuses, deadlines = self._status(when)
        for name, st in statuses.items():
            if st.state != "breached" or st.due is None:
                continue
            d = deadlines[name]
            cal = self.contract.calendar(d.calendar)
            end = st.met_at or when
            out.append(Breach(name, st.due, cal.elapsed(st.due, end, exclude=d.paused), st.met_at))
        return out

    def warnings(self, at: Instant) -> list[ThresholdReached]:
        """The contract's warning thresholds (e.g. half of each budget) reached by ``at``, in time order."""
        when = self._at(at)
        out = []
        statuses, deadlines = self._status(when)
        for name, st in statuses.items():
            if st.start is None or st.budget is None or st.budget <= _ZERO:
                continue
            d = deadlines[name]
            cal = self.contract.calendar(d.calendar)
            for threshold in self.contract.warnings:
                reached = cal.add(st.start, st.budget * threshold, exclude=d.paused)
                if reached <= when and (st.met_at is None or reached < st.met_at):
                    out.append(ThresholdReached(reached, name, threshold))
        return sorted(out, key=lambda w: (w.at, w.metric, w.threshold))

    def escalations(self, at: Instant) -> list[EscalationStep]:
        """Who must be told when: steps due by ``at``, and the planned ones while the fault is open.

        Steps fall at ``after`` of the step's calendar from the report; a step
        after the resolution is dropped.
        """
        when = self._at(at)
        level = self.level_at(when)
        resolved = self._happened("resolved", when)
        out = []
        for step in self.contract.escalation:
            if step.level != level:
                continue
            cal = self.contract.calendar(step.calendar)
            assert isinstance(step.after, dt.timedelta)
            instant = cal.add(self.reported_at, step.after)
            if resolved is not None and instant >= resolved.at:
                continue
            out.append(EscalationStep(instant, step.to, level, planned=instant > when))
        return sorted(out, key=lambda s: s.at)

    def _repr_html_(self) -> str:
        """The notebook view (see `servicelevel.views`)."""
        return html_view(self)
