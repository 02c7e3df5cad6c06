"""The amendments `servicelevel.strategies.contracts` draws (kept apart: that module's size)."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import strategies as st

from servicelevel.sla import Amendment, FaultLevel, RegionTarget
from servicelevel.terms import Term

__all__ = ["amendment"]


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
