"""``<metric>_warned``: the last warning each ticket's clock passed, the tables' side of
`Incident.warnings` (issue #29 §2).

A point (`servicelevel.sla.WarningPoint`) counts as `Incident` counts it: reached by the instant
asked about and before the clock stopped (or was settled). Its instant is where the clock has
counted the point's part of the budget (`WarningPoint.spent`), so it is reached by the clock's end
exactly when the business time counted by then, which the judging already holds (``elapsed``), is
at least that part — compared as integers, a column per point and level. Only where the two are
equal and the clock stopped there does the instant itself decide (was it reached before the stop,
or at it?): those rows get it from the one function both paths share (`warning_at`), a column call
per point. The last point passed is the one furthest into the budget; of two at one instant, the
later in the contract's order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from servicelevel.frames._judge import calendar_groups
from servicelevel.sla import STATES
from servicelevel.sla.engine import NEVER, NO_AT, warning_at, warnings_of

if TYPE_CHECKING:
    from collections.abc import Mapping

    import numpy.typing as npt

    from servicelevel.frames._judge import Clocks
    from servicelevel.sla import Contract, Target, WarningPoint

__all__ = ["add_warned"]

_PENDING = np.int8(STATES.index("pending"))
_NEVER_ENDS = np.iinfo(np.int64).max  # elapsed of a clock still running with no instant asked


def _ints(values: Any, missing: int) -> Any:
    """UTC µs as integers, ``missing`` where missing: `NEVER` for an event, `NO_AT` for an instant."""
    return np.where(np.isnat(values), missing, values.astype(np.int64))


def add_warned(
    into: dict[str, Any],
    contract: Contract,
    metric: str,
    in_level: Mapping[str, npt.NDArray[np.bool_]],
    judged: tuple[Any, npt.NDArray[np.int8], Any, dict[str, Any]],
    clocks: Clocks,
    at: Any,
    regions: npt.NDArray[Any] | None = None,
) -> None:
    """``<metric>_warned`` beside a metric's columns (`evaluate` and `replay` alike), where warnings
    apply to some level's target of it: the label of the last point passed (``"75%"``, ``"1h
    before"``), missing where none was; a categorical column of the labels in the contract's order."""
    levels: list[tuple[str, Target, tuple[WarningPoint, ...]]] = []
    for lv in contract.levels:
        target = lv.target(metric)
        if target is not None and warnings_of(contract, target):
            levels.append((lv.key, target, warnings_of(contract, target)))
    if not levels:
        return
    labels = list(dict.fromkeys(p.label for _, _, points in levels for p in points))
    code_of = {label: i for i, label in enumerate(labels)}
    due, state, _, spent = judged
    n = len(state)
    codes = np.full(n, -1, dtype=np.int16)
    if isinstance(at, np.ndarray):
        a = _ints(at, NO_AT)
    else:
        a = np.full(n, NO_AT if np.isnat(at) else int(at.astype(np.int64)))
    ended_at = np.minimum(_ints(clocks.stop, NEVER), _ints(clocks.cancel, NEVER))
    ended = ended_at <= a  # stopped or settled by the instant asked about
    live = (state != _PENDING) & ~np.isnat(clocks.start) & ~np.isnat(due)
    # each level's rows by the calendar their region counts on (issue #29 §1)
    groups = [(rows, name, points) for key, target, points in levels
              for name, rows in calendar_groups(target, regions, in_level[key])]  # fmt: skip
    for in_group, calendar, points in groups:
        rows = np.flatnonzero(in_group & live)
        if not len(rows):
            continue
        cal = contract.calendar(calendar)
        budget = spent["budget"][rows]
        unjudged = np.isnat(budget)  # running with no instant asked: the budget still to count
        if unjudged.any():
            part = rows[unjudged]
            excluded = clocks.paused.of_rows(part)
            args = (clocks.start[part], due[part])
            counted = cal.elapsed(*args, exclude=excluded) if excluded else cal.elapsed(*args)
            budget[unjudged] = np.asarray(counted, dtype="timedelta64[us]")
        keep = budget > np.timedelta64(0, "us")  # as Incident: no warning on an empty budget
        rows, budget = rows[keep], budget[keep]
        elapsed = spent["elapsed"][rows]
        done = np.where(np.isnat(elapsed), _NEVER_ENDS, elapsed.astype(np.int64))
        best = np.full(len(rows), -1, dtype=np.int64)
        code = np.full(len(rows), -1, dtype=np.int16)
        for point in points:
            part_of = point.spent(budget)
            need = part_of.astype(np.int64)
            hit = done >= need
            tie = hit & ended[rows] & (done == need)  # counted to it exactly at the stop: before it?
            if tie.any():
                tied = rows[tie]
                excluded = clocks.paused.of_rows(tied)
                instant = warning_at(cal, clocks.start[tied], part_of[tie], excluded, np)
                hit[tie] = np.asarray(instant, dtype="datetime64[us]").astype(np.int64) < ended_at[tied]
            later = hit & (need >= best)
            best = np.where(later, need, best)
            code = np.where(later, np.int16(code_of[point.label]), code)
        codes[rows] = code
    into[f"{metric}_warned"] = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories=labels))
