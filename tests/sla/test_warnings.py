"""Warnings before the due (sla/_warnings.py, issue #29 §2): hand-worked on `Incident` and on the
tables alike, the points' reading, the contract's checks.

``WARN`` is RULES_CONTRACT (tests/conftest.py: P2 response 30 min on the 7×24 hotline, resolution
4 h on CN 5×8, 09:00-17:00, Asia/Shanghai) with warnings at 50 % and 10 minutes before the due;
its resolution has its own list, 25 % and 1 hour before, and an escalation to the manager 30
minutes before the resolution's due. Mon 2 Mar 2026 is a working day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pandas as pd
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import (
    BusinessCalendar,
    Contract,
    ContractError,
    Escalation,
    FaultLevel,
    Incident,
    Target,
    WarningPoint,
)
from servicelevel.terms import CountingRule, WorkingDays
from tests.conftest import RULES_CONTRACT
from tests.conftest import at as wall

WARN = attrs.evolve(
    RULES_CONTRACT,
    warnings=[0.5, "10m before"],
    levels=[FaultLevel(key="P2", targets={
        "response": Target(within="30m", calendar="hotline"),
        "resolution": Target(within="4h", calendar="support", warnings=["1h before", 0.25]),
    })],
    escalation=[Escalation(level="P2", before="30m", to="manager")],
)  # fmt: skip


def _warned(inc: Incident, at: str) -> dict[str, list[tuple[str, str, bool]]]:
    """Each metric's points as (instant HH:MM, label, planned)."""
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for w in inc.warnings(at):
        out.setdefault(w.metric, []).append((w.at.format("HH:mm"), w.label, w.planned))
    return out


def _incident_a() -> Incident:
    return Incident.open(WARN, level="P2", reported_at="2026-03-02T09:00")


def _incident_b() -> Incident:
    inc = Incident.open(WARN, level="P2", reported_at="2026-03-02T09:00").responded("2026-03-02T09:20")
    return inc.paused("2026-03-02T10:00").resumed("2026-03-02T11:00")


class TestIncident:
    def test_shares_and_points_before_the_due(self) -> None:
        """Nobody answered: each point where its part of the budget is counted, the target's own list."""
        # response 30 min from 09:00: 50 % = 15 min → 09:15; 10 min before the due 09:30 → 09:20.
        # resolution 4 h on 09-17 (its own list): 25 % = 1 h → 10:00; 1 h before the due 13:00 → 12:00.
        got = _warned(_incident_a(), "2026-03-02T12:30")
        assert got["response"] == [("09:15", "50%", False), ("09:20", "10m before", False)]
        assert got["resolution"] == [("10:00", "25%", False), ("12:00", "1h before", False)]

    def test_a_pause_moves_the_warning(self) -> None:
        """Paused 10:00-11:00: the due moves to 14:00 and the point one hour before it to 13:00."""
        # resolution: 1 h counted 09-10, the pause, then 2 h more 11-13 = 3 h = 4 h less 1 h → 13:00;
        # 25 % (1 h) is reached at 10:00, as the pause begins. Response stopped at 09:20: the point
        # 10 min before its due (09:20) is not reached before the stop, only 50 % (09:15) is.
        got = _warned(_incident_b(), "2026-03-02T12:30")
        assert got["response"] == [("09:15", "50%", False)]
        assert got["resolution"] == [("10:00", "25%", False), ("13:00", "1h before", True)]
        assert _incident_b().next_change("2026-03-02T12:30") == wall("2026-03-02T13:00")

    def test_threshold_is_the_share_used_there(self) -> None:
        """A point before the due reports the share of the budget used where it falls: 3 h of 4 h."""
        w = [w for w in _incident_b().warnings("2026-03-02T13:30") if w.metric == "resolution"][-1]
        assert (w.label, w.threshold, w.warning) == (
            "1h before",
            0.75,
            WarningPoint(before=dt.timedelta(hours=1)),
        )

    def test_escalation_before_the_due(self) -> None:
        """The manager is told 30 min before the resolution's due, moved by the pause: 13:30."""
        # 4 h less 30 min = 3 h 30 min counted: 09-10, then 11:00-13:30 (pause 10-11) → 13:30
        steps = _incident_b().escalations("2026-03-02T12:30")
        assert [(s.at.format("HH:mm"), s.role, s.planned) for s in steps] == [("13:30", "manager", True)]
        resolved = _incident_b().resolved("2026-03-02T13:00")  # resolved before it: no step
        assert resolved.escalations("2026-03-02T14:00") == []

    def test_a_point_before_the_start_fires_at_the_start(self) -> None:
        """One working day with the start day counted, reported 16:30: a 30 min budget, warned at once."""
        # support closes 17:00: the period ends then, 30 min of budget; 1 h before it lies before
        # the start, so the point fires at the start, 16:30
        target = Target(within=WorkingDays(1), calendar="support", rule=CountingRule(start_day_counts=True),
                        warnings=["1h before"])  # fmt: skip
        contract = attrs.evolve(
            WARN, levels=[FaultLevel(key="P2", targets={"resolution": target})], escalation=[]
        )
        inc = Incident.open(contract, level="P2", reported_at="2026-03-02T16:30")
        assert _warned(inc, "2026-03-02T16:45") == {"resolution": [("16:30", "1h before", False)]}


class TestTables:
    def test_evaluate_and_replay_equal_incident_by_hand(self) -> None:
        """`evaluate` and `replay` give the last point passed, as worked above for Incident."""
        tickets = pd.DataFrame(
            {"level": ["P2", "P2"], "reported_at": ["2026-03-02T09:00"] * 2,
             "responded_at": [None, "2026-03-02T09:20"]},
            index=pd.Index(["a", "b"], name="ticket"),
        )  # fmt: skip
        pauses = pd.DataFrame({"ticket": ["b"], "start": ["2026-03-02T10:00"], "end": ["2026-03-02T11:00"]})
        frame = WARN.evaluate(tickets, at="2026-03-02T12:30", pauses=pauses)
        assert frame["response_warned"].tolist() == ["10m before", "50%"]
        assert frame["resolution_warned"].tolist() == ["1h before", "25%"]
        log = pd.DataFrame(
            {"ticket": ["a", "b", "b", "b", "b"], "priority": ["2"] * 5,
             "time": ["2026-03-02T09:00", "2026-03-02T09:00", "2026-03-02T09:20", "2026-03-02T10:00",
                      "2026-03-02T11:00"],
             "status": ["New", "New", "Active", "Waiting", "Active"]},
        )  # fmt: skip
        replayed = WARN.replay(log, ticket="ticket", time="time", status="status", level="priority",
                               at="2026-03-02T12:30")  # fmt: skip
        assert replayed.loc[["a", "b"], "response_warned"].tolist() == ["10m before", "50%"]
        assert replayed.loc[["a", "b"], "resolution_warned"].tolist() == ["1h before", "25%"]

    def test_no_warning_yet_is_missing(self) -> None:
        """Before the first point the cell is missing; a contract without warnings adds no column."""
        tickets = pd.DataFrame({"level": ["P2"], "reported_at": ["2026-03-02T09:00"]})
        frame = WARN.evaluate(
            tickets, at="2026-03-02T09:10"
        )  # response 50 % at 09:15, resolution 25 % at 10:00
        assert frame["response_warned"].isna().all()
        assert frame["resolution_warned"].isna().all()
        assert "response_warned" not in RULES_CONTRACT.evaluate(tickets, at="2026-03-02T09:10").columns


class TestPoints:
    @pytest.mark.parametrize(
        ("written", "label"),
        [(0.5, "50%"), ("75%", "75%"), ("1h before", "1h before"), ("30m before", "30m before"),
         ("提前1小时", "1h before"), ("30分钟前", "30m before")],
    )  # fmt: skip
    def test_read(self, written: object, label: str) -> None:
        """Shares, percentages and business time before the due, in English and Chinese."""
        assert WarningPoint.read(written).label == label

    @pytest.mark.parametrize("written", [0, 1, 1.5, "100%", "soon", "1 working day before", True, None])
    def test_refused(self, written: object) -> None:
        """A share outside (0, 1), a period, or text that is neither is refused, naming what is accepted."""
        with pytest.raises(
            ContractError, match=r"warnings\[0\]: expected a share of the budget between 0 and 1"
        ):
            attrs.evolve(WARN, warnings=[written])

    def test_before_not_shorter_than_the_budget(self) -> None:
        """A point before the due as long as the budget is refused, naming both."""
        level = FaultLevel(key="P2", targets={"response": Target(within="30m", calendar="hotline",
                                                                   warnings=["1h before"])})  # fmt: skip
        with pytest.raises(ContractError) as info:
            attrs.evolve(WARN, levels=[level], escalation=[])
        assert (
            str(info.value)
            == "levels[0].response.warnings[0]: '1h before' is not shorter than the budget 30m"
        )
        with pytest.raises(
            ContractError, match=r"^warnings\[1\]: '30m before' is not shorter than the budget 30m"
        ):
            attrs.evolve(RULES_CONTRACT, warnings=[0.5, "30m before"])

    def test_escalation_after_or_before(self) -> None:
        """An escalation step counts after the report or before a due, not both, not neither."""
        with pytest.raises(ContractError, match=r"^after: give exactly one of after"):
            Escalation(level="P2", after="1h", before="1h", to="x", calendar="hotline")
        with pytest.raises(ContractError, match=r"^after: give exactly one of after"):
            Escalation(level="P2", to="x", calendar="hotline")
        with pytest.raises(
            ContractError, match=r"^escalation\[0\]\.metric: level 'P2' has no target for 'on_site'"
        ):
            attrs.evolve(WARN, escalation=[Escalation(level="P2", before="10m", metric="on_site", to="x")])
        with pytest.raises(ContractError, match=r"^escalation\[0\]\.before: '4h before' is not shorter"):
            attrs.evolve(WARN, escalation=[Escalation(level="P2", before="4h", to="x")])


def test_toml_round_trip() -> None:
    """Contract, target and escalation forms are written and read back to an equal contract."""
    text = WARN.to_toml()
    assert '"10m before"' in text
    assert '"1h before"' in text
    assert 'before = "30m"' in text
    assert Contract.from_toml(text) == WARN


def test_toml_error_names_the_target() -> None:
    """A bad point in a target's list is named by its path in the file."""
    text = WARN.to_toml().replace('    0.25,\n    "1h before",', '    0.25,\n    "soon",')
    with pytest.raises(ContractError, match=r"levels\[0\]\.resolution\.warnings\[1\]: expected a share"):
        Contract.from_toml(text)


def test_a_warning_instant_is_the_earliest() -> None:
    """A point reached at a closing warns at the closing, as a budget spent at closing is due then."""
    # Fri 6 Mar 15:00, 4 h on 09-17: due Mon 9 Mar 11:00; 1 h before = 3 h counted: 15-17 (2 h) on
    # Friday, then Mon 09-10 → Mon 10:00. 2 h before would be Fri 17:00 (the closing), not Mon 09:00.
    inc = Incident.open(WARN, level="P2", reported_at="2026-03-06T15:00")
    got = [w for w in inc.warnings("2026-03-09T10:30") if w.metric == "resolution"]
    assert [(w.at, w.label) for w in got] == [
        (pendulum.datetime(2026, 3, 6, 16, tz="Asia/Shanghai"), "25%"),
        (pendulum.datetime(2026, 3, 9, 10, tz="Asia/Shanghai"), "1h before"),
    ]


# ---------------------------------------------------------------------------------- the oracle
# An independent walk: a minute at a time from the clock's start over a 7×24 or a 5×8 calendar
# (Mon-Fri 09:00-17:00, Asia/Shanghai: no DST, no country: no holidays), skipping paused minutes,
# until the point's part of the budget is counted. Its part is worked exactly from the written
# share (Decimal) or as the budget less the time before; none of servicelevel's arithmetic is used.
_SH = dt.timezone(dt.timedelta(hours=8))
_ORACLE_CALS = {"7x24": BusinessCalendar.preset("7x24", tz="Asia/Shanghai"),
                "5x8": BusinessCalendar.preset("5x8", tz="Asia/Shanghai")}  # fmt: skip
_MINUTE = dt.timedelta(minutes=1)
_NEVER = dt.datetime.max.replace(tzinfo=_SH)  # the end of a pause still open


def _walk(kind: str, start: dt.datetime, need_us: int, pauses: list[tuple[dt.datetime, dt.datetime]]) -> Any:
    """The first instant at which ``need_us`` of open, unpaused time is counted from ``start``
    (the start itself for nothing to count), or None where an open pause stops the clock first."""
    if need_us <= 0:
        return start
    t = start
    while True:
        if pauses and pauses[-1][1] == _NEVER and t >= pauses[-1][0]:
            return None
        open_ = kind == "7x24" or (t.weekday() < 5 and 9 <= t.hour < 17)
        if open_ and not any(a <= t < b for a, b in pauses):
            if need_us <= 60_000_000:  # reached within this minute: the earliest such instant
                return t + dt.timedelta(microseconds=need_us)
            need_us -= 60_000_000
        t += _MINUTE


def _part(point: WarningPoint, budget_minutes: int) -> int:
    b = budget_minutes * 60_000_000
    if point.share is not None:
        return int(Decimal(repr(point.share)) * b)  # exact: the share as written, floored
    assert point.before is not None
    return max(0, b - point.before // dt.timedelta(microseconds=1))


@st.composite
def _histories(draw: st.DrawFn) -> tuple[Any, ...]:
    kind = draw(st.sampled_from(["7x24", "5x8"]))
    budget = draw(st.integers(2, 900))  # minutes
    shares = st.sampled_from([0.1, 0.25, 0.29, 0.33, 0.5, 0.57, 0.75, 0.9, 0.99])
    befores = st.integers(1, budget - 1).map(lambda m: f"{m}m before")
    points = draw(st.lists(st.one_of(shares, befores), min_size=1, max_size=4))
    step = draw(st.integers(1, budget - 1))
    start = dt.datetime(2026, 3, 2, tzinfo=_SH) + dt.timedelta(minutes=draw(st.integers(0, 7 * 24 * 60)))
    t, pauses = start, []
    for _ in range(draw(st.integers(0, 3))):
        a = t + dt.timedelta(minutes=draw(st.integers(1, 600)))
        t = a + dt.timedelta(minutes=draw(st.integers(1, 600)))
        pauses.append((a, t))
    resolved = t + dt.timedelta(minutes=draw(st.integers(1, 1200))) if draw(st.booleans()) else None
    last = resolved or t
    when = start + dt.timedelta(minutes=draw(st.integers(0, (last - start) // _MINUTE + 1500)))
    return kind, budget, points, step, start, pauses, resolved, when


@given(_histories())
def test_warnings_equal_a_minute_by_minute_walk(history: tuple[Any, ...]) -> None:
    """Incident.warnings, escalations before the due and evaluate's *_warned equal an independent walk."""
    kind, budget, written, step, start, pauses, resolved, when = history
    contract = Contract(
        id="oracle", calendars={"c": _ORACLE_CALS[kind]}, warnings=written,
        levels=[FaultLevel(key="P2", targets={"resolution": Target(within=budget * _MINUTE, calendar="c")})],
        escalation=[Escalation(level="P2", before=step * _MINUTE, to="manager")],
    )  # fmt: skip
    inc = Incident.open(contract, level="P2", reported_at=start)
    known = []  # the pauses recorded by `when`
    for a, b in pauses:
        if a <= when:
            inc = inc.paused(a)
            if b <= when:
                inc = inc.resumed(b)
            known.append((a, b if b <= when else _NEVER))
    paused_now = bool(known) and known[-1][1] == _NEVER
    stop = resolved if resolved is not None and resolved <= when and not paused_now else None
    if stop is not None:
        inc = inc.resolved(stop)
    running = stop is None and not paused_now

    def expected(points: tuple[WarningPoint, ...]) -> list[tuple[dt.datetime, int, bool]]:
        out = []
        for k, point in enumerate(points):
            r = _walk(kind, start, _part(point, budget), known)
            if r is None:
                continue
            if r <= when and (stop is None or r < stop):  # reached before the clock stopped
                out.append((r, k, False))
            elif r > when and running:
                out.append((r, k, True))
        return sorted(out)

    points = contract.warnings
    want = [(r, points[k].label, planned) for r, k, planned in expected(points)]
    assert [(w.at, w.label, w.planned) for w in inc.warnings(when)] == want
    steps = [(r, planned) for r, _, planned in expected((WarningPoint(before=step * _MINUTE),))]
    assert [(s.at, s.planned) for s in inc.escalations(when)] == steps
    tickets = pd.DataFrame({"level": ["P2"], "reported_at": [start], "resolved_at": [stop]})
    pz = pd.DataFrame({"ticket": [0] * len(known), "start": [a for a, _ in known],
                       "end": [None if b == _NEVER else b for _, b in known]})  # fmt: skip
    cell = contract.evaluate(tickets, at=when, pauses=pz if known else None)["resolution_warned"].iloc[0]
    reached = [(_part(points[k], budget), k) for _, k, planned in expected(points) if not planned]
    assert (None if pd.isna(cell) else cell) == (points[max(reached)[1]].label if reached else None)


def test_a_share_is_floored_exactly() -> None:
    """29 % of 25 minutes is 7m15s exactly, on Incident and the tables (a float product fell 1 µs short)."""
    # 25 min = 1500 s; 0.29 × 1500 s = 435 s = 7 min 15 s after 09:00 on the 7×24 hotline.
    contract = attrs.evolve(
        RULES_CONTRACT, warnings=[0.29],
        levels=[FaultLevel(key="P2", targets={"response": Target(within="25m", calendar="hotline")})],
    )  # fmt: skip
    inc = Incident.open(contract, level="P2", reported_at="2026-03-02T09:00")
    assert [w.at for w in inc.warnings("2026-03-02T09:00")] == [wall("2026-03-02T09:07:15")]
    tickets = pd.DataFrame({"level": ["P2"], "reported_at": ["2026-03-02T09:00"]})
    frame = contract.evaluate(tickets, at="2026-03-02T09:07:15")
    assert frame["response_warned"].tolist() == ["29%"]  # reached at 09:07:15, not 1 µs after it


@pytest.mark.parametrize(
    "written", [Decimal("NaN"), Decimal("sNaN"), "1e-400%", "99.99999999999999999%", 1e-400]
)
def test_a_share_that_is_no_share_as_a_float(written: object) -> None:
    """A share that is not a number, or rounds to 0 or 1 as a float, is refused under warnings, not as 0.0 or 1.0."""
    with pytest.raises(ContractError, match=r"^warnings\[0\]: expected a share of the budget"):
        attrs.evolve(WARN, warnings=[written])


def test_a_mapping_is_no_list_of_points() -> None:
    """A dict is refused, not read as its keys."""
    with pytest.raises(ContractError, match=r"^warnings: expected a list such as"):
        attrs.evolve(WARN, warnings={0.5: "half"})
