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

from attrs import Factory, field, frozen

from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import ContractError, ServiceLevelError
from servicelevel.sla import Contract, Escalation, FaultLevel, Metric, Target
from servicelevel.terms import CIVIL_CODE, INCLUSIVE, CountingRule, format_term

__all__ = ["contract_from_toml", "contract_to_toml", "load_contract"]

_LEVEL_KEYS = ("key", "name", "rank", "description")
_DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# ---------------------------------------------------------------------------- the file's shape
@frozen(kw_only=True)
class _CoverageSpec:
    """What a calendar and each of its dated changes say about coverage."""

    coverage: str | None = None
    week: dict[str, str] | None = None
    country: str | None = None
    subdiv: str | None = None
    closed: list[dt.date] = Factory(list)
    special_hours: dict[str, str] = Factory(dict)
    makeup_hours: str | None = None
    observe_holidays: bool | None = None
    extra_holidays: dict[str, str] = Factory(dict)
    extra_workdays: list[dt.date] = Factory(list)


@frozen(kw_only=True)
class _StatutorySpec:
    """A statutory schedule the user supplies for one country: days off and working days."""

    holidays: dict[str, str] = Factory(dict)
    workdays: list[dt.date] = Factory(list)


@frozen(kw_only=True)
class _ScheduleFileSpec:
    statutory: dict[str, _StatutorySpec]


@frozen(kw_only=True)
class _ChangeSpec(_CoverageSpec):
    from_: dt.date


@frozen(kw_only=True)
class _CalendarSpec(_CoverageSpec):
    tz: str
    changes: list[_ChangeSpec] = Factory(list)


@frozen(kw_only=True)
class _RuleSpec:
    start_day_counts: bool = False
    roll_forward: bool = True
    ends_at: str = "close"


@frozen(kw_only=True)
class _TargetSpec:
    within: str
    calendar: str
    regions: dict[str, str] = Factory(dict)
    rule: str | _RuleSpec | None = None


@frozen(kw_only=True)
class _MetricSpec:
    stop: str
    start: str | list[str] = "reported"
    pausable: bool = True


@frozen(kw_only=True)
class _EscalationSpec:
    level: str
    after: str
    to: str
    calendar: str


@frozen(kw_only=True)
class _ContractSpec:
    id: str
    customer: str = ""
    vendor: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    warnings: list[float] = Factory(list)
    reclassify: str = "original"
    statutory: list[str] = Factory(list)  # shared schedule files, relative to the contract file


@frozen(kw_only=True)
class _CauseSpec:
    code: str
    en: str
    zh: str
    force_majeure: bool = False


@frozen(kw_only=True)
class _VoidingSpec:
    code: str
    en: str
    zh: str


@frozen(kw_only=True)
class _WarrantySpec:
    starts: dt.date | str
    term: str
    calendar: str
    extension: str | None = None
    rule: str | _RuleSpec | None = None
    components: dict[str, str] = Factory(dict)
    consumables: list[str] = Factory(list)
    consumer: bool = False
    dates: dict[str, dt.date] = Factory(dict)
    causes: list[_CauseSpec] = Factory(list)
    voiding: list[_VoidingSpec] = Factory(list)


@frozen(kw_only=True)
class _PhaseSpec:
    every: str
    for_: str | None = None
    times: int = 1


@frozen(kw_only=True)
class _ScheduleSpec:
    name: str
    starts: dt.date | str
    phases: list[_PhaseSpec]
    roll: str = "none"
    calendar: str | None = None


@frozen(kw_only=True)
class _ChargeSpec:
    within: str
    cap: str


@frozen(kw_only=True)
class _FileSpec:
    contract: _ContractSpec
    calendars: dict[str, _CalendarSpec]
    levels: list[dict[str, Any]]
    metrics: dict[str, _MetricSpec] = Factory(dict)
    escalation: list[_EscalationSpec] = field(factory=list)
    statutory: dict[str, _StatutorySpec] = Factory(dict)
    warranty: _WarrantySpec | None = None
    charges: list[_ChargeSpec] = Factory(list)
    schedules: list[_ScheduleSpec] = Factory(list)


# ---------------------------------------------------------------------------- the converter
def _converter() -> Any:
    import cattrs
    from cattrs.gen import make_dict_structure_fn, override

    conv = cattrs.Converter(forbid_extra_keys=True)

    def exact(kind: type, what: str) -> Any:
        def hook(value: Any, _: Any) -> Any:
            if type(value) is not kind and not (kind is float and type(value) is int):
                raise TypeError(f"expected {what}, got {type(value).__name__} {value!r}")
            return value

        return hook

    conv.register_structure_hook(str, exact(str, "a string"))
    conv.register_structure_hook(int, exact(int, "a whole number"))
    conv.register_structure_hook(float, exact(float, "a number"))
    conv.register_structure_hook(bool, exact(bool, "true or false"))
    conv.register_structure_hook(dt.date, _date_hook)
    conv.register_structure_hook(str | list[str], _str_or_list)
    conv.register_structure_hook(dt.date | str, _date_or_str)
    conv.register_structure_hook(str | _RuleSpec | None, lambda v, _: _rule_spec(conv, v))
    conv.register_structure_hook(
        _PhaseSpec,
        make_dict_structure_fn(_PhaseSpec, conv, _cattrs_forbid_extra_keys=True, for_=override(rename="for")),
    )
    conv.register_structure_hook(
        _ChangeSpec,
        make_dict_structure_fn(
            _ChangeSpec, conv, _cattrs_forbid_extra_keys=True, from_=override(rename="from")
        ),
    )
    return conv


def _date_hook(value: Any, _: Any) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"expected a date such as 2026-01-01 (TOML date, no quotes), got {value!r}")
    return value


def _date_or_str(value: Any, _: Any) -> dt.date | str:
    if isinstance(value, str) or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    raise TypeError(
        f"expected a date such as 2023-06-15 or an event name such as 'acceptance', got {value!r}"
    )


def _str_or_list(value: Any, _: Any) -> str | list[str]:
    if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return value
    raise TypeError(f"expected an event name or a list of them, got {value!r}")


def _rule_spec(conv: Any, value: Any) -> str | _RuleSpec | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict):
        spec: _RuleSpec = conv.structure(value, _RuleSpec)
        return spec
    raise TypeError(f"expected 'civil_code', 'inclusive' or a table of rule options, got {value!r}")


_CONVERTER: Any = None


def _conv() -> Any:
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = _converter()
    return _CONVERTER


def _cattrs_errors(exc: Exception) -> str:
    import re

    import cattrs
    from cattrs.v import format_exception

    def say(error: BaseException, kind: type | None) -> str:
        if isinstance(error, TypeError) and str(error).startswith("expected"):
            return str(error)  # our own hooks' words name what is accepted
        return format_exception(error, kind)

    lines = cattrs.transform_error(exc, path="", format_exception=say)
    out = []
    for line in lines:
        message, _, path = line.rpartition(" @ ")
        path = re.sub(r"\['([^']*)'\]", r".\1", path).lstrip(".") or "(top level)"
        out.append(f"{path}: {message}")
    return "; ".join(out)


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
        spec: _FileSpec = _conv().structure(data, _FileSpec)
        levels = [_split_level(i, raw) for i, raw in enumerate(spec.levels)]
    except (cattrs.BaseValidationError, TypeError, ValueError) as e:
        if isinstance(e, ServiceLevelError):
            raise
        raise ContractError(
            _cattrs_errors(e) if isinstance(e, cattrs.BaseValidationError) else str(e)
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


def _split_level(i: int, raw: Any) -> tuple[dict[str, Any], dict[str, _TargetSpec]]:
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
            targets[metric] = _conv().structure(value, _TargetSpec)
        except cattrs.BaseValidationError as e:
            raise ContractError(
                "; ".join(f"levels[{i}].{metric}.{m}" for m in _cattrs_errors(e).split("; "))
            ) from None
    return head, targets


def _rule(spec: str | _RuleSpec | None) -> CountingRule | None:
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


def _level(parts: tuple[dict[str, Any], dict[str, _TargetSpec]]) -> FaultLevel:
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


def _warranty(spec: _WarrantySpec, calendar: BusinessCalendar) -> Any:
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


def _schedule(spec: _ScheduleSpec, calendars: dict[str, BusinessCalendar], dates: dict[str, dt.date]) -> Any:
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


def _charge_band(spec: _ChargeSpec) -> Any:
    from servicelevel.warranty import ChargeBand

    return ChargeBand(within=spec.within, cap=spec.cap)


def _metric(name: str, spec: _MetricSpec) -> Metric:
    return Metric(name=name, starts=spec.start, stop=spec.stop, pausable=spec.pausable)


Schedules = dict[str, tuple[dict[str, str], set[dt.date]]]  # country -> (days off, working days)


def _schedule_files(spec: _FileSpec, base_dir: Path) -> list[tuple[str, dict[str, _StatutorySpec]]]:
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
            shared: _ScheduleFileSpec = _conv().structure(data, _ScheduleFileSpec)
        except cattrs.BaseValidationError as e:
            raise ContractError(f"{where} ({name}): {_cattrs_errors(e)}") from None
        out.append((name, shared.statutory))
    return out


def _schedules(spec: _FileSpec, base_dir: Path) -> Schedules:
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
    spec: _CoverageSpec, tz: str, country: str | None, subdiv: str | None, schedules: Schedules
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


def _calendar(path: str, spec: _CalendarSpec, schedules: Schedules) -> BusinessCalendar:
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


# ---------------------------------------------------------------------------- writing
def _calendar_table(cal: BusinessCalendar) -> dict[str, Any]:
    week: dict[str, str] = {}
    for name, hours in zip(_DAY_KEYS, cal.week, strict=True):
        week[name] = str(hours) if hours else "closed"
    table: dict[str, Any] = {"week": week}
    if cal.country is not None:
        table["country"] = cal.country
    if cal.subdiv is not None:
        table["subdiv"] = cal.subdiv
    table["observe_holidays"] = cal.observe_holidays
    if cal.closed:
        table["closed"] = sorted(cal.closed)
    if cal.special_hours:
        table["special_hours"] = {d.isoformat(): str(h) or "closed" for d, h in cal.special_hours}
    if cal.makeup_hours is not None:
        table["makeup_hours"] = str(cal.makeup_hours) or "closed"
    if cal.extra_holidays:
        table["extra_holidays"] = {d.isoformat(): name for d, name in cal.extra_holidays}
    if cal.extra_workdays:
        table["extra_workdays"] = sorted(cal.extra_workdays)
    return table


def _rule_table(rule: CountingRule) -> str | dict[str, Any]:
    if rule == CIVIL_CODE:
        return "civil_code"
    if rule == INCLUSIVE:
        return "inclusive"
    return {
        "start_day_counts": rule.start_day_counts,
        "roll_forward": rule.roll_forward,
        "ends_at": rule.ends_at,
    }


def contract_to_toml(contract: Contract) -> str:
    """The contract as TOML text that `contract_from_toml` reads back to an equal contract."""
    import tomli_w

    head: dict[str, Any] = {"id": contract.id}
    for key in ("customer", "vendor"):
        if getattr(contract, key):
            head[key] = getattr(contract, key)
    if contract.valid_from is not None:
        head["valid_from"] = contract.valid_from
    if contract.valid_until is not None:
        head["valid_until"] = contract.valid_until
    if contract.warnings:
        head["warnings"] = list(contract.warnings)
    if contract.reclassify != "original":
        head["reclassify"] = contract.reclassify
    calendars: dict[str, Any] = {}
    for name, cal in contract.calendars:
        table = {"tz": cal.tz, **_calendar_table(cal)}
        if cal.changes:
            table["changes"] = [{"from": d, **_calendar_table(part)} for d, part in cal.changes]
        calendars[name] = table
    data: dict[str, Any] = {"contract": head, "calendars": calendars}
    from servicelevel.sla import DEFAULT_METRICS

    extra = {
        name: {
            "start": list(m.starts) if len(m.starts) > 1 else m.starts[0],
            "stop": m.stop,
            "pausable": m.pausable,
        }
        for name, m in contract.metrics
        if DEFAULT_METRICS.get(name) != m
    }
    if extra:
        data["metrics"] = extra
    levels = []
    for level in contract.levels:
        row: dict[str, Any] = {"key": level.key}
        if level.name:
            row["name"] = level.name
        if level.rank:
            row["rank"] = level.rank
        if level.description:
            row["description"] = level.description
        for metric, target in level.targets:
            t: dict[str, Any] = {"within": format_term(target.within), "calendar": target.calendar}
            if target.regions:
                t["regions"] = {r: format_term(term) for r, term in target.regions}
            if target.rule is not None:
                t["rule"] = _rule_table(target.rule)
            row[metric] = t
        levels.append(row)
    data["levels"] = levels
    if contract.escalation:
        data["escalation"] = [
            {"level": e.level, "after": format_term(e.after), "to": e.to, "calendar": e.calendar}
            for e in contract.escalation
        ]
    if contract.warranty is not None:
        data["warranty"] = _warranty_table(contract)
    if contract.schedules:
        data["schedules"] = [_schedule_table(contract, s) for s in contract.schedules]
    if contract.charges:
        data["charges"] = [
            {"within": format_term(band.within), "cap": f"{(band.cap * 100).normalize():f}%"}
            for band in contract.charges
        ]
    return tomli_w.dumps(data)


def _schedule_table(contract: Contract, s: Any) -> dict[str, Any]:
    table: dict[str, Any] = {"name": s.name, "starts": s.starts}
    table["phases"] = [
        {
            "every": format_term(p.every),
            **({"for": format_term(p.for_)} if p.for_ is not None else {}),
            **({"times": p.times} if p.times != 1 else {}),
        }
        for p in s.phases
    ]
    if s.roll != "none":
        table["roll"] = s.roll
    if s.calendar is not None:
        table["calendar"] = next(n for n, cal in contract.calendars if cal == s.calendar)
    return table


def _warranty_table(contract: Contract) -> dict[str, Any]:
    w = contract.warranty
    assert w is not None
    name = next(n for n, cal in contract.calendars if cal == w.calendar)
    table: dict[str, Any] = {"starts": w.starts, "term": format_term(w.term), "calendar": name}
    if w.extension is not None:
        table["extension"] = format_term(w.extension)
    if w.rule != CIVIL_CODE:
        table["rule"] = _rule_table(w.rule)
    if w.components:
        table["components"] = {c: format_term(t) for c, t in w.components}
    if w.consumables:
        table["consumables"] = sorted(w.consumables)
    if w.consumer:
        table["consumer"] = True
    if w.dates:
        table["dates"] = dict(w.dates)
    if w.causes:
        table["causes"] = [
            {"code": c.code, "en": c.en, "zh": c.zh, "force_majeure": c.force_majeure} for c in w.causes
        ]
    if w.voiding:
        table["voiding"] = [{"code": v.code, "en": v.en, "zh": v.zh} for v in w.voiding]
    return table
