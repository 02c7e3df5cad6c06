"""The incident view: a lane per metric in its state, an axis scaled to what matters with breaks,
labels placed without overlap, reclassifications and reopenings across the lanes.

Expected positions are worked out by hand from the layout: the axis spans x 200 to 720 from the
report to the later of ``at`` and the last due, each compressed stretch taking 16 px.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from servicelevel import Incident
from tests.views.drawing import CONTRACT, SVG, example_incident, overlaps, read_svg, read_xml, sh, text_box


def test_incident_lanes_show_each_metric_in_its_state() -> None:
    """A lane per metric, its state written and its due marked; the instant marked; escalation roles named."""
    inc = example_incident()
    at = "2026-03-02T14:00"
    root = read_xml(inc.view(at)._repr_html_())
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


def test_a_fresh_incident_shows_as_of_its_report() -> None:
    """An incident without events shows as of its report: its clocks running, the report pending."""
    inc = Incident.open(CONTRACT, level="P2", reported_at="2026-03-02T10:00")
    root = read_xml(inc._repr_html_())
    states = {g.get("data-metric"): g.get("data-state") for g in root.iter() if g.get("data-metric")}
    assert states == {
        "response": "running",
        "on_site": "running",
        "resolution": "running",
        "report": "pending",
    }
    assert "as of Mon 2026-03-02 10:00 +08:00" in root.get("aria-label")


def test_incident_axis_spends_its_width_on_open_hours() -> None:
    """P1 in 北京 reported Mon 2 Mar 10:00, seen at 14:00. The last due is the resolution's: 1 working
    day on 'support' (08:30-17:30) is Tue 17:30, moved by the hour paused to Wed 4 Mar 09:30.

    Only the resolution clock still runs; nothing happens from the planned escalation at Mon 18:00
    (+30 min) to Tue 08:30, nor from Tue 17:30 to Wed 08:30: two breaks. The rest, 10:00-18:30 (8.5 h),
    Tue 08:30-17:30 (9 h) and Wed 08:30-09:30 (1 h), 18.5 h, shares 520 - 2 × 16 = 488 px."""
    svg = read_svg(example_incident().view("2026-03-02T14:00")._repr_html_())
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
    """Every due, stop, role and instant label drawn, overlapping no label or marker, inside the drawing."""
    svg = read_svg(example_incident().view("2026-03-02T14:00")._repr_html_())
    labels = [e for e in svg.iter(f"{SVG}text") if e.get("class") == "sl-label"]
    texts = ["".join(e.itertext()) for e in labels]
    # escalation roles, due and stop labels, the instant: all drawn
    for expected in ("system engineer", "technical manager", "department general manager",
                     "marketing director", "general manager", "due 10:30", "met 10:20", "due 13:00",
                     "stopped 13:10", "due Wed 03-04 09:30"):  # fmt: skip
        assert expected in texts
    boxes = [text_box(e) for e in labels]
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        assert not overlaps(a, b), (texts[i], texts[j])
    markers = [e for e in svg.iter(f"{SVG}rect") if e.get("data-role")]
    assert len(markers) == 5  # four steps reached by 14:00 and the planned one at 18:00
    for m in markers:
        x, y = float(m.get("x")), float(m.get("y"))
        box = (x, x + float(m.get("width")), y, y + float(m.get("height")))
        assert not any(overlaps(box, b) for b in boxes)
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
    assert inc.status("2026-03-03T10:00")["resolution"].due == sh(2026, 3, 5, 11, 30)
    svg = read_svg(inc.view("2026-03-03T10:00")._repr_html_())
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


def test_pause_reasons_are_shown() -> None:
    """Issue #27: each pause's reason is in the pauses table (from, until, reason; an open one is
    still paused) and in the tooltip of its hatched band."""
    inc = example_incident()  # paused 11:00-12:00 "waiting for customer"
    inc = inc.paused("2026-03-02T13:30", reason="等待备件 (spare part)")
    root = read_xml(inc.view("2026-03-02T14:00")._repr_html_())
    (pauses,) = [t for t in root.iter("table") if t.find("caption").text == "pauses"]
    rows = [["".join(td.itertext()) for td in tr.findall("td")] for tr in pauses.find("tbody").findall("tr")]
    assert rows == [
        ["Mon 2026-03-02 11:00 +08:00", "Mon 2026-03-02 12:00 +08:00", "waiting for customer"],
        ["Mon 2026-03-02 13:30 +08:00", "still paused", "等待备件 (spare part)"],
    ]
    tips = {
        "".join(e.find(f"{SVG}title").itertext())
        for e in root.iter(f"{SVG}rect")
        if e.get("class") == "sl-paused"
    }
    assert "paused Mon 2026-03-02 11:00 +08:00 to Mon 2026-03-02 12:00 +08:00: waiting for customer" in tips
    # a pause without a reason has no reason row text but a dash, and no pauses table without pauses
    plain = Incident.open(CONTRACT, level="P3", reported_at="2026-03-02T10:00").paused("2026-03-02T10:30")
    root = read_xml(plain.view("2026-03-02T11:00")._repr_html_())
    (pauses,) = [t for t in root.iter("table") if t.find("caption").text == "pauses"]
    assert ["".join(td.itertext()) for td in pauses.find("tbody").find("tr").findall("td")][2] == "—"
    fresh = Incident.open(CONTRACT, level="P3", reported_at="2026-03-02T10:00")
    assert "<caption>pauses</caption>" not in fresh.view("2026-03-02T11:00")._repr_html_()


def test_updates_are_ticked_and_the_next_due_is_drawn() -> None:
    """Issue #29 §3: P1 owes an update every 2 h on the 7×24 hotline (example contract). Responded
    10:20, told 11:00 and 12:30: a green tick at each, the next update due 12:30 + 2 h = 14:30
    dashed, and a table saying running, 2 given, none missed, longest silence 1 h 30 (11:00-12:30)."""
    inc = (
        Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00")
        .responded("2026-03-02T10:20")
        .updated("2026-03-02T11:00", note="disk replaced")
        .updated("2026-03-02T12:30")
    )
    root = read_xml(inc.view("2026-03-02T13:00")._repr_html_())
    told = [e.get("data-at") for e in root.iter() if e.get("class") == "sl-update"]
    assert told == [sh(2026, 3, 2, 11).isoformat(), sh(2026, 3, 2, 12, 30).isoformat()]
    due = [e.get("data-at") for e in root.iter() if e.get("class") == "sl-update-due"]
    assert due == [sh(2026, 3, 2, 14, 30).isoformat()]
    table = next(t for t in root.iter("table") if "updates to the customer" in "".join(t.itertext()))
    cells = ["".join(td.itertext()) for td in table.find("tbody").iter("td")]
    assert (cells[0], cells[3], cells[4], cells[5]) == ("running", "2", "0", "1h30m")
