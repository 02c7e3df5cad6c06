"""Contracts as TOML files: read with `tomllib`, structured by one `cattrs` converter, written with `tomli_w`.

The file's shape (see ``examples/contract.toml``)::

    [contract]            id, customer, vendor, valid_from, valid_until, warnings, reclassify,
                          reopen ("resume" or "restart"), reopen_closed, regions
    [calendars.NAME]      coverage ("5x8 08:30-17:30", "7x24") or week, tz, country, subdiv,
                          closed, special_hours, makeup_hours, observe_holidays,
                          changes = [{ from = DATE, coverage = ... }]
    [metrics.NAME]        start, stop, cancel, pausable (new metrics, or the five every contract
                          knows stated otherwise)
    [[levels]]            key, name, rank, description, and one table per metric:
                          METRIC = { within = TERM, calendar = NAME, regions = { R = TERM }, rule = ... }
                          (a region R = { within = TERM, calendar = NAME, rule = ... } has its own clock)
                          update = { every = TERM, calendar = NAME, starts = EVENT, stop = EVENT }
    [[escalation]]        level, after or before (with metric), to, calendar
    [workflow]            unknown, updates = [STATUS] | { column, values = [VALUE] };
                          [workflow.statuses] STATUS = ACTION; [workflow.levels] LABEL = LEVEL
    [availability.NAME]   name, target, period, calendar, exclude, kinds, credits, fee (io._money)
    [[amendments]]        from (a date), reason, and what it replaces from then on: levels =
                          [{ key = LEVEL, METRIC = { within = ..., ... } }], calendars.NAME, availability.NAME

Every error is a `ContractError` naming the path, the value and what is accepted.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import ContractError, show
from servicelevel.io._files import Source, as_path, read_regular
from servicelevel.io._money import read_availability, read_penalty, read_penalty_terms
from servicelevel.io._paths import FieldError, Path, located, problems_error
from servicelevel.io._read import Schedules, statutory_schedules, structure
from servicelevel.io._spec import (
    AmendmentSpec,
    CalendarSpec,
    ChargeSpec,
    CoverageSpec,
    FileSpec,
    MetricSpec,
    RegionSpec,
    RuleSpec,
    ScheduleSpec,
    TargetSpec,
    UpdateSpec,
    WarrantySpec,
)
from servicelevel.sla import (
    Amendment,
    Contract,
    Escalation,
    FaultLevel,
    Metric,
    RegionTarget,
    Target,
    UpdateTarget,
    Workflow,
)
from servicelevel.terms import CIVIL_CODE, INCLUSIVE, CountingRule

__all__ = ["contract_from_toml", "load_contract"]

_LEVEL_KEYS = ("key", "name", "rank", "description")
_DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
T = TypeVar("T")


# ---------------------------------------------------------------------------- reading
def contract_from_toml(
    text: str,
    base_dir: str | os.PathLike[str] | None = None,
    *,
    files: Mapping[str, str] | None = None,
) -> Contract:
    """Read a contract from TOML text.

    Shared schedule files (``[contract] statutory = [...]``) are read only when the caller
    says where they are: from ``files`` (a mapping of the names the contract uses to their
    text), else from the folder ``base_dir`` under the policy of `servicelevel.io._files`.
    Without either, a contract that names a shared file is refused: text reads no files.

    Examples:
        >>> c = contract_from_toml('''
        ... [contract]
        ... id = "demo"
        ... [calendars.hotline]
        ... coverage = "7x24"
        ... tz = "Asia/Shanghai"
        ... [[levels]]
        ... key = "P1"
        ... response = { within = "30分钟", calendar = "hotline" }
        ... ''')
        >>> c.level("P1").target("response").within
        datetime.timedelta(seconds=1800)
    """
    if not isinstance(text, str):
        raise ContractError(f"text: expected the TOML text of a contract, got {type(text).__name__}")
    source = Source(base_dir, files)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ContractError(f"TOML: {e}") from None
    except RecursionError:
        raise ContractError("TOML: nested too deeply (arrays or tables within each other)") from None
    except ValueError:  # Python's limit on the digits of an integer (4300), hit inside tomllib
        raise ContractError(_too_many_digits(text)) from None
    try:
        return _build(data, source)
    except FieldError as e:
        raise problems_error([(e.path, e.message)]) from None


def _too_many_digits(text: str) -> str:
    """A message naming the key whose number has more digits than Python reads (without echoing it)."""
    found = re.search(r"(?m)^[ \t]*([^=\n]{1,200}?)[ \t]*=[ \t]*[+-]?[0-9_]{4000,}", text)
    key = show(found.group(1).strip()) if found else "a number"
    return f"{key}: a number with more than 4300 digits; no field of a contract takes one"


def load_contract(path: str | os.PathLike[str], base_dir: str | os.PathLike[str] | None = None) -> Contract:
    """Read a contract from a TOML file; its shared schedule files lie in its own folder (or ``base_dir``)."""
    path = as_path(path, "path")
    raw = read_regular(path, "path", show(os.fspath(path)))  # a FIFO or /dev/zero is refused at once
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ContractError(f"path: {show(os.fspath(path))} is not UTF-8 text") from None
    folder = os.path.dirname(os.path.realpath(path)) if base_dir is None else base_dir
    return contract_from_toml(text, folder)


# Fields of `Contract` that the file keeps in its [contract] table.
_HEAD = frozenset(
    {
        "id",
        "customer",
        "vendor",
        "valid_from",
        "valid_until",
        "warnings",
        "reclassify",
        "reopen",
        "reopen_closed",
        "regions",
    }
)


def _build(data: dict[str, Any], source: Source) -> Contract:
    spec = structure(data, FileSpec)
    levels = [_split_level(i, raw) for i, raw in enumerate(spec.levels)]
    statutory = statutory_schedules(spec, source)
    calendars = {name: _calendar(("calendars", name), cs, statutory) for name, cs in spec.calendars.items()}
    metrics = {
        name: located(("metrics", name), lambda n=name, m=ms: _metric(n, m))
        for name, ms in spec.metrics.items()
    }
    built_levels = [located(("levels", i), lambda lv=lv: _level(lv)) for i, lv in enumerate(levels)]
    escalation = [
        located(
            ("escalation", i),
            lambda e=e: Escalation(
                level=e.level, after=e.after, to=e.to, calendar=e.calendar, before=e.before, metric=e.metric
            ),
        )
        for i, e in enumerate(spec.escalation)
    ]
    warranty = None
    if spec.warranty is not None:
        ws = spec.warranty
        if ws.calendar not in calendars:
            raise FieldError(
                ("warranty", "calendar"),
                f"unknown calendar {show(ws.calendar)}; the contract defines {_names(calendars)}",
            )
        warranty = located(("warranty",), lambda: _warranty(ws, calendars[ws.calendar]))
    charges = [located(("charges", i), lambda c=c: _charge_band(c)) for i, c in enumerate(spec.charges)]
    dates = dict(spec.warranty.dates) if spec.warranty is not None else {}
    services = [
        located(("schedules", i), lambda sc=sc: _schedule(sc, calendars, dates))
        for i, sc in enumerate(spec.schedules)
    ]
    workflow = None
    if spec.workflow is not None:
        wf = spec.workflow
        rows = wf.updates
        updates, column = (rows, None) if isinstance(rows, list) else (rows.values, rows.column)
        workflow = located(
            (),
            lambda: Workflow(
                statuses=wf.statuses,
                levels=wf.levels,
                unknown=wf.unknown,
                updates=updates,
                update_column=column,
            ),
        )
    penalty_terms = read_penalty_terms(spec.penalties)
    head = spec.contract
    contract: Contract = located(
        (),
        lambda: Contract(
            id=head.id,
            customer=head.customer,
            vendor=head.vendor,
            valid_from=head.valid_from,
            valid_until=head.valid_until,
            warnings=head.warnings,
            reclassify=head.reclassify,  # type: ignore[arg-type]
            reopen=head.reopen,  # type: ignore[arg-type]
            reopen_closed=head.reopen_closed,
            regions=head.regions,
            calendars=calendars,
            levels=built_levels,
            metrics=metrics,
            escalation=escalation,
            warranty=warranty,
            charges=charges,
            schedules=services,
            workflow=workflow,
            availability_targets=read_availability(spec.availability, calendars),
            penalty_terms=penalty_terms,
            amendments=[
                located(("amendments", i), lambda a=a: _amendment(a, calendars, statutory))
                for i, a in enumerate(spec.amendments)
            ],
        ),
        head=_HEAD,
    )
    return contract


def _amendment(
    spec: AmendmentSpec, calendars: dict[str, BusinessCalendar], statutory: Schedules
) -> Amendment:
    """One ``[[amendments]]`` table; its services read on the calendars in force after it."""
    levels = {}
    for j, raw in enumerate(spec.levels):
        said = [k for k in ("name", "rank", "description", "update") if isinstance(raw, dict) and k in raw]
        if said:
            raise FieldError(("levels", j, said[0]), "an amendment replaces targets; a level's name, "
                             "rank, description and update promise stay as signed")  # fmt: skip
        level = located(("levels", j), lambda r=raw, k=j: _level(_split_level(k, r)))
        if level.key in levels:  # the later table would silently replace the earlier one's targets
            raise FieldError(("levels", j, "key"), f"level {show(level.key)} is given twice in this "
                             "amendment; give each level once, with every target it replaces")  # fmt: skip
        levels[level.key] = dict(level.targets)
    cals = {name: _calendar(("calendars", name), cs, statutory) for name, cs in spec.calendars.items()}
    services = read_availability(spec.availability, {**calendars, **cals})
    return Amendment(
        from_=spec.from_, reason=spec.reason, levels=levels, calendars=cals, availability_targets=services
    )


def _names(names: Iterable[str]) -> str:
    """The valid names, sorted, for a message."""
    return ", ".join(sorted(names)) or "none"


def _split_level(i: int, raw: Any) -> tuple[dict[str, Any], dict[str, TargetSpec]]:
    if not isinstance(raw, dict):
        raise FieldError(("levels", i), f"expected a table, got {show(raw)}")
    head = {k: raw[k] for k in _LEVEL_KEYS if k in raw}
    if "key" not in head:
        raise FieldError(("levels", i, "key"), 'required field missing (e.g. key = "P1")')
    for k, kind, what in (("key", str, "a string"), ("name", str, "a string"),
                          ("description", str, "a string"), ("rank", int, "a whole number")):  # fmt: skip
        if k in head and type(head[k]) is not kind:
            raise FieldError(("levels", i, k), f"expected {what}, got {show(head[k])}")
    if "update" in raw:  # 每N小时通报进展: the level's update clock, not a metric
        head["update"] = structure(raw["update"], UpdateSpec, ("levels", i, "update"))
    targets = {}
    for metric, value in raw.items():
        if metric in _LEVEL_KEYS or metric == "update":
            continue
        if not isinstance(value, dict):
            raise FieldError(
                ("levels", i, metric),
                'expected a target table such as { within = "6h", calendar = "hotline" }, '
                f"got {show(value)}",
            )
        targets[metric] = structure(value, TargetSpec, ("levels", i, metric))
    return head, targets


def _rule(spec: str | RuleSpec | None) -> CountingRule | None:
    if spec is None:
        return None
    if isinstance(spec, str):
        named = {"civil_code": CIVIL_CODE, "inclusive": INCLUSIVE}
        if spec not in named:
            raise FieldError(
                ("rule",), f"expected 'civil_code', 'inclusive' or a table of options, got {show(spec)}"
            )
        return named[spec]
    return CountingRule(
        start_day_counts=spec.start_day_counts,
        roll_forward=spec.roll_forward,
        ends_at=spec.ends_at,  # type: ignore[arg-type]
    )


def _region(spec: str | RegionSpec) -> Any:
    """A region's term, or its table (`RegionTarget`: its own calendar and rule)."""
    if isinstance(spec, str):
        return spec
    return RegionTarget(within=spec.within, calendar=spec.calendar, rule=_rule(spec.rule))


def _level(parts: tuple[dict[str, Any], dict[str, TargetSpec]]) -> FaultLevel:
    head, specs = parts
    targets = {}
    for metric, t in specs.items():
        targets[metric] = located(
            (metric,),
            lambda t=t: Target(
                within=t.within,
                calendar=t.calendar,
                regions={r: located(("regions", r), lambda e=e: _region(e)) for r, e in t.regions.items()},
                rule=_rule(t.rule),
                goal=t.goal,
                penalty=None if t.penalty is None else read_penalty(t.penalty),
                warnings=t.warnings,
            ),
        )
    up = head.get("update")
    return FaultLevel(
        key=head["key"],
        name=head.get("name", ""),
        rank=head.get("rank", 0),
        description=head.get("description", ""),
        targets=targets,
        update=None
        if up is None
        else located(
            ("update",),
            lambda: UpdateTarget(every=up.every, calendar=up.calendar, starts=up.starts, stop=up.stop),
        ),
    )


def _warranty(spec: WarrantySpec, calendar: BusinessCalendar) -> Any:
    from servicelevel.warranty import Cause, VoidingEvent, Warranty

    return Warranty(
        starts=spec.starts,
        term=spec.term,
        extension=spec.extension,
        calendar=calendar,
        rule=_rule(spec.rule) or CIVIL_CODE,
        components=spec.components,
        consumables=spec.consumables,
        consumer=spec.consumer,
        dates=spec.dates,
        causes=tuple(Cause(c.code, c.en, c.zh, c.force_majeure) for c in spec.causes),
        voiding=tuple(VoidingEvent(v.code, v.en, v.zh) for v in spec.voiding),
    )


def _schedule(spec: ScheduleSpec, calendars: dict[str, BusinessCalendar], dates: dict[str, dt.date]) -> Any:
    from servicelevel.warranty import Phase, Schedule

    if spec.calendar is not None and spec.calendar not in calendars:
        raise FieldError(
            ("calendar",),
            f"unknown calendar {show(spec.calendar)}; the contract defines {_names(calendars)}",
        )
    return Schedule(
        name=spec.name,
        starts=spec.starts,
        phases=[Phase(every=p.every, for_=p.for_, times=p.times) for p in spec.phases],
        roll=spec.roll,  # type: ignore[arg-type]
        calendar=None if spec.calendar is None else calendars[spec.calendar],
        dates=dates,
    )


def _charge_band(spec: ChargeSpec) -> Any:
    from servicelevel.warranty import ChargeBand

    return ChargeBand(within=spec.within, cap=spec.cap)


def _metric(name: str, spec: MetricSpec) -> Metric:
    if spec.cancel is None:
        return Metric(name=name, starts=spec.start, stop=spec.stop, pausable=spec.pausable)
    return Metric(name=name, starts=spec.start, stop=spec.stop, cancel=spec.cancel, pausable=spec.pausable)


def _one_calendar(
    spec: CoverageSpec, tz: str, country: str | None, subdiv: str | None, schedules: Schedules
) -> BusinessCalendar:
    if (spec.coverage is None) == (spec.week is None):
        raise FieldError(("coverage",), "give exactly one of coverage (e.g. '5x8 08:30-17:30') or week")
    special: dict[dt.date | str, str | None] = {k: v for k, v in spec.special_hours.items()}  # noqa: C416  (widen the key type)
    days_off: dict[dt.date | str, str] = {}
    working: set[dt.date | str] = set()
    if country is not None and country.upper() in schedules:
        days_off.update(schedules[country.upper()][0])
        working.update(schedules[country.upper()][1])
    days_off.update(spec.extra_holidays)
    working.update(spec.extra_workdays)
    if spec.coverage is not None:
        cal = BusinessCalendar.parse(
            spec.coverage,
            tz=tz,
            country=country,
            subdiv=subdiv,
            closed=spec.closed,
            special_hours=special,
            makeup_hours=spec.makeup_hours,
            extra_holidays=days_off,
            extra_workdays=working,
        )
        if spec.observe_holidays is not None and spec.observe_holidays != cal.observe_holidays:
            from attrs import evolve

            cal = evolve(cal, observe_holidays=spec.observe_holidays)
        return cal
    return BusinessCalendar(
        tz=tz,
        week=spec.week or {},
        country=country,
        subdiv=subdiv,
        closed=spec.closed,
        special_hours=special,
        makeup_hours=spec.makeup_hours,
        observe_holidays=True if spec.observe_holidays is None else spec.observe_holidays,
        extra_holidays=days_off,
        extra_workdays=working,
    )


def _calendar(path: Path, spec: CalendarSpec, schedules: Schedules) -> BusinessCalendar:
    base = located(path, lambda: _one_calendar(spec, spec.tz, spec.country, spec.subdiv, schedules))
    for i, change in enumerate(spec.changes):
        country = change.country if change.country is not None else spec.country
        subdiv = change.subdiv if change.subdiv is not None else spec.subdiv
        at = (*path, "changes", i)
        part = located(at, lambda c=change, k=country, s=subdiv: _one_calendar(c, spec.tz, k, s, schedules))
        base = located(at, lambda b=base, c=change, p=part: b.switch(c.from_, p))
    result: BusinessCalendar = base
    return result
