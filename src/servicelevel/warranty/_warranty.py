"""Is it still covered? A warranty, a claim against it, and the decision with every reason.

The term is counted on a business calendar by a counting rule (PRC Civil Code
arts. 200-204 by default), exactly as contract terms are: "3年 + 6个月 from
acceptance on 2023-06-15" is one 42-month period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from attrs import evolve, field, frozen

from servicelevel._notebook import Notebook
from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import ServiceLevelError, WarrantyError
from servicelevel.terms import (
    CIVIL_CODE,
    CountingRule,
    Days,
    Months,
    Term,
    WorkingDays,
    Years,
    format_term,
    parse_term,
)
from servicelevel.warranty._codes import CAUSES, VOIDING_EVENTS, Cause, VoidingEvent

__all__ = ["Claim", "Decision", "Reason", "Warranty"]

START_EVENTS = ("acceptance", "delivery", "sale", "installation")


def read_day(value: object, what: str) -> dt.date:
    if isinstance(value, dt.date) and value != value:  # pandas' NaT
        raise WarrantyError(f"{what}: {value!r} is a missing value, not a date")
    if isinstance(value, dt.datetime):
        if value.utcoffset() is None:
            raise WarrantyError(f"{what}: {value!r} is a naive datetime; give a date or an aware instant")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise WarrantyError(f"{what}: expected a date such as '2026-06-16', got {value!r}")


def read_period(value: object, what: str) -> Term:
    if isinstance(value, str):
        try:
            value = parse_term(value)
        except ServiceLevelError as e:
            raise WarrantyError(f"{what}: {e}") from None
    if isinstance(value, Days | Months | Years):
        return value
    raise WarrantyError(
        f"{what}: expected a period of days, months or years such as '3年', '6个月' or Years(3), "
        f"got {value!r}"
    )


def _combined(term: Term, extension: Term | None) -> Term:
    """One period from a term and its extension: 3年 + 6个月 = 42 months."""
    if extension is None:
        return term
    if isinstance(term, Days) and isinstance(extension, Days):
        return Days(term.n + extension.n)
    if isinstance(term, Years) and isinstance(extension, Years):
        return Years(term.n + extension.n)
    if isinstance(term, Months | Years) and isinstance(extension, Months | Years):
        months = (term.n * 12 if isinstance(term, Years) else term.n) + (
            extension.n * 12 if isinstance(extension, Years) else extension.n
        )
        return Months(months)
    raise WarrantyError(
        f"extension: {extension} cannot be added to {term} as one period; "
        "give both in days, or both in months or years"
    )


@frozen
class Reason(Notebook):
    """Why a claim is (not) covered: a stable ``code`` and the values its text names."""

    code: str
    values: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str = "en") -> str:
        """The reason in English (``"en"``) or Chinese (``"zh"``)."""
        if lang not in ("en", "zh"):
            raise WarrantyError(f"lang: expected 'en' or 'zh', got {lang!r}")
        v = dict(self.values)
        en = {
            "in_term": "covered: within the warranty until {until}",
            "component_term": "component '{component}' is under its own term until {until}",
            "not_started": "the warranty starts on {start}; the claim on {on} is before it",
            "expired": "expired on {last}, its last covered day",
            "consumable": "'{component}' is a consumable and never covered",
            "excluded_cause": "cause '{cause}' is excluded{fm_en}",
            "voided": "voided on {date} by {label_en}",
        }
        zh = {
            "in_term": "在保修期内，保修至{until}",
            "component_term": "部件“{component}”按其自身保修期保修至{until}",
            "not_started": "保修期自{start}起算，{on}的报修在此之前",
            "expired": "保修期已于{last}届满",
            "consumable": "“{component}”属消耗品，不在保修范围内",
            "excluded_cause": "因{label_zh}造成的损坏不在保修范围内{fm_zh}",
            "voided": "因{label_zh_event}，保修自{date}起失效",
        }
        templates = zh if lang == "zh" else en
        template = templates.get(self.code)
        if template is None:  # a contract's own code: say it plainly
            return f"{self.code}: " + ", ".join(f"{k}={val}" for k, val in self.values)
        return template.format_map(_Defaulting(v))


class _Defaulting(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


_NEGATIVE = frozenset({"not_started", "expired", "consumable", "excluded_cause", "voided"})


@frozen
class Decision(Notebook):
    """The answer to a claim: covered or not, until when, and every reason that applies."""

    covered: bool
    until: dt.date | None
    reasons: tuple[Reason, ...]

    def __repr__(self) -> str:
        until = self.until.isoformat() if self.until else None
        return (
            f"Decision(covered={self.covered!r}, until={until!r}, reasons={[r.code for r in self.reasons]!r})"
        )

    def texts(self, lang: str = "en") -> list[str]:
        return [r.text(lang) for r in self.reasons]


def _events(value: Iterable[tuple[str, object]] | None) -> tuple[tuple[str, dt.date], ...]:
    if value is None:
        return ()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WarrantyError(
            f"events: expected (kind, date) pairs such as [('self_disassembly', '2025-03-02')], got {value!r}"
        )
    out = []
    for pair in value:
        if not isinstance(pair, tuple | list) or len(pair) != 2 or not isinstance(pair[0], str):
            raise WarrantyError(
                f"events: expected (kind, date) pairs such as ('upgrade', '2025-03-02'), got {pair!r}"
            )
        out.append((pair[0], read_day(pair[1], f"events[{pair[0]!r}]")))
    return tuple(out)


def _causes(value: Iterable[str] | str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Iterable) or not all(isinstance(c, str) for c in value):
        raise WarrantyError(f"causes: expected cause codes such as ['lightning'], got {value!r}")
    return tuple(value)


def _claim_day(value: object) -> dt.date:
    return read_day(value, "on")


def _component(value: object) -> str | None:
    if value is not None and (not isinstance(value, str) or not value):
        raise WarrantyError(f"component: expected a part name such as 'disk', or None, got {value!r}")
    return value


@frozen(kw_only=True)
class Claim(Notebook):
    """A claim under a warranty: the day, the component (if any), the causes and the unit's history."""

    on: dt.date = field(converter=_claim_day)
    component: str | None = field(default=None, converter=_component)
    causes: tuple[str, ...] = field(default=(), converter=_causes)
    events: tuple[tuple[str, dt.date], ...] = field(default=(), converter=_events)


def _starts(value: object) -> dt.date | str:
    if isinstance(value, str) and value in START_EVENTS:
        return value
    if isinstance(value, str) and not value[:1].isdigit():
        raise WarrantyError(
            f"starts: expected a date such as 2023-06-15 or one of {', '.join(START_EVENTS)}, got {value!r}"
        )
    return read_day(value, "starts")


def _components(value: Mapping[str, object] | None) -> tuple[tuple[str, Term], ...]:
    if value is None:
        return ()
    if isinstance(value, tuple):
        value = dict(value)
    if not isinstance(value, Mapping):
        raise WarrantyError(f"components: expected a mapping such as {{'disk': '5年'}}, got {value!r}")
    return tuple(sorted((str(k), read_period(v, f"components[{k!r}]")) for k, v in value.items()))


def _names(value: Iterable[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if (
        isinstance(value, str)
        or not isinstance(value, Iterable)
        or not all(isinstance(v, str) for v in value)
    ):
        raise WarrantyError(f"consumables: expected part names such as ['toner'], got {value!r}")
    return frozenset(value)


def read_event_dates(value: Mapping[str, object] | None) -> tuple[tuple[str, dt.date], ...]:
    if value is None:
        return ()
    if isinstance(value, tuple):
        value = dict(value)
    if not isinstance(value, Mapping):
        raise WarrantyError(
            f"dates: expected a mapping such as {{'acceptance': '2023-06-15'}}, got {value!r}"
        )
    return tuple(sorted((str(k), read_day(v, f"dates[{k!r}]")) for k, v in value.items()))


def event_day(starts: dt.date | str, dates: tuple[tuple[str, dt.date], ...], what: str) -> dt.date:
    """``starts`` itself, or the known date of the contract event it names (`WarrantyError` if none yet)."""
    if isinstance(starts, dt.date):
        return starts
    known = dict(dates)
    if starts not in known:
        raise WarrantyError(
            f"starts: the {what} starts at {starts!r}, whose date is not known yet; "
            f"give it with {what}.with_event({starts!r}, date) or contract.with_event(...)"
        )
    return known[starts]


def _warranty_term(value: object) -> Term:
    return read_period(value, "term")


def _extension(value: object) -> Term | None:
    return None if value is None else read_period(value, "extension")


@frozen(kw_only=True)
class Warranty(Notebook):
    """A warranty: from ``starts`` (a date, or a contract event such as acceptance), for ``term``.

    Examples:
        >>> from servicelevel import BusinessCalendar
        >>> cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        >>> w = Warranty(starts="2023-06-15", term="3年", extension="6个月", calendar=cal)
        >>> w.last_day   # 42 months from 2023-06-15: the corresponding day (art. 202), Tue 2026-12-15
        datetime.date(2026, 12, 15)
        >>> d = w.assess(Claim(on="2026-06-16", causes=["lightning"]))
        >>> d.covered, [r.text() for r in d.reasons]
        (False, ["cause 'lightning' is excluded (force majeure)"])
    """

    starts: dt.date | str = field(converter=_starts)
    term: Term = field(converter=_warranty_term)
    calendar: BusinessCalendar
    extension: Term | None = field(default=None, converter=_extension)
    rule: CountingRule = CIVIL_CODE
    components: tuple[tuple[str, Term], ...] = field(default=(), converter=_components)
    consumables: frozenset[str] = field(factory=frozenset, converter=_names)
    consumer: bool = False
    dates: tuple[tuple[str, dt.date], ...] = field(default=(), converter=read_event_dates)
    causes: tuple[Cause, ...] = ()
    voiding: tuple[VoidingEvent, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.calendar, BusinessCalendar):
            raise WarrantyError(f"calendar: expected a BusinessCalendar, got {self.calendar!r}")
        if not isinstance(self.rule, CountingRule):
            raise WarrantyError(
                f"rule: expected a CountingRule such as CIVIL_CODE or INCLUSIVE, got {self.rule!r}"
            )
        _combined(self.term, self.extension)  # refuse what cannot be one period, now
        if isinstance(self.term, WorkingDays):  # pragma: no cover - read_period refuses it
            raise WarrantyError("term: a warranty runs in days, months or years")

    def __repr__(self) -> str:
        starts = self.starts.isoformat() if isinstance(self.starts, dt.date) else self.starts
        parts = [f"starts={starts!r}", f"term={format_term(self.term)!r}"]
        if self.extension is not None:
            parts.append(f"extension={format_term(self.extension)!r}")
        parts.append(f"calendar={self.calendar!r}")
        if self.rule != CIVIL_CODE:
            parts.append(f"rule={self.rule!r}")
        if self.components:
            parts.append(f"components={ {c: format_term(t) for c, t in self.components}!r}")
        if self.consumables:
            parts.append(f"consumables={sorted(self.consumables)!r}")
        if self.consumer:
            parts.append("consumer=True")
        if self.dates:
            parts.append(f"dates={ {k: d.isoformat() for k, d in self.dates}!r}")
        if self.causes or self.voiding:
            parts.append(f"<{len(self.causes)} own causes, {len(self.voiding)} own voiding events>")
        return f"Warranty({', '.join(parts)})"

    # ------------------------------------------------------------------ dates
    def with_event(self, name: str, day: dt.date | str) -> Warranty:
        """The same warranty, with the date of a contract event (acceptance, delivery, sale) known."""
        return evolve(self, dates={**dict(self.dates), name: day})

    @property
    def start_day(self) -> dt.date:
        """The day the warranty starts (`WarrantyError` while its start event has no date)."""
        return event_day(self.starts, self.dates, "warranty")

    @property
    def last_day(self) -> dt.date:
        """The last covered day: term and extension counted together from the start, by the rule."""
        return self.calendar.period_end(self.start_day, _combined(self.term, self.extension), self.rule)

    def last_day_of(self, component: str | None) -> dt.date:
        """The last covered day of ``component`` (its own term, from the same start), else of the system."""
        for name, term in self.components:
            if name == component:
                return self.calendar.period_end(self.start_day, term, self.rule)
        return self.last_day

    def is_valid(self, on: dt.date | str | dt.datetime) -> bool:
        """Whether ``on`` lies in ``[start_day, last_day]``; an aware instant counts by its date in
        the warranty calendar's zone."""
        if isinstance(on, dt.datetime) and on == on and on.utcoffset() is not None:
            on = self.calendar.instant(on).date()
        day = read_day(on, "on")
        return self.start_day <= day <= self.last_day

    # ------------------------------------------------------------------ claims
    def _cause(self, code: str) -> Cause:
        known = {**CAUSES, **{c.code: c for c in self.causes}}
        if code not in known:
            raise WarrantyError(f"causes: unknown cause {code!r}; expected one of {', '.join(known)}")
        return known[code]

    def _voiding(self, code: str) -> VoidingEvent | None:
        return {**VOIDING_EVENTS, **{e.code: e for e in self.voiding}}.get(code)

    def assess(self, claim: Claim) -> Decision:
        """Every reason that applies to ``claim``; covered when none of them excludes it."""
        if not isinstance(claim, Claim):
            raise WarrantyError(f"claim: expected a Claim, got {claim!r}")
        reasons: list[Reason] = []
        start = self.start_day
        own = dict(self.components)
        last = self.last_day_of(claim.component)
        if claim.on < start:
            reasons.append(
                Reason("not_started", (("start", start.isoformat()), ("on", claim.on.isoformat())))
            )
        elif claim.on > last:
            reasons.append(Reason("expired", (("last", last.isoformat()),)))
        if claim.component is not None and claim.component in self.consumables:
            reasons.append(Reason("consumable", (("component", claim.component),)))
        for code in claim.causes:
            cause = self._cause(code)
            reasons.append(
                Reason(
                    "excluded_cause",
                    (
                        ("cause", cause.code),
                        ("label", cause.en),
                        ("label_zh", cause.zh),
                        ("fm_en", " (force majeure)" if cause.force_majeure else ""),
                        ("fm_zh", "（不可抗力）" if cause.force_majeure else ""),
                    ),
                )
            )
        for kind, day in claim.events:
            event = self._voiding(kind)
            if event is None:
                known = ", ".join({**VOIDING_EVENTS, **{e.code: e for e in self.voiding}})
                raise WarrantyError(f"events: unknown event {kind!r}; expected one of {known}")
            if day <= claim.on:
                reasons.append(
                    Reason(
                        "voided",
                        (
                            ("date", day.isoformat()),
                            ("event", event.code),
                            ("label_en", event.en),
                            ("label_zh_event", event.zh),
                        ),
                    )
                )
        if any(r.code in _NEGATIVE for r in reasons):
            return Decision(False, None, tuple(reasons))
        if claim.component is not None and claim.component in own:
            reasons.append(
                Reason("component_term", (("component", claim.component), ("until", last.isoformat())))
            )
        else:
            reasons.append(Reason("in_term", (("until", last.isoformat()),)))
        return Decision(True, last, tuple(reasons))

    def remedies(
        self, on: dt.date | str | dt.datetime, *, repaired_on: dt.date | str | None = None
    ) -> frozenset[str]:
        """Consumer three guarantees (三包): return within 7 days of sale, exchange within 15, repair in term.

        A repaired product must then work for at least 30 days: ``repaired_on``
        keeps ``"repair"`` for 30 days after it, even past the warranty's end.
        """
        if not self.consumer:
            raise WarrantyError(
                "remedies: the three guarantees (三包) apply to consumer warranties; set consumer=True"
            )
        day = read_day(on, "on")
        sale = self.start_day
        out: set[str] = set()
        if sale <= day <= self.calendar.period_end(sale, Days(7), self.rule):
            out.add("return")
        if sale <= day <= self.calendar.period_end(sale, Days(15), self.rule):
            out.add("exchange")
        if self.is_valid(day):
            out.add("repair")
        if repaired_on is not None:
            fixed = read_day(repaired_on, "repaired_on")
            if fixed <= day <= self.calendar.period_end(fixed, Days(30), self.rule):
                out.add("repair")
        return frozenset(out)
