"""Regions (`_regions`): lists, areas and elsewhere.

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

import pytest

from tests.letters.helpers import H, described, targets


def test_regions_and_elsewhere() -> None:
    """A region's target is keyed by its place; elsewhere (其他地区) is the default, with no region."""
    # "on site in 2 hours in Beijing and 24 hours elsewhere"
    text = "北京地区2小时内到达现场,其他地区24小时内到达现场。"
    assert targets(text) == [("on_site", 2 * H, None, "北京"), ("on_site", 24 * H, None, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上海、江苏周边区域,我们承诺3小时内到达现场。",
         ["on_site within 3h in 上海", "on_site within 3h in 江苏"]),
        ("珠三角范围内,承诺6小时内到达现场。", ["on_site within 6h in 珠三角"]),
        ("华南片区范围内的用户(包括广西、海南)承诺12小时内到达现场。", ["on_site within 12h in 华南"]),
        ("县级用户3天内到达现场。", ["on_site within 3 days in 县级"]),
        ("无服务网点的城市5个工作日内到达现场。", ["on_site within 5 working days in 无服务网点的城市"]),
        ("全国其他地区用户,承诺36小时内到达现场。", ["on_site within 36h"]),
    ],
)  # fmt: skip
def test_regions_in_lists_and_areas(text: str, expected: list[str]) -> None:
    """Issue #25: a region list gives one promise per place, area words are dropped, 全国其他地区 is no region."""
    assert described(text) == expected
