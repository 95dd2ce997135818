"""Reading a source file into a :class:`~govkg.extract.records.Document`.

Lines are physical lines of the file, 1-based, blank lines included, so line numbers agree with
``grep -n``. Every format is read into its text rendition by :mod:`~govkg.extract.formats` (text in
UTF-8, UTF-16, GB18030 or Big5; Word; PDF; HTML; spreadsheets); what cannot be read is a
:class:`DocumentError` naming the file, what was expected and what was found.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "plan.txt"
>>> _ = p.write_text("附件\\n\\n遵义市创建国家环境保护模范城市工作任务分解表\\n", encoding="utf-8")
>>> doc = read_document(p)
>>> doc.title, doc.jurisdiction, doc.line(3)[:3]
('遵义市创建国家环境保护模范城市工作任务分解表', '遵义市', '遵义市')
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
import re
from pathlib import Path

from govkg.graph.errors import DocumentError
from .records import Document
from .text import fold

__all__ = ["read_document", "make_document", "find_jurisdiction", "SUFFIXES"]

#: File name endings govkg reads (text, Word, PDF, web pages, spreadsheets).
SUFFIXES = (".txt", ".md", ".text", ".docx", ".doc", ".pdf", ".html", ".htm", ".xlsx")

_TITLE_SKIP = re.compile(r"^(附件|附表|附录)\s*[0-9一二三四五六七八九十]*[：:]?$")
_MARKUP = re.compile(r"\[bookmark:[^\]]*\]|\*\*|^#+\s*")
_TITLE_WORDS = re.compile(r"方案|任务|分解|要点|简报|计划|通知|意见|办法|清单|责任|规划|考核")
_PLACE = re.compile(
    r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=年度)|(?<=关于)|(?<=中共))([\u4e00-\u9fff]{2,7}?(?:自治区|自治州|特别行政区|省|市|县|区|旗|盟|州))"
    r"(?=创建|创模|创卫|人民政府|政府|关于|生态|环境|环保|污染|蓝天|大气|水|土壤|危险|打好|20|[0-9]|.*?(?:方案|任务|计划|分解|考核|简报|通知|意见|办法|要点))"
)
_NOT_PLACE_CHARS = re.compile(r"[直及和与单位各本全该我其部门厅局委办]")
_NOT_PLACE = ("已经", "经", "按照", "根据", "配合", "协助", "协调", "督促", "组织", "指导", "完成", "落实", "提请", "对", "向", "由", "经", "在", "全市", "我市", "本市", "全区", "本区", "全县", "全省", "城区", "市区", "各县", "各区")


def _is_place(name: str) -> bool:
    return not name.startswith(_NOT_PLACE) and not _NOT_PLACE_CHARS.search(name)


def find_jurisdiction(text: str) -> str | None:
    """The place a title belongs to, or ``None``.

    >>> find_jurisdiction("朔州市创建山西省环境保护模范城市任务分解表")
    '朔州市'
    >>> find_jurisdiction("区直单位生态环境保护工作目标考核要点") is None
    True
    """
    for m in _PLACE.finditer(fold(text)):
        place = m.group(1)
        if _is_place(place):
            return place
    return None


def _most_cited_place(lines: tuple[str, ...]) -> str | None:
    """The place named most often in the body (twice at least), for documents whose title has none."""
    counts: dict[str, int] = {}
    for line in lines:
        for m in _PLACE.finditer(fold(line)):
            place = m.group(1)
            if _is_place(place):
                counts[place] = counts.get(place, 0) + 1
    best = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    return best[0] if best[1] >= 2 else None


def make_document(path: str | Path, sha256: str, lines: tuple[str, ...], *, format: str = "text", encoding: str | None = None,
                  locators: tuple[str, ...] = (), grids: tuple = ()) -> Document:
    """A document of ``lines`` (a file's text or rendition): its title and jurisdiction are
    read off its first lines."""
    path = Path(path)
    heads = [_MARKUP.sub("", ln).strip() for ln in lines[:40]]
    heads = [h for h in heads if h and not _TITLE_SKIP.match(h)][:6]
    titled = [h for h in heads if _TITLE_WORDS.search(h) and len(h) <= 80]
    title = (titled or heads or [""])[0]
    if titled and heads and heads[0] != title and find_jurisdiction(heads[0]) and not _TITLE_WORDS.search(heads[0]):
        title = f"{heads[0]} {title}"  # a title printed over two lines
    title = title[:120]
    jurisdiction = next((j for j in map(find_jurisdiction, [title, *heads]) if j), None)
    if jurisdiction is None:
        jurisdiction = _most_cited_place(lines)
    return Document(path=str(path), file_name=path.name, sha256=sha256, title=title, jurisdiction=jurisdiction,
                    lines=lines, format=format, encoding=encoding, locators=locators, grids=grids)


def read_document(path: str | Path) -> Document:
    """Read any supported file (text in any encoding, Word, PDF, HTML, spreadsheet) as a
    document: its text rendition, SHA-256 of the file, title and jurisdiction, and the
    warnings of the reading."""
    from .formats import read_rendition

    path = Path(path)
    warnings: list[str] = []
    rendition = read_rendition(path, warnings=warnings)
    if not any(line.strip() for line in rendition.lines):
        raise DocumentError(str(path), 1, "expected text; found none in the file")
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise DocumentError(str(path), 0, f"cannot read file: {exc.strerror or exc}") from exc
    text_file = rendition.format == "text"
    doc = make_document(path, sha, tuple(rendition.lines), format=rendition.format, encoding=rendition.encoding,
                        locators=() if text_file else tuple(rendition.locators), grids=tuple(rendition.grids))
    return replace(doc, warnings=tuple(warnings)) if warnings else doc
