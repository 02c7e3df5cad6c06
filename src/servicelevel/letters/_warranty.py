"""Warranties (term, start, extension) and caps on the charges after them."""

from __future__ import annotations

import bisect
import re

import attrs

from servicelevel.letters._promise import Promise, Unclear
from servicelevel.letters._targets import WINDOW
from servicelevel.letters._text import (
    Found,
    Sentence,
    clause_end_of,
    clause_start_of,
    quote_of,
    read_term,
    terms_in,
)
from servicelevel.letters._vocab import (
    AFTER_EXPIRY,
    BAND_YEARS,
    BARE_CAP,
    BLANKED,
    CHARGE,
    EXTENSION,
    FOLD,
    SIGNING,
    START_EVENTS,
    WARRANTY,
)
from servicelevel.terms import Months, Term, Years

__all__ = ["charges", "extensions", "warranty", "warranty_columns"]


_NO_BASE = "extends the warranty, but its base term is not stated"


# "…之日起计算", "从…验收合格之日起。", "自购买之日起,…": a start said apart from the term
_STARTS_HERE = re.compile(
    r"起(?:计算|算|计)|(?:之日|日)起|^(?:自|从)[^,;。]{0,16}?(?:之日|日|后)起|起始日期以[^,;。]{0,10}?为准"
)
# A table column of warranty periods, its header on a line of its own: "保修期(月)", "质保期限".
_PERIOD_COLUMN = re.compile(r"(?:保修|质保)期(?:限)?(?:\((?P<unit>月|年)\))?")
_COLUMN_REACH = 1500  # how far below its header a column's cells may stand


def warranty(s: Sentence, found: Found) -> None:
    """A free-repair term: "质保期:验收之日起3年", "提供为期三年的免费维修", "3年7x24小时硬件保修".

    The start event comes from the sentence (验收 → acceptance, 交付/到货 →
    delivery, 购买 → sale), the extension from "再延长半年". An extension without
    its base term, or a blanked-out term ("**年"), is unclear.

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> [p.describe() for p in read_all("质保期:验收之日起3年,保修期内再延长半年。").promises]
        ['warranty 3 years from acceptance, extended by 6 months']
    """
    if not WARRANTY.search(s.compact):
        # "自购买之日起,在有效期内…": a start said on its own, for the warranty stated near it
        said = next((name for name, p in START_EVENTS if p.search(s.compact)), None)
        if said is not None and _STARTS_HERE.search(s.compact) and not terms_in(s):
            found.warranty_starts.append((s.at(0), said))
        return
    if CHARGE.search(s.compact):
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
    if not bases and said_start is not None and _STARTS_HERE.search(s.compact):
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


def charges(s: Sentence, found: Found) -> None:
    """Caps on fees after the warranty, as a share of the contract price, one per band of years:
    "保修期满后3年内,维修费用不超过合同总额的2%;第4至6年不超过5%". Each band is described by
    its own years (the term just before its cap, or "第4至6年"), never by the band before it; a
    band from a year on ("第四年起") has no length of its own (the draft lists it, unplaced).

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> [p.describe() for p in read_all("保修期满后3年内,维修费用每年不超过合同总额的2%。").promises]
        ['charges capped at 2% for 3 years']
        >>> [p.describe() for p in read_all("保修期满后3年内收费不超过合同总额的2%,"
        ...                                   "第4年至第6年不超过合同总额的5%。").promises]
        ['charges capped at 2% for 3 years', 'charges capped at 5% for 3 years']
    """
    for m in BARE_CAP.finditer(s.compact):
        if not CHARGE.search(s.compact, max(0, m.start() - 30), m.end() + 1):
            why = f"a cap ({m.group()}) that is no share of the contract total (a charge cap must be)"
            found.unclear_at(s, clause_start_of(s, m.start()), m.end(), why)
    terms = [(a, term) for a, _b, term in terms_in(s) if isinstance(term, Years | Months)]
    starts = [a for a, _ in terms]
    previous = 0  # a band's words lie between the cap before it and its own
    expired = False  # "保修期满后…": the sentence speaks of the years after the warranty
    for m in CHARGE.finditer(s.compact):
        lo = max(previous, m.start() - WINDOW)
        expired = expired or AFTER_EXPIRY.search(s.compact, max(0, lo - WINDOW), m.start()) is not None
        within: Term | None = None
        if band := BAND_YEARS.search(s.compact, lo, m.start()):
            first, last = read_term(band["a"] + "年"), read_term(band["b"] + "年")
            if isinstance(first, Years) and isinstance(last, Years) and last.n >= first.n:
                within = Years(last.n - first.n + 1)
        else:
            k = bisect.bisect_left(starts, m.start()) - 1
            ordinal = k >= 0 and s.compact[starts[k] - 1 : starts[k]] == "第"  # "第四年起": from year 4 on
            if k >= 0 and starts[k] >= lo and expired and not ordinal:
                within = terms[k][1]
        previous = m.end()
        q_start = clause_start_of(s, band.start() if band else m.start())
        quote, span = quote_of(s, q_start, m.end())
        found.promises.append(
            Promise(kind="charge", quote=quote, span=span, cap=m["cap"] + "%", within=within)
        )


def warranty_columns(text: str, lines: list[tuple[int, int]], found: Found) -> None:
    """A table copied one cell per line under a warranty-period header ("保修期(月)"): every line
    below it that holds only a period ("24個月") is one warranty (one per product row).

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> f = read_all("名称\\n保修期(月)\\n服务方式\\n主机\\n36个月\\n送修\\n电源\\n1年\\n送修\\n")
        >>> [p.describe() for p in f.promises]
        ['warranty 36 months', 'warranty 1 year']
    """
    reach = -1
    for a, b in lines:
        line = text[a:b].strip().translate(FOLD)
        if _PERIOD_COLUMN.fullmatch(line):
            reach = b + _COLUMN_REACH
            continue
        if a > reach or not line or len(line) > 8 or line.isdigit():
            continue  # a bare number is a list's remnant as often as a period
        term = read_term(line)
        if not isinstance(term, Years | Months):
            continue
        x = a + len(text[a:b]) - len(text[a:b].lstrip())
        y = x + len(text[a:b].strip())
        found.used.add((x, y))
        found.promises.append(Promise(kind="warranty", quote=text[x:y], span=(x, y), within=term))


def extensions(found: Found) -> None:
    """An extension in its own sentence ("可在原质保期满后免费延长质保一年") extends the warranty
    stated just before it (within 400 characters, without an extension of its own); else unclear.
    A start said in its own sentence ("质保期自竣工验收合格之日起计算") is the start of the
    warranties within 300 characters that state none.

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> f = read_all("设备质保五年,自验收合格之日起计算。如需要,可在质保期满后免费延长质保一年。")
        >>> [p.describe() for p in f.promises]
        ['warranty 5 years from acceptance, extended by 1 year']
    """
    # the warranties by where they start (the promises are in text order): each lookup is a bisection
    at = [i for i, p in enumerate(found.promises) if p.kind == "warranty"]
    where = [found.promises[i].span[0] for i in at]
    for start, event in found.warranty_starts:
        for j in range(bisect.bisect_left(where, start - 300), bisect.bisect_right(where, start + 300)):
            p = found.promises[at[j]]
            if p.starts is None:
                found.promises[at[j]] = attrs.evolve(p, starts=event)
    for unclear, term in found.extensions:
        j = bisect.bisect_left(where, unclear.span[0]) - 1
        while j >= 0 and found.promises[at[j]].span[1] > unclear.span[0]:
            j -= 1  # a warranty still open where the extension starts is not before it
        base = found.promises[at[j]] if j >= 0 else None
        if base is not None and unclear.span[0] - base.span[1] <= 400 and base.extension is None:
            found.promises[at[j]] = attrs.evolve(base, extension=term)
        else:
            found.unclear.append(unclear)
