"""Parts of a contract that `servicelevel.strategies.contracts` draws, kept apart for that module's
size: amendments, warnings before the due, money terms and penalty rules, availability services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from servicelevel.calendar import BusinessCalendar
from servicelevel.sla import (
    PERIODS,
    Amendment,
    AvailabilityTarget,
    CreditBand,
    Escalation,
    FaultLevel,
    PenaltyRule,
    PenaltyTerms,
    RegionTarget,
)
from servicelevel.terms import Term

__all__ = ["amendment", "before_warnings", "money_terms", "penalty_rules", "services"]


def amendment(
    draw: st.DrawFn, levels: list[FaultLevel], first: dt.date | None, last: dt.date | None
) -> Amendment:
    """An amendment from a day after the term's first, by its last (in 2026 without a term), that halves or
    doubles one metric's business-time terms, or adds a day to its day counts, at every level and
    region alike: severity still orders the terms, and the version differs from the one before."""
    metric = draw(st.sampled_from(sorted({m for lv in levels for m in lv.targets})))
    factor = draw(st.sampled_from([0.5, 2.0]))

    def moved(term: Term) -> Term:
        if isinstance(term, dt.timedelta):  # whole minutes, as contracts write them
            minutes = round(term / dt.timedelta(minutes=1))
            new = minutes * 2 if factor > 1 or minutes < 2 else minutes // 2
            return dt.timedelta(minutes=new)
        return type(term)(term.n + 1)

    # a day after the term's first, by its last; in 2026 where the contract has no term
    low = first + dt.timedelta(days=1) if first else dt.date(2026, 1, 2)
    high = last if last else max(low, dt.date(2026, 12, 31))
    changed = {}
    for lv in levels:
        t = lv.targets.get(metric)
        if t is not None:
            regions = {
                r: attrs.evolve(x, within=moved(x.within)) if isinstance(x, RegionTarget) else moved(x)
                for r, x in t.regions
            }
            changed[lv.key] = {metric: attrs.evolve(t, within=moved(t.within), regions=regions)}
    return Amendment(
        from_=draw(st.dates(low, max(low, high))),
        reason=draw(st.sampled_from(["", "补充协议第3条", "Amendment 1"])),
        levels=changed,
    )


def _room(targets: Any) -> int:
    """Minutes a "before" point may reach below the shortest business-time budget among ``targets``
    (their regions too): half of it, so that an amendment halving the budget (`amendment`) keeps the
    point shorter; half a day when none is business time (a period's warning is not bounded by it)."""
    terms = [
        t for target in targets for t in (target.within, *(target.term_for(r) for r, _ in target.regions))
    ]
    spans = [int(t.total_seconds()) // 60 for t in terms if isinstance(t, dt.timedelta)]
    return min(spans, default=24 * 60) // 2


@st.composite
def before_warnings(
    draw: st.DrawFn, levels: list[FaultLevel], shares: Any, steps: list[Escalation], escalation: bool
) -> Any:
    """Levels, contract warnings and escalation steps with "before" points added where they fit."""
    every = [t for lv in levels for t in lv.targets.values()]
    shortest = _room(every)
    if shortest > 1 and draw(st.booleans()):
        shares = (*shares, f"{draw(st.integers(1, shortest - 1))}m before")
    out = []
    for lv in levels:
        targets = dict(lv.targets)
        for metric, target in lv.targets.items():
            room = _room([target])
            if room > 1 and draw(st.integers(0, 3)) == 0:
                own = draw(st.lists(st.integers(1, room - 1), max_size=2, unique=True))
                share = draw(st.sampled_from([[], [0.25], [0.9]]))
                targets[metric] = attrs.evolve(target, warnings=[*share, *(f"{m}m before" for m in own)])
        out.append(attrs.evolve(lv, targets=targets))
        metric = draw(st.sampled_from(sorted(lv.targets)))
        room = _room([lv.targets[metric]])
        if escalation and room > 1 and draw(st.booleans()):
            before = dt.timedelta(minutes=draw(st.integers(1, room - 1)))
            steps = [*steps, Escalation(level=lv.key, before=before, metric=metric, to="manager")]
    return out, shares, steps


@st.composite
def money_terms(draw: st.DrawFn) -> PenaltyTerms:
    """A contract's money terms: a currency, sometimes a monthly fee capped at 5 - 20 % of it."""
    currency = draw(st.sampled_from(["CNY", "USD", "JPY"]))
    if not draw(st.booleans()):
        return PenaltyTerms(currency=currency)
    fee = Decimal(draw(st.integers(1, 500))) * 1000
    return PenaltyTerms(currency=currency, monthly_fee=fee, monthly_cap=f"{draw(st.integers(5, 20))}%")


@st.composite
def penalty_rules(draw: st.DrawFn) -> PenaltyRule | None:
    """Nothing, a fixed sum per breach, an amount per unit of lateness, or both; whole amounts."""
    kind = draw(st.sampled_from(["none", "fixed", "per", "both"]))
    if kind == "none":
        return None
    fixed = Decimal(draw(st.integers(1, 50)) * 100) if kind in ("fixed", "both") else None
    if kind == "fixed":
        return PenaltyRule(fixed=fixed)
    per = dt.timedelta(minutes=draw(st.sampled_from([30, 60, 120, 240])))
    cap = draw(st.one_of(st.none(), st.integers(1, 100).map(lambda k: Decimal(k * 1000))))
    return PenaltyRule(
        per=per,
        amount=Decimal(draw(st.integers(1, 20)) * 100),
        fixed=fixed,
        cap=cap,
        rounding=draw(st.sampled_from(["started", "whole", "prorata"])),
    )


@st.composite
def services(draw: st.DrawFn, cals: dict[str, BusinessCalendar]) -> dict[str, AvailabilityTarget]:
    """One or two services' availability targets, credit bands from the target down."""
    out = {}
    for key in draw(st.lists(st.sampled_from(["his", "lis", "pacs"]), min_size=1, max_size=2, unique=True)):
        target = Decimal(draw(st.integers(9500, 9999))) / 10000  # 95.00 % to 99.99 %
        floors = sorted(draw(st.lists(st.integers(9000, 9999), max_size=3, unique=True)), reverse=True)
        floors = [f for f in floors if Decimal(f) / 10000 <= target]
        shares = sorted(draw(st.lists(st.integers(1, 50), min_size=len(floors), max_size=len(floors),
                                      unique=True)))  # fmt: skip
        out[key] = AvailabilityTarget(
            name=draw(st.sampled_from(["", "医院信息系统", "LIS"])),
            target=target,
            calendar=cals[draw(st.sampled_from(sorted(cals)))],
            period=draw(st.sampled_from(PERIODS)),
            exclude=draw(st.sampled_from([(), ("planned",)])),
            credits=[
                CreditBand(below=Decimal(f) / 10000, credit=Decimal(c) / 100)
                for f, c in zip(floors, shares, strict=True)
            ],
            fee=draw(st.sampled_from([None, Decimal("200000"), Decimal("12345.67")])),
        )
    return out
