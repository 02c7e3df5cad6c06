"""Schedules: visits, checks and call-backs at a frequency, with their first stretch."""

from __future__ import annotations

import re

from servicelevel.letters._promise import Promise
from servicelevel.letters._targets import WINDOW
from servicelevel.letters._text import (
    Found,
    Sentence,
    clause_start_of,
    quote_of,
    read_term,
)
from servicelevel.letters._vocab import (
    ACTIVITY,
    EACH,
    FIRST_STRETCH,
    FIRST_YEAR,
    FREQUENCY,
    TIMES,
    UNIT_TERMS,
)
from servicelevel.terms import Days, Months, Term, Years

__all__ = ["schedules"]


def _activity(s: Sentence, start: int, end: int, clause_end: int, k: int) -> re.Match[str] | None:
    """The activity a frequency belongs to: named after it on its line ("每月上门拜访"), else the
    nearest named before it in its clause or the one before ("定期回访用户,每季度一次"), else
    after it across a line break ("每季度进行一次\\n巡检") — never the heading of the next item
    when the activity was named before ("回访:每季度一次\\n巡检服务")."""
    after = ACTIVITY.search(s.compact, end, clause_end)
    if after is not None and "\n" not in s.text[s.at(end - 1) : s.at(after.start())]:
        return after
    k0 = k - 1 if k > 0 and s.compact[s.clauses[k][0] - 1] == "," else k
    before = list(ACTIVITY.finditer(s.compact, max(s.clauses[k0][0], start - WINDOW), start))
    return before[-1] if before else after


# a span of clock times right after the frequency: the day's hours ("每天8:00-20:00"), while
# "每天9点巡检" is a visit a day at nine
_CLOCK_TIME = re.compile(r"(?:的|上午|早上?)?\d{1,2}(?::\d{2}|点(?:\d{1,2}分?|半)?)[-—~至到]")


def schedules(s: Sentence, found: Found) -> None:
    """Visits at a frequency: "每两周进行例行的系统运行检查及维护", "每月至少上门巡查一次".

    Needs a named activity (巡检, 巡查, 检查, 保养, 回访, 上门拜访, 系统分析…) near it: "每天的淋水量"
    is not a service schedule. The activity is the one the frequency belongs to (see `_activity`),
    never the heading of the next item; "至少", "不少于" give the times per period.

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> [p.describe() for p in read_all("在系统运行的前三个月内,每两周进行例行的系统运行检查及维护;"
        ...                                   "每季度不少于三次巡检。").promises]
        ['检查及维护 every 14 days, for the first 3 months', '巡检 every 3 months, 3 times']
    """
    previous: str | None = None  # "前三个月每周巡检一次,之后每月一次": the activity carries on
    after = 0  # a first stretch belongs to the frequency right after it, not to the next ones
    for m in FREQUENCY.finditer(s.compact):
        if _CLOCK_TIME.match(s.compact, m.end()):
            continue  # "维护时间:每天8:00-20:00" gives the hours of each day, not a visit a day
        k = s.clause_of(m.start())
        # every window is bounded: a clause without a comma may run for kilobytes
        clause_end = min(s.clauses[k][1], m.end() + WINDOW)
        act = _activity(s, m.start(), m.end(), clause_end, k)
        once = TIMES.search(s.compact, m.end(), min(clause_end, m.end() + 8))
        if act is None and (previous is None or once is None):
            continue
        activity, act_end = (act.group(), act.end()) if act is not None else (previous or "", m.end())
        previous = activity
        if EACH.search(s.compact, m.start(), clause_end):
            why = f"{activity} on named occasions (各): count them into times per period"
            found.unclear_at(s, clause_start_of(s, m.start()), clause_end, why)
            continue
        kind, per = UNIT_TERMS[m["unit"]]
        n = 1
        if m["n"]:
            number = read_term(m["n"] + "天")
            if not isinstance(number, Days):
                continue
            n = number.n
        every: Term = kind(per * n)
        if isinstance(every, Months) and every.n % 12 == 0:
            every = Years(every.n // 12)
        times_m = TIMES.search(s.compact, m.end(), clause_end)
        times = 1
        if times_m is not None:
            count = read_term(times_m["n"] + "天")
            times = count.n if isinstance(count, Days) else 1
        lasting = None
        # "在系统运行的前三个月内,每两周…": the first stretch is named in this clause or the one before
        k0 = k - 1 if k > 0 and s.compact[s.clauses[k][0] - 1] == "," else k
        from_ = max(s.clauses[k0][0], after, m.start() - WINDOW)
        after = m.end()
        first = FIRST_STRETCH.search(s.compact, from_, m.start())
        if first is not None:
            lasting = read_term(first["term"])
        if first is None and (year := FIRST_YEAR.search(s.compact, from_, m.start())):
            first, lasting = year, Years(1)  # "验收后第一年每月回访一次"
        ends = [act_end, m.end()] + ([times_m.end()] if times_m else [])
        before = act is not None and act.start() < m.start()
        q_start = first.start() if first else act.start() if act and before else clause_start_of(s, m.start())
        quote, span = quote_of(s, clause_start_of(s, q_start), max(ends))
        found.promises.append(
            Promise(
                kind="schedule",
                quote=quote,
                span=span,
                activity=activity,
                every=every,
                times=times,
                lasting=lasting,
            )
        )
