"""A ten-second tour: a 5×8 China calendar around the 2026 Spring Festival.

Run with ``make demo``.
"""

from __future__ import annotations

import datetime as dt

from servicelevel import BusinessCalendar

cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN", hours="08:30-12:00,13:30-17:30")
print("Calendar: 5×8 in Asia/Shanghai, 08:30-12:00 and 13:30-17:30, China's statutory working days\n")

print("Days around the 2026 Spring Festival (春节):")
for info in cal.days("2026-02-12", "2026-03-02"):
    hours = str(info.hours) or "closed"
    why = {"weekly": "", "holiday": f"holiday: {info.holiday}", "make-up": "make-up working day (调休上班)"}
    print(f"  {info.date:%a %Y-%m-%d}  {hours:<24} {why.get(info.reason, info.reason)}")

reported = "2026-02-13T16:00"
print(f"\nA fault reported {reported} (Friday before the festival), Example B of the domain notes:")
for what, budget in [
    ("response   (30 min)", dt.timedelta(minutes=30)),
    ("on site    (6 h)", dt.timedelta(hours=6)),
    ("severe fix (8 h)", dt.timedelta(hours=8)),
    ("1 week of cover (40 h)", dt.timedelta(hours=40)),
]:
    due = cal.add(reported, budget)
    print(f"  {what:<24} due {due:%a %Y-%m-%d %H:%M}")

print("\nThe clock counts only covered time:")
start, end = "2026-02-13T16:00", "2026-02-24T10:00"
print(f"  elapsed({start}, {end}) = {cal.elapsed(start, end)}")
print(f"  next opening after Sun 2026-02-15 12:00: {cal.next_open('2026-02-15T12:00'):%a %Y-%m-%d %H:%M}")
print(f"  2 working days after Fri 2026-02-13: {cal.add_working_days('2026-02-13', 2):%a %Y-%m-%d}")
print(f"  working days in February 2026: {cal.working_days('2026-02-01', '2026-03-01')}")
