"""Updates every N hours: a repeating promise, its value on a level and the one rule that counts it.

"处理过程中每2小时向用户通报一次进展" — while the fault is being handled the vendor tells the
customer how it goes at least every 2 hours. `UpdateTarget` is that promise on a `FaultLevel`
(``update = { every = "2h", calendar = "hotline" }``): a clock that runs from ``starts`` (by
default the response) to ``stop`` (by default the resolution), business time on its calendar,
pauses excluded, and that every update (`Incident.updated`) resets.

The rule, stated once and applied by `Incident` and the tables alike (``ops``: `SCALAR` or
numpy): the checkpoints are the start, each update and the stop (or the instant asked about
while the clock runs). A silence from one checkpoint to the next owes an update each ``every``
of business time; `update_missed` counts those not given, `update_verdict` turns the count into
a state. Business time is counted from the clock's start with the pauses left out, so a silence
is a difference of two counts (`BusinessCalendar.elapsed`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from servicelevel._notebook import Notebook
from servicelevel.errors import ContractError, InvalidTermError, show
from servicelevel.sla._clocks import NEVER, STATES, Ops
from servicelevel.terms import format_term, parse_term

if TYPE_CHECKING:
    from servicelevel.sla._contract import Contract
    from servicelevel.sla._levels import FaultLevel

__all__ = ["UpdateTarget", "check_update", "to_update", "update_missed", "update_verdict"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SHAPES = "does not shape a clock"  # lifecycle events cannot start or stop the update clock
_RESERVED = ("paused", "resumed", "reclassified", "reopened", "closed", "updated")


def _every(value: Any) -> dt.timedelta:
    """Business time: an update is owed each so much open time, never a period of days."""
    accepted = "expected business time such as '2h' or '2小时' (an update is owed every so much open time)"
    term: Any = value
    if isinstance(value, str):
        try:
            term = parse_term(value)
        except InvalidTermError:
            raise ContractError(f"update.every: {accepted}, got {show(value)}") from None
    if isinstance(term, dt.timedelta) and term > dt.timedelta(0):
        return term
    if isinstance(term, dt.timedelta):
        raise ContractError(f"update.every: longer than zero; {accepted}, got {show(value)}")
    if hasattr(term, "n") and type(term).__module__.startswith("servicelevel.terms"):
        raise ContractError(
            f"update.every: {format_term(term)} is a period of days, which does not repeat in business "
            f"time (write hours such as '8h'); {accepted}, got {show(value)}"
        )
    raise ContractError(f"update.every: {accepted}, got {show(value)}")


def _events(what: str, value: Any) -> tuple[str, ...]:
    names = (value,) if isinstance(value, str) else value
    if (
        not isinstance(names, tuple | list)
        or not names
        or not all(isinstance(v, str) and _NAME.match(v) and v not in _RESERVED for v in names)
    ):
        raise ContractError(
            f"update.{what}: expected an event name such as 'responded' or a list of them "
            f"(not one of {', '.join(_RESERVED)}: they {_SHAPES}), got {show(value)}"
        )
    return tuple(dict.fromkeys(names))


def _starts(value: Any) -> tuple[str, ...]:
    return _events("starts", value)


def _stop(value: Any) -> tuple[str, ...]:
    return _events("stop", value)


def _check_calendar(_inst: Any, _attr: Any, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise ContractError(
            f"update.calendar: expected the name of a calendar of the contract, got {show(value)}"
        )


@frozen(kw_only=True)
class UpdateTarget(Notebook):
    """An update owed to the customer at least every ``every`` of business time on ``calendar``,
    from the first of ``starts`` (by default the response) to the first of ``stop`` (by default
    the resolution); pauses stop the clock, each update resets it.

    Examples:
        >>> u = UpdateTarget(every="2小时", calendar="hotline")
        >>> u.every, u.starts, u.stop
        (datetime.timedelta(seconds=7200), ('responded',), ('resolved',))
        >>> UpdateTarget(every="1个工作日", calendar="hotline")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        servicelevel.errors.ContractError: update.every: 1 working day is a period of days, ...
    """

    every: dt.timedelta = field(converter=_every)
    calendar: str = field(validator=_check_calendar)
    starts: tuple[str, ...] = field(default=("responded",), converter=_starts)
    stop: tuple[str, ...] = field(default=("resolved",), converter=_stop)

    def __attrs_post_init__(self) -> None:
        for event in self.stop:
            if event in self.starts:
                raise ContractError(f"update.stop: {event!r} is also a start event of the update clock")

    def __repr__(self) -> str:
        parts = [f"every={format_term(self.every)!r}", f"calendar={self.calendar!r}"]
        if self.starts != ("responded",):
            parts.append(f"starts={list(self.starts)!r}")
        if self.stop != ("resolved",):
            parts.append(f"stop={list(self.stop)!r}")
        return f"UpdateTarget({', '.join(parts)})"


def to_update(value: Any) -> UpdateTarget | None:
    """An `UpdateTarget`, or its fields as a mapping (``{"every": "2h", "calendar": "hotline"}``)."""
    if value is None or isinstance(value, UpdateTarget):
        return value
    if isinstance(value, Mapping):
        known = {"every", "calendar", "starts", "stop"}
        extra = sorted(set(map(str, value)) - known)
        if extra:
            raise ContractError(
                f"update.{extra[0]}: unknown field; an update takes {', '.join(sorted(known))}"
            )
        if "every" not in value or "calendar" not in value:
            raise ContractError(
                "update: expected every and calendar, e.g. { every = '2h', calendar = 'hotline' }"
            )
        return UpdateTarget(**value)
    raise ContractError(f"update: expected an UpdateTarget or a mapping of its fields, got {show(value)}")


def check_update(contract: Contract, i: int, level: FaultLevel) -> None:
    """A level's update clock can run: its calendar is the contract's, it starts on an event the
    level's own metrics name (or the report) and stops on one the contract's metrics name."""
    update = level.update
    if update is None:
        return
    where = f"levels[{i}].update"
    if not isinstance(update, UpdateTarget):
        raise ContractError(f"{where}: expected an UpdateTarget, got {show(update)}")
    names = [name for name, _ in contract.calendars.items()]
    if update.calendar not in names:
        raise ContractError(
            f"{where}.calendar: unknown calendar {update.calendar!r}; the contract defines {', '.join(names)}"
        )
    own: set[str] = {"reported"}
    for metric in level.targets:
        m = contract.metrics.get(metric)
        if m is not None:
            own.update((*m.starts, *m.stop, *m.cancel))
    for event in update.starts:
        if event not in own:
            raise ContractError(
                f"{where}.starts: level {level.key!r} has no metric with the event {event!r}, so the update "
                f"clock would never start; its metrics name {', '.join(sorted(own))} (give the level a "
                "target that names it, e.g. response for 'responded')"
            )
    known: set[str] = set()
    for _, m in contract.metrics.items():
        known.update((*m.starts, *m.stop, *m.cancel))
    for event in update.stop:
        if event not in known:
            raise ContractError(
                f"{where}.stop: {event!r} is not an event of the contract's metrics; they name "
                f"{', '.join(sorted(known))}"
            )


def update_missed(ops: Ops, *, since: Any, before: Any, every: Any, zero: Any) -> Any:
    """Updates that fell due in one silence and were not given: ``since`` the business time counted
    at the checkpoint that began it, ``before`` the count a microsecond before the checkpoint that
    ends it (the next update, the stop, or the instant asked about), ``every`` the term.

    An update due at ``since + every`` is given in time when the next checkpoint comes by that due
    instant (met means by the due, as for every clock): it is missed when the count just before
    the checkpoint already reached it. A 7 h silence owes updates at 2 h, 4 h and 6 h: 3 missed;
    exactly 2 h misses none; an update given at 18:00 for a due at 17:00, the calendar's closing
    time, is late though no business time passed after 17:00.

    Examples:
        >>> from servicelevel.sla.engine import SCALAR
        >>> h, z = dt.timedelta(hours=1), dt.timedelta(0)
        >>> us = dt.timedelta(microseconds=1)
        >>> update_missed(SCALAR, since=z, before=7 * h - us, every=2 * h, zero=z)
        3
        >>> update_missed(SCALAR, since=z, before=2 * h - us, every=2 * h, zero=z)
        0
        >>> update_missed(SCALAR, since=z, before=2 * h, every=2 * h, zero=z)  # the calendar had closed
        1
    """
    return ops.maximum(before - since, zero) // every


def update_verdict(
    ops: Ops, *, start: Any, stop: Any, at: Any, missed: Any, paused: Any, names: Sequence[Any] = STATES
) -> Any:
    """The state of an update clock at ``at`` (epoch µs; `NEVER`: not happened), from its start, its
    first stop event and the updates ``missed`` so far.

    ``not_applicable`` when the stop came at or before the start (nothing was owed), ``pending``
    before the start, ``breached`` once an update was missed (and for good: a later update does
    not mend it), ``met`` when stopped with none missed, else ``paused`` or ``running``.

    Examples:
        >>> from servicelevel.sla.engine import SCALAR
        >>> update_verdict(SCALAR, start=10, stop=50, at=60, missed=0, paused=False)
        'met'
        >>> update_verdict(SCALAR, start=10, stop=NEVER, at=60, missed=1, paused=True)
        'breached'
    """
    met, breached, running, paused_, pending, not_applicable = names
    stopped = stop <= at
    return ops.where(
        stopped & (stop <= start),
        not_applicable,
        ops.where(
            (start >= NEVER) | (start > at),
            pending,
            ops.where(missed > 0, breached, ops.where(stopped, met, ops.where(paused, paused_, running))),
        ),
    )
