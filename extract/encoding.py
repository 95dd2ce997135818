"""Decoding a text file's bytes, and catching a wrong guess.

Chinese government files arrive in UTF-8 (with or without a byte order mark), UTF-16 (Word's
"Unicode text", with or without a BOM), GB18030/GBK or Big5. :func:`decode_text` tries them in
that order of evidence: a BOM, then the NUL-byte pattern of UTF-16, then strict UTF-8, then the
legacy codecs, which decode almost any bytes. So every decoding is checked: text that decodes
but is mostly improbable characters (private-use, controls, replacement characters, rare CJK
extensions, kana and hangul among hanzi, the mixed scripts of mojibake) is refused, not
returned. A UTF-8 file cut inside its last character stays UTF-8: the broken tail is dropped
with a warning, never re-read as GB18030.

>>> decode_text("遵义市任务分解表\\n".encode("gb18030"), "plan.txt")
('遵义市任务分解表\\n', 'gb18030', [])
>>> decode_text("责任单位".encode("utf-8")[:-1], "cut.txt")
('责任单', 'utf-8', ['dropped an incomplete UTF-8 character at the end of the file (bytes e4 bd)'])
>>> decode_text("序号\\t工作任务".encode("utf-16-le"), "word.txt")[1]
'utf-16-le'
>>> decode_text(bytes(range(256)), "blob.txt")
Traceback (most recent call last):
...
govkg.extract.errors.DocumentError: blob.txt: expected a text file; found binary data (NUL bytes, the first at offset 0, and the bytes are not UTF-16 text either)
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from .errors import DocumentError

__all__ = ["decode_text", "improbable_share", "ENCODINGS"]

#: The encodings :func:`decode_text` recognises, as Python codec names (what it returns).
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "big5", "cp950")

_EXPECTED = "expected text in UTF-8, UTF-16, GB18030/GBK or Big5"

#: Byte order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Legacy codecs tried when the bytes are not UTF-8; Big5 twice, plain then with Microsoft's
#: extension (cp950), since either may be what a Windows editor wrote.
_LEGACY = ("gb18030", "big5", "cp950")

#: Control bytes (other than tab, line feed, vertical tab, form feed, carriage return and
#: escape) above this share of the data make it binary: text has next to none, and random
#: bytes have one in eight.
_CONTROL_SHARE = 0.05

#: UTF-8 with invalid sequences for fewer than this share of its non-ASCII characters is
#: damaged UTF-8 (a lost byte, a bad copy), not another encoding: every legacy codec would
#: read it as mojibake, so it is refused as what it is.
_DAMAGE_SHARE = 0.1

#: Mean improbability above which a guessed decoding (a legacy codec, or UTF-16 found by its
#: NUL pattern) is refused. Real documents score under 0.05; Big5 read as GB18030, or UTF-8
#: read as either, score 0.3 or more.
_GUESS_LIMIT = 0.2

#: The same for a decoding the bytes prove (a BOM, valid UTF-8): refused only when the text
#: is mostly improbable, such as PUA glyph codes or double-encoded UTF-8.
_PROOF_LIMIT = 0.5

#: Characters scored: the whole text up to this size, else evenly spread windows of it.
_SAMPLE_CHARS = 1 << 20
_WINDOWS = 16

# Costs of one character: what a Chinese government document plausibly contains costs 0. Real
# documents hardly use the less frequent hanzi (GB2312 level 2, Big5's second tier), while UTF-8
# read as GB18030 is made of them, so they cost half; hanzi outside both tiers cost more.
_PLAIN, _ODD_SYMBOL, _UNCOMMON, _RARE, _IMPROBABLE = 0.0, 0.25, 0.5, 0.75, 1.0

#: Blocks of symbols that Chinese documents use (punctuation, ① Ⅰ ℃ ㎡ ★ ≥ →, box drawing).
_SYMBOL_BLOCKS = (
    (0x00A0, 0x00BF), (0x00D7, 0x00D7), (0x00F7, 0x00F7), (0x2010, 0x205E), (0x2070, 0x209F),
    (0x20A0, 0x20CF), (0x2100, 0x23FF), (0x2460, 0x27BF), (0x2E80, 0x2FDF), (0x3000, 0x303F),
    (0x3200, 0x33FF), (0xFE30, 0xFE4F), (0xFF01, 0xFF60), (0xFFE0, 0xFFE6),
)


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
    to 1.0 (controls, private-use characters, mojibake); whitespace is not counted, nor ASCII
    when ``ascii`` is false (markup and Latin text would hide mojibake in a guessed decoding,
    since every legacy codec reads ASCII alike).

    >>> improbable_share("遵义市环境保护局：落实 GB 3095-2012 标准 ≥ 85%")
    0.0
    >>> round(improbable_share("閬典箟甯傜幆澧冧繚鎶ゅ眬"), 2)  # 遵义市环境保护局, UTF-8 read as GB18030
    0.52
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


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _examples(text: str) -> tuple[int, str]:
    """Line of the first improbable character, and a few of them, quoted."""
    first = next((i for i, ch in enumerate(text) if _cost(ch) == _IMPROBABLE), None)
    if first is None:
        first = next((i for i, ch in enumerate(text) if _cost(ch) > _PLAIN), 0)
    seen: list[str] = []
    for ch in text[first:]:
        if _cost(ch) >= _UNCOMMON and ch not in seen:
            seen.append(ch)
            if len(seen) == 4:
                break
    return _line_of(text, first), ", ".join(ascii(ch) if not ch.isprintable() else repr(ch) for ch in seen)


#: Windows-1252's highest character is U+2122 (™); text with anything above was not Latin-1.
_BEYOND_CP1252 = re.compile("[\u2123-\U0010ffff]")


def _cp1252_byte(ch: str) -> bytes:
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        return ch.encode("latin-1")  # the five bytes cp1252 leaves undefined read as C1 controls


def _double_encoded(text: str) -> str | None:
    """The UTF-8 text hidden in ``text`` when it is UTF-8 once read as Windows-1252 or Latin-1
    and saved again (``æµ‹è¯•`` for ``测试``), else ``None``."""
    if text.isascii() or _BEYOND_CP1252.search(text):
        return None
    try:
        fixed = b"".join(map(_cp1252_byte, text)).decode("utf-8")
    except UnicodeError:
        return None
    return fixed if fixed != text and improbable_share(fixed) < improbable_share(text) else None


def _damaged_utf8(data: bytes) -> tuple[int, int] | None:
    """``(invalid sequences, offset of the first)`` when ``data`` is UTF-8 but for a few
    bytes: fewer than :data:`_DAMAGE_SHARE` of its non-ASCII characters."""
    text = data.decode("utf-8", errors="replace")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    lost = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if not non_ascii or lost > _DAMAGE_SHARE * non_ascii:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return lost, exc.start
    return None  # pragma: no cover - valid UTF-8 is read before this is asked


def _utf16(data: bytes) -> tuple[float, str, str] | None:
    """``(improbability, codec, text)`` of the likelier UTF-16 reading of NUL-bearing data.

    ASCII in UTF-16 puts its NUL bytes on one parity (odd offsets for little-endian), so the
    parity orders the two readings when their scores tie; plausibility decides.
    """
    even, odd = data[0::2].count(0), data[1::2].count(0)
    readings = []
    for rank, codec in enumerate(("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")):
        text = _strict(data[: len(data) // 2 * 2], codec)
        if text is not None:
            readings.append((improbable_share(text, ascii=False), rank, codec, text))
    if not readings:
        return None
    share, _, codec, text = min(readings)
    return share, codec, text


def _control_share(data: bytes) -> float:
    controls = sum(data.count(b) for b in (*range(0x01, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F))
    return controls / len(data)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _strict_but_tail(data: bytes, codec: str) -> tuple[str, bytes] | None:
    """``(text, dropped tail)`` of ``data`` in ``codec``, strictly but for an incomplete last
    character (a file cut short), else ``None``."""
    try:
        return data.decode(codec), b""
    except UnicodeDecodeError as exc:
        if exc.reason.startswith("incomplete multibyte sequence") and len(data) - exc.start < 4:
            head = _strict(data[: exc.start], codec)
            if head is not None:
                return head, data[exc.start :]
    return None


def _utf8_cut_tail(data: bytes) -> tuple[str, bytes] | None:
    """``(text, tail)`` when ``data`` is valid UTF-8 up to an incomplete last character."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data) and len(data) - exc.start < 4:
            head = _strict(data[: exc.start], "utf-8")
            if head is not None:
                return head, data[exc.start :]
    return None


def _refuse_improbable(path: str, text: str, codec: str, share: float) -> DocumentError:
    line, examples = _examples(text)
    return DocumentError(
        path,
        line,
        f"{_EXPECTED}; found text that is {share:.0%} improbable characters when decoded as {codec} "
        f"(private-use, control, replacement, rare or mixed-script characters such as {examples}): "
        "the encoding is something else, or this is not a Chinese document",
    )


def _refuse_double_encoded(path: str, text: str) -> None:
    fixed = _double_encoded(text)
    if fixed is not None:
        line, examples = _examples(text)
        raise DocumentError(
            path, line, f"expected text decoded once; found UTF-8 that was read as Latin-1 and saved again (mojibake such as {examples} for {fixed[:12]!r})"
        )


def _checked(path: str, text: str, codec: str, limit: float, warnings: list[str]) -> tuple[str, str, list[str]]:
    """``text`` unless it is improbable: a guessed decoding (``limit`` is :data:`_GUESS_LIMIT`)
    is judged by its non-ASCII characters, a proven one by all of them."""
    _refuse_double_encoded(path, text)
    share = improbable_share(text, ascii=limit == _PROOF_LIMIT)
    if share > limit:
        raise _refuse_improbable(path, text, codec, share)
    if not text:
        raise DocumentError(path, 0, f"expected text; found no character ({codec}: only a byte order mark or an incomplete character)")
    if not text.strip():
        raise DocumentError(path, 0, f"expected text; found only whitespace ({len(text)} characters of {codec})")
    lost = text.count("\ufffd")
    if lost:
        warnings.append(f"the text holds {lost} replacement character(s) U+FFFD: some characters were lost before the file was saved")
    return text, codec, warnings


def _decode_bom(data: bytes, path: str, codec: str) -> tuple[str, str, list[str]]:
    warnings: list[str] = []
    if codec == "utf-8-sig":
        cut = _utf8_cut_tail(data[len(codecs.BOM_UTF8) :])
        if cut is not None:
            warnings.append(f"dropped an incomplete UTF-8 character at the end of the file (bytes {cut[1].hex(' ')})")
            return _checked(path, cut[0], codec, _PROOF_LIMIT, warnings)
    unit = 4 if codec == "utf-32" else 2 if codec == "utf-16" else 1
    extra = len(data) % unit
    if extra:
        warnings.append(f"dropped {extra} trailing byte(s) that do not make a whole {codec.upper()} character")
        data = data[: len(data) - extra]
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = _line_of(data[: exc.start].decode(codec, errors="replace"), exc.start)
        raise DocumentError(
            path, line, f"expected {codec.upper()} text (the file starts with its byte order mark); found invalid bytes {data[exc.start:exc.end].hex(' ')} at offset {exc.start}"
        ) from None
    return _checked(path, text, codec, _PROOF_LIMIT, warnings)


def _decode_utf16(data: bytes, path: str) -> tuple[str, str, list[str]]:
    reading = _utf16(data)
    if reading is None or reading[0] > _GUESS_LIMIT:
        raise DocumentError(
            path, 0, f"expected a text file; found binary data (NUL bytes, the first at offset {data.index(0)}, and the bytes are not UTF-16 text either)"
        )
    share, codec, text = reading
    warnings = [f"dropped a trailing odd byte ({data[-1]:02x}) that does not make a whole UTF-16 character"] if len(data) % 2 else []
    return _checked(path, text, codec, _GUESS_LIMIT, warnings)


def _chardet_hint(data: bytes) -> str:
    try:
        import chardet  # optional (govkg[formats]); only names a guess in the message
    except ImportError:
        return ""
    guess = chardet.detect(data[:65536]).get("encoding")
    if not guess:
        return ""
    if guess.lower().replace("_", "-") in (*ENCODINGS, "gb2312", "gbk", "ascii"):
        return f"; chardet guesses {guess}, but the bytes are not valid {guess} throughout"
    return f"; chardet guesses {guess}, which govkg does not read"


def decode_text(data: bytes, path: str) -> tuple[str, str, list[str]]:
    """Decode a text file's bytes: ``(text, encoding, warnings)``.

    ``encoding`` is a Python codec name from :data:`ENCODINGS`; ``warnings`` name what was
    dropped on the way (an incomplete last character). Empty files, binary data and text
    that no supported encoding makes plausible raise :class:`DocumentError` naming ``path``.

    >>> decode_text("測試繁體中文文件，責任單位：市環境保護局，完成時限：2016年底。".encode("big5"), "tw.txt")[1]
    'big5'
    >>> decode_text(b"", "empty.txt")
    Traceback (most recent call last):
    ...
    govkg.extract.errors.DocumentError: empty.txt: expected text; found an empty file (0 bytes)
    """
    if not data:
        raise DocumentError(path, 0, "expected text; found an empty file (0 bytes)")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_bom(data, path, codec)
    if 0 in data:
        return _decode_utf16(data, path)
    binary = _control_share(data) > _CONTROL_SHARE
    text = _strict(data, "utf-8")
    warnings: list[str] = []
    if text is None and (cut := _utf8_cut_tail(data)) is not None:
        text = cut[0]
        warnings.append(f"dropped an incomplete UTF-8 character at the end of the file (bytes {cut[1].hex(' ')})")
    if text is not None and not binary:
        _refuse_double_encoded(path, text)
        if improbable_share(text, ascii=False) <= _GUESS_LIMIT:
            return _checked(path, text, "utf-8", _PROOF_LIMIT, warnings)
    damage = None if text is not None or binary else _damaged_utf8(data)
    if damage is not None:
        lost, first = damage
        raise DocumentError(
            path, data.count(b"\n", 0, first) + 1, f"expected valid UTF-8 text; found UTF-8 with {lost} invalid byte sequence(s), the first at offset {first} (byte {data[first]:02x})"
        )
    candidates: list[tuple[float, int, str, str, bytes]] = []
    tried = (*_LEGACY, "utf-16-le", "utf-16-be") if len(data) % 2 == 0 else _LEGACY
    for rank, codec in enumerate(tried):
        decoded = _strict_but_tail(data, codec)
        if decoded is not None:
            candidates.append((improbable_share(decoded[0], ascii=False), rank, codec, *decoded))
    best = min(candidates, default=None)
    if best is not None and best[0] <= _GUESS_LIMIT:
        share, _, codec, decoded, tail = best
        cut = [f"dropped an incomplete {codec.upper()} character at the end of the file (bytes {tail.hex(' ')})"] if tail else []
        return _checked(path, decoded, codec, _GUESS_LIMIT, cut)
    if text is not None and not binary:  # valid UTF-8 that no legacy codec reads better
        return _checked(path, text, "utf-8", _PROOF_LIMIT, warnings)
    if binary:
        raise DocumentError(path, 0, f"expected a text file; found binary data ({_control_share(data):.0%} control bytes)")
    if best is not None:
        raise _refuse_improbable(path, best[3], best[2], best[0])
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"found bytes that none of them decodes (as UTF-8, byte {data[exc.start]:02x} at offset {exc.start} is invalid)"
        raise DocumentError(path, line, f"{_EXPECTED}; {message}{_chardet_hint(data)}") from None
    raise AssertionError("unreachable: valid UTF-8 is returned above")  # pragma: no cover
