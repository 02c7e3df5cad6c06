"""Amendments from a date: terms that change for tickets reported from then on (补充协议).

A contract in use is never edited (ticket engines tell their users so): a supplement replaces
some targets from a date — "自2026年7月1日起, 一级故障响应时间调整为15分钟" — and the tickets
reported before it keep the terms in force when they were reported. `Amendment` is one such
supplement; `Contract.amendments` lists them in date order and `Amendable` gives the contract its
versions: `at` (the contract in force at a date or instant), `diff` and `what_if`.

The date is read in the contract's home zone (the first calendar's, `Contract.home_calendar`):
``from = 2026-07-01`` covers every ticket reported from 2026-07-01 00:00 there on.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pendulum
from attrs import evolve, field, frozen

from servicelevel import _lazy
from servicelevel._frozen import FrozenDict
from servicelevel._notebook import Notebook
from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import (
    ContractError,
    InvalidInstantError,
    InvalidOptionError,
    MissingInstantError,
    NaiveDatetimeError,
    show,
)
from servicelevel.sla._availability import AvailabilityTarget
from servicelevel.sla._history import us
from servicelevel.sla._levels import Target

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from servicelevel.sla._contract import Contract
    from servicelevel.sla._diff import Diff

    Table = TypeVar("Table", pd.DataFrame, pl.DataFrame)

__all__ = ["Amendable", "Amendment", "Version", "day_start", "to_amendments", "versions_of"]


def _date(value: object) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ContractError(f"from: expected a date such as 2026-07-01, got {show(value)}")


def _mapping(value: object, what: str, kind: type, example: str) -> FrozenDict[str, Any]:
    if value is None:
        return FrozenDict({})
    if not isinstance(value, Mapping):
        raise ContractError(f"{what}: expected a mapping of name to {example}, got {show(value)}")
    for name, item in value.items():
        if not isinstance(name, str) or not name:
            raise ContractError(f"{what}: names are non-empty text, got {show(name)}")
        if not isinstance(item, kind):
            raise ContractError(f"{what}[{name!r}]: expected {example}, got {show(item)}")
    return FrozenDict(value)


def _levels(value: object) -> FrozenDict[str, FrozenDict[str, Target]]:
    """``{"P1": {"response": Target(...)}}``: per level key, the targets replaced."""
    outer = _mapping(value, "levels", Mapping, "a mapping of metric to Target")
    return FrozenDict(
        {key: _mapping(targets, f"levels[{key!r}]", Target, "a Target") for key, targets in outer.items()}
    )


def _calendars(value: object) -> FrozenDict[str, BusinessCalendar]:
    return _mapping(value, "calendars", BusinessCalendar, "a BusinessCalendar")


def _services(value: object) -> FrozenDict[str, AvailabilityTarget]:
    return _mapping(value, "availability_targets", AvailabilityTarget, "an AvailabilityTarget")


def _reason(_inst: Any, attr: Any, value: Any) -> None:
    if not isinstance(value, str):
        raise ContractError(f"{attr.name}: expected text such as '补充协议第3条', got {show(value)}")


@frozen(kw_only=True)
class Amendment(Notebook):
    """Terms replaced for tickets reported from ``from_`` on (00:00 in the contract's home zone).

    ``levels`` replaces whole targets of existing levels (``{"P1": {"response": Target(...)}}``:
    its term, calendar, region terms, goal, penalty), ``calendars`` the definition of named
    calendars (a coverage extended, say), ``availability_targets`` the promises of named services.
    An amendment adds no level, metric, calendar or service: it changes what the contract has.

    Examples:
        >>> a = Amendment(from_="2026-07-01", reason="补充协议第3条",
        ...     levels={"P1": {"response": Target(within="15分钟", calendar="hotline")}})
        >>> a.label
        'amendment 补充协议第3条, from 2026-07-01'
    """

    from_: dt.date = field(converter=_date)
    reason: str = field(default="", validator=_reason)
    levels: Mapping[str, Mapping[str, Target]] = field(factory=dict, converter=_levels)
    calendars: Mapping[str, BusinessCalendar] = field(factory=dict, converter=_calendars)
    availability_targets: Mapping[str, AvailabilityTarget] = field(factory=dict, converter=_services)

    @property
    def label(self) -> str:
        """How explanations and views name the terms this amendment puts in force."""
        reason = f" {self.reason}," if self.reason else ""
        return f"amendment{reason} from {self.from_.isoformat()}"


def to_amendments(value: Iterable[Amendment]) -> tuple[Amendment, ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | Mapping):
        raise ContractError(f"amendments: expected a list of Amendment, got {show(value)}")
    return tuple(value)


Version = tuple[int, "Contract"]  # epoch µs from which it is in force, the contract then


def _replaced(i: int, a: Amendment, prev: Contract) -> Contract:
    """``prev`` with amendment ``a`` (number ``i``) applied, refusing what it cannot replace."""
    where = f"amendments[{i}]"
    changed = False
    levels = []
    keys = {lv.key for lv in prev.levels}
    for key in a.levels:
        if key not in keys:
            raise ContractError(
                f"{where}.levels.{key}: unknown level {key!r}; the contract defines {', '.join(sorted(keys))}"
            )
    calendars = dict(prev.calendars)
    home = next(iter(calendars))
    for name, cal in a.calendars.items():
        if name not in calendars:
            raise ContractError(
                f"{where}.calendars.{name}: unknown calendar {name!r}; "
                f"the contract defines {', '.join(calendars)} (an amendment replaces, it does not add)"
            )
        if name == home and cal.tz != calendars[name].tz:
            raise ContractError(
                f"{where}.calendars.{name}.tz: {cal.tz!r} would move the contract's home zone "
                f"({calendars[name].tz!r}), in which every amendment's date is read; keep the zone"
            )
        changed |= cal != calendars[name]
        calendars[name] = cal
    for lv in prev.levels:
        given = a.levels.get(lv.key)
        if not given:
            levels.append(lv)
            continue
        targets = dict(lv.targets)
        for metric, target in given.items():
            if metric not in targets:
                has = ", ".join(targets) or "none"
                raise ContractError(
                    f"{where}.levels.{lv.key}.{metric}: level {lv.key} has no {metric!r} target to "
                    f"replace (it has {has}); an amendment replaces targets, it does not add them"
                )
            if target.calendar not in calendars:
                raise ContractError(
                    f"{where}.levels.{lv.key}.{metric}.calendar: unknown calendar {target.calendar!r}; "
                    f"the contract defines {', '.join(calendars)}"
                )
            changed |= target != targets[metric]
            targets[metric] = target
        levels.append(evolve(lv, targets=targets))
    services = dict(prev.availability_targets)
    for name, service in services.items():  # a service on a calendar replaced is kept on the new one
        moved = [n for n, cal in a.calendars.items() if service.calendar == prev.calendars[n]]
        if moved:
            services[name] = evolve(service, calendar=calendars[moved[0]])
    for name, service in a.availability_targets.items():
        if name not in services:
            known = ", ".join(services) or "none"
            raise ContractError(
                f"{where}.availability.{name}: unknown service {name!r}; the contract promises {known}"
            )
        changed |= service != services[name]
        services[name] = service
    if not changed:
        raise ContractError(
            f"{where}: the amendment from {a.from_} changes nothing (every target, calendar and "
            "service it names is as already in force); leave it out or give the new terms"
        )
    try:
        return evolve(prev, levels=levels, calendars=calendars, availability_targets=services, in_force=a)
    except ContractError as e:
        raise e.restated(f"{where}.{e.field}" if e.field else where) from None


def day_start(contract: Contract, day: dt.date) -> pendulum.DateTime:
    """The first instant of ``day`` in the contract's home zone: its midnight, the first one where
    a clock set back at midnight repeats it (Atlantic/Azores, America/Havana), the end of the gap
    where a clock set forward at midnight skips it — as the calendar reads local time. (pendulum's
    own ``datetime(y, m, d, tz=…)`` takes the second midnight of a repeat: an hour of tickets on
    that day would keep the old terms.)"""
    return contract.home_calendar.instant(f"{day.isoformat()}T00:00")


def versions_of(contract: Contract) -> tuple[Version, ...]:
    """The contract's versions in date order — ``(from, contract)``, the first from the start — each
    with no amendments left; () without amendments. Refuses amendments out of date order, two of
    one date, outside the contract's term, naming what the contract does not have, or changing
    nothing."""
    if not contract.amendments:
        return ()
    base = evolve(contract, amendments=())
    out: list[Version] = [(-(1 << 62), base)]
    previous: dt.date | None = None
    for i, a in enumerate(contract.amendments):
        if not isinstance(a, Amendment):
            raise ContractError(f"amendments[{i}]: expected an Amendment, got {show(a)}")
        day = a.from_
        if previous is not None and day <= previous:
            said = (
                "is the date of the one before too: two amendments of one day overlap, merge them"
                if (day == previous)
                else f"is before the one before ({previous}): list amendments in date order"
            )
            raise ContractError(f"amendments[{i}].from: {day} {said}")
        if (contract.valid_from is not None and day < contract.valid_from) or (
            contract.valid_until is not None and day > contract.valid_until
        ):
            raise ContractError(
                f"amendments[{i}].from: {day} is outside the contract's term "
                f"({contract.valid_from or '…'} to {contract.valid_until or '…'})"
            )
        previous = day
        out.append((us(day_start(contract, day)), _replaced(i, a, out[-1][1])))
    return tuple(out)


class Amendable:
    """The version methods of `Contract` (mixed in; the contract holds ``amendments`` and its
    ``_versions``, built once when it is)."""

    __slots__ = ()
    amendments: tuple[Amendment, ...]
    in_force: Amendment | None
    _versions: tuple[tuple[int, Any], ...]  # (from, Contract); `Contract` declares it exactly

    def version_index(self, reported: int) -> int:
        """Which version (0: the terms signed; k: after the k-th amendment) covers a ticket
        reported at epoch µs ``reported``."""
        if not self._versions:
            return 0
        return bisect.bisect_right([u for u, _ in self._versions], reported) - 1

    @property
    def versions(self) -> tuple[Contract, ...]:
        """The contract in force from the start and after each amendment, in date order (each with
        no amendments left); just this contract when it has none."""
        if not self._versions:
            return (cast("Contract", self),)
        return tuple(c for _, c in self._versions)

    @property
    def version_starts(self) -> tuple[int, ...]:
        """Epoch µs from which each of `versions` is in force after the first (the amendments'
        dates at 00:00 in the home zone)."""
        return tuple(u for u, _ in self._versions[1:])

    def at(self, when: dt.date | dt.datetime | str) -> Contract:
        """The contract in force for a ticket reported ``when`` (a date: its first instant in the
        home zone; an instant; ISO text of either), with no amendments left.

        Examples:
            >>> from servicelevel import load_contract
            >>> c = load_contract("examples/contract.toml")
            >>> c.at("2026-06-30").level("P1").target("response").within
            datetime.timedelta(seconds=1800)
            >>> c.at("2026-07-01").level("P1").target("response").within
            datetime.timedelta(seconds=900)
        """
        contract = cast("Contract", self)
        if not self._versions:
            return contract
        if isinstance(when, str) and len(when.strip()) == 10:
            try:
                when = dt.date.fromisoformat(when.strip())
            except ValueError:
                said = f"expected a date such as 2026-07-01 or an instant, got {show(when)}"
                raise InvalidInstantError(f"when: {said}") from None
        if isinstance(when, dt.date) and not isinstance(when, dt.datetime):
            t = day_start(contract, when)
        elif isinstance(when, dt.datetime | str):
            try:
                t = contract.instant(when)
            except (InvalidInstantError, NaiveDatetimeError, MissingInstantError) as e:  # named `when`
                raise e.restated("when") from None
        else:
            said = f"expected a date or an instant such as 2026-07-01, got {show(when)}"
            raise InvalidInstantError(f"when: {said}")
        return self.versions[self.version_index(us(t))]

    def diff(self, other: Contract) -> Diff:
        """What changed from this contract to ``other`` (another contract, or a version of this one):
        one `Change` per path such as ``levels.P1.response.within``, with the old and new value.

        Examples:
            >>> from servicelevel import load_contract
            >>> c = load_contract("examples/contract.toml")
            >>> print(c.at("2026-06-30").diff(c.at("2026-07-01")))
            levels.P1.response.within: 30m → 15m
        """
        from servicelevel.sla._contract import Contract
        from servicelevel.sla._diff import diff

        if not isinstance(other, Contract):
            said = f"expected a Contract (such as contract.at('2026-07-01')), got {show(other)}"
            raise InvalidOptionError(f"other: {said}")
        return diff(cast("Contract", self), other)

    def what_if(self, other: Contract, tickets: Table, *, at: Any = None, **evaluate: Any) -> Table:
        """The tickets whose state or due differs under ``other``: ``tickets`` evaluated under this
        contract and under ``other`` (`Contract.evaluate`'s keywords), one row per ticket and metric
        that changed: ``ticket``, ``metric``, ``state``, ``due`` (under this contract),
        ``other_state``, ``other_due``. "What would last quarter have looked like under the new
        terms?": ``c.what_if(c.at("2026-07-01"), last_quarter, at=...)``."""
        return cast("Table", _lazy.what_if(cast("Contract", self), other, tickets, at=at, **evaluate))
