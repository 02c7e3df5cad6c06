"""The one error tree of servicelevel.

Every error derives from `ServiceLevelError` *and* from the builtin it refines,
so callers may catch either::

    Examples:
        >>> from servicelevel import BusinessCalendar, ServiceLevelError
        >>> try:
        ...     BusinessCalendar.preset("8x25", tz="Asia/Shanghai")
        ... except ValueError as e:
        ...     isinstance(e, ServiceLevelError)
        True
"""

from __future__ import annotations

__all__ = [
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
    "InvalidTermError",
    "InvalidWeekError",
    "InvalidRowsError",
    "LetterError",
    "MismatchedColumnsError",
    "MissingInstantError",
    "NaiveDatetimeError",
    "ServiceLevelError",
    "ServiceLevelWarning",
    "UnknownCountryError",
    "UnknownNotationError",
    "UnknownTimezoneError",
]


class ServiceLevelError(Exception):
    """Root of every error that servicelevel raises on purpose."""


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


class UnknownTimezoneError(ServiceLevelError, ValueError):
    """The IANA time zone name is not known to the zone database."""


class UnknownCountryError(ServiceLevelError, ValueError):
    """The country (or its subdivision) has no data in the ``holidays`` package."""


class InvalidHoursError(ServiceLevelError, ValueError):
    """A coverage window such as ``09:00-17:00`` could not be read."""


class InvalidWeekError(ServiceLevelError, ValueError):
    """A weekly schedule is empty, names an unknown day, or names a day twice."""


class UnknownNotationError(ServiceLevelError, ValueError):
    """A coverage notation such as ``5x8`` or ``7×24`` is not one servicelevel knows."""


class CalendarNeverOpenError(ServiceLevelError, ValueError):
    """The calendar has no open time left in which to spend a duration."""


class HorizonExceededError(ServiceLevelError, ValueError):
    """A computation would reach more than 100 years from where it starts, or an instant or
    date lies outside the years servicelevel computes with (0003-01-01 to 9996-12-31)."""


class InvalidScheduleError(ServiceLevelError, ValueError):
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


class MismatchedColumnsError(ServiceLevelError, ValueError):
    """Column arguments of one call do not line up (different lengths, or pandas indexes that differ)."""


class LetterError(ServiceLevelError, ValueError):
    """A commitment letter cannot be read: no such file, too large, or not text in the encoding named."""


class InvalidRowsError(ServiceLevelError, ValueError):
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
