"""The monthly service report as an Excel workbook (openpyxl): a sheet per section.

Operations teams check reports in spreadsheets, so each figure is a typed cell, not text: money as
exact decimals with two places shown, durations as Excel durations ([h]:mm), met rates as
percentages, instants as the home zone's wall time (Excel has no zones; the header says which).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from servicelevel.errors import ServiceLevelError

if TYPE_CHECKING:
    from servicelevel.sla import Report

__all__ = ["report_xlsx"]

_MONEY = "#,##0.00"
_HOURS = "[h]:mm:ss"
_PERCENT = "0.00%"


def _wall(t: dt.datetime) -> dt.datetime:
    return t.replace(tzinfo=None)


def report_xlsx(report: Report) -> bytes:
    """``report`` as the bytes of an .xlsx workbook: Summary, Service levels, Breaches, Availability,
    Terms."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError:
        raise ServiceLevelError(
            "to_xlsx: openpyxl is not installed; pip install 'servicelevel[report]'"
        ) from None
    book = Workbook()
    bold = Font(bold=True)

    def sheet(title: str, header: list[str], rows: list[list[Any]], formats: dict[int, str]) -> None:
        ws = book.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append(row)
            for col, fmt in formats.items():
                ws.cell(row=ws.max_row, column=col).number_format = fmt
        for i, name in enumerate(header, start=1):
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(12, len(name) + 2)

    summary = book.active
    assert summary is not None
    summary.title = "Summary"
    zone = str(report.at.timezone_name)
    lines: list[tuple[str, Any, str | None]] = [
        ("contract", report.contract, None),
        ("customer", report.customer, None),
        ("vendor", report.vendor, None),
        ("month", report.month.strftime("%Y-%m"), None),
        (f"judged at ({zone})", _wall(report.at), "yyyy-mm-dd hh:mm"),
        ("tickets reported", report.tickets, None),
        ("currency", report.currency or "", None),
        ("penalties before the cap", report.penalties_raw, _MONEY),
        ("monthly cap", report.penalties_cap, _MONEY),
        ("penalties payable", report.penalties_payable, _MONEY),
        ("cut by the cap", report.penalties_cut, _MONEY),
        ("service credits", report.credits, _MONEY),
    ]
    for name, value, fmt in lines:
        summary.append([name, value])
        summary.cell(row=summary.max_row, column=1).font = bold
        if fmt:
            summary.cell(row=summary.max_row, column=2).number_format = fmt
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 30
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
        "Breaches",
        ["ticket", "level", "metric", f"due ({zone})", "late (business time)", "penalty"],
        [[b.ticket, b.level, b.metric, _wall(b.due), b.late, b.penalty] for b in report.breaches],
        {4: "yyyy-mm-dd hh:mm", 5: _HOURS, 6: _MONEY},
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
        {2: _HOURS, 3: _HOURS, 4: "0.000%", 5: "0.000%", 7: _PERCENT, 8: _MONEY},
    )
    sheet("Terms", ["", ""], [[k, v] for k, v in report.terms], {})
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
