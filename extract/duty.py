"""Duty sentences: a unit first, then its role word, then what it must do.

Notices, duty lists and Q&A pages assign work as sentences that start with the unit:
``区住建局负责全区…``, ``发展和改革部门负责将…``, ``市安全监管局牵头，负责组织…``,
``区城管局负责，工商局、区商务局配合，取缔…``, ``由区工商分局牵头组织…``. Each such sentence
is one task: its units in their roles, and the text after the role clauses as the task.

>>> d = find_duties("市发改委负责提出全市节能规划；市经贸委负责全市工业节能；")
>>> [[(c.role, c.units) for c in x.clauses] for x in d], [x.task for x in d]
([[('responsible', '市发改委')], [('responsible', '市经贸委')]], ['负责提出全市节能规划；', '负责全市工业节能；'])
>>> d = find_duties("区城管局负责,工商局、区商务局配合,取缔各类农贸市场占道经营现象。")
>>> [(c.role, c.units) for c in d[0].clauses], d[0].task
([('responsible', '区城管局'), ('cooperating', '工商局、区商务局')], '取缔各类农贸市场占道经营现象。')
>>> [x.task for x in find_duties("市安全监管局牵头,负责组织开展对危险化学品领域的专项整治工作。")]
['负责组织开展对危险化学品领域的专项整治工作。']
>>> find_duties("市环保局负责同志介绍了情况。"), find_duties("配合制定全市方案。")
([], [])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import NUMBERING, fold
from .unit import all_units, split_unit_text

__all__ = ["Clause", "Duty", "find_duties", "ROLE_OF_VERB", "distributed_units"]

#: Role words that can follow a unit at the start of a duty sentence.
ROLE_OF_VERB = {
    "牵头负责": "lead", "牵头": "lead", "主责": "responsible", "负总责": "responsible", "总负责": "responsible",
    "负责": "responsible", "具体负责": "responsible", "配合": "cooperating", "协助": "cooperating",
    "参与": "cooperating", "协同": "cooperating",
}
_VERB = re.compile("|".join(sorted(map(re.escape, ROLE_OF_VERB), key=len, reverse=True)))
#: What may stand between the units and the role word: 要, 按职责分工, 要结合实际, 会同X …
_BETWEEN = re.compile(
    r"""^(?:
        等(?:有关|相关|其他)?(?:部门|单位)?|
        要|应当?|须|需|也要|还要|将|均|都|分别|共同|各自|具体|统一|主要|全面|切实|依法|
        按照?(?:各自)?职责(?:分工)?|依职责|
        要?(?:结合|根据|按照)[^，,。；;]{1,14}?|
        严格落实[^，,。；;]{1,14}[，,]|
        对[^，,。；;、]{2,24}?    # X对全市节能工作总负责: what X answers for, part of the task
    )*$""",
    re.VERBOSE,
)
#: After the role word, a word that makes it a noun (负责人, 负责同志) or another sense.
_NOT_A_ROLE = re.compile(r"^(?:人(?!民)|同志|制|任|的|范围|领域|区域|事项|工作的|者)")
_LEAD_IN = re.compile(
    r"^(?:\s|[-—●·•▲◆■★☆>]|其中[，,]?|同时[，,]?|另外[，,]?|此外[，,]?|具体(?:为|是)?[：:，,]?|即[：:]?|由|请|并由|均由"
    r"|[^，,。；;：:]{0,24}?(?:介绍|表示|指出|强调|明确|要求)[，,：:]"
    r"|为(?:了|确保|顺利|进一步|做好|推进|加快|全面)[^，,。；;：:]{2,40}[，,]"
    r"|在[^，,。；;：:]{1,16}(?:领导|指导|统筹|部署)下[，,])+"  # 在市政府的领导下，  # 为顺利完成…任务，: a purpose first
)
_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")


@dataclass(frozen=True)
class Clause:
    """Units in one role: ``units`` is the text of the list at ``[start, end)``."""

    role: str
    units: str
    start: int
    end: int
    word: str


@dataclass(frozen=True)
class Duty:
    """A duty sentence: its role clauses and the task text at ``[task_start, task_end)``."""

    clauses: tuple[Clause, ...]
    task_start: int
    task_end: int
    task: str


def distributed_units(text: str) -> bool:
    """Department stems sharing the last item's 部门 (``商务、供销、市场监管部门``).

    >>> distributed_units("商务、供销、市场监管部门"), distributed_units("加强管理、严格执法部门")
    (True, False)
    """
    parts = [p for p, _, _ in split_unit_text(text)]
    return (
        len(parts) >= 2 and re.search(r"(?:部门|单位|机构)$", parts[-1]) is not None
        and all(2 <= len(p) <= 6 and not re.search(r"[的了和与及在对把将为做加强推进开展]", p) for p in parts[:-1])
    )


def _units_ok(text: str) -> bool:
    t = text.strip()
    if len(t) < 2 or re.search(r"(?:牵头|责任|配合|协办|参与)单位|^各$", t):
        return False  # 各牵头单位要…: the roles in general, not a unit
    return len(t) <= 120 and (all_units(t) or distributed_units(t))


#: Verbs that follow a unit in a duty list whose other entries say 负责 (区城管局指导…,
#: 区市场监管局按职责分工做好…): in such a list the unit holds the duty.
_TASK_VERB = re.compile(r"指导|做好|组织|开展|督促|监督|落实|加强|推进|抓好|统筹|协调|实施|承担|主管|管理|制定")


def _clause_at(text: str, start: int, end: int, loose: bool = False) -> tuple[Clause, int] | None:
    """A role clause that starts at ``start``: units, what stands between, the role word
    (``loose``: or a task verb, the unit then being responsible; the clause ends at the units)."""
    window = text[start:min(end, start + 140)]
    if loose:
        for m in _TASK_VERB.finditer(window):
            head = window[: m.start()]
            for cut in range(len(head), 0, -1):
                units, between = head[:cut], head[cut:]
                if _BETWEEN.match(between) and _units_ok(units) and not re.search(r"[，,。；;：:]", units):
                    clause = Clause("responsible", units.strip(), start, start + len(units.rstrip()), "")
                    return clause, start + len(units.rstrip())
            return None
    for m in _VERB.finditer(window):
        head = window[: m.start()]
        if not head.strip():
            return None
        if _NOT_A_ROLE.match(window[m.end():]):
            continue
        for cut in range(len(head), 0, -1):
            units, between = head[:cut], head[cut:]
            if _BETWEEN.match(between) and _units_ok(units):
                clause = Clause(ROLE_OF_VERB[m.group()], units.strip(), start, start + len(units.rstrip()), m.group())
                return clause, start + m.end()
        if re.search(r"[，,。；;：:]", head):
            return None  # the sentence does not start with units
    return None


def _duty(text: str, start: int, end: int, loose: bool = False) -> Duty | None:
    lead = _LEAD_IN.match(text, start) or NUMBERING.match(text, start)
    pos = start
    while True:  # numbering, bullets and lead-ins in any order
        m = NUMBERING.match(text[pos:end]) or _LEAD_IN.match(text[pos:end])
        if not m or not m.group():
            break
        pos += m.end()
    del lead
    found = _clause_at(text, pos, end)
    if found is None and loose:
        unit = _clause_at(text, pos, end, loose=True)
        if unit is None:
            return None
        task_start = unit[1]
        while task_start < end and text[task_start] in "，,、：: ":
            task_start += 1
        return Duty((unit[0],), task_start, end, text[task_start:end])
    if found is None:
        return None
    clauses = [found[0]]
    after = found[1]
    task_start = after - len(found[0].word)
    # further clauses: ，工商局、区商务局配合，…
    while after < end and text[after] in "，,、 ":
        nxt = _clause_at(text, after + 1, end)
        if nxt is None:
            break
        clauses.append(nxt[0])
        after = nxt[1]
    if len(clauses) == 1 and re.match(r"\s*对", text[clauses[0].end:after]):
        task_start = clauses[0].end  # 对…负责: the task is what the unit answers for
    elif len(clauses) > 1 or clauses[-1].role != "responsible":
        task_start = after  # the role words stand apart; the task follows them
    while task_start < end and text[task_start] in "，,、：: ":
        task_start += 1
    if len(clauses) == 1 and clauses[0].role == "lead" and task_start < end and text[task_start - 1] not in "，,":
        task_start = after - len(clauses[0].word)  # 由X牵头组织…: the task keeps its verb
    return Duty(tuple(clauses), task_start, end, text[task_start:end])


def find_duties(text: str, *, loose: bool = False) -> list[Duty]:
    """Every duty sentence in ``text`` (a paragraph or an item), in order. ``loose``: also a
    unit followed by a task verb, in a duty list whose other entries use role words.

    >>> [(x.clauses[0].units, x.task) for x in find_duties("区城管局指导互联网租赁自行车停放管理。", loose=True)]
    [('区城管局', '指导互联网租赁自行车停放管理。')]
    >>> find_duties("区城管局指导互联网租赁自行车停放管理。")
    []
    """
    folded = fold(text)
    out = []
    for m in _SENTENCE.finditer(folded):
        duty = _duty(folded, m.start(), m.end(), loose=loose)
        if duty is not None:
            out.append(duty)
    return out
