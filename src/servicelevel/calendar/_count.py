"""Counting a term on a calendar: when does it end? (PRC Civil Code arts. 200-204.)

Counting is calendar arithmetic, so it lives here; `servicelevel.terms` holds
only the values and their text forms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from servicelevel.calendar._engine import HORIZON_DAYS, HORIZON_US, HORIZON_YEARS, WindowIndex
from servicelevel.calendar._time import FIRST_DAY, LAST_DAY
from servicelevel.errors import HorizonExceededError, InvalidTermError
from servicelevel.terms import CountingRule, Days, Months, Term, WorkingDays, Years

__all__ = ["check", "due", "period_end"]


def _add_months(day: dt.date, months: int) -> tuple[dt.date, bool]:
    """The corresponding day ``months`` later, or the month's last day (art. 202); and whether it existed."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise HorizonExceededError(
            f"term: {months} months from {day} leave the dates servicelevel computes with "
            f"({FIRST_DAY} to {LAST_DAY})"
        )
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last)), day.day <= last


def check(term: object, rule: object) -> None:
    if not isinstance(rule, CountingRule):
        raise InvalidTermError(f"rule: expected a CountingRule such as CIVIL_CODE or INCLUSIVE, got {rule!r}")
    if not isinstance(term, dt.timedelta | WorkingDays | Days | Months | Years):
        raise InvalidTermError(
            f"term: expected a timedelta, WorkingDays, Days, Months or Years (parse_term reads text), "
            f"got {term!r}"
        )


def period_end(
    is_working_day: Callable[[dt.date], bool],
    add_working_days: Callable[[dt.date, int], dt.date],
    start_day: dt.date,
    term: Term,
    rule: CountingRule,
) -> dt.date:
    """The last day of a calendar period that starts on ``start_day``."""
    check(term, rule)
    if isinstance(term, dt.timedelta):
        raise InvalidTermError(
            f"term: {term!r} is business time, counted from the moment (art. 201 ¶2), not in days; "
            "use due() for it"
        )
    limit = {WorkingDays: None, Days: HORIZON_DAYS, Months: HORIZON_YEARS * 12, Years: HORIZON_YEARS}
    most = limit[type(term)]
    if most is not None and term.n > most:
        raise HorizonExceededError(
            f"term: {term} is longer than the {HORIZON_YEARS}-year horizon servicelevel computes within"
        )
    if isinstance(term, WorkingDays):
        n = term.n
        if rule.start_day_counts and is_working_day(start_day):
            n -= 1  # the start day is the first of them
        return add_working_days(start_day, n)
    if isinstance(term, Days):
        o = start_day.toordinal() + term.n - (1 if rule.start_day_counts else 0)
        if o > LAST_DAY.toordinal():
            raise HorizonExceededError(
                f"term: {term} from {start_day} ends after {LAST_DAY}, "
                "the last date servicelevel computes with"
            )
        last = dt.date.fromordinal(o)
    else:
        months = term.n if isinstance(term, Months) else term.n * 12
        last, existed = _add_months(start_day, months)
        if rule.start_day_counts and existed:
            last -= dt.timedelta(days=1)
    if rule.roll_forward and not is_working_day(last):
        # art. 203 ¶1: a last day on a statutory rest day moves to the day after the rest
        last = add_working_days(last, 1)
    return last


def due(
    index: WindowIndex,
    is_working_day: Callable[[dt.date], bool],
    add_working_days: Callable[[dt.date, int], dt.date],
    start_us: int,
    term: Term,
    rule: CountingRule,
) -> int:
    """Epoch µs at which ``term`` counted from ``start_us`` ends."""
    check(term, rule)
    if isinstance(term, dt.timedelta):
        if term <= dt.timedelta(0):
            raise InvalidTermError(f"term: a term must be longer than zero, got {term!r}")
        return index.add_us(start_us, (term.days * 86_400 + term.seconds) * 1_000_000 + term.microseconds)
    start_day = index.local_day(start_us)
    last = period_end(is_working_day, add_working_days, start_day, term, rule)
    end = index.midnight_us(last + dt.timedelta(days=1))
    # art. 203 ¶2: the last day ends at the close of business where business hours apply
    due_us = end if rule.ends_at == "midnight" else index.last_close(index.midnight_us(last), end)
    if due_us - start_us > HORIZON_US:
        raise HorizonExceededError(past_horizon(term, start_day, due_us - start_us))
    return due_us


def past_horizon(term: Term, start_day: dt.date, span_us: int) -> str:
    """A due farther from its start than the horizon: what `elapsed` and `windows` could not measure
    (a period counted from the start *day*, rolled forward and ending at close, may pass it)."""
    return (
        f"term: {term} counted from {start_day} falls due {dt.timedelta(microseconds=span_us)} after "
        f"its start, more than {HORIZON_YEARS} years ({HORIZON_DAYS} days); servicelevel computes "
        "within that horizon"
    )
