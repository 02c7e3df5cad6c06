"""HTML/SVG views: well-formed, labelled in text, and drawing what the model computes."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pandas as pd
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import (
    BusinessCalendar,
    Claim,
    Incident,
    InvalidOptionError,
    load_contract,
)
from servicelevel.views import ComplianceChart, MonthView, html
from servicelevel.views._html import STYLE

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")
CN = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")


def _xml(fragment: str) -> ET.Element:
    return ET.fromstring(fragment)  # raises on anything not well-formed


def _incident() -> Incident:
    inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00", region="北京")
    inc = inc.responded("2026-03-02T10:20").paused("2026-03-02T11:00", reason="waiting for customer")
    return inc.resumed("2026-03-02T12:00").arrived("2026-03-02T13:10")


def _every_public_value() -> list[object]:
    d = CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30", region="北京")
    inc = _incident()
    status = inc.status("2026-03-02T14:00")
    w = CONTRACT.warranty
    assert w is not None
    decision = w.assess(Claim(on="2026-06-16", causes=["lightning"]))
    return [
        CN, CN.week[0], CN.day("2026-02-14"), CN.month(2026, 2), CONTRACT, CONTRACT.levels[0],
        CONTRACT.levels[0].targets["response"], CONTRACT.escalation[0], CONTRACT.metric("report"),
        d["resolution"], d["report"], d["resolution"].explain(), inc, status["on_site"],
        inc.breaches("2026-03-02T14:00")[0], inc.escalations("2026-03-02T14:00")[0], inc.events[0],
        inc.warnings("2026-03-02T14:00")[0], w, decision, decision.reasons[0],
        Claim(on="2026-06-16"), CONTRACT.charges[0], CONTRACT.charge_cap("2027-01-10", "100000"),
        CONTRACT.schedules[0], CONTRACT.schedules[0].phases[0],
    ]  # fmt: skip


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # charge bands reach 2029
def test_every_public_value_has_a_well_formed_html_view() -> None:
    for value in _every_public_value():
        fragment = value._repr_html_()  # type: ignore[attr-defined]
        root = _xml(fragment)
        assert root.get("class") == "sl-view", type(value)
        assert root.get("aria-label"), type(value)
        assert "<script" not in fragment  # no JavaScript
        assert re.sub(r"sl-pause-\d+", "", fragment) == re.sub(r"sl-pause-\d+", "", html(value))


def test_colours_follow_the_theme() -> None:
    # text takes the page's colour; tints are translucent, so light and dark themes both read
    for fixed in ("#000", "#fff", "black", "white"):
        assert fixed not in STYLE.lower()
    assert "color: inherit" in STYLE
    assert "fill: currentColor" in STYLE


def test_month_grid_places_and_labels_the_days() -> None:
    root = _xml(CN.month(2026, 2)._repr_html_())
    header = [th.text for th in root.iter("th")]
    assert header == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    rows = root.find("table/tbody").findall("tr")
    first_week = ["".join(td.itertext()) for td in rows[0].findall("td")]
    assert first_week[:6] == [""] * 6  # 1 Feb 2026 is a Sunday
    assert first_week[6].startswith("1")
    cells = {
        int(td.find("div/span").text): "".join(td.itertext())
        for tr in rows
        for td in tr.findall("td")
        if td.find("div") is not None
    }
    assert sorted(cells) == list(range(1, 29))
    assert "make-up working day 调休" in cells[14]  # 调休: Sat 14 Feb works
    assert "09:00-17:00" in cells[14]
    assert "holiday: Chinese New Year (Spring Festival)" in cells[17]
    assert "closed" in cells[17]
    legend = "".join(root.itertext())
    assert "Legend" in legend


def test_month_view_checks_its_month_and_prints() -> None:
    with pytest.raises(InvalidOptionError, match="month: expected 1 to 12"):
        CN.month(2026, 13)
    text = str(CN.month(2026, 2))
    assert "Sat 14  09:00-17:00             make-up working day 调休" in text


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 200 * 24 * 60), st.sampled_from(["P1", "P2", "P3"]), st.sampled_from([None, "北京"]))
def test_timeline_marks_the_due_instant(minutes: int, level: str, region: str | None) -> None:
    reported = pendulum.datetime(2026, 1, 5, tz="Asia/Shanghai") + dt.timedelta(minutes=minutes)
    for name, d in CONTRACT.deadlines(level, reported_at=reported, region=region).items():
        root = _xml(d._repr_html_())
        svgs = list(root.iter("{http://www.w3.org/2000/svg}svg"))
        if d.due is None:
            assert not svgs, name  # the report has not started: said in text
            assert "Not started" in "".join(root.itertext())
            continue
        (svg,) = svgs
        assert svg.get("role") == "img"
        assert svg.find("{http://www.w3.org/2000/svg}title") is not None
        (line,) = [e for e in svg.iter() if e.get("data-due")]
        assert dt.datetime.fromisoformat(line.get("data-due")) == d.due
        (start,) = [e for e in svg.iter() if e.get("data-start")]
        assert dt.datetime.fromisoformat(start.get("data-start")) == d.start


def test_timeline_labels_holidays_and_hatches_pauses() -> None:
    d = CONTRACT.deadlines("P3", reported_at="2026-02-13T16:30")["resolution"]  # across the festival
    text = " ".join(_xml(d._repr_html_()).itertext())
    assert "holiday: Chinese New Year (Spring Festival)" in text
    inc = (
        Incident.open(CONTRACT, level="P3", reported_at="2026-03-02T10:00")
        .paused("2026-03-02T11:00")
        .resumed("2026-03-03T11:00")
    )
    paused = inc.deadlines("2026-03-04T00:00")["resolution"]
    root = _xml(paused._repr_html_())
    hatched = [e for e in root.iter() if (e.get("fill") or "").startswith("url(#")]
    assert len(hatched) == 1
    assert "paused" in "".join(hatched[0].itertext())


def test_incident_lanes_show_each_metric_in_its_state() -> None:
    inc = _incident()
    at = "2026-03-02T14:00"
    root = _xml(inc.view(at)._repr_html_())
    lanes = {g.get("data-metric"): g for g in root.iter("{http://www.w3.org/2000/svg}g")}
    status = inc.status(at)
    assert set(lanes) == set(status)
    for metric, st_ in status.items():
        assert lanes[metric].get("data-state") == st_.state
        label = "".join(lanes[metric].find("{http://www.w3.org/2000/svg}text").itertext())
        assert st_.state.split()[0] in label  # the state is written, not only coloured
        dues = [e.get("data-due") for e in lanes[metric].iter() if e.get("data-due")]
        assert dues == ([st_.due.isoformat()] if st_.due is not None else [])
    now = [e for e in root.iter() if e.get("data-at")]
    assert dt.datetime.fromisoformat(now[0].get("data-at")) == inc.contract.instant(at)
    steps = inc.escalations(at)
    assert steps  # the P1 matrix reaches someone within four hours
    text = "".join(root.itertext())
    assert all(s.role in text for s in steps)


def test_contract_view_is_levels_by_metrics() -> None:
    root = _xml(CONTRACT._repr_html_())
    first = root.find("table")
    header = [th.text for th in first.iter("th")]
    assert header == ["level", "response", "on_site", "resolution", "report"]
    rows = ["".join(td.itertext()) for td in first.find("tbody").findall("tr")[0].findall("td")]
    assert rows[2] == "24h (hotline)北京: 2h"  # Example C: 2 h in 北京, 24 h elsewhere
    p3 = ["".join(td.itertext()) for td in first.find("tbody").findall("tr")[2].findall("td")]
    assert p3[2] == "— (no promise)"


def test_compliance_chart_bars_carry_the_rates() -> None:
    tickets = pd.read_csv(ROOT / "examples" / "tickets.csv", index_col="ticket")
    pauses = pd.read_csv(ROOT / "examples" / "pauses.csv")
    frame = CONTRACT.evaluate(tickets, pauses=pauses, at="2026-12-31T12:00")
    frame["month"] = (
        pd.to_datetime(frame["reported_at"], utc=True).dt.tz_convert("Asia/Shanghai").dt.strftime("%Y-%m")
    )
    chart = ComplianceChart(CONTRACT.compliance(frame, by="month"), by="month", metric="response")
    root = _xml(chart._repr_html_())
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
        for e in _xml(pooled._repr_html_()).iter()
        if e.get("data-rate")
    }
    # March, P2 (T02): response breached; on site, resolution, report met: 3 of 4
    assert rates[("2026-03", "P2")] == 0.75
    assert "P2 75%" in "".join(_xml(pooled._repr_html_()).itertext())


def test_month_view_is_a_value() -> None:
    assert CN.month(2026, 2) == MonthView(CN, 2026, 2)


def test_a_fresh_incident_shows_as_of_its_report() -> None:
    inc = Incident.open(CONTRACT, level="P2", reported_at="2026-03-02T10:00")
    root = _xml(inc._repr_html_())
    states = {g.get("data-metric"): g.get("data-state") for g in root.iter() if g.get("data-metric")}
    assert states == {
        "response": "running",
        "on_site": "running",
        "resolution": "running",
        "report": "pending",
    }
    assert "as of Mon 2026-03-02 10:00 +08:00" in root.get("aria-label")


def test_timeline_of_an_explanation_with_fixed_offsets() -> None:
    # an Explanation built by hand with plain UTC+8 datetimes (no IANA zone) still draws its days
    exp = CONTRACT.deadlines("P3", reported_at="2026-02-13T16:30")["resolution"].explain()
    plus8 = dt.timezone(dt.timedelta(hours=8))
    fixed = attrs.evolve(exp, start=exp.start.astimezone(plus8), due=exp.due.astimezone(plus8))
    root = _xml(html(fixed))
    (line,) = [e for e in root.iter() if e.get("data-due")]
    assert dt.datetime.fromisoformat(line.get("data-due")) == exp.due
    assert "holiday: Chinese New Year (Spring Festival)" in " ".join(root.itertext())
