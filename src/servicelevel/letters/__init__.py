"""Reading vendors' commitment letters (售后服务承诺): the promises they make, with their quotes.

`read_commitments` finds targets, service hours, warranties, visit schedules and
charge caps in a letter's text by named rules built on the term grammar (no model,
no network); ``found.to_toml()`` drafts a contract file; `compare` sets letters
side by side as a tender evaluation does.
"""

from __future__ import annotations

from servicelevel.letters._commitments import (
    MAX_LETTER_BYTES,
    Commitments,
    read_commitments,
    read_commitments_file,
)
from servicelevel.letters._compare import Comparison, compare
from servicelevel.letters._grades import Grade
from servicelevel.letters._promise import KINDS, Promise, Unclear, visible

__all__ = [
    "KINDS",
    "MAX_LETTER_BYTES",
    "Commitments",
    "Comparison",
    "Grade",
    "Promise",
    "Unclear",
    "compare",
    "read_commitments",
    "read_commitments_file",
    "visible",
]
