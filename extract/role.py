"""Role clauses: which units a piece of text assigns, and in which role.

Documents print roles as labels (``牵头单位：X。责任单位：Y``), as verbs after the units
(``X牵头，Y参与，Z负责落实``; ``由X负责，Y配合``), even with every punctuation mark lost in PDF
extraction (``X牵头 Y配合 Z负责``). Each word maps onto lead, responsible or cooperating.

>>> [(r, s) for r, s, _, _, _ in parse_roles("牵头单位：市环境保护局。责任单位：市公安局、市交通运输局")]
[('lead', '市环境保护局'), ('responsible', '市公安局、市交通运输局')]
>>> [(r, s) for r, s, _, _, _ in parse_roles("市生态环境局牵头，市发展改革局、市工业和信息化局参与，各县（区）人民政府负责落实")]
[('lead', '市生态环境局'), ('cooperating', '市发展改革局、市工业和信息化局'), ('responsible', '各县（区）人民政府')]
>>> [(r, s) for r, s, _, _, _ in parse_roles("由市城管局负责，市公安局配合")]
[('responsible', '市城管局'), ('cooperating', '市公安局')]
"""

from __future__ import annotations

import re

from .text import fold
from .unit import PLACE_END, all_units

__all__ = ["parse_roles", "role_of_label", "LABEL_PATTERN", "ROLE_WORDS"]

#: Role words and the role each stands for, longest first where one contains another.
ROLE_WORDS: dict[str, str] = {
    "责任单位或牵头单位": "responsible",
    "牵头单位或责任单位": "responsible",
    "牵头单位": "lead",
    "主办单位": "lead",
    "牵头部门": "lead",
    "责任单位": "responsible",
    "责任部门": "responsible",
    "负责单位": "responsible",
    "责任主体": "responsible",
    "承办单位": "responsible",
    "实施单位": "responsible",
    "配合单位": "cooperating",
    "配合部门": "cooperating",
    "协助单位": "cooperating",
    "协办单位": "cooperating",
    "参与单位": "cooperating",
    "参加单位": "cooperating",
    "协作单位": "cooperating",
    "牵头": "lead",
    "主办": "lead",
    "责任": "responsible",
    "负责": "responsible",
    "配合": "cooperating",
    "协助": "cooperating",
    "协办": "cooperating",
    "参与": "cooperating",
}
_VERBS: dict[str, str] = {
    "牵头督导": "lead",
    "牵头负责": "lead",
    "牵头": "lead",
    "主办": "lead",
    "负责落实": "responsible",
    "负责实施": "responsible",
    "负责组织实施": "responsible",
    "共同负责": "responsible",
    "具体负责": "responsible",
    "负责": "responsible",
    "落实": "responsible",
    "配合": "cooperating",
    "配合协调": "cooperating",
    "协助": "cooperating",
    "参与": "cooperating",
    "协办": "cooperating",
}
_LABELS = "|".join(sorted(ROLE_WORDS, key=len, reverse=True))
#: A role label followed by a colon: 责任单位：
LABEL_PATTERN = re.compile(
    r"""(
        (?:主要|其他|具体|县级|市级|区级|省级)?
        (?:牵头|责任|主办|承办|主责|负责|配合|协作|协办|协同|参与|参加|协助|实施|落实)+
        (?:单位|部门|处室|科室|主体)
        (?:[或及和/](?:牵头|责任|主办|配合|协助|协办)+(?:单位|部门))?
      | (?:部门|任务|责任|工作|职责)分工
      | """ + _LABELS + r"""
    )\s*[：:]\s*""",
    re.VERBOSE,
)
#: A role verb, maybe with a PDF space inside (参 与), before the end of its clause.
_VERB_RE = re.compile(r"(" + "|".join(r" ?".join(verb) for verb in sorted(_VERBS, key=len, reverse=True))
                      + r")(?=[，,；;。、\s〕）)]|$|等)")
_LABEL_WORDS = re.compile(r"(?:单位|部门)$")
#: How a role is held, printed between the units and the role word: 按职责分工负责, 分别负责.
_MANNER = re.compile(r"""
    (?: 按照?(?:各自)?职责(?:分工)? | 依职责 | 依法 | 分别 | 共同 | 各自 | 具体 | 统一
      | (?:加强|积极|密切|全力|主动|大力|协调)   # X、Y加强配合, X积极配合, X协调配合
    )$""", re.VERBOSE)


def role_of_label(label: str) -> str | None:
    """The role a column header or label stands for, or ``None``.

    >>> role_of_label("责任单位 或牵头单位"), role_of_label("协助 单位"), role_of_label("完成时限")
    ('responsible', 'cooperating', None)
    """
    text = re.sub(r"\s+", "", fold(label))
    if text in ROLE_WORDS:
        return ROLE_WORDS[text]
    if text in ("责任分工", "分工", "任务分工", "工作分工"):
        return "mixed"
    if re.match(r"^牵头(?:责任)?(?:单位|部门)", text):
        return "lead"  # 牵头责任单位
    if re.match(r"^(?:涉及|负责|主责|承担|实施)(?:单位|部门)$|^责任主体", text):
        return "responsible"
    for word, role in sorted(ROLE_WORDS.items(), key=lambda kv: -len(kv[0])):
        if word in text:
            return role
    for word in ("牵头", "主办"):
        if text.startswith(word):
            return "lead"
    for word in ("配合", "协助", "协办", "参与"):
        if text.startswith(word):
            return "cooperating"
    if text.startswith(("责任", "负责")):
        return "responsible"
    return None


def _units_prefix(value: str) -> str:
    """The part of a label's value that lists units: all of it, or the comma-separated groups
    before a deadline or other text that follows them (``X、Y，6月底完成``), or the items
    before a name the excerpt cut off (``X、武功山风景名胜区管``)."""
    if all_units(value):
        return value
    groups = [m.end() for m in re.finditer(r"[，,]", value)]
    for cut in reversed(groups):
        head = value[:cut - 1].rstrip()
        if head and all_units(head):
            return head
    items = [m.start() for m in re.finditer(r"[、]", value)]
    for cut in reversed(items):
        head = value[:cut]
        if head and all_units(head) and len(value) - cut <= 16:
            return head
    return ""


def _labelled(text: str) -> list[tuple[str, str, int, int, str]]:
    marks = list(LABEL_PATTERN.finditer(text))
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        start = m.end()
        value = text[start:end]
        value = re.split(r"[。；;]", value, maxsplit=1)[0]
        value = value.rstrip("，, \t")
        role = ROLE_WORDS.get(m.group(1)) or role_of_label(m.group(1))
        if role == "mixed" or (role is None and m.group(1).endswith("分工")):
            # 部门分工：X牵头，Y配合
            out.extend((r, u, start + s, start + e, w) for r, u, s, e, w in _verbal(text[start:end]))
        elif value and role:
            value = _units_prefix(value)
            if value:
                out.append((role, value, start, start + len(value), m.group(1)))
    return out


def _last_boundary(chunk: str) -> int:
    """Index of the last clause boundary outside brackets (an unclosed bracket counts)."""
    cut, opened = -1, []
    for i, ch in enumerate(chunk):
        if ch in "（(":
            opened.append(i)
        elif ch in "）)":
            if opened:
                opened.pop()
        elif ch in "，,；;。〔：:" and not opened:
            cut = i
    return max([cut, *opened])


def _verbal(text: str) -> list[tuple[str, str, int, int, str]]:
    out = []
    pos = 0
    for m in _VERB_RE.finditer(text):
        chunk_start = pos
        chunk = text[chunk_start : m.start()]
        # the units stand between the previous clause and this verb
        cut = _last_boundary(chunk)
        if cut >= 0:
            chunk_start += cut + 1
            chunk = text[chunk_start : m.start()]
            # a list of units may itself be cut by commas (A、B,C、D,E配合): take back the
            # comma-separated pieces before it that are units only
            while chunk_start - 1 > pos and text[chunk_start - 1] in "，," and all_units(chunk.strip().removesuffix("等") or "-"):
                before = text[pos : chunk_start - 1]
                back = _last_boundary(before)
                piece = before[back + 1 :].strip()
                if not piece or not all_units(piece):
                    break
                chunk_start = pos + back + 1
                chunk = text[chunk_start : m.start()]
        # the units follow 由 (由X负责; 以下任务均由X负责落实): the first 由 after which only units stand
        for lead_in in re.finditer(r"(?:^\s*请|均由|全部由|统一由|并由|由)", chunk):
            rest = chunk[lead_in.end():].strip().removesuffix("等")
            if rest and all_units(rest):
                chunk_start += lead_in.end()
                chunk = text[chunk_start : m.start()]
                break
        stripped = _MANNER.sub("", chunk.strip())
        if stripped and stripped.endswith("等"):
            stripped = stripped[:-1]
        if stripped and not all_units(stripped):
            # without punctuation the units are the tail of the chunk after some space
            # (not after a place: 各地级以上市 人民政府 is one name broken by a PDF space)
            tails = [stripped[i + 1 :] for i, ch in enumerate(stripped)
                     if ch in " \t" and not PLACE_END.search(stripped[:i])]
            stripped = next((t.strip() for t in tails if t.strip() and all_units(t.strip())), stripped)
        verb = m.group(1).replace(" ", "")
        offset = chunk_start + chunk.find(stripped) if stripped else 0
        together = re.search(r"会同|联合|协同", stripped) if stripped else None
        if together and all_units(stripped[: together.start()]) and all_units(stripped[together.end():]):
            # 由X会同Y负责: X holds the role, Y cooperates
            left, right = stripped[: together.start()], stripped[together.end():]
            out.append((_VERBS[verb], left, offset, offset + len(left), verb))
            out.append(("cooperating", right, offset + together.end(), offset + len(stripped), together.group()))
        elif stripped and all_units(stripped):
            out.append((_VERBS[verb], stripped, offset, offset + len(stripped), verb))
        pos = m.end()
    return out


_TOGETHER = re.compile(r"由(?P<main>[^，,。；;由]{2,60}?)会同(?P<with>[^，,。；;]{2,80}?)(?=研究|提出|制定|组织|推进|开展|落实|负责|抓好|做好|共同|按职责|[，,。；;]|$)")


def _together(text: str) -> list[tuple[str, str, int, int, str]]:
    """由X会同Y…: X holds the task, Y cooperates, whatever the verb after them."""
    out = []
    for m in _TOGETHER.finditer(text):
        main, other = m.group("main"), _MANNER.sub("", m.group("with"))
        if all_units(main) and all_units(other):
            out.append(("responsible", main, m.start("main"), m.end("main"), "由"))
            out.append(("cooperating", other, m.start("with"), m.start("with") + len(other), "会同"))
    return out


def parse_roles(text: str) -> list[tuple[str, str, int, int, str]]:
    """Role clauses in ``text`` as ``(role, units text, start, end, role word)``.

    Only clauses whose unit part consists entirely of organisation names count, so a verb used
    inside a task (配合制定…, 负责做好…) assigns nothing.
    """
    folded = fold(text)
    if LABEL_PATTERN.search(folded):
        return _labelled(folded)
    return _verbal(folded) or _together(folded)
