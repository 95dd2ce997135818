"""Running text as logical paragraphs: lines wrapped at a fixed width (PDF) joined again.

A numbered line starts a paragraph; the lines after it continue it until a line ends with
terminal punctuation, a blank line, a new numbered item or a role line (责任单位：…). Page
footers (— 3 —, 第 2 页 共 5 页) and page headers repeated from earlier in the document are
skipped inside a paragraph. Every character keeps its source line and column.

>>> from govkg.extract.records import Document
>>> doc = Document("p", "p.txt", "0" * 64, "", None,
...     ("（一）推进燃煤电厂深度治理。由旗生态环境局牵头，旗工业和信", "— 3 —", "息科技局配合。", "（二）加强散煤治理。"))
>>> [(p.line, p.text) for p in paragraphs(doc, set())]
[(1, '（一）推进燃煤电厂深度治理。由旗生态环境局牵头，旗工业和信息科技局配合。'), (4, '（二）加强散煤治理。')]
>>> paragraphs(doc, set())[0].where(30)
(3, 1)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Document
from .role import LABEL_PATTERN
from .text import fold, numbering_level

__all__ = ["Paragraph", "paragraphs", "is_page_footer", "is_page_noise"]

_FOOTER = re.compile(r"^[—\-－–_\s]*[0-9]+[—\-－–_\s]*$|^第\s*[0-9]+\s*页|^[0-9]+\s*/\s*[0-9]+$|^-\s*[0-9]+\s*-$")
_TERMINAL = "。；;！!？?"


@dataclass(frozen=True)
class Paragraph:
    """A logical paragraph: first line, joined text, and each character's (line, column)."""

    line: int
    text: str
    positions: tuple[tuple[int, int], ...]

    def where(self, offset: int) -> tuple[int, int]:
        """Source (line, column) of character ``offset`` of the joined text."""
        if not self.positions:
            return self.line, 0
        return self.positions[min(max(offset, 0), len(self.positions) - 1)]


def is_page_footer(text: str) -> bool:
    """A page number line: — 3 —, 第 2 页 共 5 页, 2/5.

    >>> is_page_footer("  — 3 —"), is_page_footer("第 2 页 共 5 页"), is_page_footer("3. 整治")
    (True, True, False)
    """
    return bool(_FOOTER.match(text.strip()))


def is_page_noise(text: str, seen_short: set[str]) -> bool:
    """A page footer, or a short page header repeated from earlier in the document."""
    t = text.strip()
    return is_page_footer(t) or (t in seen_short and numbering_level(t) is None)


def paragraphs(document: Document, skip: set[int]) -> list[Paragraph]:
    """The logical paragraphs of the lines not in ``skip`` (1-based)."""
    out: list[Paragraph] = []
    seen_short: set[str] = set()
    text: list[str] = []
    pos: list[tuple[int, int]] = []
    first = 0
    open_paragraph = False

    def flush() -> None:
        nonlocal text, pos, open_paragraph
        if text:
            out.append(Paragraph(first, "".join(text), tuple(pos)))
        text, pos, open_paragraph = [], [], False

    for number, line in enumerate(document.lines, 1):
        stripped = line.strip()
        if number in skip or not stripped:
            flush()
            continue
        if open_paragraph and is_page_noise(stripped, seen_short):
            continue
        if len(stripped) <= 30:
            seen_short.add(stripped)
        indent = len(line) - len(line.lstrip())
        # a tab-indented line is a cell or paragraph of its own (Word export), never a wrapped line
        starts_new = numbering_level(stripped) is not None or bool(LABEL_PATTERN.match(fold(stripped))) or line.startswith("\t")
        if open_paragraph and not starts_new:
            text.append(stripped)
            pos.extend((number, indent + i) for i in range(len(stripped)))
        else:
            flush()
            first = number
            text.append(stripped)
            pos.extend((number, indent + i) for i in range(len(stripped)))
        open_paragraph = not stripped.endswith(tuple(_TERMINAL)) and not stripped.endswith(("〕", "】"))
    flush()
    return out
