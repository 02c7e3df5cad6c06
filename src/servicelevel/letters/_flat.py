"""Tables flattened onto one line: a header of column names, then each row's grade, its
definition and its terms in column order — with a page's running header or footer caught inside.

"故障级别 响应时间 解决时间 一级:系统瘫痪。 30 分钟 4 小时以内 二级:…" is a table whose line
breaks were lost in copying. Each row runs from its grade name to the next; its terms are the run
of terms at its end (after the definition), separated by nothing but commas or spaces. A bare term
takes the next column's metric, in order; a term that names its own ("2 小时内提交处理方案") keeps
it and takes no column. Page furniture (a running header in spaced-out characters, "--第 N页") is
removed from inside a cell before reading. A row whose terms do not fill the columns one for one,
or whose cells are followed by text no column holds, is one `Unclear` naming what could not be
placed — never a guess.
"""

from __future__ import annotations

import re

from servicelevel.letters._grades import LEVEL, level_names
from servicelevel.letters._promise import Promise, Unclear
from servicelevel.letters._targets import metric_after
from servicelevel.letters._text import Found, line_spans, read_term
from servicelevel.letters._vocab import FOLD, NOUN_METRIC, TERM
from servicelevel.terms import Term

__all__ = ["FURNITURE", "flat_tables"]

_NOUN = "现场响应|响应|到场|到达现场|到达|解决|修复|恢复|排除|处理"
_COLUMN = rf"(?:故障|问题|事件)?(?:{_NOUN})时间"
_HEADER = re.compile(
    rf"(?:故障|问题|事件|服务)?(?:级别|等级|分级|优先级)(?P<columns>(?:[ \t\u3000]+{_COLUMN}){{2,}})"
    r"[ \t\u3000]+"
)
_COLUMN_NOUN = re.compile(rf"(?:故障|问题|事件)?(?P<noun>{_NOUN})时间")
# A row's grade: "一级:", "I 级:", "Ⅱ级:", "重大故障:" — a name broken by a space is one name.
_ROW = re.compile(
    r"(?<![A-Za-z\d一二三四五六七八九十])(?:(?:[一二三四五六七八九十]{1,3}|\d{1,2}|[IVⅠⅡⅢⅣ]+|[A-E])"
    r"[ \t]*[级类](?:[ \t]*(?:故障|事故|问题|事件))?"
    rf"|{LEVEL.pattern})"
    r"(?=[ \t]*[::]|[ \t]+\d)"
)
# A page's running header or footer: characters spaced out, then "--第 N页" (or the mark alone).
FURNITURE = re.compile(
    r"(?:(?:(?<![\u4e00-\u9fff])|(?<=页))(?:[\u4e00-\u9fff][ \t\u3000]+){3,}[\u4e00-\u9fff][ \t\u3000]*)?"
    r"[-—–]{1,3}[ \t]*第[ \t]*\d+[ \t]*页(?:[ \t]*共[ \t]*\d+[ \t]*页)?[-—–]*"
)
_SEPARATOR = re.compile(r"[,,、;;]*")
_LIMIT = re.compile(r"[))]?(?:之内|以内|内)?")


def _compact(text: str, a: int, b: int) -> tuple[str, list[int]]:
    """``text[a:b]`` without whitespace and page furniture, folded, with each character's offset."""
    cut = [(m.start(), m.end()) for m in FURNITURE.finditer(text, a, b)]
    chars, at = [], []
    k = 0
    i = a
    while i < b:
        if k < len(cut) and i >= cut[k][0]:
            i = cut[k][1]
            k += 1
            continue
        if not text[i].isspace():
            chars.append(text[i])
            at.append(i)
        i += 1
    return "".join(chars).translate(FOLD), at


_Cell = tuple[int, Term, int, str | None]


def _runs(c: str) -> list[list[_Cell]]:
    """The runs of terms in a row: (start, term, end of its quote, own metric or None) each,
    a run broken by any text that is neither a separator nor the term's own metric phrase."""
    terms = [(m, t) for m in TERM.finditer(c) if (t := read_term(m.group())) is not None]
    runs: list[list[_Cell]] = []
    joined = False
    for k, (m, term) in enumerate(terms):
        stop = terms[k + 1][0].start() if k + 1 < len(terms) else len(c)
        limit = _LIMIT.match(c, m.end())
        end = limit.end() if limit else m.end()
        metric: str | None = None
        hit = metric_after(c[end:stop])
        if hit is not None and hit[1] == 0:
            metric, end = hit[0], end + hit[2]
        tail = _SEPARATOR.match(c, end)
        after = tail.end() if tail else end
        if not joined:
            runs.append([])
        runs[-1].append((m.start(), term, end, metric))
        joined = after == stop and k + 1 < len(terms)
    return runs


def flat_tables(text: str, found: Found) -> list[tuple[int, int]]:
    """Tables flattened onto one line (see the module): their promises and unclear rows; returns
    the blocks read, which the sentence rules skip.

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> f = read_all("故障级别 响应时间 解决时间 一级:系统瘫痪。 30 分钟 4 小时以内 "
        ...              "二级:部分功能异常。 1 小时,2 小时内提交处理方案 8 小时以内 其他情况另议。")
        >>> [p.describe() for p in f.promises]  # doctest: +NORMALIZE_WHITESPACE
        ['response within 30m (一级)', 'resolution within 4h (一级)', 'response within 1h (二级)',
         'solution within 2h (二级)', 'resolution within 8h (二级)']
    """
    blocks = []
    for a, b in line_spans(text):
        line = text[a:b].translate(FOLD)
        for h in _HEADER.finditer(line):
            columns = [NOUN_METRIC[m["noun"]] for m in _COLUMN_NOUN.finditer(h["columns"])]
            names = [m for m in _ROW.finditer(line, h.end()) if _starts_word(line, m.start())]
            if not names or names[0].start() != h.end():
                continue
            end = _rows(text, a, b, [(a + m.start(), a + m.end()) for m in names], columns, found)
            blocks.append((a + h.start(), end))
            break
    return blocks


def _starts_word(line: str, i: int) -> bool:
    return i == 0 or line[i - 1].isspace() or line[i - 1] in "。;;"


def _rows(text: str, a: int, b: int, names: list[tuple[int, int]], columns: list[str], found: Found) -> int:
    """Each row's promises, or one unclear item for it; returns where the table ends."""
    end = b
    for k, (x, y) in enumerate(names):
        last = k + 1 == len(names)
        stop = b if last else names[k + 1][0]
        name = level_names(re.sub(r"\s+", "", text[x:y]))[0]
        c, at = _compact(text, y, stop)
        runs = _runs(c)
        run = (runs[0] if last else runs[-1]) if runs else []
        bare = [t for t in run if t[3] is None]
        run_end = run[-1][2] if run else 0
        left = "" if last else re.sub(r"^[,,、;;。]+|[,,、;;。]+$", "", c[run_end:])
        if not run or len(bare) != len(columns) or left:
            said = ", ".join(c[t[0] : t[2]] for r in runs for t in r) or "none"
            why = f"; text follows them that no column holds ({left[:20]})" if left else ""
            row_end = at[-1] + 1 if at else y
            found.unclear.append(
                Unclear(
                    quote=text[x:row_end],
                    span=(x, row_end),
                    reason=f"a row of a table flattened onto one line ({name}): its terms ({said}) "
                    f"cannot be placed under its columns ({', '.join(columns)}) one for one{why}; "
                    "write its terms in",
                )
            )
            if last:
                end = row_end
            continue
        columns_left = iter(columns)
        for start, term, q_end, own in run:
            metric = own if own is not None else next(columns_left)
            span = (at[start], at[q_end - 1] + 1)
            found.promises.append(
                Promise(
                    kind="target",
                    quote=text[span[0] : span[1]],
                    span=span,
                    metric=metric,
                    within=term,
                    level=name,
                )
            )
        if last:
            end = at[run_end - 1] + 1
    return end
