"""Schedules (`_schedules`): visits, checks and call-backs at a frequency, with their first stretch.

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

import pytest

from servicelevel import Days, Months, read_commitments


def test_schedules() -> None:
    """Schedules give their activity, period, times and first stretch; a daily quantity is no schedule."""
    text = "在系统运行的前三个月内,每两周进行例行检查及维护;每季度不少于三次巡检;每天的淋水量要足。"
    found = read_commitments(text)
    assert [(p.activity, p.every, p.times, p.lasting) for p in found] == [
        ("检查及维护", Days(14), 1, Months(3)),
        ("巡检", Months(3), 3, None),
    ]


@pytest.mark.parametrize(
    ("text", "every", "times"),
    [("对设备每季度不低于2次进行检测。", Months(3), 2),
     ("对机房进行保洁(一个月不少于一次)。", Months(1), 1),
     ("每半年上门拜访一次。", Months(6), 1)],
)  # fmt: skip
def test_schedules_in_other_words(text: str, every: object, times: int) -> None:
    """Issue #25: schedules in other words (不低于2次, 一个月不少于一次, 每半年) give their period and times."""
    (p,) = read_commitments(text)
    assert (p.every, p.times) == (every, times)


def test_days_are_not_confused_with_months() -> None:
    """Issue #25: 每两周 is every 14 days, not a number of months."""
    assert read_commitments("每两周检测一次。")[0].every == Days(14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1、定期回访:每季度对用户进行一次电话回访。\n2、巡检服务\n", ["回访 every 3 months"]),
        ("每月上门拜访用户不少于2次。", ["上门拜访 every 1 month, 2 times"]),
        ("每半年进行一次系统分析,提交分析报告。", ["系统分析 every 6 months"]),
        # the activity named before, not the heading of the next item below it
        ("定期回访:每季度至少一次\n巡检服务\n每月一次。", ["回访 every 3 months", "巡检 every 1 month"]),
        ("我们将定期回访用户,每季度一次\n系统巡检服务\n每半年一次系统巡检。",
         ["回访 every 3 months", "巡检 every 6 months"]),
        # a line broken inside the phrase: the activity after it, when none stands before
        ("我们每季度进行一次\n巡检。", ["巡检 every 3 months"]),
        # phases
        ("验收后前三个月每周巡检一次,之后每月巡检一次。",
         ["巡检 every 7 days, for the first 3 months", "巡检 every 1 month"]),
    ],
)  # fmt: skip
def test_schedules_are_named_after_their_activity(text: str, expected: list[str]) -> None:
    """Issue #25: a schedule is named after its activity, the one before it, not the next item's heading."""
    assert [p.describe() for p in read_commitments(text).of_kind("schedule")] == expected


def test_a_day_s_hours_are_no_visit_a_day() -> None:
    """'每天8:00-20:00' after an activity is the day's hours, while '每天9点巡检' is a visit a day."""
    assert [p.kind for p in read_commitments("维护时间:每天8:00-20:00。")] == ["coverage"]
    assert [p.describe() for p in read_commitments("每天9点进行巡检。")] == ["巡检 every 1 day"]
