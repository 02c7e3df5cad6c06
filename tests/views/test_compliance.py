"""`ComplianceChart`: what it refuses (a ServiceLevelError naming the field, at construction), and the
bars, counts, legend and goal lines it draws, read back from the SVG.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from servicelevel import IncidentError, InvalidOptionError, load_contract
from servicelevel.views import ComplianceChart
from tests.views.drawing import CONTRACT, GOALS, ROOT, SH, SVG, overlaps, read_svg, read_xml, text_box

TABLE = pd.DataFrame(
    {
        "month": ["2026-01", "2026-01", "(missing)"],
        "level": ["P1", "P1", "P2"],
        "metric": ["response", "resolution", "response"],
        "met": [3, 1, 0],
        "breached": [1, 1, 2],
    }
)


@pytest.mark.parametrize("table", [None, [1, 2], {"month": []}, TABLE["met"], "table"])
def test_not_a_table(table: object) -> None:
    """None, a list, a dict or a Series raised AttributeError or KeyError from pandas."""
    with pytest.raises(InvalidOptionError, match=r"table: expected the DataFrame that contract.compliance"):
        ComplianceChart(table)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"by": 3}, InvalidOptionError, "by: expected the column the compliance table is grouped by"),
        (
            {"by": "week"},
            IncidentError,
            "table: no column 'week'; it has month, level, metric, met, breached",
        ),
        ({"metric": 3}, InvalidOptionError, "metric: expected a metric name"),
    ],
)
def test_bad_options(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    """A `by` or `metric` of the wrong type, or a `by` the table lacks, is refused naming the option."""
    with pytest.raises(error, match=message):
        ComplianceChart(TABLE, **kwargs)


def test_missing_columns_and_bad_counts() -> None:
    """A missing column, counts that are not counts, an unknown metric: IncidentErrors naming them."""
    with pytest.raises(IncidentError, match="table: no column 'level'"):
        ComplianceChart(TABLE.drop(columns="level"))
    with pytest.raises(IncidentError, match="'met' and 'breached' must be counts"):
        ComplianceChart(TABLE.assign(met=["x", 1, 0]))._repr_html_()
    with pytest.raises(
        IncidentError, match="metric: no rows for 'on_site' in the table; it has resolution, response"
    ):
        ComplianceChart(TABLE, metric="on_site")._repr_html_()


def test_the_missing_group_is_drawn() -> None:
    """By hand: January P1 over both metrics 4 of 6 met; the (missing) month's P2 0 of 2."""
    html = ComplianceChart(TABLE)._repr_html_()
    assert "data-period='2026-01' data-level='P1' data-rate='0.666667'" in html
    assert "data-period='(missing)' data-level='P2' data-rate='0.000000'" in html


def test_compliance_chart_bars_carry_the_rates() -> None:
    """The example tickets' met rates per month and level, for one metric and pooled, worked out by hand."""
    tickets = pd.read_csv(ROOT / "examples" / "tickets.csv", index_col="ticket")
    pauses = pd.read_csv(ROOT / "examples" / "pauses.csv")
    frame = CONTRACT.evaluate(tickets, pauses=pauses, at="2026-12-31T12:00")
    frame["month"] = (
        pd.to_datetime(frame["reported_at"], utc=True).dt.tz_convert("Asia/Shanghai").dt.strftime("%Y-%m")
    )
    chart = ComplianceChart(CONTRACT.compliance(frame, by="month"), by="month", metric="response")
    root = read_xml(chart._repr_html_())
    bars = {
        (e.get("data-period"), e.get("data-level")): float(e.get("data-rate"))
        for e in root.iter()
        if e.get("data-rate")
    }
    # by hand (docs/tickets.md): response met in Feb (T01), breached in Mar (T02), met in Apr, Jun, Dec
    assert bars == {
        ("2026-02", "P1"): 1.0,
        ("2026-03", "P2"): 0.0,
        ("2026-04", "P2"): 1.0,
        ("2026-06", "P3"): 1.0,
        ("2026-12", "P3"): 1.0,
    }
    pooled = ComplianceChart(CONTRACT.compliance(frame, by="month"), by="month")
    rates = {
        (e.get("data-period"), e.get("data-level")): float(e.get("data-rate"))
        for e in read_xml(pooled._repr_html_()).iter()
        if e.get("data-rate")
    }
    # March, P2 (T02): response breached; on site, resolution, report met: 3 of 4
    assert rates[("2026-03", "P2")] == 0.75
    assert "P2 75%" in "".join(read_xml(pooled._repr_html_()).itertext())


def _grid(svg: ET.Element) -> dict[str, float]:
    """The y of the 0 %, 50 % and 100 % lines, by their labels."""
    out = {}
    for e in svg.iter(f"{SVG}text"):
        if (e.text or "").endswith("%") and e.get("x") == "4":
            out[e.text or ""] = float(e.get("y")) - 4
    return out


def test_bars_stand_in_their_period_group_with_counts_and_a_legend() -> None:
    """Bars in their period's group at their rate, with n and level; a legend colour per level."""
    svg = read_svg(ComplianceChart(GOALS)._repr_html_())
    groups = {
        e.get("data-period"): (float(e.get("x")), float(e.get("x")) + float(e.get("width")))
        for e in svg.iter(f"{SVG}rect")
        if e.get("class") == "sl-group"
    }
    assert list(groups) == ["2026-01", "2026-02", "2026-03"]
    spans = sorted(groups.values())
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # groups side by side
    bars = [e for e in svg.iter(f"{SVG}rect") if e.get("data-rate")]
    assert sorted((b.get("data-period"), b.get("data-level")) for b in bars) == [
        ("2026-01", "P1"), ("2026-01", "P2"), ("2026-01", "P3"), ("2026-02", "P1"),
        ("2026-03", "P2"), ("2026-03", "P3"),
    ]  # fmt: skip
    grid = _grid(svg)
    base, full = grid["0%"], grid["100%"]
    for b in bars:
        x0, x1 = groups[b.get("data-period")]
        x, w = float(b.get("x")), float(b.get("width"))
        assert x0 <= x
        assert x + w <= x1
        # by hand: met / (met + breached)
        rate = float(b.get("data-rate"))
        assert float(b.get("y")) == pytest.approx(base - rate * (base - full), abs=0.02)
    rates = {(b.get("data-period"), b.get("data-level")): float(b.get("data-rate")) for b in bars}
    assert rates[("2026-01", "P1")] == 0.95  # 19 of 20
    assert rates[("2026-03", "P2")] == 0.0  # 0 of 2
    for g in svg.iter(f"{SVG}g"):  # the period's label centred under its own group
        if g.get("data-period"):
            (label,) = [e for e in g.iter(f"{SVG}text") if e.get("class") == "sl-period-label"]
            left, right, _, _ = text_box(label)
            x0, x1 = groups[g.get("data-period")]
            assert label.text == g.get("data-period")
            assert x0 <= left
            assert right <= x1
    counts = {}
    for g in svg.iter(f"{SVG}g"):
        for e in g.iter(f"{SVG}text"):
            if e.get("class") == "sl-count":
                counts[(g.get("data-period"), e.get("data-level"))] = e.text
                left, right, _, _ = text_box(e, 9)
                x0, x1 = groups[g.get("data-period")]
                assert x0 <= left
                assert right <= x1
    # the one-ticket month says so: its 100 % rests on n=1
    assert counts == {
        ("2026-01", "P1"): "n=20", ("2026-01", "P2"): "n=10", ("2026-01", "P3"): "n=4",
        ("2026-02", "P1"): "n=1", ("2026-03", "P2"): "n=2", ("2026-03", "P3"): "n=5",
    }  # fmt: skip
    legend = {
        e.get("data-level"): e.get("class", "").split()[0]
        for e in svg.iter()
        if "sl-legend" in e.get("class", "")
    }
    assert set(legend) == {"P1", "P2", "P3"}
    assert len(set(legend.values())) == 3  # a colour per level
    for b in bars:  # each bar has its level's colour
        assert b.get("class") == legend[b.get("data-level")]
    # bar labels in a group do not overlap
    for g in svg.iter(f"{SVG}g"):
        boxes = [text_box(e, 9) for e in g.iter(f"{SVG}text") if e.get("font-size") == "9"]
        for a, b in itertools.combinations(boxes, 2):
            assert not overlaps(a, b)


def test_goal_lines_sit_at_the_goals() -> None:
    """Goal lines at their goals, labelled apart; none without goals or when pooled goals differ."""
    svg = read_svg(ComplianceChart(GOALS, metric="response")._repr_html_())
    grid = _grid(svg)
    base, full = grid["0%"], grid["100%"]
    assert base - full == 160
    lines = {e.get("data-level"): e for e in svg.iter(f"{SVG}line") if e.get("data-goal")}
    assert set(lines) == {"P1", "P2", "P3"}
    for level, goal in {"P1": 0.95, "P2": 0.9, "P3": 0.8}.items():
        line = lines[level]
        assert float(line.get("data-goal")) == goal
        # 0.95 of 160 px is 152 px above the baseline, 0.9 is 144, 0.8 is 128
        assert float(line.get("y1")) == float(line.get("y2")) == pytest.approx(base - goal * 160, abs=0.01)
    texts = ["".join(e.itertext()) for e in svg.iter(f"{SVG}text")]
    assert {"P1 goal 95%", "P2 goal 90%", "P3 goal 80%"} <= set(texts)
    labels = [text_box(e) for e in svg.iter(f"{SVG}text") if "goal" in "".join(e.itertext())]
    for a, b in itertools.combinations(labels, 2):
        assert not overlaps(a, b)
    # no goal in the table: no line
    assert "data-goal" not in ComplianceChart(GOALS.drop(columns="goal"))._repr_html_()
    mixed = pd.concat([GOALS, GOALS.assign(metric="resolution", goal=0.5)], ignore_index=True)
    assert "data-goal='0.5'" in ComplianceChart(mixed, metric="resolution")._repr_html_()


def test_differing_goals_are_drawn_per_metric() -> None:
    """Issue #27: pooled metrics whose goals differ each get their own line, labelled with the metric,
    instead of none; metrics sharing one goal keep one line per level."""
    mixed = pd.concat([GOALS, GOALS.assign(metric="resolution", goal=0.5)], ignore_index=True)
    svg = read_svg(ComplianceChart(mixed)._repr_html_())
    lines = {
        (e.get("data-level"), e.get("data-metric")): float(e.get("data-goal"))
        for e in svg.iter(f"{SVG}line")
        if e.get("data-goal")
    }
    assert lines == {
        ("P1", "response"): 0.95, ("P1", "resolution"): 0.5, ("P2", "response"): 0.9,
        ("P2", "resolution"): 0.5, ("P3", "response"): 0.8, ("P3", "resolution"): 0.5,
    }  # fmt: skip
    texts = ["".join(e.itertext()) for e in svg.iter(f"{SVG}text")]
    assert {"P1 response goal 95%", "P1 resolution goal 50%", "P3 response goal 80%"} <= set(texts)
    labels = [text_box(e) for e in svg.iter(f"{SVG}text") if " goal " in "".join(e.itertext())]
    assert len(labels) == 6
    for a, b in itertools.combinations(labels, 2):
        assert not overlaps(a, b)
    table = read_xml(ComplianceChart(mixed)._repr_html_()).find(".//table")
    first = ["".join(td.itertext()) for td in table.find("tbody").findall("tr")[0].findall("td")]
    assert first[-1] == "resolution 50%, response 95%"  # P1's two goals, by metric name
    # the same goal for every metric of a level: one line for the level, no metric named
    same = pd.concat([GOALS, GOALS.assign(metric="resolution")], ignore_index=True)
    svg = read_svg(ComplianceChart(same)._repr_html_())
    drawn = [
        (e.get("data-level"), e.get("data-metric")) for e in svg.iter(f"{SVG}line") if e.get("data-goal")
    ]
    assert sorted(drawn) == [("P1", None), ("P2", None), ("P3", None)]


def test_the_note_says_what_n_counts() -> None:
    """Issue #27: pooled, n counts ticket × metric results (20 P1 tickets in January, each with a
    response and a resolution, are n=40); for one metric, tickets (n=20)."""
    both = pd.concat([GOALS, GOALS.assign(metric="resolution")], ignore_index=True)
    pooled = read_svg(ComplianceChart(both)._repr_html_())
    notes = ["".join(e.itertext()) for e in pooled.iter(f"{SVG}text") if "sl-note" in e.get("class", "")]
    assert notes == ["n = closed ticket × metric results (met + breached), all metrics pooled"]
    counts = [
        e.text for g in pooled.iter(f"{SVG}g") if g.get("data-period") == "2026-01"
        for e in g.iter(f"{SVG}text") if e.get("class") == "sl-count" and e.get("data-level") == "P1"
    ]  # fmt: skip
    assert counts == ["n=40"]  # (19 met + 1 breached) × 2 metrics
    one = read_svg(ComplianceChart(both, metric="response")._repr_html_())
    notes = ["".join(e.itertext()) for e in one.iter(f"{SVG}text") if "sl-note" in e.get("class", "")]
    assert notes == ["n = closed tickets (met + breached) for response"]


def test_goals_come_from_the_contract(tmp_path: Path) -> None:
    """A contract whose P1 response target states goal = 0.95: compliance reports it, the chart draws it."""
    text = (ROOT / "examples" / "contract.toml").read_text(encoding="utf-8")
    text = text.replace(
        'response   = { within = "30分钟", calendar = "hotline" }',
        'response   = { within = "30分钟", calendar = "hotline", goal = 0.95 }',
        1,
    )
    assert "goal = 0.95" in text
    (tmp_path / "contract.toml").write_text(text, encoding="utf-8")
    c = load_contract(tmp_path / "contract.toml")
    tickets = pd.read_csv(ROOT / "examples" / "tickets.csv", index_col="ticket")
    frame = c.evaluate(tickets, at="2026-12-31T12:00")
    frame["month"] = pd.to_datetime(frame["reported_at"], utc=True).dt.tz_convert(SH).dt.strftime("%Y-%m")
    svg = read_svg(ComplianceChart(c.compliance(frame, by="month"), metric="response")._repr_html_())
    (line,) = [e for e in svg.iter(f"{SVG}line") if e.get("data-goal")]
    assert line.get("data-level") == "P1"
    base = _grid(svg)["0%"]
    assert float(line.get("y1")) == pytest.approx(base - 0.95 * 160, abs=0.01)
