"""Finding tables in text and reading them into rows of cells, whatever the printing.

Three printings are read: tab-separated rows (``序号\\t工作目标\\t完成时限``), one cell per line
(each cell a line starting with a tab, rows separated by blank lines, wrapped cell text on lines
without a tab), and pipe tables (``| 序号 | 工作内容 |``). A header is a row of at least three
cells of which at least two are known column words; a repeated header (page break) continues
the table. Cells keep their 1-based line numbers.

>>> lines = ["序号\\t工作任务\\t责任单位\\t配合单位", "1\\t治理扬尘\\t市住建局\\t市城管局"]
>>> t = find_tables(lines)[0]
>>> t.header, [c.text for c in t.rows[0].cells]
(('序号', '工作任务', '责任单位', '配合单位'), ['1', '治理扬尘', '市住建局', '市城管局'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold
from .paragraph import is_page_footer
from .unit import all_units

__all__ = ["Cell", "Row", "Table", "find_tables", "is_header_word", "DEADLINE_CELL"]

_HEADER_WORDS = re.compile(
    r"^(?:序号|编号|项目|类别|指标|考核指标|创模指标要求|指标要求|工作目标|目标任务|工作任务|主要任务|重点任务|任务|任务名称|"
    r"工作内容|工作内容及要求|具体内容|具体任务|工作措施|主要措施|措施|考核要求|工作要求|要求|完成时限|完成期限|完成时间|时限|期限|"
    r"时间|时间节点|进度安排|备注|说明|责任分工|分工|牵头单位|牵头部门|主办单位|责任单位|责任部门|责任单位或牵头单位|"
    r"牵头单位或责任单位|配合单位|配合部门|协助单位|协办单位|参与单位|责任领导|单位|部门)$"
)
#: A cell holding only a deadline.
DEADLINE_CELL = re.compile(
    r"^(?:(?:19|20)\d\d\s*年(?:度|底|末|内|前)?[\d\s月日底前中上下旬—\-至到起]*?(?:前|底|止|完成)?|每年.{0,8}|长期|持续|常态化|年底前?|"
    r"(?:19|20)\d\d\s*[—\-~至到]\s*(?:19|20)\d\d\s*年?.{0,6})$"
)


def is_header_word(text: str) -> bool:
    """Whether ``text`` names a table column.

    >>> is_header_word("责任单位 或牵头单位"), is_header_word("市环保局")
    (True, False)
    """
    return bool(_HEADER_WORDS.match(re.sub(r"\s+", "", fold(text))))


@dataclass(frozen=True)
class Cell:
    """One cell: its text (wrapped lines joined) and the line where it starts."""

    text: str
    line: int
    column: int


@dataclass(frozen=True)
class Row:
    """One table row; ``cells`` are aligned to the header's columns (missing cells absent)."""

    cells: tuple[Cell, ...]
    line: int

    def get(self, column: int) -> Cell | None:
        return next((c for c in self.cells if c.column == column), None)


@dataclass(frozen=True)
class Table:
    """A table: header cells, rows, where it starts and ends, and its printing."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]
    first_line: int
    last_line: int
    printing: str


def _header_score(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip() and is_header_word(c))


def _is_tab_header(line: str) -> bool:
    cells = [c for c in line.split("\t") if c.strip()]
    return len(cells) >= 3 and _header_score(cells) >= max(2, len(cells) - 2)


def _is_pipe_row(line: str) -> bool:
    return line.strip().startswith("|") and line.count("|") >= 3


def _pipe_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _tab_table(lines: list[str], start: int) -> tuple[Table, int]:
    header = tuple(c.strip() for c in lines[start].split("\t"))
    while header and not header[-1]:
        header = header[:-1]
    ncols = len(header)
    deadline_col = next((i for i, h in enumerate(header) if re.search(r"时限|期限|时间", h)), None)
    rows: list[Row] = []
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if _is_tab_header(line):
            i += 1
            continue
        if "\t" not in line and rows and not re.match(r"^\s*[0-9]+\s*[、.．]", line):
            break
        raw = line.split("\t")
        cells = list(raw)
        if deadline_col is not None:
            k = next((j for j, c in enumerate(cells) if c.strip() and DEADLINE_CELL.match(c.strip())), None)
            if k is not None and k != deadline_col and k < deadline_col:
                cells = [""] * (deadline_col - k) + cells
        filled = [(j, c) for j, c in enumerate(cells) if c.strip()]
        if len(filled) == 1 and deadline_col is not None and filled[0][0] < deadline_col:
            # a lone numbered requirement spilled into a left column belongs to the one after the deadline
            j, c = filled[0]
            if re.match(r"^\s*[0-9]+\s*[、.．]", c):
                cells = [""] * (deadline_col + 1) + [c]
        row_cells = tuple(
            Cell(text=c.strip(), line=i + 1, column=min(j, ncols - 1)) for j, c in enumerate(cells) if c.strip()
        )
        if row_cells:
            rows.append(Row(cells=row_cells, line=i + 1))
        i += 1
    last = rows[-1].line if rows else start + 1
    return Table(header=header, rows=tuple(rows), first_line=start + 1, last_line=last, printing="tabs"), last


def _width(text: str) -> int:
    """Display width: CJK and full-width characters take two columns in fixed-width text."""
    return sum(2 if ord(ch) >= 0x1100 and not 0xFF61 <= ord(ch) <= 0xFFDC else 1 for ch in text)


def _chunks(line: str) -> list[tuple[int, str]]:
    """Runs of text separated by two or more spaces, with their display column."""
    out = []
    for m in re.finditer(r"\S+(?: \S+)*", line):
        out.append((_width(line[: m.start()]), m.group(0)))
    return out


def _is_space_header(line: str) -> bool:
    if "\t" in line or "|" in line:
        return False
    cells = [c for _, c in _chunks(line)]
    return len(cells) >= 3 and _header_score(cells) >= max(2, len(cells) - 1)


def _space_table(lines: list[str], start: int) -> tuple[Table, int]:
    """A table printed as fixed-width text: columns found from the header's positions."""
    header_chunks = _chunks(lines[start])
    header = tuple(re.sub(r"\s+", "", c) for _, c in header_chunks)
    starts = [col for col, _ in header_chunks]
    rows: list[list[list]] = []  # per row: per column [text, line]
    i = start + 1
    blank = 0
    last = start + 1

    def column(col: int) -> int:
        return max((k for k, s in enumerate(starts) if s <= col + 2), default=0)

    while i < len(lines):
        line = lines[i]
        if not line.strip():
            blank += 1
            if blank >= 2:
                break
            i += 1
            continue
        if is_page_footer(line) or _is_space_header(line):
            i += 1
            continue
        chunks = _chunks(line)
        if blank and chunks and chunks[0][0] < (starts[1] if len(starts) > 1 else 4) and not re.match(r"^[0-9]+$", chunks[0][1]):
            break
        blank = 0
        if not chunks or (len(chunks) == 1 and len(line.strip()) > 40 and not rows):
            break
        first_col = column(chunks[0][0])
        new_row = first_col == 0 and re.match(r"^[0-9]+$", chunks[0][1]) is not None
        if new_row or not rows:
            rows.append([["", 0] for _ in header])
        row = rows[-1]
        for col, text in chunks:
            k = column(col)
            if not row[k][0]:
                row[k] = [text, i + 1]
            else:
                row[k][0] += text
        last = i + 1
        i += 1
    table_rows = tuple(
        Row(cells=tuple(Cell(text=t, line=ln, column=k) for k, (t, ln) in enumerate(r) if t), line=next((ln for t, ln in r if t), 0))
        for r in rows
    )
    return Table(header=header, rows=table_rows, first_line=start + 1, last_line=last, printing="spaces"), last


def _cell_lines_header(lines: list[str], start: int) -> tuple[list[str], int] | None:
    """Header cells printed one per line, each starting with a tab."""
    cells: list[str] = []
    i = start
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t") and line.strip():
            cells.append(line.strip())
        elif line.strip() and cells and not line.startswith("\t") and len(line.strip()) <= 6:
            cells[-1] += line.strip()  # a header word wrapped onto the next line
        elif line.strip():
            break
        elif cells and i + 1 < len(lines) and lines[i + 1].startswith("\t") and not is_header_word(lines[i + 1]):
            break
        i += 1
        if cells and len(cells) >= 3 and not is_header_word(cells[-1]):
            cells.pop()
            i -= 1
            break
    if len(cells) >= 3 and _header_score(cells) >= len(cells) - 1:
        return cells, i
    return None


def _continues(current: list[list], text: str, ncols: int) -> bool:
    """Whether a cell after a blank gap still belongs to the row being read: the row lacks its
    unit cells, and this cell holds units."""
    return len(current) < ncols and not all_units(current[-1][0]) and all_units(text)


def _cell_table(lines: list[str], start: int, header: list[str], body: int) -> tuple[Table, int]:
    ncols = len(header)
    rows: list[Row] = []
    current: list[list] = []  # [text, line]
    blank = 0
    i = body
    last = body

    def flush() -> None:
        if not current:
            return
        n = len(current)
        offset = max(ncols - n, 0)
        cells = tuple(
            Cell(text=t.strip(), line=ln, column=min(offset + j, ncols - 1)) for j, (t, ln) in enumerate(current) if t.strip()
        )
        if cells:
            rows.append(Row(cells=cells, line=current[0][1]))
        current.clear()

    while i < len(lines):
        line = lines[i]
        if not line.strip():
            if line.startswith("\t") and blank == 0:
                current.append(["", i + 1])  # an empty cell
            else:
                blank += 1
            i += 1
            continue
        if line.startswith("\t"):
            if blank and current and not _continues(current, line.strip(), ncols):
                flush()
            # a repeated header after a page break
            rep = _cell_lines_header(lines, i) if is_header_word(line) else None
            if rep:
                flush()
                i = rep[1]
                blank = 0
                continue
            current.append([line.strip(), i + 1])
            last = i + 1
        else:
            if blank >= 2 or not current:
                break
            current[-1][0] += line.strip()
            last = i + 1
        blank = 0
        i += 1
    flush()
    return Table(header=tuple(header), rows=tuple(rows), first_line=start + 1, last_line=last, printing="cells"), last


def _pipe_table(lines: list[str], start: int) -> tuple[Table, int]:
    header = tuple(_pipe_cells(lines[start]))
    rows: list[Row] = []
    i = start + 1
    while i < len(lines) and (_is_pipe_row(lines[i]) or not lines[i].strip()):
        line = lines[i]
        if _is_pipe_row(line):
            cells = _pipe_cells(line)
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c) or _header_score(cells) >= len(header) - 1:
                i += 1
                continue
            row = tuple(Cell(text=c, line=i + 1, column=j) for j, c in enumerate(cells[: len(header)]) if c)
            if row:
                rows.append(Row(cells=row, line=i + 1))
        i += 1
    last = rows[-1].line if rows else start + 1
    return Table(header=header, rows=tuple(rows), first_line=start + 1, last_line=last, printing="pipes"), last


def find_tables(lines: list[str] | tuple[str, ...]) -> list[Table]:
    """Every table in ``lines`` (physical lines, index 0 = line 1), in order."""
    lines = list(lines)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_pipe_row(line) and _header_score(_pipe_cells(line)) >= 2:
            table, last = _pipe_table(lines, i)
        elif "\t" in line.strip("\t") and _is_tab_header(line):
            table, last = _tab_table(lines, i)
        elif _is_space_header(line):
            table, last = _space_table(lines, i)
        elif line.startswith("\t") and is_header_word(line):
            found = _cell_lines_header(lines, i)
            if not found:
                i += 1
                continue
            table, last = _cell_table(lines, i, *found)
        else:
            i += 1
            continue
        if table.rows:
            tables.append(table)
        i = max(last, i + 1)
    return tables
