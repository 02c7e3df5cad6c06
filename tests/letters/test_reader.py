"""The reader on short letters written for each pattern; expected values worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from servicelevel import (
    Days,
    InvalidOptionError,
    LetterError,
    Months,
    ServiceLevelError,
    WorkingDays,
    Years,
    read_commitments,
    read_commitments_file,
)

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


def targets(text: str) -> list[tuple[str | None, object, str | None, str | None]]:
    return [(p.metric, p.within, p.level, p.region) for p in read_commitments(text).of_kind("target")]


def test_prose_with_a_grade_applies_it_to_every_clause() -> None:
    # domain.md: "对于重大故障,在接到用户报障后,30分钟作出响应,6小时内到达现场,1个工作日内解决问题"
    text = "对于重大故障,在接到用户报障后,30分钟作出响应,6小时内到达现场,1个工作日内解决问题。"
    assert targets(text) == [
        ("response", 30 * M, "重大故障", None),
        ("on_site", 6 * H, "重大故障", None),
        ("resolution", WorkingDays(1), "重大故障", None),
    ]


def test_a_line_or_page_break_never_splits_a_term_or_a_verb() -> None:
    text = "一般故障在1个\n工作日内解决问题;工程师在12小时内赶到现\n\n场。"
    found = read_commitments(text)
    assert [(p.metric, p.within) for p in found] == [("resolution", WorkingDays(1)), ("on_site", 12 * H)]
    assert found[0].quote == "一般故障在1个\n工作日内解决问题"
    assert all(text[a:b] == p.quote for p in found for a, b in [p.span])


def test_regions_and_elsewhere() -> None:
    # "on site in 2 hours in Beijing and 24 hours elsewhere"
    text = "北京地区2小时内到达现场,其他地区24小时内到达现场。"
    assert targets(text) == [("on_site", 2 * H, None, "北京"), ("on_site", 24 * H, None, None)]


def test_a_flattened_table_gives_cells_their_column_and_row() -> None:
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
    text = "故障级别 响应时间 到场时间\n一级故障 30分钟\n"
    found = read_commitments(text)
    assert list(found) == []
    assert found.unclear[0].reason == "a row of the table with 1 cells under 2 columns"


def test_slogans_are_coverage_or_unclear_never_a_response_time() -> None:
    found = read_commitments("24小时在线,随时为您服务。")
    assert [(p.kind, p.coverage) for p in found] == [("coverage", "7x24")]
    found = read_commitments("提供二十四小时的紧急维修服务。")
    assert list(found) == []
    assert "days of the week" in found.unclear[0].reason


@pytest.mark.parametrize(
    ("text", "notation"),
    [("7×24小时热线服务", "7x24"), ("严格执行24×7服务", "7x24"), ("提供7x24x365的全年实时技术支持", "7x24"),
     ("5×8热线响应", "5x8"), ("提供7×18小时服务受理", "7x18"), ("享受每天24小时×每周7天的质量保证", "7x24")],
)  # fmt: skip
def test_coverage_notations(text: str, notation: str) -> None:
    assert [p.coverage for p in read_commitments(text)] == [notation]


def test_durations_and_notices_are_not_targets() -> None:
    text = "提供3天的使用培训。5天的现场事变反应预演。双方联系人变化时,应在3个工作日内书面通知对方。"
    found = read_commitments(text)
    assert list(found) == []
    assert [u.quote for u in found.unclear] == ["应在3个工作日内书面通知对方"]


def test_vague_times_are_unclear() -> None:
    found = read_commitments("工程师会在接到报修信息后的第一时间赶赴现场;如果不能及时解决,将提供备机。")
    assert list(found) == []
    assert [u.reason for u in found.unclear] == ["promises on_site without a definite term (第一时间)"]


def test_metric_named_before_its_term() -> None:
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
    assert targets(text) == [(metric, within, None, None)]


def test_warranty_term_start_and_extension() -> None:
    found = read_commitments("质保期:验收之日起3年,保修期内再延长半年。")
    (w,) = found
    assert (w.kind, w.within, w.starts, w.extension) == ("warranty", Years(3), "acceptance", Months(6))
    (w,) = read_commitments("自到货之日起提供为期一年半的免费保修。")
    assert (w.within, w.starts) == (Months(18), "delivery")


def test_warranty_that_cannot_be_read_is_unclear() -> None:
    found = read_commitments("本工程为终身维护,**年免费保修。本项目按照国家标准保修再延长半年。")
    assert list(found) == []
    assert [u.reason for u in found.unclear] == [
        "the warranty term is blanked out",
        "extends the warranty, but its base term is not stated",
    ]


def test_support_and_upgrade_terms_are_not_warranties() -> None:
    assert list(read_commitments("自交付之日起,提供三年期免费技术支持。提供三年软件免费升级服务。")) == []


def test_schedules() -> None:
    text = "在系统运行的前三个月内,每两周进行例行检查及维护;每季度不少于三次巡检;每天的淋水量要足。"
    found = read_commitments(text)
    assert [(p.activity, p.every, p.times, p.lasting) for p in found] == [
        ("检查及维护", Days(14), 1, Months(3)),
        ("巡检", Months(3), 3, None),
    ]


def test_charge_caps() -> None:
    (c,) = read_commitments("保修期满后3年内,维修费用每年不超过合同总额的2%。")
    assert (c.kind, c.cap, c.within) == ("charge", "2%", Years(3))


def test_calendar_years_and_minimums_are_not_terms() -> None:
    assert list(read_commitments("公司成立于2011年,工程师均有3年以上的经验。")) == []


def test_bad_input_is_named() -> None:
    with pytest.raises(InvalidOptionError, match="text: expected the letter as a str, got bytes"):
        read_commitments(b"abc")  # type: ignore[arg-type]
    with pytest.raises(LetterError, match="does not exist"):
        read_commitments_file("no/such/letter.txt")
    with pytest.raises(InvalidOptionError, match="path: expected a file path"):
        read_commitments_file(3)  # type: ignore[arg-type]


def test_files_gbk_and_not_text(tmp_path: pytest.TempPathFactory) -> None:
    letter = tmp_path / "gbk.txt"  # type: ignore[operator]
    letter.write_bytes("对于重大故障,30分钟内响应。".encode("gb18030"))
    with pytest.raises(LetterError, match=r"is not utf-8 text: byte 0 cannot be decoded.*gb18030"):
        read_commitments_file(letter)
    found = read_commitments_file(letter, encoding="gb18030")
    assert (found.name, found[0].within) == ("gbk.txt", 30 * M)
    assert read_commitments_file(letter, encoding="auto")[0].within == 30 * M  # not UTF-8: GB18030
    utf8 = tmp_path / "utf8.txt"  # type: ignore[operator]
    utf8.write_bytes("\ufeff一级故障:1小时内响应。".encode())
    assert read_commitments_file(utf8, encoding="auto")[0].level == "一级故障"
    with pytest.raises(InvalidOptionError, match="encoding: 'klingon' is not a codec"):
        read_commitments_file(letter, encoding="klingon")
    with pytest.raises(LetterError, match="is not a regular file"):
        read_commitments_file(tmp_path)  # type: ignore[arg-type]
    assert issubclass(LetterError, ServiceLevelError)
    assert issubclass(LetterError, ValueError)


def test_to_dict_round_trips_through_json() -> None:
    import json

    found = read_commitments("对于重大故障,30分钟内响应。", name="a.txt")
    data = json.loads(found.to_json())
    assert data["name"] == "a.txt"
    # the quote is the clause: "对于重大故障," is 7 characters, "30分钟内响应" the next 7
    assert data["promises"][0] == {
        "kind": "target", "metric": "response", "level": "重大故障", "within": "30m",
        "quote": "30分钟内响应", "span": [7, 14], "line": 1,
    }  # fmt: skip


def test_a_letter_larger_than_the_limit_is_refused(tmp_path: pytest.TempPathFactory) -> None:
    from servicelevel.letters import MAX_LETTER_BYTES

    big = tmp_path / "big.txt"  # type: ignore[operator]
    with big.open("wb") as f:
        f.truncate(MAX_LETTER_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(LetterError, match=r"is 8,388,609 bytes; a letter is read up to 8,388,608 bytes"):
        read_commitments_file(big)
