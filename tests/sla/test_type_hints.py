"""The public values' field annotations resolve at run time: cattrs and `typing.get_type_hints` see them."""

from __future__ import annotations

import typing
from pathlib import Path

import attrs
import cattrs
import pytest

import servicelevel
import servicelevel.warranty
from servicelevel import Incident, load_contract

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")

PUBLIC = sorted(
    {
        getattr(module, name)
        for module in (servicelevel, servicelevel.warranty)
        for name in module.__all__
        if isinstance(getattr(module, name), type) and attrs.has(getattr(module, name))
    },
    key=lambda cls: cls.__qualname__,
)


@pytest.mark.parametrize("cls", PUBLIC, ids=lambda cls: cls.__qualname__)
def test_field_annotations_resolve(cls: type) -> None:
    """No NameError for a name imported only for the type checker (Contract.warranty: 'Warranty')."""
    hints = typing.get_type_hints(cls)
    assert {f.name for f in attrs.fields(cls)} <= set(hints)


def test_unstructure_a_contract() -> None:
    """The example's warranty: 3年 (Years(3)) extended by 6个月 (Months(6)) from acceptance on 2023-06-15."""
    data = cattrs.unstructure(CONTRACT)
    assert data["id"] == "BJ-2026-017"
    assert data["warranty"]["starts"] == "acceptance"
    assert data["warranty"]["term"] == {"n": 3}
    assert data["warranty"]["extension"] == {"n": 6}
    assert [s["name"] for s in data["schedules"]] == ["inspection", "site-visit", "call-back"]


def test_unstructure_an_incident() -> None:
    inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00").responded("2026-03-02T10:10")
    data = cattrs.unstructure(inc)
    assert data["level0"] == "P1"
    assert data["contract"]["id"] == "BJ-2026-017"
    assert data["contract"]["warranty"]["term"] == {"n": 3}
    assert [e.kind for e in data["events"]] == ["responded"]
