"""What an incident says at an instant: each promise's state, breaches, warnings, escalation steps,
cycles; and `judge`, which turns a clock's run and deadline into a `MetricStatus` by `verdict`."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import pendulum
from attrs import frozen

from servicelevel._notebook import Notebook
from servicelevel.sla._clocks import SCALAR, ClockRun, clock_end, verdict
from servicelevel.sla._deadline import Deadline
from servicelevel.sla._history import us

__all__ = ["Breach", "Cycle", "EscalationStep", "MetricStatus", "State", "ThresholdReached", "judge"]

State = Literal["pending", "running", "paused", "met", "breached", "not_applicable"]
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
    resolution to a reopening under ``reopen = "resume"``). ``cycle`` is the
    cycle (0, then one per reopening) whose events decided this state.
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
    """A metric reaches ``threshold`` (0.5: half its budget) at ``at``; ``planned`` while still ahead."""

    at: pendulum.DateTime
    metric: str
    threshold: float
    planned: bool = False


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


def judge(cal: Any, d: Deadline, run: ClockRun, when: int, to_dt: Any) -> MetricStatus:
    """A metric's status from its run and deadline at ``when``, by the one rule (`verdict`); ``to_dt``
    turns epoch µs back into the contract's datetimes."""
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
    excl = d.paused
    stopped_at = to_dt(end)
    elapsed = cal.elapsed(d.start, stopped_at, exclude=excl) if end > run.start else _ZERO
    held = (cal.elapsed(d.start, stopped_at) - elapsed) if end > run.start and excl else _ZERO
    budget = cal.elapsed(d.start, d.due, exclude=excl)
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
    )
