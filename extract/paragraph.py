"""Running text as logical paragraphs and items.

Lines wrapped at a fixed width (PDF) are joined again: a numbered or bulleted line starts a
paragraph; the lines after it continue it until a line ends with terminal punctuation, a blank
line, a new numbered item or a role line (责任单位：…). Page footers (— 3 —, 第 2 页 共 5 页),
page noise and page headers repeated from earlier in the document are skipped inside a
paragraph. A paragraph that runs several numbered items together (``…负责） 2.落实…``) is cut
into its items. Every character keeps its source line and column (a
:class:`~govkg.extract.passage.Passage`).

>>> from govkg.extract.records import Document
>>> doc = Document("p", "p.txt", "0" * 64, "", None,
...     ("（一）推进燃煤电厂深度治理。由旗生态环境局牵头，旗工业和信", "— 3 —", "息科技局配合。", "（二）加强散煤治理。"))
>>> [(p.line, p.text) for p in paragraphs(doc, set())]
[(1, '（一）推进燃煤电厂深度治理。由旗生态环境局牵头，旗工业和信息科技局配合。'), (4, '（二）加强散煤治理。')]
>>> paragraphs(doc, set())[0].where(30)
(3, 1)
>>> doc = Document("p", "p.txt", "0" * 64, "", None, ("1.扩大消费。（省商务厅负责） 2.提振信心。（省发展改革委牵头）",))
>>> [p.text for p in items(paragraphs(doc, set())[0])]
['1.扩大消费。（省商务厅负责）', '2.提振信心。（省发展改革委牵头）']
"""

from __future__ import annotations

import re

from .noise import PINYIN_NOTE, is_noise, is_page_number, is_pinyin_annotated, is_share_site
from .passage import Passage
from .records import Document
from .role import LABEL_PATTERN, parse_roles
from .text import fold, numbering_level
from .unit import looks_like_unit

__all__ = ["paragraphs", "items", "is_page_footer", "BULLET"]

_TERMINAL = "。；;！!？?"
_PAGE_MARK = re.compile(r"^([0-9]{1,3})、")
#: A bullet that starts an item: --, ●, ·, —, •, ▲ …
BULLET = re.compile(r"^\s*(?:-{2,}|—{1,2}|[●·•▲◆■□○◎★☆▪►√※]|>)\s*(?=[^\s\d])")
#: Where a new numbered item starts inside a paragraph: after a full stop or a closing
#: bracket, a number of the paragraph's own style.
_RUN_ON = re.compile(
    r"(?<=[。；;）)〕\]】])\s*(?P<num>[0-9]{1,3})\s*[.．、](?![0-9])"
    r"|(?<=[。；;）)〕\]】])\s*[（(](?P<cn>[一二三四五六七八九十]{1,3})[)）]"
)


#: A half-width full stop after Chinese text ends a sentence too (web copies print 改造. for 改造。).
_HALF_WIDTH_STOP = re.compile(r"[\u4e00-\u9fff）)”\"]\.$")


def _ends_sentence(text: str) -> bool:
    """Whether a line ends its sentence: ``。；！？`` or their half-width forms after Chinese text.

    >>> _ends_sentence("实施绿化改造."), _ends_sentence("完成率达到95."), _ends_sentence("推进")
    (True, False, False)
    """
    return text.endswith(tuple(_TERMINAL)) or bool(_HALF_WIDTH_STOP.search(text))


#: A bracket, one level of brackets inside it allowed; a role bracket when the role
#: recogniser reads roles in it.
_BRACKET = re.compile(r"〔[^〔〕]*〕|[（(](?:[^（）()]|[（(][^（）()]*[)）])*[)）]")


def is_page_footer(text: str) -> bool:
    """A page number line, bare numbers included: — 3 —, 第 2 页 共 5 页, 2/5, 3.

    >>> is_page_footer("  — 3 —"), is_page_footer("第 2 页 共 5 页"), is_page_footer("3. 整治")
    (True, True, False)
    """
    return is_page_number(text, bare=True)


_KEY = re.compile(r"^([\u4e00-\u9fff（）()、]{2,24})[：:]")


def _starts_item(stripped: str, line: str) -> bool:
    key = _KEY.match(fold(stripped))
    return (
        (key is not None and looks_like_unit(key.group(1)))  # 市发改委：… starts an entry of a duty list
        or numbering_level(stripped) is not None
        or bool(BULLET.match(stripped))
        or bool(LABEL_PATTERN.match(fold(stripped)))
        or line.startswith("\t")  # a cell or paragraph of its own (Word export), never a wrapped line
    )


def _is_cell(text: str) -> bool:
    """A short line that is a cell of a flattened table on its own: a deadline, a list of
    units, a sequence number (``2008年5月1日前``, ``区编办、区卫生局``)."""
    from .cell import cell_type

    return len(text) <= 30 and cell_type(text) in ("deadline", "units", "number")


def _is_heading(text: str) -> bool:
    """A short numbered line without a sentence in it: a heading, never wrapped (``（一）辽阳市政府``)."""
    level = numbering_level(text)
    return level is not None and len(text) <= 24 and not re.search(r"[，,。；;：:、]", text[3:])


def _without_notes(number: int, text: str, column: int) -> Passage:
    """Line ``number`` (``text`` from ``column``) without its pinyin readings: 責(zé)任單位 reads
    as 責任單位, and every character keeps its place in the source."""
    parts, start = [], 0
    for m in PINYIN_NOTE.finditer(text):
        parts.append(Passage.of_line(number, text[start:m.start()], column + start))
        start = m.end()
    parts.append(Passage.of_line(number, text[start:], column + start))
    return Passage.join(parts)


def paragraphs(document: Document, skip: set[int] | frozenset[int]) -> list[Passage]:
    """The logical paragraphs of the lines not in ``skip`` (1-based)."""
    out: list[Passage] = []
    seen_short: set[str] = set()
    parts: list[Passage] = []
    open_paragraph = False
    share_site = is_share_site(document.lines)
    annotated = is_pinyin_annotated(document.lines)
    page = 1

    def flush() -> None:
        nonlocal parts, open_paragraph
        if parts:
            out.append(Passage.join(parts))
        parts, open_paragraph = [], False

    for number, line in enumerate(document.lines, 1):
        stripped = line.strip()
        if number in skip or not stripped:
            flush()
            continue
        # a short line seen before, inside a paragraph, is a page header repeated at a page break;
        # a role line (责任单位：X) or an item is not: plans repeat those from task to task
        repeated = stripped in seen_short and not _starts_item(PINYIN_NOTE.sub("", stripped) if annotated else stripped, line)
        if is_noise(line) or (open_paragraph and (is_page_footer(stripped) or repeated)):
            continue
        if len(stripped) <= 30:
            seen_short.add(stripped)
        indent = len(line) - len(line.lstrip())
        mark = _PAGE_MARK.match(stripped) if share_site else None
        if mark and int(mark.group(1)) in (page, page + 1):
            # a page of a document-sharing preview starts with its number: the text runs on
            page = int(mark.group(1))
            rest = stripped[mark.end():]
            if parts and rest:
                parts.append(Passage.of_line(number, rest, indent + mark.end()))
                open_paragraph = not _ends_sentence(rest)
                continue
            stripped, indent = rest, indent + mark.end()
            if not stripped:
                continue
        piece = Passage.of_line(number, stripped, indent)
        if annotated and not LABEL_PATTERN.match(fold(stripped)):
            # a role line whose label carries pinyin (責(zé)任單位：…) is read without it; other
            # lines keep their text as printed
            clean = _without_notes(number, stripped, indent)
            if LABEL_PATTERN.match(fold(clean.text)):
                piece, stripped = clean, clean.text
        if not (open_paragraph and not _starts_item(stripped, line)):
            flush()
        parts.append(piece)
        open_paragraph = not _ends_sentence(stripped) and not stripped.endswith(("〕", "】")) and not (
            len(parts) == 1 and (_is_heading(stripped) or _is_cell(stripped))
        )
    flush()
    return out


def items(paragraph: Passage) -> list[Passage]:
    """The numbered items a paragraph runs together, each on its own (at least the paragraph).

    An item starts where the next number in sequence follows a full stop or a closing
    bracket: ``…。（…负责） 2.…`` after ``1.…``.
    """
    text = fold(paragraph.text)
    first = re.match(r"\s*(?:(?P<num>[0-9]{1,3})\s*[.．、]|[（(](?P<cn>[一二三四五六七八九十]{1,3})[)）])", text)
    expected_num = int(first.group("num")) + 1 if first and first.group("num") else None
    cuts = [0]
    for m in _RUN_ON.finditer(text):
        if m.group("num"):
            value = int(m.group("num"))
            # the first cut may follow an item whose number has no full stop before it (…攻坚战1 .做好…)
            earlier = expected_num is None and re.search(rf"(?<![0-9]){value - 1}\s*[.．、](?![0-9])", text[: m.start()])
            if (expected_num is None and (value == 1 or earlier)) or value == expected_num:
                if earlier and not cuts[1:]:
                    cuts.append(earlier.start())
                cuts.append(m.start("num"))
                expected_num = value + 1
    # two tasks run together without a number, each closed by its role bracket:
    # …清单。〔X牵头，Y参与〕按省的要求，…燃煤锅炉。（X、Z牵头，Y参与）
    brackets = list(_BRACKET.finditer(text))
    brackets = [m for m in brackets if parse_roles(m.group()[1:-1])] if len(brackets) > 1 else []
    for m, nxt in zip(brackets, brackets[1:]):
        between = text[m.end():nxt.start()]
        if len(re.findall(r"[\u4e00-\u9fff]", between)) >= 8 and not any(m.end() <= c < nxt.start() for c in cuts[1:]):
            cuts.append(m.end())
    cuts = sorted(set(cuts))
    cuts.append(len(text))
    return [paragraph.cut(a, b).strip() for a, b in zip(cuts, cuts[1:]) if paragraph.cut(a, b).strip().text]
