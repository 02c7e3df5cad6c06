"""Targets: a term tied to a metric ("30分钟作出响应", "修复时间应不超过48个小时"), and vague promises."""

from __future__ import annotations

import re

from servicelevel.letters._promise import Promise
from servicelevel.letters._text import (
    Found,
    Sentence,
    clause_end_of,
    clause_start_of,
    levels_for,
    quote_of,
    regions_for,
    terms_in,
)
from servicelevel.letters._vocab import (
    ALSO_METRIC,
    CLOCK_TIME,
    CONDITION,
    CONNECT,
    DELIVERED,
    HEDGE,
    IF_NOT,
    LIMIT,
    METRIC_NOUN,
    METRICS,
    NEGATION,
    NOT_A_LIMIT,
    NOUN_METRIC,
    ON_REQUEST,
    PARTS,
    REPAIR,
    VAGUE,
    WARRANTY,
)
from servicelevel.terms import Months, Years

__all__ = ["WINDOW", "metric_after", "metric_before", "targets", "vague_targets"]


def metric_after(window: str) -> tuple[str, int, int] | None:
    """The metric a phrase after a term names, with where it is: the earliest phrase wins.

    Examples:
        >>> metric_after("内给予响应")[0], metric_after("内到达现场")[0], metric_after("内提出修复计划")[0]
        ('response', 'on_site', 'solution')
        >>> metric_after("以内完成") is None, metric_after("的使用培训") is None
        (True, True)
    """
    best: tuple[str, int, int] | None = None
    for name, pattern in METRICS:
        m = pattern.search(window)
        if m is None:
            continue
        if name == "resolution" and m.group() == "完成":
            continue
        if best is None or m.start() < best[1]:
            best = (name, m.start(), m.end())
    return best


def metric_before(before: str) -> tuple[tuple[str, ...], int] | None:
    """The metrics a noun right before a term names: "修复时间应不超过48个小时" → resolution;
    "响应及工程师到达现场时间为2小时" → response and on_site (one term for two actions).

    Examples:
        >>> metric_before("3、响应时间:"), metric_before("修复时间应不超过"), metric_before("时间为")
        ((('response',), 2), (('resolution',), 0), None)
        >>> metric_before("故障的响应及工程师到达现场时间为")
        (('response', 'on_site'), 3)
    """
    for m in reversed(list(METRIC_NOUN.finditer(before))):
        if CONNECT.match(before[m.end() :]):
            noun = m["noun"] or m["noun2"] or m["outage"]
            metric = NOUN_METRIC[noun]
            also = ALSO_METRIC.search(before, max(0, m.start() - 12), m.start())
            if also is not None and NOUN_METRIC[also[1]] != metric:
                return (NOUN_METRIC[also[1]], metric), also.start()
            return (metric,), m.start()
    return None


WINDOW = 40  # characters around a term where its metric, grade words or negation may stand


def _window(s: Sentence, end: int, next_start: int) -> tuple[int, int]:
    """From a term's end to the end of its clause — or of the next clause when its own ends there."""
    k = s.clause_of(end)
    stop = min(s.clauses[k][1], next_start)
    rest = s.compact[end:stop]
    if re.fullmatch(r"[))]?(?:之内|以内|内)?", rest) and k + 1 < len(s.clauses):
        stop = min(s.clauses[k + 1][1], next_start)
    return end, stop


def targets(s: Sentence, found: Found) -> None:
    """Time limits tied to a metric: "在半小时内给予响应", "修复时间应不超过48个小时".

    A term followed by 的 without 内 is a duration ("3天的使用培训"), not a limit;
    a limit that names no metric this reader knows goes to `Unclear`.

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> [p.describe() for p in read_all("对于重大故障,在接到用户报障后,30分钟作出响应,6小时内到达现场,"
        ...                                   "1个\\n工作日内解决问题。").promises]
        ... # doctest: +NORMALIZE_WHITESPACE
        ['response within 30m (重大故障)', 'on_site within 6h (重大故障)',
         'resolution within 1 working day (重大故障)']
    """
    terms = terms_in(s)
    warranty_said = WARRANTY.search(s.compact) is not None
    for i, (start, end, term) in enumerate(terms):
        if start > 0 and s.compact[start - 1] in "x×X*✕":
            continue
        if found.shuffled and found.is_shuffled(s.span(start, end)):
            continue  # cells of a table no row can be placed for (see `_cells`): unclear there
        after = s.compact[end : end + 8]
        if NOT_A_LIMIT.match(after) and not LIMIT.match(after):
            continue
        next_start = terms[i + 1][0] if i + 1 < len(terms) else len(s.compact)
        w0, w1 = _window(s, end, next_start)
        w1 = min(w1, w0 + WINDOW)
        if CONDITION.match(s.compact[w0:w1]) or _negated_clause(s, start):
            # "6小时内未能排除的,…", "如果不能于12小时内解决故障,…": the condition of the next promise
            k = s.clause_of(start)
            found.conditions.append((s.at(s.clauses[k][1]), s.raw[s.clauses[k][0] : s.clauses[k][1]]))
            continue
        clause0 = s.clauses[s.clause_of(start)][0]
        c0 = max(clause0, start - WINDOW)
        # A metric named right before the term ("恢复时间不超过6小时") wins over one after it,
        # which may belong to the next clause ("…6小时,到场时间…").
        noun = metric_before(s.compact[c0:start])
        hit = None if noun is not None else metric_after(s.compact[w0:w1])
        metrics, q_end = (noun[0], end) if noun is not None else ((), end)
        metric = metrics[0] if metrics else None
        if hit is not None:
            name, a, b = hit
            if name != "resolution" or s.compact[w0 + a : w0 + b] != "完成":
                metric, q_end = name, w0 + b
        window = s.compact[w0:w1]
        if (
            metric is None
            and "完成" in window
            and REPAIR.search(s.compact[clause_start_of(s, start) : start])
        ):
            metric, q_end = "resolution", w0 + window.index("完成") + 2
        if metric is None and PARTS.search(s.compact, c0, start) and (d := DELIVERED.search(window)):
            metric, q_end = "spare_part", w0 + d.end()  # "备品备件在24小时内送达"
        if noun is not None:
            noun = (noun[0], noun[1] + c0 - clause0)
        if metric is None:
            # maybe a warranty or schedule term; a bare time limit is reported as unclear
            if LIMIT.match(after) and not isinstance(term, Years | Months) and not warranty_said:
                found.unclear_at(
                    s,
                    clause_start_of(s, start),
                    w1,
                    f"a time limit ({s.compact[start:end]}) that names no metric this reader knows",
                )
            continue
        if isinstance(term, Years | Months):
            continue  # "3年内…解决" is not a service target
        q_start = clause_start_of(s, start)
        said = s.compact[max(q_start, start - WINDOW) : start]
        if neg := NEGATION.search(said):
            why = f"{metric} within {s.compact[start:end]}, but negated ({neg.group()})"
            found.unclear_at(s, q_start, max(q_end, end), why)
            continue
        # "通常2小时内到场", "原则上4小时内": a promise, but hedged (the draft marks it CHECK)
        hedged = HEDGE.search(s.compact, max(s.clauses[s.clause_of(start)][0], start - 12), start) is not None
        condition = _condition(s, start, found)
        if noun is not None:
            q_start = min(q_start, clause0 + noun[1])
        q_end = max(q_end, end)
        quote, span = quote_of(s, q_start, max(q_end, clause_end_of(s, q_end - 1)))
        found.used.add(s.span(start, end))
        # "北京、天津地区4小时内到场", "A和B服务等级…": one promise per region and grade
        for one in metrics if len(metrics) > 1 else (metric,):
            levels = levels_for(s, start)
            if levels == (None,) and (carried := found.carried(span[0])) is not None:
                levels = (carried,)  # the grade of the definition whose item holds the sentence
            for level in levels:
                for region in regions_for(s, start):
                    found.promises.append(
                        Promise(
                            kind="target",
                            quote=quote,
                            span=span,
                            metric=one,
                            within=term,
                            level=level,
                            region=region,
                            hedged=hedged,
                            condition=condition,
                        )
                    )


def _negated_clause(s: Sentence, start: int) -> bool:
    """Whether the term's clause says what happens if it is NOT met: "如果不能于12小时内解决故障"."""
    k = s.clause_of(start)
    return IF_NOT.search(s.compact, max(s.clauses[k][0], start - 16), start) is not None and bool(
        re.search(r"(?:如果|如|若|倘若)|的$", s.compact[s.clauses[k][0] : s.clauses[k][1]])
    )


def _condition(s: Sentence, start: int, found: Found) -> str | None:
    """The condition a promise is made on: said before it in its sentence ("如果不能…解决故障,"),
    or on request ("可根据用户要求", "如需要")."""
    k = s.clause_of(start)
    said = found.conditions[-1] if found.conditions else None
    if said is not None and s.at(0) <= said[0] <= s.at(s.clauses[k][0]):
        return said[1]
    if m := ON_REQUEST.search(s.compact, max(0, s.clauses[k][0] - WINDOW), start):
        return s.raw[m.start() : m.end()]
    return None


def vague_targets(s: Sentence, found: Found) -> None:
    """A metric promised with no definite term ("第一时间赶赴现场", "尽快解决") is unclear.

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> [u.reason for u in read_all("我公司将尽快解决故障。").unclear]
        ['promises resolution without a definite term (尽快)']
    """
    for m in CLOCK_TIME.finditer(s.compact):
        hit = metric_after(s.compact[m.end() : m.end() + WINDOW])
        if hit is not None:
            end = m.end() + hit[2]
            why = f"promises {hit[0]} by a time of day ({m.group()}), not within a term"
            found.unclear_at(s, clause_start_of(s, m.start()), end, why)
    for m in VAGUE.finditer(s.compact):
        k = s.clause_of(m.start())
        hit = metric_after(s.compact[m.end() : min(s.clauses[k][1], m.end() + WINDOW)])
        if hit is None:
            continue
        end = m.end() + hit[2]
        start = clause_start_of(s, m.start())
        found.unclear_at(s, start, end, f"promises {hit[0]} without a definite term ({m.group()})")
