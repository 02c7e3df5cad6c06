"""An incident at an instant, one lane per metric on a time axis (inline SVG), with its tables.

Drawn in two passes: `_lay_out` reads the incident at the instant and decides
where everything goes (the axis and its breaks, each lane's top, every label's
row) as plain data; the ``_draw_*`` steps then turn that data into SVG, one
part each, in the order the drawing stacks them.

The SVG marks what the tests read back: lanes carry ``data-metric`` and
``data-state``, dues ``data-due``, compressed stretches of the axis
``data-from``/``data-to``, reclassifications and reopenings ``data-kind`` and
``data-at``, escalation steps ``data-role``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from attrs import frozen

from servicelevel._notebook import Notebook
from servicelevel.views._html import esc, fmt_duration, fmt_instant, fragment, table, unique_id
from servicelevel.views._svg import (
    BREAK_W,
    WIDTH,
    Axis,
    Label,
    Span,
    hatch,
    legend,
    local_zone,
    pause_rows,
    paused_bands,
    place_labels,
    quiet_stretches,
    svg_open,
    ticks,
    utc,
)
from servicelevel.views._updates import with_updates

if TYPE_CHECKING:
    from servicelevel.sla import Cycle, EscalationStep, Incident, MetricStatus, ThresholdReached

__all__ = ["IncidentView", "incident_html", "lanes"]

_LABEL_W = 190  # px left of the axis for the lanes' names
_X_END = WIDTH - 40  # px: where the axis ends (room for the last labels)
_BAR_H = 18  # px: a lane's bar
_STATE_TEXT = {"met": "met ✓", "breached": "breached ✗", "running": "running", "paused": "paused ‖",
               "pending": "pending (not started)", "not_applicable": "not needed (settled)"}  # fmt: skip


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
            cal = inc.contract.at(t0).calendar(deadlines[name].calendar)  # the version at the report
            spans.extend(cal.windows(max(st.start, t0), max(min(stop, t1), max(st.start, t0))))
            marks.extend(t for t in (st.start, st.due, st.met_at, st.settled_at) if t is not None)
    marks.extend(e.at for e in inc.events if e.at <= at)
    marks.extend(s.at for s in inc.escalations(at))
    marks.extend(w.at for w in inc.warnings(at) if not w.planned)
    margin = dt.timedelta(minutes=30)
    spans.extend((t - margin, t + margin) for t in marks)
    return [(utc(a), utc(b)) for a, b in spans]


def _short(t: dt.datetime, ref: dt.datetime) -> str:
    """An instant as a label: the time alone on the reference's day, else with the day."""
    return t.strftime("%H:%M") if t.date() == ref.date() else t.strftime("%a %m-%d %H:%M")


# ------------------------------------------------------------------------------------------- layout
@frozen
class _Mark:
    """A change drawn across the lanes: a reclassification or a reopening."""

    kind: str  # "reclassified" or "reopened"
    at: dt.datetime
    text: str


@frozen
class _Lane:
    """One metric's lane: its top, its bar's top, and its due and stop labels above the bar."""

    name: str
    status: MetricStatus
    paused: Sequence[Span]
    top: float
    bar_y: float
    labels: list[Label]


@frozen
class _Layout:
    """Where everything goes, worked out before anything is drawn (y grows downwards)."""

    at: dt.datetime
    axis: Axis
    zone: dt.tzinfo
    title: str
    marks: list[_Mark]
    top: float  # the first lane's top; the instant's and the marks' labels sit in rows above it
    top_labels: list[Label]  # row 0 nearest the lanes
    top_rows: int
    lanes: list[_Lane]
    cycles: list[Cycle]
    warnings: list[ThresholdReached]  # reached ones, and planned ones on the axis (hollow)
    steps: list[EscalationStep]  # all of them, for the table and the count of those past the axis
    escalation_top: float
    shown_steps: list[tuple[EscalationStep, Label]]  # those on the axis, with their labels
    bottom: float  # where the lanes end and the tick labels begin
    pauses: list[tuple[dt.datetime, dt.datetime | None, str]]  # (start, end or None, reason)


def _marks(inc: Incident, at: dt.datetime, zone: dt.tzinfo) -> list[_Mark]:
    """Reclassifications and reopenings up to ``at``, each with its label."""
    local = inc.reported_at.astimezone(zone)
    level = inc.level_at(inc.reported_at)
    marks: list[_Mark] = []
    for e in inc.events:
        if utc(e.at) > utc(at):
            break
        if e.kind == "reclassified":
            marks.append(_Mark("reclassified", e.at, f"reclassified {level} → {e.detail}"))
            level = str(e.detail)
        elif e.kind == "reopened":
            marks.append(_Mark("reopened", e.at, f"reopened {_short(e.at.astimezone(zone), local)}"))
    return marks


def _lane_labels(
    st: MetricStatus, axis: Axis, zone: dt.tzinfo, local: dt.datetime
) -> list[tuple[float, str]]:
    """A lane's due and stop labels at their instants, left to right."""
    anchored: list[tuple[float, str]] = []
    if st.due is not None and utc(st.due) <= axis.t1:
        anchored.append((axis.x(st.due), f"due {_short(st.due.astimezone(zone), local)}"))
    stopped = st.met_at or st.settled_at
    if stopped is not None:
        verb = "met" if st.state == "met" else "stopped"
        anchored.append((axis.x(stopped), f"{verb} {_short(stopped.astimezone(zone), local)}"))
    return sorted(anchored)


def _lay_out(inc: Incident, at: dt.datetime) -> _Layout:
    """The incident at ``at`` placed: the axis, the rows of labels, the lanes top to bottom."""
    statuses = inc.status(at)
    deadlines = inc.deadlines(at)
    steps = inc.escalations(at)
    zone = local_zone(inc.reported_at)
    local = inc.reported_at.astimezone(zone)
    t0 = inc.reported_at
    t1 = max([at, *(st.due for st in statuses.values() if st.due is not None)], key=utc)
    axis = Axis(t0, t1, _LABEL_W + 10, _X_END, quiet_stretches(_busy(inc, at, t0, t1), t0, t1))
    terms = next((f" (terms of {d.terms})" for d in deadlines.values() if d.terms), "")  # an amendment's
    title = f"incident {inc.level_at(at)} reported {fmt_instant(t0)}{terms}, as of {fmt_instant(at)}"
    marks = _marks(inc, at, zone)
    at_and_marks = [(axis.x(at), f"at {fmt_instant(at)}"), *((axis.x(m.at), m.text) for m in marks)]
    top_labels = place_labels(at_and_marks, 2, WIDTH - 2)
    top_rows = 1 + max((label.row for label in top_labels), default=0)
    top = 14 + 13 * top_rows
    lanes: list[_Lane] = []
    y: float = top
    for name, st in statuses.items():
        labels = place_labels(_lane_labels(st, axis, zone, local), _LABEL_W, WIDTH - 2)
        rows = 1 + max((label.row for label in labels), default=-1)
        lanes.append(_Lane(name, st, deadlines[name].paused, y, y + 12 * rows + 2, labels))
        y += 12 * rows + 28
    in_view = [s for s in steps if utc(s.at) <= axis.t1]
    step_labels = place_labels([(axis.x(s.at), s.role) for s in in_view], _LABEL_W, WIDTH - 2)
    step_rows = 1 + max((label.row for label in step_labels), default=0)
    return _Layout(
        at=at,
        axis=axis,
        zone=zone,
        title=title,
        marks=marks,
        top=top,
        top_labels=top_labels,
        top_rows=top_rows,
        lanes=lanes,
        cycles=inc.cycles(at),
        warnings=[w for w in inc.warnings(at) if utc(w.at) <= axis.t1],
        steps=steps,
        escalation_top=y,
        shown_steps=list(zip(in_view, step_labels, strict=True)),
        bottom=y + 20 + 13 * step_rows,
        pauses=pause_rows(inc.events, at),
    )


# ------------------------------------------------------------------------------------------ drawing
def _draw_breaks(lay: _Layout) -> list[str]:
    """Each compressed stretch: a grey band over the lanes (its hours in the tooltip), // below."""
    out: list[str] = []
    top, bottom, zone = lay.top, lay.bottom, lay.zone
    for a, b in lay.axis.breaks:
        xa = lay.axis.x(a)
        tip = (
            f"{fmt_instant(a.astimezone(zone), False)} to {fmt_instant(b.astimezone(zone), False)} "
            f"({fmt_duration(b - a).replace('-', '')}) compressed: no clock's hours open, nothing happens"
        )
        out.append(
            f"<rect class='sl-break' x='{xa}' y='{top - 4}' width='{BREAK_W}' "
            f"height='{bottom - top + 4}' data-from='{esc(a.astimezone(zone).isoformat())}' "
            f"data-to='{esc(b.astimezone(zone).isoformat())}'><title>{esc(tip)}</title></rect>"
            f"<path class='sl-break-mark' d='M{xa + 3},{bottom + 4} l4,-8 "
            f"M{xa + 9},{bottom + 4} l4,-8'/>"
        )
    return out


def _draw_earlier_cycles(lay: _Layout, lane: _Lane) -> list[str]:
    """The lane's clock in earlier cycles, as it stood when reopened, dimmed: its bar, its due."""
    out: list[str] = []
    name, st, bar_y, axis = lane.name, lane.status, lane.bar_y, lay.axis
    for cycle in lay.cycles[:-1]:
        old = cycle.status.get(name)
        if old is None or old.cycle != cycle.index or old.start is None:
            continue
        end = old.met_at or old.settled_at or cycle.reopened_at or lay.at
        if st.start is None or utc(st.start) >= utc(end):
            span = axis.clip(old.start, end)
            if span is not None:
                out.append(
                    f"<rect class='sl-bar-{old.state} sl-earlier' x='{span[0]}' y='{bar_y}' "
                    f"width='{max(round(span[1] - span[0], 2), 1)}' height='{_BAR_H}' "
                    f"data-cycle='{cycle.index}'><title>"
                    f"{esc(f'{name}, cycle {cycle.index + 1}: {old.state}')}</title></rect>"
                )
        if old.due is not None and old.due != st.due and utc(old.due) <= axis.t1:
            x = axis.x(old.due)
            out.append(
                f"<line class='sl-due sl-earlier' x1='{x}' y1='{bar_y - 2}' x2='{x}' "
                f"y2='{bar_y + _BAR_H + 2}' data-cycle='{cycle.index}'><title>"
                f"{esc(f'{name} due in cycle {cycle.index + 1}: {fmt_instant(old.due)}')}"
                "</title></line>"
            )
    return out


def _draw_clock(lay: _Layout, lane: _Lane, pattern: str) -> list[str]:
    """The clock from its start to its stop (or to ``at``), its pauses hatched, a dot where it
    stopped, and its due line."""
    out: list[str] = []
    name, st, bar_y, axis = lane.name, lane.status, lane.bar_y, lay.axis
    if st.start is not None:
        ended = st.met_at if st.met_at is not None else st.settled_at
        stop = ended if ended is not None else lay.at
        span = axis.clip(st.start, max(stop, st.start))
        if span is not None:
            out.append(
                f"<rect class='sl-bar-{st.state}' x='{span[0]}' y='{bar_y}' "
                f"width='{max(round(span[1] - span[0], 2), 1)}' height='{_BAR_H}'>"
                f"<title>{esc(f'{name}: {st.state}, from {fmt_instant(st.start)}')}</title></rect>"
            )
        reasons = {utc(a): why for a, _, why in lay.pauses if why}
        out.extend(paused_bands(axis, lane.paused, bar_y, _BAR_H, pattern, reasons))
        if st.met_at is not None:
            out.append(
                f"<circle class='sl-event' cx='{axis.x(st.met_at)}' cy='{bar_y + _BAR_H / 2}' r='3.5'>"
                f"<title>{esc(f'stopped {fmt_instant(st.met_at)}')}</title></circle>"
            )
    if st.due is not None and utc(st.due) <= axis.t1:
        x = axis.x(st.due)
        out.append(
            f"<line class='sl-due' x1='{x}' y1='{bar_y - 3}' x2='{x}' y2='{bar_y + _BAR_H + 3}' "
            f"data-due='{esc(st.due.isoformat())}'><title>{esc(f'{name} due {fmt_instant(st.due)}')}"
            "</title></line>"
        )
    return out


def _draw_lane(lay: _Layout, lane: _Lane, first: bool, pattern: str) -> list[str]:
    """One metric's lane as a group: its name and state, earlier cycles, the clock, its labels,
    the warnings reached and planned, and a diamond on it for each reclassification or reopening."""
    bar_y, state = lane.bar_y, lane.status.state
    out = [
        f"<g class='sl-lane' data-metric='{esc(lane.name)}' data-state='{esc(state)}'>",
        f"<text x='4' y='{bar_y + 13}'>{esc(lane.name)} · {esc(_STATE_TEXT.get(state, state))}</text>",
    ]
    if not first:  # a rule between lanes
        out.append(
            f"<line class='sl-axis' x1='4' y1='{lane.top - 4}' x2='{WIDTH - 4}' y2='{lane.top - 4}' "
            "stroke-opacity='0.12'/>"
        )
    out.extend(_draw_earlier_cycles(lay, lane))
    out.extend(_draw_clock(lay, lane, pattern))
    out.extend(
        f"<text class='sl-label' x='{label.left}' y='{lane.top + 10 + 12 * label.row}'>"
        f"{esc(label.text)}</text>"
        for label in lane.labels
    )
    for w in lay.warnings:
        if w.metric == lane.name:
            x, hollow = lay.axis.x(w.at), " fill-opacity='0.25'" * w.planned
            tip = f"{w.label} ({w.threshold:.0%} of budget) {'planned ' * w.planned}at {fmt_instant(w.at)}"
            out.append(
                f"<path class='sl-esc' data-warning='{esc(w.label)}'{hollow} "
                f"d='M{x - 4},{bar_y} L{x + 4},{bar_y} L{x},{bar_y + 6} Z'>"
                f"<title>{esc(tip)}</title></path>"
            )
    for m in lay.marks:
        x = lay.axis.x(m.at)
        cls = "sl-reclass" if m.kind == "reclassified" else "sl-reopen"
        cy = bar_y + _BAR_H / 2
        out.append(
            f"<path class='{cls}' d='M{x},{cy - 6} L{x + 5},{cy} L{x},{cy + 6} L{x - 5},{cy} Z' "
            f"data-kind='{m.kind}' data-at='{esc(m.at.isoformat())}'><title>{esc(m.text)}</title></path>"
        )
    out.append("</g>")
    return out


def _draw_escalation(lay: _Layout) -> list[str]:
    """The escalation lane: a marker and the role for each step on the axis, and how many come later."""
    y = lay.escalation_top
    out = [f"<text x='4' y='{y + 14}'>escalation</text>"]
    for step, label in lay.shown_steps:
        x = lay.axis.x(step.at)
        when = "planned" if step.planned else "reached"
        out.append(
            f"<rect class='sl-esc' x='{x - 3}' y='{y + 2}' width='6' height='12' "
            f"data-role='{esc(step.role)}'>"
            f"<title>{esc(f'escalate to {step.role} at {fmt_instant(step.at)} ({when})')}</title></rect>"
            f"<text class='sl-label' x='{label.left}' y='{y + 26 + 13 * label.row}'>{esc(step.role)}</text>"
        )
    later = len(lay.steps) - len(lay.shown_steps)
    if later:
        out.append(
            f"<text x='{WIDTH - 4}' y='{y + 12}' text-anchor='end' class='sl-muted'>"
            f"{esc(f'+{later} later →')}</text>"
        )
    return out


def _draw_instants(lay: _Layout) -> list[str]:
    """Lines across the lanes for the marks and for ``at`` (dashed), then their labels above."""
    top, bottom = lay.top, lay.bottom
    out = [
        f"<line class='sl-mark' x1='{lay.axis.x(m.at)}' y1='{top - 6}' x2='{lay.axis.x(m.at)}' y2='{bottom}' "
        f"data-kind='{m.kind}'><title>{esc(m.text)}</title></line>"
        for m in lay.marks
    ]
    xa = lay.axis.x(lay.at)
    out.append(
        f"<line class='sl-now' x1='{xa}' y1='{top - 10}' x2='{xa}' y2='{bottom}' "
        f"data-at='{esc(lay.at.isoformat())}'/>"
    )
    out.extend(
        f"<text class='sl-label' x='{label.left}' y='{top - 10 - 13 * (lay.top_rows - 1 - label.row)}'>"
        f"{esc(label.text)}</text>"
        for label in lay.top_labels
    )
    return out


def _svg(lay: _Layout) -> str:
    """The drawing: ticks and breaks behind, the lanes, escalation, the instants, the legend."""
    pattern = unique_id("pause")
    body: list[str] = [f"<title>{esc(lay.title)}</title>", hatch(pattern)]
    tick_marks, tick_rows = ticks(lay.axis, lay.zone, lay.top - 4, lay.bottom - lay.top + 4)
    body.extend(tick_marks)
    body.extend(_draw_breaks(lay))
    for i, lane in enumerate(lay.lanes):
        body.extend(_draw_lane(lay, lane, i == 0, pattern))
    body.extend(_draw_escalation(lay))
    body.extend(_draw_instants(lay))
    items = ["bar: start to stop (or to at)", "red line: due", "dot: stopped", "hatched: paused",
             "▼ warning threshold", "orange: escalation"]  # fmt: skip
    if lay.marks:
        items.append("◆ purple: reclassified, blue: reopened")
    if lay.axis.breaks:
        items.append("// compressed: nothing open or happening")
    lines, last_y = legend(items, lay.bottom + 18 + 13 * max(tick_rows, 1), 4)
    body.extend(lines)
    return svg_open(WIDTH, last_y + 8, lay.title) + "".join(body) + "</svg>"


def _tables(lay: _Layout) -> list[str]:
    """The state of each metric, then the escalation steps and the changes when there are any."""
    rows, classes = [], []
    for lane in lay.lanes:
        name, st = lane.name, lane.status
        rows.append(
            [esc(name), esc(_STATE_TEXT.get(st.state, st.state)), esc(fmt_instant(st.start)),
             esc(fmt_instant(st.due)), esc(fmt_instant(st.met_at)), esc(fmt_duration(st.remaining))]
        )  # fmt: skip
        shaded = st.state in ("met", "breached", "running", "paused")
        classes.append(f"sl-{st.state}" if shaded else "sl-other")
    header = ["metric", "state", "start", "due", "stopped", "business time left"]
    out = [table(lay.title, header, rows, classes)]
    if lay.steps:
        steps = [[esc(fmt_instant(s.at)), esc(s.role), "yes" if s.planned else "no"] for s in lay.steps]
        out.append(table("escalation", ["when", "to", "planned"], steps))
    if lay.pauses:
        rows = [[esc(fmt_instant(a)), esc(fmt_instant(b) if b else "still paused"), esc(why or "—")]
                for a, b, why in lay.pauses]  # fmt: skip
        out.append(table("pauses", ["from", "until", "reason"], rows))
    if lay.marks:
        changes = [[esc(fmt_instant(m.at)), esc(m.text)] for m in lay.marks]
        out.append(table("changes", ["when", "what"], changes))
    return out


# ------------------------------------------------------------------------------------------ the view
@frozen
class IncidentView(Notebook):
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


def incident_html(view: IncidentView) -> str:
    """The incident view: its drawing over its tables."""
    lay = _lay_out(view.incident, view.at)
    return fragment(*with_updates(view.incident, lay, _svg(lay), _tables(lay)), label=lay.title)


def lanes(views: Sequence[IncidentView]) -> str:
    """Several incidents one under another."""
    return "".join(incident_html(v) for v in views)
