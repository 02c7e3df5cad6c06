"""Contract terms: how long a promise is, in the units contracts use.

A term is either a `datetime.timedelta` (business time on a calendar, counted
from the moment, Civil Code art. 201 ¶2) or one of the calendar-period types
below, counted in days under the Civil Code arts. 200-204 (or another
`CountingRule` the parties agreed, art. 204).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal, TypeAlias

from attrs import field, frozen

from servicelevel.errors import InvalidTermError

Lang = Literal["en", "zh"]


MAX_COUNT = 100_000
"""The largest count a period may have: what `parse_term` reads, every period can be written as."""


def _positive(inst: Any, attr: Any, value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_COUNT:
        raise InvalidTermError(
            f"{type(inst).__name__}.{attr.name}: expected a whole number from 1 to {MAX_COUNT:,}, "
            f"got {value!r}"
        )


def check_lang(lang: str) -> Lang:
    if lang not in ("en", "zh"):
        raise InvalidTermError(f"lang: expected 'en' or 'zh', got {lang!r}")
    return lang  # type: ignore[return-value]


@frozen
class _Period:
    """A whole number of some calendar unit; subclasses name the unit."""

    n: int = field(validator=_positive)
    _EN: ClassVar[str]
    _ZH: ClassVar[str]

    def __str__(self) -> str:
        return f"{self.n} {self._EN}" if self.n == 1 else f"{self.n} {self._EN}s"

    def describe(self, lang: Lang = "en") -> str:
        """The term in English (as ``str``) or Chinese (``2个工作日``, ``7天``, ``6个月``, ``3年``)."""
        return f"{self.n}{self._ZH}" if check_lang(lang) == "zh" else str(self)


@frozen
class WorkingDays(_Period):
    """``n`` statutory working days (工作日) of the calendar's country.

    Examples:
        >>> WorkingDays(2), str(WorkingDays(2)), WorkingDays(1).describe("zh")
        (WorkingDays(n=2), '2 working days', '1个工作日')
    """

    _EN = "working day"
    _ZH = "个工作日"


@frozen
class Days(_Period):
    """``n`` calendar days (天/日); a week is ``Days(7)``.

    Examples:
        >>> str(Days(7)), Days(7).describe("zh")
        ('7 days', '7天')
    """

    _EN = "day"
    _ZH = "天"


@frozen
class Months(_Period):
    """``n`` calendar months (个月); "half a year" is ``Months(6)``.

    Examples:
        >>> str(Months(6)), Months(18).describe("zh")
        ('6 months', '18个月')
    """

    _EN = "month"
    _ZH = "个月"


@frozen
class Years(_Period):
    """``n`` calendar years (年).

    Examples:
        >>> str(Years(3)), Years(1).describe("zh")
        ('3 years', '1年')
    """

    _EN = "year"
    _ZH = "年"


CalendarPeriod: TypeAlias = WorkingDays | Days | Months | Years
Term: TypeAlias = dt.timedelta | WorkingDays | Days | Months | Years


def _check_ends_at(_inst: Any, _attr: Any, value: str) -> None:
    if value not in ("close", "midnight"):
        raise InvalidTermError(f"CountingRule.ends_at: expected 'close' or 'midnight', got {value!r}")


@frozen(kw_only=True)
class CountingRule:
    """How a calendar period is counted: the three choices contracts actually vary.

    - ``start_day_counts``: is the day of the start the first day of the period?
      (Civil Code art. 201: no, counting begins the next day.)
    - ``roll_forward``: does a last day that is a statutory rest day move to the
      first working day after the rest? (art. 203 ¶1: yes.)
    - ``ends_at``: ``"close"`` — the period ends when the calendar's coverage
      closes on the last day (art. 203 ¶2: "at the close of business where
      business hours apply"); ``"midnight"`` — at 24:00 of the last day.

    Examples:
        >>> CIVIL_CODE
        CountingRule(start_day_counts=False, roll_forward=True, ends_at='close')
    """

    start_day_counts: bool = False
    roll_forward: bool = True
    ends_at: Literal["close", "midnight"] = field(default="close", validator=_check_ends_at)


CIVIL_CODE = CountingRule()
"""PRC Civil Code arts. 200-204: start day not counted, rest days roll forward, ends at close."""

INCLUSIVE = CountingRule(start_day_counts=True, roll_forward=False, ends_at="midnight")
"""The common commercial reading: "2023-06-15 + 3 years" is valid through 2026-06-14, 24:00."""
