"""The store written out as one file: RDF for other triple stores, a network for Gephi.

:data:`FORMATS` are the names :func:`export_store` takes:

- ``trig`` and ``nq`` (N-Quads) keep the named graphs: one per document and the ontology
  graph ``https://w3id.org/govkg/id/graph/ontology``. Oxigraph streams them straight from the
  store, quad by quad.
- ``ttl`` (Turtle), ``nt`` (N-Triples) and ``jsonld`` (expanded JSON-LD, no ``@context``) give
  the union of the graphs as one graph, each triple once, though a unit, a regulation or a
  place is described again in every document graph that names it. Duplicates can only come
  from a subject that is in more than one graph, so the graphs are read one at a time (in
  IRI order) and, for each, Oxigraph is asked which of its subjects other graphs also have
  and which graph comes first for each. The graph's own subjects stream out as they are; a
  shared subject is written once, when its first graph is reached, from the subject index
  (all its quads, every graph), without repeats. Memory is bounded by the largest graph's
  subjects (the ``DISTINCT`` inside Oxigraph) plus one subject's quads, never by the store.
- ``graphml`` and ``gexf`` give the unit–task network of :func:`govkg.graph.network.store_network`
  (nodes with ``kind``, ``label``, ``detail`` and, where known, ``jurisdiction``; edges with
  ``role``), every value a plain string or number, text stripped of characters XML cannot
  hold, each edge with an id unique in the file. The network is held in memory (about one
  node per task and unit), like the view.

Turtle and TriG use the usual prefixes (``gk:``, ``skos:``, ``topic:`` … of
:data:`govkg.ontology.vocabulary.PREFIXES`) but ``id:``: the local names of govkg's IRIs hold
slashes and percent signs, which Turtle would write escaped (``id:task\\/5f3a\\/p.23``), so those
IRIs are written whole, as a SPARQL query or a browser takes them. govkg keeps nothing in the
default graph.

>>> import tempfile, pathlib
>>> from govkg.graph.build import build_store
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t整治扬尘\\t市环保局\\n", encoding="utf-8")
>>> _ = (root / "b.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t规范处置危险废物\\t市环保局\\n", encoding="utf-8")
>>> _ = build_store([root], root / "kg", progress=None)
>>> ttl = export_store(root / "kg", root / "kg.ttl", format="ttl")
>>> text = (root / "kg.ttl").read_text(encoding="utf-8")
>>> text.count('skos:prefLabel "遵义市环境保护局"')
1
>>> trig = export_store(root / "kg", root / "kg.trig", format="trig")
>>> trig.graphs, trig.statements > ttl.statements
(3, True)
>>> export_store(root / "kg", root / "kg.xml", format="rdfxml")
Traceback (most recent call last):
...
govkg.graph.errors.ExportError: unknown export format 'rdfxml': expected one of trig, ttl, nt, nq, jsonld, graphml, gexf
"""

from __future__ import annotations

import os
import re
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from govkg.ontology.vocabulary import PREFIXES

from .errors import ExportError
from .network import store_network
from .store import ReadStore, open_store, select

__all__ = ["FORMATS", "ExportSummary", "export_store"]

#: The formats :func:`export_store` writes, by the name ``govkg export --format`` takes.
FORMATS = ("trig", "ttl", "nt", "nq", "jsonld", "graphml", "gexf")

_DATASET = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
_UNION = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
_NETWORK = {"graphml": nx.write_graphml, "gexf": nx.write_gexf}
#: Prefixes for Turtle and TriG: the usual ones but ``id:`` (see the module docstring).
_PREFIXES = {name: iri for name, iri in PREFIXES.items() if name != "id"}
_NAMES = {"trig": "TriG", "ttl": "Turtle", "nt": "N-Triples", "nq": "N-Quads", "jsonld": "JSON-LD",
          "graphml": "GraphML", "gexf": "GEXF"}

#: Characters XML 1.0 cannot carry (C0 controls but tab and newlines, lone surrogates,
#: U+FFFE/U+FFFF): a PDF's form feed or a Word vertical tab would make the file unreadable.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

#: Joins the items of a list-valued network attribute (GraphML and GEXF hold scalars only).
_LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote: the format, the file (``None`` for standard output), the
    statements (quads for ``trig``/``nq``, triples for the union formats, 0 for networks), the
    named graphs read, the network's nodes and edges (0 for RDF), the bytes and the seconds."""

    format: str
    path: Path | None
    statements: int = 0
    graphs: int = 0
    nodes: int = 0
    edges: int = 0
    bytes: int = 0
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        """statements, graphs, nodes, edges and bytes, for a summary."""
        return {"statements": self.statements, "graphs": self.graphs, "nodes": self.nodes,
                "edges": self.edges, "bytes": self.bytes}

    def __str__(self) -> str:
        if self.format in _NETWORK:
            what = f"{_many(self.nodes, 'node')} and {_many(self.edges, 'edge')}"
        else:
            statement = "quad" if self.format in _DATASET else "triple"
            what = f"{_many(self.statements, statement)} from {_many(self.graphs, 'graph')}"
        where = self.path if self.path is not None else "standard output"
        return f"wrote {what} as {_NAMES[self.format]} to {where} ({_many(self.bytes, 'byte')}, {self.seconds:.1f} s)"


def _many(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def export_store(store: str | Path | ReadStore, out: str | Path | None = None, *, format: str) -> ExportSummary:
    """Write the store in ``format`` (one of :data:`FORMATS`) to the file ``out``, or to
    standard output (as bytes) when ``out`` is ``None`` or ``"-"``.

    A file is written beside its final name and renamed into place when complete, so a failed
    export leaves no file, or the previous one as it was. Unknown formats and files that
    cannot be written raise :class:`~govkg.graph.errors.ExportError`; a folder without a store,
    :class:`~govkg.graph.errors.StoreError`.

    >>> import tempfile, pathlib
    >>> from govkg.graph.build import build_store
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "p.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t整治扬尘\\t市环保局\\n", encoding="utf-8")
    >>> _ = build_store([root / "p.txt"], root / "kg", progress=None)
    >>> summary = export_store(root / "kg", root / "kg.gexf", format="gexf")
    >>> summary.nodes, summary.edges
    (3, 2)
    >>> print(summary)  # doctest: +ELLIPSIS
    wrote 3 nodes and 2 edges as GEXF to .../kg.gexf (... bytes, ... s)
    >>> export_store(root / "none", format="nt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    govkg.graph.errors.StoreError: .../none: no govkg store here ...
    """
    if format not in FORMATS:
        raise ExportError(f"unknown export format {format!r}: expected one of {', '.join(FORMATS)}")
    path = None if out is None or str(out) == "-" else Path(out)
    started = time.monotonic()
    st = open_store(store)
    try:
        with _output(path) as stream:
            counts = _write(st, stream, format)
            size = stream.tell() if path is not None else stream.written
    finally:
        if st is not store:
            st.close()
    return ExportSummary(format, path, bytes=size, seconds=time.monotonic() - started, **counts)


def _write(st: ReadStore, stream: BinaryIO, format: str) -> dict[str, int]:
    if format in _DATASET:
        st.store.dump(stream, _DATASET[format], prefixes=_PREFIXES if format == "trig" else None)
        return {"statements": len(st.store), "graphs": sum(1 for _ in st.store.named_graphs())}
    if format in _UNION:
        counter = _Counter()
        ox.serialize(counter.count(_union_triples(st.store, counter)), stream, _UNION[format],
                     prefixes=_PREFIXES if format == "ttl" else None)
        return {"statements": counter.triples, "graphs": counter.graphs}
    g = _plain_network(st)
    _NETWORK[format](g, stream)
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


# -- the union of the graphs, each triple once -------------------------------------------------


class _Counter:
    """Counts the triples that pass and the graphs read, for the summary."""

    def __init__(self) -> None:
        self.triples = 0
        self.graphs = 0

    def count(self, triples: Iterator[ox.Triple]) -> Iterator[ox.Triple]:
        for triple in triples:
            self.triples += 1
            yield triple


def _shared_subjects(st: ox.Store, graph: ox.NamedNode) -> dict:
    """The subjects of ``graph`` that other graphs also have, each with the smallest IRI of
    those other graphs (the graph whose turn writes the subject)."""
    query = f"""SELECT ?s (MIN(STR(?h)) AS ?first) WHERE {{
      {{ SELECT DISTINCT ?s WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }} }}
      GRAPH ?h {{ ?s ?p2 ?o2 }} FILTER(?h != {graph})
    }} GROUP BY ?s"""
    return {solution["s"]: solution["first"].value for solution in st.query(query)}


def _union_triples(st: ox.Store, counter: _Counter) -> Iterator[ox.Triple]:
    """Every triple of every named graph once, graph by graph, each subject's triples together."""
    graphs = sorted((g for g in st.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    for graph in graphs:
        counter.graphs += 1
        shared = _shared_subjects(st, graph)
        for quad in st.quads_for_pattern(None, None, None, graph):
            if quad.subject not in shared:
                yield quad.triple
        for subject, first in shared.items():
            if graph.value < first:  # no graph before this one has the subject
                yield from dict.fromkeys(q.triple for q in st.quads_for_pattern(subject, None, None, None))


# -- the network, with values GraphML and GEXF can hold ------------------------------------------


def _plain(value: object) -> str | int | float | bool | None:
    """A value GraphML and GEXF can hold: numbers and booleans as they are, lists joined,
    everything else as text without the characters XML forbids; ``None`` stays ``None`` (dropped)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        value = _LIST_SEPARATOR.join(str(v) for v in value if v is not None)
    return _NOT_XML.sub("", str(value))


def _attributes(data: dict) -> dict:
    plain = {str(key): _plain(value) for key, value in data.items() if key != "id"}
    return {key: value for key, value in plain.items() if value is not None}


def _jurisdictions(st: ReadStore) -> dict[str, str]:
    """The jurisdiction's name of every unit and task that has one."""
    names: dict[str, list[str]] = {}
    for node, name in select(st, """SELECT DISTINCT ?x ?name WHERE {
            ?x gk:jurisdiction ?j . ?j rdfs:label ?name }""").rows:
        names.setdefault(node, []).append(name)
    return {node: _LIST_SEPARATOR.join(sorted(values)) for node, values in names.items()}


def _plain_network(st: ReadStore) -> nx.MultiDiGraph:
    """The store's network with plain attributes, the jurisdiction where known, and edge keys
    ``e0``, ``e1`` … (GraphML takes a multigraph's edge key as the edge id, which Gephi wants
    unique in the file)."""
    source = store_network(st)
    places = _jurisdictions(st)
    g = nx.MultiDiGraph()
    for node, data in source.nodes(data=True):
        attributes = _attributes(data)
        if str(node) in places and "jurisdiction" not in attributes:
            attributes["jurisdiction"] = _plain(places[str(node)])
        g.add_node(_plain(node), **attributes)
    for n, (u, v, data) in enumerate(source.edges(data=True)):
        g.add_edge(_plain(u), _plain(v), key=f"e{n}", **_attributes(data))
    return g


# -- writing a file whole or not at all ---------------------------------------------------------


class _Stdout:
    """Standard output as bytes, counting what passes."""

    def __init__(self) -> None:
        self.raw = sys.stdout.buffer
        self.written = 0

    def write(self, data: bytes) -> int:
        self.written += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()


@contextmanager
def _output(path: Path | None) -> Iterator[BinaryIO]:
    """Standard output, or a temporary file beside ``path`` that becomes ``path`` only once
    everything is written and on disk; on any failure the temporary file goes."""
    if path is None:
        stream = _Stdout()
        yield stream
        stream.flush()
        return
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; expected the name of the file to write")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        stream = open(tmp, "xb")
    except OSError as exc:
        raise ExportError(f"{path}: cannot write the export here: {exc.strerror or exc}") from exc
    try:
        with stream:
            try:
                yield stream
                stream.flush()
                os.fsync(stream.fileno())
            except OSError as exc:
                raise ExportError(f"{path}: the export failed after {stream.tell():,} bytes ({exc}); "
                                 f"{path.name} is as it was before") from exc
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
