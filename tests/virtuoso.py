"""A throw-away Virtuoso Open Source server for the tests: fresh database, loopback, free ports.

:func:`start_virtuoso` writes a ``virtuoso.ini`` from :data:`INI` into a folder, starts
``virtuoso-t +foreground +configfile <folder>/virtuoso.ini`` (Debian's ``virtuoso-opensource``
package installs it as ``/usr/bin/virtuoso-t``), waits until its SPARQL endpoint answers and
returns a :class:`Virtuoso`; :meth:`Virtuoso.stop` ends it. A fresh database's administrator
is ``dba`` with password ``dba``; the Graph Store endpoint that takes them (Digest auth) is
``/sparql-graph-crud-auth``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

__all__ = ["INI", "VIRTUOSO", "Virtuoso", "find_virtuoso", "start_virtuoso"]

#: The virtuoso.ini of a test server: every file in its own folder, HTTP and SQL on loopback.
#: The [SPARQL] limits are Debian's defaults (ResultSetMaxRows 10000 cuts an answer short, which
#: the client must notice), except that no query is refused on its estimated cost.
INI = """\
[Database]
DatabaseFile       = {root}/virtuoso.db
ErrorLogFile       = {root}/virtuoso.log
LockFile           = {root}/virtuoso.lck
TransactionFile    = {root}/virtuoso.trx
xa_persistent_file = {root}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {root}/virtuoso-temp.db
TransactionFile    = {root}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
O_DIRECT             = 0
CaseMode             = 2
DirsAllowed          = ., {root}
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
ThreadsPerQuery      = 4

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {root}
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows           = 10000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 120
"""

#: Where Debian's virtuoso-opensource puts the server.
VIRTUOSO = "/usr/bin/virtuoso-t"


def find_virtuoso() -> str | None:
    """The ``virtuoso-t`` binary: on PATH, else Debian's path; ``None`` when not installed."""
    found = shutil.which("virtuoso-t")
    if found:
        return found
    return VIRTUOSO if os.access(VIRTUOSO, os.X_OK) else None


def _free_ports(n: int) -> list[int]:
    sockets = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@dataclass
class Virtuoso:
    """A running server: its folder, ports and process."""

    root: Path
    http_port: int
    sql_port: int
    process: subprocess.Popen
    started_in: float = 0.0

    user = "dba"
    password = "dba"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        """The anonymous, read-only SPARQL endpoint."""
        return self.base + "/sparql"

    @property
    def sparql_auth(self) -> str:
        """The SPARQL endpoint that asks for credentials (Digest)."""
        return self.base + "/sparql-auth"

    @property
    def graph_store(self) -> str:
        """The Graph Store HTTP Protocol endpoint that takes dba/dba (Digest)."""
        return self.base + "/sparql-graph-crud-auth"

    def log(self, lines: int = 30) -> str:
        try:
            text = (self.root / "virtuoso.out").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, wait: float = 30) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(wait)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(wait)


def start_virtuoso(root: Path, *, binary: str | None = None, wait: float = 90) -> Virtuoso:
    """Start a server on a fresh database in ``root`` and return once its endpoint answers."""
    binary = binary or find_virtuoso()
    if binary is None:
        raise FileNotFoundError("virtuoso-t not found; install it with: apt-get install -y virtuoso-opensource")
    root.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = _free_ports(2)
    ini = root / "virtuoso.ini"
    ini.write_text(INI.format(root=root, http_port=http_port, sql_port=sql_port), encoding="utf-8")
    started = time.monotonic()
    with open(root / "virtuoso.out", "wb") as out:
        process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=root,
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    server = Virtuoso(root, http_port, sql_port, process)
    probe = f"{server.sparql}?query=ASK%20%7B%7D"
    deadline = started + wait
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with code {process.returncode} while starting:\n{server.log()}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    break
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"virtuoso-t did not answer on {server.sparql} within {wait:.0f} s:\n{server.log()}")
        time.sleep(0.2)
    server.started_in = time.monotonic() - started
    return server
