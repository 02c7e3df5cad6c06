"""What the view tests draw, and how they read the drawings back.

The example contract, calendar, incident and compliance table the tests share; the fragment parsed
as XML (which fails on anything not well-formed); the box a text element takes. Text widths are
estimated as the views estimate them, written again here rather than imported, so that a change to
the views' estimate shows: 0.62 em a character, 1 em a wide (CJK) one.
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pendulum

from servicelevel import BusinessCalendar, Incident, load_contract

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")
CN = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
SVG = "{http://www.w3.org/2000/svg}"
SH = "Asia/Shanghai"

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


def example_incident() -> Incident:
    """P1 in 北京 reported Mon 2 Mar 2026 10:00: responded 10:20, paused 11:00 to 12:00, on site 13:10."""
    inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00", region="北京")
    inc = inc.responded("2026-03-02T10:20").paused("2026-03-02T11:00", reason="waiting for customer")
    return inc.resumed("2026-03-02T12:00").arrived("2026-03-02T13:10")


def sh(*args: int) -> pendulum.DateTime:
    """An instant in Shanghai."""
    return pendulum.datetime(*args, tz=SH)


def read_xml(fragment: str) -> ET.Element:
    """The fragment parsed: raises on anything not well-formed."""
    return ET.fromstring(fragment)


def read_svg(fragment: str) -> ET.Element:
    """The one ``<svg>`` of a fragment."""
    (svg,) = ET.fromstring(fragment).iter(f"{SVG}svg")
    return svg


def label_width(text: str, size: float = 11) -> float:
    """The width of ``text`` in px as the views estimate it."""
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in ("W", "F"))
    return (len(text) - wide) * 0.62 * size + wide * size


def text_box(e: ET.Element, size: float = 11) -> tuple[float, float, float, float]:
    """(left, right, top, bottom) of a one-line text element."""
    text = "".join(e.itertext())
    x, y, w = float(e.get("x", 0)), float(e.get("y", 0)), label_width(text, size)
    anchor = e.get("text-anchor", "start")
    left = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
    return left, left + w, y - size, y


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two boxes (left, right, top, bottom) overlap."""
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]
