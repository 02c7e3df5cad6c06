"""The monthly service report as HTML: a notebook fragment, and a page `Report.to_html` writes.

Tables only, each with a caption, and every state in words beside its colour: the money first
(what is payable, what the cap cut, the credits), then the met rates against the goals, the
update promise per level, the breaches, availability, and the terms the report applied.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from servicelevel.terms import format_share, format_term
from servicelevel.views._html import esc, fmt_duration, fmt_instant, fragment, table

if TYPE_CHECKING:
    from servicelevel.sla import Report

__all__ = ["report_html", "report_page"]

_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark">
<title>{title}</title>
<style>body {{ margin: 16px; background: Canvas; color: CanvasText; }}</style></head>
<body>{body}</body></html>
"""


# a state said in words, in a tag strong enough to tell at a glance (the row tints are faint)
_TAGS = (
    "<style>.sl-view .sl-tag { padding: 0 4px; border-radius: 3px; font-weight: 600; }"
    ".sl-view .sl-tag-bad { background: rgba(218,54,51,0.55); }"
    ".sl-view .sl-tag-good { background: rgba(46,160,67,0.50); }</style>"
)


def _tag(good: bool | None, yes: str = "met", no: str = "missed") -> str:
    if good is None:
        return "<span class='sl-muted'>—</span>"
    return f"<span class='sl-tag sl-tag-{'good' if good else 'bad'}'>{yes if good else no}</span>"


def _money(value: Decimal | None, currency: str | None) -> str:
    if value is None:
        return "<span class='sl-muted'>—</span>"
    return esc(f"{value:,}" + (f" {currency}" if currency else ""))


def _rate(value: float | Decimal | None) -> str:
    if value is None:
        return "<span class='sl-muted'>— (none closed)</span>"
    return esc(f"{float(value) * 100:.2f} %")


def _hours(value: dt.timedelta) -> str:
    return esc(fmt_duration(value)) if value else "0"


def report_html(report: Report) -> str:
    """The report as a self-contained fragment (its own style, no scripts)."""
    cur = report.currency
    head = (
        f"<p><strong>{esc(report.contract)}</strong> — monthly service report {report.month:%Y-%m}"
        f"<br/>{esc(report.customer)} · {esc(report.vendor)} · judged at {esc(fmt_instant(report.at))}"
        f" · {report.tickets} tickets reported in the month</p>"
    )
    money = table(
        "what is owed this month",
        ["", "amount"],
        [
            ["penalties before the monthly cap", _money(report.penalties_raw, cur)],
            ["monthly cap", _money(report.penalties_cap, cur)],
            ["penalties payable", f"<strong>{_money(report.penalties_payable, cur)}</strong>"],
            ["cut by the cap", _money(report.penalties_cut, cur)],
            ["service credits", f"<strong>{_money(report.credits, cur)}</strong>"],
        ],
    )
    levels = table(
        "service levels: promises due in the month",
        ["level", "metric", "due", "met", "breached", "open", "met rate", "goal", "goal met"],
        [
            [
                esc(x.level),
                esc(x.metric),
                str(x.due),
                str(x.met),
                str(x.breached),
                str(x.open),
                _rate(x.met_rate),
                _rate(x.goal) if x.goal is not None else "<span class='sl-muted'>—</span>",
                _tag(x.goal_met),
            ]
            for x in report.levels
        ],
        classes=[{True: "sl-met", False: "sl-breached", None: ""}[x.goal_met] for x in report.levels],
    )
    parts = [_TAGS, head, money, levels]
    if report.updates:  # 每N小时通报进展: no one due, so a line per level of its own
        parts.append(_updates(report))
    breaches = table(
        f"breaches ({len(report.breaches)})",
        ["ticket", "level", "metric", "", "due", "late (business time)", "penalty"],
        [
            [
                esc(b.ticket),
                esc(b.level),
                esc(b.metric),
                _tag(False, no="breached"),
                esc(fmt_instant(b.due, with_zone=False)),
                _hours(b.late),
                _money(b.penalty, cur),
            ]
            for b in report.breaches
        ],
        classes=["sl-breached"] * len(report.breaches),
    )
    parts.append(breaches)
    if report.services:
        parts.append(
            table(
                "availability",
                [
                    "service",
                    "scheduled",
                    "down",
                    "availability",
                    "target",
                    "",
                    "credit",
                    "credit amount",
                    "outages",
                ],
                [
                    [
                        esc(s.service),
                        _hours(s.scheduled),
                        _hours(s.down),
                        esc(f"{s.availability * 100:.3f} %"),
                        esc(f"{s.target * 100:.3f} %"),
                        _tag(s.met),
                        esc(format_share(s.credit)),
                        _money(s.credit_amount, cur),
                        str(s.outages),
                    ]
                    for s in report.services
                ],
                classes=["sl-met" if s.met else "sl-breached" for s in report.services],
            )
        )
    parts.append(
        table("terms applied", ["", ""], [[esc(k), f"<code>{esc(v)}</code>"] for k, v in report.terms])
    )
    return fragment(*parts, label=f"service report {report.contract} {report.month:%Y-%m}")


def _updates(report: Report) -> str:
    """The update promise per level: tickets met, breached and open, updates missed, longest silence."""
    header = ["level", "every", "calendar", "", "tickets", "met", "breached", "open", "updates missed",
              "longest silence (business time)"]  # fmt: skip
    rows = [
        [esc(u.level), esc(format_term(u.every)), esc(u.calendar),
         _tag(not u.breached if u.tickets else None, yes="kept", no="broken"), str(u.tickets), str(u.met),
         str(u.breached), str(u.open), str(u.missed), _hours(u.longest)]
        for u in report.updates
    ]  # fmt: skip
    classes = ["sl-breached" if u.breached else "sl-met" if u.met else "" for u in report.updates]
    caption = "updates to the customer: tickets whose update clock stopped in the month or runs on"
    return table(caption, header, rows, classes=classes)


def report_page(report: Report) -> str:
    """The report as a page of its own (UTF-8 HTML), in light or dark as the reader's system is."""
    title = f"{report.contract} {report.month:%Y-%m}"
    return _PAGE.format(title=esc(title), body=report_html(report))
