"""A contract's promises as values: targets per metric, fault levels, escalation, the contract.

Model only: no files, no presentation. `servicelevel.io` reads and writes
contracts as TOML; the deadline arithmetic lives in `_deadline`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, Unpack, cast

import pendulum
from attrs import evolve, field, frozen

from servicelevel import _lazy
from servicelevel._notebook import Notebook
from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import (
    ContractError,
    InvalidInstantError,
    OutOfTermError,
    UnknownLevelError,
    UnknownRegionError,
    show,
)
from servicelevel.sla._amendments import Amendable, Amendment, to_amendments, versions_of
from servicelevel.sla._availability import AvailabilityTarget
from servicelevel.sla._deadline import Deadline, deadline
from servicelevel.sla._levels import (
    Escalation,
    FaultLevel,
    Instant,
    check_contract,
    check_key,
    check_one,
    check_region,
    check_text,
    to_calendars,
    to_escalation,
    to_levels,
    to_metrics,
    to_region_names,
    to_tuple,
    to_valid_from,
    to_valid_until,
)
from servicelevel.sla._metrics import Metric
from servicelevel.sla._penalties import PenaltyTerms
from servicelevel.sla._services import Services, to_services
from servicelevel.sla._warnings import WarningPoint, to_warnings
from servicelevel.sla._workflow import ReplayOptions, Workflow
from servicelevel.terms import format_term

# Imported, not only named for the type checker: the fields' annotations must resolve at run time
# (`typing.get_type_hints`, `attrs.resolve_types`, cattrs). The warranty imports nothing of sla.
from servicelevel.warranty import ChargeBand, ChargeCap, Schedule, Warranty

if TYPE_CHECKING:
    from decimal import Decimal

    import pandas as pd
    import polars as pl

    # A table of tickets comes back in the library it came in.
    Table = TypeVar("Table", pd.DataFrame, pl.DataFrame)

__all__ = ["Contract"]


@frozen(kw_only=True)
class Contract(Services, Amendable, Notebook):
    """A service contract: calendars, fault levels with their targets, escalation, and its term.

    Examples:
        >>> from servicelevel import BusinessCalendar, FaultLevel, Target
        >>> hotline = BusinessCalendar.preset("7x24", tz="Asia/Shanghai")
        >>> support = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        >>> c = Contract(
        ...     id="demo",
        ...     calendars={"hotline": hotline, "support": support},
        ...     levels=[FaultLevel(key="P1", rank=1, targets={
        ...         "response": Target(within="30分钟", calendar="hotline"),
        ...         "resolution": Target(within="1个工作日", calendar="support")})])
        >>> d = c.deadlines("P1", reported_at="2026-02-13T16:30+08:00")
        >>> d["response"].due
        DateTime(2026, 2, 13, 17, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
        >>> d["resolution"].due   # Sat 14 Feb is a make-up working day
        DateTime(2026, 2, 14, 17, 0, 0, tzinfo=Timezone('Asia/Shanghai'))
    """

    id: str = field(validator=check_key)
    customer: str = field(default="", validator=check_text)
    vendor: str = field(default="", validator=check_text)
    valid_from: dt.date | None = field(default=None, converter=to_valid_from)
    valid_until: dt.date | None = field(default=None, converter=to_valid_until)
    warnings: tuple[WarningPoint, ...] = field(default=(), converter=to_warnings)
    calendars: Mapping[str, BusinessCalendar] = field(converter=to_calendars)
    levels: tuple[FaultLevel, ...] = field(converter=to_levels)
    metrics: Mapping[str, Metric] = field(default=None, converter=to_metrics)
    escalation: tuple[Escalation, ...] = field(default=(), converter=to_escalation)
    reclassify: Literal["original", "restart"] = "original"
    reopen: Literal["resume", "restart"] = "resume"
    reopen_closed: bool = False
    regions: tuple[str, ...] = field(default=(), converter=to_region_names)
    warranty: Warranty | None = None
    charges: tuple[ChargeBand, ...] = field(default=(), converter=to_tuple)
    schedules: tuple[Schedule, ...] = field(default=(), converter=to_tuple)
    workflow: Workflow | None = None
    availability_targets: Mapping[str, AvailabilityTarget] = field(default=None, converter=to_services)
    penalty_terms: PenaltyTerms | None = None
    amendments: tuple[Amendment, ...] = field(default=(), converter=to_amendments)
    in_force: Amendment | None = field(default=None, eq=False, repr=False)  # set by `at`: whose terms
    _versions: tuple[tuple[int, Contract], ...] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        check_contract(self)
        object.__setattr__(self, "_versions", versions_of(self))  # checks the amendments

    def __repr__(self) -> str:
        parts = [f"id={self.id!r}"]
        if self.valid_from or self.valid_until:
            parts.append(f"valid={self.valid_from or '…'}..{self.valid_until or '…'}")
        parts.append(f"calendars={[n for n, _ in self.calendars.items()]!r}")
        parts.append(f"levels={[lv.key for lv in self.levels]!r}")
        if self.escalation:
            parts.append(f"escalation=<{len(self.escalation)} steps>")
        if self.warranty is not None:
            parts.append(f"warranty={format_term(self.warranty.term)} from {self.warranty.starts}")
        if self.schedules:
            parts.append(f"schedules={[s.name for s in self.schedules]!r}")
        if self.workflow is not None:
            parts.append(f"workflow=<{len(self.workflow.statuses)} statuses>")
        if self.amendments:
            parts.append(f"amendments={[a.from_.isoformat() for a in self.amendments]!r}")
        return f"Contract({', '.join(parts)})"

    # ------------------------------------------------------------------ lookups
    def calendar(self, name: str) -> BusinessCalendar:
        check_one(name, "calendar", "calendar name")
        for key, cal in self.calendars.items():
            if key == name:
                return cal
        raise ContractError(
            f"calendar: unknown calendar {show(name)}; "
            f"the contract defines {', '.join(k for k, _ in self.calendars.items())}"
        )

    def level(self, key: str) -> FaultLevel:
        """The fault level ``key`` (`UnknownLevelError` names the known ones)."""
        check_one(key, "level", "level key such as 'P1'", UnknownLevelError)
        for level in self.levels:
            if level.key == key:
                return level
        if not isinstance(key, str):
            raise UnknownLevelError(f"level: expected a level key such as 'P1', got {show(key)}")
        raise UnknownLevelError(
            f"level: unknown level {show(key)}; "
            f"the contract defines {', '.join(lv.key for lv in self.levels)}"
        )

    @property
    def known_regions(self) -> tuple[str, ...]:
        """Every region the contract names: its targets' regions and ``[contract] regions``, sorted."""
        names = set(self.regions)
        for lv in self.levels:
            for _, target in lv.targets.items():
                names.update(r for r, _ in target.regions)
        return tuple(sorted(names))

    def check_region(self, region: object) -> str | None:
        """``region`` if the contract names it (None stays None); else `UnknownRegionError` with a
        did-you-mean: a misspelt region must not fall back to the default target silently."""
        check_region(region)
        if region is None:
            return None
        assert isinstance(region, str)
        known = self.known_regions
        if region not in known:
            import difflib

            close = difflib.get_close_matches(region, known, n=1, cutoff=0.5)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            listed = ", ".join(known) if known else "none (list them under [contract] regions = [...])"
            raise UnknownRegionError(
                f"region: unknown region {show(region)}{hint}; the contract names {listed}"
            )
        return region

    def metric(self, name: str) -> Metric:
        """The metric ``name`` (`ContractError` naming the known ones)."""
        check_one(name, "metric", "metric name")
        found = self.metrics.get(name) if isinstance(name, str) else None
        if found is not None:
            return found
        known = ", ".join(sorted(k for k, _ in self.metrics.items()))
        raise ContractError(f"metric: unknown metric {show(name)}; the contract knows {known}")

    @property
    def home_calendar(self) -> BusinessCalendar:
        """The contract's first calendar: its zone reads instants written without an offset, and
        tables and explanations show instants in it.

        Examples:
            >>> from servicelevel import load_contract
            >>> load_contract("examples/contract.toml").home_calendar.tz
            'Asia/Shanghai'
        """
        return next(iter(self.calendars.values()))

    def instant(self, t: Instant) -> pendulum.DateTime:
        """``t`` read as the contract's first calendar reads it (ISO strings without offset: local time).

        One instant: a column (pandas, numpy, polars) raises `InvalidInstantError` pointing to
        `evaluate` and the calendars' column methods.
        """
        check_one(t, "instant", "instant", InvalidInstantError)
        return self.home_calendar.instant(t)

    def check_term(self, reported_at: pendulum.DateTime, *, out_of_term: bool = False) -> bool:
        """Whether ``reported_at`` lies outside the contract's term; raises unless ``out_of_term``."""
        day = reported_at.date()
        outside = (self.valid_from is not None and day < self.valid_from) or (
            self.valid_until is not None and day > self.valid_until
        )
        if outside and not out_of_term:
            raise OutOfTermError(
                f"reported_at: {reported_at.isoformat()} is outside the contract's term "
                f"({self.valid_from or '…'} to {self.valid_until or '…'}); "
                "pass out_of_term=True to compute anyway"
            )
        return outside

    # ------------------------------------------------------------------ deadlines
    def deadlines(
        self, level: str, *, reported_at: Instant, region: str | None = None, out_of_term: bool = False
    ) -> dict[str, Deadline]:
        """When each promise of ``level`` falls due for a fault reported at ``reported_at``.

        Only the metrics the level has; a metric whose start event is not the
        report (the written report after recovery) has ``due`` None.
        """
        self.level(level)
        self.check_region(region)
        check_one(reported_at, "reported_at", "instant", InvalidInstantError)
        start = self.instant(reported_at)
        outside = self.check_term(start, out_of_term=out_of_term)
        c = self.at(start)  # the terms in force at the report (`amendments`)
        lv = c.level(level)
        out: dict[str, Deadline] = {}
        for metric, target in lv.targets.items():
            m = self.metric(metric)
            out[metric] = deadline(
                metric=m,
                target=target.for_region(region),
                calendar=c.calendar(target.calendar_for(region)),
                start=start if m.starts[0] == "reported" else None,
                region=region,
                level=lv.key,
                paused=(),
                out_of_term=outside,
                terms=c.in_force,
            )
        return out

    # ------------------------------------------------------------------ warranty
    def with_event(self, name: str, day: dt.date | str) -> Contract:
        """The same contract with the date of an event (acceptance, delivery, sale) its warranty and
        schedules may start at."""
        if self.warranty is None and not self.schedules:
            raise ContractError("with_event: the contract has no warranty and no schedules")
        return evolve(
            self,
            warranty=None if self.warranty is None else self.warranty.with_event(name, day),
            schedules=tuple(s.with_event(name, day) for s in self.schedules),
        )

    def schedule(self, name: str) -> Schedule:
        """The service schedule ``name`` (e.g. ``"inspection"``)."""
        check_one(name, "schedule", "schedule name")
        for s in self.schedules:
            if s.name == name:
                return s
        known = ", ".join(s.name for s in self.schedules) or "none"
        raise ContractError(f"schedule: unknown schedule {show(name)}; the contract defines {known}")

    def charge_cap(self, on: dt.date | str, total: Decimal | int | str) -> ChargeCap | None:
        """The most that may be charged for a repair on ``on`` (see `servicelevel.warranty`)."""
        if self.warranty is None:
            raise ContractError("charge_cap: the contract has no warranty")
        from servicelevel.warranty import charge_cap

        return charge_cap(self.warranty, self.charges, on, total)

    # ------------------------------------------------------------------ tables of tickets
    def evaluate(
        self,
        tickets: Table,
        *,
        at: Instant | None = None,
        pauses: Any = None,
        reclassifications: Any = None,
        out_of_term: bool = False,
        keep: Iterable[str] | None = None,
        ticket: str | None = None,
        updates: Any = None,
    ) -> Table:
        """Every promise of every ticket in a table: ``<metric>_due``, ``_state`` and ``_margin`` columns.

        ``tickets`` is a pandas or polars DataFrame with columns ``level``,
        ``reported_at``, optionally ``region``, and an ``<event>_at`` column per
        event that happened (``responded_at``, ``arrived_at``, ``restored_at``,
        ``resolved_at``, ``reported_back_at``…; empty while it has not). Instant
        columns are tz-aware datetimes or ISO text (text without an offset is
        read in the zone of the contract's first calendar). ``pauses`` is a long
        table (``ticket``: the ticket's index label — its row position in a
        table without an index (polars), or its value in the column named by
        ``ticket=`` — ``start``, ``end``: empty
        while open; an open pause of a resolved ticket ends at its resolution);
        ``reclassifications`` another (``ticket``, ``at``, ``level``: the new
        level), read by the contract's ``reclassify`` rule. ``at`` is the
        instant open tickets are judged at, as `Incident.status` judges one
        incident; it is needed when any metric has not stopped yet (nothing
        here reads the clock). An empty event instant means the event has not
        happened. A column that looks like a misspelt event column
        (``resloved_at``) is an error.

        The result is the table's level, region and instant columns (and the
        columns named in ``keep``) with, per metric the contract names: ``_due``
        (in the first calendar's zone), ``_state`` (met, breached, running,
        paused, pending, not_applicable), ``_margin`` (business time to
        spare at the stop, or at ``at``; negative when breached), ``_elapsed``
        and ``_paused`` (business time counted, and stood still, so far) and
        ``_used`` (elapsed / budget; above 1 when over) and ``_overdue`` (the
        wall-clock time from the due to the stop, zero when met), as
        `MetricStatus` has them; where a level's target carries a ``penalty``,
        ``_penalty`` (a decimal column: what the breach costs, 0 when kept,
        empty for levels without one; `Incident.penalties`). Bad rows (unknown levels, unreadable instants,
        events before the report) are reported together in one
        `InvalidRowsError` naming each row. Needs pandas (``servicelevel[columns]``).

        Args:
            tickets: A pandas or polars DataFrame, one row per ticket.
            at: The instant open tickets are judged at (needed while any clock runs).
            pauses: A long table of pauses (``ticket``, ``start``, ``end``).
            reclassifications: A long table of level changes (``ticket``, ``at``, ``level``).
            out_of_term: Judge tickets reported outside the contract's term instead of refusing them.
            keep: Further columns of ``tickets`` to pass through to the result.
            ticket: The column naming each ticket (the result's index; kept as a column for polars).
            updates: A long table of updates given (``ticket``, ``at``), where a level promises
                them: ``update_due``, ``_state``, ``_missed``, ``_longest`` as `Incident.updates`.

        Returns:
            A DataFrame of the same library as ``tickets``, indexed like it, with the columns
            above (the figures of `make bench`: 1M tickets in about 3 s, ``benchmarks/run.py``).

        Raises:
            InvalidRowsError: bad rows, every one named (a `TableError`).
            UnknownLevelError, UnknownRegionError: a level or region the contract does not define.
            InvalidTableError: ``tickets`` is not a DataFrame, a column is missing or misspelt, open
                tickets need ``at``.
            ImportError: pandas is not installed.

        Examples:
            >>> import pandas as pd
            >>> from servicelevel import BusinessCalendar, Contract, FaultLevel, Target
            >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
            >>> c = Contract(id="demo", calendars={"support": cal}, levels=[FaultLevel(key="P2", targets={
            ...     "resolution": Target(within="4h", calendar="support")})])
            >>> tickets = pd.DataFrame({"level": ["P2", "P2"],
            ...     "reported_at": ["2026-02-13T15:00", "2026-03-02T09:00"],
            ...     "resolved_at": ["2026-02-14T11:30", None]})
            >>> frame = c.evaluate(tickets, at="2026-03-02T12:00")
            >>> frame[["resolution_due", "resolution_state", "resolution_margin"]]
                         resolution_due resolution_state resolution_margin
            0 2026-02-14 11:00:00+08:00         breached -1 days +23:30:00
            1 2026-03-02 13:00:00+08:00          running   0 days 01:00:00
        """
        kept = None if keep is None else list(keep) if not isinstance(keep, str) else keep
        out = _lazy.evaluate(
            self, tickets, at=at, pauses=pauses, reclassifications=reclassifications,
            out_of_term=out_of_term, keep=kept, ticket=ticket, updates=updates,
        )  # fmt: skip
        return cast("Table", out)

    def replay(self, log: Table, **options: Unpack[ReplayOptions]) -> Table:
        """A ticket system's audit log replayed: one row per ticket with `evaluate`'s columns.

        ``log`` is a pandas or polars DataFrame, one row per update: the ticket
        (column ``ticket``), the time of the update (``time``), the status and
        level after it (``status``, ``level``), read through the contract's
        ``[workflow]`` table. Rows are taken in (``time``, ``order``) order per
        ticket; ``reported`` names a column with the report instant (else the
        first row's time), ``region`` one with the region. The result, indexed
        by ticket, has ``level`` (final), ``reopened``, ``cycles``, ``paused``
        (business time paused, on the calendar of the final level's resolution
        target) and ``<metric>_due``/``_state``/``_margin`` as `evaluate` gives
        them; a ticket that reopens or changes level is folded by `Incident`,
        so each row equals ``Incident.from_log(contract, rows).status(at)``.
        Time columns are aware datetimes, ISO text, or text in
        ``time_format`` (a strptime pattern, read in the first calendar's zone).
        Every bad row is reported in one `InvalidRowsError` (``.entries``:
        ticket, row, message). Needs pandas.

        Args:
            log: A pandas or polars DataFrame, one row per update of a ticket.
            **options: The keywords of `servicelevel.sla.ReplayOptions`, below.

        Keyword Args:
            ticket (str): The column holding the ticket.
            time (str): The column holding the update's time.
            status (str): The column holding the status after the update.
            level (str): The column holding the level (priority) after the update.
            order (str | None): A column ordering a ticket's updates of one instant (a counter).
            reported (str | None): A column with each ticket's report instant (else its first
                row's time).
            region (str | None): A column with each ticket's region.
            at (Instant | None): The instant tickets still open are judged at.
            time_format (str | None): A strptime pattern for time text that is not ISO 8601.
            out_of_term (bool): Judge tickets reported outside the contract's term instead of
                refusing them.

        Returns:
            One row per ticket (indexed by ticket), in the library of ``log``: ``level``,
            ``reopened``, ``cycles``, ``paused`` and `evaluate`'s columns per metric (141k rows of a
            real log in about 0.15 s, ``benchmarks/run.py``).

        Raises:
            InvalidRowsError: bad rows (unknown statuses or levels, unreadable times), every one
                named with its ticket in ``.entries``.
            HorizonExceededError: a ticket's clocks would run past the horizon.
            ImportError: pandas is not installed.
        """
        return cast("Table", _lazy.replay(self, log, **options))

    def to_toml(self) -> str:
        """The contract as a TOML file (see `servicelevel.io`)."""
        return _lazy.contract_to_toml(self)

    @classmethod
    def from_toml(
        cls,
        text: str,
        base_dir: str | os.PathLike[str] | None = None,
        *,
        files: Mapping[str, str] | None = None,
    ) -> Contract:
        """Read a contract from TOML text (see `servicelevel.io`); shared files: ``files``, ``base_dir``."""
        return _lazy.contract_from_toml(text, base_dir, files=files)
