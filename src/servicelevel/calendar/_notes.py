"""Holiday-data warnings: say once per year which statutory data was assumed.

A year whose official schedule is not in the ``holidays`` package (China's 调休
for next year, or a year outside the package's range) is computed on an
assumption. The caller hears about it once per calendar and year, and only
when a result they asked for touches that year.
"""

from __future__ import annotations

import sys
import threading
import warnings

from servicelevel.errors import HolidayDataWarning


class HolidayNotes:
    """Years assumed so far, and those the caller has not been warned about yet."""

    __slots__ = ("assumed", "lock", "noted", "pending", "pending_span", "pending_years")

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.assumed: dict[int, str] = {}  # year -> what was assumed for it (per country, joined)
        self.noted: dict[str | None, set[int]] = {}  # country -> the years noted for it
        # years assumed but not yet warned about -> their local bounds in epoch µs
        self.pending: dict[int, tuple[int, int]] = {}
        self.pending_span: tuple[int, int] | None = None  # hull of ``pending``, for a quick test
        self.pending_years: tuple[int, int] | None = None  # the same in years

    def note(self, country: str | None, year: int, assumed: str, bounds: tuple[int, int]) -> None:
        """Record that ``year`` (local bounds ``bounds``) of ``country`` was computed on an assumption."""
        with self.lock:
            years = self.noted.setdefault(country, set())
            if year in years:
                return
            years.add(year)
            earlier = self.assumed.get(year)
            self.assumed[year] = assumed if earlier is None else f"{earlier}; {assumed}"
            self.pending[year] = bounds
            self._pending_changed()

    def warn_years(self, y_lo: int, y_hi: int) -> None:
        """Warn once about each year in ``y_lo..y_hi`` whose holiday data was assumed."""
        years = self.pending_years  # a racy read is fine: it only decides whether to look
        if years is None or y_lo > years[1] or y_hi < years[0]:
            return
        with self.lock:  # take the years out under the lock, so each is warned about once
            due = [year for year in sorted(self.pending) if y_lo <= year <= y_hi]
            for year in due:
                del self.pending[year]
            if due:
                self._pending_changed()
            texts = [self.assumed[year] for year in due]
        for text in texts:
            warnings.warn(HolidayDataWarning(text), stacklevel=_caller_level())

    def used(self, a: int, b: int) -> None:
        """Warn about assumed holiday data in the local years that instants ``a``..``b`` touch."""
        span = self.pending_span
        if span is not None and (a >= span[0] or b >= span[0]) and (a < span[1] or b < span[1]):
            lo, hi = (a, b) if a <= b else (b, a)
            with self.lock:
                touched = [year for year, (y0, y1) in self.pending.items() if lo < y1 and hi >= y0]
            if touched:
                self.warn_years(min(touched), max(touched))

    def _pending_changed(self) -> None:
        bounds = list(self.pending.values())
        self.pending_span = (min(b[0] for b in bounds), max(b[1] for b in bounds)) if bounds else None
        self.pending_years = (min(self.pending), max(self.pending)) if self.pending else None


def _caller_level() -> int:
    """The ``stacklevel`` that points a warning at the first frame outside servicelevel."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith("servicelevel."):
        frame, level = frame.f_back, level + 1
    return level
