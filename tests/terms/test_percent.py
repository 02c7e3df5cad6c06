"""`parse_percent` / `format_percent`: the one reader of shares (charge caps, availability, credits)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from servicelevel.errors import ContractError, ServiceLevelError
from servicelevel.terms import format_percent, parse_percent


class TestParse:
    @pytest.mark.parametrize(
        ("text", "share"),
        [
            ("99.9%", Decimal("0.999")),  # 系统可用率不低于99.9%
            ("99.95 %", Decimal("0.9995")),  # monthly uptime 99.95 %
            ("2%", Decimal("0.02")),  # 不超过合同总额的2%
            ("100%", Decimal(1)),
            ("0%", Decimal(0)),
        ],
    )
    def test_text(self, text: str, share: Decimal) -> None:
        """Text with a percent sign is the share over 100, exactly."""
        assert share == parse_percent(text)

    def test_numbers(self) -> None:
        """A Decimal or 0/1 is the fraction itself; a float only where floats are allowed, as written."""
        assert Decimal("0.05") == parse_percent(Decimal("0.05"))
        assert Decimal(1) == parse_percent(1)
        assert Decimal("0.999") == parse_percent(0.999, floats=True)

    @pytest.mark.parametrize(
        "value", ["99.9", "ninety%", "-1%", "1e2%", 0.999, True, 2, None, Decimal("NaN"), float("nan")]
    )
    def test_refused(self, value: object) -> None:
        """No sign, no number, negative, a float where money is exact, a bool: refused, field named."""
        with pytest.raises(ContractError, match=r"^target: expected a percentage such as"):
            parse_percent(value, "target", error=ContractError)

    @pytest.mark.parametrize("value", ["100.1%", Decimal("1.5"), Decimal("-0.01"), 1.2])
    def test_out_of_range(self, value: object) -> None:
        """A share over 100 % (or below 0) is refused."""
        with pytest.raises(ServiceLevelError, match=r"^below: expected a share from 0 to 100 %"):
            parse_percent(value, "below", floats=True)


class TestFormat:
    @pytest.mark.parametrize("text", ["99.9%", "5%", "100%", "0%", "99.95%", "0.5%"])
    def test_round_trip(self, text: str) -> None:
        """Formatting a parsed share gives back the text."""
        assert text == format_percent(parse_percent(text))
