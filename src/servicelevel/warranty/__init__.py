"""Is it still covered? Warranties, claims against them, and the decision with its reasons."""

from servicelevel.errors import WarrantyError
from servicelevel.warranty._charges import ChargeBand, ChargeCap, charge_cap
from servicelevel.warranty._codes import CAUSES, VOIDING_EVENTS, Cause, VoidingEvent
from servicelevel.warranty._schedules import Phase, Schedule
from servicelevel.warranty._warranty import Claim, Decision, Reason, Warranty

__all__ = [
    "CAUSES",
    "VOIDING_EVENTS",
    "Cause",
    "ChargeBand",
    "ChargeCap",
    "Claim",
    "Decision",
    "Phase",
    "Reason",
    "Schedule",
    "VoidingEvent",
    "Warranty",
    "WarrantyError",
    "charge_cap",
]
