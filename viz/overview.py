"""The overview of a large graph: units and topics, not the task hairball.

Units (and collectives) are sized by their number of tasks and linked to the units they share
tasks with, the link's weight being the number of shared tasks; topics are linked to the units
whose tasks are about them. To stay readable each unit keeps its :data:`PARTNERS` strongest
partners, each topic its :data:`TOPIC_UNITS` busiest units and each unit its
:data:`UNIT_TOPICS` main topics. Every link counts its tasks by role (``lc``: one unit leads, the
other cooperates), so the page can drop the cooperating part of a link when the role filter
says so.

The overview is laid out once; every other node gets a place too: a task beside its units
(on a sunflower spiral around its main unit), a regulation or document amid its tasks. So
opening a unit in the page shows its tasks around it without moving anything.

>>> import networkx as nx
>>> from govkg.viz.contract import read_graph
>>> g = nx.MultiDiGraph()
>>> for n, kind in [("u1", "unit"), ("u2", "unit"), ("t1", "task"), ("t2", "task"), ("p", "topic")]:
...     g.add_node(n, kind=kind, label=n)
>>> for u, t, role in [("u1", "t1", "lead"), ("u2", "t1", "cooperating"), ("u1", "t2", "lead")]:
...     _ = g.add_edge(u, t, role=role)
>>> _ = g.add_edge("t1", "p", role="subject")
>>> o = build_overview(read_graph(g))
>>> sorted(o.base), o.tasks[0], o.tasks[1]
([0, 1, 4], 2, 1)
>>> [(l.kind, l.a, l.b, l.weight, l.roles) for l in o.links]
[('partners', 0, 1, 1, {'lc': 1}), ('topic', 0, 4, 1, {'l': 1}), ('topic', 1, 4, 1, {'c': 1})]
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from govkg.viz.contract import ASSIGNMENT_ROLES, Catalog
from govkg.viz.layout import separate, spread_layout

__all__ = ["Link", "Overview", "build_overview", "OVERVIEW_KINDS", "PARTNERS", "TOPIC_UNITS", "UNIT_TOPICS"]

#: The kinds shown before anything is opened.
OVERVIEW_KINDS = frozenset({"unit", "collective", "topic"})
#: Partner links a unit keeps (its strongest); more make the overview a hairball again.
PARTNERS = 4
#: Unit links a topic keeps (its busiest units).
TOPIC_UNITS = 5
#: Topic links a unit keeps (its main topics).
UNIT_TOPICS = 1
#: Width in pixels the overview is assumed to be drawn at, to turn node sizes into distances.
VIEW_PIXELS = 800
#: Empty pixels kept around each overview node, so neighbours' labels have room.
GAP_PIXELS = 7
#: Role letters in a link's role counts.
ROLE_CODES = {"lead": "l", "responsible": "r", "cooperating": "c"}
_STRENGTH = {"lead": 3.0, "responsible": 2.0, "cooperating": 1.0}
_GOLDEN = math.pi * (3 - math.sqrt(5))


@dataclass(frozen=True)
class Link:
    """An overview link between node ``a`` and node ``b`` (``a < b`` for partners).

    ``kind`` is ``partners`` (two units sharing ``weight`` tasks) or ``topic`` (a unit with
    ``weight`` tasks on a topic); ``roles`` counts those tasks by role code."""

    kind: str
    a: int
    b: int
    weight: int
    roles: dict[str, int]


@dataclass(frozen=True)
class Overview:
    """``base``: nodes shown first; ``tasks``: tasks per node (units: assigned, topics:
    about it); ``xy``: an overview position for every node of the catalog."""

    base: frozenset[int]
    links: tuple[Link, ...]
    tasks: dict[int, int]
    xy: np.ndarray


def build_overview(catalog: Catalog, *, sizes=None, seed: int = 0) -> Overview:
    """Group ``catalog`` into the overview and lay it out (see the module docstring).

    ``sizes`` (node -> radius in pixels, from the node's number of tasks) keeps big nodes
    from overlapping, assuming the overview is drawn about :data:`VIEW_PIXELS` wide."""
    roles = _assignments(catalog)
    subjects = defaultdict(set)
    for s, t, role in catalog.edges:
        if role == "subject":
            subjects[s].add(t)
    partners: dict[tuple[int, int], Counter] = defaultdict(Counter)
    touches: dict[tuple[int, int], Counter] = defaultdict(Counter)
    tasks: Counter = Counter()
    for task, units in roles.items():
        ranked = sorted(units.items())
        for i, (u, ru) in enumerate(ranked):
            tasks[u] += 1
            for v, rv in ranked[i + 1 :]:
                partners[u, v][_pair(ru, rv)] += 1
            for topic in subjects.get(task, ()):
                touches[u, topic][ROLE_CODES[ru]] += 1
    for topic_set in subjects.values():
        tasks.update(topic_set)
    base = frozenset(i for i, kind in enumerate(catalog.kinds) if kind in OVERVIEW_KINDS)
    links = _strongest(partners, touches, [str(node) for node in catalog.ids])
    radii = None if sizes is None else np.array([sizes(i, tasks.get(i, 0)) for i in range(len(catalog))])
    xy = _positions(catalog, base, links, roles, subjects, radii, seed)
    return Overview(base, links, dict(tasks), xy)


def _assignments(catalog: Catalog) -> dict[int, dict[int, str]]:
    """task -> {unit: its strongest role in the task}."""
    roles: dict[int, dict[int, str]] = defaultdict(dict)
    for s, t, role in catalog.edges:
        if role in ASSIGNMENT_ROLES and catalog.kinds[t] == "task":
            current = roles[t].get(s)
            if current is None or _STRENGTH[role] > _STRENGTH[current]:
                roles[t][s] = role
    return roles


def _pair(one: str, other: str) -> str:
    """The role code of two units in one task, strongest first: ``ll``, ``lr``, … ``cc``."""
    return "".join(sorted((ROLE_CODES[one], ROLE_CODES[other]), key="lrc".index))


def _strongest(partners, touches, names: list[str]) -> tuple[Link, ...]:
    """The links each end keeps; ties go to the other end with the smaller id, so the choice
    does not depend on the order the graph lists its nodes in."""
    keep: set[tuple[str, int, int]] = set()
    for pairs, kind, limits in ((partners, "partners", (PARTNERS, PARTNERS)),
                                (touches, "topic", (UNIT_TOPICS, TOPIC_UNITS))):
        ends: dict[tuple[int, int], list] = defaultdict(list)
        for (a, b), roles in pairs.items():
            weight = sum(roles.values())
            ends[0, a].append((-weight, names[b], a, b))
            ends[1, b].append((-weight, names[a], a, b))
        for (side, _), candidates in ends.items():
            for _, _, a, b in sorted(candidates)[: limits[side]]:
                keep.add((kind, a, b))
    table = {"partners": partners, "topic": touches}
    return tuple(
        Link(kind, a, b, sum(table[kind][a, b].values()), dict(sorted(table[kind][a, b].items())))
        for kind, a, b in sorted(keep, key=lambda k: (k[0] != "partners", k[1], k[2]))
    )


def _positions(catalog, base, links, roles, subjects, radii, seed: int) -> np.ndarray:
    order = sorted(base)
    local = {node: i for i, node in enumerate(order)}
    pairs = [(local[l.a], local[l.b], l.weight) for l in links]
    pairs += [
        (local[s], local[t], 1)
        for s, t, role in catalog.edges
        if role in {"broader", "parent"} and s in local and t in local
    ]
    edges = np.array([(a, b) for a, b, _ in pairs], dtype=np.int64).reshape(-1, 2)
    weights = np.array([w for _, _, w in pairs], dtype=float)
    xy = np.zeros((len(catalog), 2))
    if order:
        xy[order] = spread_layout(len(order), edges, weights, seed=seed)
        if radii is not None:
            span = float(np.ptp(xy[order], axis=0).max()) or 1.0
            xy[order] = separate(xy[order], (radii[order] + GAP_PIXELS) * span / VIEW_PIXELS)
    placed = np.zeros(len(catalog), dtype=bool)
    placed[order] = True
    _place_tasks(catalog, xy, placed, roles, subjects)
    _place_rest(catalog, xy, placed)
    return xy


def _place_tasks(catalog, xy, placed, roles, subjects) -> None:
    """Each task on a spiral around its main unit, pulled towards its other units."""
    around: Counter = Counter()
    for task in (i for i, kind in enumerate(catalog.kinds) if kind == "task"):
        units = roles.get(task, {})
        if units:
            main = max(units, key=lambda u: (_STRENGTH[units[u]], -u))
            weight = np.array([_STRENGTH[r] for r in units.values()])
            centre = (xy[list(units)] * weight[:, None]).sum(axis=0) / weight.sum()
            anchor = 0.8 * xy[main] + 0.2 * centre
        elif subjects.get(task):
            main = min(subjects[task])
            anchor = xy[main]
        else:
            continue
        xy[task] = anchor + _spiral(around[main])
        around[main] += 1
        placed[task] = True


def _place_rest(catalog, xy, placed) -> None:
    """Regulations amid the tasks citing them, documents amid their tasks, the rest amid
    what they are linked to; whatever is left unlinked goes on a spiral round the middle."""
    near: dict[int, list[int]] = defaultdict(list)
    for s, t, _ in catalog.edges:
        near[s].append(t)
        near[t].append(s)
    members: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(catalog.nodes):
        for name in (record.document, record.jurisdiction):
            if name and placed[i]:
                members[name].append(i)
    lonely = 0
    for i in np.flatnonzero(~placed):
        friends = [j for j in near[i] if placed[j]] or members.get(catalog.nodes[i].label, [])
        if friends:
            xy[i] = xy[friends].mean(axis=0) + _spiral(i % 7) * 0.5
        else:
            xy[i] = _spiral(lonely) * 4
            lonely += 1
        placed[i] = True


def _spiral(i: int) -> np.ndarray:
    """The ``i``-th point of a sunflower spiral that starts clear of the node in its middle."""
    radius = 0.35 + 0.16 * math.sqrt(i)
    return np.array([math.cos(i * _GOLDEN), math.sin(i * _GOLDEN)]) * radius
