"""The bundled example corpus built into a real store and scored against ../shared/gold.

Marked slow: it builds the whole corpus once per session (about 15 s)."""

from pathlib import Path

import pytest

from govkg.graph.cli import main
from govkg.graph.evaluate import load_gold, score_assignments, score_citations, total
from govkg.graph.evaluation import store_predictions
from govkg.graph.build import build_store
from govkg.graph.store import select

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"
CORPUS = ROOT / "examples" / "corpus"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("corpus") / "kg"
    report = build_store([CORPUS], store, progress=None)
    assert not report.errors
    return store


@pytest.fixture(scope="session")
def gold():
    if not (GOLD / "assignments.jsonl").exists():
        pytest.skip(f"reference annotations not found at {GOLD}")
    return load_gold(GOLD)


def test_corpus_gold_assignment_f1(corpus_store, gold):
    assignments, surfaces, _ = gold
    preds, _ = store_predictions(corpus_store)
    scores = score_assignments(preds, assignments, surfaces)
    assert total([s["role-aware"] for s in scores.values()]).f1 >= 0.97
    for doc, s in scores.items():
        assert s["role-aware"].f1 >= 0.9, (doc, s["role-aware"])


def test_corpus_gold_citation_f1(corpus_store, gold):
    _, _, citations = gold
    _, cites = store_predictions(corpus_store)
    scores = score_citations(cites, citations)
    assert total(list(scores.values())).f1 >= 0.97


def test_corpus_eval_command_prints_per_document(corpus_store, gold, capsys):
    assert main(["eval", "--store", str(corpus_store), "--gold", str(GOLD)]) == 0
    out = capsys.readouterr().out
    for doc in ("000_", "001_", "002_", "003_"):
        assert doc in out
    assert "role-agnostic" in out and "citations" in out


@pytest.mark.parametrize(
    "city, unit",
    [("六盘水市", "六盘水市环境保护局"), ("六盘水市", "六盘水市交通运输局"), ("阳江市", "阳江市环境保护局"),
     ("阳江市", "阳江市卫生和计划生育局"), ("朔州市", "朔州市发展和改革委员会")],
)
def test_corpus_units_touching_hazardous_waste(corpus_store, city, unit):
    from govkg.graph.cli import run_query

    rows = run_query(corpus_store, name="units-touching-topic")
    found = {(r[0], r[1]) for r in rows.rows}
    assert (city, unit) in found
    # every answer carries a task text and a source line as evidence
    assert all(r[4] and r[6] for r in rows.rows)


def test_corpus_validates(corpus_store):
    from govkg.graph.validation import validate_store

    conforms, report = validate_store(corpus_store)
    assert conforms, report[:2000]


def test_corpus_every_task_has_provenance(corpus_store):
    rows = select(corpus_store, """PREFIX gk: <https://w3id.org/govkg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT (COUNT(?t) AS ?n) WHERE { ?t a gk:Task . FILTER NOT EXISTS { ?t prov:wasDerivedFrom/gk:sourceLine ?l } }""")
    assert rows.rows == [[0]]


def test_corpus_quotes_match_source(corpus_store):
    rows = select(corpus_store, """PREFIX gk: <https://w3id.org/govkg/ontology#>
        SELECT ?file ?line ?start ?end ?endLine ?quote WHERE { ?s a gk:SourceSpan ; gk:sourceDocument/gk:fileName ?file ;
        gk:sourceLine ?line ; gk:startOffset ?start ; gk:endOffset ?end ; gk:quote ?quote OPTIONAL { ?s gk:endLine ?endLine } }""")
    lines = {p.name: p.read_text(encoding="utf-8").split("\n") for p in CORPUS.glob("*.txt")}

    def source(file, line, start, end, end_line):
        if not end_line:
            return lines[file][line - 1][start:end]
        return "\n".join([lines[file][line - 1][start:], *lines[file][line:end_line - 1], lines[file][end_line - 1][:end]])

    bad = [r for r in rows.rows if source(*r[:5]) != r[5]]
    assert not bad[:5], f"{len(bad)} spans whose quote differs from the source"
    assert any(r[4] for r in rows.rows), "no span crosses a line break: the multi-line case went untested"


def test_corpus_task_template_links_jurisdictions(corpus_store):
    # 000 repeats 组织制定创模年度工作计划… for each district and each municipal unit: one template
    rows = select(corpus_store, """PREFIX gk: <https://w3id.org/govkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?tpl (COUNT(DISTINCT ?u) AS ?units) WHERE { ?t gk:template ?tpl ; gk:text ?text ; gk:responsibleUnit ?u .
        FILTER(STRSTARTS(?text, "组织制定创模年度工作计划")) } GROUP BY ?tpl""")
    assert len(rows.rows) == 1 and rows.rows[0][1] >= 10


def test_corpus_role_changes_between_plan_years(corpus_store):
    from govkg.graph.cli import run_query

    rows = run_query(corpus_store, name="role-changes-between-years")
    assert rows.rows, "the 2015 and 2016 task tables of 阳江 differ in some units"
    assert all("2015" in r[1] and "2016" in r[5] for r in rows.rows)
