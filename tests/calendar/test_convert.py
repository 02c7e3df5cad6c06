"""The boundary checks of `BusinessCalendar`'s fields and arguments (calendar/_convert.py): wrong
types are ServiceLevelErrors naming the field (issue 11, item 8)."""

from __future__ import annotations

import datetime as dt

import pytest

from servicelevel import (
    BusinessCalendar,
    InvalidInstantError,
    InvalidOptionError,
    InvalidWeekError,
    ServiceLevelError,
    UnknownCountryError,
)
from tests.conftest import CN_5X8, CN_7X24, SH

DESK = CN_5X8.switch("2026-03-01", CN_7X24)


class TestArgumentTypes:
    """Wrong argument types are ServiceLevelErrors naming the field (#11, item 8)."""

    @pytest.mark.parametrize(
        ("kwargs", "error", "field"),
        [
            ({"week": None}, InvalidWeekError, "week"),
            ({"week": 5}, InvalidWeekError, "week"),
            ({"week": "mon-fri"}, InvalidWeekError, "week"),
            ({"closed": 5}, InvalidInstantError, "closed"),
            ({"special_hours": 5}, InvalidInstantError, "special_hours"),
            ({"special_hours": "2026-01-01"}, InvalidInstantError, "special_hours"),
            ({"special_hours": [("2026-01-01",)]}, InvalidInstantError, "special_hours"),
            ({"observe_holidays": "no"}, InvalidOptionError, "observe_holidays"),
            ({"observe_holidays": None}, InvalidOptionError, "observe_holidays"),
            ({"country": 5}, UnknownCountryError, "country"),
            ({"country": ""}, UnknownCountryError, "country"),
            ({"subdiv": "BY"}, UnknownCountryError, "subdiv"),
            ({"country": "DE", "subdiv": 5}, UnknownCountryError, "subdiv"),
        ],
    )
    def test_constructor(self, kwargs: dict[str, object], error: type[Exception], field: str) -> None:
        """Each constructor argument of the wrong type is refused with its field named (#11)."""
        args: dict[str, object] = {"tz": SH, "week": {"mon-fri": "09:00-17:00"}, **kwargs}
        with pytest.raises(error, match=rf"^{field}: "):
            BusinessCalendar(**args)  # type: ignore[arg-type]

    def test_none_means_none_for_overrides(self) -> None:
        """closed=None and special_hours=None say "no overrides", as the preset's defaults do (#11)."""
        cal = BusinessCalendar(tz=SH, week={"mon-fri": "09:00-17:00"}, closed=None, special_hours=None)
        assert cal == BusinessCalendar(tz=SH, week={"mon-fri": "09:00-17:00"})

    def test_closed_takes_dates_not_instants(self) -> None:
        """closed takes dates, not instants."""
        with pytest.raises(InvalidInstantError, match="closed: expected a date"):
            BusinessCalendar.preset("5x8", tz=SH, closed=[dt.datetime(2026, 3, 2, tzinfo=dt.UTC)])

    def test_duration_must_be_a_timedelta(self) -> None:
        """A duration must be a timedelta."""
        with pytest.raises(InvalidInstantError, match=r"duration: expected a datetime\.timedelta"):
            CN_5X8.add("2026-02-13T10:00", 3600)  # type: ignore[arg-type]

    @pytest.mark.parametrize("exclude", [5, "2026-01-01T10:00", [5], [("2026-01-01T10:00",)]])
    def test_exclude(self, exclude: object) -> None:
        """Malformed pauses are refused by add and elapsed, naming exclude (#11)."""
        with pytest.raises(InvalidInstantError, match=r"^exclude: "):
            CN_5X8.add("2026-03-02T10:00", dt.timedelta(hours=1), exclude=exclude)  # type: ignore[arg-type]
        with pytest.raises(InvalidInstantError, match=r"^exclude: "):
            CN_5X8.elapsed("2026-03-02T10:00", "2026-03-03T10:00", exclude=exclude)  # type: ignore[arg-type]

    def test_every_refusal_is_a_service_level_error(self) -> None:
        """A bad week or counting rule is a ServiceLevelError (#11)."""
        for call in (
            lambda: BusinessCalendar(tz=SH, week=None),  # type: ignore[arg-type]
            lambda: CN_5X8.due("2026-01-05T10:00", "1h", rule=5),  # type: ignore[arg-type]
        ):
            with pytest.raises(ServiceLevelError):
                call()

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            (
                [("2026-03-01", BusinessCalendar.preset("7x24", tz="Europe/Berlin"))],
                "differs from the calendar's zone",
            ),
            ([("2026-03-01", DESK)], "has changes of its own"),
            ([("2026-03-01", "7x24")], "expected \\(date, BusinessCalendar\\) pairs"),
            ([("2026-03-01", CN_7X24), ("2026-03-01", CN_5X8)], "given twice"),
            (5, "expected \\(date, BusinessCalendar\\) pairs"),
        ],
    )
    def test_bad_changes(self, changes: object, message: str) -> None:
        """Each malformed list of changes is refused, naming changes."""
        with pytest.raises(InvalidWeekError, match=rf"^changes: .*{message}"):
            BusinessCalendar(tz=SH, week={"mon-fri": "09:00-17:00"}, changes=changes)  # type: ignore[arg-type]
