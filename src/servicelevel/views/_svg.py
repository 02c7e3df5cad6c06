"""The drawing pieces the SVG views share: a time axis, its ticks, hatched pauses, legends.

The deadline timeline and the incident view both put instants on an `Axis`
(linear in time, with compressed breaks where nothing happens) and label it
with `ticks`; both hatch pauses and end with a `legend`. Everything here
returns SVG text; the views decide where it goes.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from attrs import frozen

from servicelevel.views._html import FONTS, esc, fmt_instant, text_width

__all__ = [
    "BREAK_W",
    "LEFT",
    "RIGHT",
    "WIDTH",
    "Axis",
    "Label",
    "Span",
    "hatch",
    "legend",
    "local_zone",
    "pause_rows",
    "paused_bands",
    "place_labels",
    "quiet_stretches",
    "svg_open",
    "ticks",
    "utc",
]

WIDTH, LEFT, RIGHT = 760, 12, 12  # px: a drawing's width and its margins
BREAK_W = 16  # px for a compressed stretch of an incident's axis
Span = tuple[dt.datetime, dt.datetime]


def utc(t: dt.datetime) -> dt.datetime:
    """A plain UTC datetime (pendulum's arithmetic drops a stdlib tzinfo such as a fixed offset)."""
    return dt.datetime(
        t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond, tzinfo=t.tzinfo, fold=t.fold
    ).astimezone(dt.UTC)


class Axis:
    """Instants ``t0`` to ``t1`` onto x positions ``x0`` to ``x1``, linear but for ``breaks``.

    Each break (a stretch where nothing is open or happens) takes a fixed
    ``BREAK_W`` px; the rest of the width is shared in proportion to time.
    """

    def __init__(
        self, t0: dt.datetime, t1: dt.datetime, x0: float, x1: float, breaks: Sequence[Span] = ()
    ) -> None:
        """Scale the axis: the breaks take their fixed width, time shares the rest."""
        self.t0, self.t1 = utc(t0), utc(t1)
        if self.t1 <= self.t0:
            self.t1 = self.t0 + dt.timedelta(hours=1)
        self.x0, self.x1 = x0, x1
        self.breaks = sorted((utc(a), utc(b)) for a, b in breaks)
        compressed = sum((b - a).total_seconds() for a, b in self.breaks)
        linear = (self.t1 - self.t0).total_seconds() - compressed
        self.scale = (x1 - x0 - BREAK_W * len(self.breaks)) / linear  # px per second
        # Positions are found by bisection over the breaks (an axis over months of nights has
        # hundreds): epoch seconds of each break's ends and the x where each begins.
        self._t0 = self.t0.timestamp()
        self._starts = [a.timestamp() for a, _ in self.breaks]
        self._ends = [b.timestamp() for _, b in self.breaks]
        self._xs: list[float] = []
        x, at = x0, self._t0
        for a, b in zip(self._starts, self._ends, strict=True):
            x += (a - at) * self.scale
            self._xs.append(x)
            x, at = x + BREAK_W, b

    def x(self, t: dt.datetime) -> float:
        """The x of instant ``t`` (clamped to the axis), to 0.01 px."""
        u = min(max(t.timestamp(), self._t0), self.t1.timestamp())
        k = bisect.bisect_left(self._starts, u) - 1  # the last break that begins before u
        if k < 0:
            return round(self.x0 + (u - self._t0) * self.scale, 2)
        a, b = self._starts[k], self._ends[k]
        if u < b:
            return round(self._xs[k] + (u - a) / (b - a) * BREAK_W, 2)
        return round(self._xs[k] + BREAK_W + (u - b) * self.scale, 2)

    def in_break(self, t: dt.datetime) -> bool:
        """Whether ``t`` falls inside a compressed stretch (no tick is drawn there)."""
        u = t.timestamp()
        k = bisect.bisect_left(self._starts, u) - 1
        return k >= 0 and u < self._ends[k]

    def clip(self, a: dt.datetime, b: dt.datetime) -> tuple[float, float] | None:
        """The x positions of ``a`` to ``b`` cut to the axis, or None when they miss it."""
        lo, hi = max(utc(a), self.t0), min(utc(b), self.t1)
        if hi <= lo:
            return None
        return self.x(lo), self.x(hi)

    def days(self, zone: dt.tzinfo) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
        """Local days the axis crosses, with their start and end instants."""
        first = self.t0.astimezone(zone).date()
        last = self.t1.astimezone(zone).date()
        out: list[tuple[dt.date, dt.datetime, dt.datetime]] = []
        day = first
        while day <= last and len(out) < 400:
            a = dt.datetime.combine(day, dt.time(0), zone)
            b = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone)
            out.append((day, a, b))
            day += dt.timedelta(days=1)
        return out


def quiet_stretches(
    busy: Sequence[Span], t0: dt.datetime, t1: dt.datetime, at_least: dt.timedelta = dt.timedelta(hours=4)
) -> list[Span]:
    """Stretches of ``at_least`` (4 hours) or more between ``t0`` and ``t1`` that nothing in ``busy``
    touches: the breaks an `Axis` compresses."""
    t0, t1 = utc(t0), utc(t1)
    out: list[Span] = []
    cursor = t0
    for a, b in sorted(busy):
        if a - cursor >= at_least and a <= t1:
            out.append((cursor, a))
        cursor = max(cursor, b)
        if cursor >= t1:
            break
    if t1 - cursor >= at_least:
        out.append((cursor, t1))
    return [(max(a, t0), min(b, t1)) for a, b in out if min(b, t1) > max(a, t0)]


def local_zone(t: dt.datetime) -> dt.tzinfo:
    """The zone to find local midnights in: the IANA zone of ``t``, or its own tzinfo."""
    name = getattr(t.tzinfo, "name", None) or getattr(t.tzinfo, "key", None)
    try:
        return ZoneInfo(str(name))
    except (ValueError, KeyError):  # a fixed offset such as "+08:00"
        return t.tzinfo or dt.UTC


_STEPS_H = (1, 2, 3, 6, 12)  # hours between ticks, the first that leaves 48 px between labels


def ticks(axis: Axis, zone: dt.tzinfo, y: float, height: float) -> tuple[list[str], int]:
    """Tick lines and their labels below ``y + height``; returns them and the rows of labels used.

    Where an hour is wide enough, hours are ticked and labelled in the first row
    and each day named in a second, at its first instant on the axis (after a
    break, where it resumes); on longer axes midnights are ticked and named in
    one row. Labels never overlap and never pass the drawing's edges: one that
    would is drawn ending at its tick, or left out (its line stays).
    """
    px_hour = axis.scale * 3600
    step_h = next((h for h in _STEPS_H if px_hour * h >= 48), 24)
    days = axis.days(zone)
    day_step = max(1, round(len(days) * 66 / max(axis.x1 - axis.x0, 1))) if step_h == 24 else 1
    lines: list[str] = []
    rows: list[list[tuple[float, str]]] = [[], []]
    for i, (_, a, b) in enumerate(days):
        marks = [(a, True)] + [(a + dt.timedelta(hours=h), False) for h in range(step_h, 24, step_h)]
        for t, midnight in marks:
            if not axis.t0 <= t <= axis.t1 or axis.in_break(t) or (midnight and i % day_step):
                continue
            x = axis.x(t)
            opacity = "0.35" if midnight else "0.15"
            lines.append(
                f"<line class='sl-axis' x1='{x}' y1='{y}' x2='{x}' y2='{y + height}' "
                f"stroke-opacity='{opacity}'/>"
            )
            local = t.astimezone(zone)
            if step_h == 24:
                rows[0].append((x, local.strftime("%a %m-%d")))
            else:
                rows[0].append((x, local.strftime("%H:%M")))
        if step_h < 24:  # the day's name where the day first shows
            first = max(a, axis.t0)
            for ba, bb in axis.breaks:
                if ba <= first < bb:
                    first = bb
            if first < min(b, axis.t1):
                rows[1].append((axis.x(first), first.astimezone(zone).strftime("%a %m-%d")))
    out = list(lines)
    used = 0
    for r, row in enumerate(rows):
        last_right = -1e9
        for x, label in row:
            w = text_width(label)
            left = x + 2 if x + 2 + w <= WIDTH - 2 else x - 2 - w  # the last one ends at its tick
            if left >= last_right + 6 and left >= 2:
                out.append(f"<text x='{round(left, 2)}' y='{y + height + 12 + 13 * r}'>{esc(label)}</text>")
                last_right = left + w
                used = r + 1
    return out, used


@frozen
class Label:
    """A label placed by `place_labels`: drawn start-anchored at ``left`` in row ``row``."""

    left: float
    right: float
    row: int
    text: str


def place_labels(
    labels: Sequence[tuple[float, str]], lo: float, hi: float, size: float = 11, gap: float = 4
) -> list[Label]:
    """Greedy placement of labels anchored at x positions, in rows, so that no two overlap.

    Each label starts 3 px right of its anchor, or ends 3 px left of it when it
    would pass ``hi`` (never left of ``lo``); it takes the first row where it
    clears every label already there by ``gap``. Returns the labels placed, in
    the order given.
    """
    rows: list[list[tuple[float, float]]] = []
    out: list[Label] = []
    for x, text in labels:
        w = text_width(text, size)
        left = x + 3
        if left + w > hi:
            left = max(lo, x - 3 - w)
        right = round(left + w, 2)
        row = next(
            (i for i, boxes in enumerate(rows) if all(right + gap <= a or left >= b + gap for a, b in boxes)),
            len(rows),
        )
        if row == len(rows):
            rows.append([])
        rows[row].append((left, right))
        out.append(Label(round(left, 2), right, row, text))
    return out


def paused_bands(
    axis: Axis,
    spans: Sequence[Span],
    y: float,
    height: float,
    pattern: str,
    reasons: Mapping[dt.datetime, str] | None = None,
) -> list[str]:
    """Pauses as hatched bands (the pattern defined by `hatch`), each with its span, and its reason
    where ``reasons`` (by the pause's start, in UTC) has one, as a tooltip."""
    out = []
    for a, b in spans:
        span = axis.clip(a, b)
        if span is not None:
            why = (reasons or {}).get(utc(a))
            tip = f"paused {fmt_instant(a)} to {fmt_instant(b)}" + (f": {why}" if why else "")
            out.append(
                f"<rect class='sl-paused' x='{span[0]}' y='{y}' width='{round(span[1] - span[0], 2)}' "
                f"height='{height}' fill='url(#{pattern})'><title>{esc(tip)}</title></rect>"
            )
    return out


def pause_rows(events: Iterable[Any], at: dt.datetime) -> list[tuple[dt.datetime, dt.datetime | None, str]]:
    """The pauses of an incident's events up to ``at``: (start, end or None while open, reason), a
    pause ending at the next resumption, resolution or closing, as the clock rule ends it."""
    rows: list[tuple[dt.datetime, dt.datetime | None, str]] = []
    for e in events:
        if utc(e.at) > utc(at):
            break
        if e.kind == "paused":
            rows.append((e.at, None, e.detail or ""))
        elif rows and rows[-1][1] is None and e.kind in ("resumed", "resolved", "closed"):
            rows[-1] = (rows[-1][0], e.at, rows[-1][2])
    return rows


def hatch(pattern: str) -> str:
    """The hatching that marks paused time, defined once per drawing under the id ``pattern``."""
    return (
        f"<defs><pattern id='{pattern}' width='6' height='6' patternUnits='userSpaceOnUse' "
        "patternTransform='rotate(45)'><rect width='6' height='6' fill='rgba(127,127,127,0.15)'/>"
        "<line x1='0' y1='0' x2='0' y2='6' stroke='currentColor' stroke-width='2' stroke-opacity='0.6'/>"
        "</pattern></defs>"
    )


def legend(items: Iterable[str], y: float, x: float = LEFT) -> tuple[list[str], float]:
    """Legend items joined by " · " and flowed into lines that fit the width; (texts, last y)."""
    lines: list[str] = []
    for item in items:
        if lines and text_width(f"{lines[-1]} · {item}") <= WIDTH - x - RIGHT:
            lines[-1] = f"{lines[-1]} · {item}"
        else:
            lines.append(item)
    out = [
        f"<text x='{x}' y='{y + 14 * i}' class='sl-muted'>{esc(line)}</text>" for i, line in enumerate(lines)
    ]
    return out, y + 14 * (len(lines) - 1)


def svg_open(width: float, height: float, label: str) -> str:
    """The opening ``<svg>`` tag: its size, a matching viewBox, and ``label`` for screen readers."""
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' role='img' aria-label='{esc(label)}' font-family='{esc(FONTS)}'>"
    )
