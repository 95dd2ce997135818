"""What a file is, by its content: the signature in its first bytes, and for a zip container,
the part that names the application (``word/document.xml``, ``xl/workbook.xml``).

>>> sniff(b"%PDF-1.7\\n..."), sniff(b"\\xef\\xbb\\xbf<!DOCTYPE html><html>"), sniff("附件".encode())
('pdf', 'html', 'text')
>>> sniff(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1" + bytes(8)), describe(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1")
('ole', 'a Word 97-2003 or Excel 97-2003 file (an OLE container)')
>>> import tempfile, pathlib
>>> fake = pathlib.Path(tempfile.mkdtemp()) / "plan.docx"
>>> _ = fake.write_text("附件", encoding="utf-8")
>>> check_container(str(fake), fake, "a Word .docx file", "word/document.xml")
Traceback (most recent call last):
...
govkg.graph.errors.DocumentError: ...plan.docx: expected a Word .docx file (a zip container); found other data (starting b'\\xe9\\x99\\x84\\xe4\\xbb\\xb6')
"""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

from govkg.graph.errors import DocumentError

__all__ = ["sniff", "sniff_file", "describe", "check_container", "KINDS", "HEAD_BYTES"]

#: What :func:`sniff` and :func:`sniff_file` return.
KINDS = ("pdf", "docx", "xlsx", "zip", "ole", "rtf", "html", "text")
#: How much of a file the signatures are looked for in.
HEAD_BYTES = 4096

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: A PDF may have junk before its header; readers look for it in the first kilobyte.
_PDF_WINDOW = 1024
_HTML = re.compile(
    rb"""^ \s*
    (?: <!-- .*? --> \s* )*                         # comments before everything
    (?: <\?xml [^>]* > \s* )?                       # an XHTML page's XML declaration
    (?: <!-- .*? --> \s* )*
    (?: <!doctype \s+ html | <html\b | <head\b | <body\b | <meta\b | <title\b | <table\b | <div\b | <p\b | <h[1-6]\b )
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)


def _ascii_head(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes: without a UTF-8 BOM, and UTF-16 re-encoded."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) : len(head) // 2 * 2].decode(codec, "replace").encode("utf-8")
    return head.removeprefix(codecs.BOM_UTF8)


def sniff(head: bytes, names: tuple[str, ...] = ()) -> str:
    """The kind of a file from its first bytes (and, for a zip, the names it holds)."""
    if b"%PDF-" in head[:_PDF_WINDOW]:
        return "pdf"
    if head.startswith(b"PK"):
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if _HTML.match(_ascii_head(head)):
        return "html"
    return "text"


def sniff_file(path: str | Path) -> str:
    """:func:`sniff` on a file: reads its head and, for a zip container, its list of names.

    Raises ``OSError`` when the file cannot be read.
    """
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    names: tuple[str, ...] = ()
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as z:
                names = tuple(z.namelist())
        except _ZIP_ERRORS:
            names = ()
    return sniff(head, names)


def describe(head: bytes, names: tuple[str, ...] = ()) -> str:
    """What the file is, in words, for the "found …" half of an error message."""
    kind = sniff(head, names)
    if not head:
        return "an empty file"
    return {
        "pdf": "a PDF",
        "docx": "a Word .docx file",
        "xlsx": "an Excel .xlsx file",
        "zip": "a zip container" if names else "a damaged or truncated zip container",
        "ole": "a Word 97-2003 or Excel 97-2003 file (an OLE container)",
        "rtf": "an RTF file",
        "html": "a web page",
    }.get(kind, f"other data (starting {head[:8]!r})")


#: zipfile raises these for a damaged container (NotImplementedError: an unknown zip version).
_ZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError)


def check_container(path: str, file: Path, expected: str, part: str) -> None:
    """Raise :class:`DocumentError` for ``path`` unless ``file`` is a zip holding ``part``;
    ``expected`` names the format (``a Word .docx file``) in the message."""
    try:
        with open(file, "rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError as exc:
        raise DocumentError(path, 0, f"cannot read file: {exc.strerror or exc}") from exc
    if not head.startswith(b"PK") or not zipfile.is_zipfile(file):
        found = describe(head)
        advice = ": save it as .xlsx" if "Excel" in expected and sniff(head) == "ole" else ""
        raise DocumentError(path, 0, f"expected {expected} (a zip container); found {found}{advice}")
    try:
        with zipfile.ZipFile(file) as z:
            names = z.namelist()
    except _ZIP_ERRORS as exc:
        raise DocumentError(path, 0, f"expected {expected}; found a damaged zip container ({type(exc).__name__}: {exc})") from None
    if part not in names:
        listed = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
        raise DocumentError(path, 0, f"expected {expected} (a zip holding {part}); found a zip of {len(names)} file(s) without it ({listed or 'empty'})")
