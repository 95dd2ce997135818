"""Finding a table's header, however the table is printed.

A header is three or more column words (:mod:`~govkg.extract.columns`) in a row. The words
may be separated by tabs, pipes, box-drawing bars, commas or spaces; printed one per line
(with words split over two lines, ``完成`` / ``时限``); or glued together and followed on the
same line by the table's rows (a flattened table). What separates the words tells how the
rows are printed, which :mod:`~govkg.extract.stream` then reads.

>>> h = find_header(["附件", "序号\\t工作任务\\t责任单位\\t配合单位", "1\\t治理扬尘\\t市住建局\\t"], 1)
>>> h.words, h.printing, h.body
(('序号', '工作任务', '责任单位', '配合单位'), 'tabs', (3, 0))
>>> h = find_header(["\\t序号", "\\t工作内容", "", "\\t完成", "时限", "\\t责任单位", "", "\\t1"], 0)
>>> h.words, h.printing, h.body
(('序号', '工作内容', '完成时限', '责任单位'), 'cells', (7, 0))
>>> h = find_header(["1、分工表序号工作内容目标任务责任单位备注1将生活垃圾分类投放作为重要内容。市委宣传部"], 0)
>>> h.words, h.printing, h.body
(('序号', '工作内容', '目标任务', '责任单位', '备注'), 'flat', (1, 21))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .columns import column_kinds, is_header_word, split_header_words
from .noise import is_noise
from .text import fold
from .unit import looks_like_unit

__all__ = ["Header", "find_header", "infer_header", "line_tokens", "cell_line", "BOX_BARS", "is_border"]

#: Characters that separate the cells of a box-drawing or pipe table.
BOX_BARS = "|│┃║｜"
_BORDER = re.compile(r"^[\s┌┬┐├┼┤└┴┘─━═╔╦╗╠╬╣╚╩╝┏┳┓┣╋┫┗┻┛+\-=:|│┃║｜]*$")
_COMMA_SEP = re.compile(r"\s+,\s*|,\s+|^\s*,|,\s*$|(?<=,),")
#: A header holds at least one of these (a cheap test before the real one).
_MAY_HEAD = re.compile(r"序|单位|单|部门|时限|期限|时间|任务|内容|措施|要求|目标|指标|职责|分工|领导|责任|項|项目|名称|备注|进度|情况|完成|协助|配合|牵头")
_ANCHOR = re.compile(r"单位|部门|时限|期限|时间|序号|领导|责任人")


@dataclass(frozen=True)
class Header:
    """A table header: its words, how the table is printed, and where its body starts.

    ``body`` is the 1-based line and the column where the first cell after the header
    starts. ``offsets`` are the display columns of the words when the table is printed as
    fixed-width text (empty otherwise).
    """

    words: tuple[str, ...]
    printing: str
    first_line: int
    last_line: int
    body: tuple[int, int]
    offsets: tuple[int, ...] = ()

    @property
    def kinds(self) -> list[str]:
        return column_kinds(self.words)


def is_border(line: str) -> bool:
    """A ruling line of a box-drawing or Markdown table (``├──┼──┤``, ``|---|---|``)."""
    t = line.strip()
    return bool(t) and bool(_BORDER.match(t)) and bool(re.search(r"[─━═\-]{2,}", t))


def _width(text: str) -> int:
    """Display width: CJK and full-width characters take two columns in fixed-width text."""
    return sum(2 if ord(ch) >= 0x1100 and not 0xFF61 <= ord(ch) <= 0xFFDC else 1 for ch in text)


def line_tokens(line: str) -> tuple[str, list[tuple[int, int]]]:
    """How a line separates its cells, and the ``(start, end)`` of each non-empty cell.

    The separator is the strongest one present: tabs, bars, spaced commas, then spaces.

    >>> line_tokens("序号 | 工作内容 | 责任单位 |")
    ('pipes', [(0, 2), (5, 9), (12, 16)])
    >>> line_tokens("6 , 市规划局 , 将垃圾收集站纳入规划,做好选址. ,")[1]
    [(0, 1), (4, 8), (11, 27)]
    """
    if "\t" in line.strip():
        return "tabs", _spans(line, re.finditer(r"[^\t]+", line))
    if any(bar in line for bar in BOX_BARS):
        printing = "box" if re.search(r"[│┃║]", line) else "pipes"
        return printing, _spans(line, re.finditer(rf"[^{BOX_BARS}]+", line))
    if len(_COMMA_SEP.findall(line)) >= 2:
        cuts = [(m.start(), m.end()) for m in _COMMA_SEP.finditer(line)]
        spans, pos = [], 0
        for s, e in cuts:
            spans.append((pos, s))
            pos = e
        spans.append((pos, len(line)))
        return "commas", _spans(line, spans)
    return "spaces", _spans(line, re.finditer(r"\S+", line))


def _spans(line: str, found) -> list[tuple[int, int]]:
    out = []
    for item in found:
        s, e = (item.start(), item.end()) if hasattr(item, "start") else item
        piece = line[s:e]
        if piece.strip():
            left = len(piece) - len(piece.lstrip())
            out.append((s + left, s + len(piece.rstrip())))
    return out


def _group_words(line: str, spans: list[tuple[int, int]], printing: str) -> list[tuple[int, int, str] | None]:
    """Tokens grouped into header words; ``None`` where a token is no header word.

    Spaces inside a cell belong to the word (``责任单位 或牵头单位``); for tables printed with
    spaces, a token joins the next one when only together they make a word (``协助 单位``).
    """
    out: list[tuple[int, int, str] | None] = []
    i = 0
    while i < len(spans):
        s, e = spans[i]
        word = re.sub(r"\s+", "", fold(line[s:e]))
        if printing == "spaces" and i + 1 < len(spans):
            # two tokens make one word when one of them is no word alone: 协助 单位, 责任单位 或牵头单位
            nxt = re.sub(r"\s+", "", fold(line[spans[i + 1][0]:spans[i + 1][1]]))
            if is_header_word(word + nxt) and not (is_header_word(word) and is_header_word(nxt)):
                out.append((s, spans[i + 1][1], word + nxt))
                i += 2
                continue
        out.append((s, e, word) if is_header_word(word) else None)
        i += 1
    return out


def _named_column(word: str) -> bool:
    """A short name a document gives a column in its own words (民生实事, 重点项目)."""
    return 2 <= len(word) <= 8 and bool(re.fullmatch(r"[\u4e00-\u9fff]+", word)) and not looks_like_unit(word)


def _valid(words: list[str]) -> bool:
    if len(words) < 3:
        return False
    kinds = column_kinds(words)
    structural = sum(k in ("number", "deadline", "person", "lead", "responsible", "cooperating", "mixed") for k in kinds)
    return structural >= 1 and any(k == "task" for k in kinds) and len(set(kinds)) >= 2


def _line_header(lines: list[str], index: int) -> Header | None:
    line = lines[index]
    printing, spans = line_tokens(line)
    if not spans:
        return None
    groups = _group_words(line, spans, printing)
    # the longest run of consecutive header words
    best: tuple[int, int] | None = None
    start = None
    for i, g in enumerate([*groups, None]):
        if g is not None and start is None:
            start = i
        elif g is None and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    if best is None:
        return None
    run = [g for g in groups[best[0]:best[1]] if g is not None]
    words = [w for _, _, w in run]
    if not _valid(words):
        return None
    end = run[-1][1]
    rest = line[end:].strip(" \t" + BOX_BARS + ",")
    if rest and printing == "spaces":
        printing = "flat"
    offsets: tuple[int, ...] = ()
    if printing == "spaces":
        offsets = tuple(_width(line[:s]) for s, _, _ in run)
        if not re.search(r"\S {2,}\S", line.strip()):
            printing = "rows"  # cells separated by single spaces: positions say nothing
    body = (index + 1, end) if printing == "flat" else (index + 2, 0)
    return Header(tuple(words), printing, index + 1, index + 1, body, offsets)


def _glued_header(lines: list[str], index: int) -> Header | None:
    """Header words run together inside a line, rows following on the same line."""
    line = fold(lines[index])
    if len(_ANCHOR.findall(line)) < 2:
        return None
    for anchor in re.finditer(r"序号|编号", line):
        for end in range(min(len(line), anchor.start() + 60), anchor.start() + 5, -1):
            words = split_header_words(line[anchor.start():end])
            if words and _valid(words):
                return Header(tuple(words), "flat", index + 1, index + 1, (index + 1, end))
    return None


def cell_line(line: str) -> str:
    """A line of a one-cell-per-line printing without the bars some exports put around each
    cell (``| 项目内容``, ``目标与任务 |``); a line of bars alone is empty."""
    return line.strip().strip(BOX_BARS).strip()


def _cells_header(lines: list[str], index: int) -> Header | None:
    """Header words printed one per line (a fragment such as 完成 joins the next line)."""
    words: list[str] = []
    i = index
    last = index
    unknown = False
    while i < len(lines):
        t = re.sub(r"\s+", "", fold(cell_line(lines[i])))
        if not t:
            i += 1
            continue
        fragment = bool(words) and not is_header_word(words[-1]) and not unknown
        if words and is_header_word(words[-1] + t) and (fragment or not is_header_word(t)):
            words[-1] += t  # 完成 / 时限, 责任单位 / 或牵头单位
            unknown = False
        elif is_header_word(t) and not fragment:
            words.append(t)
        elif len(t) <= 3 and not fragment and not t[0].isdigit():
            words.append(t)  # the first half of a word split over two lines
        elif _named_column(t) and words and is_header_word(words[-1]) and not unknown and not any(_named_column(w) and not is_header_word(w) for w in words):
            words.append(t)  # a column the document names in its own words (民生实事)
            unknown = True
        else:
            break
        last = i
        i += 1
    if words and not is_header_word(words[-1]):
        words.pop()
        last -= 1
        while last > index and not lines[last].strip():
            last -= 1
    if sum(1 for w in words if is_header_word(w)) < 3 or not _valid(words):
        return None
    return Header(tuple(words), "cells", index + 1, last + 1, (last + 2, 0))


def find_header(lines: list[str] | tuple[str, ...], index: int) -> Header | None:
    """The header that starts on ``lines[index]`` (0-based), or ``None``."""
    line = lines[index]
    t = line.strip()
    if not t or len(t) > 2000 or not _MAY_HEAD.search(t) or is_noise(line):
        return None
    if is_header_word(cell_line(line)):
        return _cells_header(lines, index)
    found = _line_header(lines, index)
    if found is not None:
        return found
    return _glued_header(lines, index)


_INFERRED = {"number": "序号", "units": "责任单位", "deadline": "完成时限", "person": "责任人", "progress": "备注"}


def infer_header(lines: list[str] | tuple[str, ...], index: int) -> Header | None:
    """The columns of a table printed without its header (an export that starts mid-table),
    read off the cells of its rows: a column of sequence numbers, of units, of deadlines, and
    task text. At least three rows with the same separator, a column of units and a column of
    text are needed.

    >>> rows = ["6 , 市规划局 , 将垃圾收集站纳入规划. ,", "7 , 市建委 , 组织在建工地开展垃圾分类工作. ,", "8 , 市园林局 , 指导公园景区开展垃圾分类. ,"]
    >>> h = infer_header(rows, 0)
    >>> h.words, h.printing, h.body
    (('序号', '责任单位', '工作任务'), 'commas', (1, 0))
    """
    from .cell import cell_type

    if not any(sep in lines[index] for sep in ("\t", "|", "│", "┃", "║", "｜", ",")):
        return None
    printing, spans = line_tokens(lines[index])
    if printing not in ("tabs", "pipes", "box", "commas") or len(spans) < 2:
        return None
    rows: list[list[str]] = []
    i = index
    while i < len(lines) and len(rows) < 40:
        line = lines[i]
        if not line.strip():
            break
        kind, found = line_tokens(line)
        if kind != printing and not (printing == "commas" and line.lstrip().startswith(",")):
            break
        if len(found) >= 2 and not line.lstrip().startswith(","):
            rows.append([line[a:b] for a, b in found])
        i += 1
    if len(rows) < 3:
        return None
    width = max(set(len(r) for r in rows), key=lambda n: sum(1 for r in rows if len(r) == n))
    full = [r for r in rows if len(r) == width]
    if len(full) < 3:
        return None
    words = []
    for col in range(width):
        types = [cell_type(r[col]) for r in full]
        best = max(set(types), key=types.count)
        share = types.count(best) / len(types)
        words.append(_INFERRED.get(best) if best in _INFERRED and share >= 0.6 else "工作任务")
    if "责任单位" not in words or "工作任务" not in words:
        return None
    texts = [k for k, w in enumerate(words) if w == "工作任务"]
    for k in texts[:-1]:
        words[k] = "项目"
    return Header(tuple(words), printing, index + 1, index + 1, (index + 1, 0))
