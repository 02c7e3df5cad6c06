"""Regressions from the adversarial probe (issue 11) in reading and writing terms."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import (
    Days,
    InvalidTermError,
    Months,
    Term,
    WorkingDays,
    Years,
    describe_term,
    format_term,
    parse_term,
)
from servicelevel.terms import MAX_COUNT


class TestChineseNumerals:
    """4. Numerals are read by a grammar; nothing outside it is guessed."""

    @pytest.mark.parametrize(
        ("text", "n"),
        [
            ("五天", 5),
            ("十天", 10),
            ("十五天", 15),
            ("二十天", 20),
            ("四十八天", 48),
            ("一百天", 100),
            ("一百零五天", 105),  # 1×100 + 0 tens + 5
            ("一百一十天", 110),
            ("一百二十天", 120),
            ("两百天", 200),
            ("两千天", 2000),
            ("一千零五天", 1005),  # one 零 stands for the skipped hundreds and tens
            ("一千零五十天", 1050),  # 零 for the skipped hundreds
            ("一千二百零五天", 1205),
            ("九千九百九十九天", 9999),
        ],
    )
    def test_valid(self, text: str, n: int) -> None:
        assert parse_term(text) == Days(n)

    @pytest.mark.parametrize(
        "text",
        [
            "十十天",  # the probe's five
            "一百千天",
            "百百天",
            "九十九十天",
            "一千千小时",
            "千天",  # a unit needs its digit (only a leading 十 may stand alone)
            "一百十天",  # 一百一十
            "一百五天",  # colloquially 150, literally 105: ambiguous
            "一千五十天",  # 一千零五十
            "一零五天",  # 零 without a higher unit
            "二十零五天",  # 零 where no unit is skipped
            "一千零零五天",
            "两十天",  # 二十
            "十两天",
            "二三天",
            "零天",
        ],
    )
    def test_refused(self, text: str) -> None:
        with pytest.raises(InvalidTermError, match=rf"cannot read '{text}'"):
            parse_term(text)


class TestRoundTrip:
    """5. Every term that can be built is written as text that reads back to it."""

    @pytest.mark.parametrize(
        "term",
        [
            dt.timedelta(days=36601),  # the probe's: '878424h'
            dt.timedelta.max,
            dt.timedelta(microseconds=1),
            Days(MAX_COUNT),
            WorkingDays(MAX_COUNT),
            Months(MAX_COUNT),
            Years(MAX_COUNT),
        ],
    )
    def test_extremes(self, term: Term) -> None:
        assert parse_term(format_term(term)) == term
        assert parse_term(describe_term(term, "zh")) == term

    @pytest.mark.parametrize("cls", [Days, WorkingDays, Months, Years])
    def test_constructors_refuse_what_the_parser_would(self, cls: type[Days]) -> None:
        with pytest.raises(InvalidTermError, match=r"\.n: expected a whole number from 1 to 100,000"):
            cls(MAX_COUNT + 1)
        with pytest.raises(InvalidTermError, match="the number is too large"):
            parse_term(f"{MAX_COUNT + 1} {cls.__name__.lower()}")

    @given(st.timedeltas(min_value=dt.timedelta(microseconds=1)))
    def test_any_positive_timedelta(self, td: dt.timedelta) -> None:
        assert parse_term(format_term(td)) == td


class TestLimits:
    def test_huge_digit_strings(self) -> None:
        """10. Python's integer-string limit is never reached: the parser refuses first, briefly."""
        with pytest.raises(
            InvalidTermError, match=r"'9999.*… \(5001 characters\): the number is too large"
        ) as e:
            parse_term("9" * 5000 + "h")
        assert len(str(e.value)) < 600
        with pytest.raises(InvalidTermError, match="too large"):
            parse_term("P" + "9" * 5000 + "D")

    def test_longer_than_a_timedelta(self) -> None:
        with pytest.raises(InvalidTermError, match="longer than a timedelta can hold"):
            parse_term("24000000000h")

    @pytest.mark.parametrize(("text", "fix"), [("3月", "3个月"), ("三月", "三个月"), ("12月", "12个月")])
    def test_a_month_name_is_not_a_period(self, text: str, fix: str) -> None:
        """periods.md: 3月 is March, not three months; the message says so."""
        with pytest.raises(
            InvalidTermError, match=rf"names a month of the year \(3月 is March\).*write {fix}"
        ):
            parse_term(text)
