"""Escalation ladders (`_escalation`): from tables with grades as columns, and from prose.

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

from servicelevel import read_commitments
from tests.letters.helpers import H, M


def test_an_escalation_table_with_grades_as_columns() -> None:
    """Issue #25: an escalation table with grades as columns gives one step per filled cell."""
    text = "| 升级时间 | 一般故障 | 紧急故障 |\n|---|---|---|\n| 2小时 | 服务经理 | 技术总监 |\n| 6小时 | | 总经理 |\n"
    found = read_commitments(text)
    assert [(p.after, p.to, p.level) for p in found] == [
        (2 * H, "服务经理", "一般故障"), (2 * H, "技术总监", "紧急故障"), (6 * H, "总经理", "紧急故障"),
    ]  # fmt: skip
    assert list(found.unclear) == []


def test_an_escalation_row_whose_cells_may_have_shifted_is_unclear() -> None:
    """Issue #25: an escalation row whose filled cells all stand at its start is unclear, not placed."""
    text = "| 升级时间 | 一般故障 | 紧急故障 |\n|---|---|---|\n| 2小时 | 服务经理 | |\n"
    found = read_commitments(text)
    assert list(found) == []
    assert "1 of 2 grade cells filled, all at its start" in found.unclear[0].reason


def test_an_escalation_ladder_in_prose() -> None:
    """Issue #25: an escalation ladder in prose gives its steps, each with the grade."""
    found = read_commitments("重大故障半小时内未能解决的,上报项目经理;4小时内仍未排除的,报告部门总监。")
    assert [(p.kind, p.after, p.to, p.level) for p in found.of_kind("escalation")] == [
        ("escalation", 30 * M, "项目经理", "重大故障"), ("escalation", 4 * H, "部门总监", "重大故障"),
    ]  # fmt: skip
