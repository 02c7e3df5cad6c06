"""Where in a contract file an error is (io/_paths.py, issue 17): one full path per message, no
part twice, and long values cut to 80 characters."""

from __future__ import annotations

import pytest

from servicelevel import Contract, ContractError

BASE = """
[contract]
id = "T-1"
{head}
[calendars.zeta]
coverage = "7x24"
tz = "Asia/Shanghai"

[calendars.alpha]
coverage = "7x24"
tz = "Asia/Shanghai"
{tables}
[[levels]]
key = "P1"
response = {{ within = "30分钟", calendar = "zeta"{target} }}
{tail}"""


def message_of(head: str = "", tables: str = "", target: str = "", tail: str = "") -> str:
    with pytest.raises(ContractError) as info:
        Contract.from_toml(BASE.format(head=head, tables=tables, target=target, tail=tail))
    return str(info.value)


class TestMessages:
    @pytest.mark.parametrize(
        ("parts", "expected"),
        [
            ({"tables": '[metrics.cb]\nstop = "reported"\n'}, "metrics.cb: stop 'reported' is also a start event"),
            ({"target": ", foo = 1"}, "levels[0].response: extra fields found (foo)"),
            ({"head": "warnings = [1.5]"}, "contract.warnings[0]: expected a share of the budget between 0 and 1 such as 0.75 or '75%', or business time before the due such as '1h before' or '提前1小时', got 1.5"),
            ({"head": 'reclassify = "later"'}, "contract.reclassify: expected 'original' or 'restart', got 'later'"),
            ({"head": "valid_from = 2026-01-01\nvalid_until = 2025-01-01"}, "contract.valid_until: 2025-01-01 is before valid_from 2026-01-01"),
            ({"target": ', rule = { ends_at = "noon" }'}, "levels[0].response.rule.ends_at: expected 'close' or 'midnight', got 'noon'"),
            ({"tail": '[warranty]\nstarts = 2023-06-15\nterm = "soon"\ncalendar = "alpha"\n'}, "warranty.term: cannot read 'soon'"),
            ({"tail": '[warranty]\nstarts = 2023-06-15\nterm = "3年"\ncalendar = "beta"\n'}, "warranty.calendar: unknown calendar 'beta'; the contract defines alpha, zeta"),
            ({"tail": '[[schedules]]\nname = "i"\nstarts = 2026-01-01\nphases = [{ every = "1个月" }]\ncalendar = "beta"\n'}, "schedules[0].calendar: unknown calendar 'beta'; the contract defines alpha, zeta"),
            ({"tables": 'changes = [{ from = 2026-03-01, coverage = "5x8", for = 1 }]\n'}, "calendars.alpha.changes[0]: extra fields found (for)"),
            ({"tables": 'changes = [{ from = 2026-03-01, coverage = "9x9" }]\n'}, "calendars.alpha.changes[0].coverage: '9x9' is not a coverage notation"),
        ],
    )  # fmt: skip
    def test_one_full_path(self, parts: dict[str, str], expected: str) -> None:
        """Each message starts with one path from the top of the file, no part twice (#17)."""
        assert message_of(**parts).startswith(expected)

    def test_long_values_are_cut(self) -> None:
        """A long value is cut to 80 characters in the message (#17)."""
        value = "y" * 200
        message = message_of(target=f', rule = "{value}"')
        assert message == (
            "levels[0].response.rule: expected 'civil_code', 'inclusive' or a table of options, got "
            + repr(value)[:79]
            + "…"
        )

    def test_long_values_from_the_model_are_cut(self) -> None:
        """A term the parser cannot read, echoed by the terms package, is cut by the reader (#17)."""
        message = message_of(target=', regions = { A = "' + "y" * 300 + '" }')
        assert message.startswith("levels[0].response.regions.A: cannot read '" + "y" * 78 + "… as a term")
        assert "y" * 80 not in message

    def test_long_extra_keys_are_cut(self) -> None:
        """A long unknown key is cut in the list of extra fields (#17)."""
        message = message_of(target=", " + "k" * 300 + " = 1")
        assert message == "levels[0].response: extra fields found ('" + "k" * 78 + "…)"

    def test_long_values_from_the_converter_are_cut(self) -> None:
        """A long value refused by the converter is cut (#17)."""
        message = message_of(head=f"customer = {'1' * 300}")
        assert message == "contract.customer: expected a string, got int " + ("1" * 79) + "…"
