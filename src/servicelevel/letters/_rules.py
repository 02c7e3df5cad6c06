"""The rules that find promises in a commitment letter, one named function each.

The letter is cut into sentences (at 。;!? bullets and enumerators, never at a line
break inside a phrase); each sentence is read on its *compact* form, with every
whitespace character removed, so that a line or page break inside a term or a verb
("1个\\n工作日内", "赶到现\\n\\n场") never splits it; positions map back to the
original text for quotes. Flattened tables are read from their raw lines, where
spaces separate the cells. Nothing is guessed: a term that cannot be tied to a
metric, a vague time ("第一时间"), a blanked-out term ("**年") goes to `Unclear`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import attrs

from servicelevel.calendar import BusinessCalendar
from servicelevel.errors import InvalidTermError, UnknownNotationError
from servicelevel.letters._promise import Promise, Unclear
from servicelevel.terms import Days, Months, Term, Years, parse_term

__all__ = ["read"]

# ---------------------------------------------------------------------------- vocabulary
_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
_TERM = re.compile(
    rf"(?<![\d.零〇一二两三四五六七八九十百千x×X*✕])"
    rf"(?:{_NUM}个?半?个?(?:小时|钟头|分钟|个?工作日|天|日|周|个?星期|个月|年)半?|"
    r"半个?(?:小时|钟头|工作日|天|日|年|个月)|\d+(?:\.\d+)?(?:hours?|hrs?|h|mins?|minutes?)(?![A-Za-z]))"
    rf"(?:{_NUM}分钟)?"
)
_LIMIT = re.compile(r"^[))]?(?:之内|以内|内)")  # a time limit, not a duration
_NOT_A_LIMIT = re.compile(r"^(?:以上|以下|多|左右|前|后|的|[x×X*✕])")

_LEVEL = re.compile(
    r"(?<![\d一二三四五六七八九十A-Za-z])(?:[一二三四五六七八九十]{1,3}|\d{1,2}|[IVⅠⅡⅢⅣ]+|[A-Ea-e])[级类]"
    r"(?:故障|事故|问题|事件)"
    r"|(?:特别重大|特大|重大|严重|紧急|一般|普通|轻微|较大|次要|重要|致命|关键)(?:故障|事故|事件|情况|问题)"
    r"|(?<![A-Za-z])[Pp][1-5](?:级)?(?:故障|事件|问题)?(?![0-9A-Za-z])"
)
_PROVINCES = (
    "北京|上海|天津|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|"
    "海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门"
)
_REGION = re.compile(
    r"(?P<category>省会城市|地级市|县级市|县城|乡镇|市区|城区|本地|本市)"
    rf"|(?P<name>{_PROVINCES}|[\u4e00-\u9fff]{{2,3}}?)"
    r"(?P<suffix>市区|市内|城区|地区|区域|范围|自治区|省|市)"
    rf"|(?P<bare>{_PROVINCES})"
)
_ELSEWHERE = re.compile(r"(?:其他|其它|其余)[\u4e00-\u9fff]{0,4}?(?:地区|城市|地市|区域)|外地|外埠|省外|市外")

# Metric phrases: the earliest match after a term names its metric; ties go to the first listed.
_METRICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        (
            "solution",
            r"(?:提出|提供|提交|给出)[^,,。;]{0,6}?(?:解决方案|修复计划|解决方式|解决办法|处理方案)",
        ),
        ("spare_part", r"提供[^,,。;]{0,14}?(?:备件|备用设备|备机|备品|样机|替代设备)"),
        ("report", r"(?:提供|提交|出具)[^,,。;]{0,10}?报告"),
        ("phone_contact", r"电话(?:交流|联系|沟通)|取得联系"),
        ("depart", r"出发"),
        (
            "on_site",
            r"到达(?:故障|用户|客户)?现场|到达指定地点|赶到(?:用户|客户)?现场|赶赴(?:用户|客户)?现场|"
            r"赴(?:用户|客户)?现场|到场|上门|现场响应|到现场|抵达现场",
        ),
        ("response", r"(?:作出|做出|给予|进行)?(?:响应|反应|回应)|答复"),
        ("restore", r"恢复"),
        ("resolution", r"解决|排除|修复|修好|修妥|完成"),
    )
)
# "完成" names a resolution only after a repair word: "维修和更换在2天以内完成".
_CONDITION = re.compile(r"^[))]?(?:之内|以内|内)?(?:仍|还|尚)?(?:未能|未|无法|不能|没有)")
_REPAIR = re.compile(r"维修|修复|更换|排除|解决")
# A metric named before its term: "修复时间应不超过48个小时", "响应时间:半小时".
_METRIC_NOUN = re.compile(r"(现场响应|响应|到场|到达现场|到达|解决|修复|恢复|排除|处理)时间")
_NOUN_METRIC = {
    "现场响应": "on_site", "响应": "response", "到场": "on_site", "到达现场": "on_site", "到达": "on_site",
    "解决": "resolution", "修复": "resolution", "恢复": "restore", "排除": "resolution", "处理": "resolution",
}  # fmt: skip
_CONNECT = re.compile(
    r"^(?:[::≤<]|<=|小于等于|不大于|不多于|最长|最多|通常|一般|均|应当|应|要求|不超过|不得超过|不大于|不多于|小于|少于|控制在|约|为|是|在|保证)*$"
)
# Words of haste that are not terms; 及时 ("in good time") and 尽早 are diligence, not promises.
_NEGATION = re.compile(r"不承诺|不保证|不提供|不能保证|无法保证|无法承诺|不负责|不包括|不含")
_HEDGE = re.compile(r"努力|争取|尽量|力争|力求|原则上|尽可能|视情况")
_CLOCK_TIME = re.compile(r"(?:次日|第二天|当天|当日)[^,;。]{0,6}?\d{1,2}(?:点|时|:\d{2})(?:前|之前|以前)")
_DELIVERED = re.compile(r"送达|送到|到位|运抵")
_PARTS = re.compile(r"备品|备件|备机|配件|备用")
_VAGUE = re.compile(r"(?<![不无未])(?:第一时间|最短(?:的)?时间|最快(?:的)?(?:时间|速度)|尽快|立即|立刻)")
_WARRANTY = re.compile(r"保修|质保|免费维修|三包|质量保证期|保固")
_BLANKED = re.compile(r"\*+年")
_EXTENSION = re.compile(r"(?:延长|延保)(?:免费)?(?:质保|保修)?(?:期|服务)?(?:至|为)?$")
_SIGNING = re.compile(r"签订合同|合同签订|签约|合同生效")
_START_EVENTS = (
    ("acceptance", re.compile(r"终验|初验|验收|竣工")),
    ("delivery", re.compile(r"交付|到货|交货|送达|货到|收货|签收")),
    ("sale", re.compile(r"购买|销售|售出|购机|发票")),
)
_FREQUENCY = re.compile(
    r"每(?:(?P<n>[两二三四五六\d]+)个?|个|一个)?(?P<unit>周|星期|月|季度|季|半年|年|天|日)"
)
_TIMES = re.compile(r"(?:至少|不少于|不低于)?(?P<n>[一两二三四五六七八九十\d]+)次")
_ACTIVITY = re.compile(
    r"巡检|巡查|巡访|巡视|检查(?:及|和|与)维护|维护保养|保养|回访|走访|电话访问|健康检查|检查|演练|培训|"
    r"预防性维护|例行维护|维护|"
    r"(?:运行|分析|服务|巡检)报告"
)
_EACH = re.compile(r"各[^,;。]{0,4}次")
_FIRST_YEAR = re.compile(r"(?:第一年|首年|头一年)(?:内)?")
_FIRST_STRETCH = re.compile(rf"(?:前|头|最初)(?P<term>{_NUM}个?(?:月|周|年|天))(?:内|之内)?")
_CHARGE = re.compile(
    r"(?:不超过|不高于|不得超过|最高不超过|上限为?|封顶)[^,,。;;]{0,12}?"
    r"(?:合同(?:总金额|总额|总价|金额|价款|额)|总价|(?:年度?)?服务费|设备总价)的?(?P<cap>\d+(?:\.\d+)?)[%%]"
)
_BARE_CAP = re.compile(r"(?:不超过|不高于|不得超过|最高)(?:每次|每年)?\d+(?:\.\d+)?(?:[%%]|元|万元)")
_NOTATION = re.compile(
    r"(?<![\d.])(?P<a>\d{1,3})(?:天)?[x×X*✕](?P<b>\d{1,2})(?:小时|h)?(?:[x×X*✕](?P<c>\d{3})(?:天)?)?"
)
_DAY_WEEK = re.compile(
    r"每天(?:24|二十四)小时[x×X*✕]?每周(?:7|七)天|全年(?:7|七)[x×X*✕](?:24|二十四)"
    r"|(?:7|七)天[x×X*✕]?(?:24|二十四)小时|(?:24|二十四)小时[x×X*✕]?(?:7|七)天"
)
_WEEK_HOURS = re.compile(
    r"(?P<days>周一至周五|每周一至周五|星期一至星期五|工作日|周一至周日|每周一至周日|每天|每日|全年每天)"
    r"(?:的|上午)?(?P<h0>\d{1,2}):(?P<m0>\d{2})[-—~至到]+(?:下午)?(?P<h1>\d{1,2}):(?P<m1>\d{2})"
)
_NOT_OFFERED = re.compile(r"不提供|不承诺|不保证|不含|[不非无]$")
_ALL_HOURS = re.compile(r"(?:24|二十四)小时")
_ANY_TIME = re.compile(r"随时|全天候|全年无休|节假日无休|365天")
_ROUND_CLOCK_WORDS = re.compile(r"^(?:的)?(?:紧急)?(?:维修|服务|热线|值班|在线|响应|技术支持|支持)")

_HEADER_COLUMN = re.compile(
    r"(?P<noun>现场响应|响应|到场|到达现场|到达|解决|修复|恢复|排除|处理)时间"
    r"(?:[((](?P<region>[^))]{1,12})[))])?"
)
_BULLETS = "●·◆■▪•★◇□◎▲►"
_ENUMERATOR = re.compile(
    r"(?:(?<=\s)|^)(?:\d{1,2}(?:\.\d{1,2})+(?=[\u4e00-\u9fff])|\d{1,2}[、.)\)>](?!\d)|[((]\d{1,2}[))]|[①-⑳]|[一二三四五六七八九十]{1,3}、)"
)
_SENTENCE_END = "。!?!?！？"  # a semicolon separates clauses: a grade named before it still holds
# Full-width forms (，：（）１２…) read as their ASCII twins: one character for one, so offsets hold.
_HALF = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


# ---------------------------------------------------------------------------- text pieces
@dataclass
class _Sentence:
    """A sentence of the letter in compact form (no whitespace), with the map back to the text."""

    text: str  # the whole letter
    compact: str
    where: list[int]  # where[i]: the offset in ``text`` of compact[i]
    clauses: list[tuple[int, int]] = field(default_factory=list)  # compact ranges split at commas
    starts: list[int] = field(default_factory=list)  # clause starts, for bisection
    levels: list[tuple[int, str]] = field(default_factory=list)  # where each grade is named
    regions: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)  # see `region_markers`
    semis: list[int] = field(default_factory=list)  # where the semicolons are

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.where[start], self.where[end - 1] + 1

    def clause_of(self, i: int) -> int:
        return max(0, bisect.bisect_right(self.starts, i) - 1)

    def part_of(self, i: int) -> int:
        """Which part between semicolons ``i`` lies in."""
        return bisect.bisect_right(self.semis, i)


def sentences(text: str, skip: list[tuple[int, int]]) -> Iterator[_Sentence]:
    """The letter's sentences outside ``skip`` (table blocks).

    A break ends a sentence after 。;!? and before a bullet, an enumerator
    ("1、", "2)", "①") or a table; a line break after any other character does not
    (page breaks fall inside phrases).

    Examples:
        >>> [s.compact for s in sentences("在1个\\n工作日内解决。● 2小时到场", [])]
        ['在1个工作日内解决。', '●2小时到场']
    """
    cuts = {0, len(text)}
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            cuts.add(i + 1)
        elif ch in _BULLETS:
            cuts.add(i)
    for m in _ENUMERATOR.finditer(text):
        cuts.add(m.start())
    for m in re.finditer(r"[::：]\s*\n", text):
        cuts.add(m.end())
    # Flattened documents separate their paragraphs by a space; Chinese prose has none.
    for m in re.finditer(r"(?<=[^\x00-\x7f])[ \t\u3000]+(?=[^\x00-\x7f])", text):
        cuts.add(m.end())
    for a, b in skip:
        cuts.update((a, b))
    edges = sorted(cuts)
    for a, b in itertools.pairwise(edges):
        if any(s <= a and b <= e for s, e in skip):
            continue
        where = [i for i in range(a, b) if not text[i].isspace()]
        if not where:
            continue
        compact = "".join(text[i] for i in where).translate(_HALF)
        s = _Sentence(text, compact, where)
        start = 0
        for m in re.finditer(r"[,,;;]", compact):
            s.clauses.append((start, m.start()))
            start = m.end()
        s.clauses.append((start, len(compact)))
        s.starts = [a for a, _ in s.clauses]
        s.semis = [m.start() for m in re.finditer(";", compact)]
        s.levels = [(m.start(), level_name(m.group())) for m in _LEVEL.finditer(compact)]
        s.regions = region_markers(compact)
        yield s


# ---------------------------------------------------------------------------- terms
def read_term(raw: str) -> Term | None:
    """The term a matched phrase names, or None when the term grammar refuses it.

    Examples:
        >>> read_term("1个工作日"), read_term("四个小时"), read_term("2011年")
        (WorkingDays(n=1), datetime.timedelta(seconds=14400), None)
    """
    if re.fullmatch(r"\d{4}年", raw):  # a calendar year (成立于2011年), not a period
        return None
    try:
        return parse_term(raw)
    except InvalidTermError:
        return None


@dataclass
class _Found:
    promises: list[Promise] = field(default_factory=list)
    unclear: list[Unclear] = field(default_factory=list)
    extensions: list[tuple[Unclear, Term]] = field(
        default_factory=list
    )  # with no base term in their sentence
    used: set[tuple[int, int]] = field(default_factory=set)  # spans (in the letter) of terms already read

    def unclear_at(self, s: _Sentence, start: int, end: int, reason: str) -> None:
        quote, span = _quote(s, start, end)
        self.unclear.append(Unclear(quote=quote, span=span, reason=reason))


_TRIM = "。;;!?!?,,、::" + _BULLETS


def _quote(s: _Sentence, start: int, end: int) -> tuple[str, tuple[int, int]]:
    """The letter's text from compact ``start`` to ``end``, without punctuation at either end."""
    while end > start + 1 and s.compact[end - 1] in _TRIM:
        end -= 1
    while start < end - 1 and s.compact[start] in _TRIM:
        start += 1
    a, b = s.span(start, end)
    return s.text[a:b], (a, b)


def _clause_start(s: _Sentence, i: int) -> int:
    """Where the clause of ``i`` begins, past bullets and enumerators — at most `_QUOTE` before ``i``."""
    start = max(s.clauses[s.clause_of(i)][0], i - _QUOTE)
    while start < i and s.compact[start] in _BULLETS + "、)):: ":
        start += 1
    m = _ENUMERATOR.match(s.compact, start, i)
    return m.end() if m else start


def _clause_end(s: _Sentence, i: int) -> int:
    """Where the clause of ``i`` ends — at most `_QUOTE` after ``i`` (a quote stays a phrase)."""
    return min(s.clauses[s.clause_of(i)][1], i + _QUOTE)


_QUOTE = 60  # the longest stretch of a clause a quote takes on either side of what it quotes


# ---------------------------------------------------------------------------- the rules
def metric_after(window: str) -> tuple[str, int, int] | None:
    """The metric a phrase after a term names, with where it is: the earliest phrase wins.

    Examples:
        >>> metric_after("内给予响应")[0], metric_after("内到达现场")[0], metric_after("内提出修复计划")[0]
        ('response', 'on_site', 'solution')
        >>> metric_after("以内完成") is None, metric_after("的使用培训") is None
        (True, True)
    """
    best: tuple[str, int, int] | None = None
    for name, pattern in _METRICS:
        m = pattern.search(window)
        if m is None:
            continue
        if name == "resolution" and m.group() == "完成":
            continue
        if best is None or m.start() < best[1]:
            best = (name, m.start(), m.end())
    return best


def metric_before(before: str) -> tuple[str, int] | None:
    """The metric a noun right before a term names: "修复时间应不超过48个小时" → resolution.

    Examples:
        >>> metric_before("3、响应时间:"), metric_before("修复时间应不超过"), metric_before("时间为")
        (('response', 2), ('resolution', 0), None)
    """
    for m in reversed(list(_METRIC_NOUN.finditer(before))):
        if _CONNECT.match(before[m.end() :]):
            return _NOUN_METRIC[m["noun"] if "noun" in m.groupdict() else m[1]], m.start()
    return None


def nearest_level(s: _Sentence, before: int) -> str | None:
    """The fault grade named last before ``before`` in the sentence ("对于重大故障,…").

    Examples:
        >>> s = next(sentences("一般事故6小时到场", []))
        >>> nearest_level(s, 4)
        '一般事故'
    """
    k = bisect.bisect_left(s.levels, (before, "")) - 1
    return s.levels[k][1] if k >= 0 else None


def level_name(written: str) -> str:
    """A grade as written, but "P1级问题" and "p1" are both P1.

    Examples:
        >>> level_name("P1级"), level_name("p2故障"), level_name("一级故障")
        ('P1', 'P2', '一级故障')
    """
    m = re.match(r"[Pp]([1-5])", written)
    return f"P{m[1]}" if m else written


def _region(m: re.Match[str]) -> str:
    """A region as written, without 地区/市区/范围 but with 市 or 省: 北京地区 → 北京, 北京市 → 北京市."""
    if m["category"]:
        return m["category"]
    if m["bare"]:
        return m["bare"]
    return m["name"] + (m["suffix"] if m["suffix"] in ("市", "省") else "")


_ITEM = re.sub(r"\?P<\w+>", "?:", _REGION.pattern)  # one region, without its named groups
_REGION_LIST = re.compile(
    rf"(?:{_ITEM})(?:[、和及与/](?:{_ITEM}))*"
    r"(?:范围内|以内|内)?(?=[::,在于]|[\d零〇一二两三四五六七八九十半]|客户|用户|的用户)"
)


def region_markers(compact: str) -> list[tuple[int, tuple[str, ...]]]:
    """Where a sentence names the region its next promises are for: (end, names); () for "elsewhere".

    A region counts when a promise or a colon follows it ("北京地区:", "北京市内2小时",
    "杭州市区客户…"), so "陕西北斗恒星科技" is no region. "北京、天津地区" names two.

    Examples:
        >>> region_markers("北京、天津地区4小时内到场;其他省会城市:8小时")
        [(7, ('北京', '天津')), (20, ())]
    """
    elsewhere = [(m.start(), m.end()) for m in _ELSEWHERE.finditer(compact)]
    out: list[tuple[int, tuple[str, ...]]] = [(b, ()) for _, b in elsewhere]
    for m in _REGION_LIST.finditer(compact):
        if any(a < m.end() and m.start() < b for a, b in elsewhere):
            continue  # "其他省会城市": elsewhere, not 省会城市
        names = tuple(dict.fromkeys(_region(r) for r in _REGION.finditer(m.group())))
        if names:
            out.append((m.end(), names))
    return sorted(out)


def regions_for(s: _Sentence, term_start: int) -> tuple[str | None, ...]:
    """The regions a promise at ``term_start`` is for: the last named before it in its part of the
    sentence (between semicolons); ``(None,)`` for the default target.

    Examples:
        >>> s = next(sentences("北京地区:1小时内响应,4小时内到场;其他地区:24小时内到场", []))
        >>> regions_for(s, 5), regions_for(s, 12), regions_for(s, 25)
        (('北京',), ('北京',), (None,))
    """
    part = s.part_of(term_start)
    k = bisect.bisect_right([end for end, _ in s.regions], term_start) - 1
    if k < 0 or s.part_of(s.regions[k][0] - 1) != part:
        return (None,)
    return s.regions[k][1] or (None,)


def _terms(s: _Sentence) -> list[tuple[int, int, Term]]:
    out = []
    for m in _TERM.finditer(s.compact):
        if m.start() > 0 and s.compact[m.start() - 1] == "每":
            continue  # "每两个月" is a frequency (see `schedules`)
        term = read_term(m.group())
        if term is not None:
            out.append((m.start(), m.end(), term))
    return out


_WINDOW = 40  # characters around a term where its metric, grade words or negation may stand


def _window(s: _Sentence, end: int, next_start: int) -> tuple[int, int]:
    """From a term's end to the end of its clause — or of the next clause when its own ends there."""
    k = s.clause_of(end)
    stop = min(s.clauses[k][1], next_start)
    rest = s.compact[end:stop]
    if re.fullmatch(r"[))]?(?:之内|以内|内)?", rest) and k + 1 < len(s.clauses):
        stop = min(s.clauses[k + 1][1], next_start)
    return end, stop


def targets(s: _Sentence, found: _Found) -> None:
    """Time limits tied to a metric: "在半小时内给予响应", "修复时间应不超过48个小时".

    A term followed by 的 without 内 is a duration ("3天的使用培训"), not a limit;
    a limit that names no metric this reader knows goes to `Unclear`.

    Examples:
        >>> [p.describe() for p in read_all("对于重大故障,在接到用户报障后,30分钟作出响应,6小时内到达现场,"
        ...                                   "1个\\n工作日内解决问题。").promises]
        ... # doctest: +NORMALIZE_WHITESPACE
        ['response within 30m (重大故障)', 'on_site within 6h (重大故障)',
         'resolution within 1 working day (重大故障)']
    """
    terms = _terms(s)
    for i, (start, end, term) in enumerate(terms):
        if start > 0 and s.compact[start - 1] in "x×X*✕":
            continue
        after = s.compact[end : end + 8]
        if _NOT_A_LIMIT.match(after) and not _LIMIT.match(after):
            continue
        next_start = terms[i + 1][0] if i + 1 < len(terms) else len(s.compact)
        w0, w1 = _window(s, end, next_start)
        w1 = min(w1, w0 + _WINDOW)
        if _CONDITION.match(s.compact[w0:w1]):
            continue  # "6小时内未能排除的,…": the condition of another promise, not a promise
        clause0 = s.clauses[s.clause_of(start)][0]
        c0 = max(clause0, start - _WINDOW)
        # A metric named right before the term ("恢复时间不超过6小时") wins over one after it,
        # which may belong to the next clause ("…6小时,到场时间…").
        noun = metric_before(s.compact[c0:start])
        hit = None if noun is not None else metric_after(s.compact[w0:w1])
        metric, q_end = (noun[0], end) if noun is not None else (None, end)
        if hit is not None:
            name, a, b = hit
            if name != "resolution" or s.compact[w0 + a : w0 + b] != "完成":
                metric, q_end = name, w0 + b
        window = s.compact[w0:w1]
        if metric is None and "完成" in window and _REPAIR.search(s.compact[_clause_start(s, start) : start]):
            metric, q_end = "resolution", w0 + window.index("完成") + 2
        if metric is None and _PARTS.search(s.compact, c0, start) and (d := _DELIVERED.search(window)):
            metric, q_end = "spare_part", w0 + d.end()  # "备品备件在24小时内送达"
        if noun is not None:
            noun = (noun[0], noun[1] + c0 - clause0)
        if metric is None:
            # maybe a warranty or schedule term; a bare time limit is reported as unclear
            if (
                _LIMIT.match(after)
                and not isinstance(term, Years | Months)
                and not _WARRANTY.search(s.compact)
            ):
                found.unclear_at(
                    s,
                    _clause_start(s, start),
                    w1,
                    f"a time limit ({s.compact[start:end]}) that names no metric this reader knows",
                )
            continue
        if isinstance(term, Years | Months):
            continue  # "3年内…解决" is not a service target
        q_start = _clause_start(s, start)
        said = s.compact[max(q_start, start - _WINDOW) : start]
        if (neg := _NEGATION.search(said)) or (hedge := _HEDGE.search(said)):
            word = neg.group() if neg else hedge.group()  # type: ignore[union-attr]
            why = "negated" if neg else "hedged"
            found.unclear_at(
                s, q_start, max(q_end, end), f"{metric} within {s.compact[start:end]}, but {why} ({word})"
            )
            continue
        if noun is not None:
            q_start = min(q_start, clause0 + noun[1])
        q_end = max(q_end, end)
        quote, span = _quote(s, q_start, max(q_end, _clause_end(s, q_end - 1)))
        found.used.add(s.span(start, end))
        for region in regions_for(s, start):  # "北京、天津地区4小时内到场": one promise each
            found.promises.append(
                Promise(
                    kind="target",
                    quote=quote,
                    span=span,
                    metric=metric,
                    within=term,
                    level=nearest_level(s, start),
                    region=region,
                )
            )


def vague_targets(s: _Sentence, found: _Found) -> None:
    """A metric promised with no definite term ("第一时间赶赴现场", "尽快解决") is unclear.

    Examples:
        >>> [u.reason for u in read_all("我公司将尽快解决故障。").unclear]
        ['promises resolution without a definite term (尽快)']
    """
    for m in _CLOCK_TIME.finditer(s.compact):
        hit = metric_after(s.compact[m.end() : m.end() + _WINDOW])
        if hit is not None:
            end = m.end() + hit[2]
            why = f"promises {hit[0]} by a time of day ({m.group()}), not within a term"
            found.unclear_at(s, _clause_start(s, m.start()), end, why)
    for m in _VAGUE.finditer(s.compact):
        k = s.clause_of(m.start())
        hit = metric_after(s.compact[m.end() : min(s.clauses[k][1], m.end() + _WINDOW)])
        if hit is None:
            continue
        end = m.end() + hit[2]
        start = _clause_start(s, m.start())
        found.unclear_at(s, start, end, f"promises {hit[0]} without a definite term ({m.group()})")


def coverage(s: _Sentence, found: _Found) -> None:
    """Service-hours notations: "7×24小时热线服务", "24×7服务", "每天24小时×每周7天", "5×8".

    One promise per notation per sentence; "24小时" alone is coverage only with
    "随时"/"全天候" (a slogan that names neither is unclear: which days?).

    Examples:
        >>> [p.coverage for p in read_all("提供24×7服务;目前提供5×8热线,可延长至7×24热线。").promises]
        ['7x24', '5x8', '7x24']
    """
    seen: set[str] = set()
    said: set[tuple[str, int]] = set()  # one promise per notation per sentence (or part between semicolons)

    def add(notation: str, start: int, end: int) -> None:
        seen.add(notation)
        where = (notation.split()[0], s.part_of(start))  # "5x8" and "5x8 09:00-17:00" are one
        if where in said:
            return
        said.add(where)
        q_start = _clause_start(s, start)
        quote, span = _quote(s, q_start, max(end, _clause_end(s, start)))
        found.promises.append(Promise(kind="coverage", quote=quote, span=span, coverage=notation))

    for m in _WEEK_HOURS.finditer(s.compact):
        days = "5x8" if m["days"] in ("周一至周五", "工作日", "每周一至周五", "星期一至星期五") else "365x8"
        if days == "365x8":  # every day at these hours: "7×12" beside it says the same
            said.update((f"7x{n}", s.part_of(m.start())) for n in range(1, 25))
        add(f"{days} {int(m['h0']):02d}:{m['m0']}-{int(m['h1']):02d}:{m['m1']}", m.start(), m.end())
    for m in _NOTATION.finditer(s.compact):
        if _NOT_OFFERED.search(s.compact, max(0, m.start() - 6), m.start()):
            k = s.clause_of(m.start())
            found.unclear_at(s, _clause_start(s, m.start()), s.clauses[k][1], f"{m.group()}, but negated")
            continue
        a, b, c = int(m["a"]), int(m["b"]), m["c"]
        if (a, b) == (24, 7):
            a, b = 7, 24
        notation = f"{a}x{b}" + (f"x{c}" if c else "")
        try:
            BusinessCalendar.parse(notation, tz="UTC")
        except UnknownNotationError:
            if (notation, s.part_of(m.start())) not in said and notation not in seen and b <= 24 and a <= 7:
                seen.add(notation)
                found.unclear_at(
                    s,
                    _clause_start(s, m.start()),
                    s.clauses[s.clause_of(m.start())][1],
                    f"{a}×{b} is not a notation servicelevel knows (5x8, 7x18, 7x24, 365x8): "
                    "write the hours as a weekly schedule",
                )
            continue
        add("7x24" if notation.startswith("7x24") else notation, m.start(), m.end())
    for m in _DAY_WEEK.finditer(s.compact):
        add("7x24", m.start(), m.end())
    for m in _ALL_HOURS.finditer(s.compact):
        before = s.compact[max(0, m.start() - 1) : m.start()]
        after = s.compact[m.end() :]
        if (before and before in "x×X*✕") or after[:1] in "x×X*✕" or _LIMIT.match(after):
            continue
        if not _ROUND_CLOCK_WORDS.match(after):
            continue
        if _ANY_TIME.search(s.compact):
            add("7x24", m.start(), m.end())
        elif "7x24" not in seen:
            q_start = _clause_start(s, m.start())
            end = m.end() + _ROUND_CLOCK_WORDS.match(after).end()  # type: ignore[union-attr]
            found.unclear_at(s, q_start, end, "24 hours a day, but the days of the week are not stated")


_NO_BASE = "extends the warranty, but its base term is not stated"


def warranty(s: _Sentence, found: _Found) -> None:
    """A free-repair term: "质保期:验收之日起3年", "提供为期三年的免费维修", "3年7x24小时硬件保修".

    The start event comes from the sentence (验收 → acceptance, 交付/到货 →
    delivery, 购买 → sale), the extension from "再延长半年". An extension without
    its base term, or a blanked-out term ("**年"), is unclear.

    Examples:
        >>> [p.describe() for p in read_all("质保期:验收之日起3年,保修期内再延长半年。").promises]
        ['warranty 3 years from acceptance, extended by 6 months']
    """
    if not _WARRANTY.search(s.compact) or _CHARGE.search(s.compact):
        return  # a charge cap's sentence names the years after expiry, not the warranty
    for m in _BLANKED.finditer(s.compact):
        found.unclear_at(
            s,
            _clause_start(s, m.start()),
            s.clauses[s.clause_of(m.start())][1],
            "the warranty term is blanked out",
        )
    # one warranty per clause that names one and gives its term ("整机质保期为三年;蓄电池质保期为两年")
    bases: list[tuple[int, int, Term, Term | None]] = []
    for start, end, term in _terms(s):
        if s.span(start, end) in found.used or not isinstance(term, Years | Months):
            continue
        if re.match(r"^(?:以上|以下|多)", s.compact[end : end + 2]):
            continue
        if re.search(r"(?:期满|满|到期|之)后(?:的)?$", s.compact[max(0, start - 4) : start]):
            continue  # "保修期满后3年内…": the years after expiry, not the warranty
        if bases and re.search(r"[((][^))]*$", s.compact[bases[-1][1] : start]):
            continue  # "5年(含原厂3年+延保2年)": a breakdown of the term just stated
        k = s.clause_of(start)
        if _EXTENSION.search(s.compact[max(0, start - 8) : start]):
            if bases and bases[-1][3] is None:
                bases[-1] = (*bases[-1][:3], term)
            else:
                quote, span = _quote(s, _clause_start(s, start), _clause_end(s, start))
                found.extensions.append((Unclear(quote=quote, span=span, reason=_NO_BASE), term))
            continue
        if not _WARRANTY.search(s.compact, s.clauses[k][0], s.clauses[k][1]):
            continue  # "在三年内免费配合…研发" in a sentence that names the warranty elsewhere
        bases.append((start, end, term, None))
    for i, (start, end, term, extension) in enumerate(bases):
        k = s.clause_of(start)
        # the start event is said in the warranty's clause or the next one ("…三年,自…验收合格之日起算")
        stop = s.clauses[min(k + 1, len(s.clauses) - 1)][1]
        if i + 1 < len(bases):
            stop = min(stop, s.clauses[s.clause_of(bases[i + 1][0])][0])
        starts = next((name for name, p in _START_EVENTS if p.search(s.compact, s.clauses[k][0], stop)), None)
        if starts is None and _SIGNING.search(s.compact, max(0, s.clauses[k][0] - 20), stop):
            why = "the warranty starts at the contract's signing: give that date as its start"
            found.unclear_at(s, _clause_start(s, start), _clause_end(s, start), why)
        quote, span = _quote(s, _clause_start(s, start), _clause_end(s, start))
        found.used.add(s.span(start, end))
        found.promises.append(
            Promise(kind="warranty", quote=quote, span=span, within=term, starts=starts, extension=extension)
        )


_UNIT_TERMS: dict[str, tuple[type[Days] | type[Months] | type[Years], int]] = {
    "周": (Days, 7), "星期": (Days, 7), "月": (Months, 1), "季度": (Months, 3), "季": (Months, 3),
    "半年": (Months, 6), "年": (Years, 1), "天": (Days, 1), "日": (Days, 1),
}  # fmt: skip


def schedules(s: _Sentence, found: _Found) -> None:
    """Visits at a frequency: "每两周进行例行的系统运行检查及维护", "每月至少上门巡查一次".

    Needs a named activity (巡检, 巡查, 检查, 保养, 回访…) in the clause: "每天的淋水量"
    is not a service schedule.

    Examples:
        >>> [p.describe() for p in read_all("在系统运行的前三个月内,每两周进行例行的系统运行检查及维护;"
        ...                                   "每季度不少于三次巡检。").promises]
        ['检查及维护 every 14 days, for the first 3 months', '巡检 every 3 months, 3 times']
    """
    previous: str | None = None  # "前三个月每周巡检一次,之后每月一次": the activity carries on
    after = 0  # a first stretch belongs to the frequency right after it, not to the next ones
    for m in _FREQUENCY.finditer(s.compact):
        k = s.clause_of(m.start())
        clause_end = s.clauses[k][1]
        act = _ACTIVITY.search(s.compact, m.end(), clause_end)
        if act is None:
            act = _ACTIVITY.search(s.compact, s.clauses[k][0], m.start())
        once = _TIMES.search(s.compact, m.end(), min(clause_end, m.end() + 8))
        if act is None and (previous is None or once is None):
            continue
        activity, act_end = (act.group(), act.end()) if act is not None else (previous or "", m.end())
        previous = activity
        if _EACH.search(s.compact, max(s.clauses[k][0], m.start()), clause_end):
            why = f"{activity} on named occasions (各): count them into times per period"
            found.unclear_at(s, _clause_start(s, m.start()), clause_end, why)
            continue
        kind, per = _UNIT_TERMS[m["unit"]]
        n = 1
        if m["n"]:
            number = read_term(m["n"] + "天")
            if not isinstance(number, Days):
                continue
            n = number.n
        every: Term = kind(per * n)
        if isinstance(every, Months) and every.n % 12 == 0:
            every = Years(every.n // 12)
        times_m = _TIMES.search(s.compact, m.end(), clause_end)
        times = 1
        if times_m is not None:
            count = read_term(times_m["n"] + "天")
            times = count.n if isinstance(count, Days) else 1
        lasting = None
        # "在系统运行的前三个月内,每两周…": the first stretch is named in this clause or the one before
        k0 = k - 1 if k > 0 and s.compact[s.clauses[k][0] - 1] == "," else k
        from_ = max(s.clauses[k0][0], after)
        after = m.end()
        first = _FIRST_STRETCH.search(s.compact, from_, m.start())
        if first is not None:
            lasting = read_term(
                first["term"].replace("个月", "个月") if "个" in first["term"] else first["term"]
            )
        if first is None and (year := _FIRST_YEAR.search(s.compact, from_, m.start())):
            first, lasting = year, Years(1)  # "验收后第一年每月回访一次"
        ends = [act_end, m.end()] + ([times_m.end()] if times_m else [])
        begin = min(m.start(), act.start()) if act else m.start()
        q_start = first.start() if first else _clause_start(s, begin)
        quote, span = _quote(s, _clause_start(s, q_start), max(ends))
        found.promises.append(
            Promise(
                kind="schedule",
                quote=quote,
                span=span,
                activity=activity,
                every=every,
                times=times,
                lasting=lasting,
            )
        )


def charges(s: _Sentence, found: _Found) -> None:
    """A cap on fees: "维修费用不超过合同总额的2%" (with the years after expiry, when stated).

    Examples:
        >>> [p.describe() for p in read_all("保修期满后3年内,维修费用每年不超过合同总额的2%。").promises]
        ['charges capped at 2% for 3 years']
    """
    for m in _BARE_CAP.finditer(s.compact):
        if not _CHARGE.search(s.compact, max(0, m.start() - 30), m.end() + 1):
            why = f"a cap ({m.group()}) that is no share of the contract total (a charge cap must be)"
            found.unclear_at(s, _clause_start(s, m.start()), m.end(), why)
    for m in _CHARGE.finditer(s.compact):
        within = None
        for start, _end, term in _terms(s):
            if isinstance(term, Years | Months) and re.search(r"(?:后|满后|期满)", s.compact[:start]):
                within = term
        q_start = _clause_start(s, m.start())
        quote, span = _quote(s, q_start, m.end())
        found.promises.append(
            Promise(kind="charge", quote=quote, span=span, cap=m["cap"] + "%", within=within)
        )


# ---------------------------------------------------------------------------- tables
def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


_DASH = re.compile(r"[—\-–//无]+|不适用|N/?A", re.IGNORECASE)


_GRADE_COLUMN = re.compile(r".*(?:级别|等级|优先级|类型|类别|分级)")
_SHORT_GRADE = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}|\d{1,2}|[A-Ea-e]|[IVⅠⅡⅢⅣ]+)[级类]|[Pp][1-5]"
    r"|特别重大|特大|重大|严重|紧急|一般|普通|轻微|较大|次要|重要|致命|关键"
)
_RULE_ROW = re.compile(r"[-:=\s—]+")


def _cells(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The cells of a table line: split at ``|`` (a Markdown table) or else at spaces."""
    line = text[a:b]
    if "|" not in line and "｜" not in line:
        return [(a + m.start(), a + m.end()) for m in re.finditer(r"\S+", line)]
    out = []
    for m in re.finditer(r"[^|｜]+", line):
        cell = m.group()
        if cell.strip():
            out.append((a + m.start() + len(cell) - len(cell.lstrip()), a + m.start() + len(cell.rstrip())))
    return out


def _header(line: str) -> list[tuple[str, str | None] | None] | None:
    """The columns of a table header after the grade column: (metric, region), or None for others.

    A header names at least two metric columns ("响应时间 到场时间(北京市)"); other
    columns ("远程诊断") are kept as None so that the cells below stay aligned.
    """
    cells = [line[a:b] for a, b in _cells(line, 0, len(line))]
    if len(cells) < 3:
        return None
    columns: list[tuple[str, str | None] | None] = []
    for cell in cells[1:]:
        m = _HEADER_COLUMN.fullmatch(cell.translate(_HALF))
        if m is None:
            columns.append(None)
            continue
        region = m["region"]
        if region is not None and _ELSEWHERE.fullmatch(region):
            region = None
        columns.append((_NOUN_METRIC[m["noun"]], region))
    return columns if sum(c is not None for c in columns) >= 2 else None


def tables(text: str, found: _Found) -> list[tuple[int, int]]:
    """Flattened tables: a header naming metric columns, then one row per grade.

    "故障级别 现场响应时间(北京市) 现场响应时间(其他地区)" gives each later row's cells
    their metric and region, the row's first cell its level. A dash means no promise;
    a row with no cells (merged in the original), a row of another width, a cell that
    is not a term ("按需") is unclear. Returns the blocks read.

    Examples:
        >>> f = read_all("故障级别 响应时间 到场时间\\n一级故障 30分钟 2小时\\n二级故障\\n")
        >>> [p.describe() for p in f.promises]
        ['response within 30m (一级故障)', 'on_site within 2h (一级故障)']
        >>> [u.reason for u in f.unclear]  # doctest: +NORMALIZE_WHITESPACE
        ['a row of the table with no values (merged cells in the original?): write its terms in']
    """
    blocks = []
    lines = _lines(text)
    i = 0
    while i < len(lines):
        a, b = lines[i]
        columns = _header(text[a:b])
        if columns is None:
            i += 1
            continue
        head = _cells(text, a, b)[0]
        grades = bool(_GRADE_COLUMN.match(text[head[0] : head[1]]))  # rows may then be "一级", "紧急"
        j, last = i + 1, b
        while j < len(lines):
            ra, rb = lines[j]
            row = text[ra:rb]
            if not row.strip():
                j += 1
                continue
            cells = _cells(text, ra, rb)
            if all(_RULE_ROW.fullmatch(text[ca:cb]) for ca, cb in cells):
                j += 1  # "|---|---|" under a Markdown header
                continue
            lead, first_end = cells[0]
            first = text[lead:first_end].translate(_HALF)
            level = _LEVEL.fullmatch(first) or (grades and _SHORT_GRADE.fullmatch(first))
            if not level:
                break
            name = level_name(first)
            values = cells[1:]
            end = lead + len(text[lead:rb].rstrip())
            if not values:
                found.unclear.append(
                    Unclear(
                        quote=text[lead:first_end],
                        span=(lead, first_end),
                        reason="a row of the table with no values (merged cells in the original?): "
                        "write its terms in",
                    )
                )
            elif len(values) != len(columns):
                found.unclear.append(
                    Unclear(
                        quote=text[lead:end],
                        span=(lead, end),
                        reason=f"a row of the table with {len(values)} cells under {len(columns)} columns",
                    )
                )
            else:
                for (ca, cb), column in zip(values, columns, strict=True):
                    cell = text[ca:cb].translate(_HALF)
                    if column is None or _DASH.fullmatch(cell):
                        continue
                    term = read_term(re.sub(r"(?:之内|以内|内)$", "", cell))
                    if term is None:
                        found.unclear.append(
                            Unclear(
                                quote=text[ca:cb],
                                span=(ca, cb),
                                reason=f"the {column[0]} cell of {name} is not a term",
                            )
                        )
                        continue
                    found.promises.append(
                        Promise(
                            kind="target",
                            quote=text[ca:cb],
                            span=(ca, cb),
                            metric=column[0],
                            within=term,
                            level=name,
                            region=column[1],
                        )
                    )
            last = rb
            j += 1
        if last > b:
            blocks.append((a, last))
        i = j
    return blocks


def read_all(text: str) -> _Found:
    """Every rule over a letter: the promises in text order, and what is unclear."""
    found = _Found()
    blocks = tables(text, found)
    for s in sentences(text, blocks):
        targets(s, found)
        vague_targets(s, found)
        coverage(s, found)
        warranty(s, found)
        schedules(s, found)
        charges(s, found)
    found.promises.sort(key=lambda p: p.span)
    extensions(found)
    found.unclear.sort(key=lambda u: u.span)
    return found


def extensions(found: _Found) -> None:
    """An extension in its own sentence ("可在原质保期满后免费延长质保一年") extends the warranty
    stated just before it (within 400 characters, without an extension of its own); else unclear.

    Examples:
        >>> f = read_all("设备质保五年,自验收合格之日起计算。如需要,可在质保期满后免费延长质保一年。")
        >>> [p.describe() for p in f.promises]
        ['warranty 5 years from acceptance, extended by 1 year']
    """
    for unclear, term in found.extensions:
        before = [
            (i, p)
            for i, p in enumerate(found.promises)
            if p.kind == "warranty" and p.span[1] <= unclear.span[0] and unclear.span[0] - p.span[1] <= 400
        ]
        if before and before[-1][1].extension is None:
            i, p = before[-1]
            found.promises[i] = attrs.evolve(p, extension=term)
        else:
            found.unclear.append(unclear)


def read(text: str) -> tuple[list[Promise], list[Unclear]]:
    found = read_all(text)
    return found.promises, found.unclear
