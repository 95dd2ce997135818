"""Text drawn from a document, knowing where each of its characters came from.

A table cell wrapped over three lines, a paragraph a PDF broke at a fixed width, a unit list
split by a page break: readers join such pieces into one :class:`Passage` and work on its
text, and every offset they find still maps back to a line and a column of the source, so
every record can quote its evidence exactly.

>>> p = Passage.join([Passage.of_line(3, "治理扬尘，", 1), Passage.of_line(4, "落实六个百分百")])
>>> p.text, p.line, p.where(5)
('治理扬尘，落实六个百分百', 3, (4, 0))
>>> p.cut(2, 7).text, p.cut(2, 7).where(0)
('扬尘，落实', (3, 3))
>>> p.strip("治理").text
'扬尘，落实六个百分百'
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Passage"]


@dataclass(frozen=True)
class Passage:
    """``text`` with ``runs``: ``(offset, line, column)`` where a run of one source line starts.

    Characters ``text[offset:next offset]`` stand on ``line`` from ``column`` on, one after the
    other. An empty passage keeps the position it was cut at as its single run.
    """

    text: str
    runs: tuple[tuple[int, int, int], ...]

    @classmethod
    def of_line(cls, line: int, text: str, column: int = 0) -> Passage:
        """The part of 1-based source ``line`` that starts at ``column``."""
        return cls(text, ((0, line, column),))

    @classmethod
    def join(cls, parts: Iterable[Passage]) -> Passage:
        """The parts one after the other, with no character between them."""
        parts = list(parts)
        text: list[str] = []
        runs: list[tuple[int, int, int]] = []
        size = 0
        for part in parts:
            if not part.text:
                continue
            for offset, line, column in part.runs:
                if offset < len(part.text):
                    runs.append((size + offset, line, column))
            text.append(part.text)
            size += len(part.text)
        if not runs:
            return cls("", parts[0].runs[:1] if parts else ((0, 1, 0),))
        return cls("".join(text), tuple(runs))

    def then(self, other: Passage) -> Passage:
        """This passage, then ``other``; a line break stands between them when ``other`` starts
        on another line (it maps to the end of this passage's last line)."""
        if not self.text:
            return other
        last_line, last_col = self.where(len(self.text) - 1)
        if other.line == last_line:
            return Passage.join([self, other])
        return Passage.join([self, Passage.of_line(last_line, "\n", last_col + 1), other])

    @property
    def line(self) -> int:
        """The line of the first character."""
        return self.runs[0][1]

    @property
    def last_line(self) -> int:
        """The line of the last character."""
        return self.where(max(len(self.text) - 1, 0))[0]

    def where(self, offset: int) -> tuple[int, int]:
        """Source ``(line, column)`` of character ``offset`` (clamped into the passage)."""
        offset = min(max(offset, 0), max(len(self.text) - 1, 0))
        i = bisect_right(self.runs, (offset, float("inf"), 0)) - 1
        start, line, column = self.runs[max(i, 0)]
        return line, column + offset - start

    def cut(self, start: int, end: int | None = None) -> Passage:
        """The characters ``[start, end)``, still knowing where they came from."""
        end = len(self.text) if end is None else min(end, len(self.text))
        start = min(max(start, 0), end)
        if start == end:
            line, column = self.where(start)
            return Passage("", ((0, line, column),))
        runs = []
        for offset, line, column in self.runs:
            if offset >= end:
                break
            if offset <= start:
                runs = [(0, line, column + start - offset)]
            else:
                runs.append((offset - start, line, column))
        return Passage(self.text[start:end], tuple(runs))

    def strip(self, chars: str | None = None) -> Passage:
        """Without leading and trailing ``chars`` (whitespace by default)."""
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        return self.cut(left, max(left, right))

    def __len__(self) -> int:
        return len(self.text)

    def __bool__(self) -> bool:
        return bool(self.text)
