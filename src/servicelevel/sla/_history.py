"""An incident's history: events kept in instant order, and the checks of an impossible one.

Events are kept sorted by (instant, order of recording), whatever order they
were recorded in; instants are compared as epoch µs integers, never as
same-zone datetimes (which compare by wall clock, so a DST fold reverses
them, PEP 495). `check` folds a sorted history from the report on and raises
`IncidentError` naming both events of the first impossibility; `Fold` is the
state after a prefix, so an event recorded last is checked in constant time.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, overload

import pendulum
from attrs import field, frozen

from servicelevel._notebook import Notebook
from servicelevel.errors import IncidentError, InvalidInstantError

if TYPE_CHECKING:
    from servicelevel.sla._contract import Contract

__all__ = [
    "LIFECYCLE",
    "Event",
    "Events",
    "Fold",
    "RawEvent",
    "check",
    "check_kind",
    "EPOCH",
    "from_us",
    "prerequisites",
    "us",
]

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_US = dt.timedelta(microseconds=1)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

LIFECYCLE = frozenset({"paused", "resumed", "reclassified", "reopened", "closed", "updated"})
"""Events that shape the clocks rather than stop them; each has its own method."""


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def from_us(u: int) -> dt.datetime:
    """The UTC instant of epoch µs ``u`` (the inverse of `us`)."""
    return EPOCH + dt.timedelta(microseconds=u)


def us(t: dt.datetime) -> int:
    """Epoch µs of an aware datetime: the instant, whatever its zone or fold (by its fields and
    UTC offset: pendulum's own subtraction returns intervals)."""
    offset = t.utcoffset()
    if offset is None:
        raise IncidentError(f"at: expected an aware datetime, got the naive {t!r}")
    seconds = (t.toordinal() - _EPOCH_ORDINAL) * 86_400 + t.hour * 3600 + t.minute * 60 + t.second
    return seconds * 1_000_000 + t.microsecond - offset // _US


def _at_key(t: dt.datetime) -> int:
    return us(t)


def _check_aware(_inst: Any, _attr: Any, value: Any) -> None:
    """An `Event` holds an instant: an aware datetime, never text (text has no zone of its own)."""
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise InvalidInstantError(
            f"at: an Event holds an aware datetime, got {value!r}; give text instants to the "
            "recording methods (inc.resolved('2026-03-02T11:00')) or as rows (kind, at) to "
            "Incident.from_events, which read them in the contract's zone"
        )


@frozen
class Event(Notebook):
    """One thing that happened: ``kind`` at ``at`` (a pause's reason or a new level in ``detail``).

    Two events are equal when kind, instant and detail are: ``at`` compares as
    an instant, so 02:30+01:00 and 02:30+02:00 in a Berlin fold differ.
    """

    kind: str
    at: pendulum.DateTime = field(eq=_at_key, validator=_check_aware)
    detail: str | None = None


class RawEvent(NamedTuple):
    """An event as given — its instant not read yet (text, or a datetime in any zone); `check_event`
    reads it in the contract's zone and makes the `Event`."""

    kind: str
    at: object
    detail: str | None = None


class Events(Sequence[Event]):
    """An incident's events in instant order: a read-only sequence, equal to a tuple of the same
    events.

    Recording an event at the end shares the underlying list with the incident it came from
    (an incident sees only its own first ``len`` events), so recording n events costs O(n), not
    O(n²); an incident that branches off an older one copies once.
    """

    __slots__ = ("_items", "_n", "_stamps")

    def __init__(self, items: list[Event], stamps: list[int], n: int) -> None:
        self._items, self._stamps, self._n = items, stamps, n

    @classmethod
    def of(cls, events: Sequence[Event]) -> Events:
        """Events already checked and sorted."""
        items = list(events)
        return cls(items, [us(e.at) for e in items], len(items))

    def __len__(self) -> int:
        return self._n

    def first(self, kind: str, when: int) -> pendulum.DateTime | None:
        """When the first event ``kind`` happened by epoch µs ``when``, or None."""
        for e, u in self.pairs():
            if u > when:
                break
            if e.kind == kind:
                return e.at
        return None

    def moved(self, i: int, new: Event) -> tuple[Event, ...]:
        """The events with the ``i``-th replaced by ``new``, in instant order (after equal ones)."""
        rest = (*self[:i], *self[i + 1 :])
        j = bisect.bisect_right([us(e.at) for e in rest], us(new.at))
        return (*rest[:j], new, *rest[j:])

    def index_of(self, event: object) -> int:
        """Where ``event`` stands: the very event passed (one of these), else the first equal one;
        an `IncidentError` naming it when it is not in the history."""
        if not isinstance(event, Event):
            raise IncidentError(f"event: expected an Event from incident.events, got {event!r}")
        for i in range(self._n):
            if self._items[i] is event:
                return i
        for i in range(self._n):
            if self._items[i] == event:
                return i
        raise IncidentError(f"event: {event.kind} at {event.at.isoformat()} is not in the incident's history")

    @overload
    def __getitem__(self, i: int) -> Event: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Event, ...]: ...
    def __getitem__(self, i: int | slice) -> Event | tuple[Event, ...]:
        r = range(self._n)[i]
        if isinstance(r, range):
            return (
                tuple(self._items[r.start : r.stop : r.step])
                if r.step > 0
                else tuple(self._items[j] for j in r)
            )
        return self._items[r]

    def __iter__(self) -> Iterator[Event]:
        return itertools.islice(self._items, self._n)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Events):
            return self._n == other._n and all(a == b for a, b in zip(self, other, strict=True))
        if isinstance(other, tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def pairs(self, n: int | None = None) -> Iterator[tuple[Event, int]]:
        """The first ``n`` events (all, when None) with their epoch µs."""
        k = self._n if n is None else min(n, self._n)
        return zip(itertools.islice(self._items, k), itertools.islice(self._stamps, k), strict=True)

    def stamps(self, n: int | None = None) -> list[int]:
        """The epoch µs of the first ``n`` events (all, when None)."""
        return self._stamps[: self._n if n is None else min(n, self._n)]

    def stamp(self, i: int) -> int:
        return self._stamps[range(self._n)[i]]

    def bisect(self, u: int) -> int:
        """How many events happened at or before ``u``."""
        return bisect.bisect_right(self._stamps, u, 0, self._n)

    def appended(self, e: Event, u: int) -> Events:
        """These events and ``e`` (at ``u``, not before the last)."""
        with _LOCK:  # two incidents recording onto one shared list: the second copies
            if len(self._items) == self._n:
                self._items.append(e)
                self._stamps.append(u)
                return Events(self._items, self._stamps, self._n + 1)
        return Events([*self._items[: self._n], e], [*self._stamps[: self._n], u], self._n + 1)


_LOCK = threading.Lock()


def _name(e: Event) -> str:
    return f"{e.kind} at {e.at.isoformat()}"


class Fold:
    """The state of a history after a prefix of it: what the next event is checked against."""

    __slots__ = ("closed", "cycle", "level", "opened", "paused", "reported", "resolved", "rules", "seen")

    def __init__(self, reported: Event, level: str, rules: dict[str, tuple[str, ...]]) -> None:
        self.rules = rules  # `prerequisites` of the contract, computed once per history
        self.cycle = 0
        self.opened = reported  # the report, or the reopening that began this cycle
        self.paused: Event | None = None
        self.resolved: Event | None = None
        self.closed: Event | None = None
        self.seen: dict[str, Event] = {}  # stop events of this cycle, by kind
        self.level = level
        self.reported = reported

    def copy(self) -> Fold:
        other = Fold(self.reported, self.level, self.rules)
        other.cycle, other.opened, other.paused = self.cycle, self.opened, self.paused
        other.resolved, other.closed, other.seen = self.resolved, self.closed, dict(self.seen)
        return other

    def _since(self) -> str:
        return f"since it was {'reopened' if self.cycle else 'reported'} ({_name(self.opened)})"

    def step(self, contract: Contract, e: Event, ahead: Callable[[], Iterable[Event]] = tuple) -> None:
        """Apply ``e`` or raise `IncidentError` naming it and the event it conflicts with (among the
        events ``ahead()`` of it, read only when the conflict is with a later one)."""
        kind = e.kind
        if us(e.at) < us(self.reported.at):
            raise IncidentError(f"{_name(e)}: before the fault was reported ({_name(self.reported)})")
        if self.closed is not None and kind != "reopened":
            raise IncidentError(
                f"{_name(e)}: the incident was closed ({_name(self.closed)}); nothing may follow "
                "but a reopening"
            )
        if kind == "paused":
            if self.paused is not None:
                raise IncidentError(f"{_name(e)}: already paused ({_name(self.paused)}); resume it first")
            if self.resolved is not None:
                raise IncidentError(
                    f"{_name(e)}: the incident is resolved ({_name(self.resolved)}); nothing is left to pause"
                )
            self.paused = e
        elif kind == "resumed":
            if self.paused is None:
                why = (
                    f"the resolution ({_name(self.resolved)}) ended any pause"
                    if self.resolved is not None
                    else f"no pause is open {self._since()}"
                )
                raise IncidentError(f"{_name(e)}: the incident is not paused; {why}")
            self.paused = None
        elif kind == "reclassified":
            if e.detail == self.level:
                raise IncidentError(f"{_name(e)}: the incident is already of level {e.detail!r}")
            if self.resolved is not None:
                raise IncidentError(
                    f"{_name(e)}: the incident is resolved ({_name(self.resolved)}); "
                    "reopen it to grade it anew"
                )
            assert e.detail is not None
            self.level = e.detail
        elif kind == "reopened":
            if self.resolved is None:
                raise IncidentError(f"{_name(e)}: the incident is not resolved {self._since()}")
            if self.closed is not None and not contract.reopen_closed:
                raise IncidentError(
                    f"{_name(e)}: the incident was closed ({_name(self.closed)}) and the contract does "
                    "not allow reopening closed tickets (reopen_closed = true in [contract])"
                )
            self.cycle += 1
            self.opened, self.paused, self.resolved, self.closed, self.seen = e, None, None, None, {}
        elif kind == "updated":
            pass  # an update to the customer may come any number of times (sla/_update_status)
        elif kind == "closed":
            if self.resolved is None:
                raise IncidentError(
                    f"{_name(e)}: the incident is not resolved {self._since()}; record the resolution first"
                )
            self.closed = e
        else:
            earlier = self.seen.get(kind)
            if earlier is not None:
                again = "; reopen it first" if kind == "resolved" else ""
                raise IncidentError(f"{_name(e)}: already recorded in this cycle ({_name(earlier)}){again}")
            if kind == "restored" and self.resolved is not None and us(e.at) > us(self.resolved.at):
                raise IncidentError(
                    f"{_name(e)}: the incident was resolved ({_name(self.resolved)}); a restoration "
                    "after the resolution needs a reopening first"
                )
            starts = self.rules.get(kind)
            if starts and not any(s in self.seen for s in starts):
                later = next((x for x in ahead() if x.kind in starts), None)
                after = f"; {_name(later)} comes after it" if later is not None else ""
                need = ", ".join(starts)
                raise IncidentError(
                    f"{_name(e)}: needs one of {need} first; none happened {self._since()}{after}"
                )
            self.seen[kind] = e
            if kind == "resolved":
                self.resolved, self.paused = e, None  # resolution ends an open pause


def prerequisites(contract: Contract) -> dict[str, tuple[str, ...]]:
    """Events that only stop clocks started by other events (the report after recovery needs a
    restoration or resolution first): event -> the start events one of which must come first."""
    from_report: set[str] = set()
    for _, m in contract.metrics.items():
        if "reported" in m.starts:
            from_report.update(m.stop)
    out: dict[str, tuple[str, ...]] = {}
    for _, m in contract.metrics.items():
        if "reported" in m.starts:
            continue
        for kind in m.stop:
            if kind not in from_report and all(kind not in o.starts for _, o in contract.metrics.items()):
                out[kind] = tuple(dict.fromkeys((*out.get(kind, ()), *m.starts)))
    return out


def check(contract: Contract, reported: Event, level: str, events: Sequence[Event]) -> Fold:
    """The state after ``events`` (sorted), or `IncidentError` for the first impossible one."""
    fold = Fold(reported, level, prerequisites(contract))
    for i, e in enumerate(events):
        fold.step(contract, e, functools.partial(itertools.islice, events, i + 1, None))
    return fold


def check_kind(kind: object) -> str:
    """An event name such as ``called_back``, or `IncidentError`."""
    if not isinstance(kind, str) or not _NAME.match(kind) or kind == "reported":
        raise IncidentError(f"kind: expected an event name such as 'resolved' or 'called_back', got {kind!r}")
    return kind
