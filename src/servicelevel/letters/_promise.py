"""What a commitment letter promises: `Promise` and `Unclear` values, each with its quote."""

from __future__ import annotations

from typing import Any, Literal

from attrs import field, frozen

from servicelevel.terms import Term, describe_term, format_term

__all__ = ["KINDS", "Kind", "Promise", "Unclear"]

Kind = Literal["target", "coverage", "warranty", "schedule", "charge"]
KINDS: tuple[Kind, ...] = ("target", "coverage", "warranty", "schedule", "charge")


def _term_text(term: Term | None) -> str | None:
    return None if term is None else format_term(term)


@frozen(kw_only=True)
class Promise:
    """One promise read from a letter, with the exact text it was read from.

    ``kind`` says which fields are set: a *target* has ``metric`` and ``within``
    (and ``level``, ``region`` when the text ties it to a grade or a region); a
    *coverage* has ``coverage`` (a notation `BusinessCalendar.parse` reads); a
    *warranty* has ``within`` (the term), ``starts`` (``"acceptance"``,
    ``"delivery"``, ``"sale"`` or None when unstated) and ``extension``; a
    *schedule* has ``activity``, ``every``, ``times`` and ``lasting`` (the
    first stretch it is limited to); a *charge* has ``cap`` (``"2%"``) and
    ``within`` (the years after expiry it covers, when stated).
    ``quote == text[span[0]:span[1]]`` always holds for the text it was read from.

    Examples:
        >>> from servicelevel import read_commitments
        >>> p = read_commitments("对于重大故障,在接到用户报障后,30分钟作出响应。")[0]
        >>> p.kind, p.metric, p.within, p.level, p.quote
        ('target', 'response', datetime.timedelta(seconds=1800), '重大故障', '30分钟作出响应')
    """

    kind: Kind
    quote: str
    span: tuple[int, int]
    metric: str | None = None
    within: Term | None = None
    level: str | None = None
    region: str | None = None
    coverage: str | None = None
    starts: str | None = None
    extension: Term | None = None
    activity: str | None = None
    every: Term | None = None
    times: int | None = None
    lasting: Term | None = None
    cap: str | None = None

    def describe(self, lang: Literal["en", "zh"] = "en") -> str:
        """One line saying what is promised: ``response within 30m (重大故障)``.

        Examples:
            >>> from servicelevel import read_commitments
            >>> read_commitments("北京地区2小时内到达现场")[0].describe()
            'on_site within 2h in 北京'
        """
        if self.kind == "target":
            assert self.within is not None
            text = f"{self.metric} within {describe_term(self.within, lang)}"
        elif self.kind == "coverage":
            text = f"service hours {self.coverage}"
        elif self.kind == "warranty":
            assert self.within is not None
            text = f"warranty {describe_term(self.within, lang)}"
            if self.starts:
                text += f" from {self.starts}"
            if self.extension is not None:
                text += f", extended by {describe_term(self.extension, lang)}"
        elif self.kind == "schedule":
            assert self.every is not None
            text = f"{self.activity} every {describe_term(self.every, lang)}"
            if self.times and self.times > 1:
                text += f", {self.times} times"
            if self.lasting is not None:
                text += f", for the first {describe_term(self.lasting, lang)}"
        else:
            text = f"charges capped at {self.cap}"
            if self.within is not None:
                text += f" for {describe_term(self.within, lang)}"
        if self.region:
            text += f" in {self.region}"
        if self.level:
            text += f" ({self.level})"
        return text

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: terms in their canonical English form (``30m``, ``2 working days``)."""
        out: dict[str, Any] = {"kind": self.kind}
        for name in ("metric", "level", "region", "coverage", "starts", "activity", "times", "cap"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        for name in ("within", "extension", "every", "lasting"):
            value = getattr(self, name)
            if value is not None:
                out[name] = _term_text(value)
        out["quote"] = self.quote
        out["span"] = list(self.span)
        return out


@frozen(kw_only=True)
class Unclear:
    """A sentence that looks like a promise but could not be read, and why.

    Examples:
        >>> from servicelevel import read_commitments
        >>> u = read_commitments("工程师会在第一时间赶赴现场。").unclear[0]
        >>> u.quote, u.reason
        ('工程师会在第一时间赶赴现场', 'promises on_site without a definite term (第一时间)')
    """

    quote: str
    span: tuple[int, int]
    reason: str = field()

    def to_dict(self) -> dict[str, Any]:
        return {"quote": self.quote, "span": list(self.span), "reason": self.reason}
