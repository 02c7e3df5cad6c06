"""servicelevel: service-level agreements as code.

Compute when each promise of an after-sales service contract falls due, on a
business calendar with coverage windows, time zones, statutory holidays and
make-up working days.
"""

from typing import TYPE_CHECKING, Any

from servicelevel.calendar import HORIZON_YEARS, BusinessCalendar, DayInfo, Hours, Pauses
from servicelevel.errors import (
    CalendarError,
    CalendarNeverOpenError,
    ContractError,
    HolidayDataWarning,
    HorizonExceededError,
    IncidentError,
    InvalidHoursError,
    InvalidInstantError,
    InvalidOptionError,
    InvalidRowsError,
    InvalidScheduleError,
    InvalidTableError,
    InvalidTermError,
    InvalidWeekError,
    LetterError,
    MismatchedColumnsError,
    MissingInstantError,
    NaiveDatetimeError,
    OutOfTermError,
    ServiceLevelError,
    ServiceLevelWarning,
    TableError,
    UnknownCountryError,
    UnknownLevelError,
    UnknownNotationError,
    UnknownRegionError,
    UnknownTimezoneError,
    WarrantyError,
)
from servicelevel.terms import (
    CIVIL_CODE,
    INCLUSIVE,
    CalendarPeriod,
    CountingRule,
    Days,
    Months,
    Term,
    WorkingDays,
    Years,
    describe_term,
    format_term,
    parse_term,
)

__all__ = [
    # calendar
    "HORIZON_YEARS",
    "BusinessCalendar",
    "DayInfo",
    "Hours",
    "Pauses",
    # the SLA model
    "Amendment",
    "Availability",
    "AvailabilityTarget",
    "Breach",
    "Change",
    "Contract",
    "CreditBand",
    "Cycle",
    "Deadline",
    "Diff",
    "Escalation",
    "EscalationStep",
    "Event",
    "Explanation",
    "FaultLevel",
    "Incident",
    "Metric",
    "MetricStatus",
    "Penalty",
    "PenaltyRule",
    "PenaltyTerms",
    "RegionTarget",
    "Report",
    "Target",
    "ThresholdReached",
    "WarningPoint",
    "UpdateStatus",
    "UpdateTarget",
    "Workflow",
    "load_contract",
    # warranty
    "Claim",
    "Decision",
    "Reason",
    "Warranty",
    # commitment letters
    "Commitments",
    "Comparison",
    "Promise",
    "Unclear",
    "compare",
    "read_commitments",
    "read_commitments_file",
    # terms
    "CIVIL_CODE",
    "INCLUSIVE",
    "CalendarPeriod",
    "CountingRule",
    "Days",
    "Months",
    "Term",
    "WorkingDays",
    "Years",
    "describe_term",
    "format_term",
    "parse_term",
    # errors and warnings
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
    "InvalidRowsError",
    "InvalidScheduleError",
    "InvalidTableError",
    "InvalidTermError",
    "InvalidWeekError",
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

__version__ = "0.1.0"

if TYPE_CHECKING:
    from servicelevel.io import load_contract
    from servicelevel.letters import (
        Commitments,
        Comparison,
        Promise,
        Unclear,
        compare,
        read_commitments,
        read_commitments_file,
    )
    from servicelevel.sla import (
        Amendment,
        Availability,
        AvailabilityTarget,
        Breach,
        Change,
        Contract,
        CreditBand,
        Cycle,
        Deadline,
        Diff,
        Escalation,
        EscalationStep,
        Event,
        Explanation,
        FaultLevel,
        Incident,
        Metric,
        MetricStatus,
        Penalty,
        PenaltyRule,
        PenaltyTerms,
        RegionTarget,
        Report,
        Target,
        ThresholdReached,
        UpdateStatus,
        UpdateTarget,
        WarningPoint,
        Workflow,
    )
    from servicelevel.warranty import Claim, Decision, Reason, Warranty

# The SLA model, the warranty and the file readers load on first use (PEP 562), so that
# ``import servicelevel`` costs only the calendar.
_LAZY = {
    **dict.fromkeys(
        (
            "Amendment",
            "Availability",
            "AvailabilityTarget",
            "Breach",
            "Change",
            "Contract",
            "CreditBand",
            "Cycle",
            "Deadline",
            "Diff",
            "Escalation",
            "EscalationStep",
            "Event",
            "Explanation",
            "FaultLevel",
            "Incident",
            "Metric",
            "MetricStatus",
            "Penalty",
            "PenaltyRule",
            "PenaltyTerms",
            "RegionTarget",
            "Report",
            "Target",
            "ThresholdReached",
            "WarningPoint",
            "UpdateStatus",
            "UpdateTarget",
            "Workflow",
        ),
        "servicelevel.sla",
    ),
    "load_contract": "servicelevel.io",
    **dict.fromkeys(("Claim", "Decision", "Reason", "Warranty"), "servicelevel.warranty"),
    **dict.fromkeys(
        (
            "Commitments",
            "Comparison",
            "Promise",
            "Unclear",
            "compare",
            "read_commitments",
            "read_commitments_file",
        ),
        "servicelevel.letters",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'servicelevel' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
