"""Scoring an extraction against reference annotations (the ``shared/gold`` format).

Assignments are scored as (document, line, role, unit) tuples: a predicted assignment matches
a reference one when the document and line agree, the task texts agree (one starts like the
other once numbering and spaces are removed), the role agrees (role-aware) or not
(role-agnostic), and the reference unit's name is one of the predicted unit's labels or one of
its reference surface forms is. Citations are scored as distinct (document, canonical code or
title) pairs.

>>> gold = [GoldAssignment("d.txt", 3, "整治扬尘", "responsible", "市环境保护局")]
>>> pred = [Predicted("d.txt", 3, "1. 整治扬尘污染", "responsible", frozenset({"市环保局", "市环境保护局"}))]
>>> s = score_assignments(pred, gold, {})["d.txt"]["role-aware"]
>>> (s.precision, s.recall, s.f1)
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "GoldAssignment",
    "Predicted",
    "Score",
    "load_gold",
    "score_assignments",
    "score_citations",
    "format_report",
    "total",
]

ROLE_KEYS = ("lead", "responsible", "cooperating")


@dataclass(frozen=True)
class GoldAssignment:
    document: str
    line: int
    text: str
    role: str
    unit: str
    alternative: bool = False  # one reading of an ambiguous record (both readings are accepted)


@dataclass(frozen=True)
class Predicted:
    document: str
    line: int
    text: str
    role: str
    labels: frozenset[str]


@dataclass(frozen=True)
class Score:
    tp: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _norm(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^(?:[（(]?[0-9一二三四五六七八九十]+[)）]?[、.．]*|[①-⑳])", "", text)
    return text


def _same_text(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    n = min(len(a), len(b), 8)
    return n == 0 or a[:n] == b[:n]


def load_gold(folder: str | Path) -> tuple[list[GoldAssignment], dict[str, dict[str, set[str]]], list[tuple[str, str]]]:
    """Reference assignments, each document's unit surfaces by name, and distinct citations."""
    folder = Path(folder)
    if folder.is_file():
        assignments_file, folder = folder, folder.parent
    else:
        assignments_file = folder / "assignments.jsonl"
    if not assignments_file.exists():
        raise FileNotFoundError(f"{assignments_file}: expected a folder with assignments.jsonl (and units.jsonl, regulations.jsonl) in the shared/gold format, or a .jsonl file of assignments")
    assignments: list[GoldAssignment] = []
    surfaces: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for n, row in enumerate(assignments_file.read_text(encoding="utf-8").splitlines(), 1):
        if not row.strip():
            continue
        try:
            rec = json.loads(row)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{assignments_file}:{n}: expected one JSON object per line: {exc}") from exc
        if "doc" not in rec or "line" not in rec:
            raise ValueError(f"{assignments_file}:{n}: expected keys doc, line, task_text, lead, responsible, cooperating")
        for canonical, forms in (rec.get("surfaces") or {}).items():
            surfaces[rec["doc"]][canonical].update(forms)
        for role in ROLE_KEYS:
            for unit in rec.get(role, []):
                assignments.append(GoldAssignment(rec["doc"], rec["line"], rec.get("task_text", ""), role, unit))
        for unit in rec.get("literal_rule_responsible", []) or []:
            assignments.append(GoldAssignment(rec["doc"], rec["line"], rec.get("task_text", ""), "responsible", unit, True))
    units_file = folder / "units.jsonl"
    if units_file.exists() and assignments_file.name == "assignments.jsonl":
        for row in units_file.read_text(encoding="utf-8").splitlines():
            if row.strip():
                rec = json.loads(row)
                surfaces[rec["doc"]][rec["canonical"]].update(rec.get("surfaces", []))
                surfaces[rec["doc"]][rec["canonical"]].add(rec["canonical"])
    citations: set[tuple[str, str]] = set()
    regs = folder / "regulations.jsonl"
    if regs.exists() and assignments_file.name == "assignments.jsonl":
        for row in regs.read_text(encoding="utf-8").splitlines():
            if row.strip():
                rec = json.loads(row)
                citations.add((rec["doc"], rec["canonical"]))
    return assignments, surfaces, sorted(citations)


def score_assignments(
    predicted: list[Predicted], gold: list[GoldAssignment], surfaces: dict[str, dict[str, set[str]]]
) -> dict[str, dict[str, Score]]:
    """Per document, ``role-aware`` and ``role-agnostic`` scores (documents of the gold only)."""
    docs = sorted({g.document for g in gold})
    out: dict[str, dict[str, Score]] = {}
    for doc in docs:
        out[doc] = {}
        for mode in ("role-aware", "role-agnostic"):
            g_doc = [g for g in gold if g.document == doc]
            p_doc = sorted({p for p in predicted if p.document == doc}, key=lambda p: (p.line, p.role, sorted(p.labels)))
            if mode == "role-agnostic":
                g_doc = list({(g.line, g.unit, g.alternative): g for g in g_doc}.values())
                p_doc = list({(p.line, p.labels): p for p in p_doc}.values())
            by_line: dict[int, list[GoldAssignment]] = defaultdict(list)
            for g in g_doc:
                by_line[g.line].append(g)
            used: set[int] = set()
            tp = 0
            for p in p_doc:
                for g in by_line.get(p.line, []):
                    if id(g) in used or not _same_text(p.text, g.text):
                        continue
                    if mode == "role-aware" and g.role != p.role:
                        continue
                    names = {g.unit} | surfaces.get(doc, {}).get(g.unit, set())
                    if g.unit in p.labels or (p.labels & names):
                        used.add(id(g))
                        tp += 1
                        break
            expected = sum(1 for g in g_doc if not g.alternative)
            # a match on the alternative reading replaces a miss of the main one
            out[doc][mode] = Score(tp=min(tp, expected), predicted=len(p_doc), expected=expected)
    return out


def score_citations(predicted: set[tuple[str, str]], gold: list[tuple[str, str]]) -> dict[str, Score]:
    """Per document, distinct (document, canonical) citation scores."""
    gold_set = set(gold)
    docs = sorted({d for d, _ in gold_set} | {d for d, _ in predicted})
    out = {}
    for doc in docs:
        g = {c for d, c in gold_set if d == doc}
        p = {c for d, c in predicted if d == doc}
        out[doc] = Score(tp=len(g & p), predicted=len(p), expected=len(g))
    return out


def total(scores: list[Score]) -> Score:
    """The pooled score of several documents (micro-average)."""
    return Score(sum(s.tp for s in scores), sum(s.predicted for s in scores), sum(s.expected for s in scores))


def format_report(assignments: dict[str, dict[str, Score]], citations: dict[str, Score]) -> str:
    """A plain-text table of precision, recall and F1 per document and overall."""
    lines = [f"{'document':<28} {'measure':<24} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"]

    def row(doc: str, measure: str, s: Score) -> None:
        lines.append(f"{doc:<28} {measure:<24} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.predicted:5d} {s.expected:5d}")

    for doc in sorted(set(assignments) | set(citations)):
        for mode, s in assignments.get(doc, {}).items():
            row(doc, f"assignments {mode}", s)
        if doc in citations:
            row(doc, "citations", citations[doc])
    for mode in ("role-aware", "role-agnostic"):
        row("ALL", f"assignments {mode}", total([m[mode] for m in assignments.values()]))
    row("ALL", "citations", total(list(citations.values())))
    return "\n".join(lines)
