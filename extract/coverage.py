"""What a document says about roles, against what was read: no silent failures.

A document that prints role column headers or role words (责任单位, 牵头, 配合 …) but yields few
or no assignments gets a warning that names it, the lines holding the unread role text and
the counts, so a layout the readers do not understand never passes unnoticed.

>>> from govkg.extract.records import Document
>>> doc = Document("p", "x.txt", "0" * 64, "", None, ("序号 | 内容 | 责任单位", "一 | 整治 | 市环保局牵头", "二 | 治理 | 市住建局负责"))
>>> [p.message for p in role_warnings(doc, [])]
['3 role markers, 0 assignments read (lines 1-3)']
"""

from __future__ import annotations

import re

from .records import Document, Problem, Task
from .text import fold

__all__ = ["role_markers", "role_warnings", "MARKER"]

#: A role word: a role column or label, or a role verb used as one (not 负责人, 负责同志).
MARKER = re.compile(
    r"""(?<![各关])(?<!相关)(?:牵头|责任|主办|承办|配合|协办|协助|参与)(?:单位|部门)  # not 各有关责任单位: the roles in general
      | 牵头(?!人)
      | 负责(?!人|同志|制|任|的)
      | 配合(?=[，,。；;）)\s]|$)
      | 参与(?=[，,。；;）)\s]|$)
      | 协助(?=[，,。；;）)\s]|$)""",
    re.VERBOSE,
)


def role_markers(document: Document) -> dict[int, int]:
    """Role words per 1-based line (lines without any are left out)."""
    out = {}
    for n, line in enumerate(document.lines, 1):
        if "单位" in line or "负责" in line or "牵头" in line or "配合" in line or "参与" in line or "协助" in line \
                or "負責" in line or "牽頭" in line or "參與" in line or "單位" in line:
            found = len(MARKER.findall(fold(line)))
            if found:
                out[n] = found
    return out


def _ranges(numbers: list[int]) -> str:
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n <= spans[-1][1] + 2:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    shown = [f"{a}-{b}" if a != b else str(a) for a, b in spans[:6]]
    return ", ".join(shown) + (", …" if len(spans) > 6 else "")


def role_warnings(document: Document, tasks: list[Task] | tuple[Task, ...]) -> list[Problem]:
    """A warning when the document's role words are many and its assignments few.

    Few means none at all while role words are printed, or fewer assignments than a third of
    six or more role markers; the lines named are those with role words but no assignment read
    from them.
    """
    markers = role_markers(document)
    total = sum(markers.values())
    assignments = [a for t in tasks for a in t.assignments if not t.implicit]
    if total == 0 or (assignments and (total < 6 or len(assignments) * 3 >= total)):
        return []
    read: set[int] = set()
    for t in tasks:
        for a in t.assignments:
            read.update(range(a.evidence.line, (a.evidence.end_line or a.evidence.line) + 1))
        if t.assignments:
            read.update(range(t.evidence.line, (t.evidence.end_line or t.evidence.line) + 1))
    unread = sorted(n for n in markers if n not in read)
    where = f" (lines {_ranges(unread)})" if unread else ""
    return [Problem(document.file_name, unread[0] if unread else 1, f"{total} role markers, {len(assignments)} assignments read{where}")]
