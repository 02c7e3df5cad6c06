"""The engine's shared parts (src/servicelevel/sla/engine.py) and the pause rule over both paths.

Hand-worked on the CN 5×8 calendar (09:00–17:00 on working days): the same function gives one
clock's due and a column of clocks' dues.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import servicelevel.sla
from servicelevel import Pauses, parse_term
from servicelevel.sla import engine
from servicelevel.terms import CIVIL_CODE
from tests.conftest import CN_5X8


def test_the_user_api_no_longer_lists_the_engine() -> None:
    """servicelevel.sla lists the user API, verdict and transitions; engine parts live in engine."""
    for name in ("NEVER", "NO_AT", "ClockRun", "clock_end", "clock_runs", "check_history", "prerequisites"):
        assert name not in servicelevel.sla.__all__
        assert name in engine.__all__
    assert {"verdict", "transitions", "Incident", "Contract"} <= set(servicelevel.sla.__all__)


def test_an_engine_part_asked_of_sla_still_answers_and_says_where_it_moved() -> None:
    """The old spelling works for a release, with a DeprecationWarning naming the new home."""
    with pytest.warns(DeprecationWarning, match=r"servicelevel\.sla\.engine"):
        never = servicelevel.sla.NEVER  # type: ignore[attr-defined]
    assert never == engine.NEVER


def test_the_pause_rule_for_a_working_day_moves_the_due_by_the_open_time_paused() -> None:
    """A pause moves a working-day due by the open time paused, the same for one clock and a column."""
    # Mon 2 Mar 10:00 + 1 working day ends Tue 17:00 (the start day is not counted). Its budget is
    # the open time to that due: Mon 10–17 (7 h) + Tue 09–17 (8 h) = 15 h. Paused Tue 09:00–11:00, the
    # 15 h spent around the pause: Mon 7 h, Tue 11–17 6 h, Wed 09–11 2 h → Wed 4 Mar 11:00, later than
    # the unpaused due, so it stands. One clock and a column of two (one unpaused) agree.
    term = parse_term("1个工作日")
    pause = [(CN_5X8.instant("2026-03-03T09:00"), CN_5X8.instant("2026-03-03T11:00"))]
    one = engine.due_with_pauses(CN_5X8, CN_5X8.instant("2026-03-02T10:00"), term, CIVIL_CODE, pause)
    assert one == CN_5X8.instant("2026-03-04T11:00")
    starts = np.array(["2026-03-02T02:00", "2026-03-02T02:00"], dtype="datetime64[us]")  # 10:00 local
    pauses = Pauses.of([pause, []], CN_5X8)
    column = engine.due_with_pauses(CN_5X8, starts, term, CIVIL_CODE, pauses, np)
    assert list(column) == [np.datetime64("2026-03-04T03:00", "us"), np.datetime64("2026-03-03T09:00", "us")]


def test_time_spent_for_one_clock_and_a_column() -> None:
    """From Mon 09:00 to Mon 15:00, paused 10:00–11:00, due 14:00: 5 h counted, 1 h held, budget 4 h."""
    start, end, due = (CN_5X8.instant(f"2026-03-02T{h}:00") for h in ("09", "15", "14"))
    pause = [(CN_5X8.instant("2026-03-02T10:00"), CN_5X8.instant("2026-03-02T11:00"))]
    hours = dt.timedelta(hours=1)
    assert engine.time_spent(CN_5X8, start, end, due, pause) == (5 * hours, hours, 4 * hours)
    col = np.array([np.datetime64("2026-03-02T01:00", "us")])
    got = engine.time_spent(
        CN_5X8, col, col + np.timedelta64(6, "h"), col + np.timedelta64(5, "h"), Pauses.of([pause], CN_5X8)
    )
    assert [x[0] for x in got] == [np.timedelta64(5, "h"), np.timedelta64(1, "h"), np.timedelta64(4, "h")]
