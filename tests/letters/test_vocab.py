"""The words of commitment letters (`_vocab`): numerals and what is no term.

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

from servicelevel import Years, read_commitments


def test_calendar_years_and_minimums_are_not_terms() -> None:
    """A calendar year (2011年) and a minimum (3年以上) are not terms."""
    assert list(read_commitments("公司成立于2011年,工程师均有3年以上的经验。")) == []


def test_financial_numerals_are_numerals() -> None:
    """Issue #25: financial numerals (叁) read as numerals."""
    (w,) = read_commitments("提供叁年的免费质保服务。")
    assert w.within == Years(3)
