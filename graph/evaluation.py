"""``govkg eval``: the store's assignments and citations scored against reference annotations.

The predictions are read back from the store with SPARQL, so what is scored is what analysts
query. A regulation's code and titles are taken from the citing document's own graph: the same
standard cited under another title elsewhere does not count as a citation of that title here.

>>> import json, tempfile, pathlib
>>> from govkg.graph.build import build_store
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "p.txt").write_text("遵义市任务表\\n序号\\t工作任务\\t牵头单位\\n1\\t整治扬尘\\t市环保局\\n", encoding="utf-8")
>>> _ = build_store([root / "p.txt"], root / "kg", progress=None)
>>> gold = {"doc": "p.txt", "line": 3, "task_text": "整治扬尘", "lead": ["市环境保护局"], "responsible": [], "cooperating": []}
>>> _ = (root / "gold.jsonl").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
>>> print(evaluate_store(root / "kg", root / "gold.jsonl").splitlines()[1])
p.txt                        assignments role-aware     1.000  1.000  1.000     1     1     1
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from .evaluate import Predicted, format_report, load_gold, score_assignments, score_citations
from .store import open_store, select

__all__ = ["store_predictions", "evaluate_store"]

_ASSIGNMENTS = """
PREFIX gk: <https://w3id.org/govkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?a ?file ?line ?text ?role ?label WHERE {
  ?t gk:qualifiedAssignment ?a ; gk:sourceLine ?line ; gk:text ?text ; gk:sourceDocument/gk:fileName ?file .
  ?a gk:role ?role ; gk:assignedUnit ?u .
  ?u skos:prefLabel|skos:altLabel ?label .
}"""
_CITATIONS = """
PREFIX gk: <https://w3id.org/govkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?file ?code ?title WHERE {
  GRAPH ?g {
    { ?t gk:cites ?r ; gk:sourceDocument/gk:fileName ?file } UNION { ?d a gk:Document ; gk:cites ?r ; gk:fileName ?file }
    OPTIONAL { ?r gk:code ?code } OPTIONAL { ?r dcterms:title ?title }
  }
}"""


def store_predictions(store) -> tuple[list[Predicted], set[tuple[str, str]]]:
    """Assignments and distinct citations as stored."""
    st = open_store(store)
    grouped: dict[str, list] = {}
    labels: dict[str, set[str]] = defaultdict(set)
    for a, file, line, text, role, label in select(st, _ASSIGNMENTS).rows:
        grouped[a] = [file, line, text, role.rsplit("#", 1)[-1].replace("Unit", "")]
        labels[a].add(label)
    preds = [Predicted(f, ln, t, r, frozenset(labels[a])) for a, (f, ln, t, r) in grouped.items()]
    cites = set()
    for file, code, title in select(st, _CITATIONS).rows:
        for value in (code, title):
            if value:
                cites.add((file, value))
    return preds, cites


def evaluate_store(store: str | Path, gold: str | Path) -> str:
    """The evaluation report (precision, recall, F1 per document)."""
    gold_assignments, surfaces, gold_citations = load_gold(gold)
    preds, cites = store_predictions(store)
    gold_docs = {g.document for g in gold_assignments} | {d for d, _ in gold_citations}
    cites = {c for c in cites if c[0] in gold_docs}
    return format_report(score_assignments(preds, gold_assignments, surfaces), score_citations(cites, gold_citations))
