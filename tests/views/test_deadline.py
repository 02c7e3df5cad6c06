"""A deadline's view: the timeline (scaled axis, what a counting rule counts, closed days and holidays
named, pauses hatched, due and start marked, labels inside the drawing) over its explanation.

Expected positions are worked out by hand from the layout: the axis spans x 12 to 748 and its
instants from the start less 3 % of the span to the due plus 6 %.
"""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import Incident
from servicelevel.views import html
from tests.views.drawing import CONTRACT, SVG, label_width, read_svg, read_xml, sh, text_box


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 200 * 24 * 60), st.sampled_from(["P1", "P2", "P3"]), st.sampled_from([None, "北京"]))
def test_timeline_marks_the_due_instant(minutes: int, level: str, region: str | None) -> None:
    """Any report instant, level, region: the due and start lines hold `due` and `start`, or text says why."""
    reported = pendulum.datetime(2026, 1, 5, tz="Asia/Shanghai") + dt.timedelta(minutes=minutes)
    for name, d in CONTRACT.deadlines(level, reported_at=reported, region=region).items():
        root = read_xml(d._repr_html_())
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
    """Across the Spring Festival the holiday is named; a paused clock's timeline hatches its pause."""
    d = CONTRACT.deadlines("P3", reported_at="2026-02-13T16:30")["resolution"]  # across the festival
    text = " ".join(read_xml(d._repr_html_()).itertext())
    assert "holiday: Chinese New Year (Spring Festival)" in text
    inc = (
        Incident.open(CONTRACT, level="P3", reported_at="2026-03-02T10:00")
        .paused("2026-03-02T11:00")
        .resumed("2026-03-03T11:00")
    )
    paused = inc.deadlines("2026-03-04T00:00")["resolution"]
    root = read_xml(paused._repr_html_())
    hatched = [e for e in root.iter() if (e.get("fill") or "").startswith("url(#")]
    assert len(hatched) == 1
    assert "paused" in "".join(hatched[0].itertext())


def test_timeline_of_an_explanation_with_fixed_offsets() -> None:
    """An Explanation in plain UTC+8 datetimes (no IANA zone) still draws its days and its due."""
    # an Explanation built by hand with plain UTC+8 datetimes (no IANA zone) still draws its days
    exp = CONTRACT.deadlines("P3", reported_at="2026-02-13T16:30")["resolution"].explain()
    plus8 = dt.timezone(dt.timedelta(hours=8))
    fixed = attrs.evolve(exp, start=exp.start.astimezone(plus8), due=exp.due.astimezone(plus8))
    root = read_xml(html(fixed))
    (line,) = [e for e in root.iter() if e.get("data-due")]
    assert dt.datetime.fromisoformat(line.get("data-due")) == exp.due
    assert "holiday: Chinese New Year (Spring Festival)" in " ".join(root.itertext())


def test_working_day_term_does_not_count_its_start_day() -> None:
    """P1 in 北京, reported Fri 13 Feb 16:30: fixed within 1 working day on 'support' (08:30-17:30).
    The start day is not counted; the one working day is the make-up Saturday, due 17:30.

    Axis: 15:45 Fri (start less 3 % of 25 h) to 19:00 Sat (due plus 6 %), 27.25 h on x 12 to 748."""
    d = CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30", region="北京")["resolution"]
    exp = d.explain()
    assert exp.windows == ((sh(2026, 2, 14, 8, 30), sh(2026, 2, 14, 17, 30)),)
    assert exp.uncounted == ((sh(2026, 2, 13, 16, 30), sh(2026, 2, 13, 17, 30)),)
    assert any("start day Fri 2026-02-13 is not counted" in n for n in exp.notes)
    assert "working days counted: Sat 02-14" in exp.notes
    assert "open time counted: Sat 02-14 08:30-17:30" in str(exp)

    def x(hours_after_1545: float) -> float:
        return 12 + hours_after_1545 / 27.25 * 736

    svg = read_svg(d._repr_html_())
    (counted,) = [e for e in svg.iter(f"{SVG}rect") if e.get("class") == "sl-win"]
    assert float(counted.get("x")) == pytest.approx(x(16.75), abs=0.02)  # Sat 08:30
    assert float(counted.get("x")) + float(counted.get("width")) == pytest.approx(x(25.75), abs=0.02)
    (left_out,) = [e for e in svg.iter(f"{SVG}rect") if e.get("class") == "sl-uncounted"]
    assert float(left_out.get("x")) == pytest.approx(x(0.75), abs=0.02)  # Fri 16:30 to 17:30
    assert float(left_out.get("width")) == pytest.approx(x(1.75) - x(0.75), abs=0.02)
    assert "not counted" in "".join(left_out.itertext())


def test_business_time_counts_from_the_moment() -> None:
    """A term in business time counts from the report itself: nothing is drawn as left out."""
    d = CONTRACT.deadlines("P2", reported_at="2026-02-13T16:50")["response"]  # 30 min on the desk
    exp = d.explain()
    assert exp.uncounted == ()
    assert exp.windows == (
        (sh(2026, 2, 13, 16, 50), sh(2026, 2, 13, 17)),
        (sh(2026, 2, 14, 9), sh(2026, 2, 14, 9, 20)),
    )
    assert not [e for e in read_svg(d._repr_html_()).iter() if e.get("class") == "sl-uncounted"]


def test_holiday_bands_are_labelled_with_their_names() -> None:
    """Holidays in a row make one band naming them all in the calendar's language (Chinese for a CN
    calendar, issue #27) with ISO dates, each line fitting it and no word cut; the tooltip says
    holiday and gives the English names too."""
    d = CONTRACT.deadlines("P3", reported_at="2026-02-13T16:30")["resolution"]  # across the festival
    svg = read_svg(d._repr_html_())
    labels = [e for e in svg.iter(f"{SVG}text") if e.get("class") == "sl-band-label"]
    lines = {
        "".join(t.text or "" for t in e.iter(f"{SVG}tspan")): [t.text or "" for t in e.iter(f"{SVG}tspan")]
        for e in labels
    }
    # Mon 16 to Fri 20 are holidays in a row (除夕, 春节, and a day off moved from Sat 14 Feb): one
    # band of five days (about 280 px) holds the three names in Chinese and the run's ISO dates
    festival = next(k for k in lines if k.startswith("农历除夕"))
    assert festival.replace(" ", "") == "农历除夕·春节·休息日（由2026-02-14调休）2026-02-16–2026-02-20"
    assert not any(k.startswith("holiday:") for k in lines)
    for e in labels:  # every line fits its band, and no Latin word or date is cut
        text = " ".join(e.find(f"{SVG}title").text.split(": ", 1)[1:])
        for t in e.iter(f"{SVG}tspan"):
            assert label_width(t.text or "") <= float(e.get("data-width")) + 0.01
            for word in (t.text or "").rstrip("…").split():
                if word.isascii():
                    assert word in e.find(f"{SVG}title").text, (word, text)
    titles = ["".join(t.itertext()) for t in svg.iter(f"{SVG}title")]
    assert any(
        t.startswith(
            "2026-02-16 – 2026-02-20: holiday: 农历除夕 (Chinese New Year's Eve) · 春节 (Chinese New Year "
            "(Spring Festival))"
        )
        for t in titles
    )


def test_holiday_names_follow_the_calendars_country() -> None:
    """A German calendar's band says Karfreitag (the holidays package's German name for Good Friday,
    3 Apr 2026); a supplied holiday keeps the name it was given."""
    from servicelevel import BusinessCalendar, Contract, FaultLevel, Target

    de = BusinessCalendar.preset(
        "5x8", tz="Europe/Berlin", country="DE", extra_holidays={"2026-04-02": "Betriebsruhe"}
    )
    contract = Contract(
        id="de", calendars={"office": de},
        levels=[FaultLevel(key="P1", targets={"resolution": Target(within="2 working days", calendar="office")})],
    )  # fmt: skip
    d = contract.deadlines("P1", reported_at="2026-04-01T10:00")["resolution"]  # Wed; Thu, Fri, Mon off
    svg = read_svg(d._repr_html_())
    texts = ["".join(t.text or "" for t in e.iter(f"{SVG}tspan")) for e in svg.iter(f"{SVG}text")
             if e.get("class") == "sl-band-label"]  # fmt: skip
    assert any(t.startswith("Betriebsruhe · Karfreitag") for t in texts), texts
    assert not any("Good Friday" in t for t in texts)


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
    """A timeline's labels lie inside its viewBox, and tick labels in a row do not overlap."""
    for d in CONTRACT.deadlines(level, reported_at=reported, region=region).values():
        if d.due is None:
            continue
        svg = read_svg(d._repr_html_())
        width = float(svg.get("viewBox").split()[2])
        assert width == float(svg.get("width"))
        height = float(svg.get("viewBox").split()[3])
        texts = [e for e in svg.iter(f"{SVG}text") if e.get("class") != "sl-band-label"]
        ticks = []
        for e in texts:
            left, right, top, bottom = text_box(e)
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
