"""What a commitment letter promises: `Promise` and `Unclear` values, each with its quote."""

from __future__ import annotations

import re
from typing import Any, Literal

from attrs import field, frozen

from servicelevel.errors import InvalidOptionError
from servicelevel.terms import Term, describe_term, format_term

__all__ = ["KINDS", "Kind", "Promise", "Unclear", "visible"]

Kind = Literal["target", "coverage", "warranty", "schedule", "charge", "escalation"]
KINDS: tuple[Kind, ...] = ("target", "coverage", "warranty", "schedule", "charge", "escalation")


_METRIC_ZH = {
    "response": "响应", "on_site": "到场", "restore": "恢复", "resolution": "解决", "report": "提交报告",
    "depart": "出发", "phone_contact": "电话联系", "solution": "提出解决方案", "spare_part": "提供备件",
}  # fmt: skip
_START_ZH = {"acceptance": "验收", "delivery": "交付", "sale": "销售", "installation": "安装调试完毕"}


# Characters a terminal or a TOML comment must never receive raw: C0/C1 controls (ESC, BEL, CR,
# NUL), line and paragraph separators, and the bidirectional controls that reorder what is shown
# (U+202E makes "txt.exe" look like "exe.txt").
_HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def visible(text: str) -> str:
    """``text`` safe to show in a terminal or a TOML comment: hidden characters as ``\\xNN``/``\\uNNNN``.

    A letter's name and quotes come from outside: a newline in a file name would end a
    TOML comment (and write a line of its own), an ESC would drive the terminal.

    Examples:
        >>> visible("a\\nb\\x1b[2J"), visible("letter\\u202etxt.exe")
        ('a\\\\x0ab\\\\x1b[2J', 'letter\\\\u202etxt.exe')
    """
    return _HIDDEN.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def _term_text(term: Term | None) -> str | None:
    return None if term is None else format_term(term)


@frozen(kw_only=True)
class Promise:
    """One promise read from a letter, with the exact text it was read from.

    ``kind`` says which fields are set: a *target* has ``metric`` and ``within``
    (and ``level``, ``region`` when the text ties it to a grade or a region); a
    *coverage* has ``coverage`` (a notation `BusinessCalendar.parse` reads); a
    *warranty* has ``within`` (the term), ``starts`` (``"acceptance"``,
    ``"delivery"``, ``"sale"``, ``"installation"`` or None when unstated) and ``extension``; a
    *schedule* has ``activity``, ``every``, ``times`` and ``lasting`` (the
    first stretch it is limited to); a *charge* has ``cap`` (``"2%"``) and
    ``within`` (the years of its band after expiry, when stated); an *escalation* step has
    ``after``, ``to`` (who is told) and ``level`` and ``metric`` when stated. ``hedged``
    (通常, 一般, 原则上) and ``condition`` ("可根据用户要求", "如不能…解决") qualify any promise;
    a warranty's ``exclusions`` are cause codes of `servicelevel.warranty.CAUSES` (or the
    letter's words where no code fits). ``line`` is the 1-based line where the quote starts.
    ``scope`` says whose promise it is: ``"project"`` (its sentence or heading names 本项目,
    贵单位…), ``"company"`` (a claim about the company in general) or None when unknown.
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
    line: int = 0  # the 1-based line of the letter where the quote starts (0: not yet placed)
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
    hedged: bool = False  # "通常", "一般", "原则上", "争取": promised, but not firmly
    condition: str | None = None  # the words it is promised on ("可根据用户要求", "如果不能…解决")
    exclusions: tuple[str, ...] = ()  # a warranty's excluded causes (codes of servicelevel.warranty.CAUSES)
    after: Term | None = None  # an escalation step: after how long
    to: str | None = None  # an escalation step: who is told
    scope: str | None = None  # "project" (本项目, 贵单位…), "company" (公司简介, 所有客户) or unknown

    def describe(self, lang: Literal["en", "zh"] = "en") -> str:
        """One line saying what is promised, in English or Chinese.

        Examples:
            >>> from servicelevel import read_commitments
            >>> p = read_commitments("北京地区一级故障2小时内到达现场")[0]
            >>> p.describe(), p.describe("zh")
            ('on_site within 2h in 北京 (一级故障)', '北京 一级故障: 2小时内到场')
        """
        if lang not in ("en", "zh"):
            raise InvalidOptionError(f"lang: expected 'en' or 'zh', got {lang!r}")
        zh = lang == "zh"

        def term(t: Term | None) -> str:
            assert t is not None
            return describe_term(t, lang)

        if self.kind == "target":
            name = _METRIC_ZH.get(self.metric or "", self.metric or "") if zh else self.metric
            text = f"{term(self.within)}内{name}" if zh else f"{name} within {term(self.within)}"
        elif self.kind == "coverage":
            text = f"服务时间 {self.coverage}" if zh else f"service hours {self.coverage}"
        elif self.kind == "warranty":
            if zh:
                text = f"质保{term(self.within)}"
                text += f",自{_START_ZH[self.starts]}起" if self.starts else ""
                text += f",延长{term(self.extension)}" if self.extension is not None else ""
            else:
                text = f"warranty {term(self.within)}"
                text += f" from {self.starts}" if self.starts else ""
                text += f", extended by {term(self.extension)}" if self.extension is not None else ""
        elif self.kind == "schedule":
            times = self.times or 1
            if zh:
                text = f"每{term(self.every)}{self.activity}{times}次"
                text = f"前{term(self.lasting)}" + text if self.lasting is not None else text
            else:
                text = f"{self.activity} every {term(self.every)}"
                text += f", {times} times" if times > 1 else ""
                text += f", for the first {term(self.lasting)}" if self.lasting is not None else ""
        elif self.kind == "escalation":
            text = (
                f"{term(self.after)}后升级至{self.to}"
                if zh
                else f"escalate to {self.to} after {term(self.after)}"
            )
        elif zh:
            text = f"收费不超过合同总额的{self.cap}"
            text = f"质保期满后{term(self.within)}内" + text if self.within is not None else text
        else:
            text = f"charges capped at {self.cap}"
            text += f" for {term(self.within)}" if self.within is not None else ""
        if self.hedged:
            text += "(非确定承诺)" if zh else " (hedged)"
        if self.condition:
            text += f"(条件:{self.condition})" if zh else f" (if: {self.condition})"
        if zh:
            where = " ".join(x for x in (self.region, self.level) if x)
            return f"{where}: {text}" if where else text
        text += f" in {self.region}" if self.region else ""
        text += f" ({self.level})" if self.level else ""
        return text

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: terms in their canonical English form (``30m``, ``2 working days``)."""
        out: dict[str, Any] = {"kind": self.kind}
        for name in ("metric", "level", "region", "coverage", "starts", "activity", "times", "cap", "to"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.hedged:
            out["hedged"] = True
        if self.condition is not None:
            out["condition"] = self.condition
        if self.exclusions:
            out["exclusions"] = list(self.exclusions)
        if self.scope is not None:
            out["scope"] = self.scope
        for name in ("within", "extension", "every", "lasting", "after"):
            value = getattr(self, name)
            if value is not None:
                out[name] = _term_text(value)
        out["quote"] = self.quote
        out["span"] = list(self.span)
        out["line"] = self.line
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
    line: int = 0  # the 1-based line of the letter where the quote starts

    def to_dict(self) -> dict[str, Any]:
        return {"quote": self.quote, "span": list(self.span), "line": self.line, "reason": self.reason}
