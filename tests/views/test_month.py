"""A calendar's month: the grid in a notebook, the lines of ``str``, a value."""

from __future__ import annotations

import pytest

from servicelevel import InvalidOptionError
from servicelevel.views import MonthView
from tests.views.drawing import CN, read_xml


def test_month_grid_places_and_labels_the_days() -> None:
    """February 2026 on 5×8 in China: days under their weekdays, make-up day and festival named, a legend."""
    root = read_xml(CN.month(2026, 2)._repr_html_())
    header = [th.text for th in root.iter("th")]
    assert header == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    rows = root.find("table/tbody").findall("tr")
    first_week = ["".join(td.itertext()) for td in rows[0].findall("td")]
    assert first_week[:6] == [""] * 6  # 1 Feb 2026 is a Sunday
    assert first_week[6].startswith("1")
    cells = {
        int(td.find("div/span").text): "".join(td.itertext())
        for tr in rows
        for td in tr.findall("td")
        if td.find("div") is not None
    }
    assert sorted(cells) == list(range(1, 29))
    assert "make-up working day 调休" in cells[14]  # 调休: Sat 14 Feb works
    assert "09:00-17:00" in cells[14]
    assert "holiday: Chinese New Year (Spring Festival)" in cells[17]
    assert "closed" in cells[17]
    legend = "".join(root.itertext())
    assert "Legend" in legend


def test_month_view_checks_its_month_and_prints() -> None:
    """A month outside 1 to 12 is refused naming the field; `str` prints a line per day."""
    with pytest.raises(InvalidOptionError, match="month: expected 1 to 12"):
        CN.month(2026, 13)
    text = str(CN.month(2026, 2))
    assert "Sat 14  09:00-17:00             make-up working day 调休" in text


def test_month_view_is_a_value() -> None:
    """`cal.month(y, m)` equals a MonthView built directly: a value, not a drawing."""
    assert CN.month(2026, 2) == MonthView(CN, 2026, 2)
