"""The on-disk store: building it from documents, opening it, and running SPARQL on it.

A store directory holds ``oxigraph/`` (a durable Oxigraph store), ``graph.trig`` (the same
data, one named graph per document) and ``build.json`` (the summary and every problem). A
build writes into a fresh directory beside the target and swaps it in only when everything
succeeded, so a failed build leaves the previous store intact. One unreadable file is reported
and skipped; it never stops the others.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "plan.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t整治扬尘\\t市环保局\\n", encoding="utf-8")
>>> report = build_store([root / "plan.txt"], root / "kg", progress=None)
>>> report.counts["tasks"], report.counts["assignments"]
(1, 1)
>>> rows = select(root / "kg", "SELECT ?l WHERE { ?u a <https://w3id.org/govkg/ontology#Unit> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
>>> rows.rows
[['遵义市环境保护局']]
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from govkg.extract.document import SUFFIXES
from govkg.extract.errors import DocumentError, StoreError
from govkg.extract.pipeline import extract_document
from govkg.extract.records import Extraction, Problem
from govkg.extract.topic import TopicTagger
from govkg.ontology import ontology_graph

from .rdf import extraction_graph
from .uris import ONTOLOGY_GRAPH

__all__ = ["BuildReport", "Rows", "collect_files", "build_store", "open_store", "select", "DEFAULT_STORE"]

DEFAULT_STORE = Path("govkg-data")
_OXIGRAPH = "oxigraph"


@dataclass
class BuildReport:
    """What a build did: counts, per-document figures and every problem found."""

    store: str
    counts: dict[str, int] = field(default_factory=dict)
    documents: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass(frozen=True)
class Rows:
    """A SELECT result: variable names and rows of plain values (``None`` where unbound)."""

    variables: list[str]
    rows: list[list]


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to read: files as given, folders searched recursively for text files."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        elif p.is_file():
            out.append(p)
        else:
            raise DocumentError(str(p), 0, "no such file or folder")
    return out


def _count(extractions: list[Extraction]) -> dict[str, int]:
    units = {(a.unit.jurisdiction, a.unit.name) for ex in extractions for t in ex.tasks for a in t.assignments}
    units |= {(a.unit.jurisdiction, a.unit.name) for ex in extractions for a in ex.actors}
    cites = {(ex.document.file_name, c.code or c.title) for ex in extractions for c in [*ex.citations, *(c for t in ex.tasks for c in t.citations)]}
    return {
        "documents": len(extractions),
        "tasks": sum(len(ex.tasks) for ex in extractions),
        "units": len(units),
        "assignments": sum(len(t.assignments) for ex in extractions for t in ex.tasks),
        "citations": len(cites),
        "topics": len({tp for ex in extractions for t in ex.tasks for tp in t.topics}),
        "actors": sum(len(ex.actors) for ex in extractions),
    }


def build_store(
    paths: Iterable[str | Path],
    store: str | Path = DEFAULT_STORE,
    *,
    progress: Callable[[str], None] | None = lambda msg: print(msg, file=sys.stderr, flush=True),
) -> BuildReport:
    """Read ``paths`` and (re)build the store at ``store``; returns the report."""
    started = time.perf_counter()
    store = Path(store)
    files = collect_files(paths)
    if not files:
        raise StoreError(f"no documents to read in {', '.join(map(str, paths))}: expected files ending in {', '.join(SUFFIXES)}")
    tagger = TopicTagger.from_ontology()
    extractions: list[Extraction] = []
    problems: list[Problem] = []
    for n, path in enumerate(files, 1):
        try:
            ex = extract_document(path, tagger=tagger)
        except DocumentError as exc:
            problems.append(Problem(str(path), exc.line, exc.message, "error"))
            if progress:
                progress(f"[{n}/{len(files)}] {path.name}: skipped: {exc.message}")
            continue
        extractions.append(ex)
        problems.extend(ex.problems)
        if progress:
            assigned = sum(len(t.assignments) for t in ex.tasks)
            progress(f"[{n}/{len(files)}] {path.name}: {len(ex.tasks)} tasks, {assigned} assignments ({ex.layout or 'no layout'})")
    graphs: list[tuple[URIRef, Graph]] = [(ONTOLOGY_GRAPH, ontology_graph())]
    seen_docs: dict[str, str] = {}
    for ex in extractions:
        if ex.document.sha256 in seen_docs:
            problems.append(Problem(ex.document.path, 0, f"same content as {seen_docs[ex.document.sha256]}; read once"))
            continue
        seen_docs[ex.document.sha256] = ex.document.path
        g = extraction_graph(ex)
        graphs.append((g.identifier, g))
    report = BuildReport(store=str(store), counts=_count(extractions), problems=problems)
    report.counts["warnings"] = len(problems)
    report.documents = [
        {"file": ex.document.file_name, "path": ex.document.path, "jurisdiction": ex.document.jurisdiction,
         "layout": ex.layout, "tasks": len(ex.tasks), "assignments": sum(len(t.assignments) for t in ex.tasks)}
        for ex in extractions
    ]
    _write(store, graphs, report)
    report.seconds = time.perf_counter() - started
    return report


_PREFIXES = {
    "gk": "https://w3id.org/govkg/ontology#", "id": "https://w3id.org/govkg/id/",
    "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "org": "http://www.w3.org/ns/org#",
}


def _write(store: Path, graphs: list[tuple[URIRef, Graph]], report: BuildReport) -> None:
    store.parent.mkdir(parents=True, exist_ok=True)
    if store.exists() and not (store / _OXIGRAPH).exists() and any(store.iterdir()):
        raise StoreError(f"{store}: exists and is not a govkg store (no {_OXIGRAPH}/ inside); choose another --store")
    tmp = Path(tempfile.mkdtemp(prefix=f".{store.name}.building-", dir=store.parent))
    try:
        ox_store = ox.Store(str(tmp / _OXIGRAPH))
        for name, g in graphs:
            data = g.serialize(format="nt", encoding="utf-8")
            ox_store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(name)))
        ox_store.flush()
        ox_store.dump(str(tmp / "graph.trig"), format=ox.RdfFormat.TRIG, prefixes=_PREFIXES)
        del ox_store
        summary = {"counts": report.counts, "documents": report.documents,
                   "problems": [asdict(p) for p in report.problems]}
        (tmp / "build.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
        old = None
        if store.exists():
            old = store.with_name(f".{store.name}.old-{os.getpid()}")
            store.rename(old)
        tmp.rename(store)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def open_store(store: str | Path) -> ox.Store:
    """Open a built store read-only; a clear error when there is none."""
    path = Path(store) / _OXIGRAPH
    if not path.is_dir():
        raise StoreError(f"{store}: no govkg store here (expected {path}); run `govkg build --store {store}` first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{store}: cannot open the store: {exc}") from exc


def _plain(term) -> object:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith("#integer"):
            return int(term.value)
        if dt.endswith("#boolean"):
            return term.value in ("true", "1")
        return term.value
    return term.value


def select(store: str | Path | ox.Store, query: str) -> Rows:
    """Run a SELECT (or ASK) query over the union of all graphs and return plain rows."""
    st = store if isinstance(store, ox.Store) else open_store(store)
    try:
        result = st.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        from govkg.extract.errors import QueryError

        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    if isinstance(result, ox.QueryBoolean):
        return Rows(["ask"], [[bool(result)]])
    if isinstance(result, ox.QueryTriples):
        return Rows(["subject", "predicate", "object"], [[t.subject.value, t.predicate.value, _plain(t.object)] for t in result])
    variables = [v.value for v in result.variables]
    return Rows(variables, [[_plain(sol[v]) for v in variables] for sol in result])
