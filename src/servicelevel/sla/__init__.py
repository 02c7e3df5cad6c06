"""What did we promise, and was it kept? Contracts, fault levels, deadlines and incidents."""

from servicelevel.sla._clocks import NEVER, NO_AT, STATES, ClockRun, clock_end, clock_runs, verdict
from servicelevel.sla._contract import Contract
from servicelevel.sla._deadline import Deadline, Explanation, due_with_pauses
from servicelevel.sla._history import Event, Events, prerequisites
from servicelevel.sla._history import check as check_history
from servicelevel.sla._incident import Incident
from servicelevel.sla._levels import Escalation, FaultLevel, Target
from servicelevel.sla._metrics import DEFAULT_METRICS, Metric
from servicelevel.sla._status import Breach, Cycle, EscalationStep, MetricStatus, ThresholdReached
from servicelevel.sla._workflow import ACTIONS, Workflow, transitions

__all__ = [
    "ACTIONS",
    "DEFAULT_METRICS",
    "NEVER",
    "NO_AT",
    "STATES",
    "Breach",
    "ClockRun",
    "Contract",
    "Cycle",
    "Deadline",
    "Escalation",
    "EscalationStep",
    "Event",
    "Events",
    "Explanation",
    "FaultLevel",
    "Incident",
    "Metric",
    "MetricStatus",
    "Target",
    "ThresholdReached",
    "Workflow",
    "check_history",
    "clock_end",
    "clock_runs",
    "due_with_pauses",
    "prerequisites",
    "transitions",
    "verdict",
]
