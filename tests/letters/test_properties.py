"""Invariants of the reader on letters drawn from its own vocabulary, mixed with noise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import read_commitments

PIECES = [
    "对于重大故障,", "一级故障 ", "30分钟", "1个\n工作日", "四十八小时", "半小时", "内", "之内", "作出响应", "到达现场",
    "解决问题", "修复时间应不超过", "北京地区", "其他地区", "7×24小时热线服务", "24×7", "每季度不少于三次巡检",
    "质保期:验收之日起3年", "再延长半年", "**年免费保修", "第一时间", "。", ",", "\n\n", " ", "故障级别 响应时间 到场时间\n",
    "不超过合同总额的2%", "3天的培训", "2011年", "●", "1、", "(", ")",
]  # fmt: skip
letters = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(letters)
def test_any_text_reads_without_error_and_every_quote_is_its_span(text: str) -> None:
    found = read_commitments(text)
    for p in found:
        assert text[p.span[0] : p.span[1]] == p.quote
        assert p.quote.strip()
        if p.kind == "target":
            assert p.metric is not None
            assert p.within is not None
    for u in found.unclear:
        assert text[u.span[0] : u.span[1]] == u.quote
    spans = [p.span for p in found]
    assert spans == sorted(spans)


@settings(max_examples=60, deadline=None)
@given(letters, letters)
def test_a_promise_is_read_the_same_wherever_it_stands(before: str, after: str) -> None:
    sentence = "对于重大故障,30分钟内作出响应。"
    found = read_commitments(before + "。\n" + sentence + "\n" + after)
    hits = [p for p in found if p.quote == "30分钟内作出响应"]
    assert any((p.metric, p.level) == ("response", "重大故障") for p in hits)
