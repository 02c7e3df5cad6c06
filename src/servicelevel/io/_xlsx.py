"""The monthly service report as an Excel workbook (xlsxwriter): a sheet per section.

Operations teams check reports in spreadsheets, so each figure is a typed cell, not text: money as
exact decimals with two places shown, durations as Excel durations ([h]:mm), met rates as
percentages, instants as the home zone's wall time (Excel has no zones; the header says which).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from typing import TYPE_CHECKING, Any

from servicelevel.errors import ServiceLevelError
from servicelevel.terms import minor_digits

if TYPE_CHECKING:
    from servicelevel.sla import Report

__all__ = ["report_xlsx"]

_HOURS = "[h]:mm:ss"
_PERCENT = "0.00%"
_SHARE = "0.000%"
_STAMP = "yyyy-mm-dd hh:mm"
_DAY = dt.timedelta(days=1)


def _wall(t: dt.datetime) -> dt.datetime:
    """The wall time as a plain naive datetime (a pendulum one would make Excel's arithmetic slow)."""
    return dt.datetime(t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond)


def _writer(ws: Any, kind: type, style: Any) -> Any:
    """The cell writer of a column whose values are all of one ``kind`` (no type test per cell)."""
    if issubclass(kind, str):
        return lambda r, c, v: ws.write_string(r, c, v, style)
    if issubclass(kind, dt.datetime):
        return lambda r, c, v: ws.write_datetime(r, c, _wall(v), style)
    if issubclass(kind, dt.timedelta):  # Excel durations are fractions of a day
        return lambda r, c, v: ws.write_number(r, c, v / _DAY, style)
    if issubclass(kind, bool):
        return lambda r, c, v: ws.write_boolean(r, c, v, style)
    return lambda r, c, v: ws.write_number(r, c, float(v), style)


def report_xlsx(report: Report) -> bytes:
    """``report`` as the bytes of an .xlsx workbook: Summary, Service levels, Updates (the update
    promise per level), Breaches, Availability, Terms."""
    try:
        import xlsxwriter
    except ImportError:
        raise ServiceLevelError(
            "to_xlsx: xlsxwriter is not installed; pip install 'servicelevel[report]'"
        ) from None
    # constant memory: each row is written out as it comes, not kept as cells (a month may hold
    # a hundred thousand breaches); the workbook goes to a temporary file, read back as bytes
    folder = tempfile.TemporaryDirectory(prefix="servicelevel-xlsx-")
    path = os.path.join(folder.name, "report.xlsx")
    book = xlsxwriter.Workbook(path, {"constant_memory": True, "tmpdir": folder.name})
    bold = book.add_format({"bold": True})
    digits = minor_digits(report.currency)  # money shown to the currency's minor unit (yen: none)
    money = "#,##0" + ("." + "0" * digits if digits else "")
    styles = {fmt: book.add_format({"num_format": fmt}) for fmt in (money, _HOURS, _PERCENT, _STAMP, _SHARE)}

    def put(ws: Any, r: int, c: int, value: Any, fmt: str | None = None) -> None:
        style = styles[fmt] if fmt else None
        if value is None:
            ws.write_blank(r, c, None, style)
        elif isinstance(value, bool | str):
            ws.write(r, c, value, style)
        elif isinstance(value, dt.datetime):
            ws.write_datetime(r, c, _wall(value), style)
        elif isinstance(value, dt.timedelta):  # Excel durations are fractions of a day
            ws.write_number(r, c, value / dt.timedelta(days=1), style)
        else:  # numbers; money as its exact text's number (16 digits hold any amount to the fen)
            ws.write_number(r, c, float(value), style)

    def sheet(title: str, header: list[str], rows: list[list[Any]], formats: dict[int, str]) -> None:
        ws = book.add_worksheet(title)
        for c, name in enumerate(header):
            ws.set_column(c, c, max(12, len(name) + 2))
            ws.write_string(0, c, name, bold)
        columns = [formats.get(c + 1) for c in range(len(header))]
        blank = [None if f is None else styles[f] for f in columns]
        # typed columns: one writer per column, by its first value (no type test per cell)
        first = [next((row[c] for row in rows if row[c] is not None), None) for c in range(len(header))]
        writers = [_writer(ws, type(v), blank[c]) for c, v in enumerate(first)]
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value is None:
                    ws.write_blank(r, c, None, blank[c])
                else:
                    writers[c](r, c, value)

    summary = book.add_worksheet("Summary")
    summary.set_column(0, 0, 28)
    summary.set_column(1, 1, 30)
    zone = str(report.at.timezone_name)
    lines: list[tuple[str, Any, str | None]] = [
        ("contract", report.contract, None),
        ("customer", report.customer, None),
        ("vendor", report.vendor, None),
        ("month", report.month.strftime("%Y-%m"), None),
        (f"judged at ({zone})", report.at, _STAMP),
        ("tickets reported", report.tickets, None),
        ("currency", report.currency or "", None),
        ("penalties before the cap", report.penalties_raw, money),
        ("monthly cap", report.penalties_cap, money),
        ("penalties payable", report.penalties_payable, money),
        ("cut by the cap", report.penalties_cut, money),
        ("service credits", report.credits, money),
    ]
    for r, (name, value, fmt) in enumerate(lines):
        summary.write_string(r, 0, name, bold)
        put(summary, r, 1, value, fmt)
    sheet(
        "Service levels",
        ["level", "metric", "due", "met", "breached", "open", "met rate", "goal", "goal met"],
        [
            [
                x.level,
                x.metric,
                x.due,
                x.met,
                x.breached,
                x.open,
                x.met_rate,
                x.goal,
                None if x.goal_met is None else ("met" if x.goal_met else "missed"),
            ]
            for x in report.levels
        ],
        {7: _PERCENT, 8: _PERCENT},
    )
    sheet(
        "Updates",
        ["level", "every", "calendar", "tickets", "met", "breached", "open", "updates missed",
         "longest silence (business time)"],
        [[u.level, u.every, u.calendar, u.tickets, u.met, u.breached, u.open, u.missed, u.longest]
         for u in report.updates],
        {2: _HOURS, 9: _HOURS},
    )  # fmt: skip
    sheet(
        "Breaches",
        ["ticket", "level", "metric", f"due ({zone})", "late (business time)", "penalty"],
        [[b.ticket, b.level, b.metric, b.due, b.late, b.penalty] for b in report.breaches],
        {4: _STAMP, 5: _HOURS, 6: money},
    )
    sheet(
        "Availability",
        [
            "service",
            "scheduled",
            "down",
            "availability",
            "target",
            "met",
            "credit",
            "credit amount",
            "outages",
        ],
        [
            [
                s.service,
                s.scheduled,
                s.down,
                s.availability,
                s.target,
                "met" if s.met else "missed",
                s.credit,
                s.credit_amount,
                s.outages,
            ]
            for s in report.services
        ],
        {2: _HOURS, 3: _HOURS, 4: _SHARE, 5: _SHARE, 7: _PERCENT, 8: money},
    )
    sheet("Terms", ["", ""], [[k, v] for k, v in report.terms], {})
    book.close()
    with folder, open(path, "rb") as f:
        return f.read()
