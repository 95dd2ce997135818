"""The table model, and finding every table in a document, whatever its printing.

One model for every source: a table printed as text (tabs, one cell per line, pipes, box
drawing, commas, fixed-width or single spaces, or flattened into long lines) and a table read
from Word, HTML or a spreadsheet all become a :class:`Table` of :class:`Row` of :class:`Cell`,
each cell a :class:`~govkg.extract.passage.Passage` that knows its source lines.

For text, :func:`find_tables` finds each header (:mod:`~govkg.extract.header`), reads the body
as a stream of cells (:mod:`~govkg.extract.stream`) and puts the cells into rows and columns
by their content (:mod:`~govkg.extract.rows`).

>>> lines = ["序号\\t工作任务\\t责任单位\\t配合单位", "1\\t治理扬尘\\t市住建局\\t市城管局"]
>>> t = find_tables(lines)[0]
>>> t.header, [c.text for c in t.rows[0].cells], t.printing
(('序号', '工作任务', '责任单位', '配合单位'), ['1', '治理扬尘', '市住建局', '市城管局'], 'tabs')
>>> lines = ["工作任务 责任单位 完成时限 加强扬尘管控 县住建局 持续开展 整治油烟 县城管局 2020年底"]
>>> [[c.text for c in r.cells] for r in find_tables(lines)[0].rows]
[['加强扬尘管控', '县住建局', '持续开展'], ['整治油烟', '县城管局', '2020年底']]
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .columns import ROLE_KINDS, column_kinds
from .header import Header, find_header, infer_header
from .passage import Passage
from .rows import read_rows
from .stream import RawCell, body_cells

__all__ = ["Cell", "Row", "Table", "find_tables", "table_from_grid"]


@dataclass(frozen=True)
class Cell:
    """One cell: its text as a passage of the source, and its column."""

    passage: Passage
    column: int

    @property
    def text(self) -> str:
        return self.passage.text

    @property
    def line(self) -> int:
        return self.passage.line


@dataclass(frozen=True)
class Row:
    """One row; ``cells`` are the non-empty cells, each in its column."""

    cells: tuple[Cell, ...]
    line: int

    def get(self, column: int) -> Cell | None:
        return next((c for c in self.cells if c.column == column), None)


@dataclass(frozen=True)
class Table:
    """A table: header words and their kinds, rows, the lines it takes, and its printing."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]
    first_line: int
    last_line: int
    printing: str
    kinds: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.kinds:
            object.__setattr__(self, "kinds", tuple(column_kinds(self.header)))


def _merge(cells: list[RawCell], kind: str) -> Passage:
    """The raw cells one column got in one row, as one passage.

    Text printed on several lines keeps its line breaks (task text drops them later); lists
    of units printed apart stay apart.
    """
    merged = cells[0].passage
    for c in cells[1:]:
        if kind in ROLE_KINDS and c.passage.line == merged.last_line:
            merged = Passage.join([merged, Passage.of_line(c.passage.line, "\n", c.passage.runs[0][2]), c.passage])
        else:
            merged = merged.then(c.passage)
    return merged


def _table(header: Header, cells: list[RawCell], last: int) -> Table | None:
    kinds = column_kinds(header.words)
    rows = []
    for raw in read_rows(cells, kinds):
        row_cells = tuple(Cell(_merge(cs, kinds[col]), col) for col, cs in raw)
        row_cells = tuple(c for c in row_cells if c.text.strip())
        if row_cells:
            rows.append(Row(row_cells, min(c.line for c in row_cells)))
    if not rows:
        return None
    return Table(header.words, tuple(rows), header.first_line, max(last, header.last_line), header.printing, tuple(kinds))


def _grid_rows(grid: list[list[Passage | None]], width: int) -> tuple[Row, ...]:
    rows = []
    for raw in grid:
        cells = tuple(Cell(p, j) for j, p in enumerate(raw) if j < width and p is not None and p.text.strip())
        if cells:
            rows.append(Row(cells, min(c.line for c in cells)))
    return tuple(rows)


def _header_row(grid: list[list[Passage | None]]) -> int | None:
    from .columns import is_header_word

    for h, row in enumerate(grid[:6]):
        named = [p.text for p in row if p is not None and p.text.strip()]
        if len(named) >= 2 and sum(is_header_word(w) for w in named) >= max(2, len(named) - 1):
            return h
    return None


def table_from_grid(grid: list[list[Passage | None]], *, first_line: int, printing: str,
                    previous: Table | None = None) -> Table | None:
    """A table read from a real grid (Word, HTML, spreadsheet, PDF): the first row that is a
    header gives the columns, and each later row's cells are already in their columns.

    ``grid`` holds one passage per cell (``None`` for an empty cell); merged cells are expected
    to be repeated over the rows and columns they span. A grid without a header, or with the
    same header as ``previous``, continues ``previous`` (a table broken by a page): the
    result is then ``previous`` with the grid's rows added.
    """
    h = _header_row(grid)
    if h is None:
        if previous is None or not grid or max(len(r) for r in grid) != len(previous.header):
            return None
        rows = _grid_rows(grid, len(previous.header))
        return replace(previous, rows=previous.rows + rows, last_line=max([previous.last_line, *(r.line for r in rows)]))
    header = tuple("".join((p.text if p is not None else "").split()) for p in grid[h])
    rows = _grid_rows(grid[h + 1:], len(header))
    if previous is not None and previous.header == header:
        return replace(previous, rows=previous.rows + rows, last_line=max([previous.last_line, *(r.line for r in rows)]))
    if not rows:
        return None
    return Table(header, rows, first_line, max(r.line for r in rows), printing, tuple(column_kinds(header)))


def find_tables(lines: list[str] | tuple[str, ...]) -> list[Table]:
    """Every table in ``lines`` (physical lines, index 0 = line 1), in order."""
    lines = list(lines)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        header = find_header(lines, i) or infer_header(lines, i)
        if header is None:
            i += 1
            continue
        cells, last = body_cells(lines, header)
        table = _table(header, cells, last)
        if table is not None:
            tables.append(table)
        i = max(last, header.last_line, i + 1)
    return tables
