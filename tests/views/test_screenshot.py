"""A deadline's view renders in a real browser (headless Chromium): the page is not blank."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from servicelevel import load_contract

ROOT = Path(__file__).resolve().parents[2]
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(BROWSER is None, reason="no Chromium: apt install chromium (see README)")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_deadline_view_renders_in_chromium(tmp_path: Path) -> None:
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
