"""Measurable targets in task text: ≥85%, ≤60dB(A), 达到国家二级标准.

>>> [(t.indicator, t.comparator, t.value, t.unit) for t in find_targets("确保生活垃圾无害化处理率≥85%。")]
[('生活垃圾无害化处理率', '≥', '85', '%')]
>>> [(t.comparator, t.value, t.unit) for t in find_targets("区域环境噪声平均值≤60dB(A)")]
[('≤', '60', 'dB(A)')]
>>> [(t.indicator, t.comparator, t.value) for t in find_targets("城区空气质量达到国家二级标准")]
[('城区空气质量', '达到', '国家二级标准')]
"""

from __future__ import annotations

import re

from .records import Target
from .text import fold

__all__ = ["find_targets"]

_CMP = {"≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", ">": ">", "<": "<", "=": "=", "达到": "≥", "不低于": "≥", "不少于": "≥", "以上": "≥", "不高于": "≤", "不超过": "≤", "低于": "<", "以下": "≤"}
_NUM = re.compile(
    r"([\u4e00-\u9fffA-Za-z0-9.（）()]{2,24}?)\s*(?:\$\\?)?\s*(≥|>=|≤|<=|达到|不低于|不少于|不高于|不超过|低于|>|<)\s*(?:\\)?\s*"
    r"([0-9]+(?:\.[0-9]+)?)\s*(?:\\?%|％|(dB\s*[（(]A[)）]|dB|mg/L|mg/m3|μg/m3|m2|平方米|万吨|吨|天|个|家|辆|座|台|公里|米))?"
)
_STANDARD = re.compile(r"([\u4e00-\u9fff]{2,20}?)(?:均|全部)?达到(国家|省)?([一二三四五]级|[ⅠⅡⅢⅣⅤIV]+类)(?:标准)?")


_ANY = re.compile(r"≥|>=|≤|<=|达到|不低于|不少于|不高于|不超过|低于|>|<")


def find_targets(text: str) -> list[Target]:
    """Targets stated in ``text``."""
    t = fold(text)
    out = []
    if not _ANY.search(t):
        return out
    for m in _NUM.finditer(t):
        indicator = re.sub(r"^(?:确保|保证|实现|使|力争|全市|城市|到20\d\d年|年底前?)+", "", m.group(1)).strip("，。、（( ")
        unit = "%" if "%" in m.group(0) or "％" in m.group(0) else (m.group(4) or "").replace(" ", "").replace("（", "(").replace("）", ")")
        out.append(Target(text=m.group(0).strip(), indicator=indicator, comparator=_CMP[m.group(2)], value=m.group(3), unit=unit))
    for m in _STANDARD.finditer(t):
        value = (m.group(2) or "") + m.group(3) + ("标准" if "标准" in m.group(0) else "")
        out.append(Target(text=m.group(0), indicator=m.group(1), comparator="达到", value=value, unit=""))
    return out
