"""The views of the other public values: the contract's levels × metrics."""

from __future__ import annotations

from servicelevel import Contract
from tests.views.drawing import CONTRACT, ROOT, read_xml


def test_contract_view_is_levels_by_metrics() -> None:
    """The contract's first table: levels × metrics, regional terms, a dash where nothing is promised."""
    root = read_xml(CONTRACT._repr_html_())
    first = root.find("table")
    header = [th.text for th in first.iter("th")]
    assert header == ["level", "response", "on_site", "resolution", "report", "update"]
    rows = ["".join(td.itertext()) for td in first.find("tbody").findall("tr")[0].findall("td")]
    # Example C: 2 h in 北京, 24 h elsewhere; 乌鲁木齐 4 h on its own calendar (issue #29 §1)
    assert rows[2] == "24h (hotline)北京: 2h乌鲁木齐: 4h (xinjiang)penalty: 1000 per breach"
    # P1 resolution's own warnings, as examples/contract.toml writes them: [0.5, 0.75, "1h before"]
    assert rows[3].endswith(
        "penalty: 500 per started 1h late, at most 5000 per ticketwarnings: 50%, 75%, 1h before"
    )
    p3 = ["".join(td.itertext()) for td in first.find("tbody").findall("tr")[2].findall("td")]
    assert p3[2] == "— (no promise)"


def test_contract_view_shows_the_update_promise() -> None:
    """Issue #29 §3: P1's update every 2 hours (example contract) is in its own column, a dash elsewhere."""
    body = read_xml(CONTRACT._repr_html_()).find("table").find("tbody")
    cells = ["".join(tr.findall("td")[-1].itertext()) for tr in body.findall("tr")]
    assert cells == ["every 2h (hotline, from responded to resolved)", "—", "—"]


def test_contract_view_shows_goals() -> None:
    """Issue #27: a target's goal is in its cell ("95%" written as the contract wrote it)."""
    text = (ROOT / "examples" / "contract.toml").read_text(encoding="utf-8")
    text = text.replace(
        'response   = { within = "30分钟", calendar = "hotline" }',
        'response   = { within = "30分钟", calendar = "hotline", goal = "95%" }',
        1,
    )
    contract = Contract.from_toml(text, base_dir=ROOT / "examples")
    assert contract != CONTRACT  # the goal was written in
    first = read_xml(contract._repr_html_()).find("table")
    p1 = ["".join(td.itertext()) for td in first.find("tbody").findall("tr")[0].findall("td")]
    assert p1[1] == "30m (hotline)goal 95% of tickets"
