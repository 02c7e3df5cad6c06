"""`contract.evaluate` with a calendar per region (issue #29 §1; ``make bench``).

A million tickets of the example contract (the generator of `columns.tickets_code`), their rows
spread evenly over four regions: 北京, 上海, 乌鲁木齐 and 拉萨. Every target of every level gets
region entries: 北京 its own term, 乌鲁木齐 the target's term on ``xinjiang`` (5×8 08:00-17:00,
Asia/Urumqi) and 拉萨 on ``tibet`` (5×8 09:30-18:30, Asia/Shanghai) — two calendars besides the
targets' own; 上海 the target's. The peer is the same tickets under the same contract whose region
entries are plain terms (no calendar of their own). Each side runs in a fresh process, as
`columns.py` measures evaluate, alternated ``ROUNDS`` times; the figure is the median of the
per-round ratios. Goal: at most 1.5× the time.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import textwrap

from columns import ROOT, tickets_code  # the script's own directory is on sys.path

ROUNDS = 3
N = 1_000_000
HEADER = [
    "",
    "| contract.evaluate, 1M tickets, 4 regions | region calendars, s | without, s | ratio | goal | met |",
    "|---|---:|---:|---:|---|---|",
]


def _evaluate_in_child(n: int, own: bool) -> float:
    """Seconds of ``contract.evaluate`` on ``n`` tickets in a fresh process; ``own``: the regions
    count on calendars of their own, else on their targets' calendars."""
    code = textwrap.dedent(
        f"""
        import time, warnings
        import attrs, numpy as np, pandas as pd
        from servicelevel import BusinessCalendar, load_contract
        warnings.simplefilter("ignore")
        c = load_contract({str(ROOT / "examples" / "contract.toml")!r})
        tibet = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN", hours="09:30-18:30")

        def regional(t):
            if {own}:
                far = {{"乌鲁木齐": {{"within": t.within, "calendar": "xinjiang"}},
                        "拉萨": {{"within": t.within, "calendar": "tibet"}}}}
            else:
                far = {{"乌鲁木齐": t.within, "拉萨": t.within}}
            return attrs.evolve(t, regions={{"北京": t.term_for("北京"), **far}})

        c = attrs.evolve(c, calendars={{**dict(c.calendars), "tibet": tibet}}, regions=(*c.regions, "拉萨"),
                         levels=[attrs.evolve(lv, targets={{m: regional(t) for m, t in lv.targets.items()}})
                                 for lv in c.levels])
        {tickets_code(n, seed=0, first="2026-01-05", days=300, reported_back=0.0)}
        t["region"] = rng.choice(["北京", "上海", "乌鲁木齐", "拉萨"], n)
        t0 = time.perf_counter()
        frame = c.evaluate(t, at="2026-12-31T00:00")
        print(time.perf_counter() - t0)
        """
    )
    return float(subprocess.check_output([sys.executable, "-c", code], text=True).split()[0])


def run() -> tuple[list[str], bool]:
    """Markdown table rows and whether the goal is met."""
    with_own, without, ratios = [], [], []
    for _ in range(ROUNDS):
        b = _evaluate_in_child(N, own=False)
        a = _evaluate_in_child(N, own=True)
        with_own.append(a)
        without.append(b)
        ratios.append(a / b)
    r = statistics.median(ratios)
    a, b = statistics.median(with_own), statistics.median(without)
    row = f"| 乌鲁木齐 on xinjiang, 拉萨 on tibet, 北京 and 上海 on the targets' | {a:.2f} | {b:.2f} | "
    row += f"{r:.2f}× | ≤ 1.5× | {'yes' if r <= 1.5 else 'NO'} |"
    return [row], r <= 1.5


def main() -> int:
    rows, ok = run()
    print("\n".join(HEADER + rows))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
