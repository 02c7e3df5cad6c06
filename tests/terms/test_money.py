"""Money and shares (`terms._money`): exact amounts, percentages, currencies' minor units."""

from __future__ import annotations

from decimal import Decimal

import pytest

from servicelevel import ContractError
from servicelevel.terms import format_share, minor_digits, read_amount, read_share, to_minor


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("500", Decimal("500")),
        (" 12.50 ", Decimal("12.50")),
        (0, Decimal(0)),
        (Decimal("0.01"), Decimal("0.01")),
    ],
)
def test_amounts_are_read_exactly(value: object, want: Decimal) -> None:
    """Text, whole numbers and Decimals are read as they are written."""
    got = read_amount(value, "amount")
    assert got == want
    assert str(got) == str(want)


@pytest.mark.parametrize("value", [500.5, "-1", "1e3", "五百", True, Decimal("NaN"), "1" + "0" * 18, None])
def test_bad_amounts_name_the_field(value: object) -> None:
    """Floats, negatives, exponents, words, booleans, NaN, 10^18 and None are refused, naming the field."""
    with pytest.raises(ContractError, match=r"^fee: expected an amount of money") as e:
        read_amount(value, "fee")
    assert e.value.field == "fee"


def test_a_float_is_told_why() -> None:
    """A float is refused with the reason: money is exact."""
    with pytest.raises(ContractError, match="money is exact"):
        read_amount(0.1, "amount")


def test_amounts_finer_than_the_currency_are_refused() -> None:
    """An amount to the fen in yen is refused, never rounded away."""
    assert read_amount("500", "amount", digits=0) == 500
    with pytest.raises(ContractError, match=r"amount: '500.5' has 1 decimal places; the currency has 0"):
        read_amount("500.5", "amount", digits=0)


@pytest.mark.parametrize(
    ("value", "want"),
    [("10%", Decimal("0.1")), ("99.9%", Decimal("0.999")), ("100%", Decimal(1)), ("0%", Decimal(0)),
     ("5 ％", Decimal("0.05")), (Decimal("0.25"), Decimal("0.25"))],
)  # fmt: skip
def test_shares(value: object, want: Decimal) -> None:
    """Percentages (also full-width ％) and Decimals between 0 and 1 are shares: 99.9 % is 0.999."""
    assert read_share(value, "cap") == want


@pytest.mark.parametrize("value", ["101%", "10", 0.1, Decimal("1.5"), "-5%", "%"])
def test_bad_shares(value: object) -> None:
    """Over 100 %, a bare number, a float, negative or empty percentages are refused."""
    with pytest.raises(ContractError, match=r"^cap: expected a percentage such as '10%'"):
        read_share(value, "cap")


def test_currencies() -> None:
    """ISO 4217 minor units (CNY 2, JPY 0, KWD 3); no currency: the cent; RMB is told it is CNY."""
    assert (minor_digits("CNY"), minor_digits("JPY"), minor_digits("KWD"), minor_digits(None)) == (2, 0, 3, 2)
    with pytest.raises(
        ContractError, match=r"currency: 'RMB' is no ISO 4217 currency code .*did you mean 'CNY'"
    ):
        minor_digits("RMB")
    with pytest.raises(ContractError, match=r"did you mean 'USD'"):
        minor_digits("usd")


def test_minor_units_round_half_up() -> None:
    """12.345 yuan is 1235 fen (half up, as money is); 12.344 is 1234."""
    assert to_minor(Decimal("12.345"), 2) == 1235
    assert to_minor(Decimal("12.344"), 2) == 1234
    assert to_minor(Decimal("500"), 0) == 500


def test_shares_from_floats_where_allowed() -> None:
    """With floats=True (availability targets: target = 0.999 in TOML) a float is read as written."""
    assert Decimal("0.999") == read_share(0.999, "target", floats=True)
    assert Decimal("0.05") == read_share(0.05, "credit", floats=True)
    with pytest.raises(ContractError, match=r"^target: expected a percentage such as '10%' \(0 to 100 %\)"):
        read_share(1.5, "target", floats=True)


@pytest.mark.parametrize("text", ["99.9%", "5%", "100%", "0%", "99.95%", "0.5%"])
def test_format_share_reverses_read_share(text: str) -> None:
    """format_share writes a read share back as its text: '99.9%' -> Decimal('0.999') -> '99.9%'."""
    assert text == format_share(read_share(text, "share"))
