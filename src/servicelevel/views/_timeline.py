"""Deadlines and incidents drawn on a time axis (inline SVG), with their explanation as a table.

The SVG marks what the tests read back: the due instant is a ``<line
class="sl-due" data-due="…">`` holding `Deadline.due` in ISO 8601, lanes
carry ``data-metric`` and ``data-state``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from attrs import frozen

from servicelevel.views._html import esc, fmt_duration, fmt_instant, fragment, table, unique_id

if TYPE_CHECKING:
    from servicelevel.sla import Deadline, Explanation, Incident

__all__ = ["IncidentView", "deadline_html", "deadline_svg", "explanation_html"]

_W, _LEFT, _RIGHT = 760, 12, 12
Span = tuple[dt.datetime, dt.datetime]


def _utc(t: dt.datetime) -> dt.datetime:
    """A plain UTC datetime (pendulum's arithmetic drops a stdlib tzinfo such as a fixed offset)."""
    return dt.datetime(
        t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond, tzinfo=t.tzinfo, fold=t.fold
    ).astimezone(dt.UTC)


class _Axis:
    """Instants to x positions between ``t0`` and ``t1``."""

    def __init__(self, t0: dt.datetime, t1: dt.datetime, left: float = _LEFT) -> None:
        t0, t1 = _utc(t0), _utc(t1)
        span = (t1 - t0).total_seconds() or 3600.0
        self.t0, self.t1 = t0 - dt.timedelta(seconds=span * 0.03), t1 + dt.timedelta(seconds=span * 0.06)
        self.left, self.width = left, _W - left - _RIGHT

    def x(self, t: dt.datetime) -> float:
        whole = (self.t1 - self.t0).total_seconds()
        return round(self.left + (_utc(t) - self.t0).total_seconds() / whole * self.width, 2)

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


def _zone(t: dt.datetime) -> dt.tzinfo:
    """The zone to find local midnights in: the IANA zone of ``t``, or its own tzinfo."""
    name = getattr(t.tzinfo, "name", None) or getattr(t.tzinfo, "key", None)
    try:
        return ZoneInfo(str(name))
    except (ValueError, KeyError):  # a fixed offset such as "+08:00"
        return t.tzinfo or dt.UTC


_STEPS_H = (1, 2, 3, 6, 12)


def _ticks(axis: _Axis, zone: dt.tzinfo, y: float, height: float) -> list[str]:
    """Local midnights (labelled with the day) and, on short axes, hours between them."""
    hours = (axis.t1 - axis.t0).total_seconds() / 3600
    step_h = next((h for h in _STEPS_H if hours / h <= 10), 24)
    days = axis.days(zone)
    day_step = max(1, round(len(days) / 10)) if step_h == 24 else 1
    out: list[str] = []
    last_label = -1e9
    for i, (_, a, _) in enumerate(days):
        marks = [(a, True)] + [(a + dt.timedelta(hours=h), False) for h in range(step_h, 24, step_h)]
        for t, midnight in marks:
            if not axis.t0 <= t <= axis.t1 or (midnight and i % day_step):
                continue
            x = axis.x(t)
            local = t.astimezone(zone)
            opacity = "0.35" if midnight else "0.15"
            out.append(
                f"<line class='sl-axis' x1='{x}' y1='{y}' x2='{x}' y2='{y + height}' "
                f"stroke-opacity='{opacity}'/>"
            )
            label = local.strftime("%a %m-%d") if midnight else local.strftime("%H:%M")
            if x - last_label >= 6.5 * len(label) + 6:
                out.append(f"<text x='{x + 2}' y='{y + height + 12}'>{esc(label)}</text>")
                last_label = x
    return out


def _runs(exp: Explanation, axis: _Axis, zone: dt.tzinfo) -> list[tuple[str, str, dt.datetime, dt.datetime]]:
    """Runs of consecutive closed days with the same label: (css class, label, start, end)."""
    by_day = {info.date: info for info in exp.days}
    runs: list[tuple[str, str, dt.datetime, dt.datetime]] = []
    for day, a, b in axis.days(zone):
        info = by_day.get(day)
        if info is None or info.hours.spans:
            continue
        cls = "sl-hol" if info.reason == "holiday" else "sl-shut"
        label = f"holiday: {info.holiday}" if info.reason == "holiday" else "closed"
        if runs and runs[-1][1] == label and runs[-1][3] == a:
            runs[-1] = (cls, label, runs[-1][2], b)
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


def deadline_svg(exp: Explanation) -> str:
    """The timeline of one deadline: open windows shaded, rest days and holidays labelled, pauses
    hatched, the due instant marked."""
    if exp.start is None or exp.due is None:
        return ""
    axis = _Axis(exp.start, exp.due)
    zone = _zone(exp.start)
    pattern = unique_id("pause")
    height, top, band = 150, 40, 46
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{_W}' height='{height}' role='img' "
        f"aria-label='{esc(f'{exp.metric}: due {fmt_instant(exp.due)}')}'>",
        f"<title>{esc(f'{exp.metric}: {exp.term}, due {fmt_instant(exp.due)}')}</title>",
        _hatch(pattern),
    ]
    row = 0
    for cls, label, a, b in _runs(exp, axis, zone):
        span = axis.clip(a, b)
        if span is None:
            continue
        width = span[1] - span[0]
        when = f"{a.astimezone(zone):%a %m-%d}"
        if b - a > dt.timedelta(days=1):
            when += f" to {(b - dt.timedelta(hours=1)).astimezone(zone):%a %m-%d}"
        parts.append(
            f"<rect class='{cls}' x='{span[0]}' y='{top}' width='{round(width, 2)}' "
            f"height='{band}'><title>{esc(f'{when}: {label}')}</title></rect>"
        )
        fits = int(width // 6.2)
        if fits >= 6:  # a label inside the band, cut to fit (the full text is in the table below)
            text = label if len(label) <= fits else label[: fits - 1] + "…"
            parts.append(f"<text x='{span[0] + 3}' y='{top + 12 + 11 * (row % 2)}'>{esc(text)}</text>")
            row += 1
    for a, b in exp.windows:
        span = axis.clip(a, b)
        if span is None:
            continue
        parts.append(
            f"<rect class='sl-win' x='{span[0]}' y='{top + 8}' "
            f"width='{max(round(span[1] - span[0], 2), 0.5)}' "
            f"height='{band - 16}'><title>{esc(f'open {fmt_instant(a, False)} to {b:%H:%M}')}</title></rect>"
        )
    parts.extend(_paused(axis, exp.paused, top, band, pattern))
    y_axis = top + band
    parts.append(f"<line class='sl-axis' x1='{_LEFT}' y1='{y_axis}' x2='{_W - _RIGHT}' y2='{y_axis}'/>")
    parts.extend(_ticks(axis, zone, top, band))
    xs, xd = axis.x(exp.start), axis.x(exp.due)
    parts.append(
        f"<line class='sl-axis sl-start' x1='{xs}' y1='{top - 6}' x2='{xs}' y2='{y_axis + 4}' "
        f"data-start='{esc(exp.start.isoformat())}'>"
        f"<title>{esc(f'start {fmt_instant(exp.start)}')}</title></line>"
    )
    parts.append(
        f"<line class='sl-due' x1='{xd}' y1='{top - 14}' x2='{xd}' y2='{y_axis + 4}' "
        f"data-due='{esc(exp.due.isoformat())}'><title>{esc(f'due {fmt_instant(exp.due)}')}</title></line>"
    )
    due_label = f"due {fmt_instant(exp.due)}"
    anchor = "end" if xd > _W * 0.6 else "start"
    parts.append(
        f"<text x='{xd}' y='{top - 16}' text-anchor='{anchor}' font-weight='600'>{esc(due_label)}</text>"
    )
    parts.append(f"<text x='{xs}' y='{y_axis + 28}'>{esc(f'start {fmt_instant(exp.start)}')}</text>")
    legend_y = height - 6
    parts.append(
        f"<text x='{_LEFT}' y='{legend_y}' class='sl-muted'>green: open time counted · grey: closed · "
        "red: holiday · hatched: paused · red line: due</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


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


@frozen
class IncidentView:
    """An incident at an instant the caller gives: one lane per metric, coloured and labelled by state.

    Each lane runs from the metric's start to its stop (or to ``at``), with the
    due instant marked, pauses hatched, and the warning thresholds and
    escalation steps reached so far.
    """

    incident: Incident
    at: dt.datetime

    def _repr_html_(self) -> str:
        inc, at = self.incident, self.at
        statuses = inc.status(at)
        deadlines = inc.deadlines(at)
        warnings = [w for w in inc.warnings(at) if not w.planned]  # reached ones; planned are in next_change
        steps = inc.escalations(at)
        ends: list[dt.datetime] = [inc.reported_at, at]
        for st in statuses.values():
            ends.extend(t for t in (st.due, st.met_at, st.settled_at) if t is not None)
        label_w = 190
        axis = _Axis(min(ends), max(ends), left=label_w)
        zone = _zone(inc.reported_at)
        lane_h, top = 30, 30
        height = top + lane_h * (len(statuses) + 1) + 46
        pattern = unique_id("pause")
        title = f"incident {inc.level} reported {fmt_instant(inc.reported_at)}, as of {fmt_instant(at)}"
        parts = [
            f"<svg xmlns='http://www.w3.org/2000/svg' width='{_W}' height='{height}' role='img' "
            f"aria-label='{esc(title)}'><title>{esc(title)}</title>",
            _hatch(pattern),
        ]
        parts.extend(_ticks(axis, zone, top - 8, lane_h * (len(statuses) + 1) + 8))
        for i, (name, st) in enumerate(statuses.items()):
            y = top + i * lane_h
            state = st.state
            parts.append(f"<g class='sl-lane' data-metric='{esc(name)}' data-state='{esc(state)}'>")
            parts.append(
                f"<text x='4' y='{y + 17}'>{esc(name)} · {esc(_STATE_TEXT.get(state, state))}</text>"
            )
            if st.start is not None:
                ended = st.met_at if st.met_at is not None else st.settled_at
                stop = ended if ended is not None else at
                span = axis.clip(st.start, max(stop, st.start))
                if span is not None:
                    parts.append(
                        f"<rect class='sl-bar-{state}' x='{span[0]}' y='{y + 5}' "
                        f"width='{max(round(span[1] - span[0], 2), 1)}' height='{lane_h - 12}'>"
                        f"<title>{esc(f'{name}: {state}, from {fmt_instant(st.start)}')}</title></rect>"
                    )
                parts.extend(_paused(axis, deadlines[name].paused, y + 5, lane_h - 12, pattern))
                if st.met_at is not None:
                    x = axis.x(st.met_at)
                    parts.append(
                        f"<circle class='sl-event' cx='{x}' cy='{y + lane_h / 2 - 1}' r='3.5'>"
                        f"<title>{esc(f'stopped {fmt_instant(st.met_at)}')}</title></circle>"
                    )
            if st.due is not None:
                x = axis.x(st.due)
                parts.append(
                    f"<line class='sl-due' x1='{x}' y1='{y + 2}' x2='{x}' y2='{y + lane_h - 4}' "
                    f"data-due='{esc(st.due.isoformat())}'><title>{esc(f'{name} due {fmt_instant(st.due)}')}"
                    "</title></line>"
                )
            for w in warnings:
                if w.metric == name:
                    x = axis.x(w.at)
                    tip = f"{round(w.threshold * 100)}% of the budget used at {fmt_instant(w.at)}"
                    parts.append(
                        f"<path class='sl-esc' d='M{x - 4},{y + 2} L{x + 4},{y + 2} L{x},{y + 8} Z'>"
                        f"<title>{esc(tip)}</title></path>"
                    )
            parts.append("</g>")
        y = top + len(statuses) * lane_h
        parts.append(f"<text x='4' y='{y + 17}'>escalation</text>")
        last = -1e9
        for step in steps:
            x = axis.x(step.at)
            parts.append(
                f"<rect class='sl-esc' x='{x - 3}' y='{y + 6}' width='6' height='14'>"
                f"<title>{esc(f'escalate to {step.role} at {fmt_instant(step.at)}')}</title></rect>"
            )
            if x - last > 7 * len(step.role) + 10:  # a label where it fits; all are in the table below
                parts.append(f"<text x='{x + 5}' y='{y + 17}'>{esc(step.role)}</text>")
                last = x
        xa = axis.x(at)
        parts.append(
            f"<line class='sl-now' x1='{xa}' y1='{top - 12}' x2='{xa}' y2='{y + lane_h}' "
            f"data-at='{esc(at.isoformat())}'/>"
            f"<text x='{xa + 3}' y='{top - 14}'>{esc(f'at {fmt_instant(at)}')}</text>"
        )
        parts.append(
            f"<text x='4' y='{height - 6}' class='sl-muted'>bar: start to stop (or to at) · red line: due · "
            "dot: stopped · hatched: paused · ▼ warning threshold · orange: escalation</text></svg>"
        )
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
        return fragment("".join(parts), status_table, *extra, label=title)


def lanes(views: Sequence[IncidentView]) -> str:
    """Several incidents one under another."""
    return "".join(v._repr_html_() for v in views)
