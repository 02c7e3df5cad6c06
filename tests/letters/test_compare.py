"""Letters side by side (`_compare`).

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from servicelevel import compare, read_commitments


def test_compare_matches_grades_by_rank() -> None:
    """compare matches grades by rank across letters; its HTML quotes each clause and is well-formed."""
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


def test_compare_names_two_letters_of_one_name_apart() -> None:
    """compare tells two letters of the same name apart."""
    from servicelevel import compare

    a = read_commitments("30分钟内响应。", name="letter.txt")
    b = read_commitments("1小时内响应。", name="letter.txt")
    assert compare([a, b]).letters == ("letter.txt", "letter.txt (2)")
