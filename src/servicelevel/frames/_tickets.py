"""A table of tickets, read and checked into each metric's clocks as `Incident` reads one ticket.

Each row is checked as `Incident` checks a ticket: its level, region and event columns, the
contract's term, and the history rules (`prerequisites`). Every bad row is named together.
`prepare` adds the pauses and reclassifications read by `frames._input`, and refuses clocks that
are still running when no ``at`` is given. `clocks` gives one metric's clock in every row for
`judge_metric`. `evaluate` reads its table this way, and so does `replay` for the tickets of a log
that live one cycle in one level.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import InvalidTableError, ServiceLevelError
from servicelevel.frames._input import (
    BadRows,
    at_utc,
    instant_column,
    read_pauses,
    read_reclassifications,
)
from servicelevel.frames._judge import NAT, Clocks, Paused, Times, ints
from servicelevel.sla.engine import prerequisites

if TYPE_CHECKING:
    from servicelevel.sla import Contract, Metric

__all__ = [
    "TicketTable",
    "check_event_columns",
    "clocks",
    "event_columns",
    "outside",
    "prepare",
    "promised",
    "refuse_unstopped",
]


class TicketTable:
    """The tickets as UTC ``datetime64[us]`` columns, checked: levels, regions, events, the term."""

    def __init__(
        self, contract: Contract, tickets: pd.DataFrame, at: np.datetime64, out_of_term: bool
    ) -> None:
        home = contract.home_calendar
        n = len(tickets)
        rows = BadRows(tickets.index)
        if "level" not in tickets.columns:
            raise InvalidTableError(
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
        reported = instant_column(tickets, "reported_at", home, rows, True)
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
                events[name] = instant_column(tickets, f"{name}_at", home, rows, False)
        for name, values in events.items():
            early = ~np.isnat(values) & ~np.isnat(reported) & (values < reported)
            rows.add(np.flatnonzero(early), f"{name}_at: before reported_at")
        self.outside = outside(contract, home, reported)
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
                    events[name] = np.where(late, NAT, values)

    def event(self, name: str) -> Times:
        """When each ticket's event ``name`` happened (NaT: not, or no such column)."""
        return self.events.get(name, np.full(self.n, NAT))

    def first(self, kinds: Sequence[str], after: Times) -> Times:
        """The first of ``kinds`` that happened at or after ``after`` (NaT where none did)."""
        out = np.full(self.n, NAT)
        for kind in kinds:
            values = self.event(kind)
            ok = ~np.isnat(values) & ~np.isnat(after) & (values >= after)
            out = np.where(ok & (np.isnat(out) | (values < out)), values, out)
        return out

    def start(self, metric: Metric) -> Times:
        """When the metric's clock starts: the first of its start events that happened."""
        start = np.full(self.n, NAT)
        for ev in metric.starts:
            start = np.where(np.isnat(start), self.event(ev), start)
        return start

    def relevel(self, levels: npt.NDArray[Any], restart: Times | None) -> None:
        """The level in force at the instant asked about, after the reclassifications, and where
        the contract says so the instants the running clocks count afresh from."""
        self.level_now = levels
        self.level_codes, keys = pd.factorize(pd.Series(levels, dtype=object), use_na_sentinel=True)
        self.level_keys = [str(k) for k in keys]
        self.restart = restart

    def level(self, key: str) -> npt.NDArray[np.bool_]:
        """The tickets of level ``key`` (after the reclassifications)."""
        if key not in self.level_keys:
            return np.zeros(self.n, dtype=bool)
        return np.asarray(self.level_codes == self.level_keys.index(key))


def _event_names(contract: Contract) -> list[str]:
    """The events the contract's metrics start, stop or cancel on, each once, in the contract's order."""
    names: list[str] = []
    for _, m in contract.metrics.items():
        for e in (*m.starts, *m.stop, *m.cancel):
            if e not in names:
                names.append(e)
    return names


def event_columns(contract: Contract) -> list[str]:
    """The contract's event columns: ``reported_at`` and ``<event>_at`` for every other event."""
    return ["reported_at", *(f"{e}_at" for e in _event_names(contract) if e != "reported")]


def check_event_columns(contract: Contract, tickets: pd.DataFrame) -> None:
    """A column that looks like a misspelt event column (``resloved_at``) is an error, not ignored:
    ignored, every ticket would come out breached."""
    known = event_columns(contract)
    for name in map(str, tickets.columns):
        if name.endswith("_at") and name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
            if close:
                raise InvalidTableError(
                    f"tickets: column {name!r} is not an event of the contract (did you mean {close[0]!r}?); "
                    f"event columns are {', '.join(known)}"
                )


def outside(contract: Contract, home: BusinessCalendar, reported: Times) -> npt.NDArray[np.bool_]:
    """Reports whose local day lies outside the contract's term."""
    out = np.zeros(len(reported), dtype=bool)
    if contract.valid_from is None and contract.valid_until is None:
        return out
    wall = pd.DatetimeIndex(reported).tz_localize("UTC").tz_convert(home.tz).tz_localize(None)
    wall64 = wall.to_numpy().astype("datetime64[us]")
    if contract.valid_from is not None:
        out |= wall64 < np.datetime64(contract.valid_from, "us")
    if contract.valid_until is not None:
        out |= wall64 >= np.datetime64(contract.valid_until + dt.timedelta(days=1), "us")
    return out & ~np.isnat(reported)


def prepare(
    contract: Contract,
    tickets: pd.DataFrame,
    at: Any,
    pauses: Any,
    reclassifications: Any,
    out_of_term: bool,
) -> tuple[TicketTable, Paused, np.datetime64, list[Metric]]:
    """The tickets read and checked (every bad row reported together), their pauses and
    reclassifications, ``at`` as UTC µs, and the metrics some level promises; an error if some
    clock is still running and no ``at`` is given."""
    home = contract.home_calendar
    at64 = at_utc(contract, at)
    table = TicketTable(contract, tickets, at64, out_of_term)
    paused = read_pauses(pauses, tickets, home, at64, table.reported, table.resolved)
    changed = read_reclassifications(
        contract, reclassifications, tickets, home, at64, table.reported, table.resolved
    )
    if changed is not None:
        level_now, restart = changed
        table.relevel(level_now, restart if contract.reclassify == "restart" else None)
    metrics = promised(contract)
    if np.isnat(at64):  # open clocks cannot be judged without an instant: say so before any work
        unstopped = []
        for m in metrics:
            begun = table.start(m)
            running = ~np.isnat(begun) & np.isnat(table.first((*m.stop, *m.cancel), begun))
            targeted = [lv for lv in contract.levels if lv.target(m.name) is not None]
            if any((running & table.level(lv.key)).any() for lv in targeted):
                unstopped.append(m.name)
        refuse_unstopped(unstopped)
    return table, paused, at64, metrics


def refuse_unstopped(metrics: Sequence[str]) -> None:
    """Without an ``at``, metrics whose clocks still run cannot be judged: name them (if any)."""
    if metrics:
        raise InvalidTableError(
            f"at: tickets have metrics not stopped yet ({', '.join(metrics)}): whether they "
            "are running or breached depends on when you look; pass at= (e.g. the end of the "
            "reporting period)"
        )


def promised(contract: Contract) -> list[Metric]:
    """The metrics some level of the contract promises, in the contract's order."""
    levels = contract.levels
    return [m for name, m in contract.metrics.items() if any(lv.target(name) is not None for lv in levels)]


def clocks(table: TicketTable, metric: Metric, paused: Paused) -> Clocks:
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
        paused = Paused.none(table.n)
    return Clocks(start, stop, cancel, paused)
