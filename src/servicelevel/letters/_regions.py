"""Regions a letter ties its promises to: "北京地区:", "北京、天津周边区域,", "有服务网点的城市".

A region list is read in one left-to-right pass over the region words (no pattern that
repeats a group and backtracks: "北京、" written ten thousand times is read in linear time).
A list stated once gives one region per place ("北京、天津周边区域" → 北京, 天津): a
contract's region table keys regions one by one. Names drop the generic area word
(地区, 区域, 周边, 范围, 片区) but keep 市 and 省.
"""

from __future__ import annotations

import re

__all__ = ["ELSEWHERE", "region_markers"]

_PROVINCES = (
    "北京|上海|天津|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|"
    "海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|内蒙|广西|西藏|宁夏|新疆|香港|澳门"
)
# Regions of China named as a group of provinces or a compass area.
_AREAS = "长三角|珠三角|京津冀|东三省|华东|华南|华北|华中|西南|西北|东北"
_SUFFIX = "周边区域|周边地区|周边|市区|市内|城区|地区|区域|片区|范围内|范围|自治区|省|市"
_REGION = re.compile(
    r"(?P<category>省会城市|地级市|县级市|县级|地市级|县城|乡镇|市区|城区|本地|本市"
    r"|(?:有|无|没有)(?:服务)?(?:网点|分支机构|办事处)的(?:城市|地区))"
    rf"|(?P<name>{_PROVINCES}|{_AREAS}|[\u4e00-\u9fff]{{2,3}}?)(?P<suffix>{_SUFFIX})"
    rf"|(?P<bare>{_PROVINCES}|{_AREAS})"
)
_SEPARATOR = frozenset("、和及与/")
# After the list: an area word, 的用户, a parenthesis saying what it includes, then a promise or a colon.
_TAIL = re.compile(r"(?:范围内|范围|以内|内)?的?(?:用户|客户)?(?:\([^()]{0,40}\))?")
_NEXT = re.compile(r"[::,在于]|[\d零〇一二两三四五六七八九十半]|客户|用户|承诺|我们|我公司|我方")
ELSEWHERE = re.compile(r"(?:其他|其它|其余)[\u4e00-\u9fff]{0,4}?(?:地区|城市|地市|区域)|外地|外埠|省外|市外")


def _name(m: re.Match[str], raw: str) -> str:
    """A region as written in ``raw``, without its area word but with 市 or 省: 北京地区 → 北京,
    北京市 → 北京市."""
    for group in ("category", "bare"):
        if m[group]:
            return raw[m.start(group) : m.end(group)]
    keep = m["suffix"] in ("市", "省")
    return raw[m.start("name") : m.end("suffix") if keep else m.end("name")]


def region_markers(compact: str, raw: str | None = None) -> list[tuple[int, tuple[str, ...]]]:
    """Where a sentence names the regions its next promises are for: (end, names); () for "elsewhere".

    A region counts when a promise or a colon follows it ("北京地区:", "北京市内2小时",
    "杭州市区客户…"), so "陕西北斗恒星科技" is no region. Names are taken from ``raw`` (the
    compact form before folding, so "有服務網點的城市" stays as written), else from ``compact``.

    Examples:
        >>> region_markers("北京、天津地区4小时内到场;其他省会城市:8小时")
        [(7, ('北京', '天津')), (20, ())]
        >>> region_markers("山西、东三省范围、华东片区范围内的用户(包括安徽)承诺8小时内到场")
        [(25, ('山西', '东三省', '华东'))]
    """
    raw = compact if raw is None else raw
    elsewhere = [(m.start(), m.end()) for m in ELSEWHERE.finditer(compact)]
    out: list[tuple[int, tuple[str, ...]]] = [(b, ()) for _, b in elsewhere]
    group: list[re.Match[str]] = []
    done = 0  # the end of the last list read: a list's parenthesis may name places of its own

    def close() -> None:
        nonlocal done
        if not group or group[0].start() < done:
            return
        tail = _TAIL.match(compact, group[-1].end())
        end = tail.end() if tail else group[-1].end()
        if not _NEXT.match(compact, end):
            return
        if any(a < end and group[0].start() < b for a, b in elsewhere):
            return  # "其他省会城市": elsewhere, not 省会城市
        out.append((end, tuple(dict.fromkeys(_name(m, raw) for m in group))))
        done = end

    for m in _REGION.finditer(compact):
        if group and m.start() == group[-1].end() + 1 and compact[m.start() - 1] in _SEPARATOR:
            group.append(m)
            continue
        close()
        group = [m]
    close()
    return sorted(out)
