"""What a warranty excludes: "下列情形不属于保修范围:A.人为损坏…", "因病毒、不可抗力造成的故障除外".

An exclusion is said by a statement (`_EXCLUDED`: 不在/不属于…保修范围, 不予保修, 除外, 不包括,
收取…费用, 非人为因素) over its sentence — and over the list it opens with a colon, item by item
("A.…", "1、…", "(1)…"). The causes it names are read by vocabulary into the cause codes of
`servicelevel.warranty.CAUSES` (人为损坏 → misuse, 自行拆卸 → unauthorised_repair, 病毒 → virus,
不可抗力 → force_majeure…); causes the model has no code for get one of `EXTRA_CAUSES`
(非原厂配件 → non_original_parts), and consumables (消耗品, 易损件) are kept as the letter's words.
The statement must speak of repairs (保修, 维修, 损坏, 免费…): "运行率至少99%(不可抗力因素除外)" excludes
from an uptime, not from a warranty. The exclusions go to the warranties stated around it.
"""

from __future__ import annotations

import bisect
import re

import attrs

from servicelevel.letters._promise import Unclear
from servicelevel.letters._text import Found
from servicelevel.letters._vocab import FOLD, WARRANTY

__all__ = ["CONSUMABLE", "EXTRA_CAUSES", "exclusions"]

# Codes of servicelevel.warranty.CAUSES, and the words letters say them in (folded: simplified).
_CAUSE_WORDS: tuple[tuple[str, str], ...] = (
    (
        "misuse",
        r"人为|使用不当|操作不当|不当使用|误操作|操作失误|错误使用|不正确使用|非正常使用|违规操作|滥用|物理损坏",
    ),
    (
        "environment",
        r"(?:工作|使用|运行|安装)环境|环境(?:原因|因素|不符|不良|恶劣)|供电不稳|电压不稳|电压异常|不合适的电压|电网波动|温度过高|过于潮湿",
    ),
    (
        "unauthorised_repair",
        r"(?:自行|擅自|私自|非授权|未经授权|未经许可)(?:的)?(?:拆卸|拆机|拆修|拆开|维修|修理|改装|改动)"
        r"|非本(?:公司|司|厂)授权|(?:修理|更改|添加)[^。;]{0,6}?拆卸",
    ),
    ("self_made_software", r"自行编制的软件|自编软件|盗版|非合法授权(?:的)?软件|非正版软件"),
    ("virus", r"病毒"),
    ("moved_while_running", r"带电搬动|带电移动"),
    ("hot_plug", r"带电插拔|热插拔|不正确插拔"),
    ("fire", r"火灾"),
    ("flood", r"水灾|洪水|水淹"),
    ("lightning", r"雷击|雷电"),
    ("earthquake", r"地震"),
    ("force_majeure", r"不可抗力|自然灾害|天灾"),
    ("transport", r"运输|搬运"),
    ("rodents", r"鼠害|鼠咬"),
    ("liquid", r"进液|进水|液体|浸水|泼溅"),
    ("non_original_parts", r"非原厂|非原装|非本(?:公司|司)提供的(?:配件|部件|备件)"),
)
_CAUSES = re.compile("|".join(f"(?P<{code}>{words})" for code, words in _CAUSE_WORDS))
# Causes the warranty model has no code for: (code, en, zh), declared in the draft's warranty.
EXTRA_CAUSES: dict[str, tuple[str, str]] = {
    "non_original_parts": ("parts not supplied by the original maker", "非原厂配件"),
}
# Consumables a warranty never covers: kept as the letter's words (the warranty's consumables).
CONSUMABLE = re.compile(r"消耗品|耗材|易耗品|易损件|易损品|消耗性(?:部件|材料|配件)")
_EXCLUDED = re.compile(
    r"不(?:在|属于?|列入|纳入|适用)[^。;:]{0,10}?(?:保修|质保|保固|免费|维修|三包)[^。;:]{0,6}?范围"
    r"|不予(?:免费)?(?:保修|维修|质保)|不(?:享受|提供)(?:免费)?(?:保修|质保|维修)|除外|不包括|不含"
    r"|(?:另行|须|需)收取[^。;]{0,8}?费|有偿(?:维修|服务)|非人为"
)
_REPAIR = re.compile(WARRANTY.pattern + r"|维修|修理|损坏|免费")  # what a warranty's exclusion speaks of
_END = re.compile(r"[。!?\n]")
_ITEM = re.compile(
    r"\s*(?:[A-Za-z][.、)]|\d{1,2}[.、)]|[((]\d{1,2}[))]|[①-⑳]|[一二三四五六七八九十]{1,2}、|[●·◆■▪•★])"
)
_SENTENCE = 240  # the longest sentence or item read for causes
_ITEMS = 15  # the most items of a list a statement opens
_BEFORE, _AFTER = 3000, 2000  # how far from a statement the warranties it speaks of stand


def _region(folded: str, at: int) -> tuple[int, int]:
    """The statement's sentence, and the list it opens with a colon (item by item)."""
    start = at
    while start > max(0, at - _SENTENCE) and not _END.match(folded, start - 1):
        start -= 1
    stop = _END.search(folded, at, min(len(folded), at + _SENTENCE))
    end = stop.start() if stop else min(len(folded), at + _SENTENCE)
    colon = folded.find(":", at, end)
    if colon < 0 or (folded[colon + 1 : end].strip() and not _ITEM.match(folded, colon + 1)):
        return start, end
    end = colon + 1
    for _ in range(_ITEMS):  # the list: items on the lines (or sentences) after the colon
        k = end
        while k < len(folded) and folded[k] in " \t\r\n\u3000。":
            k += 1
        if not _ITEM.match(folded, k):
            break
        stop = _END.search(folded, k + 1, min(len(folded), k + _SENTENCE))
        end = stop.start() if stop else min(len(folded), k + _SENTENCE)
    return start, end


def exclusions(text: str, found: Found) -> None:
    """Each exclusion statement's causes, added to the warranties around it (see the module docstring).

    Examples:
        >>> from servicelevel.letters._read import read_all
        >>> f = read_all("整机免费保修一年。下列情况不属于保修范围:\\n1.人为损坏;\\n2.自行拆卸;\\n"
        ...              "3.病毒、雷击等不可抗力;\\n4.使用非原厂配件。\\n5.消耗品。")
        >>> f.promises[0].exclusions  # doctest: +NORMALIZE_WHITESPACE
        ('misuse', 'unauthorised_repair', 'virus', 'lightning', 'force_majeure', 'non_original_parts',
         '消耗品')
    """
    at = [i for i, p in enumerate(found.promises) if p.kind == "warranty"]
    where = [found.promises[i].span[0] for i in at]
    folded = text.translate(FOLD)
    done = 0
    for m in _EXCLUDED.finditer(folded):
        if m.start() < done:
            continue  # inside the list of a statement already read
        start, end = _region(folded, m.start())
        done = end
        if not _REPAIR.search(folded, start, end):
            continue  # "运行率至少99%(不可抗力因素除外)": an exclusion from another promise
        codes = [c.lastgroup for c in _CAUSES.finditer(folded, start, end) if c.lastgroup]
        words = [text[c.start() : c.end()] for c in CONSUMABLE.finditer(folded, start, end)]
        said = tuple(dict.fromkeys([*codes, *words]))
        if not said:
            continue
        lo, hi = bisect.bisect_left(where, start - _BEFORE), bisect.bisect_right(where, end + _AFTER)
        if lo == hi:
            if WARRANTY.search(folded, start, end):
                a = start + len(text[start:end]) - len(text[start:end].lstrip())
                b = a + len(text[a:end].rstrip())
                why = "exclusions from a warranty the letter states nowhere near: " + ", ".join(said)
                found.unclear.append(Unclear(quote=text[a:b], span=(a, b), reason=why))
            continue
        for j in range(lo, hi):
            p = found.promises[at[j]]
            found.promises[at[j]] = attrs.evolve(p, exclusions=tuple(dict.fromkeys((*p.exclusions, *said))))
