"""Fault levels and their targets, escalation steps, and the checks a contract's parts must pass.

Model only: values with their validators and converters; `Contract` (in ``_contract``) holds them
and calls `check_contract` once it is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from servicelevel._frozen import FrozenDict
from servicelevel._notebook import Notebook
from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import ContractError, show
from servicelevel.sla._metrics import DEFAULT_METRICS, Metric
from servicelevel.sla._penalties import PenaltyRule, PenaltyTerms
from servicelevel.sla._regions import RegionTarget, check_region_calendars, region_target, to_regions
from servicelevel.sla._regions import to_term as _term
from servicelevel.sla._updates import UpdateTarget, check_update, to_update
from servicelevel.sla._warnings import WarningPoint, check_warnings, to_target_warnings
from servicelevel.sla._workflow import Workflow
from servicelevel.terms import CountingRule, Term, format_term, read_amount, read_share
from servicelevel.warranty import ChargeBand, Schedule, Warranty

if TYPE_CHECKING:
    from servicelevel.sla._contract import Contract

__all__ = ["Escalation", "FaultLevel", "Instant", "Target", "check_contract"]


Instant = dt.datetime | str


def _pairs(value: Any) -> Any:
    """(key, value) pairs read as a mapping: ``targets=(("response", t),)`` as before 0.2."""
    if isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        return dict(value)
    return value


_GOAL_ACCEPTED = (
    "goal: expected the share of tickets that must meet the target, a number in (0, 1] such as 0.95 "
    "or a percentage such as '95%'"
)


def _goal(value: Any) -> Any:
    """``"95%"`` (read as a charge cap's ``"2%"`` is, by `read_share`) or a Decimal as the float
    0.95 the compliance table compares met rates with; other values are left to the check."""
    if isinstance(value, str):
        try:
            return float(read_share(value, "goal"))
        except ContractError:
            raise ContractError(f"{_GOAL_ACCEPTED}, got {show(value)}") from None
    if isinstance(value, Decimal) and value.is_finite():
        return float(value)
    return value


def _check_goal(_inst: Any, attr: Any, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ContractError(f"{_GOAL_ACCEPTED}, got {show(value)}")


def _penalty(value: Any) -> PenaltyRule | None:
    """A penalty rule, or its fields as a mapping (``{"per": "1h", "amount": "500"}``)."""
    if value is None or isinstance(value, PenaltyRule):
        return value
    if isinstance(value, Mapping):
        return PenaltyRule(**value)
    raise ContractError(f"penalty: expected a PenaltyRule or a mapping of its fields, got {show(value)}")


def _check_calendar_name(_inst: Any, attr: Any, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise ContractError(f"{attr.name}: expected the name of a calendar of the contract, got {value!r}")


@frozen(kw_only=True)
class Target(Notebook):
    """One promise: ``within`` this term on the named calendar, with per-region overrides.

    A region not listed takes ``within`` (Example C: on site in 2 h in 北京, 24 h elsewhere).

    Examples:
        >>> t = Target(within="24h", calendar="hotline", regions={"北京": "2小时"})
        >>> t.term_for("北京"), t.term_for("上海"), t.term_for(None)
        (datetime.timedelta(seconds=7200), datetime.timedelta(days=1), datetime.timedelta(days=1))
    """

    within: Term = field(converter=_term)
    calendar: str = field(validator=_check_calendar_name)
    regions: tuple[tuple[str, Term | RegionTarget], ...] = field(default=(), converter=to_regions)
    rule: CountingRule | None = None
    goal: float | None = field(default=None, converter=_goal, validator=_check_goal, kw_only=True)
    penalty: PenaltyRule | None = field(default=None, converter=_penalty, kw_only=True)
    # its own warnings before the due (None: the contract's apply; (): none for it)
    warnings: tuple[WarningPoint, ...] | None = field(default=None, converter=to_target_warnings)

    def __repr__(self) -> str:
        parts = [f"within={format_term(self.within)!r}", f"calendar={self.calendar!r}"]
        if self.goal is not None:
            parts.append(f"goal={self.goal!r}")
        if self.regions:
            written = {
                r: t.written() if isinstance(t, RegionTarget) else format_term(t) for r, t in self.regions
            }
            parts.append(f"regions={written!r}")
        if self.rule is not None:
            parts.append(f"rule={self.rule!r}")
        if self.penalty is not None:
            parts.append(f"penalty={self.penalty!r}")
        if self.warnings is not None:
            parts.append(f"warnings={[p.written for p in self.warnings]!r}")
        return f"Target({', '.join(parts)})"

    def term_for(self, region: str | None) -> Term:
        """The term that applies in ``region``."""
        if region is not None:
            for name, term in self.regions:
                if name == region:
                    return term.within if isinstance(term, RegionTarget) else term
        return self.within

    def calendar_for(self, region: str | None) -> str:
        """The name of the calendar the promise is counted on in ``region``."""
        return self.for_region(region).calendar

    def for_region(self, region: str | None) -> Target:
        """The target in force in ``region`` (`region_target`): its term, calendar and rule, the
        goal and penalty inherited; a region not listed (or None) gets ``within`` on ``calendar``.

        Examples:
            >>> t = Target(within="24h", calendar="hotline",
            ...            regions={"乌鲁木齐": {"within": "4h", "calendar": "xinjiang"}})
            >>> t.for_region("乌鲁木齐")
            Target(within='4h', calendar='xinjiang')
        """
        return region_target(self, region)


def _column(value: object) -> str | None:
    """What ``value`` is when it is a column (pandas, numpy, polars…) given where one value is expected."""
    shape = getattr(value, "shape", None)
    if isinstance(value, str) or not isinstance(shape, tuple) or not shape:
        return None
    kind = type(value)
    return f"a column ({kind.__module__.partition('.')[0]} {kind.__name__} of shape {shape})"


_TABLES = (
    "for a table of tickets use contract.evaluate(tickets, at=...), and for columns of instants "
    "the calendar's methods (contract.calendar(name).due(column, term))"
)


def check_one(value: object, what: str, example: str, error: type[Exception] = ContractError) -> None:
    """Refuse a column where one value is expected: the column API is elsewhere (`_TABLES`)."""
    column = _column(value)
    if column is not None:
        raise error(f"{what}: got {column} where one {example} is expected; {_TABLES}")


def to_region_names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, tuple | list) or not all(isinstance(r, str) and r for r in value):
        raise ContractError(
            f"regions: expected a list of region names such as ['北京', '上海'], got {value!r}"
        )
    return tuple(dict.fromkeys(value))


def check_region(region: object) -> None:
    check_one(region, "region", "region name such as '北京'")
    if region is not None and (not isinstance(region, str) or not region):
        raise ContractError(f"region: expected a region name such as '北京', or None, got {region!r}")


def check_key(_inst: Any, attr: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ContractError(f"{attr.name}: expected a non-empty string such as 'P1', got {value!r}")


def check_text(_inst: Any, attr: Any, value: Any) -> None:
    if not isinstance(value, str):
        raise ContractError(f"{attr.name}: expected text such as 'ACME Ltd', got {value!r}")


def _check_rank(_inst: Any, attr: Any, value: Any) -> None:
    if type(value) is not int:
        raise ContractError(
            f"{attr.name}: expected a whole number such as 1 (the most severe), got {value!r}"
        )


def _targets(value: Mapping[str, Target]) -> FrozenDict[str, Target]:
    value = _pairs(value)
    if not isinstance(value, Mapping):
        raise ContractError(f"targets: expected a mapping of metric to Target, got {value!r}")
    for metric, target in value.items():
        if not isinstance(target, Target):
            raise ContractError(f"targets[{metric!r}]: expected a Target, got {target!r}")
    return FrozenDict(value)


@frozen(kw_only=True)
class FaultLevel(Notebook):
    """A grade of fault (故障分级) and its targets per metric.

    ``rank`` orders levels, 1 the most severe. A level has only the metrics it
    lists: Example B's general faults have no on-site target.
    """

    key: str = field(validator=check_key)
    name: str = field(default="", validator=check_text)
    rank: int = field(default=0, validator=_check_rank)
    description: str = field(default="", validator=check_text)
    targets: Mapping[str, Target] = field(factory=dict, converter=_targets)
    update: UpdateTarget | None = field(default=None, converter=to_update)  # 每N小时通报进展

    def __repr__(self) -> str:
        parts = [f"key={self.key!r}"]
        if self.name:
            parts.append(f"name={self.name!r}")
        if self.rank:
            parts.append(f"rank={self.rank!r}")
        if self.description:
            parts.append(f"description={self.description!r}")
        targets = ", ".join(f"{m!r}: {t!r}" for m, t in self.targets.items())
        parts.append(f"targets={{{targets}}}")
        if self.update is not None:
            parts.append(f"update={self.update!r}")
        return f"FaultLevel({', '.join(parts)})"

    def target(self, metric: str) -> Target | None:
        return self.targets.get(metric)

    @property
    def metrics(self) -> tuple[str, ...]:
        return tuple(self.targets)


def _after(value: Term | str | None) -> Term | None:
    return None if value is None else _term(value, "after")


def _before(value: Term | str | None) -> Term | None:
    return None if value is None else _term(value, "before")


def to_valid_from(value: dt.date | str | None) -> dt.date | None:
    return _date_or_none(value, "valid_from")


def to_valid_until(value: dt.date | str | None) -> dt.date | None:
    return _date_or_none(value, "valid_until")


@frozen(kw_only=True)
class Escalation(Notebook):
    """One row of an escalation matrix (逐级上报, domain.md §3).

    If a fault of ``level`` is still open ``after`` this much time on
    ``calendar``, it goes up to the role ``to``; or, with ``before`` instead, this much business
    time before ``metric``'s due (resolution unless named), counted on that metric's calendar with
    its pauses left out, as a warning is (`WarningPoint`).
    """

    level: str = field(validator=check_key)
    after: Term | None = field(default=None, converter=_after)
    to: str = field(validator=check_key)
    calendar: str = ""  # "" on a 'before' step: it counts on its metric's calendar
    before: Term | None = field(default=None, converter=_before)
    metric: str | None = None

    def __attrs_post_init__(self) -> None:
        if (self.after is None) == (self.before is None):
            raise ContractError(
                "after: give exactly one of after (time from the report) and before (time before "
                f"a metric's due), got after={show(self.after)} and before={show(self.before)}"
            )
        if self.metric is not None and (self.before is None or not isinstance(self.metric, str)):
            raise ContractError(f"metric: the metric a 'before' step counts from, got {show(self.metric)}")

    @property
    def counts_from(self) -> str:
        """The metric a ``before`` step counts back from: ``metric``, or resolution."""
        return self.metric or "resolution"


def to_calendars(value: Mapping[str, BusinessCalendar]) -> FrozenDict[str, BusinessCalendar]:
    value = _pairs(value)
    if not isinstance(value, Mapping) or not value:
        raise ContractError(
            "calendars: expected at least one named calendar, e.g. {'hotline': BusinessCalendar(...)}"
        )
    for name, cal in value.items():
        if not isinstance(cal, BusinessCalendar):
            raise ContractError(f"calendars[{name!r}]: expected a BusinessCalendar, got {cal!r}")
    return FrozenDict(value)


def to_metrics(value: Mapping[str, Metric] | None) -> FrozenDict[str, Metric]:
    value = _pairs(value)
    merged = dict(DEFAULT_METRICS)
    for name, metric in (value or {}).items():
        if not isinstance(metric, Metric) or metric.name != name:
            raise ContractError(f"metrics[{name!r}]: expected a Metric named {name!r}, got {metric!r}")
        merged[name] = metric
    return FrozenDict(merged)


def _date_or_none(value: object, what: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        raise ContractError(f"{what}: expected a date such as 2026-01-01, got {value!r}")
    try:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    except ValueError:
        raise ContractError(f"{what}: expected a date such as 2026-01-01, got {value!r}") from None


def to_levels(value: Iterable[FaultLevel]) -> tuple[FaultLevel, ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | Mapping):
        raise ContractError(f"levels: expected a list of FaultLevel, got {value!r}")
    return tuple(value)


def to_escalation(value: Iterable[Escalation]) -> tuple[Escalation, ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | Mapping):
        raise ContractError(f"escalation: expected a list of Escalation, got {value!r}")
    return tuple(value)


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | Mapping):
        raise ContractError(f"expected a list of ChargeBand or Schedule, got {value!r}")
    return tuple(value)


def check_contract(contract: Contract) -> None:
    """A contract's parts agree: unique level keys, known metrics, calendars and levels named by
    targets, escalation steps and the workflow; a term, a warranty for charge bands, known rules."""
    cals = dict(contract.calendars)
    metrics = dict(contract.metrics)
    seen: set[str] = set()
    for i, level in enumerate(contract.levels):
        if not isinstance(level, FaultLevel):
            raise ContractError(f"levels[{i}]: expected a FaultLevel, got {level!r}")
        if level.key in seen:
            raise ContractError(f"levels[{i}].key: {level.key!r} is defined twice; keys must be unique")
        seen.add(level.key)
        for metric, target in level.targets.items():
            where = f"levels[{i}].{metric}"
            if metric not in metrics:
                raise ContractError(
                    f"{where}: unknown metric {metric!r}; expected one of {', '.join(metrics)} "
                    "or a metric declared under [metrics]"
                )
            if target.calendar not in cals:
                raise ContractError(
                    f"{where}.calendar: unknown calendar {target.calendar!r}; "
                    f"the contract defines {', '.join(cals)}"
                )
            check_region_calendars(where, target, cals)
            if target.penalty is not None:
                terms = contract.penalty_terms or PenaltyTerms()
                try:  # amounts within the currency's minor unit
                    target.penalty.minor(terms.digits)
                except ContractError as e:
                    raise e.restated(f"{where}.penalty.{e.field}") from None
        check_update(contract, i, level)
    if contract.penalty_terms is not None and not isinstance(contract.penalty_terms, PenaltyTerms):
        raise ContractError(f"penalty_terms: expected PenaltyTerms, got {show(contract.penalty_terms)}")
    digits = (contract.penalty_terms or PenaltyTerms()).digits
    for key, service in contract.availability_targets.items():  # fees within the currency's minor unit
        if service.fee is not None:
            read_amount(service.fee, f"availability.{key}.fee", digits=digits)
    for i, step in enumerate(contract.escalation):
        if not isinstance(step, Escalation):
            raise ContractError(f"escalation[{i}]: expected an Escalation, got {step!r}")
        if step.level not in seen:
            raise ContractError(
                f"escalation[{i}].level: unknown level {step.level!r}; "
                f"expected one of {', '.join(sorted(seen))}"
            )
        if step.calendar and step.calendar not in cals:
            raise ContractError(
                f"escalation[{i}].calendar: unknown calendar {step.calendar!r}; "
                f"the contract defines {', '.join(cals)}"
            )
        if step.after is not None and not isinstance(step.after, dt.timedelta):
            raise ContractError(
                f"escalation[{i}].after: expected business time such as '30m' or '4h', got {step.after!r}"
            )
    check_warnings(contract)
    if contract.valid_from and contract.valid_until and contract.valid_until < contract.valid_from:
        raise ContractError(f"valid_until: {contract.valid_until} is before valid_from {contract.valid_from}")
    if contract.warranty is not None or contract.charges:
        if contract.warranty is not None and not isinstance(contract.warranty, Warranty):
            raise ContractError(f"warranty: expected a Warranty, got {contract.warranty!r}")
        for i, band in enumerate(contract.charges):
            if not isinstance(band, ChargeBand):
                raise ContractError(f"charges[{i}]: expected a ChargeBand, got {band!r}")
        if contract.charges and contract.warranty is None:
            raise ContractError("charges: the bands count from the warranty's last day; give a warranty")
    if contract.schedules:
        names: set[str] = set()
        for i, sch in enumerate(contract.schedules):
            if not isinstance(sch, Schedule):
                raise ContractError(f"schedules[{i}]: expected a Schedule, got {sch!r}")
            if sch.name in names:
                raise ContractError(
                    f"schedules[{i}].name: {sch.name!r} is defined twice; names must be unique"
                )
            names.add(sch.name)
    if contract.reclassify not in ("original", "restart"):
        raise ContractError(f"reclassify: expected 'original' or 'restart', got {contract.reclassify!r}")
    if contract.workflow is not None:
        if not isinstance(contract.workflow, Workflow):
            raise ContractError(f"workflow: expected a Workflow, got {contract.workflow!r}")
        for label, key in contract.workflow.levels:
            if key not in seen:
                raise ContractError(
                    f"workflow.levels[{label!r}]: unknown level {key!r}; "
                    f"expected one of {', '.join(sorted(seen))}"
                )
    if contract.reopen not in ("resume", "restart"):
        raise ContractError(
            f"reopen: expected 'resume' (the time from resolution to reopening does not count) or "
            f"'restart' (a new cycle with a full budget from the reopening), got {contract.reopen!r}"
        )
    if not isinstance(contract.reopen_closed, bool):
        raise ContractError(f"reopen_closed: expected true or false, got {contract.reopen_closed!r}")
