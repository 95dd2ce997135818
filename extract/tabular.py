"""Tables to tasks: what each column means, and which rows are tasks.

Columns have kinds (:func:`~govkg.extract.columns.column_kinds`): the task column, parent
columns to its left, detail columns to its right (具体内容, 考核要求: their numbered items become
requirements of the row's task), role columns (牵头单位, 责任单位, 配合单位; 责任分工 holds
``X牵头，Y配合`` clauses), the deadline, and columns that are never read as units or tasks
(序号, 分管领导, 责任人, 推进情况, 备注).

A cell merged over several rows is printed once; what it says holds for the rows below it:
a parent task until the next parent, a role column left of the task column (a table keyed by
unit) until the next numbered row. A table without role columns whose heading names a place
(（六枝特区）) is that place's own table: its government is responsible for every task,
implicitly. Rows are read one at a time over a small frozen state (:class:`Carry`).

>>> from govkg.extract.records import Document
>>> from govkg.extract.table import find_tables
>>> doc = Document("t", "t.txt", "0" * 64, "遵义市任务表", "遵义市",
...                ("序号\\t工作任务\\t牵头单位\\t配合单位", "1\\t治理扬尘\\t市住建局\\t市城管局、市交通局"))
>>> [(t.text, [(a.role, a.unit.name) for a in t.assignments]) for t in table_tasks(doc, find_tables(doc.lines)[0], prefix="t1")]
[('治理扬尘', [('lead', '市住房和城乡建设局'), ('cooperating', '市城管局'), ('cooperating', '市交通局')])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .cell import DEADLINE_CELL, cell_type
from .columns import ROLE_KINDS, column_kinds
from .deadline import parse_deadline
from .evidence import evidence_of
from .passage import Passage
from .records import Assignment, Deadline, Document, Task, UnitRef
from .role import parse_roles
from .table import Cell, Row, Table
from .text import fold, strip_numbering
from .unit import PERSON, all_units, is_collective, looks_like_unit, mostly_units, split_unit_text, unit_ref

__all__ = ["table_tasks", "column_kinds", "table_heading", "Carry"]

_REQUIREMENT_SPLIT = re.compile(r"\s+(?=[0-9]+\s*[、．]|[0-9]+\.(?!\d))|(?<=[。；;])\s*(?=[0-9]+\s*[、．])")
_REQUIREMENT = re.compile(r"^\s*(?:[0-9]+\s*[、.．](?![0-9])|[（(][0-9]+[)）]|[①-⑳])")
_PLACE_HEADING = re.compile(r"^[（(]\s*([\u4e00-\u9fff]{1,14}?(?:特区|新区|开发区|管委会|自治县|县|区|市|旗))\s*[)）]$")


@dataclass(frozen=True)
class Carry:
    """What earlier rows leave for the next one: open parents by column, units of merged key
    cells by column, the deadline of a merged deadline cell, the section, and the last task."""

    parents: tuple[tuple[int, Task], ...] = ()
    keys: tuple[tuple[int, tuple[Assignment, ...]], ...] = ()
    deadline: Deadline | None = None
    section: str = ""
    current: Task | None = None
    children: int = 0
    row_roles: tuple[tuple[int, tuple[Assignment, ...]], ...] = ()


@dataclass(frozen=True)
class _Context:
    """What holds for the whole table."""

    document: Document
    table: Table
    kinds: tuple[str, ...]
    task_col: int
    heading: str
    implicit_unit: UnitRef | None
    prefix: str
    unit_keyed: bool
    numbered: bool
    out: list[Task] = field(default_factory=list)

    def new_key(self) -> str:
        return f"{self.prefix}.{len(self.out) + 1}"


def table_heading(document: Document, table: Table) -> tuple[str, str | None]:
    """The heading printed above a table and the place it names, if any."""
    title_parts: list[str] = []
    place = None
    n = table.first_line - 1
    looked = 0
    while n >= 1 and looked < 6:
        text = document.line(n).strip()
        n -= 1
        if not text:
            continue
        looked += 1
        m = _PLACE_HEADING.match(fold(text))
        if m and place is None and not title_parts:
            place = m.group(1)
            title_parts.insert(0, text)
            continue
        if len(text) <= 60 and "\t" not in document.line(n + 1).strip("\t"):
            title_parts.insert(0, text)
            if re.search(r"表|方案|计划|清单", text):
                break
        else:
            break
    return "".join(title_parts[-2:]), place


def _government(place: str, jurisdiction: str | None) -> UnitRef:
    name = place if re.search(r"管委会|政府$", place) else place + "人民政府"
    return replace(unit_ref(name, jurisdiction=jurisdiction), surface=place)


def _units(document: Document, role: str, passage: Passage, role_text: str) -> list[Assignment]:
    """The units of a role cell: every item of the list, when the list as a whole reads as units
    (a company printed without 公司 still counts), else the items that look like units."""
    out, seen = [], set()
    whole = all_units(passage.text) or mostly_units(passage.text)
    for surface, start, end in split_unit_text(passage.text):
        if not looks_like_unit(surface) and not is_collective(surface) and (not whole or PERSON.match(surface.strip())):
            continue
        ref = unit_ref(surface, jurisdiction=document.jurisdiction)
        if not ref.name or ref.name in seen:
            continue
        seen.add(ref.name)
        out.append(Assignment(role=role, unit=ref, evidence=evidence_of(document, passage, start, end), role_text=role_text))
    return out


def _cell_assignments(ctx: _Context, cell: Cell) -> list[Assignment]:
    """The units a role cell assigns; a 责任分工 cell is read as role clauses."""
    kind = ctx.kinds[cell.column]
    header = re.sub(r"\s+", "", ctx.table.header[cell.column])
    if kind == "mixed":
        out = []
        for role, _units_text, start, end, word in parse_roles(cell.text):
            out.extend(_units(ctx.document, role, cell.passage.cut(start, end), word))
        return out or _units(ctx.document, "responsible", cell.passage, header)
    if cell_type(cell.text) != "units":
        return []  # a person, a post, task text or a fragment that landed in a role column
    return _units(ctx.document, kind, cell.passage, header)


def _task(ctx: _Context, carry: Carry, passage: Passage, **fields) -> Task:
    text, cut = strip_numbering(passage.text)
    body = passage.cut(cut).strip()
    parent = max(carry.parents)[1].key if carry.parents else None
    return Task(
        key=ctx.new_key(), text=text.replace("\n", "").strip(), evidence=evidence_of(ctx.document, body, 0, len(body.text)),
        section=ctx.heading or carry.section, parent=parent, jurisdiction=ctx.document.jurisdiction, **fields,
    )


def _requirements(ctx: _Context, carry: Carry, cells: list[Cell]) -> Carry:
    """Numbered items of detail cells, as requirements of the current task."""
    current, children = carry.current, carry.children
    if current is None:
        return carry
    for cell in cells:
        text = cell.passage.text
        cuts = [0] + [m.end() if m.group().strip() == "" or m.start() == m.end() else m.end() for m in _REQUIREMENT_SPLIT.finditer(text)] + [len(text)]
        for a, b in zip(cuts, cuts[1:]):
            piece = cell.passage.cut(a, b).strip()
            if not piece.text:
                continue
            children += 1
            words, cut = strip_numbering(piece.text)
            body = piece.cut(cut).strip()
            ctx.out.append(Task(
                key=f"{current.key}.{children}", text=words.replace("\n", "").strip(), evidence=evidence_of(ctx.document, body, 0, len(body.text)),
                section=ctx.heading or carry.section, parent=current.key, jurisdiction=ctx.document.jurisdiction,
            ))
    return replace(carry, children=children)


def _is_section_row(ctx: _Context, row: Row) -> bool:
    return len(row.cells) == 1 and cell_type(row.cells[0].text) == "section" and ctx.kinds[row.cells[0].column] != "number"


def _row(ctx: _Context, carry: Carry, row: Row) -> Carry:
    kinds = ctx.kinds
    cells = {c.column: c for c in row.cells}
    if _is_section_row(ctx, row):
        return replace(carry, section=strip_numbering(row.cells[0].text)[0][:40], parents=(), keys=())
    numbered = any(kinds[col] == "number" for col in cells)
    keys = dict(carry.keys)
    if numbered:
        keys = {col: units for col, units in keys.items() if col in cells}
    deadline_cell = next((cells[i] for i in sorted(cells) if kinds[i] == "deadline" and DEADLINE_CELL.match(fold(cells[i].text).strip() or "x")), None)
    deadline_cell = deadline_cell or next((cells[i] for i in sorted(cells) if kinds[i] == "deadline"), None)
    deadline = parse_deadline(deadline_cell.text) if deadline_cell is not None else None
    carried_deadline = carry.deadline
    if deadline_cell is not None and deadline_cell.column < ctx.task_col:
        carried_deadline = deadline
    parents = dict(carry.parents)
    for col in sorted(cells):
        cell = cells[col]
        if kinds[col] == "parent":
            if col in parents and parents[col].evidence.line == cell.line and parents[col].evidence.start == cell.passage.where(0)[1]:
                continue  # a parent cell merged over this row too
            parents = {c: t for c, t in parents.items() if c < col}
            parent = _task(ctx, replace(carry, parents=tuple(sorted(parents.items()))), cell.passage)
            ctx.out.append(parent)
            parents[col] = parent
        elif kinds[col] in ROLE_KINDS and col < ctx.task_col:
            keys[col] = tuple(_cell_assignments(ctx, cell))
    carry = replace(carry, parents=tuple(sorted(parents.items())), keys=tuple(sorted(keys.items())), deadline=carried_deadline)
    task_cell = cells.get(ctx.task_col)
    by_col = {col: tuple(_cell_assignments(ctx, cells[col])) for col in sorted(cells) if kinds[col] in ROLE_KINDS and col > ctx.task_col}
    if ctx.numbered and not numbered and task_cell is not None and not any(by_col.values()):
        # a row under a numbered row, its role cells merged with the one above: they hold here too
        by_col = dict(carry.row_roles)
    elif task_cell is not None:
        carry = replace(carry, row_roles=tuple(by_col.items()))
    row_units = [a for col in sorted(by_col) for a in by_col[col]]
    details = [cells[col] for col in sorted(cells) if kinds[col] == "detail"]
    lone = not numbered and task_cell is not None and len(cells) == 1 and carry.current is not None
    # a unit's further duty on a row of its own, or a numbered requirement spilled out of its column
    lone_duty = lone and (ctx.unit_keyed or ("detail" in kinds and bool(_REQUIREMENT.match(fold(task_cell.text)))))
    if task_cell is not None and not lone_duty:
        assignments = [a for _, units in carry.keys for a in units] + row_units
        implicit = False
        if ctx.implicit_unit is not None and not assignments:
            assignments = [Assignment("responsible", ctx.implicit_unit, evidence_of(ctx.document, task_cell.passage, 0, len(task_cell.text)), "")]
            implicit = True
        task = _task(ctx, carry, task_cell.passage, deadline=deadline or carry.deadline,
                     assignments=tuple(assignments), implicit=implicit)
        ctx.out.append(task)
        carry = replace(carry, current=task, children=0)
    elif task_cell is not None:
        details = [task_cell, *details]  # a unit's further duty printed in a row of its own
    elif row_units and carry.current is not None:
        # a role cell wrapped onto a row of its own belongs to the task above
        index = ctx.out.index(carry.current)
        updated = replace(carry.current, assignments=carry.current.assignments + tuple(row_units))
        ctx.out[index] = updated
        carry = replace(carry, current=updated)
    return _requirements(ctx, carry, details)


def table_tasks(document: Document, table: Table, *, prefix: str) -> list[Task]:
    """The tasks of one table, parents and requirements included."""
    kinds = tuple(table.kinds)
    if "task" not in kinds:
        return []
    task_col = kinds.index("task")
    heading, place = table_heading(document, table)
    roles_present = any(k in ROLE_KINDS for k in kinds)
    key_cols = [i for i, k in enumerate(kinds) if k in ROLE_KINDS and i < task_col]
    ctx = _Context(
        document=document, table=table, kinds=kinds, task_col=task_col, heading=heading,
        implicit_unit=_government(place, document.jurisdiction) if place and not roles_present else None,
        prefix=prefix, unit_keyed=bool(key_cols) and not any(k in ROLE_KINDS for k in kinds[task_col + 1:])
        and "deadline" not in kinds,
        numbered="number" in kinds and any(kinds[c.column] == "number" for r in table.rows for c in r.cells),
    )
    carry = Carry()
    for row in table.rows:
        carry = _row(ctx, carry, row)
    return ctx.out
