"""How much of the time was the service up? Availability targets, credit bands and the scalar rule.

A contract promises availability per service ("系统可用率不低于99.9%", "monthly uptime 99.95 %")
over a period, counted on the calendar of the service hours it covers, planned maintenance
excluded (计划服务时间). The rule, once (issue 28 §1; the docs page "Availability" works it by
hand):

- **scheduled** time is the calendar's open time in the window, minus the open time inside
  outages of an excluded kind; **down** time is the open time inside the other outages, outside
  the excluded ones. An outage at night does not count against a 5×8 service.
- Overlapping, duplicate and touching outages are merged and counted once; ``outages`` counts
  the merged outages with down time in the window.
- ``availability`` = 1 − down / scheduled, rounded down to 12 decimal places (1 when nothing was
  scheduled, and `Availability.note` says so); ``met`` and the credit band are decided on the
  exact ratio of microseconds, never on a rounded or float value.
- ``credit`` is the share of the band with the lowest floor the result is below (0 when none),
  ``credit_amount`` that share of ``fee`` to the cent (half up), None without a fee.

`Contract.availability` applies the same rule to a table of outages, one row per service and
period; it is tested equal to `AvailabilityTarget.measure` here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal, NamedTuple

import pendulum
from attrs import field, frozen

from servicelevel._notebook import Notebook
from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import ContractError, InvalidInstantError, show
from servicelevel.terms import format_share, read_share

__all__ = ["PERIODS", "Availability", "AvailabilityTarget", "CreditBand", "Instant", "Period"]

PERIODS = ("month", "quarter", "year")
"""The periods availability is measured over, each starting at local midnight of its first day."""
_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_SCALE = 12  # decimal places of shares, and of availability (rounded down)
_CENT = Decimal("0.01")
_MAX_FEE = Decimal(10) ** 24  # a credit to the cent stays within decimal's 28 significant digits
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ONE_US = dt.timedelta(microseconds=1)

Instant = dt.datetime | str
Window = dt.datetime | dt.date | str  # an instant, or a day: its local midnight
Outage = tuple[Instant, Instant | None] | tuple[Instant, Instant | None, str]


def _share(value: object, field_name: str) -> Decimal:
    share = read_share(value, field_name, floats=True)
    if share != share.quantize(Decimal(1).scaleb(-_SCALE)):
        raise ContractError(f"{field_name}: expected at most {_SCALE} decimal places, got {show(value)}")
    return share


def _target(value: object) -> Decimal:
    return _share(value, "target")


def _below(value: object) -> Decimal:
    return _share(value, "below")


def _credit(value: object) -> Decimal:
    return _share(value, "credit")


def _fee(value: object) -> Decimal | None:
    """The period's fee, exact: text, an integer or a Decimal, never a float; not negative."""
    if value is None:
        return None
    if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
        raise ContractError(
            f"fee: expected an exact amount such as '200000' or Decimal('200000.00') (never a float), "
            f"got {show(value)}"
        )
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise ContractError(f"fee: expected an amount such as '200000', got {show(value)}") from None
    if not amount.is_finite() or amount < 0 or amount >= _MAX_FEE:
        raise ContractError(f"fee: expected an amount from 0 to below 10**24, got {show(value)}")
    return amount


def _kind_names(value: object, what: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ContractError(f"{what}: expected a list of outage kinds such as ['planned'], got {show(value)}")
    names = tuple(value)
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise ContractError(f"{what}: expected outage kinds as non-empty text, got {show(name)}")
    if len(set(names)) != len(names):
        raise ContractError(f"{what}: a kind is named twice in {show(list(names))}")
    return names


def _exclude(value: object) -> tuple[str, ...]:
    return _kind_names(value, "exclude")


def _kinds(value: object) -> tuple[str, ...]:
    return _kind_names(value, "kinds")


@frozen
class CreditBand(Notebook):
    """A service credit: ``credit`` (a share of the fee) when availability is below ``below``.

    Examples:
        >>> CreditBand(below="99.5%", credit="10%")
        CreditBand(below=Decimal('0.995'), credit=Decimal('0.1'))
    """

    below: Decimal = field(converter=_below)
    credit: Decimal = field(converter=_credit)


def _credits(value: object) -> tuple[CreditBand, ...]:
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise ContractError(f"credits: expected a list of CreditBand, got {show(value)}")
    bands = tuple(value)
    for i, band in enumerate(bands):
        if not isinstance(band, CreditBand):
            raise ContractError(f"credits[{i}]: expected a CreditBand, got {show(band)}")
    return bands


def _check_calendar(_inst: Any, _attr: Any, value: Any) -> None:
    if not isinstance(value, BusinessCalendar):
        raise ContractError(f"calendar: expected a BusinessCalendar (the service hours), got {show(value)}")


def _check_period(_inst: Any, _attr: Any, value: Any) -> None:
    if value not in PERIODS:
        raise ContractError(f"period: expected 'month', 'quarter' or 'year', got {show(value)}")


class Period(NamedTuple):
    """One period of measurement: its first day, and its instants ``[start, end)`` in the zone."""

    first: dt.date
    start: pendulum.DateTime
    end: pendulum.DateTime


@frozen(kw_only=True)
class Availability(Notebook):
    """The availability of a service over a window, and what the contract makes of it.

    ``scheduled`` and ``down`` are business time on the target's calendar; ``availability`` is
    1 − down / scheduled rounded down to 12 places; ``met``, ``credit`` (the band's share of the
    fee, 0 when no band applies) and ``credit_amount`` (to the cent; None without a fee) are
    decided on the exact ratio. ``outages`` counts the merged outages with down time.
    """

    start: pendulum.DateTime
    end: pendulum.DateTime
    scheduled: dt.timedelta
    down: dt.timedelta
    availability: Decimal
    target: Decimal
    met: bool
    credit: Decimal
    credit_amount: Decimal | None
    outages: int

    @property
    def note(self) -> str:
        """Why the figure is what it is where that is not plain: nothing scheduled; else ''."""
        if self.scheduled:
            return ""
        return "nothing was scheduled in the window: availability is 1 by definition"


@frozen(kw_only=True)
class AvailabilityTarget(Notebook):
    """A service the contract promises to keep up: ``target`` of the scheduled time per ``period``.

    ``calendar`` is the service hours (only its open time counts; 7×24: all of it); outages of a
    kind in ``exclude`` (planned maintenance) are taken out of the scheduled time; ``kinds`` are
    the outage kinds the contract knows (any other is refused); ``credits`` are the service-credit
    bands, highest floor first; ``fee`` is the period's fee, so that credits become amounts.

    Examples:
        >>> from servicelevel import BusinessCalendar
        >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        >>> his = AvailabilityTarget(target="99%", calendar=cal, exclude=["planned"],
        ...     credits=[CreditBand(below="99%", credit="5%")], fee="200000")
        >>> a = his.measure([("2026-03-02T09:00", "2026-03-02T13:00"),
        ...     ("2026-03-03T12:00", "2026-03-03T13:00", "planned")], "2026-03-01", "2026-04-01")
        >>> a.scheduled, a.down   # 22 working days x 8 h - 1 h planned; 4 h down
        (datetime.timedelta(days=7, seconds=25200), datetime.timedelta(seconds=14400))
        >>> a.availability, a.met, a.credit, a.credit_amount   # 1 - 4/175
        (Decimal('0.977142857142'), False, Decimal('0.05'), Decimal('10000.00'))
    """

    target: Decimal = field(converter=_target)
    calendar: BusinessCalendar = field(validator=_check_calendar)
    name: str = ""
    period: Literal["month", "quarter", "year"] = field(default="month", validator=_check_period)
    exclude: tuple[str, ...] = field(default=(), converter=_exclude)
    kinds: tuple[str, ...] = field(default=("unplanned", "planned"), converter=_kinds)
    credits: tuple[CreditBand, ...] = field(default=(), converter=_credits)
    fee: Decimal | None = field(default=None, converter=_fee)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise ContractError(f"name: expected text such as '医院信息系统', got {show(self.name)}")
        if self.target == 0:
            raise ContractError("target: expected a share above 0 % such as '99.9%', got 0 %")
        if not self.kinds:
            raise ContractError("kinds: expected at least one outage kind, such as ['unplanned', 'planned']")
        for name in self.exclude:
            if name not in self.kinds:
                raise ContractError(
                    f"exclude: unknown outage kind {show(name)}; the kinds are {', '.join(self.kinds)} "
                    "(add it to kinds)"
                )
        for i, band in enumerate(self.credits):
            below = format_share(band.below)
            if band.below > self.target:
                raise ContractError(
                    f"credits[{i}].below: {below} is above the target {format_share(self.target)}; a "
                    "credit applies only to a result that misses the target"
                )
            if band.below == 0:
                raise ContractError(f"credits[{i}].below: 0% can never be undercut; give a floor above 0 %")
            if i:
                before = self.credits[i - 1]
                if band.below >= before.below:
                    raise ContractError(
                        f"credits[{i}].below: {below} is not below the floor before it "
                        f"({format_share(before.below)}); list the bands from the highest floor down, "
                        "each floor once"
                    )
                if band.credit <= before.credit:
                    raise ContractError(
                        f"credits[{i}].credit: {format_share(band.credit)} is not more than the credit "
                        f"above it ({format_share(before.credit)}); a lower availability earns more"
                    )

    # ------------------------------------------------------------------ the rule
    def judge(
        self, scheduled: dt.timedelta, down: dt.timedelta, *, outages: int, start: Instant, end: Instant
    ) -> Availability:
        """The contract's verdict on ``down`` of ``scheduled`` business time: the one rule that
        `measure` and `Contract.availability` apply to the figures they count."""
        s, d = scheduled // _ONE_US, down // _ONE_US
        ratio = Fraction(1) if s <= 0 else Fraction(s - d, s)
        credit = Decimal(0)
        for band in self.credits:  # highest floor first: the last band the result is below
            if ratio < Fraction(band.below):
                credit = band.credit
        amount = None if self.fee is None else (self.fee * credit).quantize(_CENT, rounding=ROUND_HALF_UP)
        shown = Decimal(ratio.numerator * 10**_SCALE // ratio.denominator).scaleb(-_SCALE)  # rounded down
        return Availability(
            start=self.calendar.instant(start),
            end=self.calendar.instant(end),
            scheduled=scheduled,
            down=down,
            availability=shown,
            target=self.target,
            met=ratio >= Fraction(self.target),
            credit=credit,
            credit_amount=amount,
            outages=outages,
        )

    def periods(self, start: Window, end: Window) -> list[Period]:
        """The whole periods (months, quarters or years in the calendar's zone) that overlap
        ``[start, end)``, each from local midnight of its first day.

        Examples:
            >>> from servicelevel import BusinessCalendar
            >>> t = AvailabilityTarget(target="99.9%", calendar=BusinessCalendar.preset(
            ...     "7x24", tz="Asia/Shanghai"), period="quarter")
            >>> [p.first for p in t.periods("2026-02-10T00:00", "2026-04-01T00:00")]
            [datetime.date(2026, 1, 1)]
        """
        lo, hi = self._us(start, "start", True), self._us(end, "end", True)
        step = _MONTHS[self.period]
        local = _instant(lo).in_timezone(self.calendar.tz)
        month = (local.month - 1) // step * step + 1
        day = dt.date(local.year, month, 1)
        first = self.midnight(day)
        out: list[Period] = []
        while _us(first) < hi or not out:
            ahead = day.month - 1 + step
            day, start = dt.date(day.year + ahead // 12, ahead % 12 + 1, 1), first
            first = self.midnight(day)
            out.append(Period(dt.date(start.year, start.month, start.day), start, first))
        return out

    def midnight(self, day: dt.date) -> pendulum.DateTime:
        """The first instant of ``day`` on the service's calendar: its midnight, the first one where
        a clock set back at midnight repeats it (America/Havana on 1 November), the end of the gap
        where one set forward skips it; pendulum's ``datetime(y, m, d, tz=…)`` takes the second."""
        return self.calendar.instant(f"{day.isoformat()}T00:00")

    def measure(
        self, outages: Iterable[Outage], start: Window, end: Window, *, at: Instant | None = None
    ) -> Availability:
        """The availability over ``[start, end)`` (instants, or dates: their local midnight) given
        the ``outages``: ``(start, end)`` or ``(start, end, kind)`` tuples of instants (text without
        an offset is read in the calendar's zone). An outage with no end (None) is still open: it
        needs ``at``, the instant of measurement, which also ends the window. See the module for
        the rule.

        Raises:
            ContractError: an outage ending before it starts, an unknown kind, an open outage
                without ``at``, a window ending before it starts.
        """
        lo, hi = self._us(start, "start", True), self._us(end, "end", True)
        if hi < lo:
            raise ContractError(f"end: {show(end)} is before start {show(start)}")
        now = None if at is None else self._us(at, "at")
        if now is not None:
            hi = max(lo, min(hi, now))
        counted: list[tuple[int, int]] = []
        excluded: list[tuple[int, int]] = []
        if isinstance(outages, str | Mapping) or not isinstance(outages, Iterable):
            raise ContractError(
                f"outages: expected (start, end) or (start, end, kind) tuples, got {show(outages)}"
            )
        for i, outage in enumerate(outages):
            a, b, kind = self._outage(i, outage, now)
            a, b = max(a, lo), min(b, hi)
            if a < b:
                (excluded if kind in self.exclude else counted).append((a, b))
        planned = _merge(excluded)
        spent = sum(self._open(a, b) for a, b in planned)
        down = count = 0
        for a, b in _merge(counted):
            inside = sum(self._open(max(a, x), min(b, y)) for x, y in planned if x < b and a < y)
            lost = self._open(a, b) - inside
            if lost > 0:
                down, count = down + lost, count + 1
        scheduled = self._open(lo, hi) - spent
        return self.judge(
            scheduled * _ONE_US, down * _ONE_US, outages=count, start=_instant(lo), end=_instant(hi)
        )

    # ------------------------------------------------------------------ helpers
    def _us(self, t: object, what: str, days: bool = False) -> int:
        """``t`` as epoch µs; with ``days``, a date (or ISO date text) is its local midnight."""
        if days and isinstance(t, str) and len(t.strip()) == 10:
            with contextlib.suppress(ValueError):  # not a date: read below as an instant
                t = dt.date.fromisoformat(t.strip())
        if days and isinstance(t, dt.date) and not isinstance(t, dt.datetime):
            return _us(self.midnight(t))
        if isinstance(t, dt.datetime | str):
            try:
                return _us(self.calendar.instant(t))
            except (InvalidInstantError, ValueError) as exc:
                raise ContractError(f"{what}: {getattr(exc, 'detail', exc)}") from None
        raise ContractError(f"{what}: expected an instant (aware datetime or ISO text), got {show(t)}")

    def _outage(self, i: int, outage: object, now: int | None) -> tuple[int, int, str | None]:
        if not isinstance(outage, tuple | list) or len(outage) not in (2, 3):
            raise ContractError(
                f"outages[{i}]: expected (start, end) or (start, end, kind), got {show(outage)}"
            )
        kind = outage[2] if len(outage) == 3 else None
        if kind is not None and kind not in self.kinds:
            raise ContractError(
                f"outages[{i}].kind: unknown outage kind {show(kind)}; the kinds are {', '.join(self.kinds)}"
            )
        a = self._us(outage[0], f"outages[{i}].start")
        if outage[1] is None:
            if now is None:
                raise ContractError(
                    f"outages[{i}].end: the outage is still open (no end); pass at= to measure it up to then"
                )
            return a, max(a, now), kind
        b = self._us(outage[1], f"outages[{i}].end")
        if b < a:
            raise ContractError(f"outages[{i}].end: the outage ends before it starts ({show(outage[1])})")
        return a, b if now is None else max(a, min(b, now)), kind

    def _open(self, a: int, b: int) -> int:
        """Open time of the calendar in ``[a, b)`` µs, in µs."""
        if b <= a:
            return 0
        return self.calendar.elapsed(_instant(a), _instant(b)) // _ONE_US


def _us(t: dt.datetime) -> int:
    return dt.datetime.__sub__(t, _EPOCH) // _ONE_US


def _instant(us: int) -> pendulum.DateTime:
    return pendulum.instance(_EPOCH + us * _ONE_US)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans merged where they overlap or touch, in order."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
