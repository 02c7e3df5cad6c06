"""A contract's promises as values: targets per metric, fault levels, escalation, the contract.

Model only: no files, no presentation. `servicelevel.io` reads and writes
contracts as TOML; the deadline arithmetic lives in `_deadline`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import pendulum
from attrs import evolve, field, frozen

from servicelevel import _lazy
from servicelevel._frozen import FrozenDict
from servicelevel._notebook import Notebook
from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import (
    ContractError,
    InvalidInstantError,
    InvalidTermError,
    OutOfTermError,
    UnknownLevelError,
    UnknownRegionError,
)
from servicelevel.sla._deadline import Deadline, deadline
from servicelevel.sla._metrics import DEFAULT_METRICS, Metric
from servicelevel.sla._workflow import Workflow
from servicelevel.terms import CountingRule, Term, format_term, parse_term

# Imported, not only named for the type checker: the fields' annotations must resolve at run time
# (`typing.get_type_hints`, `attrs.resolve_types`, cattrs). The warranty imports nothing of sla.
from servicelevel.warranty import ChargeBand, ChargeCap, Schedule, Warranty

if TYPE_CHECKING:
    from decimal import Decimal

__all__ = ["Contract", "Escalation", "FaultLevel", "Target"]


Instant = dt.datetime | str


def _pairs(value: Any) -> Any:
    """(key, value) pairs read as a mapping: ``targets=(("response", t),)`` as before 0.2."""
    if isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        return dict(value)
    return value


def _term(value: Term | str, where: str = "within") -> Term:
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


def _regions(value: Mapping[str, Term | str] | None) -> tuple[tuple[str, Term], ...]:
    value = _pairs(value)
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
        out.append((region, _term(term, f"regions[{region!r}]")))
    return tuple(out)


def _check_goal(_inst: Any, attr: Any, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ContractError(
            f"goal: expected the share of tickets that must meet the target, a number in (0, 1] such as "
            f"0.95, got {value!r}"
        )


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
    regions: tuple[tuple[str, Term], ...] = field(default=(), converter=_regions)
    rule: CountingRule | None = None
    goal: float | None = field(default=None, validator=_check_goal, kw_only=True)

    def __repr__(self) -> str:
        parts = [f"within={format_term(self.within)!r}", f"calendar={self.calendar!r}"]
        if self.goal is not None:
            parts.append(f"goal={self.goal!r}")
        if self.regions:
            parts.append(f"regions={ {r: format_term(t) for r, t in self.regions}!r}")
        if self.rule is not None:
            parts.append(f"rule={self.rule!r}")
        return f"Target({', '.join(parts)})"

    def term_for(self, region: str | None) -> Term:
        """The term that applies in ``region``."""
        if region is not None:
            for name, term in self.regions:
                if name == region:
                    return term
        return self.within


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


def _one(value: object, what: str, example: str, error: type[Exception] = ContractError) -> None:
    """Refuse a column where one value is expected: the column API is elsewhere (`_TABLES`)."""
    column = _column(value)
    if column is not None:
        raise error(f"{what}: got {column} where one {example} is expected; {_TABLES}")


def _region_names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, tuple | list) or not all(isinstance(r, str) and r for r in value):
        raise ContractError(
            f"regions: expected a list of region names such as ['北京', '上海'], got {value!r}"
        )
    return tuple(dict.fromkeys(value))


def _check_region(region: object) -> None:
    _one(region, "region", "region name such as '北京'")
    if region is not None and (not isinstance(region, str) or not region):
        raise ContractError(f"region: expected a region name such as '北京', or None, got {region!r}")


def _check_key(_inst: Any, attr: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ContractError(f"{attr.name}: expected a non-empty string such as 'P1', got {value!r}")


def _check_text(_inst: Any, attr: Any, value: Any) -> None:
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

    key: str = field(validator=_check_key)
    name: str = field(default="", validator=_check_text)
    rank: int = field(default=0, validator=_check_rank)
    description: str = field(default="", validator=_check_text)
    targets: Mapping[str, Target] = field(factory=dict, converter=_targets)

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
        return f"FaultLevel({', '.join(parts)})"

    def target(self, metric: str) -> Target | None:
        return self.targets.get(metric)

    @property
    def metrics(self) -> tuple[str, ...]:
        return tuple(self.targets)


def _after(value: Term | str) -> Term:
    return _term(value, "after")


def _valid_from(value: dt.date | str | None) -> dt.date | None:
    return _date_or_none(value, "valid_from")


def _valid_until(value: dt.date | str | None) -> dt.date | None:
    return _date_or_none(value, "valid_until")


@frozen(kw_only=True)
class Escalation(Notebook):
    """One row of an escalation matrix (逐级上报, domain.md §3).

    If a fault of ``level`` is still open ``after`` this much time on
    ``calendar``, it goes up to the role ``to``.
    """

    level: str = field(validator=_check_key)
    after: Term = field(converter=_after)
    to: str = field(validator=_check_key)
    calendar: str = field(validator=_check_calendar_name)


def _calendars(value: Mapping[str, BusinessCalendar]) -> FrozenDict[str, BusinessCalendar]:
    value = _pairs(value)
    if not isinstance(value, Mapping) or not value:
        raise ContractError(
            "calendars: expected at least one named calendar, e.g. {'hotline': BusinessCalendar(...)}"
        )
    for name, cal in value.items():
        if not isinstance(cal, BusinessCalendar):
            raise ContractError(f"calendars[{name!r}]: expected a BusinessCalendar, got {cal!r}")
    return FrozenDict(value)


def _metrics(value: Mapping[str, Metric] | None) -> FrozenDict[str, Metric]:
    value = _pairs(value)
    merged = dict(DEFAULT_METRICS)
    for name, metric in (value or {}).items():
        if not isinstance(metric, Metric) or metric.name != name:
            raise ContractError(f"metrics[{name!r}]: expected a Metric named {name!r}, got {metric!r}")
        merged[name] = metric
    return FrozenDict(merged)


def _thresholds(value: Any) -> tuple[float, ...]:
    if not isinstance(value, tuple | list) or not all(
        isinstance(x, int | float) and not isinstance(x, bool) and 0 < x < 1 for x in value
    ):
        raise ContractError(
            f"warnings: expected fractions of a budget between 0 and 1 such as [0.5, 0.75], got {value!r}"
        )
    return tuple(sorted(float(x) for x in value))


def _date_or_none(value: object, what: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        raise ContractError(f"{what}: expected a date such as 2026-01-01, got {value!r}")
    try:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    except ValueError:
        raise ContractError(f"{what}: expected a date such as 2026-01-01, got {value!r}") from None


def _levels(value: Iterable[FaultLevel]) -> tuple[FaultLevel, ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | Mapping):
        raise ContractError(f"levels: expected a list of FaultLevel, got {value!r}")
    return tuple(value)


def _escalation(value: Iterable[Escalation]) -> tuple[Escalation, ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | Mapping):
        raise ContractError(f"escalation: expected a list of Escalation, got {value!r}")
    return tuple(value)


def _charges(value: Iterable[Any]) -> tuple[Any, ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | Mapping):
        raise ContractError(f"expected a list of ChargeBand or Schedule, got {value!r}")
    return tuple(value)


@frozen(kw_only=True)
class Contract(Notebook):
    """A service contract: calendars, fault levels with their targets, escalation, and its term.

    Examples:
        >>> from servicelevel import BusinessCalendar
        >>> hotline = BusinessCalendar.preset("7x24", tz="Asia/Shanghai")
        >>> support = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        >>> c = Contract(
        ...     id="demo",
        ...     calendars={"hotline": hotline, "support": support},
        ...     levels=[FaultLevel(key="P1", rank=1, targets={
        ...         "response": Target(within="30分钟", calendar="hotline"),
        ...         "resolution": Target(within="1个工作日", calendar="support")})])
        >>> d = c.deadlines("P1", reported_at="2026-02-13T16:30+08:00")
        >>> d["response"].due
        DateTime(2026, 2, 13, 17, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
        >>> d["resolution"].due   # Sat 14 Feb is a make-up working day
        DateTime(2026, 2, 14, 17, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
    """

    id: str = field(validator=_check_key)
    customer: str = field(default="", validator=_check_text)
    vendor: str = field(default="", validator=_check_text)
    valid_from: dt.date | None = field(default=None, converter=_valid_from)
    valid_until: dt.date | None = field(default=None, converter=_valid_until)
    warnings: tuple[float, ...] = field(default=(), converter=_thresholds)
    calendars: Mapping[str, BusinessCalendar] = field(converter=_calendars)
    levels: tuple[FaultLevel, ...] = field(converter=_levels)
    metrics: Mapping[str, Metric] = field(default=None, converter=_metrics)
    escalation: tuple[Escalation, ...] = field(default=(), converter=_escalation)
    reclassify: Literal["original", "restart"] = "original"
    reopen: Literal["resume", "restart"] = "resume"
    reopen_closed: bool = False
    regions: tuple[str, ...] = field(default=(), converter=_region_names)
    warranty: Warranty | None = None
    charges: tuple[ChargeBand, ...] = field(default=(), converter=_charges)
    schedules: tuple[Schedule, ...] = field(default=(), converter=_charges)
    workflow: Workflow | None = None

    def __attrs_post_init__(self) -> None:
        cals = dict(self.calendars)
        metrics = dict(self.metrics)
        seen: set[str] = set()
        for i, level in enumerate(self.levels):
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
        for i, step in enumerate(self.escalation):
            if not isinstance(step, Escalation):
                raise ContractError(f"escalation[{i}]: expected an Escalation, got {step!r}")
            if step.level not in seen:
                raise ContractError(
                    f"escalation[{i}].level: unknown level {step.level!r}; "
                    f"expected one of {', '.join(sorted(seen))}"
                )
            if step.calendar not in cals:
                raise ContractError(
                    f"escalation[{i}].calendar: unknown calendar {step.calendar!r}; "
                    f"the contract defines {', '.join(cals)}"
                )
            if not isinstance(step.after, dt.timedelta):
                raise ContractError(
                    f"escalation[{i}].after: expected business time such as '30m' or '4h', got {step.after!r}"
                )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ContractError(f"valid_until: {self.valid_until} is before valid_from {self.valid_from}")
        if self.warranty is not None or self.charges:
            if self.warranty is not None and not isinstance(self.warranty, Warranty):
                raise ContractError(f"warranty: expected a Warranty, got {self.warranty!r}")
            for i, band in enumerate(self.charges):
                if not isinstance(band, ChargeBand):
                    raise ContractError(f"charges[{i}]: expected a ChargeBand, got {band!r}")
            if self.charges and self.warranty is None:
                raise ContractError("charges: the bands count from the warranty's last day; give a warranty")
        if self.schedules:
            names: set[str] = set()
            for i, sch in enumerate(self.schedules):
                if not isinstance(sch, Schedule):
                    raise ContractError(f"schedules[{i}]: expected a Schedule, got {sch!r}")
                if sch.name in names:
                    raise ContractError(
                        f"schedules[{i}].name: {sch.name!r} is defined twice; names must be unique"
                    )
                names.add(sch.name)
        if self.reclassify not in ("original", "restart"):
            raise ContractError(f"reclassify: expected 'original' or 'restart', got {self.reclassify!r}")
        if self.workflow is not None:
            if not isinstance(self.workflow, Workflow):
                raise ContractError(f"workflow: expected a Workflow, got {self.workflow!r}")
            for label, key in self.workflow.levels:
                if key not in seen:
                    raise ContractError(
                        f"workflow.levels[{label!r}]: unknown level {key!r}; "
                        f"expected one of {', '.join(sorted(seen))}"
                    )
        if self.reopen not in ("resume", "restart"):
            raise ContractError(
                f"reopen: expected 'resume' (the time from resolution to reopening does not count) or "
                f"'restart' (a new cycle with a full budget from the reopening), got {self.reopen!r}"
            )
        if not isinstance(self.reopen_closed, bool):
            raise ContractError(f"reopen_closed: expected true or false, got {self.reopen_closed!r}")

    def __repr__(self) -> str:
        parts = [f"id={self.id!r}"]
        if self.valid_from or self.valid_until:
            parts.append(f"valid={self.valid_from or '…'}..{self.valid_until or '…'}")
        parts.append(f"calendars={[n for n, _ in self.calendars.items()]!r}")
        parts.append(f"levels={[lv.key for lv in self.levels]!r}")
        if self.escalation:
            parts.append(f"escalation=<{len(self.escalation)} steps>")
        if self.warranty is not None:
            parts.append(f"warranty={format_term(self.warranty.term)} from {self.warranty.starts}")
        if self.schedules:
            parts.append(f"schedules={[s.name for s in self.schedules]!r}")
        if self.workflow is not None:
            parts.append(f"workflow=<{len(self.workflow.statuses)} statuses>")
        return f"Contract({', '.join(parts)})"

    # ------------------------------------------------------------------ lookups
    def calendar(self, name: str) -> BusinessCalendar:
        _one(name, "calendar", "calendar name")
        for key, cal in self.calendars.items():
            if key == name:
                return cal
        raise ContractError(
            f"calendar: unknown calendar {name!r}; "
            f"the contract defines {', '.join(k for k, _ in self.calendars.items())}"
        )

    def level(self, key: str) -> FaultLevel:
        """The fault level ``key`` (`UnknownLevelError` names the known ones)."""
        _one(key, "level", "level key such as 'P1'", UnknownLevelError)
        for level in self.levels:
            if level.key == key:
                return level
        if not isinstance(key, str):
            raise UnknownLevelError(f"level: expected a level key such as 'P1', got {key!r}")
        raise UnknownLevelError(
            f"level: unknown level {key!r}; the contract defines {', '.join(lv.key for lv in self.levels)}"
        )

    @property
    def known_regions(self) -> tuple[str, ...]:
        """Every region the contract names: its targets' regions and ``[contract] regions``, sorted."""
        names = set(self.regions)
        for lv in self.levels:
            for _, target in lv.targets.items():
                names.update(r for r, _ in target.regions)
        return tuple(sorted(names))

    def check_region(self, region: object) -> str | None:
        """``region`` if the contract names it (None stays None); else `UnknownRegionError` with a
        did-you-mean: a misspelt region must not fall back to the default target silently."""
        _check_region(region)
        if region is None:
            return None
        assert isinstance(region, str)
        known = self.known_regions
        if region not in known:
            import difflib

            close = difflib.get_close_matches(region, known, n=1, cutoff=0.5)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            listed = ", ".join(known) if known else "none (list them under [contract] regions = [...])"
            raise UnknownRegionError(f"region: unknown region {region!r}{hint}; the contract names {listed}")
        return region

    def metric(self, name: str) -> Metric:
        """The metric ``name`` (`ContractError` naming the known ones)."""
        _one(name, "metric", "metric name")
        found = self.metrics.get(name) if isinstance(name, str) else None
        if found is not None:
            return found
        known = ", ".join(sorted(k for k, _ in self.metrics.items()))
        raise ContractError(f"metric: unknown metric {name!r}; the contract knows {known}")

    def instant(self, t: Instant) -> pendulum.DateTime:
        """``t`` read as the contract's first calendar reads it (ISO strings without offset: local time).

        One instant: a column (pandas, numpy, polars) raises `InvalidInstantError` pointing to
        `evaluate` and the calendars' column methods.
        """
        _one(t, "instant", "instant", InvalidInstantError)
        return next(iter(self.calendars.values())).instant(t)

    def check_term(self, reported_at: pendulum.DateTime, *, out_of_term: bool = False) -> bool:
        """Whether ``reported_at`` lies outside the contract's term; raises unless ``out_of_term``."""
        day = reported_at.date()
        outside = (self.valid_from is not None and day < self.valid_from) or (
            self.valid_until is not None and day > self.valid_until
        )
        if outside and not out_of_term:
            raise OutOfTermError(
                f"reported_at: {reported_at.isoformat()} is outside the contract's term "
                f"({self.valid_from or '…'} to {self.valid_until or '…'}); "
                "pass out_of_term=True to compute anyway"
            )
        return outside

    # ------------------------------------------------------------------ deadlines
    def deadlines(
        self, level: str, *, reported_at: Instant, region: str | None = None, out_of_term: bool = False
    ) -> dict[str, Deadline]:
        """When each promise of ``level`` falls due for a fault reported at ``reported_at``.

        Only the metrics the level has; a metric whose start event is not the
        report (the written report after recovery) has ``due`` None.
        """
        lv = self.level(level)
        self.check_region(region)
        _one(reported_at, "reported_at", "instant", InvalidInstantError)
        start = self.instant(reported_at)
        outside = self.check_term(start, out_of_term=out_of_term)
        out: dict[str, Deadline] = {}
        for metric, target in lv.targets.items():
            m = self.metric(metric)
            out[metric] = deadline(
                metric=m,
                target=target,
                calendar=self.calendar(target.calendar),
                start=start if m.starts[0] == "reported" else None,
                region=region,
                level=lv.key,
                paused=(),
                out_of_term=outside,
            )
        return out

    # ------------------------------------------------------------------ warranty
    def with_event(self, name: str, day: dt.date | str) -> Contract:
        """The same contract with the date of an event (acceptance, delivery, sale) its warranty and
        schedules may start at."""
        if self.warranty is None and not self.schedules:
            raise ContractError("with_event: the contract has no warranty and no schedules")
        return evolve(
            self,
            warranty=None if self.warranty is None else self.warranty.with_event(name, day),
            schedules=tuple(s.with_event(name, day) for s in self.schedules),
        )

    def schedule(self, name: str) -> Schedule:
        """The service schedule ``name`` (e.g. ``"inspection"``)."""
        _one(name, "schedule", "schedule name")
        for s in self.schedules:
            if s.name == name:
                return s
        known = ", ".join(s.name for s in self.schedules) or "none"
        raise ContractError(f"schedule: unknown schedule {name!r}; the contract defines {known}")

    def charge_cap(self, on: dt.date | str, total: Decimal | int | str) -> ChargeCap | None:
        """The most that may be charged for a repair on ``on`` (see `servicelevel.warranty`)."""
        if self.warranty is None:
            raise ContractError("charge_cap: the contract has no warranty")
        from servicelevel.warranty import charge_cap

        return charge_cap(self.warranty, self.charges, on, total)

    # ------------------------------------------------------------------ tables of tickets
    def evaluate(
        self,
        tickets: Any,
        *,
        at: Instant | None = None,
        pauses: Any = None,
        reclassifications: Any = None,
        out_of_term: bool = False,
        keep: Iterable[str] | None = None,
    ) -> Any:
        """Every promise of every ticket in a table: ``<metric>_due``, ``_state`` and ``_margin`` columns.

        ``tickets`` is a pandas or polars DataFrame with columns ``level``,
        ``reported_at``, optionally ``region``, and an ``<event>_at`` column per
        event that happened (``responded_at``, ``arrived_at``, ``restored_at``,
        ``resolved_at``, ``reported_back_at``…; empty while it has not). Instant
        columns are tz-aware datetimes or ISO text (text without an offset is
        read in the zone of the contract's first calendar). ``pauses`` is a long
        table (``ticket``: the ticket's index label, ``start``, ``end``: empty
        while open; an open pause of a resolved ticket ends at its resolution);
        ``reclassifications`` another (``ticket``, ``at``, ``level``: the new
        level), read by the contract's ``reclassify`` rule. ``at`` is the
        instant open tickets are judged at, as `Incident.status` judges one
        incident; it is needed when any metric has not stopped yet (nothing
        here reads the clock). An empty event instant means the event has not
        happened. A column that looks like a misspelt event column
        (``resloved_at``) is an error.

        The result is the table's level, region and instant columns (and the
        columns named in ``keep``) with, per metric the contract names: ``_due``
        (in the first calendar's zone), ``_state`` (met, breached, running,
        paused, pending, not_applicable), ``_margin`` (business time to
        spare at the stop, or at ``at``; negative when breached), ``_elapsed``
        and ``_paused`` (business time counted, and stood still, so far) and
        ``_used`` (elapsed / budget; above 1 when over), as `MetricStatus` has
        them. Bad rows
        (unknown levels, unreadable instants, events before the report) are
        reported together in one `InvalidRowsError` naming each row. Needs
        pandas (``pip install servicelevel[columns]``).

        Examples:
            >>> import pandas as pd
            >>> from servicelevel import BusinessCalendar, Contract, FaultLevel, Target
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> c = Contract(id="demo", calendars={"support": cal}, levels=[FaultLevel(key="P2", targets={
            ...     "resolution": Target(within="4h", calendar="support")})])
            >>> tickets = pd.DataFrame({"level": ["P2", "P2"],
            ...     "reported_at": ["2026-02-13T15:00", "2026-03-02T09:00"],
            ...     "resolved_at": ["2026-02-14T11:30", None]})
            >>> frame = c.evaluate(tickets, at="2026-03-02T12:00")
            >>> frame[["resolution_due", "resolution_state", "resolution_margin"]]
                         resolution_due resolution_state resolution_margin
            0 2026-02-14 11:00:00+08:00         breached -1 days +23:30:00
            1 2026-03-02 13:00:00+08:00          running   0 days 01:00:00
        """
        return _lazy.evaluate(
            self,
            tickets,
            at=at,
            pauses=pauses,
            reclassifications=reclassifications,
            out_of_term=out_of_term,
            keep=None if keep is None else list(keep) if not isinstance(keep, str) else keep,
        )

    def replay(
        self,
        log: Any,
        *,
        ticket: str,
        time: str,
        status: str,
        level: str,
        order: str | None = None,
        reported: str | None = None,
        region: str | None = None,
        at: Instant | None = None,
        time_format: str | None = None,
        out_of_term: bool = False,
    ) -> Any:
        """A ticket system's audit log replayed: one row per ticket with `evaluate`'s columns.

        ``log`` is a pandas or polars DataFrame, one row per update: the ticket
        (column ``ticket``), the time of the update (``time``), the status and
        level after it (``status``, ``level``), read through the contract's
        ``[workflow]`` table. Rows are taken in (``time``, ``order``) order per
        ticket; ``reported`` names a column with the report instant (else the
        first row's time), ``region`` one with the region. The result, indexed
        by ticket, has ``level`` (final), ``reopened``, ``cycles``, ``paused``
        (business time paused, on the calendar of the final level's resolution
        target) and ``<metric>_due``/``_state``/``_margin`` as `evaluate` gives
        them; a ticket that reopens or changes level is folded by `Incident`,
        so each row equals ``Incident.from_log(contract, rows).status(at)``.
        Time columns are aware datetimes, ISO text, or text in
        ``time_format`` (a strptime pattern, read in the first calendar's zone).
        Every bad row is reported in one `InvalidRowsError` (``.entries``:
        ticket, row, message). Needs pandas.
        """
        return _lazy.replay(
            self, log, ticket=ticket, time=time, status=status, level=level, order=order,
            reported=reported, region=region, at=at, time_format=time_format, out_of_term=out_of_term,
        )  # fmt: skip

    def compliance(self, frame: Any, by: str | Iterable[str] = ()) -> Any:
        """The met rate per level and metric (and per ``by`` column) of an `evaluate` result.

        Columns: the groups, ``metric``, ``tickets``, ``met``, ``breached``,
        ``open`` (running or paused), ``pending``, and ``met_rate`` = met /
        (met + breached): tickets still open are not counted either way. Tickets
        whose group value is missing are counted under ``"(missing)"``. Where a
        target states a goal (``goal = 0.95``: 95 % of tickets within the term),
        ``goal`` gives it and ``goal_met`` whether ``met_rate`` reaches it.
        """
        goals = {
            (lv.key, name): target.goal
            for lv in self.levels
            for name, target in lv.targets.items()
            if target.goal is not None
        }
        return _lazy.compliance(frame, by, goals=goals)

    def to_toml(self) -> str:
        """The contract as a TOML file (see `servicelevel.io`)."""
        return _lazy.contract_to_toml(self)

    @classmethod
    def from_toml(
        cls,
        text: str,
        base_dir: str | os.PathLike[str] | None = None,
        *,
        files: Mapping[str, str] | None = None,
    ) -> Contract:
        """Read a contract from TOML text (see `servicelevel.io`); shared files: ``files``, ``base_dir``."""
        return _lazy.contract_from_toml(text, base_dir, files=files)
