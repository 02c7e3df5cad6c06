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
    Target,
    Warranty,
)
from servicelevel.strategies import contracts

NAMES = {
    "Target": Target,
    "FaultLevel": FaultLevel,
    "CountingRule": CountingRule,
    "Warranty": Warranty,
    "BusinessCalendar": BusinessCalendar,
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
