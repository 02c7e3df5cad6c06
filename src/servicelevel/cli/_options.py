"""Library errors restated under the names of the options that gave the values.

The library speaks to a Python caller (``t: …``, ``pass out_of_term=True``); a command-line
user typed ``--at`` and wants to read ``--out-of-term``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

from servicelevel.errors import ServiceLevelError

__all__ = ["OptionError", "options"]


class OptionError(ServiceLevelError):
    """A library error about what an option gave, reworded with the option's name.

    ``kind`` keeps the library error's class name (for ``--json``); the original is the cause.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


# The library's wording for a Python caller, and what a command-line user types instead.
_PHRASES = (
    (re.compile(r"pass out_of_term=True"), "pass --out-of-term"),
    (
        re.compile(r"pass an aware datetime, e\.g\. .*? or an ISO 8601 string such as"),
        "give one such as",
    ),
    (re.compile(r", or None, got"), ", got"),
    (re.compile(r"encoding='gb18030'"), "--encoding gb18030"),
    (re.compile(r"encoding='auto'"), "--encoding auto"),
)


@contextlib.contextmanager
def options(names: dict[str, str]) -> Iterator[None]:
    """Errors raised inside about the parameters in ``names`` name their options instead.

    Only the error's ``field`` (``t``, ``events['upgrade']``) is renamed, by
    `ServiceLevelError.restated`, and only for the calls that take what the options gave: a
    contract file's own errors (read elsewhere) keep the file's field names.
    """
    try:
        yield
    except ServiceLevelError as e:
        name, bracket, index = (e.field or "").partition("[")
        out = e
        if name in names:  # the error's own field, restated: no message text is parsed here
            out = e.restated(f"{names[name]}{' ' + index.removesuffix(']') if bracket else ''}")
        message = str(out)
        for pattern, replacement in _PHRASES:
            message = pattern.sub(replacement, message)
        if message != str(out):
            raise OptionError(type(e).__name__, message) from e
        if out is e:
            raise
        raise out from e
