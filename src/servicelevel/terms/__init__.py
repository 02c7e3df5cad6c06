"""How long is a promise, and what does it cost? Contract terms, read from text and counted by law;
money and shares read exactly."""

from servicelevel.terms._money import (
    CURRENCIES,
    format_share,
    minor_digits,
    read_amount,
    read_share,
    to_minor,
)
from servicelevel.terms._parse import describe_term, format_term, parse_term
from servicelevel.terms._types import (
    CIVIL_CODE,
    INCLUSIVE,
    MAX_COUNT,
    CalendarPeriod,
    CountingRule,
    Days,
    Months,
    Term,
    WorkingDays,
    Years,
)

__all__ = [
    "CIVIL_CODE",
    "CURRENCIES",
    "INCLUSIVE",
    "MAX_COUNT",
    "CalendarPeriod",
    "CountingRule",
    "Days",
    "Months",
    "Term",
    "WorkingDays",
    "Years",
    "describe_term",
    "format_share",
    "format_term",
    "minor_digits",
    "parse_term",
    "read_amount",
    "read_share",
    "to_minor",
]
