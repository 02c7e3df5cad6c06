"""A ticket system's audit log replayed: status rows in, one row of SLA results per ticket out.

Each row of the log is a ticket's status and level after an update. The rows
are read through the contract's `Workflow` by the one reading of a status log
(`servicelevel.sla.transitions`, a column at a time where a ticket lives one
cycle in one level); such a ticket is checked and its clocks are read as
`evaluate` reads a table's, and a ticket that reopens or changes level is
folded by `Incident`'s own fold (`clock_runs`). Then every ticket is judged at
once, metric by metric, by `judge_metric` (`evaluate`'s judging, the one clock
rule `verdict`), so the table answers as `Incident.from_log` does.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from attrs import define

from servicelevel.errors import IncidentError, InvalidRowsError, ServiceLevelError
from servicelevel.frames._evaluate import (
    _clocks,
    _column,
    _outside,
    _Rows,
    at_utc,
    prepare,
    promised,
    states_from_codes,
)
from servicelevel.frames._judge import NAT, Clocks, halving, judge_metric, level_masks
from servicelevel.sla import NEVER, Event, Incident, check_history, clock_runs, transitions

if TYPE_CHECKING:
    from servicelevel.calendar import BusinessCalendar
    from servicelevel.sla import Contract

__all__ = ["replay"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_SHOWN = 20
_EVENTS = ("responded", "arrived", "restored", "resolved", "reported_back")


class _LogRows:
    """Bad log rows: (ticket, row label, message), raised together."""

    def __init__(self, index: pd.Index[Any], tickets: pd.Series[Any]) -> None:
        self.index, self.tickets = index, tickets
        self.entries: dict[int, tuple[object, object, str]] = {}

    def add(self, positions: Any, message: str) -> None:
        for p in np.asarray(positions).tolist():
            if p not in self.entries:
                label = self.index[int(p)]
                label = label.item() if isinstance(label, np.generic) else label
                ticket = self.tickets.iloc[int(p)]
                ticket = ticket.item() if isinstance(ticket, np.generic) else ticket
                self.entries[int(p)] = (ticket, label, message)

    def raise_if_any(self) -> None:
        if not self.entries:
            return
        entries = sorted(self.entries.items())
        shown = "; ".join(f"ticket {t!r} row {lb!r}: {m}" for _, (t, lb, m) in entries[:_SHOWN])
        more = f" (and {len(entries) - _SHOWN} more)" if len(entries) > _SHOWN else ""
        raise InvalidRowsError(
            f"{len(entries)} log rows cannot be replayed: {shown}{more}; InvalidRowsError.entries lists "
            "every (ticket, row, message)",
            {lb: m for _, (_, lb, m) in entries},
            entries=[e for _, e in entries],
        )


def _check_columns(log: pd.DataFrame, given: dict[str, str | None]) -> None:
    columns = [str(c) for c in log.columns]
    for what, name in given.items():
        if name is None or name in log.columns:
            continue
        lower = {c.lower(): c for c in columns}
        close = [lower[str(name).lower()]] if str(name).lower() in lower else []
        close = close or difflib.get_close_matches(str(name), columns, n=1, cutoff=0.5)
        key = str(name).lower()
        close = close or [c for c in columns if key and (key in c.lower() or c.lower() in key)][:1]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise IncidentError(f"{what}: no column {name!r} in the log{hint}; it has {', '.join(columns[:30])}")


def _times(
    log: pd.DataFrame, name: str, cal: BusinessCalendar, fmt: str | None, rows: _LogRows
) -> npt.NDArray[np.datetime64]:
    """A time column as UTC ``datetime64[us]``: aware datetimes, ISO text, or text in ``fmt`` (read in
    the calendar's zone, vectorised)."""
    s = log[name]
    if fmt is None:
        evaluate_rows = _Rows(pd.RangeIndex(len(log)))
        out = _column(log, name, cal, evaluate_rows, True)
        for pos, message in evaluate_rows.bad.items():
            if "is not an ISO 8601" in message:
                value = s.iloc[int(pos)]  # type: ignore[call-overload]
                message = (
                    f"{name}: {value!r} is not ISO 8601 text such as '2026-03-02T10:00+08:00'; for another "
                    "layout pass time_format= (e.g. '%d/%m/%Y %H:%M')"
                )
            rows.add([int(pos)], message)  # type: ignore[call-overload]
        return out
    parsed = pd.to_datetime(s, format=fmt, errors="coerce")
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        aware = parsed
    else:
        aware = parsed.dt.tz_localize(cal.tz, ambiguous="NaT", nonexistent="NaT")
    out = aware.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[us]")
    bad = np.isnat(out) & s.notna().to_numpy()
    if bad.any():
        for i in np.flatnonzero(bad).tolist():
            rows.add(
                [i],
                f"{name}: {s.iloc[i]!r} does not match the format {fmt!r} in {cal.tz} (or is not a "
                "time of that day: a clock change)",
            )
    return out


def replay(
    contract: Contract,
    log: Any,
    *,
    ticket: str,
    time: str,
    status: str,
    level: str,
    order: str | None = None,
    reported: str | None = None,
    region: str | None = None,
    at: Any = None,
    time_format: str | None = None,
    out_of_term: bool = False,
) -> Any:
    """See `Contract.replay`."""
    back_to_polars = False
    if type(log).__module__.partition(".")[0] == "polars":
        log, back_to_polars = log.to_pandas(), True
    if not isinstance(log, pd.DataFrame):
        raise IncidentError(f"log: expected a pandas or polars DataFrame, got {type(log).__name__}")
    workflow = contract.workflow
    if workflow is None:
        raise IncidentError(
            "workflow: the contract has no [workflow] table mapping the log's statuses to "
            "new/working/paused/resolved/closed; add one (see the docs page on replaying logs)"
        )
    given = {"ticket": ticket, "time": time, "status": status, "level": level, "order": order,
             "reported": reported, "region": region}  # fmt: skip
    _check_columns(log, given)
    home = next(iter(contract.calendars.values()))
    n = len(log)
    bad = _LogRows(log.index, log[ticket])
    bad.add(np.flatnonzero(log[ticket].isna().to_numpy()), f"{ticket}: missing ticket label")
    times = _times(log, time, home, time_format, bad)
    missing = np.isnat(times) & log[time].isna().to_numpy()
    bad.add(np.flatnonzero(missing), f"{time}: missing; every log row needs the time of its update")
    rep = _times(log, reported, home, time_format, bad) if reported is not None else None
    # statuses and levels: each distinct value read once
    codes, values = pd.factorize(log[status], use_na_sentinel=True)
    acts = []
    for k, value in enumerate(values):
        try:
            acts.append(workflow.action(value))
        except IncidentError as exc:
            bad.add(np.flatnonzero(codes == k), str(exc).replace("status: ", f"{status}: ", 1))
            acts.append("new")
    bad.add(np.flatnonzero(codes < 0), f"{status}: missing")
    lcodes, lvalues = pd.factorize(log[level], use_na_sentinel=True)
    known = {lv.key for lv in contract.levels}
    keys: list[object] = []
    for k, value in enumerate(lvalues):
        key = workflow.level(value)
        if key not in known:
            mapped = ", ".join(repr(lb) for lb, _ in workflow.levels) or "none"
            bad.add(
                np.flatnonzero(lcodes == k),
                f"{level}: unknown level {value!r}; the workflow maps {mapped} and the contract defines "
                f"{', '.join(sorted(known))}",
            )
        keys.append(key)
    tcodes, labels = pd.factorize(log[ticket], use_na_sentinel=True)
    regions = log[region].to_numpy(dtype=object) if region is not None else None
    bad.raise_if_any()
    # in (ticket, time, order, position) order: tickets are then numbered as they first appear
    tie = _ties(log[order], order) if order is not None else np.zeros(n, dtype=np.int64)
    stamps = times.astype(np.int64)
    perm = _order(tcodes, stamps, tie)
    level_keys = [lv.key for lv in contract.levels]
    key_code = np.array([level_keys.index(k) if k in level_keys else -1 for k in keys] + [-1], dtype=np.int64)
    codes_sorted = key_code[np.where(lcodes < 0, len(keys), lcodes)][perm]
    act_code = np.array([_ACTION[a] for a in acts] or [0], dtype=np.int8)[np.maximum(codes, 0)][perm]
    sorted_ = _Sorted(tcodes[perm], stamps[perm], act_code, codes_sorted)
    # the log's columns are read: free them (a million tickets' log holds ~400 MB of them)
    del times, missing, codes, lcodes, tcodes, tie, stamps, codes_sorted, act_code
    read = _read(contract, labels, perm, sorted_, level_keys, rep, regions, _at(contract, at), bad)
    del sorted_, perm, rep, regions
    return _assemble(contract, labels, read, at, out_of_term, ticket, back_to_polars)


def _ties(column: pd.Series[Any], name: str) -> npt.NDArray[Any]:
    """The order column as numbers or instants that sort as its values do; a missing value sorts
    after every other (as numpy sorts NaN), whatever the column's type."""
    values = column.to_numpy()
    if values.dtype.kind in "biufmM":
        return values
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    try:  # Python's own comparison: text against numbers is refused, not ordered by a guess
        ranked = sorted(range(len(uniques)), key=lambda i: uniques[i])
    except TypeError:
        kinds = sorted({type(v).__name__ for v in uniques})
        raise IncidentError(
            f"{name}: the order column mixes values that do not compare ({', '.join(kinds)}); give "
            "numbers, or text of one kind"
        ) from None
    rank = np.empty(len(uniques) + 1, dtype=np.int64)
    rank[ranked] = np.arange(len(uniques))
    rank[-1] = len(uniques)  # missing (code -1): after every value
    return rank[codes]


def _order(tcodes: npt.NDArray[np.intp], stamps: npt.NDArray[np.int64], tie: npt.NDArray[Any]) -> Any:
    """The rows in (ticket, time, order) order, by a stable sort: rows equal in all keys keep their
    order in the log. Exported logs come grouped by ticket or in time order, so a stable sort by
    ticket alone mostly finishes the job (timsort takes the runs as they are); the full
    three-key sort runs only where some ticket's rows are still out of (time, order) order, or
    where the order column has gaps (which the full sort puts last, and no comparison sees)."""
    if tie.dtype.kind in "fmM" and pd.isna(tie).any():
        return np.lexsort((tie, stamps, tcodes))
    if not len(tcodes) or (tcodes[1:] >= tcodes[:-1]).all():  # grouped as numbered: no sort, no copy
        perm, c, u, t = np.arange(len(tcodes)), tcodes, stamps, tie
    else:
        perm = np.argsort(tcodes, kind="stable")
        c, u, t = tcodes[perm], stamps[perm], tie[perm]
    step = u[1:] - u[:-1]
    same = c[1:] == c[:-1]
    if not (same & ((step < 0) | ((step == 0) & (t[1:] < t[:-1])))).any():
        return perm
    return np.lexsort((tie, stamps, tcodes))


def _refuse(labels: pd.Index[Any], refused: dict[str, dict[int, str]]) -> None:
    """Raise for every ticket refused (by ticket number, under what refused it), named together in
    the log's order; nothing if none is."""
    kinds = [what for what, bad in refused.items() if bad]
    if kinds:
        every = {k: message for bad in refused.values() for k, message in bad.items()}
        what = kinds[0] if len(kinds) == 1 else "tickets cannot be replayed"
        _tickets_error(what, {labels[k]: every[k] for k in sorted(every)})


def _tickets_error(what: str, bad: dict[object, str]) -> None:
    """Whole tickets that cannot be replayed, named: ``.rows`` by ticket, ``.entries`` as
    (ticket, None, message) — no one row of the log is to blame."""
    shown = "; ".join(f"ticket {t!r}: {m}" for t, m in list(bad.items())[:_SHOWN])
    more = f" (and {len(bad) - _SHOWN} more)" if len(bad) > _SHOWN else ""
    count = f"{len(bad)} ticket{'s' if len(bad) != 1 else ''}"
    raise InvalidRowsError(
        f"{count}: {what}: {shown}{more}", bad, entries=[(t, None, m) for t, m in bad.items()]
    )


def _at(contract: Contract, at: Any) -> int | None:
    """``at`` as epoch µs (None: not given), named in errors as the option it is."""
    return None if at is None else int(at_utc(contract, at).astype(np.int64))


def _dt(u: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(microseconds=u)


_ACTION = {"new": 0, "working": 1, "paused": 2, "resolved": 3, "closed": 4}
_NAMES = ("new", "working", "paused", "resolved", "closed")
_NEW, _WORKING, _PAUSED, _RESOLVED = 0, 1, 2, 3
_NAT_I = np.iinfo(np.int64).min


class _Sorted:
    """The log in (ticket, time, order) order: ticket numbers, µs, action codes, level codes (-1:
    missing), with each ticket's first row, and the rows as numbers within their ticket."""

    def __init__(
        self,
        ticket: npt.NDArray[np.intp],
        time: npt.NDArray[np.int64],
        action: npt.NDArray[np.int8],
        level: npt.NDArray[np.int64],
    ) -> None:
        self.ticket, self.time, self.action, self.level = ticket, time, action, level
        n = len(ticket)
        self.first = np.r_[True, ticket[1:] != ticket[:-1]] if n else np.zeros(0, dtype=bool)
        self.starts = np.flatnonzero(self.first)
        self.ends = np.r_[self.starts[1:], n] - 1  # each ticket's last row
        self.group = np.repeat(np.arange(len(self.starts)), self.ends - self.starts + 1)

    def ffill(self, valid: npt.NDArray[np.bool_]) -> npt.NDArray[np.intp]:
        """For each row, the last row of its ticket at or before it where ``valid`` (or the ticket's
        first row)."""
        src = np.where(valid | self.first, np.arange(len(valid)), 0)
        return np.maximum.accumulate(src) if len(src) else src

    def first_where(self, mask: npt.NDArray[np.bool_], big: int) -> npt.NDArray[np.int64]:
        """Per ticket, its first row where ``mask`` (``big`` where none)."""
        out = np.full(len(self.starts), big, dtype=np.int64)
        rows = np.flatnonzero(mask)
        groups = self.group[rows]  # in order: a group's first row is where the group changes
        at = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]]) if len(rows) else rows
        out[groups[at]] = rows[at]
        return out


def _simple(sorted_: _Sorted, original: bool, at_u: int | None) -> dict[str, Any]:
    """The status log read by `transitions`' rules a column at a time, for the tickets of one cycle
    in one level as `evaluate` takes them: when they were taken up and resolved, their pauses and
    final level. ``complex`` marks the tickets this cannot follow (a reopening; a reclassification
    `evaluate` cannot replay), which `transitions` and `Incident` read one by one. The replay
    property test holds the two readings to the same answers."""
    s = sorted_
    n, m = len(s.time), len(s.starts)
    rows = np.arange(n)
    lvf = s.level[s.ffill(s.level >= 0)]  # a missing level keeps the one before
    taken = s.first_where(s.action != _NEW, n)  # the first move out of "new": the response
    b = np.where((s.action == _NEW) & (rows > taken[s.group]), _WORKING, s.action)  # back to new: working
    done = b >= _RESOLVED
    prev_done = np.r_[False, done[:-1]] & ~s.first
    complex_ = np.zeros(m, dtype=bool)
    complex_[s.group[prev_done & ~done]] = True  # reopened
    resolved_row = s.first_where(done, n)
    final_row = np.minimum(resolved_row, s.ends)  # levels changed while resolved apply on reopening
    final = lvf[final_row]
    applying = rows <= final_row[s.group]
    changed = applying & ~s.first & (lvf != np.r_[-2, lvf[:-1]])
    last_change = np.full(m, _NAT_I, dtype=np.int64)
    np.maximum.at(last_change, s.group[changed], s.time[changed])
    reclassified = last_change != _NAT_I
    if not original:
        complex_ |= reclassified  # counted afresh from it: one by one
    elif at_u is not None:
        complex_ |= reclassified & (last_change > at_u)  # the level at ``at`` is not the last
    # pauses: a paused row after a row that was not; it ends at the next row that is not paused
    # (working: resumed; resolved or closed: the resolution ends it), or stays open
    prev_b = np.r_[-1, b[:-1]]
    begins = np.flatnonzero((b == _PAUSED) & (s.first | (prev_b != _PAUSED)))
    idx = np.where(b != _PAUSED, rows, n)
    nxt = np.minimum.accumulate(idx[::-1])[::-1] if n else idx
    ends = nxt[begins]
    open_ = ends > s.ends[s.group[begins]]
    t_end = np.where(open_, _NAT_I, s.time[np.minimum(ends, n - 1)])
    return {
        "complex": complex_,
        "level0": lvf[s.starts],
        "final": final,
        "reported": s.time[s.starts],
        "responded": np.where(taken < n, s.time[np.minimum(taken, n - 1)], _NAT_I),
        "resolved": np.where(resolved_row < n, s.time[np.minimum(resolved_row, n - 1)], _NAT_I),
        "pause_ticket": s.group[begins],
        "pause_start": s.time[begins],
        "pause_end": t_end,
    }


@define
class _Read:
    """The log read ticket by ticket: the tickets of one cycle in one level as a table for
    `evaluate`'s checks and clocks (``tickets``, ``pauses``), and the histories of the others for
    `Incident`'s fold; per ticket its report, region, final level and reopenings."""

    m: int
    cols: dict[str, Any]
    reported: npt.NDArray[np.int64]
    region: npt.NDArray[Any]
    regions_given: bool
    simple_idx: npt.NDArray[np.intp]
    tickets: pd.DataFrame | None
    pauses: pd.DataFrame | None
    final: npt.NDArray[Any]
    reopened: npt.NDArray[np.int64]
    simple_pause: npt.NDArray[np.bool_]
    spans: list[tuple[int, int, int | None]]
    histories: list[tuple[int, list[tuple[str, int, str | None]]]]
    has_report: bool
    level_keys: list[str]


def _read(
    contract: Contract,
    labels: pd.Index[Any],
    perm: npt.NDArray[np.intp],
    s: _Sorted,
    level_keys: list[str],
    rep: npt.NDArray[np.datetime64] | None,
    regions: npt.NDArray[Any] | None,
    at_u: int | None,
    bad: _LogRows,
) -> _Read:
    """Tickets of one cycle as a table for `evaluate`; the ones that reopen (or change level where
    `evaluate` cannot follow) read by `transitions`, for `Incident`'s fold."""
    m = len(s.starts)
    cols = _simple(s, contract.reclassify == "original", at_u)
    missing = np.flatnonzero(cols["level0"] < 0)
    bad.add(
        perm[s.starts[missing]], "level: missing on the ticket's first row (the level it was reported at)"
    )
    bad.raise_if_any()
    keys = np.array(level_keys, dtype=object)
    reported = cols["reported"].copy()
    if rep is not None:
        given = rep[perm[s.starts]].astype(np.int64)
        reported = np.where(given != _NAT_I, given, reported)
    region = np.full(m, None, dtype=object)
    if regions is not None:
        values = regions[perm]
        valid = np.array([isinstance(v, str) and bool(v) for v in values.tolist()], dtype=bool)
        src = s.ffill(valid)[s.ends]
        region = np.where(valid[src], values[src], np.full(len(src), None, dtype=object))
        wrong: dict[object, str] = {}
        for name in {r for r in region.tolist() if r is not None}:
            try:  # a misspelt region must not take the default target silently, in any ticket
                contract.check_region(name)
            except ServiceLevelError as exc:
                for k in np.flatnonzero(region == name).tolist():
                    wrong[labels[k]] = str(exc)
        if wrong:
            _tickets_error("tickets have regions the contract does not name", wrong)
    complex_ = cols["complex"]
    simple_idx = np.flatnonzero(~complex_)

    def instants(values: npt.NDArray[np.int64]) -> Any:
        return _aware(np.where(values == _NAT_I, NAT, values.astype("datetime64[us]"))).array

    # the tickets of one cycle, numbered (fast to look up) for `evaluate`'s checks and clocks; their
    # bad rows are named by label later
    tickets = pd.DataFrame(
        {
            # as a categorical of the contract's keys: `evaluate`'s reading of it needs no hashing
            "level": pd.Categorical.from_codes(cols["final"][simple_idx], categories=pd.Index(level_keys)),
            "reported_at": instants(reported[simple_idx]),
            "responded_at": instants(cols["responded"][simple_idx]),
            "resolved_at": instants(cols["resolved"][simple_idx]),
        },
        index=simple_idx,
    )
    if regions is not None:
        tickets["region"] = region[simple_idx]
    simple_pause = ~complex_[cols["pause_ticket"]]
    pauses = pd.DataFrame(
        {
            "ticket": cols["pause_ticket"][simple_pause],
            "start": instants(cols["pause_start"][simple_pause]),
            "end": instants(cols["pause_end"][simple_pause]),
        }
    )
    # the tickets `evaluate` cannot follow: `transitions` and `Incident`, one by one
    final = keys[cols["final"]]
    reopened = np.zeros(m, dtype=np.int64)
    spans: list[tuple[int, int, int | None]] = []  # the complex tickets' pauses
    histories: list[tuple[int, list[tuple[str, int, str | None]]]] = []
    for k in np.flatnonzero(complex_).tolist():
        lo, hi = int(s.starts[k]), int(s.ends[k]) + 1
        rows = zip(
            s.time[lo:hi].tolist(),
            [_NAMES[a] for a in s.action[lo:hi].tolist()],
            [None if c < 0 else level_keys[c] for c in s.level[lo:hi].tolist()],
            strict=True,
        )
        _, _, events = transitions(rows)
        histories.append((k, events))
        began = None
        for kind, u, detail in events:
            if kind == "reclassified":
                final[k] = detail
            elif kind == "reopened":
                reopened[k] += 1
            elif kind == "paused":
                began = u
            elif began is not None and (kind == "resumed" or kind == "resolved"):
                spans.append((k, began, u))
                began = None
        if began is not None:
            spans.append((k, began, None))
    return _Read(
        m=m, cols=cols, reported=reported, region=region, regions_given=regions is not None,
        simple_idx=simple_idx, tickets=tickets, pauses=pauses, final=final,
        reopened=reopened, simple_pause=simple_pause, spans=spans, histories=histories,
        has_report=rep is not None, level_keys=level_keys,
    )  # fmt: skip


def _assemble(
    contract: Contract,
    labels: pd.Index[Any],
    r: _Read,
    at: Any,
    out_of_term: bool,
    ticket_name: str,
    back_to_polars: bool,
) -> Any:
    """Every ticket judged, metric by metric: the tickets of one cycle checked and read as
    `evaluate` does, the others folded by `Incident`'s fold, both judged by `judge_metric`."""
    m, cols, region, simple_idx, final, spans = r.m, r.cols, r.region, r.simple_idx, r.final, r.spans
    at_u = _at(contract, at)
    index = pd.Index(labels, name=ticket_name)
    simple, pauses = r.tickets, r.pauses
    assert simple is not None
    r.tickets = r.pauses = None  # `prepare` reads them into its own columns: let them go
    # every ticket that cannot be replayed, named together, by what refuses it: `evaluate`'s
    # checks of the one-cycle ones or the horizon, and `Incident`'s refusal of the others' history
    unjudged: dict[int, str] = {}
    impossible: dict[int, str] = {}
    refused = {"tickets cannot be evaluated": unjudged, "tickets have impossible histories": impossible}
    outside = np.zeros(m, dtype=bool)
    try:
        table, paused, at64, metrics = prepare(contract, simple, at, pauses, None, out_of_term)
        outside[simple_idx] = table.outside
    except InvalidRowsError as exc:
        unjudged.update((int(k), msg) for k, msg in exc.rows.items())  # type: ignore[call-overload]
        metrics = promised(contract)
    del pauses, simple
    folded = _fold_complex(
        contract, r.histories, cols["level0"], r.level_keys, r.reported, region, at_u, out_of_term, labels,
        outside, r.has_report, [mt.name for mt in metrics], impossible,
    )  # fmt: skip
    if unjudged:  # without the table's clocks nothing more can be judged
        _refuse(labels, refused)
    # every ticket judged at once, metric by metric: the simple ones' clocks read off the table,
    # the others' folded by `Incident`'s fold, both judged by `judge_metric`
    complex_rows = np.array(folded.rows, dtype=np.intp)
    judged_level = final.copy()
    judged_level[simple_idx] = table.level_now
    judged_level[complex_rows] = folded.levels
    in_level = level_masks(judged_level, [lv.key for lv in contract.levels])
    when = np.full(m, at64)
    when[complex_rows] = np.array(folded.whens, dtype=np.int64).astype("datetime64[us]")
    regions_ = region if r.regions_given else None
    home = next(iter(contract.calendars.values()))
    data: dict[str, Any] = {"level": final, "reopened": r.reopened, "cycles": r.reopened + 1, "paused": None}

    def past_horizon(rows: npt.NDArray[np.intp], message: str) -> None:
        for row in rows.tolist():
            unjudged.setdefault(row, message)

    for metric in metrics:
        clocks = Clocks.spread(
            [
                (simple_idx, _clocks(table, metric, paused)),
                (complex_rows, Clocks.of_runs(folded.runs[metric.name])),
            ],
            m,
        )
        due, state, margin, spent = judge_metric(
            contract, metric.name, in_level, regions_, clocks, when, past_horizon
        )
        data[f"{metric.name}_due"] = pd.DatetimeIndex(due).tz_localize("UTC").tz_convert(home.tz)
        data[f"{metric.name}_state"] = states_from_codes(state)
        data[f"{metric.name}_margin"] = margin
        for part in ("elapsed", "paused", "used"):
            data[f"{metric.name}_{part}"] = spent[part]
        del clocks, due, state, margin, spent
    data["paused"] = _paused_time(
        contract,
        final,
        np.r_[cols["pause_ticket"][r.simple_pause], np.array([x[0] for x in spans], dtype=np.int64)],
        np.r_[cols["pause_start"][r.simple_pause], np.array([x[1] for x in spans], dtype=np.int64)],
        np.r_[
            cols["pause_end"][r.simple_pause],
            np.array([_NAT_I if x[2] is None else x[2] for x in spans], dtype=np.int64),
        ],
        at_u,
        m,
        past_horizon,
    )
    _refuse(labels, refused)  # past the horizon, with the histories refused above, if any
    if outside.any():
        data["out_of_term"] = outside
    # one frame of the columns as they are (inserting them one by one costs four times as much)
    out = pd.DataFrame(data, index=index, copy=False)
    if back_to_polars:
        import polars as pl

        return pl.from_pandas(out.reset_index())
    return out


def _aware(values: npt.NDArray[np.datetime64]) -> pd.Series[Any]:
    return pd.Series(values.astype("datetime64[us]")).dt.tz_localize("UTC")


class _Folded:
    """The reopened (or relevelled) tickets folded: their rows, the level in force and the instant
    each is judged at, and per metric each one's clock (None where its level has no such metric)."""

    def __init__(self, metrics: list[str]) -> None:
        self.rows: list[int] = []
        self.levels: list[str] = []
        self.whens: list[int] = []
        self.runs: dict[str, list[Any]] = {name: [] for name in metrics}


def _fold_complex(
    contract: Contract,
    complex_: list[tuple[int, list[tuple[str, int, str | None]]]],
    level0_: npt.NDArray[np.int64],
    level_keys: list[str],
    reported_: npt.NDArray[np.int64],
    region: npt.NDArray[Any],
    at_u: int | None,
    out_of_term: bool,
    labels: pd.Index[Any],
    outside: npt.NDArray[np.bool_],
    checked_report: bool,
    metrics: list[str],
    bad: dict[int, str],
) -> _Folded:
    """Tickets that reopen (or change level where the table cannot follow): each history checked
    and folded into its clocks by `Incident`'s own fold (`clock_runs`). The ones `Incident`
    refuses go into ``bad`` (ticket number: why)."""
    out = _Folded(metrics)
    ks = np.array([k for k, _ in complex_], dtype=np.intp)
    # the complex tickets' reports (as Python ints) and levels, by ticket number
    reported = dict(zip(ks.tolist(), reported_[ks].tolist(), strict=True))
    level0 = {k: level_keys[c] for k, c in zip(ks.tolist(), level0_[ks].tolist(), strict=True)}
    term = contract.valid_from is not None or contract.valid_until is not None
    if term:  # outside the term: by their local report days, all at once
        home = next(iter(contract.calendars.values()))
        days = np.array([reported[k] for k in ks.tolist()], dtype=np.int64).astype("datetime64[us]")
        outside[ks] = _outside(contract, home, days)
    for k, events in complex_:
        if outside[k] and not out_of_term:
            try:  # the refusal `Incident` words
                contract.check_term(contract.instant(_dt(reported[k])), out_of_term=out_of_term)
            except ServiceLevelError as exc:
                bad[k] = str(exc)
                continue
        # `transitions` writes only possible histories, but for two things it cannot know: a
        # report instant given in its own column, and a closed ticket reopened against the contract
        closed = False
        suspect = checked_report
        for kind, _, _ in events:
            closed = closed or kind == "closed"
            if kind == "reopened" and closed and not contract.reopen_closed:
                suspect = True
        if suspect:
            why = _impossible(contract, level0[k], reported[k], events, region[k], out_of_term)
            if why is not None:
                bad[k] = why
                continue
        when = at_u if at_u is not None else max([reported[k], *(u for _, u, _ in events)])
        happened = [e for e in events if e[1] <= when]
        level, ticket_runs = clock_runs(
            contract, level=level0[k], reported=reported[k], events=happened, at=when
        )
        out.rows.append(k)
        out.levels.append(level)
        out.whens.append(when)
        for name in metrics:
            out.runs[name].append(ticket_runs.get(name))
    if bad:
        return out  # named with the others by the caller
    if at_u is None:
        out_of = [
            name
            for name, rr in out.runs.items()
            if any(r is not None and r.start < NEVER and min(r.stop, r.cancel) >= NEVER for r in rr)
        ]
        if out_of:
            raise IncidentError(
                f"at: tickets have metrics not stopped yet ({', '.join(sorted(out_of))}): whether they "
                "are running or breached depends on when you look; pass at= (e.g. the end of the "
                "reporting period)"
            )
    return out


def _impossible(
    contract: Contract,
    level: str,
    reported: int,
    events: list[tuple[str, int, str | None]],
    region: str | None,
    out_of_term: bool,
) -> str | None:
    """Why `Incident` refuses this history (None: it does not), in the contract's zone."""
    try:
        check_history(
            contract,
            Event("reported", _dt(reported)),  # type: ignore[arg-type]  # UTC: only compared
            level,
            [Event(kind, _dt(u), detail) for kind, u, detail in events],  # type: ignore[arg-type]
        )
    except IncidentError:
        try:  # the same refusal, worded in the contract's zone
            Incident.from_events(
                contract, level=level, reported_at=_dt(reported), region=region, out_of_term=out_of_term,
                events=[(kind, _dt(u), detail) for kind, u, detail in events],
            )  # fmt: skip
        except ServiceLevelError as exc:
            return str(exc)
    return None


def _paused_time(
    contract: Contract,
    final: npt.NDArray[Any],
    k: npt.NDArray[np.int64],
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    at_u: int | None,
    m: int,
    past_horizon: Callable[[npt.NDArray[np.intp], str], None],
) -> npt.NDArray[np.timedelta64]:
    """Business time paused per ticket (pauses: ticket ``k``, from ``a`` to ``b``, epoch µs; an
    open one runs to ``at``), on the calendar of its final level's resolution target (the first
    calendar where that level has none); tickets whose pauses span more than the horizon are
    named through ``past_horizon``."""
    out = np.zeros(m, dtype="timedelta64[us]")
    if not len(k):
        return out
    b = np.where(b == _NAT_I, a if at_u is None else at_u, b)
    if at_u is not None:
        b = np.minimum(b, at_u)
    ok = b > a
    k, a, b = k[ok].astype(np.intp), a[ok], b[ok]
    home = next(iter(contract.calendars))
    calendar_of = {}
    for lv in contract.levels:
        target = lv.target("resolution")
        calendar_of[lv.key] = target.calendar if target is not None else home
    names = pd.Series(final[k], dtype=object).map(calendar_of).to_numpy(dtype=object)
    for name in set(calendar_of.values()):
        sel = np.flatnonzero(names == name)
        if not len(sel):
            continue
        cal = contract.calendar(name)

        def add(p: npt.NDArray[np.intp], cal: BusinessCalendar = cal) -> None:
            got = cal.elapsed(a[p].astype("datetime64[us]"), b[p].astype("datetime64[us]"))
            np.add.at(out, k[p], np.asarray(got, dtype="timedelta64[us]"))

        halving(sel, "paused", lambda p, message: past_horizon(k[p], message), add, None)
    return out
