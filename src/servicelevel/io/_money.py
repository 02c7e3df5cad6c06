"""The money tables of a contract file, read and written: ``[availability.NAME]`` (a service's
availability promise and its credits), a target's ``penalty`` and ``[penalties]``.

The shape (issue 28 §1)::

    [availability.his]                   # the service's key, as tables of outages name it
    name = "医院信息系统"
    target = "99.9%"                     # or 0.999
    period = "month"                     # month | quarter | year, in the calendar's zone
    calendar = "hotline"                 # only its open time counts
    exclude = ["planned"]                # outage kinds that do not count
    kinds = ["unplanned", "planned"]     # the kinds the contract knows (this is the default)
    credits = [{ below = "99.9%", credit = "5%" }, { below = "99.5%", credit = "10%" }]
    fee = "200000"                       # the period's fee: credits become amounts
"""

from __future__ import annotations

from typing import Any

from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import show
from servicelevel.io._paths import FieldError, located
from servicelevel.io._spec import AvailabilitySpec, PenaltiesSpec, PenaltySpec
from servicelevel.sla import AvailabilityTarget, Contract, CreditBand, PenaltyRule, PenaltyTerms
from servicelevel.terms import format_share, format_term

__all__ = [
    "availability_tables",
    "penalty_table",
    "penalty_terms_table",
    "read_availability",
    "read_penalty",
    "read_penalty_terms",
]

_KINDS = ("unplanned", "planned")  # AvailabilityTarget's default kinds: not written


def read_availability(
    specs: dict[str, AvailabilitySpec], calendars: dict[str, BusinessCalendar]
) -> dict[str, AvailabilityTarget]:
    """Each ``[availability.NAME]`` table as an `AvailabilityTarget` on the contract's calendar."""
    out = {}
    for key, spec in specs.items():
        where = ("availability", key)
        if spec.calendar not in calendars:
            known = ", ".join(calendars)
            raise FieldError(
                (*where, "calendar"), f"unknown calendar {show(spec.calendar)}; the contract defines {known}"
            )
        bands = [
            located((*where, "credits", i), lambda c=c: CreditBand(below=c.below, credit=c.credit))
            for i, c in enumerate(spec.credits)
        ]
        options: dict[str, Any] = {} if spec.kinds is None else {"kinds": spec.kinds}
        out[key] = located(
            where,
            lambda s=spec, b=bands, o=options: AvailabilityTarget(
                name=s.name, target=s.target, period=s.period, calendar=calendars[s.calendar],
                exclude=s.exclude, credits=b, fee=s.fee, **o,
            ),
        )  # fmt: skip
    return out


def availability_tables(contract: Contract) -> dict[str, Any]:
    """The contract's availability targets as the file writes them (shares as percentages)."""
    out: dict[str, Any] = {}
    for key, t in contract.availability_targets.items():
        table: dict[str, Any] = {"name": t.name} if t.name else {}
        table["target"] = format_share(t.target)
        table["period"] = t.period
        table["calendar"] = next(n for n, cal in contract.calendars.items() if cal == t.calendar)
        if t.exclude:
            table["exclude"] = list(t.exclude)
        if t.kinds != _KINDS:
            table["kinds"] = list(t.kinds)
        if t.credits:
            table["credits"] = [
                {"below": format_share(c.below), "credit": format_share(c.credit)} for c in t.credits
            ]
        if t.fee is not None:
            table["fee"] = str(t.fee)
        out[key] = table
    return out


def read_penalty(spec: PenaltySpec) -> PenaltyRule:
    """A target's ``penalty = { per = "1h", amount = "500", cap = "5000" }``, errors at its path."""
    rule: PenaltyRule = located(
        ("penalty",),
        lambda: PenaltyRule(
            per=spec.per,
            amount=spec.amount,
            fixed=spec.fixed,
            cap=spec.cap,
            rounding=spec.rounding,  # type: ignore[arg-type]
        ),
    )
    return rule


def read_penalty_terms(spec: PenaltiesSpec | None) -> PenaltyTerms | None:
    """``[penalties]``: currency, monthly fee and cap (an amount, or a share such as "10%")."""
    if spec is None:
        return None
    terms: PenaltyTerms = located(
        ("penalties",),
        lambda: PenaltyTerms(
            currency=spec.currency,
            monthly_fee=spec.monthly_fee,
            monthly_cap=None if spec.monthly_cap is None else str(spec.monthly_cap),
        ),
    )
    return terms


def penalty_table(rule: PenaltyRule) -> dict[str, str]:
    """A penalty rule as the file writes it: amounts as text (exact), the unit as a term."""
    out = {} if rule.per is None else {"per": format_term(rule.per), "amount": str(rule.amount)}
    out |= {k: str(getattr(rule, k)) for k in ("fixed", "cap") if getattr(rule, k) is not None}
    if rule.rounding != "started":
        out["rounding"] = rule.rounding
    return out


def penalty_terms_table(terms: PenaltyTerms) -> dict[str, str]:
    """``[penalties]`` as the file writes it, every amount as text."""
    money = {"currency": terms.currency, "monthly_fee": terms.monthly_fee, "monthly_cap": terms.monthly_cap}
    return {k: str(v) for k, v in money.items() if v is not None}
