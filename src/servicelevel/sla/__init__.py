"""What did we promise, and was it kept? Contracts, fault levels, deadlines and incidents.

The user API, with the two documented rules every path applies: `verdict` (how a clock is judged)
and `transitions` (how a status log is read). The engine's shared parts, which servicelevel's
tables use too, are in `servicelevel.sla.engine`.
"""

import warnings
from typing import Any

from servicelevel.sla._amendments import Amendment
from servicelevel.sla._availability import PERIODS, Availability, AvailabilityTarget, CreditBand, Period
from servicelevel.sla._clocks import STATES, verdict
from servicelevel.sla._contract import Contract
from servicelevel.sla._deadline import Deadline, Explanation
from servicelevel.sla._diff import Change, Diff
from servicelevel.sla._history import Event, Events
from servicelevel.sla._incident import Incident
from servicelevel.sla._levels import Escalation, FaultLevel, Target
from servicelevel.sla._metrics import DEFAULT_METRICS, Metric
from servicelevel.sla._penalties import ROUNDINGS, Penalty, PenaltyRule, PenaltyTerms
from servicelevel.sla._regions import RegionTarget
from servicelevel.sla._report import BreachLine, LevelLine, Report, ServiceLine, UpdateLine
from servicelevel.sla._status import Breach, Cycle, EscalationStep, MetricStatus, ThresholdReached
from servicelevel.sla._update_status import UpdateStatus
from servicelevel.sla._updates import UpdateTarget
from servicelevel.sla._warnings import WarningPoint
from servicelevel.sla._workflow import ACTIONS, ReplayColumns, ReplayOptions, Workflow, transitions

__all__ = [
    "ACTIONS",
    "DEFAULT_METRICS",
    "PERIODS",
    "ROUNDINGS",
    "STATES",
    "Amendment",
    "Availability",
    "AvailabilityTarget",
    "Breach",
    "BreachLine",
    "Change",
    "Contract",
    "CreditBand",
    "Cycle",
    "Deadline",
    "Diff",
    "Escalation",
    "EscalationStep",
    "Event",
    "Events",
    "Explanation",
    "FaultLevel",
    "Incident",
    "LevelLine",
    "Metric",
    "MetricStatus",
    "Period",
    "Penalty",
    "PenaltyRule",
    "PenaltyTerms",
    "RegionTarget",
    "ReplayColumns",
    "ReplayOptions",
    "Report",
    "ServiceLine",
    "Target",
    "ThresholdReached",
    "WarningPoint",
    "UpdateLine",
    "UpdateStatus",
    "UpdateTarget",
    "Workflow",
    "transitions",
    "verdict",
]

# Engine parts this package exported before 0.2: still found here, with a word on where they live.
_MOVED = frozenset(
    (
        "NEVER",
        "NO_AT",
        "ClockRun",
        "clock_end",
        "clock_runs",
        "check_history",
        "prerequisites",
        "due_with_pauses",
    )
)


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        from servicelevel.sla import engine

        warnings.warn(
            f"servicelevel.sla.{name} moved to servicelevel.sla.engine (the engine's shared parts, "
            "not the user API); import it from there",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(engine, name)
    raise AttributeError(f"module 'servicelevel.sla' has no attribute {name!r}")
