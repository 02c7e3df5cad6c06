"""The monthly report's HTML (`views._report`): well-formed, every figure in words, and drawn by
Chromium in light and dark themes."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicelevel.views import html
from tests.conftest import CONTRACT
from tests.frames.test_penalties import _tickets
from tests.views.drawing import read_xml
from tests.views.test_screenshot import BROWSER, _reads, _shoot


def _march() -> str:
    return html(CONTRACT.report("2026-03", tickets=_tickets()))


def test_the_fragment_is_well_formed_and_says_what_is_owed() -> None:
    """One self-contained fragment: the money table first, each breach a row, states in words."""
    fragment = _march()
    root = read_xml(fragment)
    captions = [c.text for c in root.iter("caption")]
    assert captions[0] == "what is owed this month"
    assert "breaches (9)" in captions
    assert "8,000.00 CNY" in fragment  # payable
    assert "<script" not in fragment
    tables = {t.find("caption").text: t for t in root.iter("table")}
    rows = [r for r in tables["breaches (9)"].iter("tr") if r.get("class") == "sl-breached"]
    assert len(rows) == 9
    # P1's update promise, broken: 3 tickets breached, 134 updates missed, the longest silence 198 h 50
    told = tables["updates to the customer: tickets whose update clock stopped in the month or runs on"]
    cells = ["".join(td.itertext()) for td in told.iter("td")]
    assert cells[:4] == ["P1", "2h", "hotline", "broken"]
    assert cells[4:9] == ["3", "0", "3", "0", "134"]


def test_the_page_reads_as_a_file(tmp_path: Path) -> None:
    """``to_html`` writes a UTF-8 page of its own that names the month and the customer."""
    report = CONTRACT.report("2026-03", tickets=_tickets())
    page = tmp_path / "march.html"
    report.to_html(page)
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>")
    assert "北京某医院信息中心" in text
    assert "<title>BJ-2026-017 2026-03</title>" in text


@pytest.mark.skipif(BROWSER is None, reason="no Chromium: apt install chromium (see README)")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_report_reads_in_both_themes(tmp_path: Path, dark: bool) -> None:
    """The report's text and its met/breached rows stand out in Chromium, light and dark."""
    colours = _shoot(tmp_path, "report", _march(), dark, "900,900")
    _reads(colours, dark)
