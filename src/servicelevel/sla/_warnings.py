"""Warnings before the due (issue #29 §2): a share of the budget, or business time before the due.

A contract writes ``warnings = [0.5, 0.75, "1h before"]``; a target may write its own list, which
replaces the contract's for it; an escalation step may count ``before`` a metric's due. Each point
fires where the clock has counted its part of the budget: a share of it, or the budget less the
time before the due. Counted with the clock's pauses left out, so when a pause moves the due the
warning moves with it; a point that would fall before the clock's start fires at the start. One
function for that instant (`warning_at`), called by `Incident` on one clock and by the tables on
columns (``ops``), as `due_with_pauses` is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from servicelevel.errors import ContractError, InvalidTermError, show
from servicelevel.sla._clocks import SCALAR, Ops
from servicelevel.terms import format_term, parse_term

if TYPE_CHECKING:
    from servicelevel.calendar import BusinessCalendar
    from servicelevel.sla._contract import Contract
    from servicelevel.sla._levels import Target

__all__ = ["WarningPoint", "check_warnings", "to_warnings", "warning_at", "warnings_of"]

_ZERO = dt.timedelta(0)
_ACCEPTED = (
    "expected a share of the budget between 0 and 1 such as 0.75 or '75%', or business time "
    "before the due such as '1h before' or '提前1小时'"
)
# "1h before", "30 minutes before"; "提前1小时", "提前30分钟"; "1小时前"
_BEFORE = re.compile(r"^\s*(?:(?P<en>.+?)\s+before|提前\s*(?P<zh>.+?)|(?P<zh2>.+?)前)\s*$")


def _check_share(_inst: Any, _attr: Any, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, float) or not 0 < value < 1:
        raise ContractError(f"share: expected a fraction of the budget between 0 and 1, got {show(value)}")


def _check_before(_inst: Any, _attr: Any, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, dt.timedelta) or value <= _ZERO:
        raise ContractError(
            f"before: expected business time before the due such as timedelta(hours=1), got {show(value)}"
        )


def _share(value: Any) -> Any:
    return float(value) if isinstance(value, int | Decimal) and not isinstance(value, bool) else value


@frozen
class WarningPoint:
    """One warning: at a ``share`` of the budget (0.75: three quarters spent), or ``before`` the due
    by this much business time (the instant the budget left equals it). Exactly one is given.

    Examples:
        >>> WarningPoint.read(0.75).label, WarningPoint.read("1h before").label
        ('75%', '1h before')
        >>> WarningPoint.read("提前30分钟"), WarningPoint.read("50%")
        (WarningPoint(before=datetime.timedelta(seconds=1800)), WarningPoint(0.5))
    """

    share: float | None = field(default=None, converter=_share, validator=_check_share)
    before: dt.timedelta | None = field(default=None, validator=_check_before, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if (self.share is None) == (self.before is None):
            raise ContractError(f"share: give exactly one of share and before, got {self!r}")

    def __repr__(self) -> str:
        if self.before is None:
            return f"WarningPoint({self.share!r})"
        return f"WarningPoint(before={self.before!r})"

    @classmethod
    def read(cls, value: Any, where: str = "warnings") -> WarningPoint:
        """A point as contracts write it: ``0.5``, ``"50%"``, ``"1h before"``, ``"提前1小时"``."""
        if isinstance(value, WarningPoint):
            return value
        if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
            if not (isinstance(value, Decimal) and value.is_nan()) and 0 < value < 1 and 0 < float(value) < 1:
                return cls(float(value))
        elif isinstance(value, str):
            text = value.strip()
            if text.endswith("%"):
                try:
                    share = Decimal(text[:-1]) / 100
                except ArithmeticError:
                    share = Decimal(0)
                if share.is_finite() and 0 < share < 1 and 0 < float(share) < 1:  # "1e-400%": 0.0
                    return cls(float(share))
            found = _BEFORE.match(text)
            if found:
                term_text = found.group("en") or found.group("zh") or found.group("zh2")
                try:
                    term = parse_term(term_text)
                except InvalidTermError:
                    term = None
                if isinstance(term, dt.timedelta) and term > _ZERO:
                    return cls(before=term)
        raise ContractError(f"{where}: {_ACCEPTED}, got {show(value)}")

    @property
    def label(self) -> str:
        """``"75%"`` or ``"1h before"``: how reports and the tables' ``*_warned`` name the point."""
        if self.before is not None:
            return f"{format_term(self.before)} before"
        share = Decimal(repr(self.share)) * 100
        return f"{share.normalize():f}%"

    @property
    def written(self) -> float | str:
        """The point as a contract file writes it: the fraction, or ``"1h before"``."""
        return self.label if self.share is None else self.share

    def spent(self, budget: Any) -> Any:
        """The business time from the clock's start at which the point fires, for a budget (a
        `timedelta`, or a ``timedelta64[us]`` column): the share of it (floored to the µs), or the
        budget less ``before`` — never below zero (a point before the start fires at the start)."""
        scalar = isinstance(budget, dt.timedelta)
        b: Any = budget // dt.timedelta(microseconds=1) if scalar else budget.astype("int64")
        s: Any
        if self.share is not None:
            exact = _decimal_share(self.share)
            if exact is None:  # more decimals than a contract writes: the float64 product, truncated
                scaled = b * self.share
                s = int(scaled) if scalar else scaled.astype("int64")
            else:  # floor(b × num / den) in integers, alike on both paths: 29 % of 25 min is 7m15s,
                num, den = exact  # where the float product 0.29 × 1.5e9 µs falls 1 µs short
                s = (b // den) * num + (b % den) * num // den  # (b % den) × num < den² ≤ 1e18
        else:
            assert self.before is not None
            s = b - self.before // dt.timedelta(microseconds=1)
        s = s * (s > 0)
        return dt.timedelta(microseconds=int(s)) if scalar else s.astype("timedelta64[us]")


def _decimal_share(share: float) -> tuple[int, int] | None:
    """The share as the decimal fraction it is written as (0.29: 29/100), or None past 9 decimals
    (the integers' bound in `WarningPoint.spent`)."""
    sign, digits, exponent = Decimal(repr(share)).as_tuple()
    if sign or not isinstance(exponent, int) or exponent < -9:
        return None
    num = int("".join(map(str, digits)))
    return (num, 1) if exponent >= 0 else (num, 10**-exponent)


def warning_at(calendar: BusinessCalendar, start: Any, spent: Any, paused: Any, ops: Ops = SCALAR) -> Any:
    """The instant a clock started at ``start`` has counted ``spent`` (`WarningPoint.spent`) with
    the spans ``paused`` left out: one instant and its spans (`Incident`), or columns and
    `servicelevel.calendar.Pauses` with ``ops=numpy`` (the tables). A point spent at zero fires at
    the start. The earliest such instant, as a due is (a budget spent at closing is due at closing)."""
    reached = calendar.add(start, spent, exclude=paused) if paused else calendar.add(start, spent)
    return ops.where(spent > _ZERO, reached, start)


def to_warnings(value: Any, where: str = "warnings") -> tuple[WarningPoint, ...]:
    """A list of points read (`WarningPoint.read`), in the one order every report keeps: shares
    rising, then the ``before`` points from the furthest from the due (so roughly in time order;
    two points firing at one instant are reported in this order, the later one last)."""
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise ContractError(f"{where}: expected a list such as [0.5, 0.75, '1h before'], got {show(value)}")
    points = [WarningPoint.read(v, f"{where}[{i}]") for i, v in enumerate(value)]
    unique = list(dict.fromkeys(points))
    return tuple(sorted(unique, key=_order))


def to_target_warnings(value: Any) -> tuple[WarningPoint, ...] | None:
    """A target's own points (None: the contract's apply)."""
    return None if value is None else to_warnings(value)


def _order(p: WarningPoint) -> tuple[int, float]:
    if p.share is not None:
        return (0, p.share)
    assert p.before is not None
    return (1, -p.before.total_seconds())


def warnings_of(contract: Contract, target: Target) -> tuple[WarningPoint, ...]:
    """The points that apply to ``target``: its own, or else the contract's."""
    return contract.warnings if target.warnings is None else target.warnings


def check_warnings(contract: Contract) -> None:
    """A ``before`` point shorter than every business-time budget it applies to (a target's term,
    and each region's); an escalation step's ``before`` likewise, on a metric of its level."""
    for i, level in enumerate(contract.levels):
        for metric, target in level.targets.items():
            own = target.warnings is not None
            for j, point in enumerate(warnings_of(contract, target)):
                where = f"levels[{i}].{metric}.warnings[{j}]" if own else f"warnings[{j}]"
                of = "" if own else f" of levels[{i}].{metric}"
                _shorter(point.before, point.label, target, where, of)
    keys = {lv.key: lv for lv in contract.levels}
    for i, step in enumerate(contract.escalation):
        if step.after is not None and not step.calendar:
            raise ContractError(f"escalation[{i}].calendar: an 'after' step names the calendar it counts on")
        of_step = keys.get(step.level)
        if step.before is None or of_step is None:
            continue
        if not isinstance(step.before, dt.timedelta):
            raise ContractError(
                f"escalation[{i}].before: expected business time such as '30m', got {show(step.before)}"
            )
        metric = step.counts_from
        counted = of_step.target(metric)
        if counted is None:
            raise ContractError(
                f"escalation[{i}].metric: level {step.level!r} has no target for {metric!r}; "
                f"expected one of {', '.join(of_step.metrics)}"
            )
        if step.calendar and step.calendar != counted.calendar:
            raise ContractError(
                f"escalation[{i}].calendar: a 'before' step counts on its metric's calendar "
                f"{counted.calendar!r}, got {step.calendar!r}; leave it out or give {counted.calendar!r}"
            )
        label = f"{format_term(step.before)} before"
        _shorter(step.before, label, counted, f"escalation[{i}].before", f" of levels.{step.level}.{metric}")


def _shorter(before: dt.timedelta | None, label: str, target: Target, where: str, of: str) -> None:
    if before is None:
        return
    for region, term in (("", target.within), *((r, target.term_for(r)) for r, _ in target.regions)):
        if isinstance(term, dt.timedelta) and before >= term:
            in_region = f" in {region}" if region else ""
            raise ContractError(
                f"{where}: {label!r} is not shorter than the budget {format_term(term)}{of}{in_region}"
            )
