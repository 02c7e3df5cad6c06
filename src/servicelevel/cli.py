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
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

from servicelevel import __version__
from servicelevel.calendar import BusinessCalendar, DayInfo
from servicelevel.errors import ContractError, HorizonExceededError, ServiceLevelError, ServiceLevelWarning
from servicelevel.io import load_contract
from servicelevel.sla import Contract, Deadline
from servicelevel.terms import describe_term, format_term

__all__ = ["main"]

# The days servicelevel computes with (`HorizonExceededError`); a month view needs a day either side.
_FIRST_DAY, _LAST_DAY = dt.date(3, 1, 1), dt.date(9996, 12, 31)
_FIRST_MONTH, _LAST_MONTH = (4, 1), (9995, 12)

_WHY = {
    "weekly": "",
    "holiday": "holiday",
    "make-up": "make-up working day (调休上班)",
    "closed": "closed",
    "special": "special hours",
}


_EPILOG = """\
exit status:
  0  the answer was printed
  1  the contract or the input is wrong (the message says which option or field, and why)
  2  the command line is wrong (an unknown option, a missing or conflicting one)
with --json, errors are one line of JSON on stderr: {"error": {"type": ..., "message": ...}}"""


class _Parser(argparse.ArgumentParser):
    json_errors = False  # set by `main` when --json is on the command line

    def error(self, message: str) -> Any:  # one line, status 2 (argparse's own convention)
        if _Parser.json_errors:
            self.exit(2, _json_line("error", "UsageError", message) + "\n")
        self.exit(2, f"servicelevel: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
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
            if args.command == "check":
                status = _check(args)
            elif args.command == "due":
                status = _due(args)
            elif args.command == "warranty":
                status = _warranty(args)
            elif args.command == "schedule":
                status = _schedule(args)
            elif args.command == "read":
                status = _read(args)
            elif args.command == "compare":
                status = _compare(args)
            else:
                status = _calendar(args)
        except ServiceLevelError as e:
            kind = e.kind if isinstance(e, _OptionError) else type(e).__name__
            if args.json:
                print(_json_line("error", kind, str(e)), file=sys.stderr)
            else:
                print(f"servicelevel: error: {_escape(str(e))}", file=sys.stderr)
            status = 1
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as Unix tools do
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open for the interpreter's exit
            return 0
    for w in caught:  # assumptions the answer rests on: one line each, after the answer
        if args.json:
            print(_json_line("warning", w.category.__name__, str(w.message)), file=sys.stderr)
        else:
            print(f"servicelevel: warning: {_escape(str(w.message))}", file=sys.stderr)
    return status


def _json_line(what: str, kind: str, message: str) -> str:
    """``{"error": {"type": …, "message": …}}`` on one line, control characters escaped."""
    text = json.dumps({what: {"type": kind, "message": message}}, ensure_ascii=False)
    return text.translate({c: f"\\u{c:04x}" for c in _CONTROLS if c >= 0x20})


# ---------------------------------------------------------------------------- messages for the shell
class _OptionError(ServiceLevelError):
    """A library error about what an option gave, reworded with the option's name.

    ``kind`` keeps the library error's class name (for ``--json``); the original is the cause.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


# The library's wording for a Python caller, and what a command-line user types instead.
_PHRASES = (
    (re.compile(r"pass out_of_term=True"), "pass --out-of-term"),
    (
        re.compile(r"pass an aware datetime, e\.g\. .*? or an ISO 8601 string such as"),
        "give one such as",
    ),
    (re.compile(r", or None, got"), ", got"),
    (re.compile(r"encoding='gb18030'"), "--encoding gb18030"),
    (re.compile(r"encoding='auto'"), "--encoding auto"),
)


@contextlib.contextmanager
def _options(names: dict[str, str]) -> Iterator[None]:
    """Errors raised inside about the parameters in ``names`` name their options instead.

    Only the message's leading field (``t: …``, ``events['upgrade']: …``) is renamed, and only
    for the calls that take what the options gave: a contract file's own errors (read
    elsewhere) keep the file's field names.
    """
    try:
        yield
    except ServiceLevelError as e:
        message = str(e)
        head, sep, rest = message.partition(": ")
        field_name, bracket, index = head.partition("[")
        if sep and field_name in names:
            message = f"{names[field_name]}{' ' + index.removesuffix(']') if bracket else ''}: {rest}"
        for pattern, replacement in _PHRASES:
            message = pattern.sub(replacement, message)
        if message == str(e):
            raise
        raise _OptionError(type(e).__name__, message) from e


# ---------------------------------------------------------------------------- text from user data
# Control characters as rich escapes them (\a, \r…), and every other one as \xNN or \uNNNN:
# C0 (ESC starts the sequences that retitle or clear a terminal), DEL, C1 (\x9b is a CSI on
# its own) and the bidirectional overrides that reorder what is shown.
_CONTROLS = (*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_ESCAPES: dict[bool, dict[int, str]] = {}


def _escape(text: str, newlines: bool = False) -> str:
    """``text`` with its control characters escaped by rich's ``escape_control_codes``.

    ``newlines=True`` keeps line breaks, for text rich lays out in lines (a table cell).
    """
    from rich.control import CONTROL_ESCAPE, escape_control_codes

    if newlines not in _ESCAPES:
        table = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _CONTROLS}
        table.update(CONTROL_ESCAPE)
        if newlines:
            del table[ord("\n")]
        _ESCAPES[newlines] = table
    return escape_control_codes(text, _ESCAPES[newlines])


class _Plain:
    """A renderable shown with every control character in its text escaped.

    Rich keeps text and styles apart until it writes: the colours it adds are not in the
    segments' text, so what is escaped here is only what came from data.
    """

    def __init__(self, renderable: Any) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.segment import Segment

        for segment in console.render(self.renderable, options):
            if segment.control:  # rich's own cursor moves; data never makes these
                yield segment
            else:
                yield Segment(_escape(segment.text, newlines=True), segment.style)


class _Console:
    """rich's Console, printing only `_Plain` renderables."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(highlight=False, soft_wrap=True, markup=False)

    def print(self, *objects: Any) -> None:
        self.console.print(*(_Plain(_text(o) if isinstance(o, str) else o) for o in objects))


def _console() -> _Console:
    return _Console()


def _text(value: str) -> Any:
    """Plain text, control characters escaped: contract text such as "[P1]" is not rich markup."""
    from rich.text import Text

    return Text(_escape(value, newlines=True))


def _row(table: Any, *cells: str) -> None:
    """Add a row of plain text."""
    table.add_row(*(_text(c) for c in cells))


def _table(title: str, columns: Sequence[str]) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(title=_text(title), box=box.SIMPLE_HEAD, title_justify="left")
    for c in columns:
        table.add_column(c)
    return table


def _write_ics(target: str, data: bytes, force: bool) -> bool:
    """Write ``data`` to ``target``; True if that was standard output (``-``), which then says no more.

    A file is written whole or not at all (a temporary file in the same folder, then renamed
    into place); an existing ``target`` (a link included, which is never followed) is
    replaced only with ``--force``.
    """
    if target == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return True
    exists = f"--ics: {target!r} exists; pass --force to replace it, or --ics - for standard output"
    if not force and os.path.lexists(target):
        raise ContractError(exists)
    try:
        fd, temporary = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(target)), suffix=".ics.tmp")
    except OSError as e:
        raise ContractError(f"--ics: cannot write {target!r}: {e.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as open() would have made it, not mkstemp's 0600
        if force:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)  # never replaces: a file made meanwhile is refused too
            except FileExistsError:
                raise ContractError(exists) from None
            except OSError:  # no hard links on this file system
                if os.path.lexists(target):
                    raise ContractError(exists) from None
                os.replace(temporary, target)
    except OSError as e:
        raise ContractError(f"--ics: cannot write {target!r}: {e.strerror}") from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)
    return False


# ---------------------------------------------------------------------------- check
def _read(args: argparse.Namespace) -> int:
    from servicelevel.letters import read_commitments_file

    with _options({"path": "LETTER", "encoding": "--encoding"}):
        found = read_commitments_file(args.letter, encoding=args.encoding)
    if args.toml:
        sys.stdout.write(found.to_toml())
        return 0
    if args.json:
        _print_json(found.to_dict())
        return 0
    table = _table(
        f"{found.name}: {_count(len(found), 'promise')}",
        ["kind", "grade", "region", "what", "term", "detail", "quote"],
    )
    for p in found:
        what = p.metric or p.coverage or p.activity or (p.cap and f"cap {p.cap}") or ""
        term = p.within if p.within is not None else p.every
        detail = []
        if p.starts:
            detail.append(f"from {p.starts}")
        if p.extension is not None:
            detail.append(f"+{describe_term(p.extension, 'zh')}")
        if p.times and p.times > 1:
            detail.append(f"{p.times} times")
        if p.lasting is not None:
            detail.append(f"first {describe_term(p.lasting, 'zh')}")
        _row(
            table,
            p.kind,
            p.level or "—",
            p.region or "—",
            what,
            describe_term(term, "zh") if term is not None else "—",
            ", ".join(detail) or "—",
            p.quote,
        )
    console = _console()
    console.print(table)
    if found.unclear:
        n = len(found.unclear)
        title = f"{_count(n, 'sentence')} {'looks' if n == 1 else 'look'} like promises but could not be read"
        unclear = _table(title, ["why", "quote"])
        for u in found.unclear:
            _row(unclear, u.reason, u.quote)
        console.print(unclear)
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _compare(args: argparse.Namespace) -> int:
    from servicelevel.letters import compare, read_commitments_file

    with _options({"path": "LETTER", "encoding": "--encoding"}):
        found = [read_commitments_file(path, encoding=args.encoding) for path in args.letters]
    comparison = compare(found)
    if args.json:
        _print_json(comparison.to_dict())
        return 0
    table = _table(f"{_count(len(found), 'letter')} compared", ["", *comparison.letters])
    for row, cells in zip(comparison.rows, comparison.cells, strict=True):
        _row(table, row, *(c.text for c in cells))
    _console().print(table)
    return 0


def _check(args: argparse.Namespace) -> int:
    contract = load_contract(args.contract)
    if args.json:
        _print_json(_contract_json(contract))
        return 0
    metrics = [m for m, _ in contract.metrics.items() if any(lv.target(m) for lv in contract.levels)]
    term = f"valid {contract.valid_from or '…'} to {contract.valid_until or '…'}"
    table = _table(f"contract {contract.id}: {len(contract.levels)} levels, {term}", ["level", *metrics])
    for level in contract.levels:
        cells = []
        for m in metrics:
            t = level.target(m)
            if t is None:
                cells.append("—")
                continue
            regional = "".join(f"\n{r}: {format_term(term)}" for r, term in t.regions)
            cells.append(f"{format_term(t.within)} ({t.calendar}){regional}")
        _row(table, f"{level.key} {level.name}".strip(), *cells)
    console = _console()
    console.print(table)
    cal_table = _table("calendars", ["name", "zone", "country", "week", "changes"])
    for name, cal in contract.calendars.items():
        changes = "; ".join(f"from {d}: {_week_text(part)}" for d, part in cal.changes)
        _row(cal_table, name, cal.tz, cal.country or "—", _week_text(cal), changes or "—")
    console.print(cal_table)
    console.print(
        f"{len(contract.escalation)} escalation steps; warnings at {list(contract.warnings) or 'none'}"
    )
    if contract.warranty is not None:
        console.print(f"warranty: {_warranty_text(contract)}; {len(contract.charges)} charge bands")
    if contract.schedules:
        console.print(f"schedules: {', '.join(s.name for s in contract.schedules)}")
    if contract.workflow is not None:
        wf = contract.workflow
        levels = dict(wf.levels)
        flow = _table(
            f"workflow: {len(wf.statuses)} statuses; any other status: {wf.unknown or 'an error'}",
            ["status", "means", "level label", "level"],
        )
        labels = list(levels.items())
        for i in range(max(len(wf.statuses), len(labels))):
            status, action = wf.statuses[i] if i < len(wf.statuses) else ("", "")
            label, key = labels[i] if i < len(labels) else ("", "")
            _row(flow, status, action, label, key)
        console.print(flow)
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


def _print_json(data: Any) -> None:
    """JSON on standard output; C1 controls, which JSON leaves raw, written as ``\\u00NN``."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    print(text.translate({c: f"\\u{c:04x}" for c in _CONTROLS if c >= 0x20}))  # json did the rest


def _contract_json(contract: Contract) -> dict[str, Any]:
    return {
        "id": contract.id,
        "valid_from": contract.valid_from and contract.valid_from.isoformat(),
        "valid_until": contract.valid_until and contract.valid_until.isoformat(),
        "levels": [
            {
                "key": lv.key,
                "name": lv.name,
                "rank": lv.rank,
                "targets": {
                    m: {
                        "within": format_term(t.within),
                        "calendar": t.calendar,
                        "regions": {r: format_term(term) for r, term in t.regions},
                    }
                    for m, t in lv.targets.items()
                },
            }
            for lv in contract.levels
        ],
        "calendars": {
            name: {"tz": cal.tz, "country": cal.country} for name, cal in contract.calendars.items()
        },
        "warranty": None if contract.warranty is None else _warranty_json(contract),
        "workflow": None
        if contract.workflow is None
        else {
            "statuses": dict(contract.workflow.statuses),
            "levels": dict(contract.workflow.levels),
            "unknown": contract.workflow.unknown,
        },
    }


def _warranty_json(contract: Contract) -> dict[str, Any]:
    w = contract.warranty
    assert w is not None
    try:
        last: str | None = w.last_day.isoformat()
    except ServiceLevelError:  # its start event is not dated yet
        last = None
    return {
        "starts": w.starts if isinstance(w.starts, str) else w.starts.isoformat(),
        "term": format_term(w.term),
        "extension": None if w.extension is None else format_term(w.extension),
        "last_day": last,
    }


# ---------------------------------------------------------------------------- due
_DUE = {"t": "--at", "reported_at": "--at", "instant": "--at", "level": "--level", "region": "--region"}


def _due(args: argparse.Namespace) -> int:
    contract = load_contract(args.contract)
    with _options(_DUE):
        deadlines = contract.deadlines(
            args.level, reported_at=args.at, region=args.region, out_of_term=args.out_of_term
        )
        reported = contract.instant(args.at)
    if args.ics:
        from servicelevel.io import deadlines_to_ics

        title = f"{contract.id} {args.level} reported {reported.isoformat()}"
        if _write_ics(args.ics, deadlines_to_ics(title, deadlines), args.force):
            return 0
    if args.json:
        out = {
            "level": args.level,
            "reported_at": reported.isoformat(),
            "region": args.region,
            "deadlines": {m: _deadline_json(d, args.explain) for m, d in deadlines.items()},
        }
        _print_json(out)
        return 0
    level = contract.level(args.level)
    title = f"{contract.id}: {level.key} {level.name} reported {reported.format('ddd YYYY-MM-DD HH:mm Z')}"
    if args.region:
        title += f" in {args.region}"
    table = _table(title, ["metric", "term", "calendar", "due"])
    for m, d in deadlines.items():
        due = d.due.format("ddd YYYY-MM-DD HH:mm") if d.due else "after its start event"
        _row(table, m, format_term(d.term), d.calendar, due)
    console = _console()
    console.print(table)
    if args.explain:
        for d in deadlines.values():
            console.print(str(d.explain()))
            console.print()
    return 0


def _deadline_json(d: Deadline, explain: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "due": d.due.isoformat() if d.due else None,
        "term": format_term(d.term),
        "calendar": d.calendar,
    }
    if explain:
        e = d.explain()
        out["explanation"] = {
            "rule": e.rule,
            "notes": list(e.notes),
            "days": [_day_json(i) for i in e.days],
            "windows": [[a.isoformat(), b.isoformat()] for a, b in e.windows],
        }
    return out


def _day_json(info: DayInfo) -> dict[str, Any]:
    return {
        "date": info.date.isoformat(),
        "hours": str(info.hours),
        "reason": info.reason,
        "holiday": info.holiday,
        "working_day": info.working_day,
        "part": info.part,
        "supplied": info.supplied,
    }


# ---------------------------------------------------------------------------- warranty
_WARRANTY = {
    "on": "--on",
    "total": "--total",
    "causes": "--cause",
    "events": "--event",
    "component": "--component",
}

# The warranty command's own lines, in each --lang (the reasons come from `Reason.text`).
_SAYS = {
    "en": {
        "claim": "claim on {on}{component}: {verdict}",
        "component": " for {component}",
        "covered": "covered",
        "not covered": "not covered",
        "remedies": "three guarantees (三包): {remedies}",
        "none": "none",
        "return": "return",
        "exchange": "exchange",
        "repair": "repair",
        "cap": "charge cap: {amount} ({clause})",
        "free": "covered until {until}: repairs are free",
        "past": "charge cap: none past every band",
        "not applicable": "charge cap: does not apply (the claim is not covered by the warranty)",
    },
    "zh": {
        "claim": "{on}的报修{component}：{verdict}",
        "component": "（部件“{component}”）",
        "covered": "在保修范围内",
        "not covered": "不在保修范围内",
        "remedies": "三包：{remedies}",
        "none": "无",
        "return": "退货",
        "exchange": "换货",
        "repair": "修理",
        "cap": "收费上限：{amount}（{clause}）",
        "free": "保修至{until}：免费维修",
        "past": "收费上限：无（已过全部收费档）",
        "not applicable": "收费上限：不适用（该报修不在保修范围内）",
    },
}


def _warranty(args: argparse.Namespace) -> int:
    from servicelevel.warranty import Claim

    contract = load_contract(args.contract)
    if contract.warranty is None:
        raise ContractError(f"contract: {args.contract!r} has no [warranty] section")
    events = []
    for item in args.event:
        kind, sep, day = item.partition("@")
        if not sep:
            raise ContractError(f"--event: expected KIND@DATE such as upgrade@2025-03-02, got {item!r}")
        events.append((kind, day))
    with _options(_WARRANTY):
        decision = contract.warranty.assess(
            Claim(on=args.on, component=args.component, causes=args.cause, events=events)
        )
        cap = contract.charge_cap(args.on, args.total) if args.total is not None else None
    says = _SAYS[args.lang]
    # The charge line agrees with the decision: a covered claim is repaired free (a component
    # under its own, longer term too); one not covered inside the warranty's term has no cap
    # (the free repair is what is refused); after the term, the band's cap.
    charge: tuple[str, str, str] | None = None  # amount, rate, clause
    if args.total is None:
        line = None
    elif decision.covered:
        if cap is not None and cap.band == 0:
            clause = cap.text(args.lang)
        else:  # a component under its own term, past the system's
            clause = says["free"].format(until=decision.until or contract.warranty.last_day)
        charge = ("0.00", "0", clause)
        line = says["cap"].format(amount="0.00", clause=clause)
    elif cap is None:
        line = says["past"]
    elif cap.band == 0:
        line = says["not applicable"]
    else:
        charge = (str(cap.amount), str(cap.rate), cap.text(args.lang))
        line = says["cap"].format(amount=cap.amount, clause=charge[2])
    if args.json:
        out: dict[str, Any] = {
            "covered": decision.covered,
            "until": decision.until.isoformat() if decision.until else None,
            "reasons": [{"code": r.code, "text": r.text(args.lang)} for r in decision.reasons],
        }
        if args.total is not None:
            out["charge_cap"] = (
                None if charge is None else {"amount": charge[0], "rate": charge[1], "clause": charge[2]}
            )
        if contract.warranty.consumer:
            out["remedies"] = sorted(contract.warranty.remedies(args.on))
        _print_json(out)
        return 0
    console = _console()
    verdict = says["covered" if decision.covered else "not covered"]
    component = says["component"].format(component=args.component) if args.component else ""
    console.print(says["claim"].format(on=args.on, component=component, verdict=verdict))
    for r in decision.reasons:
        console.print(f"  - {r.text(args.lang)}")
    if contract.warranty.consumer:
        remedies = sorted(contract.warranty.remedies(args.on))
        shown = "、" if args.lang == "zh" else ", "
        console.print(
            "  " + says["remedies"].format(remedies=shown.join(says[r] for r in remedies) or says["none"])
        )
    if line is not None:
        console.print(f"  {line}")
    return 0


# ---------------------------------------------------------------------------- schedule
_MAX_DATES = 100_000  # the dates one `schedule` command lists
_MAX_EVENTS = 10_000  # the events one --ics file holds (icalendar takes ~0.3 ms and ~7 kB an event)


def _schedule(args: argparse.Namespace) -> int:
    from servicelevel.io import schedules_to_ics

    contract = load_contract(args.contract)
    with _options({"schedule": "--name", "name": "--name"}):
        chosen = [contract.schedule(args.name)] if args.name else list(contract.schedules)
    if not chosen:
        raise ContractError(f"contract: {args.contract!r} has no [[schedules]]")
    start: dt.date | None = None
    until: dt.date | None = None
    with contextlib.suppress(ValueError):  # a malformed day: the schedule says what it accepts
        start, until = dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.until)
    if start is not None and until is not None and until < start:
        raise ContractError(
            f"--until: {args.until} is before --from {args.start}; give the last day after the first"
        )
    limit = _MAX_EVENTS if args.ics else _MAX_DATES
    found: dict[str, list[dt.date]] = {}
    total = 0
    for s in chosen:  # produced lazily: a window that holds too many dates stops at the limit
        found[s.name] = days = []
        with _options({"start": "--from", "until": "--until"}):
            occurrences = list(
                itertools.islice(s.iter_occurrences(args.start, args.until), limit + 1 - total)
            )
        for day in occurrences:
            total += 1
            if total > limit:
                raise ContractError(
                    f"--from/--until: the {'schedule falls' if len(chosen) == 1 else 'schedules fall'} on "
                    f"more than {limit:,} dates from {args.start} to {args.until}, the most "
                    f"{'an --ics file is' if args.ics else 'one listing is'} written with; "
                    "ask for a shorter window, or one schedule with --name"
                )
            days.append(day)
    if args.ics and _write_ics(args.ics, schedules_to_ics(found, scope=contract.id), args.force):
        return 0
    if args.json:
        _print_json({n: [d.isoformat() for d in days] for n, days in found.items()})
        return 0
    table = _table(f"{contract.id}: service schedules {args.start} to {args.until}", ["schedule", "dates"])
    for name, days in found.items():
        _row(table, name, ", ".join(d.strftime("%a %Y-%m-%d") for d in days) or "—")
    _console().print(table)
    return 0


# ---------------------------------------------------------------------------- calendar
def _calendar(args: argparse.Namespace) -> int:
    spec: str = args.spec
    if ".toml" in spec:
        path, _, name = spec.partition("#")
        contract = load_contract(path)
        names = [n for n, _ in contract.calendars.items()]
        cal = contract.calendar(name or names[0])
        title = f"calendar {name or names[0]!r} of {contract.id}"
    else:
        if not args.tz:
            raise ContractError("--tz: a notation needs its IANA time zone, e.g. --tz Asia/Shanghai")
        holidays = {}
        for item in args.holiday:
            day, sep, name = item.partition("=")
            if not sep or not name.strip():
                raise ContractError(f"--holiday: expected DATE=NAME such as 2027-02-06=春节, got {item!r}")
            holidays[day.strip()] = name.strip()
        with _options(
            {
                "tz": "--tz",
                "country": "--country",
                "extra_holidays": "--holiday",
                "extra_workdays": "--workday",
            }
        ):
            cal = BusinessCalendar.parse(
                spec, tz=args.tz, country=args.country, extra_holidays=holidays, extra_workdays=args.workday
            )
        title = f"{spec} in {args.tz}" + (f", {args.country}" if args.country else "")
    if args.month is not None:
        try:
            year, month = (int(x) for x in args.month.split("-"))
            first_of = dt.date(year, month, 1)
        except ValueError:
            raise ContractError(f"--month: expected a month such as 2026-02, got {args.month!r}") from None
        if not _FIRST_MONTH <= (year, month) <= _LAST_MONTH:
            raise HorizonExceededError(
                f"--month: expected a month from {_FIRST_MONTH[0]:04}-{_FIRST_MONTH[1]:02} "
                f"to {_LAST_MONTH[0]:04}-{_LAST_MONTH[1]:02}, got {args.month!r}"
            )
        view = cal.month(first_of.year, first_of.month)
        if args.json:
            _print_json({"calendar": title, "month": args.month, "days": [_day_json(i) for i in view.days()]})
        else:
            _console().print(view)  # colours in a terminal, plain text when piped
        return 0
    count = 14 if args.days is None else args.days
    if count < 1 or count > 3660:
        raise ContractError(f"--days: expected 1 to 3660 days, got {count}")
    first: dt.date
    if args.start is None:
        now = cal.instant(dt.datetime.now(dt.UTC))
        first = dt.date(now.year, now.month, now.day)
    else:
        try:
            first = dt.date.fromisoformat(args.start)
        except ValueError:
            raise ContractError(f"--from: expected a date such as 2026-02-13, got {args.start!r}") from None
    last = _LAST_DAY - dt.timedelta(days=1)  # the table's end, one day on, must still be computable
    if not _FIRST_DAY <= first <= last:
        raise HorizonExceededError(f"--from: expected a day from {_FIRST_DAY} to {last}, got {first}")
    if count > (last - first).days + 1:  # compared as counts: the date would overflow
        raise HorizonExceededError(
            f"--days: expected at most {(last - first).days + 1} days from {first} "
            f"(servicelevel shows days up to {last}), got {count}"
        )
    days = list(cal.days(first, first + dt.timedelta(days=count)))
    if args.json:
        _print_json({"calendar": title, "days": [_day_json(i) for i in days]})
        return 0
    table = _table(title, ["day", "hours", "working day", "why"])
    for info in days:
        why = _WHY[info.reason] + (f": {info.holiday}" if info.holiday else "")
        if info.supplied:
            why = f"{why} (supplied)".strip()
        if info.part:
            why = f"{why} [from change {info.part}]".strip()
        _row(
            table,
            info.date.strftime("%a %Y-%m-%d"),
            str(info.hours) or "closed",
            "yes" if info.working_day else "no",
            why,
        )
    _console().print(table)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
