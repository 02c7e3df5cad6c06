"""``servicelevel calendar`` (open windows day by day, or a month as a grid) and
``servicelevel schedule`` (the dates of the contract's service schedules)."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools

from servicelevel.calendar import BusinessCalendar
from servicelevel.cli._options import options
from servicelevel.cli._terminal import Console, add_row, make_table, print_json, write_ics
from servicelevel.errors import ContractError, HorizonExceededError, InvalidOptionError
from servicelevel.io import day_json, load_contract

__all__ = ["run_calendar", "run_schedule"]

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


# ---------------------------------------------------------------------------- schedule
_MAX_DATES = 100_000  # the dates one `schedule` command lists
_MAX_EVENTS = 10_000  # the events one --ics file holds (icalendar takes ~0.3 ms and ~7 kB an event)


def run_schedule(args: argparse.Namespace) -> int:
    """The dates of one schedule (``--name``) or all, ``--from`` to ``--until``; at most a stated
    number, produced lazily, so a long window is refused before it costs time and memory."""
    from servicelevel.io import schedules_to_ics

    contract = load_contract(args.contract)
    with options({"schedule": "--name", "name": "--name"}):
        chosen = [contract.schedule(args.name)] if args.name else list(contract.schedules)
    if not chosen:
        raise ContractError(f"contract: {args.contract!r} has no [[schedules]]")
    start: dt.date | None = None
    until: dt.date | None = None
    with contextlib.suppress(ValueError):  # a malformed day: the schedule says what it accepts
        start, until = dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.until)
    if start is not None and until is not None and until < start:
        raise InvalidOptionError(
            f"--until: {args.until} is before --from {args.start}; give the last day after the first"
        )
    limit = _MAX_EVENTS if args.ics else _MAX_DATES
    found: dict[str, list[dt.date]] = {}
    total = 0
    for s in chosen:  # produced lazily: a window that holds too many dates stops at the limit
        found[s.name] = days = []
        with options({"start": "--from", "until": "--until"}):
            occurrences = list(
                itertools.islice(s.iter_occurrences(args.start, args.until), limit + 1 - total)
            )
        for day in occurrences:
            total += 1
            if total > limit:
                raise InvalidOptionError(
                    f"--from/--until: the {'schedule falls' if len(chosen) == 1 else 'schedules fall'} on "
                    f"more than {limit:,} dates from {args.start} to {args.until}, the most "
                    f"{'an --ics file is' if args.ics else 'one listing is'} written with; "
                    "ask for a shorter window, or one schedule with --name"
                )
            days.append(day)
    if args.ics and write_ics(args.ics, schedules_to_ics(found, scope=contract.id), args.force):
        return 0
    if args.json:
        print_json({n: [d.isoformat() for d in days] for n, days in found.items()})
        return 0
    table = make_table(
        f"{contract.id}: service schedules {args.start} to {args.until}", ["schedule", "dates"]
    )
    for name, days in found.items():
        add_row(table, name, ", ".join(d.strftime("%a %Y-%m-%d") for d in days) or "—")
    Console().print(table)
    return 0


# ---------------------------------------------------------------------------- calendar
def run_calendar(args: argparse.Namespace) -> int:
    """A calendar (a notation with ``--tz``, or CONTRACT.toml#NAME) day by day, or ``--month``."""
    spec: str = args.spec
    if ".toml" in spec:
        path, _, name = spec.partition("#")
        contract = load_contract(path)
        names = [n for n, _ in contract.calendars.items()]
        cal = contract.calendar(name or names[0])
        title = f"calendar {name or names[0]!r} of {contract.id}"
    else:
        if not args.tz:
            raise InvalidOptionError("--tz: a notation needs its IANA time zone, e.g. --tz Asia/Shanghai")
        holidays = {}
        for item in args.holiday:
            day, sep, name = item.partition("=")
            if not sep or not name.strip():
                raise InvalidOptionError(
                    f"--holiday: expected DATE=NAME such as 2027-02-06=春节, got {item!r}"
                )
            holidays[day.strip()] = name.strip()
        with options(
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
        _month(cal, title, args.month, args.json)
        return 0
    count = 14 if args.days is None else args.days
    if count < 1 or count > 3660:
        raise InvalidOptionError(f"--days: expected 1 to 3660 days, got {count}")
    first: dt.date
    if args.start is None:
        now = cal.instant(dt.datetime.now(dt.UTC))
        first = dt.date(now.year, now.month, now.day)
    else:
        try:
            first = dt.date.fromisoformat(args.start)
        except ValueError:
            raise InvalidOptionError(
                f"--from: expected a date such as 2026-02-13, got {args.start!r}"
            ) from None
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
        print_json({"calendar": title, "days": [day_json(i) for i in days]})
        return 0
    table = make_table(title, ["day", "hours", "working day", "why"])
    for info in days:
        why = _WHY[info.reason] + (f": {info.holiday}" if info.holiday else "")
        if info.supplied:
            why = f"{why} (supplied)".strip()
        if info.part:
            why = f"{why} [from change {info.part}]".strip()
        add_row(
            table,
            info.date.strftime("%a %Y-%m-%d"),
            str(info.hours) or "closed",
            "yes" if info.working_day else "no",
            why,
        )
    Console().print(table)
    return 0


def _month(cal: BusinessCalendar, title: str, month: str, as_json: bool) -> None:
    """``--month YYYY-MM``: the month as a grid (colours in a terminal, plain text when piped)."""
    try:
        year, number = (int(x) for x in month.split("-"))
        first_of = dt.date(year, number, 1)
    except ValueError:
        raise InvalidOptionError(f"--month: expected a month such as 2026-02, got {month!r}") from None
    if not _FIRST_MONTH <= (year, number) <= _LAST_MONTH:
        raise HorizonExceededError(
            f"--month: expected a month from {_FIRST_MONTH[0]:04}-{_FIRST_MONTH[1]:02} "
            f"to {_LAST_MONTH[0]:04}-{_LAST_MONTH[1]:02}, got {month!r}"
        )
    view = cal.month(first_of.year, first_of.month)
    if as_json:
        print_json({"calendar": title, "month": month, "days": [day_json(i) for i in view.days()]})
    else:
        Console().print(view)
