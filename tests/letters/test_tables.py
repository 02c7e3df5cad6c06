"""Tables with a header of metric columns and one row per grade (`_tables`).

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

from servicelevel import WorkingDays, read_commitments
from tests.letters.helpers import H, M, described, targets


def test_a_flattened_table_gives_cells_their_column_and_row() -> None:
    """Table cells take metric and region from their column, grade from their row; an empty row is unclear."""
    text = (
        "故障级别 响应时间 到场时间(北京市) 到场时间(其他地区) 解决时间\n"
        "一级故障 30分钟 2小时之内 24小时之内 1个工作日\n"
        "二级故障 1小时 4小时 48小时 2个工作日\n"
        "三级故障\n"
        "以上时间从接到报修起算。\n"
    )
    found = read_commitments(text)
    assert targets(text) == [
        ("response", 30 * M, "一级故障", None),
        ("on_site", 2 * H, "一级故障", "北京市"),
        ("on_site", 24 * H, "一级故障", None),
        ("resolution", WorkingDays(1), "一级故障", None),
        ("response", H, "二级故障", None),
        ("on_site", 4 * H, "二级故障", "北京市"),
        ("on_site", 48 * H, "二级故障", None),
        ("resolution", WorkingDays(2), "二级故障", None),
    ]
    assert [u.quote for u in found.unclear] == ["三级故障"]
    assert "no values" in found.unclear[0].reason


def test_a_table_row_with_cells_missing_is_unclear_not_guessed() -> None:
    """A table row with fewer cells than columns is unclear, never guessed."""
    text = "故障级别 响应时间 到场时间\n一级故障 30分钟\n"
    found = read_commitments(text)
    assert list(found) == []
    assert found.unclear[0].reason == "a row of the table with 1 cells under 2 columns"


def test_a_markdown_table_with_short_grade_names() -> None:
    """A Markdown table with short grade names (一级, 紧急) is read cell by cell; a dash is no promise."""
    text = (
        "| 故障级别 | 响应时间 | 到场时间 | 解决时间 |\n"
        "|---|---|---|---|\n"
        "| 一级 | 30分钟 | 2小时 | 8小时 |\n"
        "| 紧急 | 1小时 | 4小时 | — |\n"
    )
    found = read_commitments(text)
    assert [(p.level, p.metric, p.within) for p in found] == [
        ("一级", "response", 30 * M), ("一级", "on_site", 2 * H), ("一级", "resolution", 8 * H),
        ("紧急", "response", H), ("紧急", "on_site", 4 * H),
    ]  # fmt: skip
    assert found[0].quote == "30分钟"
    assert list(found.unclear) == []  # "—": no promise in that cell


def test_a_table_with_one_metric_column_and_cells_that_name_their_metrics() -> None:
    """Issue #25: table cells that name their own metrics take them over their column's."""
    text = "等级 | 响应时间 |\n---|---|\n1 | 5分钟电话响应,20分钟现场响应 |\n2 | < 1个工作小时,指派工程师 |\n"
    assert described(text) == [
        "response within 5m (1)",
        "on_site within 20m (1)",
        "response within 1h (2)",
    ]


def test_a_tab_separated_table() -> None:
    """Issue #25: a tab-separated table is read like any other."""
    text = "故障级别\t响应时间\t修复时间\n一级\t15分钟\t4小时\n"
    assert described(text) == ["response within 15m (一级)", "resolution within 4h (一级)"]
