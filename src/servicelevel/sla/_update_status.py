"""An incident's update clock: the history folded into it (`update_clock`), judged at an instant
(`UpdateStatus`), and the two `Incident` methods that record and read updates (`UpdateMethods`).

A reopening begins a new cycle: the update clock runs again from the reopening with a fresh
silence (the customer is told again from when the fault came back), and the state is that of the
cycle in force, as for every metric (`Incident.status`). The tables fold a reopened ticket here
too (`servicelevel.sla.engine.update_clock`) and judge its clock beside the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pendulum
from attrs import frozen

from servicelevel._notebook import Notebook
from servicelevel.sla._clocks import NEVER, SCALAR, CycleEvents, cycles_of
from servicelevel.sla._deadline import due_with_pauses
from servicelevel.sla._history import Events, us
from servicelevel.sla._status import State
from servicelevel.sla._updates import UpdateTarget, update_missed, update_verdict
from servicelevel.terms import CIVIL_CODE

if TYPE_CHECKING:
    from servicelevel.sla._contract import Contract
    from servicelevel.sla._levels import Instant

__all__ = ["UpdateClock", "UpdateMethods", "UpdateStatus", "judge_updates", "update_clock", "update_of"]

_ZERO = dt.timedelta(0)
_US = dt.timedelta(microseconds=1)


class UpdateClock:
    """The update clock of the cycle in force, in epoch µs: its ``start`` and first ``stop`` event
    (`NEVER`: none), the ``marks`` (updates given while it ran, sorted), the ``excluded`` spans
    (pauses from its start on), whether ``paused_now``, and the ``cycle``."""

    __slots__ = ("cycle", "excluded", "marks", "paused_now", "start", "stop")

    def __init__(self) -> None:
        self.start = self.stop = NEVER
        self.marks: list[int] = []
        self.excluded: list[tuple[int, int]] = []
        self.paused_now = False
        self.cycle = 0


def _first(c: CycleEvents, kinds: Sequence[str], k: int) -> int:
    best = NEVER
    for kind in kinds:
        u = c.begin if kind == "reported" and k == 0 else c.first.get(kind)
        if u is not None and u < best:
            best = u
    return best


def update_clock(
    target: UpdateTarget, *, reported: int, kinds: Sequence[str], stamps: Sequence[int], at: int
) -> UpdateClock:
    """The update clock of a history (event kinds and their epoch µs, sorted, up to ``at``): in the
    first cycle from the first of ``target.starts``; after a reopening from the reopening (a fresh
    silence) once it had started before; stopped by the cycle's first ``target.stop`` event."""
    cycles = cycles_of(kinds, stamps, reported, at)
    k = len(cycles) - 1
    c = cycles[k]
    clock = UpdateClock()
    begun = any(_first(cy, target.starts, j) < NEVER for j, cy in enumerate(cycles[:k]))
    clock.start = c.begin if begun else _first(c, target.starts, k)
    clock.stop = _first(c, target.stop, k)
    clock.cycle = k
    end = min(clock.stop, at)
    clock.marks = [
        u for kind, u in zip(kinds, stamps, strict=True) if kind == "updated" and clock.start <= u <= end
    ]
    clock.excluded = [(max(a, clock.start), b) for a, b in c.pauses if b > clock.start and b > a]
    clock.paused_now = c.open and clock.stop > at
    return clock


@frozen(kw_only=True)
class UpdateStatus(Notebook):
    """The update promise at an instant (`Incident.updates`).

    ``state``: ``pending`` (its start event has not happened), ``running``, ``paused``,
    ``breached`` (an update was missed: it stays so), ``met`` (stopped with none missed),
    ``not_applicable`` (stopped before it started). ``due``: when the update owed now falls (or
    fell) due — the last checkpoint plus ``every`` in business time, pauses excluded — while the
    clock runs; ``last``: that checkpoint (the start or the last update). ``given``: the updates
    given while the clock ran; ``missed``: updates that fell due and were not given (a 7 h silence
    on a 2 h term misses 3); ``longest``: the longest silence in business time, the current one
    included; ``stopped_at``: the stop event's instant.
    """

    state: State
    every: dt.timedelta
    calendar: str
    start: pendulum.DateTime | None
    due: pendulum.DateTime | None
    last: pendulum.DateTime | None
    stopped_at: pendulum.DateTime | None
    given: int
    missed: int
    longest: dt.timedelta
    cycle: int = 0


def judge_updates(
    contract: Contract, target: UpdateTarget, clock: UpdateClock, at: int, to_dt: Any
) -> tuple[UpdateStatus, int | None]:
    """The clock judged at ``at`` by the rule (`update_missed`, `update_verdict`), and the next
    instant its answer changes if no event arrives (None: never)."""
    cal = contract.calendar(target.calendar)
    every, start, stop = target.every, clock.start, clock.stop
    ran = start < NEVER and start <= at and not (stop <= at and stop <= start)
    missed, longest, last, silence = 0, _ZERO, start, _ZERO
    spans = [(to_dt(a), to_dt(b)) for a, b in clock.excluded]
    if ran:
        begin = to_dt(start)
        counted = _ZERO  # business time from the start to the last checkpoint
        for u in [*clock.marks, min(stop, at)]:
            now = cal.elapsed(begin, to_dt(u), exclude=spans)
            before = cal.elapsed(begin, to_dt(max(u - 1, start)), exclude=spans)
            missed += update_missed(SCALAR, since=counted, before=before, every=every, zero=_ZERO)
            longest = max(longest, now - counted)
            silence = max(before - counted, _ZERO)
            counted = now
        last = clock.marks[-1] if clock.marks else start
    state = update_verdict(SCALAR, start=start, stop=stop, at=at, missed=missed, paused=clock.paused_now)
    running = ran and stop > at
    due = due_with_pauses(cal, to_dt(last), every, CIVIL_CODE, spans) if running else None
    change = None
    if running:  # the next update missed if none comes: the (m+1)-th due of this silence
        nxt = us(due_with_pauses(cal, to_dt(last), every * (silence // every + 1), CIVIL_CODE, spans))
        # paused, the silence does not grow: nothing changes before the next event, unless that
        # due fell at this very instant (the pause began at it)
        change = nxt + 1 if not clock.paused_now or nxt <= at else None
    status = UpdateStatus(
        state=state, every=every, calendar=target.calendar,
        start=None if start >= NEVER else to_dt(start), due=due,
        last=None if not ran else to_dt(last), stopped_at=to_dt(stop) if stop <= at else None,
        given=len(clock.marks), missed=missed, longest=longest, cycle=clock.cycle,
    )  # fmt: skip
    return status, change


def update_of(
    contract: Contract, level: str, reported: pendulum.DateTime, events: Events, when: int
) -> tuple[UpdateStatus, int | None] | None:
    """The update promise of the level in force at ``when`` judged then, with its next change; None
    where that level promises none."""
    n = events.bisect(when)
    level_key = level
    for e, _ in events.pairs(n):
        if e.kind == "reclassified" and e.detail is not None:
            level_key = e.detail
    target = contract.level(level_key).update
    if target is None:
        return None
    kinds = [e.kind for e, _ in events.pairs(n)]
    clock = update_clock(target, reported=us(reported), kinds=kinds, stamps=events.stamps(n), at=when)
    return judge_updates(contract, target, clock, when, lambda u: contract.instant(_from_us(u)))


def _from_us(u: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=u)


class UpdateMethods:
    """`Incident`'s updates: record one (`updated`), read the promise (`updates`)."""

    __slots__ = ()

    def updated(self, t: Instant, *, note: str | None = None) -> Any:
        """The customer was told how it goes (通报进展): resets the level's update clock."""
        return self._add("updated", t, note)  # type: ignore[attr-defined]

    def updates(self, at: Instant) -> UpdateStatus | None:
        """The level's update promise at ``at`` (`UpdateStatus`: next due, state, missed, longest
        silence), or None when the level in force promises no updates.

        Examples:
            >>> from servicelevel import Incident, load_contract
            >>> c = load_contract("examples/contract.toml")   # P1: an update every 2 h, 7×24
            >>> inc = (Incident.open(c, level="P1", reported_at="2026-03-02T10:00")
            ...        .responded("2026-03-02T10:20").updated("2026-03-02T12:00"))
            >>> u = inc.updates(at="2026-03-02T19:00")   # silent since 12:00: owed at 14, 16, 18
            >>> u.state, u.missed, u.due.format("HH:mm"), u.longest
            ('breached', 3, '14:00', datetime.timedelta(seconds=25200))
        """
        when = self._at(at)  # type: ignore[attr-defined]
        got = update_of(self.contract, self.level0, self.reported_at, self.events, when)  # type: ignore[attr-defined]
        return None if got is None else got[0]
