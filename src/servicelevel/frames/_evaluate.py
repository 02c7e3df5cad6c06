"""A contract over a table of tickets: dues, states and margins per metric, and compliance.

`evaluate` computes, for every ticket row, what `Incident.status` computes for
one incident — due, state, business time to spare — but a column at a time on
the calendars' column API (one binary search per step over all rows). Here the
table is read and checked (levels, regions, events, pauses, reclassifications
as `Incident` reads them) into each metric's clocks; `frames._judge` judges
them (the pause rule a round of pauses at a time, states by `verdict`).

pandas is needed (polars frames are converted through Arrow); nothing here is
imported until a contract evaluates a table.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import (
    IncidentError,
    InvalidOptionError,
    InvalidRowsError,
    NaiveDatetimeError,
    ServiceLevelError,
)
from servicelevel.frames._judge import Clocks, Paused, ints, judge_metric
from servicelevel.sla import STATES, prerequisites

if TYPE_CHECKING:
    from servicelevel.sla import Contract, Metric

__all__ = [
    "STATES",
    "at_utc",
    "compliance",
    "evaluate",
    "prepare",
    "promised",
    "states_from_codes",
]


_NAT = np.datetime64("NaT", "us")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_SHOWN = 20  # bad rows listed in the message (all are in ``InvalidRowsError.rows``)
Times = npt.NDArray[np.datetime64]


def _utc(values: Times) -> Times:
    return values.astype("datetime64[us]")


class _Rows:
    """Bad rows found so far: index label -> message, raised together at the end."""

    def __init__(self, index: pd.Index[Any]) -> None:
        self.index = index
        self.bad: dict[object, str] = {}
        self._at: dict[object, int] = {}  # each bad label's first position, to list them in order

    def add(self, positions: npt.NDArray[np.intp] | Sequence[int], message: str) -> None:
        for p in np.asarray(positions).tolist():
            label = self.index[int(p)]
            label = label.item() if isinstance(label, np.generic) else label  # 11, not np.int64(11)
            self.bad.setdefault(label, message)
            self._at.setdefault(label, int(p))

    def raise_if_any(self) -> None:
        if not self.bad:
            return
        self.bad = dict(sorted(self.bad.items(), key=lambda item: self._at[item[0]]))  # in table order
        shown = "; ".join(f"row {label!r}: {msg}" for label, msg in list(self.bad.items())[:_SHOWN])
        more = f" (and {len(self.bad) - _SHOWN} more)" if len(self.bad) > _SHOWN else ""
        raise InvalidRowsError(
            f"{len(self.bad)} ticket rows cannot be evaluated: {shown}{more}; "
            "InvalidRowsError.rows maps every bad row to its message",
            self.bad,
        )


def _column(frame: pd.DataFrame, name: str, cal: BusinessCalendar, rows: _Rows, required: bool) -> Times:
    """An instant column as UTC ``datetime64[us]`` (NaT where empty); bad cells are noted, not raised."""
    if name not in frame.columns:
        if required:
            raise IncidentError(
                f"tickets: no column {name!r}; expected columns level, reported_at, optionally region "
                "and event columns such as responded_at or resolved_at"
            )
        return np.full(len(frame), _NAT)
    s = frame[name]
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        return _utc(s.dt.tz_convert(None).to_numpy())  # in UTC, the zone dropped
    if s.dtype.kind == "M":
        raise NaiveDatetimeError(
            f"{name}: the column has no time zone (naive datetimes); localise it first, e.g. "
            f"tickets[{name!r}] = tickets[{name!r}].dt.tz_localize({cal.tz!r})"
        )
    fast = _iso_text(s, cal)
    if fast is not None:
        return fast
    values = s.to_numpy(dtype=object)
    try:  # strings and datetime objects, read as the calendar reads them (naive ISO text: local time)
        read: Times = cal.instant(values)
        return read
    except ServiceLevelError:
        pass
    out = np.full(len(s), _NAT)
    for i, value in enumerate(values):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        try:
            t = cal.instant(value)
        except ServiceLevelError as exc:
            rows.add([i], str(exc).replace("t: ", f"{name}: ", 1))
            continue
        out[i] = _to64(t)
    return out


# ISO 8601 text that `datetime.fromisoformat` and pandas read alike: date, hours and minutes, optional
# seconds and fraction, an optional offset. Anything else takes the calendar's own reader, row by row.
_ISO = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
_OFFSET = r"(?:Z|[+-]\d{2}:\d{2})"


def _iso_text(s: pd.Series[Any], cal: BusinessCalendar) -> Times | None:
    """A text column read by pandas' vectorised ISO 8601 parser, where that gives exactly what the
    calendar's reader gives: every cell plain ISO text, all with an offset, or all without (local
    time in the calendar's zone, outside any clock change). None: read it row by row."""
    if not (s.dtype == object or isinstance(s.dtype, pd.StringDtype)) or not len(s):
        return None
    text = s.astype("string")
    present = text.notna()
    if not present.any():
        return None
    cells = text[present]
    utc = _arrow_utc(cells)
    if utc is not None:
        out = np.full(len(s), _NAT)
        out[present.to_numpy()] = utc
        return out
    try:
        if cells.str.fullmatch(_ISO + _OFFSET).all():
            parsed = pd.to_datetime(cells, format="ISO8601", utc=True)
        elif cells.str.fullmatch(_ISO).all():
            naive = pd.to_datetime(cells, format="ISO8601")
            parsed = naive.dt.tz_localize(cal.tz, ambiguous="NaT", nonexistent="NaT")
            if parsed.isna().any():
                return None  # a clock change: the calendar's own rule for such local times applies
        else:
            return None
    except (ValueError, OverflowError):  # out of pandas' range, say: the calendar's reader decides
        return None
    out = np.full(len(s), _NAT)
    out[present.to_numpy()] = (
        parsed.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[us]")
    )
    return out


def _arrow_utc(cells: pd.Series[Any]) -> Times | None:
    """ISO text with offsets as UTC µs by pyarrow's parser, about ten times faster than pandas' on a
    log's worth of rows. None where pyarrow is missing, refuses a cell (an impossible date, text
    without an offset: pandas and then the row-by-row reader decide and name it), or reads a
    layout `_ISO` + `_OFFSET` does not describe (``T10+08``, ``+0800``)."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pyarrow comes with servicelevel[columns]
        return None
    try:
        text = pa.array(cells.array, type=pa.string())
        if isinstance(text, pa.ChunkedArray):
            text = text.combine_chunks()
        # the layout first: arrow takes ten times as long to refuse naive text as to read it
        if not _iso_layout(text):
            return None
        # arrow parses a timestamp with a zone only from text with an offset: naive text is refused
        parsed = pc.cast(text, pa.timestamp("us", tz="UTC"))
    except pa.ArrowException:  # any refusal: pandas' parser, then the row-by-row reader, decide
        return None
    # UTC µs as integers: arrow keeps timestamps in UTC whatever the zone, and numpy has no zones
    return parsed.cast(pa.int64()).to_numpy(zero_copy_only=False).view("datetime64[us]")  # type: ignore[no-any-return]


def _iso_layout(text: Any) -> bool:
    """Whether every cell of an arrow text array that arrow read as an instant is laid out as `_ISO`
    + `_OFFSET`: separators at their places, minutes given, the offset ``Z`` or ``±hh:mm``. Read
    off the array's bytes (a regex over a log's worth of cells costs five times the parse)."""
    if text.null_count:
        return False
    offsets_buf, data_buf = text.buffers()[1:]
    if data_buf is None:
        return False
    offs = np.frombuffer(offsets_buf, dtype=np.int32)[text.offset : text.offset + len(text) + 1]
    data = np.frombuffer(data_buf, dtype=np.uint8)
    starts, ends = offs[:-1], offs[1:]
    if not len(starts) or (ends - starts).min() < len("2026-01-05T10:00Z"):
        return False
    at = data[starts + 10]
    sign = data[ends - 6]
    return bool(
        (data[starts + 4] == ord("-")).all()
        and (data[starts + 7] == ord("-")).all()
        and ((at == ord("T")) | (at == ord(" "))).all()
        and (data[starts + 13] == ord(":")).all()
        and (
            (data[ends - 1] == ord("Z"))
            | (((sign == ord("+")) | (sign == ord("-"))) & (data[ends - 3] == ord(":")))
        ).all()
    )


def _long_table(table: Any, name: str, columns: tuple[str, ...], rest: str) -> pd.DataFrame | None:
    """A long table beside the tickets (pauses, reclassifications): pandas or polars, with its
    columns; None when absent or empty."""
    if table is None:
        return None
    if type(table).__module__.partition(".")[0] == "polars":
        table = table.to_pandas()
    if not isinstance(table, pd.DataFrame):
        raise IncidentError(
            f"{name}: expected a pandas or polars DataFrame with columns {', '.join(columns)}, "
            f"got {type(table).__name__}"
        )
    if not len(table):
        return None
    for col in columns:
        if col not in table.columns:
            raise IncidentError(
                f"{name}: no column {col!r}; expected a long table with columns ticket (the ticket's "
                f"index label), {rest}"
            )
    return table


def _pauses(
    pauses: pd.DataFrame | None,
    tickets: pd.DataFrame,
    cal: BusinessCalendar,
    at: np.datetime64,
    reported: Times,
    resolved: Times,
) -> Paused:
    """Each ticket's pauses clipped at ``at`` (an open pause runs until the resolution, or ``at``),
    and the tickets paused at ``at``; every bad pause row raised together."""
    if pauses is None:
        return Paused([], np.zeros(len(tickets), dtype=bool))
    pauses = _long_table(
        pauses, "pauses", ("ticket", "start", "end"), "start and end (empty while the pause is open)"
    )
    if pauses is None:
        return Paused([], np.zeros(len(tickets), dtype=bool))
    bad = _Rows(pauses.index)
    start = _column(pauses, "start", cal, bad, True)
    end = _column(pauses, "end", cal, bad, True)
    where = tickets.index.get_indexer(pd.Index(pauses["ticket"]))
    for i in np.flatnonzero(where < 0):
        bad.add([int(i)], f"ticket: {pauses['ticket'].iloc[i]!r} is not a ticket in the table")
    for i in np.flatnonzero(np.isnat(start)):
        bad.add([int(i)], "start: a pause needs a start")
    for i in np.flatnonzero(~np.isnat(end) & ~np.isnat(start) & (end < start)):
        bad.add([int(i)], "end: the pause ends before it starts")
    known = where >= 0
    rows = np.flatnonzero(known)
    early = ~np.isnat(start[rows]) & (start[rows] < reported[where[rows]])
    for i in rows[early]:
        bad.add([int(i)], "start: the pause starts before the ticket was reported")
    done = resolved[where[rows]]
    late = ~np.isnat(start[rows]) & ~np.isnat(done) & (start[rows] > done)  # at it: a zero pause
    for i in rows[late]:
        bad.add([int(i)], "start: the pause starts after the ticket was resolved; nothing is left to pause")
    ends_late = ~np.isnat(end[rows]) & ~np.isnat(done) & (end[rows] > done)
    for i in rows[ends_late]:
        bad.add([int(i)], "end: the pause ends after the ticket was resolved; the resolution ends a pause")
    open_ = np.isnat(end)
    open_[rows] &= np.isnat(done)  # an open pause of a resolved ticket ended with the resolution
    if open_.any() and np.isnat(at):
        for i in np.flatnonzero(open_):
            bad.add([int(i)], "end: the pause is still open; pass at= to evaluate the tickets at an instant")
    # one ticket's pauses must not overlap (a second pause inside a pause), as in `Incident`
    ok = np.flatnonzero(known & ~np.isnat(start))
    eff = end.copy()
    eff[ok] = np.where(np.isnat(eff[ok]), resolved[where[ok]], eff[ok])  # open: ends with the resolution
    order = ok[np.lexsort((start[ok], where[ok]))]
    same = where[order][1:] == where[order][:-1]
    prev_end = eff[order][:-1]
    overlap = same & (np.isnat(prev_end) | (start[order][1:] < prev_end))
    for i, j in zip(order[1:][overlap].tolist(), order[:-1][overlap].tolist(), strict=True):
        bad.add(
            [i], f"start: the pause overlaps the pause of pause row {pauses.index[j]!r}; one pause at a time"
        )
    if bad.bad:
        shown = "; ".join(f"pause row {k!r}: {v}" for k, v in list(bad.bad.items())[:_SHOWN])
        raise InvalidRowsError(f"{len(bad.bad)} pause rows are invalid: {shown}", bad.bad)
    n = len(tickets)
    now = np.zeros(n, dtype=bool)
    w, s, e = where[order], start[order], eff[order]
    if not np.isnat(at):
        begun = s <= at
        w, s, e = w[begun], s[begun], e[begun]
        running = np.isnat(e) | (e > at)
        now[w[running]] = True
        e = np.where(running, at, e)
    keep = e > s
    w, s, e = w[keep], s[keep], e[keep]
    first = np.r_[True, w[1:] != w[:-1]] if len(w) else np.zeros(0, dtype=bool)
    starts_at = np.flatnonzero(first)
    rank = np.arange(len(w)) - np.repeat(starts_at, np.diff(np.r_[starts_at, len(w)]))
    rounds: list[tuple[Times, Times]] = []
    for k in range(int(rank.max()) + 1 if len(rank) else 0):
        sel = rank == k
        rs, re_ = np.full(n, _NAT), np.full(n, _NAT)
        rs[w[sel]], re_[w[sel]] = s[sel], e[sel]
        rounds.append((rs, re_))
    return Paused(rounds, now)


def _to64(t: dt.datetime) -> np.datetime64:
    """An aware datetime as a UTC ``datetime64[us]``."""
    u = t.astimezone(dt.UTC)
    return np.datetime64(dt.datetime(u.year, u.month, u.day, u.hour, u.minute, u.second, u.microsecond), "us")


class _Table:
    """The tickets as UTC ``datetime64[us]`` columns, checked: levels, regions, events, the term."""

    def __init__(
        self, contract: Contract, tickets: pd.DataFrame, at: np.datetime64, out_of_term: bool
    ) -> None:
        home = next(iter(contract.calendars.values()))
        n = len(tickets)
        rows = _Rows(tickets.index)
        if "level" not in tickets.columns:
            raise IncidentError(
                "tickets: no column 'level'; expected the fault level of each ticket, e.g. 'P1'"
            )
        self.level_codes, keys = pd.factorize(tickets["level"], use_na_sentinel=True)
        self.level_keys = [str(k) for k in keys]
        self.level_now = tickets["level"].to_numpy(dtype=object).copy()
        known = [lv.key for lv in contract.levels]
        for k, key in enumerate(keys):
            if key not in known:
                rows.add(
                    np.flatnonzero(self.level_codes == k),
                    f"level: unknown level {key!r}; the contract defines {', '.join(known)}",
                )
        rows.add(np.flatnonzero(self.level_codes < 0), "level: missing")
        reported = _column(tickets, "reported_at", home, rows, True)
        missing_report = np.isnat(reported) & tickets["reported_at"].isna().to_numpy()
        rows.add(
            np.flatnonzero(missing_report),
            "reported_at: missing; every ticket needs the instant it was reported",
        )
        self.region = tickets["region"] if "region" in tickets.columns else None
        if self.region is not None:
            codes, names = pd.factorize(self.region, use_na_sentinel=True)
            for k, name in enumerate(names):
                if not isinstance(name, str):
                    rows.add(
                        np.flatnonzero(codes == k), f"region: expected a region name (text), got {name!r}"
                    )
                    continue
                try:  # a misspelt region must not take the default target silently
                    contract.check_region(name)
                except ServiceLevelError as exc:
                    rows.add(np.flatnonzero(codes == k), str(exc))
        events: dict[str, Times] = {"reported": reported}
        for name in _event_names(contract):
            if name != "reported":
                events[name] = _column(tickets, f"{name}_at", home, rows, False)
        for name, values in events.items():
            early = ~np.isnat(values) & ~np.isnat(reported) & (values < reported)
            rows.add(np.flatnonzero(early), f"{name}_at: before reported_at")
        self.outside = _outside(contract, home, reported)
        if not out_of_term:
            rows.add(
                np.flatnonzero(self.outside),
                f"reported_at: outside the contract's term ({contract.valid_from or '…'} to "
                f"{contract.valid_until or '…'}); pass out_of_term=True to compute anyway",
            )
        self.events, self.n = events, n
        # the history checks of `Incident`, per row (a row is one cycle: no reopening here)
        for kind, starts in prerequisites(contract).items():
            values = self.event(kind)
            first = self.first(starts, reported)
            wrong = ~np.isnat(values) & (np.isnat(first) | (values < first))
            rows.add(
                np.flatnonzero(wrong),
                f"{kind}_at: needs one of {', '.join(f'{k}_at' for k in starts)} at or before it",
            )
        restored, resolved = self.event("restored"), self.event("resolved")
        late = ~np.isnat(restored) & ~np.isnat(resolved) & (restored > resolved)
        rows.add(
            np.flatnonzero(late),
            "restored_at: after resolved_at; a restoration after the resolution needs a reopening "
            "(Incident.reopened)",
        )
        rows.raise_if_any()
        self.reported = reported
        self.resolved = self.event("resolved")
        self.restart: Times | None = None
        if not np.isnat(at):  # as Incident.status(at): events after ``at`` have not happened yet
            for name, values in events.items():
                late = values > at
                if name != "reported" and late.any():  # a ticket reported later is pending, its due known
                    events[name] = np.where(late, _NAT, values)

    def event(self, name: str) -> Times:
        return self.events.get(name, np.full(self.n, _NAT))

    def first(self, kinds: Sequence[str], after: Times) -> Times:
        """The first of ``kinds`` that happened at or after ``after`` (NaT where none did)."""
        out = np.full(self.n, _NAT)
        for kind in kinds:
            values = self.event(kind)
            ok = ~np.isnat(values) & ~np.isnat(after) & (values >= after)
            out = np.where(ok & (np.isnat(out) | (values < out)), values, out)
        return out

    def start(self, metric: Metric) -> Times:
        """When the metric's clock starts: the first of its start events that happened."""
        start = np.full(self.n, _NAT)
        for ev in metric.starts:
            start = np.where(np.isnat(start), self.event(ev), start)
        return start

    def relevel(self, levels: npt.NDArray[Any]) -> None:
        """The level in force at the instant asked about, after the reclassifications."""
        self.level_codes, keys = pd.factorize(pd.Series(levels, dtype=object), use_na_sentinel=True)
        self.level_keys = [str(k) for k in keys]

    def level(self, key: str) -> npt.NDArray[np.bool_]:
        if key not in self.level_keys:
            return np.zeros(self.n, dtype=bool)
        return np.asarray(self.level_codes == self.level_keys.index(key))


def _event_columns(contract: Contract) -> list[str]:
    return ["reported_at", *(f"{e}_at" for e in _event_names(contract) if e != "reported")]


def _check_event_columns(contract: Contract, tickets: pd.DataFrame) -> None:
    """A column that looks like a misspelt event column (``resloved_at``) is an error, not ignored:
    ignored, every ticket would come out breached."""
    known = _event_columns(contract)
    for name in map(str, tickets.columns):
        if name.endswith("_at") and name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
            if close:
                raise IncidentError(
                    f"tickets: column {name!r} is not an event of the contract (did you mean {close[0]!r}?); "
                    f"event columns are {', '.join(known)}"
                )


def _kept(contract: Contract, tickets: pd.DataFrame, keep: Sequence[str] | None) -> list[Any]:
    """The input columns the result keeps: level, region, the instants, and those named in ``keep``."""
    inputs = {"level", "region", *_event_columns(contract)}
    out = [c for c in tickets.columns if c in inputs]
    if keep is None:
        return out
    if isinstance(keep, str) or not all(isinstance(k, str) for k in keep):
        raise InvalidOptionError(f"keep: expected a list of column names, got {keep!r}")
    for name in keep:
        if name not in tickets.columns:
            close = difflib.get_close_matches(name, [str(c) for c in tickets.columns], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise IncidentError(f"keep: no column {name!r} in the tickets{hint}")
        if name not in out:
            out.append(name)
    return out


def _reclassify(
    contract: Contract,
    table_in: pd.DataFrame | None,
    tickets: pd.DataFrame,
    cal: BusinessCalendar,
    at: np.datetime64,
    table: _Table,
) -> None:
    """A long table of reclassifications (``ticket``, ``at``, ``level``): the level in force at
    ``at`` replaces each ticket's level, and with ``reclassify = "restart"`` the clocks running at
    the last one count afresh from it, as `Incident` does."""
    table_in = _long_table(
        table_in, "reclassifications", ("ticket", "at", "level"), "at and level (the new level)"
    )
    if table_in is None:
        return
    bad = _Rows(table_in.index)
    when = _column(table_in, "at", cal, bad, True)
    where = tickets.index.get_indexer(pd.Index(table_in["ticket"]))
    levels = table_in["level"].to_numpy(dtype=object)
    known = {lv.key for lv in contract.levels}
    for i in range(len(table_in)):
        if where[i] < 0:
            bad.add([i], f"ticket: {table_in['ticket'].iloc[i]!r} is not a ticket in the table")
        elif levels[i] not in known:
            bad.add(
                [i], f"level: unknown level {levels[i]!r}; the contract defines {', '.join(sorted(known))}"
            )
        elif np.isnat(when[i]):
            bad.add([i], "at: a reclassification needs its instant")
        elif when[i] < table.reported[where[i]]:
            bad.add([i], "at: the reclassification is before the ticket was reported")
        elif not np.isnat(table.resolved[where[i]]) and when[i] > table.resolved[where[i]]:
            bad.add([i], "at: the reclassification is after the ticket was resolved")
    if not bad.bad:
        current = tickets["level"].to_numpy(dtype=object).copy()
        order = np.lexsort((np.arange(len(table_in)), when.astype(np.int64), where))
        restart = np.full(table.n, _NAT)
        for i in order.tolist():
            w = int(where[i])
            if levels[i] == current[w]:
                bad.add([i], f"level: the ticket is already of level {levels[i]!r} then")
                continue
            current[w] = levels[i]
            if np.isnat(at) or when[i] <= at:
                table.level_now[w] = levels[i]
                restart[w] = when[i]
        if contract.reclassify == "restart":
            table.restart = restart
    if bad.bad:
        shown = "; ".join(f"reclassification row {k!r}: {v}" for k, v in list(bad.bad.items())[:_SHOWN])
        raise InvalidRowsError(f"{len(bad.bad)} reclassification rows are invalid: {shown}", bad.bad)
    table.relevel(table.level_now)


def _outside(contract: Contract, home: BusinessCalendar, reported: Times) -> npt.NDArray[np.bool_]:
    """Reports whose local day lies outside the contract's term."""
    outside = np.zeros(len(reported), dtype=bool)
    if contract.valid_from is None and contract.valid_until is None:
        return outside
    wall = pd.DatetimeIndex(reported).tz_localize("UTC").tz_convert(home.tz).tz_localize(None)
    wall64 = wall.to_numpy().astype("datetime64[us]")
    if contract.valid_from is not None:
        outside |= wall64 < np.datetime64(contract.valid_from, "us")
    if contract.valid_until is not None:
        outside |= wall64 >= np.datetime64(contract.valid_until + dt.timedelta(days=1), "us")
    return outside & ~np.isnat(reported)


def prepare(
    contract: Contract,
    tickets: pd.DataFrame,
    at: Any,
    pauses: Any,
    reclassifications: Any,
    out_of_term: bool,
) -> tuple[_Table, Paused, np.datetime64, list[Metric]]:
    """The tickets read and checked (every bad row reported together), their pauses and
    reclassifications, ``at`` as UTC µs, and the metrics some level promises; an error if some
    clock is still running and no ``at`` is given."""
    home = next(iter(contract.calendars.values()))
    at64 = at_utc(contract, at)
    table = _Table(contract, tickets, at64, out_of_term)
    paused = _pauses(pauses, tickets, home, at64, table.reported, table.resolved)
    _reclassify(contract, reclassifications, tickets, home, at64, table)
    metrics = promised(contract)
    if np.isnat(at64):  # open clocks cannot be judged without an instant: say so before any work
        unstopped = []
        for m in metrics:
            begun = table.start(m)
            running = ~np.isnat(begun) & np.isnat(table.first((*m.stop, *m.cancel), begun))
            targeted = [lv for lv in contract.levels if lv.target(m.name) is not None]
            if any((running & table.level(lv.key)).any() for lv in targeted):
                unstopped.append(m.name)
        if unstopped:
            raise IncidentError(
                f"at: tickets have metrics not stopped yet ({', '.join(unstopped)}): whether they "
                "are running or breached depends on when you look; pass at= (e.g. the end of the "
                "reporting period)"
            )
    return table, paused, at64, metrics


def at_utc(contract: Contract, at: Any) -> np.datetime64:
    """``at`` as a UTC ``datetime64[us]`` (NaT: not given), named in errors as the option it is."""
    if at is None:
        return _NAT
    try:
        return _to64(contract.instant(at))
    except ServiceLevelError as exc:
        raise type(exc)(f"at: {str(exc).removeprefix('t: ')}") from None


def promised(contract: Contract) -> list[Metric]:
    """The metrics some level of the contract promises, in the contract's order."""
    levels = contract.levels
    return [m for name, m in contract.metrics.items() if any(lv.target(name) is not None for lv in levels)]


def evaluate(
    contract: Contract,
    tickets: Any,
    *,
    at: Any = None,
    pauses: Any = None,
    reclassifications: Any = None,
    out_of_term: bool = False,
    keep: Sequence[str] | None = None,
) -> Any:
    """See `Contract.evaluate`."""
    back_to_polars = False
    if type(tickets).__module__.partition(".")[0] == "polars":
        tickets, back_to_polars = tickets.to_pandas(), True
    if not isinstance(tickets, pd.DataFrame):
        raise IncidentError(f"tickets: expected a pandas or polars DataFrame, got {type(tickets).__name__}")
    if tickets.index.has_duplicates:
        counts = tickets.index.value_counts()
        twice = counts[counts > 1]
        label = twice.index[0]
        raise IncidentError(
            f"tickets: the ticket label {label!r} is used {int(twice.iloc[0])} times"
            + (f" (and {len(twice) - 1} more labels are used more than once)" if len(twice) > 1 else "")
            + "; each row is one ticket: give the table a unique index"
        )
    _check_event_columns(contract, tickets)
    kept = _kept(contract, tickets, keep)
    home = next(iter(contract.calendars.values()))
    table, paused, at64, metrics = prepare(contract, tickets, at, pauses, reclassifications, out_of_term)
    out = tickets[kept]  # a new frame (copy-on-write): no deep copy of the input
    bad = _Rows(tickets.index)  # rows past the horizon, reported together
    in_level = {lv.key: table.level(lv.key) for lv in contract.levels}
    regions = None if table.region is None else table.region.to_numpy(dtype=object)
    columns: dict[str, Any] = {}
    for metric in metrics:
        clocks = _clocks(table, metric, paused)
        judged = judge_metric(contract, metric.name, in_level, regions, clocks, at64, bad.add)
        due, state, margin, spent = judged
        # each metric's columns built at once, so its working arrays (states as text) are freed
        # before the next metric's are made: a million tickets' peak is ~200 MB lower for it
        columns[f"{metric.name}_due"] = pd.DatetimeIndex(due).tz_localize("UTC").tz_convert(home.tz)
        columns[f"{metric.name}_state"] = states_from_codes(state)
        columns[f"{metric.name}_margin"] = margin
        for part in ("elapsed", "paused", "used"):
            columns[f"{metric.name}_{part}"] = spent[part]
        del judged, due, state, margin, spent, clocks
    bad.raise_if_any()
    if table.outside.any():
        columns["out_of_term"] = table.outside
    # the input's columns beside the new ones, as they are: inserting them one by one copies
    # the frame's blocks (~140 MB more at a million tickets) and takes four times as long
    for name in [c for c in columns if c in out.columns]:  # a kept column of that name: in its place
        out[name] = columns.pop(name)
    joined = pd.concat([out, pd.DataFrame(columns, index=out.index, copy=False)], axis=1)
    joined.columns = pd.Index(joined.columns, dtype=out.columns.dtype if len(out.columns) else None)
    joined.attrs = out.attrs  # as the frame selected from the tickets carries them
    out = joined
    if back_to_polars:
        import polars as pl

        return pl.from_pandas(out.reset_index(drop=True) if isinstance(out.index, pd.RangeIndex) else out)
    return out


def states_from_codes(codes: npt.NDArray[np.int8]) -> Any:
    """Positions in `STATES` as the categorical column of states."""
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories=list(STATES)))


def _clocks(table: _Table, metric: Metric, paused: Paused) -> Clocks:
    """One metric's clock in every row of the table: its start (counted afresh from a
    reclassification while running, where the contract says so), stop, cancel and pauses."""
    start = table.start(metric)
    stop, cancel = table.first(metric.stop, start), table.first(metric.cancel, start)
    if table.restart is not None:  # counted afresh from a reclassification while running (contract option)
        r = table.restart
        ends = np.minimum(ints(stop), ints(cancel))
        again = ~np.isnat(r) & ~np.isnat(start) & (start < r) & (ints(r) < ends)
        start = np.where(again, r, start)
    if not metric.pausable:
        paused = Paused([], np.zeros(table.n, dtype=bool))
    return Clocks(start, stop, cancel, paused)


def _event_names(contract: Contract) -> list[str]:
    names: list[str] = []
    for _, m in contract.metrics.items():
        for e in (*m.starts, *m.stop, *m.cancel):
            if e not in names:
                names.append(e)
    return names


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
            raise IncidentError(
                f"by: no column {name!r} in the frame; it has {', '.join(map(str, frame.columns))}"
            )
        if name in _RESERVED:
            raise IncidentError(
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
    back_to_polars = False
    if type(frame).__module__.partition(".")[0] == "polars":
        frame, back_to_polars = frame.to_pandas(), True
    if not isinstance(frame, pd.DataFrame):
        raise IncidentError(
            f"frame: expected the DataFrame that evaluate() returned, got {type(frame).__name__}"
        )
    keys = _group_keys(frame, by)
    metrics = [c[: -len("_state")] for c in frame.columns if str(c).endswith("_state")]
    if not metrics:
        raise IncidentError("frame: no <metric>_state columns; pass the DataFrame that evaluate() returned")
    # groups as integer codes: pandas drops missing keys from its groups, a report must not
    coded = {k: _codes(frame[k]) for k in keys}
    codes = pd.DataFrame({f"k{i}": coded[k][0] for i, k in enumerate(keys)}, index=frame.index)
    parts = []
    for m in metrics:
        states = frame[f"{m}_state"].astype(object)
        counts = pd.crosstab([codes[c] for c in codes.columns], states)
        for s in STATES:
            if s not in counts.columns:
                counts[s] = 0
        counts = counts.reset_index()
        counts.insert(len(keys), "metric", m)
        parts.append(counts)
    table = pd.concat(parts, ignore_index=True)
    table = table[table[["met", "breached", "running", "paused", "pending"]].sum(axis=1) > 0]
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
        import polars as pl

        return pl.from_pandas(result)
    return result
