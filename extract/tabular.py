"""Tables to tasks: what each column means, and which rows are tasks.

Columns are classified by their header word: numbering (序号), deadline (完成时限), role
columns (牵头单位, 责任单位, 配合单位 …; 责任分工 holds ``X牵头，Y配合`` clauses), detail
columns (具体内容, 考核要求) whose cells become requirements of the row's task, and text
columns. The rightmost text column holds the tasks; text columns left of it (创模指标要求,
工作任务 holding 任务一：…) are parent tasks. A role column left of the task column is a key
column: its cell holds for the rows below it until the next one (a merged cell). A table
without role columns whose heading names a place (（六枝特区）) is that place's own table: its
government is responsible for every task, implicitly.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .deadline import parse_deadline
from .evidence import locate
from .records import Assignment, Document, Task, UnitRef
from .role import parse_roles, role_of_label
from .table import DEADLINE_CELL, Table
from .text import fold, strip_numbering
from .unit import split_unit_text, unit_ref

__all__ = ["table_tasks", "column_kinds", "table_heading"]

_DETAIL = re.compile(r"具体内容|考核要求|工作要求|^要求$|工作措施|主要措施|^措施$|备注|说明|具体任务")
_NUMBER = re.compile(r"序号|编号")
_DEADLINE = re.compile(r"时限|期限|时间|进度")
_SKIP = re.compile(r"备注|说明|责任领导|类别")
_REQUIREMENT = re.compile(r"^\s*(?:[0-9]+\s*[、.．]|[（(][0-9]+[)）]|[①-⑳])")


def column_kinds(header: tuple[str, ...]) -> list[str]:
    """The kind of each column: number, deadline, lead/responsible/cooperating/mixed, detail,
    skip, parent or task.

    >>> column_kinds(("序号", "创模指标要求", "工作任务", "责任单位", "配合单位"))
    ['number', 'parent', 'task', 'responsible', 'cooperating']
    >>> column_kinds(("序号", "主要任务", "具体内容", "牵头单位", "责任单位"))
    ['number', 'task', 'detail', 'lead', 'responsible']
    """
    kinds = []
    for h in header:
        h = re.sub(r"\s+", "", fold(h))
        role = role_of_label(h)
        if _NUMBER.search(h):
            kinds.append("number")
        elif _SKIP.search(h):
            kinds.append("skip")
        elif role:
            kinds.append(role)
        elif h in ("单位", "部门"):
            kinds.append("responsible")
        elif _DEADLINE.search(h):
            kinds.append("deadline")
        elif _DETAIL.search(h):
            kinds.append("detail")
        else:
            kinds.append("text")
    texts = [i for i, k in enumerate(kinds) if k == "text"]
    if not texts:
        details = [i for i, k in enumerate(kinds) if k == "detail"]
        if details:
            texts = [details[0]]
    for i in texts:
        kinds[i] = "parent"
    if texts:
        kinds[texts[-1]] = "task"
    return kinds


_PLACE_HEADING = re.compile(r"^[（(]\s*([\u4e00-\u9fff]{1,14}?(?:特区|新区|开发区|管委会|自治县|县|区|市|旗))\s*[)）]$")


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


def _assign(document: Document, role: str, cell_text: str, line: int, role_text: str) -> list[Assignment]:
    out = []
    seen = set()
    for surface, start, _ in split_unit_text(cell_text):
        ref = unit_ref(surface, jurisdiction=document.jurisdiction)
        if not ref.name or ref.name in seen:
            continue
        seen.add(ref.name)
        ev = locate(document, line, surface)
        out.append(Assignment(role=role, unit=ref, evidence=ev, role_text=role_text))
    return out


def _cell_assignments(document: Document, kind: str, header: str, text: str, line: int) -> list[Assignment]:
    if kind == "mixed":
        out = []
        for role, units, _, _, word in parse_roles(text):
            out.extend(_assign(document, role, units, line, word))
        if not out:
            out = _assign(document, "responsible", text, line, header)
        return out
    return _assign(document, kind, text, line, re.sub(r"\s+", "", header))


def table_tasks(document: Document, table: Table, *, prefix: str) -> list[Task]:
    """The tasks of one table, parents and requirements included."""
    kinds = column_kinds(table.header)
    if "task" not in kinds:
        return []
    task_col = kinds.index("task")
    heading, place = table_heading(document, table)
    roles_present = any(k in ("lead", "responsible", "cooperating", "mixed") for k in kinds)
    implicit_unit = _government(place, document.jurisdiction) if place and not roles_present else None
    tasks: list[Task] = []
    parents: dict[int, Task] = {}
    key_units: dict[int, list[Assignment]] = {}
    carried_deadline = None
    current: Task | None = None
    children = 0

    def new_key() -> str:
        return f"{prefix}.{len(tasks) + 1}"

    for row in table.rows:
        cells = {c.column: c for c in row.cells}
        number = cells.get(kinds.index("number")) if "number" in kinds else None
        deadline_cell = next((cells[i] for i, k in enumerate(kinds) if k == "deadline" and i in cells), None)
        if deadline_cell is None:
            stray = next((c for c in row.cells if kinds[c.column] != "deadline" and DEADLINE_CELL.match(c.text)), None)
            deadline_cell = stray if stray and kinds[stray.column] in ("number",) else None
        if deadline_cell is not None:
            parsed = parse_deadline(deadline_cell.text)
            if "deadline" in kinds and kinds.index("deadline") < task_col:
                carried_deadline = parsed
        if number is not None:
            for col in list(key_units):
                if col not in cells:
                    key_units.pop(col)
        for col, cell in sorted(cells.items()):
            kind = kinds[col]
            if kind == "parent":
                text = strip_numbering(cell.text)[0]
                parent = Task(
                    key=new_key(), text=text, evidence=locate(document, cell.line, text), section=heading,
                    parent=parents[max(parents)].key if parents and max(parents) < col else None,
                    jurisdiction=document.jurisdiction,
                )
                tasks.append(parent)
                parents = {c: t for c, t in parents.items() if c < col}
                parents[col] = parent
            elif kind in ("lead", "responsible", "cooperating", "mixed") and col < task_col:
                key_units[col] = _cell_assignments(document, kind, table.header[col], cell.text, cell.line)
        task_cell = cells.get(task_col)
        row_assignments: list[Assignment] = []
        for col, cell in sorted(cells.items()):
            kind = kinds[col]
            if kind in ("lead", "responsible", "cooperating", "mixed") and col > task_col:
                row_assignments.extend(_cell_assignments(document, kind, table.header[col], cell.text, cell.line))
        spill = (
            task_cell is not None and number is None and current is not None and table.printing == "tabs"
            and "detail" in kinds and bool(_REQUIREMENT.match(task_cell.text))
        )
        if task_cell is not None and not spill:
            text, _ = strip_numbering(task_cell.text)
            deadline = parse_deadline(deadline_cell.text) if deadline_cell is not None else carried_deadline
            assignments = [a for col in sorted(key_units) for a in key_units[col]] + row_assignments
            if implicit_unit is not None:
                ev = locate(document, row.line, task_cell.text)
                assignments = [Assignment(role="responsible", unit=implicit_unit, evidence=ev, role_text="")]
            current = Task(
                key=new_key(), text=text, evidence=locate(document, task_cell.line, text), section=heading,
                parent=parents[max(parents)].key if parents else None, deadline=deadline,
                assignments=tuple(assignments), implicit=implicit_unit is not None,
                jurisdiction=document.jurisdiction,
            )
            tasks.append(current)
            children = 0
        elif current is not None and row_assignments:
            # a role cell wrapped onto a row of its own belongs to the task above
            index = tasks.index(current)
            tasks[index] = current = replace(current, assignments=current.assignments + tuple(row_assignments))
        if current is None:
            continue
        details = [c for col, c in sorted(cells.items()) if kinds[col] == "detail"]
        if spill and task_cell is not None:
            details.append(task_cell)
        for cell in details:
            for piece in _requirements(cell.text):
                children += 1
                text, _ = strip_numbering(piece)
                tasks.append(Task(
                    key=f"{current.key}.{children}", text=text, evidence=locate(document, cell.line, text),
                    section=heading, parent=current.key, jurisdiction=document.jurisdiction,
                ))
    return tasks


def _requirements(text: str) -> list[str]:
    """Numbered requirement items of a detail cell (one piece when it is not numbered)."""
    parts = re.split(r"\s+(?=[0-9]+\s*[、．]|[0-9]+\.(?!\d))", text.strip())
    return [p for p in parts if p.strip()]
