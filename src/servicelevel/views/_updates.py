"""The update promise drawn on an incident's view: a tick where the customer was told, a dashed
line where the next update falls due, and a table of its state (`Incident.updates`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from servicelevel.terms import format_term
from servicelevel.views._html import esc, fmt_duration, fmt_instant, table
from servicelevel.views._svg import Axis, utc

if TYPE_CHECKING:
    from servicelevel.sla import Incident

__all__ = ["Placed", "with_updates"]

_TOLD = "#2e7d32"  # green: an update given


class Placed(Protocol):
    """What the incident view's layout says of where things go."""

    @property
    def at(self) -> dt.datetime: ...
    @property
    def axis(self) -> Axis: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...


def with_updates(inc: Incident, lay: Placed, svg: str, tables: Sequence[str]) -> list[str]:
    """The drawing with the update ticks (across the lanes, from ``lay.top`` to ``lay.bottom``),
    then the tables with the update promise's own; as given when the level in force at ``lay.at``
    promises no updates."""
    at, axis, top, bottom = lay.at, lay.axis, lay.top, lay.bottom
    told = inc.updates(at)
    if told is None:
        return [svg, *tables]
    items = []
    for e in inc.events:
        if e.kind != "updated" or utc(e.at) > utc(at) or utc(e.at) < axis.t0:
            continue
        x = axis.x(e.at)
        note = f" ({e.detail})" if e.detail else ""
        items.append(
            f"<line class='sl-update' x1='{x}' y1='{top - 6}' x2='{x}' y2='{bottom}' stroke='{_TOLD}' "
            f"stroke-width='1.5' data-at='{esc(e.at.isoformat())}'>"
            f"<title>{esc(f'customer told {fmt_instant(e.at)}{note}')}</title></line>"
        )
    if told.due is not None and utc(told.due) <= axis.t1:
        x = axis.x(told.due)
        items.append(
            f"<line class='sl-update-due' x1='{x}' y1='{top - 6}' x2='{x}' y2='{bottom}' stroke='{_TOLD}' "
            f"stroke-dasharray='2 3' data-at='{esc(told.due.isoformat())}'>"
            f"<title>{esc(f'next update due {fmt_instant(told.due)}')}</title></line>"
        )
    drawn = svg.replace("</svg>", "".join(items) + "</svg>", 1) if svg.endswith("</svg>") else svg
    row = [esc(told.state), esc(fmt_instant(told.last)), esc(fmt_instant(told.due)), str(told.given),
           str(told.missed), esc(fmt_duration(told.longest))]  # fmt: skip
    caption = f"updates to the customer every {format_term(told.every)} ({told.calendar}); green ticks"
    header = ["state", "last (start or update)", "next due", "given", "missed", "longest silence"]
    return [drawn, *tables, table(caption, header, [row], [f"sl-{told.state}"])]
