"""Escalation ladders: after how long, who is told — from tables (grades as columns) and prose.

"| 升级时间 | 一般故障 | 严重故障 |" then "| 4小时 | 客户经理 | 技术总监 |" gives one step per
filled cell (``after`` from the row, ``level`` from the column, ``to`` the cell). A row
whose filled cells all stand at its start, with fewer than the columns, is not placed:
copies of such tables drop the empty cells before the filled ones, so which grades they
belong to cannot be told (one unclear item per row says so). In prose: "2小时内未能排除
故障的,上报技术总监" is a step after 2 hours to 技术总监.
"""

from __future__ import annotations

import re

from servicelevel.letters._grades import LEVEL, level_names
from servicelevel.letters._promise import Promise, Unclear
from servicelevel.letters._text import Found, Sentence, levels_for, quote_of, read_term, terms_in

__all__ = ["ROLE", "escalation_table", "escalations"]

_CLOCK_COLUMN = re.compile(r"(?:升级|上报|通知)?(?:时间|时限|历时|时长)")
# Who is told: roles of a vendor's organisation, as letters name them.
ROLE = re.compile(
    r"(?:[A-Z]{2,4}|[\u4e00-\u9fff]{0,6}?)"
    r"(?:副总裁|总裁|副总经理|总经理|总监|经理|主管|负责人|总工程师|总工|专家组|专家|工程师|CEO|CTO|COO)"
)
_RULE_ROW = re.compile(r"[-:=\s—]*")


def escalation_table(text: str, lines: list[tuple[int, int]], i: int, found: Found) -> int:
    """Read an escalation table whose header is line ``i``; the index of the line after it
    (``i`` itself when the line heads no such table).

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> f = read_all("| 升级时间 | 一般故障 | 严重故障 |\\n|---|---|---|\\n"
        ...              "| 4小时 | 客户经理 | 技术总监 |\\n| 8小时 | 技术总监 | |\\n")
        >>> [p.describe() for p in f.promises]
        ['escalate to 客户经理 after 4h (一般故障)', 'escalate to 技术总监 after 4h (严重故障)']
        >>> print(f.unclear[0].reason)
        an escalation row with 1 of 2 grade cells filled, all at its start: which grades cannot be told
    """
    from servicelevel.letters._tables import cells_of

    a, b = lines[i]
    head = cells_of(text, a, b)
    if len(head) < 3 or not _CLOCK_COLUMN.fullmatch(text[head[0][0] : head[0][1]]):
        return i
    grades = [text[x:y] for x, y in head[1:]]
    if not all(LEVEL.fullmatch(g) for g in grades):
        return i
    j = i + 1
    while j < len(lines):
        ra, rb = lines[j]
        cells = cells_of(text, ra, rb, empty=True)
        if not cells or all(_RULE_ROW.fullmatch(text[x:y]) for x, y in cells):
            if not text[ra:rb].strip() or "|" in text[ra:rb]:
                j += 1
                continue
            break
        after = read_term(text[cells[0][0] : cells[0][1]].replace(" ", ""))
        if after is None:
            break
        row = cells[1 : len(grades) + 1]
        filled = [k for k, (x, y) in enumerate(row) if y > x]
        end = ra + len(text[ra:rb].rstrip())
        if filled and len(filled) < len(grades) and filled == list(range(len(filled))):
            why = (
                f"an escalation row with {len(filled)} of {len(grades)} grade cells filled, "
                "all at its start: which grades cannot be told"
            )
            found.unclear.append(Unclear(quote=text[ra:end], span=(ra, end), reason=why))
        else:
            for k in filled:
                x, y = row[k]
                found.promises.append(
                    Promise(
                        kind="escalation",
                        quote=text[ra:end],
                        span=(ra, end),
                        after=after,
                        to=text[x:y],
                        level=level_names(grades[k])[0],
                    )
                )
        j += 1
    return j


_STEP = re.compile(
    r"(?:仍|还|尚)?(?:未能|未|无法|不能|没有)[^,;。]{0,12}?(?:解决|排除|修复|恢复|处理)[^,;。]{0,6}?的?[,;]?"
    r"[^,;。]{0,6}?(?:上报|报告|通知|升级(?:至|到|给)?|提交|转交|告知)(?:给|至|到)?"
)


def escalations(s: Sentence, found: Found) -> None:
    """Steps of a ladder in prose: "2小时内未能排除故障的,上报技术总监" (after 2h, to 技术总监).

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> [p.describe() for p in read_all("一级故障2小时内未能排除的,立即上报技术总监;"
        ...                                   "8小时内仍未解决的,通知公司总经理。").promises]
        ['escalate to 技术总监 after 2h (一级故障)', 'escalate to 公司总经理 after 8h (一级故障)']
    """
    for start, end, term in terms_in(s):
        step = _STEP.match(s.compact, end + (1 if s.compact[end : end + 1] == "内" else 0))
        if step is None and s.compact[end : end + 2] in ("之内", "以内"):
            step = _STEP.match(s.compact, end + 2)
        if step is None:
            continue
        role = ROLE.match(s.compact, step.end())
        if role is None:
            continue
        quote, span = quote_of(s, start, role.end())
        for level in levels_for(s, start):
            found.promises.append(
                Promise(
                    kind="escalation",
                    quote=quote,
                    span=span,
                    after=term,
                    level=level,
                    to=s.raw[role.start() : role.end()],
                )
            )
