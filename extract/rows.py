"""Cutting a stream of cells into rows and putting each cell in its column.

One dynamic programme serves every printing. Each cell goes to a column; within a row the
columns only move right; a cell may join the one before in the same column (a wrapped cell,
a name split by a space); a row may leave columns out (cells merged with the row above, or
empty). The score of a reading adds up, for every cell, how well its content type fits its
column's kind (:func:`fit`), the hints the printing gives (a hard row boundary, the slot a
cell was printed in), and small costs for skipped columns, joins and new rows. The best
reading wins.

>>> from govkg.extract.passage import Passage
>>> from govkg.extract.stream import RawCell, HARD, LINE
>>> kinds = ["number", "task", "responsible", "cooperating", "deadline"]
>>> texts = ["1", "治理扬尘", "市住建局", "2020", "2", "整治油烟", "市城管局", "市公安局", "2021"]
>>> cells = [RawCell(Passage.of_line(n, t), cell_type(t), LINE) for n, t in enumerate(texts, 1)]
>>> [[(col, [c.passage.text for c in cs]) for col, cs in row] for row in read_rows(cells, kinds)]
[[(0, ['1']), (1, ['治理扬尘']), (2, ['市住建局']), (4, ['2020'])], [(0, ['2']), (1, ['整治油烟']), (2, ['市城管局']), (3, ['市公安局']), (4, ['2021'])]]
"""

from __future__ import annotations

from .cell import cell_type
from .stream import HARD, LINE, RawCell

__all__ = ["read_rows", "fit"]

_ROLE = ("lead", "responsible", "cooperating", "mixed")
_TEXT = ("parent", "task", "detail")

#: How well a cell of each content type fits a column of each kind.
_FIT: dict[str, dict[str, float]] = {
    "number":   {"number": 4.0, "text": -2.5, "role": -4.0, "deadline": -1.5, "person": -3.0, "progress": -1.0},
    "section":  {"number": -3.0, "text": 0.6, "role": -4.0, "deadline": -4.0, "person": -4.0, "progress": -2.0},
    "units":    {"number": -4.0, "text": -1.6, "role": 3.0, "deadline": -3.0, "person": -0.8, "progress": -2.0},
    "deadline": {"number": -2.5, "text": -1.2, "role": -3.0, "deadline": 3.0, "person": -2.0, "progress": -0.2},
    "person":   {"number": -3.0, "text": -1.0, "role": -1.0, "deadline": -2.0, "person": 2.5, "progress": -0.5},
    "progress": {"number": -2.0, "text": -0.8, "role": -3.0, "deadline": -0.5, "person": -0.5, "progress": 2.0},
    "text":     {"number": -3.0, "text": 1.0, "role": -3.0, "deadline": -2.0, "person": -1.5, "progress": -0.6},
}
#: Text columns differ a little: a lone text cell is the task, not a parent or a detail.
_TEXT_BONUS = {"task": 0.3, "parent": 0.0, "detail": -0.1}
#: Joining a cell to the previous cell of its column, by column group.
_JOIN = {"text": -0.25, "role": -0.35, "deadline": -1.2, "number": -6.0, "person": -0.8, "progress": -0.8}
#: Leaving a column of a row empty.
_SKIP = {"task": -1.0, "role": -0.35, "text": -0.25, "number": -0.3, "deadline": -0.3, "person": -0.1, "progress": -0.05}
_NEW_ROW = -1.2
_BREAK_BONUS = {HARD: 2.0, LINE: 0.0}
_SAME_LINE_ROW = -1.0
_SLOT_BONUS = 0.9


def _group(kind: str) -> str:
    if kind in _ROLE:
        return "role"
    if kind in _TEXT:
        return "text"
    if kind in ("number", "deadline", "person", "progress"):
        return kind
    return "progress"  # skip


def fit(cell_kind: str, column_kind: str) -> float:
    """How well a cell of content type ``cell_kind`` fits a column of kind ``column_kind``.

    >>> fit("units", "cooperating") > fit("units", "task"), fit("text", "task") > fit("text", "parent")
    (True, True)
    """
    group = _group(column_kind)
    score = _FIT.get(cell_kind, _FIT["text"]).get(group, -1.0)
    if group == "text" and cell_kind in ("text", "section"):
        score += _TEXT_BONUS.get(column_kind, 0.0)
    return score


def _skip_cost(kinds: list[str], lo: int, hi: int) -> float:
    """Cost of leaving columns ``lo .. hi-1`` empty."""
    total = 0.0
    for k in kinds[lo:hi]:
        total += _SKIP["task"] if k == "task" else _SKIP.get(_group(k), -0.1)
    return total


def read_rows(cells: list[RawCell], kinds: list[str]) -> list[list[tuple[int, list[RawCell]]]]:
    """The rows of a table: per row, ``(column, cells)`` in column order.

    Empty cells and ruling lines are not placed (a ruling line still ends a row).
    """
    n = len(kinds)
    items = [c for c in cells if c.kind not in ("empty",)]
    if not items or not n:
        return []
    neg = float("-inf")
    groups = [_group(k) for k in kinds]
    cost = [_SKIP["task"] if k == "task" else _SKIP.get(g, -0.1) for k, g in zip(kinds, groups)]
    prefix = [0.0]
    for c in cost:
        prefix.append(prefix[-1] + c)
    joins = [_JOIN[g] for g in groups]
    # the first role column is the one a lone list of units belongs to
    role_rank = {j: r for r, j in enumerate(j for j, k in enumerate(kinds) if k in _ROLE)}
    role_bonus = [0.15 / (1 + role_rank[j]) if j in role_rank else 0.0 for j in range(n)]
    # in a numbered table, rows start at their sequence numbers
    numbered = "number" in kinds and sum(1 for c in items if c.kind == "number") >= 2
    hard_before = {i + 1 for i, c in enumerate(items) if c.kind == "border"}
    order = [i for i in range(len(items)) if items[i].kind != "border"]
    score: dict[int, list[float]] = {}
    back: dict[int, list[tuple[int, bool]]] = {}
    prev_i = None
    for i in order:
        c = items[i]
        brk = HARD if i in hard_before else c.brk
        emit = [fit(c.kind, kinds[j]) + (_SLOT_BONUS if c.slot == j else 0.0) + role_bonus[j] for j in range(n)]
        if prev_i is None:
            score[i] = [emit[j] + prefix[j] * 0.5 for j in range(n)]
            back[i] = [(-1, True)] * n
            prev_i = i
            continue
        prev = score[prev_i]
        same_row_pen = -2.5 if brk == HARD else 0.0
        join_pen = -2.5 if brk == HARD else (-0.15 if brk == LINE else 0.0)
        row_bonus = _NEW_ROW + _BREAK_BONUS.get(brk, _SAME_LINE_ROW)
        # the best previous column to end a row in (with the columns it leaves empty)
        ends = [prev[jp] + prefix[n] - prefix[jp + 1] for jp in range(n)]
        best_end = max(range(n), key=ends.__getitem__)
        row_start = c.kind == "number"
        cur, arg_row = [neg] * n, [(-1, True)] * n
        for j in range(n):
            s_new = ends[best_end] + row_bonus + prefix[j] * 0.5
            if row_start and kinds[j] == "number":
                s_new += 1.5
            elif numbered and brk != HARD:
                s_new -= 1.5
            best, arg = s_new, (best_end, True)
            pj = prev[j]
            if pj != neg:
                s = pj + joins[j] + join_pen
                if s > best:
                    best, arg = s, (j, False)
            for jp in range(j):
                base = prev[jp]
                if base == neg:
                    continue
                s = base + prefix[j] - prefix[jp + 1] + same_row_pen
                if s > best:
                    best, arg = s, (jp, False)
            cur[j] = best + emit[j]
            arg_row[j] = arg
        score[i], back[i] = cur, arg_row
        prev_i = i
    if prev_i is None:
        return []
    last = order[-1]
    j = max(range(n), key=lambda k: score[last][k] + prefix[n] - prefix[k + 1])
    placed: list[tuple[int, int, bool]] = []  # (item, column, starts a row)
    for idx in range(len(order) - 1, -1, -1):
        i = order[idx]
        jp, new = back[i][j]
        placed.append((i, j, new))
        j = jp
    placed.reverse()
    rows: list[list[tuple[int, list[RawCell]]]] = []
    for i, col, new in placed:
        if new or not rows:
            rows.append([])
        row = rows[-1]
        if row and row[-1][0] == col:
            row[-1][1].append(items[i])
        else:
            row.append((col, [items[i]]))
    return rows
