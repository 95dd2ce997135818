"""A table body as a stream of cells, whatever separates them.

Each printing has its own way to separate cells and rows; this module reads them all into the
same stream of :class:`RawCell`: the cell's text (a :class:`~govkg.extract.passage.Passage`),
its content type, how strongly a row boundary is hinted before it, and, where the printing
keeps columns apart reliably, which column slot it was printed in. The row reader
(:mod:`~govkg.extract.rows`) does the rest.

>>> from govkg.extract.header import find_header
>>> lines = ["序号\\t工作任务\\t责任单位", "1\\t治理扬尘\\t市住建局", "\\t落实六个百分百\\t"]
>>> cells, last = body_cells(lines, find_header(lines, 0))
>>> [(c.passage.text, c.kind, c.brk, c.slot) for c in cells], last
([('1', 'number', 2, 0), ('治理扬尘', 'text', 0, 1), ('市住建局', 'units', 0, 2), ('落实六个百分百', 'text', 2, 1)], 3)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cell import cell_type
from .header import BOX_BARS, Header, cell_line, find_header, is_border, line_tokens
from .noise import is_noise, is_share_site
from .passage import Passage
from .text import fold
from .unit import all_units, split_unit_text

__all__ = ["RawCell", "body_cells", "HARD", "LINE", "SAME"]

#: Row-boundary hints before a cell: none, a line break, a hard boundary.
SAME, LINE, HARD = 0, 1, 2
_NUMBERED = re.compile(r"^\s*[0-9]+\s*[、.．]")
_PAGE_MARK = re.compile(r"^[0-9]{1,3}、")
_ROW_START = re.compile(r"(?<![0-9.．])([0-9]{1,3})(?:\s*[、.．](?![0-9]))?(?=[\u4e00-\u9fff“（(《])")
_NOT_AFTER_NUMBER = re.compile(r"^(?:年|月|日|号|个|项|家|万|亿|天|次|倍|米|吨|元|人|座|处|条|户|辆|台|套|所|名|类|批|期|级|届|千|百|公里|平方|亩|%)")


@dataclass(frozen=True)
class RawCell:
    """One cell of a table body before it is placed in a row and a column."""

    passage: Passage
    kind: str
    brk: int
    slot: int | None = None


def _cell(passage: Passage, brk: int, slot: int | None = None) -> RawCell:
    return RawCell(passage, cell_type(passage.text), brk, slot)


def _repeated_header(lines: list[str], i: int, header: Header) -> Header | None:
    found = find_header(lines, i)
    return found if found is not None and found.words == header.words else None


def _tab_cells(lines: list[str], header: Header) -> tuple[list[RawCell], int]:
    out: list[RawCell] = []
    i = header.body[0] - 1
    last = header.last_line
    while i < len(lines):
        line = lines[i]
        if not line.strip() or is_noise(line):
            i += 1
            continue
        rep = _repeated_header(lines, i, header) if "\t" in line else None
        if rep is not None:
            i = rep.last_line
            continue
        if "\t" not in line.strip("\t") and not line.startswith("\t"):
            if not out or not _NUMBERED.match(line):
                if out and i == last:  # a cell wrapped onto a line of its own
                    text = line.strip()
                    col = line.index(text)
                    out.append(_cell(Passage.of_line(i + 1, text, col), SAME))
                    last = i + 1
                    i += 1
                    continue
                break
        slot = 0
        first = True
        for m in re.finditer(r"[^\t]*", line):
            if m.start() > 0 and line[m.start() - 1] != "\t" and m.group() == "":
                continue
            text = m.group()
            stripped = text.strip()
            if stripped:
                col = m.start() + text.index(stripped)
                out.append(_cell(Passage.of_line(i + 1, stripped, col), HARD if first else SAME, slot))
                first = False
            slot += 1
        last = i + 1
        i += 1
    return out, last


def _bar_cells(lines: list[str], header: Header) -> tuple[list[RawCell], int]:
    """Pipe and box tables; a row whose line does not end on a bar wraps onto the next line."""
    out: list[RawCell] = []
    i = header.body[0] - 1
    last = header.last_line
    open_row = False
    slot = 0
    bordered = any(is_border(lines[k]) for k in range(i, min(len(lines), i + 6)))
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped or is_noise(line):
            if open_row:
                i += 1
                continue
            break
        if is_border(line):
            open_row, slot = False, 0
            out.append(RawCell(Passage.of_line(i + 1, ""), "border", HARD))
            last = i + 1
            i += 1
            continue
        if not any(bar in line for bar in BOX_BARS) and not open_row:
            break
        rep = _repeated_header(lines, i, header)
        if rep is not None:
            i = rep.last_line
            continue
        starts_bar = stripped[0] in BOX_BARS
        new_row = not open_row and not (bordered and out and out[-1].kind != "border")
        if starts_bar and not open_row:
            slot = 0
        pieces = list(re.finditer(rf"[^{BOX_BARS}]+", line))
        for n, m in enumerate(pieces):
            text = m.group().strip()
            if n > 0 or starts_bar:
                pass
            if not text:
                slot += 1
                continue
            col = m.start() + m.group().index(text)
            brk = HARD if (new_row and not [c for c in out[-0:] if False]) and n == 0 else SAME
            if open_row and n == 0 and not starts_bar:
                brk = LINE  # the wrapped rest of the previous line's last cell
                out.append(RawCell(Passage.of_line(i + 1, text, col), cell_type(text), brk, max(slot - 1, 0)))
            else:
                out.append(RawCell(Passage.of_line(i + 1, text, col), cell_type(text), brk, slot))
            new_row = False
            slot += 1
        open_row = not stripped.endswith(tuple(BOX_BARS))
        if bordered:
            slot = 0
        last = i + 1
        i += 1
    return out, last


def _by_slot(rows: list[list[RawCell]]) -> list[RawCell]:
    """Rows printed over several lines, each cell in a fixed slot: the pieces of a slot
    joined into one cell (a wrapped cell of a fixed-width or box table)."""
    out: list[RawCell] = []
    for row in rows:
        slots: dict[int, list[Passage]] = {}
        for c in row:
            slots.setdefault(c.slot if c.slot is not None else -1, []).append(c.passage)
        for n, slot in enumerate(sorted(slots)):
            passage = Passage.join(slots[slot])
            out.append(RawCell(passage, cell_type(passage.text), HARD if n == 0 else SAME, None if slot < 0 else slot))
    return out


_BOX_LINE = re.compile(r"[─━═]")


def _fields(line: str) -> list[tuple[int, str]]:
    """The fields between the bars of one box-drawing line, with where each starts."""
    cuts = [m.start() for m in re.finditer(r"[│┃║|｜├┤┼╠╣╬┣┫╋]", line)]
    return [(a + 1, line[a + 1:b]) for a, b in zip(cuts, cuts[1:])]


def _box_cells(lines: list[str], header: Header) -> tuple[list[RawCell], int]:
    """A box-drawing table with ruled rows. Between two full rules a row may be divided, in
    some columns only, by partial rules (``│  ├────┤      │``): the divided columns give
    sub-rows, and a column left whole is a cell merged over all of them. Columns are told
    apart by the bars of each line (CJK text makes positions differ from line to line)."""
    width = len(_fields(lines[header.first_line - 1]))
    out: list[RawCell] = []
    i = header.last_line
    last = header.last_line
    block: list[int] = []

    def flush() -> None:
        if not block:
            return
        segments: list[list[list[Passage]]] = [[[]] for _ in range(width)]
        for n in block:
            fields = _fields(lines[n])
            ruled = is_border(lines[n])
            for k, (start, text) in enumerate(fields[:width]):
                if ruled:
                    if _BOX_LINE.search(text) and segments[k][-1]:
                        segments[k].append([])
                    continue
                stripped = text.strip()
                if stripped:
                    segments[k][-1].append(Passage.of_line(n + 1, stripped, start + text.index(stripped)))
        parts = [[Passage.join(seg) for seg in col if seg] for col in segments]
        height = max((len(p) for p in parts), default=0)
        for r in range(height):
            first = True
            for k, col in enumerate(parts):
                if not col or (len(col) not in (1, height) and r >= len(col)):
                    continue
                passage = col[min(r, len(col) - 1)]
                out.append(RawCell(passage, cell_type(passage.text), HARD if first else SAME, k))
                first = False
        block.clear()

    while i < len(lines):
        line = lines[i]
        if not line.strip() or is_noise(line) or not re.search(r"[│┃║|├┤┼┌┐└┘┬┴─]", line):
            break
        fields = _fields(line)
        if is_border(line) and (len(fields) <= 1 or all(_BOX_LINE.search(t) for _, t in fields)):
            flush()  # a rule across the whole table
        else:
            block.append(i)
        last = i + 1
        i += 1
    flush()
    return out, last


def _comma_cells(lines: list[str], header: Header) -> tuple[list[RawCell], int]:
    out: list[RawCell] = []
    i = header.body[0] - 1
    last = header.last_line
    while i < len(lines):
        line = lines[i]
        if not line.strip() or is_noise(line):
            i += 1
            continue
        printing, spans = line_tokens(line)
        if printing != "commas" and not line.lstrip().startswith(","):
            break
        lead = line.lstrip().startswith(",")
        for n, (s, e) in enumerate(spans):
            slot = n + (1 if lead else 0)
            out.append(_cell(Passage.of_line(i + 1, line[s:e], s), HARD if n == 0 else SAME, None if lead else slot))
        last = i + 1
        i += 1
    return out, last


def _width(text: str) -> int:
    return sum(2 if ord(ch) >= 0x1100 and not 0xFF61 <= ord(ch) <= 0xFFDC else 1 for ch in text)


def _space_cells(lines: list[str], header: Header) -> tuple[list[RawCell], int]:
    """Fixed-width text: the header's display positions tell each chunk's column; a row goes on
    over the lines below it until the next line that starts with a sequence number."""
    rows: list[list[RawCell]] = []
    starts = header.offsets
    i = header.body[0] - 1
    last = header.last_line
    blank = 0

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
        if is_noise(line) or _repeated_header(lines, i, header):
            i += 1
            continue
        chunks = [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", line)]
        first_col = column(_width(line[: chunks[0][0]]))
        if blank and first_col == 0 and not chunks[0][1].isdigit():
            break
        if len(chunks) == 1 and len(line.strip()) > 40 and not rows:
            break
        blank = 0
        if not rows or (first_col == 0 and chunks[0][1].isdigit()):
            rows.append([])
        for s, text in chunks:
            rows[-1].append(RawCell(Passage.of_line(i + 1, text, s), "", LINE, column(_width(line[:s]))))
        last = i + 1
        i += 1
    return _by_slot(rows), last


def _row_cells(lines: list[str], header: Header) -> tuple[list[RawCell], int]:
    """One row per line, cells separated by single spaces (the task cell may hold spaces too)."""
    out: list[RawCell] = []
    i = header.body[0] - 1
    last = header.last_line
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            if out and (i + 1 >= len(lines) or not lines[i + 1].strip()):
                break
            i += 1
            continue
        if is_noise(line):
            i += 1
            continue
        tokens = [(m.start(), m.group()) for m in re.finditer(r"\S+", line)]
        if len(tokens) < 2 and out and len(line.strip()) > 60:
            break
        for n, (s, text) in enumerate(tokens):
            out.append(_cell(Passage.of_line(i + 1, text, s), HARD if n == 0 else SAME))
        last = i + 1
        i += 1
    return _join_split_names(out), last


def _line_cells(lines: list[str], header: Header) -> tuple[list[RawCell], int]:
    """One cell per line; blank lines part rows only where they do not part every cell."""
    i = header.body[0] - 1
    first = lines[header.first_line - 1]
    tab_led = first.startswith("\t") or first.lstrip().startswith(tuple(BOX_BARS))
    items: list[tuple[int, str, int]] = []  # (line index, text, blank lines before)
    blank = 0
    while i < len(lines):
        line = lines[i]
        if not cell_line(line):
            if tab_led and line.startswith("\t") and blank == 0 and items:
                items.append((i, "", 0))  # an empty cell of a Word export
            else:
                blank += 1
            i += 1
            continue
        if is_noise(line):
            i += 1
            continue
        if tab_led and not line.startswith("\t") and not line.lstrip().startswith(tuple(BOX_BARS)):
            if blank >= 2 or not items or find_header(lines, i) is not None:
                break
            items.append((i, line, -1))  # wrapped text of the cell above
            blank = 0
            i += 1
            continue
        rep = _repeated_header(lines, i, header)
        if rep is not None:
            i = rep.last_line
            blank = 0
            continue
        if not tab_led and blank >= 3 and items and find_header(lines, i) is not None:
            break
        items.append((i, line, blank))
        blank = 0
        i += 1
    gaps = [b for _, _, b in items[1:] if b >= 0]
    blank_parts_rows = bool(gaps) and sum(1 for b in gaps if b > 0) < 0.6 * len(gaps)
    out: list[RawCell] = []
    last = header.last_line
    for index, text, before in items:
        stripped = cell_line(text)
        col = text.index(stripped) if stripped else 0
        passage = Passage.of_line(index + 1, stripped, col)
        if before < 0 and out:
            prev = out.pop()
            out.append(_cell(prev.passage.then(passage), prev.brk))
        else:
            out.append(_cell(passage, HARD if (before > 0 and blank_parts_rows) else LINE))
        last = index + 1
    return out, last


def _glued_tokens(passage: Passage) -> list[Passage]:
    """A long run of text without separators cut where a new cell must start: before a
    time expression that opens a sentence, and before a list of units that ends the run."""
    text = fold(passage.text)
    cuts = {0, len(text)}
    for m in re.finditer(r"(?<=[。；;])(?=(?:(?:19|20)\d\d\s*年|[0-9]{1,2}\s*月底|年底前|持续))", text):
        cuts.add(m.start())
    # a list of units after the last full stop: the unit cell of the row
    for m in re.finditer(r"[。；;]", text):
        tail = text[m.end():]
        if len(tail) >= 3 and all_units(tail):
            cuts.add(m.end())
            break
    return [passage.cut(a, b) for a, b in zip(sorted(cuts), sorted(cuts)[1:]) if b > a]


def _join_split_names(cells: list[RawCell]) -> list[RawCell]:
    """Tokens a PDF space split inside one unit name, put back together: ``县交通`` ``运输局``,
    ``县委县政府`` ``督查室``."""
    out: list[RawCell] = []
    for c in cells:
        if out and c.brk == SAME and out[-1].passage.line == c.passage.line:
            prev = out[-1]
            gap = c.passage.runs[0][2] - (prev.passage.runs[-1][2] + len(prev.passage.text) - prev.passage.runs[-1][0])
            joined = prev.passage.text + " " + c.passage.text
            units = split_unit_text(joined)
            if gap == 1 and c.kind in ("units", "text") and len(units) == 1 and all_units(joined) and (
                prev.kind != "units" or c.kind == "units"
            ):
                merged = Passage.join([prev.passage, Passage.of_line(c.passage.line, " ", c.passage.runs[0][2] - 1), c.passage])
                out[-1] = RawCell(merged, "units", prev.brk, prev.slot)
                continue
        out.append(c)
    return out


def _flat_cells(lines: list[str], header: Header, share_site: bool) -> tuple[list[RawCell], int]:
    """A table run together on long lines: header words, then row after row."""
    line_no, col = header.body
    out: list[RawCell] = []
    last = header.last_line
    i = line_no - 1
    brk = SAME
    while i < len(lines):
        line = lines[i]
        start = col if i == line_no - 1 else 0
        if not line.strip():
            brk = LINE
            i += 1
            continue
        if is_noise(line):
            i += 1
            continue
        if i != line_no - 1 and find_header(lines, i) is not None:
            break
        seamless = False
        if share_site and i != line_no - 1 and _PAGE_MARK.match(line):
            start = _PAGE_MARK.match(line).end()  # a page of a document-sharing preview
            seamless = True
        for m in re.finditer(r"\S+", line[start:]):
            token = Passage.of_line(i + 1, m.group(), start + m.start())
            if seamless and out and m.start() == 0:
                prev = out.pop()
                token = Passage.join([prev.passage, token])
                out.append(RawCell(token, cell_type(token.text), prev.brk))
            else:
                out.append(_cell(token, brk))
            brk = SAME
            seamless = False
        brk = LINE
        last = i + 1
        i += 1
    cut = []
    for c in _split_numbers(out):
        pieces = _glued_tokens(c.passage) if c.kind != "number" else [c.passage]
        for k, piece in enumerate(pieces):
            cut.append(c if len(pieces) == 1 else RawCell(piece, cell_type(piece.text), c.brk if k == 0 else SAME))
    return _join_split_names(cut), last


def _split_numbers(cells: list[RawCell]) -> list[RawCell]:
    """Cut sequence numbers glued to the text of their row (``…（管委会）2完善…``)."""
    out: list[RawCell] = []
    expected = 1
    for c in cells:
        text = fold(c.passage.text)
        pos = 0
        pieces: list[tuple[int, int, bool]] = []
        for m in _ROW_START.finditer(text):
            value = int(m.group(1))
            if value not in (expected, expected + 1) or _NOT_AFTER_NUMBER.match(text[m.end():]):
                continue
            before = text[:m.start()]
            if m.start() > 0 and not re.search(r"[。；;）)局委办府会室部心厅队站所院区县市镇乡]$", before):
                continue
            if m.start() > pos:
                pieces.append((pos, m.start(), False))
            pieces.append((m.start(), m.end(), True))
            pos = m.end()
            expected = value + 1
        if not pieces:
            if c.kind == "number":
                value = int(re.sub(r"\D", "", text) or 0)
                expected = value + 1 if value else expected
            out.append(c)
            continue
        if pos < len(text):
            pieces.append((pos, len(text), False))
        for n, (a, b, number) in enumerate(pieces):
            passage = c.passage.cut(a, b)
            out.append(RawCell(passage, "number" if number else cell_type(passage.text), HARD if number else (c.brk if n == 0 else SAME)))
    return out


def _one_cell_per_line(lines: list[str], header: Header) -> bool:
    """A header printed on one line over a body printed one cell per line."""
    body = [ln.strip() for ln in lines[header.body[0] - 1 : header.body[0] + 11] if ln.strip()][:6]
    single = sum(1 for ln in body if not re.search(r"\s", ln))
    return len(body) >= 3 and single >= len(body) - 1


def _sections_apart(cells: list[RawCell]) -> list[RawCell]:
    """A section heading printed between rows (``二、全力以赴扩投资``) is a row of its own."""
    out = []
    after_section = False
    for c in cells:
        if c.kind == "section" or after_section:
            c = RawCell(c.passage, c.kind, HARD, c.slot)
        after_section = c.kind == "section"
        out.append(c)
    return out


def body_cells(lines: list[str] | tuple[str, ...], header: Header) -> tuple[list[RawCell], int]:
    """The cells of the table under ``header`` and the last 1-based line the table takes."""
    cells, last = _body_cells(lines if isinstance(lines, list) else list(lines), header)
    return _sections_apart(cells), last


def _body_cells(lines: list[str], header: Header) -> tuple[list[RawCell], int]:
    if header.printing == "tabs":
        return _tab_cells(lines, header)
    if header.printing == "box" and any(is_border(ln) for ln in lines[header.last_line:header.last_line + 3]):
        return _box_cells(lines, header)
    if header.printing in ("pipes", "box"):
        return _bar_cells(lines, header)
    if header.printing == "commas":
        return _comma_cells(lines, header)
    if header.printing in ("spaces", "rows") and _one_cell_per_line(lines, header):
        return _line_cells(lines, header)
    if header.printing == "spaces":
        return _space_cells(lines, header)
    if header.printing == "rows":
        return _row_cells(lines, header)
    if header.printing == "cells":
        return _line_cells(lines, header)
    return _flat_cells(lines, header, is_share_site(lines))
