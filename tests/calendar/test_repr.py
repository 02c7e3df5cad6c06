"""A calendar's repr (calendar/_repr.py) is what a person would write, and rebuilds an equal calendar."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from servicelevel import BusinessCalendar
from servicelevel.strategies import calendars
from tests.conftest import SH


def test_presets_read_as_notations() -> None:
    """Presets read as the notation they were parsed from."""
    assert repr(BusinessCalendar.preset("5x8", tz=SH, country="CN")) == (
        "BusinessCalendar.parse('5x8 09:00-17:00', tz='Asia/Shanghai', country='CN')"
    )
    assert (
        repr(BusinessCalendar.preset("7x24", tz=SH)) == "BusinessCalendar.parse('7x24', tz='Asia/Shanghai')"
    )


def test_any_week_reads_as_day_ranges() -> None:
    """Any other week reads as day ranges with their hours."""
    cal = BusinessCalendar(tz="Europe/Berlin", week={"mon-fri": "22:00-06:00", "sat": "10:00-14:00"})
    assert repr(cal) == (
        "BusinessCalendar(tz='Europe/Berlin', week={'mon-fri': '22:00-06:00', 'sat': '10:00-14:00'})"
    )


def test_many_overrides_are_counted() -> None:
    """Many dated overrides are counted rather than listed."""
    days = [dt.date(2026, 12, d) for d in range(24, 32)]
    cal = BusinessCalendar.preset("5x8", tz=SH, country="CN", closed=days)
    assert (
        repr(cal)
        == "BusinessCalendar.parse('5x8 09:00-17:00', tz='Asia/Shanghai', country='CN', closed=<8 dates>)"
    )


@given(
    calendars(),
    st.lists(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), max_size=3, unique=True),
    st.dictionaries(
        st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        st.sampled_from(["09:00-12:00", "closed"]),
        max_size=2,
    ),
    st.booleans(),
)
def test_repr_rebuilds_an_equal_calendar(
    cal: BusinessCalendar, closed: list[dt.date], special: dict[dt.date, str], switch: bool
) -> None:
    """The repr of any calendar, with overrides and a switch, rebuilds an equal calendar."""
    import attrs

    cal = attrs.evolve(cal, closed=closed, special_hours=special)
    if switch:
        cal = cal.switch("2026-07-01", BusinessCalendar.preset("7x24", tz=cal.tz, country=cal.country))
    assert eval(repr(cal), {"BusinessCalendar": BusinessCalendar}) == cal
