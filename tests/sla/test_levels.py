"""Fault levels and their targets (sla/_levels.py): fields checked at construction, reprs that rebuild."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings

from servicelevel import (
    BusinessCalendar,
    Contract,
    ContractError,
    CountingRule,
    FaultLevel,
    PenaltyRule,
    Target,
    UpdateTarget,
    Warranty,
)
from servicelevel.strategies import contracts

NAMES = {
    "Target": Target,
    "FaultLevel": FaultLevel,
    "CountingRule": CountingRule,
    "Warranty": Warranty,
    "BusinessCalendar": BusinessCalendar,
    "PenaltyRule": PenaltyRule,
    "UpdateTarget": UpdateTarget,
}


class TestFields:
    @pytest.mark.parametrize(
        ("field", "value"), [("name", b"x"), ("description", 3), ("rank", "1"), ("rank", True)]
    )
    def test_level_fields(self, field: str, value: object) -> None:
        """A level's name, description and rank are checked for their types."""
        kwargs: dict[str, Any] = {field: value}
        with pytest.raises(ContractError, match=f"{field}: expected"):
            FaultLevel(key="P1", **kwargs)


class TestRepr:
    @settings(max_examples=40, deadline=None)
    @given(contracts())
    def test_levels_and_targets_rebuild(self, contract: Contract) -> None:
        """The reprs of any drawn contract's levels and targets rebuild equal values."""
        for level in contract.levels:
            assert eval(repr(level), NAMES) == level
            for _, target in level.targets.items():
                assert eval(repr(target), NAMES) == target


class TestGoal:
    @pytest.mark.parametrize(
        ("given", "want"), [("95%", 0.95), ("９５％", 0.95), (0.95, 0.95), ("100%", 1.0)]
    )
    def test_goal_as_a_percentage(self, given: object, want: float) -> None:
        """``goal = "95%"`` is read as the charge caps' "2%" are: 95 / 100 = 0.95, as ``goal = 0.95``."""
        assert want == Target(within="2h", calendar="hotline", goal=given).goal

    @pytest.mark.parametrize("given", ["95", "ninety-five percent", "0%", "120%", 95, 0, True])
    def test_goal_refused(self, given: object) -> None:
        """A goal that is no share in (0, 1] (text without '%', 0 %, above 100 %, a bool) names the field
        and both accepted forms."""
        with pytest.raises(
            ContractError, match=r"^goal: expected .* such as 0\.95 or a percentage such as '95%', got "
        ):
            Target(within="2h", calendar="hotline", goal=given)
