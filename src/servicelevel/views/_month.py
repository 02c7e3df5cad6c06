"""A calendar month at a glance: HTML grid for notebooks, rich grid for terminals, plain text."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from servicelevel._notebook import Notebook
from servicelevel.calendar import BusinessCalendar, DayInfo
from servicelevel.errors import InvalidOptionError
from servicelevel.views._html import esc, fragment, table

if TYPE_CHECKING:
    from rich.table import Table

__all__ = ["MonthView", "calendar_html", "month_html"]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MARK = {
    "weekly": ("", "sl-open"),
    "holiday": ("holiday", "sl-holiday"),
    "make-up": ("make-up working day 调休", "sl-makeup"),
    "closed": ("closed", "sl-closed"),
    "special": ("special hours", "sl-special"),
}
_RICH_STYLE = {"holiday": "red", "make-up": "blue", "closed": "dim", "special": "yellow"}


def _check_month(_inst: Any, _attr: Any, value: int) -> None:
    """attrs validator: a month is 1 to 12 (an InvalidOptionError naming the field)."""
    if type(value) is not int or not 1 <= value <= 12:
        raise InvalidOptionError(f"month: expected 1 to 12, got {value!r}")


def _check_year(_inst: Any, _attr: Any, value: int) -> None:
    """attrs validator: a year the calendars can hold (an InvalidOptionError naming the field)."""
    if type(value) is not int or not 4 <= value <= 9995:
        raise InvalidOptionError(f"year: expected a year such as 2026, got {value!r}")


def _label(info: DayInfo) -> str:
    """What a day says besides its hours: the holiday named, a make-up day, a closure, or nothing."""
    if info.reason == "holiday":
        return f"holiday: {info.holiday}"
    text = _MARK[info.reason][0]
    if info.reason == "weekly" and not info.hours.spans:
        text = "closed (weekly)" if info.working_day else "rest day"
    if info.supplied:
        text = f"{text} (supplied)".strip()
    return text


@frozen
class MonthView(Notebook):
    """One month of a calendar, day by day: hours, holidays named, make-up days and closures marked.

    Shows as an HTML grid in a notebook, a grid in a rich terminal, and as plain
    text with ``str``.

    Examples:
        >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        >>> view = cal.month(2026, 2)
        >>> [d.reason for d in view.days()][12:17]   # Fri 13, make-up Sat 14, Sun 15, festival from 16
        ['weekly', 'make-up', 'weekly', 'holiday', 'holiday']
    """

    calendar: BusinessCalendar
    year: int = field(validator=_check_year)
    month: int = field(validator=_check_month)

    def days(self) -> list[DayInfo]:
        """The month's days, each with its hours and why (see `BusinessCalendar.days`)."""
        first = dt.date(self.year, self.month, 1)
        last = _cal.monthrange(self.year, self.month)[1]
        return list(self.calendar.days(first, first + dt.timedelta(days=last)))

    def _weeks(self) -> list[list[DayInfo | None]]:
        """The days in rows Monday to Sunday, padded with None before the 1st and after the last."""
        infos = self.days()
        lead = infos[0].date.weekday()
        cells: list[DayInfo | None] = [None] * lead + list(infos)
        cells += [None] * (-len(cells) % 7)
        return [cells[i : i + 7] for i in range(0, len(cells), 7)]

    @property
    def title(self) -> str:
        """The month and the calendar as written: the grid's caption."""
        return f"{dt.date(self.year, self.month, 1):%B %Y} · {self.calendar!r}"

    def __rich__(self) -> Table:
        """The month as a rich grid, for terminals."""
        from rich import box
        from rich.table import Table
        from rich.text import Text

        grid = Table(title=self.title, box=box.SQUARE, show_lines=True, title_justify="left")
        for name in _WEEKDAYS:
            grid.add_column(name, min_width=11)
        for week in self._weeks():
            cells: list[Text] = []
            for info in week:
                if info is None:
                    cells.append(Text(""))
                    continue
                text = Text(f"{info.date.day}\n", style="bold")
                text.append(str(info.hours) or "closed")
                mark = _label(info)
                if mark:
                    text.append(f"\n{mark}", style=_RICH_STYLE.get(info.reason, "dim"))
                cells.append(text)
            grid.add_row(*cells)
        return grid

    def __str__(self) -> str:
        """The month as plain text: a line per day with its hours and mark."""
        lines = [self.title]
        for week in self._weeks():
            for info in week:
                if info is None:
                    continue
                mark = _label(info)
                lines.append(f"{info.date:%a %d}  {str(info.hours) or 'closed':<24}{mark}".rstrip())
        return "\n".join(lines)


def month_html(view: MonthView) -> str:
    """The month as a grid of days (hours, and why a day is marked), with a legend."""
    rows = []
    classes = []
    for week in view._weeks():
        cells = []
        for info in week:
            if info is None:
                cells.append("")
                continue
            hours = str(info.hours) or "closed"
            mark = _label(info)
            cls = _MARK[info.reason][1] if info.hours.spans or info.reason != "weekly" else "sl-closed"
            cells.append(
                f"<div class='sl-day {cls}'><span class='sl-num'>{info.date.day}</span><br/>"
                f"{esc(hours)}<br/><span class='sl-muted'>{esc(mark)}</span></div>"
            )
        rows.append(cells)
        classes.append("")
    # a grid as wide as the page allows (seven equal columns, names wrapped), not wider: at 1280 px
    # the docs' text column is 688 px, and a grid sized by its longest holiday name was 850
    grid = table(view.title, _WEEKDAYS, rows, classes, css="sl-month")
    legend = (
        "<div class='sl-muted'>Legend: "
        "<span class='sl-open'>open (its hours)</span> · <span class='sl-closed'>closed</span> · "
        "<span class='sl-holiday'>holiday (named)</span> · "
        "<span class='sl-makeup'>make-up working day 调休</span> · "
        "<span class='sl-special'>special hours</span></div>"
    )
    return fragment(grid, legend, label=view.title)


def calendar_html(cal: BusinessCalendar) -> str:
    """A calendar's summary: zone, country, weekly hours, overrides counted, coverage changes."""
    rows = [
        ["written as", f"<code>{esc(repr(cal))}</code>"],
        ["time zone", esc(cal.tz)],
        ["country", esc(cal.country or "— (Mon-Fri are working days)")],
    ]
    for i, name in enumerate(_WEEKDAYS):
        rows.append([f"hours on {name}", esc(str(cal.week[i]) or "closed")])
    counts = {
        "closed days": len(cal.closed),
        "special hours": len(cal.special_hours),
        "holidays supplied": len(cal.extra_holidays),
        "working days supplied": len(cal.extra_workdays),
    }
    for what, n in counts.items():
        if n:
            rows.append([what, str(n)])
    for day, other in cal.changes:
        rows.append([f"from {day.isoformat()}", f"<code>{esc(repr(other))}</code>"])
    if not cal.observe_holidays:
        rows.append(["holidays", "not observed (coverage ignores them)"])
    hint = "<div class='sl-muted'>See a month with <code>cal.month(year, month)</code>.</div>"
    return fragment(table("BusinessCalendar", ["", ""], rows), hint, label="business calendar")
