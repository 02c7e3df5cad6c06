"""A ticket system's audit log replayed: status rows in, one row of SLA results per ticket out.

Each row of the log is a ticket's status and level after an update. The rows
are read through the contract's `Workflow` by the one reading of a status log
(`servicelevel.sla.transitions`); a ticket that lives one cycle in one level
becomes a row for `evaluate` (its column path), and a ticket that reopens or
changes level is folded by `Incident` itself. Both judge the clocks by the
same rule (`verdict`), so the table answers as `Incident.from_log` does.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.errors import IncidentError, InvalidRowsError, ServiceLevelError
from servicelevel.frames._evaluate import _NAT, STATES, _column, _Rows, _to64, evaluate
from servicelevel.sla import Incident, transitions

if TYPE_CHECKING:
    from servicelevel.calendar import BusinessCalendar
    from servicelevel.sla import Contract

__all__ = ["replay"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_SHOWN = 20
_EVENTS = ("responded", "arrived", "restored", "resolved", "reported_back")


class _LogRows:
    """Bad log rows: (ticket, row label, message), raised together."""

    def __init__(self, index: pd.Index[Any], tickets: npt.NDArray[Any]) -> None:
        self.index, self.tickets = index, tickets
        self.entries: dict[int, tuple[object, object, str]] = {}

    def add(self, positions: Any, message: str) -> None:
        for p in np.asarray(positions).tolist():
            if p not in self.entries:
                label = self.index[int(p)]
                label = label.item() if isinstance(label, np.generic) else label
                ticket = self.tickets[int(p)]
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
        close = difflib.get_close_matches(str(name), columns, n=1)
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
    home = contract.calendars[0][1]
    n = len(log)
    tickets = log[ticket].to_numpy(dtype=object)
    bad = _LogRows(log.index, tickets)
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
    actions = np.array(acts or ["new"], dtype=object)[np.maximum(codes, 0)]
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
    levels = np.array([*keys, None], dtype=object)[np.where(lcodes < 0, len(keys), lcodes)]
    tcodes, labels = pd.factorize(log[ticket], use_na_sentinel=True)
    regions = log[region].to_numpy(dtype=object) if region is not None else None
    bad.raise_if_any()
    # in (ticket, time, order, position) order
    tie = log[order].to_numpy() if order is not None else np.zeros(n, dtype=np.int64)
    perm = np.lexsort((np.arange(n), tie, times.astype(np.int64), tcodes))
    t_sorted = times.astype(np.int64)[perm].tolist()
    a_sorted = actions[perm].tolist()
    l_sorted = levels[perm].tolist()
    c_sorted = tcodes[perm]
    bounds = np.flatnonzero(np.r_[True, c_sorted[1:] != c_sorted[:-1], True])
    return _assemble(
        contract, log, labels, perm, bounds, t_sorted, a_sorted, l_sorted, rep, regions, at, out_of_term,
        ticket, bad, back_to_polars,
    )  # fmt: skip


def _dt(u: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(microseconds=u)


def _assemble(
    contract: Contract,
    log: pd.DataFrame,
    labels: pd.Index[Any],
    perm: npt.NDArray[np.intp],
    bounds: npt.NDArray[np.intp],
    t_sorted: list[int],
    a_sorted: list[Any],
    l_sorted: list[Any],
    rep: npt.NDArray[np.datetime64] | None,
    regions: npt.NDArray[Any] | None,
    at: Any,
    out_of_term: bool,
    ticket_name: str,
    bad: _LogRows,
    back_to_polars: bool,
) -> Any:
    """Each ticket's events by `transitions`; tickets of one cycle as a table for `evaluate`, the
    ones that reopen (or change level where `evaluate` cannot follow) folded by `Incident`."""
    m = len(bounds) - 1
    at_u = None if at is None else int(_to64(contract.instant(at)).astype(np.int64))
    original = contract.reclassify == "original"
    level0: list[object] = [None] * m
    final: list[object] = [None] * m
    reported: list[int] = [0] * m
    reopened: list[int] = [0] * m
    region: list[str | None] = [None] * m
    firsts: dict[str, list[int | None]] = {e: [None] * m for e in _EVENTS}
    spans: list[tuple[int, int, int | None]] = []  # every pause (ticket, start, end or None: open)
    simple_mask = np.ones(m, dtype=bool)
    complex_: list[tuple[int, list[tuple[str, int, str | None]]]] = []
    nat = np.iinfo(np.int64).min
    reps = None if rep is None else rep.astype(np.int64).tolist()
    for k in range(m):
        lo, hi = int(bounds[k]), int(bounds[k + 1])
        first = int(perm[lo])
        lv0, t0, events = transitions(zip(t_sorted[lo:hi], a_sorted[lo:hi], l_sorted[lo:hi], strict=True))
        if lv0 is None:
            bad.add([first], "level: missing on the ticket's first row (the level it was reported at)")
            continue
        level0[k] = lv0
        reported[k] = t0 if reps is None or reps[first] == nat else reps[first]
        if regions is not None:
            named = [v for v in regions[perm[lo:hi]].tolist() if isinstance(v, str) and v]
            region[k] = named[-1] if named else None
        lvl, began, simple = lv0, None, True
        for kind, u, detail in events:
            if kind == "reclassified":
                lvl = detail
                # with the original-start rule, the final level from the original starts is what
                # `Incident.status` answers once every reclassification has happened
                simple = simple and original and (at_u is None or u <= at_u)
            elif kind == "reopened":
                reopened[k] += 1
                simple = False
            elif kind == "paused":
                began = u
            elif began is not None and (kind == "resumed" or kind == "resolved"):
                spans.append((k, began, u))  # a resolution ends an open pause at its instant
                began = None
            column = firsts.get(kind)
            if column is not None and column[k] is None:
                column[k] = u
        if began is not None:
            spans.append((k, began, None))
        final[k] = lvl
        if not simple:
            simple_mask[k] = False
            complex_.append((k, events))
    bad.raise_if_any()
    index = pd.Index(labels, name=ticket_name)
    simple_idx = np.flatnonzero(simple_mask)
    tickets = pd.DataFrame(
        {"level": final, "reported_at": _aware(np.array(reported, dtype=np.int64).astype("datetime64[us]"))}
    )
    if regions is not None:
        tickets["region"] = region
    for e, column in firsts.items():
        values = np.array([nat if u is None else u for u in column], dtype=np.int64).astype("datetime64[us]")
        tickets[f"{e}_at"] = _aware(values)
    tickets.index = index  # errors from evaluate name the tickets
    kept = [p for p in spans if simple_mask[p[0]]]
    ends = np.array([nat if e is None else e for _, _, e in kept], dtype=np.int64).astype("datetime64[us]")
    pauses = pd.DataFrame(
        {
            "ticket": index[[k for k, _, _ in kept]] if kept else [],
            "start": _aware(np.array([s for _, s, _ in kept], dtype=np.int64).astype("datetime64[us]")),
            "end": _aware(ends),
        }
    )
    frame = evaluate(contract, tickets.iloc[simple_idx], at=at, pauses=pauses, out_of_term=out_of_term)
    metrics = [c[: -len("_state")] for c in frame.columns if str(c).endswith("_state")]
    dues: dict[str, Any] = {name: np.full(m, _NAT) for name in metrics}
    states = {name: np.full(m, "not_applicable", dtype=object) for name in metrics}
    margins: dict[str, Any] = {name: np.full(m, np.timedelta64("NaT", "us")) for name in metrics}
    for name in metrics:
        due = frame[f"{name}_due"]
        dues[name][simple_idx] = (
            due.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[us]")
        )
        states[name][simple_idx] = frame[f"{name}_state"].astype(object).to_numpy()
        margins[name][simple_idx] = frame[f"{name}_margin"].to_numpy().astype("timedelta64[us]")
    outside = np.zeros(m, dtype=bool)
    if "out_of_term" in frame.columns:
        outside[simple_idx] = frame["out_of_term"].to_numpy()
    _fold_complex(
        contract, complex_, level0, reported, region, at, out_of_term, labels, dues, states, margins
    )
    home = contract.calendars[0][1]
    final_levels = np.array(final, dtype=object)
    counts = np.array(reopened, dtype=np.int64)
    out = pd.DataFrame(
        {
            "level": final_levels,
            "reopened": counts,
            "cycles": counts + 1,
            "paused": _paused_time(contract, final_levels, spans, at_u, m),
        }
    )
    for name in metrics:
        out[f"{name}_due"] = _aware(dues[name]).dt.tz_convert(home.tz)
        out[f"{name}_state"] = pd.Categorical(states[name], categories=STATES)
        out[f"{name}_margin"] = pd.Series(margins[name])
    if outside.any():
        out["out_of_term"] = outside
    out.index = index
    if back_to_polars:
        import polars as pl

        return pl.from_pandas(out.reset_index())
    return out


def _aware(values: npt.NDArray[np.datetime64]) -> pd.Series[Any]:
    return pd.Series(values.astype("datetime64[us]")).dt.tz_localize("UTC")


def _fold_complex(
    contract: Contract,
    complex_: list[tuple[int, list[tuple[str, int, str | None]]]],
    level0: list[object],
    reported: list[int],
    region: list[str | None],
    at: Any,
    out_of_term: bool,
    labels: pd.Index[Any],
    dues: dict[str, Any],
    states: dict[str, npt.NDArray[Any]],
    margins: dict[str, Any],
) -> None:
    """Tickets that reopen (or change level where the table cannot follow), each folded by
    `Incident`: the same rule, one ticket at a time."""
    if not complex_:
        return
    bad: dict[object, str] = {}
    unstopped: set[str] = set()
    when = None if at is None else contract.instant(at)
    for k, events in complex_:
        try:
            inc = Incident.from_events(
                contract,
                level=str(level0[k]),
                reported_at=_dt(int(reported[k])),
                events=[(kind, _dt(u), detail) for kind, u, detail in events],
                region=region[k],
                out_of_term=out_of_term,
            )
        except ServiceLevelError as exc:
            bad[labels[k]] = str(exc)
            continue
        last = inc.events[-1].at if inc.events else inc.reported_at
        for name, st in inc.status(when if when is not None else last).items():
            if when is None and st.state in ("running", "paused"):
                unstopped.add(name)
            if name not in states:
                continue
            states[name][k] = st.state
            dues[name][k] = _NAT if st.due is None else _to64(st.due)
            if st.remaining is not None and st.state != "pending":
                margins[name][k] = np.timedelta64(st.remaining, "us")
    if bad:
        shown = "; ".join(f"ticket {t!r}: {m}" for t, m in list(bad.items())[:_SHOWN])
        raise InvalidRowsError(f"{len(bad)} tickets have impossible histories: {shown}", bad)
    if unstopped:
        raise IncidentError(
            f"at: tickets have metrics not stopped yet ({', '.join(sorted(unstopped))}): whether they "
            "are running or breached depends on when you look; pass at= (e.g. the end of the "
            "reporting period)"
        )


def _paused_time(
    contract: Contract,
    final: npt.NDArray[Any],
    spans: list[tuple[int, int, int | None]],
    at_u: int | None,
    m: int,
) -> pd.Series[Any]:
    """Business time paused per ticket, on the calendar of its final level's resolution target (the
    first calendar where that level has none); pauses still open run to ``at``."""
    out = np.zeros(m, dtype="timedelta64[us]")
    if not spans:
        return pd.Series(out)
    k = np.array([s[0] for s in spans], dtype=np.intp)
    a = np.array([s[1] for s in spans], dtype=np.int64)
    b = np.array(
        [(at_u if at_u is not None else s[1]) if s[2] is None else s[2] for s in spans], dtype=np.int64
    )
    if at_u is not None:
        b = np.minimum(b, at_u)
    ok = b > a
    k, a, b = k[ok], a[ok], b[ok]
    names = []
    for key in final[k].tolist():
        target = contract.level(key).target("resolution") if key is not None else None
        names.append(target.calendar if target is not None else contract.calendars[0][0])
    names_arr = np.array(names, dtype=object)
    for name in set(names):
        sel = names_arr == name
        cal = contract.calendar(name)
        got = np.asarray(
            cal.elapsed(a[sel].astype("datetime64[us]"), b[sel].astype("datetime64[us]")),
            dtype="timedelta64[us]",
        )
        np.add.at(out, k[sel], got)
    return pd.Series(out)
