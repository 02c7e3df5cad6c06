"""Targets (`_targets`): a term tied to a metric, vague, hedged and conditional promises, what is no target.

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

import pytest

from servicelevel import Days, WorkingDays, read_commitments
from tests.letters.helpers import H, M, described, targets


def test_metric_named_before_its_term() -> None:
    """A metric named before its term (响应时间:半小时, 修复时间应不超过) gives the term its metric."""
    assert targets("3、响应时间:半小时") == [("response", 30 * M, None, None)]
    assert targets("修复时间应不超过48个小时。") == [("resolution", 48 * H, None, None)]


@pytest.mark.parametrize(
    ("text", "metric", "within"),
    [("15分钟内由技术负责人与客户进行电话交流", "phone_contact", 15 * M),
     ("在四小时之内准备好并出发", "depart", 4 * H),
     ("在半小时内提出修复计划", "solution", 30 * M),
     ("将在3个工作日内提供相同型号的备件", "spare_part", WorkingDays(3)),
     ("系统恢复之后的48小时内,提供详细报告", "report", 48 * H),
     ("保证系统在两天内恢复", "restore", Days(2)),
     ("系统配件的维修和更换在2天以内完成", "resolution", Days(2))],
)  # fmt: skip
def test_other_metrics(text: str, metric: str, within: object) -> None:
    """Phrases of the less common metrics (phone contact, depart, solution, spare part, report…) are read."""
    assert targets(text) == [(metric, within, None, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("收到返修件后5个工作日内修复后返回。", ["resolution within 5 working days"]),
        ("一般故障3小时内处理完毕。", ["resolution within 3h (一般故障)"]),
        ("等待配件期间,系统中断运行不得超过6小时。", ["restore within 6h"]),
        ("夜间出现故障的响应及工程师到达现场时间为3小时以内。", ["response within 3h", "on_site within 3h"]),
    ],
)  # fmt: skip
def test_metrics_in_other_words(text: str, expected: list[str]) -> None:
    """Issue #25: metrics said in other words (修复后返回, 处理完毕, 中断运行不得超过, 到达现场时间为) are read."""
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("接到请求后 1 个工作日内给出适合客户网络环境的软件补丁升级方案。", ["solution within 1 working day"]),
        ("返修时效:保内3个工作日,保外7个工作日修复并寄回。",
         ["resolution within 3 working days", "resolution within 7 working days"]),
    ],
)  # fmt: skip
def test_more_ways_of_naming_a_metric(text: str, expected: list[str]) -> None:
    """More ways of naming a metric (给出…方案, 返修时效 保内/保外) are read."""
    assert described(text) == expected


def test_durations_and_notices_are_not_targets() -> None:
    """Durations of services and notices between the parties are not targets."""
    text = "提供3天的使用培训。5天的现场事变反应预演。双方联系人变化时,应在3个工作日内书面通知对方。"
    found = read_commitments(text)
    assert list(found) == []
    assert [u.quote for u in found.unclear] == ["应在3个工作日内书面通知对方"]


def test_vague_times_are_unclear() -> None:
    """A promise with no definite term (第一时间, 及时) is unclear, not a target."""
    found = read_commitments("工程师会在接到报修信息后的第一时间赶赴现场;如果不能及时解决,将提供备机。")
    assert list(found) == []
    assert [u.reason for u in found.unclear] == ["promises on_site without a definite term (第一时间)"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("努力在24小时内给出答复。", "response within 24h (hedged)"),
     ("原则上4小时内到达现场（偏远地区除外）。", "on_site within 4h (hedged)"),
     ("工程师通常2小时内到场。", "on_site within 2h (hedged)"),
     ("一般在1小时内响应。", "response within 1h (hedged)")],
)  # fmt: skip
def test_hedged_promises_are_promises_marked_hedged(text: str, expected: str) -> None:
    """Issue #25: 通常, 一般, 原则上, 争取 state a term, but not firmly: hedged=True, never unclear."""
    assert described(text) == [expected]
    assert read_commitments(text)[0].hedged


def test_a_grade_named_一般_is_no_hedge() -> None:
    """一般 in a grade's name (一般故障) is no hedge."""
    assert described("一般故障1小时内响应。") == ["response within 1h (一般故障)"]


def test_a_condition_is_not_a_promise() -> None:
    """A term in a condition (6小时内未能排除的) is not a promise of its own."""
    text = "故障须在6小时内排除，6小时内未能排除的，提供备机。"
    assert described(text) == ["resolution within 6h"]


def test_a_term_whose_action_fails_is_the_condition_of_the_next_not_a_promise() -> None:
    """A term whose action fails (无法修复故障的) is the condition of the next promise, not a promise."""
    found = read_commitments("2小时内驻场人员无法修复故障的,由专家组提供备用方案。")
    assert [p.describe() for p in found] == []


def test_a_promise_made_if_another_is_missed_carries_its_condition() -> None:
    """Issue #25: a promise made if another is missed carries that as its condition."""
    found = read_commitments("如果不能于8小时内解决故障,我方将在12小时内提出应急方案。")
    (p,) = found
    assert (p.metric, p.within) == ("solution", 12 * H)
    assert p.condition == "如果不能于8小时内解决故障"


def test_a_promise_on_request_carries_its_condition() -> None:
    """Issue #25: a promise made on request carries the request as its condition."""
    (p,) = read_commitments("夜间可根据用户要求在4小时内到达现场。")
    assert (p.metric, p.within, p.condition) == ("on_site", 4 * H, "可根据用户要求")
