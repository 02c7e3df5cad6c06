"""Recognising array arguments (numpy, pandas, polars) without importing those libraries."""

from __future__ import annotations

__all__ = ["ARRAY_NAMES", "ArrayArgument", "is_array"]

ARRAY_NAMES = {
    "numpy": ("ndarray", "MaskedArray"),
    "pandas": ("Series", "DatetimeIndex", "TimedeltaIndex", "Index"),
    "polars": ("Series",),
}
_KNOWN: dict[type, bool] = {}


class ArrayArgument(Exception):
    """Raised by a scalar converter on an array: the caller takes the column route instead."""


def is_array(x: object) -> bool:
    """Whether ``x`` is a numpy array, a pandas Series or Index, or a polars Series."""
    kind = type(x)
    known = _KNOWN.get(kind)
    if known is None:
        known = False
        for k in kind.__mro__:
            names = ARRAY_NAMES.get(k.__module__.partition(".")[0], ())
            if k.__name__ in names:
                known = True
        _KNOWN[kind] = known
    return known
