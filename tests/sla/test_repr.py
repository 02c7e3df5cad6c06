"""Reprs of the model: compact, and valid Python that rebuilds an equal value where practical."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings

from servicelevel import (
    BusinessCalendar,
    Contract,
    CountingRule,
    FaultLevel,
    Incident,
    Target,
    Warranty,
    load_contract,
)
from servicelevel.strategies import contracts

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")
NAMES = {
    "Target": Target,
    "FaultLevel": FaultLevel,
    "CountingRule": CountingRule,
    "Warranty": Warranty,
    "BusinessCalendar": BusinessCalendar,
}


@settings(max_examples=40, deadline=None)
@given(contracts())
def test_levels_and_targets_rebuild(contract: Contract) -> None:
    for level in contract.levels:
        assert eval(repr(level), NAMES) == level
        for _, target in level.targets.items():
            assert eval(repr(target), NAMES) == target


def test_example_reprs() -> None:
    assert repr(CONTRACT.level("P3")) == (
        "FaultLevel(key='P3', name='一般故障', rank=3, description='不影响系统正常运行', targets={"
        "'response': Target(within='30m', calendar='desk'), "
        "'resolution': Target(within='3 working days', calendar='support')})"
    )
    assert repr(CONTRACT).startswith(
        "Contract(id='BJ-2026-017', valid=2026-01-01..2028-12-31, calendars=['hotline', 'desk', 'support']"
    )
    d = CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30+08:00", region="北京")["on_site"]
    assert repr(d) == (
        "Deadline(metric='on_site', level='P1', term='2h', calendar='hotline', "
        "start='2026-02-13T16:30:00+08:00', due='2026-02-13T18:30:00+08:00', region='北京')"
    )
    inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00").responded("2026-03-02T10:10")
    assert repr(inc) == (
        "Incident(contract='BJ-2026-017', level='P1', reported_at='2026-03-02T10:00:00+08:00', "
        "events=[('responded', '2026-03-02T10:10:00+08:00')])"
    )


def test_warranty_rebuilds() -> None:
    w = CONTRACT.warranty
    assert w is not None
    assert eval(repr(w), NAMES) == w
