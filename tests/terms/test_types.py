"""Contract terms as values (terms/_types.py): counts checked at construction, as the parser checks them."""

from __future__ import annotations

import pytest

from servicelevel import Days, InvalidTermError, Months, WorkingDays, Years, parse_term
from servicelevel.terms import MAX_COUNT


class TestCounts:
    @pytest.mark.parametrize("n", [0, -1, 1.5, True, 100_001])
    def test_counts_are_whole_and_positive(self, n: object) -> None:
        """A period's count must be a whole number from 1 to 100,000."""
        with pytest.raises(InvalidTermError, match=r"Days\.n: expected a whole number from 1 to 100,000"):
            Days(n)  # type: ignore[arg-type]

    @pytest.mark.parametrize("cls", [Days, WorkingDays, Months, Years])
    def test_constructors_refuse_what_the_parser_would(self, cls: type[Days]) -> None:
        """The constructors refuse the counts the parser refuses (#11)."""
        with pytest.raises(InvalidTermError, match=r"\.n: expected a whole number from 1 to 100,000"):
            cls(MAX_COUNT + 1)
        with pytest.raises(InvalidTermError, match="the number is too large"):
            parse_term(f"{MAX_COUNT + 1} {cls.__name__.lower()}")


class TestLanguage:
    def test_unknown_language(self) -> None:
        """describe() refuses a language other than English and Chinese."""
        with pytest.raises(InvalidTermError, match="lang: expected 'en' or 'zh', got 'fr'"):
            Days(3).describe("fr")  # type: ignore[arg-type]
