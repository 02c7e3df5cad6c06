"""parse_term on the forms contracts use (../shared/domain.md and the issue's list)."""

from __future__ import annotations

import datetime as dt

import pytest

from servicelevel import (
    Days,
    InvalidTermError,
    Months,
    ServiceLevelError,
    Term,
    WorkingDays,
    Years,
    describe_term,
    format_term,
    parse_term,
)

MIN = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)

ACCEPTED: list[tuple[str, Term]] = [
    # English business time
    ("30m", 30 * MIN),
    ("30 min", 30 * MIN),
    ("30 minutes", 30 * MIN),
    ("1.5h", 90 * MIN),
    ("2 hours", 2 * HOUR),
    ("2h30m", 150 * MIN),
    ("2h 30min", 150 * MIN),
    ("1 hour and 30 minutes", 90 * MIN),
    ("90s", dt.timedelta(seconds=90)),
    ("half an hour", 30 * MIN),
    ("within 2 hours", 2 * HOUR),
    ("0:30:00", 30 * MIN),  # str(timedelta)
    ("2 days, 0:00:00", 48 * HOUR),
    # ISO 8601
    ("PT30M", 30 * MIN),
    ("PT1H30M", 90 * MIN),
    ("P3Y", Years(3)),
    ("P6M", Months(6)),
    ("P1Y6M", Months(18)),
    ("P7D", Days(7)),
    ("P2W", Days(14)),
    # English calendar periods
    ("1 working day", WorkingDays(1)),
    ("3 business days", WorkingDays(3)),
    ("2 workdays", WorkingDays(2)),
    ("7 days", Days(7)),
    ("1 day", Days(1)),
    ("2 weeks", Days(14)),
    ("a week", Days(7)),
    ("6 months", Months(6)),
    ("half a year", Months(6)),
    ("1.5 years", Months(18)),
    ("3 years", Years(3)),
    ("one year", Years(1)),
    # Chinese business time
    ("半小时", 30 * MIN),
    ("30分钟", 30 * MIN),
    ("2小时", 2 * HOUR),
    ("四小时", 4 * HOUR),
    ("四十八小时", 48 * HOUR),
    ("二十四小时", 24 * HOUR),
    ("十五分钟", 15 * MIN),  # "15分钟内电话联系"
    ("一个半小时", 90 * MIN),
    ("2小时30分钟", 150 * MIN),
    ("1小时30分", 90 * MIN),
    ("90秒", dt.timedelta(seconds=90)),
    ("48小时内", 48 * HOUR),  # "48小时内解决问题"
    ("半小时内", 30 * MIN),
    # Chinese calendar periods
    ("1个工作日", WorkingDays(1)),
    ("两个工作日", WorkingDays(2)),
    ("三个工作日", WorkingDays(3)),
    ("2个工作日内", WorkingDays(2)),  # "2个工作日内到达现场"
    ("3工作日", WorkingDays(3)),
    ("7天", Days(7)),
    ("七日", Days(7)),
    ("两天", Days(2)),  # "两天内恢复"
    ("两周", Days(14)),
    ("两个星期", Days(14)),
    ("3个月", Months(3)),
    ("六个月", Months(6)),
    ("半年", Months(6)),  # "延长半年"
    ("一年半", Months(18)),
    ("3年", Years(3)),
    ("一百二十天", Days(120)),
    # full-width digits and spaces
    ("３０分钟", 30 * MIN),
    ("２ 小时", 2 * HOUR),
    ("\u30003 years\u3000", Years(3)),
    ("３个工作日", WorkingDays(3)),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted(text: str, expected: Term) -> None:
    assert expected == parse_term(text)


REFUSED = [
    "",
    "   ",
    "soon",
    "2 fortnights",
    "3月",  # the month of March, not three months (that is 3个月)
    "半天",  # half a day is not whole days, and not business hours either
    "1.5 days",
    "2.5个月",
    "0 days",
    "0分钟",
    "-3 days",
    "P1DT2H",  # mixes calendar days and business time
    "P",
    "PT",
    "小时",
    "1h1h",
    "30m2h",
    "2 working",
    "二〇小时",
    "1.5",
    "3 yrs ago",
    "1000001 days",
]


@pytest.mark.parametrize("text", REFUSED)
def test_refused(text: str) -> None:
    """Refused with an error that quotes the text and lists accepted examples."""
    with pytest.raises(InvalidTermError) as info:
        parse_term(text)
    assert repr(text) in str(info.value)
    assert "'2个工作日'" in str(info.value) or "两个工作日" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, ServiceLevelError)


def test_not_a_string() -> None:
    with pytest.raises(InvalidTermError, match="expected a string, got int"):
        parse_term(30)  # type: ignore[arg-type]


class TestWriting:
    @pytest.mark.parametrize(
        ("term", "en", "zh"),
        [
            (30 * MIN, "30m", "30分钟"),
            (150 * MIN, "2h30m", "2小时30分钟"),
            (48 * HOUR, "48h", "48小时"),
            (dt.timedelta(seconds=90), "1m30s", "1分钟30秒"),
            (dt.timedelta(seconds=1, microseconds=500000), "1.5s", "1.5秒"),
            (dt.timedelta(microseconds=1), "0.000001s", "0.000001秒"),
            (WorkingDays(1), "1 working day", "1个工作日"),
            (WorkingDays(2), "2 working days", "2个工作日"),
            (Days(7), "7 days", "7天"),
            (Months(6), "6 months", "6个月"),
            (Years(1), "1 year", "1年"),
            (Years(3), "3 years", "3年"),
        ],
    )
    def test_forms(self, term: Term, en: str, zh: str) -> None:
        assert en == format_term(term)
        assert zh == describe_term(term, "zh")
        assert en == describe_term(term, "en")
        if not isinstance(term, dt.timedelta):
            assert en == str(term)
            assert zh == term.describe("zh")

    def test_unknown_language(self) -> None:
        with pytest.raises(InvalidTermError, match="lang: expected 'en' or 'zh', got 'fr'"):
            Days(3).describe("fr")  # type: ignore[arg-type]

    @pytest.mark.parametrize("n", [0, -1, 1.5, True, 100_001])
    def test_counts_are_whole_and_positive(self, n: object) -> None:
        with pytest.raises(InvalidTermError, match=r"Days\.n: expected a whole number from 1 to 100,000"):
            Days(n)  # type: ignore[arg-type]

    def test_non_positive_timedelta(self) -> None:
        with pytest.raises(InvalidTermError, match="longer than zero"):
            format_term(dt.timedelta(0))


class TestBusinessHours:
    """'2 business hours' is business time on the target's calendar: a timedelta."""

    @pytest.mark.parametrize(
        ("text", "minutes"),
        [
            ("2 business hours", 120),
            ("2 working hours", 120),
            ("30 working minutes", 30),
            ("2个工作小时", 120),
        ],
    )
    def test_read(self, text: str, minutes: int) -> None:
        assert parse_term(text) == dt.timedelta(minutes=minutes)

    def test_business_days_stay_working_days(self) -> None:
        assert parse_term("3 business days") == WorkingDays(3)
