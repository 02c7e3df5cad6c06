"""Warranties (term, start, extension) and caps on the charges after them."""

from __future__ import annotations

import re

import attrs

from servicelevel.letters._promise import Promise, Unclear
from servicelevel.letters._text import (
    Found,
    Sentence,
    clause_end_of,
    clause_start_of,
    quote_of,
    terms_in,
)
from servicelevel.letters._vocab import (
    BARE_CAP,
    BLANKED,
    CHARGE,
    EXTENSION,
    SIGNING,
    START_EVENTS,
    WARRANTY,
)
from servicelevel.terms import Months, Term, Years

__all__ = ["charges", "extensions", "warranty"]


_NO_BASE = "extends the warranty, but its base term is not stated"


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


def charges(s: Sentence, found: Found) -> None:
    """A cap on fees: "维修费用不超过合同总额的2%" (with the years after expiry, when stated).

    Examples:
        >>> from servicelevel.letters._read import read_all
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
