"""Tables copied cell by cell: each cell on a line of its own, the rows' cells interleaved.

A page that copies a table one cell per line writes a row's grade on a line by itself
("一级 故障") with its cells on the lines after it — those the sentence rules read, the grade
named before them. Where the copy shuffled the cells of several rows together (a line naming
grades amid terms, cells before the first row's grade, lines after such a shuffle), no cell can
be placed in a row with confidence: the terms there are one `Unclear` per row (or per line that
no row can be named for), never a target guessed into a row or read without its grade.
"""

from __future__ import annotations

import re

from servicelevel.letters._grades import LEVEL, level_names
from servicelevel.letters._promise import Unclear
from servicelevel.letters._text import Found, line_spans, read_term
from servicelevel.letters._vocab import FOLD, TERM

__all__ = ["cell_tables"]

_HEADER = re.compile(r"(?:故障|问题|事件|服务)?(?:级别|等级|分级|优先级)")
# Where a table copied cell by cell ends: a heading or a sentence ("…响应时间:", "…。").
_PROSE = re.compile(r"(?<!\d)[::](?!\d)|。")
_WORD = re.compile(r"\S+")
_SHORT = 24  # the longest line that may hold a grade or a header alone
_REACH = 3  # lines between a grade's line and the next, or the header and the first grade


def _compact(text: str, a: int, b: int) -> str:
    return re.sub(r"\s+", "", text[a:b]).translate(FOLD)


def _terms(text: str, a: int, b: int) -> list[str]:
    """The terms of a line, as written without spaces ("30分钟", "2个工作日")."""
    line = _compact(text, a, b)
    return [m.group() for m in TERM.finditer(line) if read_term(m.group()) is not None]


def _promise(text: str, a: int, b: int) -> bool:
    """A sentence that names its grade and its term and ends (“对于重大故障,30分钟内作出响应。”):
    prose between two grade lines, which are then no table's rows."""
    return (
        text[a:b].rstrip().endswith("。")
        and bool(LEVEL.search(_compact(text, a, b)))
        and bool(_terms(text, a, b))
    )


def cell_tables(text: str, found: Found) -> list[tuple[int, int]]:
    """Tables of grade lines ("一级 故障" alone on a line) whose rows' cells are interleaved.

    A block holds two or more grade lines at most `_REACH` lines apart, from a header line
    ("级别") just before the first to the first line of prose after the last. Its lines before the
    first grade, its lines naming grades among other text and the lines after those are shuffled
    cells: their terms are unclear, one item per row named (or per line naming none), and the
    spans returned are where the target rule must not read terms without their grade.

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> f = read_all("级别\\n\\n一级 故障\\n\\n2 小时内到达现场\\n\\n二级 故障\\n\\n"
        ...              "工作时间 4 小时内答复 三级 故障 8 小时内答复\\n\\n以上时间为承诺。")
        >>> [p.describe() for p in f.promises]
        ['on_site within 2h (一级故障)']
        >>> [u.quote for u in f.unclear]
        ['三级 故障']
    """
    lines = [(a, b) for a, b in line_spans(text) if text[a:b].strip()]
    kinds = []  # per line: "grade", "header", "mixed" (grades amid text) or "other"
    for a, b in lines:
        line = _compact(text, a, b) if b - a <= _SHORT else ""  # a grade's or a header's line is short
        if line and LEVEL.fullmatch(line):
            kinds.append("grade")
        elif line and _HEADER.fullmatch(line):
            kinds.append("header")
        else:
            kinds.append("other")  # "mixed" is told apart inside a block only (see `_shuffled`)
    grades = [i for i, k in enumerate(kinds) if k == "grade"]
    skip: list[tuple[int, int]] = []
    g = 0
    while g < len(grades):
        h = g
        while (
            h + 1 < len(grades)
            and grades[h + 1] - grades[h] <= _REACH + 1
            and not any(_promise(text, *lines[i]) for i in range(grades[h] + 1, grades[h + 1]))
        ):
            h += 1
        if h > g:
            first, last = grades[g], grades[h]
            start = next((i for i in range(max(0, first - _REACH), first) if kinds[i] == "header"), first)
            end = last + 1
            while end < len(lines) and not _PROSE.search(text[lines[end][0] : lines[end][1]]):
                end += 1
            skip.extend(_shuffled(text, lines, kinds, start, end, found))
        g = h + 1
    return skip


def _shuffled(
    text: str, lines: list[tuple[int, int]], kinds: list[str], start: int, end: int, found: Found
) -> list[tuple[int, int]]:
    """The lines of one block whose cells cannot be placed: before its first grade line, naming
    grades amid other text, and after such a line; one `Unclear` per row or line with terms."""
    skip = []
    placed = False  # a grade line has started a row, and no shuffled line has come since
    for i in range(start, end):
        a, b = lines[i]
        if kinds[i] == "grade":
            placed = True
            continue
        if LEVEL.search(_compact(text, a, b)):
            kinds[i] = "mixed"
            placed = False
        if placed:
            continue  # a row's own cells: the sentence rules read them with its grade
        terms = _terms(text, a, b)
        if not terms:
            continue
        skip.append((a, b))
        line = text[a:b]
        names = _names(text, a, b) if kinds[i] == "mixed" else []
        if not names:
            x = a + len(line) - len(line.lstrip())
            found.unclear.append(
                Unclear(
                    quote=text[x : a + len(line.rstrip())],
                    span=(x, a + len(line.rstrip())),
                    reason=f"cells of a table copied cell by cell that no row can be placed for "
                    f"({', '.join(terms)}): write them in under their grades",
                )
            )
            continue
        for name, x, y in names:
            others = [other for other, _, _ in names if other != name]
            found.unclear.append(
                Unclear(
                    quote=text[x:y],
                    span=(x, y),
                    reason=f"the cells of {name} are interleaved with those of "
                    f"{', '.join(others) or 'the rows around it'} (a table copied cell by cell): "
                    f"{', '.join(terms)} on its line cannot be placed in a row; write its terms in",
                )
            )
    return skip


def _names(text: str, a: int, b: int) -> list[tuple[str, int, int]]:
    """The grades a line names as whole words, a name broken by a space being one ("三级 故障"
    after "星期五" is 三级故障, never 五三级故障): (name, start, end in the letter)."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, a, b)]
    out = []
    k = 0
    while k < len(words):
        for u in range(min(len(words), k + 3), k, -1):
            joined = "".join(text[x:y] for x, y in words[k:u]).translate(FOLD)
            if LEVEL.fullmatch(joined):
                out.append((level_names(joined)[0], words[k][0], words[u - 1][1]))
                k = u - 1
                break
        k += 1
    return out
