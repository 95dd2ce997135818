"""PDF files with a text layer, through pdfplumber.

Each page is read top to bottom: its ruled tables (``page.find_tables()``) become tables,
``page N, table K``, with a merged cell repeated over every row and column it covers, and the
rest of the page becomes lines, ``page N``, without the text inside the tables, so nothing is
read twice. A PDF with no text at all is a scan and is refused ("no text layer: run OCR
first"), as is one whose text layer holds only unmapped glyph numbers; a page without text
in a PDF that has some is a warning.

>>> import io, tempfile, pathlib
>>> page = b"BT /F1 12 Tf 72 700 Td (Task 1: clean the river) Tj ET"
>>> p = pathlib.Path(tempfile.mkdtemp()) / "plan.pdf"
>>> _ = p.write_bytes(minimal_pdf(page))
>>> r = read_pdf(p)
>>> r.lines, r.locators
(('Task 1: clean the river',), ('page 1',))
"""

from __future__ import annotations

import re
from pathlib import Path

from govkg.graph.errors import DocumentError

from .plausibility import improbable_share
from .extras import library_warnings, require
from .rendition import Rendition, RenditionBuilder

__all__ = ["read_pdf", "minimal_pdf", "NO_TEXT_LAYER"]

#: The advice every refusal of a text-less PDF ends with.
NO_TEXT_LAYER = "no text layer: run OCR first"

#: A PDF may have junk before its header; readers look for it in the first kilobyte.
_HEADER_WINDOW = 1024
#: pdfminer writes a glyph it cannot map to Unicode as (cid:N).
_CID = re.compile(r"\(cid:\d+\)")
#: Above this share of unmapped glyphs or improbable characters the text layer is unusable.
_UNUSABLE = 0.5
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_WRAP = re.compile(rf"(?<=[{_CJK}])\n(?=[{_CJK}])")


def minimal_pdf(content: bytes) -> bytes:
    """A one-page PDF whose page draws ``content`` (a content stream) in Helvetica as ``/F1``;
    for examples and tests."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _unwrap(text: str | None) -> str | None:
    """A cell's text with the line breaks of wrapping removed between CJK characters."""
    if text is None:
        return None
    return _WRAP.sub("", text).replace("\n", " ").strip() or None


def _center(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def _table_rows(table) -> list[list[str | None]]:
    """The table's cells with each merged cell repeated over the slots it covers."""
    texts = [[_unwrap(t) for t in row] for row in table.extract()]
    boxes = [row.cells for row in table.rows]
    filled = [(box, texts[r][c]) for r, row in enumerate(boxes) for c, box in enumerate(row) if box is not None]
    columns = [column.bbox for column in table.columns]
    for r, row in enumerate(boxes):
        for c, box in enumerate(row):
            if box is not None or c >= len(columns):
                continue
            x, _ = _center(columns[c])
            _, y = _center(table.rows[r].bbox)
            texts[r][c] = next((text for (x0, top, x1, bottom), text in filled if x0 <= x <= x1 and top <= y <= bottom), None)
    return texts


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    if obj.get("object_type") != "char":
        return False
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _page_blocks(page) -> list[tuple[float, str, object]]:
    """``(top, kind, content)`` of a page's lines and tables, top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    rest = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
    blocks: list[tuple[float, str, object]] = [(t.bbox[1], "table", _table_rows(t)) for t in tables]
    blocks += [(line["top"], "line", line["text"]) for line in rest.extract_text_lines(return_chars=False)]
    return sorted(blocks, key=lambda b: (b[0], b[1] == "line"))


def _open_error(path: str, exc: Exception) -> DocumentError:
    cause = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args else exc
    name = type(cause).__name__
    if "Password" in name or "Encrypt" in name:
        return DocumentError(path, 0, f"expected a PDF that opens without a password; found an encrypted one ({name}): remove the password first")
    return DocumentError(path, 0, f"expected a readable PDF; found a damaged one ({name}: {cause})")


def read_pdf(path: str | Path, *, warnings: list[str] | None = None) -> Rendition:
    """Read a PDF's text layer: lines and ruled tables in reading order, page by page.

    Pages without text are named in ``warnings`` (when given); a PDF with no text at all, an
    encrypted, damaged or non-PDF file raises :class:`DocumentError`.
    """
    shown = str(path)
    pdfplumber = require("pdfplumber", shown, "PDF files")
    try:
        with open(path, "rb") as f:
            head = f.read(_HEADER_WINDOW)
    except OSError as exc:
        raise DocumentError(shown, 0, f"cannot read file: {exc.strerror or exc}") from exc
    if b"%PDF-" not in head:
        raise DocumentError(shown, 0, f"expected a PDF (a file starting with %PDF-); found {'an empty file' if not head else repr(head[:8])}")
    builder = RenditionBuilder("pdf")
    empty_pages: list[int] = []
    found: list[str] = []
    count = 0
    try:
        with library_warnings(found, "pdfminer", "pdfminer"), open(path, "rb") as handle, pdfplumber.open(handle) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                count = number
                if not page.chars:
                    empty_pages.append(number)
                    continue
                tables = 0
                for _, kind, content in _page_blocks(page):
                    if kind == "line":
                        builder.add_line(str(content).rstrip(), f"page {number}")
                    elif content:
                        tables += 1
                        builder.add_table(content, f"page {number}, table {tables}")  # type: ignore[arg-type]
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many types (PSEOF, PDFSyntaxError, KeyError…) for damaged files
        raise _open_error(shown, exc) from None
    rendition = builder.build()
    text = "\n".join(rendition.lines)
    if not text.strip():
        raise DocumentError(shown, 0, f"expected a PDF with a text layer; found {count} page(s) of images only: {NO_TEXT_LAYER}")
    unmapped = sum(len(m) for m in _CID.findall(text)) / max(len(text), 1)
    if unmapped > _UNUSABLE or improbable_share(_CID.sub("", text)) > _UNUSABLE:
        sample = (_CID.findall(text) or [text.strip()[:12]])[0]
        raise DocumentError(shown, 0, f"expected a text layer whose fonts map to Unicode; found glyph codes or garbage (such as {sample!r}): {NO_TEXT_LAYER}")
    if warnings is not None:
        warnings.extend(f"page {n} has no text layer (an image only?): run OCR first to read it" for n in empty_pages)
        warnings.extend(found)
    return rendition
