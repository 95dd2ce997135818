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
govkg.extract.errors.DocumentError: plan.docx: expected the library no_such_module_here to read .docx files; found it missing: pip install 'govkg[formats]'

The libraries also warn (openpyxl about styles it drops, for one); :func:`library_warnings`
turns those into the reading's warnings instead of letting them reach stderr.

>>> import warnings
>>> found = []
>>> with library_warnings(found, "openpyxl"):
...     warnings.warn("Data Validation extension is not supported")
>>> found
['openpyxl: Data Validation extension is not supported']
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from .errors import DocumentError

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


@contextmanager
def library_warnings(into: list[str] | None, library: str) -> Iterator[None]:
    """Collect the Python warnings raised inside the block into ``into`` (each once, prefixed
    with ``library``); dropped when ``into`` is ``None``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    if into is not None:
        for message in dict.fromkeys(f"{library}: {w.message}" for w in caught):
            into.append(message)
