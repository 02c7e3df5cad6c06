"""Incidents as JSON types: stored between requests, rebuilt through the same checks; and the
shapes in which the command line prints contracts, deadlines and calendar days with ``--json``.

The shape (version 1)::

    {"servicelevel": "incident/1", "contract": "SC-2026-017", "level": "P1",
     "reported_at": "2026-03-02T10:00:00+08:00", "region": "北京", "out_of_term": false,
     "events": [{"kind": "responded", "at": "2026-03-02T10:20:00+08:00"},
                {"kind": "paused", "at": "…", "detail": "waiting for customer"}]}

``level`` is the level the fault was reported at; reclassifications are
events. Instants carry their offsets, so a DST fold is kept exact.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from servicelevel.errors import IncidentError, ServiceLevelError
from servicelevel.terms import format_share, format_term

if TYPE_CHECKING:
    from servicelevel.calendar import DayInfo
    from servicelevel.sla import Contract, Deadline, Incident, Target, Workflow

__all__ = [
    "contract_json",
    "day_json",
    "deadline_json",
    "incident_from_dict",
    "incident_from_json",
    "incident_to_dict",
    "incident_to_json",
]

FORMAT = "incident/1"
_KEYS = {"servicelevel", "contract", "level", "reported_at", "region", "out_of_term", "events"}


def incident_to_dict(incident: Incident) -> dict[str, Any]:
    """The incident as JSON types only (see the module's docstring for the shape)."""
    events = []
    for e in incident.events:
        row: dict[str, Any] = {"kind": e.kind, "at": e.at.isoformat()}
        if e.detail is not None:
            row["detail"] = e.detail
        events.append(row)
    return {
        "servicelevel": FORMAT,
        "contract": incident.contract.id,
        "level": incident.level0,
        "reported_at": incident.reported_at.isoformat(),
        "region": incident.region,
        "out_of_term": incident.out_of_term,
        "events": events,
    }


def _text(data: Mapping[str, Any], key: str, example: str, *, optional: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise IncidentError(f"{key}: expected text such as {example!r}, got {value!r}")
    return value


def incident_from_dict(contract: Contract, data: Mapping[str, Any]) -> Incident:
    """The incident `incident_to_dict` gave, rebuilt under ``contract`` through the same checks;
    a bad field raises `IncidentError` naming its path (``events[3].at: …``)."""
    from servicelevel.sla import Incident

    if not isinstance(data, Mapping):
        raise IncidentError(f"expected a mapping as incident_to_dict gives, got {type(data).__name__}")
    extra = sorted(set(map(str, data)) - _KEYS)
    if extra:
        raise IncidentError(f"{extra[0]}: unknown field; expected {', '.join(sorted(_KEYS))}")
    fmt = data.get("servicelevel", FORMAT)
    if fmt != FORMAT:
        raise IncidentError(f"servicelevel: expected {FORMAT!r}, got {fmt!r}")
    cid = _text(data, "contract", contract.id)
    if cid != contract.id:
        raise IncidentError(f"contract: the incident is under contract {cid!r}, not {contract.id!r}")
    out_of_term = data.get("out_of_term", False)
    if not isinstance(out_of_term, bool):
        raise IncidentError(f"out_of_term: expected true or false, got {out_of_term!r}")
    raw = data.get("events", [])
    if not isinstance(raw, list):
        raise IncidentError(f"events: expected a list of events, got {raw!r}")
    events = []
    for i, row in enumerate(raw):
        where = f"events[{i}]"
        if not isinstance(row, Mapping):
            raise IncidentError(
                f"{where}: expected a mapping with kind, at and optionally detail, got {row!r}"
            )
        unknown = sorted(set(map(str, row)) - {"kind", "at", "detail"})
        if unknown:
            raise IncidentError(f"{where}.{unknown[0]}: unknown field; expected kind, at, detail")
        for key in ("kind", "at"):
            if not isinstance(row.get(key), str):
                raise IncidentError(f"{where}.{key}: expected text, got {row.get(key)!r}")
        events.append((row["kind"], row["at"], row.get("detail")))
    try:
        return Incident.from_events(
            contract,
            level=_text(data, "level", "P1"),
            reported_at=_text(data, "reported_at", "2026-03-02T10:00:00+08:00"),
            region=_text(data, "region", "北京", optional=True),
            events=events,
            out_of_term=out_of_term,
        )
    except IncidentError:
        raise
    except ServiceLevelError as exc:  # an unknown level, an instant out of range…: one error type
        raise IncidentError(str(exc)) from None


def incident_to_json(incident: Incident) -> str:
    """`incident_to_dict` as JSON text (UTF-8 characters kept as they are)."""
    return json.dumps(incident_to_dict(incident), ensure_ascii=False)


def incident_from_json(contract: Contract, text: str | bytes) -> Incident:
    """The incident `incident_to_json` gave, rebuilt under ``contract`` through the same checks."""
    try:
        data = json.loads(text)
    except (ValueError, TypeError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise IncidentError(f"expected JSON text as incident_to_json gives: {reason}") from None
    return incident_from_dict(contract, data)


# ---------------------------------------------------------------------------- what --json prints
def contract_json(contract: Contract) -> dict[str, Any]:
    """The contract as ``servicelevel check --json`` prints it, in JSON types: its term, levels
    and targets (terms as `format_term` writes them), calendars, warranty and workflow."""
    return {
        "id": contract.id,
        "valid_from": contract.valid_from and contract.valid_from.isoformat(),
        "valid_until": contract.valid_until and contract.valid_until.isoformat(),
        "levels": [
            {
                "key": lv.key,
                "name": lv.name,
                "rank": lv.rank,
                "targets": {
                    m: {
                        "within": format_term(t.within),
                        "calendar": t.calendar,
                        "regions": {r: _region_json(t, r) for r, _ in t.regions},
                        "goal": t.goal,
                        "penalty": None if t.penalty is None else t.penalty.describe(),
                    }
                    for m, t in lv.targets.items()
                },
                "update": None
                if lv.update is None
                else {
                    "every": format_term(lv.update.every),
                    "calendar": lv.update.calendar,
                    "starts": list(lv.update.starts),
                    "stop": list(lv.update.stop),
                },
            }
            for lv in contract.levels
        ],
        "calendars": {
            name: {"tz": cal.tz, "country": cal.country} for name, cal in contract.calendars.items()
        },
        "penalties": None
        if contract.penalty_terms is None
        else {
            "currency": contract.penalty_terms.currency,
            "monthly_fee": None
            if contract.penalty_terms.monthly_fee is None
            else str(contract.penalty_terms.monthly_fee),
            "monthly_cap": None
            if contract.penalty_terms.cap_of_month() is None
            else str(contract.penalty_terms.cap_of_month()),
        },
        "availability": {
            key: {
                "name": a.name,
                "target": format_share(a.target),
                "period": a.period,
                "exclude": list(a.exclude),
                "credits": [
                    {"below": format_share(b.below), "credit": format_share(b.credit)} for b in a.credits
                ],
                "fee": None if a.fee is None else str(a.fee),
            }
            for key, a in contract.availability_targets.items()
        },
        "amendments": [
            {
                "from": a.from_.isoformat(),
                "reason": a.reason,
                "changes": [{"path": c.path, "old": c.old, "new": c.new} for c in before.diff(after)],
            }
            for a, before, after in zip(
                contract.amendments, contract.versions, contract.versions[1:], strict=False
            )
        ],
        "warranty": None if contract.warranty is None else _warranty_json(contract),
        "workflow": None
        if contract.workflow is None
        else {
            "statuses": dict(contract.workflow.statuses),
            "levels": dict(contract.workflow.levels),
            "unknown": contract.workflow.unknown,
            "updates": _updates_json(contract.workflow),
        },
    }


def _updates_json(workflow: Workflow) -> Any:
    """The workflow's update rows as the file writes them: statuses, or a column and its values."""
    if workflow.update_column is None:
        return list(workflow.updates)
    return {"column": workflow.update_column, "values": list(workflow.updates)}


def _region_json(target: Target, region: str) -> Any:
    """A region's term, or its term and own calendar where it has one (``check --json``)."""
    own = target.for_region(region)
    if own.calendar == target.calendar:
        return format_term(own.within)
    return {"within": format_term(own.within), "calendar": own.calendar}


def _warranty_json(contract: Contract) -> dict[str, Any]:
    """The warranty's start, term, extension and last day (None while its start event is undated)."""
    w = contract.warranty
    assert w is not None
    try:
        last: str | None = w.last_day.isoformat()
    except ServiceLevelError:  # its start event is not dated yet
        last = None
    return {
        "starts": w.starts if isinstance(w.starts, str) else w.starts.isoformat(),
        "term": format_term(w.term),
        "extension": None if w.extension is None else format_term(w.extension),
        "last_day": last,
    }


def deadline_json(d: Deadline, explain: bool) -> dict[str, Any]:
    """One deadline as ``servicelevel due --json`` prints it; with ``explain``, the rule, notes,
    days and open windows that put it where it is."""
    out: dict[str, Any] = {
        "due": d.due.isoformat() if d.due else None,
        "term": format_term(d.term),
        "calendar": d.calendar,
    }
    if explain:
        e = d.explain()
        out["explanation"] = {
            "rule": e.rule,
            "notes": list(e.notes),
            "days": [day_json(i) for i in e.days],
            "windows": [[a.isoformat(), b.isoformat()] for a, b in e.windows],
        }
    return out


def day_json(info: DayInfo) -> dict[str, Any]:
    """One calendar day in JSON types: its hours, why (``weekly``, ``holiday``…) and whether it
    is a working day, as ``servicelevel calendar --json`` and explanations print it."""
    return {
        "date": info.date.isoformat(),
        "hours": str(info.hours),
        "reason": info.reason,
        "holiday": info.holiday,
        "working_day": info.working_day,
        "part": info.part,
        "supplied": info.supplied,
    }
