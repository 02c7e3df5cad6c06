"""The one error tree of servicelevel.

Every error derives from `ServiceLevelError` *and* from the builtin it refines,
so callers may catch either. Two groups gather related errors: `CalendarError`
(hours, weeks, notations, zones, countries, holiday schedules, a calendar never
open, the horizon) and `TableError` (tables whose rows or columns cannot be used).
Each error knows the ``field`` it concerns — the part of the message before the
first colon, ``t`` in ``"t: expected an aware datetime…"`` — and `restated` says
the same of another name (a command-line option, a column), so no caller edits
message text::

    Examples:
        >>> from servicelevel import BusinessCalendar, ServiceLevelError
        >>> try:
        ...     BusinessCalendar.preset("8x25", tz="Asia/Shanghai")
        ... except ValueError as e:
        ...     isinstance(e, ServiceLevelError)
        True
"""

from __future__ import annotations

import copy
import re
from typing import Self

__all__ = [
    "CalendarError",
    "CalendarNeverOpenError",
    "ContractError",
    "IncidentError",
    "OutOfTermError",
    "UnknownLevelError",
    "UnknownRegionError",
    "HolidayDataWarning",
    "HorizonExceededError",
    "InvalidHoursError",
    "InvalidInstantError",
    "InvalidOptionError",
    "InvalidScheduleError",
    "InvalidTableError",
    "InvalidTermError",
    "InvalidWeekError",
    "InvalidRowsError",
    "LetterError",
    "MismatchedColumnsError",
    "MissingInstantError",
    "NaiveDatetimeError",
    "ServiceLevelError",
    "ServiceLevelWarning",
    "TableError",
    "UnknownCountryError",
    "UnknownNotationError",
    "UnknownTimezoneError",
    "WarrantyError",
]


def show(value: object, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters (the last one an ellipsis): how a message echoes
    what it was given, so a 100,000-character argument does not come back whole."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# A field as messages name it: ``t``, ``levels[0].key``, ``events[2].at``, ``[calendars.x]``.
_FIELD = re.compile(r"[\w.\[\]'\"-]{1,80}")


class ServiceLevelError(Exception):
    """Root of every error that servicelevel raises on purpose.

    ``field`` is what the error concerns (a parameter, a contract path such as
    ``levels[0].key``, a column), or None; ``detail`` is the message without it.
    ``restated(name)`` is the same error said of ``name``: the command line names its
    options, a table its columns, an incident the event a value came from.

    Examples:
        >>> from servicelevel import parse_term
        >>> try:
        ...     parse_term("soon")
        ... except ServiceLevelError as e:
        ...     error = e
        >>> error.field, str(error.restated("--within")).startswith("--within: ")
        ('term', True)
    """

    def __init__(self, message: str = "", *args: object, field: str | None = None) -> None:
        super().__init__(message, *args)
        if field is None and isinstance(message, str):
            head, sep, _ = message.partition(": ")
            field = head if sep and _FIELD.fullmatch(head) else None
        self.field: str | None = field

    @property
    def detail(self) -> str:
        """The message without its leading ``field:``."""
        message = str(self.args[0]) if self.args else ""
        if self.field is not None and message.startswith(f"{self.field}: "):
            return message[len(self.field) + 2 :]
        return message

    def restated(self, field: str) -> Self:
        """The same error (class, attributes, cause), said of ``field`` instead."""
        new = copy.copy(self)
        new.args = (f"{field}: {self.detail}", *self.args[1:])
        new.field = field
        return new


class ServiceLevelWarning(UserWarning):
    """Root of every warning: something was assumed that the caller should know."""


class HolidayDataWarning(ServiceLevelWarning):
    """A computation used a year whose holiday data is not (yet) published.

    The message names the country, the year and what was assumed instead.
    """


class InvalidInstantError(ServiceLevelError, TypeError):
    """An instant was neither an aware ``datetime`` nor an ISO 8601 string."""


class MissingInstantError(ServiceLevelError, ValueError):
    """A missing value (pandas' ``NaT``) was given where one instant or date is needed."""


class NaiveDatetimeError(ServiceLevelError, ValueError):
    """A ``datetime`` without a time zone was given where an instant is needed."""


class CalendarError(ServiceLevelError, ValueError):
    """A calendar cannot be built or cannot answer: its hours, week, notation, zone, country,
    holiday schedule, a calendar never open, or a computation past the horizon."""


class TableError(ServiceLevelError, ValueError):
    """A table of tickets, pauses or log rows cannot be used: its shape, its columns or its rows."""


class UnknownTimezoneError(CalendarError):
    """The IANA time zone name is not known to the zone database."""


class UnknownCountryError(CalendarError):
    """The country (or its subdivision) has no data in the ``holidays`` package."""


class InvalidHoursError(CalendarError):
    """A coverage window such as ``09:00-17:00`` could not be read."""


class InvalidWeekError(CalendarError):
    """A weekly schedule is empty, names an unknown day, or names a day twice."""


class UnknownNotationError(CalendarError):
    """A coverage notation such as ``5x8`` or ``7×24`` is not one servicelevel knows."""


class CalendarNeverOpenError(CalendarError):
    """The calendar has no open time left in which to spend a duration."""


class HorizonExceededError(CalendarError):
    """A computation would reach more than 100 years from where it starts, or an instant or
    date lies outside the years servicelevel computes with (0003-01-01 to 9996-12-31)."""


class InvalidScheduleError(CalendarError):
    """A user-supplied statutory schedule contradicts itself (a day both off and a working day)."""


class InvalidOptionError(ServiceLevelError, TypeError):
    """An option has the wrong type, e.g. ``observe_holidays="no"`` where a bool is needed; or a
    command-line option's value cannot be used (``--days 0``, an ``--ics`` file that exists)."""


class InvalidTermError(ServiceLevelError, ValueError):
    """A contract term such as ``2个工作日`` or ``30 min`` could not be read."""


class ContractError(ServiceLevelError, ValueError):
    """A contract is inconsistent or cannot be read: the message names the path, e.g. ``levels[0].key``."""


class UnknownLevelError(ContractError):
    """A fault level that the contract does not define."""


class UnknownRegionError(ContractError):
    """A region that the contract does not name (its targets' regions and ``[contract] regions``)."""


class OutOfTermError(ServiceLevelError, ValueError):
    """A fault was reported outside the contract's term (``valid_from`` .. ``valid_until``)."""


class IncidentError(ServiceLevelError, ValueError):
    """An incident event is out of order or impossible (resume without pause, resolved before reported)."""


class MismatchedColumnsError(TableError):
    """Column arguments of one call do not line up (different lengths, or pandas indexes that differ)."""


class WarrantyError(ServiceLevelError, ValueError):
    """A warranty or a claim cannot be assessed: an unknown code, an unknown start date, a bad term."""


class InvalidTableError(TableError, IncidentError):
    """A table of tickets or a log cannot be used as given: not a DataFrame, a column missing or
    misspelt, labels used twice, open tickets without ``at=``, a contract without ``[workflow]``.
    Also an `IncidentError`, as these were before 0.2."""


class LetterError(ServiceLevelError, ValueError):
    """A commitment letter cannot be read: no such file, too large, or not text in the encoding named."""


class InvalidRowsError(TableError):
    """Rows of a table could not be evaluated; ``rows`` maps each bad row's index label to its message.

    All bad rows are reported at once, so a table is mended in one pass.
    """

    def __init__(
        self,
        message: str,
        rows: dict[object, str] | None = None,
        *,
        entries: list[tuple[object, object, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.rows: dict[object, str] = dict(rows or {})
        self.entries: list[tuple[object, object, str]] = list(entries or [])
        """For a replayed log: every bad row as (ticket, row label, message)."""
