"""The tickets of a log that reopen or change level, read and folded one by one as `Incident` does.

The column reading of `frames._log` follows a ticket through one cycle in one level. The others
(reopened, or relevelled where the table cannot follow) are read here by `transitions`, one ticket
at a time, into their events. Each history is checked as `Incident` checks one (the contract's
term, `check_history`) and folded into its clocks by `Incident`'s own fold, `clock_runs`, so
`judge_metric` judges them beside the one-cycle tickets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from servicelevel.errors import IncidentError, ServiceLevelError
from servicelevel.frames._tickets import outside as outside_term
from servicelevel.frames._tickets import refuse_unstopped
from servicelevel.sla import Event, Incident
from servicelevel.sla.engine import NEVER, check_history, clock_runs, from_us, transitions

if TYPE_CHECKING:
    from servicelevel.sla import Contract

__all__ = ["Folded", "History", "fold", "read_histories"]

History = list[tuple[str, int, str | None]]
"""A ticket's events as `transitions` writes them: (kind, epoch µs, detail)."""


def read_histories(
    tickets: Iterable[tuple[int, Iterable[tuple[int, str, str | None, bool]]]],
    final: npt.NDArray[Any],
    reopened: npt.NDArray[np.int64],
) -> tuple[list[tuple[int, History]], list[tuple[int, int, int | None]]]:
    """Each ticket's rows ``(µs, action, level key, marked as an update)`` read by `transitions`
    into its events, by ticket number; its ``final`` level (the last reclassification's) and
    ``reopened`` count are set in place. Also the pauses, as (ticket, start, end; None: still open)."""
    histories: list[tuple[int, History]] = []
    spans: list[tuple[int, int, int | None]] = []
    for k, rows in tickets:
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
    return histories, spans


class Folded:
    """The reopened (or relevelled) tickets folded: their rows, the level in force and the instant
    each is judged at, and per metric each one's clock (None where its level has no such metric)."""

    def __init__(self, metrics: list[str]) -> None:
        self.rows: list[int] = []
        self.levels: list[str] = []
        self.whens: list[int] = []
        self.runs: dict[str, list[Any]] = {name: [] for name in metrics}


def fold(
    contract: Contract,
    histories: list[tuple[int, History]],
    level0_: npt.NDArray[np.int64],
    level_keys: list[str],
    reported_: npt.NDArray[np.int64],
    region: npt.NDArray[Any],
    at_u: int | None,
    out_of_term: bool,
    outside: npt.NDArray[np.bool_],
    checked_report: bool,
    metrics: list[str],
    bad: dict[int, str],
) -> Folded:
    """Tickets that reopen (or change level where the table cannot follow): each history checked
    and folded into its clocks by `Incident`'s own fold (`clock_runs`); ``outside`` gets whether
    each was reported outside the contract's term. The ones `Incident` refuses go into ``bad``
    (ticket number: why)."""
    out = Folded(metrics)
    ks = np.array([k for k, _ in histories], dtype=np.intp)
    # the complex tickets' reports (as Python ints) and levels, by ticket number
    reported = dict(zip(ks.tolist(), reported_[ks].tolist(), strict=True))
    level0 = {k: level_keys[c] for k, c in zip(ks.tolist(), level0_[ks].tolist(), strict=True)}
    term = contract.valid_from is not None or contract.valid_until is not None
    if term:  # outside the term: by their local report days, all at once
        home = contract.home_calendar
        days = np.array([reported[k] for k in ks.tolist()], dtype=np.int64).astype("datetime64[us]")
        outside[ks] = outside_term(contract, home, days)
    for k, events in histories:
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
        refuse_unstopped(
            sorted(
                name
                for name, rr in out.runs.items()
                if any(r is not None and r.start < NEVER and min(r.stop, r.cancel) >= NEVER for r in rr)
            )
        )
    return out


def _dt(u: int) -> dt.datetime:
    """Epoch µs as an aware UTC datetime, as `Incident` takes instants."""
    return from_us(u)


def _impossible(
    contract: Contract,
    level: str,
    reported: int,
    events: History,
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
