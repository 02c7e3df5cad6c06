"""Tables copied cell by cell, the rows' cells interleaved (`_cells`).

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

from servicelevel import read_commitments
from tests.letters.helpers import described


def test_grade_lines_of_a_table_copied_cell_by_cell_give_their_cells_their_grade() -> None:
    """In a table copied cell by cell, a grade's own line gives the cells after it that grade."""
    text = "级别\n\n响应时间\n\n一级 故障\n\n接到报修后 2 小时内到达现场\n\n二级 故障\n\n接到报修后 6 小时内到达现场\n"
    assert described(text) == ["on_site within 2h (一级故障)", "on_site within 6h (二级故障)"]


def test_interleaved_rows_of_a_cell_by_cell_table_are_unclear_one_item_per_row() -> None:
    """Interleaved rows of a cell-by-cell table are one unclear item per row or line, their terms unread."""
    text = (
        "级别\n\n"
        "电话支持 接到报修后 10 分钟内答复 接到报修后 30 分钟内答复\n\n"
        "一级 故障\n\n接到报修后 2 小时内到达现场\n\n"
        "二级 故障\n\n接到报修后 6 小时内到达现场\n\n"
        "白天 接到报修后 1 小时内答复 (周一至周五 三级 故障 接到报修后 3 小时内答复 夜间 四级 故障 "
        "接到报修后 8 小时内答复\n\n接到报修后 2 个工作日内到达现场\n\n"
        "其他服务:按合同执行。\n"
    )
    found = read_commitments(text)
    # only the rows whose cells follow their grade's line are read; nothing without its grade
    assert [p.describe() for p in found.of_kind("target")] == [
        "on_site within 2h (一级故障)",
        "on_site within 6h (二级故障)",
    ]
    reasons = [u.reason for u in found.unclear]
    assert sum("三级故障 are interleaved" in r for r in reasons) == 1
    assert sum("四级故障 are interleaved" in r for r in reasons) == 1
    assert sum("no row can be placed for" in r for r in reasons) == 2  # the line before 一级, the one after
    assert all(found.text[u.span[0] : u.span[1]] == u.quote for u in found.unclear)
