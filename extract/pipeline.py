"""One document in, one :class:`~govkg.extract.records.Extraction` out.

The readers are a closed tuple (:data:`READERS`), run in order; each claims the lines it reads
so the next one skips them: tables first (real tables of Word, HTML, PDF and spreadsheet files,
then tables printed as text, whatever the printing), then running text (role brackets, role
sentences and lines, duty sentences and lists). Then come the citations of every line, the
units named as actors in lines that assign nothing, and the check that no role text went
unread (:func:`~govkg.extract.coverage.role_warnings`). A document whose reading fails
yields an extraction with a problem, never an exception that stops the other documents.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "plan.txt"
>>> _ = p.write_text("遵义市大气污染防治任务分解表\\n序号\\t工作任务\\t责任单位\\t配合单位\\n"
...                  "1\\t整治扬尘，执行《建筑施工场界环境噪声排放标准》（GB12523-2011）\\t市住建局\\t市城管局\\n",
...                  encoding="utf-8")
>>> ex = extract_document(p)
>>> [(a.role, a.unit.name) for a in ex.tasks[0].assignments]
[('responsible', '市住房和城乡建设局'), ('cooperating', '市城管局')]
>>> sorted((c.code, c.title or "") for c in ex.tasks[0].citations)
[('GB12523-2011', ''), ('GB12523-2011', '建筑施工场界环境噪声排放标准')]
>>> [r.name for r in READERS]
['tables', 'prose']
"""

from __future__ import annotations

import re

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from govkg.graph.errors import DocumentError

from .actor import find_actors
from .citation import find_citations, resolve_titles
from .coverage import role_warnings
from .document import read_document
from .noise import is_noise, is_page_number
from .prose import read_prose
from .records import Block, Citation, Document, Extraction, Problem, Task
from .table import Table, find_tables, table_from_grid
from .tabular import table_tasks
from .target import find_targets
from .topic import TopicTagger

__all__ = ["extract_document", "extract_text", "READERS", "Reader", "Reading"]


@dataclass(frozen=True)
class Reading:
    """What one reader found: tasks, the blocks it read, the lines it claims, problems."""

    tasks: tuple[Task, ...] = ()
    blocks: tuple[Block, ...] = ()
    lines: frozenset[int] = frozenset()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Reader:
    """A named reader: ``read(document, claimed lines) -> Reading``."""

    name: str
    read: Callable[[Document, frozenset[int]], Reading]


def _tables(document: Document) -> list[Table]:
    """The document's tables: real grids first, then tables printed in the remaining text."""
    out: list[Table] = []
    claimed: set[int] = set()
    previous: Table | None = None
    last_line = 0
    for grid in document.grids:
        # a grid right after the previous one (nothing but page noise between) may continue it
        between = [document.line(n) for n in range(last_line + 1, grid.first_line) if document.line(n).strip()]
        follows = previous is not None and all(is_noise(t) or is_page_number(t, bare=True) for t in between)
        table = table_from_grid([list(row) for row in grid.cells], first_line=grid.first_line, printing=document.format,
                                previous=previous if follows else None)
        if table is not None:
            if follows and out and table.first_line == out[-1].first_line:
                out[-1] = table
            else:
                out.append(table)
            previous = table
            claimed.update(range(grid.first_line, grid.first_line + len(grid.cells)))
        last_line = grid.first_line + len(grid.cells) - 1
    lines = [("" if n in claimed else line) for n, line in enumerate(document.lines, 1)]
    out.extend(find_tables(lines))
    return sorted(out, key=lambda t: t.first_line)


def read_tables(document: Document, claimed: frozenset[int]) -> Reading:
    """Every table, read into tasks."""
    tasks: list[Task] = []
    blocks: list[Block] = []
    lines: set[int] = set()
    problems: list[Problem] = []
    for n, table in enumerate(_tables(document), 1):
        lines.update(range(table.first_line, table.last_line + 1))
        found = table_tasks(document, table, prefix=f"t{n}")
        header = " | ".join(f"{h}:{k}" for h, k in zip(table.header, table.kinds))
        blocks.append(Block(table.first_line, table.last_line, f"table:{table.printing}", header))
        scrambled = _fragments(found)
        if scrambled:
            problems.append(Problem(document.file_name, table.first_line, (
                f"table with header {'|'.join(table.header)} (lines {table.first_line}-{table.last_line}) was not read: "
                f"{len(scrambled)} of the {len(found)} cells read as tasks are fragments "
                f"({', '.join(repr(t) for t in scrambled[:4])}); its cells are printed out of row order "
                "(a PDF text layer that interleaves columns)")))
            continue
        if not found:
            problems.append(Problem(document.file_name, table.first_line, f"table with header {'|'.join(table.header)} has no task column"))
        tasks.extend(found)
    return Reading(tuple(tasks), tuple(blocks), frozenset(lines), tuple(problems))


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _fragments(tasks: list[Task]) -> list[str]:
    """The task texts of a table that are fragments (fewer than three Chinese characters), when
    they are so many (a quarter of its tasks, at least three) that the table's cells cannot be
    in row order; else nothing."""
    short = [t.text for t in tasks if len(_CJK.findall(t.text)) < 3]
    return short if len(short) >= 3 and len(short) * 4 >= len(tasks) else []


def read_running_text(document: Document, claimed: frozenset[int]) -> Reading:
    """Tasks in the running text outside the claimed lines."""
    tasks, blocks = read_prose(document, set(claimed), prefix="p")
    return Reading(tuple(tasks), tuple(blocks), frozenset(), ())


#: The readers govkg runs, in the order they claim lines.
READERS: tuple[Reader, ...] = (Reader("tables", read_tables), Reader("prose", read_running_text))


#: What a line must hold to cite anything: a title mark (《) or a digit (a standard's or a
#: document's number, or an item number before a known title).
_MAY_CITE = re.compile(r"[《\d①-⑳]")


def _attach_citations(document: Document, tasks: list[Task]) -> tuple[list[Task], list[Citation]]:
    by_line: dict[int, list[Citation]] = {}
    for number, line in enumerate(document.lines, 1):
        if _MAY_CITE.search(line):
            found = find_citations(line, document=document.file_name, line=number)
            if found:
                by_line[number] = found
    # a task owns the citations on its own line; a requirement's line belongs to the requirement
    owner: dict[int, int] = {}
    for i, task in enumerate(tasks):
        owner.setdefault(task.evidence.line, i)
    every = resolve_titles([c for cites in by_line.values() for c in cites], {n: document.line(n) for n in by_line})
    by_line = {}
    for c in every:
        by_line.setdefault(c.evidence.line, []).append(c)
    out = list(tasks)
    loose: list[Citation] = []
    for number, cites in by_line.items():
        if number in owner:
            i = owner[number]
            out[i] = replace(out[i], citations=out[i].citations + tuple(cites))
        else:
            loose.extend(cites)
    return out, loose


def _layout(blocks: list[Block], tasks: list[Task], actors) -> str:
    names = []
    for b in blocks:
        if b.layout.startswith("table:"):
            names.append(b.layout)
    if any(b.layout in ("task", "duty", "role-line") for b in blocks) and any(not t.key.startswith("t") for t in tasks):
        names.append("prose")
    if actors and not tasks:
        names.append("narrative")
    return ",".join(dict.fromkeys(names))


def extract_text(document: Document, *, tagger: TopicTagger | None = None) -> Extraction:
    """Read the tasks, citations and actors of an already-read document."""
    problems: list[Problem] = []
    tasks: list[Task] = []
    blocks: list[Block] = []
    claimed: frozenset[int] = frozenset()
    for reader in READERS:
        reading = reader.read(document, claimed)
        tasks.extend(reading.tasks)
        blocks.extend(reading.blocks)
        problems.extend(reading.problems)
        claimed = claimed | reading.lines
    tasks = [replace(t, targets=tuple(find_targets(t.text))) if t.text else t for t in tasks]
    if tagger is not None:
        tasks = tagger.tag_tasks(tasks)
    tasks, loose = _attach_citations(document, tasks)
    task_lines = {t.evidence.line for t in tasks if t.assignments}
    task_lines |= {a.evidence.line for t in tasks for a in t.assignments}
    actors = find_actors(document, skip=task_lines | claimed)
    for task in tasks:
        if not task.text.strip():
            problems.append(Problem(document.file_name, task.evidence.line, "task with empty text"))
    problems.extend(Problem(document.file_name, 0, w) for w in document.warnings)
    problems.extend(role_warnings(document, tasks))
    if not tasks and not actors:
        problems.append(Problem(document.file_name, 1, "no tasks, assignments or actors found; expected a task table, role brackets or a duty list"))
    return Extraction(
        document=document, tasks=tuple(tasks), actors=tuple(actors), citations=tuple(loose),
        problems=tuple(problems), layout=_layout(blocks, tasks, actors), blocks=tuple(sorted(blocks, key=lambda b: b.line)),
    )


def extract_document(path: str | Path, *, tagger: TopicTagger | None = None) -> Extraction:
    """Read and extract one file. Unreadable files raise :class:`DocumentError`."""
    document = read_document(path)
    try:
        return extract_text(document, tagger=tagger)
    except DocumentError:
        raise
    except Exception as exc:  # a reader bug must not lose the other documents
        problem = Problem(document.file_name, 0, f"extraction failed: {type(exc).__name__}: {exc}", "error")
        return Extraction(document=document, problems=(problem,))
