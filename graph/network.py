"""The store as a networkx graph, whole or around one topic or one unit.

Nodes carry ``kind`` (unit, collective, task, regulation, topic), ``label`` and ``detail``
(plain text: the task's full text and its source line); edges carry ``role`` (lead,
responsible, cooperating, cites, subject, parent). This is the input of :mod:`govkg.viz`.

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

from pathlib import Path

import networkx as nx

from govkg.queries import sparql_literal

from .store import open_store, select

__all__ = ["store_network"]

_PREFIXES = """
PREFIX gk: <https://w3id.org/govkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def _task_filter(topic: str | None, unit: str | None) -> str:
    if topic:
        lit = sparql_literal(topic)
        # tasks about the topic or a narrower one, and the tasks above them
        return f"""
        {{ SELECT DISTINCT ?task WHERE {{ ?concept gk:searchLabel {lit} . ?about gk:aboutTopic ?concept ; gk:underTask ?task }} }}
        """
    if unit:
        lit = sparql_literal(unit)
        return f"""
        {{ SELECT DISTINCT ?task WHERE {{ ?u skos:prefLabel|skos:altLabel {lit} . ?task gk:involvesUnit ?u }} }}
        """
    return "?task a gk:Task ."


def store_network(store: str | Path, *, topic: str | None = None, unit: str | None = None) -> nx.MultiDiGraph:
    """Tasks (all, or those about ``topic`` or involving ``unit``) with their units, regulations,
    topics and parent tasks."""
    st = open_store(store)
    where = _task_filter(topic, unit)
    g = nx.MultiDiGraph()
    tasks = select(st, _PREFIXES + f"""
        SELECT DISTINCT ?task ?text ?line ?file ?deadline WHERE {{
          {where}
          ?task gk:text ?text ; gk:sourceLine ?line ; gk:sourceDocument/gk:fileName ?file .
          OPTIONAL {{ ?task gk:deadlineText ?deadline }}
        }}""")
    ids = set()
    for task, text, line, file, deadline in tasks.rows:
        ids.add(task)
        detail = f"{text}\n{file}:{line}" + (f"\n完成时限: {deadline}" if deadline else "")
        g.add_node(task, kind="task", label=text, detail=detail)
    if not ids:
        return g
    values = " ".join(f"<{t}>" for t in ids)
    for task, role, u, label, collective, alts in select(st, _PREFIXES + f"""
        SELECT ?task ?role ?u ?label (BOUND(?c) AS ?collective) (GROUP_CONCAT(DISTINCT ?alt; separator="、") AS ?alts) WHERE {{
          VALUES ?task {{ {values} }}
          ?task gk:qualifiedAssignment ?a . ?a gk:role ?role ; gk:assignedUnit ?u .
          ?u skos:prefLabel ?label .
          OPTIONAL {{ ?u a gk:CollectiveUnit . BIND(1 AS ?c) }}
          OPTIONAL {{ ?u skos:altLabel ?alt }}
        }} GROUP BY ?task ?role ?u ?label ?c""").rows:
        g.add_node(u, kind="collective" if collective else "unit", label=label, detail=f"{label}\n{alts or ''}".strip())
        g.add_edge(task, u, role=role.rsplit("#", 1)[-1].replace("Unit", ""))
    for task, reg, label, code in select(st, _PREFIXES + f"""
        SELECT DISTINCT ?task ?reg ?label ?code WHERE {{
          VALUES ?task {{ {values} }}
          ?task gk:cites ?reg . ?reg rdfs:label ?label . OPTIONAL {{ ?reg gk:code ?code }}
        }}""").rows:
        g.add_node(reg, kind="regulation", label=label, detail=f"{label}\n{code or ''}".strip())
        g.add_edge(task, reg, role="cites")
    for task, concept, label in select(st, _PREFIXES + f"""
        SELECT DISTINCT ?task ?c ?label WHERE {{
          VALUES ?task {{ {values} }}
          ?task dcterms:subject ?c . ?c skos:prefLabel ?label .
        }}""").rows:
        g.add_node(concept, kind="topic", label=label, detail=label)
        g.add_edge(task, concept, role="subject")
    for task, parent in select(st, _PREFIXES + f"""
        SELECT ?task ?parent WHERE {{ VALUES ?task {{ {values} }} ?task gk:parentTask ?parent }}""").rows:
        if parent in ids:
            g.add_edge(task, parent, role="parent")
    return g
