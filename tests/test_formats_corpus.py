"""Issue #7 acceptance: the corpus documents converted to .docx (tables as real Word tables),
.html (real <table>s) and .pdf (ruled tables) give the same assignments as their .txt
originals, F1 >= 0.95 against the gold, each with its own provenance (page, table row …).

The files are made here, in code: each table the text reader finds becomes a real table of the
other format (its header and its rows, cell by cell), every other line a paragraph. Lines of
the renditions differ from the text's, so assignments are matched on the task's first
characters, the role and the unit (a multiset: the same task printed twice counts twice).
"""

import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from govkg.extract.pipeline import extract_document
from govkg.extract.table import find_tables
from govkg.extract.text import fold
from govkg.extract.unit import pref_label

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "examples" / "corpus"
GOLD = HERE.parents[1] / "shared" / "gold"
DOCS = sorted(p for p in CORPUS.glob("*.txt") if not p.name.startswith("004"))  # 004 is a bulletin: no assignments


def _blocks(path: Path) -> list[tuple[str, object]]:
    """('p', text) and ('table', rows) in the order of the text file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    tables = {t.first_line: t for t in find_tables(lines)}
    out, n = [], 1
    while n <= len(lines):
        if n in tables:
            t = tables[n]
            width = len(t.header)
            rows = [list(t.header)]
            for row in t.rows:
                cells = [""] * width
                for c in row.cells:
                    cells[c.column] = (cells[c.column] + c.text.replace("\n", "")).strip()
                rows.append(cells)
            out.append(("table", rows))
            n = t.last_line + 1
            continue
        if lines[n - 1].strip():
            out.append(("p", lines[n - 1].strip()))
        n += 1
    return out


def _docx(blocks, path: Path) -> Path:
    import docx

    d = docx.Document()
    for kind, item in blocks:
        if kind == "p":
            d.add_paragraph(item)
        else:
            table = d.add_table(rows=len(item), cols=len(item[0]))
            for r, row in enumerate(item):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    d.save(path)
    return path


def _html(blocks, path: Path) -> Path:
    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body><nav>首页 &gt; 通知公告</nav>']
    for kind, item in blocks:
        if kind == "p":
            parts.append(f"<p>{html.escape(item)}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in item)
            parts.append(f"<table border='1'>{rows}</table>")
    parts.append("<script>var x = '责任单位：市环保局';</script></body></html>")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def _pdf(blocks, path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK")
    story = []
    width = landscape(A4)[0] - 72
    for kind, item in blocks:
        if kind == "p":
            story.append(Paragraph(html.escape(item), style))
        else:
            cols = len(item[0])
            weights = [max(1, min(12, max(len(row[c]) for row in item))) for c in range(cols)]
            widths = [width * w / sum(weights) for w in weights]
            data = [[Paragraph(html.escape(c), style) for c in row] for row in item]
            t = Table(data, colWidths=widths, repeatRows=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(t)
    SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=36).build(story)
    return path


def _key(text: str) -> str:
    t = re.sub(r"^\s*(?:[（(]?[0-9一二三四五六七八九十]+[)）、.．]\s*)+", "", fold(text))
    return re.sub(r"[\s，。、；：,.;:“”\"]", "", t)[:8]


def _gold(doc: str) -> tuple[Counter, Counter, dict[str, set[str]]]:
    """The reference items of a document, the alternative readings the reference accepts
    (``literal_rule_responsible``), and each unit's surface forms."""
    surfaces: dict[str, set[str]] = {}
    for line in (GOLD / "units.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["doc"] == doc:
            surfaces[r["canonical"]] = {r["canonical"], *r.get("surfaces", [])}
    items: Counter = Counter()
    alternatives: Counter = Counter()
    for line in (GOLD / "assignments.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["doc"] != doc or r.get("implicit") and doc.startswith("003"):
            continue
        for role in ("lead", "responsible", "cooperating"):
            for unit in r[role]:
                items[(_key(r["task_text"]), role, unit)] += 1
        for unit in r.get("literal_rule_responsible") or []:
            alternatives[(_key(r["task_text"]), "responsible", unit)] += 1
    return items, alternatives, surfaces


def _counts(path: Path, doc: str) -> tuple[int, int, int, list]:
    """(true positives, predicted, expected) of one file, and its first assigned task."""
    gold, alternatives, surfaces = _gold(doc)
    ex = extract_document(path)
    pred: Counter = Counter()
    for t in ex.tasks:
        for a in t.assignments:
            labels = {a.unit.name, a.unit.surface, pref_label(a.unit)}
            unit = next((g for g in surfaces if surfaces[g] & labels), a.unit.name)
            pred[(_key(t.text), a.role, unit)] += 1
    main = gold & pred
    alt = min(sum((alternatives & (pred - main)).values()), sum((gold - main).values()))
    tp = sum(main.values()) + alt
    return tp, sum(pred.values()), sum(gold.values()), [t for t in ex.tasks if t.assignments][:1]


def _f1(tp: int, pred: int, gold: int) -> float:
    p, r = tp / max(pred, 1), tp / max(gold, 1)
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    out = tmp_path_factory.mktemp("formats")
    files = {}
    for path in DOCS:
        blocks = _blocks(path)
        files[path.name] = {
            "txt": path,
            "docx": _docx(blocks, out / f"{path.stem}.docx"),
            "html": _html(blocks, out / f"{path.stem}.html"),
            "pdf": _pdf(blocks, out / f"{path.stem}.pdf"),
        }
    return files


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_formats_corpus_same_assignments_as_text(converted, fmt):
    totals = {"txt": [0, 0, 0], fmt: [0, 0, 0]}
    for name, files in converted.items():
        for kind in ("txt", fmt):
            tp, pred, gold, tasks = _counts(files[kind], name)
            totals[kind] = [a + b for a, b in zip(totals[kind], (tp, pred, gold))]
        # its own provenance: the rendition's line, and where that line stands in the file
        doc = extract_document(files[fmt]).document
        task = tasks[0]
        assert doc.format == fmt and doc.locator(task.evidence.line)
        assert doc.line(task.evidence.line)[task.evidence.start:task.evidence.end] == task.evidence.quote
    text_f1, f1 = _f1(*totals["txt"]), _f1(*totals[fmt])
    print(f"\nthe corpus as .{fmt}: F1 {f1:.3f} (as .txt: {text_f1:.3f})")
    assert f1 >= 0.95, f"the corpus as .{fmt}: F1 {f1:.3f} (as .txt: {text_f1:.3f})"
    assert f1 >= text_f1 - 0.02, f"the corpus as .{fmt}: F1 {f1:.3f}, as .txt {text_f1:.3f}"
