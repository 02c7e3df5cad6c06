"""Views render in a real browser (headless Chromium): not blank, readable in light and dark themes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from servicelevel import Incident, load_contract

ROOT = Path(__file__).resolve().parents[2]
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(BROWSER is None, reason="no Chromium: apt install chromium (see README)")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_deadline_view_renders_in_chromium(tmp_path: Path) -> None:
    """The deadline view renders in Chromium, not blank, with its open windows and due line drawn."""
    image = pytest.importorskip("PIL.Image")
    contract = load_contract(ROOT / "examples" / "contract.toml")
    deadline = contract.deadlines("P3", reported_at="2026-02-13T16:30")["resolution"]  # across the festival
    page = tmp_path / "deadline.html"
    page.write_text(
        f"<!doctype html><meta charset='utf-8'><body>{deadline._repr_html_()}</body>", encoding="utf-8"
    )
    shot = tmp_path / "deadline.png"
    subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--window-size=800,420", f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pixels = image.open(shot).convert("RGB")
    colours = list(pixels.getdata())
    inked = [c for c in colours if sum(c) < 600]  # anything but the white page
    assert len(inked) > 0.02 * len(colours), "the page is blank"
    # the drawing itself: green open windows, the red due line, the pink holiday band
    assert any(g > r + 40 and g > b + 40 for r, g, b in colours), "no open windows drawn"
    assert any(r > 180 and g < 100 and b < 100 for r, g, b in colours), "no due line drawn"


def _shoot(
    tmp_path: Path, name: str, fragment: str, dark: bool, size: str = "800,520"
) -> list[tuple[int, ...]]:
    """The fragment on a light or dark page, as Chromium draws it: its pixels."""
    image = pytest.importorskip("PIL.Image")
    style = "background:#111;color:#eee" if dark else "background:#fff;color:#111"
    page = tmp_path / f"{name}.html"
    page.write_text(
        f"<!doctype html><meta charset='utf-8'><body style='{style};margin:8px'>{fragment}</body>",
        encoding="utf-8",
    )
    shot = tmp_path / f"{name}.png"
    assert BROWSER is not None
    subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--window-size={size}", f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return list(image.open(shot).convert("RGB").getdata())


def _reads(colours: list[tuple[int, ...]], dark: bool) -> None:
    """Text and marks stand out from the page in its theme, and something is coloured."""
    # light text on the dark page, dark text on the light one
    ink = [c for c in colours if (sum(c) > 450 if dark else sum(c) < 300)]
    assert len(ink) > 0.003 * len(colours), "no text that stands out from the page"
    coloured = [c for c in colours if max(c) - min(c) > 40]
    assert len(coloured) > 0.002 * len(colours), "nothing coloured: no states, bars or windows"


@pytest.mark.skipif(BROWSER is None, reason="no Chromium: apt install chromium (see README)")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_incident_view_reads_in_both_themes(tmp_path: Path, dark: bool) -> None:
    """The incident view's text and colours stand out in Chromium, on a light page and a dark one."""
    contract = load_contract(ROOT / "examples" / "contract.toml")
    incident = (
        Incident.open(contract, level="P3", reported_at="2026-02-13T16:30", region="北京")
        .responded("2026-02-13T16:45")
        .reclassified("2026-02-13T17:00", "P2")
        .resolved("2026-02-14T10:00")
        .reopened("2026-02-14T11:00")
    )
    colours = _shoot(tmp_path, "incident", incident.view("2026-02-14T12:00")._repr_html_(), dark, "800,700")
    _reads(colours, dark)


@pytest.mark.skipif(BROWSER is None, reason="no Chromium: apt install chromium (see README)")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_compliance_chart_reads_in_both_themes(tmp_path: Path, dark: bool) -> None:
    """The compliance chart's text and colours stand out in Chromium, on a light page and a dark one."""
    pd = pytest.importorskip("pandas")
    from servicelevel.views import ComplianceChart

    table = pd.DataFrame(
        {
            "month": ["2026-01", "2026-01", "2026-02", "2026-02"],
            "level": ["P1", "P2", "P1", "P2"],
            "metric": ["response"] * 4,
            "met": [9, 3, 1, 0],
            "breached": [1, 1, 0, 1],
            "goal": [0.95, 0.9, 0.95, 0.9],
        }
    )
    colours = _shoot(tmp_path, "chart", ComplianceChart(table, by="month")._repr_html_(), dark)
    _reads(colours, dark)
