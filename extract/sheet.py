"""Excel workbooks (``.xlsx``) through openpyxl.

Each visible worksheet is one table, ``sheet NAME``. A merged range's value is repeated in
every cell it spans, so a 责任单位 merged down five rows is the unit of all five; rows and
columns left empty are dropped. Cells read as Excel shows them where it matters: whole
numbers without ``.0``, percentages as ``85%``, dates as ``2016-12-31``; formulas give the
value Excel last computed (none when the file was never opened in Excel).

>>> import openpyxl, tempfile, pathlib
>>> wb = openpyxl.Workbook()
>>> ws = wb.active
>>> ws.title = "任务"
>>> for row in (["序号", "工作任务", "牵头单位"], [1, "治理扬尘", "市住建局"], [2, "整治油烟", None]):
...     ws.append(row)
>>> ws.merge_cells("C2:C3")
>>> p = pathlib.Path(tempfile.mkdtemp()) / "plan.xlsx"
>>> wb.save(p)
>>> r = read_xlsx(p)
>>> r.lines, r.locators[1]
(('序号\\t工作任务\\t牵头单位', '1\\t治理扬尘\\t市住建局', '2\\t整治油烟\\t市住建局'), 'sheet 任务, row 2')
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govkg.graph.errors import DocumentError
from .extras import library_warnings, require
from .rendition import Rendition, RenditionBuilder
from .signature import check_container

__all__ = ["read_xlsx", "cell_text", "MAX_CELLS"]

#: The largest used range read from one sheet (rows x columns). A task list of 2,000 rows by
#: 30 columns is 60,000 cells; a range far beyond this is stray formatting or damage, and
#: openpyxl would build every cell of it in memory.
MAX_CELLS = 2_000_000


def _number(value: float) -> str:
    return str(int(value)) if value == value and value.is_integer() and abs(value) < 1e15 else repr(value)


def cell_text(value: object, number_format: str = "General") -> str | None:
    """A cell value as text, as Excel shows it where it matters.

    >>> cell_text(3.0), cell_text(0.85, "0%"), cell_text(dt.datetime(2016, 12, 31)), cell_text(True), cell_text(" ")
    ('3', '85%', '2016-12-31', 'TRUE', None)
    """
    if value is None:
        return None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, (int, float)):
        if "%" in (number_format or ""):
            text = _number(round(value * 100, 10)) + "%"
        else:
            text = _number(float(value)) if isinstance(value, float) else str(value)
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, (dt.date, dt.time)):
        text = value.isoformat()
    else:
        text = str(value)
    return text if text.strip() else None


def _sheet_rows(ws, path: str) -> list[list[str | None]]:
    """The sheet's cells, merged ranges repeated, empty rows and columns dropped."""
    max_row, max_col = ws.max_row or 0, ws.max_column or 0
    if max_row * max_col > MAX_CELLS:
        raise DocumentError(path, 0, f"expected a sheet of at most {MAX_CELLS:,} cells; found sheet {ws.title} spanning {ws.dimensions} ({max_row:,} rows x {max_col:,} columns)")
    values: dict[tuple[int, int], str] = {}
    for row in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col):
        for cell in row:
            if cell.value is not None:
                text = cell_text(cell.value, getattr(cell, "number_format", "General"))
                if text is not None:
                    values[(cell.row, cell.column)] = text
    for merged in ws.merged_cells.ranges:
        text = values.get((merged.min_row, merged.min_col))
        if text is None:
            continue
        for r in range(merged.min_row, min(merged.max_row, max_row) + 1):
            for c in range(merged.min_col, min(merged.max_col, max_col) + 1):
                values[(r, c)] = text
    rows = sorted({r for r, _ in values})
    columns = sorted({c for _, c in values})
    return [[values.get((r, c)) for c in columns] for r in rows]


def read_xlsx(path: str | Path, *, warnings: list[str] | None = None) -> Rendition:
    """Read an Excel ``.xlsx`` workbook: each visible sheet as a table.

    Empty and hidden sheets, and openpyxl's own warnings, are appended to ``warnings`` when it
    is given; a workbook without data, a file that is not an .xlsx or a damaged one raises
    :class:`DocumentError`.
    """
    shown = str(path)
    openpyxl = require("openpyxl", shown, "Excel .xlsx files")
    check_container(shown, Path(path), "an Excel .xlsx file", "xl/workbook.xml")
    builder = RenditionBuilder("xlsx")
    found: list[str] = []
    sheets = 0
    try:
        with library_warnings(found, "openpyxl", "openpyxl"), open(path, "rb") as handle:  # closed even when openpyxl fails
            workbook = openpyxl.load_workbook(handle, read_only=False, data_only=True)
            try:
                for ws in workbook.worksheets:
                    sheets += 1
                    if ws.sheet_state != "visible":
                        found.append(f"sheet {ws.title} is {ws.sheet_state} and was not read")
                        continue
                    rows = _sheet_rows(ws, shown)
                    if rows:
                        builder.add_table(rows, f"sheet {ws.title}")
                    else:
                        found.append(f"sheet {ws.title} is empty")
            finally:
                workbook.close()
    except DocumentError:
        raise
    except Exception as exc:  # openpyxl, zipfile and the XML parsers raise many types for damaged files
        raise DocumentError(shown, 0, f"expected an Excel .xlsx file; found a damaged one ({type(exc).__name__}: {exc})") from None
    rendition = builder.build()
    if not rendition.lines:
        raise DocumentError(shown, 0, f"expected a workbook with data; found {sheets} sheet(s) without any")
    if warnings is not None:
        warnings.extend(found)
    return rendition
