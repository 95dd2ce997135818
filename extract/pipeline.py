"""One document in, one :class:`~govkg.extract.records.Extraction` out.

The layouts are a closed tuple of readers run in order: tables (tabs, one cell per line,
pipes) first, then running text outside the tables (role brackets, role sentences and lines,
duty lists), then the citations of every line and the units named as actors in lines that
assign nothing. A document whose reading fails yields an extraction with a problem, never an
exception that stops the other documents.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "plan.txt"
>>> _ = p.write_text("遵义市大气污染防治任务分解表\\n序号\\t工作任务\\t责任单位\\t配合单位\\n"
...                  "1\\t整治扬尘，执行《建筑施工场界环境噪声排放标准》（GB12523-2011）\\t市住建局\\t市城管局\\n",
...                  encoding="utf-8")
>>> ex = extract_document(p)
>>> [(a.role, a.unit.name) for a in ex.tasks[0].assignments]
[('responsible', '市住房和城乡建设局'), ('cooperating', '市城管局')]
>>> sorted(c.code or c.title for c in ex.tasks[0].citations)
['GB12523-2011', '建筑施工场界环境噪声排放标准']
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .actor import find_actors
from .citation import find_citations
from .document import read_document
from .errors import DocumentError
from .prose import prose_tasks
from .records import Citation, Document, Extraction, Problem, Task
from .table import find_tables
from .tabular import table_tasks
from .target import find_targets
from .topic import TopicTagger

__all__ = ["extract_document", "extract_text", "LAYOUTS"]

#: The layouts govkg reads, in the order they claim lines.
LAYOUTS = ("table", "prose", "actors")


def _attach_citations(document: Document, tasks: list[Task]) -> tuple[list[Task], list[Citation]]:
    by_line: dict[int, list[Citation]] = {}
    for number, line in enumerate(document.lines, 1):
        if "《" in line or any(ch.isdigit() for ch in line):
            found = find_citations(line, document=document.file_name, line=number)
            if found:
                by_line[number] = found
    # a task owns the citations on its own line; a requirement's line belongs to the requirement
    owner: dict[int, int] = {}
    for i, task in enumerate(tasks):
        owner.setdefault(task.evidence.line, i)
    out = list(tasks)
    loose: list[Citation] = []
    for number, cites in by_line.items():
        if number in owner:
            i = owner[number]
            out[i] = replace(out[i], citations=out[i].citations + tuple(cites))
        else:
            loose.extend(cites)
    return out, loose


def extract_text(document: Document, *, tagger: TopicTagger | None = None) -> Extraction:
    """Read the tasks, citations and actors of an already-read document."""
    problems: list[Problem] = []
    tasks: list[Task] = []
    table_lines: set[int] = set()
    layouts = []
    for n, table in enumerate(find_tables(document.lines), 1):
        table_lines.update(range(table.first_line, table.last_line + 1))
        found = table_tasks(document, table, prefix=f"t{n}")
        if not found:
            problems.append(Problem(document.file_name, table.first_line, f"table with header {'|'.join(table.header)} has no task column"))
        tasks.extend(found)
        layouts.append(f"table:{table.printing}")
    prose = prose_tasks(document, table_lines, prefix="p")
    if prose:
        layouts.append("prose")
    tasks.extend(prose)
    tasks = [replace(t, targets=tuple(find_targets(t.text))) if t.text else t for t in tasks]
    if tagger is not None:
        tasks = tagger.tag_tasks(tasks)
    tasks, loose = _attach_citations(document, tasks)
    task_lines = {t.evidence.line for t in tasks if t.assignments}
    task_lines |= {a.evidence.line for t in tasks for a in t.assignments}
    actors = find_actors(document, skip=task_lines | table_lines)
    if actors and not tasks:
        layouts.append("narrative")
    for task in tasks:
        if not task.text.strip():
            problems.append(Problem(document.file_name, task.evidence.line, "task with empty text"))
    if not tasks and not actors:
        problems.append(Problem(document.file_name, 1, "no tasks, assignments or actors found; expected a task table, role brackets or a duty list"))
    return Extraction(
        document=document, tasks=tuple(tasks), actors=tuple(actors), citations=tuple(loose),
        problems=tuple(problems), layout=",".join(dict.fromkeys(layouts)),
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
