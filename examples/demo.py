"""A ten-second tour: a 5×8 China calendar around the 2026 Spring Festival.

Run with ``make demo``.
"""

from __future__ import annotations

from servicelevel import INCLUSIVE, BusinessCalendar

cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN", hours="08:30-12:00,13:30-17:30")
print("Calendar: 5×8 in Asia/Shanghai, 08:30-12:00 and 13:30-17:30, China's statutory working days\n")

print("Days around the 2026 Spring Festival (春节):")
for info in cal.days("2026-02-12", "2026-03-02"):
    hours = str(info.hours) or "closed"
    why = {"weekly": "", "holiday": f"holiday: {info.holiday}", "make-up": "make-up working day (调休上班)"}
    print(f"  {info.date:%a %Y-%m-%d}  {hours:<24} {why.get(info.reason, info.reason)}")

reported = "2026-02-13T16:00"
print(f"\nA critical fault (重大故障) reported {reported}, the Friday before the festival.")
print("Example B of the domain notes: response 30 min, on site 6 h, resolved within 1 working day:")
for what, term in [("response", "30分钟"), ("on site", "6小时"), ("resolved", "1个工作日")]:
    due = cal.due(reported, term)
    print(f"  {what:<9} due {due:%a %Y-%m-%d %H:%M}   ({term})")

print("\nA 3-year warranty from acceptance on 2023-06-15 (验收之日起3年):")
print(f"  Civil Code (start day not counted): last day {cal.period_end('2023-06-15', '3年')}")
print(f"  inclusive reading:                  last day {cal.period_end('2023-06-15', '3年', INCLUSIVE)}")

print("\nThe clock counts only covered time:")
start, end = "2026-02-13T16:00", "2026-02-24T10:00"
print(f"  elapsed({start}, {end}) = {cal.elapsed(start, end)}")
print(f"  next opening after Sun 2026-02-15 12:00: {cal.next_open('2026-02-15T12:00'):%a %Y-%m-%d %H:%M}")
print(f"  2 working days after Fri 2026-02-13: {cal.add_working_days('2026-02-13', 2):%a %Y-%m-%d}")
print(f"  working days in February 2026: {cal.working_days('2026-02-01', '2026-03-01')}")
