"""Tables damaged in copying (the third pass): flattened onto one line with page furniture inside a
cell, copied cell by cell with the rows interleaved, words broken by a space. Each rule from a short
made-up text of that shape, never a phrase copied from the corpus."""

from __future__ import annotations

import pytest

from servicelevel import read_commitments


def described(text: str) -> list[str]:
    return [p.describe() for p in read_commitments(text)]


def test_a_table_flattened_onto_one_line_is_read_row_by_row_in_column_order() -> None:
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


def test_grade_lines_of_a_table_copied_cell_by_cell_give_their_cells_their_grade() -> None:
    text = "级别\n\n响应时间\n\n一级 故障\n\n接到报修后 2 小时内到达现场\n\n二级 故障\n\n接到报修后 6 小时内到达现场\n"
    assert described(text) == ["on_site within 2h (一级故障)", "on_site within 6h (二级故障)"]


def test_interleaved_rows_of_a_cell_by_cell_table_are_unclear_one_item_per_row() -> None:
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("故障 处理:接到通知后 2 个工作 日内到达现 场 并提供备机", ["on_site within 2 working days"]),
        ("售后 承诺:接到通知后的 1 个工作日 内到达现场 处理", ["on_site within 1 working day"]),
        ("服务 时间 7* 24 小 时 热线 受理", []),
    ],
)  # fmt: skip
def test_a_term_a_grade_or_a_verb_broken_by_a_space_is_one(text: str, expected: list[str]) -> None:
    assert [d for d in described(text) if "service hours" not in d] == expected
    if "7*" in text:
        assert [p.coverage for p in read_commitments(text)] == ["7x24"]


def test_a_grade_carries_into_the_sentences_of_its_item_until_the_next_grade() -> None:
    text = (
        "(1)P1 问题程度:整个系统停止。处理方案:远程诊断。如有备机,将在3小时内派人到达现场。"
        "(2)P2 ◆问题程度:个别功能异常。处理方案:远程诊断。"
    )
    # after the last definition the item's end is unsaid: nothing is carried there
    assert described(text) == ["on_site within 3h (P1)"]
    assert described("(1)P1 问题程度:整个系统停止。处理方案:如有备机,将在3小时内到达现场。") == [
        "on_site within 3h"
    ]


def test_a_term_whose_action_fails_is_the_condition_of_the_next_not_a_promise() -> None:
    found = read_commitments("2小时内驻场人员无法修复故障的,由专家组提供备用方案。")
    assert [p.describe() for p in found] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("接到请求后 1 个工作日内给出适合客户网络环境的软件补丁升级方案。", ["solution within 1 working day"]),
        ("返修时效:保内3个工作日,保外7个工作日修复并寄回。",
         ["resolution within 3 working days", "resolution within 7 working days"]),
    ],
)  # fmt: skip
def test_more_ways_of_naming_a_metric(text: str, expected: list[str]) -> None:
    assert described(text) == expected
