"""Tables flattened onto one line, page furniture caught inside (`_flat`).

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

from servicelevel import read_commitments
from tests.letters.helpers import described


def test_a_table_flattened_onto_one_line_is_read_row_by_row_in_column_order() -> None:
    """A table flattened onto one line is read row by row, bare terms in column order."""
    text = (
        "二、响应 故障级别 响应时间 解决时间 一级:系统瘫痪,业务中断。 30 分钟 4 小时以内 "
        "二级:部分功能异常。 1 小时,2 小时内提交处理方案 8 小时以内 其他问题另行商定。"
    )
    found = read_commitments(text)
    assert described(text) == [
        "response within 30m (一级)",
        "resolution within 4h (一级)",
        "response within 1h (二级)",
        "solution within 2h (二级)",
        "resolution within 8h (二级)",
    ]
    assert all(text[p.span[0] : p.span[1]] == p.quote for p in found)
    assert found[3].quote == "2 小时内提交处理方案"


def test_page_furniture_inside_a_cell_is_removed_before_reading() -> None:
    """Page furniture (a spaced-out running header, --第 3页) inside a flattened cell is removed first."""
    text = (
        "问题等级 响应时间 修复时间 A 级:全部停机。 15 分钟 2 小时 甲 乙 丙 科 技 --第 3页以内 "
        "B 级:个别终端故障。 1 小时 1 个工作日\n"
    )
    assert described(text) == [
        "response within 15m (A级)",
        "resolution within 2h (A级)",
        "response within 1h (B级)",
        "resolution within 1 working day (B级)",
    ]


def test_a_flattened_row_whose_cells_cannot_be_placed_is_one_unclear_item_not_a_guess() -> None:
    """A flattened row whose terms do not fill its columns one for one is one unclear item naming them."""
    text = (
        "故障级别 响应时间 解决时间 一级:系统瘫痪,2 小时 4 小时 6 小时以内 "
        "二级:部分功能异常。 1 小时 8 小时以内 三级:咨询类问题,4 小时 以后回访 7 天以内 说明见附件。"
    )
    found = read_commitments(text)
    assert [p.describe() for p in found] == ["response within 1h (二级)", "resolution within 8h (二级)"]
    rows = [u for u in found.unclear if "flattened" in u.reason]
    assert [u.quote.split(":")[0] for u in rows] == ["一级", "三级"]
    assert "cannot be placed" in rows[0].reason
    assert "2小时, 4小时, 6小时以内" in rows[0].reason
