"""The money side of `Contract`: its services' availability targets, looked up and measured over
tables; the penalties of an evaluated table; the monthly report.

A mixin, so that `Contract` keeps its own fields and lookups in ``_contract`` and the table method
stays one line through `servicelevel._lazy`, as ``evaluate`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from servicelevel import _lazy
from servicelevel._frozen import FrozenDict
from servicelevel.errors import ContractError, show
from servicelevel.sla._availability import AvailabilityTarget, Instant
from servicelevel.sla._levels import FaultLevel
from servicelevel.sla._report import Report

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    # A table of outages comes back in the library it came in.
    Table = TypeVar("Table", pd.DataFrame, pl.DataFrame)

__all__ = ["Services", "to_services"]


def to_services(value: object) -> FrozenDict[str, AvailabilityTarget]:
    """The contract's availability targets by service key, read-only."""
    if value is None:
        return FrozenDict()
    if not isinstance(value, Mapping):
        raise ContractError(
            f"availability_targets: expected a mapping of service to AvailabilityTarget, got {show(value)}"
        )
    for key, target in value.items():
        if not isinstance(key, str) or not key.strip():
            raise ContractError(f"availability_targets: service keys are non-empty text, got {show(key)}")
        if not isinstance(target, AvailabilityTarget):
            raise ContractError(
                f"availability_targets[{key!r}]: expected an AvailabilityTarget, got {show(target)}"
            )
    return FrozenDict(value)


class Services:
    """The availability, penalty and report methods of `Contract` (mixed in; the contract holds
    ``availability_targets``)."""

    __slots__ = ()
    availability_targets: Mapping[str, AvailabilityTarget]
    levels: tuple[FaultLevel, ...]

    def availability_target(self, name: str) -> AvailabilityTarget:
        """The availability promise of service ``name`` (``[availability.NAME]`` in the file)."""
        found = self.availability_targets.get(name) if isinstance(name, str) else None
        if found is None:
            known = ", ".join(self.availability_targets) or "none (add [availability.NAME] tables)"
            raise ContractError(
                f"service: unknown service {show(name)}; the contract promises availability of {known}"
            )
        return found

    def availability(
        self,
        outages: Table,
        *,
        service: str | None = None,
        start: str = "start",
        end: str = "end",
        kind: str = "kind",
        service_column: str = "service",
        at: Instant | None = None,
    ) -> Table:
        """Availability per service and period from a table of outages, and the credits it earns.

        ``outages`` is a pandas or polars DataFrame with two instant columns (``start``, ``end``:
        any two, e.g. the tickets' ``reported_at`` and ``restored_at``; an empty end is an
        outage still open, which needs ``at``), optionally a ``kind`` column (outage kinds the
        service knows; kinds in its ``exclude`` are taken out of the scheduled time) and a
        ``service_column`` naming each row's service. Without that column every row is of
        ``service`` (or of the contract's one service); with it, ``service`` keeps that service's
        rows. Text without an offset is read in the zone of the contract's first calendar.

        The result, in the library of ``outages``, has one row per service and period, from the
        period of the first outage to that of the last end (or of ``at``, which ends the current
        period's measurement): ``service``, ``period`` (its first day), ``scheduled``, ``down``
        (durations), ``availability``, ``target``, ``credit`` (decimal columns), ``met``,
        ``credit_amount`` (decimal, to the cent; empty without a fee), ``outages`` (merged outages
        with down time), each as `AvailabilityTarget.measure` gives it over the period.

        Raises:
            InvalidRowsError: outages ending before they start, open without ``at``, of an unknown
                service or kind; every bad row named.
            InvalidTableError: not a DataFrame, a column missing, no service given where the
                contract promises several.
        """
        out = _lazy.availability(
            cast(Any, self), outages, service=service, start=start, end=end, kind=kind,
            service_column=service_column, at=at,
        )  # fmt: skip
        return cast("Table", out)

    def penalties(self, evaluated: Table, by: Literal["month", "ticket"] = "month") -> Table:
        """What the breaches in an `evaluate` or `replay` result cost: per month of the due (home
        zone) the breaches ``charged`` (ticket × metric with a penalty), ``tickets``, ``raw`` total,
        monthly ``cap``, ``payable`` and the ``cut``
        the cap made; ``by="ticket"``: each ticket and metric with its ``late`` time and ``amount``.
        Amounts are decimal columns (see `servicelevel.sla.PenaltyRule`, `PenaltyTerms`). A month
        without a charged breach has no row. Tickets are named by a ``ticket`` column where the
        table has one, else by its index."""
        return cast("Table", _lazy.penalties(cast(Any, self), evaluated, by))

    def report(
        self,
        month: str | dt.date,
        *,
        tickets: Any,
        outages: Any = None,
        pauses: Any = None,
        updates: Any = None,
        at: Any = None,
        ticket: str | None = None,
    ) -> Report:
        """The month's service report (`Report`): met rates against the goals, breaches with their
        lateness and penalty, availability and credits, what is payable.

        A promise counts in the month its due falls in, in the contract's home zone (the zone of
        its first calendar, `home_calendar`); tickets reported after ``at`` are not yet there.
        ``tickets`` as `evaluate` reads them; ``ticket`` names the column holding their labels
        (else the table's index: a polars table's labels are then its row positions); ``outages``
        as `availability` reads them; ``pauses`` and ``updates`` (the updates given to the customer,
        where a level promises them) as `evaluate` reads them; ``at`` defaults to the month's end
        and may not precede it. The update promise, having no one due, is reported per level
        (`Report.updates`) over the tickets whose update clock stopped in the month or still runs
        at ``at`` (when ``at`` is in the month or ends it).
        """
        return _lazy.report(
            cast(Any, self), month, tickets=tickets, outages=outages, pauses=pauses, updates=updates, at=at,
            ticket=ticket,
        )  # fmt: skip

    def compliance(self, frame: Table, by: str | Iterable[str] = ()) -> Table:
        """The met rate per level and metric (and per ``by`` column) of an `evaluate` result.

        Columns: the groups, ``metric``, ``tickets``, ``met``, ``breached``,
        ``open`` (running or paused), ``pending``, and ``met_rate`` = met /
        (met + breached): tickets still open are not counted either way, and
        tickets settled as ``not_applicable`` not at all (a metric whose tickets
        all were shows with ``tickets`` 0). Tickets whose group value is missing
        are counted under ``"(missing)"``. Where a
        target states a goal (``goal = 0.95``: 95 % of tickets within the term),
        ``goal`` gives it and ``goal_met`` whether ``met_rate`` reaches it.
        """
        goals = {
            (lv.key, name): target.goal
            for lv in self.levels
            for name, target in lv.targets.items()
            if target.goal is not None
        }
        # amendments that change a goal: tickets counted under the terms they were reported under,
        # a ``terms`` column first (each row then has one goal)
        versions = getattr(self, "versions", ())
        if any(v.compliance_goals() != goals for v in versions):
            return cast("Table", _lazy.compliance_by_terms(cast(Any, self), frame, by))
        return cast("Table", _lazy.compliance(frame, by, goals=goals))

    def compliance_goals(self) -> dict[tuple[str, str], float]:
        """The goal of each (level, metric) that states one (`compliance`)."""
        return {
            (lv.key, name): target.goal
            for lv in self.levels
            for name, target in lv.targets.items()
            if target.goal is not None
        }
