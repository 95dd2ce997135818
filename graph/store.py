"""The on-disk store: immutable versions, an atomic pointer, one writer, consistent readers.

A store directory holds::

    CURRENT              the pointer: which version is the store (replaced atomically)
    versions/<name>/     one version: oxigraph/ (a durable Oxigraph store), build.json
                         (every document with its hash, format, encoding, counts and
                         problems), and a reader lock file
    writer.lock          held by the one process that writes

A write (build, add, remove) makes a new version beside the current one and only then swaps
the pointer (write a temporary file, ``os.replace``), so a write killed at any moment leaves
the store at the old or the new version, whole. Readers open the version the pointer names
and hold a shared lock on it; a writer removes an old version only once no reader holds it,
and removes the half-written versions of dead writers on its next run. A second writer waits
for the lock (``wait`` seconds) and then fails with a message naming the holder.

>>> import tempfile, pathlib
>>> from govkg.graph.build import build_store
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "plan.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t整治扬尘\\t市环保局\\n", encoding="utf-8")
>>> report = build_store([root / "plan.txt"], root / "kg", progress=None)
>>> report.counts["tasks"], report.counts["assignments"]
(1, 1)
>>> select(root / "kg", "SELECT ?l WHERE { ?u a gk:Unit ; skos:prefLabel ?l }").rows
[['遵义市环境保护局']]
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError, StoreError
from .rows import Rows, plain
from govkg.ontology.vocabulary import PREFIXES

__all__ = [
    "DEFAULT_STORE", "Rows", "ReadStore", "open_store", "select", "current_version", "store_manifest",
    "writer_lock", "new_version", "publish", "collect_garbage", "version_path", "check_target",
]

DEFAULT_STORE = Path("govkg-data")
_POINTER = "CURRENT"
_VERSIONS = "versions"
_OXIGRAPH = "oxigraph"
_MANIFEST = "build.json"
_READERS = "readers.lock"
_WRITER = "writer.lock"
_FORMAT = 2


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _is_store(path: Path) -> bool:
    return (path / _POINTER).is_file() or (path / _OXIGRAPH).is_dir()


def current_version(store: str | Path) -> Path | None:
    """The directory of the store's current version, or ``None`` when there is no store.

    A store of the first layout (``oxigraph/`` at the top, no pointer) is its own version.
    """
    store = Path(store)
    pointer = store / _POINTER
    try:
        data = json.loads(pointer.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return store if (store / _OXIGRAPH).is_dir() else None
    except (OSError, ValueError) as exc:
        raise StoreError(f"{pointer}: cannot read the store's pointer: {exc}") from exc
    return store / _VERSIONS / data["version"]


def version_path(store: str | Path, name: str) -> Path:
    return Path(store) / _VERSIONS / name


def store_manifest(store: str | Path) -> dict:
    """The current version's ``build.json`` (documents, counts, problems); ``{}`` if none."""
    version = current_version(store)
    if version is None:
        raise StoreError(f"{store}: no govkg store here; run `govkg build --store {store}` first")
    try:
        return json.loads((version / _MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


class ReadStore:
    """A read-only view of one version, with a shared lock that keeps it from being removed.

    Use as a context manager, or call :meth:`close`; the lock also goes when the object does.
    """

    def __init__(self, store: ox.Store, lock_fd: int | None, version: Path) -> None:
        self.store = store
        self.version = version
        self._fd = lock_fd

    def query(self, sparql: str, **kwargs):
        return self.store.query(sparql, **kwargs)

    def close(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)  # a forked process may share the lock: release it for all
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> ReadStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass

    def __getattr__(self, name: str):
        return getattr(self.store, name)


def open_store(store: str | Path) -> ReadStore:
    """Open the store's current version read-only; a clear error when there is none."""
    if isinstance(store, ReadStore):
        return store
    for _ in range(20):
        version = current_version(store)
        if version is None:
            raise StoreError(f"{store}: no govkg store here (expected {Path(store) / _POINTER}); run `govkg build --store {store}` first")
        fd = None
        lock = version / _READERS
        if lock.exists() or version != Path(store):
            try:
                fd = os.open(lock, os.O_RDONLY)
            except FileNotFoundError:
                continue  # the version went away between reading the pointer and locking it
            fcntl.flock(fd, fcntl.LOCK_SH)
        if not (version / _OXIGRAPH).is_dir():
            if fd is not None:
                os.close(fd)
            continue
        try:
            return ReadStore(ox.Store.read_only(str(version / _OXIGRAPH)), fd, version)
        except OSError as exc:
            if fd is not None:
                os.close(fd)
            raise StoreError(f"{store}: cannot open the store: {exc}") from exc
    raise StoreError(f"{store}: the store kept changing while it was being opened; try again")


def select(store: str | Path | ReadStore | ox.Store, query: str) -> Rows:
    """Run a SELECT (or ASK, CONSTRUCT) query over the union of all graphs; plain rows.

    The usual prefixes (``gk:``, ``skos:``, ``dcterms:``, ``prov:`` …) are declared already.
    """
    owned = not isinstance(store, (ReadStore, ox.Store))
    st = open_store(store) if owned else store
    try:
        try:
            result = st.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        if isinstance(result, ox.QueryBoolean):
            return Rows(["ask"], [[bool(result)]])
        if isinstance(result, ox.QueryTriples):
            return Rows(["subject", "predicate", "object"], [[t.subject.value, t.predicate.value, plain(t.object)] for t in result])
        variables = [v.value for v in result.variables]
        return Rows(variables, [[plain(sol[v]) for v in variables] for sol in result])
    finally:
        if owned:
            st.close()


# -- writing ---------------------------------------------------------------------------


@contextmanager
def writer_lock(store: str | Path, *, wait: float = 60.0) -> Iterator[None]:
    """Hold the store's one writer lock; wait up to ``wait`` seconds, then fail naming the holder."""
    store = Path(store)
    store.mkdir(parents=True, exist_ok=True)
    path = store / _WRITER
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode("utf-8", "replace").strip() or "another process"
                    raise StoreError(f"{store}: another govkg process is writing this store ({holder}); "
                                     f"waited {wait:.0f} s; try again when it has finished") from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        yield
    finally:
        # unlock before closing: a process forked meanwhile (a worker) shares this lock, and
        # closing only our copy would leave the store locked while it lives
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def new_version(store: str | Path) -> tuple[str, Path]:
    """A fresh, empty version directory (not yet current) with its reader lock file."""
    store = Path(store)
    name = time.strftime("v%Y%m%dT%H%M%S") + f"-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    path = store / _VERSIONS / name
    path.mkdir(parents=True)
    (path / _READERS).touch()
    return name, path


def publish(store: str | Path, name: str) -> None:
    """Make version ``name`` the store's current one, atomically."""
    store = Path(store)
    version = store / _VERSIONS / name
    _fsync_dir(version / _OXIGRAPH)
    _fsync_dir(version)
    tmp = store / f".{_POINTER}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"version": name, "format": _FORMAT}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, store / _POINTER)
    _fsync_dir(store)


def collect_garbage(store: str | Path) -> list[str]:
    """Remove versions that are not current and that no reader holds (old versions, and the
    half-written ones of dead writers), and stray temporary files. Call with the writer lock."""
    store = Path(store)
    current = current_version(store)
    removed = []
    for tmp in store.glob(f".{_POINTER}.*.tmp"):
        tmp.unlink(missing_ok=True)
    for spool in store.glob(".spool-*"):
        shutil.rmtree(spool, ignore_errors=True)  # the temporary files of a dead writer
    versions = store / _VERSIONS
    if not versions.is_dir():
        return removed
    for version in versions.iterdir():
        if current is not None and version.resolve() == current.resolve():
            continue
        lock = version / _READERS
        fd = None
        try:
            fd = os.open(lock, os.O_RDONLY)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except FileNotFoundError:
            pass
        except OSError:
            os.close(fd)
            continue  # a reader still has it open
        try:
            shutil.rmtree(version, ignore_errors=True)
            removed.append(version.name)
        finally:
            if fd is not None:
                os.close(fd)
    return removed


def check_target(store: str | Path) -> None:
    """Refuse to write into a folder that is not a govkg store."""
    store = Path(store)
    if store.exists() and not store.is_dir():
        raise StoreError(f"{store}: exists and is not a folder; choose another --store")
    ours = (_WRITER, _VERSIONS, _POINTER)
    if store.is_dir() and not _is_store(store) and any(p.name not in ours and not p.name.startswith(".") for p in store.iterdir()):
        raise StoreError(f"{store}: exists and is not a govkg store (no {_POINTER} inside); choose another --store")
