"""A document's text rendition: the lines every reader works on, whatever the file format.

A Word file, a PDF, a web page or a spreadsheet is rendered as lines of text: paragraphs as
lines, and each table row as one line with its cells separated by tabs. The table itself is
kept as a grid of :class:`~govkg.extract.passage.Passage` cells pointing into those lines, so
the table reader gets real cells (merged cells repeated over the rows and columns they span)
and every cell still has a line and columns in the rendition. Each line also carries a
locator in the source file (``page 3``, ``paragraph 12``, ``table 2, row 4``), so evidence
can name both. ``govkg show DOC`` prints the rendition.

>>> b = RenditionBuilder("docx")
>>> b.add_line("遵义市任务分解表", "paragraph 1")
1
>>> b.add_table([["序号", "工作任务", "责任单位"], ["1", "治理扬尘", "市住建局"], ["2", "整治油烟", None]], "table 1")
>>> r = b.build()
>>> r.lines
('遵义市任务分解表', '序号\\t工作任务\\t责任单位', '1\\t治理扬尘\\t市住建局', '2\\t整治油烟\\t')
>>> r.locators[2], r.grids[0].first_line, r.grids[0].cells[1][2].text, r.grids[0].cells[1][2].where(0)
('table 1, row 2', 2, '市住建局', (3, 7))
"""

from __future__ import annotations

from dataclasses import dataclass

from .passage import Passage

__all__ = ["Grid", "Rendition", "RenditionBuilder"]


@dataclass(frozen=True)
class Grid:
    """A table as read from the file: ``cells[row][column]`` (``None`` where empty)."""

    cells: tuple[tuple[Passage | None, ...], ...]
    first_line: int
    locator: str = ""


@dataclass(frozen=True)
class Rendition:
    """What a format reader returns: lines, a locator per line, tables as grids, the source
    format and, for text files, the encoding it was decoded from."""

    lines: tuple[str, ...]
    locators: tuple[str, ...]
    grids: tuple[Grid, ...]
    format: str
    encoding: str | None = None


class RenditionBuilder:
    """Collects lines and tables in reading order."""

    def __init__(self, format: str, encoding: str | None = None) -> None:
        self.format = format
        self.encoding = encoding
        self._lines: list[str] = []
        self._locators: list[str] = []
        self._grids: list[Grid] = []

    def add_line(self, text: str, locator: str = "") -> int:
        """Add one line (line breaks inside become spaces); returns its 1-based number."""
        self._lines.append(text.replace("\r", " ").replace("\n", " "))
        self._locators.append(locator)
        return len(self._lines)

    def add_table(self, rows: list[list[str | None]], locator: str = "") -> None:
        """Add a table: one line per row, cells joined by tabs. Cells hold their text or
        ``None``; a merged cell is given in every row and column it spans."""
        if not rows:
            return
        width = max(len(r) for r in rows)
        first = len(self._lines) + 1
        grid: list[tuple[Passage | None, ...]] = []
        for n, row in enumerate(rows, 1):
            cells = [(c or "").replace("\r", " ").replace("\n", " ").replace("\t", " ").strip() for c in row]
            cells += [""] * (width - len(cells))
            line_no = self.add_line("\t".join(cells), f"{locator}, row {n}" if locator else f"row {n}")
            passages: list[Passage | None] = []
            column = 0
            for text in cells:
                passages.append(Passage.of_line(line_no, text, column) if text else None)
                column += len(text) + 1
            grid.append(tuple(passages))
        self._grids.append(Grid(tuple(grid), first, locator))

    def build(self) -> Rendition:
        return Rendition(tuple(self._lines), tuple(self._locators), tuple(self._grids), self.format, self.encoding)
