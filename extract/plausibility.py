"""How plausible a decoded text is as a Chinese document: the check behind every guessed
encoding, and behind a PDF's text layer.

Each character has a cost: 0 for what such documents are made of (ASCII, the frequent hanzi
of GB2312 level 1 and Big5's first tier, CJK punctuation and the symbols offices use: ① Ⅰ ℃
㎡ ≥), 0.25 for other symbols, 0.5 for less frequent hanzi and accented Latin, Greek or
Cyrillic, 0.75 for hanzi outside both codecs' tiers, and 1 for what text in the right
decoding almost never holds: controls, private-use and unassigned code points, replacement
characters, CJK extensions and compatibility ideographs, kana, hangul and Yi among hanzi.
The frequency tiers are read off Python's own gb2312 and big5 codecs, so no table ships.

>>> improbable_share("六盘水市环境保护局牵头，2016年底前完成")
0.0
>>> mojibake = "六盘水市环境保护局".encode("utf-8").decode("gb18030", errors="replace")
>>> mojibake[:6], round(improbable_share(mojibake), 2)
('鍏\ue160洏姘村競', 0.5)
>>> double_encoded("æµ‹è¯•")
'测试'
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

__all__ = ["improbable_share", "improbable_examples", "double_encoded", "COSTS"]

# Costs of one character: what a Chinese government document plausibly contains costs 0. Real
# documents hardly use the less frequent hanzi (GB2312 level 2, Big5's second tier), while UTF-8
# read as GB18030 is made of them, so they cost half; hanzi outside both tiers cost more.
_PLAIN, _ODD_SYMBOL, _UNCOMMON, _RARE, _IMPROBABLE = 0.0, 0.25, 0.5, 0.75, 1.0
#: The cost tiers, by name.
COSTS = {"plain": _PLAIN, "odd symbol": _ODD_SYMBOL, "uncommon": _UNCOMMON, "rare": _RARE, "improbable": _IMPROBABLE}

#: Blocks of symbols that Chinese documents use (punctuation, ① Ⅰ ℃ ㎡ ★ ≥ →, box drawing).
_SYMBOL_BLOCKS = (
    (0x00A0, 0x00BF), (0x00D7, 0x00D7), (0x00F7, 0x00F7), (0x2010, 0x205E), (0x2070, 0x209F),
    (0x20A0, 0x20CF), (0x2100, 0x23FF), (0x2460, 0x27BF), (0x2E80, 0x2FDF), (0x3000, 0x303F),
    (0x3200, 0x33FF), (0xFE30, 0xFE4F), (0xFF01, 0xFF60), (0xFFE0, 0xFFE6),
)

#: Characters scored: the whole text up to this size, else evenly spread windows of it.
_SAMPLE_CHARS = 1 << 20
_WINDOWS = 16

#: Windows-1252's highest character is U+2122 (™); text with anything above was not Latin-1.
_BEYOND_CP1252 = re.compile("[\u2123-\U0010ffff]")


def _block_cost(code: int) -> float | None:
    if any(lo <= code <= hi for lo, hi in _SYMBOL_BLOCKS):
        return _PLAIN
    if 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF:
        return _IMPROBABLE  # CJK extensions and compatibility ideographs: mojibake's favourites
    if 0x3040 <= code <= 0x30FF or 0xFF61 <= code <= 0xFF9F or 0xAC00 <= code <= 0xD7AF or 0xA000 <= code <= 0xA4CF:
        return _IMPROBABLE  # kana, half-width katakana, hangul, Yi among hanzi
    if 0x00C0 <= code <= 0x024F or 0x0370 <= code <= 0x04FF or 0x3100 <= code <= 0x312F or 0x02B0 <= code <= 0x02FF:
        return _UNCOMMON  # accented Latin, Greek, Cyrillic, bopomofo, modifier letters
    return None


@lru_cache(maxsize=1)
def _hanzi_tiers() -> tuple[frozenset[str], frozenset[str]]:
    """(frequent, less frequent) hanzi, read off the codecs: GB2312 level 1 and Big5's
    frequent characters, then GB2312 level 2 and Big5's less frequent ones."""

    def chars(codec: str, leads: range, trails: tuple[range, ...], stop: bytes) -> set[str]:
        found = set()
        for lead in leads:
            for trail in (t for r in trails for t in r):
                pair = bytes((lead, trail))
                if pair > stop:
                    break
                try:
                    found.add(pair.decode(codec))
                except UnicodeDecodeError:
                    continue
        return found

    gb_trails = (range(0xA1, 0xFF),)
    big5_trails = (range(0x40, 0x7F), range(0xA1, 0xFF))
    frequent = chars("gb2312", range(0xB0, 0xD8), gb_trails, b"\xd7\xf9") | chars("big5", range(0xA4, 0xC7), big5_trails, b"\xc6\x7e")
    less = chars("gb2312", range(0xD8, 0xF8), gb_trails, b"\xf7\xfe") | chars("big5", range(0xC9, 0xFA), big5_trails, b"\xf9\xd5")
    return frozenset(frequent), frozenset(less - frequent)


def _blank(ch: str) -> bool:
    """Whitespace, but not the separators and NEL that Python also calls space (0x1C-0x1F,
    0x85): in a text file those are control bytes."""
    return ch.isspace() and ch not in "\x1c\x1d\x1e\x1f\x85"


@lru_cache(maxsize=65536)
def _cost(ch: str) -> float:
    if _blank(ch) or " " <= ch <= "~":
        return _PLAIN
    code = ord(ch)
    if 0x4E00 <= code <= 0x9FFF:
        frequent, less = _hanzi_tiers()
        return _PLAIN if ch in frequent else _UNCOMMON if ch in less else _RARE
    block = _block_cost(code)
    if block is not None:
        return block
    category = unicodedata.category(ch)
    if category[0] in "CM" or ch == "\ufffd":
        return _IMPROBABLE  # controls, private use, unassigned, surrogates, lone combining marks
    if category[0] in "PSN":
        return _ODD_SYMBOL
    return _IMPROBABLE  # letters of other scripts


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE_CHARS:
        return text
    size = _SAMPLE_CHARS // _WINDOWS
    step = (len(text) - size) // (_WINDOWS - 1)
    return "".join(text[i * step : i * step + size] for i in range(_WINDOWS))


def improbable_share(text: str, *, ascii: bool = True) -> float:
    """How improbable ``text`` is as a Chinese document, from 0.0 (every character plausible)
    to 1.0 (controls, private-use characters, mojibake); whitespace is not counted, nor
    printable ASCII when ``ascii`` is false (markup and Latin text would hide mojibake in a
    guessed decoding, since every legacy codec reads ASCII alike).

    >>> improbable_share("遵义市环境保护局：落实 GB 3095-2012 标准 ≥ 85%")
    0.0
    >>> improbable_share("\\ue000\\ue001\\x07")
    1.0
    >>> round(improbable_share("<p class='x'>閬典箟</p>"), 2), round(improbable_share("<p class='x'>閬典箟</p>", ascii=False), 2)
    (0.07, 0.42)
    """
    counts = Counter(_sample(text))
    total = weight = 0.0
    for ch, n in counts.items():
        if _blank(ch) or (not ascii and " " <= ch <= "~"):
            continue
        total += n
        weight += n * _cost(ch)
    return weight / total if total else 0.0


def improbable_examples(text: str) -> tuple[int, str]:
    """The line of the first improbable character, and the first few unlikely characters
    from there, quoted for an error message.

    >>> improbable_examples("第一行\\n乱码\\ue000ｱ")
    (2, "'\\\\ue000', 'ｱ'")
    """
    first = next((i for i, ch in enumerate(text) if _cost(ch) == _IMPROBABLE), None)
    if first is None:
        first = next((i for i, ch in enumerate(text) if _cost(ch) > _PLAIN), 0)
    seen: list[str] = []
    for ch in text[first:]:
        if _cost(ch) >= _UNCOMMON and ch not in seen:
            seen.append(ch)
            if len(seen) == 4:
                break
    quoted = ", ".join(repr(ch) if ch.isprintable() else f"'{ascii(ch)[1:-1]}'" for ch in seen)
    return text.count("\n", 0, first) + 1, quoted


def _cp1252_byte(ch: str) -> bytes:
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        return ch.encode("latin-1")  # the five bytes cp1252 leaves undefined read as C1 controls


def double_encoded(text: str) -> str | None:
    """The UTF-8 text hidden in ``text`` when it is UTF-8 once read as Windows-1252 or Latin-1
    and saved again (``æµ‹è¯•`` for ``测试``), else ``None``.

    >>> double_encoded("café") is None, double_encoded("遵义") is None
    (True, True)
    """
    if text.isascii() or _BEYOND_CP1252.search(text):
        return None
    try:
        fixed = b"".join(map(_cp1252_byte, text)).decode("utf-8")
    except UnicodeError:
        return None
    return fixed if fixed != text and improbable_share(fixed) < improbable_share(text) else None
