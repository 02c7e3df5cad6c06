"""Instants as integers: epoch microseconds in, `pendulum.DateTime` out."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pendulum

from servicelevel.errors import (
    HorizonExceededError,
    InvalidInstantError,
    MissingInstantError,
    NaiveDatetimeError,
    UnknownTimezoneError,
)

US = 1_000_000
US_PER_DAY = 86_400 * US
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_EPOCH_NAIVE = dt.datetime(1970, 1, 1)
_ONE_US = dt.timedelta(microseconds=1)

Instant = dt.datetime | str

FIRST_DAY, LAST_DAY = dt.date(3, 1, 1), dt.date(9996, 12, 31)
"""The dates servicelevel computes with: clear of ``datetime``'s limits, with room for zones and margins."""
_FIRST_US = (FIRST_DAY.toordinal() - EPOCH_ORDINAL) * US_PER_DAY
_LAST_US = (LAST_DAY.toordinal() + 1 - EPOCH_ORDINAL) * US_PER_DAY
_RANGE = f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"


def _is_missing(t: object) -> bool:
    """pandas' NaT (and numpy's, once wrapped) is a datetime that is not equal to itself."""
    return isinstance(t, dt.date) and t != t


def _missing(what: str, t: object) -> MissingInstantError:
    return MissingInstantError(
        f"{what}: {t!r} is a missing value, not an instant or a date; "
        "drop or fill missing values first (array methods propagate them)"
    )


def _out_of_range(what: str, t: object) -> HorizonExceededError:
    return HorizonExceededError(f"{what}: {t!r} lies outside the dates servicelevel computes with, {_RANGE}")


def zone(name: str) -> pendulum.Timezone:
    """The pendulum zone for an IANA name, or `UnknownTimezoneError`."""
    if not isinstance(name, str) or not name:
        raise UnknownTimezoneError(
            f"tz: expected an IANA time zone name such as 'Asia/Shanghai', got {name!r}"
        )
    try:
        tz = pendulum.timezone(name)
    except Exception:
        raise UnknownTimezoneError(
            f"tz: {name!r} is not an IANA time zone name; expected e.g. 'Asia/Shanghai', "
            "'Europe/Berlin' or 'UTC'"
        ) from None
    if not isinstance(tz, ZoneInfo):  # fixed offsets are not a zone with rules
        raise UnknownTimezoneError(
            f"tz: {name!r} is a fixed offset, not an IANA zone; name the region, e.g. 'Asia/Shanghai'"
        )
    return tz


def local_to_us(tz: dt.tzinfo, local_us: int) -> int:
    """Epoch µs of a local wall-clock time (µs since the local epoch).

    An ambiguous time (a fall-back repeat) takes its first occurrence; a time
    that does not exist (inside a spring-forward gap) moves to the end of the gap.
    """
    naive = _EPOCH_NAIVE + dt.timedelta(microseconds=local_us)
    off = naive.replace(tzinfo=tz).utcoffset()
    assert off is not None
    u = local_us - off // _ONE_US
    if _to_local_us(tz, u) == local_us:
        return u
    # Inside a gap: with fold=0 zoneinfo reads the time with the offset from
    # before the transition, which puts ``u`` after it; the other reading is
    # before it. The end of the gap is the transition itself: bisect the seconds.
    second = naive.replace(tzinfo=tz, fold=1).utcoffset()
    assert second is not None
    lo, hi = sorted((u // US, (local_us - second // _ONE_US) // US))
    target = _offset_at(tz, hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _offset_at(tz, mid) == target:
            hi = mid
        else:
            lo = mid
    return hi * US


def _offset_at(tz: dt.tzinfo, second: int) -> dt.timedelta | None:
    return dt.datetime.fromtimestamp(second, tz).utcoffset()


def _to_local_us(tz: dt.tzinfo, u: int) -> int:
    d = dt.datetime.fromtimestamp(u // US, tz)
    off = d.utcoffset()
    assert off is not None
    return u + off // _ONE_US


def local_date(tz: dt.tzinfo, u: int) -> dt.date:
    """The local calendar date of epoch µs ``u``."""
    return dt.datetime.fromtimestamp(u // US, tz).date()


def date_start_us(tz: dt.tzinfo, day: dt.date) -> int:
    """Epoch µs of local midnight at the start of ``day`` (or the end of a gap there)."""
    return local_to_us(tz, (day.toordinal() - EPOCH_ORDINAL) * US_PER_DAY)


def us_to_datetime(tz: pendulum.Timezone, u: int) -> pendulum.DateTime:
    """A `pendulum.DateTime` in ``tz`` for epoch µs ``u`` (about 2 µs)."""
    s, frac = divmod(u, US)
    d = dt.datetime.fromtimestamp(s, tz)
    return pendulum.DateTime(d.year, d.month, d.day, d.hour, d.minute, d.second, frac, tzinfo=tz, fold=d.fold)


_INSTANT_HINT = (
    "pass an aware datetime, e.g. pendulum.datetime(2026, 2, 13, 10, tz='Asia/Shanghai') or "
    "datetime(2026, 2, 13, 10, tzinfo=ZoneInfo('Asia/Shanghai')), or an ISO 8601 string "
    "such as '2026-02-13T10:00' (read in the calendar's zone) or '2026-02-13T10:00+08:00'"
)


def to_us(t: object, tz: dt.tzinfo, what: str = "t") -> int:
    """Epoch µs of an instant argument; a string without offset is read in ``tz``."""
    if isinstance(t, str):
        text = t.strip()
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            parsed = None
        if parsed is None or len(text) <= 10:  # a date alone is not an instant
            raise InvalidInstantError(f"{what}: {t!r} is not an ISO 8601 date and time; {_INSTANT_HINT}")
        if parsed.utcoffset() is None:
            if not FIRST_DAY <= parsed.date() <= LAST_DAY:
                raise _out_of_range(what, t)
            return local_to_us(tz, (parsed - _EPOCH_NAIVE) // _ONE_US)
        t = parsed
    if isinstance(t, dt.datetime):
        if _is_missing(t):
            raise _missing(what, t)
        off = t.utcoffset()
        if off is None:
            raise NaiveDatetimeError(f"{what}: {t!r} is a naive datetime (no time zone); {_INSTANT_HINT}")
        u = (
            ((t.toordinal() - EPOCH_ORDINAL) * 86_400 + t.hour * 3600 + t.minute * 60 + t.second) * US
            + t.microsecond
            - ((off.days * 86_400 + off.seconds) * US + off.microseconds)
        )
        if not _FIRST_US <= u < _LAST_US:
            raise _out_of_range(what, t)
        return u
    if t is None:
        raise InvalidInstantError(f"{what}: None is not an instant (a missing value?); {_INSTANT_HINT}")
    raise InvalidInstantError(f"{what}: expected an instant, got {type(t).__name__} {t!r}; {_INSTANT_HINT}")


def to_date(d: object, tz: dt.tzinfo, what: str = "day") -> dt.date:
    """A calendar date from a `date`, an aware datetime (its local date) or an ISO string."""
    if isinstance(d, dt.datetime):
        return local_date(tz, to_us(d, tz, what))
    if isinstance(d, dt.date):
        if _is_missing(d):
            raise _missing(what, d)
        day = d
    elif isinstance(d, str):
        try:
            day = dt.date.fromisoformat(d.strip())
        except ValueError:
            raise InvalidInstantError(
                f"{what}: expected a date such as '2026-02-14' (ISO 8601), got {d!r}"
            ) from None
    else:
        raise InvalidInstantError(
            f"{what}: expected a date such as datetime.date(2026, 2, 14) or '2026-02-14', "
            f"got {type(d).__name__} {d!r}"
        )
    if not FIRST_DAY <= day <= LAST_DAY:
        raise _out_of_range(what, d)
    return day


def check_day(d: dt.date, what: str = "day") -> dt.date:
    """``d`` itself if it lies in the dates servicelevel computes with."""
    if not FIRST_DAY <= d <= LAST_DAY:
        raise _out_of_range(what, d)
    return d


def fixed_offset(tz: dt.tzinfo, lo: int, hi: int) -> int | None:
    """The zone's UTC offset in µs if it is the same throughout ``[lo, hi)``, else None.

    Sampled every 24 hours of UTC: every offset change in the tz database lasts
    far longer than a day, so none can hide between two samples.
    """
    first = offset_us(tz, lo // US)
    for second in range(lo // US, hi // US + 86_400, 86_400):
        if offset_us(tz, second) != first:
            return None
    return first


def offset_us(tz: dt.tzinfo, second: int) -> int:
    """The zone's UTC offset in µs at ``second`` (seconds since the epoch, UTC)."""
    off = dt.datetime.fromtimestamp(second, tz).utcoffset()
    assert off is not None
    return (off.days * 86_400 + off.seconds) * US + off.microseconds
