"""Length-preserving text normalisation, so offsets found on normalised text hold on the source.

Documents arrive with full-width and half-width punctuation mixed, traditional characters,
and (from PDF) stray spaces. :func:`fold` maps every code point to exactly one code point, so a
match at ``[start, end)`` in ``fold(line)`` is the same span in ``line``.

>>> fold("負責:市環保局(牽頭)")
'负责：市环保局（牵头）'
>>> fold("見過還現層術")
'见过还现层术'
>>> len(fold("參與，ＧＢ／Ｔ")) == len("參與，ＧＢ／Ｔ")
True
>>> squeeze("财 政局 、县交通 运输局")
'财政局、县交通运输局'
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["fold", "squeeze", "strip_numbering", "numbering_level", "NUMBERING", "short_cache"]

_PUNCT = {
    ":": "：", ",": "，", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？",
    "[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕",
    "\u3000": " ", "\xa0": " ",
}


#: CJK blocks whose traditional characters are folded to simplified ones.
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


def _traditional() -> dict[int, str]:
    """OpenCC's traditional-to-simplified mapping, one character at a time.

    Each character is converted on its own (one per line), so only OpenCC's character table
    applies, never its phrase table, and every mapping is one code point to one code point.
    """
    import opencc  # a core dependency; imported here so start-up stays light

    chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - a changed OpenCC would show here
        raise RuntimeError("OpenCC t2s changed the number of lines while folding characters")
    return {ord(t): s for t, s in zip(chars, converted) if t != s and len(s) == 1}


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table = _traditional()
    table.update({ord(k): v for k, v in _PUNCT.items()})
    # full-width ASCII letters and digits -> ASCII
    for code in range(0xFF10, 0xFF5B):
        ch = chr(code)
        if ch.isalnum():
            table[code] = chr(code - 0xFEE0)
    table[0xFF0F] = "/"
    return table


def short_cache(fn):
    """Memoise a function of one string, for short strings only (unit names, cells, labels),
    so the cache stays small however large the input: long text is computed each time.

    >>> calls = []
    >>> twice = short_cache(lambda t: calls.append(t) or t * 2)
    >>> twice("市环保局"), twice("市环保局"), len(calls)
    ('市环保局市环保局', '市环保局市环保局', 1)
    """
    cached = lru_cache(maxsize=32768)(fn)

    def call(text):
        return cached(text) if len(text) <= 64 else fn(text)

    call.__doc__, call.__name__, call.__wrapped__ = fn.__doc__, getattr(fn, "__name__", "call"), fn
    call.cache_clear = cached.cache_clear
    return call


@lru_cache(maxsize=1)
def _foldable() -> re.Pattern[str]:
    """A character :func:`fold` changes (most lines of a simplified text have none)."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_table())) + "]")


@short_cache
def fold(text: str) -> str:
    """Map punctuation to full-width Chinese forms, full-width ASCII to ASCII, and traditional
    characters to simplified, one code point for one."""
    return text.translate(_table()) if _foldable().search(text) else text


_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff（）、“”])[ \t\u3000]+(?=[\u4e00-\u9fff（）、“”])")


def squeeze(text: str) -> str:
    """Remove spaces that PDF extraction put between Chinese characters (财 政局 -> 财政局)."""
    return _CJK_SPACE.sub("", text).strip()


#: Leading task numbering: 1. 1、 （3） (3) ① 一、 （一） 一是 第一，
NUMBERING = re.compile(
    r"^\s*(?:"
    r"[（(]\s*[0-9一二三四五六七八九十]+\s*[)）]\s*[、.．]?"
    r"|[0-9]+\s*(?:[.．、]+|\s(?=[\u4e00-\u9fff]))"
    r"|[一二三四五六七八九十]+\s*[、.．]"
    r"|[①-⑳]"
    r"|[一二三四五六七八九十](?:是|要)"
    r")\s*"
)


def strip_numbering(text: str) -> tuple[str, int]:
    """Text without its leading numbering, and how many code points were removed.

    >>> strip_numbering("（3）加强监测。")
    ('加强监测。', 3)
    >>> strip_numbering("2、严控")
    ('严控', 2)
    >>> strip_numbering("2016年底")
    ('2016年底', 0)
    """
    m = NUMBERING.match(text)
    if not m:
        return text, 0
    return text[m.end():], m.end()


_LEVELS = [
    (re.compile(r"^[一二三四五六七八九十]+\s*、"), 1),
    (re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]"), 2),
    (re.compile(r"^任务[一二三四五六七八九十0-9]+"), 2),
    (re.compile(r"^[0-9]+\s*(?:[.．、]|\s)"), 3),
    (re.compile(r"^[（(]\s*[0-9]+\s*[)）]"), 4),
    (re.compile(r"^[①-⑳]"), 5),
    (re.compile(r"^[一二三四五六七八九十](?:是|要)"), 6),  # 一是…, 二要… (a speech's points)
]


def numbering_level(text: str) -> int | None:
    """Depth of a numbered item by its numbering style: 一、=1, （一）=2, 1.=3, （1）=4, ①=5.

    >>> numbering_level("（3）整治"), numbering_level("二、目标"), numbering_level("整治")
    (4, 1, None)
    """
    t = fold(text.strip())
    for pattern, level in _LEVELS:
        if pattern.match(t):
            return level
    return None
