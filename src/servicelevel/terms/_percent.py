"""Shares as contracts write them: ``"99.9%"``, ``"2%"``, or a fraction such as ``0.999``.

One reader for every share a contract states: post-warranty charge caps (domain notes §4,
"不超过合同总额的2%"), availability targets ("系统可用率不低于99.9%") and service-credit bands.
A share is a `Decimal` fraction between 0 and 1, exact: ``"99.9%"`` is ``Decimal("0.999")``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from servicelevel.errors import ServiceLevelError, show

__all__ = ["format_percent", "parse_percent"]

# digits, an optional fraction, a percent sign: "99.9%", "2 %", "100%" (no sign, no exponent)
_PERCENT = re.compile(r"^\s*(\d{1,6}(?:\.\d{1,12})?)\s*%\s*$")


def parse_percent(
    value: object,
    field: str = "percent",
    *,
    error: type[ServiceLevelError] = ServiceLevelError,
    floats: bool = False,
) -> Decimal:
    """A share between 0 and 1, from ``"99.9%"`` (text with a percent sign) or a number.

    Text must carry the percent sign (``"99.9"`` alone could mean either); numbers are the
    fraction itself: a `Decimal`, the integers 0 and 1, and, with ``floats``, a float read as
    written (``0.999`` is ``Decimal("0.999")``, as a TOML file holds it). Anything else, or a share
    outside 0 to 100 %, raises ``error`` naming ``field``.

    Examples:
        >>> parse_percent("99.9%"), parse_percent("2 %"), parse_percent(Decimal("0.05"))
        (Decimal('0.999'), Decimal('0.02'), Decimal('0.05'))
        >>> parse_percent(0.999, "target", floats=True)
        Decimal('0.999')
        >>> parse_percent("100.5%", "target")
        Traceback (most recent call last):
        ...
        servicelevel.errors.ServiceLevelError: target: expected a share from 0 to 100 %, got '100.5%'
    """
    accepted = "a percentage such as '2%' or '99.9%'" + (
        ", or a fraction from 0 to 1 such as 0.999" if floats else ", or a Decimal from 0 to 1"
    )
    if isinstance(value, str):
        m = _PERCENT.match(value)
        if m is None:
            raise error(f"{field}: expected {accepted}, got {show(value)}")
        share = Decimal(m[1]) / 100
    elif isinstance(value, Decimal) and value.is_finite():
        share = value
    elif type(value) is int and value in (0, 1):
        share = Decimal(value)
    elif floats and type(value) is float and value == value and abs(value) != float("inf"):
        share = Decimal(repr(value))  # the shortest text that reads back as this float: as written
    else:
        raise error(f"{field}: expected {accepted}, got {show(value)}")
    if not 0 <= share <= 1:
        raise error(f"{field}: expected a share from 0 to 100 %, got {show(value)}")
    return share


def format_percent(share: Decimal) -> str:
    """A share as contracts write it, the reverse of `parse_percent`.

    Examples:
        >>> format_percent(Decimal("0.999")), format_percent(Decimal("0.05")), format_percent(Decimal(1))
        ('99.9%', '5%', '100%')
    """
    return f"{(share * 100).normalize():f}%"
