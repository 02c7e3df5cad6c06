"""What a new user found wrong on letters of their own (a fresh-eyes review), each case by hand."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from servicelevel import Days, InvalidOptionError, Months, Years, read_commitments
from servicelevel.io import contract_from_toml

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


def promises(text: str) -> list[str]:
    return [p.describe() for p in read_commitments(text)]


def reasons(text: str) -> list[str]:
    return [u.reason for u in read_commitments(text).unclear]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a metric named before its term wins over the next clause's
        ("重大故障响应时间不超过1小时，恢复时间不超过6小时。",
         ["response within 1h (重大故障)", "restore within 6h (重大故障)"]),
        ("响应时间1小时，到场时间4小时，修复时间8小时。",
         ["response within 1h", "on_site within 4h", "resolution within 8h"]),
        ("响应时间：≤30分钟；到场时间：≤2h。", ["response within 30m", "on_site within 2h"]),
        ("一级故障：2h内到场，24h内修复。", ["on_site within 2h (一级故障)", "resolution within 24h (一级故障)"]),
        # grades of other vocabularies
        ("A类故障：30分钟内响应。B类故障：2小时内响应。",
         ["response within 30m (A类故障)", "response within 2h (B类故障)"]),
        ("紧急问题1小时内响应。", ["response within 1h (紧急问题)"]),
        ("11级故障：11小时内响应。", ["response within 11h (11级故障)"]),
        # regions: lists, "elsewhere" in any words, carried to the clauses after them
        ("北京、天津地区4小时内到达现场。", ["on_site within 4h in 北京", "on_site within 4h in 天津"]),
        ("其他省会城市8小时内到达现场。", ["on_site within 8h"]),
        ("北京地区：1小时内响应，4小时内到场；其他地区：2小时内响应，24小时内到场。",
         ["response within 1h in 北京", "on_site within 4h in 北京", "response within 2h", "on_site within 24h"]),
        # service hours written out
        ("服务时间：周一至周五 8:30-17:30。", ["service hours 5x8 08:30-17:30"]),
        ("全天候7天24小时为您服务。", ["service hours 7x24"]),
        # a warranty's breakdown, an extension in other words, delivery in other words
        ("质保期：5年（含原厂3年+延保2年）。", ["warranty 5 years"]),
        ("原厂质保3年，我公司在此基础上延保2年。", ["warranty 3 years, extended by 2 years"]),
        ("自货到用户现场之日起质保1年。", ["warranty 1 year from delivery"]),
        # schedules: phases, maintenance, times a year
        ("前三个月每周巡检一次，之后每月一次。", ["巡检 every 7 days, for the first 3 months", "巡检 every 1 month"]),
        ("验收后第一年每月回访一次，第二年起每季度一次。",
         ["回访 every 1 month, for the first 1 year", "回访 every 3 months"]),
        ("每年进行两次例行维护。", ["例行维护 every 1 year, 2 times"]),
        ("备品备件在24小时内送达。", ["spare_part within 24h"]),
    ],
)  # fmt: skip
def test_what_the_letter_says(text: str, expected: list[str]) -> None:
    assert promises(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("我公司不提供7×24小时服务。", "7×24小时, but negated"),
        ("本公司不承诺4小时内到达现场。", "on_site within 4小时, but negated (不承诺)"),
        ("非工作时间的故障，次日上午10点前到达现场。",
         "promises on_site by a time of day (次日上午10点前), not within a term"),
        ("每年春节、国庆节前各巡检一次。", "巡检 on named occasions (各): count them into times per period"),
        ("人工费不超过每次500元。", "a cap (不超过每次500元) that is no share of the contract total (a charge cap must be)"),
        ("保修期满后3年内不超过2%。", "a cap (不超过2%) that is no share of the contract total (a charge cap must be)"),
        ("从签订合同之日起质保3年。", "the warranty starts at the contract's signing: give that date as its start"),
    ],
)  # fmt: skip
def test_what_is_not_read_as_a_promise_is_said(text: str, reason: str) -> None:
    assert reason in reasons(text)
    if "质保3年" not in text:
        assert promises(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("努力在24小时内给出答复。", "response within 24h (hedged)"),
     ("原则上4小时内到达现场（偏远地区除外）。", "on_site within 4h (hedged)"),
     ("工程师通常2小时内到场。", "on_site within 2h (hedged)"),
     ("一般在1小时内响应。", "response within 1h (hedged)")],
)  # fmt: skip
def test_hedged_promises_are_promises_marked_hedged(text: str, expected: str) -> None:
    """Issue #25: 通常, 一般, 原则上, 争取 state a term, but not firmly: hedged=True, never unclear."""
    assert promises(text) == [expected]
    assert read_commitments(text)[0].hedged


def test_a_grade_named_一般_is_no_hedge() -> None:
    assert promises("一般故障1小时内响应。") == ["response within 1h (一般故障)"]


def test_a_condition_is_not_a_promise() -> None:
    text = "故障须在6小时内排除，6小时内未能排除的，提供备机。"
    assert promises(text) == ["resolution within 6h"]


def test_describe_speaks_chinese_and_checks_its_language() -> None:
    p = read_commitments("北京地区一级故障2小时内到达现场。")[0]
    assert p.describe("zh") == "北京 一级故障: 2小时内到场"
    (w,) = read_commitments("质保期:验收之日起3年,保修期内再延长半年。")
    assert (w.within, w.extension) == (Years(3), Months(6))
    assert w.describe("zh") == "质保3年,自验收起,延长6个月"
    with pytest.raises(InvalidOptionError, match="lang: expected 'en' or 'zh', got 'fr'"):
        p.describe("fr")  # type: ignore[arg-type]


def test_control_characters_never_break_the_draft() -> None:
    draft = read_commitments("一级故障\x00：30分钟内响应。\x1b[2J").to_toml()
    assert "\\x00" in draft
    contract = contract_from_toml(draft)
    target = contract.level("P1").target("response")
    assert target is not None
    assert target.within == 30 * M


def test_phases_of_one_schedule_make_one_schedule() -> None:
    contract = contract_from_toml(read_commitments("前三个月每周巡检一次，之后每月一次。").to_toml())
    (schedule,) = contract.schedules
    # 每周 = every 7 days for the first 三个月, then 每月
    assert [(p.every, p.for_) for p in schedule.phases] == [(Days(7), Months(3)), (Months(1), None)]


def test_compare_names_two_letters_of_one_name_apart() -> None:
    from servicelevel import compare

    a = read_commitments("30分钟内响应。", name="letter.txt")
    b = read_commitments("1小时内响应。", name="letter.txt")
    assert compare([a, b]).letters == ("letter.txt", "letter.txt (2)")


@pytest.mark.parametrize("text", ["4小时内响应" * 4000, "4小时，" * 8000, "1年2个月3天4小时5分钟" * 3000])
def test_one_long_sentence_is_read_in_bounded_time(text: str) -> None:
    """A 24 kB sentence without a full stop took 22 s (quadratic); the bound is generous, a hang guard."""
    t0 = time.perf_counter()
    read_commitments(text)
    assert time.perf_counter() - t0 < 10


def test_a_markdown_table_with_short_grade_names() -> None:
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
