"""The money side (issue #28): what penalties add to `evaluate`, and the monthly report's cost.

- penalties: `contract.evaluate` on 1M tickets with the example contract (penalties on P1's visits
  and resolutions, a third of the tickets) against the same contract without them, each in a
  fresh process, alternated round by round; the median ratio. Goal: ≤ 1.2×.
- the report of a month of 100k tickets, with its Excel workbook: seconds. Goal: ≤ 10 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

from columns import _evaluate_in_child, tickets_code  # the script's own directory is on sys.path

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
    "| money | servicelevel | peer | peer | result | goal | met |",
    "|---|---:|---|---:|---|---|---|",
]


def _report_in_child(n: int) -> tuple[float, float, int]:
    """Seconds of ``contract.report`` for a month of ``n`` tickets, and of writing its workbook."""
    code = textwrap.dedent(
        f"""
        import time, warnings
        import numpy as np, pandas as pd
        from servicelevel import load_contract
        warnings.simplefilter("ignore")
        c = load_contract({str(ROOT / "examples" / "contract.toml")!r})
        {tickets_code(n, seed=1, first="2026-03-01", days=28, reported_back=0.8)}
        t.index = pd.Index([f"T{{i:07d}}" for i in range(n)], name="ticket")
        t0 = time.perf_counter()
        r = c.report("2026-03", tickets=t)
        t1 = time.perf_counter()
        data = __import__("servicelevel.io", fromlist=["report_xlsx"]).report_xlsx(r)
        t2 = time.perf_counter()
        print(t1 - t0, t2 - t1, len(r.breaches))
        """
    )
    out = subprocess.check_output([sys.executable, "-c", code], text=True).split()
    return float(out[0]), float(out[1]), int(out[2])


def run() -> tuple[list[str], bool]:
    """Markdown table rows and whether every target is met."""
    rows: list[str] = []
    ok = True
    n = 1_000_000
    ratios, with_, without = [], [], []
    for _ in range(3):  # alternated: a burst of load spoils a round, not the ratio
        a, _peak = _evaluate_in_child(n)
        b, _peak = _evaluate_in_child(n, penalties=False)
        ratios.append(a / b)
        with_.append(a)
        without.append(b)
    r = statistics.median(ratios)
    met = r <= 1.2
    ok &= met
    rows.append(
        f"| evaluate 1M tickets with penalties (P1 on site, resolution) | {statistics.median(with_):.2f} s "
        f"| the same without penalties | {statistics.median(without):.2f} s | {r:.2f}× | ≤ 1.2× "
        f"| {'yes' if met else 'NO'} |"
    )
    took, xlsx, breaches = _report_in_child(100_000)
    met = took + xlsx <= 10
    ok &= met
    rows.append(
        f"| report, a month of 100k tickets ({breaches} breaches) + .xlsx | {took:.2f} s + {xlsx:.2f} s "
        "| — | — "
        f"| {took + xlsx:.1f} s | ≤ 10 s | {'yes' if met else 'NO'} |"
    )
    return rows, ok


def main() -> int:
    rows, ok = run()
    print("\n".join(HEADER + rows))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
