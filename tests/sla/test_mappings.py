"""`level.targets`, `contract.calendars` and `contract.metrics` are read-only mappings (issue 18 §7)."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import attrs
import pytest

from servicelevel import load_contract

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "contract.toml"


def test_targets_and_calendars_read_as_mappings() -> None:
    contract = load_contract(EXAMPLE)
    p1 = contract.level("P1")
    # examples/contract.toml: P1 responds within 30分钟 on the hotline calendar
    assert p1.targets["response"].within == dt.timedelta(minutes=30)
    assert list(p1.targets) == ["response", "on_site", "resolution", "report"]
    assert p1.targets.get("depart") is None
    assert list(contract.calendars) == ["hotline", "desk", "support"]
    assert contract.calendars["support"].tz == "Asia/Shanghai"
    assert {"response", "on_site", "restore", "resolution", "report"} <= set(contract.metrics)
    assert [name for name, _ in contract.calendars.items()] == ["hotline", "desk", "support"]


def test_they_cannot_be_changed_and_stay_hashable() -> None:
    contract = load_contract(EXAMPLE)
    with pytest.raises(TypeError):
        contract.calendars["new"] = contract.calendars["desk"]  # type: ignore[index]
    with pytest.raises(TypeError):
        del contract.level("P1").targets["response"]  # type: ignore[attr-defined]
    assert hash(contract) == hash(load_contract(EXAMPLE))
    assert pickle.loads(pickle.dumps(contract)) == contract


def test_evolve_and_pairs_still_build_them() -> None:
    contract = load_contract(EXAMPLE)
    level = contract.level("P3")
    same = attrs.evolve(level, targets=tuple(level.targets.items()))  # pairs, as before
    assert same == level
    assert same.targets == dict(level.targets)
