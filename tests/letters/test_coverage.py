"""Service hours (`_coverage`): notations, words and slogans.

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

import pytest

from servicelevel import read_commitments


def test_slogans_are_coverage_or_unclear_never_a_response_time() -> None:
    """A slogan is service hours or unclear, never a response time."""
    found = read_commitments("24小时在线,随时为您服务。")
    assert [(p.kind, p.coverage) for p in found] == [("coverage", "7x24")]
    found = read_commitments("提供二十四小时的紧急维修服务。")
    assert list(found) == []
    assert "days of the week" in found.unclear[0].reason


@pytest.mark.parametrize(
    ("text", "notation"),
    [("7×24小时热线服务", "7x24"), ("严格执行24×7服务", "7x24"), ("提供7x24x365的全年实时技术支持", "7x24"),
     ("5×8热线响应", "5x8"), ("提供7×18小时服务受理", "7x18"), ("享受每天24小时×每周7天的质量保证", "7x24")],
)  # fmt: skip
def test_coverage_notations(text: str, notation: str) -> None:
    """Service-hours notations, however written (24×7, 7x24x365, 每天24小时×每周7天), read as a notation."""
    assert [p.coverage for p in read_commitments(text)] == [notation]


def test_round_the_clock_written_hours_first() -> None:
    """Issue #25: round the clock written hours first (24*365天) is 7x24."""
    assert [p.coverage for p in read_commitments("24*365天随时受理报修。")] == ["7x24"]


@pytest.mark.parametrize(
    ("text", "notation"),
    [("我方办公时间为每日9:00至18:00。", None), ("维护时间:每天8:00-20:00。", "365x8 08:00-20:00"),
     ("服务时间:周一至周五9:00-17:30。", "5x8 09:00-17:30")],
)  # fmt: skip
def test_every_day_said_of_working_time_is_not_guessed(text: str, notation: str | None) -> None:
    """Hours "every day" of the vendor's working time (工作时间, 办公时间) are unclear, not read as every day."""
    # 每天 with 工作时间 could mean the working days or all seven; said of anything else, 每天 is every day
    found = read_commitments(text)
    assert [p.coverage for p in found] == ([notation] if notation else [])
    if notation is None:
        assert "working days or every day" in found.unclear[0].reason
