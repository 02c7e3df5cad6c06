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
from typing import Any

from attrs import frozen

from servicelevel.letters._vocab import FOLD, TERM

__all__ = [
    "LEVEL",
    "SPACED_LEVEL",
    "SEVERITY_WORDS",
    "Grade",
    "definitions",
    "level_markers",
    "level_names",
    "order_grades",
    "ranks_of",
    "severity",
]

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


@frozen(kw_only=True)
class Grade:
    """A fault grade the letter defines: its name as written, its rank (1 = most severe, in the
    letter's own order) and its definition, with the quote it was read from.

    Examples:
        >>> from servicelevel import read_commitments
        >>> found = read_commitments("一般故障:部分功能异常;\\n次要故障:不影响使用的问题。")
        >>> [(g.name, g.rank, g.description) for g in found.grades]
        [('一般故障', 1, '部分功能异常'), ('次要故障', 2, '不影响使用的问题')]
    """

    name: str
    rank: int
    description: str
    quote: str
    span: tuple[int, int]
    line: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "rank": self.rank, "description": self.description,
                "quote": self.quote, "span": list(self.span), "line": self.line}  # fmt: skip


# Where a grade's definition may start: at a line's or sentence's start, after an enumerator.
_ITEM_START = re.compile(
    r"(?:^|(?<=[\n。;:|—])|(?<=[^\x00-\x7f])(?=[ \t\u3000]))[ \t\u3000]*"
    r"(?:\d{1,2}(?:\.\d{1,2})*[.、)]?|[((]?[一二三四五六七八九十\d]{1,2}[))、]|[①-⑳]|[●·◆■▪•★])?[ \t\u3000]*$"
)
# After the name: a colon (after 程度, 定义…), 指/是指/即/定义为, a dash or a table's bar.
_DEFINES = re.compile(
    r"[ \t\u3000]*(?:[((][^()()\n]{0,12}[))])?[ \t\u3000●·◆■▪•★]*"
    r"(?:(?:(?:问题|故障|事件)?(?:程度|定义|描述|现象|说明|标准))?:|——|—|-|\||(?:是指|指的是|指|即|定义为))"
    r"[ \t\u3000]*(?:指|是指)?"
)
# A grade name broken by a space ("I 级", "一级 故障"): the same name without it.
SPACED_LEVEL = re.compile(
    r"(?<![A-Za-z\d])(?:[IVⅠⅡⅢⅣ]+[ \t]*|(?:[一二三四五六七八九十]|\d)[ \t]+)[级类]"
    r"(?:[ \t]*(?:故障|事故|问题|事件))?"
)
_DEFINITION_END = re.compile(r"[。;\n|:]")
_DEFINITION_REACH = 150


def definitions(text: str) -> list[Grade]:
    """The grades a letter defines, in its order: "一级故障:指设备瘫痪…", "紧急——系统停止服务。".

    A definition starts a line, a sentence or an item, and runs to the end of its sentence or
    item; the clauses from the first one holding a term are the grade's promises, not its
    definition ("一级故障:30分钟内响应" defines nothing). The first definition of a name counts.
    Ranks are the letter's order of definition (see `ranks_of`).

    Examples:
        >>> text = "二、故障分级\\n1、一级故障:系统瘫痪,30分钟内响应。"
        >>> [(g.name, g.description) for g in definitions(text)]
        [('一级故障', '系统瘫痪')]
    """
    folded = text.translate(FOLD)
    out: list[Grade] = []
    seen: set[str] = set()
    names = sorted([*LEVEL.finditer(folded), *SPACED_LEVEL.finditer(folded)], key=lambda m: m.start())
    for m in names:
        line_start = folded.rfind("\n", max(0, m.start() - 40), m.start()) + 1
        lead = folded[max(line_start, m.start() - 12) : m.start()]
        if not _ITEM_START.search(lead) and not (m.start() - 12 <= line_start and not lead.strip()):
            continue
        marker = _DEFINES.match(folded, m.end())
        if marker is None:
            continue
        stop = _DEFINITION_END.search(folded, marker.end() + 1, marker.end() + _DEFINITION_REACH)
        end = stop.start() if stop else min(len(folded), marker.end() + _DEFINITION_REACH)
        term = TERM.search(folded, marker.end(), end)
        if term is not None:  # the clauses from the term on are promises
            cut = max(folded.rfind(c, marker.end(), term.start()) for c in ",,")
            end = cut if cut >= 0 else marker.end()
        a = marker.end() + len(text[marker.end() : end]) - len(text[marker.end() : end].lstrip())
        description = re.sub(r"\s+", "", text[a:end]).strip(",,:" + "●·◆■▪•★")
        if len(re.findall(r"[\u4e00-\u9fffA-Za-z]", description)) < 2 or LEVEL.match(description):
            continue  # "| 一般故障 | 严重故障 |": a header of grades, no definition
        name = level_names(re.sub(r"\s+", "", text[m.start() : m.end()]))[0]
        if name in seen:
            continue
        seen.add(name)
        b = a + len(re.sub(r"[\s,,]+$", "", text[a:end]))
        out.append(
            Grade(name=name, rank=len(out) + 1, description=description, quote=text[m.start() : b],
                  span=(m.start(), b))
        )  # fmt: skip
    return out


def ranks_of(grades: Iterable[Grade]) -> dict[str, int] | None:
    """The severity ranks a letter gives its grades by defining them in order — None when it
    defines fewer than two, or only grades numbered in their names (一级, P2: the numbers rank them).

    Examples:
        >>> g = definitions("重大故障:系统瘫痪。\\n次要故障:严重影响运行。\\n一般故障:其它故障。")
        >>> ranks_of(g)
        {'重大故障': 1, '次要故障': 2, '一般故障': 3}
        >>> order_grades(["一般故障", "次要故障", "重大故障"], ranks_of(g))
        ['重大故障', '次要故障', '一般故障']
    """
    listed = list(grades)
    if len(listed) < 2 or all(severity(g.name)[0] == 1 for g in listed):
        return None
    return {g.name: g.rank for g in listed}
