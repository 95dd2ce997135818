"""The graph the explorer reads, checked once and read into plain tuples.

Nodes carry ``kind`` (one of :data:`KINDS`) and ``label``; they may carry ``aliases`` (a list of
alternative labels, e.g. 市环保局 for 市环境保护局), ``jurisdiction``, ``document``, ``line``,
``quote``, ``deadline`` (an ISO date; other text is shown but not filtered on), ``text`` (a
task's full text) and ``detail`` (free text).
Edges carry ``role`` (one of :data:`ROLES`). Missing optional attributes are fine; an unknown
kind or role is an error that names the node or edge and lists the options.

Assignment edges may point either way (``graph.network`` draws task -> unit); :func:`read_graph`
turns every assignment into unit -> task, every ``cites`` into task -> regulation and every
``subject`` into task -> topic. ``parent`` is child -> parent, ``broader`` narrower -> broader.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("t", kind="task", label="规范处置危险废物", deadline="2018-12-31")
>>> g.add_node("u", kind="unit", label="市环境保护局", aliases=["市环保局"])
>>> _ = g.add_edge("t", "u", role="lead")
>>> c = read_graph(g)
>>> c.ids, c.kinds, c.edges
(('t', 'u'), ('task', 'unit'), ((1, 0, 'lead'),))
>>> c.nodes[1].aliases, c.nodes[0].deadline
(('市环保局',), '2018-12-31')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Hashable

import networkx as nx

__all__ = ["KINDS", "ROLES", "ASSIGNMENT_ROLES", "NodeRecord", "Catalog", "read_graph"]

#: Node kinds, in the order the page lists them.
KINDS = ("unit", "collective", "task", "regulation", "topic", "document", "jurisdiction")
#: Edge roles, in the order the page lists them.
ROLES = ("lead", "responsible", "cooperating", "cites", "subject", "parent", "broader")
#: The roles that assign a task to a unit.
ASSIGNMENT_ROLES = ("lead", "responsible", "cooperating")

_ACTORS = frozenset({"unit", "collective"})
#: role -> (kind of the source end, kind of the target end) after normalising direction.
_ENDS = {
    "cites": (frozenset({"task"}), frozenset({"regulation"})),
    "subject": (frozenset({"task"}), frozenset({"topic"})),
    **{role: (_ACTORS, frozenset({"task"})) for role in ASSIGNMENT_ROLES},
}


@dataclass(frozen=True)
class NodeRecord:
    """One node's attributes as plain text; every optional one defaults to empty.

    >>> NodeRecord("市财政局").aliases, NodeRecord("市财政局").line
    ((), None)
    """

    label: str
    aliases: tuple[str, ...] = ()
    jurisdiction: str = ""
    document: str = ""
    line: int | None = None
    quote: str = ""
    deadline: str = ""
    text: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Catalog:
    """A graph as parallel tuples: node ``i`` has id ``ids[i]``, kind ``kinds[i]`` and
    record ``nodes[i]``; ``edges`` are ``(source, target, role)`` index triples."""

    ids: tuple[Hashable, ...]
    kinds: tuple[str, ...]
    nodes: tuple[NodeRecord, ...]
    edges: tuple[tuple[int, int, str], ...]

    def __len__(self) -> int:
        return len(self.ids)


def read_graph(graph: nx.MultiDiGraph) -> Catalog:
    """Check ``graph`` against the contract and read it; the graph is not modified.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("x", kind="person", label="张三")
    >>> read_graph(g)
    Traceback (most recent call last):
    ...
    ValueError: node 'x' has kind 'person'; expected one of unit, collective, task, regulation, topic, document, jurisdiction
    """
    ids = tuple(graph.nodes)
    position = {node: i for i, node in enumerate(ids)}
    kinds, nodes = [], []
    for node, attrs in graph.nodes(data=True):
        if isinstance(node, bool) or not isinstance(node, (str, int)):
            raise TypeError(f"node {node!r} is a {type(node).__name__}; expected str or int ids")
        kind = attrs.get("kind")
        if kind not in KINDS:
            raise ValueError(f"node {node!r} has kind {kind!r}; expected one of {', '.join(KINDS)}")
        kinds.append(kind)
        nodes.append(_record(node, attrs))
    edges = []
    for source, target, role in graph.edges(data="role"):
        if role not in ROLES:
            raise ValueError(
                f"edge {source!r} -> {target!r} has role {role!r}; expected one of {', '.join(ROLES)}"
            )
        s, t = position[source], position[target]
        ends = _ENDS.get(role)
        if ends and kinds[s] in ends[1] and kinds[t] in ends[0]:
            s, t = t, s
        edges.append((s, t, role))
    return Catalog(ids, tuple(kinds), tuple(nodes), tuple(edges))


def _record(node: Any, attrs: dict[str, Any]) -> NodeRecord:
    aliases = attrs.get("aliases") or ()
    if isinstance(aliases, str):
        aliases = (aliases,)
    label = _text(attrs.get("label")) or str(node)
    return NodeRecord(
        label=label,
        aliases=tuple(dict.fromkeys(a for a in map(_text, aliases) if a and a != label)),
        jurisdiction=_text(attrs.get("jurisdiction")),
        document=_text(attrs.get("document")),
        line=_line(attrs.get("line")),
        quote=_text(attrs.get("quote")),
        deadline=_text(attrs.get("deadline")),
        text=_text(attrs.get("text")),
        detail=_text(attrs.get("detail")),
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _line(value: Any) -> int | None:
    try:
        line = int(value)
    except (TypeError, ValueError):
        return None
    return line if line > 0 else None
