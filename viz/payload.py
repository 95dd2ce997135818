"""The data block of the explorer page: one JSON object of columns the page reads.

Node ``i`` of the page is node ``i`` of the catalog: ``nodes`` holds one list per attribute
(``id``, ``kind``, ``label``, ``key``, ``x``/``y`` for the full view, ``ox``/``oy`` for the
overview, ``size``, ``color``, ``base``, …), ``edges`` the graph's edges (``s``, ``t``,
``role``) and ``overview`` the overview's links. Document and jurisdiction names that nodes
mention but that are no node of the graph become nodes here, so a file name or a city can be
searched for, filtered on and opened like anything else.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("t", kind="task", label="規範處置危險廢物", document="a.txt", line=3)
>>> g.add_node("u", kind="unit", label="市环境保护局", jurisdiction="六盘水市")
>>> _ = g.add_edge("u", "t", role="lead")
>>> data = explorer_data(g)
>>> data["nodes"]["label"], data["documents"], [j["name"] for j in data["jurisdictions"]]
(['規範處置危險廢物', '市环境保护局', 'a.txt', '六盘水市'], ['a.txt'], ['六盘水市'])
>>> data["nodes"]["key"][0], data["nodes"]["base"]
('规范处置危险废物', [0, 1, 0, 0])
"""

from __future__ import annotations

import difflib
import math
from typing import Any

import networkx as nx
import numpy as np

from govkg.extract.text import fold
from govkg.viz.contract import KINDS, ROLES, Catalog, NodeRecord, read_graph
from govkg.viz.layout import spread_layout
from govkg.viz.overview import build_overview
from govkg.viz.scheme import KIND_STYLES, LINK_STYLES, ROLE_STYLES, jurisdiction_colour
from govkg.viz.search import query_table, search_key

__all__ = ["explorer_data", "VIEWS", "PLACE_PREFIX"]

#: The views a page can open with.
VIEWS = ("overview", "full")
#: Id prefix of the document and jurisdiction nodes added for names no node carries.
PLACE_PREFIX = "govkg:"
#: Pull of the layout-only edges from a document to its tasks and a jurisdiction to its units.
MEMBER_PULL = 0.3
_DETAIL_IN_KEY = 120


def explorer_data(
    graph: nx.MultiDiGraph, *, title: str = "govkg", view: str = "overview", focus: str | None = None
) -> dict[str, Any]:
    """The page's data for ``graph`` (see the module docstring); ``focus`` is a node id, label
    or alias to open with."""
    if view not in VIEWS:
        raise ValueError(f"view {view!r}; expected one of {', '.join(VIEWS)}")
    catalog = _with_places(read_graph(graph))
    documents = sorted({r.document for r in catalog.nodes if r.document}
                       | {r.label for r, k in zip(catalog.nodes, catalog.kinds) if k == "document"})
    places = list(dict.fromkeys(
        [r.label for r, k in zip(catalog.nodes, catalog.kinds) if k == "jurisdiction"]
        + [r.jurisdiction for r in catalog.nodes if r.jurisdiction]))
    doc_index = {name: i for i, name in enumerate(documents)}
    jur_index = {name: i for i, name in enumerate(places)}
    overview = build_overview(catalog, sizes=lambda i, tasks: _size(catalog.kinds[i], tasks))
    full = _full_layout(catalog)
    keys = [_key(kind, record) for kind, record in zip(catalog.kinds, catalog.nodes)]
    nodes: dict[str, list] = {name: [] for name in _COLUMNS}
    for i, (node, kind, record) in enumerate(zip(catalog.ids, catalog.kinds, catalog.nodes)):
        own = record.label if kind in {"document", "jurisdiction"} else ""
        jur = jur_index.get(own if kind == "jurisdiction" else record.jurisdiction, -1)
        text = record.text if record.text != record.label else ""
        row = {
            "id": str(node), "kind": KINDS.index(kind), "label": record.label,
            "aliases": list(record.aliases), "key": keys[i],
            "jur": jur, "doc": doc_index.get(own if kind == "document" else record.document, -1),
            "line": record.line or 0, "deadline": record.deadline, "text": text,
            "quote": record.quote if record.quote not in {record.text, record.label} else "",
            "detail": record.detail,
            "x": round(float(full[i, 0]), 3), "y": round(float(full[i, 1]), 3),
            "ox": round(float(overview.xy[i, 0]), 3), "oy": round(float(overview.xy[i, 1]), 3),
            "size": _size(kind, overview.tasks.get(i, 0)),
            "color": jurisdiction_colour(jur) if kind in {"unit", "collective"} and jur >= 0
            else KIND_STYLES[kind].color,
            "base": int(i in overview.base),
        }
        for name in _COLUMNS:
            nodes[name].append(row[name])
    links = overview.links
    return {
        "title": title,
        "view": view,
        "focus": None if focus is None else _focus(catalog, keys, focus),
        "kinds": [{"kind": k, "zh": s.zh, "en": s.en, "color": s.color, "shape": s.shape}
                  for k, s in KIND_STYLES.items()],
        "roles": [_line({"role": r}, s) for r, s in ROLE_STYLES.items()],
        "links": [_line({"link": k}, s) for k, s in LINK_STYLES.items()],
        "jurisdictions": [{"name": name, "color": jurisdiction_colour(i)} for i, name in enumerate(places)],
        "documents": documents,
        "nodes": nodes,
        "edges": {"s": [s for s, _, _ in catalog.edges], "t": [t for _, t, _ in catalog.edges],
                  "role": [ROLES.index(r) for _, _, r in catalog.edges]},
        "overview": {"kind": [l.kind for l in links], "a": [l.a for l in links], "b": [l.b for l in links],
                     "w": [l.weight for l in links], "roles": [l.roles for l in links]},
        "fold": query_table(keys),
    }


_COLUMNS = ("id", "kind", "label", "aliases", "key", "jur", "doc", "line", "deadline", "text",
            "quote", "detail", "x", "y", "ox", "oy", "size", "color", "base")


def _line(head: dict[str, Any], style) -> dict[str, Any]:
    return {**head, "zh": style.zh, "en": style.en, "color": style.color, "size": style.size,
            "arrow": style.arrow}


def _with_places(catalog: Catalog) -> Catalog:
    """``catalog`` plus a document node per document name and a jurisdiction node per
    jurisdiction name that no node of that kind is labelled with."""
    have = {(k, r.label) for k, r in zip(catalog.kinds, catalog.nodes) if k in {"document", "jurisdiction"}}
    wanted = [("document", r.document) for r in catalog.nodes if r.document]
    wanted += [("jurisdiction", r.jurisdiction) for r in catalog.nodes if r.jurisdiction]
    extra = [pair for pair in dict.fromkeys(wanted) if pair not in have]
    taken = set(map(str, catalog.ids))
    ids = [f"{PLACE_PREFIX}{kind}/{name}" for kind, name in extra]
    if taken & set(ids):
        raise ValueError(f"node ids {sorted(taken & set(ids))} clash with the explorer's own {PLACE_PREFIX!r} ids")
    return Catalog(
        catalog.ids + tuple(ids),
        catalog.kinds + tuple(kind for kind, _ in extra),
        catalog.nodes + tuple(NodeRecord(label=name) for _, name in extra),
        catalog.edges,
    )


def _full_layout(catalog: Catalog) -> np.ndarray:
    """The whole graph's layout; documents and jurisdictions pulled to their members."""
    index = {(k, r.label): i for i, (k, r) in enumerate(zip(catalog.kinds, catalog.nodes))
             if k in {"document", "jurisdiction"}}
    pairs = [(s, t, 1.0) for s, t, _ in catalog.edges]
    for i, record in enumerate(catalog.nodes):
        for kind, name in (("document", record.document), ("jurisdiction", record.jurisdiction)):
            if name and (kind, name) in index and catalog.kinds[i] != kind:
                pairs.append((index[kind, name], i, MEMBER_PULL))
    edges = np.array([(s, t) for s, t, _ in pairs], dtype=np.int64).reshape(-1, 2)
    return spread_layout(len(catalog), edges, np.array([w for _, _, w in pairs]))


def _key(kind: str, record: NodeRecord) -> str:
    texts = [record.label, *record.aliases]
    if kind == "task":
        texts.append(record.text)
    elif len(record.detail) <= _DETAIL_IN_KEY:
        texts.append(record.detail)
    return search_key(texts)


def _size(kind: str, tasks: int) -> float:
    """Node radius in pixels at the default zoom: units and topics grow with their tasks."""
    if kind in {"unit", "collective"}:
        return round(min(16.0, 3.0 + 1.1 * math.sqrt(tasks)), 1)
    if kind == "topic":
        return round(min(13.0, 4.0 + 0.7 * math.sqrt(tasks)), 1)
    return {"task": 3.0, "regulation": 4.0, "document": 5.0, "jurisdiction": 8.0}[kind]


def _focus(catalog: Catalog, keys: list[str], focus: str) -> int:
    """The node ``focus`` names: its id, else its label or an alias (folded), else an error."""
    for i, node in enumerate(catalog.ids):
        if str(node) == focus:
            return i
    wanted = search_key([focus])
    hits = [i for i, key in enumerate(keys) if wanted and wanted in key.split("\n")]
    if hits:
        return min(hits, key=lambda i: (catalog.kinds[i] == "task", i))
    labels = [r.label for r in catalog.nodes]
    close = difflib.get_close_matches(fold(focus), labels, n=5, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValueError(f"focus {focus!r} is no node id, label or alias of the graph{hint}")
