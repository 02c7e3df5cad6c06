"""Drafts load as contracts; `compare`; expected values from the letters' text (the command line's
`read` and `compare`: tests/cli/test_letters.py)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from servicelevel import Years, compare, read_commitments, read_commitments_file
from servicelevel.io import contract_from_toml

TEXTS = Path(__file__).resolve().parent / "texts"
LETTER_004 = TEXTS / "004_67ec828858506454.txt"
LETTER_000 = TEXTS / "000_cbc00d7f364d7fa9.txt"
H = dt.timedelta(hours=1)


def test_the_draft_of_the_short_letter_loads_and_says_what_the_letter_says() -> None:
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
    text = read_commitments_file(LETTER_000).to_toml()
    contract = contract_from_toml(text)
    assert [lv.name for lv in contract.levels] == ["重大事故", "一般事故"]
    assert "# ---- not placed in the contract above" in text
    assert "CHECK" in text


def test_a_draft_names_what_it_could_not_place() -> None:
    found = read_commitments("北京市内2小时到达现场。")  # no term for other regions
    text = found.to_toml()
    # "北京市内": within the city of 北京
    assert "on_site in 北京: 2小时, but no term for other regions (fill in `within`" in text
    contract_from_toml(text)  # still loads, without the target


def test_every_value_in_a_draft_quotes_its_source() -> None:
    text = read_commitments("7×24小时热线服务。对于重大故障,30分钟内响应。", name="a.txt").to_toml()
    assert "[calendars.service]                # “7×24小时热线服务” (offset 0)" in text
    # "7×24小时热线服务。" is 11 characters and "对于重大故障," 7: the clause starts at offset 18
    assert "# “30分钟内响应” (offset 18)" in text
    assert 'response = { within = "30分钟", calendar = "service" }' in text


def test_compare_matches_grades_by_rank() -> None:
    a = read_commitments("对于重大故障,30分钟内响应。", name="A")
    b = read_commitments("一级故障:1小时内响应;二级故障:2小时内响应。", name="B")
    c = compare([a, b])
    assert c.rows == ("rank 1 · response", "rank 2 · response")
    assert [[cell.text for cell in row] for row in c.cells] == [
        ["30分钟 (重大故障)", "1小时 (一级故障)"],
        ["—", "2小时 (二级故障)"],
    ]
    html = c._repr_html_()
    assert "title='30分钟内响应'>30分钟 (重大故障)</span>" in html  # the quote is the clause
    assert "<script" not in html
    ET.fromstring(html)  # well-formed


def test_the_notebook_view_of_a_letter() -> None:
    found = read_commitments("对于重大故障,30分钟内响应。工程师会在第一时间赶赴现场。", name="a.txt")
    html = found._repr_html_()
    ET.fromstring(html)
    assert "a.txt: 1 promise<" in html
    assert "<td>重大故障</td><td>response</td><td>30分钟</td>" in html
    assert "promises on_site without a definite term (第一时间)" in html
