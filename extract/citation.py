"""Citations of regulations in one physical line: standards, 文号 and 《》 titles.

:func:`find_citations` finds, in order of offset:

* standards by code (``GB 16889-2008``, ``HJ/T 433-2008``, ``DB52/865—2013``), made canonical as
  prefix without spaces + number + ``-`` + year (``GB16889-2008``); full-width letters, digits
  and slashes and every dash variant are read as their ASCII forms;
* 文号 (``环发〔2010〕54号``, ``国发[2013]37号``, ``粤府办（2014）12号``), made canonical with 〔〕 and
  Arabic numerals, and order numbers (``国务院令第682号``);
* 《》 titles, a nested 〈〉 title being part of the one title, except titles whose head noun
  names a form, report, bulletin, yearbook or agreement to be produced (``forms.txt``);
* titles printed without 《》: the widely known national laws and plans of
  ``known_titles.txt``, and a plan named after a citing verb with its period in brackets
  (``按照广东省固体废物污染防治“十二五”规划（2011-2015）的有关要求``).

:func:`link_titles` pairs a title with the number printed right after it, so that the graph can
make the two one regulation.

>>> line = "执行《地表水环境质量标准》（GB 3838—2002）"
>>> [(c.kind, c.code or c.title) for c in find_citations(line)]
[('titled_document', '地表水环境质量标准'), ('national_standard', 'GB3838-2002')]
"""

from __future__ import annotations

import re
from dataclasses import replace
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files

from govkg.extract.records import Citation, Evidence

__all__ = ["CITATION_KINDS", "find_citations", "link_titles", "resolve_titles"]

#: The values :attr:`Citation.kind` takes.
CITATION_KINDS = (
    "national_standard",
    "industry_standard",
    "local_standard",
    "document_number",
    "titled_document",
)

# Full-width ASCII -> ASCII, odd spaces -> space, dashes -> '-', 【】 -> []: one code point for
# one, so offsets found on the folded line hold on the line itself.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0xA0: 0x20, 0x3010: 0x5B, 0x3011: 0x5D, 0x2215: 0x2F})
_FOLD.update({ord(dash): 0x2D for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"})

_NUMBER = r"(?P<number>\d+(?:\.\d+)*)(?!\.?\d)"
_YEAR_LIKE = re.compile(r"(?:19|20)\d{2}")
_YEAR = r"(?: *- *(?P<year>(?:19|20)\d{2}|\d{2})(?!\d))?"
_LOCAL = re.compile(r"(?<![A-Za-z])DB *(?P<province>\d{2}) */ *(?:(?P<sub>T) *)?" + _NUMBER + _YEAR)
_LOCAL_WORKS = re.compile(
    r"(?<![A-Za-z])DBJ(?: */ *(?P<sub>T))? *(?P<province>\d{2}) *- *" + _NUMBER + _YEAR
)

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
_CITING = "按照|根据|依据|依照|对照|参照|遵照|贯彻落实|贯彻|落实|执行|实施"
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
_DOC_NUMBER = re.compile(
    r"(?P<open>[〔\[(]) *(?P<year>(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4}) *(?P<close>[〕\])])"
    r" *(?:第 *)?(?P<serial>\d{1,5}|[〇零一二三四五六七八九十百]{1,6}) *号(?![楼栋室院房台线车机])"
)
_ORDER_NUMBER = re.compile(r"令 *第 *(?P<serial>\d{1,5}) *号")
_PAIRS = {"〔": "〕", "[": "]", "(": ")"}
# Words that end the text before a 机关代字: citing verbs, conjunctions, document-type words.
_ISSUER_CUT = re.compile(
    _CITING + "|印发|转发|下发|出台|制定|发布|结合|关于|以及|及|和|与|或|并|的|见|号"
    "|文件|通知|意见|决定|规定|办法|方案|规划|国务院|中央|政府|委员会|办公厅|办公室|单位"
)
_ISSUER_MAX = 12
_ORDER_CUT = re.compile(_CITING + "|以及|及|和|与|的|号")
_IDEOGRAPH = re.compile(f"[{_CJK}]")

_PERIOD_PLAN = re.compile(
    rf"(?:{_CITING})(?P<title>[{_CJK}“”\"0-9]{{4,40}}?(?:规划|计划|纲要|方案)"
    r"\( *(?:19|20)\d{2} *- *(?:19|20)\d{2} *年? *\))"
)
# A cited plan is named after its owner and names no action (编制… is a plan still to write).
_PLAN_OWNER = re.compile(rf"全国|国家|[{_CJK}]{{1,7}}?[省市县区州]")
_NOT_IN_PLAN_NAME = re.compile("[的和及与]|编制|制定|修编|修订|出台|印发|完成|要求|开展|组织")
_LOCAL_EDITION = set("省市县区州盟旗")
_CONTINUATION = re.compile("实施|工作|细则|方案|办法|考核|评估|年度")
_QUALIFIER = re.compile(r"(?:[（(][^（）()]*[）)]|[\s“”\"'])+$")
_ISSUING = re.compile("关于(?:印发|转发|下发|颁布|发布|公布)")
_GAP = re.compile(r"[ \t\u3000]*[（(\[［〔]?[ \t\u3000]*")


@lru_cache(maxsize=None)
def _words(name: str) -> tuple[str, ...]:
    """Non-comment lines of the package data file ``name``."""
    text = files("govkg.extract").joinpath(name).read_text(encoding="utf-8")
    rows = (row.strip() for row in text.splitlines())
    return tuple(row for row in rows if row and not row.startswith("#"))


@lru_cache(maxsize=1)
def _standard_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    sectors = "|".join(sorted(_words("standard_prefixes.txt"), key=len, reverse=True))
    shape = r" *(?:/ *(?P<sub>[TZ]) *)?" + _NUMBER + _YEAR
    return tuple(
        (kind, re.compile(rf"(?<![A-Za-z])(?P<prefix>{prefix})(?![A-Za-z])" + shape))
        for kind, prefix in (("national_standard", "GB[ZJ]?"), ("industry_standard", sectors))
    )


def find_citations(text: str, *, document: str = "", line: int = 0) -> list[Citation]:
    """All citations in one physical line of text, in order of offset.

    ``start``/``end`` of each :class:`Evidence` are code-point offsets in ``text``; the quote is
    the text as printed (a title with its 《》, a number without the brackets around it). A code
    printed inside a title is a citation of its own; a 〈〉 title inside a title is not.

    >>> line = "按《危险废物贮存污染控制标准》(HJ／T 2.1—93)和国发[2013]37号填写《危险废物转移联单》"
    >>> for c in find_citations(line, document="a.txt", line=9):
    ...     print(c.evidence.start, c.kind, c.code or c.title)
    1 titled_document 危险废物贮存污染控制标准
    16 industry_standard HJ/T2.1-93
    29 document_number 国发〔2013〕37号
    """
    folded = text.translate(_FOLD)
    found: list[tuple[int, int, str, str | None, str | None]] = []
    titles = list(_bracketed_titles(text))
    for start, end in titles:
        title = text[start + 1 : end - 1]
        if title.strip() and not _is_deliverable(title):
            found.append((start, end, "titled_document", None, title))
    found += _standards(folded)
    found += _document_numbers(folded)
    found += _unbracketed_titles(text, folded, titles)
    found.sort(key=lambda f: (f[0], -f[1]))
    return [
        Citation(text[s:e], kind, code, title, Evidence(document, line, s, e, text[s:e]))
        for s, e, kind, code, title in found
    ]


def link_titles(
    citations: Iterable[Citation], *, text: str | None = None
) -> list[tuple[Citation, Citation]]:
    """Pairs ``(title, number)`` where a standard or 文号 directly follows a title.

    "Directly" allows spaces and one opening bracket between them (``《…》GB3838-2002``,
    ``《…通知》（环发〔2010〕54号）``). Give the line as ``text`` to have the characters between
    checked; without it a gap of at most one character is taken to be that bracket. Citations
    of different lines are never paired, and ``text`` is only accepted for citations of one line.

    >>> line = "《关于加强城镇污水处理厂污泥污染防治工作的通知》（环办〔2010〕157号）及国发〔2013〕37号"
    >>> [(t.title, n.code) for t, n in link_titles(find_citations(line), text=line)]
    [('关于加强城镇污水处理厂污泥污染防治工作的通知', '环办〔2010〕157号')]
    """
    by_line: dict[tuple[str, int], list[Citation]] = {}  # never pair across lines
    for c in citations:
        by_line.setdefault((c.evidence.document, c.evidence.line), []).append(c)
    if text is not None and len(by_line) > 1:
        places = ", ".join(f"{doc}:{line}" for doc, line in sorted(by_line))
        raise ValueError(
            f"link_titles(text=...) expects the citations of one line; got citations from "
            f"{places}: call it once per line, or leave text out"
        )
    pairs = []
    for cites in by_line.values():
        for title in (c for c in cites if c.kind == "titled_document"):
            end = title.evidence.end
            after = [c for c in cites if c.evidence.start >= end]
            if not after:
                continue
            number = min(after, key=lambda c: (c.evidence.start, -c.evidence.end))
            gap = number.evidence.start - end
            adjacent = _GAP.fullmatch(text[end : end + gap]) if text is not None else gap <= 1
            if number.kind != "titled_document" and adjacent:
                pairs.append((title, number))
    return sorted(pairs, key=lambda pair: _place(pair[0]))


def resolve_titles(citations: list[Citation], lines: dict[int, str]) -> list[Citation]:
    """The citations of one document, each title cited with its number anywhere in the
    document carrying that number's code and kind (one regulation, one kind).

    ``lines`` maps the line numbers of the citations to their text (for :func:`link_titles`).

    >>> line = "执行《声环境质量标准》（GB3096-2008）。"
    >>> cites = find_citations(line, document="a.txt", line=1) + find_citations("落实《声环境质量标准》。", document="a.txt", line=2)
    >>> [(c.title, c.code, c.kind) for c in resolve_titles(cites, {1: line, 2: "落实《声环境质量标准》。"}) if c.title]
    [('声环境质量标准', 'GB3096-2008', 'national_standard'), ('声环境质量标准', 'GB3096-2008', 'national_standard')]
    """
    by_line: dict[int, list[Citation]] = {}
    for c in citations:
        by_line.setdefault(c.evidence.line, []).append(c)
    numbers: dict[str, Citation] = {}
    for line, cites in by_line.items():
        for title, number in link_titles(cites, text=lines.get(line)):
            if title.title and number.code:
                numbers.setdefault(title.title, number)
    out = []
    for c in citations:
        number = numbers.get(c.title) if c.title and not c.code else None
        out.append(replace(c, code=number.code, kind=number.kind) if number is not None else c)
    return out


def _place(c: Citation) -> tuple[str, int, int]:
    return c.evidence.document, c.evidence.line, c.evidence.start


def _bracketed_titles(text: str):
    """Spans ``[start, end)`` of the outermost 《…》 titles that close on the line."""
    i = 0
    while (start := text.find("《", i)) >= 0:
        depth, j = 0, start
        while j < len(text):
            depth += {"《": 1, "》": -1}.get(text[j], 0)
            if depth == 0:
                break
            j += 1
        if depth == 0:
            yield start, j + 1
            i = j + 1
        else:  # unbalanced: fall back to the nearest 》, if any
            close = text.find("》", start + 1)
            if close < 0:
                return
            yield start, close + 1
            i = close + 1


def _is_deliverable(title: str) -> bool:
    """True when the title names a form, report, bulletin … to produce, by its head noun."""
    head = _QUALIFIER.sub("", title)
    issuing = _ISSUING.search(head)
    if issuing and "的" not in head[issuing.end() :]:
        return False  # 关于印发X (printed without 的通知) is the issuing notice
    return head.endswith(_words("forms.txt"))


def _standards(folded: str):
    for kind, pattern in _standard_patterns():
        for m in pattern.finditer(folded):
            code = m["prefix"] + (f"/{m['sub']}" if m["sub"] else "") + m["number"]
            if _standard_ok(m, national=kind == "national_standard"):
                yield (m.start(), m.end(), kind, _with_year(code, m), None)
    for m in _LOCAL.finditer(folded):
        code = f"DB{m['province']}/{m['sub'] or ''}{m['number']}"
        if _standard_ok(m, national=True):
            yield (m.start(), m.end(), "local_standard", _with_year(code, m), None)
    for m in _LOCAL_WORKS.finditer(folded):
        code = f"DBJ{'/T' if m['sub'] else ''}{m['province']}-{m['number']}"
        if m["year"]:
            yield (m.start(), m.end(), "local_standard", _with_year(code, m), None)


def _standard_ok(m: re.Match[str], *, national: bool) -> bool:
    """A code with a year always counts; one without, only if it cannot be anything else."""
    if m["year"]:
        return True
    number, after = m["number"], m.string[m.end() : m.end() + 1]
    return (
        len(number) >= 3
        and (national or bool(m["sub"]))
        and not _YEAR_LIKE.fullmatch(number)
        and after not in ("年", "月", "日", "度")
    )


def _with_year(code: str, m: re.Match[str]) -> str:
    return f"{code}-{m['year']}" if m["year"] else code


def _document_numbers(folded: str):
    for m in _DOC_NUMBER.finditer(folded):
        if _PAIRS[m["open"]] != m["close"]:
            continue
        issuer = _issuer(folded, m.start(), cut=_ISSUER_CUT)
        if len(issuer) >= 2:  # a 机关代字 has two characters at least (国发, 环办)
            year = "".join(str(_CN_DIGITS.get(c, c)) for c in m["year"])
            code = f"{issuer}〔{year}〕{_arabic(m['serial'])}号"
            yield (m.start() - len(issuer), m.end(), "document_number", code, None)
    for m in _ORDER_NUMBER.finditer(folded):
        issuer = _issuer(folded, m.start(), cut=_ORDER_CUT)
        if issuer:
            code = f"{issuer}令第{m['serial']}号"
            yield (m.start() - len(issuer), m.end(), "document_number", code, None)


def _issuer(folded: str, end: int, *, cut: re.Pattern[str]) -> str:
    """The 机关代字 ending at ``end``: the run of ideographs before it, after its last cut word."""
    start = end
    while start > 0 and end - start < 2 * _ISSUER_MAX and _IDEOGRAPH.match(folded[start - 1]):
        start -= 1
    run = folded[start:end]
    last = None
    for last in cut.finditer(run):
        pass
    issuer = run[last.end() :] if last else run
    return issuer[-_ISSUER_MAX:]


def _arabic(numeral: str) -> int:
    """``37``, ``三十七``, ``一〇五`` -> 37, 37, 105."""
    if numeral.isdigit() and numeral.isascii():
        return int(numeral)
    if not set(numeral) & set("十百"):
        return int("".join(str(_CN_DIGITS[c]) for c in numeral))
    total, digit = 0, 0
    for c in numeral:
        if c in "十百":
            total += (digit or 1) * (10 if c == "十" else 100)
            digit = 0
        else:
            digit = _CN_DIGITS[c]
    return total + digit


def _unbracketed_titles(text: str, folded: str, bracketed: list[tuple[int, int]]):
    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    taken = list(bracketed)
    for name in _words("known_titles.txt"):
        i = 0
        while (start := text.find(name, i)) >= 0:
            end = i = start + len(name)
            local = start > 0 and text[start - 1] in _LOCAL_EDITION
            if free(start, end) and not local and not _CONTINUATION.match(text, end):
                taken.append((start, end))
                yield (start, end, "titled_document", None, name)
    for m in _PERIOD_PLAN.finditer(folded):
        start, end = m.span("title")
        start += max((v.end() for v in re.finditer(_CITING, m["title"])), default=0)
        name = text[start:end]
        if free(start, end) and _PLAN_OWNER.match(name) and not _NOT_IN_PLAN_NAME.search(name):
            taken.append((start, end))
            yield (start, end, "titled_document", None, text[start:end])
