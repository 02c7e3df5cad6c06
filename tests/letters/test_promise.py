"""`Promise` and `Unclear` values (`_promise`): how a promise describes itself.

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

import pytest

from servicelevel import InvalidOptionError, Months, Years, read_commitments


def test_describe_speaks_chinese_and_checks_its_language() -> None:
    """Promise.describe speaks Chinese with lang="zh" and names a language it does not know."""
    p = read_commitments("北京地区一级故障2小时内到达现场。")[0]
    assert p.describe("zh") == "北京 一级故障: 2小时内到场"
    (w,) = read_commitments("质保期:验收之日起3年,保修期内再延长半年。")
    assert (w.within, w.extension) == (Years(3), Months(6))
    assert w.describe("zh") == "质保3年,自验收起,延长6个月"
    with pytest.raises(InvalidOptionError, match="lang: expected 'en' or 'zh', got 'fr'"):
        p.describe("fr")  # type: ignore[arg-type]
