"""Shared test settings and values: a hypothesis profile per setting (CI by default), and the
calendars and the example contract that tests in many packages use.

The values are module-level constants, importable as ``from tests.conftest import CN_5X8`` where a
test needs them at import time (in ``parametrize``, in a lambda, in a class body); the fixtures
below hand the same objects to tests that read better with an argument.
"""

from __future__ import annotations

import os
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, settings

from servicelevel import BusinessCalendar, Contract, FaultLevel, Incident, Target, Workflow, load_contract

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Checked by mypy in `make test` (scalar and column calls keep precise types), not run.
collect_ignore_glob = ["typing/*"]

ROOT = Path(__file__).resolve().parents[1]
SH = "Asia/Shanghai"

# China's statutory days (holidays and make-up working days) on the usual coverages.
CN_5X8 = BusinessCalendar.preset("5x8", tz=SH, country="CN")
"""5×8, 09:00-17:00 on China's working days."""
CN_LUNCH = BusinessCalendar.preset("5x8", tz=SH, country="CN", hours="08:30-12:00,13:30-17:30")
"""5×8 with a lunch break: 08:30-12:00 and 13:30-17:30 on China's working days."""
CN_7X18 = BusinessCalendar.preset("7x18", tz=SH, country="CN")
"""Every day 06:00-24:00, holidays included; China's working days for working-day terms."""
CN_7X24 = BusinessCalendar.preset("7x24", tz=SH, country="CN")
"""Round the clock; China's working days for working-day terms."""
HOTLINE = BusinessCalendar.preset("7x24", tz=SH)
"""The 7×24 hotline: round the clock, no country (Mon-Fri working days)."""
PLAIN_5X8 = BusinessCalendar.preset("5x8", tz=SH)
"""5×8 with no country: Mon-Fri working days, no holidays (for years China has not published)."""

EXAMPLE_PATH = ROOT / "examples" / "contract.toml"
EXAMPLE_TEXT = EXAMPLE_PATH.read_text(encoding="utf-8")
CONTRACT: Contract = load_contract(EXAMPLE_PATH)
"""``examples/contract.toml``: Asia/Shanghai (UTC+8, no DST); calendars hotline 7×24, desk 5×8
09:00-17:00 until 2026-02-28 then 7×24, support 08:30-17:30 on China's working days, xinjiang
08:00-17:00 Asia/Urumqi (UTC+6; P1's visit in 乌鲁木齐 counts on it); levels P1-P3;
warnings at 50 % and 75 % of each budget. Every test reads it; none changes it (it is frozen)."""

RULES_CONTRACT = Contract(
    id="rules",
    calendars={"hotline": HOTLINE, "support": CN_5X8},
    levels=[FaultLevel(key="P2", targets={
        "response": Target(within="30m", calendar="hotline"),
        "resolution": Target(within="4h", calendar="support"),
    })],
    workflow=Workflow(
        statuses={"New": "new", "Active": "working", "Waiting": "paused", "Resolved": "resolved", "Closed": "closed"},
        levels={"2": "P2"},
    ),
)  # fmt: skip
"""A small contract for hand-worked histories: P2 answers within 30 minutes on the 7×24 hotline and
is resolved within 4 hours on CN 5×8 (09:00-17:00 on China's working days); its workflow reads a
status log of New, Active, Waiting, Resolved and Closed, priority "2"; reopenings resume the clock."""


def at(text: str, tz: str = SH) -> pendulum.DateTime:
    """``text`` (ISO 8601) read in ``tz``, Asia/Shanghai unless given."""
    return pendulum.parse(text, tz=tz)  # type: ignore[return-value]


def sh(*args: int) -> pendulum.DateTime:
    """A wall-clock instant in Asia/Shanghai: ``sh(2026, 3, 2, 10)`` is Mon 2 Mar 2026 10:00 +08:00."""
    return pendulum.datetime(*args, tz=SH)  # type: ignore[arg-type]


def fresh_cn_5x8() -> BusinessCalendar:
    """A new 5×8 calendar on China's working days: nothing computed, no warning given yet."""
    return BusinessCalendar.preset("5x8", tz=SH, country="CN")


def fresh_hotline() -> BusinessCalendar:
    """A new 7×24 calendar with no country: nothing computed yet."""
    return BusinessCalendar.preset("7x24", tz=SH)


@pytest.fixture
def cn() -> BusinessCalendar:
    """`CN_5X8`, the 5×8 calendar on China's working days."""
    return CN_5X8


def p1(region: str | None = None) -> Incident:
    """A critical fault (P1) under `CONTRACT`, reported Mon 2026-03-02 10:00, in ``region``."""
    return Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00", region=region)


# ---------------------------------------------------------------------------- the letters' scorecard
_WORKER_ROWS: list[list[object]] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """pytest-xdist: gather the letter scores each worker computed."""
    import json

    rows = getattr(node, "workeroutput", {}).get("letter_scores")
    if rows:
        _WORKER_ROWS.extend(json.loads(rows))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the reader's recall and precision on the labelled letters (from this process or the
    workers); the gates themselves are asserted by the tests in tests/letters/test_quality.py."""
    from tests.letters.conftest import score_rows

    rows = sorted(_WORKER_ROWS, key=lambda r: (str(r[0]).startswith("POOLED"), str(r[0]), str(r[1])))
    rows = rows or score_rows()
    if not rows:
        return
    tr = terminalreporter
    tr.section("commitment letters: recall and precision on the hand-labelled letters")
    for name, kind, labelled, found, matched, recall, precision in rows:
        tr.write_line(
            f"{str(name)[:16]:16} {kind!s:9} labelled {labelled:3}  found {found:3}  "
            f"matched {matched:3}  recall {recall:.2f}  precision {precision:.2f}"
        )
