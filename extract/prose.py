"""Tasks in running text: numbered items with role brackets, role sentences and role lines,
unit-keyed duty lists, and clauses that hand the following tasks to some units.

>>> from govkg.extract.records import Document
>>> lines = ("（一）加强大气污染防治", "1. 整治扬尘。〔牵头单位：市住建局。责任单位：市城管局〕",
...          "2. 整治油烟（市城管局牵头，市市场监管局等参与）")
>>> doc = Document("p", "p.txt", "0" * 64, "", "遵义市", lines)
>>> [(t.text, [(a.role, a.unit.name) for a in t.assignments]) for t in prose_tasks(doc, set(), prefix="p")]
[('加强大气污染防治', []), ('整治扬尘。', [('lead', '市住房和城乡建设局'), ('responsible', '市城管局')]), ('整治油烟', [('lead', '市城管局'), ('cooperating', '市市场监督管理局')])]
"""

from __future__ import annotations

import re
from dataclasses import replace

from .deadline import find_deadline
from .evidence import locate
from .paragraph import Paragraph, paragraphs
from .records import Assignment, Document, Task
from .role import LABEL_PATTERN, parse_roles
from .text import fold, numbering_level, strip_numbering
from .unit import all_units, looks_like_unit, split_unit_text, unit_ref

__all__ = ["prose_tasks", "role_bracket", "scope_collective"]

_FOLLOWING = re.compile(r"以下|下列|下述")
_ALL = re.compile(r"均|全部|都|统一")


def role_bracket(text: str) -> tuple[int, str] | None:
    """The role bracket closing a line, as (start offset, content), if its content assigns roles.

    >>> role_bracket("整治扬尘。（市住建局牵头，市城管局配合）")
    (5, '市住建局牵头，市城管局配合')
    """
    t = fold(text).rstrip(" \t。；;.")
    if not t.endswith(("〕", "）")):
        return None
    depth = 0
    for i in range(len(t) - 1, -1, -1):
        ch = t[i]
        if ch in "〕）":
            depth += 1
        elif ch in "〔（":
            depth -= 1
            if depth == 0:
                content = t[i + 1 : -1]
                return (i, content) if parse_roles(content) else None
    return None


def _assignments(document: Document, para: Paragraph, roles, base: int) -> list[Assignment]:
    out = []
    for role, units, start, _end, word in roles:
        for surface, s, _ in split_unit_text(units):
            ref = unit_ref(surface, jurisdiction=document.jurisdiction)
            if not ref.name:
                continue
            line, col = para.where(base + start + s)
            out.append(Assignment(role=role, unit=ref, evidence=locate(document, line, surface, start=col), role_text=word))
    return out


_SUBJECT = re.compile(r"(?:^|[，,；;])\s*(?:以下[^，,]*?(?:均由|全部由|统一由|由)|均由|由)?([^，,；;]+?)(?:均需|均要|均应|均须|负责|要|须|需)")


def _subject_units(text: str) -> list[tuple[str, str, int, int, str]]:
    """Units a blanket clause hands the following tasks to: 以下各项任务，各镇、街道均需…落实."""
    for m in _SUBJECT.finditer(text):
        units = m.group(1).strip()
        if all_units(units):
            return [("responsible", units, m.start(1), m.end(1), "")]
    return []


_SCOPE = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*、\s*)?(?:[0-9]{4}年度?)?([\u4e00-\u9fffA-Za-z（）]{1,20}?(?:单位|部门))"
    r"(?:生态环境保护|环境保护|污染防治|大气污染防治)?(?:工作)?(?:目标)?(?:考核|职责|责任)"
)


def scope_collective(text: str) -> str | None:
    """The group of units an assessment list or section is addressed to, if it names one.

    >>> scope_collective("区直单位及市垂直管理单位生态环境保护工作目标考核要点")
    '区直单位及市垂直管理单位'
    >>> scope_collective("三、B类部门考核内容"), scope_collective("一、通用考核内容")
    ('B类部门', None)
    """
    m = _SCOPE.match(fold(text.strip()))
    return m.group(1) if m else None


def prose_tasks(document: Document, table_lines: set[int], *, prefix: str) -> list[Task]:
    """Tasks found in the lines of ``document`` outside tables (``table_lines``, 1-based)."""
    tasks: list[Task] = []
    stack: list[tuple[int, Task, bool]] = []  # (level, task, emitted)
    last: Task | None = None
    heading: tuple[int, str, int] | None = None  # a numbered heading waiting for its bracket
    duty_unit = None
    duty_level = None
    headed = False
    numbered_alone = False
    title_line = next((n for n, ln in enumerate(document.lines, 1) if document.title and document.title[:8] in ln), 0)
    title_scope = (scope_collective(document.title), title_line) if title_line and scope_collective(document.title) else None
    scope = title_scope
    after_section = False
    following: list[Assignment] = []
    following_level = 0
    section = ""

    def emit(task: Task) -> Task:
        # ancestors are emitted lazily, when they get a child with roles
        for i, (lvl, anc, done) in enumerate(stack):
            if not done:
                stack[i] = (lvl, anc, True)
                tasks.append(anc)
        tasks.append(task)
        return task

    def parent_key(level: int | None) -> str | None:
        for lvl, anc, _ in reversed(stack):
            if level is None or lvl < level:
                return anc.key
        return None

    for para in paragraphs(document, table_lines):
        number = para.line
        stripped = para.text
        folded = fold(stripped)
        level = numbering_level(stripped)
        body, cut = strip_numbering(stripped)
        body_start = cut
        key = f"{prefix}.{number}"
        if not body.strip():
            numbered_alone = True  # numbering printed on a line of its own, its item follows
            continue
        item_numbered, numbered_alone = level is not None or numbered_alone, False

        # a role line under a task: 责任单位：X / 配合单位：Y
        label = LABEL_PATTERN.match(folded)
        if label and level is None:
            extra = _assignments(document, para, parse_roles(folded), 0)
            pending = stack[-1][1] if stack and not stack[-1][2] else None
            if extra and pending is not None and (last is None or pending.evidence.line > last.evidence.line):
                # the numbered item above had no roles of its own: these are its roles
                stack.pop()
                last = emit(replace(pending, assignments=tuple(following) + tuple(extra)))
                continue
            if extra and last is not None:
                index = tasks.index(last)
                tasks[index] = last = replace(last, assignments=last.assignments + tuple(extra))
                continue

        # a clause that hands the following tasks to some units
        if _FOLLOWING.search(folded) and _ALL.search(folded) and len(folded) < 120:
            roles = [r for r in parse_roles(folded) if r[0] in ("responsible", "lead")] or _subject_units(folded)
            if roles:
                following = _assignments(document, para, roles, 0)
                following_level = level or (stack[-1][0] if stack else 0)
                continue

        if level is not None and level <= 2:
            section = body[:40]
            if following and level <= following_level:
                following = []
        opens_section, after_section = after_section, False
        if level == 1:
            named = scope_collective(stripped)
            scope = (named, number) if named else title_scope
            after_section = True

        # a unit heading of a duty list: a line that is only a unit name
        name = body.rstrip("：: ")
        if (item_numbered and len(name) <= 24 and looks_like_unit(name) and not re.search(r"[，。；：,;:]", name)
                and len(split_unit_text(name)) == 1):
            duty_unit = (unit_ref(name, jurisdiction=document.jurisdiction), number, para.where(body_start)[1])
            duty_level = level
            headed = True
            continue
        right_after_heading, headed = headed, False
        # N、市X局：负责…
        keyed = re.match(r"^([^：:，。]{2,24})[：:](.+)$", fold(body))
        roles = []
        text = body
        text_start = body_start
        bracket = role_bracket(body)
        if bracket:
            start, content = bracket
            roles = [(r, u, s + start + 1, e + start + 1, w) for r, u, s, e, w in parse_roles(content)]
            text = body[:start].rstrip()
        elif keyed and looks_like_unit(keyed.group(1)) and level is not None:
            surface = body[: len(keyed.group(1))]
            roles = [("responsible", surface, 0, len(surface), "")]
            text = body[len(keyed.group(1)) + 1 :].strip()
            text_start = body_start + len(keyed.group(1)) + 1
        else:
            inline = LABEL_PATTERN.search(fold(body))
            if inline and inline.start() > 0:
                roles = [(r, u, s + inline.start(), e + inline.start(), w) for r, u, s, e, w in parse_roles(fold(body)[inline.start():])]
                text = body[: inline.start()].rstrip("，,。 ")
            elif level is not None or folded.startswith("由"):
                found = parse_roles(body)
                if found and (level is not None or len(found) >= 2 or folded.startswith("由")):
                    roles = found
        assignments = _assignments(document, para, roles, body_start)

        under_duty = duty_unit is not None and (
            (level is not None and (level > duty_level if duty_level else level >= 3))
            or (level is None and right_after_heading)  # one unnumbered duty under the unit's name
        )
        if not assignments and under_duty:
            ref, unit_line, unit_start = duty_unit
            ev = locate(document, unit_line, ref.surface, start=unit_start)
            assignments = [Assignment(role="responsible", unit=ref, evidence=ev, role_text="")]
        elif level is not None and not under_duty and (level <= 2 or (duty_level and level <= duty_level)):
            duty_unit = None
        implicit = False
        if not assignments and duty_unit is None and scope and ((level or 0) >= 3 or (level is None and opens_section)):
            # an item of an assessment list addressed to a group of units (通用考核内容, B类部门)
            group, scope_line = scope
            source = document.line(scope_line)
            start = fold(source).find(group)
            ref = unit_ref(group, jurisdiction=document.jurisdiction)
            ev = locate(document, scope_line, group, start=start if start >= 0 else None)
            assignments, implicit = [Assignment(role="responsible", unit=ref, evidence=ev, role_text="")], True

        if assignments:
            task_line, task_text, task_start = number, text, text_start
            if roles and level is None and heading is not None and heading[0] == len(tasks) and number - heading[2] <= 3:
                # the bracket closes the paragraph below a numbered heading: the task is the heading
                task_line, task_text = heading[2], heading[1]
                task_start = None
                heading_entry = next((e for e in stack if e[1].evidence.line == task_line), None)
                if heading_entry is not None:
                    stack.remove(heading_entry)
                    level = heading_entry[0]
            if following:
                named = {a.unit.name for a in assignments}
                assignments = [a for a in following if a.unit.name not in named] + assignments
            task = Task(
                key=key if task_line == number else f"{prefix}.{task_line}",
                text=task_text,
                evidence=locate(document, task_line, task_text, start=None if task_start is None else para.where(task_start)[1]),
                section=section,
                parent=parent_key(level),
                deadline=find_deadline(body),
                assignments=tuple(assignments),
                implicit=implicit,
                jurisdiction=document.jurisdiction,
            )
            last = emit(task)
            heading = None
            if level is not None:
                stack[:] = [s for s in stack if s[0] < level]
            continue
        if following and level is not None and level > following_level:
            task = Task(
                key=key, text=body, evidence=locate(document, number, body, start=para.where(body_start)[1]), section=section,
                parent=parent_key(level), deadline=find_deadline(body), assignments=tuple(following),
                jurisdiction=document.jurisdiction,
            )
            last = emit(task)
            stack[:] = [s for s in stack if s[0] < level]
            continue
        if level is not None:
            pending = Task(
                key=key, text=body, evidence=locate(document, number, body, start=para.where(body_start)[1]), section=section,
                parent=parent_key(level), deadline=find_deadline(body), jurisdiction=document.jurisdiction,
            )
            stack[:] = [s for s in stack if s[0] < level]
            stack.append((level, pending, False))
            heading = (len(tasks), body, number) if len(body) <= 40 else None
    return tasks

