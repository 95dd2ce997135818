"""Word's automatic list numbering, rendered as the text Word shows: ``1.``, ``（一）``, ``①``.

A numbered paragraph in a .docx holds no number: it names a list (``w:numId``) and a level
(``w:ilvl``), and ``word/numbering.xml`` says how each level counts (``w:numFmt``), where it
starts and how its label reads (``w:lvlText`` such as ``（%1）``). :class:`ListCounter` reads
those definitions once and then numbers paragraphs in document order, as Word does: a level
restarts after a higher one, and lists that share a definition count on together unless one
overrides its start. The tab or space Word puts after a label is one space, except after a
Chinese closing mark (``一、``, ``（一）``), where Chinese text has none.

>>> format_number(3, "chineseCounting"), format_number(12, "chineseCounting"), format_number(4, "decimalEnclosedCircle")
('三', '十二', '④')
>>> format_number(28, "upperLetter"), format_number(14, "lowerRoman"), format_number(3, "ideographTraditional")
('BB', 'xiv', '丙')
>>> counter = ListCounter({"1": ListDefinition("A", {0: Level(1, "chineseCounting", "%1、"), 1: Level(1, "chineseCounting", "（%2）")})})
>>> [counter.label("1", lvl) for lvl in (0, 1, 1, 0, 1)]
['一、', '（一）', '（二）', '二、', '（一）']
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Level", "ListDefinition", "ListCounter", "format_number", "read_definitions"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CN_UNITS = ("", "十", "百", "千")
_CN_LEGAL_UNITS = ("", "拾", "佰", "仟")
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
#: Word's enclosed numbers go to 20; past that Word prints plain digits.
_CIRCLED, _PAREN, _FULLSTOP = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳", "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇", "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
#: A bullet drawn from a symbol font is a private-use code point; it is printed as this.
_BULLET = "•"
#: A label ending in one of these is followed by nothing: Word's tab after （一） or 一、 is
#: layout, and Chinese text puts no space there.
_CJK_CLOSERS = "、）．。：】〕"
#: Word has nine list levels (w:ilvl 0-8).
_LEVELS = 9


def _chinese(n: int, digits: str = _CN_DIGITS, units: tuple[str, ...] = _CN_UNITS) -> str:
    if not 0 < n < 10000:
        return str(n)
    parts: list[str] = []
    zero = False
    for power in range(3, -1, -1):
        digit = n // 10**power % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        parts.append(digits[digit] + units[power])
    text = "".join(parts)
    return text[1:] if digits is _CN_DIGITS and 10 <= n < 20 else text  # 十二, not 一十二


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _enclosed(n: int, glyphs: str) -> str:
    return glyphs[n - 1] if 0 < n <= len(glyphs) else str(n)


def _cycle(n: int, glyphs: str) -> str:
    return glyphs[(n - 1) % len(glyphs)] if n > 0 else str(n)


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),
    "decimalHalfWidth": str,
    "upperLetter": _letters,
    "lowerLetter": lambda n: _letters(n).lower(),
    "upperRoman": lambda n: _roman(n).upper(),
    "lowerRoman": _roman,
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "ideographDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: _chinese(n, _CN_LEGAL, _CN_LEGAL_UNITS),
    "ideographLegalTraditional": lambda n: _chinese(n, "零壹貳參肆伍陸柒捌玖", _CN_LEGAL_UNITS),
    "ideographTraditional": lambda n: _cycle(n, _STEMS),
    "ideographZodiac": lambda n: _cycle(n, _BRANCHES),
    "decimalEnclosedCircle": lambda n: _enclosed(n, _CIRCLED),
    "decimalEnclosedCircleChinese": lambda n: _enclosed(n, _CIRCLED),
    "ideographEnclosedCircle": lambda n: _enclosed(n, "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"),
    "decimalEnclosedParen": lambda n: _enclosed(n, _PAREN),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, _FULLSTOP),
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """``n`` written in Word's number format ``fmt`` (``w:numFmt``); unknown formats print
    digits, as Word does for the formats it cannot draw."""
    return _FORMATS.get(fmt, str)(n)


@dataclass(frozen=True)
class Level:
    """One level of a list: its start, number format, label template (``%1.``) and what
    follows the label (``tab``, ``space`` or ``nothing``)."""

    start: int
    fmt: str
    text: str
    suffix: str = "nothing"
    legal: bool = False
    style: str | None = None


@dataclass(frozen=True)
class ListDefinition:
    """A ``w:num``: its abstract definition's id, its levels, and the starts it overrides."""

    abstract: str
    levels: dict[int, Level]
    starts: dict[int, int] = field(default_factory=dict)


def _val(element, name: str) -> str | None:
    child = element.find(_W + name) if element is not None else None
    return child.get(_W + "val") if child is not None else None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _level(lvl) -> tuple[int, Level]:
    ilvl = _int(lvl.get(_W + "ilvl"), 0)
    fmt = _val(lvl, "numFmt") or "decimal"
    text = _val(lvl, "lvlText")
    legal = lvl.find(_W + "isLgl") is not None and _val(lvl, "isLgl") not in ("0", "false")
    level = Level(_int(_val(lvl, "start"), 1), fmt, f"%{ilvl + 1}." if text is None else text, _val(lvl, "suff") or "tab", legal, _val(lvl, "pStyle"))
    return ilvl, level


def read_definitions(numbering) -> dict[str, ListDefinition]:
    """The lists of a ``w:numbering`` element (``None`` when the document has none), by numId."""
    if numbering is None:
        return {}
    abstracts = {}
    for abstract in numbering.iterfind(_W + "abstractNum"):
        abstracts[abstract.get(_W + "abstractNumId")] = dict(_level(lvl) for lvl in abstract.iterfind(_W + "lvl"))
    lists = {}
    for num in numbering.iterfind(_W + "num"):
        abstract_id = _val(num, "abstractNumId")
        levels = dict(abstracts.get(abstract_id, {}))
        starts = {}
        for override in num.iterfind(_W + "lvlOverride"):
            ilvl = _int(override.get(_W + "ilvl"), 0)
            start = _val(override, "startOverride")
            if start is not None:
                starts[ilvl] = _int(start, 1)
            lvl = override.find(_W + "lvl")
            if lvl is not None:
                levels[ilvl] = _level(lvl)[1]
        lists[num.get(_W + "numId")] = ListDefinition(abstract_id or "", levels, starts)
    return lists


class ListCounter:
    """Numbers paragraphs in document order; call :meth:`label` once per numbered paragraph."""

    def __init__(self, lists: dict[str, ListDefinition]) -> None:
        self.lists = lists
        self._counts: dict[str, list[int | None]] = {}

    def level_of_style(self, num_id: str, style: str | None) -> int:
        """The level a list's definition ties to paragraph ``style``, else 0."""
        definition = self.lists.get(num_id)
        if definition is not None and style:
            for ilvl, level in definition.levels.items():
                if level.style == style:
                    return ilvl
        return 0

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph of list ``num_id`` at level ``ilvl`` (with what
        follows it), or ``""`` when the list or level is not defined."""
        definition = self.lists.get(num_id)
        if definition is None or ilvl not in definition.levels or not 0 <= ilvl < _LEVELS:
            return ""
        key = f"num {num_id}" if definition.starts else f"abstract {definition.abstract}"
        counts = self._counts.setdefault(key, [None] * _LEVELS)

        def start(level: int) -> int:
            spec = definition.levels.get(level)
            return definition.starts.get(level, spec.start if spec else 1)

        current = counts[ilvl]
        counts[ilvl] = start(ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            counts[deeper] = None
        level = definition.levels[ilvl]
        if level.fmt == "bullet":
            label = "".join(_BULLET if "\ue000" <= ch <= "\uf8ff" else ch for ch in level.text)
        else:
            label = level.text
            for k in range(_LEVELS, 0, -1):  # %10 does not exist; go down so %1 never eats %1x
                if f"%{k}" in label:
                    n = counts[k - 1] if counts[k - 1] is not None else start(k - 1)
                    spec = definition.levels.get(k - 1)
                    fmt = "decimal" if level.legal or spec is None else spec.fmt
                    label = label.replace(f"%{k}", format_number(n, fmt))
        if not label:
            return ""
        return label + ("" if level.suffix == "nothing" or label[-1] in _CJK_CLOSERS else " ")
