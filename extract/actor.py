"""Units named as actors in running text (bulletins, narrative): who acts, is urged, receives.

Only names that start from a level or a place (市…, 区…, 县…, 省…, 中共…, 盘州市…) and end in
an organisation word are taken, outside 《》 titles; persons' affiliations followed by a post
(市政府秘书长) are not units.

>>> from govkg.extract.records import Document
>>> doc = Document("p", "p.txt", "0" * 64, "", "六盘水市", ("钟山区政府召开专题会议，市环保局参加。", "市政府秘书长罗某出席。"))
>>> [(a.unit.name, a.evidence.line) for a in find_actors(doc, skip=set())]
[('钟山区人民政府', 1), ('市环境保护局', 1)]

What is done with a name is no part of its place:

>>> doc = Document("p", "p.txt", "0" * 64, "", "阳江市", ("资料报至市创模办，并报省环境保护厅。",))
>>> [a.unit.name for a in find_actors(doc, skip=set())]
['市创模办', '省环境保护厅']
"""

from __future__ import annotations

import re

from .evidence import locate
from .records import Actor, Document
from .text import fold
from .unit import UNIT_SUFFIX, is_collective, looks_like_unit, split_unit_text, unit_ref

__all__ = ["find_actors"]

_NAME = re.compile(
    r"(?:中共)?(?P<place>[\u4e00-\u9fff]{2,4}(?:省|自治区|市|特区|区|县)|省|市|区|县)"
    r"(?:[\u4e00-\u9fff]{0,12}?)" + UNIT_SUFFIX
)
#: Words that are no part of a place name, before the level of a name: what is done with it.
_DONE_WITH = re.compile(r".*(?:报至|上报|报送|报|由|纳入|成立|迎接|委托|完成|组成|日前|结果|材料|资料|报告|成员|并)")
_POST = re.compile(r"^(?:副?(?:秘书长|主任|局长|书记|市长|区长|县长|主席|处长|科长|部长|厅长|同志|领导|负责同志)|网站|网|官网)")
_BAD = re.compile(r"[的和与及在对将把被从向此该据经请称]")  # 称: (下简称市创模办) names no unit
#: A suffix that is really the start of a longer word: 部署, 部门, 局长, 办法 …
_WORD_GOES_ON = re.compile(r"^(?:门|署|长|员|法|理|分|务|属|内|外|级|际)")
_RECIPIENT = re.compile(r"^(?:报|送|抄送|抄报|发)[：:]")


def find_actors(document: Document, *, skip: set[int]) -> list[Actor]:
    """Units named in lines not in ``skip`` (1-based line numbers already read as tasks)."""
    out: list[Actor] = []
    for number, line in enumerate(document.lines, 1):
        if number in skip or not line.strip():
            continue
        folded = fold(line)
        recipient = _RECIPIENT.match(folded.strip())
        if recipient:
            # a distribution list: every unit-like item after 报：/送：
            base = len(folded) - len(folded.lstrip()) + recipient.end()
            for surface, start, _ in split_unit_text(line[base:]):
                name = surface.strip().rstrip("。")
                if (looks_like_unit(name) or is_collective(name)) and not re.search(r"同志|领导|常委|副", name):
                    ref = unit_ref(name, jurisdiction=document.jurisdiction)
                    out.append(Actor(unit=ref, evidence=locate(document, number, name, start=base + start), role="recipient"))
            continue
        role = "actor"
        titles = [(m.start(), m.end()) for m in re.finditer(r"《[^》]*》", folded)]
        for m in _NAME.finditer(folded):
            if any(s <= m.start() < e for s, e in titles):
                continue
            name, start = m.group(0), m.start()
            lead = _DONE_WITH.search(name[:m.end("place") - m.start()] if m.group("place") else "")
            if lead:
                # the words before the level are no place (并报省环保厅, 资料报至市创模办): the
                # name starts at its level
                start += lead.end()
                name = folded[start:m.end()]
                if not re.match(r"(?:省|自治区|市|特区|区|县)", name):
                    continue
            if _BAD.search(name) or _POST.match(folded[m.end():]) or _WORD_GOES_ON.match(folded[m.end():]):
                continue
            ref = unit_ref(line[start:m.end()], jurisdiction=document.jurisdiction)
            out.append(Actor(unit=ref, evidence=locate(document, number, ref.surface, start=start), role=role))
    return out
