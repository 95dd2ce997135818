"""The one entry point from a file to its text rendition, whatever its format.

:func:`read_rendition` looks at the content first (a PDF header, a zip holding
``word/document.xml`` or ``xl/workbook.xml``, an OLE or RTF Word file, leading HTML markup) and
at the suffix second, so a .docx saved as .txt, or a web page saved as .doc, is still read
for what it is; plain text, and anything else that is text, goes through
:func:`~govkg.extract.encoding.decode_text`. The readers are a closed table here, not a
plugin registry; :data:`FORMATS` lists the suffixes they stand for.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "plan.txt").write_bytes("附件\\r\\n遵义市任务分解表\\r\\n".encode("gb18030"))
>>> r = read_rendition(folder / "plan.txt")
>>> r.lines, r.locators, r.format, r.encoding
(('附件', '遵义市任务分解表'), ('line 1', 'line 2'), 'text', 'gb18030')
>>> _ = (folder / "page.txt").write_text("<!DOCTYPE html><p>治理扬尘</p>", encoding="utf-8")
>>> format_of(folder / "page.txt"), format_of(folder / "plan.txt")
('html', 'text')
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

from govkg.graph.errors import DocumentError

from .encoding import decode_text
from .pdf import read_pdf
from .rendition import Rendition, RenditionBuilder
from .sheet import read_xlsx
from .signature import sniff_file
from .web import read_html
from .word import read_doc, read_docx

__all__ = ["read_rendition", "read_text", "format_of", "FORMATS", "READERS"]

#: The file name endings govkg reads.
FORMATS = (".txt", ".md", ".text", ".docx", ".doc", ".pdf", ".html", ".htm", ".xlsx")

_BY_SUFFIX = {".docx": "docx", ".doc": "doc", ".pdf": "pdf", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}
_BY_CONTENT = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "rtf": "doc", "html": "html"}
#: Formats close to the supported ones, refused with what to do instead.
_CONVERT = {
    ".xls": "an Excel 97-2003 .xls workbook: save it as .xlsx",
    ".ppt": "a PowerPoint file: export it as PDF",
    ".pptx": "a PowerPoint file: export it as PDF",
    ".odt": "an OpenDocument text: save it as .docx",
    ".ods": "an OpenDocument spreadsheet: save it as .xlsx",
}


def read_text(path: str | Path, *, warnings: list[str] | None = None) -> Rendition:
    """Read a text file: one rendition line per line of the file (``line N``), so line
    numbers agree with ``grep -n``; the encoding is detected and recorded."""
    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError(shown, 0, f"cannot read file: {exc.strerror or exc}") from exc
    text, encoding, found = decode_text(data, shown)
    newline = "\n" if "\n" in text or "\r" not in text else "\r"  # a classic Mac file ends lines with CR alone
    lines = [line.removesuffix("\r") for line in text.split(newline)]
    if lines and lines[-1] == "":
        lines.pop()
    builder = RenditionBuilder("text", encoding)
    for number, line in enumerate(lines, 1):
        builder.add_line(line, f"line {number}")
    if warnings is not None:
        warnings.extend(found)
    return builder.build()


#: Each format's reader, a closed table.
READERS: Mapping[str, Callable[..., Rendition]] = MappingProxyType(
    {"text": read_text, "docx": read_docx, "doc": read_doc, "pdf": read_pdf, "html": read_html, "xlsx": read_xlsx}
)


def _regular(path: Path) -> None:
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise DocumentError(str(path), 0, f"cannot read file: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        raise DocumentError(str(path), 0, f"expected a regular file; found {kind}")


def _zip_contents(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return "a damaged or truncated zip container"
    listed = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
    return f"a zip container holding neither word/document.xml nor xl/workbook.xml ({listed or 'empty'})"


def format_of(path: str | Path) -> str:
    """The format :func:`read_rendition` reads ``path`` as: a key of :data:`READERS`.

    Raises :class:`DocumentError` for what no reader takes (a zip that is neither .docx nor
    .xlsx, an .xls workbook, a path that is not a regular file).
    """
    path = Path(path)
    _regular(path)
    suffix = path.suffix.lower()
    try:
        kind = sniff_file(path)
    except OSError as exc:
        raise DocumentError(str(path), 0, f"cannot read file: {exc.strerror or exc}") from exc
    if suffix in _CONVERT and kind in ("ole", "zip", "text"):
        raise DocumentError(str(path), 0, f"expected one of {', '.join(FORMATS)}; found {_CONVERT[suffix]}")
    if kind in _BY_CONTENT:
        return _BY_CONTENT[kind]
    if kind == "ole":
        return "doc"
    if kind == "zip":
        if suffix in (".docx", ".xlsx"):
            return _BY_SUFFIX[suffix]  # its reader names what the zip lacks
        raise DocumentError(str(path), 0, f"expected a Word .docx or Excel .xlsx file; found {_zip_contents(path)}")
    return _BY_SUFFIX.get(suffix, "text")


def read_rendition(path: str | Path, *, warnings: list[str] | None = None) -> Rendition:
    """Read any supported file into its text rendition, choosing the reader by content first
    and suffix second.

    Problems that do not stop the reading (an incomplete last character, a page without a
    text layer, an overruled charset) are appended to ``warnings`` when it is given. A file
    that cannot be read raises :class:`DocumentError`, never another exception; a missing
    optional library is one too, naming the ``govkg[formats]`` extra.
    """
    return READERS[format_of(path)](path, warnings=warnings)
