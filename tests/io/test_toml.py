"""Contract files: every error names the path, the value and what is accepted; files round-trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from servicelevel import Contract, ContractError, ServiceLevelError, load_contract
from servicelevel.strategies import contracts

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples" / "contract.toml").read_text(encoding="utf-8")

BASE = """
[contract]
id = "T-1"

[calendars.hotline]
coverage = "7x24"
tz = "Asia/Shanghai"

[calendars.support]
coverage = "5x8 08:30-17:30"
tz = "Asia/Shanghai"
country = "CN"

[[levels]]
key = "P1"
response = { within = "30分钟", calendar = "hotline" }
resolution = { within = "1个工作日", calendar = "support" }
"""


def with_(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


class TestErrors:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (with_('within = "30分钟"', 'within = "soon"'),
             r"levels\[0\]\.response\.within: cannot read 'soon' as a term \(e\.g\. '6h', '6小时', '2 working days'\)"),
            (with_('calendar = "hotline" }', 'calendar = "hotlin" }'),
             r"levels\[0\]\.response\.calendar: unknown calendar 'hotlin'; the contract defines hotline, support"),
            (BASE + '\n[[levels]]\nkey = "P1"\n', r"levels\[1\]\.key: 'P1' is defined twice"),
            (with_("response =", "respons ="), r"levels\[0\]\.respons: unknown metric 'respons'; expected one of response"),
            (with_('id = "T-1"', ""), r"contract\.id: required field missing"),
            (with_('id = "T-1"', "id = 5"), r"contract\.id: expected a string, got int 5"),
            (with_('tz = "Asia/Shanghai"', 'tz = "Mars/Base"'), r"calendars\.hotline\.tz: 'Mars/Base' is not an IANA"),
            (with_('country = "CN"', 'country = "XX"'), r"calendars\.support\.country: 'XX' is not a country"),
            (with_('coverage = "7x24"', 'coverage = "8x25"'), r"calendars\.hotline\.coverage: '8x25' is not a coverage"),
            (with_('coverage = "7x24"\n', 'coverage = "7x24"\nhours = 5\n'), r"calendars\.hotline: extra fields found \(hours\)"),
            (with_('key = "P1"', 'key = "P1"\nrank = "high"'), r"levels\[0\]\.rank: expected a whole number, got 'high'"),
            (with_('within = "30分钟", calendar = "hotline"', 'within = "30分钟"'),
             r"levels\[0\]\.response\.calendar: required field missing"),
            (with_("[contract]", "[contract]\nwarnings = [1.5]"), r"warnings: expected fractions of a budget"),
            (with_("[contract]", "[contract]\nvalid_from = \"2026-01-01\""), r"contract\.valid_from: expected a date such as 2026-01-01"),
            ("[contract\nid = 1", r"TOML: .*line 1, column 10"),
            ("", r"contract: required field missing"),
        ],
    )  # fmt: skip
    def test_message(self, text: str, message: str) -> None:
        with pytest.raises(ContractError, match=message) as info:
            Contract.from_toml(text)
        assert isinstance(info.value, ServiceLevelError)
        assert isinstance(info.value, ValueError)

    def test_escalation_unknown_level(self) -> None:
        text = BASE + '\n[[escalation]]\nlevel = "P7"\nafter = "30m"\nto = "engineer"\ncalendar = "hotline"\n'
        with pytest.raises(ContractError, match=r"escalation\[0\]\.level: unknown level 'P7'"):
            Contract.from_toml(text)

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(ContractError, match=r"path: cannot read .*nope\.toml.*No such file"):
            load_contract(tmp_path / "nope.toml")


class TestShape:
    def test_example_reads(self) -> None:
        c = Contract.from_toml(EXAMPLE)
        assert [lv.key for lv in c.levels] == ["P1", "P2", "P3"]
        assert c.calendar("desk").changes[0][0].isoformat() == "2026-03-01"
        assert len(c.escalation) == 12
        assert c.warnings == (0.5, 0.75)

    def test_example_round_trips(self) -> None:
        c = Contract.from_toml(EXAMPLE)
        assert Contract.from_toml(c.to_toml()) == c

    def test_special_hours_closed_and_rules(self) -> None:
        text = with_(
            'country = "CN"',
            'country = "CN"\nclosed = [2026-12-31]\nspecial_hours = { 2026-02-13 = "09:00-12:00" }',
        ).replace('calendar = "support" }', 'calendar = "support", rule = "inclusive" }')
        c = Contract.from_toml(text)
        support = c.calendar("support")
        assert str(support.day("2026-02-13").hours) == "09:00-12:00"
        assert support.day("2026-12-31").reason == "closed"
        assert Contract.from_toml(c.to_toml()) == c


@settings(max_examples=60, deadline=None)
@given(contracts())
def test_round_trip(contract: Contract) -> None:
    """Contract.from_toml(c.to_toml()) == c."""
    assert Contract.from_toml(contract.to_toml()) == contract


class TestWarrantySection:
    WARRANTY = '\n[warranty]\nstarts = "acceptance"\nterm = "3年"\ncalendar = "support"\n'

    def test_reads_and_round_trips(self) -> None:
        c = Contract.from_toml(BASE + self.WARRANTY + '\n[[charges]]\nwithin = "3年"\ncap = "2%"\n')
        assert c.warranty is not None
        assert c.warranty.starts == "acceptance"
        assert Contract.from_toml(c.to_toml()) == c
        dated = c.with_event("acceptance", "2023-06-15")
        assert dated.warranty is not None
        assert dated.warranty.last_day.isoformat() == "2026-06-15"

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (BASE + WARRANTY.replace('"support"', '"nowhere"'), r"warranty\.calendar: unknown calendar 'nowhere'"),
            (BASE + WARRANTY.replace('"3年"', '"soon"'), r"warranty\.term: cannot read 'soon'"),
            (BASE + WARRANTY.replace('"acceptance"', '"someday"'), r"warranty\.starts: expected a date such as 2023-06-15 or one of acceptance"),
            (BASE + WARRANTY + '\n[[charges]]\nwithin = "3年"\ncap = "two percent"\n', r"charges\[0\]\.cap: expected a percentage such as '2%'"),
            (BASE + '\n[[charges]]\nwithin = "3年"\ncap = "2%"\n', r"charges: the bands count from the warranty's last day"),
        ],
    )  # fmt: skip
    def test_errors(self, text: str, message: str) -> None:
        with pytest.raises(ContractError, match=message):
            Contract.from_toml(text)
