"""`Incident.cycles` and `Incident.breaches` as reopenings pile up (issue 27 §4; ``make bench``).

An adversarial probe: a P2 ticket under a contract whose reopenings resume the clock (response
within 30 minutes on a 7×24 hotline, resolution within 4 hours on CN 5×8), responded, then
n times paused 5 minutes, resolved and reopened 7 minutes later, so each cycle's resolution clock
excludes every earlier gap. Before the fix the k-th cycle redid the work of all before it
(250 reopenings: seconds; 2,000: minutes). The goal is linear work: twice the reopenings, at most
2.5 times the time (the figure is the best of ``ROUNDS`` calls).
"""

from __future__ import annotations

import time

import pendulum

ROUNDS = 3
SIZES = (250, 1000, 2000)
HEADER = [
    "",
    "| incident with n reopenings (reopen = resume) | 250 | 1,000 | 2,000 | 2,000 / 1,000 | goal | met |",
    "|---|---:|---:|---:|---:|---|---|",
]


def incident(n: int) -> object:
    from servicelevel import BusinessCalendar, Contract, FaultLevel, Incident, Target

    tz = "Asia/Shanghai"
    contract = Contract(
        id="probe",
        calendars={
            "hotline": BusinessCalendar.preset("7x24", tz=tz),
            "support": BusinessCalendar.preset("5x8", tz=tz, country="CN"),
        },
        levels=[FaultLevel(key="P2", targets={
            "response": Target(within="30m", calendar="hotline"),
            "resolution": Target(within="4h", calendar="support"),
        })],
    )  # fmt: skip
    t = pendulum.datetime(2026, 3, 2, 9, tz=tz)
    events: list[tuple[str, pendulum.DateTime]] = [("responded", t.add(minutes=5))]
    u = t.add(minutes=10)
    for _ in range(n):
        events += [("paused", u), ("resumed", u.add(minutes=5)), ("resolved", u.add(minutes=9)),
                   ("reopened", u.add(minutes=16))]  # fmt: skip
        u = u.add(minutes=20)
    return Incident.from_events(contract, level="P2", reported_at=t, events=events)


def run() -> tuple[list[str], bool]:
    rows, ok = [], True
    cases = {n: incident(n) for n in SIZES}
    for method in ("cycles", "breaches"):
        seconds = {}
        for n, inc in cases.items():
            at = inc.events[-1].at.add(hours=1)  # type: ignore[attr-defined]
            best = float("inf")
            for _ in range(ROUNDS):
                t0 = time.perf_counter()
                getattr(inc, method)(at)
                best = min(best, time.perf_counter() - t0)
            seconds[n] = best
        ratio = seconds[2000] / seconds[1000]
        met = ratio <= 2.5
        ok &= met
        rows.append(
            f"| {method}() | {seconds[250]:.3f} s | {seconds[1000]:.3f} s | {seconds[2000]:.3f} s "
            f"| {ratio:.2f}× | ≤ 2.5× | {'yes' if met else 'NO'} |"
        )
    return rows, ok


if __name__ == "__main__":
    table, _ = run()
    print("\n".join(HEADER + table))
