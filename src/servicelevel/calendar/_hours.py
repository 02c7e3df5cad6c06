"""Coverage windows of one day (`Hours`) and of a week, read from contract text."""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from attrs import field, frozen

from servicelevel._notebook import Notebook
from servicelevel.errors import InvalidHoursError, InvalidWeekError

US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND
US_PER_HOUR = 60 * US_PER_MINUTE
US_PER_DAY = 24 * US_PER_HOUR

_HOURS_EXAMPLES = "'09:00-17:00', '08:30-12:00,13:30-17:30', '22:00-06:00' (overnight), '00:00-24:00'"
_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.(\d{1,6}))?)?$")
_DASH = re.compile(r"\s*(?:-|–|—|~|～|至|到)\s*")
_SEP = re.compile(r"\s*[,，;；、]\s*")


def _parse_time(text: str, whole: str, *, is_end: bool) -> int:
    m = _TIME.match(text)
    if m is None:
        raise InvalidHoursError(
            f"hours: cannot read the time {text!r} in {whole!r}; expected HH:MM, e.g. {_HOURS_EXAMPLES}"
        )
    h, mi, s = int(m[1]), int(m[2]), int(m[3] or 0)
    micro = int((m[4] or "").ljust(6, "0"))
    if mi > 59 or s > 59 or h > 24 or (h == 24 and (mi or s or micro or not is_end)):
        raise InvalidHoursError(
            f"hours: {text!r} in {whole!r} is not a time of day; "
            "hours run 00:00-23:59, and 24:00 is allowed only as an end"
        )
    return h * US_PER_HOUR + mi * US_PER_MINUTE + s * US_PER_SECOND + micro


def _fmt(us: int) -> str:
    """``HH:MM``, with ``:SS`` and ``.ffffff`` only when the time has them."""
    h, rest = divmod(us, US_PER_HOUR)
    m, rest = divmod(rest, US_PER_MINUTE)
    s, micro = divmod(rest, US_PER_SECOND)
    if micro:
        return f"{h:02d}:{m:02d}:{s:02d}.{micro:06d}".rstrip("0")
    return f"{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


def _parse_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Read ``'08:30-12:00,13:30-17:30'`` into sorted, merged µs offsets from midnight."""
    if not isinstance(text, str):
        raise InvalidHoursError(f"hours: expected a string such as {_HOURS_EXAMPLES}, got {text!r}")
    whole = text.strip()
    if not whole:
        raise InvalidHoursError(
            f"hours: the empty string is not a window; write None or 'closed' "
            f"for a closed day, or hours such as {_HOURS_EXAMPLES}"
        )
    spans: list[tuple[int, int]] = []
    for part in _SEP.split(whole):
        pieces = _DASH.split(part)
        if len(pieces) != 2:
            raise InvalidHoursError(
                f"hours: cannot read the window {part!r} in {whole!r}; "
                f"expected START-END, e.g. {_HOURS_EXAMPLES}"
            )
        start = _parse_time(pieces[0], whole, is_end=False)
        end = _parse_time(pieces[1], whole, is_end=True)
        if end == start:
            raise InvalidHoursError(
                f"hours: the window {part!r} in {whole!r} is empty (it opens and closes at "
                "the same time); for round-the-clock cover write '00:00-24:00'"
            )
        if end < start:
            # An overnight window such as 22:00-06:00 belongs to the day it starts.
            end += US_PER_DAY
        spans.append((start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            raise InvalidHoursError(
                f"hours: the windows in {whole!r} overlap ({_fmt(merged[-1][0])}-"
                f"{_fmt(merged[-1][1] % US_PER_DAY or US_PER_DAY)} and {_fmt(start)}-"
                f"{_fmt(end % US_PER_DAY or US_PER_DAY)}); list each stretch of time once"
            )
        if merged and start == merged[-1][1]:
            merged[-1] = (merged[-1][0], end)  # touching windows merge
        else:
            merged.append((start, end))
    if merged[-1][1] - merged[0][0] > US_PER_DAY:
        raise InvalidHoursError(
            f"hours: the windows in {whole!r} span more than 24 hours; "
            "a day's windows, overnight ones included, must fit in one 24-hour stretch"
        )
    return tuple(merged)


def _check_spans(spans: Any) -> None:
    """Guard direct construction: sorted, disjoint µs offsets, starting within the day."""
    ok = isinstance(spans, tuple) and all(
        isinstance(p, tuple) and len(p) == 2 and all(type(x) is int for x in p) for p in spans
    )
    if ok:
        flat = [x for p in spans for x in p]
        ok = all(a < b for a, b in itertools.pairwise(flat)) and (
            not flat or (0 <= flat[0] and flat[-1] - flat[0] <= US_PER_DAY)
        )
        # every window starts within its day (an overnight one ends on the next), as text writes them
        ok = ok and all(s < US_PER_DAY for s, _ in spans)
    if not ok:
        raise InvalidHoursError(
            "Hours.spans: expected sorted, disjoint (start, end) µs offsets from midnight, each window "
            f"starting before 24:00, got {spans!r}; "
            "Hours.parse('09:00-17:00') builds them from text"
        )


@frozen
class Hours(Notebook):
    """The coverage windows of one day, as offsets from local midnight.

    Windows are half-open ``[open, close)``; one whose end is not after its
    start runs overnight and belongs to the day it starts.

    Examples:
        >>> Hours.parse("08:30-12:00, 13:30-17:30")
        Hours('08:30-12:00,13:30-17:30')
        >>> Hours.parse("22:00-06:00").duration
        datetime.timedelta(seconds=28800)
        >>> str(Hours.parse("06:00-24:00"))
        '06:00-24:00'
    """

    spans: tuple[tuple[int, int], ...] = field(validator=lambda _i, _a, v: _check_spans(v))

    @classmethod
    def parse(cls, text: str) -> Hours:
        """Read hours as contracts write them: ``09:00-17:00``, ``8:30～17:30``, lists."""
        return cls(_parse_spans(text))

    @property
    def duration(self) -> _dt.timedelta:
        """Open time in a day with these hours (on a day without DST change)."""
        return _dt.timedelta(microseconds=sum(e - s for s, e in self.spans))

    def __str__(self) -> str:
        return ",".join(f"{_fmt(s)}-{_fmt(e - US_PER_DAY if e > US_PER_DAY else e)}" for s, e in self.spans)

    def __repr__(self) -> str:
        return f"Hours({str(self)!r})"

    def __bool__(self) -> bool:
        return bool(self.spans)


CLOSED = Hours(())
HoursLike = str | Hours | None


def to_hours(value: HoursLike, *, what: str = "hours") -> Hours:
    """Accept a string, an `Hours`, or None/'closed' for a closed day."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("closed", "休息")):
        return CLOSED
    if isinstance(value, Hours):
        return value
    try:
        return Hours.parse(value)
    except InvalidHoursError as e:
        raise InvalidHoursError(str(e).replace("hours:", f"{what}:", 1)) from None


DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_ALIASES: dict[str, int] = {}
for _i, _names in enumerate(
    (
        ("mon", "monday", "周一", "星期一"),
        ("tue", "tues", "tuesday", "周二", "星期二"),
        ("wed", "wednesday", "周三", "星期三"),
        ("thu", "thur", "thurs", "thursday", "周四", "星期四"),
        ("fri", "friday", "周五", "星期五"),
        ("sat", "saturday", "周六", "星期六"),
        ("sun", "sunday", "周日", "星期日", "周天", "星期天"),
    )
):
    for _n in _names:
        _DAY_ALIASES[_n] = _i


def _day_index(name: str, key: str) -> int:
    try:
        return _DAY_ALIASES[name.strip().lower()]
    except KeyError:
        raise InvalidWeekError(
            f"week: unknown day {name!r} in key {key!r}; expected one of "
            f"{', '.join(DAY_NAMES)} (or full names), or a range such as 'mon-fri'"
        ) from None


def _days_of(key: str) -> list[int]:
    if not isinstance(key, str):
        raise InvalidWeekError(f"week: day keys are strings such as 'mon' or 'mon-fri', got {key!r}")
    if "-" in key:
        first, _, last = key.partition("-")
        a, b = _day_index(first, key), _day_index(last, key)
        return [(a + k) % 7 for k in range((b - a) % 7 + 1)]
    return [_day_index(key, key)]


Week = tuple[Hours, Hours, Hours, Hours, Hours, Hours, Hours]


def to_week(value: Mapping[str, HoursLike] | Iterable[HoursLike]) -> Week:
    """Read ``{"mon-fri": "09:00-17:00", "sat": "10:00-14:00"}`` into seven `Hours`.

    Days not named are closed. A day named twice, an unknown day, or a week
    with no open hours at all is an error.
    """
    days: list[Hours | None] = [None] * 7
    if isinstance(value, str) or not isinstance(value, Mapping | Iterable):
        raise InvalidWeekError(
            f"week: expected a mapping such as {{'mon-fri': '09:00-17:00'}} "
            f"or seven Hours (Monday first), got {type(value).__name__} {value!r}"
        )
    if isinstance(value, Mapping):
        if not value:
            raise InvalidWeekError(
                "week: the mapping is empty, so the week has no open hours; give hours per day, "
                "e.g. {'mon-fri': '09:00-17:00'} (name days None or 'closed' to close them on purpose)"
            )
        for key, hours in value.items():
            for d in _days_of(key):
                if days[d] is not None:
                    raise InvalidWeekError(
                        f"week: {DAY_NAMES[d]!r} is given twice (again in key {key!r}); name each day once"
                    )
                days[d] = to_hours(hours, what=f"week[{key!r}]")
    else:
        items = list(value)
        if len(items) != 7 or not all(isinstance(h, Hours) for h in items):
            raise InvalidWeekError(
                f"week: expected a mapping such as {{'mon-fri': '09:00-17:00'}} "
                f"or seven Hours (Monday first), got {value!r}"
            )
        days = list(items)  # type: ignore[arg-type]
    week = tuple(d if d is not None else CLOSED for d in days)
    return week  # type: ignore[return-value]
