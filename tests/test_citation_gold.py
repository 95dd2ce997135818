"""find_citations against the reference annotations in ../shared/gold (``-s`` prints figures).

Every line of each corpus document is read, and three sets are compared with the gold:

* distinct: ``(doc, canonical)``, canonical being the code or the title;
* occurrence: ``(doc, line, char_offset, canonical, kind)``;
* links: the ``same_as`` pairs of :func:`link_titles`, as ``(doc, line, title offset, number
  offset)``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govkg.extract.citation import find_citations, link_titles

SHARED = Path(__file__).parents[1].parent / "shared"
GOLD = SHARED / "gold" / "regulations.jsonl"
CORPUS = SHARED / "corpus"
LEVELS = ("distinct", "occurrence", "links")
#: The least pooled F1 each level must reach.
THRESHOLD = {"distinct": 0.97, "occurrence": 0.97, "links": 0.95}

pytestmark = pytest.mark.skipif(
    not (GOLD.is_file() and CORPUS.is_dir()),
    reason=f"reference annotations not found: expected {GOLD} and {CORPUS}/*.txt",
)


def _gold() -> dict[str, set[tuple]]:
    rows = [json.loads(r) for r in GOLD.read_text(encoding="utf-8").splitlines() if r.strip()]
    want: dict[str, set[tuple]] = {level: set() for level in LEVELS}
    for g in rows:
        want["distinct"].add((g["doc"], g["canonical"]))
        want["occurrence"].add((g["doc"], g["line"], g["char_offset"], g["canonical"], g["kind"]))
        if g.get("same_as") and g["kind"] == "titled_document":
            number = min(
                o["char_offset"]
                for o in rows
                if (o["doc"], o["line"], o["canonical"]) == (g["doc"], g["line"], g["same_as"])
                and o["char_offset"] > g["char_offset"]
            )
            want["links"].add((g["doc"], g["line"], g["char_offset"], number))
    return want


def _found() -> dict[str, set[tuple]]:
    got: dict[str, set[tuple]] = {level: set() for level in LEVELS}
    for path in sorted(CORPUS.glob("*.txt")):
        doc = path.name
        for number, text in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            citations = find_citations(text, document=doc, line=number)
            for c in citations:
                canonical = c.code or c.title
                got["distinct"].add((doc, canonical))
                got["occurrence"].add((doc, number, c.evidence.start, canonical, c.kind))
            for t, n in link_titles(citations, text=text):
                got["links"].add((doc, number, t.evidence.start, n.evidence.start))
    return got


def _prf(found: set, gold: set) -> tuple[float, float, float]:
    hits = len(found & gold)
    p = hits / len(found) if found else 1.0
    r = hits / len(gold) if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@pytest.fixture(scope="module")
def sets() -> tuple[dict[str, set[tuple]], dict[str, set[tuple]]]:
    return _gold(), _found()


@pytest.mark.parametrize("level", LEVELS)
def test_citation_gold_f1(sets, level):
    want, got = sets[0][level], sets[1][level]
    docs = sorted({path.name for path in CORPUS.glob("*.txt")})
    print(f"\n{level}\n  {'document':<28} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'found':>5}")
    for doc in docs:
        w = {x for x in want if x[0] == doc}
        g = {x for x in got if x[0] == doc}
        p, r, f = _prf(g, w)
        print(f"  {doc:<28} {p:6.3f} {r:6.3f} {f:6.3f} {len(w):5} {len(g):5}")
        for miss in sorted(w - g, key=str):
            print(f"      missed   {miss[1:]}")
        for extra in sorted(g - w, key=str):
            print(f"      spurious {extra[1:]}")
    p, r, f = _prf(got, want)
    total = f"{p:6.3f} {r:6.3f} {f:6.3f} {len(want):5} {len(got):5}"
    print(f"  {'all documents':<28} {total}")
    assert f >= THRESHOLD[level], (
        f"{level}: F1 {f:.3f} below {THRESHOLD[level]} (P {p:.3f}, R {r:.3f}); "
        "run pytest with -s to list the misses"
    )
