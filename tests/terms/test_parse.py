"""Reading and writing terms (terms/_parse.py) on the forms contracts use, in English and Chinese
(../shared/domain.md and the issue's list), with the hardening of issue 11."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import (
    ContractError,
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
from servicelevel.terms import MAX_COUNT, read_share
from tests.generators import business_time

MIN = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)

counts = st.integers(1, 5000)
calendar_periods = st.one_of(
    counts.map(WorkingDays), counts.map(Days), counts.map(Months), st.integers(1, 400).map(Years)
)
terms: st.SearchStrategy[Term] = st.one_of(business_time, calendar_periods)

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
    """Each form contracts write reads as its term."""
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
    """Each unreadable text is refused with an error that quotes it and lists accepted examples."""
    with pytest.raises(InvalidTermError) as info:
        parse_term(text)
    assert repr(text) in str(info.value)
    assert "'2个工作日'" in str(info.value) or "两个工作日" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, ServiceLevelError)


def test_not_a_string() -> None:
    """A term that is not a string is refused."""
    with pytest.raises(InvalidTermError, match="expected a string, got int"):
        parse_term(30)  # type: ignore[arg-type]


class TestChineseNumerals:
    """Numerals are read by a grammar; nothing outside it is guessed (#11, item 4)."""

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
        """Each Chinese numeral the grammar allows reads as its number (#11)."""
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
        """Each numeral outside the grammar is refused, not guessed (#11)."""
        with pytest.raises(InvalidTermError, match=rf"cannot read '{text}'"):
            parse_term(text)


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
        """Business and working hours and minutes read as business time."""
        assert parse_term(text) == dt.timedelta(minutes=minutes)

    def test_business_days_stay_working_days(self) -> None:
        """Business days stay working days."""
        assert parse_term("3 business days") == WorkingDays(3)


class TestLimits:
    def test_huge_digit_strings(self) -> None:
        """A number thousands of digits long is refused briefly, before Python's integer-string limit (#11, item 10)."""
        # 10. Python's integer-string limit is never reached: the parser refuses first, briefly.
        with pytest.raises(
            InvalidTermError, match=r"'9999.*… \(5001 characters\): the number is too large"
        ) as e:
            parse_term("9" * 5000 + "h")
        assert len(str(e.value)) < 600
        with pytest.raises(InvalidTermError, match="too large"):
            parse_term("P" + "9" * 5000 + "D")

    def test_longer_than_a_timedelta(self) -> None:
        """A term longer than a timedelta can hold is refused (#11)."""
        with pytest.raises(InvalidTermError, match="longer than a timedelta can hold"):
            parse_term("24000000000h")

    @pytest.mark.parametrize(("text", "fix"), [("3月", "3个月"), ("三月", "三个月"), ("12月", "12个月")])
    def test_a_month_name_is_not_a_period(self, text: str, fix: str) -> None:
        """A month's name such as 3月 is refused with a hint to write 3个月 (#11, docs/periods.md)."""
        # periods.md: 3月 is March, not three months; the message says so.
        with pytest.raises(
            InvalidTermError, match=rf"names a month of the year \(3月 is March\).*write {fix}"
        ):
            parse_term(text)


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
        """Each term is written in English and in Chinese, and str() and describe() agree."""
        assert en == format_term(term)
        assert zh == describe_term(term, "zh")
        assert en == describe_term(term, "en")
        if not isinstance(term, dt.timedelta):
            assert en == str(term)
            assert zh == term.describe("zh")

    def test_non_positive_timedelta(self) -> None:
        """A zero timedelta has no written form."""
        with pytest.raises(InvalidTermError, match="longer than zero"):
            format_term(dt.timedelta(0))


class TestRoundTrip:
    """Every term that can be built is written as text that reads back to it (#11, item 5)."""

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
        """The largest and smallest terms read back from their English and Chinese forms (#11)."""
        assert parse_term(format_term(term)) == term
        assert parse_term(describe_term(term, "zh")) == term

    @given(st.timedeltas(min_value=dt.timedelta(microseconds=1)))
    def test_any_positive_timedelta(self, td: dt.timedelta) -> None:
        """Any positive timedelta reads back from its written form (#11)."""
        assert parse_term(format_term(td)) == td

    @given(terms)
    def test_round_trips(self, term: Term) -> None:
        """Every term reads back from format_term, str and describe in Chinese."""
        # parse_term(str(t)) == t and parse_term(t.describe('zh')) == t, for every term.
        assert term == parse_term(format_term(term))
        assert term == parse_term(describe_term(term, "zh"))
        assert term == parse_term(str(term))  # for a timedelta, Python's own str
        if not isinstance(term, dt.timedelta):
            assert term == parse_term(term.describe("zh"))


class TestFuzz:
    @given(st.text(max_size=40))
    def test_fuzz_any_text(self, text: str) -> None:
        """Any text gives a term or an InvalidTermError, never another exception."""
        try:
            term = parse_term(text)
        except InvalidTermError:
            return
        assert isinstance(term, dt.timedelta | WorkingDays | Days | Months | Years)

    @given(
        st.text(
            alphabet="0123456789.,: 半个两一二三四十百零〇工作日天周星期月年小时钟头分秒内以之hmsdaywkpty",
            max_size=16,
        )
    )
    def test_fuzz_term_like_text(self, text: str) -> None:
        """Text of the parser's own vocabulary, reaching its deeper branches, gives a term that reads back or an InvalidTermError."""
        try:
            term = parse_term(text)
        except InvalidTermError:
            return
        assert term == parse_term(format_term(term))


class TestPercent:
    @pytest.mark.parametrize(
        ("text", "want"),
        [
            ("95%", Decimal("0.95")),  # 95 / 100
            ("2%", Decimal("0.02")),  # the charge caps' "2%" (domain notes §4)
            (" 99.5 % ", Decimal("0.995")),  # 99.5 / 100, spaces around
            ("９５％", Decimal("0.95")),  # full-width digits and sign, as Chinese contracts type them
            ("100%", Decimal("1")),
        ],
    )
    def test_percentages(self, text: str, want: Decimal) -> None:
        """Percentages read as exact shares (the number over 100), by the one reader of shares."""
        assert want == read_share(text, "goal")

    @pytest.mark.parametrize("text", ["95", "0.95", "95 percent", "%", "-5%", "1e3%", "9" * 30 + "%"])
    def test_not_percentages(self, text: str) -> None:
        """Text without a percent sign, a sign or an exponent, or over 100 %, is refused, naming the field."""
        with pytest.raises(ContractError, match=r"^goal: expected a percentage"):
            read_share(text, "goal")
