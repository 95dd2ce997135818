"""jieba, imported without ``pkg_resources``.

jieba's ``_compat`` module finds its dictionary through ``pkg_resources`` when that imports,
and falls back to a plain file path when it does not; importing ``pkg_resources`` costs a
tenth of a second and a deprecation warning. The module is hidden while jieba is imported
(only if nothing imported it before), then put back as it was.

>>> jieba.Tokenizer is not None
True
"""

from __future__ import annotations

import sys

__all__ = ["jieba"]

_absent = "pkg_resources" not in sys.modules
if _absent:
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
try:
    import jieba
finally:
    if _absent and sys.modules.get("pkg_resources", 0) is None:
        del sys.modules["pkg_resources"]
