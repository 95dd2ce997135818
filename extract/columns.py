"""Column words: recognising a table header however it is printed, and what each column holds.

A header word is a short run of header morphemes: modifiers (工作, 主要, 细化, 完成 …) before a
head (任务, 措施, 内容, 单位, 时限 …), possibly two such words joined by 及/和/或
(``工作内容及要求``, ``责任单位或牵头单位``). Words come spaced by PDF text (``完成 期限``,
``协助 单位``) or glued together by a flattened table (``序号工作内容目标任务责任单位备注``); both
are read back into words.

>>> is_header_word("责任单位 或牵头单位"), is_header_word("协助 单位"), is_header_word("市环保局")
(True, True, False)
>>> split_header_words("序号工作内容目标任务责任单位备注")
['序号', '工作内容', '目标任务', '责任单位', '备注']
>>> column_kinds(["序号", "试点任务", "细化措施", "工作绩效目标", "责任单位", "配合单位", "完成时限"])
['number', 'parent', 'task', 'detail', 'responsible', 'cooperating', 'deadline']
>>> column_kinds(["序号", "责任单位", "任务目标", "完成时间", "分管领导", "责任人"])
['number', 'responsible', 'task', 'deadline', 'person', 'person']
"""

from __future__ import annotations

import re
from functools import lru_cache

from .role import role_of_label
from .text import fold

__all__ = [
    "is_header_word",
    "split_header_words",
    "column_kind",
    "column_kinds",
    "ROLE_KINDS",
    "TEXT_KINDS",
]

#: Column kinds that assign units.
ROLE_KINDS = ("lead", "responsible", "cooperating", "mixed")
#: Column kinds that hold task text.
TEXT_KINDS = ("parent", "task", "detail")

_MOD = (
    "工作|主要|重点|具体|细化|试点|年度|阶段|考核|创建|创模|创卫|目标|任务|完成|计划|预期|牵头|责任|配合|协助|"
    "协办|参与|参加|主办|承办|督办|分管|联系|推进|进展|落实|办理|绩效|实施|时间|指标|评分|评价|整改|问题|"
    "市级|县级|区级|省级|区政府|市政府|县政府|省政府|包保|主责|分解|细化分解|涉及|全年|年度|目前|当前|存在|下一步|协同|负责|职责|项目|进度|县|市|区|省"
)
_HEAD = (
    "任务|措施|内容|目标|要求|指标|标准|职责|举措|事项|项目|类别|名称|时限|期限|时间|节点|单位|部门|处室|科室|"
    "领导|市领导|县领导|区领导|负责人|责任人|联系人|人|情况|序号|编号|备注|说明|分工|安排|进度|成效|主体|领域|"
    "工作|清单|方式|分值|依据|对象|地点|成果|形式|办法|步骤|环节|问题|评价"
)
_CONN = "及|和|与|或|、|/|暨"
#: One header word: modifiers then a head, optionally joined to a second such word.
_WORD = rf"(?:(?:{_MOD}){{0,3}}(?:{_HEAD}))(?:(?:{_CONN})(?:(?:{_MOD}){{0,3}}(?:{_HEAD}))){{0,2}}"
_SPECIAL = (
    r"序|序号|编号|[一二三四]季度|(?:19|20)\d\d年度?|(?:[0-9]{1,2}|[一二三四五六七八九十]{1,2})月(?:份)?|上半年|下半年|"
    r"是否(?:达标|达序|完成|达到)|[\u4e00-\u9fff]{2,10}?(?:标准或要求|标准)"
)
_HEADER_WORD = re.compile(rf"^(?:{_WORD}|{_SPECIAL})$")
_GLUED_WORD = re.compile(rf"{_WORD}|序号|编号|[一二三四]季度|备注|说明")

_PERSON = re.compile(r"领导|负责人|责任人|联系人|^人$|包保")
_NUMBER = re.compile(r"^(?:序|序号|编号)$")
_DEADLINE = re.compile(r"时限|期限|时间|节点|进度|安排|步骤|季度|^(?:19|20)\d\d年|月份?$|^[上下]半年$")
_PROGRESS = re.compile(r"情况|是否|备注|说明|分值|评分|依据|成效|成果|佐证|形式|方式|问题|完成进度|评价")
_DETAIL = re.compile(r"具体内容|考核要求|工作要求|具体要求|^要求$")
_GOAL = re.compile(r"目标|指标|标准|绩效|要求")
_ACTION = re.compile(r"内容|措施|举措|职责|事项")
_TASKISH = re.compile(r"任务|工作|内容|措施|举措|职责|事项|分工")


def _squash(text: str) -> str:
    """A header word without spaces, bracketed units (``完成进度（%）``) and leading periods
    (``1-11月推进情况``)."""
    t = re.sub(r"\s+", "", fold(text)).strip("|｜│")
    t = re.sub(r"（[^（）]{1,6}）$", "", t)
    return re.sub(r"^[0-9]{1,2}\s*[-—~至]\s*[0-9]{1,2}月(?=.)", "", t)


@lru_cache(maxsize=4096)
def is_header_word(text: str) -> bool:
    """Whether ``text`` (spaces ignored) names a table column."""
    t = _squash(text)
    return 1 < len(t) <= 20 and bool(_HEADER_WORD.match(t))


def split_header_words(text: str) -> list[str] | None:
    """A run of header words printed with nothing between them, split into words, or ``None``.

    Each word is a full header word; among the ways to split, the one with the fewest words
    wins (``工作内容目标任务`` is two columns, not four).
    """
    t = _squash(text)
    n = len(t)
    best: list[tuple[float, list[str]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 2, min(n, i + 16) + 1):
            piece = t[i:j]
            if is_header_word(piece) and _GLUED_WORD.fullmatch(piece):
                # a word costs one, and long words a little more: 目标任务责任单位 is two words
                cost = best[i][0] + 1 + max(0, len(piece) - 5) * 0.4
                if best[j] is None or cost < best[j][0]:
                    best[j] = (cost, best[i][1] + [piece])
    return best[n][1] if best[n] is not None else None


def _text_class(word: str) -> str:
    """``action`` (measures, content, duties, tasks), ``goal`` (targets, standards), or ``other``
    (categories and projects: 类别, 项目名称, 项目内容)."""
    if re.match(r"^(?:项目|类别|领域|分类)", word):
        return "other"
    if _GOAL.search(word) and not _ACTION.search(word):
        return "goal"
    if _TASKISH.search(word):
        return "action"
    return "other"


def column_kind(word: str) -> str:
    """The kind of one column on its own: number, person, progress, deadline, a role, detail or text.

    >>> [column_kind(w) for w in ("序号", "责任领导", "推进情况", "完成 期限", "协助 单位", "考核要求", "工作任务")]
    ['number', 'person', 'progress', 'deadline', 'cooperating', 'detail', 'text']
    """
    h = _squash(word)
    if _NUMBER.match(h):
        return "number"
    if _PERSON.search(h):
        return "person"
    role = role_of_label(h)
    if role:
        return role
    if h in ("单位", "部门", "处室", "科室", "责任处室", "主体"):
        return "responsible"
    if _PROGRESS.search(h):
        return "progress"
    if _DEADLINE.search(h):
        return "deadline"
    if _DETAIL.search(h):
        return "detail"
    return "text"


def column_kinds(header: list[str] | tuple[str, ...]) -> list[str]:
    """The kind of each column of a header, with the text columns resolved.

    The task column is the rightmost column of actions (任务, 内容, 措施, 职责 …), else the
    rightmost column of goals (目标, 指标, 标准), else the rightmost text column. Text columns
    to its left are parent tasks; text columns to its right are details of the task. A table
    without a text column reads its detail column as the task.
    """
    kinds = [column_kind(h) for h in header]
    texts = [i for i, k in enumerate(kinds) if k == "text"]
    if not texts:
        details = [i for i, k in enumerate(kinds) if k == "detail"]
        texts = details[:1]
    if not texts:
        return kinds
    classes = {i: _text_class(_squash(header[i])) for i in texts}
    actions = [i for i in texts if classes[i] == "action"]
    goals = [i for i in texts if classes[i] == "goal"]
    task = (actions or goals or texts)[-1]
    # a project's name or content, then what to do about it (项目内容 | 工作要求): the requirements are the task
    details = [i for i, k in enumerate(kinds) if k == "detail" and i > task]
    if classes[task] == "other" and details:
        texts, task = texts + [details[0]], details[0]
    for i in texts:
        kinds[i] = "parent" if i < task else "detail"
    kinds[task] = "task"
    return kinds
