"""The checks of an incident's parts: one event on its own, and the whole history from the report.

`Incident` runs them when it is built (or rebuilt from storage) and each recording method runs
the one-event check; the fold's own checks (an event before the report, a pause in a pause…) are
`_history.check`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pendulum

from servicelevel.errors import IncidentError, ServiceLevelError
from servicelevel.sla._history import LIFECYCLE, Event, Events, Fold, RawEvent, check, check_kind, us

if TYPE_CHECKING:
    from servicelevel.sla._contract import Contract

__all__ = [
    "RawEvents",
    "Trusted",
    "check_event",
    "check_incident",
    "event_kinds",
    "event_of_row",
    "read_instant",
    "to_events",
]


class Trusted:
    """A history already checked by the recording method that built it: `Incident` takes its fold as is."""

    __slots__ = ("fold",)

    def __init__(self, fold: Fold) -> None:
        self.fold = fold


class RawEvents:
    """Events as given to the constructor, before its checks turn them into `Events`."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


def to_events(value: Any) -> Any:
    return value if isinstance(value, Events) else RawEvents(value)


def read_instant(contract: Contract, t: object, where: str) -> pendulum.DateTime:
    try:
        return contract.instant(t)  # type: ignore[arg-type]
    except IncidentError:
        raise
    except ServiceLevelError as exc:
        raise exc.restated(where) from None


_KINDS: dict[int, tuple[Contract, frozenset[str]]] = {}  # id -> (contract, its event kinds)


def event_kinds(contract: Contract) -> frozenset[str]:
    """The event kinds the contract's metrics name, and the lifecycle's (cached per contract)."""
    hit = _KINDS.get(id(contract))
    if hit is not None and hit[0] is contract:
        return hit[1]
    names = set(LIFECYCLE)
    for _, m in contract.metrics.items():
        names.update((*m.starts, *m.stop, *m.cancel))
    names.discard("reported")
    if len(_KINDS) > 64:
        _KINDS.clear()
    _KINDS[id(contract)] = (contract, frozenset(names))
    return frozenset(names)


def check_event(contract: Contract, e: object, where: str) -> Event:
    """An event checked on its own: a kind the contract knows, an instant, the detail it needs
    (``e`` an `Event`, or a `RawEvent` whose instant is read here)."""
    if not isinstance(e, Event | RawEvent):
        raise IncidentError(f"{where}: expected an Event, got {e!r}")
    try:
        kind = check_kind(e.kind)
    except IncidentError as exc:
        if not where.startswith("events"):
            raise
        raise IncidentError(f"{where}.{exc}") from None
    if kind not in event_kinds(contract):
        known = sorted(event_kinds(contract))
        raise IncidentError(
            f"{where}: unknown event kind {kind!r}; the contract's metrics know {', '.join(known)}"
        )
    at = read_instant(contract, e.at, f"{where}.at" if where.startswith("events") else where)
    detail = e.detail
    if kind == "reclassified":
        if not isinstance(detail, str):
            raise IncidentError(f"{where}: level: expected a level key such as 'P1', got {detail!r}")
        try:
            contract.level(detail)
        except ServiceLevelError as exc:
            if not where.startswith("events"):
                raise
            raise exc.restated(f"{where}.detail") from None
    elif kind == "paused":
        if detail is None:
            detail = ""
        if not isinstance(detail, str):
            raise IncidentError(
                f"{where}: reason: expected text such as 'waiting for customer', got {detail!r}"
            )
    elif detail is not None and not isinstance(detail, str):
        raise IncidentError(f"{where}: detail: expected text or None, got {detail!r}")
    return Event(kind, at, detail)


def event_of_row(contract: Contract, row: object, where: str) -> Event | RawEvent:
    """One history row — an Event, (kind, at[, detail]) or a mapping — as an Event, or a RawEvent
    for `check_event` to read."""
    if isinstance(row, Event):
        return row
    if isinstance(row, Mapping):
        extra = set(row) - {"kind", "at", "detail"}
        if extra or "kind" not in row or "at" not in row:
            raise IncidentError(
                f"{where}: expected keys kind, at and optionally detail, "
                f"got {', '.join(sorted(map(str, row)))}"
            )
        return RawEvent(row["kind"], row["at"], row.get("detail"))
    if isinstance(row, tuple | list) and len(row) in (2, 3):
        return RawEvent(row[0], row[1], row[2] if len(row) == 3 else None)
    raise IncidentError(f"{where}: expected an Event, (kind, at) or (kind, at, detail), got {row!r}")


def check_incident(
    contract: Contract, level: str, reported_at: object, region: str | None, out_of_term: bool, given: object
) -> tuple[pendulum.DateTime, bool, Events, Fold]:
    """An incident's parts checked as the recording methods check them: the level and region the
    contract knows, the report instant (and whether it lies outside the term), each event on its
    own, then the history sorted (stable: the given order breaks ties) and folded from the report."""
    contract.level(level)  # UnknownLevelError names the known levels
    contract.check_region(region)
    reported = read_instant(contract, reported_at, "reported_at")
    outside = contract.check_term(reported, out_of_term=out_of_term)
    if not isinstance(given, Iterable) or isinstance(given, str | Mapping):
        raise IncidentError(f"events: expected a sequence of Event, got {given!r}")
    checked = [check_event(contract, e, f"events[{i}]") for i, e in enumerate(given)]
    checked.sort(key=lambda e: us(e.at))
    fold = check(contract, Event("reported", reported), level, checked)
    return reported, outside, Events.of(checked), fold
