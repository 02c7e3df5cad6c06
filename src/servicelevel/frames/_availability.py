"""Availability over a table of outages: one row per service and period, a column at a time.

`Contract.availability` applies the rule of `servicelevel.sla.AvailabilityTarget` to every
service and period of a table. The work is vectorised per service (a loop over the contract's
services, never over outages): outages are merged with a sort and a running maximum of their
ends, split at the period boundaries with ``searchsorted``, and their open time counted by the
calendar's column API (``cal.elapsed`` on ``datetime64`` arrays). Outages of an excluded kind
are merged likewise; a counted outage's time inside one is found by two ``searchsorted`` over
those (sorted, disjoint) spans. The figures then go through `AvailabilityTarget.judge`, the
rule `AvailabilityTarget.measure` applies to one window, so the two cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.errors import ContractError, InvalidOptionError, InvalidTableError, ServiceLevelError
from servicelevel.frames._input import BadRows, at_us, instant_column, pandas_in, polars_out
from servicelevel.sla import Availability, AvailabilityTarget

if TYPE_CHECKING:
    from servicelevel.sla import Contract

__all__ = ["COLUMNS", "availability"]

I64 = npt.NDArray[np.int64]
COLUMNS = ("service", "period", "scheduled", "down", "availability", "target", "met", "credit",
           "credit_amount", "outages")  # fmt: skip
"""The columns of `Contract.availability`'s result, in order."""
_US = dt.timedelta(microseconds=1)


def availability(
    contract: Contract,
    outages: Any,
    *,
    service: str | None = None,
    start: str = "start",
    end: str = "end",
    kind: str = "kind",
    service_column: str = "service",
    at: Any = None,
) -> Any:
    """See `Contract.availability`."""
    frame, back_to_polars = pandas_in(outages, "outages: expected a pandas or polars DataFrame")
    for option, value in (("start", start), ("end", end), ("kind", kind), ("service_column", service_column)):
        if not isinstance(value, str):
            raise InvalidOptionError(f"{option}: expected a column name, got {value!r}")
    targets = dict(contract.availability_targets.items())
    if not targets:
        raise ContractError("availability: the contract promises no availability; add [availability.NAME]")
    if service is not None:
        try:
            contract.availability_target(service)
        except ServiceLevelError as exc:
            raise exc.restated("service") from None
    for name in (start, end):
        if name not in frame.columns:
            raise InvalidTableError(
                f"outages: no column {name!r}; expected two instant columns (start={start!r}, end={end!r}: "
                "pass start= and end= to name others, e.g. reported_at and restored_at)"
            )
    names = list(targets)
    bad = BadRows(frame.index)
    home = contract.home_calendar
    a = instant_column(frame, start, home, bad, True).view(np.int64)
    b = instant_column(frame, end, home, bad, True).view(np.int64)
    nat = np.iinfo(np.int64).min
    code = _services(frame, service_column, service, names, bad)
    excluded = _kinds(frame, kind, code, [targets[n] for n in names], bad)
    for i in np.flatnonzero(a == nat):
        bad.add([int(i)], f"{start}: an outage needs a start")
    for i in np.flatnonzero((a != nat) & (b != nat) & (b < a)):
        bad.add([int(i)], f"{end}: the outage ends before it starts")
    now = at_us(contract, at)
    if now is None:
        for i in np.flatnonzero((a != nat) & (b == nat)):
            bad.add([int(i)], f"{end}: the outage is still open (empty end); pass at= to measure up to then")
    bad.raise_invalid("outage")
    if now is not None:  # as of ``at``: open outages run to it, what begins later has not happened
        b = np.where(b == nat, now, np.minimum(b, now))
    wanted = code >= 0 if service is None else code == names.index(service)
    # an outage of no length still spans periods; one starting at or after ``at`` has not begun
    keep = wanted & (a <= b) & (True if now is None else a < now)
    # the periods from the first outage's to the last end's, or to ``at``'s: the same for every service
    lo = int(a[keep].min()) if keep.any() else None if now is None else now - 1
    hi = now if now is not None else int(b[keep].max()) if keep.any() else None
    rows: list[tuple[str, dt.date, Availability]] = []
    if lo is not None and hi is not None:
        for s in [service] if service is not None else names:
            mine = keep & (code == names.index(s))
            rows += [(s, *r) for r in _service(targets[s], a[mine], b[mine], excluded[mine], lo, hi, now)]
    result = _table(rows)
    return polars_out(result) if back_to_polars else result


def _services(
    frame: pd.DataFrame, column: str, service: str | None, names: list[str], bad: BadRows
) -> npt.NDArray[np.intp]:
    """Each row's service as a position in ``names`` (-1: a bad row, noted)."""
    n = len(frame)
    if column not in frame.columns:
        if service is None:
            if len(names) > 1:
                raise InvalidTableError(
                    f"outages: no column {column!r}, and the contract promises availability of "
                    f"{', '.join(names)}; pass service= or a column naming each row's service"
                )
            service = names[0]
        return np.full(n, names.index(service), dtype=np.intp)
    values = frame[column].to_numpy(dtype=object)
    empty = pd.isna(values)
    keys = values.copy()
    keys[empty] = None  # NaN, NaT, pd.NA: one missing value, never a service
    code = np.asarray(pd.Index(names, dtype=object).get_indexer(pd.Index(keys, dtype=object)), dtype=np.intp)
    for i in np.flatnonzero(empty):
        bad.add([int(i)], f"{column}: empty; name the outage's service ({', '.join(names)})")
    for i in np.flatnonzero((code < 0) & ~empty):
        bad.add(
            [int(i)],
            f"{column}: unknown service {values[i]!r}; the contract promises availability of "
            + ", ".join(names),
        )
    return code


def _kinds(
    frame: pd.DataFrame,
    column: str,
    code: npt.NDArray[np.intp],
    targets: list[AvailabilityTarget],
    bad: BadRows,
) -> npt.NDArray[np.bool_]:
    """Whether each row is of a kind its service excludes; unknown or empty kinds noted as bad."""
    n = len(frame)
    if column not in frame.columns:
        return np.zeros(n, dtype=bool)  # no kind given: every outage counts
    kinds, uniques = pd.factorize(frame[column].to_numpy(dtype=object))
    shown = [str(u) for u in uniques]
    known = np.array([[u in t.kinds for u in uniques] + [False] for t in targets], dtype=bool)
    out = np.array([[u in t.exclude for u in uniques] + [False] for t in targets], dtype=bool)
    ok = code >= 0
    for i in np.flatnonzero(ok & (kinds < 0)):
        bad.add([int(i)], f"{column}: empty; name the outage's kind ({', '.join(targets[code[i]].kinds)})")
    for i in np.flatnonzero(ok & (kinds >= 0) & ~known[np.maximum(code, 0), kinds]):
        t = targets[code[i]]
        kinds_known = ", ".join(t.kinds)
        bad.add([int(i)], f"{column}: unknown outage kind {shown[kinds[i]]!r}; the kinds are {kinds_known}")
    return np.asarray(ok & out[np.maximum(code, 0), kinds], dtype=bool)


def _service(
    target: AvailabilityTarget,
    a: I64,
    b: I64,
    excluded: npt.NDArray[np.bool_],
    lo: int,
    hi: int,
    now: int | None,
) -> list[tuple[dt.date, Availability]]:
    """One service's periods over ``[lo, hi)``: each period's figures, judged by the target."""
    periods = target.periods(_instant(lo), _instant(hi))
    bounds = np.array([_us(p.start) for p in periods] + [_us(periods[-1].end)], dtype=np.int64)
    if now is not None:
        bounds[-1] = min(bounds[-1], now)  # ``at`` ends the current period's measurement
    n = len(periods)
    cal = target.calendar
    xs, xe, xk = _split(*_merge(a[excluded], b[excluded]), bounds)
    cs, ce, ck = _split(*_merge(a[~excluded], b[~excluded]), bounds)
    planned = _open(cal, xs, xe)
    # each counted piece's open time inside the planned pieces (sorted and disjoint: a range of them)
    first = np.searchsorted(xe, cs, "right")
    count = np.maximum(np.searchsorted(xs, ce, "left") - first, 0)
    owner = np.repeat(np.arange(len(cs)), count)
    at = first[owner] + (np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count))
    overlap = _open(cal, np.maximum(cs[owner], xs[at]), np.minimum(ce[owner], xe[at]))
    sums = np.concatenate([[0], np.cumsum(overlap)])
    ends = np.cumsum(count)
    lost = _open(cal, cs, ce) - (sums[ends] - sums[ends - count])
    scheduled = _open(cal, bounds[:-1], np.maximum(bounds[1:], bounds[:-1])) - _per(xk, planned, n)
    down = _per(ck, lost, n)
    counted = np.bincount(ck[lost > 0], minlength=n)
    return [
        (
            p.first,
            target.judge(
                int(scheduled[k]) * _US,
                int(down[k]) * _US,
                outages=int(counted[k]),
                start=p.start,
                end=_instant(int(bounds[k + 1])),
            ),
        )
        for k, p in enumerate(periods)
    ]


def _merge(a: I64, b: I64) -> tuple[I64, I64]:
    """Spans merged where they overlap or touch: a sort by start and a running maximum of the ends."""
    if not len(a):
        return a, b
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    reach = np.maximum.accumulate(b)
    new = np.ones(len(a), dtype=bool)
    new[1:] = a[1:] > reach[:-1]
    heads = np.flatnonzero(new)
    return a[heads], reach[np.r_[heads[1:] - 1, len(a) - 1]]


def _split(s: I64, e: I64, bounds: I64) -> tuple[I64, I64, npt.NDArray[np.intp]]:
    """Spans cut at the period boundaries: the pieces, in order, and each piece's period."""
    s, e = np.maximum(s, bounds[0]), np.minimum(e, bounds[-1])
    inside = s < e
    s, e = s[inside], e[inside]
    first = np.searchsorted(bounds, s, "right") - 1
    pieces = np.searchsorted(bounds, e, "left") - first
    owner = np.repeat(np.arange(len(s)), pieces)
    k = first[owner] + (np.arange(len(owner)) - np.repeat(np.cumsum(pieces) - pieces, pieces))
    return np.maximum(s[owner], bounds[k]), np.minimum(e[owner], bounds[k + 1]), k


def _open(cal: Any, a: I64, b: I64) -> I64:
    """The calendar's open time in each ``[a, b)`` µs, in µs (the column API)."""
    if not len(a):
        return np.zeros(0, dtype=np.int64)
    spent = cal.elapsed(a.view("datetime64[us]"), b.view("datetime64[us]"))
    return np.asarray(spent).view(np.int64)


def _per(period: npt.NDArray[np.intp], values: I64, n: int) -> I64:
    """Integer sums of ``values`` per period (exact: no float weights)."""
    out = np.zeros(n, dtype=np.int64)
    np.add.at(out, period, values)
    return out


def _us(t: dt.datetime) -> int:
    return dt.datetime.__sub__(t, dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // _US


def _instant(us: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + us * _US


def _table(rows: list[tuple[str, dt.date, Availability]]) -> pd.DataFrame:
    """The result as pandas: durations as ``timedelta64[us]``, shares and money as arrow decimals
    (`Decimal` objects where pyarrow is not installed: exact either way)."""
    try:
        import pyarrow as pa
    except ImportError:
        pa = None

    def decimals(values: list[Any], scale: int, precision: int) -> Any:
        if pa is None:
            return pd.Series(values, dtype=object)
        return pd.Series(values, dtype=pd.ArrowDtype(pa.decimal128(precision, scale)))

    figures = [r for _, _, r in rows]
    return pd.DataFrame(
        {
            "service": pd.Series([s for s, _, _ in rows], dtype=object),
            "period": pd.Series(
                [first for _, first, _ in rows], dtype=object if pa is None else pd.ArrowDtype(pa.date32())
            ),
            "scheduled": _durations([r.scheduled for r in figures]),
            "down": _durations([r.down for r in figures]),
            "availability": decimals([r.availability for r in figures], 12, 13),
            "target": decimals([r.target for r in figures], 12, 13),
            "met": np.array([r.met for r in figures], dtype=bool),
            "credit": decimals([r.credit for r in figures], 12, 13),
            "credit_amount": decimals([r.credit_amount for r in figures], 2, 28),
            "outages": np.array([r.outages for r in figures], dtype=np.int64),
        },
        columns=list(COLUMNS),
    )


def _durations(values: list[dt.timedelta]) -> npt.NDArray[np.timedelta64]:
    return np.array([v // _US for v in values], dtype=np.int64).view("timedelta64[us]")
