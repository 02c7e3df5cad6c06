"""What an incident says at an instant: each promise's state, breaches, warnings, escalation steps,
cycles; and `judge`, which turns a clock's run and deadline into a `MetricStatus` by `verdict`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

import pendulum
from attrs import frozen

from servicelevel._notebook import Notebook
from servicelevel.sla._clocks import (
    NEVER,
    SCALAR,
    ClockRun,
    CycleEvents,
    CycleFold,
    RunFold,
    clock_end,
    cycles_of,
    level_in_force,
    overdue,
    run_of,
    verdict,
)
from servicelevel.sla._deadline import Deadline, Span, deadline, time_spent
from servicelevel.sla._history import Events, from_us, us
from servicelevel.sla._warnings import WarningPoint, warning_at, warnings_of

if TYPE_CHECKING:
    from servicelevel.sla._contract import Contract

__all__ = [
    "Breach",
    "Cycle",
    "EscalationStep",
    "MetricStatus",
    "Reading",
    "State",
    "ThresholdReached",
    "judge",
]

State = Literal["pending", "running", "paused", "met", "breached", "not_applicable"]
Excluded = dict[str, tuple[str, Any]]  # metric -> (its calendar's name, the spans it excludes)
_ZERO = dt.timedelta(0)


@frozen(kw_only=True)
class MetricStatus(Notebook):
    """The state of one promise at an instant.

    ``state``: ``pending`` (its start event has not happened), ``running``,
    ``paused``, ``met`` (stopped at or before ``due``), ``breached`` (stopped
    after ``due``, still running past it, or settled after it),
    ``not_applicable`` (settled before ``due`` by a cancelling event: an
    on-site visit no longer needed after a remote fix). ``met_at`` is the stop
    event's instant, ``settled_at`` the cancelling event's. ``elapsed`` is the
    business time counted so far (pauses excluded), ``budget`` the business
    time from start to due, ``remaining`` = budget - elapsed (negative when
    over), ``used`` = elapsed / budget (above 1 when over). ``paused`` is the
    business time the clock stood still so far (pauses, and the time from a
    resolution to a reopening under ``reopen = "resume"``). ``overdue`` is the
    wall-clock time from ``due`` to the stop (or to the instant asked about
    while the clock runs), zero when met or not yet due: a ticket resolved at
    18:00 whose due was 17:00, the closing time, is breached by no business
    time (``remaining`` is zero) but an hour overdue. ``cycle`` is the cycle
    (0, then one per reopening) whose events decided this state.
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
    settled_at: pendulum.DateTime | None = None
    cycle: int = 0
    paused: dt.timedelta = _ZERO
    overdue: dt.timedelta = _ZERO


@frozen
class Breach(Notebook):
    """A promise not kept: ``by`` is the business time by which it was (or is being) missed.

    ``stopped_at``: the stop or cancelling event that froze ``by``, or None
    while the clock runs on; ``cycle``: the cycle it was broken in. A clock
    resumed by a reopening after its due counts, in the new cycle, only the
    time from the reopening, so the ``by`` of a list of breaches add up.
    """

    metric: str
    due: pendulum.DateTime
    by: dt.timedelta
    stopped_at: pendulum.DateTime | None
    cycle: int = 0


@frozen
class ThresholdReached(Notebook):
    """A metric reaches a warning point at ``at``; ``planned`` while still ahead. ``warning`` is the
    point (a share of the budget, or business time before the due), ``threshold`` the share of the
    budget used there (0.5: half of it; a share point's own share), ``label`` how it is named."""

    at: pendulum.DateTime
    metric: str
    threshold: float
    planned: bool = False
    warning: WarningPoint | None = None

    @property
    def label(self) -> str:
        """``"75%"`` or ``"1h before"``."""
        return (self.warning or WarningPoint(self.threshold)).label


@frozen
class EscalationStep(Notebook):
    """Who must be told when: ``planned`` while the step lies after the instant asked about."""

    at: pendulum.DateTime
    role: str
    level: str
    planned: bool


@frozen(kw_only=True)
class Cycle:
    """One cycle of an incident: from the report (or a reopening) to the next reopening.

    ``status`` is each promise's state at the cycle's end (the reopening), or
    at the instant asked about for the cycle in force; a breach in an earlier
    cycle stays in its cycle.
    """

    index: int
    opened_at: pendulum.DateTime
    resolved_at: pendulum.DateTime | None
    reopened_at: pendulum.DateTime | None
    status: dict[str, MetricStatus]


def judge(cal: Any, d: Deadline, run: ClockRun, when: int, to_dt: Any, paused: Any = None) -> MetricStatus:
    """A metric's status from its run and deadline at ``when``, by the one rule (`verdict`); ``to_dt``
    turns epoch µs back into the contract's datetimes; ``paused``: the spans excluded, when not
    ``d.paused`` (a `PausesSince`, as `Reading.cycle_evaluations` passes)."""
    name = d.metric
    if d.start is None or d.due is None:
        return MetricStatus(
            metric=name, state="pending", start=d.start, due=d.due, met_at=None,
            elapsed=_ZERO, budget=None, remaining=None, used=None, cycle=run.cycle,
        )  # fmt: skip
    due = us(d.due)
    state: State = verdict(
        SCALAR, start=run.start, due=due, stop=run.stop, cancel=run.cancel, at=when, paused=run.paused_now
    )
    if state == "pending":
        return MetricStatus(
            metric=name, state="pending", start=d.start, due=d.due, met_at=None,
            elapsed=_ZERO, budget=None, remaining=None, used=None, cycle=run.cycle,
        )  # fmt: skip
    stopped = run.stop <= when and run.stop <= run.cancel
    settled = not stopped and run.cancel <= when
    end = clock_end(SCALAR, stop=run.stop, cancel=run.cancel, at=when)
    excluded = d.paused if paused is None else paused
    elapsed, held, budget = time_spent(cal, d.start, to_dt(max(end, run.start)), d.due, excluded)
    return MetricStatus(
        metric=name,
        state=state,
        start=d.start,
        due=d.due,
        met_at=to_dt(run.stop) if stopped else None,
        elapsed=elapsed,
        budget=budget,
        remaining=budget - elapsed,
        used=(elapsed / budget) if budget > _ZERO else None,
        settled_at=to_dt(run.cancel) if settled else None,
        cycle=run.cycle,
        paused=held,
        overdue=dt.timedelta(microseconds=overdue(SCALAR, due=due, end=end)),
    )


class Reading:
    """An incident's history read at instants: the statuses, cycles, breaches, warnings, escalation
    steps and next change that `Incident` reports, computed on epoch µs (``when``).

    `Incident` holds and checks the history; this reads it. Built per question, from values only.
    """

    __slots__ = ("contract", "events", "level0", "out_of_term", "region", "reported_at")

    def __init__(
        self,
        contract: Contract,
        level0: str,
        reported_at: pendulum.DateTime,
        region: str | None,
        out_of_term: bool,
        events: Events,
    ) -> None:
        # read under the terms in force at the report (`Contract.amendments`; the contract without)
        self.contract, self.level0, self.reported_at = contract.at(reported_at), level0, reported_at
        self.region, self.out_of_term, self.events = region, out_of_term, events

    def level_at(self, when: int) -> str:
        """The level in force at ``when`` (after every reclassification by then)."""
        level = self.level0
        for e, u in self.events.pairs():
            if u > when:
                break
            if e.kind == "reclassified" and e.detail is not None:
                level = e.detail
        return level

    def dt(self, u: int) -> pendulum.DateTime:
        """Epoch µs as an instant in the contract's home zone."""
        return self.contract.instant(from_us(u))

    def cycle_events(self, n: int, when: int) -> list[CycleEvents]:
        """The cycles of the first ``n`` events, as of ``when``."""
        return cycles_of(
            [e.kind for e, _ in self.events.pairs(n)], self.events.stamps(n), us(self.reported_at), when
        )

    def prefix(self, when: int) -> int:
        """How many events happened by ``when``."""
        return self.events.bisect(when)

    def evaluate(self, n: int, when: int) -> tuple[dict[str, MetricStatus], dict[str, Deadline]]:
        """Each metric of the level in force, from the first ``n`` events, judged at ``when``."""
        contract = self.contract
        cycles = self.cycle_events(n, when)
        level_key, restart_at = level_in_force(contract, self.level0, self.events[:n], self.events.stamps(n))
        level = contract.level(level_key)
        statuses: dict[str, MetricStatus] = {}
        deadlines: dict[str, Deadline] = {}
        for name, target in level.targets.items():
            metric = contract.metric(name)
            run = run_of(contract, metric, cycles, when, restart_at)
            target = target.for_region(self.region)  # its own term, calendar and rule
            cal = contract.calendar(target.calendar)
            start = None if run.start >= NEVER else self.dt(run.start)
            spans: tuple[Span, ...] = tuple((self.dt(a), self.dt(b)) for a, b in run.excluded)
            d = deadline(
                metric=metric,
                target=target,
                calendar=cal,
                start=start,
                region=self.region,
                level=level.key,
                paused=spans,
                out_of_term=self.out_of_term,
                terms=contract.in_force,
            )
            deadlines[name] = d
            statuses[name] = judge(cal, d, run, when, self.dt)
        return statuses, deadlines

    def at_reopening(
        self, cycles: list[CycleEvents], folds: dict[str, RunFold], level: tuple[str, int | None], u: int
    ) -> tuple[dict[str, MetricStatus], Excluded]:
        """`evaluate` of the cycle a reopening at ``u`` ends, from ``folds`` (each metric's clock
        folded so far, stepped here through the cycles before it): the spans each clock excludes
        stay epoch µs in a growing line, so the k-th cycle costs log k, not k."""
        contract = self.contract
        last = len(cycles) - 1
        statuses: dict[str, MetricStatus] = {}
        excluded: Excluded = {}
        level_key, restart_at = level
        for name, target in contract.level(level_key).targets.items():
            fold = folds.get(name)
            if fold is None:
                fold = folds[name] = RunFold(contract, contract.metric(name))
            while fold.steps <= last:
                fold.step(cycles, False)
            run = fold.run_at(last, False, restart_at, listed=False)
            target = target.for_region(self.region)  # its own term, calendar and rule
            cal = contract.calendar(target.calendar)
            spans = fold.since(run.start)
            d = deadline(
                metric=fold.metric,
                target=target,
                calendar=cal,
                start=None if run.start >= NEVER else self.dt(run.start),
                region=self.region,
                level=level_key,
                paused=spans,
                out_of_term=self.out_of_term,
                terms=contract.in_force,
            )
            statuses[name] = judge(cal, d, run, u, self.dt, spans)
            excluded[name] = (target.calendar, spans)
        return statuses, excluded

    def cycle_evaluations(self, when: int) -> list[tuple[dict[str, MetricStatus], Excluded, int, int, Any]]:
        """Each cycle up to ``when``: its statuses, the spans each clock excludes, its index, the
        instant it ended (or ``when``) and ``(opened_at, resolved_at, reopened_at)``; one pass over
        the history, the clocks folded as it goes (`at_reopening`)."""
        out: list[tuple[dict[str, MetricStatus], Excluded, int, int, Any]] = []
        split = CycleFold(us(self.reported_at))
        folds: dict[str, RunFold] = {}
        level_key, changed = self.level0, None
        restart = self.contract.reclassify == "restart"
        opened, resolved = self.reported_at, None
        for i, (e, u) in enumerate(self.events.pairs()):
            if u > when:
                break
            if e.kind == "reopened":
                if split.began is None:
                    level = (level_key, changed if restart else None)
                    statuses, excluded = self.at_reopening(split.cycles, folds, level, u)
                else:  # a pause open at a reopening (a history no check lets through): the long way
                    statuses, deadlines = self.evaluate(i, u)
                    excluded = {name: (d.calendar, d.paused) for name, d in deadlines.items()}
                out.append((statuses, excluded, len(out), u, (opened, resolved, e.at)))
                opened, resolved = e.at, None
            elif e.kind == "resolved":
                resolved = e.at
            elif e.kind == "reclassified" and e.detail is not None:
                level_key, changed = e.detail, u
            split.step(e.kind, u)
        statuses, deadlines = self.evaluate(self.prefix(when), when)
        excluded = {name: (d.calendar, d.paused) for name, d in deadlines.items()}
        out.append((statuses, excluded, len(out), when, (opened, resolved, None)))
        return out

    def cycles(self, when: int) -> list[Cycle]:
        """Every cycle up to ``when`` with its result (see `Incident.cycles`)."""
        return [
            Cycle(index=index, opened_at=opened, resolved_at=resolved, reopened_at=reopened, status=statuses)
            for statuses, _, index, _, (opened, resolved, reopened) in self.cycle_evaluations(when)
        ]

    def breaches(self, when: int) -> list[Breach]:
        """The promises broken by ``when``, in every cycle (see `Incident.breaches`)."""
        out: list[Breach] = []
        begin = us(self.reported_at)
        for statuses, excluded, index, end, _ in self.cycle_evaluations(when):
            for name, st in statuses.items():
                if st.state != "breached" or st.due is None or st.cycle != index:
                    continue
                calendar, paused = excluded[name]
                cal = self.contract.calendar(calendar)
                stopped = st.met_at or st.settled_at
                last = stopped if stopped is not None else self.dt(end)
                # a clock resumed past its due: this cycle's breach counts this cycle's time only
                since = st.due if us(st.due) >= begin else self.dt(begin)
                out.append(Breach(name, st.due, cal.elapsed(since, last, exclude=paused), stopped, index))
            begin = end
        return out

    def points(
        self, st: MetricStatus, d: Deadline, points: tuple[WarningPoint, ...], when: int
    ) -> list[tuple[pendulum.DateTime, int, WarningPoint, float, bool]]:
        """Where each point falls on a clock (`warning_at`), with its index, the share of the budget
        used there and whether it is planned: a point counts once reached before the clock stopped,
        and is planned while ahead of a running clock; others are left out."""
        if st.start is None or st.budget is None or st.budget <= _ZERO or st.state == "pending":
            return []
        cal = self.contract.calendar(d.calendar)
        ended = st.met_at or st.settled_at
        out = []
        for k, point in enumerate(points):
            spent = point.spent(st.budget)
            reached = warning_at(cal, st.start, spent, d.paused)
            r = us(reached)
            share = spent / st.budget if point.share is None else point.share
            if r <= when and (ended is None or r < us(ended)):
                out.append((reached, k, point, share, False))
            elif r > when and st.state == "running":
                out.append((reached, k, point, share, True))
        return out

    def warnings(self, when: int) -> list[ThresholdReached]:
        """Warning points reached by ``when``, and those ahead (see `Incident.warnings`)."""
        found = []
        statuses, deadlines = self.evaluate(self.prefix(when), when)
        for name, st in statuses.items():
            d = deadlines[name]
            target = self.contract.level(d.level).targets[name]
            points = warnings_of(self.contract, target)
            for reached, k, point, share, planned in self.points(st, d, points, when):
                found.append(((us(reached), name, k), ThresholdReached(reached, name, share, planned, point)))
        return [w for _, w in sorted(found, key=lambda p: p[0])]

    def escalations(self, when: int) -> list[EscalationStep]:
        """Escalation steps due by ``when``, and those planned (see `Incident.escalations`)."""
        level = self.level_at(when)
        resolved_spans = [
            (c.resolved, c.reopened if c.reopened is not None else NEVER)
            for c in self.cycle_events(self.prefix(when), when)
            if c.resolved is not None
        ]
        out = []
        clocks = None
        for step in self.contract.escalation:
            if step.level != level:
                continue
            if step.before is not None:  # counted back from a metric's due, as a warning is
                assert isinstance(step.before, dt.timedelta)
                clocks = clocks or self.evaluate(self.prefix(when), when)
                name = step.counts_from
                if name in clocks[0]:
                    for at, _, _, _, planned in self.points(
                        clocks[0][name], clocks[1][name], (WarningPoint(before=step.before),), when
                    ):
                        out.append(EscalationStep(at, step.to, level, planned=planned))
                continue
            cal = self.contract.calendar(step.calendar)
            assert isinstance(step.after, dt.timedelta)
            instant = cal.add(self.reported_at, step.after)
            u = us(instant)
            if any(a <= u < b for a, b in resolved_spans):
                continue
            out.append(EscalationStep(instant, step.to, level, planned=u > when))
        return sorted(out, key=lambda s: us(s.at))

    def next_change(self, when: int) -> int | None:
        """Epoch µs of the first change after ``when`` (see `Incident.next_change`), or None."""
        candidates: list[int] = []
        reported = us(self.reported_at)
        if when < reported:  # asked before the report: the clocks start there
            candidates.append(reported)
        for st in self.evaluate(self.prefix(when), when)[0].values():
            if st.due is None:
                continue
            if st.state == "running":
                candidates.append(us(st.due) + 1)
            elif st.state == "paused" and us(st.due) <= when:
                # paused with its budget spent (the pause began at the due): the due no longer
                # moves with the pause, so the clock is breached a microsecond on
                candidates.append(when + 1)
        candidates.extend(us(w.at) for w in self.warnings(when) if w.planned)
        candidates.extend(us(s.at) for s in self.escalations(when) if s.planned)
        from servicelevel.sla._update_status import update_of  # it reads `State` from here

        update = update_of(self.contract, self.level0, self.reported_at, self.events, when)
        if update is not None and update[1] is not None:  # the next update missed, if none comes
            candidates.append(update[1])
        i = self.prefix(when)
        if i < len(self.events):  # an event already recorded after ``at`` changes the answer there
            candidates.append(self.events.stamp(i))
        later = [c for c in candidates if c > when]
        return min(later) if later else None
