"""Word documents: ``.docx`` through python-docx, ``.doc`` through LibreOffice.

The body is read in order: each paragraph is a line (``paragraph N``) with the label Word's
automatic numbering draws in front of it (``1.``, ``（一）``), and each table is a table
(``table N``): a vertically merged cell (``w:vMerge``) is repeated in every row it spans and a
horizontally merged one (``w:gridSpan``) in every column, so a 牵头单位 merged over three tasks
is the lead unit of all three. Text in content controls, hyperlinks and tracked insertions
is read; deleted and hidden text is not, nor text boxes and drawings (a warning counts them).

>>> import docx, tempfile, pathlib
>>> d = docx.Document()
>>> _ = d.add_paragraph("遵义市任务分解表")
>>> _ = d.add_paragraph("治理扬尘", style="List Number")
>>> t = d.add_table(rows=3, cols=2)
>>> t.cell(0, 0).text, t.cell(0, 1).text, t.cell(1, 0).text, t.cell(2, 0).text = "工作任务", "牵头单位", "治理扬尘", "整治油烟"
>>> t.cell(1, 1).merge(t.cell(2, 1)).text = "市住建局"
>>> p = pathlib.Path(tempfile.mkdtemp()) / "plan.docx"
>>> d.save(p)
>>> read_docx(p).lines
('遵义市任务分解表', '1. 治理扬尘', '工作任务\\t牵头单位', '治理扬尘\\t市住建局', '整治油烟\\t市住建局')
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from govkg.graph.errors import DocumentError
from .extras import library_warnings, require
from .numbering import ListCounter, read_definitions
from .rendition import Rendition, RenditionBuilder
from .signature import check_container, describe, sniff

__all__ = ["read_docx", "read_doc", "SOFFICE_PACKAGE"]

#: The Debian package that puts LibreOffice's ``soffice`` on PATH for .doc files.
SOFFICE_PACKAGE = "libreoffice-writer"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

#: Containers whose children are read as if they stood in their parent.
_TRANSPARENT = {_W + n for n in ("hyperlink", "smartTag", "ins", "moveTo", "sdt", "sdtContent", "customXml", "fldSimple", "bdo", "dir")}
#: Elements whose text is not part of the paragraph: deletions, drawings, objects.
_SKIPPED = {_W + n for n in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr", "drawing", "pict", "object")} | {_MC + "AlternateContent"}
_GLYPHS = {_W + "t": None, _W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
#: Word tables have at most 63 columns; a larger w:gridSpan is damage, not a span.
_MAX_SPAN = 63
#: LibreOffice's first start builds its profile; a large .doc takes a while more.
_CONVERT_SECONDS = 180


def _hidden(run) -> bool:
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(_W + "val") not in ("0", "false", "off")


def _run_text(element, out: list[str], drawings: list[int]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIPPED:
            if tag in (_W + "drawing", _W + "pict", _MC + "AlternateContent") and any(True for _ in child.iter(_W + "txbxContent")):
                drawings[0] += 1
            continue
        if tag in _GLYPHS:
            glyph = _GLYPHS[tag]
            out.append((child.text or "") if glyph is None else glyph)
        elif tag == _W + "r":
            if not _hidden(child):
                _run_text(child, out, drawings)
        elif tag in _TRANSPARENT:
            _run_text(child, out, drawings)


class _Body:
    """Walks a document body, numbering paragraphs as Word does."""

    def __init__(self, counter: ListCounter, styles: dict[str, tuple[str | None, str | None, str | None]]) -> None:
        self.counter = counter
        self.styles = styles  # styleId -> (basedOn, numId, ilvl)
        self.drawings = [0]

    def _style_numbering(self, style: str | None) -> tuple[str | None, str | None]:
        seen = set()
        while style and style not in seen:
            seen.add(style)
            based_on, num_id, ilvl = self.styles.get(style, (None, None, None))
            if num_id is not None:
                return num_id, ilvl
            style = based_on
        return None, None

    def label(self, p) -> str:
        """The list label of paragraph ``p``, from its own w:numPr or its style's."""
        ppr = p.find(_W + "pPr")
        style = _val(ppr, "pStyle")
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        num_id, ilvl = _val(num_pr, "numId"), _val(num_pr, "ilvl")
        if num_id is None:
            num_id, style_ilvl = self._style_numbering(style)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0":  # numId 0 switches numbering off
            return ""
        try:
            level = int(ilvl)  # type: ignore[arg-type]
        except (TypeError, ValueError):  # no usable w:ilvl: the level the list ties to the style
            level = self.counter.level_of_style(num_id, style)
        return self.counter.label(num_id, level)

    def paragraph(self, p) -> list[str]:
        out: list[str] = []
        _run_text(p, out, self.drawings)
        text = "".join(out)
        return (self.label(p) + text).split("\n")

    def blocks(self, container):
        """``("p", lines)`` and ``("tbl", rows)`` in document order."""
        for child in container:
            if child.tag == _W + "p":
                yield "p", self.paragraph(child)
            elif child.tag == _W + "tbl":
                yield "tbl", self.table(child)
            elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                yield from self.blocks(child)

    def cell_text(self, tc) -> str | None:
        lines: list[str] = []
        for kind, content in self.blocks(tc):
            if kind == "p":
                lines.extend(content)
            else:
                lines.extend(" ".join(c for c in row if c) for row in content)
        text = "\n".join(line.strip() for line in lines if line.strip())
        return text or None

    def table(self, tbl) -> list[list[str | None]]:
        rows: list[dict[int, str | None]] = []
        above: dict[int, str | None] = {}
        for tr in _children(tbl, _W + "tr"):
            trpr = tr.find(_W + "trPr")
            column = _span(_val(trpr, "gridBefore"), 0)
            row: dict[int, str | None] = {}
            for tc in _children(tr, _W + "tc"):
                tcpr = tc.find(_W + "tcPr")
                span = _span(_val(tcpr, "gridSpan"), 1)
                vmerge = tcpr.find(_W + "vMerge") if tcpr is not None else None
                continued = vmerge is not None and vmerge.get(_W + "val", "continue") == "continue"
                span = max(span, 1)
                if continued:  # the cell above goes on down: its text, column by column
                    row.update((c, above.get(c)) for c in range(column, column + span))
                else:
                    widened = _val(tcpr, "hMerge") == "continue"  # Word 97's horizontal merge
                    text = row.get(column - 1) if widened else self.cell_text(tc)
                    row.update((c, text) for c in range(column, column + span))
                column += span
            rows.append(row)
            above = row
        width = max((max(r, default=-1) + 1 for r in rows), default=0)
        return [[row.get(c) for c in range(width)] for row in rows]


def _children(element, tag: str):
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            yield from _children(child, tag)


def _val(element, name: str) -> str | None:
    child = element.find(_W + name) if element is not None else None
    return child.get(_W + "val") if child is not None else None


def _span(text: str | None, default: int) -> int:
    try:
        return min(max(int(text), 0), _MAX_SPAN) if text is not None else default
    except ValueError:
        return default


def _styles(document) -> dict[str, tuple[str | None, str | None, str | None]]:
    styles = {}
    for style in document.styles.element.iterfind(_W + "style"):
        num_pr = style.find(f"{_W}pPr/{_W}numPr")
        styles[style.get(_W + "styleId")] = (_val(style, "basedOn"), _val(num_pr, "numId"), _val(num_pr, "ilvl"))
    return styles


def _numbering(document):
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):  # no numbering part, or one python-docx cannot load
        return None


def _read(path: str, file: Path, format: str, warnings: list[str] | None) -> Rendition:
    docx = require("docx", path, "Word .docx files")
    check_container(path, file, "a Word .docx file", "word/document.xml")
    found: list[str] = []
    try:
        with library_warnings(found, "python-docx"), open(file, "rb") as handle:  # closed even when python-docx fails
            document = docx.Document(handle)
            body = _Body(ListCounter(read_definitions(_numbering(document))), _styles(document))
            blocks = list(body.blocks(document.element.body))
    except DocumentError:
        raise
    except Exception as exc:  # python-docx, zipfile and lxml raise many types for damaged files
        raise DocumentError(path, 0, f"expected a Word .docx file; found a damaged one ({type(exc).__name__}: {exc})") from None
    builder = RenditionBuilder(format)
    paragraphs = tables = 0
    for kind, content in blocks:
        if kind == "p":
            paragraphs += 1
            for line in content:
                builder.add_line(line.rstrip(), f"paragraph {paragraphs}")
        elif content:
            tables += 1
            builder.add_table(content, f"table {tables}")
    rendition = builder.build()
    if not any(line.strip() for line in rendition.lines):
        raise DocumentError(path, 0, f"expected a Word document with text; found {paragraphs} empty paragraph(s) and {tables} table(s) without text")
    if warnings is not None:
        warnings.extend(found)
        if body.drawings[0]:
            warnings.append(f"{body.drawings[0]} text box(es) or drawing(s) with text were not read")
    return rendition


def read_docx(path: str | Path, *, warnings: list[str] | None = None) -> Rendition:
    """Read a Word ``.docx`` file: paragraphs with their list numbers, tables as tables.

    Problems that do not stop the reading are appended to ``warnings`` when it is given. A
    file that is not a .docx (not a zip, or a zip without ``word/document.xml``) or is
    damaged raises :class:`DocumentError`.
    """
    return _read(str(path), Path(path), "docx", warnings)


def _ole_header_ok(head: bytes) -> bool:
    """An OLE compound file header: 512 bytes, little-endian byte order mark, 512- or
    4096-byte sectors (MS-CFB 2.2)."""
    return len(head) >= 512 and head[0x1C:0x1E] == b"\xfe\xff" and head[0x1E:0x20] in (b"\x09\x00", b"\x0c\x00")


def read_doc(path: str | Path, *, warnings: list[str] | None = None) -> Rendition:
    """Read a Word 97-2003 ``.doc`` (or RTF) file by converting it to .docx with LibreOffice
    headless; without ``soffice`` on PATH, a :class:`DocumentError` names the package.

    >>> import os
    >>> saved, os.environ["PATH"] = os.environ.get("PATH", ""), ""
    >>> try:
    ...     read_doc("old.doc")
    ... finally:
    ...     os.environ["PATH"] = saved
    Traceback (most recent call last):
    ...
    govkg.graph.errors.DocumentError: old.doc: expected soffice on PATH to convert a Word 97-2003 .doc file; found none: install the Debian package libreoffice-writer
    """
    shown = str(path)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise DocumentError(shown, 0, f"expected soffice on PATH to convert a Word 97-2003 .doc file; found none: install the Debian package {SOFFICE_PACKAGE}")
    try:
        with open(path, "rb") as f:
            head = f.read(2048)
    except OSError as exc:
        raise DocumentError(shown, 0, f"cannot read file: {exc.strerror or exc}") from exc
    kind = sniff(head)
    if kind not in ("ole", "rtf"):
        raise DocumentError(shown, 0, f"expected a Word 97-2003 .doc file (an OLE container) or RTF; found {describe(head)}")
    if kind == "ole" and not _ole_header_ok(head):
        raise DocumentError(shown, 0, "expected a Word 97-2003 .doc file; found a damaged OLE container (its 512-byte header is invalid)")
    with tempfile.TemporaryDirectory(prefix="govkg-doc-") as tmp:
        work = Path(tmp)
        source = work / ("source" + (Path(path).suffix.lower() or ".doc"))
        try:
            shutil.copyfile(path, source)
        except OSError as exc:
            raise DocumentError(shown, 0, f"cannot read file: {exc.strerror or exc}") from exc
        command = [
            soffice, "--headless", "--norestore", "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to", "docx", "--outdir", str(work / "out"), str(source),
        ]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, timeout=_CONVERT_SECONDS, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise DocumentError(shown, 0, f"expected LibreOffice to convert the .doc file within {_CONVERT_SECONDS} s; found it still running") from None
        except OSError as exc:
            raise DocumentError(shown, 0, f"expected to run {soffice}; found it cannot start ({exc.strerror or exc})") from None
        converted = work / "out" / "source.docx"
        if not converted.is_file():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise DocumentError(shown, 0, f"expected a Word 97-2003 .doc file LibreOffice can convert; found one it cannot (exit {done.returncode}: {said[-1] if said else 'no message'})")
        return _read(shown, converted, "doc", warnings)
