"""HTML for contracts, warranties, decisions and every other public value; the compliance chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from servicelevel.errors import IncidentError, InvalidOptionError
from servicelevel.terms import describe_term, format_term
from servicelevel.views._html import esc, fmt_duration, fragment, table, text_width

if TYPE_CHECKING:
    from servicelevel.sla import Contract
    from servicelevel.warranty import Decision

__all__ = ["ComplianceChart", "contract_html", "decision_html", "value_html"]


def _cell(value: Any) -> str:
    if isinstance(value, dt.timedelta):  # business time: 1h30m, or -30m when over
        return esc(fmt_duration(value))
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return "<br/>".join(f"{esc(k)}: {_cell(v)}" for k, v in value)
    if hasattr(value, "n") and type(value).__module__.startswith("servicelevel.terms"):
        return esc(format_term(value))
    return esc(value if isinstance(value, str) else repr(value))


def value_html(value: Any) -> str:
    """Any public attrs value as a field table (the fallback view)."""
    name = type(value).__name__
    rows = []
    for f in attrs.fields(type(value)):
        if f.name.startswith("_") or not f.repr:
            continue
        rows.append([esc(f.name), _cell(getattr(value, f.name))])
    return fragment(
        table(repr(value) if len(repr(value)) < 90 else name, ["field", "value"], rows), label=name
    )


def contract_html(contract: Contract) -> str:
    """Levels × metrics with terms, calendars and regions; the calendars; escalation steps."""
    metrics = [m for m, _ in contract.metrics.items() if any(lv.target(m) for lv in contract.levels)]
    rows = []
    for level in contract.levels:
        cells = [f"<strong>{esc(level.key)}</strong> {esc(level.name)}"]
        for m in metrics:
            t = level.target(m)
            if t is None:
                cells.append("<span class='sl-muted'>— (no promise)</span>")
                continue
            regional = "".join(f"<br/>{esc(r)}: {esc(format_term(term))}" for r, term in t.regions)
            cells.append(
                f"{esc(format_term(t.within))} <span class='sl-muted'>({esc(t.calendar)})</span>{regional}"
            )
        rows.append(cells)
    valid = f"valid {contract.valid_from or '…'} to {contract.valid_until or '…'}"
    parts = [table(f"contract {contract.id}: {valid}", ["level", *metrics], rows)]
    parts.append(
        table(
            "calendars",
            ["name", "written as"],
            [[esc(name), f"<code>{esc(repr(cal))}</code>"] for name, cal in contract.calendars.items()],
        )
    )
    if contract.escalation:
        parts.append(
            table(
                "escalation",
                ["level", "after", "to", "calendar"],
                [
                    [esc(s.level), esc(format_term(s.after)), esc(s.to), esc(s.calendar)]
                    for s in contract.escalation
                ],
            )
        )
    if contract.warranty is not None:
        w = contract.warranty
        parts.append(
            table(
                "warranty",
                ["term", "from", "last day"],
                [[esc(format_term(w.term)), esc(w.starts), esc(w.last_day or "— (start not known yet)")]],
            )
        )
    return fragment(*parts, label=f"contract {contract.id}")


def decision_html(decision: Decision) -> str:
    verdict = "covered ✓" if decision.covered else "not covered ✗"
    cls = "sl-met" if decision.covered else "sl-breached"
    rows = [[esc(r.code), esc(r.text("en")), esc(r.text("zh"))] for r in decision.reasons]
    until = f", until {decision.until.isoformat()}" if decision.until else ""
    return fragment(
        f"<p class='{cls}'><strong>{esc(verdict)}</strong>{esc(until)}</p>",
        table("reasons", ["code", "reason", "理由"], rows),
        label=verdict,
    )


@attrs.frozen
class ComplianceChart:
    """Met rate per period and level from `Contract.compliance(frame, by=period)`: bars with labels.

    ``metric`` picks one metric; by default the rates of all metrics are pooled
    (met / (met + breached) over them). One group per period holds a bar for
    each level with closed tickets in it, under the period's label; each bar
    carries its rate, its number of closed tickets (``n=1``: one ticket decided
    it) and its level's name, so the chart reads without colour; a legend names
    the colours. Where the contract states a goal (``goal = 0.95`` on a
    target), a dashed line per level marks it: for one metric, its goal; pooled,
    only when every metric of the level has the same goal.
    """

    table: Any = attrs.field(repr=lambda t: f"<{len(t)} rows>")
    by: str = "month"
    metric: str | None = None

    def __attrs_post_init__(self) -> None:
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

    def _rates(
        self,
    ) -> tuple[list[str], list[str], dict[tuple[str, str], tuple[float, int]], dict[str, float]]:
        """Periods, levels, (met rate, closed tickets) per period and level, and the goal per level
        where one goal applies to all its rows (the metric's, or the same for every metric pooled)."""
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
        rates: dict[tuple[str, str], tuple[float, int]] = {}
        for (p, lv), row in grouped.iterrows():
            closed = int(row["met"]) + int(row["breached"])
            if closed:
                rates[(str(p), str(lv))] = (int(row["met"]) / closed, closed)
        goals: dict[str, float] = {}
        if "goal" in frame.columns:
            for lv, rows in frame.groupby("level", sort=True):
                values = pd.to_numeric(rows["goal"], errors="coerce")
                if len(values) and values.notna().all() and values.nunique() == 1:
                    goals[str(lv)] = float(values.iloc[0])
        return periods, levels, rates, goals

    def _repr_html_(self) -> str:
        periods, levels, rates, goals = self._rates()
        what = self.metric or "all metrics"
        title = f"met rate per {self.by} and level ({what})"
        colour = {lv: f"sl-lv{i % 6}" for i, lv in enumerate(levels)}
        left, plot_top, plot_h, pad, gap = 44, 56, 160, 6, 14
        base = plot_top + plot_h
        present = {p: [lv for lv in levels if (p, lv) in rates] for p in periods}
        slot = max(
            [34.0]
            + [text_width(f"n={n}", 9) + 10 for _, n in rates.values()]
            + [text_width(lv, 9) + 6 for lv in levels]
        )
        groups: list[tuple[str, float, float]] = []  # period, x0, x1
        x = float(left + gap)
        for p in periods:
            w = max(len(present[p]) * slot, text_width(p) + 4) + 2 * pad
            groups.append((p, x, x + w))
            x += w + gap
        goal_labels = [f"{lv} goal {goals[lv]:.0%}" for lv in levels if lv in goals]
        right = 8 + max([text_width(t) for t in goal_labels], default=0)
        plot_right = x
        width = old_width = round(
            max(plot_right + right + 4, left + text_width("n = closed tickets (met + breached)") + 4), 2
        )
        height = base + 54
        parts = [
            f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}' role='img' aria-label='{esc(title)}'><title>{esc(title)}</title>"
        ]
        # the legend: one swatch per level, and the goal line's look
        lx = float(left)
        for lv in levels:
            parts.append(
                f"<rect class='{colour[lv]} sl-legend' x='{lx}' y='8' width='12' height='12' "
                f"data-level='{esc(lv)}'/><text x='{lx + 16}' y='18'>{esc(lv)}</text>"
            )
            lx += 16 + text_width(lv) + 14
        if goals:
            parts.append(
                f"<line class='sl-goal sl-axis' x1='{lx}' y1='14' x2='{lx + 18}' y2='14'/>"
                f"<text x='{lx + 22}' y='18'>goal (the contract's)</text>"
            )
            lx += 22 + text_width("goal (the contract's)") + 14
        note = "n = closed tickets (met + breached)"
        parts.append(f"<text x='{left}' y='{height - 4}' class='sl-muted'>{esc(note)}</text>")
        if lx - 14 > width - 4:  # the legend is wider than the bars: widen the drawing
            width = round(lx - 10, 2)
            parts[0] = (
                parts[0]
                .replace(f"width='{old_width}'", f"width='{width}'")
                .replace(f"viewBox='0 0 {old_width} ", f"viewBox='0 0 {width} ")
            )
        for pct in (0, 50, 100):
            y = base - plot_h * pct / 100
            parts.append(
                f"<line class='sl-axis' x1='{left}' y1='{y}' x2='{plot_right}' y2='{y}' "
                "stroke-opacity='0.25'/>"
                f"<text x='4' y='{y + 4}'>{pct}%</text>"
            )
        for p, x0, x1 in groups:
            parts.append(
                f"<g class='sl-period' data-period='{esc(p)}'>"
                f"<rect class='sl-group' x='{round(x0, 2)}' y='{plot_top - 28}' width='{round(x1 - x0, 2)}' "
                f"height='{plot_h + 58}' data-period='{esc(p)}'/>"
            )
            inner = len(present[p]) * slot
            bx0 = (x0 + x1) / 2 - inner / 2
            for j, lv in enumerate(present[p]):
                rate, closed = rates[(p, lv)]
                h = round(plot_h * rate, 2)
                bx = round(bx0 + j * slot + 2, 2)
                cx = round(bx + (slot - 4) / 2, 2)
                goal = goals.get(lv)
                tip = f"{p} {lv} {rate:.0%}: {round(rate * closed)} of {closed} met"
                verdict = "" if goal is None else f"; goal {goal:.0%} {'met' if rate >= goal else 'missed'}"
                parts.append(
                    f"<rect class='{colour[lv]}' x='{bx}' y='{round(base - h, 2)}' width='{slot - 4}' "
                    f"height='{h}' data-period='{esc(p)}' data-level='{esc(lv)}' data-rate='{rate:.6f}' "
                    f"data-closed='{closed}'>"
                    f"<title>{esc(tip + verdict)}"
                    "</title></rect>"
                    f"<text x='{cx}' y='{round(base - h - 14, 2)}' font-size='9' text-anchor='middle' "
                    f"class='sl-rate'>{esc(f'{rate:.0%}')}</text>"
                    f"<text x='{cx}' y='{round(base - h - 4, 2)}' font-size='9' text-anchor='middle' "
                    f"class='sl-count' data-level='{esc(lv)}'>{esc(f'n={closed}')}</text>"
                    f"<text x='{cx}' y='{base + 12}' font-size='9' text-anchor='middle'>{esc(lv)}</text>"
                )
            parts.append(
                f"<text x='{round((x0 + x1) / 2, 2)}' y='{base + 28}' text-anchor='middle' "
                f"class='sl-period-label'>{esc(p)}</text></g>"
            )
        last = -1e9
        for lv in sorted(goals, key=lambda k: -goals[k]):
            y = round(base - plot_h * goals[lv], 2)
            ty = max(y + 4, last + 12)
            last = ty
            parts.append(
                f"<line class='sl-goal {colour[lv]}' x1='{left}' y1='{y}' x2='{plot_right}' y2='{y}' "
                f"data-level='{esc(lv)}' data-goal='{goals[lv]}'>"
                f"<title>{esc(f'{lv} goal: {goals[lv]:.0%} met')}</title></line>"
                f"<text x='{round(plot_right + 4, 2)}' y='{ty}'>{esc(f'{lv} goal {goals[lv]:.0%}')}</text>"
            )
        parts.append("</svg>")
        header = [self.by, "level", "met rate", "closed"] + (["goal"] if goals else [])
        rows = [
            [esc(p), esc(lv), f"{rates[(p, lv)][0]:.1%}", str(rates[(p, lv)][1])]
            + ([f"{goals[lv]:.0%}" if lv in goals else "—"] if goals else [])
            for p in periods
            for lv in levels
            if (p, lv) in rates
        ]
        return fragment(
            f"<div class='sl-scroll'>{''.join(parts)}</div>", table(title, header, rows), label=title
        )


def rows_html(caption: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    return fragment(table(caption, header, [[esc(c) for c in r] for r in rows]), label=caption)


def commitments_html(found: Any) -> str:
    """A letter's promises (kind, grade, what, term, quote) and the sentences left unclear."""
    rows = []
    for p in found:
        what = p.metric or p.coverage or p.activity or (f"cap {p.cap}" if p.cap else "")
        term = p.within if p.within is not None else p.every
        grade = " ".join(x for x in (p.level, p.region) if x)
        rows.append(
            [
                esc(p.kind),
                esc(grade) or "<span class='sl-muted'>—</span>",
                esc(what),
                esc(describe_term(term, "zh")) if term is not None else "",
                f"<span title='offset {p.span[0]}'>{esc(p.quote)}</span>",
            ]
        )
    parts = [
        table(
            f"{found.name or 'letter'}: {len(found)} promise{'' if len(found) == 1 else 's'}",
            ["kind", "grade", "what", "term", "quote"],
            rows,
        )
    ]
    if found.unclear:
        parts.append(
            table(
                f"{len(found.unclear)} sentence{' looks' if len(found.unclear) == 1 else 's look'} "
                "like promises but could not be read",
                ["why", "quote"],
                [[esc(u.reason), esc(u.quote)] for u in found.unclear],
            )
        )
    return fragment(*parts, label=f"promises of {found.name or 'a letter'}")


def comparison_html(comparison: Any) -> str:
    """Letters side by side; each cell's quotes on hover (``title``), no JavaScript."""
    rows = []
    for label, cells in zip(comparison.rows, comparison.cells, strict=True):
        line = [f"<strong>{esc(label)}</strong>"]
        for c in cells:
            quotes = " / ".join(p.quote for p in c.promises)
            line.append(f"<span title='{esc(quotes)}'>{esc(c.text)}</span>" if quotes else esc(c.text))
        rows.append(line)
    n = len(comparison.letters)
    caption = f"{n} {'letter' if n == 1 else 'letters'} compared"
    return fragment(table(caption, ["", *comparison.letters], rows), label=caption)
