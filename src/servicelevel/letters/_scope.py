"""Whose promise it is: this project's (本项目, 贵单位, the contract's) or the company's in general.

A letter often repeats a company-wide claim ("我公司提供365×8服务", a slogan in the company's
introduction) and then, in a section about the project, the project's own promise ("本项目…7×24
小时"). The draft takes the project's. A promise is *about the project* when its own sentence
names the project or the buyer (`PROJECT`: 本项目, 本次项目, 该项目, 本系统, 本合同, 贵单位, this
project…), else when the nearest heading above it that names either does; it is *about the
company* when that heading names the company (公司简介, 企业概况), or its sentence speaks of all
customers or the company's habits (所有客户, 一贯, 全国, 宗旨…). Otherwise its scope is unknown.
A bare 我公司 decides nothing: letters write "我公司承诺…" for the project's promises too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

import attrs

from servicelevel.letters._promise import Promise
from servicelevel.letters._vocab import FOLD

__all__ = ["PROJECT", "scope_rank", "scoped", "widest_first"]

PROJECT = re.compile(
    r"本(?:投标|招标|采购|次|期)?(?:项目|工程|标段|合同|系统|标)|(?:该|此)(?:项目|工程|系统)|本次(?:采购|招标|投标)"
    r"|贵(?:单位|方|司|公司|院|校|局|行|中心|厅|部|处)|\b(?:this|the)\s+(?:project|contract|tender)\b",
    re.IGNORECASE,
)
_COMPANY_HEADING = re.compile(
    r"(?:公司|企业|集团)(?:简介|介绍|概况|概述|资质|业绩|实力|荣誉|文化|理念)"
    r"|关于我们|about us|company profile",
    re.IGNORECASE,
)
_GENERAL = re.compile(
    r"所有(?:客户|用户)|全体(?:客户|用户)|广大(?:客户|用户)|一贯|始终|历来|宗旨|理念|全国(?:范围|各地)?(?:的)?(?:客户|用户)"
)
# A heading: a short line of its own with no sentence inside it ("一、本项目售后服务承诺", "公司简介").
_HEADING = re.compile(r"^[^\S\n]*(?:#{1,6}\s*)?(?P<text>[^\n。;;,,|\t]{2,40}?)[::]?[^\S\n]*$", re.MULTILINE)
_SENTENCE_EDGE = re.compile(r"[。!?!?\n]")
_REACH = 200  # how far a promise's sentence is looked at on either side of its quote


_NUMBERING = (
    ("chapter", re.compile(r"第[一二三四五六七八九十\d]{1,3}[章部节篇]")),
    ("paren", re.compile(r"[((][一二三四五六七八九十\d]{1,3}[))]")),
    ("cn", re.compile(r"[一二三四五六七八九十]{1,3}[、.]")),
    ("deep", re.compile(r"\d{1,2}(?:\.\d{1,2})+")),
    ("digit", re.compile(r"\d{1,2}[、.)]")),
    ("markdown", re.compile(r"#{1,6}")),
)


def _numbering(line: str) -> tuple[str, str]:
    """How a heading is numbered ("cn" for 一、, "digit" for 1., …, "" for none), and its words."""
    for name, pattern in _NUMBERING:
        if m := pattern.match(line):
            return name, line[m.end() :]
    return "", line


def _headings(text: str) -> list[tuple[int, int, str]]:
    """The sections whose heading names a scope: (start, end, "project"|"company"). A section runs
    to the next heading numbered alike (一、 to 二、, 1. to 2., unnumbered to unnumbered) or to a
    chapter's heading."""
    heads: list[tuple[int, str, str]] = []  # (start, numbering, scope or "")
    for m in _HEADING.finditer(text):
        numbering, words = _numbering(re.split(r"[>»]", m["text"])[-1].strip().translate(FOLD))
        if re.search(r"\d", words) or len(re.findall(r"[\u4e00-\u9fffA-Za-z]", words)) < 2:
            continue  # a table's cell on a line of its own ("30分钟"), not a heading
        scope = "project" if PROJECT.search(words) else "company" if _COMPANY_HEADING.search(words) else ""
        heads.append((m.start(), numbering, scope))
    out = []
    for i, (start, numbering, scope) in enumerate(heads):
        if not scope:
            continue
        end = next(
            (s for s, n, _ in heads[i + 1 :] if n == numbering or n == "chapter"),
            len(text),
        )
        out.append((start, end, scope))
    return out


def _sentence(text: str, span: tuple[int, int]) -> str:
    """The sentence a quote stands in (bounded: `_REACH` characters on either side)."""
    a, b = span
    lo = max(0, a - _REACH)
    before = [m.end() for m in _SENTENCE_EDGE.finditer(text, lo, a)]
    start = before[-1] if before else lo
    after = _SENTENCE_EDGE.search(text, b, min(len(text), b + _REACH))
    end = after.start() if after else min(len(text), b + _REACH)
    return text[start:end].translate(FOLD)


def scoped(text: str, promises: Iterable[Promise]) -> list[Promise]:
    """The promises with their ``scope``: "project", "company" or None (see the module docstring).

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> f = read_all("一、公司简介\\n我公司为所有客户提供5×8服务。\\n"
        ...              "二、本项目售后服务承诺\\n提供7×24服务。")
        >>> [(p.coverage, p.scope) for p in f.promises]
        [('5x8', 'company'), ('7x24', 'project')]
    """
    sections = _headings(text)
    at = [a for a, _, _ in sections]
    out = []
    for p in promises:
        sentence = _sentence(text, p.span)
        scope: str | None = None
        if PROJECT.search(sentence):
            scope = "project"
        else:
            k = bisect.bisect_right(at, p.span[0]) - 1
            while k >= 0 and sections[k][1] <= p.span[0]:
                k -= 1  # a section that has ended; an outer one may still hold
            if k >= 0:
                scope = sections[k][2]
            elif _GENERAL.search(sentence):
                scope = "company"
        out.append(attrs.evolve(p, scope=scope) if scope else p)
    return out


def scope_rank(p: Promise) -> int:
    """0 for a promise about this project, 1 when unknown, 2 for the company's in general."""
    return {"project": 0, "company": 2}.get(p.scope or "", 1)


def widest_first(notations: Sequence[str]) -> list[str]:
    """Service-hours notations by the hours a week they cover, widest first (ties in their order).

    Examples:
        >>> widest_first(["5x8", "7x24", "365x8 08:30-17:30", "7x18"])
        ['7x24', '7x18', '365x8 08:30-17:30', '5x8']
    """

    def hours(notation: str) -> float:
        head, _, span = notation.partition(" ")
        m = re.match(r"(\d+)x(\d+)", head)
        if m is None:
            return 0.0
        days = 7 if int(m[1]) in (7, 365, 366) else int(m[1])
        per_day = float(m[2])
        if t := re.fullmatch(r"(\d\d):(\d\d)-(\d\d):(\d\d)", span):
            per_day = (int(t[3]) * 60 + int(t[4]) - int(t[1]) * 60 - int(t[2])) / 60
        return days * per_day

    return sorted(notations, key=hours, reverse=True)
