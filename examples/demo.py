"""A short tour: the example contract, a fault before the 2026 Spring Festival, an incident.

Run with ``make demo`` (it then also runs ``servicelevel due`` and ``servicelevel report`` on the
same contract: March 2026's service report from examples/march.csv and examples/outages.csv).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from servicelevel import Claim, Incident, format_term, load_contract
from servicelevel.terms import format_share

contract = load_contract(Path(__file__).with_name("contract.toml"))
print(f"Contract {contract.id}: {', '.join(f'{lv.key} {lv.name}' for lv in contract.levels)}\n")

support = contract.calendar("support")
print("The support calendar around the Spring Festival (春节) 2026:")
for info in support.days("2026-02-12", "2026-02-26"):
    why = {"holiday": f"holiday: {info.holiday}", "make-up": "make-up working day (调休上班)"}
    why_text = why.get(info.reason, "")
    print(f"  {info.date:%a %Y-%m-%d}  {str(info.hours) or 'closed':<12} {why_text}")

reported = "2026-02-13T16:30+08:00"
print(f"\nA critical fault (P1) reported {reported} in 北京, the Friday before the festival:")
for metric, d in contract.deadlines("P1", reported_at=reported, region="北京").items():
    due = f"{d.due:%a %Y-%m-%d %H:%M}" if d.due else "after restoration"
    print(f"  {metric:<11} {format_term(d.term):<15} on {d.calendar:<8} due {due}")

print("\nAn incident, step by step (P3 reported Mon 2026-03-02 10:00, found critical at 11:00):")
inc = Incident.open(contract, level="P3", reported_at="2026-03-02T10:00", region="北京")
inc = inc.responded("2026-03-02T10:20")
inc = inc.reclassified("2026-03-02T11:00", "P1")
inc = inc.paused("2026-03-02T11:30", reason="waiting for the customer's approval").resumed("2026-03-02T12:30")
inc = inc.arrived("2026-03-02T13:10")
at = "2026-03-02T15:00"
for metric, st in inc.status(at=at).items():
    due = f"{st.due:%a %H:%M}" if st.due else "—"
    used = f"{st.used:.0%}" if st.used is not None else "—"
    print(f"  {metric:<11} {st.state:<9} due {due:<10} used {used}")
for b in inc.breaches(at=at):
    print(f"  breached: {b.metric} by {b.by}")
print("  escalation:")
for step in inc.escalations(at=at):
    print(f"    {step.at:%H:%M} {step.role}{' (planned)' if step.planned else ''}")
print()
warranty = contract.warranty
assert warranty is not None
print(f"Warranty: from acceptance on {warranty.start_day}, 3年 + 6个月, last covered day {warranty.last_day}")
for claim in (
    Claim(on="2026-06-16"),
    Claim(on="2026-06-16", causes=["lightning"], events=[("self_disassembly", "2025-03-02")]),
    Claim(on="2026-06-16", component="toner"),
):
    decision = warranty.assess(claim)
    verdict = "covered" if decision.covered else "not covered"
    what = f" for {claim.component}" if claim.component else ""
    print(f"  claim on {claim.on}{what}: {verdict}")
    for reason in decision.reasons:
        print(f"    - {reason.text()} / {reason.text('zh')}")
print()
print("Service schedules, January to June 2026 (rolled to working days):")
for schedule in contract.schedules:
    days = schedule.occurrences("2026-01-01", "2026-06-30")
    print(f"  {schedule.name:<11} " + ", ".join(f"{d:%m-%d}" for d in days))
print()
print("Availability in March 2026 (examples/outages.csv; planned maintenance does not count):")
outages = pd.read_csv(Path(__file__).with_name("outages.csv"))
for r in contract.availability(outages, at="2026-04-01T00:00").itertuples():
    promise = contract.availability_target(r.service)
    verdict = "met" if r.met else "missed"
    credit = "" if pd.isna(r.credit_amount) else f"; credit {format_share(r.credit)} = {r.credit_amount} CNY"
    print(
        f"  {r.service} {promise.name}: {r.availability:.3%} of {r.scheduled} scheduled, "
        f"{r.down} down in {r.outages} outages (target {format_share(r.target)}, {verdict}){credit}"
    )
print()
