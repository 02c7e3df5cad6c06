"""One metric's clocks over a column of tickets judged: dues, states, margins, time spent.

`evaluate` reads the clocks off a table of tickets, `replay` off a status log
(and, for the tickets that reopen, off `Incident`'s own fold, `clock_runs`);
both judge them here, in one pass per metric: the dues a group of rows per
level and target in force in their region (`Target.for_region`: term, calendar,
rule), the rest a group per calendar, with the pause rule of `due_with_pauses`
a round of pauses at a time and the states by the one clock rule (`verdict`)
that `Incident.status` applies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from servicelevel.calendar import Pauses
from servicelevel.errors import HorizonExceededError
from servicelevel.sla.engine import (
    NEVER,
    NO_AT,
    STATES,
    clock_end,
    due_with_pauses,
    overdue,
    time_spent,
    verdict,
)
from servicelevel.terms import CIVIL_CODE, Term

if TYPE_CHECKING:
    from servicelevel.calendar import BusinessCalendar
    from servicelevel.sla import Contract, Target
    from servicelevel.sla.engine import ClockRun

__all__ = [
    "NAT",
    "Clocks",
    "Paused",
    "Times",
    "calendar_groups",
    "halving",
    "ints",
    "judge_metric",
    "level_masks",
]

NAT = np.datetime64("NaT", "us")
Times = npt.NDArray[np.datetime64]
# states as one-byte codes, their positions in `STATES` (numpy selects among them several times
# faster than among text, and a million tickets' states take a megabyte, not 56)
CODES = tuple(np.int8(i) for i in range(len(STATES)))
# rows judged in one column call: bounds the twenty-odd temporary columns of a call (a million
# tickets of one calendar at once would hold ~160 MB of them)
_CHUNK = 1 << 18
_PENDING, _NOT_APPLICABLE = CODES[STATES.index("pending")], CODES[STATES.index("not_applicable")]


class Paused:
    """Each row's pauses (`servicelevel.calendar.Pauses`: the k-th pause of every row as a round)
    and whether the row is paused at the instant asked about. Data only: the pause arithmetic is
    the calendar's, the pause rule `due_with_pauses`'."""

    __slots__ = ("now", "pauses")

    def __init__(self, pauses: Pauses, now: npt.NDArray[np.bool_]) -> None:
        self.pauses, self.now = pauses, now

    @classmethod
    def none(cls, n: int) -> Paused:
        """``n`` rows that never paused."""
        return cls(Pauses([], [], n), np.zeros(n, dtype=bool))

    @classmethod
    def of(cls, spans: Sequence[Sequence[tuple[int, int]]], now: npt.NDArray[np.bool_]) -> Paused:
        """From each row's sorted spans in epoch µs."""
        return cls(Pauses.of_epoch(spans), now)

    @classmethod
    def spread(cls, parts: Sequence[tuple[npt.NDArray[np.intp], Paused]], n: int) -> Paused:
        """Pauses of ``n`` rows put together from parts, each the pauses of the rows it names."""
        now = np.zeros(n, dtype=bool)
        for rows, part in parts:
            now[rows] = part.now
        return cls(Pauses.combine([(rows, part.pauses) for rows, part in parts], n), now)

    def of_rows(self, rows: npt.NDArray[np.intp]) -> Pauses | None:
        """The pauses of ``rows`` for the calendar's ``exclude=`` (None when none of them paused)."""
        taken = self.pauses.take(rows)
        return taken if taken.starts else None


class Clocks:
    """One metric's clock in every row: when it ``start``\\ s, its first ``stop`` and ``cancel``
    events (UTC ``datetime64[us]``, NaT: not happened), its pauses and whether paused now."""

    __slots__ = ("cancel", "paused", "start", "stop")

    def __init__(self, start: Times, stop: Times, cancel: Times, paused: Paused) -> None:
        self.start, self.stop, self.cancel, self.paused = start, stop, cancel, paused

    @classmethod
    def of_runs(cls, runs: Sequence[ClockRun | None]) -> Clocks:
        """From clocks folded one history at a time (`servicelevel.sla.clock_runs`; None where the
        row's level has no such metric)."""

        def column(attr: str) -> Times:
            ints = np.array([NEVER if r is None else getattr(r, attr) for r in runs], dtype=np.int64)
            return np.where(ints >= NEVER, NAT, ints.astype("datetime64[us]"))

        now = np.array([r is not None and r.paused_now for r in runs], dtype=bool)
        paused = Paused.of([[] if r is None else r.excluded for r in runs], now)
        return cls(column("start"), column("stop"), column("cancel"), paused)

    @classmethod
    def spread(cls, parts: Sequence[tuple[npt.NDArray[np.intp], Clocks]], n: int) -> Clocks:
        """The clocks of ``n`` rows put together from parts, each the clocks of the rows it names."""
        start, stop, cancel = np.full(n, NAT), np.full(n, NAT), np.full(n, NAT)
        for rows, part in parts:
            start[rows], stop[rows], cancel[rows] = part.start, part.stop, part.cancel
        paused = Paused.spread([(rows, part.paused) for rows, part in parts], n)
        return cls(start, stop, cancel, paused)


def level_masks(levels: npt.NDArray[Any], keys: Sequence[str]) -> dict[str, npt.NDArray[np.bool_]]:
    """Each level key's rows, from a column of level keys (factorised once, not compared per key)."""
    import pandas as pd

    codes, uniques = pd.factorize(levels, use_na_sentinel=True)
    found = {str(k): i for i, k in enumerate(uniques)}
    return {k: codes == found[k] if k in found else np.zeros(len(levels), dtype=bool) for k in keys}


def judge_metric(
    contract: Contract,
    name: str,
    in_level: Mapping[str, npt.NDArray[np.bool_]],
    regions: npt.NDArray[Any] | None,
    clocks: Clocks,
    at: Any,
    bad: Callable[[npt.NDArray[np.intp], str], None] | None = None,
) -> tuple[Times, npt.NDArray[Any], npt.NDArray[np.timedelta64], dict[str, Any]]:
    """Due, state (a code: its position in `STATES`), margin and time spent of metric ``name`` in
    every row: the dues a column call per level and region's target, the judging a column call per calendar.
    ``at`` is one instant (NaT: none) or one per row. A row whose due lies past the 100-year
    horizon is named through ``bad`` (the others are judged), or raises where ``bad`` is None."""
    n = len(clocks.start)
    start, stop, cancel = clocks.start, clocks.stop, clocks.cancel
    spent = _spent(n)
    due = np.full(n, NAT)
    margin = np.full(n, np.timedelta64("NaT", "us"))
    state = np.full(n, _NOT_APPLICABLE, dtype=np.int8)
    pauses = clocks.paused if clocks.paused.pauses.starts else None
    now = clocks.paused.now
    by_calendar: dict[str, list[npt.NDArray[np.intp]]] = {}
    for lv in contract.levels:
        target = lv.target(name)
        if target is None:
            continue
        mask = in_level[lv.key]
        state[mask] = _PENDING
        # until it runs
        spent["elapsed"][mask] = spent["paused"][mask] = spent["overdue"][mask] = np.timedelta64(0, "us")
        for in_force, rows in _by_region(target, regions, mask):
            sel = np.flatnonzero(rows & ~np.isnat(start))
            if not len(sel):
                continue
            cal, term = contract.calendar(in_force.calendar), in_force.within
            rule = in_force.rule or CIVIL_CODE

            def part_due(p: npt.NDArray[np.intp], c: Any = cal, t: Term = term, r: Any = rule) -> Times:
                return _due(c, start[p], t, r, pauses, p)

            sel = halving(sel, name, bad, part_due, due)  # the rows whose due was found
            by_calendar.setdefault(in_force.calendar, []).append(sel)
    for calendar, parts in by_calendar.items():
        cal = contract.calendar(calendar)

        def judge_part(p: npt.NDArray[np.intp], cal: BusinessCalendar = cal) -> None:
            _judge(cal, p, start, stop, cancel, due, at, now, state, margin, pauses, spent)

        rows_of_calendar = np.concatenate(parts)
        for lo in range(0, len(rows_of_calendar), _CHUNK):
            halving(rows_of_calendar[lo : lo + _CHUNK], name, bad, judge_part, None)
    return due, state, margin, spent


def halving(
    sel: npt.NDArray[np.intp],
    name: str,
    bad: Callable[[npt.NDArray[np.intp], str], None] | None,
    step: Callable[[npt.NDArray[np.intp]], Any],
    into: Times | None,
) -> npt.NDArray[np.intp]:
    """``step`` over the rows ``sel`` in one column call, its results stored ``into`` (if given);
    where some row lies past the horizon, on halves of them, then halves of those, until each such
    row is named through ``bad`` (in order; where ``bad`` is None the error is raised). One bad row
    among a quarter of a million costs some forty calls, not a quarter of a million. The rows that
    passed."""
    ok: list[npt.NDArray[np.intp]] = []
    pending = [sel]
    while pending:
        part = pending.pop()
        try:
            got = step(part)
        except HorizonExceededError as exc:
            if bad is None:
                raise
            if len(part) == 1:
                # the calendar's own error, not its "row 0: …" restatement for a column of one
                said = exc.__cause__ if isinstance(exc.__cause__, HorizonExceededError) else exc
                bad(part, f"{name}: {said}")
            else:
                half = len(part) // 2
                pending += [part[half:], part[:half]]
            continue
        if into is not None:
            into[part] = got
        ok.append(part)
    if len(ok) == 1:
        return ok[0]
    return np.concatenate(ok) if ok else np.zeros(0, dtype=np.intp)


def _due(
    cal: BusinessCalendar,
    start: Times,
    term: Term,
    rule: Any,
    pauses: Paused | None,
    rows: npt.NDArray[np.intp],
) -> Times:
    """The pause rule (`due_with_pauses`) over the rows ``rows``, a column call per round of pauses."""
    excluded = None if pauses is None else pauses.of_rows(rows)
    return np.asarray(due_with_pauses(cal, start, term, rule, excluded, np), dtype="datetime64[us]")


def _by_region(
    target: Target, region: npt.NDArray[Any] | None, in_level: npt.NDArray[np.bool_]
) -> list[tuple[Target, Any]]:
    """The rows of a level grouped by the target in force in their region (`Target.for_region`:
    a term, a calendar and a rule of its own), regions of one effective target in one group."""
    if region is None or not target.regions:
        return [(target.for_region(None), in_level)]
    groups: dict[tuple[Any, ...], tuple[Target, Any]] = {}
    covered = np.zeros(len(in_level), dtype=bool)
    for name, _ in target.regions:
        mask = in_level & (region == name)
        covered |= mask
        _group(groups, target.for_region(name), mask)
    _group(groups, target.for_region(None), in_level & ~covered)
    return list(groups.values())


def calendar_groups(
    target: Target, region: npt.NDArray[Any] | None, in_level: npt.NDArray[np.bool_]
) -> list[tuple[str, Any]]:
    """The rows of a level grouped by the calendar the target in force in their region counts on."""
    out: dict[str, Any] = {}
    for in_force, rows in _by_region(target, region, in_level):
        name = in_force.calendar
        out[name] = out[name] | rows if name in out else rows
    return list(out.items())


def _group(groups: dict[tuple[Any, ...], tuple[Target, Any]], in_force: Target, mask: Any) -> None:
    key = (in_force.within, in_force.calendar, in_force.rule)
    if key in groups:
        groups[key] = (in_force, groups[key][1] | mask)
    else:
        groups[key] = (in_force, mask)


def ints(values: Times) -> npt.NDArray[np.int64]:
    """UTC µs as integers, `NEVER` where the instant is missing (the clock rule's encoding)."""
    return np.where(np.isnat(values), NEVER, values.astype(np.int64))


def _judge(
    cal: BusinessCalendar,
    sel: npt.NDArray[np.intp],
    start: Times,
    stop: Times,
    cancel: Times,
    due: Times,
    at: Any,
    paused_now: npt.NDArray[np.bool_],
    state: npt.NDArray[Any],
    margin: npt.NDArray[np.timedelta64],
    pauses: Paused | None,
    spent: dict[str, Any],
) -> None:
    """States and margins of the rows ``sel``, by the rule `Incident.status` applies (`verdict`);
    ``at`` one instant for all rows, or one per row. ``spent`` gets the business time
    ``elapsed`` and ``paused``, the share of the budget ``used`` and the wall-clock time ``overdue``
    past the due (`overdue`: zero when met), as `MetricStatus` has them."""
    s, d, st, ca = ints(start[sel]), ints(due[sel]), ints(stop[sel]), ints(cancel[sel])
    if isinstance(at, np.ndarray):
        a: Any = np.where(np.isnat(at[sel]), NO_AT, at[sel].astype(np.int64))
    else:
        a = NO_AT if np.isnat(at) else int(at.astype(np.int64))
    verdict_ = verdict(np, start=s, due=d, stop=st, cancel=ca, at=a, paused=paused_now[sel], names=CODES)
    state[sel] = verdict_
    end = clock_end(np, stop=st, cancel=ca, at=a)
    judged = (verdict_ != _PENDING) & (end < NO_AT)
    waiting = sel[verdict_ == _PENDING]
    for part in ("elapsed", "paused", "overdue"):
        spent[part][waiting] = np.timedelta64(0, "us")
    if not judged.any():
        return
    rows = sel[judged]
    ends = end[judged].astype("datetime64[us]")
    begun, due_ = start[rows], due[rows]
    counted = time_spent(cal, begun, ends, due_, None if pauses is None else pauses.of_rows(rows))
    elapsed, held, budget = (np.asarray(x, dtype="timedelta64[us]") for x in counted)
    # the margin, business time between the end and the due less the pauses in it, is the
    # difference of the two counted from the start: business time is a difference of running
    # counts (signed, exact to the µs), and pauses are counted from the start on both sides
    total = np.abs(budget - elapsed)
    margin[rows] = np.where(ends > due_, -total, total)
    spent["elapsed"][rows] = elapsed
    spent["paused"][rows] = held
    spent["overdue"][rows] = overdue(np, due=d[judged], end=end[judged]).astype("timedelta64[us]")
    spent["budget"][rows] = budget  # for the warnings (frames._warned), not a column of its own
    b = budget.astype(np.int64)
    spent["used"][rows] = np.where(b > 0, elapsed.astype(np.int64) / np.where(b > 0, b, 1), np.nan)


def _spent(n: int) -> dict[str, Any]:
    return {
        "elapsed": np.full(n, np.timedelta64("NaT", "us")),
        "paused": np.full(n, np.timedelta64("NaT", "us")),
        "overdue": np.full(n, np.timedelta64("NaT", "us")),
        "used": np.full(n, np.nan),
        "budget": np.full(n, np.timedelta64("NaT", "us")),
    }
