"""A deadline drawn on a time axis (inline SVG), with its explanation as tables.

The SVG marks what the tests read back: the due instant is a ``<line
class="sl-due" data-due="…">`` holding `Deadline.due` in ISO 8601, the start
a line with ``data-start``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from servicelevel.views._html import esc, fit_text, fmt_instant, fragment, table, unique_id
from servicelevel.views._svg import (
    LEFT,
    RIGHT,
    WIDTH,
    Axis,
    Span,
    hatch,
    legend,
    local_zone,
    paused_bands,
    svg_open,
    ticks,
    utc,
)

if TYPE_CHECKING:
    from servicelevel.sla import Deadline, Explanation

__all__ = ["deadline_html", "deadline_svg", "explanation_html"]

_TOP, _BAND = 40, 46  # px: the top of the band of days, and its height


def _padded(t0: dt.datetime, t1: dt.datetime) -> Span:
    """``t0`` to ``t1`` with 3 % of the span before and 6 % after (room for the due mark)."""
    t0, t1 = utc(t0), utc(t1)
    span = (t1 - t0).total_seconds() or 3600.0
    return t0 - dt.timedelta(seconds=span * 0.03), t1 + dt.timedelta(seconds=span * 0.06)


def _runs(
    exp: Explanation, axis: Axis, zone: dt.tzinfo
) -> list[tuple[str, str, str, dt.datetime, dt.datetime]]:
    """Runs of consecutive closed days: (css class, label, tooltip name, start, end). Consecutive
    holidays make one run labelled with their names in order, in the calendar's own language (春节
    on a CN calendar; the tooltip adds the names the library reports where they differ)."""
    by_day = {info.date: info for info in exp.days}
    runs: list[tuple[str, str, str, dt.datetime, dt.datetime]] = []
    for day, a, b in axis.days(zone):
        info = by_day.get(day)
        if info is None or info.hours.spans:
            continue
        holiday = info.reason == "holiday"
        cls = "sl-hol" if holiday else "sl-shut"
        local = str(info.local_name or info.holiday) if holiday else "closed"
        full = local if not holiday or local == str(info.holiday) else f"{local} ({info.holiday})"
        if runs and runs[-1][0] == cls and runs[-1][4] == a:
            merged = runs[-1][1] if local in runs[-1][1].split(" · ") else f"{runs[-1][1]} · {local}"
            tip = runs[-1][2] if full in runs[-1][2].split(" · ") else f"{runs[-1][2]} · {full}"
            runs[-1] = (cls, merged, tip, runs[-1][3], b)
        else:
            runs.append((cls, local, full, a, b))
    return runs


def _closed_days(exp: Explanation, axis: Axis, zone: dt.tzinfo) -> list[str]:
    """Closed days and holidays as bands, each named inside with its ISO dates when wide enough
    (wrapped at spaces, never inside a word); the full text in the tooltip and the table."""
    out: list[str] = []
    for cls, label, tip, a, b in _runs(exp, axis, zone):
        span = axis.clip(a, b)
        if span is None:
            continue
        width = span[1] - span[0]
        when = f"{a.astimezone(zone):%Y-%m-%d}"
        if b - a > dt.timedelta(days=1):
            when += f" – {(b - dt.timedelta(hours=1)).astimezone(zone):%Y-%m-%d}"
        what = f"holiday: {tip}" if cls == "sl-hol" else tip
        out.append(
            f"<rect class='{cls}' x='{span[0]}' y='{_TOP}' width='{round(width, 2)}' "
            f"height='{_BAND}'><title>{esc(f'{when}: {what}')}</title></rect>"
        )
        lines = fit_text(f"{label} {when}", width - 6, 3) if width >= 24 else []
        if lines:
            tspans = "".join(
                f"<tspan x='{round(span[0] + 3, 2)}' dy='{0 if i == 0 else 11}'>{esc(line)}</tspan>"
                for i, line in enumerate(lines)
            )
            out.append(
                f"<text class='sl-band-label' x='{round(span[0] + 3, 2)}' y='{_TOP + 12}' "
                f"data-width='{round(width - 6, 2)}'><title>{esc(f'{when}: {what}')}</title>{tspans}</text>"
            )
    return out


def _open_time(exp: Explanation, axis: Axis) -> list[str]:
    """The open time the term counts (filled) and the open time it leaves out (outlined)."""
    out: list[str] = []
    for a, b in exp.windows:
        span = axis.clip(a, b)
        if span is None:
            continue
        out.append(
            f"<rect class='sl-win' x='{span[0]}' y='{_TOP + 8}' "
            f"width='{max(round(span[1] - span[0], 2), 0.5)}' height='{_BAND - 16}'>"
            f"<title>{esc(f'counted: open {fmt_instant(a, False)} to {b:%H:%M}')}</title></rect>"
        )
    for a, b in exp.uncounted:
        span = axis.clip(a, b)
        if span is None:
            continue
        out.append(
            f"<rect class='sl-uncounted' x='{span[0]}' y='{_TOP + 8}' "
            f"width='{max(round(span[1] - span[0], 2), 0.5)}' height='{_BAND - 16}'>"
            f"<title>{esc(f'open {fmt_instant(a, False)} to {b:%H:%M}, not counted: the start day')}"
            "</title></rect>"
        )
    return out


def _start_and_due(start: dt.datetime, due: dt.datetime, axis: Axis, y_axis: float) -> list[str]:
    """The start and due lines (with their instants as data), and the due's label above the band."""
    xs, xd = axis.x(start), axis.x(due)
    anchor = "end" if xd > WIDTH * 0.6 else "start"
    return [
        f"<line class='sl-axis sl-start' x1='{xs}' y1='{_TOP - 6}' x2='{xs}' y2='{y_axis + 4}' "
        f"data-start='{esc(start.isoformat())}'>"
        f"<title>{esc(f'start {fmt_instant(start)}')}</title></line>",
        f"<line class='sl-due' x1='{xd}' y1='{_TOP - 14}' x2='{xd}' y2='{y_axis + 4}' "
        f"data-due='{esc(due.isoformat())}'><title>{esc(f'due {fmt_instant(due)}')}</title></line>",
        f"<text x='{xd}' y='{_TOP - 16}' text-anchor='{anchor}' font-weight='600'>"
        f"{esc(f'due {fmt_instant(due)}')}</text>",
    ]


def deadline_svg(exp: Explanation) -> str:
    """The timeline of one deadline: the open time the term counts shaded, open time it leaves out
    (the start day of a period counted in days) outlined, rest days and holidays labelled, pauses
    hatched, the due instant marked."""
    if exp.start is None or exp.due is None:
        return ""
    axis = Axis(*_padded(exp.start, exp.due), LEFT, WIDTH - RIGHT)
    zone = local_zone(exp.start)
    pattern = unique_id("pause")
    body: list[str] = [
        f"<title>{esc(f'{exp.metric}: {exp.term}, due {fmt_instant(exp.due)}')}</title>",
        hatch(pattern),
    ]
    body.extend(_closed_days(exp, axis, zone))
    body.extend(_open_time(exp, axis))
    body.extend(paused_bands(axis, exp.paused, _TOP, _BAND, pattern))
    y_axis = _TOP + _BAND
    body.append(f"<line class='sl-axis' x1='{LEFT}' y1='{y_axis}' x2='{WIDTH - RIGHT}' y2='{y_axis}'/>")
    tick_marks, tick_rows = ticks(axis, zone, _TOP, _BAND)
    body.extend(tick_marks)
    body.extend(_start_and_due(exp.start, exp.due, axis, y_axis))
    y_start = y_axis + 15 + 13 * max(tick_rows, 1)  # the start's label, below the tick labels
    body.append(
        f"<text x='{axis.x(exp.start)}' y='{y_start}'>{esc(f'start {fmt_instant(exp.start)}')}</text>"
    )
    items = ["green: open time counted"]
    if exp.uncounted:
        items.append("dashed: open but not counted (the start day, Civil Code art. 201)")
    items += ["grey: closed", "red: holiday", "hatched: paused", "red line: due"]
    lines, last_y = legend(items, y_start + 20)
    body.extend(lines)
    height = last_y + 8
    return svg_open(WIDTH, height, f"{exp.metric}: due {fmt_instant(exp.due)}") + "".join(body) + "</svg>"


_WHY = {"weekly": "", "make-up": "make-up working day 调休", "closed": "closed", "special": "special hours"}
_DAY_CLASS = {"holiday": "sl-holiday", "make-up": "sl-makeup", "closed": "sl-closed", "special": "sl-special"}
_DAYS_SHOWN = 62  # about two months of days; the rest are counted in one row


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
        for info in exp.days[:_DAYS_SHOWN]:
            why = f"holiday: {info.holiday}" if info.reason == "holiday" else _WHY[info.reason]
            rows.append([esc(f"{info.date:%a %Y-%m-%d}"), esc(str(info.hours) or "closed"), esc(why)])
            classes.append(_DAY_CLASS.get(info.reason, "sl-open" if info.hours.spans else "sl-closed"))
        if len(exp.days) > _DAYS_SHOWN:
            rows.append(["…", "", esc(f"and {len(exp.days) - _DAYS_SHOWN} more days to the due date")])
            classes.append("sl-other")
        parts.append(table("days from start to due", ["day", "hours", "why"], rows, classes))
    return "".join(parts)


def deadline_html(deadline: Deadline) -> str:
    """A deadline's view: its timeline (or why it has none yet) over its explanation."""
    exp = deadline.explain()
    title = f"{deadline.metric} ({deadline.level}): due {fmt_instant(deadline.due)}"
    svg = deadline_svg(exp)
    if not svg:
        svg = "<p class='sl-muted'>Not started: its start event has not happened, so it has no due yet.</p>"
    return fragment(svg, explanation_html(exp), label=title)
