"""What every view shares: the page (style sheet, fragment, tables), escaping, formats, text widths,
and the one ``_repr_html_`` of the view classes.

Views are self-contained fragments (no JavaScript, no external files): one
``<div class="sl-view">`` with its own ``<style>``. Colours are translucent
tints over ``currentColor`` text, so a fragment reads in light and dark
themes; every coloured thing also carries a text label (colour is never the
only signal). Every fragment is well-formed XML, which the tests check.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = [
    "FONTS",
    "STYLE",
    "esc",
    "fit_text",
    "fmt_duration",
    "fmt_instant",
    "fragment",
    "table",
    "text_width",
    "unique_id",
]

# The system's UI font, then CJK fonts by platform (Noto/Source Han on Linux — Debian's
# fonts-noto-cjk —, PingFang and Hiragino on macOS, Microsoft YaHei on Windows, WenQuanYi as the
# old Linux fallback), so holiday names, grades and regions in Chinese never draw as empty boxes
FONTS = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "Noto Sans SC", '
    '"Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", sans-serif'
)

STYLE = (
    """
.sl-view { font-family: """
    + FONTS
    + """; font-size: 13px; line-height: 1.35; color: inherit; }
.sl-view table { border-collapse: collapse; margin: 4px 0 8px; }
.sl-view caption { caption-side: top; text-align: left; font-weight: 600; padding: 2px 0 4px; }
.sl-view th, .sl-view td { border: 1px solid rgba(127,127,127,0.45); padding: 3px 6px; vertical-align: top;
  text-align: left; }
.sl-view th { background: rgba(127,127,127,0.12); }
.sl-view .sl-muted { opacity: 0.7; }
.sl-view .sl-open { background: rgba(46,160,67,0.16); }
.sl-view .sl-closed { background: rgba(127,127,127,0.16); }
.sl-view .sl-holiday { background: rgba(218,54,51,0.16); }
.sl-view .sl-makeup { background: rgba(31,111,235,0.18); }
.sl-view .sl-special { background: rgba(191,135,0,0.20); }
.sl-view .sl-met { background: rgba(46,160,67,0.18); }
.sl-view .sl-breached { background: rgba(218,54,51,0.20); }
.sl-view .sl-running, .sl-view .sl-paused { background: rgba(31,111,235,0.16); }
.sl-view .sl-other { background: transparent; }
.sl-view table.sl-month { table-layout: fixed; width: 100%; max-width: 770px; }
.sl-view table.sl-month td { overflow-wrap: anywhere; }
.sl-view .sl-day { min-height: 58px; }
.sl-view .sl-num { font-weight: 600; }
.sl-view svg { display: block; margin: 4px 0; }
.sl-view svg text { fill: currentColor; font-size: 11px; }
.sl-view svg .sl-axis { stroke: currentColor; stroke-width: 1; }
.sl-view svg .sl-win { fill: rgba(46,160,67,0.45); }
.sl-view svg .sl-shut { fill: rgba(127,127,127,0.18); }
.sl-view svg .sl-hol { fill: rgba(218,54,51,0.22); }
.sl-view svg .sl-due { stroke: rgb(218,54,51); stroke-width: 2; }
.sl-view svg .sl-now { stroke: currentColor; stroke-width: 1.5; stroke-dasharray: 4 3; }
.sl-view svg .sl-bar-met { fill: rgba(46,160,67,0.55); }
.sl-view svg .sl-bar-breached { fill: rgba(218,54,51,0.55); }
.sl-view svg .sl-bar-running, .sl-view svg .sl-bar-paused { fill: rgba(31,111,235,0.45); }
.sl-view svg .sl-bar-pending { fill: rgba(127,127,127,0.30); }
.sl-view svg .sl-event { fill: currentColor; }
.sl-view svg .sl-esc { fill: rgb(191,135,0); }
.sl-view svg .sl-uncounted { fill: none; stroke: currentColor; stroke-width: 1; stroke-dasharray: 3 2;
  stroke-opacity: 0.7; }
.sl-view svg .sl-break { fill: rgba(127,127,127,0.10); }
.sl-view svg .sl-break-mark { stroke: currentColor; stroke-width: 1.2; fill: none; }
.sl-view svg .sl-mark { stroke: currentColor; stroke-width: 1; stroke-dasharray: 1 2; }
.sl-view svg .sl-reclass { fill: rgb(137,87,229); }
.sl-view svg .sl-reopen { fill: rgb(31,111,235); }
.sl-view svg .sl-earlier { opacity: 0.45; }
.sl-view svg .sl-goal { stroke-width: 1.5; stroke-dasharray: 6 3; }
.sl-view svg .sl-group { fill: rgba(127,127,127,0.07); }
.sl-view svg .sl-lv0 { fill: rgba(31,111,235,0.60); stroke: rgb(31,111,235); }
.sl-view svg .sl-lv1 { fill: rgba(191,135,0,0.60); stroke: rgb(191,135,0); }
.sl-view svg .sl-lv2 { fill: rgba(137,87,229,0.60); stroke: rgb(137,87,229); }
.sl-view svg .sl-lv3 { fill: rgba(27,150,160,0.60); stroke: rgb(27,150,160); }
.sl-view svg .sl-lv4 { fill: rgba(200,80,140,0.60); stroke: rgb(200,80,140); }
.sl-view svg .sl-lv5 { fill: rgba(127,127,127,0.60); stroke: rgb(127,127,127); }
.sl-view svg rect[class^='sl-lv'] { stroke-width: 0; }
.sl-view .sl-scroll { overflow-x: auto; }
"""
)

_ids = itertools.count(1)


def esc(value: object) -> str:
    """Text for HTML and SVG (quotes escaped too, for attributes)."""
    return html.escape(str(value), quote=True)


def unique_id(prefix: str) -> str:
    """An element id unique within a notebook session (SVG patterns are looked up by id)."""
    return f"sl-{prefix}-{next(_ids)}"


def text_width(text: str, size: float = 11) -> float:
    """The width of ``text`` in px, estimated: 0.62 em a character, 1 em a wide (CJK) one.

    No font metrics without a browser, so labels are placed by this estimate, on
    the generous side for the sans-serif fonts of notebooks.
    """
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in ("W", "F"))
    return round((len(text) - wide) * 0.62 * size + wide * size, 2)


_CLOSING = set("）」』】〕〉》，。、；：！？")  # never start a line (kinsoku): kept with the piece before
_OPENING = set("（「『【〔〈《")  # never end a line: kept with the piece after


def _tokens(text: str) -> list[tuple[str, bool]]:
    """The pieces a label may break between: words, and each wide (CJK) character on its own (a
    line may break between two Chinese characters, never inside a word, nor before a closing or
    after an opening bracket); each with whether it is joined to the piece before without a space."""
    out: list[tuple[str, bool]] = []
    for word in text.split():
        piece, glued, opening = "", False, ""
        for c in word:
            if c in _CLOSING and (piece or out):
                if piece:
                    piece += c
                else:
                    out[-1] = (out[-1][0] + c, out[-1][1])
            elif c in _OPENING:
                if piece:
                    out.append((piece, glued))
                    piece, glued = "", True
                opening += c
            elif unicodedata.east_asian_width(c) in ("W", "F"):
                if piece:
                    out.append((piece, glued))
                    glued = True
                out.append((opening + c, glued))
                piece, glued, opening = "", True, ""
            else:
                piece += opening + c if not piece else c
                opening = ""
        if piece or opening:
            out.append((piece + opening, glued))
    return out


def _joined(tokens: Sequence[tuple[str, bool]]) -> str:
    return "".join((t if glued or i == 0 else " " + t) for i, (t, glued) in enumerate(tokens))


def fit_text(text: str, width: float, lines: int, size: float = 11) -> list[str]:
    """``text`` wrapped into at most ``lines`` lines of ``width`` px, breaking at spaces (and
    between CJK characters), never inside a word: a word too long for a line ends the label there.
    The last line ends with "…" when text is left over, whole words giving way to it.

    Examples:
        >>> fit_text("Chinese New Year (Spring Festival)", 100, 2)
        ['Chinese New', 'Year (Spring…']
        >>> fit_text("春节 2026-02-15", 40, 2)
        ['春节…']
    """
    tokens = _tokens(text)
    out: list[list[tuple[str, bool]]] = []
    i = 0
    while i < len(tokens) and len(out) < lines:
        line: list[tuple[str, bool]] = []
        while i < len(tokens) and text_width(_joined([*line, tokens[i]]), size) <= width:
            line.append(tokens[i])
            i += 1
        if not line:  # a word wider than a line: not cut, the label ends before it
            break
        out.append(line)
    if i < len(tokens) and out:  # text left over: "…" at the end of the last line
        last = out[-1]
        while last and text_width(_joined(last) + "…", size) > width:
            last.pop()
        if not last and text_width("…", size) > width:
            out.pop()
        else:
            out[-1] = [*last, ("…", True)]
    return [_joined(line) for line in out]


def fmt_instant(t: dt.datetime | None, with_zone: bool = True) -> str:
    """An instant as the views write it, ``Mon 2026-03-02 10:00 +08:00`` (seconds only when set, the offset
    unless ``with_zone`` is false); "—" for none."""
    if t is None:
        return "—"
    text = t.strftime("%a %Y-%m-%d %H:%M")
    if t.second or t.microsecond:
        text += t.strftime(":%S")
    return f"{text} {t.strftime('%z')[:3]}:{t.strftime('%z')[3:]}" if with_zone else text


def fmt_duration(value: dt.timedelta | None) -> str:
    """Business time as contracts write it (``1h30m``), negative when over (``-10m``)."""
    from servicelevel.terms import format_term

    if value is None:
        return "—"
    if value == dt.timedelta(0):
        return "0"
    return format_term(value) if value > dt.timedelta(0) else f"-{format_term(-value)}"


def table(
    caption: str,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    classes: Iterable[str] | None = None,
    css: str = "",
) -> str:
    """A table of already escaped cells; ``classes`` gives a CSS class per row, ``css`` the table's."""
    out = [f"<table class='{css}'>" if css else "<table>", f"<caption>{esc(caption)}</caption>"]
    if any(header):  # key/value tables go without a header row
        out.append("<thead><tr>")
        out.extend(f"<th scope='col'>{esc(h)}</th>" for h in header)
        out.append("</tr></thead>")
    out.append("<tbody>")
    row_classes = iter(classes) if classes is not None else None
    for row in rows:
        cls = next(row_classes, "") if row_classes is not None else ""
        out.append(f"<tr class='{cls}'>" if cls else "<tr>")
        out.extend(f"<td>{cell}</td>" for cell in row)
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def fragment(*parts: str, label: str) -> str:
    """One self-contained view: its style, then its parts."""
    return (
        f"<div class='sl-view' role='group' aria-label='{esc(label)}'><style>{STYLE}</style>"
        + "".join(parts)
        + "</div>"
    )
