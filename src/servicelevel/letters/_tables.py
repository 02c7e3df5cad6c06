"""Tables as they survive copying: a header naming metric columns, then one row per grade.

Rows are split at ``|`` (Markdown), tabs or spaces. Column meaning comes from the header
words (响应时间, 到场时间(北京市), 解决时间), never from the position; a cell is a bare term
("30分钟", "< 1个工作小时") or a phrase naming its own metrics ("10分钟电话响应,30分钟现场响应").
Escalation tables (grades as columns) are read by `_escalation`.
"""

from __future__ import annotations

import re

from servicelevel.letters._escalation import escalation_table
from servicelevel.letters._grades import LEVEL, level_names
from servicelevel.letters._promise import Promise, Unclear
from servicelevel.letters._regions import ELSEWHERE
from servicelevel.letters._targets import metric_after
from servicelevel.letters._text import Found, line_spans, read_term
from servicelevel.letters._vocab import (
    FOLD,
    HEADER_COLUMN,
    NOUN_METRIC,
    TERM,
)

_DASH = re.compile(r"[—\-–//无]+|不适用|N/?A", re.IGNORECASE)


_GRADE_COLUMN = re.compile(r".*(?:级别|等级|优先级|类型|类别|分级)")
_SHORT_GRADE = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}|\d{1,2}|[A-Ea-e]|[IVⅠⅡⅢⅣ]+)[级类]|[Pp][1-5]|\d{1,2}"
    r"|特别重大|特大|重大|严重|紧急|一般|普通|轻微|较大|次要|重要|致命|关键"
)

__all__ = ["tables"]
_RULE_ROW = re.compile(r"[-:=\s—]+")


def cells_of(text: str, a: int, b: int, *, empty: bool = False) -> list[tuple[int, int]]:
    """The cells of a table line: split at ``|`` (a Markdown table), else at tabs, else at spaces.
    ``empty``: keep the empty cells of a Markdown row (as zero-length spans), for their positions."""
    line = text[a:b]
    if "|" not in line and "｜" not in line:
        sep = r"[^\t]+" if "\t" in line else r"\S+"
        return [(a + m.start(), a + m.end()) for m in re.finditer(sep, line) if m.group().strip()]
    out = []
    parts = re.split(r"[|｜]", line)
    at = a
    for k, cell in enumerate(parts):
        inner = (k > 0 and k < len(parts) - 1) or cell.strip()
        if cell.strip():
            x = at + len(cell) - len(cell.lstrip())
            out.append((x, x + len(cell.strip())))
        elif empty and inner:
            out.append((at, at))
        at += len(cell) + 1
    return out


def _header(line: str) -> list[tuple[str, str | None] | None] | None:
    """The columns of a table header after the grade column: (metric, region), or None for others.

    A header names at least two metric columns ("响应时间 到场时间(北京市)"), or one after a
    grade column ("严重级别 | 响应时间"); other columns ("远程诊断") are kept as None so that
    the cells below stay aligned.
    """
    cells = [line[a:b] for a, b in cells_of(line, 0, len(line))]
    if len(cells) < 2:
        return None
    columns: list[tuple[str, str | None] | None] = []
    for cell in cells[1:]:
        m = HEADER_COLUMN.fullmatch(cell.translate(FOLD))
        if m is None:
            columns.append(None)
            continue
        region = m["region"]
        if region is not None and ELSEWHERE.fullmatch(region):
            region = None
        columns.append((NOUN_METRIC[m["noun"]], region))
    named = sum(c is not None for c in columns)
    return columns if named >= 2 or (named == 1 and _GRADE_COLUMN.match(cells[0].translate(FOLD))) else None


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
            ladder = escalation_table(text, lines, i, found)
            if ladder > i:
                blocks.append((a, lines[ladder - 1][1]))
            i = max(ladder, i + 1)
            continue
        head = cells_of(text, a, b)[0]
        grades = bool(_GRADE_COLUMN.match(text[head[0] : head[1]]))  # rows may then be "一级", "紧急"
        j, last = i + 1, b
        while j < len(lines):
            ra, rb = lines[j]
            row = text[ra:rb]
            if not row.strip():
                j += 1
                continue
            cells = cells_of(text, ra, rb)
            if all(_RULE_ROW.fullmatch(text[ca:cb]) for ca, cb in cells):
                j += 1  # "|---|---|" under a Markdown header
                continue
            lead, first_end = cells[0]
            first = text[lead:first_end].translate(FOLD)
            level = LEVEL.fullmatch(first) or (grades and _SHORT_GRADE.fullmatch(first))
            if not level:
                break
            name = level_names(text[lead:first_end])[0]
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
                    if column is not None:
                        _cell(text, ca, cb, column, name, found)
            last = rb
            j += 1
        if last > b:
            blocks.append((a, last))
        i = j
    return blocks


_LEADING = re.compile(r"^(?:[<≤]=?|小于|不超过|不大于)")


def _cell(text: str, ca: int, cb: int, column: tuple[str, str | None], name: str, found: Found) -> None:
    """The promises of one cell: a bare term takes the column's metric; a phrase names its own
    ("10分钟电话响应,30分钟现场响应"), its first term taking the column's when it names none."""
    cell = text[ca:cb].translate(FOLD)
    if _DASH.fullmatch(cell):
        return
    lead = _LEADING.match(cell)
    bare = re.sub(r"(?:之内|以内|内)$", "", cell[lead.end() if lead else 0 :].strip())
    term = read_term(bare)
    if term is not None:
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
        return
    hits = [(m, read_term(m.group())) for m in TERM.finditer(cell)]
    read = False
    for k, (m, term) in enumerate(hits):
        if term is None:
            continue
        stop = hits[k + 1][0].start() if k + 1 < len(hits) else len(cell)
        phrase = re.split(r"[,,;;。]", cell[m.end() : stop])[0]
        hit = metric_after(phrase)
        metric, end = (hit[0], m.end() + hit[2]) if hit else (None, m.end())
        if metric is None and k == 0 and not cell[: m.start()].strip(" <≤="):
            metric = column[0]  # "< 30分钟,指定直接联系的客服工程师": the column's term, then a remark
        if metric is None:
            continue
        read = True
        found.promises.append(
            Promise(
                kind="target",
                quote=text[ca + m.start() : ca + end],
                span=(ca + m.start(), ca + end),
                metric=metric,
                within=term,
                level=name,
                region=column[1],
            )
        )
    if not read:
        found.unclear.append(
            Unclear(quote=text[ca:cb], span=(ca, cb), reason=f"the {column[0]} cell of {name} is not a term")
        )
