"""The views' geometry, read back from the SVG: scaled axes, labels that do not overlap or leave the
drawing, what a counting rule counts, bars under their period, goal lines.

Expected positions are worked out by hand in each test from the layout constants written here:
the deadline axis spans x 12 to 748 and its instants from the start less 3 % of the span to the due
plus 6 %; the incident axis spans x 200 to 720 from the report to the later of ``at`` and the last
due, each compressed stretch taking 16 px. Text widths are estimated as the views estimate them:
0.62 em a character, 1 em a wide (CJK) one.
"""

from __future__ import annotations

import itertools
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pendulum
import pytest

from servicelevel import Incident, load_contract
from servicelevel.views import ComplianceChart
from servicelevel.views._html import fit_text

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")
SVG = "{http://www.w3.org/2000/svg}"
SH = "Asia/Shanghai"


def _svg(fragment: str) -> ET.Element:
    (svg,) = ET.fromstring(fragment).iter(f"{SVG}svg")
    return svg


def _width(text: str, size: float = 11) -> float:
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in ("W", "F"))
    return (len(text) - wide) * 0.62 * size + wide * size


def _box(e: ET.Element, size: float = 11) -> tuple[float, float, float, float]:
    """(left, right, top, bottom) of a one-line text element."""
    text = "".join(e.itertext())
    x, y, w = float(e.get("x", 0)), float(e.get("y", 0)), _width(text, size)
    anchor = e.get("text-anchor", "start")
    left = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
    return left, left + w, y - size, y


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _sh(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=SH)


def _incident() -> Incident:
    inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00", region="北京")
    inc = inc.responded("2026-03-02T10:20").paused("2026-03-02T11:00", reason="waiting for customer")
    return inc.resumed("2026-03-02T12:00").arrived("2026-03-02T13:10")


# ------------------------------------------------------------------------------------ incident view
def test_incident_axis_spends_its_width_on_open_hours() -> None:
    """P1 in 北京 reported Mon 2 Mar 10:00, seen at 14:00. The last due is the resolution's: 1 working
    day on 'support' (08:30-17:30) is Tue 17:30, moved by the hour paused to Wed 4 Mar 09:30.

    Only the resolution clock still runs; nothing happens from the planned escalation at Mon 18:00
    (+30 min) to Tue 08:30, nor from Tue 17:30 to Wed 08:30: two breaks. The rest, 10:00-18:30 (8.5 h),
    Tue 08:30-17:30 (9 h) and Wed 08:30-09:30 (1 h), 18.5 h, shares 520 - 2 × 16 = 488 px."""
    svg = _svg(_incident().view("2026-03-02T14:00")._repr_html_())
    breaks = [(e.get("data-from"), e.get("data-to")) for e in svg.iter() if e.get("data-from")]
    assert breaks == [
        ("2026-03-02T18:30:00+08:00", "2026-03-03T08:30:00+08:00"),
        ("2026-03-03T17:30:00+08:00", "2026-03-04T08:30:00+08:00"),
    ]
    per_hour = 488 / 18.5
    (now,) = [e for e in svg.iter() if e.get("data-at") and e.get("class") == "sl-now"]
    assert float(now.get("x1")) == pytest.approx(200 + 4 * per_hour, abs=0.02)  # 14:00
    dues = {e.get("data-due"): float(e.get("x1")) for e in svg.iter() if e.get("data-due")}
    assert dues["2026-03-02T13:00:00+08:00"] == pytest.approx(200 + 3 * per_hour, abs=0.02)  # on site
    assert dues["2026-03-04T09:30:00+08:00"] == pytest.approx(720, abs=0.02)  # the last due ends the axis
    (tue,) = [e for e in svg.iter(f"{SVG}rect") if e.get("data-from", "").startswith("2026-03-02")]
    assert float(tue.get("x")) == pytest.approx(200 + 8.5 * per_hour, abs=0.02)
    assert float(tue.get("width")) == 16
    # the first four hours get more than 100 px (they had about 40 before)
    assert float(now.get("x1")) - 200 > 100


def test_incident_labels_do_not_overlap_each_other_or_the_escalation_markers() -> None:
    svg = _svg(_incident().view("2026-03-02T14:00")._repr_html_())
    labels = [e for e in svg.iter(f"{SVG}text") if e.get("class") == "sl-label"]
    texts = ["".join(e.itertext()) for e in labels]
    # escalation roles, due and stop labels, the instant: all drawn
    for expected in ("system engineer", "technical manager", "department general manager",
                     "marketing director", "general manager", "due 10:30", "met 10:20", "due 13:00",
                     "stopped 13:10", "due Wed 03-04 09:30"):  # fmt: skip
        assert expected in texts
    boxes = [_box(e) for e in labels]
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        assert not _overlap(a, b), (texts[i], texts[j])
    markers = [e for e in svg.iter(f"{SVG}rect") if e.get("data-role")]
    assert len(markers) == 5  # four steps reached by 14:00 and the planned one at 18:00
    for m in markers:
        x, y = float(m.get("x")), float(m.get("y"))
        box = (x, x + float(m.get("width")), y, y + float(m.get("height")))
        assert not any(_overlap(box, b) for b in boxes)
    for box in boxes:
        assert 0 <= box[0]
        assert box[1] <= float(svg.get("width"))


def test_reclassification_and_reopening_are_marked_on_the_lanes() -> None:
    """P3 reported Mon 10:00, reclassified to P2 at 10:40, resolved 15:00, reopened Tue 09:00; seen at
    Tue 10:00. The on-site clock (P2, 7×24 'hotline') runs throughout, so nothing is compressed: the
    axis runs linearly from Mon 10:00 to the resolution's due Thu 5 Mar 11:30, 73.5 h on 520 px."""
    inc = (
        Incident.open(CONTRACT, level="P3", reported_at="2026-03-02T10:00")
        .reclassified("2026-03-02T10:40", "P2")
        .responded("2026-03-02T10:50")
        .resolved("2026-03-02T15:00")
        .reopened("2026-03-03T09:00")
    )
    assert inc.status("2026-03-03T10:00")["resolution"].due == _sh(2026, 3, 5, 11, 30)
    svg = _svg(inc.view("2026-03-03T10:00")._repr_html_())
    assert not [e for e in svg.iter() if e.get("data-from")]
    per_hour = 520 / 73.5
    expected = {"reclassified": 200 + 40 / 60 * per_hour, "reopened": 200 + 23 * per_hour}
    lanes = [g for g in svg.iter(f"{SVG}g") if g.get("data-metric")]
    assert [g.get("data-metric") for g in lanes] == ["response", "on_site", "resolution", "report"]
    for kind, x in expected.items():
        (line,) = [e for e in svg.iter(f"{SVG}line") if e.get("data-kind") == kind]
        assert float(line.get("x1")) == pytest.approx(x, abs=0.02)
        for lane in lanes:  # a marker on every lane, at the event's instant
            (mark,) = [e for e in lane.iter(f"{SVG}path") if e.get("data-kind") == kind]
            assert float(mark.get("d").split(",")[0][1:]) == pytest.approx(x, abs=0.02)
    (reclass,) = [e for e in svg.iter(f"{SVG}path") if e.get("data-kind") == "reclassified"][:1]
    assert reclass.get("data-at") == "2026-03-02T10:40:00+08:00"
    texts = ["".join(e.itertext()) for e in svg.iter(f"{SVG}text") if e.get("class") == "sl-label"]
    assert "reclassified P3 → P2" in texts
    assert "reopened Tue 03-03 09:00" in texts


# ----------------------------------------------------------------------------------- deadline view
def test_working_day_term_does_not_count_its_start_day() -> None:
    """P1 in 北京, reported Fri 13 Feb 16:30: fixed within 1 working day on 'support' (08:30-17:30).
    The start day is not counted; the one working day is the make-up Saturday, due 17:30.

    Axis: 15:45 Fri (start less 3 % of 25 h) to 19:00 Sat (due plus 6 %), 27.25 h on x 12 to 748."""
    d = CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30", region="北京")["resolution"]
    exp = d.explain()
    assert exp.windows == ((_sh(2026, 2, 14, 8, 30), _sh(2026, 2, 14, 17, 30)),)
    assert exp.uncounted == ((_sh(2026, 2, 13, 16, 30), _sh(2026, 2, 13, 17, 30)),)
    assert any("start day Fri 2026-02-13 is not counted" in n for n in exp.notes)
    assert "working days counted: Sat 02-14" in exp.notes
    assert "open time counted: Sat 02-14 08:30-17:30" in str(exp)

    def x(hours_after_1545: float) -> float:
        return 12 + hours_after_1545 / 27.25 * 736

    svg = _svg(d._repr_html_())
    (counted,) = [e for e in svg.iter(f"{SVG}rect") if e.get("class") == "sl-win"]
    assert float(counted.get("x")) == pytest.approx(x(16.75), abs=0.02)  # Sat 08:30
    assert float(counted.get("x")) + float(counted.get("width")) == pytest.approx(x(25.75), abs=0.02)
    (left_out,) = [e for e in svg.iter(f"{SVG}rect") if e.get("class") == "sl-uncounted"]
    assert float(left_out.get("x")) == pytest.approx(x(0.75), abs=0.02)  # Fri 16:30 to 17:30
    assert float(left_out.get("width")) == pytest.approx(x(1.75) - x(0.75), abs=0.02)
    assert "not counted" in "".join(left_out.itertext())


def test_business_time_counts_from_the_moment() -> None:
    d = CONTRACT.deadlines("P2", reported_at="2026-02-13T16:50")["response"]  # 30 min on the desk
    exp = d.explain()
    assert exp.uncounted == ()
    assert exp.windows == (
        (_sh(2026, 2, 13, 16, 50), _sh(2026, 2, 13, 17)),
        (_sh(2026, 2, 14, 9), _sh(2026, 2, 14, 9, 20)),
    )
    assert not [e for e in _svg(d._repr_html_()).iter() if e.get("class") == "sl-uncounted"]


def test_holiday_bands_are_labelled_with_their_names() -> None:
    d = CONTRACT.deadlines("P3", reported_at="2026-02-13T16:30")["resolution"]  # across the festival
    svg = _svg(d._repr_html_())
    labels = [e for e in svg.iter(f"{SVG}text") if e.get("class") == "sl-band-label"]
    lines = {
        " ".join(t.text or "" for t in e.iter(f"{SVG}tspan")): [t.text or "" for t in e.iter(f"{SVG}tspan")]
        for e in labels
    }
    # Mon 16 to Fri 20 are holidays in a row: one band of five days (about 280 px) holds all three names
    festival = next(k for k in lines if k.startswith("Chinese New Year's Eve"))
    assert festival == (
        "Chinese New Year's Eve · Chinese New Year (Spring Festival) · Day off (substituted from 02/14/2026)"
    )
    assert not any(k.startswith("holiday:") for k in lines)
    for e in labels:  # every line fits its band
        for t in e.iter(f"{SVG}tspan"):
            assert _width(t.text or "") <= float(e.get("data-width")) + 0.01
    titles = ["".join(t.itertext()) for t in svg.iter(f"{SVG}title")]
    assert any("holiday: Chinese New Year's Eve · Chinese New Year (Spring Festival)" in t for t in titles)


def test_fit_text_wraps_and_cuts_only_what_does_not_fit() -> None:
    # 100 px at 11 px: 6.82 px a character, so 14 characters a line
    assert fit_text("Chinese New Year (Spring Festival)", 100, 3) == [
        "Chinese New",
        "Year (Spring",
        "Festival)",
    ]
    assert fit_text("Chinese New Year (Spring Festival)", 100, 2) == ["Chinese New", "Year (Spring…"]
    assert fit_text("closed", 100, 3) == ["closed"]
    # 40 px hold 5 characters (34.1 px; 6 are 40.92): "Subst", then "itute" leaves "d" over, so the
    # last line ends with "…" and gives up a character for it
    assert fit_text("Substituted", 40, 2) == ["Subst", "itut…"]
    assert fit_text("Substituted", 40, 3) == ["Subst", "itute", "d"]


@pytest.mark.parametrize(
    ("level", "reported", "region"),
    [
        ("P1", "2026-02-13T16:30", "北京"),
        ("P3", "2026-02-13T16:30", None),
        ("P3", "2026-03-27T11:00", None),  # due Wed 1 Apr: the day label sits at the right edge
        ("P2", "2026-01-01T09:00", None),
        ("P1", "2026-03-02T23:50", None),
    ],
)
def test_every_label_of_a_timeline_lies_inside_the_drawing(
    level: str, reported: str, region: str | None
) -> None:
    for d in CONTRACT.deadlines(level, reported_at=reported, region=region).values():
        if d.due is None:
            continue
        svg = _svg(d._repr_html_())
        width = float(svg.get("viewBox").split()[2])
        assert width == float(svg.get("width"))
        height = float(svg.get("viewBox").split()[3])
        texts = [e for e in svg.iter(f"{SVG}text") if e.get("class") != "sl-band-label"]
        ticks = []
        for e in texts:
            left, right, top, bottom = _box(e)
            text = "".join(e.itertext())
            assert 0 <= left, text
            assert right <= width, text
            assert 0 <= top, text
            assert bottom <= height, text
            if e.get("y") == texts[-1].get("y"):
                continue
            ticks.append((left, right, float(e.get("y"))))
        rows: dict[float, list[tuple[float, float]]] = {}
        for left, right, y in ticks:
            rows.setdefault(y, []).append((left, right))
        for row in rows.values():  # labels in a row do not overlap
            row.sort()
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(row))


# -------------------------------------------------------------------------------- compliance chart
GOALS = pd.DataFrame(
    {
        "month": ["2026-01", "2026-01", "2026-01", "2026-02", "2026-03", "2026-03"],
        "level": ["P1", "P2", "P3", "P1", "P2", "P3"],
        "metric": ["response"] * 6,
        "met": [19, 9, 3, 1, 0, 5],
        "breached": [1, 1, 1, 0, 2, 0],
        "goal": [0.95, 0.9, 0.8, 0.95, 0.9, 0.8],
    }
)


def _grid(svg: ET.Element) -> dict[str, float]:
    """The y of the 0 %, 50 % and 100 % lines, by their labels."""
    out = {}
    for e in svg.iter(f"{SVG}text"):
        if (e.text or "").endswith("%") and e.get("x") == "4":
            out[e.text or ""] = float(e.get("y")) - 4
    return out


def test_bars_stand_in_their_period_group_with_counts_and_a_legend() -> None:
    svg = _svg(ComplianceChart(GOALS)._repr_html_())
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
            left, right, _, _ = _box(label)
            x0, x1 = groups[g.get("data-period")]
            assert label.text == g.get("data-period")
            assert x0 <= left
            assert right <= x1
    counts = {}
    for g in svg.iter(f"{SVG}g"):
        for e in g.iter(f"{SVG}text"):
            if e.get("class") == "sl-count":
                counts[(g.get("data-period"), e.get("data-level"))] = e.text
                left, right, _, _ = _box(e, 9)
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
        boxes = [_box(e, 9) for e in g.iter(f"{SVG}text") if e.get("font-size") == "9"]
        for a, b in itertools.combinations(boxes, 2):
            assert not _overlap(a, b)


def test_goal_lines_sit_at_the_goals() -> None:
    svg = _svg(ComplianceChart(GOALS, metric="response")._repr_html_())
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
    labels = [_box(e) for e in svg.iter(f"{SVG}text") if "goal" in "".join(e.itertext())]
    for a, b in itertools.combinations(labels, 2):
        assert not _overlap(a, b)
    # no goal in the table: no line; goals differing between pooled metrics: no line either
    assert "data-goal" not in ComplianceChart(GOALS.drop(columns="goal"))._repr_html_()
    mixed = pd.concat([GOALS, GOALS.assign(metric="resolution", goal=0.5)], ignore_index=True)
    assert "data-goal" not in ComplianceChart(mixed)._repr_html_()
    assert "data-goal='0.5'" in ComplianceChart(mixed, metric="resolution")._repr_html_()


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
    svg = _svg(ComplianceChart(c.compliance(frame, by="month"), metric="response")._repr_html_())
    (line,) = [e for e in svg.iter(f"{SVG}line") if e.get("data-goal")]
    assert line.get("data-level") == "P1"
    base = _grid(svg)["0%"]
    assert float(line.get("y1")) == pytest.approx(base - 0.95 * 160, abs=0.01)


def test_views_stay_self_contained() -> None:
    fragments = [
        _incident().view("2026-03-02T14:00")._repr_html_(),
        CONTRACT.deadlines("P3", reported_at="2026-02-13T16:30")["resolution"]._repr_html_(),
        ComplianceChart(GOALS)._repr_html_(),
    ]
    for f in fragments:
        assert "<script" not in f
        assert "http" not in f.replace("http://www.w3.org/2000/svg", "")  # nothing fetched
        assert "#000" not in f  # colours follow the theme
        assert "#fff" not in f
