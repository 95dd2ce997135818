"""Web pages (``.html``, ``.htm``) through lxml.

The page is decoded as it declares (a BOM, ``<meta charset>``, ``<meta http-equiv>`` or an XML
declaration), else by :func:`~govkg.extract.encoding.decode_text`; a declaration the bytes
contradict is overruled with a warning. What is not the document is dropped: scripts,
styles, ``noscript``, frames, navigation, the page's own header and footer (an article's
header stays), forms of controls (a form wrapped around the whole page stays), and hidden
elements. Block elements become lines (``paragraph N``); a data table becomes a table
(``table N``) with ``rowspan`` and ``colspan`` expanded, the cell repeated over its span. A
table that holds tables, or a single cell, lays out the page and is read as paragraphs.

>>> import tempfile, pathlib
>>> page = '''<html><head><meta charset="gbk"><script>var x = 1;</script></head><body>
... <nav>首页 | 通知</nav><h1>任务分解表</h1>
... <table><tr><th>工作任务</th><th>牵头单位</th></tr>
... <tr><td>治理扬尘</td><td rowspan="2">市住建局</td></tr><tr><td>整治油烟</td></tr></table>
... </body></html>'''
>>> p = pathlib.Path(tempfile.mkdtemp()) / "plan.html"
>>> _ = p.write_bytes(page.encode("gbk"))
>>> r = read_html(p)
>>> r.lines, r.encoding
(('任务分解表', '工作任务\\t牵头单位', '治理扬尘\\t市住建局', '整治油烟\\t市住建局'), 'gb18030')
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from govkg.graph.errors import DocumentError

from .encoding import decode_text
from .plausibility import improbable_share
from .extras import library_warnings, require
from .rendition import Rendition, RenditionBuilder

__all__ = ["read_html", "declared_charset"]

#: Where a page must declare its charset (the HTML standard looks at the first 1024 bytes;
#: some generators put a long comment first, so a little more is read).
_PRESCAN = 4096
_DECLARATION = re.compile(
    rb"""
    <meta [^>]*? charset \s* = \s* ["']? \s* (?P<meta> [\w.:-]+ )      # <meta charset=...> and http-equiv
  | <\?xml [^>]*? encoding \s* = \s* ["'] (?P<xml> [\w.:-]+ ) ["']     # <?xml ... encoding="..."?>
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)
#: Labels browsers read as another encoding (the WHATWG Encoding standard): GBK labels decode
#: as GB18030, its superset; Big5 as Big5-HKSCS; Latin-1 and ASCII as Windows-1252.
_ALIASES = {
    **dict.fromkeys(("gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "chinese", "csgb2312", "iso-ir-58", "cp936", "gb18030"), "gb18030"),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950"), "big5hkscs"),
    **dict.fromkeys(("iso-8859-1", "latin1", "l1", "ascii", "us-ascii", "windows-1252", "cp1252"), "cp1252"),
    **dict.fromkeys(("utf-16", "utf-16le", "utf-16be"), "utf-8"),  # in ASCII-compatible bytes it can only be wrong
}
#: A declared charset whose decoding is more improbable than this is overruled.
_IMPLAUSIBLE = 0.2
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPACE = re.compile(r"[ \t\n\r\f\xa0]+")

_DROPPED = ("script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "svg", "canvas", "nav", "head", "button", "select", "textarea", "input")
_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption figure form "
    "h1 h2 h3 h4 h5 h6 header footer hr html legend li main menu ol p pre section summary table tbody thead tfoot tr td th ul".split()
)
#: A form with any of these holds the page (ASP.NET wraps the whole body in one), not controls.
_CONTENT = ("table", "p", "article", "main", "li", "h1", "h2", "h3")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
#: The HTML standard clamps colspan to 1000.
_MAX_COLSPAN = 1000


def declared_charset(head: bytes) -> str | None:
    """The charset a page declares in its first bytes, as a Python codec name (WHATWG
    aliases applied), or ``None``.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=GB2312">')
    'gb18030'
    >>> declared_charset(b'<meta charset="utf-8">'), declared_charset(b"<p>none</p>")
    ('utf-8', None)
    """
    m = _DECLARATION.search(head[:_PRESCAN])
    if not m:
        return None
    label = (m.group("meta") or m.group("xml")).decode("ascii", "replace").strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return label


def _decode(data: bytes, path: str, warnings: list[str]) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding, found = decode_text(data, path)
        warnings.extend(found)
        return text, encoding
    declared = declared_charset(data)
    if declared is not None:
        try:
            text = data.decode(declared)
        except LookupError:
            warnings.append(f"the page declares charset {declared!r}, which Python does not know; the encoding was detected instead")
        except UnicodeDecodeError as exc:
            try:
                text, encoding, found = decode_text(data, path)
            except DocumentError:
                warnings.append(f"the page is not valid {declared} (byte {data[exc.start]:02x} at offset {exc.start}); undecodable bytes were replaced")
                return data.decode(declared, errors="replace"), declared
            warnings.extend(found)
            warnings.append(f"the page declares charset {declared} but is {encoding}; read as {encoding}")
            return text, encoding
        else:
            if improbable_share(text, ascii=False) <= _IMPLAUSIBLE:
                return text, declared
            try:
                detected, encoding, found = decode_text(data, path)
            except DocumentError:
                warnings.append(f"the page's text is improbable in its declared charset {declared}, and no other encoding reads it better")
                return text, declared
            warnings.extend(found)
            warnings.append(f"the page declares charset {declared} but reads as mojibake in it; read as {encoding}")
            return detected, encoding
    text, encoding, found = decode_text(data, path)
    warnings.extend(found)
    return text, encoding


def _hidden(el) -> bool:
    return el.get("hidden") is not None or el.get("aria-hidden") == "true" or el.get("role") == "navigation" or bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def _drop_noise(root) -> None:
    doomed = [el for el in root.iter(*_DROPPED)]
    doomed += [el for el in root.iter("header", "footer") if not any(a.tag in ("article", "main", "section") for a in el.iterancestors())]
    doomed += [el for el in root.iter("form") if not any(True for _ in el.iter(*_CONTENT))]
    doomed += [el for el in root.iter() if isinstance(el.tag, str) and _hidden(el)]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the tail text, which belongs to the parent


def _is_layout(table) -> bool:
    if table.get("role") in ("presentation", "none"):
        return True
    if any(True for t in table.iterdescendants("table")):
        return True
    return sum(1 for _ in table.iter("td", "th")) <= 1


def _span(value: str | None, limit: int) -> int:
    try:
        n = int(str(value).strip())
    except ValueError:
        return 1
    return min(max(n, 0), limit)


class _Flow:
    """Lines and tables of an element tree, in reading order."""

    def __init__(self) -> None:
        self.items: list[tuple[str, object]] = []
        self._buffer: list[str] = []

    def flush(self) -> None:
        line = _SPACE.sub(" ", "".join(self._buffer)).strip()
        if line:
            self.items.append(("line", line))
        self._buffer = []

    def walk(self, el, prefix: str = "") -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:  # a comment or processing instruction: only its tail is text
            self._buffer.append(el.tail or "")
            return
        if tag == "br":
            self.flush()
        elif tag == "pre":
            self.flush()
            self.items.extend(("line", line.rstrip()) for line in el.text_content().split("\n") if line.strip())
        elif tag == "table" and not _is_layout(el):
            self.flush()
            for caption in el.iterchildren("caption"):
                self.walk(caption)
            rows = _table_rows(el)
            if rows:
                self.items.append(("table", rows))
        else:
            block = tag in _BLOCKS
            if block:
                self.flush()
            self._buffer.append(prefix + (el.text or ""))
            number = _start(el) if tag == "ol" else None
            for child in el:
                if number is not None and child.tag == "li":
                    self.walk(child, f"{number}. ")
                    number += 1
                else:
                    self.walk(child)
            if block:
                self.flush()
        self._buffer.append(el.tail or "")


def _start(ol) -> int:
    try:
        return int(ol.get("start", "1"))
    except ValueError:
        return 1


def _rows_of(table):
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if tr.tag == "tr")


def _cell_text(cell) -> str | None:
    flow = _Flow()
    flow.walk(cell)
    flow.flush()
    lines = [item for kind, item in flow.items if kind == "line"]
    return "\n".join(str(line) for line in lines) or None


def _table_rows(table) -> list[list[str | None]]:
    rows = list(_rows_of(table))
    grid: dict[tuple[int, int], str | None] = {}
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in (el for el in tr if el.tag in ("td", "th")):
            while (r, c) in grid:
                c += 1
            rowspan = _span(cell.get("rowspan", "1"), len(rows) - r) or len(rows) - r  # 0: to the end
            colspan = max(_span(cell.get("colspan", "1"), _MAX_COLSPAN), 1)
            text = _cell_text(cell)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text
            c += colspan
            width = max(width, c)
    return [[grid.get((r, c)) for c in range(width)] for r in range(len(rows))]


def read_html(path: str | Path, *, warnings: list[str] | None = None) -> Rendition:
    """Read a web page: its text as lines, its data tables as tables.

    Charset problems that were worked around are appended to ``warnings`` when it is given;
    a page with no text, or bytes that are not text, raise :class:`DocumentError`.
    """
    shown = str(path)
    lxml_html = require("lxml.html", shown, "web pages (.html)")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError(shown, 0, f"cannot read file: {exc.strerror or exc}") from exc
    found: list[str] = []
    text, encoding = _decode(data, shown, found)
    text = _NOT_XML_CHAR.sub("", _XML_DECL.sub("", text, count=1))
    if not text.strip():
        raise DocumentError(shown, 0, "expected a web page with text; found an empty page")
    try:
        with library_warnings(found, "lxml"):
            parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
            root = lxml_html.document_fromstring(text, parser=parser)
            _drop_noise(root)
            flow = _Flow()
            flow.walk(root)
            flow.flush()
    except Exception as exc:  # lxml raises ParserError, ValueError, XMLSyntaxError… for damaged pages
        raise DocumentError(shown, 0, f"expected a web page lxml can parse; found a damaged one ({type(exc).__name__}: {exc})") from None
    builder = RenditionBuilder("html", encoding)
    paragraphs = tables = 0
    for kind, item in flow.items:
        if kind == "line":
            paragraphs += 1
            builder.add_line(str(item), f"paragraph {paragraphs}")
        else:
            tables += 1
            builder.add_table(item, f"table {tables}")  # type: ignore[arg-type]
    rendition = builder.build()
    if not rendition.lines:
        raise DocumentError(shown, 0, "expected a web page with text; found none outside scripts, navigation and forms")
    if warnings is not None:
        warnings.extend(found)
    return rendition
