"""Deadlines and incidents drawn on a time axis (inline SVG), with their explanation as a table.

The SVG marks what the tests read back: the due instant is a ``<line
class="sl-due" data-due="…">`` holding `Deadline.due` in ISO 8601, lanes
carry ``data-metric`` and ``data-state``, compressed stretches of an incident's
axis ``data-from``/``data-to``, reclassifications and reopenings ``data-kind``
and ``data-at``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from attrs import frozen

from servicelevel.views._html import (
    esc,
    fit_text,
    fmt_duration,
    fmt_instant,
    fragment,
    place_labels,
    table,
    text_width,
    unique_id,
)

if TYPE_CHECKING:
    from servicelevel.sla import Deadline, Explanation, Incident

__all__ = ["IncidentView", "deadline_html", "deadline_svg", "explanation_html"]

_W, _LEFT, _RIGHT = 760, 12, 12
_BREAK_W = 16  # px for a compressed stretch of an incident's axis
Span = tuple[dt.datetime, dt.datetime]


def _utc(t: dt.datetime) -> dt.datetime:
    """A plain UTC datetime (pendulum's arithmetic drops a stdlib tzinfo such as a fixed offset)."""
    return dt.datetime(
        t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond, tzinfo=t.tzinfo, fold=t.fold
    ).astimezone(dt.UTC)


class _Axis:
    """Instants ``t0`` to ``t1`` onto x positions ``x0`` to ``x1``, linear but for ``breaks``.

    Each break (a stretch where nothing is open or happens) takes a fixed
    ``_BREAK_W`` px; the rest of the width is shared in proportion to time.
    """

    def __init__(
        self, t0: dt.datetime, t1: dt.datetime, x0: float, x1: float, breaks: Sequence[Span] = ()
    ) -> None:
        self.t0, self.t1 = _utc(t0), _utc(t1)
        if self.t1 <= self.t0:
            self.t1 = self.t0 + dt.timedelta(hours=1)
        self.x0, self.x1 = x0, x1
        self.breaks = sorted((_utc(a), _utc(b)) for a, b in breaks)
        compressed = sum((b - a).total_seconds() for a, b in self.breaks)
        linear = (self.t1 - self.t0).total_seconds() - compressed
        self.scale = (x1 - x0 - _BREAK_W * len(self.breaks)) / linear  # px per second
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
            x, at = x + _BREAK_W, b

    def x(self, t: dt.datetime) -> float:
        u = min(max(t.timestamp(), self._t0), self.t1.timestamp())
        k = bisect.bisect_left(self._starts, u) - 1  # the last break that begins before u
        if k < 0:
            return round(self.x0 + (u - self._t0) * self.scale, 2)
        a, b = self._starts[k], self._ends[k]
        if u < b:
            return round(self._xs[k] + (u - a) / (b - a) * _BREAK_W, 2)
        return round(self._xs[k] + _BREAK_W + (u - b) * self.scale, 2)

    def in_break(self, t: dt.datetime) -> bool:
        u = t.timestamp()
        k = bisect.bisect_left(self._starts, u) - 1
        return k >= 0 and u < self._ends[k]

    def clip(self, a: dt.datetime, b: dt.datetime) -> tuple[float, float] | None:
        lo, hi = max(_utc(a), self.t0), min(_utc(b), self.t1)
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


def _padded(t0: dt.datetime, t1: dt.datetime) -> Span:
    """``t0`` to ``t1`` with 3 % of the span before and 6 % after (room for the due mark)."""
    t0, t1 = _utc(t0), _utc(t1)
    span = (t1 - t0).total_seconds() or 3600.0
    return t0 - dt.timedelta(seconds=span * 0.03), t1 + dt.timedelta(seconds=span * 0.06)


def _zone(t: dt.datetime) -> dt.tzinfo:
    """The zone to find local midnights in: the IANA zone of ``t``, or its own tzinfo."""
    name = getattr(t.tzinfo, "name", None) or getattr(t.tzinfo, "key", None)
    try:
        return ZoneInfo(str(name))
    except (ValueError, KeyError):  # a fixed offset such as "+08:00"
        return t.tzinfo or dt.UTC


_STEPS_H = (1, 2, 3, 6, 12)


def _ticks(axis: _Axis, zone: dt.tzinfo, y: float, height: float) -> tuple[list[str], int]:
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
            left = x + 2 if x + 2 + w <= _W - 2 else x - 2 - w  # the last one ends at its tick
            if left >= last_right + 6 and left >= 2:
                out.append(f"<text x='{round(left, 2)}' y='{y + height + 12 + 13 * r}'>{esc(label)}</text>")
                last_right = left + w
                used = r + 1
    return out, used


def _runs(exp: Explanation, axis: _Axis, zone: dt.tzinfo) -> list[tuple[str, str, dt.datetime, dt.datetime]]:
    """Runs of consecutive closed days: (css class, label, start, end). Consecutive holidays make one
    run labelled with their names in order (the band's colour and tooltip say they are holidays)."""
    by_day = {info.date: info for info in exp.days}
    runs: list[tuple[str, str, dt.datetime, dt.datetime]] = []
    for day, a, b in axis.days(zone):
        info = by_day.get(day)
        if info is None or info.hours.spans:
            continue
        cls = "sl-hol" if info.reason == "holiday" else "sl-shut"
        label = str(info.holiday) if info.reason == "holiday" else "closed"
        if runs and runs[-1][0] == cls and runs[-1][3] == a:
            names = runs[-1][1].split(" · ")
            merged = runs[-1][1] if label in names else f"{runs[-1][1]} · {label}"
            runs[-1] = (cls, merged, runs[-1][2], b)
        else:
            runs.append((cls, label, a, b))
    return runs


def _paused(axis: _Axis, spans: Sequence[Span], y: float, height: float, pattern: str) -> list[str]:
    """Pauses as hatched bands (the pattern defined by `_hatch`), each with its span as a tooltip."""
    out = []
    for a, b in spans:
        span = axis.clip(a, b)
        if span is not None:
            out.append(
                f"<rect class='sl-paused' x='{span[0]}' y='{y}' width='{round(span[1] - span[0], 2)}' "
                f"height='{height}' fill='url(#{pattern})'>"
                f"<title>{esc(f'paused {fmt_instant(a)} to {fmt_instant(b)}')}</title></rect>"
            )
    return out


def _hatch(pattern: str) -> str:
    return (
        f"<defs><pattern id='{pattern}' width='6' height='6' patternUnits='userSpaceOnUse' "
        "patternTransform='rotate(45)'><rect width='6' height='6' fill='rgba(127,127,127,0.15)'/>"
        "<line x1='0' y1='0' x2='0' y2='6' stroke='currentColor' stroke-width='2' stroke-opacity='0.6'/>"
        "</pattern></defs>"
    )


def _legend(items: Iterable[str], y: float, x: float = _LEFT) -> tuple[list[str], float]:
    """Legend items joined by " · " and flowed into lines that fit the width; (texts, last y)."""
    lines: list[str] = []
    for item in items:
        if lines and text_width(f"{lines[-1]} · {item}") <= _W - x - _RIGHT:
            lines[-1] = f"{lines[-1]} · {item}"
        else:
            lines.append(item)
    out = [
        f"<text x='{x}' y='{y + 14 * i}' class='sl-muted'>{esc(line)}</text>" for i, line in enumerate(lines)
    ]
    return out, y + 14 * (len(lines) - 1)


def _svg_open(width: float, height: float, label: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' role='img' aria-label='{esc(label)}'>"
    )


def deadline_svg(exp: Explanation) -> str:
    """The timeline of one deadline: the open time the term counts shaded, open time it leaves out
    (the start day of a period counted in days) outlined, rest days and holidays labelled, pauses
    hatched, the due instant marked."""
    if exp.start is None or exp.due is None:
        return ""
    axis = _Axis(*_padded(exp.start, exp.due), _LEFT, _W - _RIGHT)
    zone = _zone(exp.start)
    pattern = unique_id("pause")
    top, band = 40, 46
    body: list[str] = [
        f"<title>{esc(f'{exp.metric}: {exp.term}, due {fmt_instant(exp.due)}')}</title>",
        _hatch(pattern),
    ]
    for cls, label, a, b in _runs(exp, axis, zone):
        span = axis.clip(a, b)
        if span is None:
            continue
        width = span[1] - span[0]
        when = f"{a.astimezone(zone):%a %m-%d}"
        if b - a > dt.timedelta(days=1):
            when += f" to {(b - dt.timedelta(hours=1)).astimezone(zone):%a %m-%d}"
        what = f"holiday: {label}" if cls == "sl-hol" else label
        body.append(
            f"<rect class='{cls}' x='{span[0]}' y='{top}' width='{round(width, 2)}' "
            f"height='{band}'><title>{esc(f'{when}: {what}')}</title></rect>"
        )
        lines = fit_text(label, width - 6, 3) if width >= 24 else []
        if lines:  # the name inside its band, wrapped; the full text in the tooltip and the table
            tspans = "".join(
                f"<tspan x='{round(span[0] + 3, 2)}' dy='{0 if i == 0 else 11}'>{esc(line)}</tspan>"
                for i, line in enumerate(lines)
            )
            body.append(
                f"<text class='sl-band-label' x='{round(span[0] + 3, 2)}' y='{top + 12}' "
                f"data-width='{round(width - 6, 2)}'><title>{esc(what)}</title>{tspans}</text>"
            )
    for a, b in exp.windows:
        span = axis.clip(a, b)
        if span is None:
            continue
        body.append(
            f"<rect class='sl-win' x='{span[0]}' y='{top + 8}' "
            f"width='{max(round(span[1] - span[0], 2), 0.5)}' height='{band - 16}'>"
            f"<title>{esc(f'counted: open {fmt_instant(a, False)} to {b:%H:%M}')}</title></rect>"
        )
    for a, b in exp.uncounted:
        span = axis.clip(a, b)
        if span is None:
            continue
        body.append(
            f"<rect class='sl-uncounted' x='{span[0]}' y='{top + 8}' "
            f"width='{max(round(span[1] - span[0], 2), 0.5)}' height='{band - 16}'>"
            f"<title>{esc(f'open {fmt_instant(a, False)} to {b:%H:%M}, not counted: the start day')}"
            "</title></rect>"
        )
    body.extend(_paused(axis, exp.paused, top, band, pattern))
    y_axis = top + band
    body.append(f"<line class='sl-axis' x1='{_LEFT}' y1='{y_axis}' x2='{_W - _RIGHT}' y2='{y_axis}'/>")
    ticks, tick_rows = _ticks(axis, zone, top, band)
    body.extend(ticks)
    xs, xd = axis.x(exp.start), axis.x(exp.due)
    body.append(
        f"<line class='sl-axis sl-start' x1='{xs}' y1='{top - 6}' x2='{xs}' y2='{y_axis + 4}' "
        f"data-start='{esc(exp.start.isoformat())}'>"
        f"<title>{esc(f'start {fmt_instant(exp.start)}')}</title></line>"
    )
    body.append(
        f"<line class='sl-due' x1='{xd}' y1='{top - 14}' x2='{xd}' y2='{y_axis + 4}' "
        f"data-due='{esc(exp.due.isoformat())}'><title>{esc(f'due {fmt_instant(exp.due)}')}</title></line>"
    )
    due_label = f"due {fmt_instant(exp.due)}"
    anchor = "end" if xd > _W * 0.6 else "start"
    body.append(
        f"<text x='{xd}' y='{top - 16}' text-anchor='{anchor}' font-weight='600'>{esc(due_label)}</text>"
    )
    y_start = y_axis + 15 + 13 * max(tick_rows, 1)
    body.append(f"<text x='{xs}' y='{y_start}'>{esc(f'start {fmt_instant(exp.start)}')}</text>")
    items = ["green: open time counted"]
    if exp.uncounted:
        items.append("dashed: open but not counted (the start day, Civil Code art. 201)")
    items += ["grey: closed", "red: holiday", "hatched: paused", "red line: due"]
    legend, last_y = _legend(items, y_start + 20)
    body.extend(legend)
    height = last_y + 8
    return _svg_open(_W, height, f"{exp.metric}: due {fmt_instant(exp.due)}") + "".join(body) + "</svg>"


def explanation_html(exp: Explanation) -> str:
    """The explanation as tables: the term and rule, the days with their hours and why, the notes."""
    head = [
        ["term", esc(exp.term)],
        ["calendar", esc(exp.calendar)],
        ["rule", esc(exp.rule)],
        ["start", esc(fmt_instant(exp.start))],
        ["due", f"<strong>{esc(fmt_instant(exp.due))}</strong>"],
    ]
    head.extend(["paused", esc(f"{fmt_instant(a)} → {fmt_instant(b)}")] for a, b in exp.paused)
    head.extend(
        ["not counted", esc(f"{fmt_instant(a)} → {fmt_instant(b)} (the start day)")] for a, b in exp.uncounted
    )
    head.extend(["note", esc(n)] for n in exp.notes)
    parts = [table(f"{exp.metric}: {exp.term}", ["", ""], head)]
    if exp.days:
        rows, classes = [], []
        for info in exp.days[:62]:
            why = {"weekly": "", "holiday": f"holiday: {info.holiday}", "make-up": "make-up working day 调休",
                   "closed": "closed", "special": "special hours"}[info.reason]  # fmt: skip
            rows.append([esc(f"{info.date:%a %Y-%m-%d}"), esc(str(info.hours) or "closed"), esc(why)])
            classes.append(
                {
                    "holiday": "sl-holiday",
                    "make-up": "sl-makeup",
                    "closed": "sl-closed",
                    "special": "sl-special",
                }.get(info.reason, "sl-open" if info.hours.spans else "sl-closed")
            )
        if len(exp.days) > 62:
            rows.append(["…", "", esc(f"and {len(exp.days) - 62} more days to the due date")])
            classes.append("sl-other")
        parts.append(table("days from start to due", ["day", "hours", "why"], rows, classes))
    return "".join(parts)


def deadline_html(deadline: Deadline) -> str:
    exp = deadline.explain()
    title = f"{deadline.metric} ({deadline.level}): due {fmt_instant(deadline.due)}"
    svg = deadline_svg(exp)
    if not svg:
        svg = "<p class='sl-muted'>Not started: its start event has not happened, so it has no due yet.</p>"
    return fragment(svg, explanation_html(exp), label=title)


# ---------------------------------------------------------------------------- incidents
_STATE_TEXT = {
    "met": "met ✓",
    "breached": "breached ✗",
    "running": "running",
    "paused": "paused ‖",
    "pending": "pending (not started)",
    "not_applicable": "not needed (settled)",
}


def _busy(inc: Incident, at: dt.datetime, t0: dt.datetime, t1: dt.datetime) -> list[Span]:
    """What matters on an incident's axis: the open time of each clock's calendar while it runs, and
    half an hour around every instant drawn (events, dues, stops, escalation steps, warnings)."""
    deadlines = inc.deadlines(at)
    spans: list[Span] = []
    marks: list[dt.datetime] = [t0, at, t1]
    cycles = inc.cycles(at)
    for cycle in cycles:
        for name, st in cycle.status.items():
            if st.start is None or name not in deadlines:
                continue
            stop = st.met_at or st.settled_at or cycle.reopened_at or t1
            cal = inc.contract.calendar(deadlines[name].calendar)
            spans.extend(cal.windows(max(st.start, t0), max(min(stop, t1), max(st.start, t0))))
            marks.extend(t for t in (st.start, st.due, st.met_at, st.settled_at) if t is not None)
    marks.extend(e.at for e in inc.events if e.at <= at)
    marks.extend(s.at for s in inc.escalations(at))
    marks.extend(w.at for w in inc.warnings(at) if not w.planned)
    margin = dt.timedelta(minutes=30)
    spans.extend((t - margin, t + margin) for t in marks)
    return [(_utc(a), _utc(b)) for a, b in spans]


def _breaks(busy: Sequence[Span], t0: dt.datetime, t1: dt.datetime) -> list[Span]:
    """Stretches of at least 4 hours between ``t0`` and ``t1`` that nothing in ``busy`` touches."""
    t0, t1 = _utc(t0), _utc(t1)
    out: list[Span] = []
    cursor = t0
    for a, b in sorted(busy):
        if a - cursor >= dt.timedelta(hours=4) and a <= t1:
            out.append((cursor, a))
        cursor = max(cursor, b)
        if cursor >= t1:
            break
    if t1 - cursor >= dt.timedelta(hours=4):
        out.append((cursor, t1))
    return [(max(a, t0), min(b, t1)) for a, b in out if min(b, t1) > max(a, t0)]


def _short(t: dt.datetime, ref: dt.datetime) -> str:
    """An instant as a label: the time alone on the reference's day, else with the day."""
    return t.strftime("%H:%M") if t.date() == ref.date() else t.strftime("%a %m-%d %H:%M")


@frozen
class IncidentView:
    """An incident at an instant the caller gives: one lane per metric, coloured and labelled by state.

    The axis runs from the report to the later of ``at`` and the last due;
    stretches of 4 hours or more when no running clock's calendar is open and
    nothing happens are compressed into a break (marked, with the hours in a
    tooltip). Each lane runs from the metric's start to its stop (or to
    ``at``), with the due instant marked and labelled, pauses hatched, the
    warning thresholds reached; reclassifications and reopenings are marked
    across the lanes and labelled above them; escalation steps have their own
    lane. Labels are placed in rows so that none overlaps another.
    """

    incident: Incident
    at: dt.datetime

    def _repr_html_(self) -> str:
        inc, at = self.incident, self.at
        statuses = inc.status(at)
        deadlines = inc.deadlines(at)
        warnings = [w for w in inc.warnings(at) if not w.planned]  # reached ones; planned are in next_change
        steps = inc.escalations(at)
        cycles = inc.cycles(at)
        zone = _zone(inc.reported_at)
        local = inc.reported_at.astimezone(zone)
        t0 = inc.reported_at
        t1 = max([at, *(st.due for st in statuses.values() if st.due is not None)], key=_utc)
        label_w, x_end = 190, _W - 40
        axis = _Axis(t0, t1, label_w + 10, x_end, _breaks(_busy(inc, at, t0, t1), t0, t1))
        pattern = unique_id("pause")
        title = (
            f"incident {inc.level_at(at)} reported {fmt_instant(inc.reported_at)}, as of {fmt_instant(at)}"
        )

        # marks across the lanes: reclassifications and reopenings up to ``at``, labelled above
        level = inc.level_at(inc.reported_at)
        marks: list[tuple[str, dt.datetime, str]] = []
        for e in inc.events:
            if _utc(e.at) > _utc(at):
                break
            if e.kind == "reclassified":
                marks.append(("reclassified", e.at, f"reclassified {level} → {e.detail}"))
                level = str(e.detail)
            elif e.kind == "reopened":
                marks.append(("reopened", e.at, f"reopened {_short(e.at.astimezone(zone), local)}"))
        top_labels = [(axis.x(at), f"at {fmt_instant(at)}"), *((axis.x(t), text) for _, t, text in marks)]
        placed_top = place_labels(top_labels, 2, _W - 2)
        top_rows = 1 + max((r for _, _, r in placed_top), default=0)
        top = 14 + 13 * top_rows

        # each lane's labels (due, stop) in rows above its bar
        lane_labels: dict[str, list[tuple[float, str]]] = {}
        for name, st in statuses.items():
            anchored: list[tuple[float, str]] = []
            if st.due is not None and _utc(st.due) <= axis.t1:
                anchored.append((axis.x(st.due), f"due {_short(st.due.astimezone(zone), local)}"))
            stopped = st.met_at or st.settled_at
            if stopped is not None:
                verb = "met" if st.state == "met" else "stopped"
                anchored.append((axis.x(stopped), f"{verb} {_short(stopped.astimezone(zone), local)}"))
            lane_labels[name] = sorted(anchored)
        placed_lanes = {name: place_labels(items, label_w, _W - 2) for name, items in lane_labels.items()}
        lane_tops: dict[str, float] = {}
        y: float = top
        for name in statuses:
            lane_tops[name] = y
            y += 12 * (1 + max((r for _, _, r in placed_lanes[name]), default=-1)) + 28
        esc_top = y
        in_view = [s for s in steps if _utc(s.at) <= axis.t1]
        placed_steps = place_labels([(axis.x(s.at), s.role) for s in in_view], label_w, _W - 2)
        step_rows = 1 + max((r for _, _, r in placed_steps), default=0)
        lanes_bottom = esc_top + 20 + 13 * step_rows
        body: list[str] = [f"<title>{esc(title)}</title>", _hatch(pattern)]
        ticks, tick_rows = _ticks(axis, zone, top - 4, lanes_bottom - top + 4)
        body.extend(ticks)
        for a, b in axis.breaks:
            xa = axis.x(a)
            tip = (
                f"{fmt_instant(a.astimezone(zone), False)} to {fmt_instant(b.astimezone(zone), False)} "
                f"({fmt_duration(b - a).replace('-', '')}) compressed: no clock's hours open, nothing happens"
            )
            body.append(
                f"<rect class='sl-break' x='{xa}' y='{top - 4}' width='{_BREAK_W}' "
                f"height='{lanes_bottom - top + 4}' data-from='{esc(a.astimezone(zone).isoformat())}' "
                f"data-to='{esc(b.astimezone(zone).isoformat())}'><title>{esc(tip)}</title></rect>"
                f"<path class='sl-break-mark' d='M{xa + 3},{lanes_bottom + 4} l4,-8 "
                f"M{xa + 9},{lanes_bottom + 4} l4,-8'/>"
            )
        for i, (name, st) in enumerate(statuses.items()):
            y = lane_tops[name]
            bar_y = y + 12 * (1 + max((r for _, _, r in placed_lanes[name]), default=-1)) + 2
            bar_h = 18
            state = st.state
            body.append(f"<g class='sl-lane' data-metric='{esc(name)}' data-state='{esc(state)}'>")
            body.append(
                f"<text x='4' y='{bar_y + 13}'>{esc(name)} · {esc(_STATE_TEXT.get(state, state))}</text>"
            )
            if i:
                body.append(
                    f"<line class='sl-axis' x1='4' y1='{y - 4}' x2='{_W - 4}' y2='{y - 4}' "
                    "stroke-opacity='0.12'/>"
                )
            for cycle in cycles[:-1]:  # earlier cycles, as they stood when reopened, dimmed
                old = cycle.status.get(name)
                if old is None or old.cycle != cycle.index or old.start is None:
                    continue
                end = old.met_at or old.settled_at or cycle.reopened_at or at
                if st.start is None or _utc(st.start) >= _utc(end):
                    span = axis.clip(old.start, end)
                    if span is not None:
                        body.append(
                            f"<rect class='sl-bar-{old.state} sl-earlier' x='{span[0]}' y='{bar_y}' "
                            f"width='{max(round(span[1] - span[0], 2), 1)}' height='{bar_h}' "
                            f"data-cycle='{cycle.index}'><title>"
                            f"{esc(f'{name}, cycle {cycle.index + 1}: {old.state}')}</title></rect>"
                        )
                if old.due is not None and old.due != st.due and _utc(old.due) <= axis.t1:
                    x = axis.x(old.due)
                    body.append(
                        f"<line class='sl-due sl-earlier' x1='{x}' y1='{bar_y - 2}' x2='{x}' "
                        f"y2='{bar_y + bar_h + 2}' data-cycle='{cycle.index}'><title>"
                        f"{esc(f'{name} due in cycle {cycle.index + 1}: {fmt_instant(old.due)}')}"
                        "</title></line>"
                    )
            if st.start is not None:
                ended = st.met_at if st.met_at is not None else st.settled_at
                stop = ended if ended is not None else at
                span = axis.clip(st.start, max(stop, st.start))
                if span is not None:
                    body.append(
                        f"<rect class='sl-bar-{state}' x='{span[0]}' y='{bar_y}' "
                        f"width='{max(round(span[1] - span[0], 2), 1)}' height='{bar_h}'>"
                        f"<title>{esc(f'{name}: {state}, from {fmt_instant(st.start)}')}</title></rect>"
                    )
                body.extend(_paused(axis, deadlines[name].paused, bar_y, bar_h, pattern))
                if st.met_at is not None:
                    x = axis.x(st.met_at)
                    body.append(
                        f"<circle class='sl-event' cx='{x}' cy='{bar_y + bar_h / 2}' r='3.5'>"
                        f"<title>{esc(f'stopped {fmt_instant(st.met_at)}')}</title></circle>"
                    )
            if st.due is not None and _utc(st.due) <= axis.t1:
                x = axis.x(st.due)
                body.append(
                    f"<line class='sl-due' x1='{x}' y1='{bar_y - 3}' x2='{x}' y2='{bar_y + bar_h + 3}' "
                    f"data-due='{esc(st.due.isoformat())}'><title>{esc(f'{name} due {fmt_instant(st.due)}')}"
                    "</title></line>"
                )
            for (left, _, row), (_, text) in zip(placed_lanes[name], lane_labels[name], strict=True):
                body.append(f"<text class='sl-label' x='{left}' y='{y + 10 + 12 * row}'>{esc(text)}</text>")
            for w in warnings:
                if w.metric == name:
                    x = axis.x(w.at)
                    tip = f"{round(w.threshold * 100)}% of the budget used at {fmt_instant(w.at)}"
                    body.append(
                        f"<path class='sl-esc' d='M{x - 4},{bar_y} L{x + 4},{bar_y} L{x},{bar_y + 6} Z'>"
                        f"<title>{esc(tip)}</title></path>"
                    )
            for kind, t, text in marks:
                x = axis.x(t)
                cls = "sl-reclass" if kind == "reclassified" else "sl-reopen"
                cy = bar_y + bar_h / 2
                body.append(
                    f"<path class='{cls}' d='M{x},{cy - 6} L{x + 5},{cy} L{x},{cy + 6} L{x - 5},{cy} Z' "
                    f"data-kind='{kind}' data-at='{esc(t.isoformat())}'><title>{esc(text)}</title></path>"
                )
            body.append("</g>")
        y = esc_top
        body.append(f"<text x='4' y='{y + 14}'>escalation</text>")
        for step, (left, _, row) in zip(in_view, placed_steps, strict=True):
            x = axis.x(step.at)
            when = "planned" if step.planned else "reached"
            body.append(
                f"<rect class='sl-esc' x='{x - 3}' y='{y + 2}' width='6' height='12' "
                f"data-role='{esc(step.role)}'>"
                f"<title>{esc(f'escalate to {step.role} at {fmt_instant(step.at)} ({when})')}</title></rect>"
                f"<text class='sl-label' x='{left}' y='{y + 26 + 13 * row}'>{esc(step.role)}</text>"
            )
        later = len(steps) - len(in_view)
        if later:
            body.append(
                f"<text x='{_W - 4}' y='{y + 12}' text-anchor='end' class='sl-muted'>"
                f"{esc(f'+{later} later →')}</text>"
            )
        for kind, t, text in marks:
            x = axis.x(t)
            body.append(
                f"<line class='sl-mark' x1='{x}' y1='{top - 6}' x2='{x}' y2='{lanes_bottom}' "
                f"data-kind='{kind}'><title>{esc(text)}</title></line>"
            )
        xa = axis.x(at)
        body.append(
            f"<line class='sl-now' x1='{xa}' y1='{top - 10}' x2='{xa}' y2='{lanes_bottom}' "
            f"data-at='{esc(at.isoformat())}'/>"
        )
        for (left, _, row), (_, text) in zip(placed_top, top_labels, strict=True):
            body.append(
                f"<text class='sl-label' x='{left}' y='{top - 10 - 13 * (top_rows - 1 - row)}'>"
                f"{esc(text)}</text>"
            )
        items = ["bar: start to stop (or to at)", "red line: due", "dot: stopped", "hatched: paused",
                 "▼ warning threshold", "orange: escalation"]  # fmt: skip
        if marks:
            items.append("◆ purple: reclassified, blue: reopened")
        if axis.breaks:
            items.append("// compressed: nothing open or happening")
        legend, last_y = _legend(items, lanes_bottom + 18 + 13 * max(tick_rows, 1), 4)
        body.extend(legend)
        height = last_y + 8
        svg = _svg_open(_W, height, title) + "".join(body) + "</svg>"
        rows, classes = [], []
        for name, st in statuses.items():
            remaining = fmt_duration(st.remaining)
            rows.append(
                [esc(name), esc(_STATE_TEXT.get(st.state, st.state)), esc(fmt_instant(st.start)),
                 esc(fmt_instant(st.due)), esc(fmt_instant(st.met_at)), esc(remaining)]
            )  # fmt: skip
            classes.append(
                f"sl-{st.state}" if st.state in ("met", "breached", "running", "paused") else "sl-other"
            )
        status_table = table(
            title, ["metric", "state", "start", "due", "stopped", "business time left"], rows, classes
        )
        extra: list[str] = []
        if steps:
            extra.append(
                table(
                    "escalation",
                    ["when", "to", "planned"],
                    [[esc(fmt_instant(s.at)), esc(s.role), "yes" if s.planned else "no"] for s in steps],
                )
            )
        if marks:
            extra.append(
                table("changes", ["when", "what"], [[esc(fmt_instant(t)), esc(text)] for _, t, text in marks])
            )
        return fragment(svg, status_table, *extra, label=title)


def lanes(views: Sequence[IncidentView]) -> str:
    """Several incidents one under another."""
    return "".join(v._repr_html_() for v in views)
