"""Coverage notations as contracts write them: ``5×8``, ``7x24x365``, ``365天×8小时``."""

from __future__ import annotations

import re
import unicodedata

from servicelevel.calendar._hours import HoursLike
from servicelevel.errors import UnknownNotationError

__all__ = ["NOTATION_EXAMPLES", "PRESETS", "read_notation"]

_NOTATION = re.compile(r"^(\d+)\s*[x×*]\s*(\d+)(?:\s*[x×*]\s*(\d+))?(.*)$")
PRESETS: dict[str, tuple[str, bool]] = {
    # name: (hours every covered day, do public holidays close it?)
    "5x8": ("09:00-17:00", True),
    "7x18": ("06:00-24:00", False),
    "7x24": ("00:00-24:00", False),
    "365x8": ("09:00-17:00", False),
}
_NOTATION_ALIASES = {
    ("5", "8", None): "5x8",
    ("7", "18", None): "7x18",
    ("7", "24", None): "7x24",
    ("7", "24", "365"): "7x24",
    ("365", "24", None): "7x24",
    ("365", "8", None): "365x8",
    ("7", "8", None): "365x8",
}
NOTATION_EXAMPLES = (
    "'5x8', '5×8', '5*8', '7x18', '7x24', '7x24x365', '7×24', '365x8', '365天×8小时', "
    "optionally followed by hours such as '5×8 08:30-17:30'"
)


def read_notation(text: object, hours: HoursLike) -> tuple[str, HoursLike]:
    """The preset a notation names and the hours to use (written ones, or ``hours``)."""
    if not isinstance(text, str):
        raise UnknownNotationError(f"text: expected a notation such as {NOTATION_EXAMPLES}, got {text!r}")
    norm = unicodedata.normalize("NFKC", text).strip().lower()
    norm = norm.replace("小时", "").replace("天", "")
    norm = re.sub(r"(?<=\d)\s*(?:hours|hrs|h)(?![a-z])", "", norm)
    m = _NOTATION.match(norm)
    preset = _NOTATION_ALIASES.get((m[1], m[2], m[3])) if m else None
    if m is None or preset is None:
        raise UnknownNotationError(
            f"text: {text!r} is not a coverage notation servicelevel knows; expected {NOTATION_EXAMPLES}"
        )
    written = m[4].strip(" ()（）:：,，") or None
    if written is not None and hours is not None:
        raise UnknownNotationError(f"text: {text!r} gives hours, and so does hours={hours!r}; give them once")
    if written is not None and preset == "7x24":
        raise UnknownNotationError(f"text: {text!r} is round-the-clock cover and cannot also name hours")
    return preset, written or hours
