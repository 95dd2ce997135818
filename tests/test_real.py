"""Real documents (issue #6): ``tests/real`` (gathered and hand-annotated for this project) and
``../shared/real`` (given), scored with the project's judging rules, ``../shared/tools/score.py``."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govkg.graph.build import build_store

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
SETS = {"tests/real": (HERE / "real" / "docs", HERE / "real" / "gold.jsonl"),
        "shared/real": (SHARED / "real" / "docs", SHARED / "real" / "gold.jsonl")}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=sorted(SETS))
def scored(request, tmp_path_factory):
    docs, gold = SETS[request.param]
    if not docs.is_dir():
        pytest.fail(f"{docs} is missing: the real-document sets must be beside the checkout (../shared)")
    store = tmp_path_factory.mktemp("real") / "kg"
    report = build_store([docs], store, progress=None)
    govkg = shutil.which("govkg")
    assert govkg, "the govkg command is not on PATH (pip install -e .)"
    out = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), "heldout", "--govkg", govkg,
                          "--store", str(store), "--gold", str(gold)], capture_output=True, text=True, check=False)
    return request.param, report, out.stdout, docs


def _f1(stdout: str, measure: str) -> float:
    m = re.search(rf"held-out {measure}: P=[0-9.]+ R=[0-9.]+ F1=([0-9.]+)", stdout)
    assert m, stdout[-500:]
    return float(m.group(1))


# the acceptance of issue 6 is 0.90 on both; measured 0.992 and 0.934
MIN_AGNOSTIC = {"shared/real": 0.95, "tests/real": 0.90}


def test_real_role_agnostic_f1(scored):
    name, _, stdout, _ = scored
    assert _f1(stdout, "role-agnostic") >= MIN_AGNOSTIC[name], stdout


def test_real_primary_cooperating_f1(scored):
    name, _, stdout, _ = scored
    assert _f1(stdout, "primary/cooperating") >= MIN_AGNOSTIC[name] - 0.02, stdout


def test_real_no_document_with_role_text_is_silently_empty(scored):
    """A document that prints role words but yields no assignment has a warning naming it."""
    _, report, _, docs = scored
    from govkg.extract.coverage import role_markers
    from govkg.extract.document import read_document

    empty = [d["file"] for d in report.documents if d["assignments"] == 0]
    warned = {p.document for p in report.problems if "role markers" in p.message}
    for name in empty:
        if role_markers(read_document(docs / name)):
            assert name in warned, f"{name} has role words, no assignments and no warning"


def test_real_evidence_quotes_contain_their_units(scored):
    """Every assignment's evidence quote holds the unit it supports (spaces and folding aside)."""
    from govkg.extract.pipeline import extract_document
    from govkg.extract.text import fold

    _, _, _, docs = scored
    bad = []
    for path in sorted(docs.glob("*.txt")):
        ex = extract_document(path)
        for t in ex.tasks:
            for a in t.assignments:
                # a quote over a page break of a document-sharing preview holds the next page's number
                quote = re.sub(r"\s+", "", re.sub(r"\n[0-9]{1,3}、", "", fold(a.evidence.quote)))
                surface = re.sub(r"\s+", "", fold(a.unit.surface))
                if surface not in quote:
                    bad.append((path.name, a.evidence.line, a.unit.surface, a.evidence.quote))
    assert not bad, bad[:5]


def test_real_sets_are_documented():
    """Every gathered document has provenance and at least one annotated task."""
    sources = [json.loads(line) for line in (HERE / "real" / "sources.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = {json.loads(line)["file"] for line in (HERE / "real" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    files = {p.name for p in (HERE / "real" / "docs").glob("*.txt")}
    assert {s["file"] for s in sources} == files == gold
    assert all(s.get("title") and s.get("layout_tag") and s.get("domain") and "url" in s for s in sources)
    assert len(files) >= 40 and len({s["province"] for s in sources if s["province"] not in ("不详", "全国")}) >= 15
