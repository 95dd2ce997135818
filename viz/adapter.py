"""From :func:`govkg.graph.network.store_network`'s graph to the explorer's contract.

``store_network`` gives every node only ``kind``, ``label`` and ``detail`` (text lines: a
task's text, ``file:line`` and ``完成时限: …``; a unit's name and its aliases joined by 、; a
regulation's title and code). This reads those lines back into ``document``, ``line``,
``deadline`` (ISO), ``aliases`` and ``jurisdiction`` (from the unit's IRI, which is minted
from jurisdiction and name), and with ``corpus`` (the folder of the source files) quotes each
task's source line. Nodes that already carry contract attributes (``aliases``, ``document``,
…) are copied unchanged. The input graph is not modified.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> unit = "https://w3id.org/govkg/id/unit/%E9%81%B5%E4%B9%89%E5%B8%82/x"
>>> g.add_node(unit, kind="unit", label="遵义市环境保护局", detail="遵义市环境保护局\\n市环保局、环保局")
>>> g.add_node("t", kind="task", label="规范处置危险废物", detail="规范处置危险废物\\np.txt:4\\n完成时限: 2018年底")
>>> _ = g.add_edge("t", unit, role="lead")
>>> c = from_store_network(g)
>>> c.nodes[unit]["jurisdiction"], c.nodes[unit]["aliases"]
('遵义市', ['市环保局', '环保局'])
>>> {k: c.nodes["t"][k] for k in ("document", "line", "deadline", "detail")}
{'document': 'p.txt', 'line': 4, 'deadline': '2018-12-31', 'detail': '完成时限: 2018年底'}
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from urllib.parse import unquote

import networkx as nx

from govkg.extract.deadline import parse_deadline

__all__ = ["from_store_network"]

_SOURCE = re.compile(r"^(?P<file>.+):(?P<line>\d+)$")
_DEADLINE = "完成时限: "


def from_store_network(graph: nx.MultiDiGraph, *, corpus: str | os.PathLike | None = None) -> nx.MultiDiGraph:
    """A copy of ``graph`` with the contract's attributes read out of ``detail`` (see above)."""
    lines = functools.lru_cache(maxsize=None)(lambda name: _read_lines(Path(corpus) / name)) if corpus else None
    out = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        out.add_node(node, **_attributes(node, attrs, lines))
    for source, target, attrs in graph.edges(data=True):
        out.add_edge(source, target, **attrs)
    return out


#: Attributes that show a node already speaks the contract; such nodes are copied as they are.
_CONTRACT = frozenset({"aliases", "jurisdiction", "document", "line", "quote", "deadline", "text"})


def _attributes(node, attrs: dict, lines) -> dict:
    if _CONTRACT & set(attrs):
        return dict(attrs)
    kind, label = attrs.get("kind"), str(attrs.get("label") or node)
    rows = [row for row in str(attrs.get("detail") or "").split("\n") if row.strip()]
    new = {"kind": kind, "label": label}
    if kind in {"unit", "collective"}:
        new["aliases"] = [a for row in rows[1:] for a in _split_aliases(row) if a != label]
        place = str(node).split("/unit/", 1)[1].split("/", 1)[0] if "/unit/" in str(node) else ""
        if place and place != "_":
            new["jurisdiction"] = unquote(place)
    elif kind == "task":
        new["text"] = rows[0] if rows else label
        extra = []
        for row in rows[1:]:
            source = _SOURCE.match(row)
            if source and "document" not in new:
                new["document"], new["line"] = source["file"], int(source["line"])
            elif row.startswith(_DEADLINE):
                deadline = parse_deadline(row[len(_DEADLINE):])
                if deadline is not None and deadline.end is not None:
                    new["deadline"] = deadline.end.isoformat()
                extra.append(row)
            else:
                extra.append(row)
        if extra:
            new["detail"] = "\n".join(extra)
        if lines and "document" in new:
            text = lines(new["document"])
            if 0 < new["line"] <= len(text):
                new["quote"] = text[new["line"] - 1].strip()
    elif rows[1:]:
        new["detail"] = "\n".join(rows[1:])
    return new


def _split_aliases(row: str) -> list[str]:
    """Aliases joined by 、, without splitting 各县（市、区）政府 at its own 、."""
    names, current = [], ""
    for piece in row.split("、"):
        current = f"{current}、{piece}" if current else piece
        if current.count("（") + current.count("(") <= current.count("）") + current.count(")"):
            names.append(current.strip())
            current = ""
    if current:
        names.append(current.strip())
    return [name for name in names if name]


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
