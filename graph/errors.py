"""Every exception govkg raises, in one hierarchy under :class:`GovkgError`::

    GovkgError
    ├── DocumentError              a source file cannot be read (names the file and the line)
    ├── StoreError                 the store cannot be opened, built or written
    │   └── EndpointError          a request to a remote store failed (HTTP status, server message)
    ├── ServerError                govkg serve cannot listen (address taken, unknown host)
    ├── ExportError                govkg export cannot write (unknown format, folder, disk full)
    └── QueryError                 a query cannot be run (also a ValueError)
        ├── UnknownQueryError      no named query of that name (lists the names)
        ├── UnknownParameterError  a parameter the query does not declare (lists the parameters)
        ├── ParameterValueError    a value that does not fit the parameter's type
        ├── QueryHeaderError       a malformed ``# param:`` line in a .rq file
        ├── UnknownNameError       a unit or topic name that is not in the store (closest names)
        ├── QuerySyntaxError       not SPARQL (line and column when known)
        ├── QueryRefusedError      would write, call the network or choose its own dataset
        ├── QueryTimeoutError      ran past its timeout and was stopped
        └── QueryAbortedError      its worker died (memory cap, engine crash)

``except GovkgError`` catches them all; the command line prints their message and exits 2.

>>> str(DocumentError("a.txt", 3, "expected text"))
'a.txt:3: expected text'
>>> issubclass(UnknownQueryError, QueryError) and issubclass(QueryError, ValueError)
True
"""

from __future__ import annotations

__all__ = [
    "GovkgError",
    "DocumentError",
    "StoreError",
    "EndpointError",
    "ServerError",
    "ExportError",
    "QueryError",
    "UnknownQueryError",
    "UnknownParameterError",
    "ParameterValueError",
    "QueryHeaderError",
    "UnknownNameError",
    "QuerySyntaxError",
    "QueryRefusedError",
    "QueryTimeoutError",
    "QueryAbortedError",
]


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


class EndpointError(StoreError):
    """A request to a remote store failed; ``status`` is the HTTP status (``None`` when the
    server could not be reached) and ``message`` what the server said."""

    def __init__(self, text: str, *, status: int | None = None, message: str = "") -> None:
        super().__init__(text)
        self.status, self.message = status, message


class ServerError(GovkgError):
    """The server cannot start (the address is taken, the host is unknown …)."""


class ExportError(GovkgError):
    """An export that cannot be written; the file it was to replace is left as it was."""


class QueryError(GovkgError, ValueError):
    """A query that is unknown, malformed, refused, too slow, or given a bad parameter."""


class UnknownQueryError(QueryError):
    """No query of that name ships with govkg."""


class UnknownParameterError(QueryError):
    """A value was given for a parameter the query does not declare."""


class ParameterValueError(QueryError):
    """A value does not fit the type of the parameter's default."""


class QueryHeaderError(QueryError):
    """A ``# param:`` line is malformed, repeated, or names a variable the body never uses."""


class UnknownNameError(QueryError):
    """A unit or topic name that names nothing in the store; the message lists the closest names."""


class QuerySyntaxError(QueryError):
    """A text that is not a SPARQL query; ``line`` and ``column`` (1-based) say where, if known."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line, self.column = line, column


class QueryRefusedError(QueryError):
    """A query that could write, call the network or name its own dataset; never evaluated."""

    def __init__(self, message: str, *, keyword: str, line: int, column: int) -> None:
        super().__init__(message)
        self.keyword, self.line, self.column = keyword, line, column


class QueryTimeoutError(QueryError):
    """A query that ran past its timeout (its worker was killed), or found no free worker."""


class QueryAbortedError(QueryError):
    """A query whose worker died: it reached the memory cap, or the engine crashed."""
