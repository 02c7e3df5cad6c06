"""A letter as sentences: the compact reading of each, with the way back to the text.

The letter is cut into sentences (at 。!? bullets and enumerators, never at a line
break inside a phrase); each sentence is read on its *compact* form, with every
whitespace character removed and full-width forms as ASCII, so that a line or page
break inside a term or a verb ("1个\\n工作日内", "赶到现\\n\\n场") never splits it;
positions map back to the original text for quotes. Lookups of clauses, grades and
regions are bisections: a long sentence without a full stop is read in linear time.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from servicelevel.errors import InvalidTermError
from servicelevel.letters._grades import LEVEL, Grade, level_markers
from servicelevel.letters._promise import Promise, Unclear
from servicelevel.letters._regions import region_markers
from servicelevel.letters._vocab import (
    BULLETS,
    ENUMERATOR,
    FOLD,
    HALF,
    LIMIT,
    METRICS,
    NOTATION,
    SENTENCE_END,
    TERM,
)
from servicelevel.terms import Term, parse_term

__all__ = ["joins_across", "levels_for", "read_term", "regions_for", "sentences"]


# ---------------------------------------------------------------------------- text pieces
@dataclass
class Sentence:
    """A sentence of the letter in compact form (no whitespace), with the map back to the text."""

    text: str  # the whole letter
    compact: str  # folded (see `FOLD`): what the patterns read
    runs: list[tuple[int, int]]  # the runs of non-space characters in ``text`` that make ``compact``
    offsets: list[int]  # where each run begins in ``compact``
    clauses: list[tuple[int, int]] = field(default_factory=list)  # compact ranges split at commas
    starts: list[int] = field(default_factory=list)  # clause starts, for bisection
    levels: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)  # where grades are named
    regions: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)  # see `region_markers`
    region_ends: list[int] = field(default_factory=list)  # their ends, for bisection
    semis: list[int] = field(default_factory=list)  # where the semicolons are
    raw: str = ""  # the compact form as written (traditional characters kept): names come from it

    def at(self, i: int) -> int:
        """The offset in the letter of ``compact[i]``."""
        k = bisect.bisect_right(self.offsets, i) - 1
        return self.runs[k][0] + i - self.offsets[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.at(start), self.at(end - 1) + 1

    def clause_of(self, i: int) -> int:
        return max(0, bisect.bisect_right(self.starts, i) - 1)

    def part_of(self, i: int) -> int:
        """Which part between semicolons ``i`` lies in."""
        return bisect.bisect_right(self.semis, i)


_ENDS = re.compile(f"[{re.escape(SENTENCE_END)}]")
_BULLET = re.compile(f"[{re.escape(BULLETS)}]")
_NONSPACE = re.compile(r"\S+")
# An inline pinyin gloss some pages print after a character ("服務(wù)"): page furniture.
_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,6}\)")


def _runs(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The runs of characters between ``a`` and ``b`` that the compact form keeps."""
    out = []
    for m in _NONSPACE.finditer(text, a, b):
        x, y = m.span()
        if "(" in text[x:y]:
            for g in _GLOSS.finditer(text, x, y):
                if g.start() > x:
                    out.append((x, g.start()))
                x = g.end()
        if y > x:
            out.append((x, y))
    return out


_ACROSS = (TERM, NOTATION, LEVEL, *(p for _, p in METRICS))


def word_breaks(text: str) -> tuple[list[int], bytearray]:
    """Where a space breaks a word: the starts of the letter's runs of non-space characters, and
    per run a 1 when the run continues a term, a notation, a grade name or a metric phrase that
    the space broke ("1 个工作 日内", "7* 24 小 时", "一级 故障", "到达现 场") — read without the
    spaces, as the sentence rules read them. One pass over the letter, whatever its length."""
    runs = [(m.start(), m.end()) for m in _NONSPACE.finditer(text)]
    compact = "".join(text[a:b] for a, b in runs).translate(FOLD)
    inside = bytearray(len(compact) + 1)  # inside[k]: compact[k-1] and compact[k] are one word
    for pattern in _ACROSS:
        for m in pattern.finditer(compact):
            inside[m.start() + 1 : m.end()] = b"\x01" * (m.end() - m.start() - 1)
            if pattern is TERM and LIMIT.match(compact[m.end() : m.end() + 3]):
                inside[m.end()] = 1  # "1个工作日 内": the term and its 内
    starts, broken, k = [], bytearray(len(runs)), 0
    for i, (a, b) in enumerate(runs):
        starts.append(a)
        broken[i] = inside[k]
        k += b - a
    return starts, broken


def joins_across(text: str, a: int, b: int) -> bool:
    """Whether the space ``text[a:b]`` breaks a word (see `word_breaks`).

    Examples:
        >>> joins_across("在1个工作 日内通知", 5, 6), joins_across("一级 故障", 2, 3)
        (True, True)
        >>> joins_across("处理完毕 二级", 4, 5)
        False
    """
    starts, broken = word_breaks(text)
    i = bisect.bisect_left(starts, b)
    return i < len(starts) and starts[i] == b and bool(broken[i])


def sentences(text: str, skip: list[tuple[int, int]]) -> Iterator[Sentence]:
    """The letter's sentences outside ``skip`` (table blocks).

    A break ends a sentence after 。;!? and before a bullet, an enumerator
    ("1、", "2)", "①") or a table; a line break after any other character does not
    (page breaks fall inside phrases).

    Examples:
        >>> [s.compact for s in sentences("在1个\\n工作日内解决。● 2小时到场", [])]
        ['在1个工作日内解决。', '●2小时到场']
    """
    cuts = {0, len(text)}
    cuts.update(m.end() for m in _ENDS.finditer(text))
    cuts.update(m.start() for m in _BULLET.finditer(text))
    for m in ENUMERATOR.finditer(text):
        cuts.add(m.start())
    for m in re.finditer(r"[::：]\s*\n", text):
        cuts.add(m.end())
    # Flattened documents separate their paragraphs by a space; Chinese prose has none.
    words, broken = word_breaks(text)
    for m in re.finditer(r"(?<=[^\x00-\x7f])[ \t\u3000]+(?=[^\x00-\x7f])", text):
        i = bisect.bisect_left(words, m.end())
        if not (i < len(words) and words[i] == m.end() and broken[i]):
            cuts.add(m.end())
    for a, b in skip:
        cuts.update((a, b))
    edges = sorted(cuts)
    starts = sorted(skip)
    for a, b in itertools.pairwise(edges):
        k = bisect.bisect_right(starts, (a, len(text) + 1)) - 1
        if k >= 0 and starts[k][0] <= a and b <= starts[k][1]:
            continue  # inside a table block
        runs = _runs(text, a, b)
        if not runs:
            continue
        offsets, n = [], 0
        for x, y in runs:
            offsets.append(n)
            n += y - x
        raw = "".join(text[x:y] for x, y in runs).translate(HALF)
        compact = raw.translate(FOLD)
        s = Sentence(text, compact, runs, offsets, raw=raw)
        start = 0
        for m in re.finditer(r"[,,;;]", compact):
            s.clauses.append((start, m.start()))
            start = m.end()
        s.clauses.append((start, len(compact)))
        s.starts = [a for a, _ in s.clauses]
        s.semis = [m.start() for m in re.finditer(";", compact)]
        s.levels = level_markers(compact, raw)
        s.regions = region_markers(compact, raw)
        s.region_ends = [end for end, _ in s.regions]
        yield s


# ---------------------------------------------------------------------------- terms
def read_term(raw: str) -> Term | None:
    """The term a matched phrase names, or None when the term grammar refuses it.

    Examples:
        >>> read_term("1个工作日"), read_term("四个小时"), read_term("2011年")
        (WorkingDays(n=1), datetime.timedelta(seconds=14400), None)
    """
    if re.fullmatch(r"\d{4}年", raw):  # a calendar year (成立于2011年), not a period
        return None
    try:
        return parse_term(raw)
    except InvalidTermError:
        return None


@dataclass
class Found:
    promises: list[Promise] = field(default_factory=list)
    unclear: list[Unclear] = field(default_factory=list)
    warranty_starts: list[tuple[int, str]] = field(default_factory=list)  # said apart from any term
    extensions: list[tuple[Unclear, Term]] = field(
        default_factory=list
    )  # with no base term in their sentence
    used: set[tuple[int, int]] = field(default_factory=set)  # spans (in the letter) of terms already read
    conditions: list[tuple[int, str]] = field(default_factory=list)  # (end in the letter, the clause)
    grades: list[Grade] = field(default_factory=list)  # the grades the letter defines, in its order
    shuffled: list[tuple[int, int]] = field(default_factory=list)  # table cells no row can be placed for

    def carried(self, at: int) -> str | None:
        """The grade whose definition's item holds offset ``at``: after the definition of one grade
        and before the next one's ("(1)S-1 问题程度:… 处理方案:… 2小时内到达现场。(2)S-2…"),
        within `_CARRY` characters; None after the last definition (where its item ends is unsaid)."""
        k = bisect.bisect_right([g.span[0] for g in self.grades], at) - 1
        if k < 0 or k + 1 >= len(self.grades):
            return None
        here, after = self.grades[k], self.grades[k + 1]
        return here.name if at < after.span[0] and at - here.span[0] <= _CARRY else None

    def is_shuffled(self, span: tuple[int, int]) -> bool:
        """Whether a term at ``span`` lies in table cells that no row can be placed for."""
        return any(a <= span[0] and span[1] <= b for a, b in self.shuffled)

    def unclear_at(self, s: Sentence, start: int, end: int, reason: str) -> None:
        quote, span = quote_of(s, start, end)
        self.unclear.append(Unclear(quote=quote, span=span, reason=reason))


_CARRY = 600  # the furthest a grade's definition carries its grade into the sentences after it
_TRIM = "。;;!?!?,,、::" + BULLETS


def quote_of(s: Sentence, start: int, end: int) -> tuple[str, tuple[int, int]]:
    """The letter's text from compact ``start`` to ``end``, without punctuation at either end."""
    while end > start + 1 and s.compact[end - 1] in _TRIM:
        end -= 1
    while start < end - 1 and s.compact[start] in _TRIM:
        start += 1
    a, b = s.span(start, end)
    return s.text[a:b], (a, b)


def clause_start_of(s: Sentence, i: int) -> int:
    """Where the clause of ``i`` begins, past bullets and enumerators — at most `_QUOTE` before ``i``."""
    start = max(s.clauses[s.clause_of(i)][0], i - _QUOTE)
    while start < i and s.compact[start] in BULLETS + "、)):: ":
        start += 1
    m = ENUMERATOR.match(s.compact, start, i)
    return m.end() if m else start


def clause_end_of(s: Sentence, i: int) -> int:
    """Where the clause of ``i`` ends — at most `_QUOTE` after ``i`` (a quote stays a phrase)."""
    return min(s.clauses[s.clause_of(i)][1], i + _QUOTE)


_QUOTE = 60  # the longest stretch of a clause a quote takes on either side of what it quotes


# ---------------------------------------------------------------------------- the rules


def levels_for(s: Sentence, before: int) -> tuple[str | None, ...]:
    """The fault grades named last before ``before`` in the sentence ("对于重大故障,…"); ``(None,)``
    when none is: one promise per grade ("对于A和B服务等级,10分钟内回复" is for A and for B).

    Examples:
        >>> s = next(sentences("一般事故6小时到场", []))
        >>> levels_for(s, 4)
        ('一般事故',)
    """
    k = bisect.bisect_left(s.levels, (before, ())) - 1
    return s.levels[k][1] if k >= 0 else (None,)


def regions_for(s: Sentence, term_start: int) -> tuple[str | None, ...]:
    """The regions a promise at ``term_start`` is for: the last named before it in its part of the
    sentence (between semicolons); ``(None,)`` for the default target.

    Examples:
        >>> s = next(sentences("北京地区:1小时内响应,4小时内到场;其他地区:24小时内到场", []))
        >>> regions_for(s, 5), regions_for(s, 12), regions_for(s, 25)
        (('北京',), ('北京',), (None,))
    """
    part = s.part_of(term_start)
    k = bisect.bisect_right(s.region_ends, term_start) - 1
    if k < 0 or s.part_of(s.regions[k][0] - 1) != part:
        return (None,)
    return s.regions[k][1] or (None,)


def terms_in(s: Sentence) -> list[tuple[int, int, Term]]:
    out = []
    for m in TERM.finditer(s.compact):
        if m.start() > 0 and s.compact[m.start() - 1] == "每":
            continue  # "每两个月" is a frequency (see `schedules`)
        term = read_term(m.group())
        if term is not None:
            out.append((m.start(), m.end(), term))
    return out


def line_spans(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out
