"""The monthly service report put together from tables: `Contract.report`.

A promise belongs to the month its due falls in (the contract's home zone), as penalties do:
the met rates count the promises due in the month — through `compliance`, the one counting rule —,
the breaches list those broken, the penalties are the month's row of `penalties`, and availability
is the month's period of each service. Everything is judged at ``at`` (by default the month's end).

Under amendments each ticket is judged, and its penalty charged, by the terms in force at its
report (as `evaluate` does); the month's goals, its availability and the calendars listed are
those in force on the month's first day, and an amendment taking effect later in the month is
named in the terms section.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pendulum

from servicelevel.errors import InvalidOptionError, ServiceLevelError, show
from servicelevel.frames._compliance import compliance
from servicelevel.frames._evaluate import evaluate
from servicelevel.frames._input import BadRows, instant_column, pandas_in
from servicelevel.frames._penalties import minor_of, penalties, penalty_metrics
from servicelevel.sla import BreachLine, LevelLine, PenaltyTerms, Report, ServiceLine, UpdateLine
from servicelevel.sla.engine import from_minor, us

if TYPE_CHECKING:
    from servicelevel.sla import Contract

__all__ = ["report"]


def month_of(value: object) -> dt.date:
    """``"2026-03"``, a date or a datetime as the first day of its month."""
    if isinstance(value, dt.datetime):
        return value.date().replace(day=1)
    if isinstance(value, dt.date):
        return value.replace(day=1)
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip() + "-01")
        except ValueError:
            pass
    raise InvalidOptionError(
        f"month: expected a month such as '2026-03' or a date, got {show(value)}", field="month"
    )


def report(
    contract: Contract,
    month: object,
    *,
    tickets: Any,
    outages: Any = None,
    pauses: Any = None,
    updates: Any = None,
    at: Any = None,
    ticket: str | None = None,
) -> Report:
    """See `Contract.report`."""
    first = month_of(month)
    tz = contract.home_calendar.tz
    start = contract.home_calendar.instant(f"{first.isoformat()}T00:00")  # Havana: the first of two
    end = contract.home_calendar.instant(f"{month_of(first + dt.timedelta(days=31)).isoformat()}T00:00")
    try:
        when = end if at is None else contract.instant(at)
    except ServiceLevelError as exc:
        raise exc.restated("at") from None
    if us(when) < us(start):
        raise InvalidOptionError(
            f"at: {when.isoformat()} is before {first:%Y-%m} begins; a month's report is judged at an "
            "instant in it or after it",
            field="at",
        )
    table = pandas_in(tickets, "tickets: expected a pandas or polars DataFrame")[0]
    frame = evaluate(contract, table, at=when, pauses=pauses, ticket=ticket, updates=updates).copy()
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    reported = None
    if "reported_at" in frame.columns:  # read as evaluate reads it: text without an offset in the home zone
        bad = BadRows(frame.index)
        reported = instant_column(frame, "reported_at", contract.home_calendar, bad, True)
        kept = reported <= pd.Timestamp(when).to_datetime64()  # reported after `at`: not there yet
        frame, reported = frame[kept], reported[kept]
    # the metrics, each due once a ticket; the update promise (``update_state``) repeats: not here
    metrics = [
        c[: -len("_state")] for c in frame.columns if str(c).endswith("_state") and c != "update_state"
    ]
    terms = contract.penalty_terms or PenaltyTerms()
    digits = terms.digits
    # each ticket was judged by the terms of its report (evaluate); the month's goals, like its
    # availability, are those in force on its first day
    in_force = contract.at(first)
    goals = in_force.compliance_goals()
    levels: list[LevelLine] = []
    broken_lines: list[tuple[int, BreachLine]] = []
    zone = pendulum.timezone(tz)
    for metric in metrics:
        due = frame[f"{metric}_due"]
        in_month = ((due >= lo) & (due < hi)).fillna(False).to_numpy(dtype=bool)
        part = frame.loc[in_month, ["level", f"{metric}_state"]]
        if len(part):
            counted = compliance(part, goals=goals)
            levels += [_level_line(row) for row in counted.itertuples(index=False)]
        broken = np.flatnonzero(in_month & (frame[f"{metric}_state"] == "breached").to_numpy(dtype=bool))
        if not len(broken):
            continue
        column = f"{metric}_penalty"
        owed: list[Decimal | None] = [None] * len(broken)
        if column in frame.columns:
            minor, present = minor_of(frame[column], digits)
            owed = [
                from_minor(int(m), digits) if ok else None
                for m, ok in zip(minor[broken], present[broken], strict=True)
            ]
        late = np.maximum(
            -frame[f"{metric}_margin"].to_numpy()[broken].astype("timedelta64[us]"), np.timedelta64(0, "us")
        )
        index = pd.DatetimeIndex(due.iloc[broken]).tz_convert(tz)
        at_us, local = index.as_unit("us").asi8, index.to_pydatetime()
        labels, kinds, spans = frame.index[broken], frame["level"].to_numpy()[broken], late.astype(object)
        for u, label, lv, d, lt, p in zip(at_us, labels, kinds, local, spans, owed, strict=True):
            # pendulum's own constructor, with the zone made once: ten times pendulum.instance's speed
            instant = pendulum.DateTime(d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond,
                                     tzinfo=zone, fold=d.fold)  # fmt: skip
            line = BreachLine(
                ticket=str(label), level=str(lv), metric=metric, due=instant, late=lt, penalty=p
            )
            broken_lines.append((int(u), line))
    order = list(contract.metrics)
    levels.sort(key=lambda line: (_rank(contract, line.level), order.index(line.metric)))
    # ordered as instants (epoch µs), never by the zone's wall clock, which a DST fold reverses
    broken_lines.sort(key=lambda pair: (pair[0], pair[1].ticket, pair[1].metric))
    breaches = [line for _, line in broken_lines]
    raw, cap, payable, cut = Decimal(0).scaleb(-terms.digits), terms.cap_of_month(), None, None
    if penalty_metrics(contract):
        statement = penalties(contract, frame)
        row = statement[statement["month"] == first]
        if len(row):
            raw, payable, cut = (Decimal(row[c].iloc[0]) for c in ("raw", "payable", "cut"))
    services = _services(contract, outages, first, when, digits) if outages is not None else []
    zero = Decimal(0).scaleb(-terms.digits)
    credits = sum((s.credit_amount for s in services if s.credit_amount is not None), zero)
    count = (
        0
        if reported is None
        else int(((reported >= lo.to_datetime64()) & (reported < hi.to_datetime64())).sum())
    )
    named = [("contract", contract.id)]
    if contract.valid_from or contract.valid_until:
        named.append(("valid", f"{contract.valid_from or '…'} – {contract.valid_until or '…'}"))
    named += _amendments(contract, first, in_force)
    named += [(f"calendar {name}", repr(cal)) for name, cal in in_force.calendars.items()]
    told = _updates(contract, in_force, frame, lo, hi, when) if "update_state" in frame.columns else []
    return Report(
        contract=contract.id,
        customer=contract.customer,
        vendor=contract.vendor,
        month=first,
        at=pendulum.instance(when).in_timezone(tz),
        currency=terms.currency,
        tickets=count,
        levels=tuple(levels),
        breaches=tuple(breaches),
        services=tuple(services),
        penalties_raw=raw,
        penalties_cap=cap,
        penalties_payable=raw if payable is None else payable,
        penalties_cut=Decimal(0).scaleb(-terms.digits) if cut is None else cut,
        credits=credits,
        terms=tuple(named),
        updates=tuple(told),
    )


def _updates(
    contract: Contract, in_force: Contract, frame: pd.DataFrame, lo: pd.Timestamp, hi: pd.Timestamp, when: Any
) -> list[UpdateLine]:
    """Per level promising updates, the tickets whose update clock was judged in the month: stopped
    in it (``update_stopped``), or still running at ``at`` where ``at`` falls in it or at its end
    (the default) — counted by `compliance`, the one counting rule, with the updates missed and
    the longest silence beside."""
    state = frame["update_state"].astype(object).to_numpy()
    stopped = pd.to_datetime(frame["update_stopped"], utc=True)
    ended = ((stopped >= lo) & (stopped < hi)).fillna(False).to_numpy(dtype=bool)
    # a clock not stopped by `at` is judged at `at`: this month's when `at` is in it or ends it
    running = stopped.isna().to_numpy() & bool(lo <= pd.Timestamp(when) <= hi)
    judged = np.isin(state, ("met", "breached", "running", "paused")) & (ended | running)
    part = frame.loc[judged, ["level", "update_state", "update_missed", "update_longest"]]
    counted = {str(r.level): r for r in compliance(part[["level", "update_state"]]).itertuples(index=False)}
    missed = part.groupby("level", observed=True)["update_missed"].sum()
    longest = part.groupby("level", observed=True)["update_longest"].max()
    # the levels promising updates in the terms of the month's first day, and any other whose
    # tickets (judged by the terms of their report) were counted
    levels = {lv.key: lv for lv in contract.levels} | {lv.key: lv for lv in in_force.levels}
    keys = [lv.key for lv in in_force.levels if lv.update is not None]
    keys += sorted({str(k) for k in part["level"]} - set(keys), key=lambda k: _rank(contract, k))
    out = []
    for key in keys:
        target = levels[key].update if key in levels else None
        if target is None:
            continue
        row = counted.get(key)
        out.append(
            UpdateLine(
                level=key, every=target.every, calendar=target.calendar,
                tickets=0 if row is None else int(row.tickets), met=0 if row is None else int(row.met),
                breached=0 if row is None else int(row.breached), open=0 if row is None else int(row.open),
                missed=int(missed.get(key, 0)),
                longest=pd.Timedelta(longest.get(key, pd.Timedelta(0))).to_pytimedelta(),
            )
        )  # fmt: skip
    return out


def _amendments(contract: Contract, first: dt.date, in_force: Contract) -> list[tuple[str, str]]:
    """The terms in force on the month's first day, and each amendment taking effect later in the
    month (its tickets are judged by it; the month's goals and availability are not)."""
    if not contract.amendments:
        return []
    month_end = month_of(first + dt.timedelta(days=31))
    out = [("terms", "terms signed" if in_force.in_force is None else in_force.in_force.label)]
    for a in contract.amendments:
        if first < a.from_ < month_end:
            out.append(
                (
                    f"amendment from {a.from_.isoformat()}",
                    f"{a.label}: takes effect within the month, for the tickets reported from then on; "
                    "the month's goals and availability keep the terms in force on its first day",
                )
            )
    return out


def _rank(contract: Contract, key: str) -> tuple[int, str]:
    keys = [lv.key for lv in contract.levels]
    return (keys.index(key), key) if key in keys else (len(keys), key)


def _level_line(row: Any) -> LevelLine:
    rate = None if pd.isna(row.met_rate) else float(row.met_rate)
    goal = getattr(row, "goal", None)
    goal_met = getattr(row, "goal_met", None)
    return LevelLine(
        level=str(row.level),
        metric=str(row.metric),
        due=int(row.tickets),
        met=int(row.met),
        breached=int(row.breached),
        open=int(row.open),
        met_rate=rate,
        goal=None if goal is None or pd.isna(goal) else float(goal),
        goal_met=None if goal_met is None or pd.isna(goal_met) else bool(goal_met),
    )


def _money(amount: Decimal, digits: int) -> Decimal:
    """An amount to the currency's minor unit, half up (yen have none)."""
    return amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _services(
    contract: Contract, outages: Any, first: dt.date, when: pendulum.DateTime, digits: int
) -> list[ServiceLine]:
    """Each service's availability in the month (`Contract.availability`'s row of that period)."""
    from servicelevel.frames._availability import availability

    table, _ = pandas_in(availability(contract, outages, at=when), "availability")
    tz = contract.home_calendar.tz
    start = pendulum.datetime(first.year, first.month, 1, tz=tz)
    # the window measured: to the month's end, or to `at` within it (ordered as epoch µs)
    end = start.add(months=1)
    until = end if us(end) <= us(when) else pendulum.instance(when).in_timezone(tz)
    periods = pd.to_datetime(table["period"]).dt.date
    out = []
    for _, row in table[(periods == first).to_numpy()].iterrows():
        amount = row["credit_amount"]
        out.append(
            ServiceLine(
                service=str(row["service"]),
                start=start,
                end=until,
                scheduled=pd.Timedelta(row["scheduled"]).to_pytimedelta(),
                down=pd.Timedelta(row["down"]).to_pytimedelta(),
                availability=Decimal(row["availability"]),
                target=Decimal(row["target"]).normalize(),
                met=bool(row["met"]),
                credit=Decimal(row["credit"]).normalize(),  # 0.05, 0: not 0E-12
                credit_amount=None if amount is None or pd.isna(amount) else _money(Decimal(amount), digits),
                outages=int(row["outages"]),
            )
        )
    return out
