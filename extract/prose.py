"""Tasks in running text: numbered and bulleted items with their roles, duty sentences, duty
lists keyed by unit, and clauses that hand the following tasks to some units.

Running text is read as a sequence of items (:func:`~govkg.extract.paragraph.items`), each
classified once: a role line (``责任单位：X`` under a task), a blanket clause (``以下任务均由X负责
落实``), a unit heading of a duty list, or an item whose roles come from a closing bracket
(``〔牵头单位：X〕``, ``（X牵头，Y配合）``), an inline label (``…。责任单位：X``), a role sentence
(``由X负责，Y配合``), a ``N、单位：职责`` entry, or duty sentences that start with the unit
(``区住建局负责…``, :mod:`~govkg.extract.duty`). The reader walks the items over a small frozen
:class:`Outline` (open numbered items, the last task, the duty list's unit, blanket units).

>>> from govkg.extract.records import Document
>>> lines = ("（一）加强大气污染防治", "1. 整治扬尘。〔牵头单位：市住建局。责任单位：市城管局〕",
...          "2. 整治油烟（市城管局牵头，市市场监管局等参与）")
>>> doc = Document("p", "p.txt", "0" * 64, "", "遵义市", lines)
>>> [(t.text, [(a.role, a.unit.name) for a in t.assignments]) for t in prose_tasks(doc, set(), prefix="p")]
[('加强大气污染防治', []), ('整治扬尘。', [('lead', '市住房和城乡建设局'), ('responsible', '市城管局')]), ('整治油烟', [('lead', '市城管局'), ('cooperating', '市市场监督管理局')])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .deadline import find_deadline
from .duty import Duty, find_duties
from .evidence import evidence_of
from .noise import PINYIN_NOTE
from .passage import Passage
from .paragraph import BULLET, items, paragraphs
from .records import Assignment, Block, Document, Evidence, Task, UnitRef
from .role import LABEL_PATTERN, parse_roles
from .text import fold, numbering_level, strip_numbering
from .unit import all_units, looks_like_unit, split_unit_text, unit_ref

__all__ = ["prose_tasks", "read_prose", "role_bracket", "scope_collective", "Outline"]

_FOLLOWING = re.compile(r"以下|下列|下述")
_ALL = re.compile(r"均|全部|都|统一")
_BULLET_LEVEL = 8
_SUBJECT = re.compile(r"(?:^|[，,；;])\s*(?:以下[^，,]*?(?:均由|全部由|统一由|由)|均由|由)?([^，,；;]+?)(?:均需|均要|均应|均须|负责|要|须|需)")
_SCOPE = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*、\s*)?(?:[0-9]{4}年度?)?([\u4e00-\u9fffA-Za-z（）]{1,20}?(?:单位|部门))"
    r"(?:生态环境保护|环境保护|污染防治|大气污染防治)?(?:工作)?(?:目标)?(?:考核|职责|责任)"
)
_KEYED = re.compile(r"^(?P<unit>[^：:，。；（）()]{2,24})(?P<sep>[：:]|。(?=负责|牵头|做好|组织|加强|指导|督促|配合))(?P<duty>.+)$")
#: Where a unit-keyed entry starts inside a line of entries: `` 市住房和城乡建设局：做好…``
_ENTRY = re.compile(r"(?:(?<=[。；;])|(?<=[。；;]\s)|(?<=\s))\s*(?=[\u4e00-\u9fff]{2,24}[：:])")


def role_bracket(text: str) -> tuple[int, str] | None:
    """The role bracket closing a line, as (start offset, content), if its content assigns roles.

    >>> role_bracket("整治扬尘。（市住建局牵头，市城管局配合）")
    (5, '市住建局牵头，市城管局配合')
    >>> role_bracket("整治扬尘。（市住建局负责，各市〔特区、区〕人民政府")
    (5, '市住建局负责，各市〔特区、区〕人民政府')
    """
    t = fold(text).rstrip(" \t。；;.")
    if not t.endswith(("〕", "）")):
        # a bracket the excerpt or the page cut before it closed: （X牵头，Y配合，…
        opened, depth = -1, 0
        for i in range(len(t) - 1, max(len(t) - 201, -1), -1):  # the last bracket left open
            if t[i] in "）〕":
                depth += 1
            elif t[i] in "（〔":
                if depth == 0:
                    opened = i
                    break
                depth -= 1
        if opened > 0:
            found = parse_roles(t[opened + 1:])
            return (opened, t[opened + 1:]) if found else None
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


def scope_collective(text: str) -> str | None:
    """The group of units an assessment list or section is addressed to, if it names one.

    >>> scope_collective("区直单位及市垂直管理单位生态环境保护工作目标考核要点")
    '区直单位及市垂直管理单位'
    >>> scope_collective("三、B类部门考核内容"), scope_collective("一、通用考核内容")
    ('B类部门', None)
    """
    m = _SCOPE.match(fold(text.strip()))
    return m.group(1) if m else None


@dataclass(frozen=True)
class Outline:
    """What the items read so far leave for the next one."""

    stack: tuple[tuple[int, Task, bool], ...] = ()  # open numbered items: (level, task, emitted)
    last: Task | None = None  # the last task emitted (role lines attach to it)
    heading: tuple[int, str, int] | None = None  # (tasks so far, text, line): a short heading waiting for its bracket
    duty: tuple[UnitRef, Evidence, int | None] | None = None  # the unit heading of a duty list, and its level
    headed: bool = False  # this item comes right after a unit heading
    following: tuple[Assignment, ...] = ()  # units a blanket clause hands the following tasks to
    following_level: int = 0
    scope: tuple[str, int] | None = None  # the group an assessment list is addressed to, and its line
    after_section: bool = False
    section: str = ""
    numbered_alone: bool = False  # numbering printed on a line of its own
    siblings: int = 0  # items read in a row at the deepest open level
    loose: tuple[Passage, ...] = ()  # unnumbered paragraphs without roles since the last task
    role_line: tuple[str, str, int] | None = None  # the last role line: (role, role word, its last line)


@dataclass
class _Reader:
    """The document and the tasks emitted so far (the only mutable part, append-only)."""

    document: Document
    prefix: str
    title_scope: tuple[str, int] | None
    out: list[Task] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def note(self, passage: Passage, layout: str) -> None:
        """Record what an item was read as (``govkg explain`` prints it)."""
        self.blocks.append(Block(passage.line, passage.last_line, layout, passage.text[:40]))

    def emit(self, outline: Outline, task: Task) -> Outline:
        """Append ``task``, after the ancestors not emitted yet (they are emitted lazily, when
        they get a child)."""
        stack = []
        for level, anc, done in outline.stack:
            if not done:
                self.out.append(anc)
            stack.append((level, anc, True))
        self.out.append(task)
        return replace(outline, stack=tuple(stack), last=task, loose=())

    def assign(self, passage: Passage, roles, base: int = 0) -> list[Assignment]:
        """Assignments for role clauses ``(role, units, start, end, word)`` at ``base`` in ``passage``."""
        out = []
        for role, units, start, _end, word in roles:
            for surface, s, e in split_unit_text(units):
                ref = unit_ref(surface, jurisdiction=self.document.jurisdiction)
                if ref.name:
                    ev = evidence_of(self.document, passage, base + start + s, base + start + e)
                    out.append(Assignment(role=role, unit=ref, evidence=ev, role_text=word))
        return out

    def task(self, passage: Passage, start: int, end: int, outline: Outline, level: int | None, **fields) -> Task:
        piece = passage.cut(start, end).strip()
        return Task(
            key=f"{self.prefix}.{piece.line}" + (f".{piece.where(0)[1]}" if fields.pop("column_key", False) else ""),
            text=piece.text, evidence=evidence_of(self.document, piece, 0, len(piece.text)), section=outline.section,
            parent=_parent_key(outline, level), deadline=fields.pop("deadline", find_deadline(piece.text)),
            jurisdiction=self.document.jurisdiction, **fields,
        )


def _parent_key(outline: Outline, level: int | None) -> str | None:
    for lvl, anc, _ in reversed(outline.stack):
        if level is None or lvl < level:
            return anc.key
    return None


def _pop_to(outline: Outline, level: int | None) -> Outline:
    if level is None:
        return outline
    return replace(outline, stack=tuple(s for s in outline.stack if s[0] < level))


def _level(text: str) -> tuple[int | None, int]:
    """The numbering level of an item (bullets are the deepest) and where its body starts."""
    level = numbering_level(text)
    if level is not None:
        return level, strip_numbering(text)[1]
    bullet = BULLET.match(text)
    if bullet:
        return _BULLET_LEVEL, bullet.end()
    return None, 0


def _subject_units(text: str) -> list[tuple[str, str, int, int, str]]:
    """Units a blanket clause hands the following tasks to: 以下各项任务，各镇、街道均需…落实."""
    for m in _SUBJECT.finditer(text):
        units = m.group(1).strip()
        if all_units(units) and not _FOLLOWING.search(units):
            return [("responsible", units, m.start(1), m.end(1), "")]
    return []


# -- one function per kind of item -------------------------------------------------------


def _role_line(r: _Reader, o: Outline, p: Passage, roles: list | None = None) -> Outline | None:
    """``责任单位：X`` / ``配合单位：Y`` under a task: roles of the pending item or the last task
    (``roles``: clauses already read off ``p``)."""
    extra = r.assign(p, parse_roles(p.text) if roles is None else roles)
    if not extra:
        return None
    o = replace(o, role_line=(extra[-1].role, extra[-1].role_text, p.where(len(p.text) - 1)[0]))
    pending = o.stack[-1][1] if o.stack and not o.stack[-1][2] else None
    line_above = _task_line_above(o, p)
    if line_above is not None and (pending is None or pending.evidence.line < line_above.line):
        # an unnumbered task line right above its role lines (主管领导：… lines may stand between)
        return r.emit(o, replace(r.task(line_above, 0, len(line_above.text), o, None), assignments=tuple(o.following) + tuple(extra)))
    if pending is not None and (o.last is None or pending.evidence.line > o.last.evidence.line):
        level = o.stack[-1][0]
        o = replace(o, stack=o.stack[:-1])
        o = r.emit(o, replace(pending, assignments=tuple(o.following) + tuple(extra)))
        return replace(o, stack=o.stack + ((level, o.last, True),))
    if o.last is not None:
        index = r.out.index(o.last)
        updated = replace(o.last, assignments=o.last.assignments + tuple(extra))
        r.out[index] = updated
        stack = tuple((lvl, updated if t is o.last else t, done) for lvl, t, done in o.stack)
        return replace(o, last=updated, stack=stack)
    return None


_LABEL_LINE = re.compile(r"^[\u4e00-\u9fff、（）()]{2,12}[：:]")


def _task_line_above(o: Outline, p: Passage) -> Passage | None:
    """The last line of the paragraph just above role line ``p``, when no task holds it yet:
    a task printed unnumbered, its role lines under it. Label lines (主管领导：刘东) between
    them are skipped; the paragraph must end at most three lines above, and its last line
    must be a sentence of its own (not the tail of a wrapped one)."""
    pending = o.stack[-1][1] if o.stack and not o.stack[-1][2] else None
    for para in reversed(o.loose):
        if _is_label_line(para.text):
            continue
        if p.line - para.last_line > 3 or (o.last is not None and o.last.evidence.line >= para.line):
            return None
        if pending is not None and pending.evidence.line >= para.line:
            return None
        start = next(offset for offset, line, _ in para.runs if line == para.last_line)
        before, piece = para.cut(0, start).strip(), para.cut(start).strip()
        wrapped = len(before.text.split("\n")[-1]) > 20 and not before.text.endswith(("。", "；", ";", "！", "？"))
        if len(piece.text) < 6 or _is_label_line(piece.text) or wrapped:
            return None
        return piece
    return None


def _is_label_line(text: str) -> bool:
    """A short ``label：value`` line (主管领导：刘东, 主管領(lǐng)導(dǎo):劉東)."""
    return len(text) <= 40 and bool(_LABEL_LINE.match(fold(PINYIN_NOTE.sub("", text))))


def _role_line_goes_on(r: _Reader, o: Outline, p: Passage, level: int | None) -> Outline | None:
    """A line of units only, right under a role line: the rest of its list, wrapped
    (``配合单位：县发改委、环保局`` then ``各乡镇(街道)、黎阳建管办``)."""
    if o.role_line is None or level is not None or p.line != o.role_line[2] + 1:
        return None
    units = p.text.strip().rstrip("。；;，,、")
    if not units or len(units) > 80 or not all_units(units):
        return None
    start = p.text.index(units)
    return _role_line(r, o, p, [(o.role_line[0], units, start, start + len(units), o.role_line[1])])


def _blanket(r: _Reader, o: Outline, p: Passage, level: int | None) -> Outline | None:
    """以下任务均由X负责落实: X holds every later task of this part of the outline."""
    folded = fold(p.text)
    if not (_FOLLOWING.search(folded) and _ALL.search(folded) and len(folded) < 120):
        return None
    bracket = role_bracket(p.text)
    if bracket and strip_numbering(p.text[: bracket[0]].strip())[0].strip():
        return None  # a task with its roles in brackets, the clause among them: read as the task
    roles = [x for x in parse_roles(folded) if x[0] in ("responsible", "lead") and not _FOLLOWING.search(x[1])]
    roles = roles or _subject_units(folded)
    if not roles:
        return None
    return replace(o, following=tuple(r.assign(p, roles)), following_level=level or (o.stack[-1][0] if o.stack else 0))


def _unit_heading(r: _Reader, o: Outline, body: Passage, level: int | None, numbered: bool) -> Outline | None:
    """A numbered line that is only a unit's name: the units of a duty list's next items."""
    name = body.text.rstrip("：: ")
    if not (numbered and len(name) <= 24 and looks_like_unit(name) and not re.search(r"[，。；：,;:]", name)
            and len(split_unit_text(name)) == 1):
        return None
    ref = unit_ref(name, jurisdiction=r.document.jurisdiction)
    return replace(o, duty=(ref, evidence_of(r.document, body, 0, len(name)), level), headed=True)


def _item_roles(body: Passage, level: int | None) -> tuple[list, int, int, str]:
    """Role clauses of an item, with the span of its task text and where the roles stood: a
    closing ``bracket``, a ``keyed`` ``单位：职责`` entry, an inline ``label``, or a role
    ``sentence``."""
    text = body.text
    folded = fold(text)
    bracket = role_bracket(text)
    if bracket:
        start, content = bracket
        return [(ro, u, s + start + 1, e + start + 1, w) for ro, u, s, e, w in parse_roles(content)], 0, len(text[:start].rstrip()), "bracket"
    keyed = _KEYED.match(folded)
    unit = _keyed_unit(folded)
    if keyed and unit:
        return [("responsible", unit, 0, len(unit), "")], keyed.start("duty"), len(text), "keyed"
    inline = LABEL_PATTERN.search(folded)
    if inline and inline.start() > 0:
        roles = [(ro, u, s + inline.start(), e + inline.start(), w) for ro, u, s, e, w in parse_roles(folded[inline.start():])]
        return roles, 0, len(folded[: inline.start()].rstrip("，,。 ")), "label"
    if level is not None or folded.startswith("由"):
        found = parse_roles(text)
        if found and (level is not None or len(found) >= 2 or folded.startswith("由")):
            return found, 0, len(text), "sentence"
    return [], 0, len(text), ""


def _duties(r: _Reader, o: Outline, p: Passage, body: Passage, level: int | None) -> Outline | None:
    """Duty sentences in an item: the item is the task when it opens with one; otherwise each
    duty sentence is a task under the item."""
    duties = find_duties(body.text)
    if not duties:
        return None
    tasks = [d for d in duties if d.task.strip("。；;，, ")]
    tails = [d for d in duties if not d.task.strip("。；;，, ")]
    if not tasks and tails and level is not None:
        roles = [(c.role, c.units, c.start, c.end, c.word) for d in tails for c in d.clauses]
        end = tails[0].clauses[0].start
        task = r.task(body, 0, end or len(body.text), o, level, assignments=tuple(r.assign(body, roles)))
        return _pop_to(r.emit(o, task), level)
    if not tasks:
        return None
    first = tasks[0].clauses[0].start <= 2 + len(body.text) - len(body.text.lstrip())
    if not first and level is not None:
        pending = r.task(body, 0, len(body.text), o, level)
        o = replace(_pop_to(o, level), stack=_pop_to(o, level).stack + ((level, pending, False),))
    for n, d in enumerate(tasks):
        assignments = r.assign(body, [(c.role, c.units, c.start, c.end, c.word) for c in d.clauses])
        child_level = level if first and n == 0 else (level or 0) + 10
        task = r.task(body, d.task_start, d.task_end, o, child_level, assignments=tuple(assignments), column_key=n > 0 or not first)
        o = r.emit(o, task)
    return _pop_to(o, level) if first else o


def _item(r: _Reader, o: Outline, p: Passage, body: Passage, level: int | None, opens_section: bool) -> Outline:
    """A numbered item or a paragraph: a task with its roles, a pending heading, or nothing."""
    roles, start, end, where = _item_roles(body, level)
    assignments = r.assign(body, roles)
    right_after_heading = o.headed
    o = replace(o, headed=False)
    duty_level = o.duty[2] if o.duty else None
    under_duty = o.duty is not None and (
        (level is not None and (level > duty_level if duty_level else level >= 3))
        or (level is None and right_after_heading)  # one unnumbered duty under the unit's name
    )
    if not assignments and under_duty:
        found = _duties(r, o, p, body, level)
        if found is not None:
            return found  # the item names its own unit
        ref, ev, _ = o.duty
        assignments = [Assignment(role="responsible", unit=ref, evidence=ev, role_text="")]
    elif level is not None and not under_duty and (level <= 2 or (duty_level and level <= duty_level)):
        o = replace(o, duty=None)
    if not assignments and o.duty is None:
        found = _duties(r, o, p, body, level)
        if found is not None:
            return found
    implicit = False
    if not assignments and o.duty is None and o.scope and ((level or 0) >= 3 or (level is None and opens_section)):
        # an item of an assessment list addressed to a group of units (通用考核内容, B类部门)
        group, scope_line = o.scope
        source = fold(r.document.line(scope_line))
        at = source.find(group)
        ref = unit_ref(group, jurisdiction=r.document.jurisdiction)
        ev = evidence_of(r.document, Passage.of_line(scope_line, group, max(at, 0)), 0, len(group))
        assignments, implicit = [Assignment(role="responsible", unit=ref, evidence=ev, role_text="")], True
    if assignments and where == "bracket" and end == 0 and level is None:
        found = _bracket_alone(r, o, assignments)
        if found is not None:
            return found
    if assignments:
        task_body, task_start, task_end, task_level = body, start, end, level
        if where == "bracket" and level is None and o.loose and body.line - o.loose[-1].last_line <= 3 and o.heading is None:
            # the task began in the paragraphs above its closing bracket
            merged = o.loose[0]
            for extra in [*o.loose[1:], body.cut(0, end)]:
                merged = merged.then(extra)
            task_body, task_start, task_end = merged, 0, len(merged.text)
        if where in ("bracket", "sentence", "label") and level is None and o.heading is not None and o.heading[0] == len(r.out) and p.line - o.heading[2] <= 3:
            # the bracket closes the paragraph below a numbered heading: the task is the heading
            entry = next((e for e in o.stack if e[1].evidence.line == o.heading[2]), None)
            if entry is not None:
                o = replace(o, stack=tuple(e for e in o.stack if e is not entry))
                heading_task = entry[1]
                task_level = entry[0]
                # the task reads as the heading and the paragraph under it
                under = body.cut(0, end).strip()
                text = heading_task.text + " " + under.text
                ev = heading_task.evidence
                span = Passage.join([Passage.of_line(ev.line, r.document.line(ev.line)[ev.start:], ev.start), under])
                task = replace(heading_task, text=text, evidence=evidence_of(r.document, span, 0, len(span.text)),
                               assignments=tuple(_with_following(o, assignments)), parent=_parent_key(o, task_level))
                return replace(_pop_to(r.emit(o, task), task_level), heading=None)
        task = r.task(task_body, task_start, task_end, o, task_level, assignments=tuple(_with_following(o, assignments)),
                      implicit=implicit, deadline=find_deadline(body.text))
        return replace(_pop_to(r.emit(o, task), level), heading=None)
    if o.following and level is not None and level > o.following_level:
        task = r.task(body, 0, len(body.text), o, level, assignments=o.following)
        return _pop_to(r.emit(o, task), level)
    found = _duty_list_goes_on(r, o, body, level)
    if found is not None:
        return found
    if level is not None:
        pending = r.task(body, 0, len(body.text), o, level)
        siblings = o.siblings + 1 if o.stack and o.stack[-1][0] == level else 1
        o = _pop_to(o, level)
        heading = (len(r.out), body.text, p.line) if len(body.text) <= 40 else None
        return replace(o, stack=o.stack + ((level, pending, False),), heading=heading, siblings=siblings, loose=())
    return replace(o, loose=(o.loose + (body,))[-4:])


def _starts_with_its_unit(r: _Reader, task: Task) -> bool:
    """Whether ``task`` was printed as a unit-first duty sentence (区文旅局负责…)."""
    if not task.assignments or task.assignments[0].evidence.line != task.evidence.line:
        return False
    line = strip_numbering(fold(r.document.line(task.evidence.line)).strip())[0]
    return line.startswith(fold(task.assignments[0].evidence.quote))


def _duty_list_goes_on(r: _Reader, o: Outline, body: Passage, level: int | None) -> Outline | None:
    """An item right under a unit-first duty sentence (区商务局负责…), itself a unit and then a
    task verb without a role word (区城管局指导…): the next entry of the same duty list."""
    last = o.last
    if last is None or not 0 < body.line - last.evidence.line <= 2 or not _starts_with_its_unit(r, last):
        return None
    duties = [d for d in find_duties(body.text, loose=True) if d.task.strip("。；;，, ")]
    if len(duties) != 1 or duties[0].clauses[0].start > 2:
        return None
    d = duties[0]
    assignments = r.assign(body, [(c.role, c.units, c.start, c.end, c.word) for c in d.clauses])
    return _pop_to(r.emit(o, r.task(body, d.task_start, d.task_end, o, level, assignments=tuple(assignments))), level)


def _bracket_alone(r: _Reader, o: Outline, assignments: list[Assignment]) -> Outline | None:
    """A role bracket printed as a paragraph of its own closes the items above it: the item
    itself, or, after several sibling items, the item they belong to."""
    open_items = [e for e in o.stack if not e[2]]
    if not open_items:
        return None
    target = open_items[-1]
    if o.siblings >= 2 and len(open_items) >= 2 and open_items[-2][0] < target[0]:
        target = open_items[-2]
    level, task, _ = target
    o = replace(o, stack=tuple(e for e in o.stack if e is not target and e[0] < level))
    return r.emit(o, replace(task, assignments=tuple(_with_following(o, assignments))))


def _with_following(o: Outline, assignments: list[Assignment]) -> list[Assignment]:
    if not o.following:
        return assignments
    named = {a.unit.name for a in assignments}
    return [a for a in o.following if a.unit.name not in named] + assignments


def _read(r: _Reader, o: Outline, p: Passage) -> Outline:
    """Read one item."""
    level, cut = _level(p.text)
    body = p.cut(cut).strip()
    if not body.text:
        return replace(o, numbered_alone=True)
    numbered = level is not None or o.numbered_alone
    o = replace(o, numbered_alone=False)
    folded = fold(p.text)
    if LABEL_PATTERN.match(folded) and level is None:
        found = _role_line(r, o, p)
        if found is not None:
            r.note(p, "role-line")
            return found
    found = _role_line_goes_on(r, o, p, level)
    if found is not None:
        r.note(p, "role-line")
        return found
    o = replace(o, role_line=None)
    found = _blanket(r, o, p, level)
    if found is not None:
        r.note(p, "blanket")
        return found
    if level is not None and level <= 2:
        o = replace(o, section=body.text[:40])
        if o.following and level <= o.following_level:
            o = replace(o, following=())
    opens_section = o.after_section
    o = replace(o, after_section=False)
    if level == 1:
        named = scope_collective(p.text)
        o = replace(o, scope=(named, p.line) if named else r.title_scope, after_section=True)
    found = _unit_heading(r, o, body, level, numbered)
    if found is not None:
        r.note(p, "unit-heading")
        return found
    before = len(r.out)
    o = _item(r, o, p, body, level, opens_section)
    made = r.out[before:]
    if len(made) > 1 or (made and made[-1].evidence.line != p.line and any(t.assignments for t in made)):
        r.note(p, "duty" if len(made) > 1 else "task")
    elif made:
        r.note(p, "task" if made[-1].assignments else "heading")
    else:
        r.note(p, "heading" if o.stack and o.stack[-1][1].evidence.line == body.line and not o.stack[-1][2] else "text")
    return o


_NOT_KEYS = re.compile(r"^(?:抄送|抄报|主送|报送|送|发|来源|发布机构|联系单位|联系人|附件)")


def _keyed_unit(text: str) -> str | None:
    """The units of a ``单位：职责`` entry (never a role label such as 责任单位：, nor a
    distribution list such as 抄送：)."""
    m = _KEYED.match(fold(text))
    if not m or LABEL_PATTERN.match(m.group("unit") + "：") or _NOT_KEYS.match(m.group("unit")):
        return None
    unit = m.group("unit")
    if not (looks_like_unit(unit) or (all_units(unit) and len(split_unit_text(unit)) > 1)) or len(m.group("duty").strip()) < 4:
        return None
    return unit


def _entries(item: Passage) -> list[Passage]:
    """A line of ``单位：职责`` entries run together, one entry each."""
    text = fold(item.text)
    cuts = [0] + [m.start() for m in _ENTRY.finditer(text) if m.start() > 0] + [len(text)]
    if len(cuts) <= 2:
        return [item]
    pieces = [item.cut(a, b).strip() for a, b in zip(cuts, cuts[1:])]
    keyed = [_keyed_unit(x.text) is not None for x in pieces]
    if sum(keyed) < 2:
        return [item]
    return [x for x in pieces if x.text]


def prose_tasks(document: Document, table_lines: set[int], *, prefix: str) -> list[Task]:
    """Tasks found in the lines of ``document`` outside tables (``table_lines``, 1-based)."""
    return read_prose(document, table_lines, prefix=prefix)[0]


def read_prose(document: Document, table_lines: set[int], *, prefix: str) -> tuple[list[Task], list[Block]]:
    """Tasks found in the lines outside tables, and what each item was read as."""
    title_line = next((n for n, ln in enumerate(document.lines, 1) if document.title and document.title[:8] in ln), 0)
    title_scope = (scope_collective(document.title), title_line) if title_line and scope_collective(document.title) else None
    reader = _Reader(document, prefix, title_scope)
    outline = Outline(scope=title_scope)
    for paragraph in paragraphs(document, table_lines):
        for item in items(paragraph):
            for entry in _entries(item):
                outline = _read(reader, outline, entry)
    return _unique_keys(reader.out), reader.blocks


def _unique_keys(tasks: list[Task]) -> list[Task]:
    """Keys are unique within a document (two tasks can start on one line)."""
    seen: dict[str, int] = {}
    renamed: dict[str, str] = {}
    out = []
    for t in tasks:
        key = t.key
        if key in seen:
            seen[key] += 1
            key = f"{key}~{seen[t.key]}"
        else:
            seen[key] = 0
        if key != t.key:
            renamed[t.key] = key
        out.append(replace(t, key=key) if key != t.key else t)
    return out
