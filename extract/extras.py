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
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import DocumentError

__all__ = ["require", "EXTRA"]

#: The pip extra that installs every format library.
EXTRA = "govkg[formats]"


def require(module: str, path: str, purpose: str) -> ModuleType:
    """Import ``module`` (such as ``docx``), or raise a :class:`DocumentError` for ``path``
    that says which extra installs it; ``purpose`` says what it is needed for."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise DocumentError(path, 0, f"expected the library {module} to read {purpose}; found it missing: pip install '{EXTRA}'") from None
