"""Writing a contract as TOML (tomli-w) that the reader turns back into an equal contract."""

from __future__ import annotations

from typing import Any

from servicelevel.calendar import BusinessCalendar
from servicelevel.io._money import availability_tables, penalty_table
from servicelevel.sla import Contract, Escalation, RegionTarget
from servicelevel.terms import CIVIL_CODE, INCLUSIVE, CountingRule, format_share, format_term

__all__ = ["contract_to_toml"]

_DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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


def _region_entry(entry: Any) -> str | dict[str, Any]:
    """A region's term, or its table: ``{ within = "4h", calendar = "xinjiang" }``."""
    if not isinstance(entry, RegionTarget):
        return format_term(entry)
    table: dict[str, Any] = {"within": format_term(entry.within)}
    if entry.calendar is not None:
        table["calendar"] = entry.calendar
    if entry.rule is not None:
        table["rule"] = _rule_table(entry.rule)
    return table


def _escalation_table(e: Escalation) -> dict[str, Any]:
    row: dict[str, Any] = {"level": e.level}
    if e.after is not None:
        row["after"] = format_term(e.after)
    if e.before is not None:
        row["before"] = format_term(e.before)
    if e.metric is not None:
        row["metric"] = e.metric
    row["to"] = e.to
    if e.calendar:
        row["calendar"] = e.calendar
    return row


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
        head["warnings"] = [p.written for p in contract.warnings]
    if contract.reclassify != "original":
        head["reclassify"] = contract.reclassify
    if contract.reopen != "resume":
        head["reopen"] = contract.reopen
    if contract.reopen_closed:
        head["reopen_closed"] = True
    if contract.regions:
        head["regions"] = list(contract.regions)
    calendars: dict[str, Any] = {}
    for name, cal in contract.calendars.items():
        table = {"tz": cal.tz, **_calendar_table(cal)}
        if cal.changes:
            table["changes"] = [{"from": d, **_calendar_table(part)} for d, part in cal.changes]
        calendars[name] = table
    data: dict[str, Any] = {"contract": head, "calendars": calendars}
    from servicelevel.sla import DEFAULT_METRICS, Metric

    extra = {}
    for name, m in contract.metrics.items():
        if DEFAULT_METRICS.get(name) == m:
            continue
        spec: dict[str, Any] = {
            "start": list(m.starts) if len(m.starts) > 1 else m.starts[0],
            "stop": list(m.stop) if len(m.stop) > 1 else m.stop[0],
            "pausable": m.pausable,
        }
        if Metric(name=name, starts=m.starts, stop=m.stop).cancel != m.cancel:
            spec["cancel"] = list(m.cancel)
        extra[name] = spec
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
        for metric, target in level.targets.items():
            t: dict[str, Any] = {"within": format_term(target.within), "calendar": target.calendar}
            if target.regions:
                t["regions"] = {r: _region_entry(entry) for r, entry in target.regions}
            if target.rule is not None:
                t["rule"] = _rule_table(target.rule)
            if target.goal is not None:
                t["goal"] = target.goal
            if target.penalty is not None:
                t["penalty"] = penalty_table(target.penalty)
            if target.warnings is not None:
                t["warnings"] = [p.written for p in target.warnings]
            row[metric] = t
        if level.update is not None:
            u = level.update
            up: dict[str, Any] = {"every": format_term(u.every), "calendar": u.calendar}
            if u.starts != ("responded",):
                up["starts"] = list(u.starts)
            if u.stop != ("resolved",):
                up["stop"] = list(u.stop)
            row["update"] = up
        levels.append(row)
    data["levels"] = levels
    if contract.escalation:
        data["escalation"] = [_escalation_table(e) for e in contract.escalation]
    if contract.warranty is not None:
        data["warranty"] = _warranty_table(contract)
    if contract.schedules:
        data["schedules"] = [_schedule_table(contract, s) for s in contract.schedules]
    if contract.workflow is not None:
        wf = contract.workflow
        flow: dict[str, Any] = {"statuses": dict(wf.statuses)}
        if wf.levels:
            flow["levels"] = dict(wf.levels)
        if wf.unknown is not None:
            flow["unknown"] = wf.unknown
        if wf.update_column is not None:
            flow["updates"] = {"column": wf.update_column, "values": list(wf.updates)}
        elif wf.updates:
            flow["updates"] = list(wf.updates)
        data["workflow"] = flow
    if contract.penalty_terms is not None:
        terms = contract.penalty_terms
        money = {
            "currency": terms.currency,
            "monthly_fee": terms.monthly_fee,
            "monthly_cap": terms.monthly_cap,
        }
        data["penalties"] = {k: str(v) for k, v in money.items() if v is not None}
    if contract.charges:
        data["charges"] = [
            {"within": format_term(band.within), "cap": format_share(band.cap)} for band in contract.charges
        ]
    if contract.availability_targets:
        data["availability"] = availability_tables(contract)
    if contract.amendments:
        data["amendments"] = _amendment_tables(contract)
    return tomli_w.dumps(data)


def _amendment_tables(contract: Contract) -> list[dict[str, Any]]:
    """``[[amendments]]``: each amendment's replacements, written as the version it makes."""
    out = []
    for a, version in zip(contract.amendments, contract.versions[1:], strict=True):
        table: dict[str, Any] = {"from": a.from_}
        if a.reason:
            table["reason"] = a.reason
        if a.levels:
            import tomllib  # the version's targets as the writer above writes them: one writer

            written = {row["key"]: row for row in tomllib.loads(contract_to_toml(version))["levels"]}
            table["levels"] = [
                {"key": key, **{m: written[key][m] for m in targets}} for key, targets in a.levels.items()
            ]
        if a.calendars:
            table["calendars"] = {n: _calendar_file_table(cal) for n, cal in a.calendars.items()}
        if a.availability_targets:
            services = availability_tables(version)
            table["availability"] = {n: services[n] for n in a.availability_targets}
        out.append(table)
    return out


def _calendar_file_table(cal: BusinessCalendar) -> dict[str, Any]:
    table = {"tz": cal.tz, **_calendar_table(cal)}
    if cal.changes:
        table["changes"] = [{"from": d, **_calendar_table(part)} for d, part in cal.changes]
    return table


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
        table["calendar"] = next(n for n, cal in contract.calendars.items() if cal == s.calendar)
    return table


def _warranty_table(contract: Contract) -> dict[str, Any]:
    w = contract.warranty
    assert w is not None
    name = next(n for n, cal in contract.calendars.items() if cal == w.calendar)
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
