"""All the rules over a letter: tables first, then each sentence by each rule, in text order.

Each rule reads a sentence's compact form (see `_text`) with the patterns of `_vocab`.
Nothing is guessed: a term that cannot be tied to a metric, a vague time ("第一时间"),
a blanked-out term ("**年"), a negated promise goes to `Unclear` with the reason.
"""

from __future__ import annotations

import bisect
import re

import attrs

from servicelevel.letters._cells import cell_tables
from servicelevel.letters._coverage import coverage
from servicelevel.letters._escalation import escalations
from servicelevel.letters._exclusions import exclusions
from servicelevel.letters._flat import flat_tables
from servicelevel.letters._grades import Grade, definitions
from servicelevel.letters._promise import Promise, Unclear
from servicelevel.letters._schedules import schedules
from servicelevel.letters._scope import scoped
from servicelevel.letters._tables import tables
from servicelevel.letters._targets import targets, vague_targets
from servicelevel.letters._text import Found, line_spans, sentences
from servicelevel.letters._warranty import charges, extensions, warranty, warranty_columns

__all__ = ["read", "read_all"]


def read_all(text: str) -> Found:
    """Every rule over a letter: the promises in text order, and what is unclear."""
    found = Found()
    found.grades = definitions(text)
    blocks = tables(text, found) + flat_tables(text, found)
    found.shuffled = cell_tables(text, found)
    warranty_columns(text, line_spans(text), found)
    for s in sentences(text, blocks):
        targets(s, found)
        vague_targets(s, found)
        coverage(s, found)
        warranty(s, found)
        schedules(s, found)
        charges(s, found)
        escalations(s, found)
    found.promises.sort(key=lambda p: p.span)
    extensions(found)
    exclusions(text, found)
    found.unclear.sort(key=lambda u: u.span)
    breaks = [m.start() for m in re.finditer("\n", text)]
    found.promises = [attrs.evolve(p, line=bisect.bisect_left(breaks, p.span[0]) + 1) for p in found.promises]
    found.promises = scoped(text, found.promises)
    found.grades = [attrs.evolve(g, line=bisect.bisect_left(breaks, g.span[0]) + 1) for g in found.grades]
    found.unclear = [attrs.evolve(u, line=bisect.bisect_left(breaks, u.span[0]) + 1) for u in found.unclear]
    return found


def read(text: str) -> tuple[list[Promise], list[Unclear], list[Grade]]:
    found = read_all(text)
    return found.promises, found.unclear, found.grades
