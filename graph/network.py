"""The store as a networkx graph: the whole store, or a set of nodes and the hops around it.

Nodes carry ``kind`` (unit, collective, task, regulation, topic), ``label`` and ``detail``
(plain text: the task's full text and its source line); edges carry ``role`` (lead,
responsible, cooperating, cites, subject, parent, broader). This is the input of
:mod:`govkg.viz` (through :func:`govkg.viz.from_store_network`).

A view is a :class:`NodeSet` (tasks, units, regulations, topics by IRI). :func:`hops` grows it
along the graph's edges (task↔unit, task↔regulation, task↔topic, task↔parent task), and
:func:`network_of` reads the nodes with every edge between them. Every query starts from
IRIs written into its text (``VALUES`` of a known set, or a constant), so none lists the
store; the store's materialised ``gk:underTask`` and ``gk:aboutTopic`` replace property paths.

>>> import tempfile, pathlib
>>> from govkg.graph.build import build_store
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "p.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t规范处置危险废物\\t市环保局\\n", encoding="utf-8")
>>> _ = build_store([root / "p.txt"], root / "kg", progress=None)
>>> g = store_network(root / "kg", topic="危险废物")
>>> sorted(kind for _, kind in g.nodes(data="kind"))
['task', 'topic', 'unit']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

import networkx as nx

from govkg.queries import sparql_literal

from .store import ReadStore, open_store, select

__all__ = ["NodeSet", "store_network", "network_of", "hops", "every_task", "unit_nodes", "topic_nodes",
           "regulation_nodes"]

_ROLE_SUFFIX = "Unit"


@dataclass(frozen=True)
class NodeSet:
    """Nodes of the store by kind, as IRIs; ``|`` and ``-`` combine sets kind by kind.

    >>> a = NodeSet(tasks=frozenset({"t1"}), units=frozenset({"u"}))
    >>> b = NodeSet(tasks=frozenset({"t1", "t2"}))
    >>> len(a | b), sorted((b - a).tasks), bool(NodeSet())
    (3, ['t2'], False)
    """

    tasks: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    regulations: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()

    def _parts(self) -> tuple[frozenset[str], ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    def __or__(self, other: NodeSet) -> NodeSet:
        return NodeSet(*(a | b for a, b in zip(self._parts(), other._parts())))

    def __sub__(self, other: NodeSet) -> NodeSet:
        return NodeSet(*(a - b for a, b in zip(self._parts(), other._parts())))

    def __len__(self) -> int:
        return sum(map(len, self._parts()))


def _st(store: str | Path | ReadStore) -> ReadStore:
    return store if isinstance(store, ReadStore) else open_store(store)


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in sorted(iris))


def _column(st: ReadStore, query: str) -> frozenset[str]:
    return frozenset(row[0] for row in select(st, query).rows)


def every_task(store: str | Path | ReadStore) -> NodeSet:
    """Every task of the store (the overview starts from them)."""
    return NodeSet(tasks=_column(_st(store), "SELECT DISTINCT ?t WHERE { ?t a gk:Task }"))


def unit_nodes(store: str | Path | ReadStore, units: Iterable[str]) -> NodeSet:
    """The units (IRIs) and every task any of them has a role on."""
    units = frozenset(units)
    if not units:
        return NodeSet()
    tasks = _column(_st(store), f"SELECT DISTINCT ?t WHERE {{ VALUES ?u {{ {_values(units)} }} ?t gk:involvesUnit ?u }}")
    return NodeSet(tasks=tasks, units=units)


def topic_nodes(store: str | Path | ReadStore, concepts: Iterable[str]) -> NodeSet:
    """The topics, the tasks about them or a narrower topic and the tasks above those, and the
    narrower topics those tasks are about (with the topics between them and ``concepts``)."""
    st = _st(store)
    concepts = frozenset(concepts)
    tasks: set[str] = set()
    for concept in sorted(concepts):  # one constant per query: Oxigraph starts from its index
        tasks |= _column(st, f"SELECT DISTINCT ?a WHERE {{ ?t gk:aboutTopic <{concept}> ; gk:underTask ?a }}")
    up: dict[str, set[str]] = {}
    for narrower, broader in select(st, "SELECT DISTINCT ?n ?b WHERE { ?n skos:broader ?b }").rows:
        up.setdefault(narrower, set()).add(broader)
    subjects = _column(st, f"SELECT DISTINCT ?c WHERE {{ VALUES ?t {{ {_values(tasks)} }} ?t dcterms:subject ?c }}") if tasks else ()
    topics = set(concepts)
    for subject in subjects:
        topics |= _between(subject, concepts, up)
    return NodeSet(tasks=frozenset(tasks), topics=frozenset(topics))


def _between(concept: str, tops: frozenset[str], up: dict[str, set[str]], seen: frozenset[str] = frozenset()) -> set[str]:
    """``concept`` and the concepts above it up to one of ``tops``; empty if it reaches none.

    >>> sorted(_between("medical", frozenset({"solid"}), {"medical": {"hazardous"}, "hazardous": {"solid"}}))
    ['hazardous', 'medical', 'solid']
    """
    if concept in tops:
        return {concept}
    found: set[str] = set()
    for broader in up.get(concept, ()):
        if broader not in seen:  # a cycle in the scheme is followed once
            above = _between(broader, tops, up, seen | {concept})
            if above:
                found |= above | {concept}
    return found


def regulation_nodes(store: str | Path | ReadStore, regulations: Iterable[str]) -> NodeSet:
    """The regulations, the tasks citing them, the tasks above those, and the units with a role
    on any of these tasks: who must follow a regulation, and through which tasks."""
    st = _st(store)
    regulations = frozenset(regulations)
    if not regulations:
        return NodeSet()
    tasks = _column(st, f"""SELECT DISTINCT ?a WHERE {{ VALUES ?r {{ {_values(regulations)} }}
        ?t gk:cites ?r ; gk:underTask ?a }}""")
    units = _column(st, f"SELECT DISTINCT ?u WHERE {{ VALUES ?t {{ {_values(tasks)} }} ?t gk:involvesUnit ?u }}") if tasks else frozenset()
    return NodeSet(tasks=tasks, units=units, regulations=regulations)


#: One hop from tasks: (pattern from ?t to ?x, kind of ?x).
_TASK_HOPS = (
    ("?t gk:involvesUnit ?x", "units"),
    ("?t gk:cites ?x", "regulations"),
    ("?t dcterms:subject ?x", "topics"),
    ("?t gk:parentTask ?x", "tasks"),
    ("?x gk:parentTask ?t", "tasks"),
)
#: One hop back to the tasks: (kind of the frontier, pattern from ?x to the task ?t).
_TO_TASKS = (
    ("units", "?t gk:involvesUnit ?x"),
    ("regulations", "?t gk:cites ?x FILTER EXISTS { ?t a gk:Task }"),
    ("topics", "?t dcterms:subject ?x FILTER EXISTS { ?t a gk:Task }"),
)


def _neighbours(st: ReadStore, nodes: NodeSet) -> NodeSet:
    found: dict[str, set[str]] = {f.name: set() for f in fields(NodeSet)}
    if nodes.tasks:
        values = _values(nodes.tasks)
        for pattern, kind in _TASK_HOPS:
            found[kind] |= _column(st, f"SELECT DISTINCT ?x WHERE {{ VALUES ?t {{ {values} }} {pattern} }}")
    for kind, pattern in _TO_TASKS:
        if getattr(nodes, kind):
            found["tasks"] |= _column(st, f"SELECT DISTINCT ?t WHERE {{ VALUES ?x {{ {_values(getattr(nodes, kind))} }} {pattern} }}")
    return NodeSet(**{kind: frozenset(iris) for kind, iris in found.items()})


def hops(store: str | Path | ReadStore, nodes: NodeSet, depth: int) -> NodeSet:
    """``nodes`` and every node within ``depth`` edges of them (task↔unit, task↔regulation,
    task↔topic, task↔parent task)."""
    if depth < 0:
        raise ValueError(f"depth {depth}; expected 0 or more hops")
    st = _st(store)
    seen, frontier = nodes, nodes
    for _ in range(depth):
        frontier = _neighbours(st, frontier) - seen
        if not frontier:
            break
        seen = seen | frontier
    return seen


def network_of(store: str | Path | ReadStore, nodes: NodeSet) -> nx.MultiDiGraph:
    """The nodes of ``nodes`` with their labels and details, and every edge between two of them."""
    st = _st(store)
    g = nx.MultiDiGraph()
    _add_tasks(st, g, nodes.tasks)
    _add_units(st, g, nodes.units)
    _add_regulations(st, g, nodes.regulations)
    _add_topics(st, g, nodes.topics)
    if nodes.tasks:
        _add_task_edges(st, g, nodes)
    if len(nodes.topics) > 1:
        for narrower, broader in select(st, f"""SELECT DISTINCT ?n ?b WHERE {{
              VALUES ?n {{ {_values(nodes.topics)} }} ?n skos:broader ?b }}""").rows:
            if broader in nodes.topics:
                g.add_edge(narrower, broader, role="broader")
    return g


def _add_tasks(st: ReadStore, g: nx.MultiDiGraph, tasks: frozenset[str]) -> None:
    if not tasks:
        return
    # one-pattern OPTIONALs: Oxigraph looks each up per task
    rows = select(st, f"""SELECT DISTINCT ?t ?text ?line ?file ?deadline WHERE {{
          VALUES ?t {{ {_values(tasks)} }}
          OPTIONAL {{ ?t gk:text ?text }}
          OPTIONAL {{ ?t gk:sourceLine ?line }}
          OPTIONAL {{ ?t gk:sourceDocument ?d OPTIONAL {{ ?d gk:fileName ?file }} }}
          OPTIONAL {{ ?t gk:deadlineText ?deadline }}
        }}""").rows
    for task, text, line, file, deadline in sorted(rows, key=lambda r: [str(v) for v in r]):
        if task in g:
            continue  # a second deadline text: the first (in order) is kept
        text = text or task.rsplit("/", 1)[-1]
        detail = "\n".join(part for part in (text, f"{file}:{line}" if file and line else "",
                                             f"完成时限: {deadline}" if deadline else "") if part)
        g.add_node(task, kind="task", label=text, detail=detail)


def _add_units(st: ReadStore, g: nx.MultiDiGraph, units: frozenset[str]) -> None:
    if not units:
        return
    values = _values(units)
    labels = dict(select(st, f"SELECT DISTINCT ?u ?l WHERE {{ VALUES ?u {{ {values} }} ?u skos:prefLabel ?l }}").rows)
    collective = _column(st, f"SELECT DISTINCT ?u WHERE {{ VALUES ?u {{ {values} }} ?u a gk:CollectiveUnit }}")
    alts: dict[str, list[str]] = {}
    for u, alt in sorted(select(st, f"SELECT DISTINCT ?u ?a WHERE {{ VALUES ?u {{ {values} }} ?u skos:altLabel ?a }}").rows):
        alts.setdefault(u, []).append(alt)
    for u in sorted(units):
        label = labels.get(u) or u.rsplit("/", 1)[-1]
        g.add_node(u, kind="collective" if u in collective else "unit", label=label,
                   detail=f"{label}\n{'、'.join(alts.get(u, []))}".strip())


def _add_regulations(st: ReadStore, g: nx.MultiDiGraph, regulations: frozenset[str]) -> None:
    if not regulations:
        return
    rows = select(st, f"""SELECT DISTINCT ?r ?code ?title WHERE {{ VALUES ?r {{ {_values(regulations)} }}
          OPTIONAL {{ ?r gk:code ?code }} OPTIONAL {{ ?r dcterms:title ?title }} }}""").rows
    found = {r: (code, title) for r, code, title in sorted(rows, key=lambda r: [str(v) for v in r])}
    for r in sorted(regulations):
        code, title = found.get(r, (None, None))
        label = title or code or r.rsplit("/", 1)[-1]
        g.add_node(r, kind="regulation", label=label, detail=f"{label}\n{code if code and title else ''}".strip())


def _add_topics(st: ReadStore, g: nx.MultiDiGraph, topics: frozenset[str]) -> None:
    if not topics:
        return
    labels = dict(select(st, f"""SELECT DISTINCT ?c ?l WHERE {{ VALUES ?c {{ {_values(topics)} }}
          ?c skos:prefLabel ?label FILTER (LANG(?label) IN ("zh", "")) BIND (STR(?label) AS ?l) }}""").rows)
    for c in sorted(topics):
        label = labels.get(c) or c.rsplit("/", 1)[-1]
        g.add_node(c, kind="topic", label=label, detail=label)


def _add_task_edges(st: ReadStore, g: nx.MultiDiGraph, nodes: NodeSet) -> None:
    values = _values(nodes.tasks)
    for task, role, unit in sorted(select(st, f"""SELECT DISTINCT ?t ?role ?u WHERE {{ VALUES ?t {{ {values} }}
          ?t gk:qualifiedAssignment ?a . ?a gk:role ?role ; gk:assignedUnit ?u }}""").rows):
        if unit in nodes.units:
            g.add_edge(task, unit, role=role.rsplit("#", 1)[-1].removesuffix(_ROLE_SUFFIX))
    for pattern, kind, role in (("?t gk:cites ?x", "regulations", "cites"),
                                ("?t dcterms:subject ?x", "topics", "subject"),
                                ("?t gk:parentTask ?x", "tasks", "parent")):
        ends = getattr(nodes, kind)
        if not ends:
            continue
        for task, other in sorted(select(st, f"SELECT DISTINCT ?t ?x WHERE {{ VALUES ?t {{ {values} }} {pattern} }}").rows):
            if other in ends:
                g.add_edge(task, other, role=role)


def store_network(store: str | Path, *, topic: str | None = None, unit: str | None = None) -> nx.MultiDiGraph:
    """Tasks (all, or those about ``topic`` or involving ``unit``, a label as stored) with
    their units, regulations, topics and parent and sub-tasks.

    >>> import tempfile, pathlib
    >>> from govkg.graph.build import build_store
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "p.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t规范处置危险废物\\t市环保局\\n", encoding="utf-8")
    >>> _ = build_store([root / "p.txt"], root / "kg", progress=None)
    >>> sorted(role for *_, role in store_network(root / "kg", unit="市环保局").edges(data="role"))
    ['lead', 'subject']
    """
    st = open_store(store)
    if topic:
        from govkg.extract.text import fold

        seed = topic_nodes(st, _column(st, f"SELECT DISTINCT ?c WHERE {{ ?c gk:searchLabel {sparql_literal(fold(topic))} }}"))
    elif unit:
        seed = unit_nodes(st, _column(st, f"SELECT DISTINCT ?u WHERE {{ ?u skos:prefLabel|skos:altLabel {sparql_literal(unit)} }}"))
    else:
        seed = every_task(st)
    if not seed.tasks:
        return nx.MultiDiGraph()
    return network_of(st, hops(st, seed, 1))
