"""Reading a commitment letter: the 59 kB example letter, as `read_commitments` is called.

Goal (issue 19): a 60 kB letter read in at most 100 ms. There is no peer that reads these
letters, so the figure stands beside the time Python takes to decode the same bytes (the
floor of any reader) and to run one regular expression over them, measured in the same run.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from servicelevel import read_commitments  # noqa: E402

LETTER = ROOT / "tests" / "letters" / "texts" / "000_cbc00d7f364d7fa9.txt"
HEADER = ["", "## Reading a commitment letter (59 kB, 2 cores; median of 15, interleaved)", ""]


def run(repeat: int = 15) -> tuple[list[str], bool]:
    data = LETTER.read_bytes()
    text = data.decode("utf-8")
    pattern = re.compile(r"\d+小时")
    times: dict[str, list[float]] = {"read_commitments": [], "decode": [], "one regex": []}
    read_commitments(text)  # warm the imports
    for _ in range(repeat):
        for name, call in (
            ("read_commitments", lambda: read_commitments(text)),
            ("decode", lambda: data.decode("utf-8")),
            ("one regex", lambda: pattern.findall(text)),
        ):
            t0 = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in times.items()}
    ok = med["read_commitments"] <= 0.100
    rows = [
        f"- `read_commitments` on {len(data) / 1000:.0f} kB: {med['read_commitments'] * 1000:.1f} ms "
        f"(goal ≤ 100 ms: {'met' if ok else 'NOT met'})",
        f"- decoding the bytes: {med['decode'] * 1000:.2f} ms; one regular expression over the text: "
        f"{med['one regex'] * 1000:.2f} ms",
    ]
    return rows, ok


if __name__ == "__main__":
    rows, _ = run()
    print("\n".join(HEADER + rows))
