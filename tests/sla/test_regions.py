"""Regions are checked: a region the contract does not name is an error with a did-you-mean, in
calls, incidents, tables and the command line — never a silent fall-back to the default target
(北京市 would otherwise get 24 h on site instead of 北京's 2 h)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from servicelevel import Contract, Incident, UnknownRegionError, load_contract

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "contract.toml"
CONTRACT = load_contract(EXAMPLE)
MESSAGE = r"region: unknown region '北京市' \(did you mean '北京'\?\); the contract names 上海, 北京"


def test_the_contract_names_its_regions() -> None:
    # 北京 from Example C's on-site terms, 上海 from `regions = ["北京", "上海"]`
    assert CONTRACT.known_regions == ("上海", "北京")
    assert Contract.from_toml(CONTRACT.to_toml(), base_dir=ROOT / "examples") == CONTRACT


def test_an_unknown_region_is_refused_everywhere() -> None:
    with pytest.raises(UnknownRegionError, match=MESSAGE):
        CONTRACT.deadlines("P1", reported_at="2026-03-02T10:00", region="北京市")
    with pytest.raises(UnknownRegionError, match=MESSAGE):
        Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00", region="北京市")
    pd = pytest.importorskip("pandas")
    tickets = pd.DataFrame(
        {"level": ["P1", "P1"], "region": ["北京市", "上海"], "reported_at": ["2026-03-02T10:00"] * 2},
        index=["bad", "good"],
    )
    from servicelevel import InvalidRowsError

    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.evaluate(tickets, at="2026-03-03T00:00")
    assert list(info.value.rows) == ["bad"]
    cli = subprocess.run(
        [sys.executable, "-m", "servicelevel.cli", "due", str(EXAMPLE), "--level", "P1",
         "--at", "2026-03-02T10:00", "--region", "北京市"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert cli.returncode == 1
    assert "--region: unknown region '北京市' (did you mean '北京'?)" in cli.stderr


def test_a_contract_without_regions_takes_none() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('regions = ["北京", "上海"]', "")
    text = text.replace(', regions = { "北京" = "2小时" }', "")
    bare = Contract.from_toml(text, base_dir=ROOT / "examples")
    assert bare.known_regions == ()
    assert bare.deadlines("P1", reported_at="2026-03-02T10:00")["on_site"].region is None
    with pytest.raises(UnknownRegionError, match=r"the contract names none \(list them under"):
        bare.deadlines("P1", reported_at="2026-03-02T10:00", region="上海")
