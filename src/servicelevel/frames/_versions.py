"""A table of tickets under a contract with amendments: each row judged by the terms in force when
it was reported (`Contract.amendments`), and `what_if` (a table re-judged under other terms).

The clocks of a row (start, stop, pauses) do not depend on the terms: only its due and what follows
from it do. So `evaluate` and `replay` read the clocks once; here the rows are split by version
with one ``searchsorted`` of their report instants over the amendments' dates, each version judges
its rows by `judge_metric` (a column call per level, term and calendar, as without amendments),
and the answers are stitched back in row order. A contract without amendments is judged as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.errors import InvalidOptionError, InvalidTableError, show
from servicelevel.frames._compliance import compliance
from servicelevel.frames._input import BadRows, instant_column, pandas_in, polars_out
from servicelevel.frames._judge import Clocks, Times, judge_metric
from servicelevel.frames._penalties import add_penalty, decimal_column, minor_of, penalty_metrics
from servicelevel.frames._warned import add_warned
from servicelevel.sla import PenaltyTerms

if TYPE_CHECKING:
    from servicelevel.sla import Contract

__all__ = [
    "add_penalty_versions",
    "add_warned_versions",
    "compliance_by_terms",
    "judge_versions",
    "version_of_rows",
    "what_if",
]

Judged = tuple[Times, npt.NDArray[Any], npt.NDArray[np.timedelta64], dict[str, Any]]


def version_of_rows(contract: Contract, reported: npt.NDArray[Any]) -> npt.NDArray[np.intp] | None:
    """Each row's version (0: the terms signed, k: after the k-th amendment) from its report
    instant (UTC ``datetime64[us]`` or epoch µs; missing: 0), by one ``searchsorted``; None for a
    contract without amendments."""
    if not contract.amendments:
        return None
    starts = np.array(contract.version_starts, dtype=np.int64)
    us = np.asarray(reported).astype("datetime64[us]").astype(np.int64)  # NaT: the least int64
    return np.searchsorted(starts, us, side="right").astype(np.intp)


def _terms_of(c: Contract, name: str) -> tuple[Any, ...]:
    """What metric ``name`` is judged by under ``c``: each level's target (term, calendar, regions,
    rule, penalty, warnings), the calendars those name, and the contract's warnings."""
    targets = tuple((lv.key, lv.target(name)) for lv in c.levels)
    names = {
        n
        for _, t in targets
        if t is not None
        for n in (t.calendar, *(t.calendar_for(r) for r, _ in t.regions))
    }
    return targets, tuple((n, c.calendar(n)) for n in sorted(names)), c.warnings


def _by_terms(
    contract: Contract,
    name: str,
    in_level: Mapping[str, npt.NDArray[np.bool_]],
    version: npt.NDArray[np.intp],
    *,
    empty: bool = False,
) -> list[tuple[Contract, npt.NDArray[np.bool_], dict[str, npt.NDArray[np.bool_]]]]:
    """The rows of the versions that judge metric ``name`` alike, a group per distinct set of terms
    (an amendment of P1's response leaves the other metrics one group): the first such version,
    its rows and each level's rows among them; groups without rows only where ``empty``."""
    groups: list[tuple[tuple[Any, ...], Contract, npt.NDArray[np.bool_]]] = []
    for v, c in enumerate(contract.versions):
        key, rows = _terms_of(c, name), version == v
        for i, (known, first, held) in enumerate(groups):
            if known == key:
                groups[i] = (known, first, held | rows)
                break
        else:
            groups.append((key, c, rows))
    return [
        (c, rows, {k: mask & rows for k, mask in in_level.items()})
        for _, c, rows in groups
        if empty or rows.any()
    ]


def judge_versions(
    contract: Contract,
    name: str,
    in_level: Mapping[str, npt.NDArray[np.bool_]],
    regions: npt.NDArray[Any] | None,
    clocks: Clocks,
    at: Any,
    bad: Callable[[npt.NDArray[np.intp], str], None] | None,
    version: npt.NDArray[np.intp] | None,
) -> Judged:
    """`judge_metric` of each row under the terms in force at its report (``version``, from
    `version_of_rows`; None: one version), stitched back in row order."""
    groups = [] if version is None else _by_terms(contract, name, in_level, version)
    if len(groups) <= 1:
        c = groups[0][0] if groups else contract.versions[0]
        return judge_metric(c, name, in_level, regions, clocks, at, bad)
    out: Judged | None = None
    for c, rows, levels in groups:
        due, state, margin, spent = judge_metric(c, name, levels, regions, clocks, at, bad)
        if out is None:
            out = (due, state, margin, spent)
            continue
        out[0][rows], out[1][rows], out[2][rows] = due[rows], state[rows], margin[rows]
        for key, values in spent.items():
            out[3][key][rows] = values[rows]
    assert out is not None
    return out


def add_penalty_versions(
    into: dict[str, Any],
    contract: Contract,
    name: str,
    in_level: Mapping[str, npt.NDArray[np.bool_]],
    judged: Judged,
    version: npt.NDArray[np.intp] | None,
) -> None:
    """`add_penalty` with each row's penalty by the rule in force at its report."""
    groups = [] if version is None else _by_terms(contract, name, in_level, version, empty=True)
    if len(groups) <= 1:  # every version judges it alike: one call over every row
        add_penalty(into, groups[0][0] if groups else contract, name, in_level, judged)
        return
    if not any(name in penalty_metrics(c) for c in contract.versions):
        return
    digits = (contract.penalty_terms or PenaltyTerms()).digits
    minor = np.zeros(len(judged[1]), dtype=np.int64)
    valid = np.zeros(len(judged[1]), dtype=bool)
    for c, rows, levels in groups:
        if name not in penalty_metrics(c) or not rows.any():
            continue
        part: dict[str, Any] = {}
        add_penalty(part, c, name, levels, judged)
        got, present = minor_of(pd.Series(part[f"{name}_penalty"]), digits)
        minor[rows], valid[rows] = got[rows], present[rows]
    into[f"{name}_penalty"] = decimal_column(minor, valid, digits)  # empty where no rule applies


def add_warned_versions(
    into: dict[str, Any],
    contract: Contract,
    name: str,
    in_level: Mapping[str, npt.NDArray[np.bool_]],
    judged: Judged,
    clocks: Clocks,
    at: Any,
    version: npt.NDArray[np.intp] | None,
    regions: npt.NDArray[Any] | None = None,
) -> None:
    """`add_warned` with each row's warnings by the terms in force at its report: the labels of
    every version in one categorical column, in the order the versions name them."""
    # every group, rows or not: the columns never depend on the rows (an empty table, a partition)
    groups = [] if version is None else _by_terms(contract, name, in_level, version, empty=True)
    if len(groups) <= 1:  # every version warns alike: one call over every row
        add_warned(into, groups[0][0] if groups else contract, name, in_level, judged, clocks, at, regions)
        return
    parts: list[tuple[npt.NDArray[np.bool_], pd.Categorical]] = []
    for c, rows, levels in groups:
        part: dict[str, Any] = {}
        add_warned(part, c, name, levels, judged, clocks, at, regions)
        if f"{name}_warned" in part:
            parts.append((rows, part[f"{name}_warned"]))
    if not parts:
        return
    labels = list(dict.fromkeys(label for _, column in parts for label in column.categories))
    codes = np.full(len(judged[1]), -1, dtype=np.int16)
    for rows, column in parts:
        recoded = pd.Categorical(column, categories=labels).codes
        codes[rows] = recoded[rows]
    into[f"{name}_warned"] = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories=labels))


def what_if(contract: Contract, other: Contract, tickets: Any, *, at: Any = None, **options: Any) -> Any:
    """See `Contract.what_if`."""
    from servicelevel.sla import Contract

    if not isinstance(other, Contract):
        raise InvalidOptionError(
            f"other: expected a Contract (such as contract.at('2026-07-01')), got {show(other)}"
        )
    frame, back_to_polars = pandas_in(tickets, "tickets: expected a pandas or polars DataFrame")
    ticket = options.pop("ticket", None)
    if ticket is not None:
        frame = frame.set_index(ticket) if ticket in frame.columns else frame
    mine = contract.evaluate(frame, at=at, **options)
    theirs = other.evaluate(frame, at=at, **options)
    metrics = [str(c)[: -len("_state")] for c in mine.columns if str(c).endswith("_state")]
    parts = []
    for m in metrics:
        if f"{m}_state" not in theirs.columns:
            continue
        state, due = mine[f"{m}_state"], mine[f"{m}_due"]
        other_state, other_due = theirs[f"{m}_state"], theirs[f"{m}_due"]
        same_due = (due == other_due) | (due.isna() & other_due.isna())
        changed = ((state != other_state) | ~same_due).to_numpy(dtype=bool)
        if changed.any():
            parts.append(
                pd.DataFrame(
                    {
                        "ticket": frame.index[changed],
                        "metric": m,
                        "state": state[changed].to_numpy(),
                        "due": due[changed].array,
                        "other_state": other_state[changed].to_numpy(),
                        "other_due": other_due[changed].array,
                    }
                )
            )
    if not parts:  # no change: the columns' types as they are with changes (polars keeps them)
        none: Any = mine[f"{metrics[0]}_due"].array[:0] if metrics else pd.array([], "datetime64[us, UTC]")
        text = pd.Series([], dtype="str")
        parts = [pd.DataFrame({"ticket": frame.index[:0], "metric": text, "state": text, "due": none,
                               "other_state": text, "other_due": none})]  # fmt: skip
    out = pd.concat(parts, ignore_index=True)
    if len(out):  # by ticket in the table's order, then by metric in the contract's
        order = pd.Index(frame.index).get_indexer(out["ticket"])
        rank = {m: i for i, m in enumerate(metrics)}
        keys = np.lexsort((out["metric"].map(rank).to_numpy(), order))
        out = out.iloc[keys].reset_index(drop=True)
    return polars_out(out) if back_to_polars else out


def compliance_by_terms(contract: Contract, frame: Any, by: object = ()) -> Any:
    """`compliance` where amendments change a goal: the tickets of each version (by their
    ``reported_at``) counted against its goals, under a first column ``terms`` naming it."""
    table, back_to_polars = pandas_in(frame, "frame: expected the DataFrame that evaluate() returned")
    if "reported_at" not in table.columns:
        raise InvalidTableError(
            "frame: no column 'reported_at'; the contract's amendments change goals from a date, so "
            "each ticket is counted under the terms of its report: keep reported_at in the frame"
        )
    bad = BadRows(table.index)
    reported = instant_column(table, "reported_at", contract.home_calendar, bad, True)
    bad.raise_if_any()
    version = version_of_rows(contract, reported)
    assert version is not None
    parts = []
    for v, c in enumerate(contract.versions):
        rows = version == v
        if not rows.any():
            continue
        part = compliance(table[rows], by, goals=c.compliance_goals())
        part.insert(0, "terms", "terms signed" if c.in_force is None else c.in_force.label)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True) if parts else compliance(table, by)
    return polars_out(out) if back_to_polars else out
