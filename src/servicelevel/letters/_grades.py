"""Fault grades: how letters name them, where a sentence names them, and one order of severity.

Grades come in many vocabularies: 一级故障, I 级, 重大故障, 重大级别故障, 系统级重大故障,
A类故障, P1, S-1, "A和B服务等级". One severity order serves the draft, `compare` and
`describe`: the letter's own order when it defines its grades (`Grade.rank`), else the
number in the name (一级 → 1, P2 → 2, S-3 → 3, A → 1), else the vocabulary order
`SEVERITY_WORDS` (致命 > 特别重大 > 紧急 > 重大 > 严重 > 较大 > 一般 > 次要 > 轻微).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["LEVEL", "SEVERITY_WORDS", "level_markers", "level_names", "order_grades", "severity"]

_WORDS = "特别重大|特大|重大|严重|紧急|一般|普通|轻微|较大|次要|重要|致命|关键"
_SCOPE = "界面|应用|系统|硬件|软件|网络|设备|数据|业务|平台"  # "系统级重大故障": a grade of a layer
LEVEL = re.compile(
    r"(?<![\d一二三四五六七八九十A-Za-z])(?:[一二三四五六七八九十]{1,3}|\d{1,2}|[IVⅠⅡⅢⅣ]+|[A-Ea-e])[级类]"
    r"(?:故障|事故|问题|事件)"
    rf"|(?:(?:{_SCOPE})级)?(?:{_WORDS})(?:级别)?(?:故障|事故|事件|问题)"
    rf"|(?:{_SCOPE})级(?:简易|简单)?(?:故障|事故|问题)"
    r"|(?<![A-Za-z])[PpSs]-?[1-5](?:级)?(?:故障|事件|问题)?(?![0-9A-Za-z])"
    r"|(?<![A-Za-z])[A-E](?:[和及、/][A-E])*(?:类|级)?(?:服务)?等级"
)
# The order of the words of severity, most severe first; a grade not named by one ranks last.
SEVERITY_WORDS: tuple[tuple[str, int], ...] = (
    ("致命", 1), ("特别重大", 1), ("特大", 1), ("紧急", 2), ("重大", 3), ("严重", 4), ("关键", 4),
    ("较大", 5), ("重要", 5), ("一般", 6), ("普通", 6), ("次要", 7), ("简易", 8), ("简单", 8), ("轻微", 8),
)  # fmt: skip
_DIGITS = "一二三四五六七八九"
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5}


def level_names(written: str) -> tuple[str, ...]:
    """The grades a phrase names, as written: "P1级问题" and "p1" are both P1, "S-1问题" is S-1,
    "A和B服务等级" names A and B.

    Examples:
        >>> level_names("P1级"), level_names("p2故障"), level_names("一级故障"), level_names("A和B服务等级")
        (('P1',), ('P2',), ('一级故障',), ('A', 'B'))
    """
    if m := re.match(r"[Pp]([1-5])", written):
        return (f"P{m[1]}",)
    if m := re.match(r"([Ss])-?([1-5])", written):
        return (written[: m.end()].upper(),)
    if re.fullmatch(r"[A-E](?:[和及、/][A-E])*(?:类|级)?(?:服务)?等级", written):
        return tuple(re.findall(r"[A-E]", written))
    return (written,)


def level_markers(compact: str, raw: str) -> list[tuple[int, tuple[str, ...]]]:
    """Where a sentence names grades: (start, names), the names as written in ``raw``."""
    return [(m.start(), level_names(raw[m.start() : m.end()])) for m in LEVEL.finditer(compact)]


def severity(level: str, ranks: dict[str, int] | None = None) -> tuple[int, int]:
    """How severe a grade is, (0, rank) when the letter ranks it (``ranks``), else from its name:
    (1, n) for a number in it, (2, n) for a word of `SEVERITY_WORDS`, (9, 0) for neither.
    Smaller is more severe; one order for the draft, `compare` and `describe`.

    Examples:
        >>> [severity(x)[1] for x in ("一级故障", "p3", "III级", "S-2", "B")]
        [1, 3, 3, 2, 2]
        >>> sorted(["一般故障", "严重故障", "重大故障", "紧急故障"], key=severity)
        ['紧急故障', '重大故障', '严重故障', '一般故障']
    """
    if ranks and level in ranks:
        return (0, ranks[level])
    if m := re.match(r"([一二三四五六七八九1-9])[级类]", level):
        return (1, _DIGITS.index(m[1]) + 1 if m[1] in _DIGITS else int(m[1]))
    if m := re.match(r"(?:级别)?([1-9])$|[PpSs]-?([1-5])|([IVⅠⅡⅢⅣⅤ]+)\s*[级类]|([A-E])(?:类|级|$)", level):
        if m[1] or m[2]:
            return (1, int(m[1] or m[2]))
        if m[3]:
            return (1, _ROMAN.get(m[3], 9))
        return (1, "ABCDE".index(m[4]) + 1)
    stripped = re.sub(rf"^(?:{_SCOPE})级", "", level)
    for word, rank in SEVERITY_WORDS:
        if stripped.startswith(word):
            return (2, rank)
    return (9, 0)


def order_grades(names: Iterable[str | None], ranks: dict[str, int] | None = None) -> list[str]:
    """The distinct grades, most severe first by `severity`; grades equally severe by name keep
    the order the letter names them in. The one order of the draft's levels and `compare`'s ranks.

    Examples:
        >>> order_grades(["一般故障", "严重故障", "重大故障", None, "严重故障"])
        ['重大故障', '严重故障', '一般故障']
    """
    distinct = list(dict.fromkeys(n for n in names if n))
    return sorted(distinct, key=lambda g: severity(g, ranks))
