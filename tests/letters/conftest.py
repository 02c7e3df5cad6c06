"""The letters' scores, kept while the tests run and printed at the end (see tests/conftest.py)."""

from __future__ import annotations

import json
from typing import Any

SCORES: list[tuple[str, dict[str, dict[str, Any]]]] = []
"""(letter, report) pairs the scoring tests add; printed as the scorecard at the end of the run."""


def score_rows() -> list[list[Any]]:
    """The scorecard's rows (letter, kind, labelled, found, matched, recall, precision): plain data
    a test worker can hand to the controlling process."""
    return [
        [name, kind, r["labelled"], r["found"], r["matched"], r["recall"], r["precision"]]
        for name, report in SCORES
        for kind, r in report.items()
        if r["labelled"] or r["found"]
    ]


def pytest_sessionfinish(session: Any) -> None:
    """In a pytest-xdist worker: hand the scores to the controller, which prints them."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["letter_scores"] = json.dumps(score_rows(), ensure_ascii=False)
