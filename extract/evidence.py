"""Evidence for a piece of text: where in the source it stands, and the quote.

>>> from govkg.extract.records import Document
>>> from govkg.extract.passage import Passage
>>> doc = Document("p", "p.txt", "0" * 64, "", None, ("序号\\t任务", "1\\t治理扬尘污染", "市县交通", "运输局"))
>>> locate(doc, 2, "治理扬尘")
Evidence(document='p.txt', line=2, start=2, end=6, quote='治理扬尘', end_line=None)
>>> p = Passage.join([Passage.of_line(3, "市县交通"), Passage.of_line(4, "运输局")])
>>> evidence_of(doc, p, 1, 7)
Evidence(document='p.txt', line=3, start=1, end=3, quote='县交通\\n运输局', end_line=4)
"""

from __future__ import annotations

from .passage import Passage
from .records import Document, Evidence

__all__ = ["locate", "evidence_of"]


def locate(document: Document, line: int, text: str, start: int | None = None) -> Evidence:
    """Evidence for ``text`` on 1-based ``line`` of ``document``.

    The quote is the part of ``text`` that stands on that line (a wrapped cell quotes its first
    line); ``start`` is used when the caller knows the offset already.
    """
    source = document.line(line)
    if start is None:
        first = text.split("\n", 1)[0]
        probe = first[:12]
        start = source.find(probe) if probe else -1
        if start < 0:
            stripped = source.lstrip("\t ")
            start = len(source) - len(stripped)
    quote = source[start : start + len(text)]
    return Evidence(document=document.file_name, line=line, start=start, end=start + len(quote), quote=quote)


def evidence_of(document: Document, passage: Passage, start: int, end: int) -> Evidence:
    """Evidence for characters ``[start, end)`` of ``passage``: the source from the first of
    them to the last, quoted exactly, over line breaks where the passage crosses them."""
    end = max(min(end, len(passage.text)), start + 1)
    line, col = passage.where(start)
    last_line, last_col = passage.where(end - 1)
    if not passage.text:
        return Evidence(document.file_name, line, col, col, "")
    if last_line == line and last_col >= col:
        quote = document.line(line)[col : last_col + 1]
        return Evidence(document.file_name, line, col, last_col + 1, quote)
    pieces = [document.line(line)[col:]]
    pieces += [document.line(n) for n in range(line + 1, last_line)]
    pieces.append(document.line(last_line)[: last_col + 1])
    return Evidence(document.file_name, line, col, last_col + 1, "\n".join(pieces), end_line=last_line)
