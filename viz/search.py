"""Search keys for the explorer, folded in Python so the page need not know OpenCC.

A key holds a node's label and aliases (and a task's text, another node's short detail),
each folded with :func:`govkg.extract.text.fold` (traditional -> simplified, full-width ->
ASCII), lower-cased and without spaces, one per line. A query typed in the page is folded with
:func:`query_table`, the same mapping cut down to the characters that can match a key.

>>> search_key(["市環境保護局", "ＧＢ 18597"])
'市环境保护局\\ngb18597'
>>> table = query_table(["市环境保护局"])
>>> table["環"], table["護"], "環" in query_table(["市财政局"])
('环', '护', False)
"""

from __future__ import annotations

import re
from typing import Iterable

from govkg.extract.text import fold

__all__ = ["search_key", "query_table"]

_SPACE = re.compile(r"\s+")
#: Characters a user may type that fold to something else: CJK, punctuation, full-width.
_RANGES = ((0x21, 0x7F), (0x3000, 0x3040), (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00),
           (0xFF01, 0xFF5F))


def _fold(text: str) -> str:
    return _SPACE.sub("", fold(text).lower())


def search_key(texts: Iterable[str]) -> str:
    """The folded, de-duplicated ``texts`` joined by newlines (a query never holds one)."""
    return "\n".join(dict.fromkeys(key for key in map(_fold, texts) if key))


def query_table(keys: Iterable[str]) -> dict[str, str]:
    """Typed character -> folded character, for every folded character found in ``keys``."""
    present = set("".join(keys))
    typed = "".join(chr(c) for lo, hi in _RANGES for c in range(lo, hi))
    folded = fold(typed).lower()
    return {t: f for t, f in zip(typed, folded) if t != f and f in present}
