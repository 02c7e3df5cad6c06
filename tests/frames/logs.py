"""A small ServiceNow-style log the replay and log tests share: two tickets, A and B."""

from __future__ import annotations

import pandas as pd

LOG = pd.DataFrame(
    {
        "number": ["A", "A", "A", "A", "B", "B", "B", "B", "B"],
        "sys_updated_at": [
            "2026-03-02T10:00", "2026-03-02T10:20", "2026-03-02T11:00", "2026-03-02T15:00",
            "2026-03-05T10:00", "2026-03-05T10:05", "2026-03-06T11:00", "2026-03-09T10:00", "2026-03-12T10:00",
        ],
        "incident_state": ["New", "Active", "Awaiting User Info", "Resolved",
                           "New", "Active", "Resolved", "Active", "Resolved"],
        "priority": ["1 - Critical"] * 4 + ["3 - Moderate"] * 5,
    }
)  # fmt: skip
KW = {"ticket": "number", "time": "sys_updated_at", "status": "incident_state", "level": "priority"}
