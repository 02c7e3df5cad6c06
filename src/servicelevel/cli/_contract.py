"""``servicelevel check`` (a contract's levels, targets, calendars, warranty, workflow) and
``servicelevel due`` (when each promise falls due for one fault)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from servicelevel.cli._options import options
from servicelevel.cli._terminal import Console, add_row, make_table, print_json, write_ics
from servicelevel.errors import ServiceLevelError
from servicelevel.io import contract_json, deadline_json, load_contract
from servicelevel.terms import format_share, format_term

if TYPE_CHECKING:
    from servicelevel.calendar import BusinessCalendar
    from servicelevel.sla import Contract

__all__ = ["run_check", "run_diff", "run_due"]


# ---------------------------------------------------------------------------- check
def run_check(args: argparse.Namespace) -> int:
    """Validate a contract file and show it: levels × metrics, calendars, warranty, workflow."""
    contract = load_contract(args.contract)
    if args.json:
        print_json(contract_json(contract))
        return 0
    metrics = [m for m, _ in contract.metrics.items() if any(lv.target(m) for lv in contract.levels)]
    term = f"valid {contract.valid_from or '…'} to {contract.valid_until or '…'}"
    table = make_table(f"contract {contract.id}: {len(contract.levels)} levels, {term}", ["level", *metrics])
    for level in contract.levels:
        cells = []
        for m in metrics:
            t = level.target(m)
            if t is None:
                cells.append("—")
                continue
            regional = ""
            for r, _ in t.regions:  # each region's term, and its own calendar where it has one
                own = t.for_region(r)
                regional += f"\n{r}: {format_term(own.within)}"
                regional += "" if own.calendar == t.calendar else f" ({own.calendar})"
            goal = "" if t.goal is None else f"\ngoal {format_share(t.goal)}"
            penalty = "" if t.penalty is None else f"\npenalty: {t.penalty.describe()}"
            if t.warnings is not None:  # its own warnings before the due, over the contract's
                penalty += f"\nwarnings: {', '.join(p.label for p in t.warnings) or 'none'}"
            cells.append(f"{format_term(t.within)} ({t.calendar}){regional}{goal}{penalty}")
        add_row(table, f"{level.key} {level.name}".strip(), *cells)
    console = Console()
    console.print(table)
    for level in contract.levels:  # 每N小时通报进展: beside the table, which has no room for it
        u = level.update
        if u is not None:
            console.print(
                f"{level.key} updates the customer every {format_term(u.every)} ({u.calendar}), "
                f"from {' or '.join(u.starts)} to {' or '.join(u.stop)}"
            )
    cal_table = make_table("calendars", ["name", "zone", "country", "week", "changes"])
    for name, cal in contract.calendars.items():
        changes = "; ".join(f"from {d}: {_week_text(part)}" for d, part in cal.changes)
        add_row(cal_table, name, cal.tz, cal.country or "—", _week_text(cal), changes or "—")
    console.print(cal_table)
    warned = ", ".join(p.label for p in contract.warnings) or "none"
    console.print(f"{len(contract.escalation)} escalation steps; warnings at {warned}")
    if contract.escalation:  # each step: after the report, or counted back from a metric's due
        steps = make_table("escalation", ["level", "when", "to", "calendar"])
        for step in contract.escalation:
            if step.before is not None:
                when = f"{format_term(step.before)} before {step.counts_from}'s due"
            else:
                when = f"{format_term(step.after)} after the report" if step.after is not None else "—"
            add_row(steps, step.level, when, step.to, step.calendar or step.counts_from + "'s")
        console.print(steps)
    if contract.warranty is not None:
        console.print(f"warranty: {_warranty_text(contract)}; {len(contract.charges)} charge bands")
    if contract.penalty_terms is not None:
        terms = contract.penalty_terms
        cap = terms.cap_of_month()
        money = [f"currency {terms.currency or '(none: to the cent)'}"]
        if terms.monthly_fee is not None:
            money.append(f"monthly fee {terms.monthly_fee:,}")
        money.append("no monthly cap" if cap is None else f"at most {cap:,} a month")
        console.print(f"penalties: {', '.join(money)}")
    for key, service in contract.availability_targets.items():
        bands = ", ".join(f"below {format_share(b.below)}: {format_share(b.credit)}" for b in service.credits)
        console.print(
            f"availability {key} {service.name}: {format_share(service.target)} a {service.period}"
            + (f"; credits {bands}" if bands else "")
            + (f" of {service.fee:,}" if service.fee is not None else "")
        )
    if contract.amendments:  # each amendment with what it changes, for tickets reported from its date
        amended = make_table("amendments (tickets reported from the date on)", ["from", "reason", "changes"])
        for a, old, new in zip(contract.amendments, contract.versions, contract.versions[1:], strict=False):
            add_row(amended, a.from_.isoformat(), a.reason or "—", str(old.diff(new)))
        console.print(amended)
    if contract.schedules:
        console.print(f"schedules: {', '.join(s.name for s in contract.schedules)}")
    if contract.workflow is not None:
        wf = contract.workflow
        levels = dict(wf.levels)
        flow = make_table(
            f"workflow: {len(wf.statuses)} statuses; any other status: {wf.unknown or 'an error'}",
            ["status", "means", "level label", "level"],
        )
        labels = list(levels.items())
        for i in range(max(len(wf.statuses), len(labels))):
            status, action = wf.statuses[i] if i < len(wf.statuses) else ("", "")
            label, key = labels[i] if i < len(labels) else ("", "")
            add_row(flow, status, action, label, key)
        console.print(flow)
        if wf.update_column is not None:
            values = ", ".join(wf.updates)
            console.print(f"update rows: column {wf.update_column} = {values} (the row's status is read too)")
        elif wf.updates:
            console.print(f"update rows (the status stays): {', '.join(wf.updates)}")
    return 0


def _warranty_text(contract: Contract) -> str:
    """``3 years from acceptance (2023-06-15), extended by 6 months; last covered day 2026-12-15``."""
    w = contract.warranty
    assert w is not None
    starts = w.starts if isinstance(w.starts, str) else w.starts.isoformat()
    dated = dict(w.dates).get(starts) if isinstance(w.starts, str) else None
    text = f"{format_term(w.term)} from {starts}" + (f" ({dated})" if dated else "")
    if w.extension is not None:
        text += f", extended by {format_term(w.extension)}"
    try:
        return f"{text}; last covered day {w.last_day}"
    except ServiceLevelError as e:  # e.g. its start event is not dated yet
        return f"{text}; {e}"


def _week_text(cal: BusinessCalendar) -> str:
    """``Mon-Fri 09:00-17:00``: runs of days with the same hours."""
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    runs: list[tuple[int, int, str]] = []
    for i, h in enumerate(cal.week):
        if runs and runs[-1][2] == str(h) and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i, str(h))
        else:
            runs.append((i, i, str(h)))
    parts = [f"{names[a]}{'-' + names[b] if b > a else ''} {h}" for a, b, h in runs if h]
    return ", ".join(parts) or "closed"


# ---------------------------------------------------------------------------- due
_DUE = {"t": "--at", "reported_at": "--at", "instant": "--at", "level": "--level", "region": "--region"}


def run_due(args: argparse.Namespace) -> int:
    """The deadlines of one fault (a table, ``--explain``ed, JSON, or an ``--ics`` file)."""
    contract = load_contract(args.contract)
    with options(_DUE):
        deadlines = contract.deadlines(
            args.level, reported_at=args.at, region=args.region, out_of_term=args.out_of_term
        )
        reported = contract.instant(args.at)
    if args.ics:
        from servicelevel.io import deadlines_to_ics

        title = f"{contract.id} {args.level} reported {reported.isoformat()}"
        if write_ics(args.ics, deadlines_to_ics(title, deadlines), args.force):
            return 0
    if args.json:
        out = {
            "level": args.level,
            "reported_at": reported.isoformat(),
            "region": args.region,
            "deadlines": {m: deadline_json(d, args.explain) for m, d in deadlines.items()},
        }
        print_json(out)
        return 0
    level = contract.level(args.level)
    title = f"{contract.id}: {level.key} {level.name} reported {reported.format('ddd YYYY-MM-DD HH:mm Z')}"
    if args.region:
        title += f" in {args.region}"
    table = make_table(title, ["metric", "term", "calendar", "due"])
    for m, d in deadlines.items():
        # in its calendar's zone, with the offset where that is not the report's (a region's own clock)
        shown = "ddd YYYY-MM-DD HH:mm" + (" Z" if d.due and d.due.utcoffset() != reported.utcoffset() else "")
        due = d.due.format(shown) if d.due else "after its start event"
        add_row(table, m, format_term(d.term), d.calendar, due)
    console = Console()
    console.print(table)
    for level in contract.levels:  # 每N小时通报进展: beside the table, which has no room for it
        u = level.update
        if u is not None:
            console.print(
                f"{level.key} updates the customer every {format_term(u.every)} ({u.calendar}), "
                f"from {' or '.join(u.starts)} to {' or '.join(u.stop)}"
            )
    if args.explain:
        for d in deadlines.values():
            console.print(str(d.explain()))
            console.print()
    return 0


# ---------------------------------------------------------------------------- diff
def run_diff(args: argparse.Namespace) -> int:
    """What changed from one contract file to another (``--at DATE``: each as in force then)."""
    a, b = load_contract(args.old), load_contract(args.new)
    if args.at is not None:
        with options({"when": "--at", "from": "--at"}):
            a, b = a.at(args.at), b.at(args.at)
    changes = a.diff(b)
    if args.json:
        print_json([{"path": c.path, "old": c.old, "new": c.new} for c in changes])
        return 0
    table = make_table(f"{args.old} → {args.new}: {len(changes)} changes", ["path", "old", "new"])
    for c in changes:
        add_row(table, c.path, c.old or "(none)", c.new or "(none)")
    Console().print(table)
    return 0
