"""Decoding a text file's bytes, and catching a wrong guess.

Chinese government files arrive in UTF-8 (with or without a byte order mark), UTF-16 (Word's
"Unicode text", with or without a BOM), GB18030/GBK or Big5. :func:`decode_text` tries them in
that order of evidence: a BOM, then the NUL-byte pattern of UTF-16, then strict UTF-8, then the
legacy codecs, which decode almost any bytes. So every decoding is checked
(:mod:`~govkg.extract.plausibility`): text that decodes but is mostly improbable characters
(private-use, controls, replacement characters, rare CJK extensions, kana and hangul among
hanzi, the mixed scripts of mojibake) is refused, not returned, and so is UTF-8 damaged in a
few places, which every legacy codec would read as mojibake. A file cut inside its last
character keeps its encoding: the broken tail is dropped with a warning, so truncated UTF-8
is never re-read as GB18030.

>>> decode_text("遵义市任务分解表\\n".encode("gb18030"), "plan.txt")
('遵义市任务分解表\\n', 'gb18030', [])
>>> decode_text("责任单位".encode("utf-8")[:-1], "cut.txt")
('责任单', 'utf-8', ['dropped an incomplete UTF-8 character at the end of the file (bytes e4 bd)'])
>>> decode_text("序号\\t工作任务".encode("utf-16-le"), "word.txt")[1]
'utf-16-le'
>>> decode_text(bytes(range(256)), "blob.txt")
Traceback (most recent call last):
...
govkg.graph.errors.DocumentError: blob.txt: expected a text file; found binary data (NUL bytes, the first at offset 0, and the bytes are not UTF-16 text either)
"""

from __future__ import annotations

import codecs

from govkg.graph.errors import DocumentError
from .plausibility import double_encoded, improbable_examples, improbable_share

__all__ = ["decode_text", "ENCODINGS"]

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

#: Improbability (:func:`~govkg.extract.plausibility.improbable_share`) above which a guessed
#: decoding (a legacy codec, or UTF-16 found by its NUL pattern) is refused. Real documents
#: score under 0.05; Big5 read as GB18030, or UTF-8 read as either, score 0.3 or more.
_GUESS_LIMIT = 0.2

#: The same for a decoding the bytes prove (a BOM, valid UTF-8): refused only when the text
#: is mostly improbable, such as PUA glyph codes or double-encoded UTF-8.
_PROOF_LIMIT = 0.5


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
    line, examples = improbable_examples(text)
    return DocumentError(
        path,
        line,
        f"{_EXPECTED}; found text that is {share:.0%} improbable characters when decoded as {codec} "
        f"(private-use, control, replacement, rare or mixed-script characters such as {examples}): "
        "the encoding is something else, or this is not a Chinese document",
    )


def _refuse_double_encoded(path: str, text: str) -> None:
    fixed = double_encoded(text)
    if fixed is not None:
        line, examples = improbable_examples(text)
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
        line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
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


def _utf8(data: bytes) -> tuple[str | None, list[str]]:
    """The UTF-8 reading of ``data``, strict but for an incomplete last character."""
    text = _strict(data, "utf-8")
    if text is not None:
        return text, []
    cut = _utf8_cut_tail(data)
    if cut is None:
        return None, []
    return cut[0], [f"dropped an incomplete UTF-8 character at the end of the file (bytes {cut[1].hex(' ')})"]


def _best_legacy(data: bytes) -> tuple[float, str, str, list[str]] | None:
    """``(improbability, codec, text, warnings)`` of the most plausible legacy reading."""
    candidates = []
    tried = (*_LEGACY, "utf-16-le", "utf-16-be") if len(data) % 2 == 0 else _LEGACY
    for rank, codec in enumerate(tried):
        decoded = _strict_but_tail(data, codec)
        if decoded is not None:
            candidates.append((improbable_share(decoded[0], ascii=False), rank, codec, *decoded))
    if not candidates:
        return None
    share, _, codec, text, tail = min(candidates)
    dropped = [f"dropped an incomplete {codec.upper()} character at the end of the file (bytes {tail.hex(' ')})"] if tail else []
    return share, codec, text, dropped


def _decode_guess(data: bytes, path: str) -> tuple[str, str, list[str]]:
    """Bytes without BOM or NUL: UTF-8 when it is (and reads plausibly), else the most
    plausible legacy codec, else a refusal that says why."""
    binary = _control_share(data) > _CONTROL_SHARE
    text, warnings = _utf8(data)
    utf8 = None if binary else text
    if utf8 is not None:
        _refuse_double_encoded(path, utf8)
        if improbable_share(utf8, ascii=False) <= _GUESS_LIMIT:
            return _checked(path, utf8, "utf-8", _PROOF_LIMIT, warnings)
    elif not binary and (damage := _damaged_utf8(data)) is not None:
        lost, first = damage
        message = f"expected valid UTF-8 text; found UTF-8 with {lost} invalid byte sequence(s), the first at offset {first} (byte {data[first]:02x})"
        raise DocumentError(path, data.count(b"\n", 0, first) + 1, message)
    best = _best_legacy(data)
    if best is not None and best[0] <= _GUESS_LIMIT:
        return _checked(path, best[2], best[1], _GUESS_LIMIT, best[3])
    if utf8 is not None:  # valid UTF-8 that no legacy codec reads better
        return _checked(path, utf8, "utf-8", _PROOF_LIMIT, warnings)
    if binary:
        raise DocumentError(path, 0, f"expected a text file; found binary data ({_control_share(data):.0%} control bytes)")
    if best is not None:
        raise _refuse_improbable(path, best[2], best[1], best[0])
    exc = _utf8_error(data)
    message = f"found bytes that none of them decodes (as UTF-8, byte {data[exc.start]:02x} at offset {exc.start} is invalid)"
    raise DocumentError(path, data.count(b"\n", 0, exc.start) + 1, f"{_EXPECTED}; {message}{_chardet_hint(data)}")


def _utf8_error(data: bytes) -> UnicodeDecodeError:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc
    raise AssertionError("valid UTF-8 is read before this is asked")  # pragma: no cover


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
    govkg.graph.errors.DocumentError: empty.txt: expected text; found an empty file (0 bytes)
    """
    if not data:
        raise DocumentError(path, 0, "expected text; found an empty file (0 bytes)")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_bom(data, path, codec)
    if 0 in data:
        return _decode_utf16(data, path)
    return _decode_guess(data, path)
