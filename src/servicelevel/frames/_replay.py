"""A ticket system's audit log replayed: status rows in, one row of SLA results per ticket out.

`frames._log` checks, sorts and reads the log. Tickets that live one cycle in one level become a
table, which is checked and read into clocks as `evaluate` reads one (`frames._tickets`). The
others are folded by `Incident`'s own fold (`frames._fold`). Here every ticket is judged at once,
metric by metric, by `judge_metric` (the one clock rule `verdict`), so the table answers as
`Incident.from_log` does. The tickets that cannot be replayed are refused together, and the
business time each ticket spent paused is counted.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Unpack

import numpy as np
import numpy.typing as npt
import pandas as pd

from servicelevel.errors import InvalidOptionError, InvalidRowsError, InvalidTableError
from servicelevel.frames._fold import fold
from servicelevel.frames._input import LogColumns, at_us, metric_columns, pandas_in, polars_out
from servicelevel.frames._judge import Clocks, halving, level_masks
from servicelevel.frames._log import NAT_INT, LogRead, read_log, refuse_tickets
from servicelevel.frames._tickets import clocks, prepare, promised
from servicelevel.frames._updates import promises_updates, replay_updates
from servicelevel.frames._versions import (
    add_penalty_versions,
    add_warned_versions,
    judge_versions,
    version_of_rows,
)
from servicelevel.sla import ReplayOptions

if TYPE_CHECKING:
    from servicelevel.calendar import BusinessCalendar
    from servicelevel.sla import Contract

__all__ = ["replay"]


def replay(contract: Contract, log: Any, **options: Unpack[ReplayOptions]) -> Any:
    """See `Contract.replay`; ``options`` are `ReplayOptions` (checked here: a misspelt or missing
    keyword is named, with the keywords replay takes)."""
    _check_options(options)
    workflow = contract.workflow
    columns = LogColumns(
        ticket=options["ticket"], time=options["time"], status=options["status"], level=options["level"],
        order=options.get("order"), reported=options.get("reported"), region=options.get("region"),
        update=None if workflow is None else workflow.update_column,
    )  # fmt: skip
    named = list(dict.fromkeys(name for _, name in columns.named() if name is not None))
    if type(log).__module__.partition(".")[0] == "polars" and set(named) <= set(log.columns):
        log = log.select(named)  # only the columns read cross to pandas (a missing one is named below)
    log, back_to_polars = pandas_in(log, "log: expected a pandas or polars DataFrame")
    if workflow is None:
        raise InvalidTableError(
            "workflow: the contract has no [workflow] table mapping the log's statuses to "
            "new/working/paused/resolved/closed; add one (see the docs page on replaying logs)"
        )
    _check_columns(log, columns)
    at = options.get("at")
    labels, read = read_log(contract, workflow, log, columns, at=at, time_format=options.get("time_format"))
    return _assemble(
        contract, labels, read, at, options.get("out_of_term", False), columns.ticket, back_to_polars
    )


def _check_options(options: Mapping[str, Any]) -> None:
    """Every keyword is one `replay` takes, and the four columns it needs are named."""
    known = ReplayOptions.__required_keys__ | ReplayOptions.__optional_keys__
    for key in options:
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InvalidOptionError(
                f"{key}: replay takes no such keyword{hint}; it takes {', '.join(sorted(known))}"
            )
    missing = sorted(ReplayOptions.__required_keys__ - set(options))
    if missing:
        raise InvalidOptionError(
            f"{missing[0]}: replay needs the log's {', '.join(missing)} column name(s), "
            "e.g. replay(log, ticket='number', time='sys_updated_on', status='state', level='priority')"
        )


def _check_columns(log: pd.DataFrame, given: LogColumns) -> None:
    """Every column named is in the log; a missing one is named with the closest the log has."""
    columns = [str(c) for c in log.columns]
    for what, name in given.named():
        if name is None or name in log.columns:
            continue
        lower = {c.lower(): c for c in columns}
        close = [lower[str(name).lower()]] if str(name).lower() in lower else []
        close = close or difflib.get_close_matches(str(name), columns, n=1, cutoff=0.5)
        key = str(name).lower()
        close = close or [c for c in columns if key and (key in c.lower() or c.lower() in key)][:1]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        said = f"no column {name!r} in the log{hint}"
        if what == "update":  # named by the contract, not by the call
            what = "workflow.updates.column"
            said = f"the contract's [workflow] updates read column {name!r}, which the log lacks{hint}"
        raise InvalidTableError(f"{what}: {said}; it has {', '.join(columns[:30])}")


def _refuse(labels: pd.Index[Any], refused: dict[str, dict[int, str]]) -> None:
    """Raise for every ticket refused (by ticket number, under what refused it), named together in
    the log's order; nothing if none is."""
    kinds = [what for what, bad in refused.items() if bad]
    if kinds:
        every = {k: message for bad in refused.values() for k, message in bad.items()}
        what = kinds[0] if len(kinds) == 1 else "tickets cannot be replayed"
        refuse_tickets(what, {labels[k]: every[k] for k in sorted(every)})


def _assemble(
    contract: Contract,
    labels: pd.Index[Any],
    r: LogRead,
    at: Any,
    out_of_term: bool,
    ticket_name: str,
    back_to_polars: bool,
) -> Any:
    """Every ticket judged, metric by metric: the tickets of one cycle checked and read as
    `evaluate` does, the others folded by `Incident`'s fold, both judged by `judge_metric`."""
    m, cols, region, simple_idx, final, spans = r.m, r.cols, r.region, r.simple_idx, r.final, r.spans
    at_u = at_us(contract, at)
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
    folded = fold(
        contract, r.histories, cols["level0"], r.level_keys, r.reported, region, at_u, out_of_term,
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
    home = contract.home_calendar
    data: dict[str, Any] = {"level": final, "reopened": r.reopened, "cycles": r.reopened + 1, "paused": None}
    version = version_of_rows(contract, r.reported)  # the terms in force at each ticket's report

    def past_horizon(rows: npt.NDArray[np.intp], message: str) -> None:
        for row in rows.tolist():
            unjudged.setdefault(row, message)

    for metric in metrics:
        metric_clocks = Clocks.spread(
            [
                (simple_idx, clocks(table, metric, paused)),
                (complex_rows, Clocks.of_runs(folded.runs[metric.name])),
            ],
            m,
        )
        judged = judge_versions(
            contract, metric.name, in_level, regions_, metric_clocks, when, past_horizon, version
        )
        metric_columns(data, metric.name, judged, home.tz)
        add_penalty_versions(data, contract, metric.name, in_level, judged, version)
        add_warned_versions(
            data, contract, metric.name, in_level, judged, metric_clocks, when, version, regions_
        )
        del metric_clocks, judged
    if promises_updates(contract):  # 每N小时通报进展: update_due, _state, _missed, _longest
        replay_updates(data, contract, r, table, paused, folded, judged_level, when)
    data["paused"] = _paused_time(
        contract,
        final,
        np.r_[cols["pause_ticket"][r.simple_pause], np.array([x[0] for x in spans], dtype=np.int64)],
        np.r_[cols["pause_start"][r.simple_pause], np.array([x[1] for x in spans], dtype=np.int64)],
        np.r_[
            cols["pause_end"][r.simple_pause],
            np.array([NAT_INT if x[2] is None else x[2] for x in spans], dtype=np.int64),
        ],
        at_u,
        m,
        past_horizon,
        version,
        regions_,
    )
    _refuse(labels, refused)  # past the horizon, with the histories refused above, if any
    if outside.any():
        data["out_of_term"] = outside
    # one frame of the columns as they are (inserting them one by one costs four times as much)
    out = pd.DataFrame(data, index=index, copy=False)
    if back_to_polars:
        return polars_out(out.reset_index())
    return out


def _paused_time(
    contract: Contract,
    final: npt.NDArray[Any],
    k: npt.NDArray[np.int64],
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    at_u: int | None,
    m: int,
    past_horizon: Callable[[npt.NDArray[np.intp], str], None],
    version: npt.NDArray[np.intp] | None,
    regions: npt.NDArray[Any] | None = None,
) -> npt.NDArray[np.timedelta64]:
    """Business time paused per ticket (pauses: ticket ``k``, from ``a`` to ``b``, epoch µs; an
    open one runs to ``at``), on the calendar of its final level's resolution target (the first
    calendar where that level has none) in its region (``regions``: a region may have its own)
    in the terms in force at its report (``version``, from `version_of_rows`; None: one version);
    tickets whose pauses span more than the horizon are named through ``past_horizon``."""
    out = np.zeros(m, dtype="timedelta64[us]")
    if not len(k):
        return out
    b = np.where(b == NAT_INT, a if at_u is None else at_u, b)
    if at_u is not None:
        b = np.minimum(b, at_u)
    ok = b > a
    k, a, b = k[ok].astype(np.intp), a[ok], b[ok]
    # the calendar of each (version, level), as a position among the distinct calendars: the
    # pauses are then counted a calendar at a time, however many versions share it
    calendars: list[BusinessCalendar] = []
    position: dict[tuple[int, str], int] = {}
    for v, terms in enumerate(contract.versions):
        home = next(iter(terms.calendars))
        for lv in terms.levels:
            target = lv.target("resolution")
            cal = terms.calendar(target.calendar if target is not None else home)
            if cal not in calendars:
                calendars.append(cal)
            position[v, lv.key] = calendars.index(cal)
    keys = [lv.key for lv in contract.levels]
    table = np.array(
        [[position[v, key] for key in keys] for v in range(len(contract.versions))], dtype=np.intp
    )
    level = pd.Index(keys, dtype=object).get_indexer(pd.Index(final[k], dtype=object))
    ticket_version = np.zeros(m, dtype=np.intp) if version is None else version
    which = np.where(level >= 0, table[ticket_version[k], np.maximum(level, 0)], -1)
    for v, terms in enumerate(contract.versions) if regions is not None else ():  # issue #29 §1
        for lv in terms.levels:
            target = lv.target("resolution")
            if target is None or regions is None:
                continue
            for region, _ in target.regions:  # a region's own calendar
                cal = terms.calendar(target.calendar_for(region))
                if cal not in calendars:
                    calendars.append(cal)
                mine = (ticket_version[k] == v) & (final[k] == lv.key) & (regions[k] == region)
                which[mine] = calendars.index(cal)
    for c, cal in enumerate(calendars):
        sel = np.flatnonzero(which == c)
        if not len(sel):
            continue

        def add(p: npt.NDArray[np.intp], cal: BusinessCalendar = cal) -> None:
            got = cal.elapsed(a[p].astype("datetime64[us]"), b[p].astype("datetime64[us]"))
            np.add.at(out, k[p], np.asarray(got, dtype="timedelta64[us]"))

        halving(sel, "paused", lambda p, message: past_horizon(k[p], message), add, None)
    return out
