"""Metrics: named clocks that a start event starts, stop events stop and cancelling events settle.

The clock starts at the customer's notice ("响应时间从最终用户向公司发出通知开始计算",
domain.md §2), the ``reported`` event, unless a metric names another start. It
stops at the first of its ``stop`` events (a resolved fault was also responded
to and restored), and a ``cancel`` event (by default the resolution) settles a
clock still running: not needed when its due had not passed, breached when it
had (an engineer no longer needed on site after a remote fix).
"""

from __future__ import annotations

import re
from typing import Any

from attrs import Factory, field, frozen

from servicelevel._notebook import Notebook
from servicelevel.errors import ContractError

__all__ = ["DEFAULT_METRICS", "EVENTS", "Metric"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

EVENTS = ("reported", "responded", "arrived", "restored", "resolved", "reported_back")
"""The events every metric may name; contracts may name more (``called_back``)."""


def _name_error(where: str, value: object) -> ContractError:
    return ContractError(
        f"{where}: expected a lower-case name such as 'on_site' or 'called_back', got {value!r}"
    )


def _check_name(_inst: Any, attr: Any, value: Any) -> None:
    if not isinstance(value, str) or not _NAME.match(value):
        raise _name_error(attr.name, value)


def _names(what: str, value: str | tuple[str, ...] | list[str], *, empty: bool = False) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if (
        not isinstance(value, tuple | list)
        or (not value and not empty)
        or not all(isinstance(v, str) for v in value)
    ):
        raise ContractError(f"{what}: expected an event name or a list of them, got {value!r}")
    return tuple(value)


def _to_starts(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return _names("starts", value)


def _to_stop(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return _names("stop", value)


def _to_cancel(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return _names("cancel", value, empty=True)


def _default_cancel(self: Metric) -> tuple[str, ...]:
    """Resolution settles every clock that neither starts nor stops with it."""
    return () if "resolved" in self.starts or "resolved" in self.stop else ("resolved",)


@frozen(kw_only=True)
class Metric(Notebook):
    """A named clock: it runs from the first of ``starts`` until the first of ``stop``.

    ``stop``: the events that stop the clock — met when the first of them came
    by the due instant. ``cancel``: the events that settle a clock still
    running — ``not_applicable`` when its due had not passed, ``breached``
    (the miss frozen at that instant) when it had; by default the resolution,
    for every metric that neither starts nor stops with it. ``pausable``:
    whether a pause of the incident stops this clock (all but ``response`` by
    default: an answer is owed even while waiting for the customer).

    Examples:
        >>> DEFAULT_METRICS["report"].starts
        ('restored', 'resolved')
        >>> DEFAULT_METRICS["response"].stop, DEFAULT_METRICS["on_site"].cancel
        (('responded', 'resolved'), ('resolved',))
        >>> Metric(name="callback", starts="resolved", stop="called_back").cancel
        ()
    """

    name: str = field(validator=_check_name)
    starts: tuple[str, ...] = field(default=("reported",), converter=_to_starts)
    stop: tuple[str, ...] = field(converter=_to_stop)
    cancel: tuple[str, ...] = field(default=Factory(_default_cancel, takes_self=True), converter=_to_cancel)
    pausable: bool = True

    def __attrs_post_init__(self) -> None:
        for what, events in (("starts", self.starts), ("stop", self.stop), ("cancel", self.cancel)):
            for event in events:
                if not _NAME.match(event) or event in ("paused", "resumed", "reclassified", "updated"):
                    raise _name_error(f"metrics.{self.name}.{what}", event)
        for event in self.stop:
            if event in self.starts:
                raise ContractError(f"metrics.{self.name}: stop {event!r} is also a start event")
        for event in self.cancel:
            if event in self.starts or event in self.stop:
                raise ContractError(f"metrics.{self.name}: cancel {event!r} is also a start or stop event")


DEFAULT_METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric(name="response", stop=("responded", "resolved"), pausable=False),
        Metric(name="on_site", stop="arrived"),
        Metric(name="restore", stop=("restored", "resolved")),
        Metric(name="resolution", stop="resolved"),
        # the written report after recovery: from restoration, or resolution if never restored
        Metric(name="report", starts=("restored", "resolved"), stop="reported_back"),
    )
}
"""The metrics every contract knows: response, on_site, restore, resolution, report."""
