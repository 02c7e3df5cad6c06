"""Coverage notations as contracts write them (calendar/_notation.py): ``5×8``, ``7x24x365``,
``365天×8小时``, and the presets they name."""

from __future__ import annotations

import datetime as dt

import pytest

from servicelevel import BusinessCalendar, UnknownNotationError
from tests.conftest import SH, at

H = dt.timedelta(hours=1)


class TestNotations:
    @pytest.mark.parametrize("text", ["5x8", "5×8", "5*8", "5 X 8", "５×８", "5x8h"])
    def test_notations_for_5x8(self, text: str) -> None:
        """Each way contracts write 5×8 reads as the 5x8 preset."""
        assert BusinessCalendar.preset("5x8", tz=SH) == BusinessCalendar.parse(text, tz=SH)

    @pytest.mark.parametrize("text", ["7x24", "7×24", "7*24", "7x24x365", "7×24小时"])
    def test_notations_for_7x24(self, text: str) -> None:
        """Each way contracts write 7×24 reads as the 7x24 preset."""
        assert BusinessCalendar.preset("7x24", tz=SH) == BusinessCalendar.parse(text, tz=SH)

    def test_7x24_is_wall_clock(self) -> None:
        """7x24x365 is wall-clock time: a week of it is seven days."""
        cal = BusinessCalendar.parse("7x24x365", tz=SH)
        assert at("2026-02-20T10:00") == cal.add("2026-02-13T10:00", 7 * 24 * H)

    def test_365x8_every_day(self) -> None:
        """365天×8小时 is open eight hours on every day, holidays included."""
        cal = BusinessCalendar.parse("365天×8小时", tz=SH, country="CN")
        assert cal.elapsed("2026-02-17T00:00", "2026-02-18T00:00") == 8 * H


class TestRefusals:
    @pytest.mark.parametrize("text", ["8x25", "5x9", "24/7", "five by eight"])
    def test_unknown_notation(self, text: str) -> None:
        """An unknown notation is refused, listing the notations accepted."""
        with pytest.raises(UnknownNotationError, match=r"is not a coverage notation.*'5x8', '5×8'") as info:
            BusinessCalendar.parse(text, tz=SH)
        assert isinstance(info.value, ValueError)

    def test_round_the_clock_with_hours(self) -> None:
        """Round-the-clock cover with hours is refused."""
        with pytest.raises(UnknownNotationError, match="round-the-clock cover and cannot also name hours"):
            BusinessCalendar.parse("7x24 09:00-17:00", tz=SH)

    def test_unknown_preset(self) -> None:
        """An unknown preset is refused."""
        with pytest.raises(UnknownNotationError, match="unknown preset '8x25'"):
            BusinessCalendar.preset("8x25", tz=SH)

    def test_preset_name_not_a_string(self) -> None:
        """A preset name that is not a string is refused, naming the field (#11, item 8)."""
        with pytest.raises(UnknownNotationError, match=r"^name: unknown preset \['5x8'\]"):
            BusinessCalendar.preset(["5x8"], tz=SH)  # type: ignore[arg-type]
