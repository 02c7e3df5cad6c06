"""Availability over a table of outages: one row per service and period, a column at a time.

`Contract.availability` applies the rule of `servicelevel.sla.AvailabilityTarget` to every
service and period of a table. The work is vectorised per service (a loop over the contract's
services, never over outages): outages are merged with a sort and a running maximum of their
ends, split at the period boundaries with ``searchsorted``, and their open time counted by the
calendar's column API (``cal.elapsed`` on ``datetime64`` arrays). Outages of an excluded kind
are merged likewise; a counted outage's time inside one is found by two ``searchsorted`` over
those (sorted, disjoint) spans. The figures then go through `AvailabilityTarget.judge`, the
rule `AvailabilityTarget.measure` applies to one window, so the two cannot disagree.

Under amendments each period is judged by the terms in force on its first day,
``contract.at(period.first)`` (`_periods`): an amendment dated inside a period leaves that period
under the terms of its start, and the next period takes the new ones.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pendulum

from servicelevel.errors import ContractError, InvalidOptionError, InvalidTableError, ServiceLevelError
from servicelevel.frames._input import BadRows, at_us, instant_column, pandas_in, polars_out
from servicelevel.frames._versions import version_of_rows
from servicelevel.sla import Availability, AvailabilityTarget, Period

if TYPE_CHECKING:
    from servicelevel.sla import Contract

__all__ = ["COLUMNS", "availability"]

I64 = npt.NDArray[np.int64]
COLUMNS = ("service", "period", "scheduled", "down", "availability", "target", "met", "credit",
           "credit_amount", "outages")  # fmt: skip
"""The columns of `Contract.availability`'s result, in order (after ``terms`` where amendments
change an availability promise)."""
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
    # the services' promises in each version of the contract; versions promising alike share them
    versions = contract.versions
    promises: list[list[AvailabilityTarget]] = []
    which: list[int] = []
    for version in versions:
        these = [version.availability_targets[n] for n in names]
        if these not in promises:
            promises.append(these)
        which.append(promises.index(these))
    # a row's kind is checked against the kinds in force at its start; each set of promises says
    # which rows it excludes, for the periods it judges
    begun = version_of_rows(contract, a.view("datetime64[us]"))
    terms_at_start = np.zeros(len(a), dtype=np.intp) if begun is None else np.array(which)[begun]
    excluded = [
        _kinds(frame, kind, code, promised, bad, terms_at_start == i) for i, promised in enumerate(promises)
    ]
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
    rows: list[tuple[str, dt.date, Availability, int]] = []
    if lo is not None and hi is not None:
        for s in [service] if service is not None else names:
            position = names.index(s)
            mine = keep & (code == position)
            periods = _periods(contract, s, lo, hi)
            # consecutive periods under one set of promises, counted together
            for run in _runs(periods, which):
                terms = which[run[0][1]]
                first, last = _us(run[0][0].start), _us(run[-1][0].end)
                near = mine & (b > first) & (a < last)  # only these can count in the run
                judged = _service(
                    promises[terms][position],
                    a[near],
                    b[near],
                    excluded[terms][near],
                    [p for p, _ in run],
                    now,
                )
                rows += [(s, p.first, figures, v) for (p, figures), (_, v) in zip(judged, run, strict=True)]
    labels = None
    if any(w != which[0] for w in which):  # amendments change a promise: name the terms of each row
        labels = ["terms signed" if c.in_force is None else c.in_force.label for c in versions]
    result = _table(rows, labels)
    return polars_out(result) if back_to_polars else result


def _periods(contract: Contract, name: str, lo: int, hi: int) -> list[tuple[Period, int]]:
    """The periods of service ``name`` overlapping ``[lo, hi)`` µs, each with the version judging
    it: the one in force on its first day (``contract.at(period.first)``; 0: the terms signed).

    Where an amendment changes the period itself (month to quarter, say) or its calendar's zone,
    the periods are walked: each begins where the one before ended, under the version in force on
    that day, and ends at the next boundary of that version's periods (so the first one under new
    terms may be short); none overlaps another and none is left out.
    """
    days = [a.from_ for a in contract.amendments]
    targets = [v.availability_targets[name] for v in contract.versions]
    first = targets[0]
    if all(t.period == first.period and t.calendar.tz == first.calendar.tz for t in targets):
        return [(p, bisect.bisect_right(days, p.first)) for p in first.periods(_instant(lo), _instant(hi))]
    # from the period of the first amendment's day (or of ``lo`` if earlier), under the terms signed
    since = min(lo, _us(first.midnight(days[0])))
    cursor = _us(first.periods(_instant(since), _instant(since))[0].start)
    zone = first.calendar.tz
    out: list[tuple[Period, int]] = []
    while cursor < hi or not out:
        v = bisect.bisect_right(days, pendulum.instance(_instant(cursor)).in_timezone(zone).date())
        target = targets[v]
        zone = target.calendar.tz
        local = pendulum.instance(_instant(cursor)).in_timezone(zone)
        end = target.periods(_instant(cursor), _instant(cursor))[0].end
        if _us(end) > lo:
            out.append((Period(local.date(), local, end), v))
        cursor = _us(end)
    return out


def _runs(periods: list[tuple[Period, int]], which: list[int]) -> list[list[tuple[Period, int]]]:
    """The periods (with their version) cut where the promises judging them (``which[version]``)
    change."""
    out: list[list[tuple[Period, int]]] = []
    for p in periods:
        if out and which[out[-1][-1][1]] == which[p[1]]:
            out[-1].append(p)
        else:
            out.append([p])
    return out


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
    checked: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Whether each row is of a kind its service excludes under ``targets``; the unknown or empty
    kinds of the ``checked`` rows noted as bad."""
    n = len(frame)
    if column not in frame.columns:
        return np.zeros(n, dtype=bool)  # no kind given: every outage counts
    kinds, uniques = pd.factorize(frame[column].to_numpy(dtype=object))
    shown = [str(u) for u in uniques]
    known = np.array([[u in t.kinds for u in uniques] + [False] for t in targets], dtype=bool)
    out = np.array([[u in t.exclude for u in uniques] + [False] for t in targets], dtype=bool)
    ok = code >= 0
    for i in np.flatnonzero(ok & checked & (kinds < 0)):
        bad.add([int(i)], f"{column}: empty; name the outage's kind ({', '.join(targets[code[i]].kinds)})")
    for i in np.flatnonzero(ok & checked & (kinds >= 0) & ~known[np.maximum(code, 0), kinds]):
        t = targets[code[i]]
        kinds_known = ", ".join(t.kinds)
        bad.add([int(i)], f"{column}: unknown outage kind {shown[kinds[i]]!r}; the kinds are {kinds_known}")
    return np.asarray(ok & out[np.maximum(code, 0), kinds], dtype=bool)


def _service(
    target: AvailabilityTarget,
    a: I64,
    b: I64,
    excluded: npt.NDArray[np.bool_],
    periods: list[Period],
    now: int | None,
) -> list[tuple[Period, Availability]]:
    """One service's consecutive ``periods``: each one's figures, judged by ``target``."""
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
            p,
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


def _table(rows: list[tuple[str, dt.date, Availability, int]], labels: list[str] | None) -> pd.DataFrame:
    """The result as pandas: durations as ``timedelta64[us]``, shares and money as arrow decimals
    (`Decimal` objects where pyarrow is not installed: exact either way); with ``labels`` (a name
    per version), a first column ``terms`` naming each row's."""
    try:
        import pyarrow as pa
    except ImportError:
        pa = None

    def decimals(values: list[Any], scale: int, precision: int) -> Any:
        if pa is None:
            return pd.Series(values, dtype=object)
        return pd.Series(values, dtype=pd.ArrowDtype(pa.decimal128(precision, scale)))

    figures = [r for _, _, r, _ in rows]
    out = pd.DataFrame(
        {
            "service": pd.Series([s for s, _, _, _ in rows], dtype=object),
            "period": pd.Series(
                [first for _, first, _, _ in rows], dtype=object if pa is None else pd.ArrowDtype(pa.date32())
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
    if labels is not None:
        out.insert(0, "terms", pd.Series([labels[v] for *_, v in rows], dtype=object))
    return out


def _durations(values: list[dt.timedelta]) -> npt.NDArray[np.timedelta64]:
    return np.array([v // _US for v in values], dtype=np.int64).view("timedelta64[us]")
