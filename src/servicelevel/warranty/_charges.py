"""After the warranty: caps on what may be charged, as consecutive bands after its last day.

Domain notes §4: "within 3 years after expiry ≤ 2 % of the contract total; years
4-6 ≤ 5 %"; "a yearly maintenance contract ≤ 20 % of the contract price". Money is
`decimal.Decimal`, never float, and amounts are rounded to the cent half up, as
money is.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from attrs import field, frozen

from servicelevel._notebook import Notebook
from servicelevel.errors import WarrantyError
from servicelevel.terms import Days, Months, Term, Years, parse_percent
from servicelevel.warranty._warranty import Warranty, read_day, read_period

__all__ = ["ChargeBand", "ChargeCap", "charge_cap"]

_CENT = Decimal("0.01")
_MAX_TOTAL = Decimal(10) ** 24  # a cap to the cent stays within decimal's 28 significant digits


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _rate(value: object) -> Decimal:
    """``"2%"`` or ``Decimal("0.02")`` -> Decimal('0.02'); floats are refused (money is exact)."""
    if isinstance(value, str):
        rate = parse_percent(value)
        if rate is None:
            raise WarrantyError(f"cap: expected a percentage such as '2%', got {_shown(value)}")
        return rate
    if isinstance(value, Decimal) and value.is_finite() and 0 <= value <= 1:
        return value
    raise WarrantyError(
        f"cap: expected a percentage such as '2%' or a Decimal between 0 and 1, got {value!r}"
    )


def _band_term(value: object) -> Term:
    term = read_period(value, "within")
    if not isinstance(term, Days | Months | Years):  # pragma: no cover - read_period refuses others
        raise WarrantyError(f"within: expected days, months or years, got {value!r}")
    return term


@frozen(kw_only=True)
class ChargeBand(Notebook):
    """One band: for ``within`` after the previous band (the first after the warranty's last day), ``cap``."""

    within: Term = field(converter=_band_term)
    cap: Decimal = field(converter=_rate)


@frozen
class ChargeCap(Notebook):
    """The most that may be charged on a day: ``amount`` = ``rate`` × total, to the cent.

    ``clause`` says which band applied and its dates (in English; `text` also in Chinese);
    ``first`` and ``last`` are the band's days (for band 0, the warranty's).
    """

    amount: Decimal
    rate: Decimal
    clause: str
    band: int  # 0 inside the warranty, 1 for the first band after it, ...
    first: dt.date | None = field(default=None, kw_only=True)
    last: dt.date | None = field(default=None, kw_only=True)

    def text(self, lang: str = "en") -> str:
        """The clause in English (``"en"``, as ``clause``) or Chinese (``"zh"``)."""
        if lang not in ("en", "zh"):
            raise WarrantyError(f"lang: expected 'en' or 'zh', got {lang!r}")
        if lang == "en" or self.last is None:
            return self.clause
        if self.band == 0:
            return f"保修期内（至{self.last}）：免费维修"
        percent = f"{(self.rate * 100).normalize():f}%"
        return f"第{self.band}档：{self.first}至{self.last}，不超过合同总额的{percent}"


def _money(value: object) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
        raise WarrantyError(
            f"total: expected an exact amount such as Decimal('1200000.00'), '1200000' or 1200000 "
            f"(never a float), got {value!r}"
        )
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise WarrantyError(f"total: {_shown(value)} is not an amount") from None
    if not amount.is_finite() or amount < 0:
        raise WarrantyError(f"total: expected a non-negative amount, got {_shown(value)}")
    if amount >= _MAX_TOTAL:
        raise WarrantyError(
            f"total: expected an amount below 10**24 (a cap is computed to the cent), got {_shown(value)}"
        )
    return amount


def charge_cap(
    warranty: Warranty, bands: tuple[ChargeBand, ...], on: object, total: object
) -> ChargeCap | None:
    """The cap on charges for a repair on ``on``: 0 within the warranty, the band's rate after it,
    None past every band (the contract caps nothing then)."""
    day = read_day(on, "on")
    amount = _money(total)
    if day < warranty.start_day:
        raise WarrantyError(f"on: {day} is before the warranty starts ({warranty.start_day})")
    end = warranty.last_day
    if day <= end:
        return ChargeCap(
            Decimal("0.00"),
            Decimal(0),
            f"within the warranty (until {end}): repairs are free",
            0,
            first=warranty.start_day,
            last=end,
        )
    for i, band in enumerate(bands, start=1):
        start = end + dt.timedelta(days=1)
        end = warranty.calendar.period_end(end, band.within, warranty.rule)
        if start <= day <= end:
            try:
                value = (amount * band.cap).quantize(_CENT, rounding=ROUND_HALF_UP)
            except InvalidOperation:  # more digits than decimal's context holds
                raise WarrantyError(
                    f"total: {_shown(total)} at {band.cap} gives a cap too large to compute to the cent"
                ) from None
            percent = f"{(band.cap * 100).normalize():f}%"
            return ChargeCap(
                value,
                band.cap,
                f"band {i}: {start} to {end}, at most {percent} of the total",
                i,
                first=start,
                last=end,
            )
    return None
