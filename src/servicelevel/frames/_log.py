"""An audit log sorted by ticket and time, and read a column at a time.

Each row of a ticket system's log is a ticket's status and level after an update. The rows are
checked (labels, times, statuses and levels through the contract's `Workflow`), sorted by
(ticket, time, order), and read by the rules of `servicelevel.sla.transitions`, the one reading of
a status log. Tickets that live one cycle in one level are read over columns for all tickets at
once, into a table `frames._tickets` reads as `evaluate` would. The other tickets (reopened, or
relevelled where the table cannot follow) go through `transitions` one by one, and their events
are left for `frames._fold`. The replay property test holds the two readings to the same answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from attrs import define

from servicelevel.errors import IncidentError, InvalidRowsError, InvalidTableError, ServiceLevelError
from servicelevel.frames._fold import read_histories
from servicelevel.frames._input import SHOWN, LogColumns, at_us
from servicelevel.frames._judge import NAT
from servicelevel.frames._labels import factorize, region_codes
from servicelevel.frames._text import time_column
from servicelevel.sla import ACTIONS

if TYPE_CHECKING:
    from servicelevel.sla import Contract, Workflow

__all__ = ["NAT_INT", "LogRead", "read_log", "refuse_tickets"]

NAT_INT = np.iinfo(np.int64).min  # a missing instant among epoch µs held as integers
_NAMES = ACTIONS  # the workflow's actions as small codes: resolved and closed last (compared below)
_ACTION = {name: code for code, name in enumerate(ACTIONS)}
_ACTION["update"] = _UPDATE = len(ACTIONS)  # R10: read as the row before it (`_Sorted.updates`)
_NEW, _WORKING, _PAUSED, _RESOLVED = (_ACTION[a] for a in ("new", "working", "paused", "resolved"))


class _LogRows:
    """Bad log rows: (ticket, row label, message), raised together."""

    def __init__(self, index: pd.Index[Any], tickets: pd.Series[Any]) -> None:
        self.index, self.tickets = index, tickets
        self.entries: dict[int, tuple[object, object, str]] = {}

    def add(self, positions: Any, message: str) -> None:
        """Note the rows at ``positions`` as bad, with their ticket; the first message stays."""
        for p in np.asarray(positions).tolist():
            if p not in self.entries:
                label = self.index[int(p)]
                label = label.item() if isinstance(label, np.generic) else label
                ticket = self.tickets.iloc[int(p)]
                ticket = ticket.item() if isinstance(ticket, np.generic) else ticket
                self.entries[int(p)] = (ticket, label, message)

    def raise_if_any(self) -> None:
        """Raise for every bad row, in the log's order; nothing if there are none."""
        if not self.entries:
            return
        entries = sorted(self.entries.items())
        shown = "; ".join(f"ticket {t!r} row {lb!r}: {m}" for _, (t, lb, m) in entries[:SHOWN])
        more = f" (and {len(entries) - SHOWN} more)" if len(entries) > SHOWN else ""
        raise InvalidRowsError(
            f"{len(entries)} log rows cannot be replayed: {shown}{more}; InvalidRowsError.entries lists "
            "every (ticket, row, message)",
            {lb: m for _, (_, lb, m) in entries},
            entries=[e for _, e in entries],
        )


def refuse_tickets(what: str, bad: dict[object, str]) -> None:
    """Whole tickets that cannot be replayed, named: ``.rows`` by ticket, ``.entries`` as
    (ticket, None, message) — no one row of the log is to blame."""
    shown = "; ".join(f"ticket {t!r}: {m}" for t, m in list(bad.items())[:SHOWN])
    more = f" (and {len(bad) - SHOWN} more)" if len(bad) > SHOWN else ""
    count = f"{len(bad)} ticket{'s' if len(bad) != 1 else ''}"
    raise InvalidRowsError(
        f"{count}: {what}: {shown}{more}", bad, entries=[(t, None, m) for t, m in bad.items()]
    )


def read_log(
    contract: Contract,
    workflow: Workflow,
    log: pd.DataFrame,
    columns: LogColumns,
    *,
    at: Any,
    time_format: str | None,
) -> tuple[pd.Index[Any], LogRead]:
    """The log checked (every bad row named together), sorted and read ticket by ticket: the
    tickets' labels, in the order they first appear, and what was read of each. The columns
    named are there (`replay` checked)."""
    ticket, time, status, level = columns.ticket, columns.time, columns.status, columns.level
    order, reported, region = columns.order, columns.reported, columns.region
    home = contract.home_calendar
    n = len(log)
    bad = _LogRows(log.index, log[ticket])
    bad.add(np.flatnonzero(log[ticket].isna().to_numpy()), f"{ticket}: missing ticket label")
    times = time_column(log, time, home, time_format, bad)
    missing = np.isnat(times) & log[time].isna().to_numpy()
    bad.add(np.flatnonzero(missing), f"{time}: missing; every log row needs the time of its update")
    rep = time_column(log, reported, home, time_format, bad) if reported is not None else None
    # statuses and levels: each distinct value read once
    codes, values = factorize(log[status], status, bad)
    acts = []
    for k, value in enumerate(values):
        try:
            acts.append(workflow.action(value))
        except IncidentError as exc:
            bad.add(np.flatnonzero(codes == k), str(exc).replace("status: ", f"{status}: ", 1))
            acts.append("new")
    bad.add(np.flatnonzero(codes < 0), f"{status}: missing")
    lcodes, lvalues = factorize(log[level], level, bad)
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
    tcodes, labels = factorize(log[ticket], ticket, bad)
    regions = region_codes(log[region]) if region is not None else None
    # R10 with an update_column: the rows whose value there the workflow lists tell the customer
    marked = None
    if workflow.update_column is not None and columns.update is not None:
        marked = log[columns.update].isin(list(workflow.updates)).to_numpy(dtype=bool)
    bad.raise_if_any()
    # in (ticket, time, order, position) order: tickets are then numbered as they first appear
    tie = _ties(log[order], order) if order is not None else np.zeros(n, dtype=np.int64)
    stamps = times.astype(np.int64)
    perm = _order(tcodes, stamps, tie)
    level_keys = [lv.key for lv in contract.levels]
    key_code = np.array([level_keys.index(k) if k in level_keys else -1 for k in keys] + [-1], dtype=np.int64)
    codes_sorted = key_code[np.where(lcodes < 0, len(keys), lcodes)][perm]
    act_code = np.array([_ACTION[a] for a in acts] or [0], dtype=np.int8)[np.maximum(codes, 0)][perm]
    sorted_ = _Sorted(
        tcodes[perm], stamps[perm], act_code, codes_sorted, None if marked is None else marked[perm]
    )
    act_code = sorted_.action  # update rows read as the row before them (R10)
    if at is None:  # every ticket still open at its last row needs at=, named together, at that row
        last = perm[sorted_.ends[act_code[sorted_.ends] < _RESOLVED]]
        for p in last.tolist():
            said = log[status].iloc[p]
            bad.add([p], f"{status}: still {said!r} at the ticket's last row; pass at= to judge open tickets")
        bad.raise_if_any()
    # the log's columns are read: free them (a million tickets' log holds ~400 MB of them)
    del times, missing, codes, lcodes, tcodes, tie, stamps, codes_sorted, act_code, marked
    return labels, _read(contract, labels, perm, sorted_, level_keys, rep, regions, at_us(contract, at), bad)


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
        raise InvalidTableError(
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


class _Sorted:
    """The log in (ticket, time, order) order: ticket numbers, µs, action codes, level codes (-1:
    missing), with each ticket's first row, and the rows as numbers within their ticket;
    ``marked``: the rows an update_column marks (None: updates are statuses)."""

    def __init__(
        self,
        ticket: npt.NDArray[np.intp],
        time: npt.NDArray[np.int64],
        action: npt.NDArray[np.int8],
        level: npt.NDArray[np.int64],
        marked: npt.NDArray[np.bool_] | None = None,
    ) -> None:
        self.ticket, self.time, self.action, self.level = ticket, time, action, level
        n = len(ticket)
        self.first = np.r_[True, ticket[1:] != ticket[:-1]] if n else np.zeros(0, dtype=bool)
        self.starts = np.flatnonzero(self.first)
        self.ends = np.r_[self.starts[1:], n] - 1  # each ticket's last row
        self.group = np.repeat(np.arange(len(self.starts)), self.ends - self.starts + 1)
        # R10 of `transitions`: "a row marked by its update_column is read as any other, then tells
        # the customer unless the ticket is then resolved or closed" (`_cycles`' ``told``)
        self.marked = marked is not None
        if marked is not None:
            self.updates = marked
            return
        # R10 of `transitions`: "an update row changes neither status nor level": it reads as the
        # row before it (the first row as new), its level as missing (the first row's is the report's)
        self.updates = action == _UPDATE
        if self.updates.any():
            src = self.ffill(~self.updates)
            self.action = np.where(self.updates, np.where(self.updates[src], _NEW, action[src]), action)
            self.level = np.where(self.updates & ~self.first, -1, level)

    def ffill(self, valid: npt.NDArray[np.bool_]) -> npt.NDArray[np.intp]:
        """For each row, the last row of its ticket at or before it where ``valid`` (or the ticket's
        first row)."""
        src = np.where(valid | self.first, np.arange(len(valid)), 0)
        return np.maximum.accumulate(src) if len(src) else src

    def rows(self, k: int, level_keys: list[str]) -> Iterator[tuple[int, str, str | None, bool]]:
        """Ticket ``k``'s rows as `transitions` reads them: (µs, action, level key or None, whether
        an update_column marks it)."""
        lo, hi = int(self.starts[k]), int(self.ends[k]) + 1
        told = self.updates[lo:hi].tolist()
        return zip(
            self.time[lo:hi].tolist(),
            [
                "update" if u and not self.marked else _NAMES[a]
                for a, u in zip(self.action[lo:hi].tolist(), told, strict=True)
            ],
            [None if c < 0 else level_keys[c] for c in self.level[lo:hi].tolist()],
            [u and self.marked for u in told],
            strict=True,
        )

    def first_where(self, mask: npt.NDArray[np.bool_], big: int) -> npt.NDArray[np.int64]:
        """Per ticket, its first row where ``mask`` (``big`` where none)."""
        out = np.full(len(self.starts), big, dtype=np.int64)
        rows = np.flatnonzero(mask)
        groups = self.group[rows]  # in order: a group's first row is where the group changes
        at = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]]) if len(rows) else rows
        out[groups[at]] = rows[at]
        return out


def _cycles(sorted_: _Sorted, original: bool, at_u: int | None) -> dict[str, Any]:
    """The status log read by `transitions`' rules a column at a time, for the tickets of one cycle
    in one level as `evaluate` takes them: when they were taken up and resolved, their pauses and
    final level. ``complex`` marks the tickets this cannot follow (a reopening; a reclassification
    `evaluate` cannot replay), which `transitions` and `Incident` read one by one."""
    s = sorted_
    n, m = len(s.time), len(s.starts)
    rows = np.arange(n)
    # R9 of `transitions`: "a missing level (None) changes nothing": it keeps the level before
    lvf = s.level[s.ffill(s.level >= 0)]
    # R2 of `transitions`: "leaving new the first time is the response (a log that begins in another
    # status was taken up at its first row)"
    taken = s.first_where(s.action != _NEW, n)
    # R3 of `transitions`: "back to new after being taken up: still being worked on"
    b = np.where((s.action == _NEW) & (rows > taken[s.group]), _WORKING, s.action)
    done = b >= _RESOLVED  # resolved or closed ("closed closes, resolving first")
    prev_done = np.r_[False, done[:-1]] & ~s.first
    complex_ = np.zeros(m, dtype=bool)
    # R8 of `transitions`: "any other status after resolved or closed reopens it": left to `transitions`
    complex_[s.group[prev_done & ~done]] = True
    resolved_row = s.first_where(done, n)
    # R9 of `transitions`: "a change of level is a reclassification (at a resolved ticket, it takes effect
    # when the ticket reopens)": without a reopening, the level at the resolution is the last
    final_row = np.minimum(resolved_row, s.ends)
    final = lvf[final_row]
    applying = rows <= final_row[s.group]
    changed = applying & ~s.first & (lvf != np.r_[-2, lvf[:-1]])
    last_change = np.full(m, NAT_INT, dtype=np.int64)
    np.maximum.at(last_change, s.group[changed], s.time[changed])
    reclassified = last_change != NAT_INT
    if not original:
        complex_ |= reclassified  # counted afresh from it: one by one
    elif at_u is not None:
        complex_ |= reclassified & (last_change > at_u)  # the level at ``at`` is not the last
    # R4, R5, R6 of `transitions`: "paused from working is a pause, from a pause still the same pause; working
    # after a pause resumes it; resolved resolves (ending a pause)": a pause begins at a paused row
    # after a row that was not, and ends at the next row that is not paused (working: resumed;
    # resolved or closed: the resolution ends it), or stays open
    prev_b = np.r_[-1, b[:-1]]
    begins = np.flatnonzero((b == _PAUSED) & (s.first | (prev_b != _PAUSED)))
    idx = np.where(b != _PAUSED, rows, n)
    nxt = np.minimum.accumulate(idx[::-1])[::-1] if n else idx
    ends = nxt[begins]
    open_ = ends > s.ends[s.group[begins]]
    t_end = np.where(open_, NAT_INT, s.time[np.minimum(ends, n - 1)])
    told = s.updates & ~done  # R10: an update while neither resolved nor closed
    return {
        "update_ticket": s.group[told],
        "update_time": s.time[told],
        "complex": complex_,
        "level0": lvf[s.starts],
        "final": final,
        "reported": s.time[s.starts],  # R1 of `transitions`: "the first row is the report"
        "responded": np.where(taken < n, s.time[np.minimum(taken, n - 1)], NAT_INT),
        # R6, R7 of `transitions`: "resolved resolves; closed closes, resolving first when the ticket was not
        # resolved": the first row resolved or closed
        "resolved": np.where(resolved_row < n, s.time[np.minimum(resolved_row, n - 1)], NAT_INT),
        "pause_ticket": s.group[begins],
        "pause_start": s.time[begins],
        "pause_end": t_end,
    }


@define
class LogRead:
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
    regions: tuple[npt.NDArray[np.intp], npt.NDArray[Any]] | None,
    at_u: int | None,
    bad: _LogRows,
) -> LogRead:
    """Tickets of one cycle as a table for `evaluate`; the ones that reopen (or change level where
    `evaluate` cannot follow) read by `transitions`, for `Incident`'s fold."""
    m = len(s.starts)
    cols = _cycles(s, contract.reclassify == "original", at_u)
    missing = np.flatnonzero(cols["level0"] < 0)
    bad.add(
        perm[s.starts[missing]], "level: missing on the ticket's first row (the level it was reported at)"
    )
    bad.raise_if_any()
    keys = np.array(level_keys, dtype=object)
    reported = cols["reported"].copy()
    if rep is not None:
        given = rep[perm[s.starts]].astype(np.int64)
        reported = np.where(given != NAT_INT, given, reported)
    region = np.full(m, None, dtype=object)
    if regions is not None:
        region = _regions(contract, labels, s, regions[0][perm], regions[1])
    complex_ = cols["complex"]
    simple_idx = np.flatnonzero(~complex_)

    def instants(values: npt.NDArray[np.int64]) -> Any:
        return _aware(np.where(values == NAT_INT, NAT, values.astype("datetime64[us]"))).array

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
    # the tickets `evaluate` cannot follow: read by `transitions` one by one, for `Incident`'s fold
    final = keys[cols["final"]]
    reopened = np.zeros(m, dtype=np.int64)
    complex_rows = ((k, s.rows(k, level_keys)) for k in np.flatnonzero(complex_).tolist())
    histories, spans = read_histories(complex_rows, final, reopened)
    return LogRead(
        m=m, cols=cols, reported=reported, region=region, regions_given=regions is not None,
        simple_idx=simple_idx, tickets=tickets, pauses=pauses, final=final,
        reopened=reopened, simple_pause=simple_pause, spans=spans, histories=histories,
        has_report=rep is not None, level_keys=level_keys,
    )  # fmt: skip


def _regions(
    contract: Contract,
    labels: pd.Index[Any],
    s: _Sorted,
    codes: npt.NDArray[np.intp],
    named: npt.NDArray[Any],
) -> npt.NDArray[Any]:
    """Each ticket's region (rows as codes into ``named``, -1: none named): the last one its rows
    name, in time order. A region the contract does not name refuses every ticket that has it,
    together."""
    valid = codes >= 0
    src = s.ffill(valid)[s.ends]
    pick: npt.NDArray[Any] = np.r_[named, np.array([None], dtype=object)]  # [-1]: none named
    region: npt.NDArray[Any] = pick[codes[src]]
    wrong: dict[object, str] = {}
    for name in {r for r in region.tolist() if r is not None}:
        try:  # a misspelt region must not take the default target silently, in any ticket
            contract.check_region(name)
        except ServiceLevelError as exc:
            for k in np.flatnonzero(region == name).tolist():
                wrong[labels[k]] = str(exc)
    if wrong:
        refuse_tickets("tickets have regions the contract does not name", wrong)
    return region


def _aware(values: npt.NDArray[np.datetime64]) -> pd.Series[Any]:
    """UTC µs as an aware pandas column, as `evaluate` reads instants."""
    return pd.Series(values.astype("datetime64[us]")).dt.tz_localize("UTC")
