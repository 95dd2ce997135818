"""The Python API (govkg.graph.KnowledgeGraph), names as users type them, the listings and the
%%sparql magic, on a store of the example corpus built once for the module."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govkg.graph import KnowledgeGraph
from govkg.graph.errors import QueryError, QueryRefusedError, QueryTimeoutError, StoreError, UnknownNameError

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "examples" / "corpus"
CITIES = {"六盘水市", "阳江市", "朔州市"}
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    graph = KnowledgeGraph.build([CORPUS], tmp_path_factory.mktemp("kg") / "store")
    yield graph
    graph.close()


def test_knowledge_open_names_a_missing_store(tmp_path):
    with pytest.raises(StoreError, match="no govkg store here; build one with `govkg build PATH --store"):
        KnowledgeGraph.open(tmp_path / "nothing")


def test_knowledge_named_query_rows_are_typed(kg):
    rows = kg.query("tasks-due-before", date="2016-12-31")
    assert len(rows) > 10
    first = next(iter(rows))
    assert isinstance(first["deadline"], datetime.date) and first["deadline"] <= datetime.date(2016, 12, 31)
    assert isinstance(first["line"], int) and isinstance(first["text"], str)
    frame = rows.to_dataframe()
    assert str(frame["line"].dtype) == "Int64"
    assert str(frame["deadline"].dtype).startswith("datetime64")
    assert str(frame["text"].dtype) == "string"


def test_knowledge_abbreviated_unit_finds_the_bureau_of_every_city(kg):
    rows = kg.query("tasks-of-unit", unit="市环保局")
    names = set(rows.column("name"))
    assert names == {f"{city}环境保护局" for city in CITIES}
    # as printed in each document: 六盘水 and 阳江 printed 市环境保护局, 朔州 printed 市环保局
    assert len(kg.query("tasks-of-unit", unit="市环境保护局")) == len(rows)


@pytest.mark.parametrize("typed", ["六盘水市环保局", "六盘水市環保局"])
def test_knowledge_qualified_unit_finds_one_city(kg, typed):
    assert set(kg.query("tasks-of-unit", unit=typed).column("name")) == {"六盘水市环境保护局"}


def test_knowledge_jurisdiction_narrows_a_unit_down(kg):
    rows = kg.query("units-sharing-tasks", unit="市环保局", jurisdiction="阳江市")
    assert set(rows.column("name")) == {"阳江市环境保护局"}
    assert rows.rows[0][2] >= rows.rows[-1][2] > 0


def test_knowledge_name_without_level_finds_every_level(kg):
    names = {m.label for m in __import__("govkg.graph.names", fromlist=["x"]).match_units(kg.store, "环保局")}
    assert {f"{city}环境保护局" for city in CITIES} <= names
    assert any(name.endswith("区环境保护局") for name in names)


def test_knowledge_unknown_unit_lists_the_closest_names(kg):
    with pytest.raises(UnknownNameError) as caught:
        kg.query("tasks-of-unit", unit="市环保厅")
    message = str(caught.value)
    assert "no unit is named '市环保厅'" in message and "环境保护局" in message and "`govkg units`" in message


def test_knowledge_unknown_topic_lists_the_closest_topics(kg):
    with pytest.raises(UnknownNameError, match="closest names in the store: 危险废物"):
        kg.query("units-touching-topic", topic="危险废弃物")


def test_knowledge_topic_by_alternative_and_traditional_name(kg):
    plain = kg.query("units-touching-topic", topic="危险废物")
    assert len(plain) > 5
    assert kg.query("units-touching-topic", topic="危废").rows == plain.rows
    assert kg.query("units-touching-topic", topic="危險廢物").rows == plain.rows


def test_knowledge_jurisdiction_needs_a_unit_parameter(kg):
    with pytest.raises(QueryError, match="jurisdiction= narrows down a unit; query 'workload-by-unit' takes no unit"):
        kg.query("workload-by-unit", jurisdiction="阳江市")


@pytest.mark.parametrize(("sparql", "keyword"), [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", "FROM"),
])
def test_knowledge_user_sparql_is_refused_before_it_runs(kg, sparql, keyword):
    with pytest.raises(QueryRefusedError) as caught:
        kg.query(sparql)
    assert caught.value.keyword == keyword


def test_knowledge_construct_gives_an_rdflib_graph(kg):
    graph = kg.query('CONSTRUCT { ?u skos:prefLabel ?l } WHERE { ?u skos:prefLabel ?l ; a gk:Unit } LIMIT 5')
    assert len(graph) == 5
    assert all(str(o) for _, _, o in graph)


def test_knowledge_heavy_query_is_stopped_at_its_timeout(kg):
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        kg.query(CARTESIAN, timeout=1.5)
    assert time.monotonic() - started < 3.5
    assert kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?t a gk:Task }").rows[0][0] > 1000  # still answers


def test_knowledge_listings(kg):
    units = kg.units(match="环保")
    assert {f"{city}环境保护局" for city in CITIES} <= set(units.column("unit"))
    yangjiang = next(r for r in units if r["unit"] == "阳江市环境保护局")
    assert yangjiang["jurisdiction"] == "阳江市" and yangjiang["lead"] > 10
    assert {r["unit"] for r in kg.units(jurisdiction="朔州市")} and all(
        r["jurisdiction"] == "朔州市" for r in kg.units(jurisdiction="朔州市"))
    topics = {r["topic"]: r for r in kg.topics()}
    assert topics["危险废物"]["broader"] == "固体废物" and topics["危险废物"]["tasks"] > 5
    assert topics["固体废物"]["tasks"] >= topics["危险废物"]["tasks"]
    assert len(kg.documents()) == 5


def test_knowledge_add_and_remove_go_through_the_store(tmp_path):
    doc = tmp_path / "zy.txt"
    doc.write_text("遵义市任务表\n序号\t工作任务\t牵头单位\n1\t规范处置危险废物\t市环保局\n", encoding="utf-8")
    kg = KnowledgeGraph.build(sorted(CORPUS.glob("*.txt"))[:1], tmp_path / "kg")
    before = len(kg.documents())
    kg.add(doc)
    assert len(kg.documents()) == before + 1
    assert set(kg.query("tasks-of-unit", unit="遵义市环保局").column("text")) == {"规范处置危险废物"}
    kg.remove("zy.txt")
    assert len(kg.documents()) == before
    with pytest.raises(UnknownNameError):
        kg.query("tasks-of-unit", unit="遵义市环保局")


def test_knowledge_magic_fills_variables_as_literals(kg):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.run_cell("%load_ext govkg.graph.magic", store_history=False)
        shell.user_ns["word"] = "危险废物"
        shell.user_ns["nasty"] = '" } } SELECT * WHERE { ?s ?p ?o } #'
        result = shell.run_cell(f"%%sparql --store {kg.store} -o found\n"
                                "SELECT ?text WHERE { ?t gk:text ?text FILTER (CONTAINS(?text, {word})) }")
        assert result.error_in_exec is None
        frame = shell.user_ns["found"]
        assert len(frame) > 5 and all("危险废物" in t for t in frame["text"])
        nasty = shell.run_cell("%%sparql -o none\nSELECT ?text WHERE { ?t gk:text ?text FILTER (?text = {nasty}) }")
        assert nasty.error_in_exec is None and len(shell.user_ns["none"]) == 0
    finally:
        InteractiveShell.clear_instance()


def _govkg(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "govkg.graph", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def test_knowledge_cli_query_uses_the_same_names(kg):
    proc = _govkg("query", "tasks-of-unit", "--store", str(kg.store), "--param", "unit=市环保局",
                  "--param", "jurisdiction=六盘水市", "--format", "csv")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert {line.split(",")[0] for line in out.splitlines()[1:]} == {"六盘水市环境保护局"}


def test_knowledge_cli_refusal_and_construct(kg):
    proc = _govkg("query", "--store", str(kg.store), "-e", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "SERVICE is refused" in err and "Traceback" not in err
    proc = _govkg("query", "--store", str(kg.store), "-e",
                  'CONSTRUCT { ?u skos:prefLabel ?l } WHERE { ?u skos:prefLabel "阳江市环境保护局" ; skos:prefLabel ?l }')
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out.startswith("@prefix") and '"阳江市环境保护局"' in out


def test_knowledge_cli_ctrl_c_stops_a_heavy_query(kg):
    proc = _govkg("query", "--store", str(kg.store), "-e", CARTESIAN, start_new_session=True)
    time.sleep(2.5)  # the worker is running the query
    started = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=15)
    assert proc.returncode == 130 and "interrupted" in err
    assert time.monotonic() - started < 5
    leftover = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert leftover == []


@pytest.mark.parametrize(("command", "expected"), [
    (["units", "--match", "环保"], "阳江市环境保护局"),
    (["topics"], "危险废物"),
    (["documents"], "002_c4317131fa0c28ae.txt"),
])
def test_knowledge_cli_listings(kg, command, expected):
    proc = _govkg(*command, "--store", str(kg.store))
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert expected in out and out.rstrip().endswith("rows)")


def test_knowledge_view_is_the_explorer_page_inline(kg, tmp_path):
    view = kg.view(topic="危险废物")
    assert view.summary.focus == "topic" and view.summary.focused == ("危险废物",)
    assert repr(view).startswith("<govkg view: topic 危险废物 → 危险废物, depth 1:")
    inline = view._repr_html_()
    assert inline.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in inline
    assert "Content-Security-Policy" in view.page and 'id="search"' in view.page
    saved = view.save(tmp_path / "v.html").read_text(encoding="utf-8")
    assert saved == view.page
    with pytest.raises(UnknownNameError, match="closest"):
        kg.view(unit="不存在的局")
