"""The ``servicelevel`` command line: check a contract, compute deadlines, show a calendar.

Tables go through rich (colours in a terminal, plain text when piped); ``--json``
prints machine-readable output. Bad input prints one line on stderr, never a traceback,
and the exit status says what went wrong:

- 0: the answer was printed;
- 1: the contract or the input is wrong (a `ServiceLevelError`: an unknown level, a date
  that is not one, a claim day the warranty cannot count…);
- 2: the command line itself is wrong (argparse's usage errors: an unknown option, a
  required one missing, options that cannot go together).

With ``--json`` the error is JSON too, one line on stderr:
``{"error": {"type": "OutOfTermError", "message": "--at: …"}}`` (``"UsageError"`` for
status 2), and each warning likewise ``{"warning": {"type": …, "message": …}}``. Messages
name the options (``--at``, ``--out-of-term``), not the library's parameters.

What a contract says reaches the terminal only as text: control characters in it (an
``ESC`` that would retitle or clear the terminal, a ``BEL``, C1 codes, bidirectional
overrides) are printed escaped (``\\x1b``), in tables, messages and JSON alike.

This module holds the parser, `main` and the table of commands; each command is a handler in
a module of its own (``_contract``: check, due; ``_warranty``; ``_calendar``: calendar,
schedule; ``_letters``: read, compare; ``_report``: report), writing through ``_terminal`` and
naming the options in the library's errors through ``_options``.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from servicelevel import __version__
from servicelevel.cli._calendar import run_calendar, run_schedule
from servicelevel.cli._contract import run_check, run_diff, run_due
from servicelevel.cli._letters import run_compare, run_read
from servicelevel.cli._options import OptionError
from servicelevel.cli._report import run_report
from servicelevel.cli._terminal import escape, json_line
from servicelevel.cli._warranty import run_warranty
from servicelevel.errors import ServiceLevelError, ServiceLevelWarning

__all__ = ["main"]

# Each command's handler: it prints the answer and returns the exit status, or raises a
# `ServiceLevelError` that `main` prints as one line.
_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": run_check,
    "due": run_due,
    "diff": run_diff,
    "warranty": run_warranty,
    "schedule": run_schedule,
    "read": run_read,
    "compare": run_compare,
    "calendar": run_calendar,
    "report": run_report,
}


_EPILOG = """\
exit status:
  0  the answer was printed
  1  the contract or the input is wrong (the message says which option or field, and why)
  2  the command line is wrong (an unknown option, a missing or conflicting one)
with --json, errors are one line of JSON on stderr: {"error": {"type": ..., "message": ...}}"""


class _Parser(argparse.ArgumentParser):
    """argparse's parser, its usage errors one line (JSON with ``--json``), status 2."""

    json_errors = False  # set by `main` when --json is on the command line

    def error(self, message: str) -> Any:  # one line, status 2 (argparse's own convention)
        if _Parser.json_errors:
            self.exit(2, json_line("error", "UsageError", message) + "\n")
        self.exit(2, f"servicelevel: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per entry of `_COMMANDS`, each with its options."""
    p = _Parser(
        prog="servicelevel",
        description="Service-level agreements as code.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"servicelevel {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="validate a contract file; show its levels and targets")
    check.add_argument("contract", help="path of a contract TOML file")
    check.add_argument("--json", action="store_true", help="print JSON")

    due = sub.add_parser("due", help="when each promise falls due for a fault")
    due.add_argument("contract", help="path of a contract TOML file")
    due.add_argument("--level", required=True, help="fault level key, e.g. P1")
    due.add_argument(
        "--at", required=True, help="when the customer reported it, ISO 8601 (e.g. 2026-02-13T16:30+08:00)"
    )
    due.add_argument("--region", help="region of the site, for regional targets (e.g. 北京)")
    due.add_argument("--explain", action="store_true", help="say why each deadline is where it is")
    due.add_argument("--out-of-term", action="store_true", help="compute even outside the contract's term")
    due.add_argument(
        "--ics", metavar="FILE", help="also write the deadlines as an iCalendar file ('-': standard output)"
    )
    due.add_argument("--force", action="store_true", help="replace the --ics file if it exists")
    due.add_argument("--json", action="store_true", help="print JSON")

    dif = sub.add_parser("diff", help="what changed from one contract file to another")
    dif.add_argument("old", help="path of the first contract TOML file")
    dif.add_argument("new", help="path of the second contract TOML file")
    dif.add_argument("--at", help="compare each as in force on this day (its amendments applied), YYYY-MM-DD")
    dif.add_argument("--json", action="store_true", help="print JSON")

    war = sub.add_parser("warranty", help="is a claim covered by the contract's warranty, and why")
    war.add_argument("contract", help="path of a contract TOML file")
    war.add_argument("--on", required=True, help="the day of the claim, YYYY-MM-DD")
    war.add_argument("--component", help="the part the claim is about, e.g. disk")
    war.add_argument(
        "--cause", action="append", default=[], help="a cause of the damage (repeatable), e.g. lightning"
    )
    war.add_argument(
        "--event",
        action="append",
        default=[],
        metavar="KIND@DATE",
        help="the unit's history, e.g. upgrade@2025-03-02",
    )
    war.add_argument("--total", help="the contract total, to show the cap on charges, e.g. 1200000.00")
    war.add_argument("--lang", choices=["en", "zh"], default="en", help="language of the answer")
    war.add_argument("--json", action="store_true", help="print JSON")

    sch = sub.add_parser("schedule", help="the dates of the contract's service schedules")
    sch.add_argument("contract", help="path of a contract TOML file")
    sch.add_argument("--name", help="one schedule (default: all)")
    sch.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    sch.add_argument("--until", required=True, help="last day, YYYY-MM-DD")
    sch.add_argument(
        "--ics", metavar="FILE", help="also write the dates as an iCalendar file ('-': standard output)"
    )
    sch.add_argument("--force", action="store_true", help="replace the --ics file if it exists")
    sch.add_argument("--json", action="store_true", help="print JSON")

    rd = sub.add_parser("read", help="the promises a vendor's commitment letter makes, with their quotes")
    rd.add_argument("letter", help="path of the letter as a text file")
    rd.add_argument(
        "--encoding",
        default="utf-8",
        help="the file's encoding: utf-8 (default), gb18030 for GBK letters, "
        "or auto (UTF-8 if valid, else GB18030)",
    )
    form = rd.add_mutually_exclusive_group()
    form.add_argument("--toml", action="store_true", help="print a draft contract file instead")
    form.add_argument("--json", action="store_true", help="print JSON")

    cmp = sub.add_parser(
        "compare", help="commitment letters side by side, as a tender evaluation compares them"
    )
    cmp.add_argument("letters", nargs="+", metavar="LETTER", help="paths of the letters as text files")
    cmp.add_argument(
        "--encoding",
        default="utf-8",
        help="the files' encoding: utf-8 (default), gb18030 for GBK letters, "
        "or auto (each file: UTF-8 if valid, else GB18030)",
    )
    cmp.add_argument("--json", action="store_true", help="print JSON")

    rep = sub.add_parser("report", help="a month of service: what is owed, met rates, breaches, availability")
    rep.add_argument("contract", help="path of a contract TOML file")
    rep.add_argument("--tickets", required=True, metavar="CSV", help="the tickets, as evaluate reads them")
    rep.add_argument("--ticket-column", default="ticket", help="the tickets' label column (default: ticket)")
    rep.add_argument("--outages", metavar="CSV", help="outages (service, start, end, kind) for availability")
    rep.add_argument("--pauses", metavar="CSV", help="clock pauses (ticket, start, end)")
    rep.add_argument("--updates", metavar="CSV", help="updates given to the customer (ticket, at)")
    rep.add_argument("--month", required=True, help="the month, YYYY-MM")
    rep.add_argument("--at", help="judge at this instant, ISO 8601 (default: the month's end)")
    rep.add_argument("--html", metavar="FILE", help="also write the report as an HTML page")
    rep.add_argument("--xlsx", metavar="FILE", help="also write the report as an Excel workbook")
    rep.add_argument("--force", action="store_true", help="replace the --html/--xlsx files if they exist")
    rep.add_argument("--json", action="store_true", help="print JSON")

    cal = sub.add_parser("calendar", help="open windows day by day")
    cal.add_argument(
        "spec", help="a coverage notation ('5x8', '5×8 08:30-17:30', '7x24') or CONTRACT.toml#NAME"
    )
    cal.add_argument("--tz", help="IANA time zone of a notation, e.g. Asia/Shanghai")
    cal.add_argument("--country", help="ISO country code for holidays and make-up days, e.g. CN")
    cal.add_argument(
        "--from", dest="start", help="first day, YYYY-MM-DD (default: today in the calendar's zone)"
    )
    cal.add_argument("--days", type=int, help="how many days (default 14)")
    cal.add_argument("--month", help="show one month as a grid, YYYY-MM (not with --from/--days)")
    cal.add_argument(
        "--holiday", action="append", default=[], metavar="DATE=NAME", help="a statutory day off you supply"
    )
    cal.add_argument(
        "--workday", action="append", default=[], metavar="DATE", help="a statutory working day you supply"
    )
    cal.add_argument("--json", action="store_true", help="print JSON")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 answered, 1 bad contract or input, 2 usage)."""
    given = list(sys.argv[1:] if argv is None else argv)
    _Parser.json_errors = "--json" in given
    parser = _parser()
    args = parser.parse_args(given)
    if args.command == "calendar" and args.month is not None:
        clash = [o for o, v in (("--from", args.start), ("--days", args.days)) if v is not None]
        if clash:
            parser.error(
                f"--month: not allowed with {' or '.join(clash)} (a month grid shows the whole month)"
            )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ServiceLevelWarning)
        try:
            status = _COMMANDS[args.command](args)
        except ServiceLevelError as e:
            kind = e.kind if isinstance(e, OptionError) else type(e).__name__
            if args.json:
                print(json_line("error", kind, str(e)), file=sys.stderr)
            else:
                print(f"servicelevel: error: {escape(str(e))}", file=sys.stderr)
            status = 1
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as Unix tools do
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open for the interpreter's exit
            return 0
    for w in caught:  # assumptions the answer rests on: one line each, after the answer
        if args.json:
            print(json_line("warning", w.category.__name__, str(w.message)), file=sys.stderr)
        else:
            print(f"servicelevel: warning: {escape(str(w.message))}", file=sys.stderr)
    return status
