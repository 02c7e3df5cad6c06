"""Rules added so that the reader generalises to real letters (issue #25 §2): each from a short
made-up sentence or table of the shape it reads, never a phrase copied from the corpus."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from servicelevel import Days, Months, WorkingDays, Years, compare, read_commitments
from servicelevel.io import contract_from_toml

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


def described(text: str) -> list[str]:
    return [p.describe() for p in read_commitments(text)]


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
    assert described(text) == expected


def test_one_severity_order_for_the_draft_and_compare() -> None:
    """The issue's three-line letter: compare ranked 严重 above 重大, the draft 重大 first."""
    text = "严重故障:4小时内到场。\n重大故障:2小时内到场。\n一般故障:8小时内到场。"
    found = read_commitments(text, name="a")
    contract = contract_from_toml(found.to_toml())
    assert [lv.name for lv in contract.levels] == ["重大故障", "严重故障", "一般故障"]
    table = compare([found])
    assert [c[0].text for c in table.cells] == ["2小时 (重大故障)", "4小时 (严重故障)", "8小时 (一般故障)"]


def test_numbered_grades_keep_their_numbers_as_keys() -> None:
    contract = contract_from_toml(read_commitments("一级故障1小时内响应;三级故障8小时内响应。").to_toml())
    assert [(lv.key, lv.name) for lv in contract.levels] == [("P1", "一级故障"), ("P3", "三级故障")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上海、江苏周边区域,我们承诺3小时内到达现场。",
         ["on_site within 3h in 上海", "on_site within 3h in 江苏"]),
        ("珠三角范围内,承诺6小时内到达现场。", ["on_site within 6h in 珠三角"]),
        ("华南片区范围内的用户(包括广西、海南)承诺12小时内到达现场。", ["on_site within 12h in 华南"]),
        ("县级用户3天内到达现场。", ["on_site within 3 days in 县级"]),
        ("无服务网点的城市5个工作日内到达现场。", ["on_site within 5 working days in 无服务网点的城市"]),
        ("全国其他地区用户,承诺36小时内到达现场。", ["on_site within 36h"]),
    ],
)  # fmt: skip
def test_regions_in_lists_and_areas(text: str, expected: list[str]) -> None:
    assert described(text) == expected


def test_traditional_characters_and_pinyin_glosses_read_as_the_same_words() -> None:
    text = "有服務(wù)網(wǎng)點的城市2個工作日到達現(xiàn)場。"
    (p,) = read_commitments(text)
    assert (p.metric, p.within, p.region) == ("on_site", WorkingDays(2), "有服務網點的城市")
    assert text[p.span[0] : p.span[1]] == p.quote


def test_financial_numerals_are_numerals() -> None:
    (w,) = read_commitments("提供叁年的免费质保服务。")
    assert w.within == Years(3)


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
    assert described(text) == expected


def test_a_promise_made_if_another_is_missed_carries_its_condition() -> None:
    found = read_commitments("如果不能于8小时内解决故障,我方将在12小时内提出应急方案。")
    (p,) = found
    assert (p.metric, p.within) == ("solution", 12 * H)
    assert p.condition == "如果不能于8小时内解决故障"


def test_a_promise_on_request_carries_its_condition() -> None:
    (p,) = read_commitments("夜间可根据用户要求在4小时内到达现场。")
    assert (p.metric, p.within, p.condition) == ("on_site", 4 * H, "可根据用户要求")


@pytest.mark.parametrize(
    ("text", "every", "times"),
    [("对设备每季度不低于2次进行检测。", Months(3), 2),
     ("对机房进行保洁(一个月不少于一次)。", Months(1), 1),
     ("每半年上门拜访一次。", Months(6), 1)],
)  # fmt: skip
def test_schedules_in_other_words(text: str, every: object, times: int) -> None:
    (p,) = read_commitments(text)
    assert (p.every, p.times) == (every, times)


def test_round_the_clock_written_hours_first() -> None:
    assert [p.coverage for p in read_commitments("24*365天随时受理报修。")] == ["7x24"]


def test_charge_bands_each_described_by_its_own_years() -> None:
    found = read_commitments("质保期满后2年内维修费用不超过合同总额的1%,第3至5年不超过合同总额的3%。")
    assert [(p.cap, p.within) for p in found] == [("1%", Years(2)), ("3%", Years(3))]


def test_a_charge_stated_as_a_price() -> None:
    (p,) = read_commitments("续保服务按年收费,收费标准为合同额的8%。")
    assert p.cap == "8%"


def test_days_are_not_confused_with_months() -> None:
    assert read_commitments("每两周检测一次。")[0].every == Days(14)


def test_a_table_with_one_metric_column_and_cells_that_name_their_metrics() -> None:
    text = "等级 | 响应时间 |\n---|---|\n1 | 5分钟电话响应,20分钟现场响应 |\n2 | < 1个工作小时,指派工程师 |\n"
    assert described(text) == [
        "response within 5m (1)",
        "on_site within 20m (1)",
        "response within 1h (2)",
    ]


def test_a_tab_separated_table() -> None:
    text = "故障级别\t响应时间\t修复时间\n一级\t15分钟\t4小时\n"
    assert described(text) == ["response within 15m (一级)", "resolution within 4h (一级)"]


def test_an_escalation_table_with_grades_as_columns() -> None:
    text = "| 升级时间 | 一般故障 | 紧急故障 |\n|---|---|---|\n| 2小时 | 服务经理 | 技术总监 |\n| 6小时 | | 总经理 |\n"
    found = read_commitments(text)
    assert [(p.after, p.to, p.level) for p in found] == [
        (2 * H, "服务经理", "一般故障"), (2 * H, "技术总监", "紧急故障"), (6 * H, "总经理", "紧急故障"),
    ]  # fmt: skip
    assert list(found.unclear) == []


def test_an_escalation_row_whose_cells_may_have_shifted_is_unclear() -> None:
    text = "| 升级时间 | 一般故障 | 紧急故障 |\n|---|---|---|\n| 2小时 | 服务经理 | |\n"
    found = read_commitments(text)
    assert list(found) == []
    assert "1 of 2 grade cells filled, all at its start" in found.unclear[0].reason


def test_an_escalation_ladder_in_prose() -> None:
    found = read_commitments("重大故障半小时内未能解决的,上报项目经理;4小时内仍未排除的,报告部门总监。")
    assert [(p.kind, p.after, p.to, p.level) for p in found.of_kind("escalation")] == [
        ("escalation", 30 * M, "项目经理", "重大故障"), ("escalation", 4 * H, "部门总监", "重大故障"),
    ]  # fmt: skip


def test_a_warranty_column_copied_one_cell_per_line() -> None:
    text = "型号\n质保期\n方式\n甲型\n18个月\n送修\n乙型\n3年\n上门\n\n1、保修起始日期以发货日期为准。\n"
    found = read_commitments(text)
    assert [(p.within, p.starts) for p in found] == [(Months(18), "delivery"), (Years(3), "delivery")]


def test_a_warranty_start_said_in_a_sentence_of_its_own() -> None:
    found = read_commitments("自购买之日起,正常使用下出现的故障均予处理。\n产品一年保修。")
    assert [(p.within, p.starts) for p in found] == [(Years(1), "sale")]


def test_the_draft_takes_firm_hours_and_writes_the_ladder() -> None:
    """Issue #25: "currently 5×8, 7×24 on request" is 5×8 with 7×24 noted; hedged terms are CHECKed;
    an escalation ladder becomes [[escalation]] entries that load."""
    text = (
        "| 升级时间 | 一般故障 | 紧急故障 |\n|---|---|---|\n| 2小时 | 服务经理 | 技术总监 |\n"
        "紧急故障1小时内响应,一般故障通常4小时内响应。目前提供5×8服务,可根据用户要求延长至7×24服务。"
    )
    draft = read_commitments(text).to_toml()
    contract = contract_from_toml(draft)
    assert [(e.level, e.after, e.to) for e in contract.escalation] == [
        ("P2", 2 * H, "服务经理"),
        ("P1", 2 * H, "技术总监"),
    ]
    assert 'coverage = "5x8"' in draft
    assert "# - on a condition: 服务时间 7x24(条件:可根据用户要求):" in draft
    assert "CHECK: hedged in the letter" in draft


# ---------------------------------------------------------------- whose promise: the project's or the company's
def _coverage_of(draft: str) -> str:
    contract_from_toml(draft)  # it loads
    hours: str = tomllib.loads(draft)["calendars"]["service"]["coverage"]
    return hours


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        # a company-wide claim, then the project's own promise (by the sentence's words)
        ("我公司一贯为广大用户提供365×8服务。针对本项目,我们提供7×24服务。", "7x24"),
        ("我公司提供5×8服务。贵单位的系统享受7×24小时技术支持。", "7x24"),
        # by the heading of the section the promise stands in
        ("一、公司简介\n我公司为所有客户提供7×24服务。\n二、本次项目售后服务承诺\n1. 提供5×8热线。\n", "5x8"),
        # stated alike: the widest hours (on site in working hours, a hotline outside them)
        ("(1)在5×8小时工作时间内现场值守;(2)在非工作时间设置7×24小时热线。", "7x24"),
        # hours raised on request are never the default
        ("本项目目前提供5×8热线服务,将根据用户的要求延长至7×24热线服务。", "5x8"),
    ],
)  # fmt: skip
def test_the_draft_takes_the_projects_service_hours(text: str, hours: str) -> None:
    draft = read_commitments(text).to_toml()
    assert _coverage_of(draft).split()[0] == hours
    assert "not placed" in draft  # the others it saw are listed, with why
    assert "# chosen: " in draft or "on a condition: 服务时间 7x24" in draft


def test_the_draft_takes_the_projects_target_over_the_companys() -> None:
    """Two terms for one slot: the project's wins, the company's is listed with why; a company-wide
    claim never fills a term the project's section leaves open."""
    text = "一、公司简介\n我公司承诺对所有客户4小时内到达现场。\n二、本项目服务承诺\n1. 接到报修后2小时内到达现场。\n"
    found = read_commitments(text)
    assert [(p.scope, str(p.within)) for p in found] == [("company", "4:00:00"), ("project", "2:00:00")]
    draft = found.to_toml()
    level = contract_from_toml(draft).levels[0]
    assert level.targets["on_site"].within == 2 * H
    assert "chosen (about this project)" in draft
    assert "4小时 (about the company in general)" in draft


# ---------------------------------------------------------------- warranties as free maintenance, and what they exclude
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("系统终验合格后第一年为免费维护期。", "warranty 1 year from acceptance"),
        ("设备自验收合格之日起免维护费两年。", "warranty 2 years from acceptance"),
        ("产品自签收之日起一年内免费保修。", "warranty 1 year from delivery"),
        ("安装调试完毕之日起提供三年免费上门维修。", "warranty 3 years from installation"),
        ("免费维保期为终验后十八个月。", "warranty 18 months from acceptance"),
    ],
)  # fmt: skip
def test_free_maintenance_is_a_warranty_with_its_start(text: str, expected: str) -> None:
    assert described(text) == [expected]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # a list the statement opens with a colon, one cause per item
        ("整机免费保修一年。以下情况不在保修范围内:\n(1)人为损坏;\n(2)擅自拆修;\n(3)雷击、水灾等自然灾害。",
         ("misuse", "unauthorised_repair", "lightning", "flood", "force_majeure")),
        # causes said in the sentence, "…除外"
        ("质保期两年,因病毒、运输、使用环境不符及非原装配件造成的损坏除外。",
         ("virus", "transport", "environment", "non_original_parts")),
        # the warranty covers only what is not man-made
        ("保修期内对非人为损坏的部件免费更换,保修期三年。", ("misuse",)),
        # consumables stay in the letter's words
        ("质保期为12个月,易损件不在保修范围内。", ("易损件",)),
        # an exclusion from another promise (an uptime) is none of the warranty's
        ("质保期一年。保证全年运行率99%(不可抗力除外)。", ()),
    ],
)  # fmt: skip
def test_a_warrantys_exclusions_as_cause_codes(text: str, codes: tuple[str, ...]) -> None:
    (w,) = read_commitments(text).of_kind("warranty")
    assert w.exclusions == codes


def test_the_draft_writes_the_exclusions_and_loads() -> None:
    from servicelevel import Contract
    from servicelevel.warranty import Claim

    text = "设备自安装调试完毕之日起免费保修两年,消耗品除外。因人为损坏、病毒、使用非原厂配件造成的故障不属于免费保修范围。"
    draft = read_commitments(text).to_toml()
    assert "# excludes, as the letter says: misuse, virus" in draft
    contract = Contract.from_toml(draft).with_event("installation", "2024-03-01")
    assert contract.warranty is not None
    assert contract.warranty.consumables == frozenset({"消耗品"})
    decision = contract.warranty.assess(Claim(on="2024-06-03", causes=["non_original_parts"]))
    assert not decision.covered


# ---------------------------------------------------------------- charges after the warranty, in bands by year
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("质保期满后第1-3年每年维修费用不超过合同总价的2%,第4-6年每年不超过合同总价的5%。",
         ["charges capped at 2% for 3 years", "charges capped at 5% for 3 years"]),
        ("保修期满后第一年至第二年收费不超过合同总额的1.5%;第三年至第五年收费不超过合同总额的3%。",
         ["charges capped at 1.5% for 2 years", "charges capped at 3% for 3 years"]),
        # a band from a year on has no length of its own: never the band before it, never "4 years"
        ("质保期满后第一年至第三年的维护费不超过合同总价的3%;第四年起每年不超过合同总价的5%。",
         ["charges capped at 3% for 3 years", "charges capped at 5%"]),
    ],
)  # fmt: skip
def test_charge_bands_by_their_own_years(text: str, expected: list[str]) -> None:
    found = read_commitments("免费保修三年。" + text)
    assert [p.describe() for p in found.of_kind("charge")] == expected
    draft = found.to_toml()
    contract_from_toml(draft)
    assert draft.count("[[charges]]") == sum(" for " in e for e in expected)


# ---------------------------------------------------------------- schedules named after their activity
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
    assert [p.describe() for p in read_commitments(text).of_kind("schedule")] == expected


def test_schedule_phases_make_one_schedule_in_the_draft() -> None:
    draft = read_commitments("验收后前三个月每周巡检一次,之后每月巡检一次。").to_toml()
    contract = contract_from_toml(draft)
    (schedule,) = contract.schedules
    assert schedule.name.startswith("巡检")
    assert len(schedule.phases) == 2


# ---------------------------------------------------------------- grades the letter defines: levels with descriptions
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
    grades = read_commitments(text).grades
    assert [(g.name, g.description.removeprefix("指")) for g in grades] == [
        (n, d.removeprefix("指")) for n, d in expected
    ]
    assert [g.rank for g in grades] == list(range(1, len(grades) + 1))


def test_the_letters_own_order_of_definition_is_the_severity_order_everywhere() -> None:
    """次要 before 一般 because the letter defines them so (the vocabulary would say the opposite)."""
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


def test_of_two_terms_for_one_slot_the_projects_is_chosen_and_the_comment_says_so() -> None:
    text = "我公司承诺对所有客户4小时内到达现场。针对本项目,2小时内到达现场。"
    draft = read_commitments(text).to_toml()
    assert contract_from_toml(draft).levels[0].targets["on_site"].within == 2 * H
    assert "chosen (about this project)" in draft
    assert "4小时 (about the company in general)" in draft
