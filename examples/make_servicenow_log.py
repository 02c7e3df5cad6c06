"""Writes ``servicenow_log.csv``: a ServiceNow-style incident audit log, generated (no real data).

One row per update: the incident number, the status and priority after it, the time of the update
(``sys_updated_at``, minutes only, as exports show them) and its per-ticket counter
(``sys_mod_count``, the tie-breaker within a minute). Every case the replay reads is in it:
pauses (Awaiting …, one into another), resolution while paused, reopening, priority changes,
closing, tickets still open, same-minute rows. Run it again to regenerate the same file.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

STATUSES_AFTER = {
    "New": ["Active", "Active", "Active", "Awaiting User Info", "Resolved"],
    "Active": ["Awaiting User Info", "Awaiting Vendor", "Resolved", "Resolved", "Active"],
    "Awaiting User Info": ["Active", "Awaiting Vendor", "Resolved"],
    "Awaiting Vendor": ["Active", "Resolved"],
    "Resolved": ["Closed", "Closed", "Closed", "Active"],
}
PRIORITIES = ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low"]
BEIJING = dt.timezone(dt.timedelta(hours=8))


def rows(seed: int = 7, tickets: int = 60) -> list[dict[str, str | int]]:
    rng = random.Random(seed)
    out: list[dict[str, str | int]] = []
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=BEIJING)
    for n in range(tickets):
        t = start + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 120))
        priority = rng.choice(PRIORITIES)
        status = "New"
        for count in range(rng.randrange(1, 9)):
            out.append(
                {
                    "number": f"INC{1000 + n:07d}",
                    "incident_state": status,
                    "priority": priority,
                    "sys_updated_at": t.strftime("%Y-%m-%dT%H:%M%z")[:-2] + ":00",
                    "sys_mod_count": count,
                }
            )
            if status == "Closed":
                break
            status = rng.choice(STATUSES_AFTER[status])
            if rng.random() < 0.08:
                priority = rng.choice(PRIORITIES)
            t += dt.timedelta(minutes=rng.choice([0, 1, 10, 45, 120, 600, 1500]))
    return out


if __name__ == "__main__":
    target = Path(__file__).with_name("servicenow_log.csv")
    with target.open("w", newline="", encoding="utf-8") as f:
        data = rows()
        writer = csv.DictWriter(f, fieldnames=list(data[0]))
        writer.writeheader()
        writer.writerows(data)
    print(f"wrote {len(data)} rows to {target}")
