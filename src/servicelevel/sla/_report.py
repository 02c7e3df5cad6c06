"""The monthly service report: what the vendor hands in and the customer checks, as one value.

`Contract.report` builds it from the month's tables (``servicelevel.frames``): met rates per
level and metric against the goals, the breaches with their lateness and penalty, availability per
service with its credit, the month's payable penalties and credits, and the contract terms it
applied. A `Report` is plain data — numbers exact (`Decimal` money, µs-exact durations) — with a
notebook view, `to_html` and `to_xlsx` (xlsxwriter) for the people who live in spreadsheets, and
`to_dict` for JSON.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
from attrs import asdict, frozen

from servicelevel import _lazy
from servicelevel._notebook import Notebook
from servicelevel.sla._availability import Availability

__all__ = ["BreachLine", "LevelLine", "Report", "ServiceLine", "UpdateLine"]


@frozen
class LevelLine:
    """One level and metric: promises due in the month, ``met``, ``breached``, still ``open``, the
    ``met_rate`` (met / (met + breached); None when none closed) and the contract's ``goal``."""

    level: str
    metric: str
    due: int
    met: int
    breached: int
    open: int
    met_rate: float | None
    goal: float | None
    goal_met: bool | None


@frozen
class BreachLine:
    """A promise broken in the month: the ticket, its level and metric, the due, the business time
    ``late`` past it, and the ``penalty`` it costs (None where the contract puts none on it)."""

    ticket: str
    level: str
    metric: str
    due: pendulum.DateTime
    late: dt.timedelta
    penalty: Decimal | None


@frozen(kw_only=True)
class UpdateLine:
    """A level's update promise ("每2小时向用户通报一次进展") in the month: an update owed ``every``
    so much business time on ``calendar``, judged over the ``tickets`` whose update clock stopped
    in the month (``met``: none missed; ``breached``) or still runs at the report's instant
    (``open``; one that already missed an update counts as breached), as `compliance` counts the
    ``update`` promise; ``missed``: the updates those tickets missed; ``longest``: their longest
    silence in business time."""

    level: str
    every: dt.timedelta
    calendar: str
    tickets: int
    met: int
    breached: int
    open: int
    missed: int
    longest: dt.timedelta


@frozen(kw_only=True)
class ServiceLine(Availability):
    """A service's availability in the month (`Availability` from the month's start to its end
    or ``at``, as `Contract.availability` gives it), named by its ``service`` key."""

    service: str


@frozen(kw_only=True)
class Report(Notebook):
    """A month of service under a contract, judged at ``at``.

    ``tickets``: how many were reported in the month (by ``at``); ``levels``: the promises whose
    due fell in the month, per level and metric (``due`` = ``met`` + ``breached`` + ``open``);
    ``breaches``: those broken, each with its penalty if the contract puts one on it;
    ``updates``: per level that promises updates to the customer, how that promise was kept
    (`UpdateLine`: it has no one due, so its tickets are counted in the month their update clock
    stopped in, or, while it runs, in the month the report is judged in);
    ``services``: availability per service; ``penalties_raw``, ``penalties_cap``,
    ``penalties_payable``, ``penalties_cut``: the month's penalties before the cap, the cap, what
    is payable and what the cap cut; ``credits``: the service credits owed back, in the
    contract's currency; ``terms``: the contract and the calendars it applied.
    """

    contract: str
    customer: str
    vendor: str
    month: dt.date
    at: pendulum.DateTime
    currency: str | None
    tickets: int
    levels: tuple[LevelLine, ...]
    breaches: tuple[BreachLine, ...]
    services: tuple[ServiceLine, ...]
    penalties_raw: Decimal
    penalties_cap: Decimal | None
    penalties_payable: Decimal
    penalties_cut: Decimal
    credits: Decimal
    terms: tuple[tuple[str, str], ...]
    updates: tuple[UpdateLine, ...] = ()

    def __repr__(self) -> str:
        return (
            f"Report(contract={self.contract!r}, month={self.month:%Y-%m}, tickets={self.tickets}, "
            f"breaches={len(self.breaches)}, penalties_payable={self.penalties_payable}, "
            f"credits={self.credits})"
        )

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data: instants and dates as ISO text, durations in seconds,
        money as text (exact)."""

        def plain(value: Any) -> Any:
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            if isinstance(value, dt.date):  # dates and datetimes
                return value.isoformat()
            if isinstance(value, dt.timedelta):
                return value.total_seconds()
            if isinstance(value, Decimal):
                return str(value)
            return value

        data: dict[str, Any] = plain(asdict(self, recurse=True))
        data["terms"] = dict(self.terms)
        return data

    def to_html(self, path: str | os.PathLike[str]) -> None:
        """Write the report as a self-contained HTML page (no scripts, no remote files)."""
        Path(path).write_text(_lazy.report_page(self), encoding="utf-8")

    def to_xlsx(self, path: str | os.PathLike[str]) -> None:
        """Write the report as an Excel workbook, a sheet per section (needs xlsxwriter: the report extra)."""
        Path(path).write_bytes(_lazy.report_xlsx(self))
