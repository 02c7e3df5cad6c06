"""``[availability.NAME]`` tables: a service's availability promise read from and written to TOML.

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
from servicelevel.io._spec import AvailabilitySpec
from servicelevel.sla import AvailabilityTarget, Contract, CreditBand
from servicelevel.terms import format_share

__all__ = ["availability_tables", "read_availability"]

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
