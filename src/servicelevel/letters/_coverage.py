"""Service hours: notations ("7×24", "5×8 8:30-17:30"), words ("每天24小时×每周7天") and slogans."""

from __future__ import annotations

import re

from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import UnknownNotationError
from servicelevel.letters._promise import Promise
from servicelevel.letters._text import (
    Found,
    Sentence,
    clause_end_of,
    clause_start_of,
    quote_of,
)
from servicelevel.letters._vocab import (
    ALL_HOURS,
    ANY_TIME,
    DAY_WEEK,
    LIMIT,
    NOT_OFFERED,
    NOTATION,
    ON_REQUEST,
    ROUND_CLOCK_WORDS,
    WEEK_HOURS,
)

__all__ = ["coverage"]

_RAISED = re.compile(r"(?:延长|扩展|升级|提升|增加)(?:至|到|为)$")
# The vendor's working time: hours said of it are working days' hours, whatever "每天" says.
_WORKING_TIME = re.compile(r"工作时间|上班时间|办公时间")
_ASKED = re.compile(r"(?:根据|按照?|应)[^,;。]{0,8}?(?:要求|需要|需求)")


def coverage(s: Sentence, found: Found) -> None:
    """Service-hours notations: "7×24小时热线服务", "24×7服务", "每天24小时×每周7天", "5×8".

    One promise per notation per sentence; "24小时" alone is coverage only with
    "随时"/"全天候" (a slogan that names neither is unclear: which days?). Hours offered on
    request or raised to later ("根据用户的要求…延长至7×24") carry that as their condition.

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> found = read_all("提供24×7服务;目前提供5×8热线,可延长至7×24热线。")
        >>> [(p.coverage, p.condition) for p in found.promises]
        [('7x24', None), ('5x8', None), ('7x24', '可延长至')]
    """
    seen: set[str] = set()
    said: set[tuple[str, int]] = set()  # one promise per notation per sentence (or part between semicolons)

    def add(notation: str, start: int, end: int) -> None:
        seen.add(notation)
        where = (notation.split()[0], s.part_of(start))  # "5x8" and "5x8 09:00-17:00" are one
        if where in said:
            return
        said.add(where)
        q_start = clause_start_of(s, start)
        quote, span = quote_of(s, q_start, max(end, clause_end_of(s, start)))
        # "目前提供5×8,可根据用户要求延长至7×24": the 7×24 is on request, never the default
        clause0 = s.clauses[s.clause_of(start)][0]
        on = ON_REQUEST.search(s.compact, max(clause0, start - 20), start)
        condition = s.raw[on.start() : on.end()] if on else None
        if condition is None and _RAISED.search(s.compact, max(clause0, start - 4), start):
            # "将根据用户的要求将5×8…延长至7×24": hours beyond those given now, not the default
            why = _ASKED.search(s.compact, max(clause0, start - 60), start)
            raised = _RAISED.search(s.compact, max(clause0, start - 4), start)
            assert raised is not None
            condition = s.raw[why.start() : why.end()] if why else s.raw[raised.start() : raised.end()]
        found.promises.append(
            Promise(kind="coverage", quote=quote, span=span, coverage=notation, condition=condition)
        )

    for m in WEEK_HOURS.finditer(s.compact):
        days = "5x8" if m["days"] in ("周一至周五", "工作日", "每周一至周五", "星期一至星期五") else "365x8"
        clause0 = s.clauses[s.clause_of(m.start())][0]
        said_of = _WORKING_TIME.search(s.compact, max(clause0 - 12, 0), m.start())
        if days == "365x8" and said_of:
            # "服务时间是指乙方工作时间,每天8:30至17:30": the vendor's working time is working days,
            # 每天 says every day; the letter does not settle which, so nothing is guessed
            found.unclear_at(
                s,
                clause_start_of(s, m.start()),
                m.end(),
                f"{m['days']} (every day) said of {said_of.group()} (working time): "
                "working days or every day? the letter does not say",
            )
            continue
        if days == "365x8":  # every day at these hours: "7×12" beside it says the same
            said.update((f"7x{n}", s.part_of(m.start())) for n in range(1, 25))
        add(f"{days} {int(m['h0']):02d}:{m['m0']}-{int(m['h1']):02d}:{m['m1']}", m.start(), m.end())
    for m in NOTATION.finditer(s.compact):
        if NOT_OFFERED.search(s.compact, max(0, m.start() - 6), m.start()):
            k = s.clause_of(m.start())
            found.unclear_at(s, clause_start_of(s, m.start()), s.clauses[k][1], f"{m.group()}, but negated")
            continue
        a, b, c = int(m["a"]), int(m["b"]), m["c"]
        if (a, b) == (24, 7):
            a, b = 7, 24
        notation = f"{a}x{b}" + (f"x{c}" if c else "")
        try:
            BusinessCalendar.parse(notation, tz="UTC")
        except UnknownNotationError:
            if (notation, s.part_of(m.start())) not in said and notation not in seen and b <= 24 and a <= 7:
                seen.add(notation)
                found.unclear_at(
                    s,
                    clause_start_of(s, m.start()),
                    s.clauses[s.clause_of(m.start())][1],
                    f"{a}×{b} is not a notation servicelevel knows (5x8, 7x18, 7x24, 365x8): "
                    "write the hours as a weekly schedule",
                )
            continue
        add("7x24" if notation.startswith("7x24") else notation, m.start(), m.end())
    for m in DAY_WEEK.finditer(s.compact):
        add("7x24", m.start(), m.end())
    any_time = ANY_TIME.search(s.compact) is not None
    for m in ALL_HOURS.finditer(s.compact):
        before = s.compact[max(0, m.start() - 1) : m.start()]
        after = s.compact[m.end() : m.end() + 12]
        if (before and before in "x×X*✕") or after[:1] in "x×X*✕" or LIMIT.match(after):
            continue
        if not ROUND_CLOCK_WORDS.match(after):
            continue
        if any_time:
            add("7x24", m.start(), m.end())
        elif "7x24" not in seen:
            q_start = clause_start_of(s, m.start())
            end = m.end() + ROUND_CLOCK_WORDS.match(after).end()  # type: ignore[union-attr]
            found.unclear_at(s, q_start, end, "24 hours a day, but the days of the week are not stated")
