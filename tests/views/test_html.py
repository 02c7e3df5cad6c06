"""What every view shares: one well-formed fragment per public value (the same from ``_repr_html_``
and ``html``), colours that follow the theme, nothing fetched, text fitted to its room; and the
tour notebook, run on a real kernel (nbclient), showing them.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from servicelevel import Claim, Incident, load_contract
from servicelevel.views import ComplianceChart, html
from servicelevel.views._html import STYLE, fit_text
from tests.views.drawing import CN, CONTRACT, GOALS, ROOT, example_incident, read_xml


def _every_public_value() -> list[object]:
    d = CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30", region="北京")
    inc = example_incident()
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
    """Each public value's `_repr_html_`: one well-formed labelled fragment, no script, as `html(value)`."""
    for value in _every_public_value():
        fragment = value._repr_html_()  # type: ignore[attr-defined]
        root = read_xml(fragment)
        assert root.get("class") == "sl-view", type(value)
        assert root.get("aria-label"), type(value)
        assert "<script" not in fragment  # no JavaScript
        assert re.sub(r"sl-pause-\d+", "", fragment) == re.sub(r"sl-pause-\d+", "", html(value))


def test_colours_follow_the_theme() -> None:
    """The style sheet holds no fixed black or white."""
    # text takes the page's colour; tints are translucent, so light and dark themes both read
    for fixed in ("#000", "#fff", "black", "white"):
        assert fixed not in STYLE.lower()
    assert "color: inherit" in STYLE
    assert "fill: currentColor" in STYLE


def test_views_stay_self_contained() -> None:
    """Incident, deadline and chart views fetch nothing and fix no black or white."""
    fragments = [
        example_incident().view("2026-03-02T14:00")._repr_html_(),
        CONTRACT.deadlines("P3", reported_at="2026-02-13T16:30")["resolution"]._repr_html_(),
        ComplianceChart(GOALS)._repr_html_(),
    ]
    for f in fragments:
        assert "<script" not in f
        assert "http" not in f.replace("http://www.w3.org/2000/svg", "")  # nothing fetched
        assert "#000" not in f  # colours follow the theme
        assert "#fff" not in f


def test_fit_text_wraps_and_never_cuts_a_word() -> None:
    """`fit_text` wraps at spaces and between CJK characters, never inside a word (issue #27), and ends
    with … only when text is left, whole words giving way to it."""
    # 100 px at 11 px: 6.82 px a character, so 14 characters a line
    assert fit_text("Chinese New Year (Spring Festival)", 100, 3) == [
        "Chinese New",
        "Year (Spring",
        "Festival)",
    ]
    assert fit_text("Chinese New Year (Spring Festival)", 100, 2) == ["Chinese New", "Year (Spring…"]
    assert fit_text("closed", 100, 3) == ["closed"]
    # 40 px hold 5 narrow characters (34.1 px): "Substituted" (11) is never cut into "Subst" + "itute"
    assert fit_text("Substituted", 40, 3) == []
    # "New Year's Day" in 60 px (8 characters): "New" (20.46 px), "Year's" alone (40.92); "Day" is
    # left over for 2 lines and "Year's…" (47.74) still fits
    assert fit_text("New Year's Day", 60, 2) == ["New", "Year's…"]
    # wide characters are 11 px each: 40 px hold 3, and a line may break between them
    assert fit_text("中华人民共和国国庆节", 40, 3) == ["中华人", "民共和", "国国庆…"]
    # a date is a word: 2026-02-15 (68.2 px) does not fit 40 px, so the label ends before it
    assert fit_text("春节 2026-02-15", 40, 2) == ["春节…"]
    for text in ("Chinese New Year (Spring Festival)", "Mid-autumn Festival 2026-09-25", "Substituted"):
        for width in (20, 40, 60, 100):
            words = set(text.split())
            for line in fit_text(text, width, 3):
                assert set(line.rstrip("…").split()) <= words  # whole words only


def _cell_html(cell: dict) -> str:
    for out in cell.get("outputs", []):
        if "text/html" in out.get("data", {}):
            return str(out["data"]["text/html"])
    raise AssertionError(f"no HTML output in {cell['source'][:60]!r}")


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::RuntimeWarning", "ignore::ResourceWarning")
def test_tour_notebook_runs_and_shows_the_views() -> None:
    """The tour notebook runs on a real kernel; cells show their views, drawing what the library computes."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(ROOT / "examples" / "tour.ipynb", as_version=4)  # run where Jupyter runs it
    nbclient.NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "examples")}}
    ).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    calendar, month, contract, deadline, incident, report, chart = (_cell_html(c) for c in code)
    for fragment in (calendar, month, contract, deadline, incident, chart):
        assert ET.fromstring(fragment).get("class") == "sl-view"
    assert "BusinessCalendar.parse(&#x27;5x8 08:30-17:30&#x27;" in calendar
    assert "make-up working day 调休" in month
    assert "holiday: Chinese New Year (Spring Festival)" in month
    assert "24h" in contract
    assert "北京: 2h" in contract
    # the timeline marks the due the library computes: 1 working day from Fri 13 Feb, the make-up Saturday
    dues = [e.get("data-due") for e in ET.fromstring(deadline).iter() if e.get("data-due")]
    assert [dt.datetime.fromisoformat(d) for d in dues] == [
        dt.datetime.fromisoformat("2026-02-14T17:30:00+08:00")
    ]
    contract_value = load_contract(ROOT / "examples" / "contract.toml")
    inc = Incident.open(contract_value, level="P1", reported_at="2026-03-02T10:00", region="北京")
    inc = (
        inc.responded("2026-03-02T10:20")
        .paused("2026-03-02T11:00")
        .resumed("2026-03-02T12:00")
        .arrived("2026-03-02T13:10")
    )
    states = {
        g.get("data-metric"): g.get("data-state")
        for g in ET.fromstring(incident).iter()
        if g.get("data-metric")
    }
    assert states == {m: s.state for m, s in inc.status("2026-03-02T14:00").items()}
    assert "met_rate" in report  # pandas' own table of the compliance frame
    rates = [e.get("data-rate") for e in ET.fromstring(chart).iter() if e.get("data-rate")]
    assert len(rates) == 5  # Feb P1, Mar P2, Apr P2, Jun P3, Dec P3
