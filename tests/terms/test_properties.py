"""Invariants of terms: round trips of parse/str/describe, counting, and a fuzzed parser."""

from __future__ import annotations

import datetime as dt

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import (
    CIVIL_CODE,
    INCLUSIVE,
    BusinessCalendar,
    CountingRule,
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
from tests.generators import CN_5X8, CN_7X24, CN_LUNCH, instants

counts = st.integers(1, 5000)
business_time = st.integers(1, 2000 * 3_600_000_000).map(lambda us: dt.timedelta(microseconds=us))
calendar_periods = st.one_of(
    counts.map(WorkingDays), counts.map(Days), counts.map(Months), st.integers(1, 400).map(Years)
)
terms: st.SearchStrategy[Term] = st.one_of(business_time, calendar_periods)


@given(terms)
def test_round_trips(term: Term) -> None:
    """parse_term(str(t)) == t and parse_term(t.describe('zh')) == t, for every term."""
    assert term == parse_term(format_term(term))
    assert term == parse_term(describe_term(term, "zh"))
    assert term == parse_term(str(term))  # for a timedelta, Python's own str
    if not isinstance(term, dt.timedelta):
        assert term == parse_term(term.describe("zh"))


@given(st.text(max_size=40))
def test_fuzz_any_text(text: str) -> None:
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
def test_fuzz_term_like_text(text: str) -> None:
    """Text made of the parser's own vocabulary, to reach its deeper branches."""
    try:
        term = parse_term(text)
    except InvalidTermError:
        return
    assert term == parse_term(format_term(term))


calendars = st.sampled_from([CN_5X8, CN_LUNCH, CN_7X24])
periods_short = st.one_of(
    st.integers(1, 60).map(WorkingDays),
    st.integers(1, 60).map(Days),
    st.integers(1, 3).map(Months),
)
rules = st.sampled_from([CIVIL_CODE, INCLUSIVE, CountingRule(roll_forward=False)])


@given(
    calendars,
    instants(),
    st.one_of(periods_short, business_time.filter(lambda d: d < dt.timedelta(hours=300))),
    rules,
)
def test_due_is_never_before_start(
    cal: BusinessCalendar, start: pendulum.DateTime, term: Term, rule: CountingRule
) -> None:
    assert start <= cal.due(start, term, rule)


@given(calendars, instants(), st.integers(1, 59), st.sampled_from([WorkingDays, Days]), rules)
def test_due_is_monotone_in_n(
    cal: BusinessCalendar,
    start: pendulum.DateTime,
    n: int,
    kind: type[WorkingDays | Days],
    rule: CountingRule,
) -> None:
    assert cal.due(start, kind(n), rule) <= cal.due(start, kind(n + 1), rule)


@given(st.dates(dt.date(2024, 1, 1), dt.date(2026, 9, 30)), st.integers(1, 60))
def test_civil_code_days_never_end_on_a_rest_day(day: dt.date, n: int) -> None:
    """Art. 203: under CIVIL_CODE the last day of a Days(n) period is always a working day."""
    last = CN_5X8.period_end(day, Days(n))
    assert CN_5X8.is_working_day(last)
    assert last >= day + dt.timedelta(days=n)


@given(st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30)), st.integers(1, 60))
def test_working_days_period_has_n_working_days(day: dt.date, n: int) -> None:
    """The start day excluded, exactly n working days lie in (day, last]."""
    last = CN_5X8.period_end(day, WorkingDays(n))
    one = dt.timedelta(days=1)
    assert n == CN_5X8.working_days(day + one, last + one)
