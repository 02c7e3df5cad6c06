"""Warnings before the due (sla/_warnings.py, issue #29 §2): hand-worked on `Incident` and on the
tables alike, the points' reading, the contract's checks.

``WARN`` is RULES_CONTRACT (tests/conftest.py: P2 response 30 min on the 7×24 hotline, resolution
4 h on CN 5×8, 09:00-17:00, Asia/Shanghai) with warnings at 50 % and 10 minutes before the due;
its resolution has its own list, 25 % and 1 hour before, and an escalation to the manager 30
minutes before the resolution's due. Mon 2 Mar 2026 is a working day.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pandas as pd
import pendulum
import pytest

from servicelevel import (
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
