"""How long is a promise? Contract terms, read from text and counted by law."""

from servicelevel.terms._parse import describe_term, format_percent, format_term, parse_percent, parse_term
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
    "format_percent",
    "format_term",
    "parse_percent",
    "parse_term",
]
