"""Updates every N hours (sla/_updates.py): the value on a level, its checks, and the rule that
counts missed updates (`update_missed`, `update_verdict`)."""

from __future__ import annotations

import datetime as dt

import pytest

from servicelevel import Contract, ContractError, FaultLevel, Target, UpdateTarget
from servicelevel.sla.engine import NEVER, SCALAR, update_missed, update_verdict
from tests.conftest import CN_5X8, HOTLINE

H = dt.timedelta(hours=1)
US = dt.timedelta(microseconds=1)
Z = dt.timedelta(0)


class TestValue:
    def test_defaults_follow_the_response_to_the_resolution(self) -> None:
        """``update = { every = "2小时", calendar = "hotline" }`` runs from the response to the resolution."""
        u = UpdateTarget(every="2小时", calendar="hotline")
        assert (u.every, u.starts, u.stop) == (2 * H, ("responded",), ("resolved",))

    @pytest.mark.parametrize("every", ["1个工作日", "2 working days", "3天"])
    def test_a_period_of_days_is_refused(self, every: str) -> None:
        """``every`` is business time: a period of days names the field and says to write hours."""
        match = (
            r"^update\.every: .* is a period of days, .*write hours such as '8h'.*; expected business time"
        )
        with pytest.raises(ContractError, match=match):
            UpdateTarget(every=every, calendar="hotline")

    @pytest.mark.parametrize("every", ["soon", 2, dt.timedelta(0), None])
    def test_not_a_term_is_refused(self, every: object) -> None:
        """Text that is no term, a number, zero: refused naming ``update.every``."""
        with pytest.raises(ContractError, match=r"^update\.every: .*expected business time such as '2h'"):
            UpdateTarget(every=every, calendar="hotline")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("field", "value"), [("starts", "paused"), ("stop", []), ("starts", "Responded"), ("stop", "updated")]
    )
    def test_events_are_clock_events(self, field: str, value: object) -> None:
        """Starts and stops are event names, never lifecycle events such as a pause or an update."""
        with pytest.raises(ContractError, match=rf"^update\.{field}: expected an event name"):
            UpdateTarget(every="2h", calendar="hotline", **{field: value})  # type: ignore[arg-type]

    def test_a_stop_that_also_starts(self) -> None:
        """An event cannot both start and stop the clock."""
        with pytest.raises(ContractError, match=r"^update\.stop: 'resolved' is also a start event"):
            UpdateTarget(every="2h", calendar="hotline", starts=["responded", "resolved"])

    def test_a_level_takes_a_table(self) -> None:
        """A level's ``update`` may be written as the TOML table is; unknown keys are named."""
        level = FaultLevel(key="P1", update={"every": "2h", "calendar": "hotline"})  # type: ignore[arg-type]
        assert level.update == UpdateTarget(every="2h", calendar="hotline")
        with pytest.raises(ContractError, match=r"^update\.calender: unknown field"):
            FaultLevel(key="P1", update={"every": "2h", "calender": "hotline"})  # type: ignore[arg-type]

    def test_repr_rebuilds(self) -> None:
        """The repr names the non-default fields and rebuilds the value."""
        u = UpdateTarget(every="90m", calendar="hotline", starts="arrived", stop=["restored", "resolved"])
        assert (
            repr(u)
            == "UpdateTarget(every='1h30m', calendar='hotline', starts=['arrived'], stop=['restored', 'resolved'])"
        )
        assert eval(repr(u), {"UpdateTarget": UpdateTarget}) == u


def _contract(update: UpdateTarget, targets: dict[str, Target] | None = None) -> Contract:
    if targets is None:
        targets = {
            "response": Target(within="30m", calendar="hotline"),
            "resolution": Target(within="4h", calendar="support"),
        }
    return Contract(
        id="u",
        calendars={"hotline": HOTLINE, "support": CN_5X8},
        levels=[FaultLevel(key="P2", targets=targets, update=update)],
    )


class TestContractChecks:
    def test_unknown_calendar(self) -> None:
        """The update's calendar must be the contract's: the message names the field path and the calendars."""
        with pytest.raises(
            ContractError,
            match=r"^levels\[0\]\.update\.calendar: unknown calendar 'night'; .* hotline, support",
        ):
            _contract(UpdateTarget(every="2h", calendar="night"))

    def test_a_level_without_the_start_event(self) -> None:
        """Issue #29 §5: updates on a level whose metrics lack the start event (no response target, so
        'responded' never starts the clock) are refused, naming the level and the event."""
        with pytest.raises(
            ContractError,
            match=r"^levels\[0\]\.update\.starts: level 'P2' has no metric with the event 'responded'",
        ):
            _contract(
                UpdateTarget(every="2h", calendar="hotline"),
                {"resolution": Target(within="4h", calendar="support")},
            )

    def test_from_the_report_needs_no_metric(self) -> None:
        """``starts = "reported"`` runs from the report, which every level has."""
        c = _contract(
            UpdateTarget(every="2h", calendar="hotline", starts="reported"),
            {"resolution": Target(within="4h", calendar="support")},
        )
        assert c.level("P2").update is not None

    def test_an_unknown_stop_event(self) -> None:
        """A stop no metric of the contract names could never stop the clock."""
        with pytest.raises(ContractError, match=r"^levels\[0\]\.update\.stop: 'called_back' is not an event"):
            _contract(UpdateTarget(every="2h", calendar="hotline", stop="called_back"))


class TestMissed:
    @pytest.mark.parametrize(
        ("silence", "missed"),
        [
            (7 * H, 3),  # the example: every 2 h, 7 h of silence owes updates at 2, 4, 6 h
            (2 * H, 0),  # exactly 2 h: the update came at its due instant, in time
            (2 * H + US, 1),  # a microsecond late
            (4 * H, 1),  # due at 2 h (missed) and at 4 h (given at it)
            (Z, 0),  # two checkpoints at one instant
        ],
    )
    def test_a_silence_on_an_open_calendar(self, silence: dt.timedelta, missed: int) -> None:
        """On an open calendar the count just before the checkpoint is the silence less 1 µs."""
        before = max(silence - US, Z)
        assert update_missed(SCALAR, since=Z, before=before, every=2 * H, zero=Z) == missed

    def test_late_after_closing(self) -> None:
        """Due at 17:00, the calendar's closing time, given at 18:00: the count a microsecond before
        18:00 already holds the 2 h, so one update was missed with no business time after the due."""
        assert update_missed(SCALAR, since=Z, before=2 * H, every=2 * H, zero=Z) == 1


class TestVerdict:
    @pytest.mark.parametrize(
        ("start", "stop", "at", "missed", "paused", "state"),
        [
            (NEVER, NEVER, 10, 0, False, "pending"),
            (20, NEVER, 10, 0, False, "pending"),
            (10, NEVER, 20, 0, False, "running"),
            (10, NEVER, 20, 0, True, "paused"),
            (10, NEVER, 20, 2, True, "breached"),  # stays breached while paused
            (10, 15, 20, 0, False, "met"),
            (10, 15, 20, 1, False, "breached"),
            (NEVER, 15, 20, 0, False, "not_applicable"),  # resolved before any response
            (15, 15, 20, 0, False, "not_applicable"),  # responded and resolved at once
            (10, 30, 20, 0, False, "running"),  # the stop lies after the instant asked about
        ],
    )
    def test_states(self, start: int, stop: int, at: int, missed: int, paused: bool, state: str) -> None:
        """Each state of an update clock, from its start, stop, updates missed and pause."""
        assert update_verdict(SCALAR, start=start, stop=stop, at=at, missed=missed, paused=paused) == state
