"""Pushing the store to a SPARQL 1.1 server: every named graph, replaced whole, in bounded batches.

:func:`push` loads each named graph of the store (one per document, and the ontology graph)
into a server through the **SPARQL 1.1 Graph Store HTTP Protocol**, so the graphs keep their
IRIs there and :func:`govkg.graph.remote.remote_select` can run the named queries on them:

- the first batch of a graph goes by ``PUT <endpoint>?graph=<iri>``, which replaces whatever
  the server held under that IRI, so pushing again gives the same graph, never a doubled one;
- the rest of a large graph follows by ``POST`` (which adds), :data:`BATCH_BYTES` of
  N-Triples at a time (sent as ``text/turtle``, of which N-Triples is a subset and which every
  Graph Store accepts), so memory stays bounded by one batch whatever the graph's size;
- triples with a blank node all travel in one request (the last of the graph), because a blank
  node label means the same node only within one request (govkg's blank nodes are the few OWL
  lists of the ontology graph);
- ``prune=True`` then removes (``DELETE``) the govkg graphs the server holds but the store no
  longer has: those of removed documents. Graphs outside ``https://w3id.org/govkg/id/`` are
  never touched. Finding them takes one query on the server's SPARQL endpoint, which is
  derived for Virtuoso (``/sparql-graph-crud-auth`` → ``/sparql-auth``) or given as
  ``query_endpoint``.

Authentication is answered in the scheme the server asks for (Virtuoso's
``/sparql-graph-crud-auth`` wants Digest; a fresh Virtuoso database's user is ``dba``, password
``dba``), or forced with ``auth="basic"``/``"digest"``. Errors are
:class:`~govkg.graph.errors.StoreError` naming the endpoint and the graph.

>>> import pyoxigraph as ox
>>> s, p = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
>>> triples = [ox.Triple(s, p, ox.Literal(str(n))) for n in range(3)] + [ox.Triple(s, p, ox.BlankNode("b"))]
>>> batches = list(graph_batches(triples, batch_bytes=40))
>>> [batch.count(b"\\n") for batch in batches]
[2, 2]
>>> batches[-1].endswith(b"<urn:s> <urn:p> _:b .\\n")
True
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from .errors import StoreError

from .endpoint import Endpoint
from .remote import remote_graphs
from .store import open_store

__all__ = ["push", "PushReport", "PushedGraph", "graph_batches", "query_endpoint_for", "BATCH_BYTES"]

#: N-Triples bytes per request: large enough that a corpus graph goes in one PUT, small
#: enough that neither this process nor the server holds much of a large graph at once.
BATCH_BYTES = 8_000_000

_TURTLE = "text/turtle; charset=utf-8"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class PushedGraph:
    """One graph sent: its IRI, its triples, the requests and bytes it took, the seconds."""

    graph: str
    triples: int
    requests: int
    bytes: int
    seconds: float


@dataclass(frozen=True)
class PushReport:
    """What a push did: the graphs sent, the graphs removed (``prune``), the seconds."""

    endpoint: str
    graphs: tuple[PushedGraph, ...] = ()
    removed: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        """graphs, triples, removed and requests, for a summary."""
        return {"graphs": len(self.graphs), "triples": self.triples, "removed": len(self.removed), "requests": self.requests}

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)

    @property
    def requests(self) -> int:
        return sum(g.requests for g in self.graphs) + len(self.removed)


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def graph_batches(triples: Iterable[ox.Triple], *, batch_bytes: int = BATCH_BYTES) -> Iterator[bytes]:
    """The triples as N-Triples, in batches that end at the first triple to reach
    ``batch_bytes``; those with a blank node are kept back and all end the last batch. At
    least one batch is yielded (empty for no triples), so an empty graph is still replaced."""
    if not isinstance(batch_bytes, int) or batch_bytes < 1:
        raise StoreError(f"batch_bytes must be a positive number of bytes, got {batch_bytes!r}")
    held: list[ox.Triple] = []
    batch = bytearray()
    sent = False
    for triple in triples:
        if _has_blank(triple):
            held.append(triple)
            continue
        batch += ox.serialize([triple], format=ox.RdfFormat.N_TRIPLES)
        if len(batch) >= batch_bytes:
            yield bytes(batch)
            batch.clear()
            sent = True
    if held:
        batch += ox.serialize(held, format=ox.RdfFormat.N_TRIPLES)
    if batch or not sent:
        yield bytes(batch)


def query_endpoint_for(endpoint: str) -> str | None:
    """The SPARQL query endpoint beside a Graph Store endpoint, where the naming is known
    (Virtuoso's); ``None`` otherwise.

    >>> query_endpoint_for("http://127.0.0.1:8890/sparql-graph-crud-auth")
    'http://127.0.0.1:8890/sparql-auth'
    >>> query_endpoint_for("http://127.0.0.1:8890/sparql-graph-crud")
    'http://127.0.0.1:8890/sparql'
    >>> query_endpoint_for("http://127.0.0.1:3030/ds/data") is None
    True
    """
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    for crud, query in (("-graph-crud-auth", "-auth"), ("-graph-crud", "")):
        if path.endswith(crud):
            return urlunsplit(parts._replace(path=path[: -len(crud)] + query, query="", fragment=""))
    return None


def push(store_dir: str | Path, endpoint: str, *, user: str | None = None, password: str | None = None,
         timeout: float = 60, auth: str = "auto", prune: bool = False, query_endpoint: str | None = None,
         batch_bytes: int = BATCH_BYTES, progress: Progress | None = None) -> PushReport:
    """Load every named graph of the store at ``store_dir`` into the Graph Store HTTP Protocol
    endpoint ``endpoint`` (for Virtuoso ``http://HOST:8890/sparql-graph-crud-auth``), replacing
    the server's copy of each; with ``prune``, also remove the server's govkg graphs that the
    store no longer has. ``progress`` gets one line per graph. (The store's default graph is
    not pushed: govkg keeps every triple in a named graph.)"""
    started = time.monotonic()
    if prune and query_endpoint is None:
        query_endpoint = query_endpoint_for(endpoint)
        if query_endpoint is None:
            raise StoreError(f"{endpoint}: prune needs the server's SPARQL query endpoint to find the graphs to remove; "
                             "give query_endpoint (e.g. http://HOST:3030/ds/sparql for Fuseki's /ds/data)")
    pushed: list[PushedGraph] = []
    removed: list[str] = []
    with open_store(store_dir) as store, Endpoint(endpoint, user=user, password=password, auth=auth, timeout=timeout) as ep:
        graphs = sorted(g.value for g in store.named_graphs())
        ep.authenticate(f"signing in to push {len(graphs)} graphs")
        for n, graph in enumerate(graphs, start=1):
            sent = _push_graph(ep, store, graph, batch_bytes)
            pushed.append(sent)
            if progress is not None:
                progress(f"[{n}/{len(graphs)}] <{graph}>: {sent.triples} triples in {sent.requests} "
                         f"request{'s' if sent.requests != 1 else ''} ({sent.seconds:.1f} s)")
        if prune:
            with Endpoint(query_endpoint, user=user, password=password, auth=auth, timeout=timeout) as qe:
                present = set(graphs)
                stale = [g for g in remote_graphs(qe) if g not in present]
            for graph in stale:
                ep.request("DELETE", params={"graph": graph}, ok=(200, 204, 404), what=f"removing graph <{graph}>")
                removed.append(graph)
                if progress is not None:
                    progress(f"removed <{graph}> (no longer in the store)")
    return PushReport(endpoint, tuple(pushed), tuple(removed), time.monotonic() - started)


def _push_graph(ep: Endpoint, store, graph: str, batch_bytes: int) -> PushedGraph:
    started = time.monotonic()
    count = [0]

    def triples() -> Iterator[ox.Triple]:
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            count[0] += 1
            yield quad.triple

    requests = size = 0
    for batch in graph_batches(triples(), batch_bytes=batch_bytes):
        method = "PUT" if requests == 0 else "POST"
        what = (f"replacing graph <{graph}>" if method == "PUT"
                else f"adding batch {requests + 1} of graph <{graph}> (the graph is incomplete on the server until this push succeeds)")
        ep.request(method, params={"graph": graph}, data=batch, headers={"Content-Type": _TURTLE}, what=what)
        requests += 1
        size += len(batch)
    return PushedGraph(graph, count[0], requests, size, time.monotonic() - started)
