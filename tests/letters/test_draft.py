"""The draft contract file (`_draft`): it loads, quotes every value, lists what it could not place
and escapes what it writes.

Cases are short made-up texts, expected values worked out by hand, and the letters of the corpus
(texts/, real/, unseen/): each drafts a contract that loads, nothing dropped silently.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from servicelevel import Days, Months, Years, read_commitments, read_commitments_file
from servicelevel.io import contract_from_toml
from servicelevel.letters import visible
from tests.letters.helpers import H, M

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "texts"
LETTER_004 = TEXTS / "004_67ec828858506454.txt"
LETTER_000 = TEXTS / "000_cbc00d7f364d7fa9.txt"
CORPUS = sorted((HERE / "texts").glob("*.txt")) + sorted((HERE / "real").glob("*.txt"))
CORPUS += sorted((HERE / "unseen").glob("*.txt"))


def test_the_draft_of_the_short_letter_loads_and_says_what_the_letter_says() -> None:
    """Seed letter 004's draft loads and holds its table's targets and regions, its response and warranty."""
    contract = contract_from_toml(read_commitments_file(LETTER_004).to_toml())
    # the table: 一级故障 on site 2 h in 北京市, 24 h elsewhere; 三级故障 4 h / 48 h
    p1 = contract.level("P1")
    assert p1.name == "一级故障"
    on_site = p1.target("on_site")
    assert on_site is not None
    assert (on_site.within, dict(on_site.regions)) == (24 * H, {"北京市": 2 * H})
    p3 = contract.level("P3")
    assert p3.name == "三级故障"
    t3 = p3.target("on_site")
    assert t3 is not None
    assert (t3.within, dict(t3.regions)) == (48 * H, {"北京市": 4 * H})
    # "我方会在24小时内对用户服务要求做出响应" holds for every grade
    assert all(lv.target("response") is not None for lv in contract.levels)
    # "质保期:验收之日起3年"
    assert contract.warranty is not None
    assert (contract.warranty.term, contract.warranty.starts) == (Years(3), "acceptance")


def test_the_draft_of_the_long_letter_loads() -> None:
    """Seed letter 000's draft loads with its two grades, CHECK marks and the list of what is not placed."""
    text = read_commitments_file(LETTER_000).to_toml()
    contract = contract_from_toml(text)
    assert [lv.name for lv in contract.levels] == ["重大事故", "一般事故"]
    assert "# ---- not placed in the contract above" in text
    assert "CHECK" in text


def test_a_draft_names_what_it_could_not_place() -> None:
    """A draft lists what it could not place with why, and still loads."""
    found = read_commitments("北京市内2小时到达现场。")  # no term for other regions
    text = found.to_toml()
    # "北京市内": within the city of 北京
    assert "on_site in 北京: 2小时, but no term for other regions (fill in `within`" in text
    contract_from_toml(text)  # still loads, without the target


def test_every_value_in_a_draft_quotes_its_source() -> None:
    """Every value in a draft is commented with its quote and offset."""
    text = read_commitments("7×24小时热线服务。对于重大故障,30分钟内响应。", name="a.txt").to_toml()
    assert "[calendars.service]                # “7×24小时热线服务” (offset 0)" in text
    # "7×24小时热线服务。" is 11 characters and "对于重大故障," 7: the clause starts at offset 18
    assert "# “30分钟内响应” (offset 18)" in text
    assert 'response = { within = "30分钟", calendar = "service" }' in text


def test_numbered_grades_keep_their_numbers_as_keys() -> None:
    """Issue #25: numbered grades keep their numbers as the draft's level keys (三级故障 → P3)."""
    contract = contract_from_toml(read_commitments("一级故障1小时内响应;三级故障8小时内响应。").to_toml())
    assert [(lv.key, lv.name) for lv in contract.levels] == [("P1", "一级故障"), ("P3", "三级故障")]


def test_phases_of_one_schedule_make_one_schedule() -> None:
    """Phases of one schedule (前三个月每周…之后每月) make one schedule of two phases in the draft."""
    contract = contract_from_toml(read_commitments("前三个月每周巡检一次，之后每月一次。").to_toml())
    (schedule,) = contract.schedules
    # 每周 = every 7 days for the first 三个月, then 每月
    assert [(p.every, p.for_) for p in schedule.phases] == [(Days(7), Months(3)), (Months(1), None)]


def test_schedule_phases_make_one_schedule_in_the_draft() -> None:
    """Issue #25: schedule phases make one schedule, named after its activity, of two phases in the draft."""
    draft = read_commitments("验收后前三个月每周巡检一次,之后每月巡检一次。").to_toml()
    contract = contract_from_toml(draft)
    (schedule,) = contract.schedules
    assert schedule.name.startswith("巡检")
    assert len(schedule.phases) == 2


def test_the_draft_takes_firm_hours_and_writes_the_ladder() -> None:
    """Issue #25: the draft takes firm hours over those on request, CHECKs hedged terms, writes the ladder."""
    # "currently 5×8, 7×24 on request" is 5×8 with 7×24 noted; the ladder becomes [[escalation]] entries that load
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


def test_the_draft_writes_the_exclusions_and_loads() -> None:
    """Issue #25: the draft writes a warranty's exclusions; the loaded warranty refuses an excluded claim."""
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


def test_a_charge_cap_without_a_warranty_is_not_placed_and_the_draft_loads() -> None:
    """Issue #25: a charge cap with no warranty stated is listed as not placed, and the draft loads."""
    draft = read_commitments("保修期满后3年内,维修费用不超过合同总额的2%。").to_toml()
    contract = contract_from_toml(draft)
    assert contract.charges == () or list(contract.charges) == []
    assert "charge cap 2% after a warranty the draft does not state" in draft


def test_a_warranty_no_date_can_hold_is_not_placed_and_the_draft_loads() -> None:
    """Issue #25: a warranty too long for any date is listed as not placed, and the draft loads."""
    draft = read_commitments("质保期99999年,再延长半年。").to_toml()
    assert contract_from_toml(draft).warranty is None
    assert "a warranty the contract model refuses" in draft


def test_control_characters_never_break_the_draft() -> None:
    """Control characters in a letter are escaped in its draft, which still loads."""
    draft = read_commitments("一级故障\x00：30分钟内响应。\x1b[2J").to_toml()
    assert "\\x00" in draft
    contract = contract_from_toml(draft)
    target = contract.level("P1").target("response")
    assert target is not None
    assert target.within == 30 * M


def test_the_letters_name_cannot_write_toml_or_drive_a_terminal() -> None:
    """Issue #25: a letter's name is escaped in its draft: it cannot inject TOML or drive a terminal."""
    name = 'a.txt\n[[levels]]\nkey = "X"\r\x1b[2J\x07\u202etxt.exe'
    draft = read_commitments("一级故障30分钟内响应。", name=name).to_toml()
    contract = contract_from_toml(draft)
    assert [lv.key for lv in contract.levels] == ["P1"]  # no level injected
    for hidden in ("\r", "\x1b", "\x07", "\u202e"):
        assert hidden not in draft
    assert "a.txt\\x0a[[levels]]\\x0akey" in draft
    assert visible("\u202e") == "\\u202e"


def test_bidi_controls_in_a_quote_are_shown_not_obeyed() -> None:
    """Issue #25: bidi controls in a quote are shown escaped in the draft, not obeyed."""
    draft = read_commitments("一级故障\u202e30分钟内响应。").to_toml()
    assert "\u202e" not in draft
    contract_from_toml(draft)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_corpus_letter_drafts_a_contract_that_loads_and_quotes_its_spans(path: Path) -> None:
    """Issue #25: every corpus letter's quotes are the text at their spans and lines, and its draft loads."""
    text = path.read_text(encoding="utf-8")
    found = read_commitments(text, name=path.name)
    for p in found:
        assert text[p.span[0] : p.span[1]] == p.quote
        assert p.line == text.count("\n", 0, p.span[0]) + 1
    for u in found.unclear:
        assert text[u.span[0] : u.span[1]] == u.quote
    contract_from_toml(found.to_toml())


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_every_promise_is_placed_in_the_draft_or_listed_with_why(path: Path) -> None:
    """Issue #25: every promise's quote stands in the draft, by a value or under "not placed"."""
    import re

    from servicelevel.letters import visible

    found = read_commitments(path.read_text(encoding="utf-8"))
    draft = found.to_toml()
    comments = [line for line in draft.splitlines() if "#" in line]
    for p in found:
        start = "“" + visible(re.sub(r"\s+", " ", p.quote).strip())[:40]  # comments cut long quotes
        at = f"(offset {p.span[0]})"
        assert any(start in line and at in line for line in comments), (p.describe(), start, at)
