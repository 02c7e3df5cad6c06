"""Tables of tickets: `Contract.evaluate`, `replay`, `compliance` and `penalties`, for pandas and
polars DataFrames.

Needs pandas and numpy (``pip install 'servicelevel[columns]'``); nothing here is
imported until a contract evaluates a table.
"""

from servicelevel.frames._availability import availability
from servicelevel.frames._compliance import compliance
from servicelevel.frames._evaluate import evaluate
from servicelevel.frames._penalties import penalties
from servicelevel.frames._replay import replay
from servicelevel.frames._report import report
from servicelevel.frames._versions import compliance_by_terms, what_if
from servicelevel.sla import STATES

__all__ = [
    "STATES",
    "availability",
    "compliance",
    "compliance_by_terms",
    "evaluate",
    "penalties",
    "replay",
    "report",
    "what_if",
]
