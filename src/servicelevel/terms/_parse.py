"""Reading and writing terms the way contracts write them, in English and Chinese."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction

from servicelevel.errors import InvalidTermError
from servicelevel.terms._types import MAX_COUNT, Days, Lang, Months, Term, WorkingDays, Years, check_lang

US = 1_000_000
_UNIT_US = {"h": 3600 * US, "m": 60 * US, "s": US}
_MAX_US = dt.timedelta.max // dt.timedelta(microseconds=1)  # what a timedelta can hold
_MAX_DIGITS = 24  # longer numbers are refused before Python reads them

EXAMPLES = (
    "'30m', '30 min', '1.5h', '2h30m', '2 business hours', '90s', 'PT30M', 'P3Y', '1 working day', "
    "'3 business days', "
    "'7 days', '2 weeks', '6 months', '3 years', '半小时', '30分钟', '四十八小时', '两个工作日', "
    "'七日', '两周', '六个月', '半年', '一年半', '3年'"
)


def _error(text: object, why: str = "") -> InvalidTermError:
    shown = (
        repr(text)
        if not isinstance(text, str) or len(text) <= 60
        else f"{text[:40]!r}… ({len(text)} characters)"
    )
    return InvalidTermError(
        f"term: cannot read {shown}{': ' + why if why else ''}; accepted forms include {EXAMPLES}"
    )


# ---------------------------------------------------------------------------- numbers
_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_EN_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12,
}  # fmt: skip


# A count as contracts write it, below ten thousand: 五, 十五, 四十八, 一百零五, 两千三百,
# 一千零五十. Units fall strictly (千 > 百 > 十), each but a leading 十 after a digit; 零
# stands only where a unit is skipped after a higher one; a bare digit after 百 or 千
# (一百五, colloquially 150) is refused rather than guessed.
_D = "[一二两三四五六七八九]"
_ZH_GRAMMAR = re.compile(
    rf"^(?:(?P<k>{_D})千)?"
    rf"(?:(?P<h>{_D})百)?"
    r"(?:(?P<z2>[零〇])?(?P<t>[一二三四五六七八九])?(?P<ten>十))?"
    r"(?:(?P<z3>[零〇])?(?P<u>[一二三四五六七八九]))?$"
)


def _zh_number(s: str, text: str) -> int:
    """一 → 1, 十五 → 15, 四十八 → 48, 一百二十 → 120, 一百零五 → 105, 两 → 2; anything else is refused."""
    if s == "两":
        return 2
    m = _ZH_GRAMMAR.match(s)
    if m is None or not s:
        raise _error(text, f"{s!r} is not a Chinese number (e.g. 五, 十五, 四十八, 一百零五, 两千)")
    k, h, t, u = (_ZH_DIGITS[m[g]] if m[g] else 0 for g in ("k", "h", "t", "u"))
    ten = m["ten"] is not None
    high = bool(m["k"] or m["h"])
    why = None
    if ten and not m["t"] and high:
        why = "write 一十 after 百 or 千, as in 一百一十"
    elif m["z2"] and not (m["k"] and not m["h"]):
        why = "零 stands only where a unit is skipped, as in 一千零五十"
    elif ten and m["k"] and not m["h"] and not m["z2"]:
        why = "a skipped unit needs 零, as in 一千零五十"
    elif m["z3"] and (ten or not high):
        why = "零 stands only where a unit is skipped, as in 一百零五"
    elif m["u"] and not ten and high and not m["z3"]:
        why = "it is ambiguous: write 一百零五 for 105 or 一百五十 for 150"
    if why is not None:
        raise _error(text, f"{s!r} is not a Chinese number: {why}")
    return k * 1000 + h * 100 + ((t or 1) * 10 if ten else 0) + u


def _number(s: str | None, text: str) -> Fraction | None:
    if s is None or s == "":
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        if len(s) > _MAX_DIGITS:
            raise _error(text, "the number is too large")
        return Fraction(s)
    if s in _EN_WORDS:
        return Fraction(_EN_WORDS[s])
    if re.fullmatch(r"[零〇一二两三四五六七八九十百千]+", s):
        return Fraction(_zh_number(s, text))
    raise _error(text, f"{s!r} is not a number")


# ---------------------------------------------------------------------------- building terms
def _time(us: Fraction, text: str) -> dt.timedelta:
    if us.denominator != 1:
        raise _error(text, "it is not a whole number of microseconds")
    if us <= 0:
        raise _error(text, "a term must be longer than zero")
    if us > _MAX_US:
        raise _error(text, "it is longer than a timedelta can hold (999999999 days)")
    return dt.timedelta(microseconds=int(us))


def _whole(value: Fraction, what: str, text: str) -> int:
    if value.denominator != 1:
        raise _error(text, f"{float(value):g} {what} is not a whole number of {what}")
    if value < 1:
        raise _error(text, "a term must be longer than zero")
    if value > MAX_COUNT:
        raise _error(text, f"the number is too large (at most {MAX_COUNT:,} {what})")
    return int(value)


def _period(value: Fraction, unit: str, text: str) -> Term:
    if unit == "workday":
        return WorkingDays(_whole(value, "working days", text))
    if unit == "day":
        return Days(_whole(value, "days", text))
    if unit == "week":
        return Days(_whole(value * 7, "days", text))
    if unit == "month":
        return Months(_whole(value, "months", text))
    if unit == "year":
        if value.denominator == 1:
            return Years(_whole(value, "years", text))
        return Months(_whole(value * 12, "months", text))  # 一年半 = 18 months
    raise AssertionError(unit)  # pragma: no cover


# ---------------------------------------------------------------------------- the grammars
_ISO = re.compile(
    r"^p(?:(\d+)y)?(?:(\d+)m)?(?:(\d+)w)?(?:(\d+)d)?"
    r"(?:t(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?)?$"
)
_PY_TIMEDELTA = re.compile(r"^(?:(\d+) days?, )?(\d+):(\d\d):(\d\d)(?:\.(\d{6}))?$")
_EN_NUM = r"(\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_EN_PERIOD = re.compile(
    rf"^(?:(half (?:a|an))|{_EN_NUM}(?: and (?:a )?(half))?)[ -]?"
    r"(working[ -]?days?|business[ -]?days?|work[ -]?days?|days?|weeks?|months?|years?)$"
)
_EN_TIME_PART = re.compile(
    rf"{_EN_NUM}[ -]?(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![a-z])(?:,? (?:and )?| )?"
)
_EN_UNIT = {
    "work": "workday", "busi": "workday", "day": "day", "days": "day",
    "week": "week", "mont": "month", "year": "year",
}  # fmt: skip
_ZH_NUM = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
_ZH_PERIOD = re.compile(rf"^{_ZH_NUM}?(个)?(半)?(个?工作日|天|日|周|个?星期|个月|年)(半)?$")
_ZH_TIME = re.compile(
    rf"^(?:{_ZH_NUM}?(个)?(半)?(?:个)?(小时|钟头)(半)?)?(?:{_ZH_NUM}(分钟|分))?(?:{_ZH_NUM}(秒钟|秒))?$"
)
_ZH_UNIT = {
    "工": "workday",
    "天": "day",
    "日": "day",
    "周": "week",
    "星": "week",
    "月": "month",
    "年": "year",
}


def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip().lower()
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"^(?:within |在|于)", "", s)
    s = re.sub(r"(?:以内|之内|内)$", "", s)
    s = re.sub(r"(?<=\d),(?=\d{3})", "", s)  # 1,000 hours
    # "2 business hours", "30 working minutes", "2个工作小时": business time on the target's calendar
    s = re.sub(r"\b(?:business|working|work)[ -](?=(?:hours?|hrs?|minutes?|mins?)\b)", "", s)
    s = re.sub(r"工作(?=小时|钟头|分钟)", "", s)
    return s.strip()


def _parse_iso(s: str, text: str) -> Term:
    m = _ISO.match(s)
    if m is None or not any(m.groups()):
        raise _error(text, "not an ISO 8601 duration such as PT30M or P3Y")
    y, mo, w, d, h, mi, sec = m.groups()
    date_part = [x for x in (y, mo, w, d) if x]
    time_part = [x for x in (h, mi, sec) if x]
    if date_part and time_part:
        raise _error(text, "it mixes calendar days and business time; write them as two terms")
    if time_part:
        us = sum((Fraction(v) * _UNIT_US[u] for v, u in ((h, "h"), (mi, "m"), (sec, "s")) if v), Fraction(0))
        return _time(us, text)
    if (y or mo) and (w or d):
        raise _error(text, "it mixes years or months with days")
    if y or mo:
        months = int(y or 0) * 12 + int(mo or 0)
        if y and not mo:
            return Years(_whole(Fraction(int(y)), "years", text))
        return Months(_whole(Fraction(months), "months", text))
    return Days(_whole(Fraction(int(w or 0) * 7 + int(d or 0)), "days", text))


def _parse_en(s: str, text: str) -> Term:
    m = _EN_PERIOD.match(s)
    if m is not None:
        half_alone, num, and_half, unit = m.groups()
        value = Fraction(1, 2) if half_alone else _number(num, text)
        assert value is not None
        if and_half:
            value += Fraction(1, 2)
        return _period(value, _EN_UNIT.get(unit[:4], _EN_UNIT.get(unit, "day")), text)
    if s in ("half an hour", "half hour"):
        return _time(Fraction(_UNIT_US["h"], 2), text)
    pos, total, seen = 0, Fraction(0), []
    for part in _EN_TIME_PART.finditer(s):
        if part.start() != pos:
            break
        unit = part[2][0]
        if unit in seen:
            raise _error(text, f"the unit {part[2]!r} appears twice")
        seen.append(unit)
        value = _number(part[1], text)
        assert value is not None
        total += value * _UNIT_US[unit]
        pos = part.end()
    if not seen or pos != len(s) or seen != sorted(seen, key="hms".index):
        raise _error(text)
    return _time(total, text)


def _parse_zh(s: str, text: str) -> Term:
    s = s.replace(" ", "")
    if re.fullmatch(rf"{_ZH_NUM}月", s):
        raise _error(
            text, f"{s!r} names a month of the year (3月 is March), not a period; write {s[:-1]}个月"
        )
    m = _ZH_PERIOD.match(s)
    if m is not None:
        num, _ge, half1, unit, half2 = m.groups()
        value = _number(num, text)
        if value is None:
            if not half1:
                raise _error(text, "the number is missing")
            value = Fraction(0)
        if half1 or half2:
            value += Fraction(1, 2)
        key = unit.lstrip("个")[0]
        return _period(value, _ZH_UNIT[key], text)
    m = _ZH_TIME.match(s)
    if m is not None and any(m.groups()):
        h_num, _ge, half1, h_unit, half2, m_num, _m_unit, s_num, _s_unit = m.groups()
        total = Fraction(0)
        if h_unit:
            h = _number(h_num, text)
            if h is None and not half1:
                raise _error(text, "the number of hours is missing")
            h = (h or Fraction(0)) + (Fraction(1, 2) if half1 or half2 else 0)
            total += h * _UNIT_US["h"]
        elif h_num or half1 or half2:
            raise _error(text)
        if m_num:
            total += _number(m_num, text) * _UNIT_US["m"]  # type: ignore[operator]
        if s_num:
            total += _number(s_num, text) * _UNIT_US["s"]  # type: ignore[operator]
        return _time(total, text)
    raise _error(text)


def parse_term(text: str) -> Term:
    """Read a term as contracts write it, in English, Chinese or ISO 8601.

    Business time comes back as a `datetime.timedelta`; calendar periods as
    `WorkingDays`, `Days`, `Months` or `Years`. Anything else raises
    `InvalidTermError` quoting the text: nothing is guessed.

    Examples:
        >>> parse_term("2h30m"), parse_term("半小时"), parse_term("四十八小时内")
        (datetime.timedelta(seconds=9000), datetime.timedelta(seconds=1800), datetime.timedelta(days=2))
        >>> parse_term("两个工作日"), parse_term("3 business days"), parse_term("两周")
        (WorkingDays(n=2), WorkingDays(n=3), Days(n=14))
        >>> parse_term("一年半"), parse_term("P3Y"), parse_term("半年")
        (Months(n=18), Years(n=3), Months(n=6))
    """
    if not isinstance(text, str):
        raise _error(text, f"expected a string, got {type(text).__name__}")
    s = _normalise(text)
    if not s:
        raise _error(text, "it is empty")
    if re.search(rf"\d{{{_MAX_DIGITS + 1},}}", s):
        raise _error(text, "the number is too large")
    if s.startswith("p"):
        return _parse_iso(s, text)
    m = _PY_TIMEDELTA.match(s)
    if m is not None:
        days, h, mi, sec, frac = m.groups()
        us = ((int(days or 0) * 24 + int(h)) * 3600 + int(mi) * 60 + int(sec)) * US + int(frac or 0)
        return _time(Fraction(us), text)
    if re.search(r"[\u4e00-\u9fff]", s):
        return _parse_zh(s, text)
    return _parse_en(s, text)


# ---------------------------------------------------------------------------- writing
def _time_parts(td: dt.timedelta) -> tuple[int, int, str]:
    """Hours, minutes, and seconds as text (``''``, ``'5'``, ``'1.5'``) of a positive timedelta."""
    us = (td.days * 86_400 + td.seconds) * US + td.microseconds
    h, rest = divmod(us, 3600 * US)
    m, rest = divmod(rest, 60 * US)
    whole, frac = divmod(rest, US)
    s = "" if rest == 0 else str(whole) if frac == 0 else f"{whole}.{frac:06d}".rstrip("0")
    return h, m, s


def format_term(term: Term) -> str:
    """The canonical English form: ``30m``, ``2h30m``, ``2 working days``, ``3 years``.

    Examples:
        >>> format_term(dt.timedelta(minutes=150)), format_term(WorkingDays(2))
        ('2h30m', '2 working days')
    """
    if isinstance(term, dt.timedelta):
        if term <= dt.timedelta(0):
            raise InvalidTermError(f"term: a term must be longer than zero, got {term!r}")
        h, m, s = _time_parts(term)
        return (f"{h}h" if h else "") + (f"{m}m" if m else "") + (f"{s}s" if s else "")
    if isinstance(term, WorkingDays | Days | Months | Years):
        return str(term)
    raise InvalidTermError(f"term: expected a timedelta, WorkingDays, Days, Months or Years, got {term!r}")


def describe_term(term: Term, lang: Lang = "en") -> str:
    """A term in English (as `format_term`) or Chinese (``30分钟``, ``2个工作日``, ``3年``).

    Examples:
        >>> describe_term(dt.timedelta(hours=2, minutes=30), "zh"), describe_term(Years(3), "zh")
        ('2小时30分钟', '3年')
    """
    lang = check_lang(lang)
    text = format_term(term)  # validates the term
    if lang == "en":
        return text
    if not isinstance(term, dt.timedelta):
        return term.describe(lang)
    h, m, s = _time_parts(term)
    return (f"{h}小时" if h else "") + (f"{m}分钟" if m else "") + (f"{s}秒" if s else "")


# ---------------------------------------------------------------------------- percentages
_PERCENT = re.compile(r"\s*([0-9]{1,24}(?:\.[0-9]{1,24})?)\s*%\s*")


def parse_percent(text: str) -> Decimal | None:
    """``"95%"`` as the exact share ``Decimal('0.95')``; None when ``text`` is no percentage.

    The one reader of percentages in contract text: charge caps (``cap = "2%"``) and goals
    (``goal = "95%"``) both read through it, each raising its own error (naming its own field)
    on None. Full-width forms (``"９５％"``) are read as their ASCII twins.

    Examples:
        >>> parse_percent("95%"), parse_percent(" 2.5 % "), parse_percent("９５％"), parse_percent("95")
        (Decimal('0.95'), Decimal('0.025'), Decimal('0.95'), None)
    """
    m = _PERCENT.fullmatch(unicodedata.normalize("NFKC", text))
    return None if m is None else Decimal(m[1]) / 100


def format_percent(share: float | Decimal) -> str:
    """A share as the percentage contracts write, `parse_percent`'s inverse for shares of up to six
    significant figures: ``0.95`` -> ``'95%'``, ``0.995`` -> ``'99.5%'`` (not rounded to a whole).

    Examples:
        >>> format_percent(0.95), format_percent(Decimal("0.995")), format_percent(1)
        ('95%', '99.5%', '100%')
    """
    return f"{float(share) * 100:g}%"
