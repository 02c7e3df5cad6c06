"""Compliance for the monthly report: per group, level and metric, tickets met, breached and open.

`compliance` counts the states of the table `evaluate` (or `replay`) returned, grouped by the
columns asked for and then by level. A ticket whose group value is missing is counted under
`MISSING_GROUP`, not dropped as pandas' grouping would drop it; the contract's goals, if given,
are set beside the met rates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.errors import InvalidOptionError, InvalidTableError
from servicelevel.frames._input import pandas_in, polars_out
from servicelevel.sla import STATES

__all__ = ["MISSING_GROUP", "compliance"]


MISSING_GROUP = "(missing)"
"""The group `compliance` counts tickets under whose ``by`` (or ``level``) value is missing."""

# the result's own columns and the states counted: a ``by`` column of that name would be ambiguous
_RESERVED = ("metric", "tickets", "met", "breached", "open", "pending", "met_rate", *STATES)


def _group_keys(frame: pd.DataFrame, by: object) -> list[str]:
    """``by`` then ``level``, each once: a column name or a list of them, all in the frame."""
    names = [by] if isinstance(by, str) else by
    if names is None or isinstance(names, bytes | Mapping) or not isinstance(names, Iterable):
        raise InvalidOptionError(f"by: expected a column name or a list of column names, got {by!r}")
    keys: list[str] = []
    for name in [*names, "level"]:
        if not isinstance(name, str):
            raise InvalidOptionError(f"by: expected column names (text), got {name!r} in {by!r}")
        if name not in frame.columns:
            raise InvalidTableError(
                f"by: no column {name!r} in the frame; it has {', '.join(map(str, frame.columns))}"
            )
        if name in _RESERVED:
            raise InvalidTableError(
                f"by: a column named {name!r} would be confused with the result's own columns "
                f"({', '.join(_RESERVED)}); rename it before grouping by it"
            )
        if name not in keys:
            keys.append(name)
    return keys


def _codes(column: pd.Series[Any]) -> tuple[npt.NDArray[np.intp], Any]:
    """Group codes in the order of the values (missing last, as code ``len(uniques)``) and the values."""
    try:
        codes, uniques = pd.factorize(column, sort=True)
    except TypeError:  # values that do not compare (text and numbers): first-seen order
        codes, uniques = pd.factorize(column, sort=False)
    return np.where(codes < 0, len(uniques), codes), uniques


def compliance(frame: Any, by: object = (), *, goals: dict[tuple[str, str], float] | None = None) -> Any:
    """See `Contract.compliance`."""
    frame, back_to_polars = pandas_in(frame, "frame: expected the DataFrame that evaluate() returned")
    keys = _group_keys(frame, by)
    metrics = [c[: -len("_state")] for c in frame.columns if str(c).endswith("_state")]
    if not metrics:
        raise InvalidTableError(
            "frame: no <metric>_state columns; pass the DataFrame that evaluate() returned"
        )
    # groups as integer codes: pandas drops missing keys from its groups, a report must not
    coded = {k: _codes(frame[k]) for k in keys}
    codes = pd.DataFrame({f"k{i}": coded[k][0] for i, k in enumerate(keys)}, index=frame.index)
    parts = []
    for m in metrics:
        states = frame[f"{m}_state"].astype(object)
        if f"{m}_due" in frame.columns:  # not_applicable without a due: the level has no such promise
            states = states.where((states != "not_applicable") | frame[f"{m}_due"].notna(), None)
        counts = pd.crosstab([codes[c] for c in codes.columns], states)
        for s in STATES:
            if s not in counts.columns:
                counts[s] = 0
        counts = counts.reset_index()
        counts.insert(len(keys), "metric", m)
        parts.append(counts)
    table = pd.concat(parts, ignore_index=True)
    # a group and metric with a ticket under the promise stays, even when every one was settled as
    # not_applicable (a visit a remote fix made needless): it shows with tickets = 0, not dropped
    table = table[table[list(STATES)].sum(axis=1) > 0]
    table = table.sort_values([*codes.columns, "metric"], kind="stable", ignore_index=True)
    closed = table["met"] + table["breached"]
    groups: dict[str, Any] = {}
    for i, k in enumerate(keys):
        code = table[f"k{i}"].to_numpy()
        uniques = coded[k][1]
        missing = code == len(uniques)
        values = uniques.take(np.where(missing, 0, code)) if len(uniques) else np.empty(len(code), object)
        if missing.any():
            values = np.asarray(values, dtype=object)
            values[missing] = MISSING_GROUP
        groups[k] = pd.Series(values, index=table.index)
    result = pd.DataFrame(
        {
            **groups,
            "metric": table["metric"],
            "tickets": closed + table["running"] + table["paused"] + table["pending"],
            "met": table["met"],
            "breached": table["breached"],
            "open": table["running"] + table["paused"],
            "pending": table["pending"],
            "met_rate": (table["met"] / closed.where(closed > 0)).astype(float),
        }
    )
    if goals:  # the contract's goal per level and metric: 95 % on time, say
        keyed = zip(result["level"].astype(object), result["metric"].astype(object), strict=True)
        goal = np.array([goals.get((str(lv), str(m)), np.nan) for lv, m in keyed], dtype=float)
        result["goal"] = goal
        result["goal_met"] = pd.array(
            [
                None if np.isnan(g) or np.isnan(r) else bool(r >= g)
                for g, r in zip(goal, result["met_rate"], strict=True)
            ],
            dtype="boolean",
        )
    if back_to_polars:
        return polars_out(result)
    return result
