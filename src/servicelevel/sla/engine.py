"""The engine's shared parts: what `Incident` and servicelevel's tables of tickets both compute with.

Not the user API (that is `servicelevel.sla`): the clock encoding (`NEVER`, `NO_AT`), the fold of
a history into clocks (`clock_runs`, `ClockRun`, `check_history`, `prerequisites`), the one rule
that judges a clock (`verdict`, `clock_end`, `overdue`, `STATES`), the pause rule
(`due_with_pauses`, `time_spent`), where a warning falls (`warning_at`, `warnings_of`), what a
breach costs (`charge`), and the update clock (`update_clock`, `UpdateClock`, `update_missed`,
`update_verdict`). Each is written once and called by both paths with their operations (plain
values, or numpy columns), so one incident and a million rows cannot disagree.
"""

from servicelevel.sla._clocks import (
    NEVER,
    NO_AT,
    SCALAR,
    STATES,
    ClockRun,
    Ops,
    clock_end,
    clock_runs,
    overdue,
    verdict,
)
from servicelevel.sla._deadline import due_with_pauses, time_spent
from servicelevel.sla._history import check as check_history
from servicelevel.sla._history import from_us, prerequisites, us
from servicelevel.sla._penalties import Minor, charge, from_minor, month_payable
from servicelevel.sla._update_status import UpdateClock, update_clock
from servicelevel.sla._updates import update_missed, update_verdict
from servicelevel.sla._warnings import warning_at, warnings_of
from servicelevel.sla._workflow import ACTIONS, transitions

__all__ = [
    "ACTIONS",
    "NEVER",
    "NO_AT",
    "SCALAR",
    "STATES",
    "ClockRun",
    "Minor",
    "Ops",
    "charge",
    "check_history",
    "clock_end",
    "clock_runs",
    "due_with_pauses",
    "from_minor",
    "from_us",
    "month_payable",
    "overdue",
    "prerequisites",
    "time_spent",
    "transitions",
    "UpdateClock",
    "update_clock",
    "update_missed",
    "update_verdict",
    "us",
    "verdict",
    "warning_at",
    "warnings_of",
]
