"""The words of commitment letters: the patterns and vocabularies the rules read them by.

Grades, regions, metric phrases, terms, service-hours notations, warranty, schedule and
charge words — compiled once. The compact reading (full-width forms as ASCII, no
whitespace) is what every pattern here is written against.
"""

from __future__ import annotations

import re

from servicelevel.terms import Days, Months, Years

__all__ = ["FOLD", "HALF"]

# ---------------------------------------------------------------------------- vocabulary
_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
TERM = re.compile(
    rf"(?<![\d.零〇一二两三四五六七八九十百千x×X*✕])"
    rf"(?:{_NUM}个?半?个?(?:个?工作小时|小时|钟头|分钟|个?工作日|天|日|周|个?星期|个月|年)半?|"
    r"半个?(?:小时|钟头|工作日|天|日|年|个月)|\d+(?:\.\d+)?(?:hours?|hrs?|h|mins?|minutes?)(?![A-Za-z]))"
    rf"(?:{_NUM}分钟)?"
)
LIMIT = re.compile(r"^[))]?(?:之内|以内|内)")  # a time limit, not a duration
NOT_A_LIMIT = re.compile(r"^(?:以上|以下|多|左右|前|后|的|[x×X*✕])")

# Metric phrases: the earliest match after a term names its metric; ties go to the first listed.
METRICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        (
            "solution",
            r"(?:提出|提供|提交|给出)[^,,。;]{0,6}?(?:解决方案|修复计划|解决方式|解决办法|处理方案|处置方案|应急方案)"
            r"|(?:提出|提供|提交|给出)[^,,。;]{0,16}?(?:解决|处理|处置|应急|修复|维修|升级)方案",
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
        ("response", r"(?:作出|做出|给予|进行)?(?:响应|反应|回应)|答复|回复"),
        ("restore", r"恢复"),
        ("resolution", r"解决|排除|修复|修好|修妥|处理完毕|处理完成|完成|(?:修复后)?(?:返回|寄回|发回|寄出)"),
    )
)
# "完成" names a resolution only after a repair word: "维修和更换在2天以内完成".
CONDITION = re.compile(
    r"^[))]?(?:之内|以内|内)?(?:仍|还|尚)?(?:未能|未|无法|不能|没有)"
    # "1小时内工程师不能现场排除故障的,…": a subject between the term and its negation, ended by 的
    r"|^[))]?(?:之内|以内|内)[^,,;;。]{1,8}?(?:仍|还|尚)?(?:未能|无法|不能|没有)[^,,;;。]{0,10}的(?:[,,]|$)"
)
REPAIR = re.compile(r"维修|修复|更换|排除|解决")
# A metric named before its term: "修复时间应不超过48个小时", "响应时间:半小时".
METRIC_NOUN = re.compile(
    r"(?P<noun>现场响应|响应|到场|到达现场|到达|解决|修复|恢复|排除|处理)时间"
    r"|(?P<noun2>送修|维修|返修|上门)时效|(?P<outage>中断)(?:运行|服务)?(?:时间)?"
)
NOUN_METRIC = {
    "现场响应": "on_site", "响应": "response", "到场": "on_site", "到达现场": "on_site", "到达": "on_site",
    "解决": "resolution", "修复": "resolution", "恢复": "restore", "排除": "resolution", "处理": "resolution",
    "送修": "resolution", "维修": "resolution", "返修": "resolution", "上门": "on_site", "中断": "restore",
}  # fmt: skip
# Two metrics of one term: "响应及工程师到达现场时间为2小时以内" (the first named before the second).
ALSO_METRIC = re.compile(r"(响应|到场|到达现场|解决|修复|恢复|排除)(?:及|和|与|、)[^,,;;]{0,6}$")
CONNECT = re.compile(
    r"^(?:[::≤<]|<=|保内|保外|保修期内|保修期外|小于等于|不大于|不多于|最长|最多|通常|一般|均|应当|应|要求|不超过|不得超过|不大于|不多于|小于|少于|控制在|约|为|是|在|保证)*$"
)
# Words of haste that are not terms; 及时 ("in good time") and 尽早 are diligence, not promises.
NEGATION = re.compile(r"不承诺|不保证|不提供|不能保证|无法保证|无法承诺|不负责|不包括|不含")
HEDGE = re.compile(
    r"努力|争取|尽量|力争|力求|原则上|尽可能|视情况|通常|一般情况下|一般(?!故障|事故|问题|事件|情况|级别|性)"
)
# A promise on request or on a condition: "可根据用户要求延长至7×24", "如需要", "如不能在12小时内解决".
ON_REQUEST = re.compile(
    r"(?:可|能)(?:根据|按照?|应)[^,;。]{0,8}?(?:要求|需要|需求)|如(?:有|客户|用户|甲方)?需要|如需|"
    r"应(?:用户|客户|甲方|采购人)(?:的)?要求|(?:可|能)(?:延长|扩展|升级|提升)(?:至|到|为)|另行收费|有偿"
)
IF_NOT = re.compile(r"(?:如果|如|若|倘若)?(?:[^,;。]{0,8}?)(?:不能|未能|无法|没有|未)(?:在|于)?[^,;。]{0,4}$")
CLOCK_TIME = re.compile(r"(?:次日|第二天|当天|当日)[^,;。]{0,6}?\d{1,2}(?:点|时|:\d{2})(?:前|之前|以前)")
DELIVERED = re.compile(r"送达|送到|到位|运抵")
PARTS = re.compile(r"备品|备件|备机|配件|备用")
VAGUE = re.compile(r"(?<![不无未])(?:第一时间|最短(?:的)?时间|最快(?:的)?(?:时间|速度)|尽快|立即|立刻)")
WARRANTY = re.compile(
    r"保修|质保|免费维修|三包|质量保证期|保固|免费维护|免维护费|免费上门(?:维修|服务)?|免费(?:售后)?服务期|免费维保"
)
BLANKED = re.compile(r"\*+年")
EXTENSION = re.compile(r"(?:延长|延保)(?:免费)?(?:质保|保修)?(?:期|服务)?(?:至|为)?$")
SIGNING = re.compile(r"签订合同|合同签订|签约|合同生效")
START_EVENTS = (
    ("acceptance", re.compile(r"终验|初验|验收|竣工")),
    ("delivery", re.compile(r"交付|到货|交货|送达|货到|收货|签收|出厂|发货")),
    ("sale", re.compile(r"购买|销售|售出|购机|发票")),
    ("installation", re.compile(r"安装调试(?:完毕|完成|结束|合格)|安装(?:完毕|完成)|调试(?:完毕|完成)")),
)
FREQUENCY = re.compile(
    r"(?:每(?:(?P<n>[两二三四五六\d]+)个?|个|一个)?|(?<![\d一二三四五六七八九十第])一个?"
    r"(?=(?:周|星期|月|季度|季|年)(?:内)?(?:不少于|至少|不低于)))"
    r"(?P<unit>周|星期|月|季度|季|半年|年|天|日)"
)
TIMES = re.compile(r"(?:至少|不少于|不低于)?(?P<n>[一两二三四五六七八九十\d]+)次")
ACTIVITY = re.compile(
    r"上门拜访|拜访|系统分析|巡检|巡查|巡访|巡视|检测|测试|保洁|检查(?:及|和|与)维护|维护保养|保养|回访|走访|电话访问|健康检查|检查|演练|培训|"
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
    r"(?<![\d.])(?P<a>\d{1,3})(?:天)?[x×X*✕](?P<b>\d{1,2})(?!\d)(?:小时|h)?(?:[x×X*✕](?P<c>\d{3})(?:天)?)?"
)
DAY_WEEK = re.compile(
    r"每天(?:24|二十四)小时[x×X*✕]?每周(?:7|七)天|全年(?:7|七)[x×X*✕](?:24|二十四)"
    r"|(?:7|七)天[x×X*✕]?(?:24|二十四)小时|(?:24|二十四)小时[x×X*✕]?(?:7|七)天"
    r"|(?:24|二十四)(?:小时|h)?[x×X*✕](?:365|三百六十五)天?"
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
# The compact form every pattern reads is folded further: traditional characters of the vocabulary
# as simplified ones, financial numerals (贰年) as plain ones — one character for one again.
_TRADITIONAL = (
    "個时鐘內達現場應響決復週維護質證養務數級題間後於與裡點網診斷報換電話聯絡處檢訪議"
    "費額總價約縣區圍範邊廠貨購買銷單發開簽驗終滿計為這條無負責備機趕門請從對別嚴緊輕"
    "較關鍵簡統設軟體據業環災擊蟲損壞當運輸熱線詢節兩萬億時鐘"
)
_SIMPLIFIED = (
    "个时钟内达现场应响决复周维护质证养务数级题间后于与里点网诊断报换电话联络处检访议"
    "费额总价约县区围范边厂货购买销单发开签验终满计为这条无负责备机赶门请从对别严紧轻"
    "较关键简统设软体据业环灾击虫损坏当运输热线询节两万亿时钟"
)
FOLD = HALF | str.maketrans(
    _TRADITIONAL + "準裝障壹贰叁肆伍陆柒捌玖拾", _SIMPLIFIED + "准装障一二三四五六七八九十"
)


UNIT_TERMS: dict[str, tuple[type[Days] | type[Months] | type[Years], int]] = {
    "周": (Days, 7), "星期": (Days, 7), "月": (Months, 1), "季度": (Months, 3), "季": (Months, 3),
    "半年": (Months, 6), "年": (Years, 1), "天": (Days, 1), "日": (Days, 1),
}  # fmt: skip
