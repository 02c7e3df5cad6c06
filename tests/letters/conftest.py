"""Print the reader's recall and precision on the labelled letters at the end of the run."""

from __future__ import annotations

from typing import Any

SCORES: list[tuple[str, dict[str, dict[str, Any]]]] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not SCORES:
        return
    tr = terminalreporter
    tr.section("commitment letters: recall and precision on the hand-labelled letters")
    for name, report in SCORES:
        for kind, r in report.items():
            if r["labelled"] or r["found"]:
                tr.write_line(
                    f"{name[:16]:16} {kind:9} labelled {r['labelled']:3}  found {r['found']:3}  "
                    f"matched {r['matched']:3}  recall {r['recall']:.2f}  precision {r['precision']:.2f}"
                )
