"""Open time as sorted integer arrays, answered by binary search.

A `Spans` snapshot holds the merged open windows ``[starts[i], ends[i])`` of a
run of local years, in epoch microseconds, with the open time before each
window (``cum``) and up to its end (``cum_end``), counted from the first one.
Every query is a `bisect` on these plain lists (ready for numpy's
``searchsorted`` later). Snapshots are immutable: growing the range builds a
new one, so readers never see a half-built index.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class Spans:
    """Merged open windows of local years ``[y_lo, y_hi]``, exact within ``[valid_lo, valid_hi)``."""

    __slots__ = ("cum", "cum_end", "ends", "starts", "valid_hi", "valid_lo", "y_hi", "y_lo")

    def __init__(
        self,
        y_lo: int,
        y_hi: int,
        valid_lo: int,
        valid_hi: int,
        windows: Iterable[tuple[int, int]],
    ) -> None:
        self.y_lo, self.y_hi, self.valid_lo, self.valid_hi = y_lo, y_hi, valid_lo, valid_hi
        starts: list[int] = []
        ends: list[int] = []
        for s, e in windows:  # sorted by start; overlapping or touching windows merge
            if ends and s <= ends[-1]:
                if e > ends[-1]:
                    ends[-1] = e
            else:
                starts.append(s)
                ends.append(e)
        cum: list[int] = []
        cum_end: list[int] = []
        total = 0
        for s, e in zip(starts, ends, strict=True):
            cum.append(total)
            total += e - s
            cum_end.append(total)
        self.starts, self.ends, self.cum, self.cum_end = starts, ends, cum, cum_end

    def windows(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends, strict=True))

    def is_open(self, u: int) -> bool:
        i = bisect_right(self.starts, u) - 1
        return i >= 0 and u < self.ends[i]

    def open_before(self, u: int) -> int:
        """Open time from the first window up to ``u``."""
        i = bisect_right(self.starts, u) - 1
        if i < 0:
            return 0
        e = self.ends[i]
        return self.cum[i] + (u if u < e else e) - self.starts[i]

    def forward(self, target: int) -> int | None:
        """Earliest instant with ``open_before == target``, or None past the last window."""
        i = bisect_left(self.cum_end, target)
        if i == len(self.cum_end):
            return None
        return self.starts[i] + target - self.cum[i]

    def backward(self, target: int) -> int | None:
        """Latest instant with ``open_before == target``, or None before the first window."""
        i = bisect_right(self.cum, target) - 1
        if i < 0:
            return None
        return self.starts[i] + target - self.cum[i]

    def next_index(self, u: int) -> int:
        """Index of the first window that starts at or after ``u``."""
        return bisect_left(self.starts, u)

    def next_start(self, u: int) -> int | None:
        i = bisect_right(self.starts, u)
        return self.starts[i] if i < len(self.starts) else None

    @property
    def total(self) -> int:
        return self.cum_end[-1] if self.cum_end else 0
