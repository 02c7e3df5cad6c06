"""Fault grades (`_grades`): vocabularies, definitions, the grade a sentence takes, and one order
of severity.

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

import pytest

from servicelevel import WorkingDays, compare, read_commitments
from servicelevel.io import contract_from_toml
from tests.letters.helpers import H, M, described, targets


def test_prose_with_a_grade_applies_it_to_every_clause() -> None:
    """A grade named at the head of a sentence applies to the target of every clause in it."""
    # domain.md: "对于重大故障,在接到用户报障后,30分钟作出响应,6小时内到达现场,1个工作日内解决问题"
    text = "对于重大故障,在接到用户报障后,30分钟作出响应,6小时内到达现场,1个工作日内解决问题。"
    assert targets(text) == [
        ("response", 30 * M, "重大故障", None),
        ("on_site", 6 * H, "重大故障", None),
        ("resolution", WorkingDays(1), "重大故障", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("判断为严重级别故障后,2小时内响应。", ["response within 2h (严重级别故障)"]),
        ("网络级严重故障:3小时内恢复。", ["restore within 3h (网络级严重故障)"]),
        ("平台级简易故障在1小时内恢复。", ["restore within 1h (平台级简易故障)"]),
        ("(2)S-2 问题:4小时内到达现场。", ["on_site within 4h (S-2)"]),
        ("对于B和C服务等级,确保1小时内回复。", ["response within 1h (B)", "response within 1h (C)"]),
    ],
)  # fmt: skip
def test_grades_in_other_vocabularies(text: str, expected: list[str]) -> None:
    """Issue #25: grades in other vocabularies (严重级别故障, 网络级严重故障, S-2, B和C服务等级) are read."""
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、故障分级\n1、一级故障:指系统瘫痪,业务中断。\n2、二级故障:部分功能不可用。\n",
         [("一级故障", "指系统瘫痪,业务中断"), ("二级故障", "部分功能不可用")]),
        ("紧急:系统整体停止服务;\n严重:主要功能不可用;\n一般:个别功能异常;\n轻微:操作咨询。\n", []),
        ("紧急故障——系统整体停止服务。严重故障——主要功能不可用。一般故障——个别功能异常。轻微故障——操作咨询。",
         [("紧急故障", "系统整体停止服务"), ("严重故障", "主要功能不可用"), ("一般故障", "个别功能异常"),
          ("轻微故障", "操作咨询")]),
        ("A类故障:核心业务中断。\nB类故障:非核心业务受影响。\nC类故障:不影响业务。\n",
         [("A类故障", "核心业务中断"), ("B类故障", "非核心业务受影响"), ("C类故障", "不影响业务")]),
        ("P1(紧急):生产系统不可用\nP2(严重):性能严重下降\nP3(一般):个别用户受影响\nP4(咨询):咨询与建议\n",
         [("P1", "生产系统不可用"), ("P2", "性能严重下降"), ("P3", "个别用户受影响"), ("P4", "咨询与建议")]),
        # a grade with its promise is no definition
        ("一级故障:30分钟内响应。", []),
        ("| 升级时间 | 一般故障 | 严重故障 |", []),
    ],
)  # fmt: skip
def test_grade_definitions_in_prose_and_lists(text: str, expected: list[tuple[str, str]]) -> None:
    """Issue #25: grade definitions in prose and lists give the letter's grades, ranked in their order."""
    grades = read_commitments(text).grades
    assert [(g.name, g.description.removeprefix("指")) for g in grades] == [
        (n, d.removeprefix("指")) for n, d in expected
    ]
    assert [g.rank for g in grades] == list(range(1, len(grades) + 1))


def test_a_grade_carries_into_the_sentences_of_its_item_until_the_next_grade() -> None:
    """A defined grade carries into its item's sentences up to the next grade, and nowhere after the last."""
    text = (
        "(1)P1 问题程度:整个系统停止。处理方案:远程诊断。如有备机,将在3小时内派人到达现场。"
        "(2)P2 ◆问题程度:个别功能异常。处理方案:远程诊断。"
    )
    # after the last definition the item's end is unsaid: nothing is carried there
    assert described(text) == ["on_site within 3h (P1)"]
    assert described("(1)P1 问题程度:整个系统停止。处理方案:如有备机,将在3小时内到达现场。") == [
        "on_site within 3h"
    ]


def test_one_severity_order_for_the_draft_and_compare() -> None:
    """Issue #25: the draft and compare share one severity order (compare once ranked 严重 above 重大)."""
    text = "严重故障:4小时内到场。\n重大故障:2小时内到场。\n一般故障:8小时内到场。"
    found = read_commitments(text, name="a")
    contract = contract_from_toml(found.to_toml())
    assert [lv.name for lv in contract.levels] == ["重大故障", "严重故障", "一般故障"]
    table = compare([found])
    assert [c[0].text for c in table.cells] == ["2小时 (重大故障)", "4小时 (严重故障)", "8小时 (一般故障)"]


def test_the_letters_own_order_of_definition_is_the_severity_order_everywhere() -> None:
    """Issue #25: the letter's order of definition is the severity order everywhere, else the vocabulary's."""
    text = (
        "重大故障:系统瘫痪。\n次要故障:严重影响运行。\n一般故障:其它故障。\n"
        "一般故障8小时内响应;次要故障4小时内响应;重大故障1小时内响应。"
    )
    found = read_commitments(text)
    assert found.severity_order() == ["重大故障", "次要故障", "一般故障"]
    contract = contract_from_toml(found.to_toml())
    assert [(lv.name, lv.description) for lv in contract.levels] == [
        ("重大故障", "系统瘫痪"), ("次要故障", "严重影响运行"), ("一般故障", "其它故障")
    ]  # fmt: skip
    assert [c[0].text for c in compare([found]).cells] == [
        "1小时 (重大故障)",
        "4小时 (次要故障)",
        "8小时 (一般故障)",
    ]
    # without definitions: the vocabulary order (一般 before 次要)
    bare = read_commitments("一般故障8小时内响应;次要故障4小时内响应;重大故障1小时内响应。")
    assert bare.severity_order() == ["重大故障", "一般故障", "次要故障"]
