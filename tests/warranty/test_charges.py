"""Caps on charges after the warranty (warranty/_charges.py, domain.md §4), on the boundary days
between bands.

Warranty from 2023-06-15 for 3 years on a Mon-Fri calendar: last day Mon 2026-06-15. Band 1,
"within 3 years after expiry ≤ 2 %": 2026-06-16 to Fri 2029-06-15 (3 years from the last day, the
corresponding day). Band 2, "years 4-6 ≤ 5 %": 2029-06-16 to Tue 2032-06-15. Total 1,234,567.89:
2 % is 24,691.3578 → 24,691.36; 5 % is 61,728.3945 → 61,728.39.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext

import pytest

from servicelevel import Contract, ContractError, ServiceLevelError, load_contract
from servicelevel.warranty import ChargeBand, Warranty, WarrantyError
from tests.conftest import EXAMPLE_PATH, PLAIN_5X8

WARRANTY = Warranty(starts="2023-06-15", term="3年", calendar=PLAIN_5X8)
CONTRACT = Contract(
    id="charges",
    calendars={"support": PLAIN_5X8},
    levels=[],
    warranty=WARRANTY,
    charges=[ChargeBand(within="3年", cap="2%"), ChargeBand(within="3年", cap="5%")],
)
TOTAL = Decimal("1234567.89")


class TestBands:
    @pytest.mark.parametrize(
        ("on", "amount", "band"),
        [
            ("2026-06-15", Decimal("0.00"), 0),  # the warranty's last day: repairs are free
            ("2026-06-16", Decimal("24691.36"), 1),
            ("2029-06-15", Decimal("24691.36"), 1),
            ("2029-06-16", Decimal("61728.39"), 2),
            ("2032-06-15", Decimal("61728.39"), 2),
        ],
    )
    def test_bands(self, on: str, amount: Decimal, band: int) -> None:
        """The cap on each boundary day is the band's rate of the total, rounded to the cent, free within the warranty."""
        cap = CONTRACT.charge_cap(on, TOTAL)
        assert cap is not None
        assert (cap.amount, cap.band) == (amount, band)
        assert isinstance(cap.amount, Decimal)
        assert isinstance(cap.rate, Decimal)

    def test_past_every_band(self) -> None:
        """Past the last band there is no cap."""
        assert CONTRACT.charge_cap("2032-06-16", TOTAL) is None

    def test_clause_names_the_band(self) -> None:
        """The clause names the band, its days and its rate."""
        cap = CONTRACT.charge_cap(dt.date(2030, 1, 2), TOTAL)
        assert cap is not None
        assert cap.clause == "band 2: 2029-06-16 to 2032-06-15, at most 5% of the total"
        assert cap.rate == Decimal("0.05")

    def test_clause_in_both_languages(self) -> None:
        """The cap keeps the band's first and last days, and its clause reads in English and Chinese."""
        # The band's days are kept (first, last); the clause reads in Chinese too.
        cap = CONTRACT.charge_cap(dt.date(2030, 1, 2), TOTAL)
        assert cap is not None
        assert (cap.first, cap.last) == (dt.date(2029, 6, 16), dt.date(2032, 6, 15))
        assert cap.text() == cap.clause
        assert cap.text("zh") == "第2档：2029-06-16至2032-06-15，不超过合同总额的5%"
        free = CONTRACT.charge_cap("2026-06-15", TOTAL)
        assert free is not None
        assert (free.first, free.last) == (dt.date(2023, 6, 15), dt.date(2026, 6, 15))
        assert free.text("zh") == "保修期内（至2026-06-15）：免费维修"
        with pytest.raises(WarrantyError, match="lang: expected 'en' or 'zh', got 'fr'"):
            cap.text("fr")

    def test_yearly_maintenance_cap(self) -> None:
        """A yearly maintenance contract capped at 20 % is one band of a year at 20 %."""
        # "A yearly maintenance contract ≤ 20 % of the contract price": one band of a year at 20 %.
        c = Contract(
            id="m",
            calendars={"s": PLAIN_5X8},
            levels=[],
            warranty=WARRANTY,
            charges=[ChargeBand(within="1年", cap="20%")],
        )
        cap = c.charge_cap("2027-01-04", Decimal("50000"))
        assert cap is not None
        assert cap.amount == Decimal("10000.00")


class TestErrors:
    @pytest.mark.parametrize(
        ("total", "message"),
        [
            (1234567.89, "never a float"),
            ("lots", "is not an amount"),
            (-1, "non-negative"),
            (True, "never a float"),
        ],
    )
    def test_money_is_exact(self, total: object, message: str) -> None:
        """A total must be an exact, non-negative amount: floats and text that is not a number are refused."""
        with pytest.raises(WarrantyError, match=message):
            CONTRACT.charge_cap("2027-01-04", total)  # type: ignore[arg-type]

    def test_bad_bands(self) -> None:
        """A cap that is not a percentage, and bands without a warranty, are refused."""
        with pytest.raises(WarrantyError, match=r"cap: expected a percentage such as '10%'"):
            ChargeBand(within="3年", cap=0.02)  # type: ignore[arg-type]
        with pytest.raises(ContractError, match="charges: the bands count from the warranty's last day"):
            Contract(
                id="x", calendars={"s": PLAIN_5X8}, levels=[], charges=[ChargeBand(within="1年", cap="20%")]
            )


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # bands reach years not yet published
class TestChargeCap:
    """Old code let decimal.InvalidOperation out of charge_cap (issue 17)."""

    @pytest.mark.parametrize("total", [10**28, "1e30", Decimal("1e24")])
    def test_huge_totals(self, total: int | str | Decimal) -> None:
        """Totals of 10**24 and more raise a ServiceLevelError that is a ValueError (#17)."""
        contract = load_contract(EXAMPLE_PATH)
        with pytest.raises(ServiceLevelError, match=r"total: expected an amount below 10\*\*24") as info:
            contract.charge_cap("2027-01-01", total)
        assert isinstance(info.value, ValueError)

    def test_below_the_limit_is_computed(self) -> None:
        """A total just below 10**24 gives its cap to the cent (#17)."""
        contract = load_contract(EXAMPLE_PATH)
        cap = contract.charge_cap("2027-01-01", 10**24 - 1)
        assert cap is not None
        assert cap.amount == (Decimal(10**24 - 1) * cap.rate).quantize(Decimal("0.01"))

    def test_a_narrow_decimal_context(self) -> None:
        """A caller's decimal context too narrow for the cap to the cent gives an error, not a crash (#17)."""
        contract = load_contract(EXAMPLE_PATH)
        with (
            localcontext(prec=6),
            pytest.raises(ServiceLevelError, match=r"too large to compute to the cent"),
        ):
            contract.charge_cap(dt.date(2027, 1, 1), 12_000_000)
