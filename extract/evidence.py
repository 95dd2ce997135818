"""Evidence for a piece of text: where on its line it stands.

>>> from govkg.extract.records import Document
>>> doc = Document("p", "p.txt", "0" * 64, "", None, ("序号\\t任务", "1\\t治理扬尘污染"))
>>> locate(doc, 2, "治理扬尘")
Evidence(document='p.txt', line=2, start=2, end=6, quote='治理扬尘')
"""

from __future__ import annotations

from .records import Document, Evidence

__all__ = ["locate"]


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
    if text.startswith(quote) or not quote:
        pass
    end = start + len(quote)
    return Evidence(document=document.file_name, line=line, start=start, end=end, quote=quote)
