"""Contracts as TOML files: read with `tomllib`, structured by one `cattrs` converter, written with `tomli_w`.

The file's shape (see ``examples/contract.toml``)::

    [contract]            id, customer, vendor, valid_from, valid_until, warnings, reclassify
    [calendars.NAME]      coverage ("5x8 08:30-17:30", "7x24") or week, tz, country, subdiv,
                          closed, special_hours, makeup_hours, observe_holidays,
                          changes = [{ from = DATE, coverage = ... }]
    [metrics.NAME]        start, stop, pausable (metrics beyond the five every contract knows)
    [[levels]]            key, name, rank, description, and one table per metric:
                          METRIC = { within = TERM, calendar = NAME, regions = { R = TERM }, rule = ... }
    [[escalation]]        level, after, to, calendar

Every error is a `ContractError` naming the path, the value and what is accepted.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path
from typing import Any

from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import ContractError, ServiceLevelError
from servicelevel.io._spec import (
    CalendarSpec,
    ChargeSpec,
    CoverageSpec,
    FileSpec,
    MetricSpec,
    RuleSpec,
    ScheduleFileSpec,
    ScheduleSpec,
    StatutorySpec,
    TargetSpec,
    WarrantySpec,
    cattrs_errors,
    conv,
)
from servicelevel.sla import Contract, Escalation, FaultLevel, Metric, Target
from servicelevel.terms import CIVIL_CODE, INCLUSIVE, CountingRule

__all__ = ["contract_from_toml", "load_contract"]

_LEVEL_KEYS = ("key", "name", "rank", "description")
_DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# ---------------------------------------------------------------------------- reading
def contract_from_toml(text: str, base_dir: str | os.PathLike[str] | None = None) -> Contract:
    """Read a contract from TOML text; shared schedule files are found relative to ``base_dir``.

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
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ContractError(f"TOML: {e}") from None
    return _build(data, Path(base_dir) if base_dir is not None else Path.cwd())


def load_contract(path: str | os.PathLike[str]) -> Contract:
    """Read a contract from a TOML file."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise ContractError(f"path: cannot read {os.fspath(path)!r}: {e.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ContractError(f"path: {os.fspath(path)!r} is not UTF-8 text") from None
    return contract_from_toml(text, Path(path).resolve().parent)


def _build(data: dict[str, Any], base_dir: Path) -> Contract:
    import cattrs

    try:
        spec: FileSpec = conv().structure(data, FileSpec)
        levels = [_split_level(i, raw) for i, raw in enumerate(spec.levels)]
    except (cattrs.BaseValidationError, TypeError, ValueError) as e:
        if isinstance(e, ServiceLevelError):
            raise
        raise ContractError(
            cattrs_errors(e) if isinstance(e, cattrs.BaseValidationError) else str(e)
        ) from None
    statutory = _schedules(spec, base_dir)
    calendars = {name: _calendar(f"calendars.{name}", cs, statutory) for name, cs in spec.calendars.items()}
    metrics = {
        name: _at(f"metrics.{name}", lambda n=name, m=ms: _metric(n, m)) for name, ms in spec.metrics.items()
    }
    built_levels = [_at(f"levels[{i}]", lambda lv=lv: _level(lv)) for i, lv in enumerate(levels)]
    escalation = [
        _at(
            f"escalation[{i}]",
            lambda e=e: Escalation(level=e.level, after=e.after, to=e.to, calendar=e.calendar),
        )
        for i, e in enumerate(spec.escalation)
    ]
    warranty = None
    if spec.warranty is not None:
        ws = spec.warranty
        if ws.calendar not in calendars:
            raise ContractError(
                f"warranty.calendar: unknown calendar {ws.calendar!r}; "
                f"the contract defines {', '.join(calendars)}"
            )
        warranty = _at("warranty", lambda: _warranty(ws, calendars[ws.calendar]))
    charges = [_at(f"charges[{i}]", lambda c=c: _charge_band(c)) for i, c in enumerate(spec.charges)]
    dates = dict(spec.warranty.dates) if spec.warranty is not None else {}
    services = [
        _at(f"schedules[{i}]", lambda sc=sc: _schedule(sc, calendars, dates))
        for i, sc in enumerate(spec.schedules)
    ]
    head = spec.contract
    contract: Contract = _at(
        "contract",
        lambda: Contract(
            id=head.id,
            customer=head.customer,
            vendor=head.vendor,
            valid_from=head.valid_from,
            valid_until=head.valid_until,
            warnings=head.warnings,
            reclassify=head.reclassify,  # type: ignore[arg-type]
            calendars=calendars,
            levels=built_levels,
            metrics=metrics,
            escalation=escalation,
            warranty=warranty,
            charges=charges,
            schedules=services,
        ),
        prefix_known=(
            "levels[",
            "escalation[",
            "calendars",
            "valid_",
            "warnings",
            "reclassify",
            "metrics",
            "charges",
            "warranty",
            "schedules",
        ),
    )
    return contract


def _at(path: str, build: Any, prefix_known: tuple[str, ...] = ()) -> Any:
    """Run ``build``; a ServiceLevelError from it is re-raised as a ContractError under ``path``."""
    try:
        return build()
    except ServiceLevelError as e:
        message = str(e)
        if message.startswith(prefix_known) and prefix_known:
            raise ContractError(message) from None
        raise ContractError(f"{path}.{message}") from None


def _split_level(i: int, raw: Any) -> tuple[dict[str, Any], dict[str, TargetSpec]]:
    if not isinstance(raw, dict):
        raise ContractError(f"levels[{i}]: expected a table, got {raw!r}")
    head = {k: raw[k] for k in _LEVEL_KEYS if k in raw}
    if "key" not in head:
        raise ContractError(f'levels[{i}].key: required field missing (e.g. key = "P1")')
    for k, kind, what in (("key", str, "a string"), ("name", str, "a string"),
                          ("description", str, "a string"), ("rank", int, "a whole number")):  # fmt: skip
        if k in head and type(head[k]) is not kind:
            raise ContractError(f"levels[{i}].{k}: expected {what}, got {head[k]!r}")
    targets = {}
    import cattrs

    for metric, value in raw.items():
        if metric in _LEVEL_KEYS:
            continue
        if not isinstance(value, dict):
            raise ContractError(
                f"levels[{i}].{metric}: expected a target table such as "
                f'{{ within = "6h", calendar = "hotline" }}, got {value!r}'
            )
        try:
            targets[metric] = conv().structure(value, TargetSpec)
        except cattrs.BaseValidationError as e:
            raise ContractError(
                "; ".join(f"levels[{i}].{metric}.{m}" for m in cattrs_errors(e).split("; "))
            ) from None
    return head, targets


def _rule(spec: str | RuleSpec | None) -> CountingRule | None:
    if spec is None:
        return None
    if isinstance(spec, str):
        named = {"civil_code": CIVIL_CODE, "inclusive": INCLUSIVE}
        if spec not in named:
            raise ContractError(
                f"rule: expected 'civil_code', 'inclusive' or a table of options, got {spec!r}"
            )
        return named[spec]
    return CountingRule(
        start_day_counts=spec.start_day_counts,
        roll_forward=spec.roll_forward,
        ends_at=spec.ends_at,  # type: ignore[arg-type]
    )


def _level(parts: tuple[dict[str, Any], dict[str, TargetSpec]]) -> FaultLevel:
    head, specs = parts
    targets = {}
    for metric, t in specs.items():
        targets[metric] = _at(
            metric,
            lambda t=t: Target(within=t.within, calendar=t.calendar, regions=t.regions, rule=_rule(t.rule)),
        )
    return FaultLevel(
        key=head["key"],
        name=head.get("name", ""),
        rank=head.get("rank", 0),
        description=head.get("description", ""),
        targets=targets,
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
        raise ContractError(
            f"calendar: unknown calendar {spec.calendar!r}; the contract defines {', '.join(calendars)}"
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
    return Metric(name=name, starts=spec.start, stop=spec.stop, pausable=spec.pausable)


Schedules = dict[str, tuple[dict[str, str], set[dt.date]]]  # country -> (days off, working days)


def _schedule_files(spec: FileSpec, base_dir: Path) -> list[tuple[str, dict[str, StatutorySpec]]]:
    import cattrs

    out = []
    for i, name in enumerate(spec.contract.statutory):
        where = f"contract.statutory[{i}]"
        path = base_dir / name
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise ContractError(f"{where}: cannot read {str(path)!r}: {e.strerror}") from None
        except UnicodeDecodeError:
            raise ContractError(f"{where}: {str(path)!r} is not UTF-8 text") from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise ContractError(f"{where}: TOML in {name}: {e}") from None
        try:
            shared: ScheduleFileSpec = conv().structure(data, ScheduleFileSpec)
        except cattrs.BaseValidationError as e:
            raise ContractError(f"{where} ({name}): {cattrs_errors(e)}") from None
        out.append((name, shared.statutory))
    return out


def _schedules(spec: FileSpec, base_dir: Path) -> Schedules:
    """The statutory schedules of the file and its shared files, merged per country."""
    merged: Schedules = {}
    sources = [*_schedule_files(spec, base_dir), ("this file", spec.statutory)]
    for source, tables in sources:
        for code, table in tables.items():
            where = f"statutory.{code}" + (f" in {source}" if source != "this file" else "")
            days_off, working = merged.setdefault(code.upper(), ({}, set()))
            for key, name in table.holidays.items():
                try:
                    day = dt.date.fromisoformat(key)
                except ValueError:
                    raise ContractError(
                        f"{where}.holidays: {key!r} is not a date such as 2027-02-06"
                    ) from None
                iso = day.isoformat()
                if days_off.get(iso, name) != name:
                    raise ContractError(
                        f"{where}.holidays: {iso} is named {days_off[iso]!r} elsewhere and {name!r} here"
                    )
                days_off[iso] = name
            working.update(table.workdays)
    for code, (days_off, working) in merged.items():
        both = sorted(d for d in working if d.isoformat() in days_off)
        if both:
            raise ContractError(
                f"statutory.{code}: {both[0].isoformat()} is both a day off and a working day; name it once"
            )
    return merged


def _one_calendar(
    spec: CoverageSpec, tz: str, country: str | None, subdiv: str | None, schedules: Schedules
) -> BusinessCalendar:
    if (spec.coverage is None) == (spec.week is None):
        raise ContractError("coverage: give exactly one of coverage (e.g. '5x8 08:30-17:30') or week")
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


def _calendar(path: str, spec: CalendarSpec, schedules: Schedules) -> BusinessCalendar:
    base = _at(path, lambda: _one_calendar(spec, spec.tz, spec.country, spec.subdiv, schedules))
    for i, change in enumerate(spec.changes):
        country = change.country if change.country is not None else spec.country
        subdiv = change.subdiv if change.subdiv is not None else spec.subdiv
        part = _at(
            f"{path}.changes[{i}]",
            lambda c=change, k=country, s=subdiv: _one_calendar(c, spec.tz, k, s, schedules),
        )
        base = _at(f"{path}.changes[{i}]", lambda b=base, c=change, p=part: b.switch(c.from_, p))
    result: BusinessCalendar = base
    return result
