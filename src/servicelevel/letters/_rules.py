"""The rules that find promises in a letter's sentences, one named function each.

Each rule reads a sentence's compact form (see `_text`) with the patterns of `_vocab`:
targets (a term tied to a metric), vague and clock-time promises, service hours,
warranties, schedules, charge caps; tables are read by `_tables`. Nothing is guessed:
a term that cannot be tied to a metric, a vague time ("第一时间"), a blanked-out term
("**年"), a negated or hedged promise goes to `Unclear` with the reason.
"""

from __future__ import annotations

import re

import attrs

from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import UnknownNotationError
from servicelevel.letters._promise import Promise, Unclear
from servicelevel.letters._tables import tables
from servicelevel.letters._text import (
    Found,
    Sentence,
    clause_end_of,
    clause_start_of,
    nearest_level,
    quote_of,
    read_term,
    regions_for,
    sentences,
    terms_in,
)
from servicelevel.letters._vocab import (
    ACTIVITY,
    ALL_HOURS,
    ANY_TIME,
    BARE_CAP,
    BLANKED,
    CHARGE,
    CLOCK_TIME,
    CONDITION,
    CONNECT,
    DAY_WEEK,
    DELIVERED,
    EACH,
    EXTENSION,
    FIRST_STRETCH,
    FIRST_YEAR,
    FREQUENCY,
    HEDGE,
    LIMIT,
    METRIC_NOUN,
    METRICS,
    NEGATION,
    NOT_A_LIMIT,
    NOT_OFFERED,
    NOTATION,
    NOUN_METRIC,
    PARTS,
    REPAIR,
    ROUND_CLOCK_WORDS,
    SIGNING,
    START_EVENTS,
    TIMES,
    UNIT_TERMS,
    VAGUE,
    WARRANTY,
    WEEK_HOURS,
)
from servicelevel.terms import Days, Months, Term, Years

__all__ = ["read", "read_all"]


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


def metric_before(before: str) -> tuple[str, int] | None:
    """The metric a noun right before a term names: "修复时间应不超过48个小时" → resolution.

    Examples:
        >>> metric_before("3、响应时间:"), metric_before("修复时间应不超过"), metric_before("时间为")
        (('response', 2), ('resolution', 0), None)
    """
    for m in reversed(list(METRIC_NOUN.finditer(before))):
        if CONNECT.match(before[m.end() :]):
            return NOUN_METRIC[m["noun"] if "noun" in m.groupdict() else m[1]], m.start()
    return None


_WINDOW = 40  # characters around a term where its metric, grade words or negation may stand


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
        >>> [p.describe() for p in read_all("对于重大故障,在接到用户报障后,30分钟作出响应,6小时内到达现场,"
        ...                                   "1个\\n工作日内解决问题。").promises]
        ... # doctest: +NORMALIZE_WHITESPACE
        ['response within 30m (重大故障)', 'on_site within 6h (重大故障)',
         'resolution within 1 working day (重大故障)']
    """
    terms = terms_in(s)
    for i, (start, end, term) in enumerate(terms):
        if start > 0 and s.compact[start - 1] in "x×X*✕":
            continue
        after = s.compact[end : end + 8]
        if NOT_A_LIMIT.match(after) and not LIMIT.match(after):
            continue
        next_start = terms[i + 1][0] if i + 1 < len(terms) else len(s.compact)
        w0, w1 = _window(s, end, next_start)
        w1 = min(w1, w0 + _WINDOW)
        if CONDITION.match(s.compact[w0:w1]):
            continue  # "6小时内未能排除的,…": the condition of another promise, not a promise
        clause0 = s.clauses[s.clause_of(start)][0]
        c0 = max(clause0, start - _WINDOW)
        # A metric named right before the term ("恢复时间不超过6小时") wins over one after it,
        # which may belong to the next clause ("…6小时,到场时间…").
        noun = metric_before(s.compact[c0:start])
        hit = None if noun is not None else metric_after(s.compact[w0:w1])
        metric, q_end = (noun[0], end) if noun is not None else (None, end)
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
            if LIMIT.match(after) and not isinstance(term, Years | Months) and not WARRANTY.search(s.compact):
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
        said = s.compact[max(q_start, start - _WINDOW) : start]
        if (neg := NEGATION.search(said)) or (hedge := HEDGE.search(said)):
            word = neg.group() if neg else hedge.group()  # type: ignore[union-attr]
            why = "negated" if neg else "hedged"
            found.unclear_at(
                s, q_start, max(q_end, end), f"{metric} within {s.compact[start:end]}, but {why} ({word})"
            )
            continue
        if noun is not None:
            q_start = min(q_start, clause0 + noun[1])
        q_end = max(q_end, end)
        quote, span = quote_of(s, q_start, max(q_end, clause_end_of(s, q_end - 1)))
        found.used.add(s.span(start, end))
        level = nearest_level(s, start)
        for region in regions_for(s, start):  # "北京、天津地区4小时内到场": one promise each
            found.promises.append(
                Promise(
                    kind="target",
                    quote=quote,
                    span=span,
                    metric=metric,
                    within=term,
                    level=level,
                    region=region,
                )
            )


def vague_targets(s: Sentence, found: Found) -> None:
    """A metric promised with no definite term ("第一时间赶赴现场", "尽快解决") is unclear.

    Examples:
        >>> [u.reason for u in read_all("我公司将尽快解决故障。").unclear]
        ['promises resolution without a definite term (尽快)']
    """
    for m in CLOCK_TIME.finditer(s.compact):
        hit = metric_after(s.compact[m.end() : m.end() + _WINDOW])
        if hit is not None:
            end = m.end() + hit[2]
            why = f"promises {hit[0]} by a time of day ({m.group()}), not within a term"
            found.unclear_at(s, clause_start_of(s, m.start()), end, why)
    for m in VAGUE.finditer(s.compact):
        k = s.clause_of(m.start())
        hit = metric_after(s.compact[m.end() : min(s.clauses[k][1], m.end() + _WINDOW)])
        if hit is None:
            continue
        end = m.end() + hit[2]
        start = clause_start_of(s, m.start())
        found.unclear_at(s, start, end, f"promises {hit[0]} without a definite term ({m.group()})")


def coverage(s: Sentence, found: Found) -> None:
    """Service-hours notations: "7×24小时热线服务", "24×7服务", "每天24小时×每周7天", "5×8".

    One promise per notation per sentence; "24小时" alone is coverage only with
    "随时"/"全天候" (a slogan that names neither is unclear: which days?).

    Examples:
        >>> [p.coverage for p in read_all("提供24×7服务;目前提供5×8热线,可延长至7×24热线。").promises]
        ['7x24', '5x8', '7x24']
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
        found.promises.append(Promise(kind="coverage", quote=quote, span=span, coverage=notation))

    for m in WEEK_HOURS.finditer(s.compact):
        days = "5x8" if m["days"] in ("周一至周五", "工作日", "每周一至周五", "星期一至星期五") else "365x8"
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
    for m in ALL_HOURS.finditer(s.compact):
        before = s.compact[max(0, m.start() - 1) : m.start()]
        after = s.compact[m.end() :]
        if (before and before in "x×X*✕") or after[:1] in "x×X*✕" or LIMIT.match(after):
            continue
        if not ROUND_CLOCK_WORDS.match(after):
            continue
        if ANY_TIME.search(s.compact):
            add("7x24", m.start(), m.end())
        elif "7x24" not in seen:
            q_start = clause_start_of(s, m.start())
            end = m.end() + ROUND_CLOCK_WORDS.match(after).end()  # type: ignore[union-attr]
            found.unclear_at(s, q_start, end, "24 hours a day, but the days of the week are not stated")


_NO_BASE = "extends the warranty, but its base term is not stated"


def warranty(s: Sentence, found: Found) -> None:
    """A free-repair term: "质保期:验收之日起3年", "提供为期三年的免费维修", "3年7x24小时硬件保修".

    The start event comes from the sentence (验收 → acceptance, 交付/到货 →
    delivery, 购买 → sale), the extension from "再延长半年". An extension without
    its base term, or a blanked-out term ("**年"), is unclear.

    Examples:
        >>> [p.describe() for p in read_all("质保期:验收之日起3年,保修期内再延长半年。").promises]
        ['warranty 3 years from acceptance, extended by 6 months']
    """
    if not WARRANTY.search(s.compact) or CHARGE.search(s.compact):
        return  # a charge cap's sentence names the years after expiry, not the warranty
    for m in BLANKED.finditer(s.compact):
        found.unclear_at(
            s,
            clause_start_of(s, m.start()),
            s.clauses[s.clause_of(m.start())][1],
            "the warranty term is blanked out",
        )
    # one warranty per clause that names one and gives its term ("整机质保期为三年;蓄电池质保期为两年")
    bases: list[tuple[int, int, Term, Term | None]] = []
    said_start = next((name for name, p in START_EVENTS if p.search(s.compact)), None)
    for start, end, term in terms_in(s):
        if s.span(start, end) in found.used or not isinstance(term, Years | Months):
            continue
        if re.match(r"^(?:以上|以下|多)", s.compact[end : end + 2]):
            continue
        if re.search(r"(?:期满|满|到期|之)后(?:的)?$", s.compact[max(0, start - 4) : start]):
            continue  # "保修期满后3年内…": the years after expiry, not the warranty
        if bases and re.search(r"[((][^))]*$", s.compact[bases[-1][1] : start]):
            continue  # "5年(含原厂3年+延保2年)": a breakdown of the term just stated
        k = s.clause_of(start)
        if EXTENSION.search(s.compact[max(0, start - 8) : start]):
            if bases and bases[-1][3] is None:
                bases[-1] = (*bases[-1][:3], term)
            else:
                quote, span = quote_of(s, clause_start_of(s, start), clause_end_of(s, start))
                found.extensions.append((Unclear(quote=quote, span=span, reason=_NO_BASE), term))
            continue
        if not WARRANTY.search(s.compact, s.clauses[k][0], s.clauses[k][1]):
            continue  # "在三年内免费配合…研发" in a sentence that names the warranty elsewhere
        bases.append((start, end, term, None))
    if not bases and said_start is not None and re.search(r"起(?:计算|算|计)", s.compact):
        # "本项目质保期自竣工验收合格之日起计算。": the start of the warranties stated around it
        found.warranty_starts.append((s.at(0), said_start))
    for i, (start, end, term, extension) in enumerate(bases):
        k = s.clause_of(start)
        # the start event is said in the warranty's clause or the next one ("…三年,自…验收合格之日起算")
        stop = s.clauses[min(k + 1, len(s.clauses) - 1)][1]
        if i + 1 < len(bases):
            stop = min(stop, s.clauses[s.clause_of(bases[i + 1][0])][0])
        starts = next((name for name, p in START_EVENTS if p.search(s.compact, s.clauses[k][0], stop)), None)
        if starts is None and SIGNING.search(s.compact, max(0, s.clauses[k][0] - 20), stop):
            why = "the warranty starts at the contract's signing: give that date as its start"
            found.unclear_at(s, clause_start_of(s, start), clause_end_of(s, start), why)
        quote, span = quote_of(s, clause_start_of(s, start), clause_end_of(s, start))
        found.used.add(s.span(start, end))
        found.promises.append(
            Promise(kind="warranty", quote=quote, span=span, within=term, starts=starts, extension=extension)
        )


def schedules(s: Sentence, found: Found) -> None:
    """Visits at a frequency: "每两周进行例行的系统运行检查及维护", "每月至少上门巡查一次".

    Needs a named activity (巡检, 巡查, 检查, 保养, 回访…) in the clause: "每天的淋水量"
    is not a service schedule.

    Examples:
        >>> [p.describe() for p in read_all("在系统运行的前三个月内,每两周进行例行的系统运行检查及维护;"
        ...                                   "每季度不少于三次巡检。").promises]
        ['检查及维护 every 14 days, for the first 3 months', '巡检 every 3 months, 3 times']
    """
    previous: str | None = None  # "前三个月每周巡检一次,之后每月一次": the activity carries on
    after = 0  # a first stretch belongs to the frequency right after it, not to the next ones
    for m in FREQUENCY.finditer(s.compact):
        k = s.clause_of(m.start())
        clause_end = s.clauses[k][1]
        act = ACTIVITY.search(s.compact, m.end(), clause_end)
        if act is None:
            act = ACTIVITY.search(s.compact, s.clauses[k][0], m.start())
        once = TIMES.search(s.compact, m.end(), min(clause_end, m.end() + 8))
        if act is None and (previous is None or once is None):
            continue
        activity, act_end = (act.group(), act.end()) if act is not None else (previous or "", m.end())
        previous = activity
        if EACH.search(s.compact, max(s.clauses[k][0], m.start()), clause_end):
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
        from_ = max(s.clauses[k0][0], after)
        after = m.end()
        first = FIRST_STRETCH.search(s.compact, from_, m.start())
        if first is not None:
            lasting = read_term(first["term"])
        if first is None and (year := FIRST_YEAR.search(s.compact, from_, m.start())):
            first, lasting = year, Years(1)  # "验收后第一年每月回访一次"
        ends = [act_end, m.end()] + ([times_m.end()] if times_m else [])
        begin = min(m.start(), act.start()) if act else m.start()
        q_start = first.start() if first else clause_start_of(s, begin)
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


def charges(s: Sentence, found: Found) -> None:
    """A cap on fees: "维修费用不超过合同总额的2%" (with the years after expiry, when stated).

    Examples:
        >>> [p.describe() for p in read_all("保修期满后3年内,维修费用每年不超过合同总额的2%。").promises]
        ['charges capped at 2% for 3 years']
    """
    for m in BARE_CAP.finditer(s.compact):
        if not CHARGE.search(s.compact, max(0, m.start() - 30), m.end() + 1):
            why = f"a cap ({m.group()}) that is no share of the contract total (a charge cap must be)"
            found.unclear_at(s, clause_start_of(s, m.start()), m.end(), why)
    for m in CHARGE.finditer(s.compact):
        within = None
        for start, _end, term in terms_in(s):
            if isinstance(term, Years | Months) and re.search(r"(?:后|满后|期满)", s.compact[:start]):
                within = term
        q_start = clause_start_of(s, m.start())
        quote, span = quote_of(s, q_start, m.end())
        found.promises.append(
            Promise(kind="charge", quote=quote, span=span, cap=m["cap"] + "%", within=within)
        )


# ---------------------------------------------------------------------------- tables


def read_all(text: str) -> Found:
    """Every rule over a letter: the promises in text order, and what is unclear."""
    found = Found()
    blocks = tables(text, found)
    for s in sentences(text, blocks):
        targets(s, found)
        vague_targets(s, found)
        coverage(s, found)
        warranty(s, found)
        schedules(s, found)
        charges(s, found)
    found.promises.sort(key=lambda p: p.span)
    extensions(found)
    found.unclear.sort(key=lambda u: u.span)
    return found


def extensions(found: Found) -> None:
    """An extension in its own sentence ("可在原质保期满后免费延长质保一年") extends the warranty
    stated just before it (within 400 characters, without an extension of its own); else unclear.
    A start said in its own sentence ("质保期自竣工验收合格之日起计算") is the start of the
    warranties within 300 characters that state none.

    Examples:
        >>> f = read_all("设备质保五年,自验收合格之日起计算。如需要,可在质保期满后免费延长质保一年。")
        >>> [p.describe() for p in f.promises]
        ['warranty 5 years from acceptance, extended by 1 year']
    """
    for at, event in found.warranty_starts:
        near = [
            (i, p)
            for i, p in enumerate(found.promises)
            if p.kind == "warranty" and p.starts is None and abs(p.span[0] - at) <= 300
        ]
        for i, p in near:
            found.promises[i] = attrs.evolve(p, starts=event)
    for unclear, term in found.extensions:
        before = [
            (i, p)
            for i, p in enumerate(found.promises)
            if p.kind == "warranty" and p.span[1] <= unclear.span[0] and unclear.span[0] - p.span[1] <= 400
        ]
        if before and before[-1][1].extension is None:
            i, p = before[-1]
            found.promises[i] = attrs.evolve(p, extension=term)
        else:
            found.unclear.append(unclear)


def read(text: str) -> tuple[list[Promise], list[Unclear]]:
    found = read_all(text)
    return found.promises, found.unclear
