"""A target's regions: a term, or a table with its own calendar and counting rule (issue #29 §1).

``on_site = { within = "24h", calendar = "hotline", regions = { "北京" = "2h", "乌鲁木齐" = {
within = "4h", calendar = "xinjiang" } } }``: Beijing is promised 2 hours on the hotline's clock,
Ürümqi 4 hours on Xinjiang's own (its working day runs two hours later, on Asia/Urumqi time).
ServiceNow takes the schedule from the caller's location; here the contract says it per region.

`region_target` is the one rule: every path (`Contract.deadlines`, `Incident`, `evaluate`,
`replay`) asks `Target.for_region` for the target in force in a region, and counts on its calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from attrs import evolve, field, frozen

from servicelevel.errors import ContractError, InvalidTermError, show
from servicelevel.terms import CountingRule, Term, format_term, parse_term

if TYPE_CHECKING:
    from servicelevel.sla._levels import Target

__all__ = ["REGION_KEYS", "RegionTarget", "check_region_calendars", "region_target", "to_regions", "to_term"]

REGION_KEYS = ("within", "calendar", "rule")
"""What a region's table may say; the goal and the penalty are the target's own."""


def to_term(value: Term | str, where: str = "within") -> Term:
    """A term, from text (``'6h'``, ``'6小时'``, ``'2 working days'``) or as it is."""
    if isinstance(value, str):
        try:
            return parse_term(value)
        except InvalidTermError as e:
            raise ContractError(
                f"{where}: cannot read {value!r} as a term (e.g. '6h', '6小时', '2 working days'); {e}"
            ) from None
    if isinstance(value, dt.timedelta) and value > dt.timedelta(0):
        return value
    from servicelevel.terms import Days, Months, WorkingDays, Years

    if isinstance(value, WorkingDays | Days | Months | Years):
        return value
    raise ContractError(f"{where}: expected a term such as '6h' or WorkingDays(2), got {value!r}")


def _check_calendar(_inst: Any, attr: Any, value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value):
        raise ContractError(
            f"{attr.name}: expected the name of a calendar of the contract, or None, got {show(value)}"
        )


def _check_rule(_inst: Any, attr: Any, value: Any) -> None:
    if value is not None and not isinstance(value, CountingRule):
        raise ContractError(f"{attr.name}: expected a CountingRule or None, got {show(value)}")


@frozen(kw_only=True)
class RegionTarget:
    """A region's own promise: ``within`` on ``calendar`` (None: the target's) by ``rule`` (None:
    the target's). A region's goal and penalty are its target's.

    Examples:
        >>> RegionTarget(within="4小时", calendar="xinjiang")
        RegionTarget(within='4h', calendar='xinjiang')
    """

    within: Term = field(converter=to_term)
    calendar: str | None = field(default=None, validator=_check_calendar)
    rule: CountingRule | None = field(default=None, validator=_check_rule)

    def __repr__(self) -> str:
        parts = [f"within={format_term(self.within)!r}"]
        if self.calendar is not None:
            parts.append(f"calendar={self.calendar!r}")
        if self.rule is not None:
            parts.append(f"rule={self.rule!r}")
        return f"RegionTarget({', '.join(parts)})"

    def written(self) -> dict[str, Any]:
        """The table as a target's repr writes it (``{'within': '4h', 'calendar': 'xinjiang'}``)."""
        out: dict[str, Any] = {"within": format_term(self.within)}
        if self.calendar is not None:
            out["calendar"] = self.calendar
        if self.rule is not None:
            out["rule"] = self.rule
        return out


def _entry(region: str, value: Any) -> Term | RegionTarget:
    """One region's entry: a term, or a table of `REGION_KEYS` (a term when it names neither a
    calendar nor a rule, so that equal promises are equal values)."""
    where = f"regions[{region!r}]"
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in REGION_KEYS]
        if unknown:
            raise ContractError(
                f"{where}: unknown key {show(unknown[0])}; a region's table accepts "
                f"{', '.join(REGION_KEYS)} (its goal and penalty are the target's)"
            )
        if "within" not in value:
            raise ContractError(f"{where}.within: required, e.g. {{within = '4h', calendar = 'xinjiang'}}")
        try:
            value = RegionTarget(**value)
        except ContractError as e:
            raise e.restated(f"{where}.{e.field}") if e.field else e from None
    if isinstance(value, RegionTarget):
        return value if value.calendar is not None or value.rule is not None else value.within
    return to_term(value, where)


def to_regions(value: Any) -> tuple[tuple[str, Term | RegionTarget], ...]:
    """A target's regions: a mapping (or pairs) of region name to a term or a table of its own."""
    if isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        value = dict(value)
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise ContractError(
            f"regions: expected a mapping of region to term such as {{'北京': '2h'}}, got {value!r}"
        )
    out = []
    for region, term in value.items():
        if not isinstance(region, str) or not region:
            raise ContractError(f"regions: region names are non-empty strings, got {region!r}")
        out.append((region, _entry(region, term)))
    return tuple(out)


def region_target(target: Target, region: str | None) -> Target:
    """The target in force in ``region``: its own term, calendar and rule where the region says
    them, the target's otherwise; the goal and penalty the target's. Without regions: ``target``."""
    if not target.regions:
        return target
    for name, entry in target.regions:
        if name == region:
            if isinstance(entry, RegionTarget):
                return evolve(
                    target,
                    within=entry.within,
                    calendar=entry.calendar or target.calendar,
                    rule=entry.rule if entry.rule is not None else target.rule,
                    regions=(),
                )
            return evolve(target, within=entry, regions=())
    return evolve(target, regions=())


def check_region_calendars(where: str, target: Target, calendars: Mapping[str, Any]) -> None:
    """Each region's own calendar is one the contract defines."""
    for region, entry in target.regions:
        if isinstance(entry, RegionTarget) and entry.calendar is not None and entry.calendar not in calendars:
            raise ContractError(
                f"{where}.regions[{region!r}].calendar: unknown calendar {show(entry.calendar)}; "
                f"the contract defines {', '.join(calendars)}"
            )
