"""Penalties over tables: the ``*_penalty`` columns of `evaluate`, and a month's statement.

The amounts come from the one rule (`servicelevel.sla.engine.charge`) applied to a column of
lateness, in integers (µs, minor units of the currency); they leave as decimal columns (pyarrow
``decimal128`` in pandas, ``pl.Decimal`` in polars), never float. A month is the month of the due
in the contract's home calendar zone, and its total is capped by the contract's ``monthly_cap``:
the cut is a column of its own, not hidden.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.errors import InvalidOptionError, InvalidTableError, show
from servicelevel.frames._input import pandas_in, polars_out
from servicelevel.sla import STATES, PenaltyTerms
from servicelevel.sla.engine import charge, from_minor, month_payable

if TYPE_CHECKING:
    from collections.abc import Mapping

    from servicelevel.sla import Contract

__all__ = ["add_penalty", "decimal_column", "minor_of", "penalties", "penalty_column", "penalty_metrics"]

_BREACHED = np.int8(STATES.index("breached"))
_WIDE = 1 << 62  # products beyond it are computed in Python integers (exact, slower)


def penalty_metrics(contract: Contract) -> list[str]:
    """The metrics some level's target puts a penalty on, in the contract's order — in any of its
    versions, so that a penalty an amendment adds is charged too."""
    seen = dict.fromkeys(
        name
        for version in contract.versions
        for lv in version.levels
        for name, t in lv.targets.items()
        if t.penalty is not None
    )
    return list(seen)


def add_penalty(
    into: dict[str, Any],
    contract: Contract,
    metric: str,
    in_level: Mapping[str, npt.NDArray[np.bool_]],
    judged: tuple[Any, npt.NDArray[np.int8], npt.NDArray[np.timedelta64], Any],
) -> None:
    """``<metric>_penalty`` beside a metric's columns (`evaluate` and `replay` alike), where some
    level's target puts a penalty on it."""
    if metric in penalty_metrics(contract):
        into[f"{metric}_penalty"] = penalty_column(contract, metric, in_level, judged[1], judged[2])


def penalty_column(
    contract: Contract,
    metric: str,
    in_level: Mapping[str, npt.NDArray[np.bool_]],
    state: npt.NDArray[np.int8],
    margin: npt.NDArray[np.timedelta64],
) -> Any:
    """The penalty of ``metric`` in every row, by its level's rule: 0 where the promise was not
    breached, missing where the row's level puts no penalty on it."""
    terms = contract.penalty_terms or PenaltyTerms()
    n = len(state)
    minor = np.zeros(n, dtype=np.int64)
    valid = np.zeros(n, dtype=bool)
    breached = state == _BREACHED
    # the business time past the due, as the margin measures it (negative when late)
    late = np.maximum(-np.where(np.isnat(margin), 0, margin.astype(np.int64)), 0)
    for lv in contract.levels:
        target = lv.target(metric)
        if target is None or target.penalty is None:
            continue
        rows = in_level[lv.key]
        valid |= rows
        sel = rows & breached
        if not sel.any():
            continue
        rule = target.penalty.minor(terms.digits)
        lateness: Any = late[sel]
        if int(lateness.max()) * max(rule.amount, 1) * 2 >= _WIDE:
            lateness = lateness.astype(object)  # Python integers: no overflow
        _units, amount, _uncapped = charge(np, rule, lateness, True)
        minor[sel] = np.asarray(amount, dtype=np.int64)
    return decimal_column(minor, valid, terms.digits)


def decimal_column(minor: npt.NDArray[np.int64], valid: npt.NDArray[np.bool_] | None, digits: int) -> Any:
    """Minor units as an exact decimal column: pyarrow ``decimal128(38, digits)`` (a Decimal object
    column where pyarrow is not installed)."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - the columns extra installs pyarrow
        ok = np.ones(len(minor), dtype=bool) if valid is None else valid
        return pd.Series(
            [from_minor(int(v), digits) if k else None for v, k in zip(minor, ok, strict=True)]
        ).array
    n = len(minor)
    words = np.empty((n, 2), dtype="<i8")  # a decimal128 is a little-endian 128-bit integer
    words[:, 0] = minor
    words[:, 1] = minor >> 63  # the sign, extended
    if sys.byteorder != "little":  # pragma: no cover - numpy wrote them little-endian as asked
        raise RuntimeError("decimal columns are built little-endian")
    mask = None if valid is None or valid.all() else pa.array(valid).buffers()[1]
    array = pa.Array.from_buffers(
        pa.decimal128(38, digits), n, [mask, pa.py_buffer(words.tobytes())], null_count=-1
    )
    return pd.arrays.ArrowExtensionArray(array)


def minor_of(column: pd.Series[Any], digits: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """A penalty column back in minor units, and where it has a value: off the decimal128 buffer
    (the low 64 bits of each 128-bit integer) where the column is the one `evaluate` made."""
    present = column.notna().to_numpy(dtype=bool)
    dtype = column.dtype
    if isinstance(dtype, pd.ArrowDtype):
        import pyarrow as pa

        kind = dtype.pyarrow_dtype
        if pa.types.is_decimal128(kind) and kind.scale == digits:
            array = pa.array(column.array)
            if isinstance(array, pa.ChunkedArray):
                array = array.combine_chunks()
            lo = 2 * array.offset
            words = np.frombuffer(array.buffers()[1], dtype="<i8")[lo : lo + 2 * len(array)]
            return np.where(present, words[0::2], 0).astype(np.int64), present
    values = [
        0 if not ok else int(Decimal(v).scaleb(digits))
        for v, ok in zip(column.tolist(), present, strict=True)
    ]
    return np.asarray(values, dtype=np.int64), present


def penalties(contract: Contract, evaluated: Any, by: str = "month") -> Any:
    """See `Contract.penalties`."""
    if by not in ("month", "ticket"):
        raise InvalidOptionError(f"by: expected 'month' or 'ticket', got {show(by)}", field="by")
    frame, back_to_polars = pandas_in(
        evaluated, "evaluated: expected the pandas or polars table evaluate gave"
    )
    metrics = penalty_metrics(contract)
    terms = contract.penalty_terms or PenaltyTerms()
    digits = terms.digits
    tz = contract.home_calendar.tz
    parts = []
    for metric in metrics:
        for suffix in ("penalty", "due", "margin"):
            if f"{metric}_{suffix}" not in frame.columns:
                raise InvalidTableError(
                    f"evaluated: no column {metric}_{suffix}; pass the table contract.evaluate(...) or "
                    "contract.replay(...) gave for this contract",
                    field="evaluated",
                )
        minor, present = minor_of(frame[f"{metric}_penalty"], digits)
        rows = np.flatnonzero(present & (minor > 0))
        due = pd.DatetimeIndex(frame[f"{metric}_due"].to_numpy()[rows])
        due = due.tz_localize("UTC") if due.tz is None else due
        margin = frame[f"{metric}_margin"].to_numpy()[rows].astype("timedelta64[us]")
        labels = frame["ticket"].to_numpy() if "ticket" in frame.columns else frame.index.to_numpy()
        parts.append(
            pd.DataFrame(
                {
                    "ticket": labels[rows],
                    "metric": metric,
                    "due": due.tz_convert(tz),
                    "late": np.maximum(-margin, np.timedelta64(0, "us")),
                    "minor": minor[rows],
                }
            )
        )
    items = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(
            {"ticket": [], "metric": [], "due": pd.DatetimeIndex([], tz=tz), "late": [], "minor": []}
        )
    )
    items["month"] = items["due"].dt.tz_localize(None).dt.to_period("M").dt.start_time.dt.date
    items = items.sort_values(["due", "ticket", "metric"], kind="stable", ignore_index=True)
    if by == "ticket":
        out = items[["ticket", "metric", "due", "month", "late"]].copy()
        out["amount"] = decimal_column(items["minor"].to_numpy(dtype=np.int64), None, digits)
    else:
        out = _months(items, terms)
    if back_to_polars:
        return polars_out(out)
    return out


def _months(items: pd.DataFrame, terms: PenaltyTerms) -> pd.DataFrame:
    """One row per month: breaches, tickets, the raw total, the cap, what is payable and the cut."""
    digits = terms.digits
    cap = terms.cap_of_month()
    grouped = items.groupby("month", sort=True)
    months = list(grouped.groups)
    raw = [int(v) for v in grouped["minor"].sum().to_numpy()]
    payable, cut = [], []
    for total in raw:
        pay, less = month_payable(from_minor(total, digits), cap)
        payable.append(int(pay.scaleb(digits)))
        cut.append(int(less.scaleb(digits)))
    n = len(months)
    cap_minor = np.full(n, 0 if cap is None else int(cap.scaleb(digits)), dtype=np.int64)
    return pd.DataFrame(
        {
            "month": months,
            "currency": terms.currency,
            "charged": grouped.size().to_numpy(),  # ticket × metric breaches that carry a penalty
            "tickets": grouped["ticket"].nunique().to_numpy(),
            "raw": decimal_column(np.asarray(raw, dtype=np.int64), None, digits),
            "cap": decimal_column(cap_minor, None if cap is not None else np.zeros(n, dtype=bool), digits),
            "payable": decimal_column(np.asarray(payable, dtype=np.int64), None, digits),
            "cut": decimal_column(np.asarray(cut, dtype=np.int64), None, digits),
        }
    )
