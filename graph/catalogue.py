"""What a store holds, with counts: its units, topics and documents (``govkg units``,
``govkg topics``, ``govkg documents`` and :class:`govkg.graph.KnowledgeGraph`).

>>> import tempfile, pathlib
>>> from govkg.graph.build import build_store
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\t配合单位\\n1\\t规范处置危险废物\\t市环保局\\t市公安局\\n", encoding="utf-8")
>>> _ = build_store([root / "a.txt"], root / "kg", progress=None)
>>> [(r["unit"], r["lead"], r["cooperating"]) for r in units(root / "kg")]
[('遵义市公安局', 0, 1), ('遵义市环境保护局', 1, 0)]
>>> [r["unit"] for r in units(root / "kg", match="环保")]
['遵义市环境保护局']
>>> sorted((r["topic"], r["tasks"]) for r in topics(root / "kg"))[:2]
[('危险废物', 1), ('固体废物', 1)]
"""

from __future__ import annotations

from pathlib import Path

from .rows import Rows
from .store import ReadStore, open_store, select, store_manifest

__all__ = ["units", "topics", "documents"]

_ROLES = ("lead", "responsible", "cooperating")


def _open(store: str | Path | ReadStore) -> ReadStore:
    return store if isinstance(store, ReadStore) else open_store(store)


def units(store: str | Path | ReadStore, *, match: str | None = None, jurisdiction: str | None = None) -> Rows:
    """Every unit with its place, its number of tasks per role and the other names it was printed
    under, sorted by place and name. ``match`` keeps the units with a label containing it (as
    typed, or read as extraction reads it: 環保 and 环保局 both find 环境保护局); ``jurisdiction``
    keeps one place."""
    from govkg.extract.text import fold
    from govkg.extract.unit import normalise_name, stem_body

    from .names import unit_labels

    st = _open(store)
    counts: dict[tuple[str, str], int] = {}
    for u, role, n in select(st, """
        SELECT ?u ?role (SUM(?count) AS ?n) WHERE {
          ?s a gk:WorkloadSummary ; gk:summaryUnit ?u ; gk:summaryRole ?r ; gk:taskCount ?count
          BIND (STRBEFORE(STRAFTER(STR(?r), "#"), "Unit") AS ?role)
        } GROUP BY ?u ?role""").rows:
        counts[(u, role)] = n
    found: dict[str, dict] = {}
    for m in unit_labels(st):
        entry = found.setdefault(m.iri, {"unit": m.label, "jurisdiction": m.jurisdiction, "names": set()})
        if m.matched != m.label:
            entry["names"].add(m.matched)
    normal = normalise_name(match) if match else ""
    wanted = [w for w in {match, fold(match or ""), normal, stem_body(normal) or ""} if w]
    rows = []
    for iri, entry in found.items():
        labels = {entry["unit"], *entry["names"]}
        if wanted and not any(w in label for w in wanted for label in labels):
            continue
        if jurisdiction and entry["jurisdiction"] != fold(jurisdiction.strip()):
            continue
        rows.append([entry["unit"], entry["jurisdiction"], *(counts.get((iri, r), 0) for r in _ROLES),
                     "、".join(sorted(entry["names"]))])
    rows.sort(key=lambda r: (r[1] or "", r[0]))
    return Rows(["unit", "jurisdiction", *_ROLES, "names"], rows)


def topics(store: str | Path | ReadStore) -> Rows:
    """Every topic of the scheme that some task is about (most tasks first), with the topic
    above it, its other names, the number of tasks about it (or a narrower topic) and of units with a role on them."""
    st = _open(store)
    tasks = dict(select(st, "SELECT ?c (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t gk:aboutTopic ?c } GROUP BY ?c").rows)
    unit_counts = dict(select(st, """
        SELECT ?c (COUNT(DISTINCT ?u) AS ?n) WHERE { ?s gk:summaryTopic ?c ; gk:summaryUnit ?u } GROUP BY ?c""").rows)
    rows = []
    for c, zh, broader, names in select(st, """
        SELECT ?c ?zh ?up (GROUP_CONCAT(DISTINCT ?alt; separator="、") AS ?names) WHERE {
          { SELECT DISTINCT ?c ?zh ?up WHERE {
              ?c a skos:Concept ; skos:prefLabel ?z FILTER (LANG(?z) = "zh") BIND (STR(?z) AS ?zh)
              OPTIONAL { ?c skos:broader ?b OPTIONAL { ?b skos:prefLabel ?bl FILTER (LANG(?bl) = "zh") BIND (STR(?bl) AS ?up) } } } }
          OPTIONAL { ?c skos:altLabel ?a BIND (STR(?a) AS ?alt) }
        } GROUP BY ?c ?zh ?up""").rows:
        if c in tasks:
            rows.append([zh, broader, names or "", tasks[c], unit_counts.get(c, 0)])
    rows.sort(key=lambda r: (-r[3], r[0]))
    return Rows(["topic", "broader", "names", "tasks", "units"], rows)


def documents(store: str | Path) -> Rows:
    """Every document of the store: file, SHA-256 (first 12 digits), format, encoding, counts,
    warnings and when it was added."""
    docs = store_manifest(store).get("documents", [])
    return Rows(["file", "sha256", "format", "encoding", "tasks", "assignments", "warnings", "added"],
                [[d["file"], d["sha256"][:12], d.get("format", "text"), d.get("encoding") or "", d["tasks"],
                  d["assignments"], len(d.get("warnings", [])), d.get("added", "")] for d in docs])
