"""Statutory schedules in contract files: a [statutory.CN] table, or a shared schedule file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from servicelevel import Contract, ContractError, load_contract

HEAD = """
[contract]
id = "S-1"
{extra}
[calendars.support]
coverage = "5x8"
tz = "Asia/Shanghai"
country = "CN"

[calendars.berlin]
coverage = "5x8"
tz = "Europe/Berlin"
country = "DE"

[[levels]]
key = "P1"
resolution = {{ within = "1个工作日", calendar = "support" }}
"""
# Illustrative days (not the real 2027 notice): Sat 2027-02-20 worked, Mon 2027-03-01 off.
TABLE = """
[statutory.CN]
holidays = { 2027-03-01 = "site closed" }
workdays = [2027-02-20]
"""


def contract(extra: str = "", tail: str = "", base: Path | None = None) -> Contract:
    return Contract.from_toml(HEAD.format(extra=extra) + tail, base)


class TestTable:
    def test_applies_to_calendars_of_that_country(self) -> None:
        c = contract(tail=TABLE)
        support, berlin = c.calendar("support"), c.calendar("berlin")
        assert support.extra_workdays == frozenset({dt.date(2027, 2, 20)})
        assert dict(support.extra_holidays) == {dt.date(2027, 3, 1): "site closed"}
        assert berlin.extra_workdays == frozenset()
        # 1 working day from Fri 2027-02-19 10:00: the supplied make-up Saturday, at 17:00 close
        due = c.deadlines("P1", reported_at="2027-02-19T10:00")["resolution"].due
        assert due is not None
        assert due.isoformat() == "2027-02-20T17:00:00+08:00"

    def test_shared_file_gives_equal_calendars(self, tmp_path: Path) -> None:
        (tmp_path / "schedules").mkdir()
        (tmp_path / "schedules" / "cn-2027.toml").write_text(TABLE, encoding="utf-8")
        path = tmp_path / "contract.toml"
        path.write_text(HEAD.format(extra='statutory = ["schedules/cn-2027.toml"]'), encoding="utf-8")
        shared = load_contract(path)
        assert shared.calendar("support") == contract(tail=TABLE).calendar("support")

    def test_round_trip(self) -> None:
        c = contract(tail=TABLE)
        assert Contract.from_toml(c.to_toml()) == c


class TestErrors:
    @pytest.mark.parametrize(
        ("tail", "message"),
        [
            ("\n[statutory.CN]\nholidays = { 2027-02-20 = \"x\" }\nworkdays = [2027-02-20]\n",
             r"statutory\.CN: 2027-02-20 is both a day off and a working day"),
            ("\n[statutory.CN]\nholidays = { tomorrow = \"x\" }\n", r"statutory\.CN\.holidays: 'tomorrow' is not a date"),
            ("\n[statutory.CN]\nworkdays = [\"2027-02-20\"]\n", r"statutory\.CN\.workdays\[0\]: expected a date such as 2026-01-01 \(TOML date, no quotes\)"),
            ("\n[statutory.CN]\nholiday = { 2027-03-01 = \"x\" }\n", r"statutory\.CN: extra fields found \(holiday\)"),
        ],
    )  # fmt: skip
    def test_message(self, tail: str, message: str) -> None:
        with pytest.raises(ContractError, match=message):
            contract(tail=tail)

    def test_missing_shared_file(self, tmp_path: Path) -> None:
        with pytest.raises(ContractError, match=r"contract\.statutory\[0\]: cannot read .*nope\.toml"):
            contract(extra='statutory = ["nope.toml"]', base=tmp_path)

    def test_shared_file_conflicts_with_the_table(self, tmp_path: Path) -> None:
        (tmp_path / "cn.toml").write_text(
            '[statutory.CN]\nholidays = { 2027-03-01 = "other" }\n', encoding="utf-8"
        )
        with pytest.raises(
            ContractError, match=r"2027-03-01 is named 'other' elsewhere and 'site closed' here"
        ):
            contract(extra='statutory = ["cn.toml"]', tail=TABLE, base=tmp_path)
