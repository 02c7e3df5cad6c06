"""``servicelevel report``: a month of service from CSV tables — what is owed, the met rates, the
breaches, availability — on the terminal, as JSON, and as HTML and Excel files."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from servicelevel.cli._terminal import Console, add_row, make_table, print_json, write_file
from servicelevel.errors import InvalidOptionError, ServiceLevelError
from servicelevel.io import load_contract, report_xlsx
from servicelevel.terms import format_term

__all__ = ["run_report"]


def _csv(option: str, path: str, ticket: str | None = None) -> Any:
    """A CSV file as a pandas table (text cells; instants are read by the library), the ticket
    column as its index where one is named."""
    try:
        import pandas as pd
    except ImportError:
        raise ServiceLevelError(
            f"{option}: reading tables needs pandas; pip install 'servicelevel[columns]'"
        ) from None
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, ValueError) as e:
        raise InvalidOptionError(f"{option}: cannot read {path!r} as CSV: {e}") from None
    if ticket is not None:
        if ticket not in table.columns:
            columns = ", ".join(map(str, table.columns))
            raise InvalidOptionError(f"--ticket-column: {path!r} has no column {ticket!r}; it has {columns}")
        table = table.set_index(ticket)
    return table


def _hours(span: dt.timedelta) -> str:
    """Business time as hours and minutes, ``740:00`` (one line, whatever the length)."""
    minutes = span // dt.timedelta(minutes=1)
    return f"{minutes // 60}:{minutes % 60:02d}"


def run_report(args: argparse.Namespace) -> int:
    """The month's report of a contract over its tickets (and outages, pauses)."""
    from servicelevel.views import report_page

    contract = load_contract(args.contract)
    tickets = _csv("--tickets", args.tickets, args.ticket_column)
    outages = None if args.outages is None else _csv("--outages", args.outages)
    pauses = None if args.pauses is None else _csv("--pauses", args.pauses)
    updates = None if args.updates is None else _csv("--updates", args.updates)
    try:
        report = contract.report(
            args.month, tickets=tickets, outages=outages, pauses=pauses, updates=updates, at=args.at
        )
    except ServiceLevelError as e:
        if e.field in ("month", "at"):
            raise e.restated(f"--{e.field}") from None
        raise
    if args.html:
        write_file("--html", args.html, report_page(report).encode("utf-8"), args.force)
    if args.xlsx:
        write_file("--xlsx", args.xlsx, report_xlsx(report), args.force)
    if args.json:
        print_json(report.to_dict())
        return 0
    cur = f" {report.currency}" if report.currency else ""
    console = Console()
    money = make_table(
        f"{report.contract} — {report.month:%Y-%m}, judged at {report.at:%Y-%m-%d %H:%M %Z}; "
        f"{report.tickets} tickets reported",
        ["", "amount"],
    )
    cap = "none" if report.penalties_cap is None else f"{report.penalties_cap:,}{cur}"
    for name, value in (("penalties before the cap", f"{report.penalties_raw:,}{cur}"), ("monthly cap", cap),
                        ("penalties payable", f"{report.penalties_payable:,}{cur}"),
                        ("cut by the cap", f"{report.penalties_cut:,}{cur}"),
                        ("service credits", f"{report.credits:,}{cur}")):  # fmt: skip
        add_row(money, name, value)
    console.print(money)
    for name, said in report.terms:  # the terms the month was judged by, and amendments within it
        if name == "terms" or name.startswith("amendment"):
            console.print(f"{name}: {said}")
    if args.updates is None and any(lv.update is not None for lv in contract.levels):
        console.print(
            "updates: no --updates table given: every update promise is judged as if none was given"
        )
    levels = make_table(
        "service levels (promises due in the month)",
        ["level", "metric", "due", "met", "breached", "open", "met rate", "goal"],
    )
    for x in report.levels:
        rate = "—" if x.met_rate is None else f"{x.met_rate:.1%}"
        goal = "—" if x.goal is None else f"{x.goal:.0%} ({'met' if x.goal_met else 'missed'})"
        add_row(levels, x.level, x.metric, str(x.due), str(x.met), str(x.breached), str(x.open), rate, goal)
    console.print(levels)
    if report.updates:
        told = make_table(
            "updates to the customer (clocks stopped in the month, or running)",
            ["level", "every", "tickets", "met", "breached", "open", "missed", "longest (h:mm)"],
        )
        for u in report.updates:
            add_row(told, u.level, format_term(u.every), str(u.tickets), str(u.met), str(u.breached),
                    str(u.open), str(u.missed), _hours(u.longest))  # fmt: skip
        console.print(told)
    breaches = make_table(
        f"breaches ({len(report.breaches)})", ["ticket", "level", "metric", "due", "late (h:mm)", "penalty"]
    )
    for b in report.breaches:
        penalty = "—" if b.penalty is None else f"{b.penalty:,}"
        add_row(breaches, b.ticket, b.level, b.metric, f"{b.due:%Y-%m-%d %H:%M}", _hours(b.late), penalty)
    console.print(breaches)
    if report.services:
        services = make_table(
            "availability", ["service", "scheduled (h:mm)", "down (h:mm)", "availability", "target", "credit"]
        )
        for s in report.services:
            credit = f"{s.credit:.0%}" + ("" if s.credit_amount is None else f" = {s.credit_amount:,}{cur}")
            add_row(services, s.service, _hours(s.scheduled), _hours(s.down), f"{s.availability:.3%}",
                    f"{s.target:.3%}", credit)  # fmt: skip
        console.print(services)
    return 0
