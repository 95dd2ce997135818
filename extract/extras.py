"""The optional libraries behind the file formats, imported when a file needs one.

The core of govkg reads plain text; Word, PDF, web pages and spreadsheets need the libraries
of the ``govkg[formats]`` extra (python-docx, pdfplumber, lxml, openpyxl, chardet). Readers
import them through :func:`require`, so a missing one is a :class:`DocumentError` that names
the file and the extra to install, not an ``ImportError`` at start-up.

>>> require("json", "plan.txt", "JSON").__name__
'json'
>>> require("no_such_module_here", "plan.docx", ".docx files")
Traceback (most recent call last):
...
govkg.graph.errors.DocumentError: plan.docx: expected the library no_such_module_here to read .docx files; found it missing: pip install 'govkg[formats]'

The libraries also warn, through Python warnings (openpyxl about parts it drops) or logging
(pdfminer about damaged fonts); :func:`library_warnings` turns both into the reading's
warnings instead of letting them reach stderr, or become errors where warnings are errors.

>>> import warnings
>>> found = []
>>> with library_warnings(found, "openpyxl"):
...     warnings.warn("Data Validation extension is not supported")
>>> found
['openpyxl: Data Validation extension is not supported']
"""

from __future__ import annotations

import importlib
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from govkg.graph.errors import DocumentError

__all__ = ["require", "library_warnings", "EXTRA"]

#: The pip extra that installs every format library.
EXTRA = "govkg[formats]"


def require(module: str, path: str, purpose: str) -> ModuleType:
    """Import ``module`` (such as ``docx``), or raise a :class:`DocumentError` for ``path``
    that says which extra installs it; ``purpose`` says what it is needed for."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise DocumentError(path, 0, f"expected the library {module} to read {purpose}; found it missing: pip install '{EXTRA}'") from None


#: At most this many distinct messages of one library are kept for one file.
_MAX_MESSAGES = 5


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def library_warnings(into: list[str] | None, library: str, logger: str | None = None) -> Iterator[None]:
    """Collect the Python warnings raised inside the block, and the log records of
    ``logger`` at WARNING and above, into ``into``: each distinct message once, prefixed with
    ``library``, at most five; dropped when ``into`` is ``None``."""
    collector = _Collector()
    log = logging.getLogger(logger) if logger else None
    propagate = log.propagate if log else True
    if log:
        log.addHandler(collector)
        log.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:
        if log:
            log.removeHandler(collector)
            log.propagate = propagate
    messages = list(dict.fromkeys([*(str(w.message) for w in caught), *collector.messages]))
    if into is not None and messages:
        into.extend(f"{library}: {m}" for m in messages[:_MAX_MESSAGES])
        if len(messages) > _MAX_MESSAGES:
            into.append(f"{library}: {len(messages) - _MAX_MESSAGES} more message(s)")
