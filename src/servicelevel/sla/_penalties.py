"""What a late promise costs: a penalty per breach and per unit of lateness, capped per ticket and
per month (违约金).

Domain: "每超时1小时扣罚500元, 不足1小时按1小时计, 单次最高5000元, 每月累计不超过月服务费的10%".
Lateness is the business time from the due to the metric's stop (or ``at`` while the clock runs)
on the target's calendar, pauses excluded — the measure of the margin. `charge` is the one rule,
written once over `Ops` so that `Incident.penalties` and the ``*_penalty`` columns of `evaluate`
cannot disagree; it computes in integers (µs, minor units of the currency), so amounts are exact.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import pendulum
from attrs import field, frozen

from servicelevel._notebook import Notebook
from servicelevel.errors import ContractError, show
from servicelevel.sla._clocks import SCALAR
from servicelevel.terms import format_term, minor_digits, parse_term, read_amount, read_share, to_minor

if TYPE_CHECKING:
    from collections.abc import Mapping

    from servicelevel.sla._clocks import Ops
    from servicelevel.sla._contract import Contract
    from servicelevel.sla._status import MetricStatus

__all__ = [
    "ROUNDINGS",
    "Minor",
    "Penalty",
    "PenaltyRule",
    "PenaltyTerms",
    "charge",
    "from_minor",
    "month_payable",
    "penalties_of",
]

ROUNDINGS = ("started", "whole", "prorata")
"""How lateness becomes units: every started unit counts (不足1小时按1小时计; a breach is at least
one unit), completed units only, or pro rata (the amount times the share of a unit, to the cent)."""

_ONE_US = dt.timedelta(microseconds=1)


def _per(value: object) -> dt.timedelta | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = parse_term(value)
        except ValueError as e:
            raise ContractError(
                f"per: cannot read {show(value)} as business time such as '1h'; {e}"
            ) from None
    if isinstance(value, dt.timedelta) and not isinstance(value, bool) and value > dt.timedelta(0):
        if value % dt.timedelta(microseconds=1):  # pragma: no cover - timedelta holds whole µs
            raise ContractError(f"per: {show(value)} is not a whole number of microseconds")
        return value
    raise ContractError(
        f"per: expected business time such as '1h' or '30min' (lateness is counted in the target "
        f"calendar's open time, so a day or working day would be ambiguous: write '8h'), got {show(value)}",
        field="per",
    )


def _amount_named(name: str, value: object) -> Decimal | None:
    return None if value is None else read_amount(value, name)


def _amount(value: object) -> Decimal | None:
    return _amount_named("amount", value)


def _fixed(value: object) -> Decimal | None:
    return _amount_named("fixed", value)


def _cap(value: object) -> Decimal | None:
    return _amount_named("cap", value)


def _fee(value: object) -> Decimal | None:
    return _amount_named("monthly_fee", value)


def _check_rounding(_inst: Any, _attr: Any, value: object) -> None:
    if value not in ROUNDINGS:
        raise ContractError(
            f"rounding: expected one of {', '.join(ROUNDINGS)}, got {show(value)}", field="rounding"
        )


class Minor(NamedTuple):
    """A rule in integers: µs per unit, and minor units (fen) of money (0 where not stated)."""

    per: int
    amount: int
    fixed: int
    cap: int | None
    rounding: str


@frozen(kw_only=True)
class PenaltyRule(Notebook):
    """What breaching one target costs: ``fixed`` per breach, and ``amount`` per ``per`` of lateness
    (``rounding``: `ROUNDINGS`), at most ``cap`` per ticket and metric.

    Examples:
        >>> rule = PenaltyRule(per="1h", amount="500", cap="5000")
        >>> rule.describe()
        '500 per started 1h late, at most 5000 per ticket'
        >>> PenaltyRule(fixed="1000").describe()
        '1000 per breach'
    """

    per: dt.timedelta | None = field(default=None, converter=_per)
    amount: Decimal | None = field(default=None, converter=_amount)
    fixed: Decimal | None = field(default=None, converter=_fixed)
    cap: Decimal | None = field(default=None, converter=_cap)
    rounding: Literal["started", "whole", "prorata"] = field(default="started", validator=_check_rounding)

    def __attrs_post_init__(self) -> None:
        if (self.per is None) != (self.amount is None):
            given, missing = ("per", "amount") if self.amount is None else ("amount", "per")
            raise ContractError(
                f"{missing}: a penalty with {given} needs {missing} too ('500' per '1h' late)", field=missing
            )
        if self.per is None and self.rounding != "started":
            raise ContractError(
                f"rounding: {self.rounding!r} counts units of lateness, and this penalty has none (no per); "
                "drop rounding or give per and amount",
                field="rounding",
            )
        if self.per is None and self.fixed is None:
            raise ContractError(
                "penalty: expected fixed (per breach), or per and amount (per unit of lateness), or both",
                field="penalty",
            )

    def __repr__(self) -> str:
        parts = [] if self.per is None else [f"per={format_term(self.per)!r}", f"amount='{self.amount}'"]
        parts += [f"{k}='{getattr(self, k)}'" for k in ("fixed", "cap") if getattr(self, k) is not None]
        if self.rounding != "started":
            parts.append(f"rounding={self.rounding!r}")
        return f"PenaltyRule({', '.join(parts)})"

    def describe(self) -> str:
        """The rule in a line."""
        parts = [] if self.fixed is None else [f"{self.fixed} per breach"]
        if self.per is not None:
            unit = {"started": "started ", "whole": "whole ", "prorata": ""}[self.rounding]
            share = ", pro rata" if self.rounding == "prorata" else ""
            parts.append(f"{self.amount} per {unit}{format_term(self.per)} late{share}")
        text = " plus ".join(parts)
        return text if self.cap is None else f"{text}, at most {self.cap} per ticket"

    def minor(self, digits: int) -> Minor:
        """The rule in integers, for `charge`; amounts checked against the currency's ``digits``."""
        for name in ("amount", "fixed", "cap"):
            value = getattr(self, name)
            if value is not None:
                read_amount(value, name, digits=digits)
        per = 0 if self.per is None else self.per // _ONE_US
        return Minor(
            per=per,
            amount=0 if self.amount is None else to_minor(self.amount, digits),
            fixed=0 if self.fixed is None else to_minor(self.fixed, digits),
            cap=None if self.cap is None else to_minor(self.cap, digits),
            rounding=self.rounding,
        )


def charge(ops: Ops, rule: Minor, late: Any, breached: Any) -> tuple[Any, Any, Any]:
    """Units of lateness, the amount owed and the amount before the per-ticket cap (minor units)
    for ``late`` µs past the due; nothing unless ``breached`` (a breach by zero business time still
    costs one started unit).

    Plain integers with `SCALAR`, or numpy columns (int64, or Python ints where a product could
    pass 2**63). Pro rata is the amount times late / per, rounded half up once.

    Examples:
        >>> from servicelevel.sla.engine import SCALAR
        >>> rule = PenaltyRule(per="1h", amount="500", cap="5000").minor(2)
        >>> h = 3_600_000_000
        >>> charge(SCALAR, rule, 2 * h + 1, True)   # 2 h and a µs: three started hours
        (3, 150000, 150000)
        >>> charge(SCALAR, rule, 0, True), charge(SCALAR, rule, 20 * h, True)
        ((1, 50000, 50000), (20, 500000, 1000000))
    """
    units: Any = 0
    variable: Any = 0
    if rule.per:
        if rule.rounding == "started":
            units = ops.maximum(-(-late // rule.per), 1)
        elif rule.rounding == "whole":
            units = late // rule.per
        else:
            units = late // rule.per  # whole units shown; the amount is pro rata
            variable = (2 * late * rule.amount + rule.per) // (2 * rule.per)
        if rule.rounding != "prorata":
            variable = units * rule.amount
    uncapped = variable + rule.fixed
    total = uncapped if rule.cap is None else ops.minimum(uncapped, rule.cap)
    return ops.where(breached, units, 0), ops.where(breached, total, 0), ops.where(breached, uncapped, 0)


@frozen(kw_only=True)
class PenaltyTerms(Notebook):
    """A contract's money terms for penalties: the ``currency`` (ISO 4217; its minor unit is what
    amounts are rounded to: none named, the cent), the ``monthly_fee``, and the most payable in a
    month, ``monthly_cap``: an amount, or a share of the fee (``"10%"``).

    Examples:
        >>> terms = PenaltyTerms(currency="CNY", monthly_fee="200000", monthly_cap="10%")
        >>> terms.cap_of_month()
        Decimal('20000.00')
    """

    currency: str | None = None
    monthly_fee: Decimal | None = field(default=None, converter=_fee)
    monthly_cap: Decimal | str | None = None

    def __attrs_post_init__(self) -> None:
        digits = minor_digits(self.currency)
        if self.monthly_fee is not None:
            read_amount(self.monthly_fee, "monthly_fee", digits=digits)
        cap = self.monthly_cap
        if cap is None:
            return
        if isinstance(cap, str) and cap.strip().endswith(("%", "％")):
            read_share(cap, "monthly_cap")
            if self.monthly_fee is None:
                raise ContractError(
                    f"monthly_cap: {show(cap)} is a share of the monthly fee; give monthly_fee too",
                    field="monthly_cap",
                )
        else:
            read_amount(cap, "monthly_cap", digits=digits)

    @property
    def digits(self) -> int:
        """Decimal places of the currency's minor unit."""
        return minor_digits(self.currency)

    def cap_of_month(self) -> Decimal | None:
        """The most payable in a month (None: no cap), to the currency's minor unit."""
        cap = self.monthly_cap
        if cap is None:
            return None
        quantum = Decimal(1).scaleb(-self.digits)
        if isinstance(cap, str) and cap.strip().endswith(("%", "％")):
            assert self.monthly_fee is not None
            return (read_share(cap, "monthly_cap") * self.monthly_fee).quantize(quantum, ROUND_HALF_UP)
        return read_amount(cap, "monthly_cap").quantize(quantum)


@frozen
class Penalty(Notebook):
    """What one breached promise costs: ``late`` (business time past the due), the ``units`` counted
    from it (whole units for ``prorata``, whose amount counts the fraction too), the ``amount`` owed,
    and whether the per-ticket cap cut it (``capped``)."""

    metric: str
    due: pendulum.DateTime
    late: dt.timedelta
    units: int
    amount: Decimal
    capped: bool = False


def penalties_of(contract: Contract, level: str, statuses: Mapping[str, MetricStatus]) -> list[Penalty]:
    """The penalties of the breached promises among ``statuses`` (one incident's, at one instant),
    by the rules of ``level``'s targets: `charge` on the business time past each due."""
    terms = contract.penalty_terms or PenaltyTerms()
    out = []
    for metric, st in statuses.items():
        target = contract.level(level).target(metric)
        if target is None or target.penalty is None or st.state != "breached" or st.due is None:
            continue
        budget = st.budget or dt.timedelta(0)
        late = max(st.elapsed - budget, dt.timedelta(0))
        units, amount, uncapped = charge(SCALAR, target.penalty.minor(terms.digits), late // _ONE_US, True)
        out.append(Penalty(metric, st.due, late, units, from_minor(amount, terms.digits), uncapped > amount))
    return out


def month_payable(raw: Decimal, cap: Decimal | None) -> tuple[Decimal, Decimal]:
    """A month's payable total and the cut the monthly cap made (reported, never hidden).

    Examples:
        >>> month_payable(Decimal("23500.00"), Decimal("20000.00"))
        (Decimal('20000.00'), Decimal('3500.00'))
    """
    payable = raw if cap is None or raw <= cap else cap
    return payable, raw - payable


def from_minor(value: int, digits: int) -> Decimal:
    """Minor units back to an amount: 150000, 2 -> Decimal('1500.00')."""
    return Decimal(value).scaleb(-digits)
