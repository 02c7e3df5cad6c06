"""The words of commitment letters: the patterns and vocabularies the rules read them by.

Grades, regions, metric phrases, terms, service-hours notations, warranty, schedule and
charge words — compiled once. The compact reading (full-width forms as ASCII, no
whitespace) is what every pattern here is written against.
"""

from __future__ import annotations

import re

from servicelevel.terms import Days, Months, Years

__all__ = ["level_name"]

# ---------------------------------------------------------------------------- vocabulary
_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
TERM = re.compile(
    rf"(?<![\d.零〇一二两三四五六七八九十百千x×X*✕])"
    rf"(?:{_NUM}个?半?个?(?:小时|钟头|分钟|个?工作日|天|日|周|个?星期|个月|年)半?|"
    r"半个?(?:小时|钟头|工作日|天|日|年|个月)|\d+(?:\.\d+)?(?:hours?|hrs?|h|mins?|minutes?)(?![A-Za-z]))"
    rf"(?:{_NUM}分钟)?"
)
LIMIT = re.compile(r"^[))]?(?:之内|以内|内)")  # a time limit, not a duration
NOT_A_LIMIT = re.compile(r"^(?:以上|以下|多|左右|前|后|的|[x×X*✕])")

LEVEL = re.compile(
    r"(?<![\d一二三四五六七八九十A-Za-z])(?:[一二三四五六七八九十]{1,3}|\d{1,2}|[IVⅠⅡⅢⅣ]+|[A-Ea-e])[级类]"
    r"(?:故障|事故|问题|事件)"
    r"|(?:特别重大|特大|重大|严重|紧急|一般|普通|轻微|较大|次要|重要|致命|关键)(?:故障|事故|事件|情况|问题)"
    r"|(?<![A-Za-z])[Pp][1-5](?:级)?(?:故障|事件|问题)?(?![0-9A-Za-z])"
)
# Metric phrases: the earliest match after a term names its metric; ties go to the first listed.
METRICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        (
            "solution",
            r"(?:提出|提供|提交|给出)[^,,。;]{0,6}?(?:解决方案|修复计划|解决方式|解决办法|处理方案|处置方案|应急方案)",
        ),
        ("spare_part", r"提供[^,,。;]{0,14}?(?:备件|备用设备|备机|备品|样机|替代设备)"),
        ("report", r"(?:提供|提交|出具)[^,,。;]{0,10}?报告"),
        ("phone_contact", r"电话(?:交流|联系|沟通|回复)|取得联系|回电|回拨"),
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
CONDITION = re.compile(r"^[))]?(?:之内|以内|内)?(?:仍|还|尚)?(?:未能|未|无法|不能|没有)")
REPAIR = re.compile(r"维修|修复|更换|排除|解决")
# A metric named before its term: "修复时间应不超过48个小时", "响应时间:半小时".
METRIC_NOUN = re.compile(r"(现场响应|响应|到场|到达现场|到达|解决|修复|恢复|排除|处理)时间")
NOUN_METRIC = {
    "现场响应": "on_site", "响应": "response", "到场": "on_site", "到达现场": "on_site", "到达": "on_site",
    "解决": "resolution", "修复": "resolution", "恢复": "restore", "排除": "resolution", "处理": "resolution",
}  # fmt: skip
CONNECT = re.compile(
    r"^(?:[::≤<]|<=|小于等于|不大于|不多于|最长|最多|通常|一般|均|应当|应|要求|不超过|不得超过|不大于|不多于|小于|少于|控制在|约|为|是|在|保证)*$"
)
# Words of haste that are not terms; 及时 ("in good time") and 尽早 are diligence, not promises.
NEGATION = re.compile(r"不承诺|不保证|不提供|不能保证|无法保证|无法承诺|不负责|不包括|不含")
HEDGE = re.compile(r"努力|争取|尽量|力争|力求|原则上|尽可能|视情况")
CLOCK_TIME = re.compile(r"(?:次日|第二天|当天|当日)[^,;。]{0,6}?\d{1,2}(?:点|时|:\d{2})(?:前|之前|以前)")
DELIVERED = re.compile(r"送达|送到|到位|运抵")
PARTS = re.compile(r"备品|备件|备机|配件|备用")
VAGUE = re.compile(r"(?<![不无未])(?:第一时间|最短(?:的)?时间|最快(?:的)?(?:时间|速度)|尽快|立即|立刻)")
WARRANTY = re.compile(r"保修|质保|免费维修|三包|质量保证期|保固")
BLANKED = re.compile(r"\*+年")
EXTENSION = re.compile(r"(?:延长|延保)(?:免费)?(?:质保|保修)?(?:期|服务)?(?:至|为)?$")
SIGNING = re.compile(r"签订合同|合同签订|签约|合同生效")
START_EVENTS = (
    ("acceptance", re.compile(r"终验|初验|验收|竣工")),
    ("delivery", re.compile(r"交付|到货|交货|送达|货到|收货|签收")),
    ("sale", re.compile(r"购买|销售|售出|购机|发票")),
)
FREQUENCY = re.compile(
    r"每(?:(?P<n>[两二三四五六\d]+)个?|个|一个)?(?P<unit>周|星期|月|季度|季|半年|年|天|日)"
)
TIMES = re.compile(r"(?:至少|不少于|不低于)?(?P<n>[一两二三四五六七八九十\d]+)次")
ACTIVITY = re.compile(
    r"巡检|巡查|巡访|巡视|检查(?:及|和|与)维护|维护保养|保养|回访|走访|电话访问|健康检查|检查|演练|培训|"
    r"预防性维护|例行维护|维护|"
    r"(?:运行|分析|服务|巡检)报告"
)
EACH = re.compile(r"各[^,;。]{0,4}次")
FIRST_YEAR = re.compile(r"(?:第一年|首年|头一年)(?:内)?")
FIRST_STRETCH = re.compile(rf"(?:前|头|最初)(?P<term>{_NUM}个?(?:月|周|年|天))(?:内|之内)?")
CHARGE = re.compile(
    r"(?:不超过|不高于|不得超过|最高不超过|上限为?|封顶|收费标准为|收费为|收取)[^,,。;;]{0,12}?"
    r"(?:合同(?:总金额|总额|总价|金额|价款|额)|总价|(?:年度?)?服务费|设备总价)的?(?P<cap>\d+(?:\.\d+)?)[%%]"
)
BARE_CAP = re.compile(r"(?:不超过|不高于|不得超过|最高)(?:每次|每年)?\d+(?:\.\d+)?(?:[%%]|元|万元)")
# A band of years after the warranty: "第4至6年", "第四年至第六年", "第4-6年".
BAND_YEARS = re.compile(rf"第(?P<a>{_NUM})年?(?:至|到|-|—|~)第?(?P<b>{_NUM})年")
AFTER_EXPIRY = re.compile(r"(?:期满|满|到期|结束|过)后|之后|以后|期外")
NOTATION = re.compile(
    r"(?<![\d.])(?P<a>\d{1,3})(?:天)?[x×X*✕](?P<b>\d{1,2})(?:小时|h)?(?:[x×X*✕](?P<c>\d{3})(?:天)?)?"
)
DAY_WEEK = re.compile(
    r"每天(?:24|二十四)小时[x×X*✕]?每周(?:7|七)天|全年(?:7|七)[x×X*✕](?:24|二十四)"
    r"|(?:7|七)天[x×X*✕]?(?:24|二十四)小时|(?:24|二十四)小时[x×X*✕]?(?:7|七)天"
)
WEEK_HOURS = re.compile(
    r"(?P<days>周一至周五|每周一至周五|星期一至星期五|工作日|周一至周日|每周一至周日|每天|每日|全年每天)"
    r"(?:的|上午)?(?P<h0>\d{1,2}):(?P<m0>\d{2})[-—~至到]+(?:下午)?(?P<h1>\d{1,2}):(?P<m1>\d{2})"
)
NOT_OFFERED = re.compile(r"不提供|不承诺|不保证|不含|[不非无]$")
ALL_HOURS = re.compile(r"(?:24|二十四)小时")
ANY_TIME = re.compile(r"随时|全天候|全年无休|节假日无休|365天")
ROUND_CLOCK_WORDS = re.compile(r"^(?:的)?(?:紧急)?(?:维修|服务|热线|值班|在线|响应|技术支持|支持)")

HEADER_COLUMN = re.compile(
    r"(?P<noun>现场响应|响应|到场|到达现场|到达|解决|修复|恢复|排除|处理)时间"
    r"(?:[((](?P<region>[^))]{1,12})[))])?"
)
BULLETS = "●·◆■▪•★◇□◎▲►"
ENUMERATOR = re.compile(
    r"(?:(?<=\s)|^)(?:\d{1,2}(?:\.\d{1,2})+(?=[\u4e00-\u9fff])|\d{1,2}[、.)\)>](?!\d)|[((]\d{1,2}[))]|[①-⑳]|[一二三四五六七八九十]{1,3}、)"
)
SENTENCE_END = "。!?!?！？"  # a semicolon separates clauses: a grade named before it still holds
# Full-width forms (，：（）１２…) read as their ASCII twins: one character for one, so offsets hold.
HALF = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def level_name(written: str) -> str:
    """A grade as written, but "P1级问题" and "p1" are both P1.

    Examples:
        >>> level_name("P1级"), level_name("p2故障"), level_name("一级故障")
        ('P1', 'P2', '一级故障')
    """
    m = re.match(r"[Pp]([1-5])", written)
    return f"P{m[1]}" if m else written


UNIT_TERMS: dict[str, tuple[type[Days] | type[Months] | type[Years], int]] = {
    "周": (Days, 7), "星期": (Days, 7), "月": (Months, 1), "季度": (Months, 3), "季": (Months, 3),
    "半年": (Months, 6), "年": (Years, 1), "天": (Days, 1), "日": (Days, 1),
}  # fmt: skip
