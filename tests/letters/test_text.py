"""A letter as sentences (`_text`): breaks and spaces inside a term, traditional characters, and
long sentences read in bounded time.

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

import time

import pytest

from servicelevel import WorkingDays, read_commitments
from tests.letters.helpers import H, described


def test_a_line_or_page_break_never_splits_a_term_or_a_verb() -> None:
    """A line or page break inside a term or a verb never splits it, and the quote keeps the break."""
    text = "一般故障在1个\n工作日内解决问题;工程师在12小时内赶到现\n\n场。"
    found = read_commitments(text)
    assert [(p.metric, p.within) for p in found] == [("resolution", WorkingDays(1)), ("on_site", 12 * H)]
    assert found[0].quote == "一般故障在1个\n工作日内解决问题"
    assert all(text[a:b] == p.quote for p in found for a, b in [p.span])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("故障 处理:接到通知后 2 个工作 日内到达现 场 并提供备机", ["on_site within 2 working days"]),
        ("售后 承诺:接到通知后的 1 个工作日 内到达现场 处理", ["on_site within 1 working day"]),
        ("服务 时间 7* 24 小 时 热线 受理", []),
    ],
)  # fmt: skip
def test_a_term_a_grade_or_a_verb_broken_by_a_space_is_one(text: str, expected: list[str]) -> None:
    """A term, a grade or a verb broken by a space reads as one."""
    assert [d for d in described(text) if "service hours" not in d] == expected
    if "7*" in text:
        assert [p.coverage for p in read_commitments(text)] == ["7x24"]


def test_traditional_characters_and_pinyin_glosses_read_as_the_same_words() -> None:
    """Issue #25: traditional characters and inline pinyin glosses read as the same words, quoted as is."""
    text = "有服務(wù)網(wǎng)點的城市2個工作日到達現(xiàn)場。"
    (p,) = read_commitments(text)
    assert (p.metric, p.within, p.region) == ("on_site", WorkingDays(2), "有服務網點的城市")
    assert text[p.span[0] : p.span[1]] == p.quote


@pytest.mark.parametrize("text", ["4小时内响应" * 4000, "4小时，" * 8000, "1年2个月3天4小时5分钟" * 3000])
def test_one_long_sentence_is_read_in_bounded_time(text: str) -> None:
    """One long sentence without a full stop reads in bounded time (24 kB once took 22 s): a hang guard."""
    t0 = time.perf_counter()
    read_commitments(text)
    assert time.perf_counter() - t0 < 10
