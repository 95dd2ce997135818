"""Building the store: files in, one named graph per document, a new version out.

``build`` makes the store exactly the given documents; ``add`` adds or replaces documents and
leaves the others alone (an unchanged file is skipped); ``remove`` drops documents. Each
writes a new version of the store (:mod:`govkg.graph.store`) and publishes it only when it is
complete, so a failed or killed write leaves the previous store as it was.

Documents are read and extracted one by one, or by a pool of processes for large inputs
(each worker builds its topic tagger once); either way the quads are written in input order,
so a parallel build gives the same store as a serial one. Each document's quads go to a
temporary file as soon as it is read, and Oxigraph bulk-loads the lot in one pass: memory
stays bounded by the largest document, never by the corpus.

Bad input never stops the others: a file that cannot be read gets one problem line naming
it, what was expected and what was found, and every good file goes in. A build never replaces
a store by a smaller one because files failed, unless ``force`` is given.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t整治扬尘\\t市环保局\\n", encoding="utf-8")
>>> build_store([root / "a.txt"], root / "kg", progress=None).counts["documents"]
1
>>> _ = (root / "b.txt").write_text("株洲市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t整治油烟\\t市城管局\\n", encoding="utf-8")
>>> r = add_documents([root / "a.txt", root / "b.txt"], root / "kg", progress=None)
>>> r.counts["documents"], [d["file"] for d in r.documents if d.get("unchanged")]
(2, ['a.txt'])
"""

from __future__ import annotations

import gc
import io
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from govkg.extract.document import SUFFIXES
from .errors import DocumentError, StoreError
from govkg.extract.records import Problem

from . import store as st
from .uris import ONTOLOGY_GRAPH, document_iri

__all__ = ["BuildReport", "collect_files", "build_store", "add_documents", "remove_documents", "Progress"]

#: Above this many bytes of input, documents are read by a pool of processes.
PARALLEL_BYTES = 4_000_000


@dataclass
class BuildReport:
    """What a write did: counts, the documents of the new store, every problem found."""

    store: str
    counts: dict[str, int] = field(default_factory=dict)
    documents: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    published: bool = True
    message: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


Progress = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- which files -------------------------------------------------------------------------


def collect_files(paths: Iterable[str | Path], problems: list[Problem] | None = None) -> list[Path]:
    """The files to read: regular files as given, folders searched for documents.

    A path that is missing, not a regular file (a FIFO, a device), a dangling symbolic link,
    a link loop or an unreadable folder is reported in ``problems`` and skipped; without
    ``problems`` the first such path raises :class:`DocumentError`.
    """
    out: list[Path] = []
    seen: set[str] = set()

    def report(path: Path | str, message: str) -> None:
        if problems is None:
            raise DocumentError(str(path), 0, message)
        problems.append(Problem(str(path), 0, message, "error"))

    def add(path: Path) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            out.append(path)

    for p in map(Path, paths):
        try:
            info = p.stat()
        except FileNotFoundError:
            report(p, "dangling symbolic link: its target does not exist" if p.is_symlink() else "no such file or folder")
            continue
        except OSError as exc:
            report(p, f"cannot read: {exc.strerror or exc}" + (" (a symbolic link loop)" if exc.errno == 40 else ""))
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(p, add, report)
        elif stat.S_ISREG(info.st_mode):
            add(p)
        else:
            report(p, "expected a regular file or a folder; found a " + _kind(info.st_mode))
    return out


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _walk(folder: Path, add: Callable[[Path], None], report: Callable[[Path, str], None]) -> None:
    def onerror(exc: OSError) -> None:
        report(Path(exc.filename or folder), f"cannot read folder: {exc.strerror or exc}")

    for root, dirs, files in os.walk(folder, onerror=onerror, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            try:
                info = path.stat()
            except FileNotFoundError:
                report(path, "dangling symbolic link: its target does not exist")
                continue
            except OSError as exc:
                report(path, f"cannot read: {exc.strerror or exc}")
                continue
            if stat.S_ISREG(info.st_mode):
                add(path)
            else:
                report(path, "expected a regular file; found a " + _kind(info.st_mode))


# -- reading one document ----------------------------------------------------------------

_TAGGER = None


def _tagger():
    global _TAGGER
    if _TAGGER is None:
        from govkg.extract.topic import TopicTagger

        _TAGGER = TopicTagger.from_ontology()
        gc.freeze()  # the dictionaries stay: keep them out of every later collection
    return _TAGGER


def _worker() -> None:
    """Start a worker process: it dies with the process that made it (a killed build leaves no
    worker behind holding the store's lock), and it has its tagger."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    _tagger()


def _topics_of(tasks: tuple) -> tuple[tuple[str, ...], ...]:
    """The topics of each task (in the tagging process)."""
    return tuple(t.topics for t in _tagger().tag_tasks(list(tasks)))


#: The tagging process of this process's small builds (see :func:`_tagging_process`).
_TAGGING: ProcessPoolExecutor | None = None


def _tagging_process() -> ProcessPoolExecutor | None:
    """A process of its own for topic tagging, started before the documents are read, so that
    loading jieba's dictionary (half a second) overlaps reading them; one for the life of this
    process, so its later builds pay nothing more. ``None`` when this process has a tagger
    already, or when no process can be had: then tagging happens here."""
    global _TAGGING
    if _TAGGER is None and _TAGGING is None:
        try:  # forked, as the reading pool is: nothing of the caller's script runs again there
            _TAGGING = ProcessPoolExecutor(max_workers=1, initializer=_worker)
            _TAGGING.submit(int)  # start it now
        except (OSError, RuntimeError):
            return None
    return _TAGGING if _TAGGER is None else None


def _tagged(ex, pending):
    """``ex`` with its tasks' topics: from the tagging process (``pending``), else tagged here."""
    global _TAGGING
    try:
        topics = pending.result()
    except Exception:  # a broken tagging process: tag here from now on
        _TAGGING = None
        return replace(ex, tasks=tuple(_tagger().tag_tasks(list(ex.tasks))))
    return replace(ex, tasks=tuple(replace(t, topics=tp) for t, tp in zip(ex.tasks, topics)))


def close_tagging() -> None:
    """End the tagging process, if one was started (before ``os._exit``)."""
    global _TAGGING
    if _TAGGING is not None:
        _TAGGING.shutdown(wait=True, cancel_futures=True)  # an idle worker ends at once
        _TAGGING = None


def _failure(path: str, line: int, message: str) -> dict:
    """The result of a file that could not be read."""
    return {"path": path, "error": asdict(Problem(path, line, message, "error"))}


_OUT_OF_MEMORY = "out of memory while reading this file"


def _read_one(path: str, spool: str, note: Callable[[str], None] | None = None, extraction=None) -> dict:
    """Read and extract one file (or take its ``extraction``, made already); its quads go to
    ``spool``. Never raises for bad input. ``note`` hears how far a very large file has got."""
    from govkg.extract.pipeline import extract_document

    from .rdf import write_nquads

    try:
        if extraction is None and _large_text(path):
            doc, summary, parts = _read_large(path, spool, note)
        else:
            ex = extraction if extraction is not None else extract_document(path, tagger=_tagger())
            out = _Spool(spool)
            write_nquads(ex, out.write)
            out.close()
            doc, summary, parts = ex.document, _Summary().add(ex), out.parts
            del ex
    except DocumentError as exc:
        return _failure(path, exc.line, exc.message)
    except MemoryError:
        return _failure(path, 0, _OUT_OF_MEMORY)
    return {
        "path": path, "spool": parts,
        "doc": {
            "file": doc.file_name, "path": os.path.abspath(path), "sha256": doc.sha256, "graph": document_iri(doc.sha256),
            "format": doc.format, "encoding": doc.encoding, "jurisdiction": doc.jurisdiction,
            "layout": ",".join(dict.fromkeys(summary.layouts)),
            "tasks": summary.tasks, "assignments": summary.assignments, "citations": len(summary.citations), "actors": summary.actors,
            "topics": sorted(summary.topics), "units": sorted(summary.units),
            "warnings": [p.message for p in summary.problems if p.severity != "error"], "added": time.strftime("%Y-%m-%dT%H:%M:%S"),
        },
        "problems": [asdict(p) for p in summary.problems],
    }


#: N-Quads bytes per spool file and per bulk load: Oxigraph's bulk loader holds about four
#: times its input in memory, so this bounds the memory of a write however large the input.
SPOOL_BYTES = 64_000_000


class _Spool:
    """Quads of one document written to numbered part files of at most :data:`SPOOL_BYTES`."""

    def __init__(self, base: str) -> None:
        self.base, self.parts, self._file, self._size = base, [], None, 0

    def write(self, text: str) -> None:
        if self._file is None or self._size >= SPOOL_BYTES:
            self.close()
            path = f"{self.base}.{len(self.parts):03d}"
            self.parts.append(path)
            self._file, self._size = open(path, "w", encoding="utf-8"), 0
        self._file.write(text)
        self._size += len(text.encode("utf-8")) if len(text) < 1_000_000 else len(text) * 3

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


#: Bytes a character takes, roughly, in a large file's encoding (Chinese text): to say how far
#: a file has been read without encoding it again.
_BYTES_PER_CHAR = {"utf-8": 3, "utf-8-sig": 3, "gb18030": 2, "gbk": 2, "big5": 2, "utf-16": 2, "utf-16-le": 2, "utf-16-be": 2}


def _large_text(path: str) -> bool:
    from govkg.extract.segments import LARGE_BYTES

    return Path(path).suffix.lower() in (".txt", ".md", ".text") and _size(Path(path)) > LARGE_BYTES


def _read_large(path: str, spool: str, note: Callable[[str], None] | None = None):
    """A very large text file, segment by segment: each segment's quads are written as soon
    as it is read and its records dropped; returns the document and the summed summary.
    ``note`` gets a line each time another tenth of the file has been read."""
    from govkg.extract.document import make_document
    from govkg.extract.pipeline import extract_text
    from govkg.extract.segments import file_sha256, sample_encoding, shift, text_segments

    from .rdf import write_nquads

    sha, encoding = file_sha256(path), sample_encoding(path)
    identity = None
    total = _Summary()
    out = _Spool(spool)
    size, done, reported = _size(Path(path)), 0, 1
    try:
        for n, (first, lines) in enumerate(text_segments(path, encoding=encoding)):
            doc = make_document(path, sha, lines, encoding=encoding)
            if identity is None:
                identity = doc
            doc = replace(doc, title=identity.title, jurisdiction=identity.jurisdiction)
            ex = shift(extract_text(doc, tagger=_tagger()), offset=first - 1, prefix=f"s{n}.")
            write_nquads(replace(ex, layout=ex.layout if n == 0 else ""), out.write)
            total.add(ex, role_warnings=False)
            done += sum(len(line) for line in lines) + len(lines)
            if note is not None and done * _BYTES_PER_CHAR.get(encoding, 2) >= size * reported / 10:
                reported = min(10, int(done * _BYTES_PER_CHAR.get(encoding, 2) * 10 // max(size, 1)) + 1)
                mb = "{:,.0f}" if size >= 10e6 else "{:.1f}"
                note(f"{Path(path).name}: {mb.format(min(done * _BYTES_PER_CHAR.get(encoding, 2), size) / 1e6)} of "
                     f"{mb.format(size / 1e6)} MB, "
                     f"line {first + len(lines) - 1:,}, {total.tasks:,} tasks, {total.assignments:,} assignments so far")
            del ex, doc, lines
    finally:
        out.close()
    if identity is None:
        raise DocumentError(path, 1, "expected text; the file is empty")
    return replace(identity, lines=()), total, out.parts


class _Summary:
    """What the manifest keeps of a document's extraction: counts, units, topics, problems."""

    def __init__(self) -> None:
        self.tasks = self.assignments = self.actors = 0
        self.units: set[str] = set()
        self.citations: set[str] = set()
        self.topics: set[str] = set()
        self.layouts: list[str] = []
        self.problems: list[Problem] = []

    def add(self, ex, *, role_warnings: bool = True) -> _Summary:
        self.tasks += len(ex.tasks)
        self.assignments += sum(len(t.assignments) for t in ex.tasks)
        self.actors += len(ex.actors)
        self.units |= {f"{a.unit.jurisdiction or ''}|{a.unit.name}" for t in ex.tasks for a in t.assignments}
        self.units |= {f"{a.unit.jurisdiction or ''}|{a.unit.name}" for a in ex.actors}
        self.citations |= {c.code or c.title for c in [*ex.citations, *(c for t in ex.tasks for c in t.citations)]}
        self.topics |= {tp for t in ex.tasks for tp in t.topics}
        self.layouts.extend(x for x in ex.layout.split(",") if x)
        self.problems.extend(p for p in ex.problems if role_warnings or "role markers" not in p.message)
        return self


def _read_all(files: list[Path], spool_dir: Path, progress: Progress | None, jobs: int | None) -> Iterator[dict]:
    """Every file read, in input order; by a pool of processes when the input is large."""
    spools = [str(spool_dir / f"{n:06d}.nq") for n in range(len(files))]
    size = sum(_size(f) for f in files)
    workers = jobs if jobs is not None else (min(os.cpu_count() or 1, 8) if size >= PARALLEL_BYTES and len(files) > 1 else 1)
    bar = _Bar(len(files), progress)
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker) as pool:
            yield from bar.track(pool.map(_read_one, map(str, files), spools, chunksize=max(1, len(files) // (workers * 8))))
        return
    small = size < PARALLEL_BYTES and not any(_large_text(str(f)) for f in files)
    tagging = _tagging_process() if small else None
    if tagging is None:
        yield from bar.track(_read_one(str(path), spool, bar.note) for path, spool in zip(files, spools))
    else:
        yield from bar.track(_read_tagged_aside(files, spools, tagging))


def _read_tagged_aside(files: list[Path], spools: list[str], tagging: ProcessPoolExecutor) -> Iterator[dict]:
    """A small input: every document extracted here while ``tagging`` loads jieba, then
    tagged there, then written."""
    from govkg.extract.pipeline import extract_document

    read: list = []
    for path in files:
        try:
            ex = extract_document(str(path), tagger=None)
            read.append((ex, tagging.submit(_topics_of, ex.tasks)))
        except DocumentError as exc:
            read.append((_failure(str(path), exc.line, exc.message), None))
        except MemoryError:
            read.append((_failure(str(path), 0, _OUT_OF_MEMORY), None))
    for path, spool, (ex, pending) in zip(files, spools, read):
        yield ex if pending is None else _read_one(str(path), spool, extraction=_tagged(ex, pending))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class _Bar:
    """Progress: a bar on a terminal, a line per document otherwise."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.n, self.progress = total, 0, progress
        self.tty = progress is _stderr and sys.stderr.isatty()
        self._bar = None
        if self.tty:
            try:
                from tqdm import tqdm

                self._bar = tqdm(total=total, unit="doc", file=sys.stderr, leave=False)
            except ImportError:  # pragma: no cover - tqdm is a dependency
                self.tty = False

    def step(self, result: dict) -> None:
        self.n += 1
        if self.progress is None:
            return
        name = Path(result["path"]).name
        if "error" in result:
            line = f"[{self.n}/{self.total}] {name}: skipped: {result['error']['message']}"
        else:
            d = result["doc"]
            line = f"[{self.n}/{self.total}] {name}: {d['tasks']} tasks, {d['assignments']} assignments ({d['layout'] or 'no layout'})"
        if self._bar is not None:
            self._bar.set_postfix_str(name[:30])
            self._bar.update(1)
            if "error" in result or result.get("doc", {}).get("warnings"):
                self._bar.write(line, file=sys.stderr)
        else:
            self.progress(line)

    def note(self, line: str) -> None:
        """How far the document being read has got (a very large one)."""
        if self.progress is None:
            return
        if self._bar is not None:
            self._bar.set_postfix_str(line[:60])
        else:
            self.progress(f"[{self.n + 1}/{self.total}] {line}")

    def track(self, results: Iterable[dict]) -> Iterator[dict]:
        """``results``, each counted as it passes, then the bar closed."""
        for result in results:
            self.step(result)
            yield result
        self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# -- writing a version ----------------------------------------------------------------------


class _Chain(io.RawIOBase):
    """The spool files read one after the other, as one binary stream (one bulk load)."""

    def __init__(self, paths: list[str]) -> None:
        self._paths = list(paths)
        self._file = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while True:
            if self._file is None:
                if not self._paths:
                    return 0
                self._file = open(self._paths.pop(0), "rb")
            n = self._file.readinto(buffer)
            if n:
                return n
            self._file.close()
            self._file = None

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        super().close()


def _batches(spools: list[str]) -> Iterator[list[str]]:
    """Spool files in groups of at most :data:`SPOOL_BYTES` (a bulk load each): one load for
    a corpus, several bounded ones for a large input."""
    batch: list[str] = []
    size = 0
    for path in spools:
        n = _size(Path(path))
        if batch and size + n > SPOOL_BYTES:
            yield batch
            batch, size = [], 0
        batch.append(path)
        size += n
    if batch:
        yield batch


def _ontology_quads() -> str:
    from govkg.ontology.vocabulary import ontology_text

    from govkg.extract.text import fold
    from govkg.ontology.vocabulary import TERMS, topic_labels

    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    out = io.StringIO()
    for name in ("govkg.ttl", "topics.ttl"):
        for q in ox.parse(ontology_text(name), format=ox.RdfFormat.TURTLE):
            out.write(str(ox.Quad(q.subject, q.predicate, q.object, graph)) + " .\n")
    # plain-string labels of every topic, so a query matches what a user types without STR()
    search = ox.NamedNode(TERMS.searchLabel)
    for concept, pref, alts, _broader in topic_labels():
        for label in sorted({pref, *alts, fold(pref), *map(fold, alts)}):
            out.write(str(ox.Quad(ox.NamedNode(concept), search, ox.Literal(label), graph)) + " .\n")
    return out.getvalue()


def _counts(documents: list[dict], problems: list[Problem]) -> dict[str, int]:
    units = {u for d in documents for u in d.get("units", [])}
    return {
        "documents": len(documents),
        "tasks": sum(d["tasks"] for d in documents),
        "units": len(units),
        "assignments": sum(d["assignments"] for d in documents),
        "citations": sum(d.get("citations", 0) for d in documents),
        "topics": len({t for d in documents for t in d.get("topics", [])}),
        "actors": sum(d.get("actors", 0) for d in documents),
        "warnings": sum(1 for p in problems if p.severity != "error"),
        "errors": sum(1 for p in problems if p.severity == "error"),
    }


def _manifest(documents: list[dict], problems: list[Problem]) -> dict:
    slim = [{k: v for k, v in d.items() if k != "unchanged"} for d in documents]
    return {"counts": _counts(documents, problems), "documents": slim, "problems": [asdict(p) for p in problems]}


def _write(store: Path, *, base: Path | None, drop: set[str], spools: list[str], documents: list[dict],
           problems: list[Problem]) -> str:
    """A new version: a copy of ``base`` (or empty, with the ontology) without the graphs in
    ``drop``, with the spooled quads loaded, and its manifest. Returns its name."""
    import json

    name, version = st.new_version(store)
    target = version / "oxigraph"
    if base is not None:
        source = ox.Store.read_only(str(base / "oxigraph"))
        source.backup(str(target))
        del source
        oxs = ox.Store(str(target))
        for graph in sorted(drop):
            oxs.remove_graph(ox.NamedNode(graph))
    else:
        oxs = ox.Store(str(target))
        oxs.bulk_load(_ontology_quads(), format=ox.RdfFormat.N_QUADS)
    for batch in _batches(spools):
        with _Chain(batch) as chain:
            oxs.bulk_load(chain, format=ox.RdfFormat.N_QUADS)
    # bulk loads leave many small files behind; compacted, read-only queries run 1.5-2x faster
    oxs.optimize()
    oxs.flush()
    del oxs
    gc.collect()
    (version / "build.json").write_text(json.dumps(_manifest(documents, problems), ensure_ascii=False, indent=1), encoding="utf-8")
    return name


def _run(store: str | Path, paths: Iterable[str | Path], *, mode: str, progress: Progress | None, force: bool,
         wait: float, jobs: int | None, remove: Iterable[str] = ()) -> BuildReport:
    started = time.perf_counter()
    store = Path(store)
    st.check_target(store)
    problems: list[Problem] = []
    files = collect_files(paths, problems) if mode != "remove" else []
    if mode == "build" and not files and not problems:
        raise StoreError(f"no documents to read in {', '.join(map(str, paths))}: expected files ending in {', '.join(SUFFIXES)}")
    with st.writer_lock(store, wait=wait):
        st.collect_garbage(store)
        base = st.current_version(store)
        old = st.store_manifest(store) if base is not None else {}
        old_docs = {d["path"]: d for d in old.get("documents", [])}
        documents: dict[str, dict] = {} if mode == "build" else dict(old_docs)
        drop: set[str] = set()
        if mode == "remove":
            for key in remove:
                hits = [p for p, d in documents.items() if key in (p, d["file"], d["sha256"]) or d["sha256"].startswith(key)]
                if not hits:
                    problems.append(Problem(key, 0, "no such document in the store (see `govkg list`)", "error"))
                for p in hits:
                    drop.add(documents.pop(p)["graph"])
        spools: list[str] = []
        unchanged: list[dict] = []
        with tempfile.TemporaryDirectory(prefix=".spool-", dir=store) as spool_dir:
            todo = []
            for f in files:
                key = os.path.abspath(f)
                prev = old_docs.get(key)
                if mode == "add" and prev is not None and _same_file(f, prev):
                    unchanged.append(dict(prev, unchanged=True))
                    continue
                todo.append(f)
            shas = {d["sha256"]: p for p, d in documents.items()}
            for result in _read_all(todo, Path(spool_dir), progress, jobs):
                if "error" in result:
                    problems.append(Problem(**result["error"]))
                    continue
                doc = result["doc"]
                problems.extend(Problem(**p) for p in result["problems"])
                prev = documents.get(doc["path"])
                if prev is not None and prev["sha256"] != doc["sha256"]:
                    drop.add(prev["graph"])
                if doc["sha256"] in shas and shas[doc["sha256"]] != doc["path"]:
                    problems.append(Problem(doc["path"], 0, f"same content as {shas[doc['sha256']]}; read once"))
                    continue
                shas[doc["sha256"]] = doc["path"]
                documents[doc["path"]] = doc
                spools.extend(result["spool"])
            # a graph shared by another path stays
            drop -= {d["graph"] for d in documents.values()}
            docs = list(documents.values())
            report = BuildReport(store=str(store), documents=docs + [d for d in unchanged if d["path"] not in documents],
                                 problems=problems)
            for d in unchanged:
                documents.setdefault(d["path"], d)
            docs = list(documents.values())
            report.documents = [dict(d, unchanged=True) if any(u["path"] == d["path"] for u in unchanged) else d for d in docs]
            report.counts = _counts(docs, problems)
            if mode == "add" and not spools and not drop:
                report.published = False
                report.message = "nothing to write: every file is unchanged" if unchanged and not report.errors else "nothing to write"
            elif mode == "build" and base is not None and report.errors and len(docs) < len(old_docs) and not force:
                report.published = False
                report.message = (f"not replaced: {len(report.errors)} file(s) could not be read and the new store would hold "
                                  f"{len(docs)} document(s) where {len(old_docs)} are now; fix the files or use --force")
            else:
                name = _write(store, base=None if mode == "build" else base, drop=drop if mode != "build" else set(),
                              spools=spools, documents=docs, problems=problems)
                st.publish(store, name)
                st.collect_garbage(store)
    report.seconds = time.perf_counter() - started
    return report


def _same_file(path: Path, prev: dict) -> bool:
    import hashlib

    try:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return False
    return h.hexdigest() == prev["sha256"]


def build_store(paths: Iterable[str | Path], store: str | Path = st.DEFAULT_STORE, *, progress: Progress | None = _stderr,
                force: bool = False, wait: float = 60.0, jobs: int | None = None) -> BuildReport:
    """Make the store exactly the documents in ``paths`` (files and folders)."""
    return _run(store, list(paths), mode="build", progress=progress, force=force, wait=wait, jobs=jobs)


def add_documents(paths: Iterable[str | Path], store: str | Path = st.DEFAULT_STORE, *, progress: Progress | None = _stderr,
                  wait: float = 60.0, jobs: int | None = None) -> BuildReport:
    """Add or replace the documents in ``paths``; an unchanged file is skipped; others stay."""
    return _run(store, list(paths), mode="add", progress=progress, force=False, wait=wait, jobs=jobs)


def remove_documents(documents: Iterable[str], store: str | Path = st.DEFAULT_STORE, *, wait: float = 60.0) -> BuildReport:
    """Drop documents (by path, file name or SHA-256 prefix, as `govkg list` shows them)."""
    return _run(store, [], mode="remove", progress=None, force=False, wait=wait, jobs=None, remove=list(documents))
