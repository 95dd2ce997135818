"""Building, rebuilding and reading the on-disk store."""

import json

import pytest

from govkg.extract.errors import DocumentError, StoreError
from govkg.graph.store import build_store, collect_files, open_store, select

PLAN = "遵义市大气污染防治任务分解表\n序号\t工作任务\t牵头单位\t配合单位\t完成时限\n1\t规范处置危险废物\t市环保局\t市公安局\t2016年底\n"


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    return folder


def test_store_build_counts_and_files(docs, tmp_path):
    report = build_store([docs], tmp_path / "kg", progress=None)
    assert report.counts["documents"] == 1
    assert report.counts["assignments"] == 2
    assert (tmp_path / "kg" / "graph.trig").read_text(encoding="utf-8").count("GRAPH") >= 0
    assert "规范处置危险废物" in (tmp_path / "kg" / "graph.trig").read_text(encoding="utf-8")
    summary = json.loads((tmp_path / "kg" / "build.json").read_text(encoding="utf-8"))
    assert summary["counts"]["tasks"] == 1


def test_store_one_named_graph_per_document(docs, tmp_path):
    (docs / "second.txt").write_text(PLAN.replace("遵义市", "株洲市"), encoding="utf-8")
    build_store([docs], tmp_path / "kg", progress=None)
    rows = select(tmp_path / "kg", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a <https://w3id.org/govkg/ontology#Document> } }")
    assert len(rows.rows) == 2


def test_store_same_name_two_cities_two_units(docs, tmp_path):
    (docs / "second.txt").write_text(PLAN.replace("遵义市", "株洲市"), encoding="utf-8")
    build_store([docs], tmp_path / "kg", progress=None)
    rows = select(tmp_path / "kg", """SELECT ?l WHERE { ?u a <https://w3id.org/govkg/ontology#Unit> ;
        <http://www.w3.org/2004/02/skos/core#altLabel> "市环境保护局" ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } ORDER BY ?l""")
    assert [r[0] for r in rows.rows] == ["株洲市环境保护局", "遵义市环境保护局"]


def test_store_bad_file_is_reported_and_others_kept(docs, tmp_path):
    (docs / "broken.txt").write_bytes(b"\xff\xfe\x00\x00binary\x00")
    report = build_store([docs], tmp_path / "kg", progress=None)
    assert report.counts["documents"] == 1
    assert [p.document.endswith("broken.txt") for p in report.errors] == [True]
    assert "binary" in report.errors[0].message


def test_store_failed_build_keeps_previous_store(docs, tmp_path, monkeypatch):
    build_store([docs], tmp_path / "kg", progress=None)
    import govkg.graph.store as store_module

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_module, "extraction_graph", boom)
    with pytest.raises(RuntimeError):
        build_store([docs], tmp_path / "kg", progress=None)
    rows = select(tmp_path / "kg", "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/govkg/ontology#Task> }")
    assert rows.rows == [[1]]
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name]


def test_store_missing_path_names_it(tmp_path):
    with pytest.raises(DocumentError, match="nope.txt: no such file"):
        collect_files([tmp_path / "nope.txt"])


def test_store_open_without_build_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="govkg build"):
        open_store(tmp_path / "empty")


def test_store_refuses_to_overwrite_a_foreign_folder(docs, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreError, match="not a govkg store"):
        build_store([docs], foreign, progress=None)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_store_provenance_span_points_at_source(docs, tmp_path):
    build_store([docs], tmp_path / "kg", progress=None)
    rows = select(tmp_path / "kg", """PREFIX gk: <https://w3id.org/govkg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?line ?start ?quote WHERE { ?t gk:qualifiedAssignment ?a . ?a gk:role gk:leadUnit ; prov:wasDerivedFrom ?s .
        ?s gk:sourceLine ?line ; gk:startOffset ?start ; gk:quote ?quote }""")
    line, start, quote = rows.rows[0]
    source = PLAN.split("\n")[line - 1]
    assert source[start : start + len(quote)] == quote == "市环保局"
