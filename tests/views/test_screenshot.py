"""Views render in a real browser (headless Chromium): not blank, readable in light and dark themes."""

from __future__ import annotations

import itertools
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


def _dom(tmp_path: Path, name: str, body: str, size: str = "1280,900") -> str:
    """The page after Chromium ran its scripts (``--dump-dom``): what a script measured is in it."""
    page = tmp_path / f"{name}.html"
    page.write_text(
        f"<!doctype html><meta charset='utf-8'><body style='margin:0'>{body}</body>", encoding="utf-8"
    )
    assert BROWSER is not None
    done = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", f"--window-size={size}",
         "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
        check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return done.stdout


@pytest.mark.skipif(BROWSER is None, reason="no Chromium: apt install chromium (see README)")
def test_the_month_grid_fits_the_docs_text_column(tmp_path: Path) -> None:
    """Issue #27: the docs' month grid (support, February 2026) is not clipped at 1280 px. Material for
    MkDocs gives its text 688 px there (measured on the built views page: 289 to 977 px); the grid
    must fit that column instead of running 850 px wide past it."""
    contract = load_contract(ROOT / "examples" / "contract.toml")
    grid = contract.calendar("support").month(2026, 2)._repr_html_()
    script = (
        "<script>addEventListener('load', () => { const t = document.querySelector('table');"
        "const c = document.getElementById('column').getBoundingClientRect();"
        "const r = t.getBoundingClientRect(); document.body.dataset.fit = "
        "[Math.round(r.left), Math.round(r.right), Math.round(c.left), Math.round(c.right)].join(','); });"
        "</script>"
    )
    dom = _dom(
        tmp_path, "month", f"<div id='column' style='width:688px;margin-left:289px'>{grid}</div>{script}"
    )
    left, right, c_left, c_right = (int(v) for v in dom.split('data-fit="')[1].split('"')[0].split(","))
    assert c_left <= left, (left, c_left)
    assert right <= c_right, (right, c_right)


@pytest.mark.skipif(BROWSER is None, reason="no Chromium: apt install chromium (see README)")
@pytest.mark.skipif(
    not (
        shutil.which("fc-list")
        and subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip()
    ),
    reason="no CJK font installed (fc-list :lang=zh is empty): apt install fonts-noto-cjk",
)
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_chinese_text_draws_without_tofu(tmp_path: Path) -> None:
    """Issue #27: where a CJK font is installed, the views' font stack draws Chinese, not tofu. A
    missing glyph draws the same empty box for every character, so four characters drawn in the
    views' style must all differ from each other and from a private-use character (always a box)."""
    image = pytest.importorskip("PIL.Image")
    from servicelevel.views._html import STYLE

    chars = ["春", "节", "除", "夕", "\ue000"]
    cells = "".join(
        f"<span style='position:absolute;left:{10 + 80 * i}px;top:10px;font-size:60px;line-height:70px'>{c}</span>"
        for i, c in enumerate(chars)
    )
    page = tmp_path / "cjk.html"
    page.write_text(
        f"<!doctype html><meta charset='utf-8'><body style='margin:0;background:#fff;color:#000'>"
        f"<div class='sl-view'><style>{STYLE}</style>{cells}</div></body>",
        encoding="utf-8",
    )
    shot = tmp_path / "cjk.png"
    assert BROWSER is not None
    subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--window-size=420,100", f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    picture = image.open(shot).convert("L")
    crops = [picture.crop((10 + 80 * i, 10, 10 + 80 * i + 70, 80)).tobytes() for i in range(len(chars))]
    assert all(any(p < 128 for p in crop) for crop in crops), "a character drew nothing at all"
    for a, b in itertools.combinations(range(len(chars)), 2):
        assert crops[a] != crops[b], f"{chars[a]!r} and {chars[b]!r} drew the same box: tofu"
