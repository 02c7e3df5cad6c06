"""Money and shares as contracts write them: "500", "10%", Decimal('0.02') — exact, never float.

One reader for every amount and percentage of a contract (penalties, caps, fees, credits), so
"10%" means the same wherever it is written. Floats are refused: 0.1 + 0.2 is not 0.3 in binary,
and a penalty statement must add up to the cent. Amounts are rounded half up to the currency's
minor unit (ISO 4217: two decimals for CNY, none for JPY), as money is.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from servicelevel.errors import ContractError, ServiceLevelError, show

__all__ = ["CURRENCIES", "format_share", "minor_digits", "read_amount", "read_share", "to_minor"]

# ISO 4217 minor units of the currencies contracts here are written in (and their neighbours')
CURRENCIES: dict[str, int] = {
    "AUD": 2, "BHD": 3, "BRL": 2, "CAD": 2, "CHF": 2, "CLP": 0, "CNY": 2, "CZK": 2, "DKK": 2,
    "EUR": 2, "GBP": 2, "HKD": 2, "HUF": 2, "IDR": 2, "ILS": 2, "INR": 2, "ISK": 0, "JOD": 3,
    "JPY": 0, "KRW": 0, "KWD": 3, "MOP": 2, "MXN": 2, "MYR": 2, "NOK": 2, "NZD": 2, "OMR": 3,
    "PHP": 2, "PLN": 2, "RUB": 2, "SAR": 2, "SEK": 2, "SGD": 2, "THB": 2, "TND": 3, "TRY": 2,
    "TWD": 2, "USD": 2, "VND": 0, "ZAR": 2,
}  # fmt: skip
# what people write for a currency that has another code
_SAID = {"RMB": "CNY", "人民币": "CNY", "元": "CNY", "NTD": "TWD", "美元": "USD", "欧元": "EUR"}
_AMOUNT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$")
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[%％]\s*$")
_LIMIT = Decimal(10) ** 18  # an amount to the mill still fits a decimal column of 28 digits


def minor_digits(currency: str | None, where: str = "currency") -> int:
    """Decimal places of ``currency``'s minor unit (2 for CNY, 0 for JPY); 2 when none is named.

    Examples:
        >>> minor_digits("CNY"), minor_digits("JPY"), minor_digits(None)
        (2, 0, 2)
    """
    if currency is None:
        return 2  # to the cent, as the warranty's charge caps round
    if isinstance(currency, str) and currency in CURRENCIES:
        return CURRENCIES[currency]
    said = _SAID.get(currency) if isinstance(currency, str) else None
    close = [said] if said else difflib.get_close_matches(str(currency).upper(), list(CURRENCIES), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ContractError(
        f"{where}: {show(currency)} is no ISO 4217 currency code servicelevel knows{hint}; "
        f"known: {', '.join(sorted(CURRENCIES))}",
        field=where,
    )


def read_amount(
    value: object, where: str, error: type[ServiceLevelError] = ContractError, *, digits: int | None = None
) -> Decimal:
    """An amount of money, ``"500"``, ``500`` or ``Decimal("500.00")``, at least 0.

    ``digits``: the most decimal places the currency allows (an amount to the fen in yen is
    refused, never rounded away).

    Examples:
        >>> read_amount("5000", "cap"), read_amount(Decimal("12.50"), "amount", digits=2)
        (Decimal('5000'), Decimal('12.50'))
    """
    amount: Decimal | None = None
    if isinstance(value, str):
        m = _AMOUNT.match(value)
        amount = Decimal(m[1]) if m else None
    elif isinstance(value, int) and not isinstance(value, bool):
        amount = Decimal(value)
    elif isinstance(value, Decimal) and value.is_finite():
        amount = value
    if amount is None or amount < 0 or amount >= _LIMIT:
        kind = (
            "a float (money is exact: write it as text, '500.50')"
            if isinstance(value, float)
            else show(value)
        )
        raise error(
            f"{where}: expected an amount of money such as '500' or '12.50' (at least 0, under 10^18), "
            f"got {kind}",
            field=where,
        )
    exponent = amount.as_tuple().exponent
    if digits is not None and isinstance(exponent, int) and -exponent > digits:
        raise error(
            f"{where}: {show(str(amount))} has {-exponent} decimal places; the currency has {digits}",
            field=where,
        )
    return amount


def read_share(
    value: object, where: str, error: type[ServiceLevelError] = ContractError, *, floats: bool = False
) -> Decimal:
    """A share, ``"10%"`` or ``Decimal("0.1")``, between 0 and 1 (a percentage over 100 is refused).

    ``floats``: a float is the fraction as written (``0.999`` is ``Decimal("0.999")``, as a TOML
    file holds ``target = 0.999``); refused otherwise, as money is never a float.

    Examples:
        >>> read_share("99.9%", "target"), read_share(Decimal("0.1"), "cap")
        (Decimal('0.999'), Decimal('0.1'))
        >>> read_share(0.999, "target", floats=True)
        Decimal('0.999')
    """
    share: Decimal | None = None
    try:
        if isinstance(value, str):
            m = _PERCENT.match(unicodedata.normalize("NFKC", value))  # ９５％ as 95%
            share = Decimal(m[1]) / 100 if m else None
        elif isinstance(value, Decimal) and value.is_finite():
            share = value
        elif floats and type(value) is float and value == value and abs(value) != float("inf"):
            share = Decimal(repr(value))  # the shortest text that reads back as this float: as written
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        share = None
    if share is None or not 0 <= share <= 1:
        kind = "a float (write it as text, '10%')" if isinstance(value, float) and not floats else show(value)
        raise error(
            f"{where}: expected a percentage such as '10%' (0 to 100 %) or a Decimal between 0 and 1, "
            f"got {kind}",
            field=where,
        )
    return share


def format_share(share: Decimal | float) -> str:
    """A share as contracts write it, the reverse of `read_share` (a float as its shortest text).

    Examples:
        >>> format_share(Decimal("0.999")), format_share(Decimal("0.05")), format_share(1)
        ('99.9%', '5%', '100%')
        >>> format_share(0.995)
        '99.5%'
    """
    exact = Decimal(repr(share)) if isinstance(share, float) else Decimal(share)
    return f"{(exact * 100).normalize():f}%"


def to_minor(amount: Decimal, digits: int) -> int:
    """``amount`` in minor units (fen, cents), rounded half up: Decimal('12.345'), 2 -> 1235."""
    return int(amount.scaleb(digits).quantize(Decimal(1), rounding=ROUND_HALF_UP))
