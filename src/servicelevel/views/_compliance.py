"""The met rate per period and level as grouped bars (inline SVG), with the rates as a table.

The SVG marks what the tests read back: each bar carries ``data-period``,
``data-level``, ``data-rate`` and ``data-closed``; each goal line
``data-level``, ``data-goal`` and, when it is one metric's own, ``data-metric``.
"""

from __future__ import annotations

from typing import Any

import attrs

from servicelevel._notebook import Notebook
from servicelevel.errors import IncidentError, InvalidOptionError
from servicelevel.terms import format_share
from servicelevel.views._html import esc, fragment, table, text_width
from servicelevel.views._svg import svg_open

__all__ = ["ComplianceChart", "chart_html"]

# px: the plot's left edge (room for "100%"), its top and height, the padding inside a period's
# group and the gap between groups
_LEFT, _PLOT_TOP, _PLOT_H, _PAD, _GAP = 44, 56, 160, 6, 14
_BASE = _PLOT_TOP + _PLOT_H  # the 0 % line
_GOAL_KEY = "goal (the contract's)"

Rates = dict[tuple[str, str], tuple[float, int]]  # (period, level): (met rate, closed tickets)
# a level's goals: [(None, goal)] when one goal applies to all its rows, else [(metric, goal), ...]
Goals = dict[str, list[tuple[str | None, float]]]


def _note(metric: str | None) -> str:
    """What ``n`` counts under the bars: tickets for one metric; pooled, a ticket once per metric."""
    if metric is not None:
        return f"n = closed tickets (met + breached) for {metric}"
    return "n = closed ticket × metric results (met + breached), all metrics pooled"


def _goal_label(level: str, metric: str | None, goal: float) -> str:
    """``P1 goal 95%``, or ``P1 on_site goal 90%`` for one metric's own goal among others."""
    return f"{level}{'' if metric is None else ' ' + metric} goal {format_share(goal)}"


@attrs.frozen
class ComplianceChart(Notebook):
    """Met rate per period and level from `Contract.compliance(frame, by=period)`: bars with labels.

    ``metric`` picks one metric; by default the rates of all metrics are pooled
    (met / (met + breached) over them). One group per period holds a bar for
    each level with closed tickets in it, under the period's label; each bar
    carries its rate, its ``n`` and its level's name, so the chart reads
    without colour; a legend names the colours. ``n`` counts closed results: for
    one metric, closed tickets (``n=1``: one ticket decided it); pooled, ticket ×
    metric results (a ticket with a response and a resolution counts twice), as
    the note under the chart says. Where the contract states a goal (``goal =
    "95%"`` on a target), a dashed line marks it: one per level when its metrics
    share one goal (or one metric is shown), else one per metric with a goal,
    labelled with the metric (``P1 on_site goal 90%``).
    """

    table: Any = attrs.field(repr=lambda t: f"<{len(t)} rows>")
    by: str = "month"
    metric: str | None = None

    def __attrs_post_init__(self) -> None:
        """Refuse at construction what is not a compliance table, naming the option and what was expected."""
        if not isinstance(self.by, str) or not self.by:
            raise InvalidOptionError(
                f"by: expected the column the compliance table is grouped by, such as 'month', "
                f"got {self.by!r}"
            )
        if self.metric is not None and not isinstance(self.metric, str):
            raise InvalidOptionError(
                f"metric: expected a metric name such as 'response', or None, got {self.metric!r}"
            )
        if type(self.table).__module__.partition(".")[0] not in ("pandas", "polars") or not hasattr(
            self.table, "columns"
        ):
            raise InvalidOptionError(
                f"table: expected the DataFrame that contract.compliance(frame, by={self.by!r}) returned, "
                f"got {type(self.table).__name__}"
            )
        columns = [str(c) for c in self.table.columns]
        missing = [c for c in (self.by, "level", "metric", "met", "breached") if c not in columns]
        if missing:
            raise IncidentError(
                f"table: no column {', '.join(map(repr, missing))}; it has {', '.join(columns)}; pass what "
                f"contract.compliance(frame, by={self.by!r}) returned"
            )

    def _rates(self) -> tuple[list[str], list[str], Rates, Goals]:
        """Periods, levels, (met rate, closed tickets) per period and level, and each level's goals:
        one where it applies to all its rows (the metric's, or the same for every metric pooled),
        else each metric's own."""
        import pandas as pd

        frame = self.table
        if type(frame).__module__.partition(".")[0] == "polars":
            frame = frame.to_pandas()
        if self.metric is not None:
            known = sorted({str(m) for m in frame["metric"]})
            if known and self.metric not in known:
                raise IncidentError(
                    f"metric: no rows for {self.metric!r} in the table; it has {', '.join(known)}"
                )
            frame = frame[frame["metric"] == self.metric]
        counts = frame[["met", "breached"]].apply(pd.to_numeric, errors="coerce")
        if counts.isna().to_numpy().any() or (counts.to_numpy() < 0).any():
            raise IncidentError(
                "table: 'met' and 'breached' must be counts (whole numbers, 0 or more) as "
                "contract.compliance() gives them"
            )
        frame = frame.assign(met=counts["met"], breached=counts["breached"])
        grouped = frame.groupby([self.by, "level"], sort=True)[["met", "breached"]].sum()
        periods = sorted({str(p) for p, _ in grouped.index})
        levels = sorted({str(lv) for _, lv in grouped.index})
        rates: Rates = {}
        for (p, lv), row in grouped.iterrows():
            closed = int(row["met"]) + int(row["breached"])
            if closed:
                rates[(str(p), str(lv))] = (int(row["met"]) / closed, closed)
        goals: Goals = {}
        if "goal" in frame.columns:
            for lv, rows in frame.groupby("level", sort=True):
                values = pd.to_numeric(rows["goal"], errors="coerce")
                if len(values) and values.notna().all() and values.nunique() == 1:
                    goals[str(lv)] = [(None, float(values.iloc[0]))]
                    continue
                own = {  # metric: its goal, for the metrics that state one (sorted by name)
                    str(m): float(g)
                    for m, g in zip(rows["metric"], values, strict=True)
                    if g == g  # not NaN
                }
                if own:
                    goals[str(lv)] = sorted(own.items())
        return periods, levels, rates, goals


@attrs.frozen
class _Group:
    """One period's group of bars: where it spans, and the levels with closed tickets in it."""

    period: str
    x0: float
    x1: float
    levels: list[str]


@attrs.frozen
class _Layout:
    """The chart's rates and where everything goes, worked out before anything is drawn."""

    title: str
    note: str  # what n counts
    rates: Rates
    goals: Goals
    colour: dict[str, str]  # a CSS class per level
    slot: float  # px a bar takes, with its labels
    groups: list[_Group]
    plot_right: float
    key_x: list[tuple[str, float]]  # the legend's items (a level, or "" for the goal line) and their x
    width: float
    height: float


def _lay_out(chart: ComplianceChart) -> _Layout:
    """Groups side by side, each as wide as its bars (or its period's label); the drawing as wide as
    the groups and the goal labels at their right, or as the legend when that is wider."""
    periods, levels, rates, goals = chart._rates()
    slot = max(
        [34.0]
        + [text_width(f"n={n}", 9) + 10 for _, n in rates.values()]
        + [text_width(lv, 9) + 6 for lv in levels]
    )
    groups: list[_Group] = []
    x = float(_LEFT + _GAP)
    for p in periods:
        present = [lv for lv in levels if (p, lv) in rates]
        w = max(len(present) * slot, text_width(p) + 4) + 2 * _PAD
        groups.append(_Group(p, x, x + w, present))
        x += w + _GAP
    plot_right = x
    goal_labels = [_goal_label(lv, m, g) for lv in levels for m, g in goals.get(lv, [])]
    right = 8 + max([text_width(t) for t in goal_labels], default=0)
    key_x: list[tuple[str, float]] = []
    lx = float(_LEFT)
    for lv in levels:  # a swatch, the level's name, a 14 px gap
        key_x.append((lv, lx))
        lx += 16 + text_width(lv) + 14
    if goals:
        key_x.append(("", lx))
        lx += 22 + text_width(_GOAL_KEY) + 14
    said = _note(chart.metric)
    width = round(max(plot_right + right + 4, _LEFT + text_width(said) + 4), 2)
    if lx - 14 > width - 4:  # the legend is wider than the bars: widen the drawing
        width = round(lx - 10, 2)
    return _Layout(
        title=f"met rate per {chart.by} and level ({chart.metric or 'all metrics'})",
        note=said,
        rates=rates,
        goals=goals,
        colour={lv: f"sl-lv{i % 6}" for i, lv in enumerate(levels)},
        slot=slot,
        groups=groups,
        plot_right=plot_right,
        key_x=key_x,
        width=width,
        height=_BASE + 54,
    )


def _draw_key(lay: _Layout) -> list[str]:
    """The legend along the top: a swatch per level, then the goal line's look."""
    parts: list[str] = []
    for lv, lx in lay.key_x:
        if lv:
            parts.append(
                f"<rect class='{lay.colour[lv]} sl-legend' x='{lx}' y='8' width='12' height='12' "
                f"data-level='{esc(lv)}'/><text x='{lx + 16}' y='18'>{esc(lv)}</text>"
            )
        else:  # the goal line (its text written as is: an apostrophe needs no escape in text)
            parts.append(
                f"<line class='sl-goal sl-axis' x1='{lx}' y1='14' x2='{lx + 18}' y2='14'/>"
                f"<text x='{lx + 22}' y='18'>{_GOAL_KEY}</text>"
            )
    return parts


def _draw_grid(lay: _Layout) -> list[str]:
    """The 0, 50 and 100 % lines across the plot, labelled at the left."""
    parts: list[str] = []
    for pct in (0, 50, 100):
        y = _BASE - _PLOT_H * pct / 100
        parts.append(
            f"<line class='sl-axis' x1='{_LEFT}' y1='{y}' x2='{lay.plot_right}' y2='{y}' "
            "stroke-opacity='0.25'/>"
            f"<text x='4' y='{y + 4}'>{pct}%</text>"
        )
    return parts


def _draw_group(lay: _Layout, group: _Group) -> str:
    """One period's group: its background, a bar per level centred in it (rate and n above, level
    below), the period's label under all."""
    p, x0, x1, slot = group.period, group.x0, group.x1, lay.slot
    parts = [
        f"<g class='sl-period' data-period='{esc(p)}'>"
        f"<rect class='sl-group' x='{round(x0, 2)}' y='{_PLOT_TOP - 28}' width='{round(x1 - x0, 2)}' "
        f"height='{_PLOT_H + 58}' data-period='{esc(p)}'/>"
    ]
    bx0 = (x0 + x1) / 2 - len(group.levels) * slot / 2
    for j, lv in enumerate(group.levels):
        rate, closed = lay.rates[(p, lv)]
        h = round(_PLOT_H * rate, 2)
        bx = round(bx0 + j * slot + 2, 2)
        cx = round(bx + (slot - 4) / 2, 2)
        # a verdict where one goal applies to the bar: pooled metrics with goals of their own have none
        goal = dict(lay.goals.get(lv, [])).get(None)
        tip = f"{p} {lv} {rate:.0%}: {round(rate * closed)} of {closed} met"
        verdict = "" if goal is None else f"; goal {format_share(goal)} {'met' if rate >= goal else 'missed'}"
        parts.append(
            f"<rect class='{lay.colour[lv]}' x='{bx}' y='{round(_BASE - h, 2)}' width='{slot - 4}' "
            f"height='{h}' data-period='{esc(p)}' data-level='{esc(lv)}' data-rate='{rate:.6f}' "
            f"data-closed='{closed}'><title>{esc(tip + verdict)}</title></rect>"
            f"<text x='{cx}' y='{round(_BASE - h - 14, 2)}' font-size='9' text-anchor='middle' "
            f"class='sl-rate'>{esc(f'{rate:.0%}')}</text>"
            f"<text x='{cx}' y='{round(_BASE - h - 4, 2)}' font-size='9' text-anchor='middle' "
            f"class='sl-count' data-level='{esc(lv)}'>{esc(f'n={closed}')}</text>"
            f"<text x='{cx}' y='{_BASE + 12}' font-size='9' text-anchor='middle'>{esc(lv)}</text>"
        )
    parts.append(
        f"<text x='{round((x0 + x1) / 2, 2)}' y='{_BASE + 28}' text-anchor='middle' "
        f"class='sl-period-label'>{esc(p)}</text></g>"
    )
    return "".join(parts)


def _draw_goals(lay: _Layout) -> list[str]:
    """A dashed line per goal (a level's, or one metric's of a level), labelled at the right; labels
    of close goals are pushed 12 px apart, highest goal first."""
    parts: list[str] = []
    last = -1e9
    lines = [(g, lv, m) for lv, goals in lay.goals.items() for m, g in goals]
    for goal, lv, m in sorted(lines, key=lambda x: (-x[0], x[1], x[2] or "")):
        y = round(_BASE - _PLOT_H * goal, 2)
        ty = max(y + 4, last + 12)
        last = ty
        label = _goal_label(lv, m, goal)
        of_metric = "" if m is None else f" data-metric='{esc(m)}'"
        parts.append(
            f"<line class='sl-goal {lay.colour[lv]}' x1='{_LEFT}' y1='{y}' x2='{lay.plot_right}' y2='{y}' "
            f"data-level='{esc(lv)}'{of_metric} data-goal='{goal}'>"
            f"<title>{esc(f'{label} met')}</title></line>"
            f"<text x='{round(lay.plot_right + 4, 2)}' y='{ty}'>{esc(label)}</text>"
        )
    return parts


def _goal_cell(goals: list[tuple[str | None, float]]) -> str:
    """A level's goals in the table: ``95%``, or ``on_site 90%, response 95%``; a dash for none."""
    if not goals:
        return "—"
    return ", ".join(format_share(g) if m is None else f"{m} {format_share(g)}" for m, g in goals)


def _table(lay: _Layout, by: str) -> str:
    """The rates as a table: a row per period and level with closed tickets, its goal if any."""
    header = [by, "level", "met rate", "closed"] + (["goal"] if lay.goals else [])
    rows = [
        [esc(g.period), esc(lv), f"{lay.rates[(g.period, lv)][0]:.1%}", str(lay.rates[(g.period, lv)][1])]
        + ([esc(_goal_cell(lay.goals.get(lv, [])))] if lay.goals else [])
        for g in lay.groups
        for lv in g.levels
    ]
    return table(lay.title, header, rows)


def chart_html(chart: ComplianceChart) -> str:
    """The chart (legend, 0/50/100 % grid, a group of bars per period, goal lines) over its table."""
    lay = _lay_out(chart)
    parts = [svg_open(lay.width, lay.height, lay.title), f"<title>{esc(lay.title)}</title>"]
    parts.extend(_draw_key(lay))
    parts.append(f"<text x='{_LEFT}' y='{lay.height - 4}' class='sl-muted sl-note'>{esc(lay.note)}</text>")
    parts.extend(_draw_grid(lay))
    parts.extend(_draw_group(lay, g) for g in lay.groups)
    parts.extend(_draw_goals(lay))
    parts.append("</svg>")
    return fragment(f"<div class='sl-scroll'>{''.join(parts)}</div>", _table(lay, chart.by), label=lay.title)
