"""What changed between two contracts (or two versions of one): `Contract.diff`.

Each contract is read into flat paths — ``levels.P1.response.within``, ``calendars.desk``,
``availability.his.target`` — with each value written as the contract file writes it (terms as
``30m``, shares as ``99.9%``), and the two are compared path by path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
from attrs import frozen

from servicelevel._notebook import Notebook
from servicelevel.sla._warnings import WarningPoint
from servicelevel.terms import format_term

if TYPE_CHECKING:
    from servicelevel.sla._contract import Contract

__all__ = ["Change", "Diff", "diff"]

_HEAD = ("id", "customer", "vendor", "valid_from", "valid_until", "warnings", "reclassify", "reopen",
         "reopen_closed", "regions")  # fmt: skip


@frozen
class Change(Notebook):
    """One difference: the value at ``path`` in the first contract (``old``, None: absent) and in
    the second (``new``, None: absent), as text."""

    path: str
    old: str | None
    new: str | None

    def __str__(self) -> str:
        return f"{self.path}: {self.old if self.old is not None else '(none)'} → " + (
            self.new if self.new is not None else "(none)"
        )


@frozen
class Diff(Notebook):
    """The changes from one contract to another, in the order of the contract file; empty (false)
    when they promise the same."""

    changes: tuple[Change, ...]

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __str__(self) -> str:
        return "\n".join(map(str, self.changes)) if self.changes else "no changes"


def _text(value: Any) -> str:
    if isinstance(value, dt.timedelta) or type(value).__module__.startswith("servicelevel.terms"):
        try:
            return format_term(value)
        except (TypeError, ValueError):
            return repr(value)
    if isinstance(value, WarningPoint):
        return value.label
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    return str(value) if isinstance(value, str | int | float | Decimal) else repr(value)


def _flat(c: Contract) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in _HEAD:
        value = getattr(c, name)
        if value not in (None, "", ()):
            out[f"contract.{name}"] = _text(value)
    for name, cal in c.calendars.items():
        out[f"calendars.{name}"] = repr(cal)
    for name, kind in c.metrics.items():
        out[f"metrics.{name}"] = repr(kind)
    for lv in c.levels:
        for part in ("name", "rank", "description"):
            if getattr(lv, part):
                out[f"levels.{lv.key}.{part}"] = _text(getattr(lv, part))
        for metric, t in lv.targets.items():
            at = f"levels.{lv.key}.{metric}"
            out[f"{at}.within"] = _text(t.within)
            out[f"{at}.calendar"] = t.calendar
            for region, term in t.regions:  # a term, or a region's own clock (RegionTarget)
                own = getattr(term, "within", None)
                out[f"{at}.regions.{region}"] = _text(term if own is None else own)
                for part in ("calendar", "rule"):
                    if getattr(term, part, None) is not None:
                        out[f"{at}.regions.{region}.{part}"] = _text(getattr(term, part))
            for part in ("rule", "goal", "penalty", "warnings"):  # warnings: None follows the contract's
                if getattr(t, part) is not None:
                    out[f"{at}.{part}"] = _text(getattr(t, part))
        if lv.update is not None:  # 每N小时通报进展
            for part in ("every", "calendar", "starts", "stop"):
                out[f"levels.{lv.key}.update.{part}"] = _text(getattr(lv.update, part))
    for i, step in enumerate(c.escalation):
        when = (
            f"after {_text(step.after)}"
            if step.before is None
            else f"{_text(step.before)} before the {step.counts_from} due"
        )
        on = f" ({step.calendar})" if step.calendar else ""
        out[f"escalation[{i}]"] = f"{step.level} {when} to {step.to}{on}"
    for key, service in c.availability_targets.items():
        for f in attrs.fields(type(service)):
            out[f"availability.{key}.{f.name}"] = _text(getattr(service, f.name))
    for name in ("warranty", "charges", "schedules", "workflow", "penalty_terms"):
        value = getattr(c, name)
        if value not in (None, ()):
            out[name] = repr(value)
    for i, a in enumerate(c.amendments):
        out[f"amendments[{i}]"] = a.label
    return out


def diff(a: Contract, b: Contract) -> Diff:
    """See `Contract.diff`."""
    old, new = _flat(a), _flat(b)
    paths = list(old) + [p for p in new if p not in old]
    return Diff(tuple(Change(p, old.get(p), new.get(p)) for p in paths if old.get(p) != new.get(p)))
