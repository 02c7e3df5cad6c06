"""The tour notebook runs on a real kernel and shows the views (nbclient)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from servicelevel import Incident, load_contract

ROOT = Path(__file__).resolve().parents[2]


def _html(cell: dict) -> str:
    for out in cell.get("outputs", []):
        if "text/html" in out.get("data", {}):
            return str(out["data"]["text/html"])
    raise AssertionError(f"no HTML output in {cell['source'][:60]!r}")


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::RuntimeWarning", "ignore::ResourceWarning")
def test_tour_notebook_runs_and_shows_the_views() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(ROOT / "examples" / "tour.ipynb", as_version=4)  # run where Jupyter runs it
    nbclient.NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "examples")}}
    ).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    calendar, month, contract, deadline, incident, report, chart = (_html(c) for c in code)
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
