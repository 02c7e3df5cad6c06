"""Metrics: named clocks that a start event starts and a stop event stops.

The clock starts at the customer's notice ("响应时间从最终用户向公司发出通知开始计算",
domain.md §2), the ``reported`` event, unless a metric names another start.
"""

from __future__ import annotations

import re
from typing import Any

from attrs import field, frozen

from servicelevel._lazy import html_view
from servicelevel.errors import ContractError

__all__ = ["DEFAULT_METRICS", "EVENTS", "Metric"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

EVENTS = ("reported", "responded", "arrived", "restored", "resolved", "reported_back")
"""The events every incident knows; contracts may name more (``called_back``)."""


def _name_error(where: str, value: object) -> ContractError:
    return ContractError(
        f"{where}: expected a lower-case name such as 'on_site' or 'called_back', got {value!r}"
    )


def _check_name(_inst: Any, attr: Any, value: Any) -> None:
    if not isinstance(value, str) or not _NAME.match(value):
        raise _name_error(attr.name, value)


def _to_starts(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, tuple | list) or not value or not all(isinstance(v, str) for v in value):
        raise ContractError(f"starts: expected an event name or a list of them, got {value!r}")
    return tuple(value)


@frozen(kw_only=True)
class Metric:
    """A named clock: it runs from the first of ``starts`` that happened until ``stop``.

    ``pausable``: whether a pause of the incident stops this clock (all but
    ``response`` by default: an answer is owed even while waiting for the customer).

    Examples:
        >>> DEFAULT_METRICS["report"].starts
        ('restored', 'resolved')
    """

    name: str = field(validator=_check_name)
    starts: tuple[str, ...] = field(default=("reported",), converter=_to_starts)
    stop: str = field(validator=_check_name)
    pausable: bool = True

    def __attrs_post_init__(self) -> None:
        for event in self.starts:
            if not _NAME.match(event):
                raise _name_error("starts", event)
        if self.stop in self.starts:
            raise ContractError(f"metrics.{self.name}: stop {self.stop!r} is also a start event")

    def _repr_html_(self) -> str:
        """The notebook view (see `servicelevel.views`)."""
        return html_view(self)


DEFAULT_METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric(name="response", stop="responded", pausable=False),
        Metric(name="on_site", stop="arrived"),
        Metric(name="restore", stop="restored"),
        Metric(name="resolution", stop="resolved"),
        # the written report after recovery: from restoration, or resolution if never restored
        Metric(name="report", starts=("restored", "resolved"), stop="reported_back"),
    )
}
"""The metrics every contract knows: response, on_site, restore, resolution, report."""
