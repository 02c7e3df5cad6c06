"""HTML for contracts, warranty decisions, letters and every other public value (a field table)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from servicelevel.terms import describe_term, format_share, format_term
from servicelevel.views._html import esc, fmt_duration, fragment, table

if TYPE_CHECKING:
    from servicelevel.sla import Contract
    from servicelevel.warranty import Decision

__all__ = [
    "commitments_html",
    "comparison_html",
    "contract_html",
    "decision_html",
    "rows_html",
    "value_html",
]


def _cell(value: Any) -> str:
    """A field's value as a cell: business time and terms as contracts write them, a repr otherwise."""
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


_OF_TICKETS = "<span class='sl-muted'>of tickets</span>"


def _step_when(step: Any) -> str:
    """``30m`` (after the report), or ``30m before resolution``."""
    if step.before is not None:
        return f"{format_term(step.before)} before {step.counts_from}"
    return format_term(step.after)


def contract_html(contract: Contract) -> str:
    """Levels × metrics with terms, calendars and regions; the calendars; escalation steps."""
    metrics = [m for m, _ in contract.metrics.items() if any(lv.target(m) for lv in contract.levels)]
    told = any(lv.update is not None for lv in contract.levels)
    rows = []
    for level in contract.levels:
        cells = [f"<strong>{esc(level.key)}</strong> {esc(level.name)}"]
        for m in metrics:
            t = level.target(m)
            if t is None:
                cells.append("<span class='sl-muted'>— (no promise)</span>")
                continue
            regional = ""
            for r, _ in t.regions:  # each region's term, and its own calendar where it has one
                own = t.for_region(r)
                cal = (
                    ""
                    if own.calendar == t.calendar
                    else (f" <span class='sl-muted'>({esc(own.calendar)})</span>")
                )
                regional += f"<br/>{esc(r)}: {esc(format_term(own.within))}{cal}"
            goal = "" if t.goal is None else f"<br/>goal {esc(format_share(t.goal))} {_OF_TICKETS}"
            term = f"{esc(format_term(t.within))} <span class='sl-muted'>({esc(t.calendar)})</span>"
            penalty = "" if t.penalty is None else f"<br/>penalty: {esc(t.penalty.describe())}"
            if t.warnings is not None:  # its own warnings before the due, over the contract's
                penalty += f"<br/>warnings: {esc(', '.join(p.label for p in t.warnings) or 'none')}"
            cells.append(f"{term}{regional}{goal}{penalty}")
        if told:  # 每N小时通报进展
            u = level.update
            cells.append(
                "<span class='sl-muted'>—</span>"
                if u is None
                else f"every {esc(format_term(u.every))} <span class='sl-muted'>({esc(u.calendar)}, "
                f"from {esc(' or '.join(u.starts))} to {esc(' or '.join(u.stop))})</span>"
            )
        rows.append(cells)
    valid = f"valid {contract.valid_from or '…'} to {contract.valid_until or '…'}"
    header = ["level", *metrics, *(["update"] if told else [])]
    parts = [table(f"contract {contract.id}: {valid}", header, rows)]
    parts.append(
        table(
            "calendars",
            ["name", "written as"],
            [[esc(name), f"<code>{esc(repr(cal))}</code>"] for name, cal in contract.calendars.items()],
        )
    )
    if contract.warnings:
        parts.append(f"<p>warnings at {esc(', '.join(p.label for p in contract.warnings))}</p>")
    if contract.escalation:
        parts.append(
            table(
                "escalation",
                ["level", "after", "to", "calendar"],
                [[esc(s.level), esc(_step_when(s)), esc(s.to), esc(s.calendar)] for s in contract.escalation],
            )
        )
    if contract.amendments:  # what each changes, for tickets reported from its date on
        steps = zip(contract.amendments, contract.versions, contract.versions[1:], strict=False)
        parts.append(
            table(
                "amendments (tickets reported from the date on)",
                ["from", "reason", "changes"],
                [
                    [
                        esc(a.from_.isoformat()),
                        esc(a.reason),
                        "<br/>".join(esc(str(c)) for c in old.diff(new)),
                    ]
                    for a, old, new in steps
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
    """A warranty decision: covered or not (until when), its reasons in English and Chinese."""
    verdict = "covered ✓" if decision.covered else "not covered ✗"
    cls = "sl-met" if decision.covered else "sl-breached"
    rows = [[esc(r.code), esc(r.text("en")), esc(r.text("zh"))] for r in decision.reasons]
    until = f", until {decision.until.isoformat()}" if decision.until else ""
    return fragment(
        f"<p class='{cls}'><strong>{esc(verdict)}</strong>{esc(until)}</p>",
        table("reasons", ["code", "reason", "理由"], rows),
        label=verdict,
    )


def rows_html(caption: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table of plain-text cells (escaped here) as a view."""
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
