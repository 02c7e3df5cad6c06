"""The clocks of an incident: the fold of a history into each metric's clock, and the one rule that
judges a clock (met, breached, settled, running, paused or pending).

`Incident.status` applies it to one incident and `Contract.evaluate` to a
column of tickets, through the same function: instants are epoch µs
integers (numpy int64 arrays for a column), an event that has not happened
is `NEVER`, and the caller passes the few operations it needs (`SCALAR` for
plain integers, numpy itself for columns), so the two paths cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from servicelevel.calendar import PauseLine, PausesSince
from servicelevel.sla._history import LIFECYCLE, Event, us

if TYPE_CHECKING:
    from servicelevel.sla._contract import Contract
    from servicelevel.sla._metrics import Metric

__all__ = [
    "NEVER",
    "NO_AT",
    "SCALAR",
    "STATES",
    "ClockRun",
    "CycleEvents",
    "CycleFold",
    "Ops",
    "clock_end",
    "clock_runs",
    "cycles_of",
    "level_in_force",
    "RunFold",
    "run_of",
    "verdict",
]

NEVER = 1 << 62
"""Epoch µs standing for an event that has not happened (later than any instant)."""

NO_AT = NEVER - 1
"""Epoch µs standing for "no instant asked about": after every event, before `NEVER`."""


class Ops(Protocol):
    """What the rule needs of the values it works on: numpy, or `SCALAR` for plain integers."""

    def where(self, condition: Any, yes: Any, no: Any, /) -> Any: ...

    def minimum(self, a: Any, b: Any, /) -> Any: ...

    def maximum(self, a: Any, b: Any, /) -> Any: ...


class _Scalar:
    @staticmethod
    def where(condition: Any, yes: Any, no: Any, /) -> Any:
        return yes if condition else no

    @staticmethod
    def minimum(a: Any, b: Any, /) -> Any:
        return a if a <= b else b

    @staticmethod
    def maximum(a: Any, b: Any, /) -> Any:
        # instants are ordered as instants (epoch µs), never by wall clock: in a DST fold two
        # datetimes of one zone compare by their local fields (PEP 495)
        if isinstance(a, dt.datetime):
            return a if us(a) >= us(b) else b
        return a if a >= b else b


SCALAR: Ops = _Scalar()
"""`Ops` over plain Python integers and booleans."""


STATES = ("met", "breached", "running", "paused", "pending", "not_applicable")
"""The states a clock can be in, in the order `verdict`'s ``names`` follow."""


def verdict(
    ops: Ops,
    *,
    start: Any,
    due: Any,
    stop: Any,
    cancel: Any,
    at: Any,
    paused: Any,
    names: Sequence[Any] = STATES,
) -> Any:
    """The state of a clock at ``at``, from its start, due, first stop and first cancelling event.

    In this order: ``pending`` before its start; ``met`` / ``breached`` when a
    stop event came (by ``at``, and not after a cancelling one) by / after the
    due instant; a cancelling event (the resolution, for an on-site visit)
    settles a clock still running — ``not_applicable`` when it came by the due
    instant, ``breached`` when after; a running clock past its due is
    ``breached``; ``paused`` while a pause is open; else ``running``.

    Examples:
        >>> h = 3_600_000_000
        >>> verdict(SCALAR, start=0, due=2 * h, stop=NEVER, cancel=h, at=5 * h, paused=False)
        'not_applicable'
        >>> verdict(SCALAR, start=0, due=2 * h, stop=NEVER, cancel=3 * h, at=5 * h, paused=False)
        'breached'
        >>> verdict(SCALAR, start=0, due=2 * h, stop=h, cancel=NEVER, at=h, paused=False)
        'met'

    ``names`` stands for the states in the order of `STATES`: a column of tickets passes small
    integer codes, which numpy selects among several times faster than text.
    """
    met, breached, running, paused_, pending, not_applicable = names
    stopped = (stop <= at) & (stop <= cancel)
    cancelled = cancel <= at
    return ops.where(
        (start >= NEVER) | (start > at),
        pending,
        ops.where(
            stopped,
            ops.where(stop <= due, met, breached),
            ops.where(
                cancelled,
                ops.where(cancel <= due, not_applicable, breached),
                ops.where(at > due, breached, ops.where(paused, paused_, running)),
            ),
        ),
    )


def clock_end(ops: Ops, *, stop: Any, cancel: Any, at: Any) -> Any:
    """Where the clock's elapsed time ends: its stop, its cancelling event, or ``at``, the first."""
    return ops.minimum(ops.minimum(stop, cancel), at)


def overdue(ops: Ops, *, due: Any, end: Any) -> Any:
    """Wall-clock time (µs) from the due to the clock's end (`clock_end`), zero when it ended by then.

    Business time cannot tell every late ticket: resolved at 18:00 on a 09:00-17:00 calendar
    whose due was 17:00, a ticket is breached by no business time at all (its margin is zero),
    yet it is an hour late by the wall clock. This is that hour, so late tickets are found
    without knowing the calendar: ``overdue > 0`` exactly where a judged clock is ``breached``.

    Examples:
        >>> h = 3_600_000_000
        >>> overdue(SCALAR, due=17 * h, end=18 * h), overdue(SCALAR, due=17 * h, end=16 * h)
        (3600000000, 0)
    """
    return ops.maximum(end - due, 0)


# ---------------------------------------------------------------- the fold of a history into clocks
class ClockRun:
    """One metric's clock as the fold of a history found it, in epoch µs before any calendar
    arithmetic: ``start`` (`NEVER` while its start event has not happened), the first ``stop`` and
    ``cancel`` events (`NEVER`: none), the ``excluded`` spans (pauses; resolution to reopening),
    whether ``paused_now``, and the ``cycle`` whose events decided it."""

    __slots__ = ("cancel", "cycle", "excluded", "paused_now", "start", "stop")

    def __init__(self) -> None:
        self.start = NEVER
        self.stop = NEVER
        self.cancel = NEVER
        self.excluded: list[tuple[int, int]] = []
        self.paused_now = False
        self.cycle = 0


class CycleEvents:
    """The events of one cycle: first instant of each kind, pauses, resolution."""

    __slots__ = ("begin", "first", "open", "pauses", "reopened", "resolved")

    def __init__(self, begin: int) -> None:
        self.begin = begin
        self.open = False  # a pause is open at the instant asked about
        self.first: dict[str, int] = {}
        self.pauses: list[tuple[int, int]] = []
        self.resolved: int | None = None
        self.reopened: int | None = None  # the reopening that ends this cycle


def _first(first: Mapping[str, int], kinds: Iterable[str], after: int) -> int:
    best = NEVER
    for kind in kinds:
        u = first.get(kind)
        if u is not None and after <= u < best:
            best = u
    return best


class CycleFold:
    """`cycles_of` a step at a time: feed events in order (`step`); `cycles` is then the history
    split so far, each cycle as complete as its events fed (a pause still open is not in it)."""

    __slots__ = ("began", "cycles")

    def __init__(self, reported: int) -> None:
        self.cycles = [CycleEvents(reported)]
        self.began: int | None = None  # the open pause's start

    def step(self, kind: str, u: int) -> None:
        c = self.cycles[-1]
        if kind == "reopened":
            c.reopened = u
            self.cycles.append(CycleEvents(u))
        elif kind == "paused":
            self.began = u
        elif kind == "resumed" and self.began is not None:
            c.pauses.append((self.began, u))
            self.began = None
        elif kind not in LIFECYCLE:
            c.first.setdefault(kind, u)
            if kind == "resolved":
                c.resolved = u
                if self.began is not None:  # resolution ends an open pause at the same instant
                    c.pauses.append((self.began, u))
                    self.began = None


def cycles_of(kinds: Sequence[str], stamps: Sequence[int], reported: int, when: int) -> list[CycleEvents]:
    """A history (event kinds and their epoch µs, sorted) split into cycles: the first instant of
    each event, pauses closed by a resume or the resolution, or open until ``when``."""
    fold = CycleFold(reported)
    for kind, u in zip(kinds, stamps, strict=True):
        fold.step(kind, u)
    if fold.began is not None:
        fold.cycles[-1].pauses.append((fold.began, when))
        fold.cycles[-1].open = True
    return fold.cycles


def level_in_force(
    contract: Contract,
    level0: str,
    events: Sequence[Event | tuple[str, int, str | None]],
    stamps: Sequence[int],
) -> tuple[str, int | None]:
    """The level after these events, and the instant the clocks restart from under
    ``reclassify = "restart"`` (None otherwise, or without a reclassification)."""
    level_key, restart_at = level0, None
    for e, u in zip(events, stamps, strict=True):
        kind, detail = (e.kind, e.detail) if isinstance(e, Event) else (e[0], e[2])
        if kind == "reclassified" and detail is not None:
            level_key, restart_at = detail, u
    return level_key, restart_at if contract.reclassify == "restart" else None


class RunFold:
    """`run_of`'s walk over the cycles, kept between calls: one metric's clock folded a cycle at a
    time (`step`), read after any cycle (`run`). `Reading` steps it at each reopening, so an
    incident's every cycle costs the fold once, not once per cycle before it.

    The rule of reopening, in one place: a clock stopped or settled by its own events keeps that
    result; one the resolution stopped or settled goes on in the next cycle — ``resume``: from its
    start, the time from resolution to reopening excluded like a pause; ``restart``: afresh from
    the reopening. A clock started by other events (the report after recovery) counts from those
    of its cycle.
    """

    __slots__ = (
        "by_resolution", "done", "fed", "from_report", "gaps", "line", "metric", "mode", "own_kinds",
        "pauses", "run", "steps",
    )  # fmt: skip

    def __init__(self, contract: Contract, metric: Metric) -> None:
        self.metric, self.mode = metric, contract.reopen
        self.from_report = "reported" in metric.starts
        self.own_kinds = [k for k in (*metric.stop, *metric.cancel) if k != "resolved"]
        self.run = ClockRun()
        self.gaps: list[tuple[int, int]] = []  # resolution to reopening, under resume
        self.pauses: list[tuple[int, int]] = []
        self.by_resolution = False  # the previous cycle's resolution stopped or settled this clock
        self.done = False  # settled by its own event: the result stands in every later cycle
        self.steps = 0  # cycles folded
        self.line: PauseLine | None = None  # gaps and pauses as a growing line (`since`)
        self.fed = (0, 0)  # how many gaps and pauses the line holds

    def _restart(self, start: int) -> None:
        self.run.start, self.gaps, self.pauses, self.line = start, [], [], None

    def step(self, cycles: Sequence[CycleEvents], last: bool) -> None:
        """Fold the next cycle (``cycles[self.steps]``); ``last``: no cycle follows it (yet)."""
        k = self.steps
        self.steps += 1
        if self.done:
            return
        c, run, metric = cycles[k], self.run, self.metric
        if not self.from_report:  # counted from its own start events within each cycle
            self._restart(_first(c.first, metric.starts, c.begin))
        elif k == 0:
            run.start = c.begin
        elif self.by_resolution and self.mode == "restart":
            self._restart(c.begin)
        elif self.by_resolution:
            prev = cycles[k - 1]
            assert prev.resolved is not None
            assert prev.reopened is not None
            self.gaps.append((prev.resolved, prev.reopened))
        self.pauses.extend(c.pauses)
        run.cycle = k
        run.stop = _first(c.first, metric.stop, run.start)
        run.cancel = _first(c.first, metric.cancel, run.start)
        ended = min(run.stop, run.cancel)
        if last or not self.from_report:
            return
        self.by_resolution = ended < NEVER and _first(c.first, self.own_kinds, run.start) > ended
        self.done = ended < NEVER and not self.by_resolution

    def run_at(self, last: int, open_now: bool, restart_at: int | None, listed: bool = True) -> ClockRun:
        """The clock after the cycles folded, ``last`` the index of the cycle in force and
        ``open_now`` whether a pause is open in it; ``listed=False`` leaves ``excluded`` empty
        (read the spans from `since` instead)."""
        run, folded = ClockRun(), self.run
        run.start, run.stop, run.cancel, run.cycle = folded.start, folded.stop, folded.cancel, folded.cycle
        if restart_at is not None and run.start < restart_at < min(run.stop, run.cancel, NEVER - 1):
            run.start = restart_at  # counted afresh from the reclassification (contract option)
        if listed:
            excluded = self.gaps + (self.pauses if self.metric.pausable else [])
            run.excluded = sorted((max(a, run.start), b) for a, b in excluded if b > run.start and b > a)
        run.paused_now = self.metric.pausable and run.cycle == last and open_now
        return run

    def since(self, start: int) -> PausesSince:
        """The run's excluded spans as a growing `PauseLine` clipped at ``start``: what
        ``run_at(...).excluded`` lists (sorted and merged as the calendar reads it)."""
        if self.line is None:
            self.line, self.fed = PauseLine(), (0, 0)
        line = self.line
        gaps, pauses = self.fed
        for a, b in self.gaps[gaps:]:
            line.insert(a, b)
        if self.metric.pausable:
            for a, b in self.pauses[pauses:]:
                line.insert(a, b)
        self.fed = (len(self.gaps), len(self.pauses))
        return line.since(start)


def run_of(
    contract: Contract, metric: Metric, cycles: list[CycleEvents], when: int, restart_at: int | None
) -> ClockRun:
    """Where one metric's clock stands after these cycles (`RunFold`'s rule, the cycles folded)."""
    fold = RunFold(contract, metric)
    last = len(cycles) - 1
    for k in range(len(cycles)):
        fold.step(cycles, k == last)
    return fold.run_at(last, cycles[last].open, restart_at)


def clock_runs(
    contract: Contract,
    *,
    level: str,
    reported: int,
    events: Sequence[tuple[str, int, str | None]],
    at: int,
) -> tuple[str, dict[str, ClockRun]]:
    """Each clock of a history given as integers — ``(kind, epoch µs, detail)`` rows, sorted, at
    most up to ``at`` — before any calendar arithmetic: the level in force and, per metric of that
    level, its start, stop, cancelling event, excluded spans (pauses; the time between resolution
    and reopening), whether paused at ``at``, and its cycle. `Incident` computes its clocks from
    these; a table of tickets computes its dues and states from the same. The history must be
    possible (`Incident` checks it)."""
    stamps = [u for _, u, _ in events]
    cycles = cycles_of([k for k, _, _ in events], stamps, reported, at)
    level_key, restart_at = level_in_force(contract, level, events, stamps)
    runs = {
        name: run_of(contract, contract.metric(name), cycles, at, restart_at)
        for name, _ in contract.level(level_key).targets.items()
    }
    return level_key, runs
