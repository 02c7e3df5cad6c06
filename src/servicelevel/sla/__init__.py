"""What did we promise, and was it kept? Contracts, fault levels, deadlines and incidents."""

from servicelevel.sla._contract import Contract, Escalation, FaultLevel, Target
from servicelevel.sla._deadline import Deadline, Explanation, due_with_pauses
from servicelevel.sla._incident import Breach, EscalationStep, Event, Incident, MetricStatus, ThresholdReached
from servicelevel.sla._metrics import DEFAULT_METRICS, Metric

__all__ = [
    "DEFAULT_METRICS",
    "Breach",
    "Contract",
    "Deadline",
    "Escalation",
    "EscalationStep",
    "Event",
    "Explanation",
    "FaultLevel",
    "Incident",
    "Metric",
    "MetricStatus",
    "Target",
    "ThresholdReached",
    "due_with_pauses",
]
