"""The exceptions govkg raises, all under :class:`GovkgError`::

    GovkgError
    ├── DocumentError      a source file cannot be read (names file and line)
    ├── StoreError         the store cannot be opened, built or queried
    └── QueryError         a query is unknown, malformed or given a bad parameter
                           (govkg.queries.UnknownQueryError, UnknownParameterError … derive from it)

>>> str(DocumentError("a.txt", 3, "expected text"))
'a.txt:3: expected text'
"""

from __future__ import annotations

__all__ = ["GovkgError", "DocumentError", "StoreError", "QueryError"]


class GovkgError(Exception):
    """Base of every govkg error."""


class DocumentError(GovkgError):
    """A source file that cannot be read as a document."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class StoreError(GovkgError):
    """The store cannot be opened, written or queried."""


class QueryError(GovkgError):
    """A query that is unknown, malformed, or given a parameter it does not take."""
