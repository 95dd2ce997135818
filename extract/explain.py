"""What one document was read as, in words: ``govkg explain FILE``.

Each block of the document and the layout it was read as (a table and its columns, a
heading, a task with its roles, a role line, duty sentences, text that assigns nothing),
then each task with its units, their roles and the evidence, then the problems. A user who
wonders why a document gave what it gave can see where the reading went.

>>> from govkg.extract.pipeline import extract_text
>>> from govkg.extract.records import Document
>>> doc = Document("p", "p.txt", "0" * 64, "遵义市方案", "遵义市", ("1. 整治扬尘。（市住建局牵头，市城管局配合）",))
>>> print(explain(extract_text(doc)))  # doctest: +NORMALIZE_WHITESPACE
p.txt  text  遵义市  1 task, 2 assignments
blocks
  line 1       task            1. 整治扬尘。（市住建局牵头，市城管局配合）
tasks
  p.1  line 1  整治扬尘。
      lead         市住房和城乡建设局    1:9-13 «市住建局»
      cooperating  市城管局            1:16-20 «市城管局»
"""

from __future__ import annotations

from .records import Evidence, Extraction

__all__ = ["explain"]


def _where(ev: Evidence) -> str:
    end = f"{ev.end_line}:{ev.end}" if ev.end_line else str(ev.end)
    return f"{ev.line}:{ev.start}-{end}"


def _lines(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}-{last}"


def explain(ex: Extraction, *, limit: int = 400) -> str:
    """The reading of one document as plain text (at most ``limit`` tasks)."""
    doc = ex.document
    assigned = sum(len(t.assignments) for t in ex.tasks)
    head = [doc.file_name, doc.format + (f" ({doc.encoding})" if doc.encoding else ""), doc.jurisdiction or "-",
            f"{len(ex.tasks)} task{'s' if len(ex.tasks) != 1 else ''}, {assigned} assignment{'s' if assigned != 1 else ''}"]
    out = ["  ".join(head), "blocks"]
    for b in ex.blocks:
        out.append(f"  {_lines(b.line, b.last_line):<12} {b.layout:<15} {b.detail}")
    out.append("tasks")
    for t in ex.tasks[:limit]:
        where = doc.locator(t.evidence.line)
        out.append(f"  {t.key}  line {t.evidence.line}{f' ({where})' if where else ''}  {t.text[:60]}")
        for a in t.assignments:
            out.append(f"      {a.role:<12} {a.unit.name:<16} {_where(a.evidence)} «{a.evidence.quote}»")
        for c in t.citations:
            out.append(f"      cites        {c.code or c.title}")
    if len(ex.tasks) > limit:
        out.append(f"  … {len(ex.tasks) - limit} more tasks")
    if ex.problems:
        out.append("problems")
        for p in ex.problems:
            out.append(f"  {p.severity}: {p.document}:{p.line}: {p.message}")
    return "\n".join(out)
