"""HTML for contracts, warranties, decisions and every other public value; the compliance chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from servicelevel.errors import IncidentError, InvalidOptionError
from servicelevel.terms import format_term
from servicelevel.views._html import esc, fmt_duration, fragment, table

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
    metrics = [m for m, _ in contract.metrics if any(lv.target(m) for lv in contract.levels)]
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
            [[esc(name), f"<code>{esc(repr(cal))}</code>"] for name, cal in contract.calendars],
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
    (met / (met + breached) over them). Each bar is labelled with its level and
    rate, so the chart reads without colour.
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

    def _rates(self) -> tuple[list[str], list[str], dict[tuple[str, str], tuple[float, int]]]:
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
        return periods, levels, rates

    def _repr_html_(self) -> str:
        periods, levels, rates = self._rates()
        what = self.metric or "all metrics"
        title = f"met rate per {self.by} and level ({what})"
        plot_h, top, left = 160, 24, 44
        group_w = max(40, min(120, (760 - left) // max(len(periods), 1)))
        bar_w = max(8, (group_w - 10) // max(len(levels), 1))
        width = left + group_w * len(periods) + 10
        parts = [
            f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{top + plot_h + 40}' "
            "role='img' "
            f"aria-label='{esc(title)}'><title>{esc(title)}</title>"
        ]
        for pct in (0, 50, 100):
            y = top + plot_h - plot_h * pct / 100
            parts.append(
                f"<line class='sl-axis' x1='{left}' y1='{y}' x2='{width - 4}' y2='{y}' "
                "stroke-opacity='0.25'/>"
                f"<text x='4' y='{y + 4}'>{pct}%</text>"
            )
        shades = ["sl-bar-met", "sl-bar-running", "sl-bar-pending", "sl-bar-breached"]
        for i, period in enumerate(periods):
            x0 = left + i * group_w + 4
            for j, level in enumerate(levels):
                got = rates.get((period, level))
                if got is None:
                    continue
                rate, closed = got
                h = round(plot_h * rate, 2)
                x = x0 + j * bar_w
                parts.append(
                    f"<rect class='{shades[j % len(shades)]}' x='{x}' y='{top + plot_h - h}' "
                    f"width='{bar_w - 2}' height='{h}' data-period='{esc(period)}' "
                    f"data-level='{esc(level)}' data-rate='{rate:.6f}'>"
                    f"<title>{esc(f'{period} {level}: {rate:.0%} of {closed} met')}</title></rect>"
                    f"<text x='{x}' y='{top + plot_h - h - 3}' font-size='9'>"
                    f"{esc(f'{level} {rate:.0%}')}</text>"
                )
            parts.append(f"<text x='{x0}' y='{top + plot_h + 14}'>{esc(period)}</text>")
        parts.append("</svg>")
        rows = [
            [esc(p), esc(lv), f"{rates[(p, lv)][0]:.1%}", str(rates[(p, lv)][1])]
            for p in periods
            for lv in levels
            if (p, lv) in rates
        ]
        return fragment(
            "".join(parts), table(title, [self.by, "level", "met rate", "closed"], rows), label=title
        )


def rows_html(caption: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    return fragment(table(caption, header, [[esc(c) for c in r] for r in rows]), label=caption)
