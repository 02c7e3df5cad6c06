"""Flattened tables: a header naming metric columns, then one row per grade."""

from __future__ import annotations

import re

from servicelevel.letters._grades import LEVEL, level_names
from servicelevel.letters._promise import Promise, Unclear
from servicelevel.letters._regions import ELSEWHERE
from servicelevel.letters._text import Found, line_spans, read_term
from servicelevel.letters._vocab import (
    HALF,
    HEADER_COLUMN,
    NOUN_METRIC,
)

_DASH = re.compile(r"[—\-–//无]+|不适用|N/?A", re.IGNORECASE)


_GRADE_COLUMN = re.compile(r".*(?:级别|等级|优先级|类型|类别|分级)")
_SHORT_GRADE = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}|\d{1,2}|[A-Ea-e]|[IVⅠⅡⅢⅣ]+)[级类]|[Pp][1-5]"
    r"|特别重大|特大|重大|严重|紧急|一般|普通|轻微|较大|次要|重要|致命|关键"
)

__all__ = ["tables"]
_RULE_ROW = re.compile(r"[-:=\s—]+")


def _cells(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The cells of a table line: split at ``|`` (a Markdown table) or else at spaces."""
    line = text[a:b]
    if "|" not in line and "｜" not in line:
        return [(a + m.start(), a + m.end()) for m in re.finditer(r"\S+", line)]
    out = []
    for m in re.finditer(r"[^|｜]+", line):
        cell = m.group()
        if cell.strip():
            out.append((a + m.start() + len(cell) - len(cell.lstrip()), a + m.start() + len(cell.rstrip())))
    return out


def _header(line: str) -> list[tuple[str, str | None] | None] | None:
    """The columns of a table header after the grade column: (metric, region), or None for others.

    A header names at least two metric columns ("响应时间 到场时间(北京市)"); other
    columns ("远程诊断") are kept as None so that the cells below stay aligned.
    """
    cells = [line[a:b] for a, b in _cells(line, 0, len(line))]
    if len(cells) < 3:
        return None
    columns: list[tuple[str, str | None] | None] = []
    for cell in cells[1:]:
        m = HEADER_COLUMN.fullmatch(cell.translate(HALF))
        if m is None:
            columns.append(None)
            continue
        region = m["region"]
        if region is not None and ELSEWHERE.fullmatch(region):
            region = None
        columns.append((NOUN_METRIC[m["noun"]], region))
    return columns if sum(c is not None for c in columns) >= 2 else None


def tables(text: str, found: Found) -> list[tuple[int, int]]:
    """Flattened tables: a header naming metric columns, then one row per grade.

    "故障级别 现场响应时间(北京市) 现场响应时间(其他地区)" gives each later row's cells
    their metric and region, the row's first cell its level. A dash means no promise;
    a row with no cells (merged in the original), a row of another width, a cell that
    is not a term ("按需") is unclear. Returns the blocks read.

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> f = read_all("故障级别 响应时间 到场时间\\n一级故障 30分钟 2小时\\n二级故障\\n")
        >>> [p.describe() for p in f.promises]
        ['response within 30m (一级故障)', 'on_site within 2h (一级故障)']
        >>> [u.reason for u in f.unclear]  # doctest: +NORMALIZE_WHITESPACE
        ['a row of the table with no values (merged cells in the original?): write its terms in']
    """
    blocks = []
    lines = line_spans(text)
    i = 0
    while i < len(lines):
        a, b = lines[i]
        columns = _header(text[a:b])
        if columns is None:
            i += 1
            continue
        head = _cells(text, a, b)[0]
        grades = bool(_GRADE_COLUMN.match(text[head[0] : head[1]]))  # rows may then be "一级", "紧急"
        j, last = i + 1, b
        while j < len(lines):
            ra, rb = lines[j]
            row = text[ra:rb]
            if not row.strip():
                j += 1
                continue
            cells = _cells(text, ra, rb)
            if all(_RULE_ROW.fullmatch(text[ca:cb]) for ca, cb in cells):
                j += 1  # "|---|---|" under a Markdown header
                continue
            lead, first_end = cells[0]
            first = text[lead:first_end].translate(HALF)
            level = LEVEL.fullmatch(first) or (grades and _SHORT_GRADE.fullmatch(first))
            if not level:
                break
            name = level_names(first)[0]
            values = cells[1:]
            end = lead + len(text[lead:rb].rstrip())
            if not values:
                found.unclear.append(
                    Unclear(
                        quote=text[lead:first_end],
                        span=(lead, first_end),
                        reason="a row of the table with no values (merged cells in the original?): "
                        "write its terms in",
                    )
                )
            elif len(values) != len(columns):
                found.unclear.append(
                    Unclear(
                        quote=text[lead:end],
                        span=(lead, end),
                        reason=f"a row of the table with {len(values)} cells under {len(columns)} columns",
                    )
                )
            else:
                for (ca, cb), column in zip(values, columns, strict=True):
                    cell = text[ca:cb].translate(HALF)
                    if column is None or _DASH.fullmatch(cell):
                        continue
                    term = read_term(re.sub(r"(?:之内|以内|内)$", "", cell))
                    if term is None:
                        found.unclear.append(
                            Unclear(
                                quote=text[ca:cb],
                                span=(ca, cb),
                                reason=f"the {column[0]} cell of {name} is not a term",
                            )
                        )
                        continue
                    found.promises.append(
                        Promise(
                            kind="target",
                            quote=text[ca:cb],
                            span=(ca, cb),
                            metric=column[0],
                            within=term,
                            level=name,
                            region=column[1],
                        )
                    )
            last = rb
            j += 1
        if last > b:
            blocks.append((a, last))
        i = j
    return blocks
